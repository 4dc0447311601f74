"""The API's filter backend: the pages' FilterSets, reading only a page's first rows where a FilterSet can.

A FilterSet with ``first_rows`` (the meetings' and the read-outs', meetings/filters.py) applies a search, or an
office's filter, as each place's first rows in the list's order rather than as the set of every match: on a page
that is the difference between reading 50 rows and 40,000 for a common word (and, read the other way, between
reading a rare word's few matches from its index and walking the whole list for them). The API's list is read in
the pagination's windows (KeysetPagination.windows: the rows after the cursor in the key's order, then the rows
without a value), so each window is filtered on its own, told to read as many first rows as a page takes, and the
page reads its rows from those filtered windows (KeysetPagination.filtered_windows) as it would from the whole list's.
"""

from __future__ import annotations

from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


class FirstRowsFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        paginator = getattr(view, "paginator", None)
        if getattr(view, "action", None) != "list" or paginator is None:
            return filterset.qs
        if hasattr(filterset, "sorts_matches"):  # the people's search by name: its matches sorted, as on the page
            paginator.sorted_whole = filterset.sorts_matches(paginator.key(request, view).field)
        if not hasattr(filterset, "first_rows"):
            return filterset.qs
        # Without ``sort`` (validated above): the window's order is the key's, which the page reads in; the sort's own
        # order would break ties otherwise, and a window's first rows must be the page's.
        data = request.query_params.copy()
        data.pop("sort", None)
        _, size, windows = paginator.windows(queryset, request, view)
        # One FilterSet, validated once (its slugs looked up, its offices' kept counts read once), filters each window.
        windowed = filterset.__class__(data, queryset=queryset, request=request)
        windowed.first_rows = size + 1  # one more than a page: is there a next one?
        windowed.window_start = paginator.start(request, view)
        windowed.window_key = paginator.key(request, view)
        if not windowed.rows_bounded:  # every filter applied whole: the page reads the list as it is
            return filterset.qs
        # The page reads these windows one after the other, each its own query: combined into one condition (an OR of
        # the windows', or their ids' union) PostgreSQL tested every row of a large list against them (0.6-6 s at
        # 1,000,000 meetings).
        paginator.filtered_windows = [windowed.filter_queryset(window.all()) for window in windows]
        # The page's rows are the filtered windows'; of the list, the pagination takes only its preloads. Filtered
        # whole, the validated FilterSet read again what the windows' had read (a search's rarer words' meetings
        # among an office's: 80 ms of /api/meetings/?q=Kim+talks&organization=… at 1,000,000 meetings).
        return queryset
