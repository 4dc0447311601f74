"""The people with no public contact (PersonWithoutContacts), kept by PostgreSQL triggers on every write, and an index
of the people with public contacts but none held: what the people list sorted fewest or earliest first reads first.

Sorted by a kept figure most or latest first, the list reads its first rows off the figure's index (0035). The other
way round its first rows are the people without the figure (no kept row: PersonContacts has none for a person with no
public contact; or, by the latest contact, none held), which only an anti-join of every person with the kept rows
found: 47-72 ms a page at 1,000,000 meetings, 10 at 10,000.

A person's row here is written again, from what is stored, for each person a statement touched: people inserted or
deleted, and PersonContacts rows inserted, deleted or moved to another person (0014's triggers write a person's row
again under its key, which touches no one here). A TRUNCATE of either table writes every row again. A bulk load that
disables the triggers writes them again: ``manage.py recount_kept_counts`` (the BACKFILL, run after PersonContacts').

SQLite has the table and leaves it empty: its list counts and sorts every person.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")

TABLE = "meetings_personwithoutcontacts"
KEPT = "people_without_contacts"
WRITTEN = (("meetings_person", "people"), ("meetings_personcontacts", "contacts"))

# A person without a public contact: none of PersonContacts' rows is theirs.
_WITHOUT = "NOT EXISTS (SELECT 1 FROM meetings_personcontacts k WHERE k.person_id = {person})"

BACKFILL = f"""
INSERT INTO {TABLE} (person_id)
SELECT p.id FROM meetings_person p WHERE {_WITHOUT.format(person="p.id")}
"""

# For each table and write, the people it touched (a query of person_id), from its transition tables.
_TOUCHED = {
    "people": {
        "insert": "SELECT id AS person_id FROM new_rows",
        "delete": "SELECT id AS person_id FROM old_rows",
        "update": "SELECT NULL::bigint AS person_id WHERE FALSE",  # a person's id never changes: no one moves
    },
    "contacts": {
        "insert": "SELECT person_id FROM new_rows",
        "delete": "SELECT person_id FROM old_rows",
        # 0014 writes a person's row again under its key, which touches no one; a key changed touches both people.
        "update": """(SELECT person_id FROM new_rows EXCEPT SELECT person_id FROM old_rows)
                     UNION ALL (SELECT person_id FROM old_rows EXCEPT SELECT person_id FROM new_rows)""",
    },
}


def _function(name: str, operation: str) -> str:
    """Each touched person's row written again from what is stored: removed when the person is gone or has a public
    contact, added (in key order, so that two statements lock shared rows in one order) when they exist without one."""
    touched = f"SELECT person_id FROM ({_TOUCHED[name][operation]}) AS touched"
    return f"""
CREATE FUNCTION meetings_{KEPT}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE} w
    WHERE w.person_id IN ({touched})
        AND (NOT EXISTS (SELECT 1 FROM meetings_person p WHERE p.id = w.person_id)
             OR NOT {_WITHOUT.format(person="w.person_id")});
    INSERT INTO {TABLE} (person_id)
    SELECT DISTINCT t.person_id FROM ({touched}) AS t
    WHERE EXISTS (SELECT 1 FROM meetings_person p WHERE p.id = t.person_id) AND {_WITHOUT.format(person="t.person_id")}
    ORDER BY t.person_id
    ON CONFLICT (person_id) DO NOTHING;
    RETURN NULL;
END $$;"""


def _triggers() -> list[str]:
    return [
        # A TRUNCATE of people or of their kept contacts: every row written again from what is left.
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
        ("meetings", "0043_office_meetings"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonWithoutContacts",
            fields=[
                (
                    "person",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="meetings.person",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "people without contacts",
            },
        ),
        migrations.AddIndex(
            model_name="personcontacts",
            index=models.Index(
                condition=models.Q(("last_held__isnull", True)), fields=["person"], name="person_contacts_never_held"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
