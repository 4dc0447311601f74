"""Each country's kept meetings (CountryMeeting) with their place too, and indexed by it for each country: what a list
filtered by countries and sorted by place reads its first rows off, as 0045 made it for titles (``KeptColumns``).

Sorted by place, such a list walked the meetings' own place index and probed each for a participant of the country:
at 1,000,000 meetings North Korea with Japan alone, page 7, 50 ms (17 at 10,000); a news agency's page 4, 49 ms;
Mongolia's page 7, 33 ms (0049 and 0050 do the same for the people's and the offices' rows).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")
titles = importlib.import_module("meetings.migrations.0045_country_meetings_titles")

# The meeting's columns the rows take after 0039's: its title (0045), then its place.
ALSO = (*titles.ALSO, "location")
KEPT_COLUMNS = titles.KeptColumns(country_meetings, "country", ALSO, "country_meetings_by_place", before=titles)
BACKFILL, WRITE, CREATE_INDEX = KEPT_COLUMNS.backfill, KEPT_COLUMNS.write, KEPT_COLUMNS.create_index
_triggers = KEPT_COLUMNS.triggers


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
        migrations.RunPython(KEPT_COLUMNS.create, KEPT_COLUMNS.drop),
    ]
