"""Each public meeting once for each of its participants (PersonMeeting), with its date, kind, status and review and
all its countries, kept by PostgreSQL triggers on every write; indexed in the meetings list's default order for each
person: what a list filtered by a person reads its first rows off (filters.kept_parts), as 0039 keeps a country's.

A list filtered by a person walked the meetings' order and probed each meeting for the person: the 5th page of a person
in 0.6 % of the contacts probed 40,000 meetings at 1,000,000 meetings (84 ms), and with a country the list hashed every
participant of the country against the person's. The index here holds each person's meetings in the list's order, and
each row the meeting's countries, kind, status and review, so that the country box in every mode and the list's
filters by those columns are tested in the index as well.

Written as 0039's rows are (its write_function and kept_triggers): a statement's meetings' rows written again from what
is stored, for a meeting inserted or deleted, or its date, kind, status, review or publicity changed, and a
participation inserted, deleted, or moved to another meeting, person or country (the country changes the meeting's
countries). A bulk load that disables the triggers writes them again: ``manage.py recount_kept_counts`` (the BACKFILL).

SQLite has the table and leaves it empty: its lists read the participants.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

pairs = importlib.import_module("meetings.migrations.0011_pair_contacts")
search_text = importlib.import_module("meetings.migrations.0036_meeting_search_text")
country_meetings = importlib.import_module("meetings.migrations.0039_country_meetings")

TABLE = "meetings_personmeeting"
COLUMNS = "meeting_id, person_id, date, kind, status, review_status, countries"
KEPT = "person_meetings"
INDEX = "person_meetings_latest"


def subjects_rows(subjects: str, subject: str, among: str, *, by_key: bool, also: tuple[str, ...] = ()) -> str:
    """The rows of a kept table of subjects' meetings (meeting_id, ``subject``, the meeting's date, kind, status and
    review, its countries joined as in CountryMeeting, '' when none is known) for the (meeting_id, ``subject``) pairs
    that ``subjects`` (a query) gives of public meetings; ``among``, a condition on participations ``p`` (their meetings
    among a trigger's, or ''), bounds the countries read. Each meeting read by its key for a trigger's few
    (``by_key``), joined for every one (a backfill). ``also``: more of the meeting's columns, last (0046: its title).
    0043 builds its offices' rows so too."""
    meeting = pairs.by_key("o.meeting_id") if by_key else "JOIN meetings_meeting m ON m.id = o.meeting_id"
    columns = "m.date, m.kind, m.status, m.review_status, coalesce(c.countries, '') AS countries"
    columns += country_meetings._also(also)
    return f"""
    SELECT o.meeting_id, o.{subject}, {columns}
    FROM ({subjects}) AS o
    {meeting}
    LEFT JOIN (
        SELECT p.meeting_id,
            string_agg(DISTINCT p.country, '{country_meetings.SEPARATOR}' ORDER BY p.country) AS countries
        FROM meetings_participation p WHERE p.country <> '' {among}
        GROUP BY p.meeting_id
    ) AS c ON c.meeting_id = o.meeting_id
    WHERE {pairs._public("m")}"""


def _rows(meetings: str | None, *, also: tuple[str, ...] = ()) -> str:
    """The rows (COLUMNS, then the meeting's columns ``also``) of the public meetings among ``meetings`` (a query of
    meeting ids, or None for every meeting), from what is stored: one for each participant."""
    among = "" if meetings is None else f"AND p.meeting_id IN ({meetings})"
    participants = f"SELECT p.meeting_id, p.person_id FROM meetings_participation p WHERE TRUE {among}"
    return subjects_rows(participants, "person_id", among, by_key=meetings is not None, also=also)


BACKFILL = f"""
INSERT INTO {TABLE} ({COLUMNS})
{_rows(None)}
"""

WRITE = country_meetings.write_function(KEPT, TABLE, COLUMNS, "person_id", _rows("SELECT unnest(meetings)"))

# The list's default order (as 0039's index) for each person, with the columns the list filters by.
CREATE_INDEX = (
    f"CREATE INDEX {INDEX} ON {TABLE} (person_id, date DESC NULLS LAST, meeting_id DESC) "
    "INCLUDE (countries, kind, status, review_status)"
)


def changed(*, also: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """The meetings whose rows a statement may have changed (0039's changed_meetings; ``also``: more of the meeting's
    columns the rows hold, 0046's and 0049's), a participation's by its meeting, person and country."""
    return country_meetings.changed_meetings("{row}.meeting_id, {row}.person_id, {row}.country", also=also)


def _triggers() -> list[str]:
    return country_meetings.kept_triggers(KEPT, TABLE, WRITE, changed())


def create(apps, schema_editor):
    search_text.create_indexed(schema_editor, _triggers(), BACKFILL, CREATE_INDEX)


def drop(apps, schema_editor):
    search_text.drop_indexed(schema_editor, KEPT, INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0039_country_meetings"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonMeeting",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "meeting", "person", blank=True, editable=False, primary_key=True, serialize=False
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
                    "person",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.person",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "person meetings",
            },
        ),
        migrations.RunPython(create, drop),
    ]
