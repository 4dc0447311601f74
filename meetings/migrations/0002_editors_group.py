"""The `Editors` group (see meetings/permissions.py)."""
from django.db import migrations

from meetings.permissions import EDITORS_GROUP, sync_editors_group


def create_editors_group(apps, schema_editor):
    sync_editors_group(apps)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
