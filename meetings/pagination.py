"""Pages of a list whose cost does not grow with the table: bounded counts, and a page's ids read off an index.

Django's Paginator counts every matching row on every view (a million at 1,000,000 meetings) and
fetches a deep page with OFFSET over full rows. Here the total is counted exactly only up to
COUNT_CAP (the list says "more than 1,000" beyond), and a page first reads its ids alone (an
index-only scan over the list's order), then loads just those rows with what they show.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property

# Counting up to 1,000 rows reads at most that many index entries, or probes that many times for a
# filter (about a millisecond either way); a reader gains little from an exact "48,213 meetings" over
# "more than 1,000", and the filters narrow it.
COUNT_CAP = 1_000
# LIMIT and OFFSET are 64-bit integers in PostgreSQL (and SQLite): no list has a row past this, so a page that
# would start beyond it is past the end of any list, as a page past the last is.
MAX_ROWS = 2**63 - 1
# A page past the end of a list reads the list's ids up to it when they are at most this many (BoundedPaginator.
# _last_page): 100,000 ids are fetched in some 25 ms, less than counting as many rows and reading the last page past
# them again; a page number further out counts the list instead.
PAST_THE_END_IDS = 100_000


def first_rows_shown(page, per_page: int) -> int:
    """How many of a list's first rows a BoundedPaginator may read to show ``page`` (the request's parameter):
    the pages up to it and one row more (is there a next page?). A page that is no number is page 1; one below 1
    is the last page, which for a list counted up to COUNT_CAP is at most page COUNT_CAP // per_page + 1."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        number = COUNT_CAP // per_page + 1
    return min(number * per_page + 1, MAX_ROWS)


class BoundedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool | None = None):
        super().__init__(object_list, number, paginator)
        self._more = more

    def has_next(self) -> bool:
        return self._more if self._more is not None else super().has_next()


class BoundedPaginator(Paginator):
    """A Paginator that counts up to COUNT_CAP and pages by ids first; ``capped`` says the total is "more than"."""

    def __init__(self, object_list, per_page, *args, counted: int | None = None, exact: bool = False, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if counted is not None:  # the list's rows counted already up to COUNT_CAP + 1 or more (a search's matches)
            self.__dict__["count"] = counted if exact else min(counted, COUNT_CAP + 1)
        self.exact = exact  # ``counted`` every row: the total shown as it is, however large

    @cached_property
    def count(self) -> int:
        # Any COUNT_CAP + 1 rows will do: no order, so the database stops as soon as it has them.
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return not self.exact and self.count > COUNT_CAP

    @property
    def total(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.capped else str(self.count)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.capped:
            return BoundedPage(self._rows(bottom, bottom + self.per_page), number, self)
        # The total is unknown: one row more than a page says whether there is a next one.
        top = bottom + self.per_page + 1
        rows = self._rows(bottom, top) if top <= MAX_ROWS else []
        if not rows and number > 1:
            return self._last_page(bottom)
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _last_page(self, bottom: int) -> BoundedPage:
        """The last page of a list that ends before its row ``bottom`` (a page past its end: a hand-typed number),
        counted once, exactly. A list of rows read whole as ids up to ``bottom`` when at most PAST_THE_END_IDS: one
        read gives its count and its last page's ids, where a count and the last page read by OFFSET went through the
        same rows twice more (?q=Brown+Smith&page=200 at 1,000,000 meetings: 121 and 229 ms after the empty page's
        244)."""
        if bottom > PAST_THE_END_IDS or not isinstance(self.object_list, QuerySet):
            self.__dict__["count"], self.exact = self.object_list.count(), True
            return self.page(self.num_pages)
        ids = list(self.object_list.values_list("pk", flat=True)[:bottom])
        self.__dict__["count"], self.exact = len(ids), True
        number = self.num_pages
        return BoundedPage(rows_of_ids(self.object_list, ids[(number - 1) * self.per_page :]), number, self)

    def _rows(self, bottom: int, top: int) -> list:
        return rows_of_ids(self.object_list, list(self.object_list.values_list("pk", flat=True)[bottom:top]))


def rows_of_ids(rows: QuerySet, ids: list[int]) -> list:
    """The records of ``ids`` (a page of ``rows``' ids, read alone) as ``rows`` reads them, with its prefetches and
    annotations, in the order of the ids (the list's). The ids already passed the filters: their conditions (a `q`
    search's index scans) are not run again. Read with the page's ids alone, a list in an order that reads many rows
    for a page's (an office's read-outs by id, sorted for each page) joins what each row shows to its page's rows
    only."""
    if not ids:
        return []
    rows = rows.order_by()
    rows.query.where = WhereNode()
    by_id = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


# Signed 64-bit: what a BigAutoField id may hold.
ID_TYPECODE = "q"


def ids_in_order(rows) -> array:
    """The ids of ``rows`` in their order, as IdsInOrder pages through them: an array of 64-bit integers, which a cache
    stores and reads back as one block of bytes (a list of the 100,000 people's ids at a million meetings took 5 ms of
    every view to unpickle from the per-process cache; the array 0.06 ms)."""
    return array(ID_TYPECODE, rows.values_list("pk", flat=True))


class IdsInOrder:
    """A list of rows known by their ids in order (cached), read a page at a time from ``rows``."""

    def __init__(self, ids: Sequence[int], rows):
        self.ids, self.rows = ids, rows

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list:
        ids = list(self.ids[window])
        by_id = {row.pk: row for row in self.rows.order_by().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


class KeptIdsPaginator(BoundedPaginator):
    """A BoundedPaginator over a list known by its ids in order (kept: a search's ranking), each page's rows read from
    ``rows`` by id; its total, the ids', shown as any list's."""

    def __init__(self, ids: Sequence[int], rows, per_page, **kwargs):
        super().__init__(IdsInOrder(ids, rows), per_page, counted=len(ids), **kwargs)

    def _rows(self, bottom: int, top: int) -> list:
        return self.object_list[bottom:top]


class CachedOrderPaginator(Paginator):
    """A Paginator over IdsInOrder, with the bounded paginator's figures for the templates (an exact count)."""

    capped = False

    @property
    def total(self) -> str:
        return str(self.count)
