"""Drop the full-text indexes over expressions of migration 0005 (PostgreSQL only): since 0008 the search reads the
stored documents (``sentence_tsv``, ``quotes_tsv``) through their own GIN indexes, and no query uses these (no scan
in pg_stat_user_indexes after the bench's pages at 1,000,000 meetings). Each written sentence and read-out paid
for them twice over: its document computed again for the expression, and a second GIN entry.
"""

import importlib

from django.db import migrations

indexes_0005 = importlib.import_module("meetings.migrations.0005_postgresql_indexes")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes_0005._full_text_indexes():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index.name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes_0005._full_text_indexes():
        schema_editor.add_index(apps.get_model("meetings", model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0018_kept_counts_by_key"),
    ]

    operations = [migrations.RunPython(drop, create)]
