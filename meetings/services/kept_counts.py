"""The counts PostgreSQL keeps on every write (PairContacts, CountryContacts, PersonContacts, PersonTimeline,
OfficeTimeline), counted again from scratch: after a load that bypassed their triggers (``pg_restore
--disable-triggers``, ``session_replication_role = replica``), or to check them (``manage.py recount_kept_counts
--check``).

Each table's recount is the statement its migration backfilled it with, so that there is one definition of what
each holds; the triggers of those migrations keep them current afterwards.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.db import connection, transaction

from meetings.models import CountryContacts, OfficeTimeline, PairContacts, PersonContacts, PersonTimeline
from meetings.services.locks import lock_storing

# Each kept table and the migration whose BACKFILL counts it from scratch.
_KEPT = (
    (PairContacts, "meetings.migrations.0011_pair_contacts"),
    (CountryContacts, "meetings.migrations.0012_country_contacts"),
    (PersonContacts, "meetings.migrations.0014_person_contacts"),
    (PersonTimeline, "meetings.migrations.0015_person_timeline"),
    (OfficeTimeline, "meetings.migrations.0017_office_timeline"),
)


@dataclass(frozen=True)
class Recount:
    table: str
    rows: int  # rows now stored
    differing: int  # rows that were missing, extra or different before the recount


def recount_kept_counts(*, check_only: bool = False) -> list[Recount]:
    """Count every kept table again and store the result (``check_only``: only say how many rows differ).

    PostgreSQL only (SQLite keeps no counts: an empty list). Holds the storing lock, so no import or edit writes
    meetings, participants or read-outs meanwhile; readers see the old counts until the new ones are committed."""
    if connection.vendor != "postgresql":
        return []
    with transaction.atomic():
        lock_storing()
        found = []
        with connection.cursor() as cursor:
            for model, migration in _KEPT:
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
