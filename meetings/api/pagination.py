"""Keyset ("cursor") pagination over (sort key, id).

A page is "the rows after this (key, id)", not "rows 5,000 to 5,050": a deep page costs the same
as the first (no OFFSET to scan past), and rows inserted while a client walks the list neither
repeat a row on the next page nor push one past it. The key is the list's default order or the
first column of its ``sort`` parameter (the FilterSet's own SortFilter, so the API offers the
same sorts as the page), then the columns that SortFilter breaks its ties by before the id
(``then``: an issuer's country after its name); the remaining ties, and the rows without a
value, are ordered by id. Rows without a value (a meeting of unknown date) come last in either
direction.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q, QuerySet, prefetch_related_objects
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from meetings.filters import SortFilter, nullable_path
from meetings.ordering import without_index
from meetings.pagination import rows_of_ids

# 50 rows, as on the pages; at most 200, so that one request stays a few hundred milliseconds
# even for meetings with their participants, read-outs and sources.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
INVALID_CURSOR = "Invalid cursor: follow the `next` link of the previous page."
_START = object()  # no cursor: the first page


@dataclass(frozen=True)
class Key:
    """The order of a list: a field (or annotation, or ``related__field``) and its direction, then the fields that
    break its ties (``then``: never null on a row that has the field, in the same direction), then id."""

    field: str
    descending: bool
    nullable: bool
    then: tuple[str, ...] = ()

    def op(self, *, strict: bool) -> str:
        return ("lt" if strict else "lte") if self.descending else ("gt" if strict else "gte")

    def ordering(self) -> list:
        """The order among the rows that have a value; those without one follow, by id."""
        return [F(field).desc() if self.descending else F(field).asc() for field in (self.field, *self.then)] + [
            self.id_ordering()
        ]

    def id_ordering(self) -> str:
        return "-pk" if self.descending else "pk"

    def has_value(self) -> Q:
        return Q(**{f"{self.field}__isnull": False}) if self.nullable else Q()

    def after(self, value, pk: int, then: tuple = ()) -> Q:
        """Rows with a value after (value, the ``then`` fields' values, id). The range on the field alone is what an
        index on it can scan in order (so a deep page reads a page of the index, not every row before it); the rest
        breaks ties, field by field."""
        beyond = Q(**{f"pk__{self.op(strict=True)}": pk})
        for field, tied in reversed(list(zip(self.then, then, strict=True))):
            beyond = Q(**{f"{field}__{self.op(strict=True)}": tied}) | (Q(**{field: tied}) & beyond)
        return Q(**{f"{self.field}__{self.op(strict=False)}": value}) & (
            Q(**{f"{self.field}__{self.op(strict=True)}": value}) | beyond
        )

    def value_of(self, row, field: str | None = None):
        value = row
        for part in (field or self.field).split("__"):
            value = getattr(value, part, None) if value is not None else None
        if isinstance(value, dt.date):
            return value.isoformat()
        if value is not None and not isinstance(value, (str, int, float)):
            value = str(value)  # a Country is its code
        return value

    def then_of(self, row) -> tuple:
        return tuple(self.value_of(row, field) for field in self.then)


def _sort_key(view, request) -> Key:
    """The first column of ``sort`` if given (validated already by the FilterSet), else the view's default."""
    field, descending = view.default_key
    sort = request.query_params.get("sort", "").split(",")[0].strip()
    sort_filter = view.filterset_class.base_filters.get("sort")
    if sort and sort_filter is not None:
        param = sort.removeprefix("-")
        if param in sort_filter.param_map:
            field, descending = sort_filter.param_map[param], sort.startswith("-")
    # The page's tie-breaking columns, so that the API's pages read in the page's order, off the same indexes: the
    # read-outs by issuer, an office's name then its country (each office one run, its rows read in id order), where
    # by name and id alone every country's Ministry of Foreign Affairs made one run, joined and sorted whole for each
    # page (0.27 s at 1,000,000 meetings).
    then = sort_filter.then.get(field) if isinstance(sort_filter, SortFilter) else None
    model = view.filterset_class._meta.model
    return Key(field, descending, nullable=nullable_path(model, field), then=(then,) if then else ())


def _encode(key: Key, row) -> str:
    data = {"k": key.field, "d": key.descending, "v": key.value_of(row), "id": row.pk}
    if key.then:
        data["t"] = key.then_of(row)
    raw = json.dumps(data, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, key: Key) -> tuple[object, int, tuple]:
    """(the key's value, the id, the ``then`` fields' values) of the row a cursor names."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data["k"] != key.field or data["d"] != key.descending or not isinstance(data["id"], int):
            raise ValueError("a cursor of another order")
        then = tuple(data.get("t", ()))
        if len(then) != len(key.then):
            raise ValueError("a cursor of another order")
        return data["v"], data["id"], then
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise NotFound(INVALID_CURSOR) from None


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    # The page's windows as the filter backend filtered them, each to its first rows (FirstRowsFilterBackend), or None:
    # the page reads the windows of the filtered list.
    filtered_windows: list[QuerySet] | None = None
    # Whether the list's matches are few enough, and far enough apart in the key's index, that the page sorts them
    # (by an order no index holds) instead of walking the index for them: set by the filter backend from the FilterSet
    # (PersonFilterSet.sorts_matches).
    sorted_whole: bool = False

    def _page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, DEFAULT_PAGE_SIZE))
        except ValueError:
            return DEFAULT_PAGE_SIZE
        return max(1, min(size, MAX_PAGE_SIZE))

    def key(self, request, view) -> Key:
        """The list's order: the first column of ``sort``, else the view's default."""
        return _sort_key(view, request)

    def start(self, request, view) -> tuple[object, int] | None:
        """The (value, id) of the row the page starts after (its cursor's), or None on the first page."""
        cursor = request.query_params.get(self.cursor_query_param)
        return _decode(cursor, self.key(request, view))[:2] if cursor else None

    def windows(self, queryset: QuerySet, request, view) -> tuple[Key, int, list[QuerySet]]:
        """The list's key, the page's size, and the parts of ``queryset`` the page is read from, in order, each in its
        own order: the rows with a value after the cursor, then (for a key that can lack one) the rows without, after
        the cursor's id once the cursor is among them. A page takes its rows from the first, then the next."""
        key = self.key(request, view)
        size = self._page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        value, pk, then = _decode(cursor, key) if cursor else (_START, None, ())
        parts = []
        try:
            if value is not None:
                valued = queryset.filter(key.has_value())
                if value is not _START:
                    valued = valued.filter(key.after(value, pk, then))
                ordering = key.ordering()
                parts.append(valued.order_by(*(without_index(ordering) if self.sorted_whole else ordering)))
            if key.nullable:
                empty = queryset.filter(**{f"{key.field}__isnull": True})
                if value is None:
                    empty = empty.filter(**{f"pk__{key.op(strict=True)}": pk})
                parts.append(empty.order_by(key.id_ordering()))
        except (DjangoValidationError, ValueError, TypeError):  # a hand-made cursor with a value of another type
            raise NotFound(INVALID_CURSOR) from None
        return key, size, parts

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        # Rows with a value and rows without are two index-friendly queries (the second only once the first
        # runs short), and what they preload is fetched once for the page.
        preload = queryset._prefetch_related_lookups
        key, size, parts = self.windows(queryset.prefetch_related(None), request, view)
        if self.filtered_windows is not None:  # the same windows, each filtered to its first rows (api/filtering.py)
            parts = [part.prefetch_related(None) for part in self.filtered_windows]
        rows = []
        try:
            for part in parts:
                if len(rows) > size:
                    break
                # Ids first, as the pages read theirs (pagination.rows_of_ids).
                rows += rows_of_ids(part, list(part.values_list("pk", flat=True)[: size + 1 - len(rows)]))
        except (DjangoValidationError, ValueError, TypeError):  # a hand-made cursor with a value of another type
            raise NotFound(INVALID_CURSOR) from None
        self.next_cursor = None
        if len(rows) > size:  # one more than a page tells whether there is a next one
            rows = rows[:size]
            self.next_cursor = _encode(key, rows[-1])
        prefetch_related_objects(rows, *preload)
        return rows

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page; null on the last.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Where the page starts: taken from the previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
