"""Extraction of many articles in a worker process, so that it overlaps with the caller's database writes.

Extraction is pure CPU and needs only the text and the lexicon; the caller (the importer) spends
most of its time waiting for the database. With a second process the two proceed together.

The workers are forked from the importer, which has the extractor imported and the lexicon built: they start at
once, with nothing to import, compile or load. Spawned, each imported the extractor again (about 0.4 s of
compiling its patterns), read the lexicon from a file and built its automaton (longer the more people the
knowledge base holds) while the importer waited for its first results. A forked worker inherits the importer's
open database connection: it never uses it, and leaves through ``os._exit`` (as multiprocessing's forked
processes do), which sends nothing on it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tracemalloc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from meetings.extraction.lexicon import Lexicon
from meetings.extraction.pipeline import extract_article
from meetings.extraction.records import ArticleExtraction

# Below this many articles the importer extracts them itself. Both figures below were measured with spawned
# workers, whose start (importing the extractor, reading the lexicon, building its automaton: 0.2-0.5 s of CPU)
# cost about as much as extracting 20 articles; a forked worker has none of that to do, so they err on the side
# of fewer processes.
MIN_ARTICLES_FOR_WORKER = 40
# Articles per worker process. Past that a worker per core pays, the writer included (it mostly waits for the
# database): on 2 cores, whole import commands with two workers against one took x0.92 of the time for 40
# articles, x0.86 for 100, x0.81 for 400 recurring ones, x0.85 for 400 spread over three years and x0.82 for 400
# into a 100,000-meeting database.
ARTICLES_PER_WORKER = 20
# Articles handed to a worker at a time: few enough that the writer gets its first results at once.
CHUNKSIZE = 8


def pool_size(count: int) -> int:
    """Worker processes for ``count`` articles: one per core, each with ARTICLES_PER_WORKER articles or more (the
    writer mostly waits for the database)."""
    return max(1, min(os.cpu_count() or 1, count // ARTICLES_PER_WORKER))


_worker_lexicon: Lexicon | None = None


@dataclass(frozen=True)
class ExtractionFailure:
    """Extraction raised on one article; the others go on."""

    error: str


def _use_lexicon(lexicon: Lexicon) -> None:
    """The lexicon ``_extract`` reads: in this process, and in the workers forked from it afterwards."""
    global _worker_lexicon
    _worker_lexicon = lexicon


def _start_forked_worker() -> None:
    # A process tracing its allocations (tracemalloc) forks workers that trace theirs too, which made extraction
    # several times slower there; what the tracing measures is the importer's own memory.
    if tracemalloc.is_tracing():
        tracemalloc.stop()


def _extract(job: tuple[str, dt.date]) -> ArticleExtraction | ExtractionFailure:
    body, published = job
    try:
        return extract_article(body=body, published=published, lexicon=_worker_lexicon)
    except Exception as exc:  # reported per article by the caller, like any other failure
        return ExtractionFailure(f"{type(exc).__name__}: {exc}")


def extract_many(
    jobs: Iterable[tuple[str, dt.date]], *, lexicon: Lexicon, count: int
) -> Iterator[ArticleExtraction | ExtractionFailure]:
    """Extractions of (body, published) jobs, in order; in a worker process when there are enough of them."""
    if count < MIN_ARTICLES_FOR_WORKER:
        _use_lexicon(lexicon)
        yield from map(_extract, jobs)
        return
    _use_lexicon(lexicon.built())
    with multiprocessing.get_context("fork").Pool(processes=pool_size(count), initializer=_start_forked_worker) as pool:
        yield from pool.imap(_extract, jobs, chunksize=CHUNKSIZE)
