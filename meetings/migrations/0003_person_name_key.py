"""Person.name_key: the name folded for matching spellings across articles ("Kim Jong-un" = "Kim Jong Un")."""
from django.db import migrations, models


def fill_name_keys(apps, schema_editor):
    from meetings.models import name_key

    Person = apps.get_model("meetings", "Person")
    for person in Person.objects.all():
        person.name_key = name_key(person.name)
        person.save(update_fields=["name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalperson",
            name="name_key",
            field=models.CharField(db_index=True, default="", editable=False,
                                   help_text="The name folded for matching spellings; set from the name.", max_length=200),
        ),
        migrations.AddField(
            model_name="person",
            name="name_key",
            field=models.CharField(db_index=True, default="", editable=False,
                                   help_text="The name folded for matching spellings; set from the name.", max_length=200),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
