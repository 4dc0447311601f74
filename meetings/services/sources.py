"""Where an article came from: outlet, title and address, from a manifest beside the files or the file's own header.

A folder of articles may hold ``sources.tsv`` (tab-separated, a header row naming at least ``slug``, ``url``,
``date`` and ``outlet``, and optionally ``title``), one row per article, its ``slug`` the file's name without
``.txt``. An article file may also begin, after its ` date YYYY-MM-DD ` line, with header lines
``title: …``, ``url: …``, ``outlet: …``; what the file says of itself wins over the manifest. A title given by
neither is the article's first headline-like line (``headlines.headline_of``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from meetings.models import Article

MANIFEST_NAME = "sources.tsv"
MANIFEST_COLUMNS = ("slug", "url", "date", "outlet")
MANIFEST_OPTIONAL = ("title",)
# The fields' room in the database: a longer value is refused with its line rather than cut or failing the batch.
MAX_LENGTH = {name: Article._meta.get_field(f).max_length for name, f in (("url", "source_url"), ("outlet", "outlet"))}
MAX_LENGTH["title"] = Article._meta.get_field("title").max_length

# Header lines an article file may begin with (after its date line): "title: …", "url: …", "outlet: …".
HEADER_LINE = re.compile(r"^(title|url|outlet)[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)

_is_url = URLValidator(schemes=["http", "https"])


class SourceError(Exception):
    """A manifest row or header line that cannot be read; ``str()`` names the file, the line and what is wrong."""

    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path}: line {line}: {reason}")
        self.path = path
        self.reason = f"line {line}: {reason}"


@dataclass(frozen=True)
class SourceDetails:
    """What is known of an article's source; an empty field is unknown."""

    title: str = ""
    url: str = ""
    outlet: str = ""
    published: dt.date | None = None
    line: int = 0  # of the manifest row it came from, to name it
    manifest: Path | None = None

    def over(self, other: SourceDetails) -> SourceDetails:
        """These details, with ``other``'s where these have none."""
        return SourceDetails(
            title=self.title or other.title,
            url=self.url or other.url,
            outlet=self.outlet or other.outlet,
            published=self.published or other.published,
            line=self.line or other.line,
            manifest=self.manifest or other.manifest,
        )


@dataclass
class Manifest:
    path: Path
    rows: dict[str, SourceDetails] = field(default_factory=dict)  # by slug
    errors: list[SourceError] = field(default_factory=list)


def _checked(path: Path, line: int, *, url: str, title: str, outlet: str) -> None:
    if url:
        try:
            _is_url(url)
        except ValidationError:
            raise SourceError(path, line, f"url {url[:80]!r} is not a web address (http:// or https://)") from None
    for name, value in (("url", url), ("title", title), ("outlet", outlet)):
        if len(value) > MAX_LENGTH[name]:
            raise SourceError(path, line, f"{name} is {len(value)} characters long; at most {MAX_LENGTH[name]}")


def read_manifest(path: Path) -> Manifest:
    """The rows of one ``sources.tsv``; each malformed row is an error naming its line, and the others are read."""
    manifest = Manifest(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        manifest.errors.append(SourceError(path, 1, f"cannot be read ({exc.strerror})"))
        return manifest
    except UnicodeDecodeError as exc:
        manifest.errors.append(SourceError(path, 1, f"the file is not UTF-8 (byte {exc.start})"))
        return manifest
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [name.strip().lower() for name in next(rows, [])]
    missing = [name for name in MANIFEST_COLUMNS if name not in header]
    if missing:
        manifest.errors.append(
            SourceError(path, 1, f"the header row lacks the column(s) {', '.join(missing)} (tab-separated)")
        )
        return manifest
    first_line_of = {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(header) or len(cells) < len(header) - sum(1 for c in MANIFEST_OPTIONAL if c in header):
            manifest.errors.append(
                SourceError(
                    path, number, f"{len(cells)} tab-separated fields, expected {len(header)} ({', '.join(header)})"
                )
            )
            continue
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        try:
            manifest.rows[row["slug"]] = _row_details(path, number, row, first_line_of)
        except SourceError as exc:
            manifest.errors.append(exc)  # the row is left out; the article imports with what its file says
    return manifest


def _row_details(path: Path, number: int, row: dict[str, str], first_line_of: dict[str, int]) -> SourceDetails:
    slug = row["slug"]
    if not slug:
        raise SourceError(path, number, "no slug (the article's file name without .txt)")
    if slug in first_line_of:
        raise SourceError(path, number, f"slug {slug!r} is given twice (first on line {first_line_of[slug]})")
    first_line_of[slug] = number
    published = None
    if row["date"]:
        try:
            published = dt.date.fromisoformat(row["date"])
        except ValueError:
            raise SourceError(path, number, f"date {row['date'][:40]!r} is not a date YYYY-MM-DD") from None
    url, title, outlet = row["url"], row.get("title", ""), row["outlet"]
    _checked(path, number, url=url, title=title, outlet=outlet)
    return SourceDetails(title=title, url=url, outlet=outlet, published=published, line=number, manifest=path)


def split_header(*, path: Path, text: str, body: str) -> tuple[SourceDetails, str]:
    """The header lines at the top of ``body`` (the text after the date line of ``text``) and the body without
    them. A file without header lines is returned as it is."""
    lines = body.splitlines()
    found: dict[str, tuple[int, str]] = {}
    first_line = text[: text.find(body)].count("\n") + 1
    taken = 0
    for index, line in enumerate(lines):
        match = HEADER_LINE.match(line)
        if not match:
            break
        key = match.group(1).lower()
        if key in found:
            break  # "title: …" twice: the second is the story's text
        found[key] = (first_line + index, match.group(2))
        taken = index + 1
    if not found:
        return SourceDetails(), body
    values = {key: value for key, (_, value) in found.items()}
    for key, (line, _) in found.items():
        _checked(path, line, **{k: values.get(k, "") if k == key else "" for k in ("url", "title", "outlet")})
    rest = "\n".join(lines[taken:]).strip()
    return SourceDetails(
        title=values.get("title", ""), url=values.get("url", ""), outlet=values.get("outlet", "")
    ), rest
