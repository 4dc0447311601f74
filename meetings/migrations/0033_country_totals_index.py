"""The countries page's totals read off an index: each country's contacts by kind (CountryContacts rows with
``counterparts`` "*"), covered by an index of their country and count, read in country order and summed.

``/countries/`` summed every such row of the table (80,000 at 1,000,000 meetings: the archive's months, statuses,
precisions and kinds for each country) from a scan of all of its 230,000 rows, 38 ms of every view. PostgreSQL only:
SQLite keeps no counts (``timeline.country_totals`` counts its participations).
"""

from django.db import migrations

INDEX = "country_contacts_by_kind"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_countrycontacts (country) INCLUDE (contacts) "
            "WHERE counterparts = '*'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0032_readout_meeting_date"),
    ]

    operations = [migrations.RunPython(create, drop)]
