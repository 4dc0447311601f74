"""Each country's public contacts and people in one row (CountryTotals), kept exact by PostgreSQL triggers on every
write: what the countries page lists and what the lists' country boxes are ordered by.

Both were summed from the other kept counts on every read: a country's contacts from its rows of CountryContacts by
kind (80,000 rows at 1,000,000 meetings: the archive's months, statuses, precisions and kinds for each country), its
people from PersonContacts joined to the people (100,000): 40-60 ms of every view of ``/countries/``, and 11 ms of
every list page's first view after a write (``filters.occurring_countries``), where 10,000 meetings took 1-2.

The totals follow what they are summed from, by difference, as migration 0022 keeps OfficePerson: each INSERT, UPDATE
or DELETE of CountryContacts rows by kind adds what it wrote and takes away what it removed (their transition
tables); a person's first public contact (a PersonContacts row inserted) adds one to their country, their last
(the row deleted) takes one away, and a person's change of country, insertion or deletion moves, adds or takes away
the one of a person with a PersonContacts row (a participant may be stored before their person: the foreign key is
deferred). Rows are added in country order, so that two statements lock shared rows in one order; a difference
commutes, so concurrent statements need no other lock. Rows left at nothing are deleted. A TRUNCATE of either kept
table counts again from what is left. A bulk load that disables triggers must count again: ``manage.py
recount_kept_counts`` (the BACKFILL statement below, run after the counts it sums).

SQLite has the table and leaves it empty: it counts (``timeline.country_totals``).
"""

import importlib

from django.db import migrations, models

# 0011's builders of statement triggers (a migration's module name starts with a digit: imported by name).
pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
# CountryContacts.BY_KIND: the rows that count each contact once, by its kind.
BY_KIND = "'*'"

TABLE = "meetings_countrytotals"
KEPT = "country_totals"
WRITTEN = (
    ("meetings_countrycontacts", "contacts"),
    ("meetings_personcontacts", "people"),
    ("meetings_person", "person"),
)

BACKFILL = f"""
INSERT INTO {TABLE} (country, contacts, people)
SELECT country, SUM(contacts)::bigint, SUM(people)::bigint FROM (
    SELECT country, contacts, 0 AS people FROM meetings_countrycontacts WHERE counterparts = {BY_KIND}
    UNION ALL
    SELECT p.country, 0, 1 FROM meetings_personcontacts k JOIN meetings_person p ON p.id = k.person_id
) AS counted
WHERE country <> ''
GROUP BY country
"""

# A person counted where they are: a person of a country with a public contact.
_COUNTED = "{rows}.country <> '' AND EXISTS (SELECT 1 FROM meetings_personcontacts k WHERE k.person_id = {rows}.id)"

# For each table and write, what the statement adds to each country's (contacts, people), from its transition tables.
_WRITTEN_ROWS = {
    "contacts": {
        "insert": f"SELECT country, contacts, 0 AS people FROM new_rows WHERE counterparts = {BY_KIND}",
        "delete": f"SELECT country, -contacts, 0 FROM old_rows WHERE counterparts = {BY_KIND}",
        "update": f"""SELECT country, contacts, 0 AS people FROM new_rows WHERE counterparts = {BY_KIND}
                      UNION ALL SELECT country, -contacts, 0 FROM old_rows WHERE counterparts = {BY_KIND}""",
    },
    "people": {
        "insert": "SELECT p.country, 0, 1 FROM new_rows n JOIN meetings_person p ON p.id = n.person_id",
        "delete": "SELECT p.country, 0, -1 FROM old_rows o JOIN meetings_person p ON p.id = o.person_id",
        # The triggers write a person's counts again under their key (they net to nothing); a row moved to another
        # person moves its one.
        "update": """SELECT p.country, 0, 1 FROM new_rows n JOIN meetings_person p ON p.id = n.person_id
                     UNION ALL SELECT p.country, 0, -1 FROM old_rows o JOIN meetings_person p ON p.id = o.person_id""",
    },
    "person": {
        "insert": f"SELECT country, 0, 1 FROM new_rows WHERE {_COUNTED.format(rows='new_rows')}",
        "delete": f"SELECT country, 0, -1 FROM old_rows WHERE {_COUNTED.format(rows='old_rows')}",
        # Only a change of country moves a person (a name, aliases or a slug does not).
        "update": f"""SELECT n.country, 0, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE n.country <> o.country AND {_COUNTED.format(rows='n')}
                      UNION ALL
                      SELECT o.country, 0, -1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE n.country <> o.country AND {_COUNTED.format(rows='o')}""",
    },
}


def _function(name: str, operation: str) -> str:
    # Rows added in key order, so that two statements lock shared rows in one order (no deadlock).
    return f"""
CREATE FUNCTION meetings_{KEPT}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} AS kept (country, contacts, people)
    SELECT country, SUM(contacts), SUM(people) FROM ({_WRITTEN_ROWS[name][operation]}) AS written (country, contacts, people)
    WHERE country <> ''
    GROUP BY country HAVING SUM(contacts) <> 0 OR SUM(people) <> 0
    ORDER BY country
    ON CONFLICT (country) DO UPDATE SET contacts = kept.contacts + EXCLUDED.contacts,
        people = kept.people + EXCLUDED.people;
    DELETE FROM {TABLE} WHERE contacts = 0 AND people = 0;
    RETURN NULL;
END $$;"""


def _triggers() -> list[str]:
    return [
        # A TRUNCATE of a kept table leaves the other's figures: counted again from what is left.
        f"""CREATE FUNCTION meetings_{KEPT}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM {TABLE};
                {BACKFILL};
                RETURN NULL;
            END $$""",
        *pairs.statement_triggers(
            KEPT,
            {name: (lambda operation, name=name: _function(name, operation)) for _, name in WRITTEN},
            written=WRITTEN,
        ),
    ]


# Migration 0033's index of CountryContacts by kind, which the countries page summed: no query reads it now, and
# every write of the kept counts kept it up.
SUPERSEDED_INDEX = importlib.import_module("meetings.migrations.0033_country_totals_index")


def create(apps, schema_editor):
    pairs.create_kept(schema_editor, _triggers(), BACKFILL, written=WRITTEN)
    SUPERSEDED_INDEX.drop(apps, schema_editor)


def drop(apps, schema_editor):
    pairs.drop_kept(schema_editor, pairs.dropped(KEPT, written=WRITTEN))
    SUPERSEDED_INDEX.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0033_country_totals_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountryTotals",
            fields=[
                ("country", models.CharField(max_length=2, primary_key=True, serialize=False)),
                ("contacts", models.BigIntegerField(help_text="Public contacts with an official of the country.")),
                ("people", models.BigIntegerField(help_text="People of the country with a public contact.")),
            ],
            options={
                "verbose_name_plural": "country totals",
            },
        ),
        migrations.RunPython(create, drop),
    ]
