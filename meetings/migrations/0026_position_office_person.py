"""The posts indexed by (office, person) in place of the office alone: the offices list counts the people with a post
at each of its 50 offices, which read every post of those offices and joined each to its person (2,000 posts at a
million meetings: 8 ms of every view, against a few dozen at 10,000); the count now reads the index alone. The new
index is built before the office's own is dropped, so that no lookup by office goes without one meanwhile."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0025_office_people_sorts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["organization", "person"], name="position_office_person"),
        ),
        migrations.AlterField(
            model_name="position",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="positions",
                to="meetings.organization",
            ),
        ),
    ]
