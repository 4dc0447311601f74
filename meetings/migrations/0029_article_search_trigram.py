"""Trigram indexes (pg_trgm) for the articles list's `q`, PostgreSQL only, as migration 0005 made them for meetings.

The articles list's search is Django's `icontains` on the title, the text and the slug: without an index every
article's text was read for each search and its count, whatever the word (a word in no article read all 333,000 at
1,000,000 meetings: 2.6 s a page, against 25 ms at 10,000). On the same expressions as the query
(UPPER(column::text)), so that the planner reads the three indexes and ORs their bitmaps. Created outside the
models' state, as 0005's: SQLite, where `q` is a scan, migrates past them.
"""

from django.db import migrations

TRIGRAM = {
    "article_title_trgm": "UPPER(title::text)",
    "article_body_trgm": "UPPER(body::text)",
    "article_slug_trgm": "UPPER(slug::text)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in TRIGRAM.items():
        schema_editor.execute(f"CREATE INDEX {name} ON meetings_article USING gin (({expression}) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0028_sort_pairs_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
