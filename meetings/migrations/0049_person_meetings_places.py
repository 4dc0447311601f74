"""Each person's kept meetings (PersonMeeting) with their place too, and indexed by it for each person: what a list
filtered by a person and sorted by place reads its first rows off (0048's way).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")
person_meetings = importlib.import_module("meetings.migrations.0040_person_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")
person_titles = importlib.import_module("meetings.migrations.0046_person_meetings_titles")
places = importlib.import_module("meetings.migrations.0048_country_meetings_places")

TABLE = person_meetings.TABLE
KEPT = person_meetings.KEPT
INDEX = "person_meetings_by_place"
BACKFILL, WRITE = titles.titled_statements(person_meetings, "person_id", also=places.ALSO)

# Each person's rows in the list's order by place (ties by the meeting), with their countries for the country box.
CREATE_INDEX = f"CREATE INDEX {INDEX} ON {TABLE} (person_id, location, meeting_id) INCLUDE (countries)"


def _triggers() -> list[str]:
    changed = country_meetings.changed_meetings("{row}.meeting_id, {row}.person_id, {row}.country", also=places.ALSO)
    return country_meetings.kept_triggers(KEPT, TABLE, WRITE, changed)


def create(apps, schema_editor):
    titles.titled(
        schema_editor, kept=KEPT, table=TABLE, triggers=_triggers(), backfill=BACKFILL, index=CREATE_INDEX,
        written=pairs.WRITTEN,
    )


def drop(apps, schema_editor):
    titles.untitled(schema_editor, kept=KEPT, index=INDEX, triggers=person_titles._triggers(), written=pairs.WRITTEN)


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
        migrations.RunPython(create, drop),
    ]
