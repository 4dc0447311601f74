"""What the API returns for each record. Every nested value comes from what the list's QuerySet preloads."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import Article, Evidence, Meeting, Organization, Participation, Person, Position, ReadOut
from meetings.templatetags.diplo import at_precision


@extend_schema_field(
    {"type": "string", "description": "ISO 3166 code; empty when unknown or international.", "example": "KR"}
)
class CountryCodeField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return value.code or "" if value else ""


@extend_schema_field(OpenApiTypes.URI)
class PageLinkField(serializers.Field):
    """The record's page on the site, absolute."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiLinkField(serializers.Field):
    """The record's detail in the API, absolute."""

    def __init__(self, view_name: str, lookup: str, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse(self.view_name, args=[getattr(obj, self.lookup)]))


class OfficeRefSerializer(serializers.ModelSerializer):
    """An office named inside another record."""

    country = CountryCodeField()
    api_url = ApiLinkField("api:organization-detail", "slug")

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "country", "api_url"]


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    slug = serializers.CharField(source="person.slug", read_only=True)
    country = CountryCodeField()
    office = OfficeRefSerializer(source="organization", read_only=True, allow_null=True)

    class Meta:
        model = Participation
        fields = ["name", "slug", "title", "country", "office"]


class ReadOutInMeetingSerializer(serializers.ModelSerializer):
    issuer = OfficeRefSerializer(read_only=True)

    class Meta:
        model = ReadOut
        fields = ["issuer", "form", "language", "quotes"]


class SourceSerializer(serializers.ModelSerializer):
    """An article a meeting was read from, and the sentence that says so."""

    article = serializers.CharField(source="article.slug", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    published = serializers.DateField(source="article.published", read_only=True)
    outlet = serializers.CharField(source="article.outlet", read_only=True)
    source_url = serializers.CharField(source="article.source_url", read_only=True, help_text="The original's address")

    class Meta:
        model = Evidence
        fields = ["article", "article_title", "outlet", "source_url", "published", "sentence", "start", "end"]


class MeetingSerializer(serializers.ModelSerializer):
    date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The first day of the period the date stands for (see date_precision).",
    )
    date_display = serializers.SerializerMethodField(help_text="The date as precisely as it is known.")
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    readouts = ReadOutInMeetingSerializer(many=True, read_only=True)
    sources = SourceSerializer(source="evidence", many=True, read_only=True)
    url = PageLinkField()
    api_url = ApiLinkField("api:meeting-detail", "pk")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "date",
            "date_precision",
            "date_display",
            "kind",
            "status",
            "location",
            "review_status",
            "participants",
            "readouts",
            "sources",
            "url",
            "api_url",
        ]

    def get_date_display(self, meeting: Meeting) -> str:
        return at_precision(meeting.date, meeting.date_precision)


class PositionSerializer(serializers.ModelSerializer):
    office = OfficeRefSerializer(source="organization", read_only=True, allow_null=True)

    class Meta:
        model = Position
        fields = ["title", "office", "start_date", "end_date"]


class PersonSerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    meeting_count = serializers.IntegerField(read_only=True, help_text="Public meetings the person took part in.")
    url = PageLinkField()
    api_url = ApiLinkField("api:person-detail", "slug")

    class Meta:
        model = Person
        fields = ["slug", "name", "aliases", "country", "meeting_count", "url", "api_url"]


class PersonDetailSerializer(PersonSerializer):
    positions = PositionSerializer(many=True, read_only=True)
    meetings = serializers.SerializerMethodField(help_text="The person's meetings in the API.")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "positions", "meetings"]

    def get_meetings(self, person: Person) -> str:
        return self.context["request"].build_absolute_uri(f"{reverse('api:meeting-list')}?person={person.slug}")


class OrganizationSerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    parent = OfficeRefSerializer(read_only=True, allow_null=True)
    people_count = serializers.IntegerField(read_only=True, help_text="People who held a position there.")
    url = PageLinkField()
    api_url = ApiLinkField("api:organization-detail", "slug")

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "aliases", "country", "kind", "parent", "people_count", "url", "api_url"]


class OrganizationDetailSerializer(OrganizationSerializer):
    meetings = serializers.SerializerMethodField(help_text="Meetings with its people or its read-outs, in the API.")
    readouts = serializers.SerializerMethodField(help_text="The read-outs it issued, in the API.")

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "meetings", "readouts"]

    def get_meetings(self, office: Organization) -> str:
        return self.context["request"].build_absolute_uri(f"{reverse('api:meeting-list')}?organization={office.slug}")

    def get_readouts(self, office: Organization) -> str:
        return self.context["request"].build_absolute_uri(f"{reverse('api:readout-list')}?issuer={office.slug}")


class MeetingRefSerializer(serializers.ModelSerializer):
    api_url = ApiLinkField("api:meeting-detail", "pk")

    class Meta:
        model = Meeting
        fields = ["id", "title", "date", "date_precision", "api_url"]


class ReadOutSerializer(serializers.ModelSerializer):
    meeting = MeetingRefSerializer(read_only=True)
    issuer = OfficeRefSerializer(read_only=True)
    article = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The article that cites the account."
    )

    class Meta:
        model = ReadOut
        fields = ["id", "meeting", "issuer", "form", "language", "quotes", "article"]


class ArticleSerializer(serializers.ModelSerializer):
    meeting_count = serializers.IntegerField(read_only=True, help_text="Meetings read from the article.")
    url = PageLinkField()
    api_url = ApiLinkField("api:article-detail", "slug")

    class Meta:
        model = Article
        fields = ["slug", "title", "published", "outlet", "source_url", "meeting_count", "url", "api_url"]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]
