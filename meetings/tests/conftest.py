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
