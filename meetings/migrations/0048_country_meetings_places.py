"""Each country's kept meetings (CountryMeeting) with their place too, and indexed by it for each country: what a list
filtered by countries and sorted by place reads its first rows off, as 0045 made it for titles (``titled``).

Sorted by place, such a list walked the meetings' own place index and probed each for a participant of the country:
at 1,000,000 meetings North Korea with Japan alone, page 7, 50 ms (17 at 10,000); a news agency's page 4, 49 ms;
Mongolia's page 7, 33 ms (0049 and 0050 do the same for the people's and the offices' rows).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")

# The meeting's columns the rows take after 0039's: its title (0045), then its place.
ALSO = (*titles.ALSO, "location")
TABLE = country_meetings.TABLE
KEPT = country_meetings.KEPT
INDEX = "country_meetings_by_place"
BACKFILL, WRITE = titles.titled_statements(country_meetings, "country", also=ALSO)

# Each country's rows in the list's order by place (ties by the meeting), with their countries for the box's modes.
CREATE_INDEX = f"CREATE INDEX {INDEX} ON {TABLE} (country, location, meeting_id) INCLUDE (countries)"


def _triggers() -> list[str]:
    changed = country_meetings.changed_meetings("{row}.meeting_id, {row}.country", also=ALSO)
    return country_meetings.kept_triggers(KEPT, TABLE, WRITE, changed)


def create(apps, schema_editor):
    titles.titled(
        schema_editor, kept=KEPT, table=TABLE, triggers=_triggers(), backfill=BACKFILL, index=CREATE_INDEX,
        written=pairs.WRITTEN,
    )


def drop(apps, schema_editor):
    titles.untitled(schema_editor, kept=KEPT, index=INDEX, triggers=titles._triggers(), written=pairs.WRITTEN)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0047_office_meetings_titles"),
    ]

    operations = [
        migrations.AddField(
            model_name="countrymeeting",
            name="location",
            field=models.CharField(default="", help_text="The meeting's place.", max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(create, drop),
    ]
