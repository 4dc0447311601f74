"""Contacts per month, held, planned and cancelled apart, and their bar chart laid out for an SVG drawn on the server.

``count_by_month`` reads one aggregate query (month × status × precision → count); ``bin_by_month`` and
``chart`` are pure functions of its rows, so that the binning and the geometry are tested without a page.
The chart needs no script: each bar is a link to the meetings list filtered to its month and status,
and the page shows a table of the same figures beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

# Drawn bottom to top in this order; also the CSS classes of the bars (colours follow the status badges).
STATUSES = ("held", "planned", "cancelled")
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

    @property
    def total(self) -> int:
        return self.held + self.planned + self.cancelled

    @property
    def label(self) -> str:
        return self.start.strftime("%B %Y")

    @property
    def param(self) -> str:
        return self.start.strftime("%Y-%m")


@dataclass
class Timeline:
    """Every month from the first contact's to the last's (months without contacts included, as gaps)."""

    months: list[Month] = field(default_factory=list)
    # Contacts that no month can hold: dated only to a year, or not dated. Counted, so the chart does not hide them.
    unplaced: int = 0

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


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def bin_by_month(rows: Iterable[tuple[dt.date | None, str, str, int]]) -> Timeline:
    """Rows of (month's first day or None, status, date precision, count) into a Timeline.

    A contact dated to the day, the week or the month is in its month; one dated only to a year (stored as
    1 January) is not put in January, where it did not necessarily happen: it is counted as unplaced.
    """
    counts: dict[dt.date, Month] = {}
    unplaced = 0
    for month, status, precision, n in rows:
        if month is None or precision == "year":
            unplaced += n
            continue
        month = month.date() if isinstance(month, dt.datetime) else month
        bucket = counts.setdefault(month, Month(month))
        setattr(bucket, status if status in STATUSES else "planned", getattr(bucket, status, 0) + n)
    if not counts:
        return Timeline([], unplaced)
    months, day, last = [], min(counts), max(counts)
    while day <= last:
        months.append(counts.get(day, Month(day)))
        day = _next_month(day)
    return Timeline(months, unplaced)


def count_by_month(meetings: QuerySet) -> Timeline:
    """One query: the meetings counted by month, status and precision."""
    rows = (
        meetings.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", "status", "date_precision")
        .annotate(n=Count("pk"))
    )
    return bin_by_month(rows)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    status: str
    count: int
    label: str  # what the bar's tooltip and link name say
    href: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    width: float
    height: float
    bars: list[Bar]
    ticks: list[Tick]  # years along the bottom
    top_label: int  # the count at the top of the scale
    baseline: float
    left: float = LEFT

    @property
    def fits(self) -> bool:
        """Whether every month fits the page's width (the chart scales); else the chart scrolls sideways."""
        return self.width <= WIDTH

    @property
    def label_y(self) -> float:
        return self.height - 4


def _link(list_url: str, base: dict[str, str | list[str]], month: Month, status: str | None) -> str:
    params = {**base, "date_from": month.param, "date_to": month.param}
    if status:
        params["status"] = status
    return f"{list_url}?{urlencode(params, doseq=True)}"


def chart(timeline: Timeline, *, list_url: str, base: dict[str, str | list[str]] | None = None) -> Chart:
    """The bars of a stacked chart (held at the bottom) in SVG coordinates; each links to its month and status."""
    base = base or {}
    months = timeline.months
    slot = max((WIDTH - LEFT) / max(len(months), 1), MIN_BAR / BAR_SHARE)
    width = LEFT + slot * len(months)
    plot = HEIGHT - BOTTOM - TOP
    scale = plot / timeline.busiest if timeline.busiest else 0
    bars, ticks = [], []
    for i, month in enumerate(months):
        x = LEFT + i * slot
        if month.start.month == 1 or i == 0:
            ticks.append(Tick(round(x, 2), str(month.start.year)))
        y = HEIGHT - BOTTOM
        for status in STATUSES:
            count = getattr(month, status)
            if not count:
                continue
            height = count * scale
            y -= height
            bars.append(
                Bar(
                    x=round(x + slot * (1 - BAR_SHARE) / 2, 2),
                    y=round(y, 2),
                    width=round(slot * BAR_SHARE, 2),
                    height=round(height, 2),
                    status=status,
                    count=count,
                    label=f"{month.label}: {count} {status}",
                    href=_link(list_url, base, month, status),
                )
            )
    # Years crowd each other on a long history: keep one label per so many years that they fit.
    every = max(1, -(-len(ticks) * 40 // int(width - LEFT or 1)))
    ticks = ticks[::every]
    return Chart(round(width, 2), HEIGHT, bars, ticks, timeline.busiest, HEIGHT - BOTTOM)


def month_links(timeline: Timeline, *, list_url: str, base: dict | None = None) -> list[dict]:
    """The table beside the chart: each month with contacts, each count linked to its filtered list."""
    base = base or {}
    return [
        {
            "month": m,
            "all": _link(list_url, base, m, None),
            **{status: (getattr(m, status), _link(list_url, base, m, status)) for status in STATUSES},
        }
        for m in timeline.with_contacts
    ]
