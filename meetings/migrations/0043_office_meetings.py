"""Each public meeting once for each of its offices (OfficeMeeting): the offices its participants took part for and
those that gave a read-out of it, as the office filter counts them, with the meeting's date, kind, status and review
and all its countries, kept by PostgreSQL triggers on every write; indexed in the meetings list's default order for
each office: what a list filtered by an office box reads its first rows off (filters.kept_parts), as 0039 keeps a
country's and 0040 a person's.

A list filtered by an office walked the meetings' order for the office's participants and read-outs: the 20th page of
an agency in 4 % of the contacts probed some 25,000 meetings at 1,000,000 (47 ms; 18 at 10,000), and the 10th page of a
news agency hashed its 31,000 participations against 87,000 entries of the order (44 ms).

Written as 0039's rows are (its write_function and kept_triggers), on meetings, participations (moved to another
meeting or office, or another country: the meeting's countries) and read-outs (moved to another meeting or issuer).
Read-outs are written under the storing lock already (0017's ``office_timeline_lock``). A TRUNCATE of any of the three
tables writes every row again from what the others hold (0017's way: a table of read-outs emptied leaves the offices
of the participants). A bulk load that disables the triggers writes them again: ``manage.py recount_kept_counts``.

SQLite has the table and leaves it empty: its lists read the participants and read-outs.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")
country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")
person_meetings = importlib.import_module("meetings.migrations.0040_person_meetings")

TABLE = "meetings_officemeeting"
COLUMNS = "meeting_id, organization_id, date, kind, status, review_status, countries"
KEPT = "office_meetings"
INDEX = "office_meetings_latest"
WRITTEN = (*pairs.WRITTEN, ("meetings_readout", "readouts"))


def _rows(meetings: str | None, *, also: tuple[str, ...] = ()) -> str:
    """The rows (COLUMNS, then the meeting's columns ``also``) of the public meetings among ``meetings`` (a query of
    meeting ids, or None for every meeting), from what is stored: one for each office of a participant or of a
    read-out (0040's subjects_rows)."""
    among = "" if meetings is None else f"AND p.meeting_id IN ({meetings})"
    offices = f"""SELECT p.meeting_id, p.organization_id FROM meetings_participation p
        WHERE p.organization_id IS NOT NULL {among}
        UNION SELECT p.meeting_id, p.issuer_id FROM meetings_readout p WHERE TRUE {among}"""
    return person_meetings.subjects_rows(offices, "organization_id", among, by_key=meetings is not None, also=also)


BACKFILL = f"""
INSERT INTO {TABLE} ({COLUMNS})
{_rows(None)}
"""

WRITE = country_meetings.write_function(KEPT, TABLE, COLUMNS, "organization_id", _rows("SELECT unnest(meetings)"))

# The list's default order (as 0039's index) for each office, with the columns the list filters by.
CREATE_INDEX = (
    f"CREATE INDEX {INDEX} ON {TABLE} (organization_id, date DESC NULLS LAST, meeting_id DESC) "
    "INCLUDE (countries, kind, status, review_status)"
)


def changed(*, also: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """The meetings whose rows a statement may have changed (0039's changed_meetings, the meeting's columns ``also``
    among what changes them: 0047's and 0050's), and a read-out's."""
    return {
        **country_meetings.changed_meetings("{row}.meeting_id, {row}.organization_id, {row}.country", also=also),
        "readouts": {
            "insert": "SELECT meeting_id FROM new_rows",
            "delete": "SELECT meeting_id FROM old_rows",
            "update": """SELECT unnest(ARRAY[n.meeting_id, o.meeting_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE (n.meeting_id, n.issuer_id) IS DISTINCT FROM (o.meeting_id, o.issuer_id)""",
        },
    }


def _triggers() -> list[str]:
    # Emptying any of the three tables leaves what the others hold: every row written again.
    return country_meetings.kept_triggers(KEPT, TABLE, WRITE, changed(), written=WRITTEN, refill=BACKFILL)


def create(apps, schema_editor):
    search_text.create_indexed(schema_editor, _triggers(), BACKFILL, CREATE_INDEX, written=WRITTEN)


def drop(apps, schema_editor):
    search_text.drop_indexed(schema_editor, KEPT, INDEX, written=WRITTEN)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0042_country_meetings_by_kind"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfficeMeeting",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "meeting", "organization", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("date", models.DateField(help_text="The meeting's date, as the list orders by it.", null=True)),
                ("kind", models.CharField(max_length=20)),
                ("status", models.CharField(max_length=20)),
                ("review_status", models.CharField(max_length=20)),
                (
                    "countries",
                    models.TextField(
                        help_text="Every country the meeting's participants have, in alphabetical order, joined by "
                        "commas."
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.organization",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "office meetings",
            },
        ),
        migrations.RunPython(create, drop),
    ]
