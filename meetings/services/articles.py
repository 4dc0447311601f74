"""Import article files: read, validate, store the Article, extract and store its records.

One transaction per article: a file that fails at any step leaves nothing behind,
and the other files still import.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.extraction import extract_article
from meetings.extraction.lexicon import Lexicon
from meetings.extraction.parsing import ArticleFormatError, parse_article
from meetings.models import Article
from meetings.services.extraction import StoreResult, store_extraction
from meetings.services.knowledge_base import build_lexicon, ensure_knowledge_base

ARTICLE_SUFFIX = ".txt"

logger = logging.getLogger(__name__)


class ArticleImportError(Exception):
    """A file could not be imported; ``str()`` names the file and the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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


def article_files(paths: Iterable[Path]) -> Iterator[Path | ArticleImportError]:
    """The article files under ``paths`` (files, or folders searched for ``*.txt``), in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob(f"*{ARTICLE_SUFFIX}") if p.is_file())
        elif path.is_file():
            yield path
        else:
            yield ArticleImportError(path, "no such file or folder")


def slug_for(path: Path) -> str:
    """The file name without extension ("000_c10acb675f22a3b9"), made URL-safe if it is not."""
    return slugify(path.stem)[:120] or "article"


@transaction.atomic
def import_article(
    *, path: Path, lexicon: Lexicon, known_hashes: dict[str, str] | None = None, force: bool = False
) -> tuple[str, StoreResult | None]:
    """Import one file; return ("new" | "updated" | "unchanged", what extraction stored).

    ``known_hashes`` (slug → content hash) lets a bulk import skip unchanged files without a
    query each; ``force`` re-extracts an unchanged file (after an editor changed the lexicon).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleImportError(path, f"cannot be read ({exc.strerror})") from None
    try:
        parsed = parse_article(raw)
    except ArticleFormatError as exc:
        raise ArticleImportError(path, str(exc)) from None

    slug = slug_for(path)
    content_hash = hashlib.sha256(raw).hexdigest()
    previous_hash = known_hashes.get(slug) if known_hashes is not None else (
        Article.objects.filter(slug=slug).values_list("content_hash", flat=True).first()
    )
    if previous_hash == content_hash and not force:
        return "unchanged", None

    article = Article.objects.filter(slug=slug).first() if previous_hash else None
    outcome = "updated" if article else "new"
    if article is None:
        article = Article(slug=slug)
    article.published = parsed.published
    article.title = parsed.title
    article.body = parsed.body
    article.content_hash = content_hash
    article.extracted_at = timezone.now()
    try:
        article.full_clean()
    except Exception as exc:  # ValidationError: name the fields
        raise ArticleImportError(path, f"invalid article: {exc}") from None
    article.save()

    extraction = extract_article(body=parsed.body, published=parsed.published, lexicon=lexicon)
    stored = store_extraction(article=article, extraction=extraction, is_new_article=outcome == "new")
    return outcome, stored


def import_paths(
    *,
    paths: Iterable[Path],
    force: bool = False,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> ImportSummary:
    """Import every article file under ``paths``; a broken file is reported and skipped."""
    ensure_knowledge_base()
    lexicon = build_lexicon()
    summary = ImportSummary()
    files = list(article_files(paths))
    known_hashes = dict(Article.objects.values_list("slug", "content_hash"))
    for item in progress(files):
        if isinstance(item, ArticleImportError):
            summary.failed += 1
            summary.errors.append(item)
            continue
        try:
            outcome, stored = import_article(path=item, lexicon=lexicon, known_hashes=known_hashes, force=force)
        except ArticleImportError as exc:
            summary.failed += 1
            summary.errors.append(exc)
            continue
        except Exception as exc:
            # A bug met on one article must not stop the others; its transaction was rolled back.
            logger.exception("import of %s failed", item)
            summary.failed += 1
            summary.errors.append(ArticleImportError(item, f"extraction failed ({type(exc).__name__}: {exc})"))
            continue
        summary.add(outcome, stored)
    return summary
