"""Each country pair's public contacts in one row (PairTotals), kept exact by PostgreSQL triggers on every write: what
a list of two countries' contacts with each other (the country box's mode "all", or "only") plans by.

The list summed the pair's PairContacts rows on every page (``filters.countries_alone_contacts``): its months,
statuses, precisions and kinds, 15,571 rows for Korea and the United States at 1,000,000 meetings (8 ms of each page;
2,103 rows at 10,000), and a list of three countries or more summed every pair's.

The totals follow PairContacts by difference, as migration 0034 keeps CountryTotals: each INSERT, UPDATE or DELETE of
its rows adds what it wrote and takes away what it removed (their transition tables), in key order, so that two
statements lock shared rows in one order; a difference commutes, so concurrent statements need no other lock. Rows
left at nothing are deleted. A TRUNCATE counts again from what is left. A bulk load that disables triggers must count
again: ``manage.py recount_kept_counts`` (the BACKFILL statement below, run after PairContacts').

SQLite has the table and leaves it empty, as it leaves PairContacts.
"""

import importlib

from django.db import migrations, models

# 0011's builders of statement triggers (a migration's module name starts with a digit: imported by name).
pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")

TABLE = "meetings_pairtotals"
KEPT = "pair_totals"
WRITTEN = (("meetings_paircontacts", "contacts"),)

BACKFILL = f"""
INSERT INTO {TABLE} (country_a, country_b, contacts)
SELECT country_a, country_b, SUM(contacts)::bigint FROM meetings_paircontacts
GROUP BY country_a, country_b
HAVING SUM(contacts) <> 0
"""

# For each write, what the statement adds to each pair's contacts, from its transition tables.
_WRITTEN_ROWS = {
    "insert": "SELECT country_a, country_b, contacts FROM new_rows",
    "delete": "SELECT country_a, country_b, -contacts FROM old_rows",
    "update": """SELECT country_a, country_b, contacts FROM new_rows
                 UNION ALL SELECT country_a, country_b, -contacts FROM old_rows""",
}


def _function(name: str, operation: str) -> str:
    # Rows added in key order, so that two statements lock shared rows in one order (no deadlock). A total left at
    # nothing is deleted: the table holds a row per pair with a contact (105 at 1,000,000 meetings).
    return f"""
CREATE FUNCTION meetings_{KEPT}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} AS kept (country_a, country_b, contacts)
    SELECT country_a, country_b, SUM(contacts) FROM ({_WRITTEN_ROWS[operation]}) AS written (country_a, country_b, contacts)
    GROUP BY country_a, country_b HAVING SUM(contacts) <> 0
    ORDER BY country_a, country_b
    ON CONFLICT (country_a, country_b) DO UPDATE SET contacts = kept.contacts + EXCLUDED.contacts;
    DELETE FROM {TABLE} WHERE contacts = 0;
    RETURN NULL;
END $$;"""


def _triggers() -> list[str]:
    return [
        # A TRUNCATE of the pairs' counts: counted again from what is left (nothing).
        pairs.truncate_function(KEPT, TABLE, refill=BACKFILL),
        *pairs.statement_triggers(
            KEPT,
            {name: (lambda operation, name=name: _function(name, operation)) for _, name in WRITTEN},
            written=WRITTEN,
        ),
    ]


def create(apps, schema_editor):
    pairs.create_kept(schema_editor, _triggers(), BACKFILL, written=WRITTEN)


def drop(apps, schema_editor):
    pairs.drop_kept(schema_editor, pairs.dropped(KEPT, written=WRITTEN))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0053_country_meetings_alone"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairTotals",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("country_a", models.CharField(max_length=2)),
                ("country_b", models.CharField(max_length=2)),
                (
                    "contacts",
                    models.BigIntegerField(help_text="Public contacts with an official of each country."),
                ),
            ],
            options={
                "verbose_name_plural": "pair totals",
                "constraints": [models.UniqueConstraint(fields=("country_a", "country_b"), name="pair_totals_key")],
            },
        ),
        migrations.RunPython(create, drop),
    ]
