"""Extraction of many articles in a worker process, so that it overlaps with the caller's database writes.

Extraction is pure CPU and needs only the text and the lexicon; the caller (the importer) spends
most of its time waiting for the database. With a second process the two proceed together. The
worker is spawned, not forked: it inherits no open database connection.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from meetings.extraction.lexicon import Lexicon
from meetings.extraction.pipeline import extract_article
from meetings.extraction.records import ArticleExtraction

# Below this many articles a worker's start-up (about a tenth of a second) costs more than it saves.
MIN_ARTICLES_FOR_WORKER = 40
# Articles per worker process. A worker's start (importing the extractor, reading the lexicon, building its
# automaton) costs 0.2-0.5 s of CPU, more with a large knowledge base: about as much as extracting 20 articles.
# Past that a worker per core pays, the writer included (it mostly waits for the database): on 2 cores, whole
# import commands with two workers against one took x0.92 of the time for 40 articles, x0.86 for 100, x0.81 for
# 400 recurring ones, x0.85 for 400 spread over three years and x0.82 for 400 into a 100,000-meeting database.
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


def _init_worker(lexicon: Lexicon) -> None:
    global _worker_lexicon
    _worker_lexicon = lexicon


def _init_worker_from(path: str) -> None:
    with open(path, "rb") as stored:
        _init_worker(pickle.load(stored))


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
        _init_worker(lexicon)
        yield from map(_extract, jobs)
        return
    context = multiprocessing.get_context("spawn")
    # The lexicon goes to the workers as a file each reads as it starts: given as the initializer's argument, it was
    # pickled once per worker and written down each one's pipe, the importer blocked until that worker had started
    # and read it (0.5 s with the 10,000 people of a 100,000-meeting database, 4.6 s with 100,000 people).
    with tempfile.NamedTemporaryFile(prefix="diplo-lexicon-", suffix=".pickle") as stored:
        pickle.dump(lexicon, stored, protocol=pickle.HIGHEST_PROTOCOL)
        stored.flush()
        with context.Pool(processes=pool_size(count), initializer=_init_worker_from, initargs=(stored.name,)) as pool:
            yield from pool.imap(_extract, jobs, chunksize=CHUNKSIZE)
