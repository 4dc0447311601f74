"""Each meeting's searchable text (0036, joined by 0038) without the spellings of a participant (their name, their other
spellings) that differ from their folded name only in case, spaces and hyphens: its function redefined, its rows
written again, its index built again. PostgreSQL only.

Every word a search looks for on a meeting's row is also looked for folded as people's names are
(``search._on_its_row``: "Bin jin" also as "BINJIN"), and each participant's folded name (``Person.name_key``) is one of
the lines. A spelling held where a folded name is held is so already found: a variant of a word inside "Wang Bin-jin"
or "Wang Bin jin" folds to a part of "wangbinjin", which the line of the folded name holds. Most names are such a
spelling of their own folded name, and the other spellings the importer keeps are often only so ("Kim Jong Un" beside
"Kim Jong-un"); 36 of the knowledge base's 365 are, and every hyphenated name of the demo data has one. Stored, they put
each text in the trigram index's entries of common syllables and of those across a space or a hyphen ("NQJ", "QJI" for
"BIN JIN"), which a search reads whole: at 1,000,000 demo meetings the index went from 111 MB (built afresh) to 92, the
rows from 198 MB to 114, and the read of "Bin-jin"'s three spellings from 68-75 to 40-43 ms (A/B on one database).

Kept: a spelling with anything else (another romanization, "Jeong Ui-yong" beside "Chung Eui-yong"; Hangul; an accent;
punctuation, "Donald J. Trump"), a name whose folded name is out of date, and other spellings that are not a JSON list,
as they were. The test is narrower than the folding (lower-case, spaces and hyphens removed, compared with the folded
name), so a spelling is left out only where it folds to that name.
"""

import importlib

from django.db import migrations, models

search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")
joined = importlib.import_module("meetings.migrations.0038_trigram_indexes_of_joined_words")


def _not_folded(spelling: str) -> str:
    """Whether a participant's ``spelling`` differs from their folded name (``pe.name_key``) in more than case, spaces
    and hyphens."""
    return f"lower(translate({spelling}, ' -', '')) IS DISTINCT FROM pe.name_key"


# A participant's lines: their name, other spellings (a JSON list; a value that is not a list as it is) and folded
# name, each spelling that differs from the folded name only in case, spaces and hyphens left out (none: no line).
PERSON_LINES = rf"""concat_ws(E'\n',
        CASE WHEN {_not_folded("pe.name")} THEN pe.name END,
        CASE WHEN jsonb_typeof(pe.aliases) = 'array' THEN (
            SELECT jsonb_agg(spelling ORDER BY position)::text
            FROM jsonb_array_elements_text(pe.aliases) WITH ORDINALITY AS spellings (spelling, position)
            WHERE {_not_folded("spelling")}
        ) ELSE pe.aliases::text END,
        pe.name_key)"""
# What ``recount_kept_counts`` writes the searchable texts again with (services/kept_counts.py).
BACKFILL = search_text.backfill(joined.TEXT, PERSON_LINES)


def _rebuild(schema_editor, person_lines: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # No write may fall between the rows written again and the functions that write them.
    schema_editor.execute("LOCK TABLE meetings_meeting, meetings_participation, meetings_person IN SHARE MODE")
    for function in (search_text.write_function, search_text.truncate_function):
        schema_editor.execute(function(joined.TEXT, create="CREATE OR REPLACE", person_lines=person_lines))
    # Every row written again, the index built once over them (faster than row by row; no dead rows left behind).
    schema_editor.execute(f"DROP INDEX IF EXISTS {search_text.INDEX}")
    schema_editor.execute(f"TRUNCATE {search_text.TABLE}")
    schema_editor.execute(search_text.backfill(joined.TEXT, person_lines))
    schema_editor.execute(search_text.CREATE_INDEX)


def leave_out(apps, schema_editor):
    _rebuild(schema_editor, PERSON_LINES)


def keep_every_spelling(apps, schema_editor):
    _rebuild(schema_editor, search_text._PERSON_LINES)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0050_office_meetings_places"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meetingsearchtext",
            name="text",
            field=models.TextField(
                help_text="Title, place and participants' names, upper-cased, one per line; spaces written as q, "
                "hyphens as x; a name's spellings that differ from its folded form only in case, spaces and hyphens "
                "left out."
            ),
        ),
        migrations.RunPython(leave_out, keep_every_spelling),
    ]
