"""Import article files: read, validate, store the Article, extract and store its records.

One transaction per article: a file that fails at any step leaves nothing behind,
and the other files still import.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.extraction import extract_article
from meetings.extraction.lexicon import Lexicon
from meetings.extraction.parallel import ExtractionFailure, extract_many
from meetings.extraction.parsing import ArticleFormatError, ParsedArticle, parse_article
from meetings.extraction.records import ArticleExtraction
from meetings.models import Article
from meetings.services.extraction import StoreResult, store_extraction
from meetings.services.knowledge_base import build_lexicon, ensure_knowledge_base
from meetings.services.locks import lock_article

ARTICLE_SUFFIX = ".txt"

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
    people_discovered: int = 0
    errors: list[ArticleImportError] = field(default_factory=list)

    def add(self, outcome: str, stored: StoreResult | None) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if stored:
            self.meetings_created += stored.meetings_created
            self.meetings_updated += stored.meetings_updated
            self.people_discovered += stored.people_discovered

    def __str__(self) -> str:
        return (
            f"articles: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, {self.failed} failed; "
            f"meetings: {self.meetings_created} created, {self.meetings_updated} updated; "
            f"people discovered: {self.people_discovered}"
        )


class ImportStopped(Exception):
    """The database failed while storing ``path``: the import stopped there, with ``summary`` of what it did."""

    def __init__(self, *, summary: ImportSummary, path: Path, reason: str):
        super().__init__(
            f"{path}: the database failed while storing it ({reason}); stopped, and nothing of it was "
            "stored: run the import again once the database is back"
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


def slug_for(path: Path) -> str:
    """The file name without extension ("000_c10acb675f22a3b9"), made URL-safe if it is not."""
    return slugify(path.stem)[:120] or "article"


@dataclass(frozen=True)
class ReadArticle:
    """A file read and parsed, not yet stored."""

    path: Path
    slug: str
    parsed: ParsedArticle
    content_hash: str


def read_article(path: Path) -> ReadArticle:
    """Read and parse one file; raise ``ArticleImportError`` naming the file and what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleImportError(path, f"cannot be read ({exc.strerror})") from None
    try:
        parsed = parse_article(raw)
    except ArticleFormatError as exc:
        raise ArticleImportError(path, str(exc)) from None
    return ReadArticle(path=path, slug=slug_for(path), parsed=parsed, content_hash=hashlib.sha256(raw).hexdigest())


@transaction.atomic
def store_article(
    *, read: ReadArticle, extraction: ArticleExtraction, force: bool = False
) -> tuple[str, StoreResult | None]:
    """Save the article and what was extracted from it, in one transaction: all of it or nothing.

    Read again under the article's lock: another import may have stored this very file meanwhile,
    which makes it "unchanged" here, as it would be had the two imports run one after the other.
    """
    lock_article(slug=read.slug)
    article = Article.objects.filter(slug=read.slug).first()
    if article and article.content_hash == read.content_hash and not force:
        return "unchanged", None
    outcome = "updated" if article else "new"
    article = article or Article(slug=read.slug)
    article.published = read.parsed.published
    article.title = read.parsed.title
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
    article.save()
    stored = store_extraction(article=article, extraction=extraction, is_new_article=outcome == "new")
    return outcome, stored


def import_article(*, path: Path, lexicon: Lexicon, force: bool = False) -> tuple[str, StoreResult | None]:
    """Import one file; return ("new" | "updated" | "unchanged", what extraction stored)."""
    read = read_article(path)
    previous_hash = Article.objects.filter(slug=read.slug).values_list("content_hash", flat=True).first()
    if previous_hash == read.content_hash and not force:
        return "unchanged", None
    extraction = extract_article(body=read.parsed.body, published=read.parsed.published, lexicon=lexicon)
    return store_article(read=read, extraction=extraction, force=force)


def import_paths(
    *,
    paths: Iterable[Path],
    force: bool = False,
    progress: Callable[[Iterable, int], Iterable] = lambda items, total: items,
) -> ImportSummary:
    """Import every article file under ``paths``; a broken file is reported and skipped, the rest import.

    Files are read and checked first; the changed ones are extracted in a worker process while
    this one stores each in its own transaction (``--force`` re-extracts unchanged files too).
    """
    ensure_knowledge_base()
    lexicon = build_lexicon()
    summary = ImportSummary()
    known_hashes = dict(Article.objects.values_list("slug", "content_hash"))
    to_extract: list[ReadArticle] = []
    for item in article_files(paths):
        try:
            if isinstance(item, ArticleImportError):
                raise item
            read = read_article(item)
        except ArticleImportError as exc:
            summary.failed += 1
            summary.errors.append(exc)
            continue
        if known_hashes.get(read.slug) == read.content_hash and not force:
            summary.unchanged += 1
        else:
            to_extract.append(read)

    extractions = extract_many(
        ((read.parsed.body, read.parsed.published) for read in to_extract), lexicon=lexicon, count=len(to_extract)
    )
    for read, extraction in progress(zip(to_extract, extractions, strict=True), len(to_extract)):
        try:
            if isinstance(extraction, ExtractionFailure):
                raise ArticleImportError(read.path, f"extraction failed ({extraction.error})")
            outcome, stored = store_article(read=read, extraction=extraction, force=force)
        except ArticleImportError as exc:
            summary.failed += 1
            summary.errors.append(exc)
            continue
        except (OperationalError, InterfaceError) as exc:
            # The database went away or refuses work: every article after this one would fail the same way.
            # This one's transaction was rolled back; the ones before it are stored, so a rerun finishes.
            raise ImportStopped(summary=summary, path=read.path, reason=first_line(exc)) from exc
        except Exception as exc:
            # A bug met on one article must not stop the others; its transaction was rolled back.
            # The error line names it; the traceback is for whoever runs with LOG_LEVEL=DEBUG.
            logger.debug("import of %s failed", read.path, exc_info=True)
            summary.failed += 1
            summary.errors.append(ArticleImportError(read.path, f"storing failed ({type(exc).__name__}: {exc})"))
            continue
        summary.add(outcome, stored)
    return summary
