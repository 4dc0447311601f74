"""Public pages: lists with filters and CSV, and detail pages. Every query set preloads what its template shows."""
from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Max, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView, View
from django_countries import countries

from meetings import exports
from meetings.extraction import extract_article
from meetings.filters import (
    ArticleFilterSet,
    MeetingFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    ReadOutFilterSet,
)
from meetings.models import (
    Article,
    Evidence,
    Meeting,
    Organization,
    Participation,
    Person,
    Position,
    ReadOut,
    Status,
)
from meetings.services.knowledge_base import build_lexicon


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and compose."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})


# --- Lists and their CSV ------------------------------------------------------------------------


class FilteredQuerysetMixin:
    """The filtered, sorted rows of a list; the HTML page and its CSV export both come from here."""

    filterset_class = None
    export_filename = "export.csv"

    def base_queryset(self):
        """The rows before filtering; lists override it to hide rejections and preload what they show."""
        return self.model._default_manager.all()

    @cached_property
    def filterset(self):
        return self.filterset_class(self.request.GET or None, queryset=self.base_queryset(), request=self.request)

    def filtered_queryset(self):
        # An invalid parameter (an impossible date, an unknown slug) gives an empty result and the form's error.
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs


class FilteredListView(FilteredQuerysetMixin, ListView):
    paginate_by = 50

    def get_queryset(self):
        return self.filtered_queryset()

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end, or not a number, shows the nearest page rather than an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(label, value, link without it) for each filter in use, so that each can be removed."""
        if not self.filterset.is_bound or not self.filterset.is_valid():
            return []
        active = []
        for name, field in self.filterset.form.fields.items():
            cleaned = self.filterset.form.cleaned_data.get(name)
            # Show what a value stands for: "Ministry of Unification (KR)" for kr-mou, "South Korea" for KR.
            if hasattr(field, "to_field_name") and cleaned:
                objects = cleaned if hasattr(cleaned, "__iter__") else [cleaned]
                shown = {str(getattr(o, field.to_field_name)): str(o) for o in objects}
            else:
                shown = {str(k): str(v) for k, v in getattr(field, "choices", ())}
            for raw in self.request.GET.getlist(name):
                if not raw:
                    continue
                remaining = self.request.GET.copy()
                remaining.setlist(name, [v for v in self.request.GET.getlist(name) if v != raw])
                remaining.pop("page", None)
                active.append((field.label or name, shown.get(raw, raw), "?" + remaining.urlencode()))
        return active

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, active_filters=self.active_filters(), export_query=query.urlencode())
        return context


class ExportView(FilteredQuerysetMixin, View):
    """GET …/export.csv: exactly the rows of the list page with the same parameters, unpaginated."""

    list_view: type[FilteredListView] | None = None

    def base_queryset(self):
        return self.list_view.base_queryset(self)  # the list's own rows: same preloading, same rejections

    def get(self, request, *args, **kwargs):
        self.filterset_class = self.list_view.filterset_class
        rows = self.filtered_queryset().iterator(chunk_size=exports.CHUNK_SIZE)
        columns = exports.COLUMNS[self.list_view.model](request)
        return exports.stream_csv(rows, columns, self.list_view.export_filename)


class MeetingListView(FilteredListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    export_filename = "meetings.csv"
    template_name = "meetings/meeting_list.html"

    def base_queryset(self):
        return Meeting.objects.public().for_list()


class ReadOutListView(FilteredListView):
    model = ReadOut
    filterset_class = ReadOutFilterSet
    export_filename = "readouts.csv"
    template_name = "meetings/readout_list.html"

    def base_queryset(self):
        return (ReadOut.objects.filter(meeting__in=Meeting.objects.public())
                .select_related("meeting", "issuer", "article").order_by("-meeting__date", "issuer__name", "pk"))


class PersonListView(FilteredListView):
    model = Person
    filterset_class = PersonFilterSet
    export_filename = "people.csv"
    template_name = "meetings/person_list.html"

    def base_queryset(self):
        return Person.objects.annotate(
            meeting_count=Count("participations__meeting", filter=~Q(participations__meeting__review_status="rejected"),
                                distinct=True)
        ).order_by("name")


class OrganizationListView(FilteredListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    export_filename = "organizations.csv"
    template_name = "meetings/organization_list.html"

    def base_queryset(self):
        return Organization.objects.for_list().order_by("country", "name")


class ArticleListView(FilteredListView):
    model = Article
    filterset_class = ArticleFilterSet
    export_filename = "articles.csv"
    template_name = "meetings/article_list.html"

    def base_queryset(self):
        return Article.objects.for_list().defer("body").order_by("-published", "slug")


def export_view(list_view: type[FilteredListView]):
    return ExportView.as_view(list_view=list_view)


# --- Home and details ---------------------------------------------------------------------------


class HomeView(TemplateView):
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Meeting.objects.public()
        context.update(
            counts={
                "meetings": public.count(),
                "people": Person.objects.count(),
                "organizations": Organization.objects.count(),
                "readouts": ReadOut.objects.filter(meeting__in=public).count(),
                "articles": Article.objects.count(),
            },
            latest=public.for_list()[:10],
        )
        return context


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.public().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        # Read-outs side by side: one column per government.
        sides = defaultdict(list)
        for readout in meeting.readouts.all():
            sides[readout.issuer.country.name or "International"].append(readout)
        sources = defaultdict(list)
        for evidence in meeting.evidence.all():
            sources[evidence.article].append(evidence)
        people = [p.person_id for p in meeting.participations.all()]
        others = (Meeting.objects.public().filter(pk__in=Participation.objects.filter(person__in=people).values("meeting"))
                  .exclude(pk=meeting.pk).prefetch_related(
                      Prefetch("participations", queryset=Participation.objects.select_related("person")))[:20])
        context.update(sides=dict(sides), sources=dict(sources), other_meetings=others)
        return context


class PersonDetailView(DetailView):
    template_name = "meetings/person_detail.html"
    context_object_name = "person"
    queryset = Person.objects.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("organization").order_by("start_date"))
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        meetings = (Meeting.objects.public().filter(participations__person=person).for_list()
                    .order_by("date", "pk"))
        counterparts = (Participation.objects.filter(meeting__in=meetings.values("pk")).exclude(person=person)
                        .values("person__name", "person__slug", "person__country")
                        .annotate(times=Count("meeting", distinct=True)).order_by("-times", "person__name"))
        context.update(meetings=meetings, counterparts=counterparts)
        return context


class OrganizationDetailView(DetailView):
    template_name = "meetings/organization_detail.html"
    context_object_name = "organization"
    queryset = Organization.objects.select_related("parent").prefetch_related("children")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        meetings = Meeting.objects.public().filter(
            pk__in=Meeting.objects.filter(Q(participations__organization=org) | Q(readouts__issuer=org)).values("pk")
        ).for_list()
        people = Person.objects.filter(
            pk__in=Person.objects.filter(Q(positions__organization=org) | Q(participations__organization=org)).values("pk")
        ).prefetch_related(Prefetch("positions", queryset=Position.objects.filter(organization=org)))
        readouts = (ReadOut.objects.filter(issuer=org, meeting__in=Meeting.objects.public())
                    .select_related("meeting", "article").order_by("-meeting__date"))
        context.update(meetings=meetings, people=people, readouts=readouts)
        return context


def _country(code: str):
    code = code.upper()
    if code not in countries:
        raise Http404(f"No country with the code {code}")
    return code, countries.name(code)


class CountryView(TemplateView):
    template_name = "meetings/country_detail.html"

    def get_context_data(self, code: str, **kwargs):
        context = super().get_context_data(**kwargs)
        code, name = _country(code)
        meetings = Meeting.objects.public().filter(
            pk__in=Participation.objects.filter(country=code).values("meeting")).for_list()
        counterparts = (Participation.objects.filter(meeting__in=meetings.values("pk")).exclude(country=code)
                        .exclude(country="").values("country").annotate(times=Count("meeting", distinct=True))
                        .order_by("-times"))
        context.update(
            code=code, name=name, meetings=meetings[:100], meeting_count=meetings.count(),
            counterparts=[(c["country"], countries.name(c["country"]), c["times"]) for c in counterparts],
        )
        return context


class CountryPairView(TemplateView):
    template_name = "meetings/country_pair.html"

    def get_context_data(self, code: str, other: str, **kwargs):
        context = super().get_context_data(**kwargs)
        (code, name), (other, other_name) = _country(code), _country(other)
        meetings = (Meeting.objects.public()
                    .filter(pk__in=Participation.objects.filter(country=code).values("meeting"))
                    .filter(pk__in=Participation.objects.filter(country=other).values("meeting")))
        per_year = (meetings.exclude(date=None).annotate(year=ExtractYear("date")).values("year")
                    .annotate(n=Count("pk")).order_by("-year"))
        today = timezone.localdate()
        last_held = meetings.filter(status=Status.HELD, date__lte=today).aggregate(last=Max("date"))["last"]
        context.update(
            code=code, name=name, other=other, other_name=other_name,
            meetings=meetings.for_list()[:100], total=meetings.count(), per_year=per_year,
            last_held=last_held, days_since=(today - last_held).days if last_held else None,
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "meetings/article_detail.html"
    context_object_name = "article"
    queryset = Article.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        meetings = Meeting.objects.public().filter(
            pk__in=Evidence.objects.filter(article=article).values("meeting")).for_list()
        context.update(meetings=meetings, segments=highlighted_segments(article))
        return context


def highlighted_segments(article: Article) -> list[tuple[str, str, str]]:
    """The body cut into (text, kind, label) pieces: what the extractor recognised is marked with its kind.

    Running the extractor again shows exactly what it sees now, with the knowledge base as editors left it.
    """
    extraction = extract_article(body=article.body, published=article.published, lexicon=build_lexicon())
    segments, cursor = [], 0
    for highlight in extraction.highlights:
        if highlight.start < cursor:
            continue
        segments.append((article.body[cursor:highlight.start], "", ""))
        segments.append((article.body[highlight.start:highlight.end], highlight.kind, highlight.label))
        cursor = highlight.end
    segments.append((article.body[cursor:], "", ""))
    return segments
