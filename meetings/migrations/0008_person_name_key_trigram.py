"""A trigram index on people's folded names (PostgreSQL only), for the word-by-word search of meetings/search.py.

A search word is also looked for in ``Person.name_key`` (the name with case, spaces, hyphens and accents
folded), so that "Yongchol" finds "Kim Yong-chol"; Django's ``contains`` on it is
``name_key::text LIKE '%…%'``, the expression indexed here. SQLite, where search is a plain scan,
migrates past it, as past 0005.
"""
from django.db import migrations

INDEX = "person_name_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_person USING gin ((name_key::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_meeting_confidence"),
    ]

    operations = [migrations.RunPython(create, drop)]
