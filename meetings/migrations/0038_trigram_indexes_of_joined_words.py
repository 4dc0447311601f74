"""The text a trigram index reads for a search stored upper-cased with its spaces and hyphens written as lower-case
letters: each meeting's searchable text (0036) and the title each read-out keeps of its meeting (0037), their
functions redefined and their rows written again, their indexes built again. PostgreSQL only.

pg_trgm cuts a text into words at every character that is not a letter or a digit, and indexes each word's trigrams
apart: a name with a hyphen or a space inside ("Bin-jin", "Bin jin") was looked up as its two syllables, each common in
Korean names, and the index named every text with a word ending in "bin" and one starting with "jin", to be read and
rechecked (12,742 read-outs' titles for 1,919 with "Bin-jin" at 1,000,000 meetings). Upper-cased text holds no
lower-case letter, so written with "q" for a space and "x" for a hyphen it keeps every distinction it had ("BIN JIN" is
"BINqJIN", "BIN-JIN" "BINxJIN") as one word, whose trigrams across the separator ("NXJ", "XJI") few texts have. A
search writes its patterns the same way (``search.Joined``) and finds exactly the texts it found before.

Stored so rather than indexed on an expression of the text: a search also tests the text of each row it walks in a
list's order, and the expression computed for each row and spelling tripled the time of those tests (a read-outs
search's page 5, 68 → 91 ms at 1,000,000 meetings). The read-outs' quotes, which readers see, keep their index.
"""

import importlib

from django.db import migrations, models

search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")

# As search.JOINED_SEPARATORS and search.JOINED_AS (a migration states what it built, whatever the code becomes).
JOINED = "translate({}, ' -', 'qx')"
TEXT = JOINED.format(search_text._TEXT)
# What ``recount_kept_counts`` writes the searchable texts again with (services/kept_counts.py).
BACKFILL = search_text.backfill(TEXT)

# 0037's builders of the read-outs' kept title: its trigger's function, its backfill, its index.
titles = importlib.import_module("meetings.migrations.0037_readout_meeting_title")


def _title(column: str, *, joined: bool) -> str:
    """A meeting's title (``column``) as its read-outs keep it."""
    return JOINED.format(f"UPPER({column})") if joined else column


def _rebuild(schema_editor, *, joined: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # No write may fall between the rows written again and the functions that write them.
    schema_editor.execute("LOCK TABLE meetings_meeting, meetings_readout IN SHARE MODE")
    text = TEXT if joined else search_text._TEXT
    schema_editor.execute(search_text.write_function(text, create="CREATE OR REPLACE"))
    schema_editor.execute(search_text.truncate_function(text, create="CREATE OR REPLACE"))
    # Every row written again, each index built once over them (faster than row by row; no dead rows left behind).
    schema_editor.execute(f"DROP INDEX IF EXISTS {search_text.INDEX}")
    schema_editor.execute(f"TRUNCATE {search_text.TABLE}")
    schema_editor.execute(search_text.backfill(text))
    schema_editor.execute(search_text.CREATE_INDEX)

    schema_editor.execute(titles.takes_meeting_function(_title("title", joined=joined), create="CREATE OR REPLACE"))
    schema_editor.execute(f"DROP INDEX IF EXISTS {titles.TITLE_INDEX_NAME}")
    # A search-only copy, neither counted nor shown: written without the read-outs' other triggers, as 0037 wrote it.
    schema_editor.execute("ALTER TABLE meetings_readout DISABLE TRIGGER USER")
    schema_editor.execute(titles.backfill(_title("m.title", joined=joined)))
    schema_editor.execute("ALTER TABLE meetings_readout ENABLE TRIGGER USER")
    schema_editor.execute(titles.title_index("meeting_title" if joined else "UPPER(meeting_title)"))


def join(apps, schema_editor):
    _rebuild(schema_editor, joined=True)


def unjoin(apps, schema_editor):
    _rebuild(schema_editor, joined=False)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0037_readout_meeting_title"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meetingsearchtext",
            name="text",
            field=models.TextField(
                help_text="Title, place and participants' names, upper-cased, one per line; spaces written as q, "
                "hyphens as x."
            ),
        ),
        migrations.AlterField(
            model_name="readout",
            name="meeting_title",
            field=models.TextField(
                editable=False,
                help_text="The meeting's title as the read-outs' search reads it, upper-cased, spaces written as q, "
                "hyphens as x (kept on write).",
                null=True,
            ),
        ),
        migrations.RunPython(join, unjoin),
    ]
