"""PostgreSQL's statistics of which meetings' countries go with each country's kept rows (CountryMeeting): the country
box in the modes "all" and "only" reads the rows of one country whose meeting's countries hold the others or are the
box's alone (``filters.in_country_box``), and the planner took the two conditions for independent.

Japan's rows of meetings of Japan's and North Korea's officials alone are 3,873 of Japan's 43,406 at 1,000,000
meetings; as if independent, PostgreSQL expected 152, drove a search's count from them, and looked each one up by an
index condition that also held the 9,566 ids of "Kim" and "Jong" (``?q=talks+Kim+Jong``: 0.26 ms a look-up, 1.6 s). A
statistics object of the most common pairs (a row's country, its meeting's countries) gives it 4,032.

SQLite keeps no kept rows and no such statistics: nothing to do there.
"""

from django.db import migrations

STATISTICS = "country_meetings_box"
# The most common pairs kept: the default target (100) kept those of the largest countries and left out a small
# country's common pairs (Japan with North Korea alone, above); 1,000 keeps them, for a sample of 300,000 rows (some
# seconds of ANALYZE at 1,000,000 meetings).
TARGET = 1000


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE STATISTICS {STATISTICS} (mcv) ON country, countries FROM meetings_countrymeeting")
    schema_editor.execute(f"ALTER STATISTICS {STATISTICS} SET STATISTICS {TARGET}")
    schema_editor.execute("ANALYZE meetings_countrymeeting")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0051_search_text_without_folded_spellings"),
    ]

    operations = [migrations.RunPython(create, drop)]
