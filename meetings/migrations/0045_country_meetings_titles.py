"""Each country's kept meetings (CountryMeeting, 0039) with their title, and indexed by it for each country: what a list
filtered by countries and sorted by title reads its first rows off, as it reads them off 0039's index by date.

Sorted by title, such a list walked the meetings' own title index and probed each for a participant of the country:
Mongolia's page 7 (3 % of the contacts) read 11,932 meetings for its first 351 rows at 1,000,000 meetings (17 ms),
North Korea's with Japan's alone (0.4 %) some 90,000 for page 7, and an office's or a person's lists the same (0046,
0047). The index here holds each country's meetings in title order with their countries, for the country box's modes.

The rows are written again with the title: 0039's triggers are made again (the same builders, the title one more column
written, and a meeting's title one more change that writes its rows again), the table emptied and written from what is
stored (faster than an update of every row), and the index built over it. 0046 and 0047 do the same for the people's and
the offices' rows (``titled``).

SQLite has the column and leaves the table empty.
"""

import importlib

from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")
country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")

# The meeting's columns the rows take after 0039's: its title (last, as the table has it).
ALSO = ("title",)


def titled_statements(kept_table, subject: str, *, also: tuple[str, ...] = ALSO) -> tuple[str, str]:
    """(BACKFILL, WRITE) of a kept table of meetings with more of the meeting's columns (``also``: its title; 0048's
    its place too): ``kept_table`` the migration that made it (0039, 0040, 0043: its TABLE, KEPT, COLUMNS and
    ``_rows``), ``subject`` the column of its subject. Every row written from what is stored, and the function that
    writes again the rows of a statement's meetings, those columns among what differs (0039's write_function)."""
    columns = ", ".join((kept_table.COLUMNS, *also))
    backfill = f"""
INSERT INTO {kept_table.TABLE} ({columns})
{kept_table._rows(None, also=also)}
"""
    write = country_meetings.write_function(
        kept_table.KEPT,
        kept_table.TABLE,
        columns,
        subject,
        kept_table._rows("SELECT unnest(meetings)", also=also),
        written_again=(*country_meetings.WRITTEN_AGAIN, *also),
    )
    return backfill, write


TABLE = country_meetings.TABLE
KEPT = country_meetings.KEPT
INDEX = "country_meetings_by_title"
BACKFILL, WRITE = titled_statements(country_meetings, "country")

# Each country's rows in the list's order by title (ties by the meeting), with their countries for the box's modes.
CREATE_INDEX = f"CREATE INDEX {INDEX} ON {TABLE} (country, title, meeting_id) INCLUDE (countries)"


def _triggers() -> list[str]:
    changed = country_meetings.changed_meetings("{row}.meeting_id, {row}.country", also=ALSO)
    return country_meetings.kept_triggers(KEPT, TABLE, WRITE, changed)


def titled(schema_editor, *, kept: str, table: str, triggers: list[str], backfill: str, index: str, written) -> None:
    """A kept table of meetings (0039, 0040, 0043) with more of the meeting's columns (its title; 0048-0050 its place):
    its triggers dropped and made again (``triggers``), its rows written again (``backfill``), then ``index`` built
    (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    pairs.drop_kept(
        schema_editor,
        [*pairs.dropped(kept, written=written), f"DROP FUNCTION IF EXISTS meetings_{kept}_write(bigint[])"],
    )
    schema_editor.execute(f"TRUNCATE {table}")
    search_text.create_indexed(schema_editor, triggers, backfill, index, written=written)


def untitled(schema_editor, *, kept: str, index: str, triggers: list[str], written) -> None:
    """``titled`` undone: the index dropped, the earlier migration's ``triggers`` made again (the rows keep what they
    hold; the column is dropped after)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    search_text.drop_indexed(schema_editor, kept, index, written=written)
    for statement in triggers:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    titled(
        schema_editor, kept=KEPT, table=TABLE, triggers=_triggers(), backfill=BACKFILL, index=CREATE_INDEX,
        written=pairs.WRITTEN,
    )


def drop(apps, schema_editor):
    untitled(schema_editor, kept=KEPT, index=INDEX, triggers=country_meetings._triggers(), written=pairs.WRITTEN)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0044_people_without_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="countrymeeting",
            name="title",
            field=models.CharField(default="", help_text="The meeting's title.", max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(create, drop),
    ]
