"""Who a person met, how often and when: counterparts summed up from the rows of their contacts.

Pure functions over plain tuples (the view reads them in one bounded query), so that what counts as
"held", "first" and "last" is written once and tested without a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

HELD, PLANNED, CANCELLED = "held", "planned", "cancelled"


@dataclass(frozen=True)
class Dated:
    """A date with the precision it is known to (``day``, ``week``, ``month``, ``year``)."""

    date: dt.date
    precision: str


@dataclass
class Counterpart:
    name: str
    slug: str
    country: str
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    first_held: Dated | None = None
    last_held: Dated | None = None

    @property
    def total(self) -> int:
        return self.held + self.planned + self.cancelled


def counterparts(rows: Iterable[tuple], *, today: dt.date) -> list[Counterpart]:
    """Rows of (name, slug, country, meeting id, date, precision, status), one per counterpart and contact.

    A contact counts as held only if its status is held and its date, when known, is not in the future
    (a "held" record dated tomorrow is an extraction error, not a contact). First and last held contact are
    the earliest and latest such dates. Ordered by held contacts, then the latest held, then name.
    """
    found: dict[str, Counterpart] = {}
    seen: set[tuple[str, int]] = set()
    for name, slug, country, meeting, date, precision, status in rows:
        if (slug, meeting) in seen:
            continue
        seen.add((slug, meeting))
        c = found.setdefault(slug, Counterpart(name, slug, country or ""))
        if status == HELD and (date is None or date <= today):
            c.held += 1
            if date is not None:
                if c.first_held is None or date < c.first_held.date:
                    c.first_held = Dated(date, precision)
                if c.last_held is None or date > c.last_held.date:
                    c.last_held = Dated(date, precision)
        elif status == CANCELLED:
            c.cancelled += 1
        else:
            c.planned += 1
    return sorted(
        found.values(),
        key=lambda c: (-c.held, -(c.last_held.date.toordinal() if c.last_held else 0), -c.total, c.name),
    )
