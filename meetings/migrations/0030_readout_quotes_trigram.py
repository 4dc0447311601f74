"""A trigram index (pg_trgm) on the read-outs' quotes, PostgreSQL only, for the read-outs list's `q`.

That search is Django's `icontains` on the quotes and on the meeting's title. The title had its index (0005); the
quotes had none, so a phrase that no read-out holds read every read-out and its meeting for each page and count:
0.7 s at 1,000,000 meetings (500,000 read-outs), 7 ms at 10,000. On the query's own expression (UPPER(quotes::text)),
as 0005 and 0029 make theirs. Created outside the models' state: SQLite, where `q` is a scan, migrates past it.
"""

from django.db import migrations

INDEX = "readout_quotes_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON meetings_readout USING gin ((UPPER(quotes::text)) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0029_article_search_trigram"),
    ]

    operations = [migrations.RunPython(create, drop)]
