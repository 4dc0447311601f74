"""Locks that make concurrent imports (and re-extractions) give exactly the result of running them one after another.

Two imports that store at once each miss the other's uncommitted rows: both insert the same article
(an IntegrityError), the same meeting (a duplicate) or the same discovered person. Each storing
transaction therefore takes, in this order (one order everywhere, so no two wait for each other):

1. the article's lock: the second import of a file waits, then finds it stored ("unchanged");
2. the storing lock, shared by everything that writes meetings, people or offices: a contact is
   matched against every meeting of every article, so two articles' contacts cannot be stored apart.

PostgreSQL: transaction-scoped advisory locks, released at commit or rollback. SQLite locks the whole
database for each writing transaction (settings: IMMEDIATE transactions with a busy timeout), which
serialises the same way, so nothing is needed here.
"""

from __future__ import annotations

import hashlib

from django.db import connection

# Keys are hashed from these names, so another application sharing the database picks other keys.
_ARTICLE_LOCK = "diplo.import.article:"
_STORING_LOCK = "diplo.import.storing"


def _key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (Python's hash() differs between processes)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def _advisory_xact_lock(name: str) -> None:
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        # Outside a transaction the lock would be released as soon as it was taken.
        raise RuntimeError("an import lock is held by a transaction: call it inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])


def lock_article(*, slug: str) -> None:
    """Wait until no other transaction stores the article ``slug``; held until this transaction ends."""
    _advisory_xact_lock(_ARTICLE_LOCK + slug)


def lock_storing() -> None:
    """Wait until no other transaction stores meetings, people or offices; held until this transaction ends."""
    _advisory_xact_lock(_STORING_LOCK)
