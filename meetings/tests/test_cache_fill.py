"""Figures of the whole data (the people's order, timelines, the network, the filter's countries) missing from the
cache after a write: one thread of a worker computes each, the others asking at once wait for it."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from meetings.page_cache import computed_once

# Long enough that every asker arrives while the first one computes (they all start at once).
COMPUTING_SECONDS = 0.3
ASKERS = 6


def test_a_figure_asked_for_by_several_threads_at_once_is_computed_once_and_given_to_all():
    cache.delete("diplo:test:order")
    computed = []
    arrived = threading.Barrier(ASKERS)

    def compute():
        computed.append(threading.get_ident())
        time.sleep(COMPUTING_SECONDS)
        return [3, 1, 2]

    def ask(_):
        arrived.wait()
        return computed_once("diplo:test:order", compute, 60)

    with ThreadPoolExecutor(ASKERS) as pool:
        given = list(pool.map(ask, range(ASKERS)))
    assert len(computed) == 1 and given == [[3, 1, 2]] * ASKERS
    assert cache.get("diplo:test:order") == [3, 1, 2]
    # Kept: asked again, it is read, not computed.
    assert computed_once("diplo:test:order", compute, 60) == [3, 1, 2] and len(computed) == 1


@pytest.mark.parametrize("figure", [[], None])
def test_a_figure_that_is_none_or_empty_is_kept_like_any_other(figure):
    cache.delete("diplo:test:nothing")
    computed = []

    def compute():
        computed.append(1)
        return figure

    for _ in range(3):
        assert computed_once("diplo:test:nothing", compute, 60) == figure
    assert computed == [1]
