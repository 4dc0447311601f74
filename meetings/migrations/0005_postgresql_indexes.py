"""Indexes on PostgreSQL only: for `q`, trigram (pg_trgm) for substrings and GIN full-text for quotes and
sentences; and the meetings list's default order, which SQLite cannot index.

They are built with Django's own expressions (those of the queries in meetings/search.py), so the
planner matches them, and they are created outside the models' state: SQLite, where `q` is a plain
substring scan, migrates past this without them, and no later SQLite table rebuild tries to
recreate an index it cannot have.
"""
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from meetings.search import quotes_vector, sentence_vector

# Trigram indexes on the expressions of Django's `icontains` (UPPER(column::text) LIKE UPPER(%s)).
# Written as SQL: an OpClass in a Django index needs django.contrib.postgres among the installed apps.
TRIGRAM = {
    "meeting_title_trgm": ("meetings_meeting", "UPPER(title::text)"),
    "meeting_location_trgm": ("meetings_meeting", "UPPER(location::text)"),
    "person_name_trgm": ("meetings_person", "UPPER(name::text)"),
    "person_aliases_trgm": ("meetings_person", "UPPER(aliases::text)"),
    "organization_name_trgm": ("meetings_organization", "UPPER(name::text)"),
}


# The meetings list's default order (Meeting.Meta.ordering) over public rows. SQLite, which cannot
# index NULLS LAST, sorts its NULLs last in a descending order anyway.
DEFAULT_ORDER = ("CREATE INDEX IF NOT EXISTS meeting_public_order ON meetings_meeting "
                 "(date DESC NULLS LAST, id DESC) WHERE NOT (review_status = 'rejected')")


def _full_text_indexes():
    return [
        ("ReadOut", GinIndex(quotes_vector(), name="readout_quotes_fts")),
        ("Evidence", GinIndex(sentence_vector(), name="evidence_sentence_fts")),
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(DEFAULT_ORDER)
    for name, (table, expression) in TRIGRAM.items():
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin (({expression}) gin_trgm_ops)")
    for model, index in _full_text_indexes():
        schema_editor.add_index(apps.get_model("meetings", model), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ["meeting_public_order", *TRIGRAM]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for model, index in _full_text_indexes():
        schema_editor.remove_index(apps.get_model("meetings", model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
