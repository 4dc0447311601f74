"""Each office's kept meetings (OfficeMeeting) with their place too, and indexed by it for each office: what a list
filtered by an office box and sorted by place reads its first rows off (0048's way, 0045's ``KeptColumns``).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

office_meetings = importlib.import_module("meetings.migrations.0043_office_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")
office_titles = importlib.import_module("meetings.migrations.0047_office_meetings_titles")
places = importlib.import_module("meetings.migrations.0048_country_meetings_places")

KEPT_COLUMNS = titles.KeptColumns(
    office_meetings,
    "organization_id",
    places.ALSO,
    "office_meetings_by_place",
    before=office_titles,
    written=office_meetings.WRITTEN,
    refilled=True,  # emptying any of the three tables leaves what the others hold: every row written again
)
BACKFILL, WRITE, CREATE_INDEX = KEPT_COLUMNS.backfill, KEPT_COLUMNS.write, KEPT_COLUMNS.create_index
_triggers = KEPT_COLUMNS.triggers


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0049_person_meetings_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="officemeeting",
            name="location",
            field=models.CharField(default="", help_text="The meeting's place.", max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(KEPT_COLUMNS.create, KEPT_COLUMNS.drop),
    ]
