"""One FilterSet per list: the filter form, the public query parameters, and the CSV export share it.

Multi-valued filters narrow by ``pk__in`` subqueries rather than joins, so a meeting with three
matching participants still appears once and ordering stays free of DISTINCT.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import Q
from django_countries import countries
from django_filters.fields import MultipleChoiceField

from meetings.models import (
    Article,
    Kind,
    Meeting,
    OrgKind,
    Organization,
    Person,
    ReadOut,
    ReadOutForm,
    Status,
)

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class PartialDateField(forms.CharField):
    """Accepts YYYY, YYYY-MM or YYYY-MM-DD; cleans to the first day of that period, or the last (``end=True``)."""

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        kwargs.setdefault("help_text", "YYYY, YYYY-MM or YYYY-MM-DD")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        m = _PARTIAL_DATE.match(value.strip())
        if not m:
            raise forms.ValidationError("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if day:
                return dt.date(year, int(month), int(day))
            if month:
                month = int(month)
                last = calendar.monthrange(year, month)[1]
                return dt.date(year, month, last if self.end else 1)
            return dt.date(year, 12, 31) if self.end else dt.date(year, 1, 1)
        except (ValueError, calendar.IllegalMonthError):
            raise forms.ValidationError(f"{value} is not a date.") from None


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField

    def __init__(self, *args, end: bool = False, **kwargs):
        kwargs.setdefault("lookup_expr", "lte" if end else "gte")
        super().__init__(*args, **kwargs)
        self.extra["end"] = end


class SortFilter(django_filters.OrderingFilter):
    """``sort=<column>`` or ``sort=-<column>``, then by id: rows that tie keep one order on every page and in the CSV."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Sort")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "pk")


SEVERAL = "Ctrl- or ⌘-click to choose several."


class CountryCodesField(MultipleChoiceField):
    def to_python(self, value):
        return [code.upper() for code in super().to_python(value)]  # a hand-typed ?country=kr is South Korea


class CountryFilter(django_filters.MultipleChoiceFilter):
    """``country=KR`` (ISO 3166 code, repeatable): any of them."""

    field_class = CountryCodesField

    def __init__(self, *args, **kwargs):
        kwargs.update(choices=list(countries), label="Country", help_text=SEVERAL)
        super().__init__(*args, **kwargs)


class MeetingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search",
                                  help_text="Titles, participants and quoted passages")
    date_from = PartialDateFilter(field_name="date", label="From")
    date_to = PartialDateFilter(field_name="date", end=True, label="To")
    country = CountryFilter(method="filter_country")
    organization = django_filters.ModelMultipleChoiceFilter(
        queryset=Organization.objects.order_by("name"), to_field_name="slug", method="filter_organization",
        label="Ministry or office", help_text=SEVERAL,
    )
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.order_by("name"), to_field_name="slug", method="filter_person", label="Person",
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status")
    sort = SortFilter(fields=(("date", "date"), ("kind", "kind"), ("status", "status"), ("location", "location"),
                              ("title", "title")))

    class Meta:
        model = Meeting
        fields = ["q", "date_from", "date_to", "country", "organization", "person", "kind", "status"]

    def _having(self, queryset, condition):
        return queryset.filter(pk__in=Meeting.objects.filter(condition).values("pk"))

    def search(self, queryset, name, value):
        return self._having(queryset, Q(title__icontains=value) | Q(participations__person__name__icontains=value)
                            | Q(participations__person__aliases__icontains=value) | Q(readouts__quotes__icontains=value)
                            | Q(evidence__sentence__icontains=value) | Q(location__icontains=value))

    def filter_country(self, queryset, name, value):
        return self._having(queryset, Q(participations__country__in=value)) if value else queryset

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        return self._having(queryset, Q(participations__organization__in=value) | Q(readouts__issuer__in=value))

    def filter_person(self, queryset, name, value):
        return self._having(queryset, Q(participations__person=value)) if value else queryset


class ReadOutFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Quoted passages and meeting titles")
    issuer = django_filters.ModelMultipleChoiceFilter(
        queryset=Organization.objects.order_by("name"), to_field_name="slug", field_name="issuer__slug", label="Issuer",
        help_text=SEVERAL)
    country = CountryFilter(field_name="issuer__country")
    date_from = PartialDateFilter(field_name="meeting__date", label="From")
    date_to = PartialDateFilter(field_name="meeting__date", end=True, label="To")
    form = django_filters.ChoiceFilter(choices=ReadOutForm.choices, label="Form")
    sort = SortFilter(fields=(("meeting__date", "date"), ("issuer__name", "issuer"), ("form", "form")))

    class Meta:
        model = ReadOut
        fields = ["q", "issuer", "country", "date_from", "date_to", "form"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(quotes__icontains=value) | Q(meeting__title__icontains=value))


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Names and spellings")
    country = CountryFilter()
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.order_by("name"), to_field_name="slug", method="filter_organization",
        label="Ministry or office")
    sort = SortFilter(fields=(("name", "name"), ("country", "country"), ("meeting_count", "meetings")))

    class Meta:
        model = Person
        fields = ["q", "country", "organization"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        people = Person.objects.filter(Q(positions__organization=value) | Q(participations__organization=value))
        return queryset.filter(pk__in=people.values("pk"))


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Names, acronyms and other names")
    country = CountryFilter()
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label="Kind")
    sort = SortFilter(fields=(("name", "name"), ("country", "country"), ("kind", "kind")))

    class Meta:
        model = Organization
        fields = ["q", "country", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value) | Q(aliases__icontains=value))


class ArticleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Titles and text")
    date_from = PartialDateFilter(field_name="published", label="Published from")
    date_to = PartialDateFilter(field_name="published", end=True, label="Published to")
    sort = SortFilter(fields=(("published", "published"), ("slug", "slug"), ("title", "title")))

    class Meta:
        model = Article
        fields = ["q", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value) | Q(slug__icontains=value))
