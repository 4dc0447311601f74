"""Fixtures for every test of the app."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: figures cached by one test's pages must not show in another's."""
    cache.clear()
    yield
    cache.clear()
