"""CSV exports: the rows of a filtered, sorted list, streamed so that memory stays flat however many there are.

Each export is a list of columns (header, function of a row); cells that a spreadsheet would read
as a formula are neutralised.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import StreamingHttpResponse

from meetings.models import Article, Meeting, Organization, Person, ReadOut

CHUNK_SIZE = 2000
# Where a spreadsheet may start reading a formula: at the start of the cell (after any spaces or
# line breaks it trims), of each `;`-joined element (spreadsheets in many locales split CSV on `;`)
# and of each line (a pasted cell becomes rows), if it starts with tab or CR, or its first
# character after spaces is = + - @ or a full-width form (＝ ＋ － ＠, read as the ASCII ones).
_FORMULA_CHARACTER = "[=+\\-@\uff1d\uff0b\uff0d\uff20]"
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_FORMULA = re.compile(
    rf"\A(?=[\t\r]|\s*{_FORMULA_CHARACTER})"
    rf"|(?<=[;\r\n])(?=[\t\r]|[^\S\r\n]*{_FORMULA_CHARACTER})"
)


def neutralise(value) -> str:
    """A leading apostrophe keeps text each place a spreadsheet would read a formula (see ``_FORMULA``)."""
    text = "" if value is None else str(value)
    if not text or (not text[0].isspace() and text[0] not in _FORMULA_STARTS
                    and ";" not in text and "\n" not in text and "\r" not in text):
        return text  # one element of one line that starts safely: most cells, checked without the regex
    return _FORMULA.sub("'", text)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable


def joined(values: Iterable) -> str:
    return ";".join(dict.fromkeys(str(v) for v in values if v))


class _Echo:
    """csv.writer writes into this, and each row's text is handed straight to the response."""

    def write(self, value: str) -> str:
        return value


def stream_csv(rows: Iterable, columns: list[Column], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow([c.header for c in columns])
        for row in rows:
            yield writer.writerow([neutralise(c.value(row)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def absolute(request) -> Callable[[object], str]:
    return lambda obj: request.build_absolute_uri(obj.get_absolute_url())


def meeting_columns(request) -> list[Column]:
    url = absolute(request)
    return [
        Column("id", lambda m: m.pk),
        Column("date", lambda m: m.date.isoformat() if m.date else ""),
        Column("date_precision", lambda m: m.date_precision),
        Column("kind", lambda m: m.kind),
        Column("status", lambda m: m.status),
        Column("location", lambda m: m.location),
        Column("title", lambda m: m.title),
        Column("participants", lambda m: joined(p.person.name for p in m.participations.all())),
        Column("countries", lambda m: joined(p.country.code for p in m.participations.all())),
        Column("organizations", lambda m: joined(p.organization.name for p in m.participations.all() if p.organization)),
        Column("readout_issuers", lambda m: joined(r.issuer.name for r in m.readouts.all())),
        Column("sources", lambda m: joined(e.article.slug for e in m.evidence.all())),
        Column("url", url),
    ]


def readout_columns(request) -> list[Column]:
    url = absolute(request)
    return [
        Column("id", lambda r: r.pk),
        Column("meeting_id", lambda r: r.meeting_id),
        Column("meeting", lambda r: r.meeting.title),
        Column("date", lambda r: r.meeting.date.isoformat() if r.meeting.date else ""),
        Column("issuer", lambda r: r.issuer.name),
        Column("country", lambda r: r.issuer.country.code),
        Column("form", lambda r: r.form),
        Column("language", lambda r: r.language),
        Column("quotes", lambda r: " | ".join(r.quotes)),
        Column("article", lambda r: r.article.slug if r.article_id else ""),
        Column("url", lambda r: url(r.meeting)),
    ]


def person_columns(request) -> list[Column]:
    return [
        Column("slug", lambda p: p.slug),
        Column("name", lambda p: p.name),
        Column("country", lambda p: p.country.code),
        Column("aliases", lambda p: joined(p.aliases)),
        Column("meetings", lambda p: p.meeting_count),
        Column("url", absolute(request)),
    ]


def organization_columns(request) -> list[Column]:
    return [
        Column("slug", lambda o: o.slug),
        Column("name", lambda o: o.name),
        Column("acronym", lambda o: o.acronym),
        Column("country", lambda o: o.country.code),
        Column("kind", lambda o: o.kind),
        Column("parent", lambda o: o.parent.name if o.parent_id else ""),
        Column("url", absolute(request)),
    ]


def article_columns(request) -> list[Column]:
    return [
        Column("slug", lambda a: a.slug),
        Column("published", lambda a: a.published.isoformat()),
        Column("title", lambda a: a.title),
        Column("outlet", lambda a: a.outlet),
        Column("meetings", lambda a: a.meeting_count),
        Column("url", absolute(request)),
    ]


COLUMNS = {
    Meeting: meeting_columns,
    ReadOut: readout_columns,
    Person: person_columns,
    Organization: organization_columns,
    Article: article_columns,
}
