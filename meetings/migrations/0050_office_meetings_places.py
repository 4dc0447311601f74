"""Each office's kept meetings (OfficeMeeting) with their place too, and indexed by it for each office: what a list
filtered by an office box and sorted by place reads its first rows off (0048's way).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")
office_meetings = importlib.import_module("meetings.migrations.0043_office_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")
office_titles = importlib.import_module("meetings.migrations.0047_office_meetings_titles")
places = importlib.import_module("meetings.migrations.0048_country_meetings_places")

TABLE = office_meetings.TABLE
KEPT = office_meetings.KEPT
INDEX = "office_meetings_by_place"
WRITTEN = office_meetings.WRITTEN
BACKFILL, WRITE = titles.titled_statements(office_meetings, "organization_id", also=places.ALSO)

# Each office's rows in the list's order by place (ties by the meeting), with their countries for the country box.
CREATE_INDEX = f"CREATE INDEX {INDEX} ON {TABLE} (organization_id, location, meeting_id) INCLUDE (countries)"


def _triggers() -> list[str]:
    # Emptying any of the three tables leaves what the others hold: every row written again.
    changed = office_meetings.changed(also=places.ALSO)
    return country_meetings.kept_triggers(KEPT, TABLE, WRITE, changed, written=WRITTEN, refill=BACKFILL)


def create(apps, schema_editor):
    titles.titled(
        schema_editor, kept=KEPT, table=TABLE, triggers=_triggers(), backfill=BACKFILL, index=CREATE_INDEX,
        written=WRITTEN,
    )


def drop(apps, schema_editor):
    titles.untitled(schema_editor, kept=KEPT, index=INDEX, triggers=office_titles._triggers(), written=WRITTEN)


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
        migrations.RunPython(create, drop),
    ]
