"""Locks that make concurrent imports (and re-extractions) give exactly the result of running them one after another.

Two imports that store at once each miss the other's uncommitted rows: both insert the same article
(an IntegrityError), the same meeting (a duplicate) or the same discovered person. Each storing
transaction therefore takes, in this order (one order everywhere, so no two wait for each other):

1. the article's lock: the second import of a file waits, then finds it stored ("unchanged"). An import
   storing a batch of articles in one transaction waits only for its first article's lock and takes the
   others only if they are free (``lock_articles``): the batch ends before the first one another transaction
   holds. So no transaction ever waits for an article lock while holding another;
2. the storing lock, shared by everything that writes meetings, people or offices: a contact is
   matched against every meeting of every article, so two articles' contacts cannot be stored apart.
   On PostgreSQL every statement that writes meetings or participations takes it too, whatever runs it (an
   admin edit, the API), before any of its rows: the kept counts' triggers (migrations 0011, 0012, 0014) count
   from what is committed.

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


def lock_articles(*, slugs: list[str]) -> int:
    """Lock the articles ``slugs`` in order: wait for the first, take each next one only if it is free.

    Returns how many of them, from the first, this transaction now holds (at least one): the others are
    another transaction's, and waiting for them while holding these could deadlock with it.
    """
    if not slugs:
        return 0
    lock_article(slug=slugs[0])
    if connection.vendor != "postgresql" or len(slugs) == 1:
        return len(slugs)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(key) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(key, n) ORDER BY n",
            [[_key(_ARTICLE_LOCK + slug) for slug in slugs[1:]]],
        )
        taken = [row[0] for row in cursor.fetchall()]
    return 1 + (taken.index(False) if False in taken else len(taken))


def storing_lock_key() -> int:
    """The storing lock's key: PostgreSQL's triggers on meetings and participations take it too (migration 0010)."""
    return _key(_STORING_LOCK)


def lock_storing() -> None:
    """Wait until no other transaction stores meetings, people or offices; held until this transaction ends."""
    _advisory_xact_lock(_STORING_LOCK)
