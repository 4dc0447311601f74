"""Each office's kept meetings (OfficeMeeting, 0043) with their title, and indexed by it for each office: what a list
filtered by an office box and sorted by title reads its first rows off (0045's way, ``KeptColumns``).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

office_meetings = importlib.import_module("meetings.migrations.0043_office_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")

KEPT_COLUMNS = titles.KeptColumns(
    office_meetings,
    "organization_id",
    titles.ALSO,
    "office_meetings_by_title",
    before=office_meetings,
    written=office_meetings.WRITTEN,
    refilled=True,  # emptying any of the three tables leaves what the others hold: every row written again
)
BACKFILL, WRITE, CREATE_INDEX = KEPT_COLUMNS.backfill, KEPT_COLUMNS.write, KEPT_COLUMNS.create_index
_triggers = KEPT_COLUMNS.triggers


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0046_person_meetings_titles"),
    ]

    operations = [
        migrations.AddField(
            model_name="officemeeting",
            name="title",
            field=models.CharField(default="", help_text="The meeting's title.", max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(KEPT_COLUMNS.create, KEPT_COLUMNS.drop),
    ]
