"""For the word-by-word search of meetings/search.py, on PostgreSQL only (SQLite, where search is a plain scan,
migrates past it, as past 0005):

- a trigram index on people's folded names: a search word is also looked for in ``Person.name_key`` (the name
  with case, spaces, hyphens and accents folded), so that "Yongchol" finds "Kim Yong-chol"; Django's
  ``contains`` on it is ``name_key::text LIKE '%…%'``, the expression indexed here;
- the full-text documents of source sentences and read-out quotes as stored generated columns, each with a
  GIN index. 0005 indexes the expressions, so a rare word is found through the index; but a common one
  ("talks", in most sentences) made PostgreSQL compute ``to_tsvector`` on every sentence at each search
  (1.9 s at 100,000 meetings). Stored, the document is computed once, when the row is written, by the
  database: the models do not know these columns, and no code that writes rows changes.

Adding a generated column rewrites its table once (seconds at 100,000 meetings).
"""
from django.db import migrations

NAME_KEY_INDEX = "person_name_key_trgm"
DOCUMENTS = {
    # table: (column, the text it is computed from, index)
    "meetings_evidence": ("sentence_tsv", "COALESCE(sentence, '')", "evidence_sentence_tsv"),
    "meetings_readout": ("quotes_tsv", "COALESCE(quotes::text, '')", "readout_quotes_tsv"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME_KEY_INDEX} ON meetings_person USING gin ((name_key::text) gin_trgm_ops)"
    )
    for table, (column, source, index) in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {source})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME_KEY_INDEX}")
    for table, (column, _, index) in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_stable_identities"),
    ]

    operations = [migrations.RunPython(create, drop)]
