"""Each country's kept meetings (CountryMeeting, 0039) with their title, and indexed by it for each country: what a list
filtered by countries and sorted by title reads its first rows off, as it reads them off 0039's index by date.

Sorted by title, such a list walked the meetings' own title index and probed each for a participant of the country:
Mongolia's page 7 (3 % of the contacts) read 11,932 meetings for its first 351 rows at 1,000,000 meetings (17 ms),
North Korea's with Japan's alone (0.4 %) some 90,000 for page 7, and an office's or a person's lists the same (0046,
0047). The index here holds each country's meetings in title order with their countries, for the country box's modes.

The rows are written again with the title: 0039's triggers are made again (the same builders, the title one more column
written, and a meeting's title one more change that writes its rows again), the table emptied and written from what is
stored (faster than an update of every row), and the index built over it. 0046 and 0047 do the same for the people's and
the offices' rows (``KeptColumns``).

SQLite has the column and leaves the table empty.
"""

import importlib
from dataclasses import dataclass
from types import ModuleType

from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")
country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")

# The meeting's columns the rows take after 0039's: its title (last, as the table has it).
ALSO = ("title",)


@dataclass(frozen=True)
class KeptColumns:
    """A kept table of meetings with more of the meeting's columns, indexed by the last for each subject: ``kept_table``
    the migration that made the table (0039, 0040, 0043: its TABLE, KEPT, COLUMNS, ``_rows`` and ``changed``),
    ``subject`` its subject's column, ``also`` the meeting's columns after COLUMNS, ``index`` the new index's name,
    ``before`` the migration whose triggers these replace (its ``_triggers``, made again when it is undone),
    ``written`` the tables whose writes the triggers follow, ``refilled`` whether a TRUNCATE of one of them writes
    the rows again from the others (0043's offices' rows, which read-outs give as well). 0045-0050 are each one."""

    kept_table: ModuleType
    subject: str
    also: tuple[str, ...]
    index: str
    before: ModuleType
    written: tuple[tuple[str, str], ...] = pairs.WRITTEN
    refilled: bool = False

    @property
    def backfill(self) -> str:
        """Every row, from what is stored."""
        return f"""
INSERT INTO {self.kept_table.TABLE} ({self.columns})
{self.kept_table._rows(None, also=self.also)}
"""

    @property
    def columns(self) -> str:
        return ", ".join((self.kept_table.COLUMNS, *self.also))

    @property
    def write(self) -> str:
        """The function that writes again the rows of a statement's meetings, these columns among what differs
        (0039's write_function)."""
        return country_meetings.write_function(
            self.kept_table.KEPT,
            self.kept_table.TABLE,
            self.columns,
            self.subject,
            self.kept_table._rows("SELECT unnest(meetings)", also=self.also),
            written_again=(*country_meetings.WRITTEN_AGAIN, *self.also),
        )

    @property
    def create_index(self) -> str:
        """Each subject's rows in the list's order by the last column (ties by the meeting), with their countries for
        the country box's modes."""
        return (
            f"CREATE INDEX {self.index} ON {self.kept_table.TABLE} ({self.subject}, {self.also[-1]}, meeting_id) "
            "INCLUDE (countries)"
        )

    def triggers(self) -> list[str]:
        changed = self.kept_table.changed(also=self.also)
        refill = self.backfill if self.refilled else None
        return country_meetings.kept_triggers(
            self.kept_table.KEPT, self.kept_table.TABLE, self.write, changed, written=self.written, refill=refill
        )

    def create(self, apps, schema_editor) -> None:
        """The triggers dropped and made again, the rows written again, then the index built (PostgreSQL only)."""
        if schema_editor.connection.vendor != "postgresql":
            return
        kept = self.kept_table.KEPT
        pairs.drop_kept(
            schema_editor,
            [*pairs.dropped(kept, written=self.written), f"DROP FUNCTION IF EXISTS meetings_{kept}_write(bigint[])"],
        )
        schema_editor.execute(f"TRUNCATE {self.kept_table.TABLE}")
        search_text.create_indexed(
            schema_editor, self.triggers(), self.backfill, self.create_index, written=self.written
        )

    def drop(self, apps, schema_editor) -> None:
        """``create`` undone: the index dropped, ``before``'s triggers made again (the rows keep what they hold; the
        column is dropped after)."""
        if schema_editor.connection.vendor != "postgresql":
            return
        search_text.drop_indexed(schema_editor, self.kept_table.KEPT, self.index, written=self.written)
        for statement in self.before._triggers():
            schema_editor.execute(statement)


KEPT_COLUMNS = KeptColumns(country_meetings, "country", ALSO, "country_meetings_by_title", before=country_meetings)
BACKFILL, WRITE, CREATE_INDEX = KEPT_COLUMNS.backfill, KEPT_COLUMNS.write, KEPT_COLUMNS.create_index
_triggers = KEPT_COLUMNS.triggers


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
        migrations.RunPython(KEPT_COLUMNS.create, KEPT_COLUMNS.drop),
    ]
