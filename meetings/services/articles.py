"""Import article files: read, validate, store the Article, extract and store its records.

One transaction per article: a file that fails at any step leaves nothing behind,
and the other files still import.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import stat
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.extraction import extract_article
from meetings.extraction.lexicon import Lexicon
from meetings.extraction.parallel import ExtractionFailure, extract_many
from meetings.extraction.parsing import ArticleFormatError, ParsedArticle, decode_article, parse_article
from meetings.extraction.records import ArticleExtraction
from meetings.models import Article
from meetings.services.extraction import StoreResult, store_extractions
from meetings.services.headlines import cut_title, headline_of
from meetings.services.knowledge_base import build_lexicon, ensure_knowledge_base
from meetings.services.locks import lock_articles
from meetings.services.sources import MANIFEST_NAME, Manifest, SourceDetails, SourceError, read_manifest, split_header

ARTICLE_SUFFIX = ".txt"

# The largest article file an import takes. A news story is 2-20 KB and a full transcript of a press
# briefing about 100 KB; a file ten times that is no article but a dump or a mistake, and extracting it would
# hold an import for many seconds and hundreds of MB (10 MB: 22 s, 241 MB). Past it, one error names the file.
MAX_ARTICLE_BYTES = 1024 * 1024

# Articles an import stores in one transaction. Per article, a commit (a flush to disk) and a round trip
# for each lookup cost more than storing its rows; a batch pays them once. A batch holds the storing lock
# for its whole transaction (about a tenth of a second at this size), which is what a concurrent import
# or an editor's re-extraction may wait.
IMPORT_BATCH = 50

logger = logging.getLogger(__name__)


class ArticleImportError(Exception):
    """A file could not be imported; ``str()`` names the file and the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def first_line(exc: BaseException) -> str:
    """An exception's message cut to its first line: database drivers add hints and context below it."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    meetings_created: int = 0
    meetings_updated: int = 0
    meetings_retired: int = 0
    people_discovered: int = 0
    sources_updated: int = 0  # unchanged articles whose outlet, title or address a manifest changed
    errors: list[ArticleImportError] = field(default_factory=list)

    def add(self, outcome: str | None, stored: StoreResult | None) -> None:
        if outcome:
            setattr(self, outcome, getattr(self, outcome) + 1)
        if stored:
            self.meetings_created += stored.meetings_created
            self.meetings_updated += stored.meetings_updated
            self.meetings_retired += stored.meetings_retired
            self.people_discovered += stored.people_discovered

    def __str__(self) -> str:
        return (
            f"articles: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, {self.failed} failed; "
            f"meetings: {self.meetings_created} created, {self.meetings_updated} updated, "
            f"{self.meetings_retired} retired; "
            f"people discovered: {self.people_discovered}"
            + (f"; source details updated: {self.sources_updated}" if self.sources_updated else "")
        )


class ImportStopped(Exception):
    """The database failed while storing ``path``: the import stopped there, with ``summary`` of what it did."""

    def __init__(self, *, summary: ImportSummary, path: Path, reason: str):
        super().__init__(
            f"{path}: the database failed while storing it ({reason}); stopped, and nothing of it (nor of the "
            "files stored in one transaction with it) was stored: run the import again once the database is back"
        )
        self.summary = summary
        self.path = path


def article_files(paths: Iterable[Path]) -> Iterator[Path | ArticleImportError]:
    """The article files under ``paths`` (files, or folders searched for ``*.txt`` in any case), each once, in name
    order.

    A path that is no regular file (a FIFO, a symbolic link that loops or leads nowhere) is reported
    by name rather than skipped in silence, and never opened: reading a FIFO would wait forever.
    """
    seen: set[str] = set()
    for path in paths:
        if path.name == MANIFEST_NAME and path.is_file():
            continue  # named with its articles: it is read beside them, as a manifest
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ARTICLE_SUFFIX and not p.is_dir())
        else:
            found = [path]
        for candidate in found:
            problem = _not_a_file(candidate)
            # The same file named twice (a folder given twice, a file inside a folder also given) is read once.
            key = os.path.abspath(candidate) if problem else str(candidate.resolve())
            if key in seen:
                continue
            seen.add(key)
            yield ArticleImportError(candidate, problem) if problem else candidate


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as an article file, or None if it is a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops"
        if path.is_symlink():
            return "a symbolic link to nothing (its target does not exist)"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{kind}, not a file; not read"


# An article's slug has room for 120 characters; a name that is no slug as it stands keeps this many of its
# slug and a hash of the whole name, so that names slugify() folds together ("Report" and "report", every
# name in Hangul or Chinese characters, which it empties) stay apart.
SLUG_LENGTH = 120
NAME_HASH_LENGTH = 8


def slug_for(path: Path) -> str:
    """The file name without extension where it is a slug already ("000_c10acb675f22a3b9"); otherwise as much of
    it as makes a slug, and a hash of the exact name ("report-1c5e0a2b", "article-9f2e77d0" for "한국")."""
    stem = unicodedata.normalize("NFC", path.stem)
    slug = slugify(stem)
    if slug == stem and len(slug) <= SLUG_LENGTH:
        return slug
    digest = hashlib.blake2b(stem.encode(), digest_size=NAME_HASH_LENGTH // 2).hexdigest()
    return f"{slug[: SLUG_LENGTH - NAME_HASH_LENGTH - 1].rstrip('-') or 'article'}-{digest}"


@dataclass(frozen=True)
class ReadArticle:
    """A file read and parsed, not yet stored."""

    path: Path
    slug: str
    parsed: ParsedArticle  # its body without the header lines, its title the one the source details give
    content_hash: str
    size: int  # bytes of the file
    source: SourceDetails = SourceDetails()
    first_line: str = ""  # the title the importer gave before it looked past the first line

    @property
    def source_path(self) -> str:
        return str(self.path.resolve())

    def source_fields(self) -> tuple[str, str, str]:
        """(title, outlet, source_url) as the article stores them."""
        return self.parsed.title, self.source.outlet, self.source.url

    def source_changes(self, *, title: str, outlet: str, source_url: str) -> dict[str, str]:
        """What of an unchanged file's stored source details this reading changes.

        What a manifest or header line gives replaces what is stored; what they leave out is not cleared (an
        editor may have filled it in). A title found in the text replaces only one the importer gave before:
        none, or the first line (page clutter, often), never an editor's.
        """
        changes = {}
        if self.source.outlet and self.source.outlet != outlet:
            changes["outlet"] = self.source.outlet
        if self.source.url and self.source.url != source_url:
            changes["source_url"] = self.source.url
        if self.parsed.title != title and (self.source.title or title in ("", self.first_line)):
            changes["title"] = self.parsed.title
        return changes


def too_large(size: int) -> str:
    """Why an article of ``size`` bytes is refused, in the words of the error line."""
    return (
        f"{size / 1024 / 1024:.1f} MB is larger than an article may be ({MAX_ARTICLE_BYTES // 1024 // 1024} MB): "
        "not imported; split it into articles or leave it out"
    )


def read_article(path: Path, *, listed: SourceDetails | None = None) -> ReadArticle:
    """Read and parse one file; raise ``ArticleImportError`` naming the file and what is wrong with it.

    ``listed`` is the file's row of the folder's manifest; the file's own header lines win over it, and a
    title neither gives is the body's first headline-like line.
    """
    try:
        with path.open("rb") as file:
            # One byte past the limit is enough to know the file is too large, however large it is.
            raw = file.read(MAX_ARTICLE_BYTES + 1)
            size = max(len(raw), os.fstat(file.fileno()).st_size)
    except OSError as exc:
        raise ArticleImportError(path, f"cannot be read ({exc.strerror})") from None
    if size > MAX_ARTICLE_BYTES:
        raise ArticleImportError(path, too_large(size))
    try:
        parsed = parse_article(raw)
        header, body = split_header(path=path, text=decode_article(raw), body=parsed.body)
    except ArticleFormatError as exc:
        raise ArticleImportError(path, str(exc)) from None
    except SourceError as exc:
        raise ArticleImportError(path, exc.reason) from None
    if not body:
        raise ArticleImportError(path, "the article has a date line and header lines but no text")
    source = header.over(listed or SourceDetails())
    title = cut_title(source.title) if source.title else headline_of(body)
    return ReadArticle(
        path=path,
        slug=slug_for(path),
        parsed=replace(parsed, body=body, title=title),
        content_hash=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        source=source,
        first_line=parsed.title,
    )


# Folders searched for a manifest: the article's own, and the one it is in (a manifest beside the folder).
MANIFEST_LEVELS = 2


class Manifests:
    """The manifests of the folders an import reads, each read once; their errors reported once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, Manifest | None] = {}
        self.errors: list[ArticleImportError] = []

    def details(self, path: Path) -> SourceDetails | None:
        """The manifest row of the article file ``path`` (its slug is the file's name without ``.txt``), from the
        manifest in its folder or, failing that, beside its folder (``dev/sources.tsv`` for ``dev/articles/*``)."""
        stem = unicodedata.normalize("NFC", path.stem)
        for folder in (path.parent, path.parent.parent)[:MANIFEST_LEVELS]:
            manifest = self._manifest(folder)
            row = manifest and (manifest.rows.get(stem) or manifest.rows.get(slug_for(path)))
            if row:
                return row
        return None

    def _manifest(self, folder: Path) -> Manifest | None:
        folder = folder.resolve()
        if folder not in self._by_folder:
            manifest_path = folder / MANIFEST_NAME
            manifest = read_manifest(manifest_path) if manifest_path.is_file() else None
            self._by_folder[folder] = manifest
            for error in manifest.errors if manifest else ():
                self.errors.append(ArticleImportError(error.path, error.reason))
        return self._by_folder[folder]

    def check_date(self, read: ReadArticle) -> None:
        """A manifest date that is not the file's own is reported; the file's date line is the one kept."""
        listed = read.source.published
        if listed and listed != read.parsed.published:
            self.errors.append(
                ArticleImportError(
                    read.source.manifest,
                    f"line {read.source.line}: date {listed.isoformat()} of {read.path.name} is not the date on "
                    f"its first line ({read.parsed.published.isoformat()}); the file's date is kept",
                )
            )


def _same_name_elsewhere(article: Article, read: ReadArticle) -> None:
    """Refuse a file that is not the one ``article`` was imported from, though it has the same name.

    The article is the same file if it was imported from this path, or its old path is gone (the folder was
    moved or renamed). Another file of the same name that is still there, with other content, is not taken
    for a new version of it (which would replace the article and its meetings): one error names both.
    """
    previous = article.source_path
    if not previous or previous == read.source_path or article.content_hash == read.content_hash:
        return
    if Path(previous).is_file():
        raise ArticleImportError(
            read.path,
            f"another file of the same name, {previous}, was imported as article '{article.slug}': "
            "rename one of them; this one was not imported",
        )


def _fill_article(article: Article, read: ReadArticle) -> Article:
    article.source_path = read.source_path
    article.published = read.parsed.published
    article.title, article.outlet, article.source_url = read.source_fields()
    article.body = read.parsed.body
    article.content_hash = read.content_hash
    article.extracted_at = timezone.now()
    try:
        # The slug's uniqueness is known from the stored hashes and enforced by the database.
        article.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ArticleImportError(read.path, f"invalid article: {'; '.join(exc.messages)}") from None
    # The import is on record in the article itself (imported_at, content_hash); history is for editors' changes.
    article.skip_history_when_saving = True
    return article


@transaction.atomic
def update_sources(*, reads: list[ReadArticle]) -> int:
    """Store the outlet, title and address of articles whose text is unchanged; return how many changed.

    Their meetings stay as they are: only what the pages and CSVs cite changes.
    """
    articles = {a.slug: a for a in Article.objects.filter(slug__in=[read.slug for read in reads])}
    changed = []
    for read in reads:
        article = articles.get(read.slug)
        if article is None or article.content_hash != read.content_hash:
            continue  # another import changed it meanwhile: its own import stored its details
        changes = read.source_changes(title=article.title, outlet=article.outlet, source_url=article.source_url)
        for name, value in changes.items():
            setattr(article, name, value)
        if changes:
            changed.append(article)
    Article.objects.bulk_update(changed, ["title", "outlet", "source_url"])
    return len(changed)


@dataclass
class StoredBatch:
    """What ``store_articles`` did with the first ``len(outcomes)`` articles it was given."""

    outcomes: list[str]  # "new" | "updated" | "unchanged", one per article taken, in order
    stored: StoreResult


@transaction.atomic
def store_articles(*, items: list[tuple[ReadArticle, ArticleExtraction]], force: bool = False) -> StoredBatch:
    """Save articles and what was extracted from them, in one transaction: all of them or nothing.

    Takes the articles from the first on, as many as it can store together: those no other transaction
    is storing right now (the first one it waits for), and of the articles stored before only one, alone
    (withdrawing its earlier contribution changes what the next article finds). The caller hands the rest
    to the next call. Read again under the articles' locks: another import may have stored a file
    meanwhile, which makes it "unchanged" here, as it would be had the two imports run one after the other.
    """
    items = items[: lock_articles(slugs=[read.slug for read, _ in items])]
    stored_before = {a.slug: a for a in Article.objects.filter(slug__in=[read.slug for read, _ in items])}
    outcomes: list[str] = []
    new: list[tuple[Article, ArticleExtraction]] = []
    for read, extraction in items:
        article = stored_before.get(read.slug)
        if article is None:
            outcomes.append("new")
            new.append((_fill_article(Article(slug=read.slug), read), extraction))
        elif article.content_hash == read.content_hash and not force:
            outcomes.append("unchanged")
        elif new:
            break  # stored before: the next batch begins with it
        else:
            _same_name_elsewhere(article, read)
            outcomes.append("updated")
            _fill_article(article, read).save()
            return StoredBatch(outcomes, store_extractions(items=[(article, extraction)], new_articles=False))
    if not new:
        return StoredBatch(outcomes, StoreResult())
    Article.objects.bulk_create([article for article, _ in new])
    return StoredBatch(outcomes, store_extractions(items=new, new_articles=True))


def store_article(
    *, read: ReadArticle, extraction: ArticleExtraction, force: bool = False
) -> tuple[str, StoreResult | None]:
    """Save one article and what was extracted from it, in one transaction: all of it or nothing."""
    batch = store_articles(items=[(read, extraction)], force=force)
    return batch.outcomes[0], (batch.stored if batch.outcomes[0] != "unchanged" else None)


def import_article(*, path: Path, lexicon: Lexicon, force: bool = False) -> tuple[str, StoreResult | None]:
    """Import one file; return ("new" | "updated" | "unchanged", what extraction stored)."""
    read = read_article(path, listed=Manifests().details(path))
    previous_hash = Article.objects.filter(slug=read.slug).values_list("content_hash", flat=True).first()
    if previous_hash == read.content_hash and not force:
        return "unchanged", None
    extraction = extract_article(body=read.parsed.body, published=read.parsed.published, lexicon=lexicon)
    return store_article(read=read, extraction=extraction, force=force)


# Bytes of article files an import holds at once, read ahead of extraction or waiting to be stored: a folder of
# any size costs this much memory at most (ten 10 MB files once cost 210 MB before the first extraction).
# The extraction worker takes articles eight at a time (parallel.py) and a batch waits until it has half of
# this: it must exceed 16 articles of MAX_ARTICLE_BYTES, or reading would wait for a batch that waits for it.
READ_AHEAD_BYTES = 32 * MAX_ARTICLE_BYTES
# How much of a file is hashed at once while looking for the files that changed.
HASH_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FoundFile:
    """An article file found under the paths of an import, hashed but not kept in memory."""

    path: Path
    slug: str
    content_hash: str
    size: int


def hash_file(path: Path) -> FoundFile:
    """The file's slug, content hash and size, read a chunk at a time; ``ArticleImportError`` if it is too large
    or cannot be read."""
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_ARTICLE_BYTES:
                raise ArticleImportError(path, too_large(os.fstat(file.fileno()).st_size))
            while chunk := file.read(HASH_CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_ARTICLE_BYTES:  # growing while read
                    raise ArticleImportError(path, too_large(size))
                digest.update(chunk)
    except OSError as exc:
        raise ArticleImportError(path, f"cannot be read ({exc.strerror})") from None
    return FoundFile(path=path, slug=slug_for(path), content_hash=digest.hexdigest(), size=size)


class ReadAhead:
    """A budget of bytes shared by the thread that reads files for extraction and the one that stores them.

    ``take`` waits until the bytes held (read, not yet stored) leave room for a file (or nothing is held),
    ``give`` hands them back once its article is stored or has failed; ``close`` lets a waiting reader go
    when the import ends early, so that the extraction worker's feeder thread is not left waiting forever.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.held = 0
        self.closed = False
        self._changed = threading.Condition()

    def take(self, size: int) -> bool:
        with self._changed:
            self._changed.wait_for(lambda: self.closed or not self.held or self.held + size <= self.budget)
            if self.closed:
                return False
            self.held += size
            return True

    def give(self, size: int) -> None:
        with self._changed:
            self.held -= size
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


# Slugs looked up in one query when an import checks which of its files are stored: well below SQLite's limit of
# parameters to a statement (32,766), and a few queries for thousands of files.
STORED_LOOKUP_CHUNK = 2000


def _stored_articles(slugs: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """The content hash and source details of each of these articles that is stored, by slug: only those of the
    files imported, not every article of the archive (hundreds of thousands)."""
    stored = {}
    for start in range(0, len(slugs), STORED_LOOKUP_CHUNK):
        for slug, content_hash, title, outlet, url in Article.objects.filter(
            slug__in=slugs[start : start + STORED_LOOKUP_CHUNK]
        ).values_list("slug", "content_hash", "title", "outlet", "source_url"):
            stored[slug] = (content_hash, {"title": title, "outlet": outlet, "source_url": url})
    return stored


def import_paths(
    *,
    paths: Iterable[Path],
    force: bool = False,
    progress: Callable[[Iterable, int], Iterable] = lambda items, total: items,
) -> ImportSummary:
    """Import every article file under ``paths``; a broken file is reported and skipped, the rest import.

    Files are hashed first (a chunk at a time) to find the new and changed ones; those are then read, checked
    and extracted a few at a time, in a worker process, while this one stores them: an import holds at most
    ``READ_AHEAD_BYTES`` of articles, whatever the number of files (``--force`` re-extracts unchanged files too).
    """
    ensure_knowledge_base()
    lexicon = build_lexicon()
    summary = ImportSummary()
    hashed: list[FoundFile | ArticleImportError] = []
    for item in article_files(paths):
        try:
            if isinstance(item, ArticleImportError):
                raise item
            hashed.append(hash_file(item))
        except ArticleImportError as exc:
            hashed.append(exc)
    known = _stored_articles([found.slug for found in hashed if isinstance(found, FoundFile)])
    manifests = Manifests()
    to_extract: list[FoundFile] = []
    new_sources: list[ReadArticle] = []
    slugs_seen: dict[str, FoundFile] = {}
    for found in hashed:
        if isinstance(found, ArticleImportError):
            summary.failed += 1
            summary.errors.append(found)
            continue
        first = slugs_seen.setdefault(found.slug, found)
        if first is not found:
            # Two files of this run have one name (one in each of two folders): the same text is one article;
            # different texts would overwrite each other, so the second is refused, naming both.
            if first.content_hash != found.content_hash:
                summary.failed += 1
                summary.errors.append(
                    ArticleImportError(
                        found.path,
                        f"has the same name as {first.path}, imported as article '{found.slug}': "
                        "rename one of them; this one was not imported",
                    )
                )
            else:
                summary.unchanged += 1
            continue
        stored_hash, stored_source = known.get(found.slug, (None, None))
        if stored_hash == found.content_hash and not force:
            summary.unchanged += 1
            # The manifest may have changed though the text has not: its details are updated, nothing extracted.
            try:
                read = read_article(found.path, listed=manifests.details(found.path))
            except ArticleImportError:
                continue  # the same bytes as the article stored: nothing new to say of them
            if read.source_changes(**stored_source):
                new_sources.append(read)
        else:
            to_extract.append(found)

    summary.sources_updated = update_sources(reads=new_sources)
    read_ahead = ReadAhead(READ_AHEAD_BYTES)
    reads: deque[ReadArticle] = deque()  # read and sent to extraction, in order; their results come in this order
    read_errors: deque[ArticleImportError] = deque()  # filled by the reading thread, taken by this one

    def jobs() -> Iterator[tuple[str, dt.date]]:
        # Runs in the extraction worker's feeder thread (or in this one, below MIN_ARTICLES_FOR_WORKER articles).
        for found in to_extract:
            if not read_ahead.take(found.size):
                return
            try:
                read = read_article(found.path, listed=manifests.details(found.path))
                manifests.check_date(read)
            except ArticleImportError as exc:
                read_errors.append(exc)
                read_ahead.give(found.size)
                continue
            reads.append(read)
            yield read.parsed.body, read.parsed.published

    def extracted_items() -> Iterator[tuple[ReadArticle, ArticleExtraction | ExtractionFailure]]:
        for extraction in extract_many(jobs(), lexicon=lexicon, count=len(to_extract)):
            yield reads.popleft(), extraction

    def take_read_errors() -> None:
        while read_errors:
            summary.failed += 1
            summary.errors.append(read_errors.popleft())

    extracted = iter(progress(extracted_items(), len(to_extract)))
    try:
        _store_all(extracted=extracted, summary=summary, force=force, read_ahead=read_ahead, on_read=take_read_errors)
    finally:
        read_ahead.close()
        take_read_errors()
        summary.errors.extend(manifests.errors)
    return summary


def _store_all(
    *,
    extracted: Iterator[tuple[ReadArticle, ArticleExtraction | ExtractionFailure]],
    summary: ImportSummary,
    force: bool,
    read_ahead: ReadAhead,
    on_read: Callable[[], None],
) -> None:
    """Store the extracted articles IMPORT_BATCH to a transaction (until the batch holds half the read-ahead)."""
    queue: deque[tuple[ReadArticle, ArticleExtraction]] = deque()
    alone = 0  # articles to store one per transaction, after a batch that failed: to tell which one did
    queued_bytes = 0
    while True:
        while (
            len(queue) < IMPORT_BATCH
            and queued_bytes < read_ahead.budget // 2
            and (item := next(extracted, None)) is not None
        ):
            read, extraction = item
            on_read()
            if isinstance(extraction, ExtractionFailure):
                read_ahead.give(read.size)
                summary.failed += 1
                summary.errors.append(ArticleImportError(read.path, f"extraction failed ({extraction.error})"))
            else:
                queue.append(item)
                queued_bytes += read.size
        on_read()
        if not queue:
            return
        items = [queue[0]] if alone else list(queue)
        try:
            batch = store_articles(items=items, force=force)
        except (OperationalError, InterfaceError) as exc:
            # The database went away or refuses work: every article after this one would fail the same way.
            # This batch's transaction was rolled back; the ones before it are stored, so a rerun finishes.
            raise ImportStopped(summary=summary, path=items[0][0].path, reason=first_line(exc)) from exc
        except Exception as exc:
            if len(items) > 1:
                # Some article of the batch failed and took the batch with it: store them one by one.
                alone = len(items)
                continue
            done = queue.popleft()[0].size
            queued_bytes -= done
            read_ahead.give(done)
            alone -= 1
            summary.failed += 1
            if isinstance(exc, ArticleImportError):
                summary.errors.append(exc)
                continue
            # A bug met on one article must not stop the others; its transaction was rolled back.
            # The error line names it; the traceback is for whoever runs with LOG_LEVEL=DEBUG.
            logger.debug("import of %s failed", items[0][0].path, exc_info=True)
            summary.errors.append(ArticleImportError(items[0][0].path, f"storing failed ({type(exc).__name__}: {exc})"))
            continue
        for outcome in batch.outcomes:
            done = queue.popleft()[0].size
            queued_bytes -= done
            read_ahead.give(done)
            alone = max(alone - 1, 0)
            summary.add(outcome, None)
        summary.add(None, batch.stored)
