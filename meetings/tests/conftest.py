"""Fixtures for every test of the app."""

import pytest
from django.core.cache import cache

# Every module of the site loaded before any test runs. Some bind a constant by name (``from meetings.pagination
# import COUNT_CAP``) that tests patch where it is defined; a module first loaded inside such a test (the first request
# of a test process loads the URLconf and the views) kept the patched value for every later test of the process, and
# the query counts of the home page then depended on which test a process ran first.
import diplo.urls  # noqa: F401


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: figures cached by one test's pages must not show in another's."""
    cache.clear()
    yield
    cache.clear()


# The planner's sizes and statistics of a test database as migrations leave it (pg_class' rows, pages and visible
# pages of each table and index; no column or extended statistics), restored before each test. ANALYZE writes them in
# place, outside the transaction a test runs in, so a test that measured the archive (as the lists' decisions read
# it: filters._ARCHIVE_ROWS, search._shares_in_sources) left its sizes to every later test of its process, and which
# tests a process ran before decided the path of a later one's list. A test that needs statistics takes them itself
# (ANALYZE in the test).
_KEEP_AS_MIGRATED = """
    CREATE TEMPORARY TABLE as_migrated AS
    SELECT oid, reltuples, relpages, relallvisible FROM pg_class WHERE relnamespace = current_schema()::regnamespace
"""
_AS_MIGRATED = """
    WITH statistics AS (
        DELETE FROM pg_statistic WHERE starelid IN (SELECT oid FROM as_migrated)
    ), extended AS (
        DELETE FROM pg_statistic_ext_data
        WHERE stxoid IN (SELECT oid FROM pg_statistic_ext WHERE stxrelid IN (SELECT oid FROM as_migrated))
    )
    UPDATE pg_class SET reltuples = m.reltuples, relpages = m.relpages, relallvisible = m.relallvisible
    FROM as_migrated m
    WHERE pg_class.oid = m.oid
      AND (pg_class.reltuples, pg_class.relpages, pg_class.relallvisible)
          IS DISTINCT FROM (m.reltuples, m.relpages, m.relallvisible)
"""


@pytest.fixture(scope="session")
def _statistics_restorer(django_db_setup, django_db_blocker):
    """A connection of its own to this process's test database (PostgreSQL), committing at once, that may write the
    catalogs (a superuser's), with the sizes as migrated (_KEEP_AS_MIGRATED); None otherwise, and the statistics are
    left as they are."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield None
        return
    import psycopg

    with django_db_blocker.unblock():
        params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    restorer = psycopg.connect(**params, autocommit=True)
    superuser = restorer.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
    if superuser:
        restorer.execute(_KEEP_AS_MIGRATED)
    yield restorer if superuser else None
    restorer.close()


@pytest.fixture(autouse=True)
def statistics_as_migrated(request):
    """Each test that uses the database starts with the planner's sizes and statistics as migrated (_AS_MIGRATED),
    whatever an earlier test of the process analysed. Written on a connection of its own before the test's
    statements, so that no transaction of the test's holds it back."""
    if not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ) and not request.node.get_closest_marker("django_db"):
        return
    restorer = request.getfixturevalue("_statistics_restorer")
    if restorer is not None:
        restorer.execute(_AS_MIGRATED)
