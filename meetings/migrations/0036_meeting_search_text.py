"""Each meeting's searchable text on one row (MeetingSearchText), with a trigram index, kept by PostgreSQL triggers on
every write: where a search (meetings/search.py) looks for every word of a query in the title, the place and the
participants' names at once.

A word was looked for in the titles through their index and in the participants through the people's, then every
participation of the people found; a second word was tested on each of those meetings, a probe of its participants and
their people. "Kim Jong" read the 113,000 titles and 110,000 participations with a spelling of "Jong" (1.3 s with the
busiest office at 1,000,000 meetings, 0.35 s for a count alone). One index of the meetings' own text looks up both
words and intersects them before a row is read.

The text of a meeting is its title, its place, then for each participant (in the order of their ids) their name,
other spellings as stored (``aliases::text``, what the search read of them) and folded name (``name_key``), one per
line, upper-cased once when written so that no search upper-cases it again for each spelling of each word. A line
break between them keeps a spelling with a space ("Eui yong") from matching across two names.

Written by the triggers, a statement at a time (0011's statement triggers and their transition tables): a meeting
inserted, or its title or place changed; a participation inserted, deleted or moved to another person or meeting; a
person's name, other spellings or folded name changed, or a person inserted after their participations (the foreign
key is deferred); a meeting's row goes with it. Rows are written in meeting order, so that two statements lock shared
rows in one order. A TRUNCATE writes every row again. A bulk load that disables the triggers writes them again:
``manage.py recount_kept_counts`` (the BACKFILL below).

SQLite has the table and leaves it empty: its search reads the columns.
"""

import importlib

from django.db import migrations, models

# 0011's builders of statement triggers (a migration's module name starts with a digit: imported by name).
pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")

TABLE = "meetings_meetingsearchtext"
KEPT = "search_text"
INDEX = "meeting_search_text_trgm"
WRITTEN = (
    ("meetings_meeting", "meetings"),
    ("meetings_participation", "participations"),
    ("meetings_person", "person"),
)

# A participant's lines: what the search looked for in a person.
_PERSON_LINES = r"concat_ws(E'\n', pe.name, pe.aliases::text, pe.name_key)"
# A meeting's text from its own columns and its participants' lines (``names``), upper-cased.
_TEXT = r"UPPER(concat_ws(E'\n', m.title, NULLIF(m.location, ''), {names}))"


def _names(person_lines: str = _PERSON_LINES) -> str:
    """A meeting's participants' lines (``person_lines``), one after another (``p``: its participations; ``pe``: their
    people)."""
    return rf"string_agg({person_lines}, E'\n' ORDER BY pe.id)"


def _names_of_meeting(person_lines: str = _PERSON_LINES) -> str:
    """The same for the meeting ``m`` at hand."""
    return f"""(
        SELECT {_names(person_lines)} FROM meetings_participation p JOIN meetings_person pe ON pe.id = p.person_id
        WHERE p.meeting_id = m.id)"""


def backfill(text: str = _TEXT, person_lines: str = _PERSON_LINES) -> str:
    """The statement that writes every meeting's row, its text the expression ``text`` (of ``m`` and ``{names}``: its
    participants' ``person_lines``)."""
    return f"""
INSERT INTO {TABLE} (meeting_id, text)
SELECT m.id, {text.format(names="n.names")}
FROM meetings_meeting m LEFT JOIN (
    SELECT p.meeting_id, {_names(person_lines)} AS names
    FROM meetings_participation p JOIN meetings_person pe ON pe.id = p.person_id
    GROUP BY p.meeting_id
) AS n ON n.meeting_id = m.id
"""


BACKFILL = backfill()


def write_function(text: str = _TEXT, *, create: str = "CREATE", person_lines: str = _PERSON_LINES) -> str:
    """The function that writes again the rows of the meetings whose ids an array holds (inserted, or replaced where
    they differ), their text the expression ``text`` (its participants' ``person_lines``); ``create``: "CREATE OR
    REPLACE" to redefine it."""
    return f"""
{create} FUNCTION meetings_{KEPT}_write(meetings bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO {TABLE} AS kept (meeting_id, text)
    SELECT m.id, {text.format(names=_names_of_meeting(person_lines))}
    FROM meetings_meeting m WHERE m.id = ANY(meetings)
    ORDER BY m.id
    ON CONFLICT (meeting_id) DO UPDATE SET text = EXCLUDED.text WHERE kept.text IS DISTINCT FROM EXCLUDED.text
$$"""


def truncate_function(text: str = _TEXT, *, create: str = "CREATE", person_lines: str = _PERSON_LINES) -> str:
    """After a TRUNCATE of meetings, participations or people: every row written again from what is left."""
    return f"""{create} FUNCTION meetings_{KEPT}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM {TABLE};
                {backfill(text, person_lines)};
                RETURN NULL;
            END $$"""


# For each table and write, the meetings whose text the statement may have changed, from its transition tables.
_CHANGED = {
    "meetings": {
        "insert": "SELECT id FROM new_rows",
        "update": """SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.title IS DISTINCT FROM o.title OR n.location IS DISTINCT FROM o.location""",
    },
    "participations": {
        "insert": "SELECT meeting_id FROM new_rows",
        "delete": "SELECT meeting_id FROM old_rows",
        "update": """SELECT n.meeting_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE n.person_id <> o.person_id OR n.meeting_id <> o.meeting_id
                     UNION SELECT o.meeting_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE n.person_id <> o.person_id OR n.meeting_id <> o.meeting_id""",
    },
    "person": {
        # A person stored after their participations (the foreign key is deferred), or deleted before them.
        "insert": "SELECT p.meeting_id FROM meetings_participation p WHERE p.person_id IN (SELECT id FROM new_rows)",
        "delete": "SELECT p.meeting_id FROM meetings_participation p WHERE p.person_id IN (SELECT id FROM old_rows)",
        "update": """SELECT p.meeting_id FROM meetings_participation p WHERE p.person_id IN (
                         SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE n.name IS DISTINCT FROM o.name OR n.aliases::text IS DISTINCT FROM o.aliases::text
                             OR n.name_key IS DISTINCT FROM o.name_key)""",
    },
}


def _function(name: str, operation: str) -> str:
    if name == "meetings" and operation == "delete":
        body = f"DELETE FROM {TABLE} WHERE meeting_id IN (SELECT id FROM old_rows);"
    else:
        body = f"PERFORM meetings_{KEPT}_write(ARRAY({_CHANGED[name][operation]}));"
    return f"""
CREATE FUNCTION meetings_{KEPT}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {body}
    RETURN NULL;
END $$;"""


def _triggers() -> list[str]:
    return [
        write_function(),
        truncate_function(),
        *pairs.statement_triggers(
            KEPT,
            {name: (lambda operation, name=name: _function(name, operation)) for _, name in WRITTEN},
            written=WRITTEN,
        ),
    ]


CREATE_INDEX = f"CREATE INDEX {INDEX} ON {TABLE} USING gin (text gin_trgm_ops)"


def create_indexed(schema_editor, statements: list[str], backfill: str, index: str, *, written=pairs.WRITTEN) -> None:
    """0011's create_kept, then the index ``index`` (a CREATE INDEX statement) over the rows (PostgreSQL only).
    Migration 0039 builds its kept rows so too."""
    pairs.create_kept(schema_editor, statements, backfill, written=written)
    if schema_editor.connection.vendor == "postgresql":  # built once the rows are in: faster than row by row
        schema_editor.execute(index)


def drop_indexed(schema_editor, kept: str, index: str, *, written=pairs.WRITTEN) -> None:
    """What create_indexed made, with a ``meetings_{kept}_write(bigint[])`` function, dropped."""
    pairs.drop_kept(
        schema_editor,
        [
            *pairs.dropped(kept, written=written),
            f"DROP FUNCTION IF EXISTS meetings_{kept}_write(bigint[])",
            f"DROP INDEX IF EXISTS {index}",
        ],
    )


def create(apps, schema_editor):
    create_indexed(schema_editor, _triggers(), BACKFILL, CREATE_INDEX, written=WRITTEN)


def drop(apps, schema_editor):
    drop_indexed(schema_editor, KEPT, INDEX, written=WRITTEN)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0035_people_sorted_by_kept_figures"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingSearchText",
            fields=[
                (
                    "meeting",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="meetings.meeting",
                    ),
                ),
                ("text", models.TextField(help_text="Title, place and participants' names, upper-cased, one per line.")),
            ],
            options={
                "verbose_name_plural": "meeting search texts",
            },
        ),
        migrations.RunPython(create, drop),
    ]
