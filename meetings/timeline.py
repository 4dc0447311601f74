"""Contacts per month, held, planned and cancelled apart, and their bar chart laid out for an SVG drawn on the server.

A chart stacks its bars by status (the default), or by kind or counterpart country (``stack``): then each
group has its colour and the status is told by the fill (held solid, planned pale, cancelled hollow), so that
"what kind of contact" or "with whom" never hides whether it took place.

``count_by_month`` reads one aggregate query (month × status × precision → count); ``bin_by_month`` and
``chart`` are pure functions of its rows, so that the binning and the geometry are tested without a page.
The chart needs no script: each bar is a link to the meetings list filtered to its month and status (stacked by
kind or country: its month and group, see BarLink), and the page shows a table of the same figures beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import NamedTuple
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Aggregate, Case, CharField, Count, F, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import TruncMonth
from django_countries import countries

from meetings.models import (
    CountryContacts,
    CountryTotals,
    DatePrecision,
    Kind,
    Meeting,
    OfficeTimeline,
    PairContacts,
    Participation,
    Person,
    PersonTimeline,
)

# Drawn bottom to top in this order; also the CSS classes of the bars (colours follow the status badges).
STATUSES = ("held", "planned", "cancelled")
# What the bars of a month may be stacked by: the first is the default.
STACKS = ("status", "kind", "country")
# Groups (kinds, countries) with a colour of their own; the rest share one, "other". Past six colours a legend
# is no longer read at a glance, and the data this serves has seven countries.
MAX_GROUPS = 6
# Group keys that are not one kind or country: contacts with officials of several other countries (or, on the
# home page, of three or more), contacts with no other country's official recorded, and the groups past MAX_GROUPS.
SEVERAL, NONE, OTHER = "+", "", "~"
# The SVG's own coordinate space (it scales to the width of the page): wide enough for 20 years of months
# at about 3 units a bar, short enough to sit beside its table.
WIDTH, HEIGHT = 720, 180
# Room for the axis labels: the count on the left, the years below.
LEFT, BOTTOM, TOP = 28, 18, 6
# A bar narrower than this could not be clicked; a long history then draws every month at this width and
# the chart widens (the page scrolls it sideways) rather than dropping months. A year is then at least
# 12 slots (45 units) wide: room for its label, so year labels never overlap.
MIN_BAR = 3.0
# Bars take this share of their month's slot; the rest is the gap that tells one month from the next.
BAR_SHARE = 0.8


@dataclass
class Month:
    start: dt.date  # the first day of the month
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    # Stacked by kind or country: group key → status → count (empty when stacked by status).
    groups: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, group: str, status: str | None = None) -> int:
        counts = self.groups.get(group, {})
        return counts.get(status, 0) if status else sum(counts.values())

    @property
    def total(self) -> int:
        return self.held + self.planned + self.cancelled

    @cached_property
    def label(self) -> str:
        return self.start.strftime("%B %Y")

    @cached_property
    def param(self) -> str:
        return self.start.strftime("%Y-%m")


@dataclass
class Timeline:
    """Every month from the first contact's to the last's (months without contacts included, as gaps)."""

    months: list[Month] = field(default_factory=list)
    # Contacts that no month can hold: dated only to a year, or not dated. Counted, so the chart does not hide them.
    unplaced: int = 0
    stack: str = "status"
    # Stacked by kind or country: the groups drawn, busiest first (at most MAX_GROUPS, then OTHER).
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.months)

    @property
    def busiest(self) -> int:
        return max((m.total for m in self.months), default=0)

    @property
    def first_label(self) -> str:
        return self.months[0].label if self.months else ""

    @property
    def last_label(self) -> str:
        return self.months[-1].label if self.months else ""

    @property
    def with_contacts(self) -> list[Month]:
        """The months that had any contact, newest first: the rows of the table beside the chart."""
        return [m for m in reversed(self.months) if m.total]


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    index: int  # its colour, the CSS class g<index>
    params: tuple[tuple[str, str], ...] = ()  # what the meetings list adds to the page's own filter for it


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def bin_by_month(
    rows: Iterable[tuple], *, stack: str = "status", own_countries: Iterable[str] | None = None
) -> Timeline:
    """Rows of (month's first day or None, status, date precision, count) into a Timeline; stacked by kind or
    country, rows of (month, status, precision, kind or ","-joined country codes, count).

    A contact dated to the day, the week or the month is in its month; one dated only to a year (stored as
    1 January) is not put in January, where it did not necessarily happen: it is counted as unplaced.
    ``own_countries``: the page's subject's, left out of the rows' countries, which are then its counterparts'
    (two or more of them are "several"); None on the home page, where a pair of countries is a group of its own.
    """
    subject = own_countries is not None
    counts: dict[dt.date, Month] = {}
    unplaced = 0
    # A group's key from a row's kind or countries: the whole archive's kept rows stacked by country are some 45,000
    # at 1,000,000 meetings, among a few hundred sets of countries; each set's key is made once.
    keys: dict[str | None, str] = {}
    for month, status, precision, *grouped, n in rows:
        if month is None or precision == "year":
            unplaced += n
            continue
        month = month.date() if isinstance(month, dt.datetime) else month
        bucket = counts.setdefault(month, Month(month))
        status = status if status in STATUSES else "planned"
        setattr(bucket, status, getattr(bucket, status) + n)
        if grouped:
            key = keys.get(grouped[0])
            if key is None:
                key = keys[grouped[0]] = _group_key(stack, grouped[0], subject=subject)
            by_status = bucket.groups.setdefault(key, {})
            by_status[status] = by_status.get(status, 0) + n
    if not counts:
        return Timeline([], unplaced, stack)
    months, day, last = [], min(counts), max(counts)
    while day <= last:
        months.append(counts.get(day, Month(day)))
        day = _next_month(day)
    timeline = Timeline(months, unplaced, stack)
    if stack != "status":
        _keep_busiest_groups(timeline, own_countries=own_countries)
    return timeline


def _group_key(stack: str, value: str | None, *, subject: bool) -> str:
    if stack == "kind":
        return value or OTHER
    if value == SEVERAL:  # as the counts kept on write hold it (CountryContacts)
        return SEVERAL
    codes = sorted({code for code in (value or "").split(",") if code})
    if not codes:
        return NONE
    if len(codes) > (1 if subject else 2):
        return SEVERAL
    return ",".join(codes)


def _keep_busiest_groups(timeline: Timeline, *, own_countries: Iterable[str] | None) -> None:
    """Name the busiest groups and fold the rest into OTHER, in every month. Rows already folded (OTHER among the
    groups: ``kept_subject_timeline``) keep it, last."""
    totals: dict[str, int] = {}
    for month in timeline.months:
        for key, by_status in month.groups.items():
            totals[key] = totals.get(key, 0) + sum(by_status.values())
    own = None if own_countries is None else tuple(own_countries)
    folded_before = totals.pop(OTHER, None) is not None
    kept = named_groups(totals, stack=timeline.stack, own=own)
    if len(kept) < len(totals) or folded_before:
        for month in timeline.months:
            folded = month.groups.pop(OTHER, {})
            for key in [k for k in month.groups if k not in kept]:
                for status, n in month.groups.pop(key).items():
                    folded[status] = folded.get(status, 0) + n
            if folded:
                month.groups[OTHER] = folded
        kept.append(OTHER)
    timeline.groups = [_group(timeline.stack, key, i, own=own) for i, key in enumerate(kept)]


def named_groups(totals: dict[str, int], *, stack: str, own: tuple[str, ...] | None) -> list[str]:
    """The groups a chart names, busiest first (their colours' order): every one, or the MAX_GROUPS busiest where there
    are more (the rest are OTHER). At equal counts a named kind or country before "several" or "none", then by name."""
    ranked = sorted(
        totals, key=lambda key: (-totals[key], key in (SEVERAL, NONE), _group(stack, key, 0, own=own).label)
    )
    return ranked if len(ranked) <= MAX_GROUPS + 1 else ranked[:MAX_GROUPS]


def _group(stack: str, key: str, index: int, *, own: tuple[str, ...] | None) -> Group:
    """A group's name and the filter that lists exactly its contacts (the month's, for "several" and "other")."""
    subject = own is not None
    if key == OTHER:
        return Group(key, "other kinds" if stack == "kind" else "other countries", index)
    if stack == "kind":
        return Group(key, str(Kind(key).label) if key in Kind.values else key, index, (("kind", key),))
    if key == SEVERAL:
        return Group(key, "several countries" if subject else "three or more countries", index)
    codes = key.split(",") if key else []
    # The countries of the contact, the subject's own among them: "only" them, no other country's official.
    present = [*dict.fromkeys([*(own or ()), *codes])]
    params = (*(("country", code) for code in present), ("country_mode", "only")) if present else ()
    if key == NONE:
        return Group(key, "no other country" if subject else "no country recorded", index, params)
    return Group(key, "–".join(countries.name(code) or code for code in codes), index, params)


class _Countries(Aggregate):
    """The distinct country codes of a meeting's participants, ","-joined (in no particular order)."""

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s, ',')"
    allow_distinct = True
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(distinct)s%(expressions)s)", **extra
        )


def count_by_month(
    meetings: QuerySet, *, stack: str = "status", own_countries: Iterable[str] | None = None
) -> Timeline:
    """One query: the meetings counted by month, status and precision, and by kind or countries when stacked so.

    ``own_countries``: a page's subject's countries (a person's, an office's, the country's own), left out of
    the countries a contact is stacked by: what is left are its counterparts. None on the home page.
    """
    columns = ["month", "status", "date_precision"]
    meetings = meetings.order_by().annotate(month=TruncMonth("date"))
    if stack == "kind":
        columns.append("kind")
    elif stack == "country":
        present = Participation.objects.filter(meeting=OuterRef("pk")).exclude(country="")
        if own_countries:
            present = present.exclude(country__in=list(own_countries))
        codes = (
            present.order_by().values("meeting").annotate(codes=_Countries("country", distinct=True)).values("codes")
        )
        meetings = meetings.annotate(codes=Subquery(codes))
        columns.append("codes")
    rows = meetings.values_list(*columns).annotate(n=Count("pk"))
    return bin_by_month(rows, stack=stack, own_countries=own_countries)


@dataclass(frozen=True)
class History:
    """A set of meetings counted by month, status, date precision and kind, in one aggregate: what a country
    pair's page shows (contacts per year, held, planned and cancelled, the timeline by status or by kind)."""

    rows: tuple[tuple, ...]  # (month's first day or None, status, precision, kind, count)

    def by_status(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, status, _, _, n in self.rows:
            counts[status] = counts.get(status, 0) + n
        return counts

    def per_year(self) -> list[dict]:
        """{"year", "n"} for each year with a dated meeting, latest first (a year-only date counts in its year)."""
        counts: dict[int, int] = {}
        for month, _, _, _, n in self.rows:
            if month is not None:
                counts[month.year] = counts.get(month.year, 0) + n
        return [{"year": year, "n": counts[year]} for year in sorted(counts, reverse=True)]

    def timeline(self, stack: str = "status") -> Timeline:
        """Stacked by status or by kind (not by country: the rows hold none; by kind only from rows that hold
        kinds)."""
        if stack == "kind":
            return bin_by_month(self.rows, stack=stack)
        return bin_by_month(((month, status, precision, n) for month, status, precision, _, n in self.rows))


def history(meetings: QuerySet) -> History:
    """One query: ``meetings`` counted by month, status, precision and kind."""
    counted = (
        meetings.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", "status", "date_precision", "kind")
        .annotate(n=Count("pk"))
    )
    return History(tuple(tuple(row) for row in counted))


def pair_history(code: str, other: str, meetings: QuerySet, *, stack: str = "status") -> History:
    """The history of the contacts between two countries (``meetings``: theirs), for a timeline stacked by
    ``stack`` (status or kind).

    PostgreSQL sums the counts its triggers keep (PairContacts) into what the page shows: month, status and
    whether the date is only a year (the other precisions share a month), and the kind only when stacked by kind:
    at most months × statuses × 2 (× kinds) rows, however many contacts the pair had. SQLite, with no triggers,
    counts ``meetings`` directly.
    """
    if connection.vendor != "postgresql":
        return history(meetings)
    country_a, country_b = sorted((code, other))
    year_only = Case(When(date_precision="year", then=Value("year")), default=Value("month"))
    counted = (
        PairContacts.objects.filter(country_a=country_a, country_b=country_b)
        .annotate(precision=year_only, kind_of=F("kind") if stack == "kind" else Value(None, CharField()))
        .values_list("month", "status", "precision", "kind_of")
        .annotate(n=Sum("contacts"))
        .order_by()
    )
    return History(tuple(tuple(row) for row in counted))


def country_totals() -> list[dict]:
    """Each country with an official in a public meeting: ``country``, ``meetings`` (its public contacts) and
    ``people`` (people of the country who took part in one), the busiest first.

    On PostgreSQL both are a country's row of the totals kept on write (CountryTotals): counted from the
    participations, every view read all of them (2.7 million, 3.6 s at 1,000,000 meetings); summed from the other
    kept counts, 80,000 rows and 100,000 people (40-60 ms). SQLite, which keeps no counts, counts them."""
    if connection.vendor == "postgresql":
        kept = CountryTotals.objects.filter(contacts__gt=0).values_list("country", "contacts", "people")
        rows = [{"country": code, "meetings": n, "people": people} for code, n, people in kept]
    else:
        public = Meeting.objects.public()
        meetings = _count_by_country(Participation.objects.filter(meeting__in=public), "country", "meeting")
        people = _count_by_country(Person.objects.filter(participations__meeting__in=public), "country", "pk")
        rows = [{"country": code, "meetings": n, "people": people.get(code, 0)} for code, n in meetings.items() if n]
    return sorted(rows, key=lambda row: (-row["meetings"], row["country"]))


def _count_by_country(rows: QuerySet, country: str, counted: str) -> dict[str, int]:
    """{country code: how many distinct ``counted``} of ``rows``, grouped by their ``country`` (a path), none for
    rows without a country."""
    grouped = rows.exclude(**{country: ""}).order_by().values_list(country)
    return dict(grouped.annotate(n=Count(counted, distinct=True)))


def kept_timeline(country: str, *, own_countries: Iterable[str] | None = None) -> Callable[[str], Timeline] | None:
    """The timeline of a country's public contacts, or of the whole archive's (``CountryContacts.WHOLE_ARCHIVE``),
    read from the counts PostgreSQL keeps on write (CountryContacts), as ``kept_subject_timeline`` reads a person's
    or an office's; None on SQLite, whose pages count their meetings (``count_by_month``).

    ``own_countries``: as for ``count_by_month`` (the country's own; None for the whole archive): the stored
    counterparts already leave it out."""
    return kept_subject_timeline(
        CountryContacts.objects.filter(country=country), own_countries=own_countries, countries="counterparts"
    )


def kept_person_timeline(person_id: int, *, own_countries: Iterable[str]) -> Callable[[str], Timeline] | None:
    """The timeline of a person's public contacts for a stacking, read from the counts PostgreSQL keeps on write
    (PersonTimeline); None on SQLite, whose page counts the person's meetings (``count_by_month``). See
    ``kept_subject_timeline``."""
    return kept_subject_timeline(PersonTimeline.objects.filter(person_id=person_id), own_countries=own_countries)


def kept_office_timeline(office_id: int, *, own_countries: Iterable[str]) -> Callable[[str], Timeline] | None:
    """The timeline of an office's public contacts (OfficeTimeline), as ``kept_person_timeline`` a person's."""
    return kept_subject_timeline(OfficeTimeline.objects.filter(organization_id=office_id), own_countries=own_countries)


def kept_subject_timeline(
    kept: QuerySet, *, own_countries: Iterable[str] | None, countries: str = "countries"
) -> Callable[[str], Timeline] | None:
    """The timeline of one subject's public contacts for a stacking, from its rows of counts kept on write (``kept``:
    a KeptTimeline's, or CountryContacts'): at most months × statuses × 2 × groups rows, however many contacts it
    had. None on SQLite, which keeps no counts.

    Each contact is in the rows twice: by kind under ``BY_KIND`` in the ``countries`` column, and by its countries
    there. ``own_countries``: the subject's, left out of each contact's stored countries (a person's or an office's
    rows hold its own; a country's counterparts do not), so that what is left are its counterparts, as
    ``count_by_month`` gives them."""
    if connection.vendor != "postgresql":
        return None
    own = set(own_countries or ())
    by_kind = {countries: kept.model.BY_KIND}

    @cache  # one set of countries a call for each of the kept rows that hold it (see bin_by_month)
    def counterparts(stored: str) -> str:
        if stored == SEVERAL:  # three or more, less one: still several
            return stored
        return ",".join(code for code in stored.split(",") if code and code not in own)

    def named_sets(by_country: QuerySet) -> list[str] | None:
        """The stored sets of countries of the groups a chart names, or None where it names every group. The whole
        archive's kept rows are some 45,000 at 1,000,000 meetings, a row a month, status and pair of countries (121
        pairs), where a chart names six: totalled by set first (what ``_keep_busiest_groups`` ranks), the rest are
        folded into OTHER by PostgreSQL, and a sixth as many rows are read and binned (the home page by country's first
        view after a write: 380 -> 140 ms)."""
        placed = by_country.exclude(month=None).exclude(date_precision=DatePrecision.YEAR)
        totals: dict[str, int] = {}
        sets: dict[str, list[str]] = {}
        for stored, n in placed.values_list(countries).annotate(n=Sum("contacts")).order_by():
            key = _group_key("country", counterparts(stored), subject=own_countries is not None)
            totals[key] = totals.get(key, 0) + n
            sets.setdefault(key, []).append(stored)
        named = named_groups(totals, stack="country", own=None if own_countries is None else tuple(own_countries))
        return None if len(named) == len(totals) else [stored for key in named for stored in sets[key]]

    def counted(stack: str) -> Timeline:
        if stack == "country":
            by_country = kept.exclude(**by_kind)
            named = named_sets(by_country)
            grouped = (
                F(countries)
                if named is None
                else Case(When(**{f"{countries}__in": named}, then=F(countries)), default=Value(OTHER))
            )
            rows = (
                by_country.values_list("month", "status", "date_precision")
                .annotate(group=grouped, n=Sum("contacts"))
                .order_by()
            )
            rows = ((month, status, precision, counterparts(codes), n) for month, status, precision, codes, n in rows)
        else:
            grouped = ("kind",) if stack == "kind" else ()
            rows = (
                kept.filter(**by_kind)
                .values_list("month", "status", "date_precision", *grouped)
                .annotate(n=Sum("contacts"))
                .order_by()
            )
        return bin_by_month(rows, stack=stack, own_countries=own_countries)

    return counted


class Bar(NamedTuple):
    """A month's segment of one status (and group) in the chart. A named tuple: a long history stacked by kind or
    country draws some 6,700 of them a page, and a frozen dataclass's ``__init__`` (an ``object.__setattr__`` a field)
    was a third of the chart's time."""

    x: float
    y: float
    width: float
    height: float
    status: str
    count: int
    group: int | None = None  # stacked by kind or country: its group's colour


class BarLink(NamedTuple):
    """A link of the chart, its tooltip and name (``label``) and the bars it holds: a month's contacts of one status
    (stacked by status), or of one group (stacked by kind or country: the group's held, planned and cancelled bars
    together, as the table's cell for the group and month links them). A link a group rather than a status and group
    draws a long history's thousands of bars with a third of the links: half the chart's HTML at 1,000,000 meetings,
    and a third of the tab stops."""

    href: str
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    width: float
    height: float
    links: list[BarLink]
    ticks: list[Tick]  # years along the bottom
    top_label: int  # the count at the top of the scale
    baseline: float
    left: float = LEFT

    @property
    def bars(self) -> list[Bar]:
        """Every bar, link by link."""
        return [bar for link in self.links for bar in link.bars]

    @property
    def fits(self) -> bool:
        """Whether every month fits the page's width (the chart scales); else the chart scrolls sideways."""
        return self.width <= WIDTH

    @property
    def label_y(self) -> float:
        return self.height - 4


class _Links:
    """The meetings list's URL for a month (and a status, a group) of a chart: ``list_url`` with ``base`` (the page's
    own filter) and the month, as ``urlencode`` would write it.

    A long history draws thousands of links a page that differ only in their month: each (status, group) is
    encoded once, as the pieces around its month, and a month's link joins them (``urlencode`` on every link was
    most of a country page's CPU)."""

    def __init__(self, list_url: str, base: dict[str, str | list[str]]) -> None:
        self.list_url = list_url
        self.base = base
        self.pieces: dict[tuple[str | None, str | None], tuple[str, ...]] = {}

    def __call__(self, month: Month, status: str | None, group: Group | None = None) -> str:
        return month.param.join(self.around_month(status, group))

    def around_month(self, status: str | None, group: Group | None = None) -> tuple[str, ...]:
        """The link's pieces before and after its month (``month.param``), encoded once per status and group."""
        key = (status, group.key if group else None)
        pieces = self.pieces.get(key)
        if pieces is None:
            pieces = self.pieces[key] = self._pieces(status, group)
        return pieces

    def _pieces(self, status: str | None, group: Group | None) -> tuple[str, ...]:
        # The month stands in as a marker no parameter can hold ("%" is always encoded), split around afterwards.
        params = {**self.base, "date_from": _MONTH, "date_to": _MONTH}
        if status:
            params["status"] = status
        if group and group.params:
            # A group's countries include the page's own (if any): they replace its country filter.
            chosen = [value for name, value in group.params if name == "country"]
            if chosen:
                params["country"] = chosen
            params.update((name, value) for name, value in group.params if name != "country")
        encoded = "&".join(
            f"{name}={_MONTH}" if value is _MONTH else urlencode({name: value}, doseq=True)
            for name, value in params.items()
        )
        first, *rest = encoded.split(_MONTH)
        return (f"{self.list_url}?{first}", *rest)


# A month's place in a link while its pieces are made (see _Links): a "%" never survives urlencode.
_MONTH = "%MONTH%"


def chart(timeline: Timeline, *, list_url: str, base: dict[str, str | list[str]] | None = None) -> Chart:
    """The bars of a stacked chart (held at the bottom) in SVG coordinates, in links to their month and status, or
    stacked by kind or country to their month and group (see BarLink)."""
    link = _Links(list_url, base or {})
    months, groups = timeline.months, timeline.groups
    slot = max((WIDTH - LEFT) / max(len(months), 1), MIN_BAR / BAR_SHARE)
    width = LEFT + slot * len(months)
    plot = HEIGHT - BOTTOM - TOP
    scale = plot / timeline.busiest if timeline.busiest else 0
    # Held at the bottom, then planned, then cancelled; stacked by group, each status's groups in turn (a group's
    # link holds bars apart, held among the held). What a link shares with its other months is made once, not once a
    # month: its pieces around the month, and the end of its label.
    segments = [(status, group) for status in STATUSES for group in groups or [None]]
    by_status = {status: (link.around_month(status), f" {status}") for status in STATUSES}
    by_group = [(group, link.around_month(None, group), f", {group.label}: ") for group in groups]
    inset, bar_width = slot * (1 - BAR_SHARE) / 2, round(slot * BAR_SHARE, 2)
    links, ticks = [], []
    for i, month in enumerate(months):
        x = LEFT + i * slot
        if month.start.month == 1 or i == 0:
            ticks.append(Tick(round(x, 2), str(month.start.year)))
        y = HEIGHT - BOTTOM
        bar_x, label, param = round(x + inset, 2), month.label, month.param
        groups_bars: dict[str, list[Bar]] = {}
        for status, group in segments:
            count = month.count(group.key, status) if group else getattr(month, status)
            if not count:
                continue
            height = count * scale
            y -= height
            bar = Bar(bar_x, round(y, 2), bar_width, round(height, 2), status, count, group.index if group else None)
            if group:
                groups_bars.setdefault(group.key, []).append(bar)
            else:
                around_month, described = by_status[status]
                links.append(BarLink(param.join(around_month), f"{label}: {count}{described}", (bar,)))
        for group, around_month, described in by_group:
            bars = groups_bars.get(group.key)
            if bars:
                counts = ", ".join(f"{bar.count} {bar.status}" for bar in bars)
                links.append(BarLink(param.join(around_month), f"{label}{described}{counts}", tuple(bars)))
    # Years crowd each other on a long history: keep one label per so many years that they fit.
    every = max(1, -(-len(ticks) * 40 // int(width - LEFT or 1)))
    ticks = ticks[::every]
    return Chart(round(width, 2), HEIGHT, links, ticks, timeline.busiest, HEIGHT - BOTTOM)


def month_links(timeline: Timeline, *, list_url: str, base: dict | None = None) -> list[dict]:
    """The table beside the chart: each month with contacts, each count linked to its filtered list."""
    link = _Links(list_url, base or {})
    return [
        {
            "month": m,
            "all": link(m, None),
            **{status: (getattr(m, status), link(m, status)) for status in STATUSES},
            # Stacked by kind or country: each group's contacts of the month, all statuses (in the groups' order).
            "groups": [(m.count(g.key), link(m, None, g)) for g in timeline.groups],
        }
        for m in timeline.with_contacts
    ]
