"""Each person's kept meetings (PersonMeeting, 0040) with their title, and indexed by it for each person: what a list
filtered by a person and sorted by title reads its first rows off (0045's way, ``KeptColumns``).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

person_meetings = importlib.import_module("meetings.migrations.0040_person_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")

KEPT_COLUMNS = titles.KeptColumns(
    person_meetings, "person_id", titles.ALSO, "person_meetings_by_title", before=person_meetings
)
BACKFILL, WRITE, CREATE_INDEX = KEPT_COLUMNS.backfill, KEPT_COLUMNS.write, KEPT_COLUMNS.create_index
_triggers = KEPT_COLUMNS.triggers


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0045_country_meetings_titles"),
    ]

    operations = [
        migrations.AddField(
            model_name="personmeeting",
            name="title",
            field=models.CharField(default="", help_text="The meeting's title.", max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(KEPT_COLUMNS.create, KEPT_COLUMNS.drop),
    ]
