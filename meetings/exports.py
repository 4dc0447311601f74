"""CSV exports: the rows of a filtered, sorted list, streamed so that memory stays flat however many there are.

Each export is a list of columns (header, function of a row); cells that a spreadsheet would read
as a formula are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.text import slugify

from meetings.models import NO_CONTACT, Article, Evidence, Meeting, Organization, Participation, Person, ReadOut

logger = logging.getLogger(__name__)

# Rows read per query (and per prefetch of their participants): memory stays flat, round trips few.
CHUNK_SIZE = 2000
# The byte order mark that tells Excel the file is UTF-8 (without it, "–" opens as "â€“"). Python's csv
# module and most tools read it with encoding="utf-8-sig"; it is the first character of the body only.
BOM = "\ufeff"
# A file name says what was exported: the list, its filters and the day. Past this many characters the
# filters are cut (the full query is in the address the file came from).
MAX_FILENAME = 150
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
    if not text or (
        not text[0].isspace()
        and text[0] not in _FORMULA_STARTS
        and ";" not in text
        and "\n" not in text
        and "\r" not in text
    ):
        return text  # one element of one line that starts safely: most cells, checked without the regex
    return _FORMULA.sub("'", text)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable


def cite(*, outlet: str, title: str, url: str) -> str:
    """A source as a spreadsheet cell cites it: "Outlet — Title — address", each part that is known. A ";" inside
    is a ","; in a cell, ";" separates the sources."""
    return " — ".join(part.replace(";", ",") for part in (outlet, title, url) if part)


def article_citation(*, slug: str, outlet: str, title: str, source_url: str, page_url: str) -> str:
    """An article's outlet, title (its import name where it has none) and original address (diplo's page of it,
    ``page_url``, where the original is unknown)."""
    return cite(outlet=outlet, title=title or slug, url=source_url or page_url)


def joined(values: Iterable) -> str:
    return ";".join(dict.fromkeys(str(v) for v in values if v))


def stream_csv(rows: Iterable, columns: list[Column], filename: str) -> StreamingHttpResponse:
    """Rows (model instances) through their columns' functions, as a streamed CSV download."""
    cells = ([neutralise(c.value(row)) for c in columns] for row in rows)
    return stream_cells([c.header for c in columns], cells, filename)


def stream_cells(header: list[str], cells: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A CSV download of rows of cells, safe to call with rows still to be read from the database.

    The first chunk is read here, before the status line goes out: a query that fails is an error
    page, not a "200" with an empty file. A failure later, once "200" is sent, is logged and raised
    again, so that the server drops the connection without the end of the chunked body: no client
    takes a file cut short for a complete one.
    """
    cells = iter(cells)
    first = list(itertools.islice(cells, CHUNK_SIZE))

    def chunks() -> Iterator[str]:
        sent = len(first)
        yield BOM + _csv_text([header, *first])
        try:
            while batch := list(itertools.islice(cells, CHUNK_SIZE)):
                yield _csv_text(batch)
                sent += len(batch)
        except Exception:
            logger.exception("CSV export %s failed after %d rows; the response is cut off unfinished", filename, sent)
            raise

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_text(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def export_response(
    queryset: QuerySet, *, model, request, filename: str, participants: bool = False
) -> StreamingHttpResponse:
    """The CSV of a list's filtered, sorted rows: meetings (or one row per meeting and participant) and read-outs as
    plain tuples, the smaller lists through their columns."""
    if participants:
        return stream_cells(PARTICIPANT_HEADER, participant_cells(queryset, request), filename)
    if model is Meeting:
        return stream_cells(MEETING_HEADER, meeting_cells(queryset, request), filename)
    if model is ReadOut:
        return stream_cells(READOUT_HEADER, readout_cells(queryset, request), filename)
    return stream_csv(queryset.iterator(chunk_size=CHUNK_SIZE), COLUMNS[model](request), filename)


def absolute(request) -> Callable[[object], str]:
    return lambda obj: request.build_absolute_uri(obj.get_absolute_url())


MEETING_HEADER = [
    "id",
    "date",
    "date_precision",
    "kind",
    "status",
    "location",
    "title",
    "participants",
    "countries",
    "organizations",
    "readout_issuers",
    "sources",  # the articles' import names (file stems), as scripts match them
    "source_citations",  # each "outlet — title — address"
    "evidence",
    # Whether an editor checked the record (extracted / verified), who and when, and the extractor's confidence.
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "confidence",
    "url",
]
_MEETING_FIELDS = (
    "pk",
    "date",
    "date_precision",
    "kind",
    "status",
    "location",
    "title",
    "review_status",
    "reviewed_by__username",
    "reviewed_at",
    "confidence",
)


def meeting_cells(queryset: QuerySet, request) -> Iterator[list]:
    """The meetings CSV's cells (MEETING_HEADER's columns) without building a model instance.

    One query reads the meetings (a server-side cursor on PostgreSQL); per chunk of them, three read
    their participants, read-out issuers and sources as tuples. Building instances and related
    managers cost most of an export's time (about 640 µs a row at 100,000 meetings).
    """
    rows = queryset.prefetch_related(None).values_list(*_MEETING_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    meeting_url = _detail_url(request, "meetings:meeting_detail", _ID_MARKER)
    article_url = _detail_url(request, "meetings:article_detail", _SLUG_MARKER)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        people, countries, offices = defaultdict(list), defaultdict(list), defaultdict(list)
        for meeting, name, country, office in (
            Participation.objects.filter(meeting__in=ids)
            .order_by("id")
            .values_list("meeting", "person__name", "country", "organization__name")
        ):
            people[meeting].append(name)
            countries[meeting].append(country)
            offices[meeting].append(office)
        issuers = defaultdict(list)
        for meeting, name in (
            ReadOut.objects.filter(meeting__in=ids).order_by("id").values_list("meeting", "issuer__name")
        ):
            issuers[meeting].append(name)
        slugs, sources, sentences = _sources(ids, article_url)
        for pk, date, precision, kind, status, location, title, review, reviewer, reviewed_at, confidence in chunk:
            yield [
                neutralise(cell)
                for cell in (
                    pk,
                    date.isoformat() if date else "",
                    precision,
                    kind,
                    status,
                    location,
                    title,
                    joined(people[pk]),
                    joined(countries[pk]),
                    joined(offices[pk]),
                    joined(issuers[pk]),
                    joined(slugs[pk]),
                    joined(sources[pk]),
                    " | ".join(dict.fromkeys(sentences[pk])),
                    review,
                    reviewer or "",
                    reviewed_at.date().isoformat() if reviewed_at else "",
                    confidence,
                    meeting_url(pk),
                )
            ]


# Keys a detail page's address is built around once, then replaced by each row's: any id (the path's ``int``
# converter takes digits only), any slug.
_ID_MARKER = "2147483647"
_SLUG_MARKER = "slug-marker"


def _detail_url(request, view_name: str, marker: str) -> Callable[[object], str]:
    """The absolute address of ``view_name``'s page of a row, by the row's id or slug: reversed once for a whole
    export, not per row."""
    start, end = request.build_absolute_uri(reverse(view_name, args=[marker])).split(marker)
    return lambda key: f"{start}{key}{end}"


def _sources(ids: list[int], article_url: Callable[[str], str]) -> tuple[dict, dict, dict]:
    """Per meeting of ``ids``: its articles' import names, the same cited (outlet, title, address), and its source
    sentences, oldest first."""
    slugs, sources, sentences = defaultdict(list), defaultdict(list), defaultdict(list)
    for meeting, slug, outlet, title, source_url, sentence in (
        Evidence.objects.filter(meeting__in=ids)
        .order_by("article__published", "start")
        .values_list("meeting", "article__slug", "article__outlet", "article__title", "article__source_url", "sentence")
    ):
        slugs[meeting].append(slug)
        cited = article_citation(
            slug=slug, outlet=outlet, title=title, source_url=source_url, page_url=article_url(slug)
        )
        sources[meeting].append(cited)
        sentences[meeting].append(sentence)
    return slugs, sources, sentences


PARTICIPANT_HEADER = [
    "meeting_id",
    "date",
    "date_precision",
    "kind",
    "status",
    "location",
    "meeting",
    "person",
    "person_slug",
    "title",
    "country",
    "organization",
    "organization_slug",
    "review_status",
    "source_citations",  # the meeting's, each "outlet — title — address"
    "meeting_url",
    "person_url",
]


_PARTICIPANT_FIELDS = (
    "meeting",
    "person__name",
    "person__slug",
    "title",
    "country",
    "organization__name",
    "organization__slug",
)
_NO_PARTICIPANT = ("",) * (len(_PARTICIPANT_FIELDS) - 1)


def participant_cells(queryset: QuerySet, request) -> Iterator[list]:
    """One row per meeting and participant (long form, for pivot tables by person, country or office), in the
    meetings' order; a meeting without participants has one row with those cells empty, so that no meeting
    of the list is missing. Per chunk of meetings, one query reads their participants as tuples."""
    rows = queryset.prefetch_related(None).values_list(*_MEETING_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    meeting_url = _detail_url(request, "meetings:meeting_detail", _ID_MARKER)
    person_url = _detail_url(request, "meetings:person_detail", _SLUG_MARKER)
    article_url = _detail_url(request, "meetings:article_detail", _SLUG_MARKER)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        people = defaultdict(list)
        _, sources, _ = _sources([row[0] for row in chunk], article_url)
        for meeting, *person in (
            Participation.objects.filter(meeting__in=[row[0] for row in chunk])
            .order_by("id")
            .values_list(
                "meeting",
                "person__name",
                "person__slug",
                "title",
                "country",
                "organization__name",
                "organization__slug",
            )
        ):
            people[meeting].append(person)
        for pk, date, precision, kind, status, location, title, review, *_ in chunk:
            meeting = [pk, date.isoformat() if date else "", precision, kind, status, location, title]
            url, cited = meeting_url(pk), joined(sources[pk])
            for name, slug, role, country, office, office_slug in people[pk] or [("", "", "", "", "", "")]:
                their_page = person_url(slug) if slug else ""
                cells = (*meeting, name, slug, role, country, office, office_slug, review, cited, url, their_page)
                yield [neutralise(c) for c in cells]


def filename(list_name: str, query, *, today: dt.date, labels: dict[str, str] | None = None) -> str:
    """``meetings_country-KR-US_kind-summit_2019-2020_2026-12-02.csv``: the list, each filter in use with its
    values (dates as given), and the day of the export; only letters, digits, ``-`` and ``_``."""
    parts = []
    date_from, date_to = query.get("date_from", ""), query.get("date_to", "")
    if date_from or date_to:
        parts.append(f"{slugify(date_from) or 'start'}-to-{slugify(date_to) or 'now'}")
    for name in query:
        if name in ("page", "sort", "date_from", "date_to"):
            continue
        values = [slugify((labels or {}).get(v, v)) for v in query.getlist(name) if v]
        values = [v for v in values if v]
        if values:
            parts.append(f"{slugify(name)}-{'-'.join(values)}")
    stem = "_".join(parts)
    budget = MAX_FILENAME - len(list_name) - len("_2026-12-02.csv") - 1
    stem = stem[:budget].rstrip("-_")
    return "_".join(p for p in (list_name, stem, today.isoformat()) if p) + ".csv"


READOUT_HEADER = [
    "id",
    "meeting_id",
    "meeting",
    "date",
    "issuer",
    "country",
    "form",
    "language",
    "quotes",
    "evidence",  # the account's own sentences, in the article's order
    "article",
    "source_citation",  # "outlet — title — address"
    "review_status",  # of the meeting the account is of
    "url",  # the meeting's page
]
_READOUT_FIELDS = (
    "pk",
    "meeting",
    "meeting__title",
    "meeting__date",
    "issuer__name",
    "issuer__country",
    "form",
    "language",
    "quotes",
    "article__slug",
    "article__outlet",
    "article__title",
    "article__source_url",
    "meeting__review_status",
)


def readout_cells(queryset: QuerySet, request) -> Iterator[list]:
    """The read-outs CSV's cells without building model instances: one query reads the accounts with their meeting,
    issuer and article (a server-side cursor on PostgreSQL), and per chunk one more their own sentences. As instances
    with a prefetch of their sentences, a row cost 175 µs (8.7 s for the 50,000 read-outs of 100,000 meetings)."""
    rows = queryset.prefetch_related(None).values_list(*_READOUT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    meeting_url = _detail_url(request, "meetings:meeting_detail", _ID_MARKER)
    article_url = _detail_url(request, "meetings:article_detail", _SLUG_MARKER)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        sentences = defaultdict(list)
        for readout, sentence in (
            Evidence.objects.filter(readout__in=[row[0] for row in chunk])
            .order_by("start")
            .values_list("readout", "sentence")
        ):
            sentences[readout].append(sentence)
        for (
            pk,
            meeting,
            meeting_title,
            date,
            issuer,
            country,
            form,
            language,
            quotes,
            slug,
            outlet,
            article_title,
            source_url,
            review,
        ) in chunk:
            cited = ""
            if slug:
                cited = article_citation(
                    slug=slug, outlet=outlet, title=article_title, source_url=source_url, page_url=article_url(slug)
                )
            yield [
                neutralise(cell)
                for cell in (
                    pk,
                    meeting,
                    meeting_title,
                    date.isoformat() if date else "",
                    issuer,
                    country,
                    form,
                    language,
                    " | ".join(quotes),
                    " | ".join(sentences[pk]),
                    slug or "",
                    cited,
                    review,
                    meeting_url(meeting),
                )
            ]


def person_columns(request) -> list[Column]:
    return [
        Column("slug", lambda p: p.slug),
        Column("name", lambda p: p.name),
        Column("country", lambda p: p.country.code),
        Column("aliases", lambda p: joined(p.aliases)),
        Column("meetings", lambda p: p.meeting_count),
        Column("latest_held_contact", lambda p: "" if p.last_contact == NO_CONTACT else p.last_contact.isoformat()),
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
        Column("source_url", lambda a: a.source_url),
        Column("meetings", lambda a: a.meeting_count),
        Column("url", absolute(request)),
    ]


# The smaller lists' columns, read from their rows (the meetings' and read-outs' are read as tuples: *_cells).
COLUMNS = {
    Person: person_columns,
    Organization: organization_columns,
    Article: article_columns,
}
