"""Read-only API views: each list is the page's FilterSet over the page's QuerySet, preloaded, as JSON.

Every list runs a fixed number of queries whatever its length: the rows, then one per preloaded
relation (the named QuerySet methods of meetings/models.py, as the pages use them).
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from meetings.api import schema, serializers  # noqa: F401 (schema describes the FilterSets' slug filters)
from meetings.filters import (
    ArticleFilterSet,
    MeetingFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    ReadOutFilterSet,
)
from meetings.models import Article, Meeting, Organization, Person, Position, ReadOut, count_meetings, count_people


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """``default_key``: the list's order when no ``sort`` is given, as (field, descending); id breaks ties."""

    default_key: tuple[str, bool] = ("pk", False)
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def paginate_queryset(self, queryset):
        rows = super().paginate_queryset(queryset)
        if rows is not None:
            self.decorate(rows)
        return rows

    def decorate(self, rows: list) -> None:
        """Add to a page's rows what is counted for them alone (a fixed number of queries), as the pages do."""


@extend_schema_view(
    list=extend_schema(
        summary="Meetings",
        description="Public meetings, newest first; the query parameters of "
        "/meetings/ (`sort` picks the order by its first column).",
    ),
    retrieve=extend_schema(summary="A meeting"),
)
class MeetingViewSet(ReadOnlyViewSet):
    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilterSet
    default_key = ("date", True)

    def get_queryset(self):
        return Meeting.objects.public().for_list()


@extend_schema_view(
    list=extend_schema(summary="People", description="People by name; the query parameters of /people/."),
    retrieve=extend_schema(summary="A person", description="With the positions held over time."),
)
class PersonViewSet(ReadOnlyViewSet):
    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    filterset_class = PersonFilterSet
    lookup_field = "slug"
    default_key = ("name", False)

    def get_queryset(self):
        people = Person.objects.with_contacts()
        if self.action == "retrieve":
            people = people.prefetch_related(
                Prefetch(
                    "positions", queryset=Position.objects.select_related("organization").order_by("start_date", "pk")
                )
            )
        return people


@extend_schema_view(
    list=extend_schema(
        summary="Offices", description="Ministries and offices; the query parameters of /organizations/."
    ),
    retrieve=extend_schema(summary="An office"),
)
class OrganizationViewSet(ReadOnlyViewSet):
    serializer_class = serializers.OrganizationSerializer
    detail_serializer_class = serializers.OrganizationDetailSerializer
    filterset_class = OrganizationFilterSet
    lookup_field = "slug"
    default_key = ("name", False)

    def get_queryset(self):
        if self.action == "retrieve":
            return Organization.objects.for_list()
        return Organization.objects.select_related("parent")  # each page's rows counted (decorate), as /organizations/

    def decorate(self, rows: list) -> None:
        count_people(rows)


@extend_schema_view(
    list=extend_schema(
        summary="Read-outs",
        description="Each side's accounts of public meetings, newest meeting "
        "first; the query parameters of /readouts/.",
    ),
)
class ReadOutViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ReadOutSerializer
    filterset_class = ReadOutFilterSet
    default_key = ("meeting__date", True)

    def get_queryset(self):
        return (
            ReadOut.objects.filter(meeting__in=Meeting.objects.public())
            .select_related("meeting", "issuer", "article")
            .defer("article__body")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Articles",
        description="Imported articles, newest first, without their text; the query parameters of /articles/.",
    ),
    retrieve=extend_schema(summary="An article", description="With its text."),
)
class ArticleViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    filterset_class = ArticleFilterSet
    lookup_field = "slug"
    default_key = ("published", True)

    def get_queryset(self):
        if self.action == "retrieve":
            return Article.objects.for_list()
        return Article.objects.defer("body")  # each page's rows counted (decorate), as /articles/ does

    def decorate(self, rows: list) -> None:
        count_meetings(rows)
