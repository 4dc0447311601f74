"""Public pages: lists with filters and CSV, and detail pages. Every query set preloads what its template shows."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.http import Http404, HttpResponseBadRequest, HttpResponsePermanentRedirect, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView, View
from django_countries import countries

from meetings import contacts, exports, network, search, timeline
from meetings.filters import (
    COUNT_TTL,
    ArticleFilterSet,
    LookupField,
    MeetingFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    ReadOutFilterSet,
    country_box_rows,
    fewest_contacts_first,
    kept_country_contacts,
    office_meetings,
    people_contacts,
    sorted_sooner_than_walked,
)
from meetings.models import (
    NO_CONTACT,
    Article,
    CountryContacts,
    CountryMeeting,
    DatePrecision,
    Evidence,
    Meeting,
    OfficeMeeting,
    OfficePerson,
    Organization,
    OrgKind,
    Participation,
    Person,
    PersonMeeting,
    PersonRedirect,
    Position,
    ReadOut,
    ReviewStatus,
    Status,
    count_meetings,
    count_people,
)
from meetings.ordering import among_given, among_read_once, given_ids, without_index
from meetings.page_cache import computed_once, kept_exactly, versioned
from meetings.pagination import (
    COUNT_CAP,
    BoundedPaginator,
    CachedOrderPaginator,
    IdsInOrder,
    KeptIdsPaginator,
    first_rows_shown,
    ids_in_order,
)
from meetings.templatetags.diplo import at_precision

health_logger = logging.getLogger("diplo.health")


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and compose.

    Anyone can ask, so the answer is one word; why the database failed (its host, port,
    the driver's message) goes to the log for the operator.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        health_logger.exception("healthz: the database does not answer")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# Suggestions offered while typing a person or an office into a filter: enough to pick from, and the
# list narrows as more is typed. Fewer letters than MIN_TYPED match too much to be of use.
SUGGESTIONS = 15
MIN_TYPED = 2


def _in_a_meeting():
    """Offices someone took part for, or that issued a read-out: the meetings filter offers no other."""
    return Q(Exists(Participation.objects.filter(organization=OuterRef("pk")))) | Q(
        Exists(ReadOut.objects.filter(issuer=OuterRef("pk")))
    )


# "offices" and "media" keep ministries and news agencies apart in the meetings filter, and offer only those
# that occur in a meeting; "organizations" is every office of either kind.
_SUGGESTABLE = {
    "people": lambda: Person.objects.all(),
    "organizations": lambda: Organization.objects.all(),
    "offices": lambda: Organization.objects.exclude(kind=OrgKind.MEDIA).filter(_in_a_meeting()),
    "media": lambda: Organization.objects.filter(kind=OrgKind.MEDIA).filter(_in_a_meeting()),
}


def suggest(request, kind: str):
    """GET /suggest/<people|organizations|offices|media>.json?q=…: records whose name contains q, for the filters'
    text boxes."""
    records = _SUGGESTABLE.get(kind)
    if records is None:
        raise Http404(f"Nothing to suggest for {kind}")
    typed = request.GET.get("q", "").strip()
    if len(typed) < MIN_TYPED:
        return JsonResponse({"results": []})
    # From three letters on, the matches come from the names' trigram index and are sorted (an order no index holds):
    # walking the name index instead reached "Kim …" after every name from A to J (37,000 of 100,000 people at
    # 1,000,000 meetings, 25 ms; "Yoon" 68 ms, sorted 7). Fewer letters have no trigram; they match most names,
    # which the name index then finds at once.
    order = ["name", "pk"]
    if len(typed) >= search.TRIGRAM:
        order = without_index(order)
    matches = (
        records()
        .filter(Q(name__icontains=typed) | Q(slug__startswith=typed.lower()))
        .order_by(*order)
        .values_list("slug", "name", "country")[:SUGGESTIONS]
    )
    return JsonResponse(
        {
            "results": [
                {"value": slug, "label": f"{name} ({country})" if country else name} for slug, name, country in matches
            ]
        }
    )


# --- Lists and their CSV ------------------------------------------------------------------------


# A filter with more values than this shows one chip that removes them all, not one chip each: every
# chip links to the list without its value, so one chip per value grows the page with the square of them.
MAX_CHIPS_PER_FILTER = 12


class FilteredListView(ListView):
    """A list with its filter form; its filtered, sorted rows are both the HTML page and the CSV export."""

    filterset_class = None
    exporting = False  # set by ExportView: the CSV may need columns a page computes for its own rows only
    paginator_class = BoundedPaginator  # bounded counts, ids first
    export_filename = "export.csv"
    paginate_by = 50
    default_sort = ""  # the `sort` value the list's own ordering amounts to, for the column headings

    def base_queryset(self):
        """The rows before filtering; lists override it to hide rejections and preload what they show."""
        return self.model._default_manager.all()

    @cached_property
    def query(self) -> QueryDict:
        """The list's parameters as the filters read them: the last value of a single-valued one (as its form
        field takes), each value of a multi-valued one once, nothing else. Repeats then cost nothing, and
        the chips and links built from this stay as small as the request's meaning."""
        query = QueryDict(mutable=True)
        for name, filter_ in self.filterset_class.base_filters.items():
            values = list(dict.fromkeys(self.request.GET.getlist(name)))
            if values:
                multiple = issubclass(
                    filter_.field_class, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
                ) or filter_.extra.get("multiple", False)  # a LookupFilter of several offices
                query.setlist(name, values if multiple else values[-1:])
        if "page" in self.request.GET:
            query["page"] = self.request.GET["page"]
        return query

    @cached_property
    def filterset(self):
        filterset = self.filterset_class(self.filter_data(), queryset=self.base_queryset(), request=self.request)
        # A FilterSet that can read only a page's first rows (``first_rows``: a search's, an office's) is told how many
        # this page shows. The CSV has every row.
        if hasattr(filterset, "first_rows") and not self.exporting:
            filterset.first_rows = self.rows_shown()
        return filterset

    def filter_data(self) -> QueryDict | None:
        """What the FilterSet filters by: the list's parameters, or None (unbound: the list as it is) without any."""
        return self.query or None

    def rows_shown(self) -> int | None:
        """How many of the list's first rows, in its order, the page shows: its pages up to the one asked for (None:
        every row)."""
        return first_rows_shown(self.request.GET.get("page"), self.paginate_by) if self.paginate_by else None

    @property
    def invalid(self) -> bool:
        """An impossible date, an unknown slug or sort key, a range that ends before it starts."""
        return self.filterset.is_bound and not self.filterset.is_valid()

    def filter_errors(self) -> list[tuple[str, str, str]]:
        """(parameter, label, message) for each error of the filters: "" for an error of several together."""
        form = self.filterset.form
        return [
            (
                name if name != NON_FIELD_ERRORS else "",
                form.fields[name].label or name if name in form.fields else "",
                m,
            )
            for name, messages in form.errors.items()
            for m in messages
        ]

    def filtered_queryset(self):
        # An invalid parameter gives no rows: the page shows the errors instead (never "nothing matches"), and
        # the CSV answers 400 with them.
        if self.invalid:
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_queryset(self):
        return self.filtered_queryset()

    def get_paginator(self, queryset, per_page, **kwargs):
        # Unless the list counted its rows already (MeetingListView's count serves its ranking too; a person's or an
        # office's total is kept on write), its count is kept until the data changes, for all of its pages and sorts:
        # a list that holds only its first rows counts them its own way (the FilterSet's count_matches: count_kept)
        # and shows the rows the count read when they are every match (``counted_rows``); any other counts its rows
        # (total_kept).
        if kwargs.get("counted") is None and not self.invalid and not self.exporting:
            if getattr(self.filterset, "rows_bounded", False):
                kwargs["counted"] = self.filterset.count_kept(COUNT_CAP + 1)
                queryset = self.filterset.counted_rows(queryset)
            else:
                kwargs["counted"] = self.filterset.total_kept(COUNT_CAP + 1)
        return super().get_paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        return self.paged(self.get_paginator(queryset, page_size))

    def paged(self, paginator) -> tuple:
        """The page of ``paginator`` the request asks for, its rows decorated, as ListView.paginate_queryset gives it: a
        page number past the end, or not a number, shows the nearest page rather than an error."""
        page = paginator.get_page(self.request.GET.get("page"))
        self.decorate(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()

    def decorate(self, rows: list) -> None:
        """Add what the page shows of its rows only (counts), rather than computing it for every row of the list."""

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(label, value, link without it) for each filter in use, so that each can be removed."""
        if not self.filterset.is_bound or not self.filterset.is_valid():
            return []
        active = []
        for name, form_field in self.filterset.form.fields.items():
            values = [raw for raw in self.query.getlist(name) if raw]
            if name == "sort" or not values:  # the sort is shown by the column headings, not a filter
                continue
            cleaned = self.filterset.form.cleaned_data.get(name)
            # Show what a value stands for: "Ministry of Unification (KR)" for kr-mou, "South Korea" for KR.
            if isinstance(form_field, LookupField):
                shown = form_field.widget.labels
            elif hasattr(form_field, "to_field_name") and cleaned:
                objects = cleaned if hasattr(cleaned, "__iter__") else [cleaned]
                shown = {str(getattr(o, form_field.to_field_name)): str(o) for o in objects}
            else:  # labels left lazy: only the chosen values' are translated (a country list has 250)
                shown = {str(k): v for k, v in getattr(form_field, "choices", ())}
            if len(values) > MAX_CHIPS_PER_FILTER:
                remaining = self.query.copy()
                remaining.pop(name)
                remaining.pop("page", None)
                active.append((form_field.label or name, f"{len(values)} chosen", "?" + remaining.urlencode()))
                continue
            for raw in values:
                remaining = self.query.copy()
                remaining.setlist(name, [v for v in values if v != raw])
                remaining.pop("page", None)
                value = shown.get(raw) or shown.get(raw.upper(), raw)  # ?country=kr reads as South Korea
                active.append((form_field.label or name, value, "?" + remaining.urlencode()))
        return active

    def country_modes(self) -> list[tuple[str, str, str, bool]]:
        """With two countries or more: (word, meaning, link, in use) for "either", "both" and "only them", so the
        chips say which the list means and offer the others."""
        if "country_mode" not in self.filterset_class.base_filters or self.invalid:
            return []
        codes = self.query.getlist("country")
        if len(codes) < 2:
            return []
        current = self.filterset.form.cleaned_data.get("country_mode") or "any"
        two = len(codes) == 2
        words = {
            "any": ("either" if two else "any of them", "contacts with an official of any of them"),
            "all": ("both" if two else "all of them", "contacts between them"),
            "only": ("only these two" if two else "only these", "contacts between them and no other country"),
        }
        query = self.query.copy()
        query.pop("page", None)
        return [
            (word, meaning, "?" + _with(query, country_mode=None if mode == "any" else mode), mode == current)
            for mode, (word, meaning) in words.items()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query.copy()
        query.pop("page", None)
        country_modes = self.country_modes()
        context.update(
            filter=self.filterset,
            # With two countries or more, their mode is said (and changed) beside their chips, not in a chip.
            active_filters=[f for f in self.active_filters() if not (country_modes and f[0] == "With the countries")],
            country_modes=country_modes,
            export_query=query.urlencode(),
            current_sort=self.query.get("sort") or self.default_sort,
            filter_invalid=self.invalid,
            filter_errors=self.filter_errors() if self.invalid else [],
        )
        page = context.get("page_obj")
        context["results_shown"] = bool(page and len(page.object_list))
        return context


class ExportView(View):
    """GET …/export.csv: exactly the rows of the list page with the same parameters, unpaginated."""

    list_view: type[FilteredListView] | None = None
    participants = False  # the meetings list as one row per meeting and participant

    def get(self, request, *args, **kwargs):
        # The list view itself filters and sorts, so that the page and its CSV cannot drift apart.
        listing = self.list_view()
        listing.setup(request, *args, **kwargs)
        listing.exporting = True
        if listing.invalid:
            # A header-only file would read as "nothing matched": say what is wrong instead, as the page does.
            reasons = "".join(f"{param or 'filters'}: {message}\n" for param, _, message in listing.filter_errors())
            return HttpResponseBadRequest(
                f"The filters could not be applied; nothing was exported.\n{reasons}",
                content_type="text/plain; charset=utf-8",
            )
        stem = listing.export_filename.removesuffix(".csv") + ("-participants" if self.participants else "")
        return exports.export_response(
            listing.filtered_queryset(),
            model=listing.model,
            request=request,
            filename=exports.filename(stem, listing.query, today=timezone.localdate()),
            participants=self.participants,
        )


# A search's ranking is kept at most this long (seconds), under the data version it was read at: as its count
# (filters.COUNT_TTL).
RANKING_TTL = COUNT_TTL


class MeetingListView(FilteredListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    export_filename = "meetings.csv"
    template_name = "meetings/meeting_list.html"
    default_sort = "-date"

    def base_queryset(self):
        return Meeting.objects.public().for_rows()

    @property
    def searching(self) -> bool:
        """A search without a chosen order: the best matches first (the CSV too, as the page)."""
        return not self.invalid and bool(self.query.get("q", "").strip()) and not self.query.get("sort")

    def any_matches(self, count: int):
        """The list with any ``count`` of its matches, or all if it has fewer (``first_matches``): a ranking of at
        most RANK_LIMIT rows reads no more; the CSV reads every match."""
        if self.exporting or self.invalid:
            return super().filtered_queryset()
        return self.filterset.any_matches(count)

    @cached_property
    def match_count(self) -> int:
        """A search's matches counted up to both RANK_LIMIT + 1 (rank them?) and COUNT_CAP + 1 (the page's total):
        one query for both, read place by place (``search.matching_ids``) on a page, whose ids a ranking then takes;
        kept until the data changes for the list's other pages and sorts (``count_kept``)."""
        bound = max(search.RANK_LIMIT, COUNT_CAP) + 1
        if self.exporting or self.invalid:
            return super().filtered_queryset().order_by().values("pk")[:bound].count()
        return self.filterset.count_kept(bound)

    @cached_property
    def by_relevance(self) -> bool:
        """Ranked when there are at most RANK_LIMIT matches (one bounded count): relevance is computed per
        match, so a word in a tenth of the archive keeps the newest-first order its index gives for free."""
        return self.searching and self.match_count <= search.RANK_LIMIT

    def filtered_queryset(self):
        # A ranked search's CSV has its ranking; its pages page through the ranking as kept (paginate_queryset), which
        # is read only when it is not.
        if self.by_relevance and self.exporting:
            return self.ranking()
        return super().filtered_queryset()

    def ranking(self):
        """Every match of a ranked search (at most RANK_LIMIT), in the order of their relevance."""
        return search.ranked(self.any_matches(search.RANK_LIMIT + 1), self.query["q"])

    def get_paginator(self, queryset, per_page, **kwargs):
        # A list that holds only its first rows (a search, an office's filter) counts its rows its own way, and shows
        # the rows the count read when they are every match (``counted_rows``); one person's list has its kept total.
        if not self.invalid and not self.exporting:
            if self.filterset.rows_bounded:
                kwargs["counted"] = self.match_count
                queryset = self.filterset.counted_rows(queryset)
            else:
                kwargs["counted"] = self.filterset.kept_total()
        return super().get_paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """A ranked search pages through its ranking, kept until the data changes (page_cache.kept_exactly) under the
        list's filters: each page ranked every match again and sorted them for its own (958 matches of ?q=Tanaka+Hee-su
        +talks, 35 ms at 1,000,000 meetings), and computed the relevance again for the page's rows (13). The rows are
        read afresh, without it; the ranking's query is built only when it is read (5 ms of Python a page)."""
        if not self.by_relevance or self.exporting:
            return super().paginate_queryset(queryset, page_size)
        key = f"diplo:ranked:{self.filterset.filters_key()}"
        ids = kept_exactly(key, lambda: ids_in_order(self.ranking()), RANKING_TTL)
        return self.paged(KeptIdsPaginator(ids, self.base_queryset(), page_size))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.searching:
            context["search"] = search.parse(self.query["q"])
            context["ranked"] = self.by_relevance
            context["rank_limit"] = search.RANK_LIMIT
            if self.by_relevance:
                context["current_sort"] = ""  # no column's order: the headings offer theirs
        return context


# A network is drawn from at most this many meetings of its list (the latest): about 60,000 participations,
# read in one query and laid out in well under a second; the page says when the list has more.
NETWORK_MEETINGS = 20_000
# What a network's circles stand for (``nodes=``), and the page each opens.
NETWORK_NODES = {"people": "people", "countries": "countries", "offices": "offices"}
NETWORK_NODE_PAGES = {
    "people": "meetings:person_detail",
    "countries": "meetings:country_detail",
    "offices": "meetings:organization_detail",
}
# A laid-out network is kept this long (seconds) per query: the layout is computed once, not on every view,
# and a network at most this old is as current as the pages' other whole-history figures (TIMELINE_TTL).
NETWORK_TTL = 300


class NetworkView(FilteredListView):
    """GET /network/: the people of the meetings list with the same parameters, and who met whom, as an SVG."""

    model = Meeting
    filterset_class = MeetingFilterSet
    template_name = "meetings/network.html"
    paginate_by = None
    default_sort = "-date"

    def base_queryset(self):
        return Meeting.objects.public()

    @property
    def node_kind(self) -> str:
        """``nodes=people`` (the default), ``countries`` or ``offices``: what a circle stands for."""
        kind = self.request.GET.get("nodes", "")
        return kind if kind in NETWORK_NODES else "people"

    def rows_shown(self) -> int:
        # The latest NETWORK_MEETINGS and one more (are there more?): a search or an office's filter reads only that
        # many of its matches in the list's order (MeetingFilterSet.first_rows), where the whole list's filter was a
        # walk of every meeting for an office of 13,418 (0.6 s at 1,000,000 meetings, and 0.2 s again to ask whether
        # there were more).
        return NETWORK_MEETINGS + 1

    def graph(self) -> network.Graph:
        meetings = self.filtered_queryset().order_by(*Meeting._meta.ordering)
        kind = self.node_kind
        key = hashlib.sha256(f"{kind}?{self.query.urlencode()}".encode()).hexdigest()

        def compute() -> network.Graph:
            ids = list(meetings.values_list("pk", flat=True)[: NETWORK_MEETINGS + 1])
            if connection.vendor == "postgresql":  # the ids read, as one array parameter
                latest = given_ids(ids[:NETWORK_MEETINGS])
            else:  # SQLite: the query again, as a subquery (20,000 parameters may pass its limit)
                latest = meetings.values("pk")[:NETWORK_MEETINGS]
            participations = Participation.objects.filter(meeting__in=latest).order_by("meeting", "id")
            if kind == "countries":  # one group: the busiest country at the centre
                rows = (
                    (meeting, status, code, countries.name(code), code, "")
                    for meeting, status, code in participations.exclude(country="").values_list(
                        "meeting", "meeting__status", "country"
                    )
                )
            elif kind == "offices":
                rows = participations.exclude(organization=None).values_list(
                    "meeting",
                    "meeting__status",
                    "organization",
                    "organization__name",
                    "organization__slug",
                    "organization__country",
                )
            else:
                rows = participations.values_list(
                    "meeting", "meeting__status", "person", "person__name", "person__slug", "person__country"
                )
            graph = network.lay_out(network.build(rows), lambda code: countries.name(code) if code else "")
            graph.more_meetings = len(ids) > NETWORK_MEETINGS
            return graph

        return computed_once(versioned(f"diplo:network:{key}"), compute, NETWORK_TTL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.invalid:
            graph = self.graph()
            kind = self.node_kind
            context.update(
                graph=graph,
                node_kind=kind,
                node_noun=NETWORK_NODES[kind],
                node_url=NETWORK_NODE_PAGES[kind],
                node_kinds=[
                    (k, label, "?" + _with(self.query, nodes=None if k == "people" else k))
                    for k, label in NETWORK_NODES.items()
                ],
                results_shown=bool(graph.nodes),
                network_meetings=NETWORK_MEETINGS,
                max_clique=network.MAX_PARTICIPANTS_FOR_EDGES,
                busiest=graph.nodes[:PEOPLE_SHOWN],
                strongest=_named_ties(graph)[:PEOPLE_SHOWN],
            )
        return context


def _with(query: QueryDict, **changes) -> str:
    changed = query.copy()
    for name, value in changes.items():
        changed.pop(name, None)
        if value is not None:
            changed[name] = value
    return changed.urlencode()


def _named_ties(graph: network.Graph) -> list[tuple[network.Node, network.Node, int]]:
    at = {n.key: n for n in graph.nodes}
    return [(at[e.source], at[e.target], e.held) for e in graph.edges]


class ReadOutListView(FilteredListView):
    model = ReadOut
    filterset_class = ReadOutFilterSet
    export_filename = "readouts.csv"
    template_name = "meetings/readout_list.html"
    default_sort = "-date"

    def base_queryset(self):
        # A join rather than `meeting__in`, so the database can walk the meetings' date index for the order. The page
        # shows each read-out's meeting and issuer; the CSV reads its columns, the article's among them, as values.
        return (
            ReadOut.objects.public()
            .select_related("meeting", "issuer")
            .order_by(F("meeting__date").desc(nulls_last=True), "issuer__name", "pk")
        )


# The people list's default order (latest held contact first) is computed at most this often (seconds): it
# reads every participation; a person's own figures on the page are always current.
PEOPLE_ORDER_TTL = 300
# The unfiltered people list's first rows read off the kept figure's index rather than from the cached order of
# everybody (PersonListView): at most 12 ms for the 1,000th at 1,000,000 meetings (pages 1-20), where the order takes
# 120 ms to compute after every write; past them, a reader who came by the last-page link, the order is kept.
PEOPLE_WALKED_ROWS = COUNT_CAP


class PersonListView(FilteredListView):
    """People, the latest held contact first (people with none last, by name); or by contacts, name, country."""

    model = Person
    filterset_class = PersonFilterSet
    export_filename = "people.csv"
    template_name = "meetings/person_list.html"
    default_sort = "-latest"

    def base_queryset(self):
        return Person.objects.with_contacts().order_by("-last_contact", "name", "pk")

    def get_paginator(self, queryset, per_page, **kwargs):
        office_rows = None if self.invalid else self.filterset.office_rows(COUNT_CAP + 1)
        if office_rows is not None:
            kwargs["counted"] = office_rows
        elif self._unfiltered:
            # Everybody: counted exactly (an index-only count of the people, 6-8 ms at 1,000,000 meetings), kept
            # until the data changes, as the cached order's total is.
            kwargs["counted"] = kept_exactly("diplo:people:count", Person.objects.count, COUNT_TTL)
            kwargs["exact"] = True
        return super().get_paginator(queryset, per_page, **kwargs)

    @cached_property
    def _unfiltered(self) -> bool:
        """No parameter but the page: everybody, in the list's default order (a page, not the CSV)."""
        return not self.exporting and not any(name != "page" for name in self.query)

    def _in_cached_order(self) -> bool:
        """Whether the page reads the unfiltered list's cached order of everybody (``paginate_queryset``): past its
        first PEOPLE_WALKED_ROWS, on PostgreSQL; on SQLite, every page (it keeps no figures to read an order off)."""
        if not self._unfiltered:
            return False
        shown = super().rows_shown()  # the rows up to the page's, and one more: is there a next page?
        return connection.vendor != "postgresql" or shown is None or shown > PEOPLE_WALKED_ROWS + 1

    def rows_shown(self) -> int | None:
        # A page of the cached order reads no first rows of the list (none is filtered).
        return None if self._in_cached_order() else super().rows_shown()

    def filter_data(self) -> QueryDict:
        # Bound even without a parameter, so that the first rows of everybody are read as the list's (an unbound
        # FilterSet filters nothing, the list's order included).
        return self.query

    def paginate_queryset(self, queryset, page_size):
        """The unfiltered list in its default order pages through a cached order of ids (PEOPLE_ORDER_TTL): that
        order needs every person's latest contact (on SQLite an aggregate of every participation; on PostgreSQL
        the kept counts, PersonContacts), which a page then need not repeat; its 50 rows are read afresh. Its first
        PEOPLE_WALKED_ROWS are read off the kept figure's index instead on PostgreSQL, as the list sorted by it
        reads them (PersonFilterSet._first_by_kept_figure): the cached order costs 120 ms to compute at 1,000,000
        meetings, after every write, where the first page reads its rows in 4 and everybody's count in 7.
        Filtered or sorted otherwise, the database orders the people the filters leave."""
        if not self._in_cached_order():
            return super().paginate_queryset(queryset, page_size)
        ids = computed_once(
            versioned("diplo:people:latest"),
            lambda: ids_in_order(self.base_queryset()),
            PEOPLE_ORDER_TTL,
        )
        return self.paged(CachedOrderPaginator(IdsInOrder(ids, self.base_queryset()), page_size))

    def decorate(self, rows):
        """The precision of each row's latest held contact, so that a month is shown as a month: kept with the
        counts on PostgreSQL (PersonContacts), else one query."""
        if not rows:
            return
        if all(hasattr(person, "last_contact_kept_precision") for person in rows):
            precision = {person.pk: person.last_contact_kept_precision for person in rows}
        else:
            latest = (
                Meeting.objects.public()
                .filter(status=Status.HELD, participations__person=OuterRef("pk"))
                .order_by(F("date").desc(nulls_last=True), "-pk")
                .values("date_precision")[:1]
            )
            precision = dict(
                Person.objects.filter(pk__in=[p.pk for p in rows])
                .annotate(precision=Subquery(latest))
                .values_list("pk", "precision")
            )
        for person in rows:
            person.last_contact_precision = precision.get(person.pk) or DatePrecision.DAY
            if person.last_contact == NO_CONTACT:
                person.last_contact = None


class OrganizationListView(FilteredListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    export_filename = "organizations.csv"
    template_name = "meetings/organization_list.html"

    def base_queryset(self):
        return Organization.objects.select_related("parent").order_by("country", "name")

    def decorate(self, rows):
        count_people(rows)


class ArticleListView(FilteredListView):
    model = Article
    filterset_class = ArticleFilterSet
    export_filename = "articles.csv"
    template_name = "meetings/article_list.html"
    default_sort = "-published"

    def base_queryset(self):
        articles = Article.objects.defer("body").order_by("-published", "slug")
        return articles.for_list() if self.exporting else articles

    def decorate(self, rows):
        count_meetings(rows)


def export_view(list_view: type[FilteredListView], *, participants: bool = False):
    return ExportView.as_view(list_view=list_view, participants=participants)


# --- Home and details ---------------------------------------------------------------------------

# Pages about a person, an office or a country show their latest contacts; the filtered list they link
# to has all of them. Twenty fill a screen or two and keep the page the same size for a minister with
# 50,000 meetings as for an official with five.
RECENT = 20
# Counterparts ("who met whom how often") are counted over this many latest contacts, so that the work of
# a page stays bounded however long a career is; the page says so when there are more.
COUNTERPART_WINDOW = 200
# People shown on an office's page; the people list filtered by the office has the rest.
PEOPLE_SHOWN = 50
COUNTERPARTS_SHOWN = 30
# The contacts per month of every page on SQLite: a timeline reads every contact of its subject, so it is counted at
# most this often (seconds) per subject and cache. (On PostgreSQL the home, country, country pair, person and office
# pages read counts kept on write instead: CountryContacts, PairContacts, PersonTimeline, OfficeTimeline; the months
# binned from them are kept as long, and only under the data version they are exact at.)
TIMELINE_TTL = 300


STACK_LABELS = {"status": "status", "kind": "kind", "country": "country"}


def timeline_context(
    request,
    key: str,
    meetings,
    base: dict | None = None,
    *,
    own_countries: list[str] | None = None,
    stacks: tuple[str, ...] = timeline.STACKS,
    counted: Callable[[str], timeline.Timeline] | None = None,
) -> dict:
    """The context of _timeline.html: contacts per month of ``meetings`` (cached per ``key`` and stacking), their
    chart and table, each bar and count linking to the meetings list with ``base`` (the page's own filter) and its
    month. ``?stack=kind`` or ``?stack=country`` (among ``stacks``) stacks the bars by kind or by counterpart country:
    the countries of a contact other than ``own_countries`` (the page's subject's; None on the home page).
    ``counted``: the timeline for a stacking from figures the page already read (a country pair's history) or from
    counts kept on write (``timeline.kept_timeline``), kept under the data version; None: counted from ``meetings``
    and cached."""
    stack = request.GET.get("stack")
    stack = stack if stack in stacks else stacks[0]  # only the page's own links make one; anything else is the default
    if counted is not None:
        # The kept counts are a bounded read, but not a small one on a busy subject's page: stacked by country, the
        # whole archive's are some 45,000 rows at 1,000,000 meetings (a row a month, status, precision and set of
        # countries), read and binned in some 400 ms of CPU. They change only with the data: binned once a data version.
        shown = kept_exactly(f"diplo:timeline:kept:{key}:{stack}", lambda: counted(stack), TIMELINE_TTL)
    else:
        shown = computed_once(
            versioned(f"diplo:timeline:{key}:{stack}"),
            lambda: timeline.count_by_month(meetings, stack=stack, own_countries=own_countries),
            TIMELINE_TTL,
        )
    list_url = reverse("meetings:meeting_list")
    return {
        "timeline": shown,
        "chart": timeline.chart(shown, list_url=list_url, base=base),
        "timeline_table": timeline.month_links(shown, list_url=list_url, base=base),
        "stack_links": [
            (STACK_LABELS[name], _with(request.GET, stack=name if name != stacks[0] else None), name == stack)
            for name in stacks
        ],
    }


@dataclass(frozen=True)
class Total:
    """A count that stops at COUNT_CAP: "more than 1,000" costs a bounded scan, an exact total may not."""

    count: int
    capped: bool
    estimate: int | None = None  # the table's size as the planner knows it, where the count stopped

    @classmethod
    def of(cls, queryset) -> Total:
        return cls.counted(queryset.order_by().values("pk")[: COUNT_CAP + 1].count())

    @classmethod
    def counted(cls, count: int) -> Total:
        """From rows counted up to COUNT_CAP + 1."""
        return cls(min(count, COUNT_CAP), count > COUNT_CAP)

    @classmethod
    def of_contacts(cls, meetings, kept: timeline.Timeline | None) -> Total:
        """How many ``meetings``: from their timeline where it is read from counts kept on write (``kept``: each public
        contact counted once, in its month or unplaced), exact and with no query; else counted up to COUNT_CAP."""
        if kept is not None:
            return cls(kept.total + kept.unplaced, capped=False)
        return cls.of(meetings)

    @classmethod
    def of_tables(cls, querysets: dict[str, object]) -> dict[str, Total]:
        """Totals for the home page: exact up to COUNT_CAP, and PostgreSQL's estimate of each table beyond
        (its size as the planner last measured it, read in one query for all of them)."""
        totals = {name: cls.of(queryset) for name, queryset in querysets.items()}
        capped = {querysets[name].model._meta.db_table: name for name, total in totals.items() if total.capped}
        if capped and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)", [list(capped)]
                )
                for table, estimate in cursor.fetchall():
                    total = totals[capped[table]]
                    if estimate > total.count:
                        totals[capped[table]] = cls(total.count, True, estimate)
        return totals

    def __str__(self) -> str:
        if self.estimate:
            return f"about {self.estimate:,}"
        return f"more than {self.count:,}" if self.capped else f"{self.count:,}"


def _public_meeting_count(prefix: str) -> Count:
    return Count(
        f"{prefix}meeting", filter=~Q(**{f"{prefix}meeting__review_status": ReviewStatus.REJECTED}), distinct=True
    )


def _latest(meetings, count: int):
    """The latest meetings first (the list's default order, read off its index)."""
    return meetings.order_by(*Meeting._meta.ordering)[:count]


def _latest_of(meetings, ids, count: int, *, kept: tuple[int, int] | None):
    """The latest ``count`` of ``meetings`` among ``ids`` (a query of meeting ids), in the list's default order:
    walked for down its index, or, for subjects whose meetings are few against the archive (``kept``: their
    people_contacts or office_contacts; None on SQLite, which walks), read whole, each looked up by its key, and
    sorted (sorted_sooner_than_walked)."""
    if kept is not None and sorted_sooner_than_walked(kept, count):
        return meetings.filter(among_read_once(ids)).order_by(*without_index(Meeting._meta.ordering))[:count]
    return _latest(meetings.filter(pk__in=ids), count)


def _latest_kept(meetings, rows, count: int):
    """The latest ``count`` of ``meetings`` (public ones) among a subject's kept rows ``rows`` (PersonMeeting,
    OfficeMeeting: PostgreSQL), in the list's default order: the first ``count`` ids off the rows' index, each meeting
    looked up by its key and those few sorted."""
    latest = meetings.filter(among_read_once(rows.latest_meetings(count)))
    return latest.order_by(*without_index(Meeting._meta.ordering))


def _latest_of_person(meetings, person: Person, count: int):
    """The latest ``count`` of ``meetings`` (public ones) ``person`` took part in, in the list's default order: on
    PostgreSQL off the person's kept rows (_latest_kept); on SQLite, which keeps no rows, walked for (_latest_of).
    Walked for, a person's latest 200 at 1,000,000 meetings passed 33,356 of the order's entries, each probed (90 ms);
    read whole, their 6,242 meetings were each looked up and sorted (14-18 ms)."""
    if connection.vendor != "postgresql":
        return _latest_of(meetings, Participation.objects.filter(person=person).values("meeting"), count, kept=None)
    return _latest_kept(meetings, PersonMeeting.objects.filter(person=person), count)


class HomeView(TemplateView):
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Meeting.objects.public()
        context.update(
            counts=Total.of_tables(
                {
                    "meetings": public,
                    "people": Person.objects.all(),
                    "organizations": Organization.objects.all(),
                    "readouts": ReadOut.objects.public(),
                    "articles": Article.objects.all(),
                }
            ),
            latest=_latest(public.for_rows(), 10),
            **timeline_context(
                self.request, "home", public, counted=timeline.kept_timeline(CountryContacts.WHOLE_ARCHIVE)
            ),
        )
        return context


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A meeting id is never reused: one merged into another redirects there for good, and one that no
            # source reports any more answers 410 Gone with its last known record (a rejected one stays a 404).
            gone = Meeting.objects.filter(pk=kwargs["pk"], retired_at__isnull=False).exclude(
                review_status=ReviewStatus.REJECTED
            )
            meeting = gone.first()
            if meeting is None:
                raise
            survivor = meeting.survivor()
            if survivor is not None and survivor.retired_at is None:
                return HttpResponsePermanentRedirect(survivor.get_absolute_url())
            return render(request, "meetings/meeting_retired.html", {"meeting": meeting}, status=410)

    def get_queryset(self):
        # Each account with the sentence it was read from, so a reader can check who said it.
        readout_sources = Prefetch(
            "readouts__evidence",
            queryset=Evidence.objects.select_related("article").defer("article__body").order_by("start"),
        )
        # A plan and the meeting that fulfilled it link to each other.
        plans = Prefetch("fulfils", queryset=Meeting.objects.public().order_by("date", "pk"), to_attr="plans")
        return (
            Meeting.objects.public()
            .for_list()
            .select_related("fulfilled_by", "reviewed_by")
            .prefetch_related(readout_sources, plans)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["unknown_since"] = meeting.plan_outcome_unknown_since()
        # Read-outs side by side: a column per government, the participants' countries first, so that a
        # side that said nothing shows as such next to the one that did.
        sides = {p.country.name: [] for p in meeting.participations.all() if p.country}
        for readout in meeting.readouts.all():
            sides.setdefault(readout.issuer.country.name or "International", []).append(readout)
        if not any(sides.values()):
            sides = {}
        sources = defaultdict(list)
        for evidence in meeting.evidence.all():
            sources[evidence.article].append(evidence)
        people = [p.person_id for p in meeting.participations.all()]
        # A few people's meetings (a busy one's 1,664 and two others' at 1,000,000 meetings) read whole and sorted:
        # walked for in the list's order they took 9,808 meetings' probes (54 ms) for a page of 20.
        kept = people_contacts(people) if people and connection.vendor == "postgresql" else None
        others = _latest_of(
            Meeting.objects.public().exclude(pk=meeting.pk).for_rows(),
            Participation.objects.filter(person__in=people).values("meeting"),
            RECENT,
            kept=kept,
        )
        context.update(sides=sides, sources=dict(sources), other_meetings=others)
        return context


class PersonDetailView(DetailView):
    template_name = "meetings/person_detail.html"
    context_object_name = "person"
    queryset = Person.objects.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("organization").order_by("start_date"))
    )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A person merged into another: the old address leads there for good.
            moved = PersonRedirect.objects.filter(slug=kwargs["slug"]).select_related("person").first()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.person.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        theirs = Participation.objects.filter(person=person).values("meeting")
        meetings = Meeting.objects.public().filter(pk__in=theirs)
        own = [person.country] if person.country else []
        kept = timeline.kept_person_timeline(person.pk, own_countries=own)
        shown = timeline_context(
            self.request, f"person:{person.pk}", meetings, {"person": person.slug}, own_countries=own, counted=kept
        )
        total = Total.of_contacts(meetings, shown["timeline"] if kept else None)
        window = _latest_of_person(Meeting.objects.public(), person, COUNTERPART_WINDOW).values("pk")
        rows = (
            Participation.objects.filter(meeting__in=window)
            .exclude(person=person)
            .values_list(
                "person__name",
                "person__slug",
                "person__country",
                "meeting",
                "meeting__date",
                "meeting__date_precision",
                "meeting__status",
            )
        )
        context.update(
            meetings=_latest_of_person(Meeting.objects.public().for_rows(), person, RECENT),
            total=total,
            counterparts=contacts.counterparts(rows, today=timezone.localdate())[:COUNTERPARTS_SHOWN],
            **shown,
            counterpart_window=COUNTERPART_WINDOW if total.capped or total.count > COUNTERPART_WINDOW else None,
        )
        return context


class OrganizationDetailView(DetailView):
    template_name = "meetings/organization_detail.html"
    context_object_name = "organization"
    queryset = Organization.objects.select_related("parent").prefetch_related("children")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        own = [org.country] if org.country else []
        public = Meeting.objects.public()
        participants, readouts_of = office_meetings([org])
        meetings = public.filter(Q(pk__in=participants) | Q(pk__in=readouts_of))
        kept = timeline.kept_office_timeline(org.pk, own_countries=own)
        shown = timeline_context(
            self.request, f"office:{org.pk}", meetings, {"organization": org.slug}, own_countries=own, counted=kept
        )
        if connection.vendor == "postgresql":
            # Off the office's kept rows, where its participants' and read-outs' meetings were each walked for.
            latest = _latest_kept(public, OfficeMeeting.objects.filter(organization=org), RECENT)
        else:  # SQLite keeps no rows
            latest = meetings
        # Its people: a post there, or met on its behalf.
        posts = Position.objects.filter(organization=org)
        # Its read-outs, the latest meeting's first and the undated last: the first rows of the read-outs list the page
        # links to, in its order.
        readouts = ReadOut.objects.public().filter(issuer=org).select_related("meeting").latest_first()
        # Whoever took up a post here last comes first; people met on its behalf without a recorded post last.
        their_posts = Prefetch("positions", queryset=posts.order_by(F("start_date").desc(nulls_last=True), "pk"))
        if connection.vendor == "postgresql":
            # The office's kept rows hold that order (OfficePerson.took_office): a page of them read off their index,
            # all of them counted from their key.
            shown_people = list(
                Person.objects.of_office(org)
                .order_by(*OfficePerson.took_office_first("office_links__"))
                .prefetch_related(their_posts)[:PEOPLE_SHOWN]
            )
            people_count = OfficePerson.objects.filter(organization=org).count()
        else:  # each person's latest post here, all of them sorted for the first ones, counted in the same query
            latest_post = posts.filter(person=OuterRef("pk")).order_by(F("start_date").desc(nulls_last=True))
            shown_people = list(
                Person.objects.of_office(org)
                .annotate(took_office=Subquery(latest_post.values("start_date")[:1]), found=Window(Count("pk")))
                .order_by(F("took_office").desc(nulls_last=True), "name", "pk")
                .prefetch_related(their_posts)[:PEOPLE_SHOWN]
            )
            people_count = shown_people[0].found if shown_people else 0
        # A ministry may have thousands: the latest here, all of them in the filtered lists the page links to.
        context.update(
            meetings=_latest(latest.for_rows(), RECENT),
            meeting_count=Total.of_contacts(meetings, shown["timeline"] if kept else None),
            people=shown_people,
            people_count=Total(people_count, capped=False),
            readouts=readouts[:RECENT],
            readout_count=Total.of(ReadOut.objects.filter(issuer=org).public_by_key()),
            **shown,
        )
        return context


def _country(code: str):
    code = code.upper()
    if code not in countries:
        raise Http404(f"No country with the code {code}")
    return code, countries.name(code)


def _of_country(code: str):
    return Meeting.objects.public().filter(pk__in=Participation.objects.filter(country=code).values("meeting"))


def _latest_of_country(code: str, count: int) -> list[tuple[int, list[str]]] | None:
    """The ids and countries of a country's latest ``count`` public meetings, in the list's default order, read off
    the country's kept rows (CountryMeeting, PostgreSQL), none of the meetings or their participants: walked for
    down the meetings' order, each probed for the country, and their participants read for their countries, a rare
    country's 200 latest took 11 ms at 1,000,000 meetings (Mongolia's, 3 % of the contacts). None on SQLite, which
    keeps no rows."""
    if connection.vendor != "postgresql":
        return None
    rows = CountryMeeting.objects.filter(country=code).latest_first()
    return [
        (pk, theirs.split(CountryMeeting.SEPARATOR)) for pk, theirs in rows.values_list("meeting", "countries")[:count]
    ]


class CountryView(TemplateView):
    template_name = "meetings/country_detail.html"

    def get_context_data(self, code: str, **kwargs):
        context = super().get_context_data(**kwargs)
        code, name = _country(code)
        meetings = _of_country(code)
        kept = timeline.kept_timeline(code, own_countries=[code])
        shown = timeline_context(
            self.request, f"country:{code}", meetings, {"country": code}, own_countries=[code], counted=kept
        )
        total = Total.of_contacts(meetings, shown["timeline"] if kept else None)
        latest = _latest_of_country(code, COUNTERPART_WINDOW)
        if latest is None:
            window = _latest(meetings, COUNTERPART_WINDOW).values("pk")
            counted = (
                Participation.objects.filter(meeting__in=window)
                .exclude(country=code)
                .exclude(country="")
                .values_list("country")
                .annotate(times=Count("meeting", distinct=True))
                .order_by("-times", "country")
            )
            recent = _latest(meetings.for_rows(), RECENT)
        else:
            times = Counter(other for _, theirs in latest for other in theirs if other != code)
            counted = sorted(times.items(), key=lambda item: (-item[1], item[0]))
            # The latest RECENT of them, in the order read: those meetings alone looked up.
            recent = _latest(
                Meeting.objects.public().for_rows().filter(among_given([pk for pk, _ in latest[:RECENT]])), RECENT
            )
        context.update(
            code=code,
            name=name,
            meetings=recent,
            meeting_count=total,
            counterparts=[(other, countries.name(other), times) for other, times in counted],
            **shown,
            counterpart_window=COUNTERPART_WINDOW if total.capped or total.count > COUNTERPART_WINDOW else None,
        )
        return context


class CountryListView(TemplateView):
    """Every country with an official in a public meeting: in how many meetings, and how many of its people took part
    in one (``timeline.country_totals``)."""

    template_name = "meetings/country_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["countries"] = [{**row, "name": countries.name(row["country"])} for row in timeline.country_totals()]
        return context


def _pair_rows(code: str, other: str):
    """The countries' kept rows (CountryMeeting) that hold each public contact between ``code`` and ``other`` once:
    those of the one with fewer contacts whose meeting has the other (country_box_rows; PostgreSQL, None on SQLite,
    which keeps none). Walked for down the meetings' order, each probed for both countries, the latest 20 contacts
    between Britain and Singapore passed 24,356 meetings at 1,000,000 (124 ms); off Singapore's rows, 810 entries of
    their index (0.4 ms)."""
    if connection.vendor != "postgresql":
        return None
    codes = [code, other]
    return country_box_rows(fewest_contacts_first(codes, kept_country_contacts(codes)), "all")


class CountryPairView(TemplateView):
    template_name = "meetings/country_pair.html"

    def get(self, request, code: str, other: str):
        if code.upper() == other.upper():
            return redirect("meetings:country_detail", code.upper())
        return super().get(request, code=code, other=other)

    def get_context_data(self, code: str, other: str, **kwargs):
        context = super().get_context_data(**kwargs)
        (code, name), (other, other_name) = _country(code), _country(other)
        meetings = _of_country(code).filter(pk__in=Participation.objects.filter(country=other).values("meeting"))
        today = timezone.localdate()
        rows = _pair_rows(code, other)
        if rows is None:
            last_held = _latest(meetings.filter(status=Status.HELD, date__lte=today), 1)
            recent = _latest(meetings.for_rows(), RECENT)
        else:
            held = rows.filter(status=Status.HELD, date__lte=today).latest_meetings(1)
            last_held = Meeting.objects.filter(pk__in=held)
            recent = _latest_kept(Meeting.objects.public().for_rows(), rows, RECENT)
        last_held, last_precision = last_held.values_list("date", "date_precision").first() or (None, None)

        # The per-year table, the totals by status and the timeline (by status or kind) from the pair's counts,
        # exact and current: a bounded read however long the pair's history.
        stack = "kind" if self.request.GET.get("stack") == "kind" else "status"
        # Months × statuses × precisions (× kinds) of kept counts summed, some 15,000 rows for a busy pair: kept
        # until the data changes, as the timeline binned from them is.
        history = kept_exactly(
            f"diplo:pair-history:{code}:{other}:{stack}",
            lambda: timeline.pair_history(code, other, meetings, stack=stack),
            TIMELINE_TTL,
        )
        by_status = history.by_status()
        total = sum(by_status.values())
        context.update(
            code=code,
            name=name,
            other=other,
            other_name=other_name,
            meetings=recent,
            total=total,
            held=by_status.get(Status.HELD, 0),
            planned=by_status.get(Status.PLANNED, 0),
            cancelled=by_status.get(Status.CANCELLED, 0),
            per_year=history.per_year(),
            last_held=last_held,
            last_held_precision=last_precision,
            # Days since only for a day's date: a month's "1 February" is no day it happened on.
            days_since=(today - last_held).days if last_held and last_precision == DatePrecision.DAY else None,
            # Every contact here is between the two countries: stacked by status or kind, not by country.
            **timeline_context(
                self.request,
                f"pair:{code}:{other}",
                meetings,
                {"country": [code, other], "country_mode": "all"},
                stacks=("status", "kind"),
                counted=history.timeline,
            ),
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "meetings/article_detail.html"
    context_object_name = "article"
    queryset = Article.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        public = Meeting.objects.public()
        from_article = (
            Q(evidence__article=article)
            | Q(participations__evidence__article=article)
            | Q(readouts__evidence__article=article)
            | Q(readouts__article=article)
        )
        meetings = public.filter(pk__in=Meeting.objects.filter(from_article).values("pk")).for_list()
        spans = (
            Evidence.objects.filter(article=article)
            .filter(Q(meeting__in=public) | Q(participation__meeting__in=public) | Q(readout__meeting__in=public))
            .values_list("start", "end")
        )
        context.update(
            meetings=meetings,
            passages=article_passages(article, list(meetings), list(spans)),
            cut=article_is_cut(article),
            shown_chars=ARTICLE_PAGE_CHARS,
        )
        return context


# --- An article's text with what was recognised in it marked ------------------------------------------
#
# The importer stores no highlight spans. What a reader is shown is rebuilt from what is stored: the
# Evidence offsets of the article's records, and the names of the people and offices of those records
# (and their dates, within the sentences they came from) found again in the text. The text is
# only ever cut into pieces here; the template escapes every piece.


@dataclass(frozen=True)
class Mark:
    kind: str  # person, organization or date: also the CSS class
    label: str
    url: str = ""

    @property
    def kind_label(self) -> str:
        return {"organization": "office"}.get(self.kind, self.kind)


@dataclass
class Piece:
    text: str
    mark: Mark | None = None


@dataclass
class Passage:
    """A stretch of the body: a sentence some record came from (it has anchors), or the text between."""

    pieces: list[Piece]
    anchors: list[int] = field(default_factory=list)  # Evidence starts: meeting pages link to #s<start>


# An article page shows this much of the text in full: about 15 times the longest article of the corpus, and a
# page of about 200 KB. A longer text (stored before imports had a size limit, or a transcript near it) would
# cost seconds and tens of MB of HTML per view (a 10 MB article: 4.4 s, 18.7 MB), holding a worker each time.
ARTICLE_PAGE_CHARS = 100_000
# Past that, each sentence a record came from is still shown (meeting pages link to it), on its own, up to
# this many of them, each cut to this length: together at most as much again as the text shown in full.
EXCERPTS_SHOWN = 50
EXCERPT_CHARS = 2_000
# Between the text shown and each excerpt: the gap is marked as one, and the paragraphs stay apart.
GAP = "\n\n[…]\n\n"


def article_passages(article: Article, meetings: list[Meeting], spans: list[tuple[int, int]]) -> list[Passage]:
    """The article's text cut into passages to mark up: all of it, or, past ``ARTICLE_PAGE_CHARS``, its beginning
    and the sentences records came from, with a gap between (``article_is_cut`` says which)."""
    body = article.body
    merged = _merged(spans, len(body))
    names, surnames = _name_terms(meetings), _surname_terms(meetings)
    dates = _date_marks(article, meetings)
    passages: list[Passage] = []
    for start, end in _shown(len(body), merged):
        if passages:
            passages.append(Passage([Piece(GAP)]))
        text = body[start:end]
        found = [(s + start, e + start, m) for s, e, m in _find(text, names, re.IGNORECASE) + _find(text, surnames, 0)]
        found += [mark for mark in dates if start <= mark[0] and mark[1] <= end]
        within = [(max(s, start), min(e, end), anchors) for s, e, anchors in merged if s < end and e > start]
        passages += _cut(body, within, _without_overlaps(found), start=start, end=end)
    return passages


def article_is_cut(article: Article) -> bool:
    return len(article.body) > ARTICLE_PAGE_CHARS


def _shown(length: int, merged: list[tuple[int, int, list[int]]]) -> list[tuple[int, int]]:
    """The stretches of a text of ``length`` characters that its page shows: the whole text if it is short
    enough; else its first ``ARTICLE_PAGE_CHARS`` and, after them, the sentences records came from, each cut."""
    if length <= ARTICLE_PAGE_CHARS:
        return [(0, length)]
    shown = [(0, ARTICLE_PAGE_CHARS)]
    for start, end, _ in merged:
        last_start, last_end = shown[-1]
        if end <= last_end:
            continue
        if start <= last_end:  # a sentence across the edge of what is shown ends it
            shown[-1] = (last_start, min(end, last_end + EXCERPT_CHARS))
        elif len(shown) > EXCERPTS_SHOWN:
            break
        else:
            shown.append((start, min(end, start + EXCERPT_CHARS)))
    return shown


def _add(terms: dict[str, set[Mark]], term: str, mark: Mark) -> None:
    if len(term.strip()) >= 2:
        terms[term.strip()].add(mark)


def _name_terms(meetings: list[Meeting]) -> dict[str, set[Mark]]:
    """Full names and other spellings of the records' people and offices, matched in any case."""
    terms: dict[str, set[Mark]] = defaultdict(set)
    for meeting in meetings:
        offices = [p.organization for p in meeting.participations.all() if p.organization]
        offices += [r.issuer for r in meeting.readouts.all()]
        for person in (p.person for p in meeting.participations.all()):
            mark = Mark("person", person.name, person.get_absolute_url())
            for name in [person.name, *person.aliases]:
                _add(terms, name, mark)
        for office in offices:
            mark = Mark("organization", str(office), office.get_absolute_url())
            for name in [office.name, *office.aliases]:
                _add(terms, name, mark)
    return terms


# Where the family name comes first in the romanised name.
_FAMILY_NAME_FIRST = {"KR", "KP", "CN", "TW", "HK", "MO", "VN"}


def _surname_terms(meetings: list[Meeting]) -> dict[str, set[Mark]]:
    """Family names ("Biegun", "Kang") and acronyms ("MOFA"): matched only as written, as they are short."""
    terms: dict[str, set[Mark]] = defaultdict(set)
    for meeting in meetings:
        for p in meeting.participations.all():
            words = p.person.name.split()
            if len(words) > 1:
                family = words[0] if p.person.country.code in _FAMILY_NAME_FIRST else words[-1]
                _add(terms, family, Mark("person", p.person.name, p.person.get_absolute_url()))
        for office in [p.organization for p in meeting.participations.all() if p.organization] + [
            r.issuer for r in meeting.readouts.all()
        ]:
            if office.acronym:
                _add(terms, office.acronym, Mark("organization", str(office), office.get_absolute_url()))
    return terms


def _find(text: str, terms: dict[str, set[Mark]], flags: int) -> list[tuple[int, int, Mark]]:
    key = str.lower if flags & re.IGNORECASE else str
    grouped: dict[str, set[Mark]] = defaultdict(set)
    for term, candidates in terms.items():
        grouped[key(term)] |= candidates
    marks = {}
    for term, candidates in grouped.items():
        if len({m.kind for m in candidates}) > 1:
            continue  # a word that names both a person and an office is marked as neither
        # A name two records share ("Kim", "foreign ministry") is marked, but links to neither.
        marks[term] = (
            next(iter(candidates))
            if len(candidates) == 1
            else Mark(next(iter(candidates)).kind, " or ".join(sorted(m.label for m in candidates)))
        )
    if not marks:
        return []
    # Longest first, so that "Ministry of Foreign Affairs" wins over "Foreign Affairs" at the same place.
    alternatives = "|".join(re.escape(t) for t in sorted(marks, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)
    return [(m.start(), m.end(), marks[key(m.group())]) for m in pattern.finditer(text)]


def _date_phrases(date: dt.date, precision: str, published: dt.date) -> list[str]:
    """How an article may write a date it reports: matched as written, so that the verb "may" is no month."""
    month, abbr = calendar.month_name[date.month], calendar.month_abbr[date.month]
    if precision == DatePrecision.YEAR:
        return [str(date.year)]
    if precision == DatePrecision.MONTH:
        return [f"{month} {date.year}", month]
    phrases = [f"{month} {date.day}", f"{date.day} {month}", f"{abbr}. {date.day}", f"{abbr} {date.day}"]
    offset = (date - published).days
    if -7 < offset < 7:  # "on Friday" names a day in the week around publication
        phrases.append(calendar.day_name[date.weekday()])
    relative = {0: "today", -1: "yesterday", 1: "tomorrow"}.get(offset)
    return [*phrases, relative, relative.capitalize()] if relative else phrases


def _date_marks(article: Article, meetings: list[Meeting]) -> list[tuple[int, int, Mark]]:
    """A meeting's date, looked for only in the sentences of this article that the meeting came from."""
    found = []
    for meeting in meetings:
        if meeting.date is None:
            continue
        mark = Mark("date", at_precision(meeting.date, meeting.date_precision), meeting.get_absolute_url())
        phrases = {p: {mark} for p in _date_phrases(meeting.date, meeting.date_precision, article.published)}
        for evidence in meeting.evidence.all():
            if evidence.article_id == article.pk:
                sentence = article.body[evidence.start : evidence.end]
                found += [
                    (evidence.start + start, evidence.start + end, m) for start, end, m in _find(sentence, phrases, 0)
                ]
    return found


def _without_overlaps(found: list[tuple[int, int, Mark]]) -> list[tuple[int, int, Mark]]:
    kept, cursor = [], 0
    for start, end, mark in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if start >= cursor:
            kept.append((start, end, mark))
            cursor = end
    return kept


def _merged(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int, list[int]]]:
    """Evidence spans joined where they overlap (one sentence often backs a meeting and its participants)."""
    merged: list[tuple[int, int, list[int]]] = []
    for start, end in sorted((s, min(e, length)) for s, e in spans if s < min(e, length)):
        if merged and start < merged[-1][1]:
            last_start, last_end, anchors = merged[-1]
            merged[-1] = (last_start, max(last_end, end), anchors if start in anchors else [*anchors, start])
        else:
            merged.append((start, end, [start]))
    return merged


def _cut(
    body: str, spans: list[tuple[int, int, list[int]]], marks: list[tuple[int, int, Mark]], *, start: int, end: int
) -> list[Passage]:
    """``body[start:end]`` as passages: the evidence ``spans`` within it and the text between, with ``marks``."""
    regions, cursor = [], start
    for span_start, span_end, anchors in spans:
        if cursor < span_start:
            regions.append((cursor, span_start, []))
        regions.append((span_start, span_end, anchors))
        cursor = span_end
    if cursor < end:
        regions.append((cursor, end, []))
    passages, pending = [], iter(marks)
    mark = next(pending, None)
    for start, end, anchors in regions:
        pieces, position = [], start
        while mark is not None and mark[0] < end:
            if mark[0] >= start and mark[1] <= end:  # a mark across a sentence's edge is left out
                if mark[0] > position:
                    pieces.append(Piece(body[position : mark[0]]))
                pieces.append(Piece(body[mark[0] : mark[1]], mark[2]))
                position = mark[1]
            mark = next(pending, None)
        if position < end:
            pieces.append(Piece(body[position:end]))
        passages.append(Passage(pieces, anchors))
    return passages
