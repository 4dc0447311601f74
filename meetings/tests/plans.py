"""Query plans in tests: which index PostgreSQL reads for a query, asked of tables of a few rows."""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.db import connection
from django.db.models import QuerySet


def plan_without(queryset: QuerySet, *methods: str, **options) -> str:
    """EXPLAIN of ``queryset`` with the planner's ``methods`` ("seqscan", "sort", …) turned off for it: a table of a few
    rows is cheaper to read whole or to sort, so the planner is asked what it would read otherwise. ``options``: as
    QuerySet.explain's (``analyze=True``: the plan as run, with its rows)."""
    with _turned_off(methods):
        return queryset.explain(**options)


def sql_plan_without(sql: str, *methods: str) -> str:
    """plan_without for a statement as a page ran it (a query captured with its parameters)."""
    with _turned_off(methods), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def sql_json_plan_without(sql: str, *methods: str, analyze: bool = False) -> dict:
    """sql_plan_without as EXPLAIN's JSON: the plan's top node, its children under "Plans"; ``analyze``: as run, with
    each node's rows and loops."""
    with _turned_off(methods), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def plan_nodes(node: dict):
    """A plan's node (EXPLAIN's JSON) and every node under it."""
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


@contextmanager
def _turned_off(methods: tuple[str, ...]):
    settings = [f"enable_{method}" for method in methods or ("seqscan",)]
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET {setting} = off" for setting in settings))
        try:
            yield
        finally:
            cursor.execute("; ".join(f"SET {setting} = on" for setting in settings))
