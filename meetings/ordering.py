"""How a meetings list's order is read: its keys, and the first rows of a sort by a pair of indexed columns.

The list (filters.MeetingFilterSet), an office's filter (filters.first_of_either) and a search (search.first_matches)
each read only as many of their first rows as a page needs, in the list's order; a sort by a pair of columns whose
first makes large groups (models.GROUPED_COLUMNS, indexed in pairs by migration 0028) is read here by those groups.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery, Value
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull, Lookup

from meetings.models import GROUPED_COLUMNS, SORTABLE_COLUMNS, Meeting


def list_ordering(meetings: QuerySet) -> list:
    """The order ``meetings`` is listed in: its own ``order_by``, else the model's default (date, then id)."""
    if meetings.query.order_by:
        return list(meetings.query.order_by)
    return list(Meeting._meta.ordering) if meetings.query.default_ordering else []


def first_by_leading_groups(meetings: QuerySet, count: int) -> QuerySet:
    """``meetings`` (a list, or a set of its matches, in the list's order) narrowed to a set that holds its first
    ``count`` rows, read without sorting a group whole, for an order by several columns whose first makes large
    groups (``?sort=kind,-title``; GROUPED_COLUMNS). ``meetings`` as it is when the first column's groups are small
    (dates, titles: PostgreSQL sorts each as it walks the column's index), when the pair's index serves the whole
    order (below), or for a list of fewer than ``count`` rows.

    The value the list's ``count``-th row has in the first column, read off that column's index, splits the first
    rows in two: those of earlier values, fewer than ``count``, all of them; and the first ``count`` of that value's
    group alone, in the next columns' order, which the pair's index (migration 0028) gives as far as ``count``
    either way. Sorted whole instead, a group is up to half of the archive (500,000 meetings of kind "meeting" at
    1,000,000, sorted to show page 100 of ``sort=kind,-title``). With no earlier values, ``meetings`` narrowed to the
    group itself, which the list then reads in order off the pair's index.
    """
    ordering = list_ordering(meetings)
    if len(ordering) < 3:
        return meetings
    column, descending, _ = column_key(ordering[0])
    if column not in GROUPED_COLUMNS or _pair_index_serves(ordering):
        return meetings
    value_at_count = list(meetings.order_by(ordering[0]).values_list(column, flat=True)[count - 1 : count])
    if not value_at_count:
        return meetings
    value = value_at_count[0]  # never None: the grouped columns are never null
    earlier = meetings.order_by().filter(**{f"{column}__{'gt' if descending else 'lt'}": value}).values("pk")
    group = meetings.filter(**{column: value})
    if _index_orders_group(ordering) and not earlier.exists():
        # The first ``count`` rows are all of that group (any page within the first group: 1,000 pages of letters at
        # 1,000,000 meetings): the group itself, which the list's ids are read off the pair's index in order from,
        # stopping at the page, where a set of ids would be looked up in the table and sorted (7,501 for page 150).
        return group
    return meetings.filter(pk__in=earlier[:count].union(*_first_of_group(group, ordering[1:], count), all=True))


def _pair_index_serves(ordering: list) -> bool:
    """Whether a pair's index (first, second, id) gives the list's order (first, second, then ties by id ascending)
    as it runs: forward for both ascending; backward for both descending (ties by id then sorted again, among rows
    that tie on both columns), unless the second may have no value (those come last in the list's orders, first in a
    backward read)."""
    if not _index_orders_group(ordering):
        return False
    first_descending, descending = (column_key(key)[1] for key in ordering[:2])
    return descending == first_descending


def _index_orders_group(ordering: list) -> bool:
    """Whether the pair's index gives the order of a group of its first column, either way: not for a second column
    that may lack a value, descending (those rows come last in the list's orders, first in a backward read)."""
    if not indexed_pair(ordering):
        return False
    second, descending, _ = column_key(ordering[1])
    return not descending or not Meeting._meta.get_field(second).null


def indexed_pair(ordering: list) -> bool:
    """Whether a list's order is a pair of columns that has its index (a grouped column, another sortable one, then
    ties by id ascending), whichever way each runs."""
    if len(ordering) != 3 or ordering[2] != "pk":
        return False
    first, second = (column_key(key)[0] for key in ordering[:2])
    return first in GROUPED_COLUMNS and second in SORTABLE_COLUMNS and second != first


def _first_of_group(group: QuerySet, ordering: list, count: int) -> list[QuerySet]:
    """The ids of the first ``count`` meetings of ``group`` (one value of a grouped column) in ``ordering`` (the
    list's next keys), as parts a union takes, each a range of the pair's index. Rows with no value in a column that
    may lack one come last in the list's orders; a descending read of the index has them first: those with a value
    are read by the column's plain order, and those without apart (by the keys after it)."""
    column, descending, _ = column_key(ordering[0])
    if column not in SORTABLE_COLUMNS or not Meeting._meta.get_field(column).null:
        return [group.order_by(*ordering).values("pk")[:count]]
    valued = group.filter(**{f"{column}__isnull": False}).order_by(
        f"-{column}" if descending else column, *ordering[1:]
    )
    without = group.filter(**{f"{column}__isnull": True}).order_by(*ordering[1:])
    return [valued.values("pk")[:count], without.values("pk")[:count]]


def own_column(column: str | None, nulls_last: bool) -> bool:
    """Whether an ordering key names a column of the meeting itself (not an expression, a related column or an
    annotation) and puts rows without a value there (if any can lack one) last, as the list's orders do."""
    if column is None or "__" in column:
        return False
    try:
        field = Meeting._meta.pk if column == "pk" else Meeting._meta.get_field(column)
    except FieldDoesNotExist:
        return False  # an annotation
    return nulls_last or not field.null


def column_key(key) -> tuple[str | None, bool, bool]:
    """(column, descending, nulls last) of an ordering key naming a column ("-title", ``F("date").desc()``)."""
    if isinstance(key, str):
        return key.removeprefix("-"), key.startswith("-"), False
    if isinstance(key, OrderBy) and isinstance(key.expression, F):
        return key.expression.name, key.descending, bool(key.nulls_last)
    return None, False, False


def without_index(ordering: list) -> list[OrderBy]:
    """The same order by expressions that no index holds: COALESCE(column, column) is the column, NULLs included."""
    unindexed = []
    for term in ordering:
        if isinstance(term, str):
            name = term.lstrip("-")
            term = OrderBy(F("pk" if name == "pk" else name), descending=term.startswith("-"))
        elif not isinstance(term, OrderBy):
            term = OrderBy(term)
        unindexed.append(
            OrderBy(
                Func(term.expression, term.expression, function="COALESCE"),
                descending=term.descending,
                nulls_first=term.nulls_first,
                nulls_last=term.nulls_last,
            )
        )
    return unindexed


def in_any(parts: list[QuerySet]) -> Q:
    """The condition "among the ids of any of ``parts``" (querysets of ids, at least one, each planned as a query of its
    own: its first rows, a set read off its index), as one UNION ALL: a row in two parts is no harm to an IN."""
    first, *others = parts
    union = first.union(*others, all=True)
    if connections[first.db].vendor == "postgresql":
        return Q(among_read_once(union))
    return Q(pk__in=union)


def given_ids(ids: list[int]) -> QuerySet:
    """Meeting ids given as a list, as a query of them (PostgreSQL): one array parameter however many there are (as a
    list of parameters a deep page passed PostgreSQL's 65,535)."""
    return Meeting.objects.order_by().filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids])).values("pk")


class _AmongArray(Lookup):
    """``lhs = ANY(rhs)``, ``rhs`` an array (PostgreSQL)."""

    lookup_name = "among_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def among_read_once(ids: QuerySet) -> Lookup:
    """The meeting at hand among ``ids`` (a query of meeting ids, PostgreSQL), read whole once as an array before any
    meeting is (an InitPlan), then each meeting looked up by its key. Never planned as a join that walks both sides'
    keys, which PostgreSQL prefers for a query planned for its first rows whenever it overestimates how many ids there
    are, nor as a hash of every meeting read in a scan of the table, which it prices below a few thousand lookups by
    key (a person's 6,242 meetings at 1,000,000: 280 ms scanned, 20 looked up)."""
    from django.contrib.postgres.expressions import ArraySubquery

    # A query of a list's first rows keeps the order its slice is taken in; any other is read in no order.
    return _AmongArray(F("pk"), ArraySubquery(ids if ids.query.is_sliced else ids.order_by()))


def among_given(ids: list[int], meeting: str = "pk") -> Lookup:
    """The meeting at hand (its id in the row's column ``meeting``) among ``ids`` (a list), given as one array
    parameter (PostgreSQL): each looked up by its key, however many there are."""
    return _AmongArray(F(meeting), RawSQL("%s::bigint[]", [ids]))


def probed(rows: QuerySet, column: str = "pk") -> IsNull:
    """Whether ``rows`` (a query correlated with the row at hand) has one, asked as a probe for each row read: a scalar
    subquery of its ``column``, which PostgreSQL never plans as a hash of every row the query has without the
    correlation. As an EXISTS beside a word's walked part ("Kim talks": "talks" in quotes, "Kim" anywhere), it hashed
    the 117,152 searchable texts with "Kim" (130 ms at 1,000,000 meetings), for a walk that read 878 meetings."""
    return IsNull(Subquery(rows.order_by().values(column)[:1]), False)


def absent(rows: QuerySet) -> Coalesce:
    """Whether ``rows`` (a query correlated with the row at hand) has none, asked as a probe for each row read (as
    ``probed``), in a form that PostgreSQL takes to be true of half the rows, as it takes any boolean expression it has
    no statistics for. Written ``~Q(probed(rows))``, it is a test for null, which PostgreSQL takes to be true of one row
    in 200. A count's part for a word in the sources asks each meeting whether an earlier part had it (a test true of
    nearly every meeting). Planned as if that let a few meetings through, ?q=talks beside South Korea sorted all
    1,166,490 of the country's participations to walk them in the meetings' order, for 1,001 matches (257 ms at
    1,000,000 meetings; 9 ms down the meetings' key)."""
    none_here = rows.order_by().annotate(none_here=Value(False)).values("none_here")[:1]
    return Coalesce(Subquery(none_here), Value(True), output_field=BooleanField())
