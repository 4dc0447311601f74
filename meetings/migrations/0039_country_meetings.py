"""Each public meeting once for each country of its participants (CountryMeeting), with its date, kind, status and
review and all its countries, kept by PostgreSQL triggers on every write; indexed in the meetings list's default order
for each country: what a list filtered by countries reads its first rows off (filters.kept_parts).

A list filtered by a country walked the meetings' order and probed each meeting for a participant of the country: the
30th page of Mongolia's contacts (3 % of them) read 50,000 meetings at 1,000,000 meetings, that of Japan's alone with
North Korea's 385,000. The index here holds each country's meetings in the list's order, and each row the meeting's
countries, kind, status and review, so that the modes "all" (a meeting with each) and "only" (with no other) and the
list's filters by those columns are tested in the index as well.

Written by statement triggers (0011's, with their transition tables), a statement at a time: the rows of the meetings
it touched written again from what is stored (inserted, replaced where they differ, removed where the meeting is no
longer public or no longer has the country): a meeting inserted or deleted, or its date, kind, status, review or
publicity changed; a participation inserted, deleted, or moved to another meeting or country. Rows are written in key
order, so that two statements lock shared rows in one order (both run under the storing lock anyway: 0011's lock
trigger). A TRUNCATE of meetings or participations leaves no row. A bulk load that disables the triggers writes them again: ``manage.py
recount_kept_counts`` (the BACKFILL below).

SQLite has the table and leaves it empty: its lists read the participants.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# 0011's builders of statement triggers, 0036's of a kept table with an index (a migration's module name starts with
# a digit: imported by name).
pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")

TABLE = "meetings_countrymeeting"
COLUMNS = "meeting_id, country, date, kind, status, review_status, countries"
# The columns a meeting's rows take from it and its participants: written again where they differ.
WRITTEN_AGAIN = ("date", "kind", "status", "review_status", "countries")
KEPT = "country_meetings"
INDEX = "country_meetings_latest"
# As CountryMeeting.SEPARATOR.
SEPARATOR = ","


def _also(columns: tuple[str, ...]) -> str:
    """The meeting's ``columns`` (``m``), each after a comma, to follow a row's others."""
    return "".join(f", m.{column}" for column in columns)


def _rows(meetings: str, *, also: tuple[str, ...] = ()) -> str:
    """The rows (COLUMNS) of the public meetings among ``meetings`` (a query of meeting ids, or None for every meeting),
    from what is stored; each meeting read by its key (0011's ``by_key``) for a trigger's few, joined for every one
    (the backfill). ``also``: more of the meeting's columns, after COLUMNS (0045: its title)."""
    among = "" if meetings is None else f"AND p.meeting_id IN ({meetings})"
    meeting = "JOIN meetings_meeting m ON m.id = c.meeting_id" if meetings is None else pairs.by_key("c.meeting_id")
    return f"""
    SELECT c.meeting_id, present.country, m.date, m.kind, m.status, m.review_status, c.countries{_also(also)}
    FROM (
        SELECT p.meeting_id, string_agg(DISTINCT p.country, '{SEPARATOR}' ORDER BY p.country) AS countries
        FROM meetings_participation p WHERE p.country <> '' {among}
        GROUP BY p.meeting_id
    ) AS c
    {meeting}
    CROSS JOIN LATERAL unnest(string_to_array(c.countries, '{SEPARATOR}')) AS present(country)
    WHERE {pairs._public("m")}"""


BACKFILL = f"""
INSERT INTO {TABLE} ({COLUMNS})
{_rows(None)}
"""


def write_function(
    kept: str, table: str, columns: str, subject: str, rows: str, *, written_again: tuple[str, ...] = WRITTEN_AGAIN
) -> str:
    """The function ``meetings_<kept>_write(bigint[])`` that writes again the rows of ``table`` (keyed by the meeting
    and ``subject``, a column) of the meetings whose ids an array holds, from ``rows`` (a query of ``columns`` of the
    meetings among ``SELECT unnest(meetings)``): inserted, replaced where they differ (``written_again``), removed
    where none is stored. Used by 0040 for the people's rows."""
    return f"""
CREATE FUNCTION meetings_{kept}_write(meetings bigint[]) RETURNS void LANGUAGE sql AS $$
    WITH stored AS MATERIALIZED ({rows}),
    written AS (
        INSERT INTO {table} AS kept ({columns})
        SELECT {columns} FROM stored ORDER BY meeting_id, {subject}
        ON CONFLICT (meeting_id, {subject}) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in written_again)}
        WHERE ({", ".join(f"kept.{c}" for c in written_again)})
            IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in written_again)})
    )
    DELETE FROM {table} AS kept
    WHERE kept.meeting_id = ANY(meetings)
        AND NOT EXISTS (
            SELECT 1 FROM stored WHERE stored.meeting_id = kept.meeting_id AND stored.{subject} = kept.{subject}
        )
$$"""


# The function that writes again the rows of the meetings whose ids an array holds.
WRITE = write_function(KEPT, TABLE, COLUMNS, "country", _rows("SELECT unnest(meetings)"))


def changed_meetings(participant_columns: str, *, also: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """For each table and write, the meetings whose rows the statement may have changed, from its transition tables: a
    meeting's, when the fields its rows hold (and ``also``) or whether it is public changed; a participation's (both
    meetings of one moved), when it is inserted, deleted, or ``participant_columns`` of it (its meeting's and its
    subject's, as "{row}.meeting_id, {row}.country") changed."""
    fields = "n.date, n.kind, n.status, n.review_status, n.retired_at IS NULL" + "".join(f", n.{c}" for c in also)
    return {
        "meetings": {
            "insert": "SELECT id FROM new_rows",
            "delete": "SELECT id FROM old_rows",
            "update": f"""SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE ({fields}) IS DISTINCT FROM ({fields.replace("n.", "o.")})""",
        },
        "participations": {
            "insert": "SELECT meeting_id FROM new_rows",
            "delete": "SELECT meeting_id FROM old_rows",
            "update": f"""SELECT unnest(ARRAY[n.meeting_id, o.meeting_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE ({participant_columns.format(row="n")}) IS DISTINCT FROM ({participant_columns.format(row="o")})""",
        },
    }


def kept_triggers(
    kept: str,
    table: str,
    write: str,
    changed: dict[str, dict[str, str]],
    *,
    written: tuple[tuple[str, str], ...] = pairs.WRITTEN,
    refill: str | None = None,
) -> list[str]:
    """The function ``write`` (write_function), 0011's TRUNCATE function (which empties ``table``, and with ``refill``
    writes it again from what is left), and a statement trigger for each table and write of ``written`` (0011's:
    meetings and participations) that passes the meetings it ``changed`` (changed_meetings, and any other table's) to
    it."""

    def function(name: str, operation: str) -> str:
        return f"""
CREATE FUNCTION meetings_{kept}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_{kept}_write(ARRAY({changed[name][operation]}));
    RETURN NULL;
END $$;"""

    return [
        write,
        pairs.truncate_function(kept, table, refill=refill),
        *pairs.statement_triggers(
            kept,
            {name: (lambda operation, name=name: function(name, operation)) for _, name in written},
            written=written,
        ),
    ]


def changed(*, also: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """The meetings whose rows a statement may have changed (changed_meetings; ``also``: more of the meeting's columns
    the rows hold, 0045's and 0048's), a participation's by its meeting and country."""
    return changed_meetings("{row}.meeting_id, {row}.country", also=also)


def _triggers() -> list[str]:
    return kept_triggers(KEPT, TABLE, WRITE, changed())


# The list's default order (date descending, undated last, then id descending; migration 0016's
# ``meeting_public_order``) for each country, with the meeting's countries for the modes "all" and "only" and the
# columns the list filters by.
CREATE_INDEX = (
    f"CREATE INDEX {INDEX} ON {TABLE} (country, date DESC NULLS LAST, meeting_id DESC) "
    "INCLUDE (countries, kind, status, review_status)"
)


def create(apps, schema_editor):
    search_text.create_indexed(schema_editor, _triggers(), BACKFILL, CREATE_INDEX)


def drop(apps, schema_editor):
    search_text.drop_indexed(schema_editor, KEPT, INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0038_trigram_indexes_of_joined_words'),
    ]

    operations = [
        migrations.CreateModel(
            name='CountryMeeting',
            fields=[
                ('pk', models.CompositePrimaryKey('meeting', 'country', blank=True, editable=False, primary_key=True, serialize=False)),
                ('country', models.CharField(max_length=2)),
                ('date', models.DateField(help_text="The meeting's date, as the list orders by it.", null=True)),
                ('kind', models.CharField(max_length=20)),
                ('status', models.CharField(max_length=20)),
                ('review_status', models.CharField(max_length=20)),
                ('countries', models.TextField(help_text="Every country the meeting's participants have, in alphabetical order, joined by commas.")),
                ('meeting', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting')),
            ],
            options={
                'verbose_name_plural': 'country meetings',
            },
        ),
        migrations.RunPython(create, drop),
    ]
