"""Each person's kept meetings (PersonMeeting) with their place too, and indexed by it for each person: what a list
filtered by a person and sorted by place reads its first rows off (0048's way, 0045's ``KeptColumns``).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

person_meetings = importlib.import_module("meetings.migrations.0040_person_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")
person_titles = importlib.import_module("meetings.migrations.0046_person_meetings_titles")
places = importlib.import_module("meetings.migrations.0048_country_meetings_places")

KEPT_COLUMNS = titles.KeptColumns(
    person_meetings, "person_id", places.ALSO, "person_meetings_by_place", before=person_titles
)
BACKFILL, WRITE, CREATE_INDEX = KEPT_COLUMNS.backfill, KEPT_COLUMNS.write, KEPT_COLUMNS.create_index
_triggers = KEPT_COLUMNS.triggers


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0048_country_meetings_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="personmeeting",
            name="location",
            field=models.CharField(default="", help_text="The meeting's place.", max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(KEPT_COLUMNS.create, KEPT_COLUMNS.drop),
    ]
