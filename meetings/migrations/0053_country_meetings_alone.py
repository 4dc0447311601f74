"""The countries' kept rows (migration 0039) by the meeting's countries, then the row's country, in the list's default
order: the country box in the mode "only" reads the meetings of its countries alone (``filters.in_country_box``:
``countries`` equal to the box's codes, the rows of one of them) as their own range of this index rather than all of
one country's rows filtered by their countries.

At 1,000,000 meetings the 25,842 meetings of American officials alone were 12,710 found among 230,677 of the United
States' rows read in ``country_meetings_by_kind`` for a count of ?q=Kim with them (27 ms of the count's 101); page
30 of them walked 27,000 of those rows for its 1,500. PostgreSQL only, as the other indexes of these rows (SQLite keeps
none).
"""

from django.db import migrations

INDEX = "country_meetings_alone"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON meetings_countrymeeting (countries, country, date DESC NULLS LAST, meeting_id DESC) "
        "INCLUDE (kind, status, review_status)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0052_country_meetings_box_statistics"),
    ]

    operations = [migrations.RunPython(create, drop)]
