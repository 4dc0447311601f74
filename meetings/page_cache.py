"""Public pages served from Django's cache under the data version: a cached page is never stale.

Every write to the meetings data raises the data version (``DataVersion``, database triggers: migration
0010), in the writing transaction. A page is cached under the version read before it was rendered, so
once a write is committed every reader reads the new version and renders afresh; the old entries are
never asked for again and age out. ``PAGE_CACHE_SECONDS`` is how long an entry may be kept at most
(0: no page cache).

A cached view costs one query (the version) and a cache read. Only GET requests answered 200 are
cached, keyed on the whole address (scheme, host, path, parameters); the public pages are the same for
everybody (no user, session or CSRF token in them), so editors get them too, and see their edits at once.
CSV exports stream and are never cached. A cached page keeps its ETag (a hash of its content) and a copy
compressed with gzip, sent to a client that accepts it: a stacked timeline page of 1.3 MB travels as
some 120 KB. A browser or feed reader that asks again with the ETag (If-None-Match) is answered 304 Not
Modified, with no body, until the page changes (a feed's Last-Modified answers If-Modified-Since too).
Without the page cache (``make run``), pages have no ETag and no 304: each view renders the page anyway.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

from meetings.models import DataVersion


def page_cache_seconds() -> int:
    """How long a public page may be kept in the cache at most (``PAGE_CACHE_SECONDS``; 0: never)."""
    return settings.PAGE_CACHE_SECONDS


_VERSION_SQL = "SELECT number, changed FROM meetings_dataversion WHERE id = 1"

# The data version the page being rendered is cached under (None: no page cache).
_rendering_at: ContextVar[str | None] = ContextVar("diplo_page_data_version", default=None)


def data_version() -> str:
    """The data's version: changes with every committed write to the meetings data, and never comes back.

    Read from the database a router sends the model's reads to, as it sends the page's own (a replica has the
    version of the data it has); one raw query, since it is most of what a cached page costs."""
    with connections[router.db_for_read(DataVersion)].cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    if row is None:
        return "0"  # no write since the table was emptied (a test database's flush)
    number, changed = row
    return f"{number}@{str(changed).replace(' ', 'T')}"  # no space: it ends cache keys (versioned)


def versioned(key: str) -> str:
    """The cache key of figures a page derives from the whole data (a timeline, the people's order): with the page
    cache on, under the version the page is cached under, so that a page kept until the data changes never shows
    figures older than it; without it, the figures' own lifetime bounds them, as before."""
    version = _rendering_at.get()
    return key if version is None else f"{key}@{version}"


_Figure = TypeVar("_Figure")
_MISSING = object()
# The figures being computed in this process, each with the lock its other askers wait on.
_computing: dict[str, threading.Lock] = {}
_computing_guard = threading.Lock()


def computed_once(key: str, compute: Callable[[], _Figure], timeout: int) -> _Figure:
    """``cache.get_or_set(key, compute, timeout)``, with one thread of this process computing a missing figure while
    its other threads that ask for it wait and read what it stored. After a write every figure of the whole data is
    missing, and a worker's threads serving its first views each computed it at once: the people's order at a
    million meetings is 0.2 s of CPU, and four threads of one worker took a second together (p99 of the people list
    1-2 s under load). Each process still computes its own with a per-process cache (LocMemCache)."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    with _computing_guard:
        lock = _computing.setdefault(key, threading.Lock())
    try:
        with lock:
            value = cache.get(key, _MISSING)
            if value is _MISSING:
                value = compute()
                cache.set(key, value, timeout)
            return value
    finally:
        with _computing_guard:  # keys change with every data version: none is kept once computed
            if _computing.get(key) is lock:
                del _computing[key]


def kept_exactly(key: str, compute: Callable[[], _Figure], timeout: int) -> _Figure:
    """``compute()`` kept under the data version it is exact at (``computed_once`` under ``key`` and the version),
    which never shows a figure older than the data a reader sees, where ``versioned`` may without the page cache: the
    version the page being rendered is cached under, else read now (one query), before the figure is computed. Inside
    a transaction (a test's, a management command's) computed afresh: its writes raise the version only at commit
    (migration 0010), and a figure it kept under the version before them would be stale."""
    version = _rendering_at.get()
    if version is None:
        if connections[router.db_for_read(DataVersion)].in_atomic_block:
            return compute()
        version = data_version()
    return computed_once(f"{key}@{version}", compute, timeout)


def _key(request, version: str) -> str:
    page = hashlib.sha256(f"{version} {request.build_absolute_uri()}".encode()).hexdigest()
    # "2": what _kept keeps (with its compressed copy); a shared cache (several hosts) may still hold the old shape.
    return f"diplo:page2:{page}"


def public_page(view):
    """A reader's page, served from the cache while the data has not changed (see the module's docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        response = _page(view, request, *args, **kwargs)
        # A browser, feed reader or proxy may keep the page but asks again before showing it (a 304 while it is
        # unchanged), never taking it for fresh from its age: without this, a feed whose latest entry is a month old
        # may be shown for days from a heuristic (a tenth of its Last-Modified's age). Cached or not, found or not.
        patch_cache_control(response, no_cache=True)
        return response

    return cached_view


def _page(view, request, *args, **kwargs) -> HttpResponse:
    """A GET or HEAD of a public page: kept, or rendered and kept (a GET answered 200), or rendered alone."""
    seconds = page_cache_seconds()
    if seconds <= 0:
        return view(request, *args, **kwargs)
    version = data_version()  # before rendering: the page then shows this version or a later one
    key = _key(request, version)
    kept = cache.get(key)
    if kept is not None:
        return _served(request, kept)
    rendering = _rendering_at.set(version)
    try:
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render"):
                response.render()  # here, while the figures it reads are keyed on the version
            kept = _kept(response)
            cache.set(key, kept, seconds)
            response = _served(request, kept)
    finally:
        _rendering_at.reset(rendering)
    return response


# Shorter than this, a page is not worth compressing (GZipMiddleware's own threshold).
MIN_COMPRESSED_BYTES = 200
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _kept(response: HttpResponse) -> tuple[bytes, bytes | None, dict[str, str]]:
    """What the cache keeps of a page: its content, the same compressed with gzip (None where that is no shorter), and
    its headers with an ETag, each made once for every view of the page until the data changes. A timeline page of
    a megabyte compresses to a tenth or less in some 17 ms, which every view would pay again, and hashing it (the ETag)
    costs a millisecond. A public page holds no secret (no session, user or CSRF token) for a compressed reply to
    give away (BREACH), so it is compressed without the random padding GZipMiddleware adds."""
    set_response_etag(response)
    content = response.content
    compressed = compress_string(content) if len(content) >= MIN_COMPRESSED_BYTES else None
    if compressed is not None and len(compressed) >= len(content):
        compressed = None
    return content, compressed, dict(response.headers)


def _served(request, kept: tuple[bytes, bytes | None, dict[str, str]]) -> HttpResponse:
    """The kept page, compressed for a client that accepts gzip (its ETag weak, as GZipMiddleware marks it); 304 Not
    Modified, with no body, for a client that has it: that sends its ETag back (If-None-Match), or a date no older
    than a feed's Last-Modified (If-Modified-Since), as ConditionalGetMiddleware answers."""
    content, compressed, headers = kept
    response = HttpResponse(content, headers=headers)
    if compressed is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
        if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = compressed
            response.headers["Content-Encoding"] = "gzip"
            response.headers["ETag"] = f"W/{response.headers['ETag']}"
    if request.method != "GET":
        return response
    last_modified = parse_http_date_safe(response.headers.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.headers.get("ETag"), last_modified=last_modified, response=response
    )
