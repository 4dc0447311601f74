"""The counts PostgreSQL keeps on every write (PairContacts, PairTotals, CountryContacts, PersonContacts,
PersonWithoutContacts, PersonTimeline, OfficeTimeline, OfficePerson, CountryTotals; and MeetingSearchText, the
meetings' searchable text, and CountryMeeting, PersonMeeting and OfficeMeeting, each country's, person's and office's
meetings in the lists' order), counted again from scratch: after a load that bypassed their triggers (``pg_restore
--disable-triggers``, ``session_replication_role = replica``), or to check them (``manage.py recount_kept_counts
--check``); and a bulk load that turns their triggers off and counts once at its end (``counted_after_load``).

Each table's recount is the statement its migration backfilled it with, so that there is one definition of what
each holds; the triggers of those migrations keep them current afterwards.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from meetings.models import (
    CountryContacts,
    CountryMeeting,
    CountryTotals,
    MeetingSearchText,
    OfficeMeeting,
    OfficePerson,
    OfficeTimeline,
    PairContacts,
    PairTotals,
    PersonContacts,
    PersonMeeting,
    PersonTimeline,
    PersonWithoutContacts,
)
from meetings.services.locks import lock_storing

# Each kept table, the migration whose BACKFILL counts it from scratch, and the name its write triggers start with
# (``{name}_insert``, ``_update``, ``_delete`` on meetings, participations and, for some, read-outs or posts).
_KEPT = (
    (PairContacts, "meetings.migrations.0011_pair_contacts", "pair_contacts"),
    # Summed from PairContacts: counted after it.
    (PairTotals, "meetings.migrations.0054_pair_totals", "pair_totals"),
    (CountryContacts, "meetings.migrations.0012_country_contacts", "country_contacts"),
    (PersonContacts, "meetings.migrations.0014_person_contacts", "person_contacts"),
    # The people PersonContacts has no row of: counted after it.
    (PersonWithoutContacts, "meetings.migrations.0044_people_without_contacts", "people_without_contacts"),
    (PersonTimeline, "meetings.migrations.0015_person_timeline", "person_timeline"),
    (OfficeTimeline, "meetings.migrations.0017_office_timeline", "office_timeline"),
    (OfficePerson, "meetings.migrations.0025_office_people_sorts", "office_people"),
    # Summed from CountryContacts and PersonContacts: counted after them.
    (CountryTotals, "meetings.migrations.0034_country_totals", "country_totals"),
    # Not a count: each meeting's searchable text, kept by the same kind of triggers and written again the same way.
    (MeetingSearchText, "meetings.migrations.0051_search_text_without_folded_spellings", "search_text"),
    # Nor this: each public meeting's countries, in the lists' order for each country.
    (CountryMeeting, "meetings.migrations.0048_country_meetings_places", "country_meetings"),
    # And each public meeting's participants, in the lists' order for each person, and its offices for each office.
    (PersonMeeting, "meetings.migrations.0049_person_meetings_places", "person_meetings"),
    (OfficeMeeting, "meetings.migrations.0050_office_meetings_places", "office_meetings"),
)
# The writes each kept count has a trigger for, named as 0011's statement_triggers() names them.
WRITES = importlib.import_module("meetings.migrations.0011_pair_contacts").OPERATIONS


@dataclass(frozen=True)
class Recount:
    table: str
    rows: int  # rows now stored
    differing: int  # rows that were missing, extra or different before the recount


def recount_kept_counts(*, check_only: bool = False) -> list[Recount]:
    """Count every kept table again and store the result (``check_only``: only say how many rows differ).

    PostgreSQL only (SQLite keeps no counts: an empty list). Holds the storing lock, so no import or edit writes
    meetings, participants or read-outs meanwhile (posts are not under it: an editor's post saved during a recount
    may need another); readers see the old counts until the new ones are committed."""
    if connection.vendor != "postgresql":
        return []
    with transaction.atomic():
        lock_storing()
        found = []
        with connection.cursor() as cursor:
            for model, migration, _ in _KEPT:
                table = model._meta.db_table
                columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]  # not a serial id
                listed = ", ".join(columns)
                cursor.execute(f"CREATE TEMPORARY TABLE recounted AS SELECT {listed} FROM {table} WITH NO DATA")
                backfill = importlib.import_module(migration).BACKFILL
                cursor.execute(backfill.replace(f"INSERT INTO {table}", "INSERT INTO recounted", 1))
                cursor.execute(
                    f"SELECT count(*) FROM ((SELECT {listed} FROM {table} EXCEPT ALL SELECT {listed} FROM recounted)"
                    f" UNION ALL (SELECT {listed} FROM recounted EXCEPT ALL SELECT {listed} FROM {table})) AS d"
                )
                differing = cursor.fetchone()[0]
                if differing and not check_only:
                    cursor.execute(f"DELETE FROM {table}")
                    cursor.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM recounted")
                cursor.execute(f"SELECT count(*) FROM {table}")
                found.append(Recount(table, cursor.fetchone()[0], differing))
                cursor.execute("DROP TABLE recounted")
        return found


@contextmanager
def counted_after_load() -> Iterator[None]:
    """For a bulk load (``generate_demo_data``): the kept counts' write triggers are off while the body writes, and
    every kept table is counted once from scratch when it is done, all in one transaction.

    A statement's triggers count its rows by difference, which is right for an import's few hundred rows and slow
    for a COPY of hundreds of thousands (each row's meeting looked up by key, five times over). Turning them off
    is part of the transaction: if the body fails, they are on again with nothing written. The storing lock keeps
    imports and edits out meanwhile; readers see the old counts until the commit. Nothing to do on SQLite, which
    keeps no counts."""
    if connection.vendor != "postgresql":
        yield
        return
    names = [f"{name}_{write}" for _, _, name in _KEPT for write in WRITES]
    with transaction.atomic():
        lock_storing()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)"
                " ORDER BY 1, 2",
                [names],
            )
            triggers = cursor.fetchall()
            _check_foreign_keys_now(cursor)
            for table, trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        yield
        with connection.cursor() as cursor:
            _check_foreign_keys_now(cursor)
            for table, trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            for model, migration, _ in _KEPT:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
                cursor.execute(importlib.import_module(migration).BACKFILL)


def _check_foreign_keys_now(cursor) -> None:
    """The checks of foreign keys written so far in the transaction, run now: Django declares them deferred to the
    commit, and PostgreSQL alters no table while checks are pending. Later writes are deferred again."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
