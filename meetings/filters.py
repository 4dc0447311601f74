"""One FilterSet per list: the filter form, the public query parameters, and the CSV export share it.

Multi-valued filters narrow by ``pk__in`` subqueries rather than joins, so a meeting with three
matching participants still appears once and ordering stays free of DISTINCT.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection, connections
from django.db.models import Count, Exists, F, Func, Max, Model, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.expressions import OrderBy, RawSQL
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_countries import countries
from django_filters.fields import MultipleChoiceField

from meetings.markup import escape
from meetings.models import (
    GROUPED_COLUMNS,
    Article,
    CountryContacts,
    CountryMeeting,
    CountryTotals,
    Kind,
    Meeting,
    OfficeMeeting,
    OfficePerson,
    OfficeTimeline,
    Organization,
    OrgKind,
    PairTotals,
    Participation,
    Person,
    PersonContacts,
    PersonMeeting,
    PersonTimeline,
    PersonWithoutContacts,
    ReadOut,
    ReadOutForm,
    ReviewStatus,
    Status,
)
from meetings.ordering import (
    among_given,
    among_read_once,
    column_key,
    first_by_leading_groups,
    given_ids,
    in_any,
    indexed_pair,
    list_ordering,
    own_column,
    probed,
    without_index,
)
from meetings.page_cache import computed_once, kept_exactly, versioned
from meetings.pagination import COUNT_CAP
from meetings.search import (
    TRIGRAM,
    Known,
    Narrowing,
    at_most_few,
    first_matches,
    joined_contains,
    json_contains,
    kept_unless_many,
    matching_ids,
    meetings_matching,
    meetings_of_rarer_words,
    rare_in_long_texts,
    together_few,
    walks_for_a_count,
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
    """``sort=<column>`` or ``sort=-<column>``, then by id: rows that tie keep one order on every page and in the
    CSV. An unknown column is an error that names the columns there are, not a silently empty list.

    Ties go by id ascending, or (``ties_follow``) in the direction of the last column sorted by, as the API's pages
    break them: then one index of (column, id) serves a sort both ways. ``ties`` names, for a field, the keys that
    break its ties instead, whichever way it runs (a list's default order, sorted explicitly, is the same list).
    ``then`` names, for a field, a column that breaks its ties before the id, in the field's direction."""

    def __init__(
        self,
        *args,
        ties_follow: bool = False,
        ties: dict[str, tuple[str, ...]] | None = None,
        then: dict[str, str] | None = None,
        **kwargs,
    ):
        self.ties_follow, self.ties, self.then = ties_follow, ties or {}, then or {}
        kwargs.setdefault("label", "Sort")
        columns = ", ".join(param for _, param in kwargs.get("fields", ()))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"“%(value)s” is not a column this list sorts by: {columns} (a leading - reverses)."},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        # "sort=date," or "sort=,,," leave empty elements, which the form lets through as "no choice":
        # ordering by "" is a FieldError (a 500), so they are dropped like an empty sort.
        params = [param for param in value or () if param]
        if not params:
            return qs
        last = params[-1]
        field = self.get_ordering_value(last)
        ties = self.ties.get(field.removeprefix("-"))
        if ties is None:
            ties = ("-pk",) if self.ties_follow and last.startswith("-") else ("pk",)
        if then := self.then.get(field.removeprefix("-")):
            ties = (f"-{then}" if field.startswith("-") else then, *ties)
        return qs.order_by(*(self._ordering(qs.model, param) for param in params), *ties)

    def _ordering(self, model, param: str) -> str | OrderBy:
        field = self.get_ordering_value(param)
        path = field.removeprefix("-")
        if not nullable_path(model, path):
            return field  # as the indexes of the sortable columns have it
        # Rows without a value (a meeting of unknown date) last whichever way the column runs, on every database
        # (PostgreSQL puts them first in a descending order, SQLite last) and as the API's pages have them.
        return F(path).desc(nulls_last=True) if field.startswith("-") else F(path).asc(nulls_last=True)


def nullable_path(model, path: str) -> bool:
    """Whether some row may have no value at ``path`` (a null field or relation on the way); annotations never do."""
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.null:
            return True
        model = field.related_model
    return False


class DateRangeForm(forms.Form):
    """The filter form of a list with ``date_from`` and ``date_to``: a range that ends before it starts is an
    error that says so, rather than an empty list that looks like "nothing happened"."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                "From (%(start)s) is after To (%(end)s): no date is in both. Swap them or change one.",
                params={"start": self.data.get("date_from"), "end": self.data.get("date_to")},
                code="empty_range",
            )
        return cleaned


TYPE_A_NAME = "Type a name or pick a suggestion."
TYPE_SEVERAL = "Type a name or pick a suggestion; the ticked ones stay chosen."


class QuickSelect(forms.Select):
    """A select rendered by joining strings rather than a template per option.

    The country filter has 250 options: through Django's widget templates they took longer to render
    than the rest of a list page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in chosen else ""}>{escape(label)}</option>'
            for v, label in self.choices
        )
        multiple = " multiple" if self.allow_multiple_selected else ""
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}{multiple}>{options}</select>')


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


class QuickTextInput(forms.TextInput):
    """A text box rendered by joining strings: the same HTML as Django's widget template (attributes in their
    order), without a template render per box on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(value)}"'
        flags = "".join(
            f" {escape(key)}" if val is True else f' {escape(key)}="{escape(val)}"'
            for key, val in attrs.items()
            if val is not False
        )
        return mark_safe(f'<input type="{escape(self.input_type)}" name="{escape(name)}"{shown}{flags}>')


_QUICK_WIDGETS = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple, forms.TextInput: QuickTextInput}


# A list's count is kept at most this long (seconds), under the data version it was read at (``count_kept``): as long
# as a page is kept by default (settings.PAGE_CACHE_DEFAULT_SECONDS), so that a reader who pages through a list or
# sorts it in that time has it counted once.
COUNT_TTL = 300


def _key_part(value) -> str:
    """A filter's cleaned value as text for a cache key: a record by its model and id, several values in one order
    (every multi-valued filter is a set: the countries, the offices), anything else as its repr."""
    if isinstance(value, Model):
        return f"{value._meta.label}:{value.pk}"
    if isinstance(value, (list, tuple, set, QuerySet)):
        return "[" + ",".join(sorted(_key_part(item) for item in value)) + "]"
    return repr(value)


class QuickFormFilterSet(django_filters.FilterSet):
    """A FilterSet whose selects and text boxes render as QuickSelect and QuickTextInput."""

    # Set by the API's filter backend (api/filtering.py) on the FilterSet that filters its windows: the windows' order
    # (api.pagination.Key), which it passes without ``sort``, and the (value, id) of the cursor the window starts after
    # (None on the first page): the list starts at a row within it, where an index read from the top would be walked
    # to reach it.
    window_key = None
    window_start: tuple | None = None

    @property
    def after_cursor(self) -> bool:
        """Whether the API's window starts after a cursor (``window_start``)."""
        return self.window_start is not None

    def filtered_but(self, queryset, last: str | tuple[str, ...] | None):
        """``queryset`` with every filter applied but ``last`` (a name, or several), which a list of first rows
        applies after the others and the sort, on the list as they leave it (its parts take their order); kept as
        ``_filtered_otherwise``, what the list's count reads."""
        self._filtered_otherwise = self._filtered(queryset, last if isinstance(last, tuple) else (last,))
        return self._filtered_otherwise

    def _filtered(self, queryset, skipped: tuple[str | None, ...]):
        """``queryset`` with every filter applied but those named ``skipped``."""
        for name, value in self.form.cleaned_data.items():
            if name not in skipped:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Every match of a list of first rows, when its count_matches read them all (fewer than its limit), or None.
    _every_match: list[int] | None = None

    def _counted_ids(self, matched: list[int], limit: int) -> int:
        """How many ids a count read (at most ``limit``), keeping them as ``_every_match`` when they are every match."""
        self._every_match = matched if len(matched) < limit else None
        return len(matched)

    def count_kept(self, limit: int) -> int:
        """``count_matches(limit)``, kept until the data changes (page_cache.kept_exactly), under the list's rows
        before filtering and its filters' values but its order's: the list's other pages and sorts, and a reader who
        comes back to it, have it counted once. A search's count beside a filter is most of its page, and the same on
        each: ``?q=Geneva`` beside Mongolia's officials hashed Mongolia's 33,161 participations and read 28,469 texts
        with "Geneva" for 1,001 of its matches (67 ms of the page's 110 at 1,000,000 meetings). Kept with every match
        when the count read them all (``_every_match``: what counted_rows and a ranking take)."""
        _ = self.qs  # every filter applied: counted_rows reads the list as they leave it (``_filtered_otherwise``)

        def count() -> tuple[int, list[int] | None]:
            counted = self.count_matches(limit)
            return counted, self._every_match

        key = f"diplo:list-count:{limit}:{self.filters_key()}"
        counted, self._every_match = kept_exactly(key, count, COUNT_TTL)
        return counted

    def total_kept(self, limit: int, rows: QuerySet | None = None) -> int:
        """The list's rows, every filter applied, counted up to ``limit`` and kept until the data changes (as
        count_kept keeps a list's count of first rows): its other pages and sorts, and a reader who comes back to it,
        have it counted once. One issuer's read-outs (the busiest's, at 1,000,000 meetings) counted 1,001 read-outs and
        their meetings on each page and sort, 14-20 ms. ``rows``: the list's rows, every filter applied, when asked
        while its queryset is built (PersonFilterSet.sorts_matches): the same count, kept under the same name."""
        key = f"diplo:list-total:{limit}:{self.filters_key()}"
        listed = self.qs if rows is None else rows
        return kept_exactly(key, lambda: listed.order_by().values("pk")[:limit].count(), COUNT_TTL)

    def filters_key(self, *, but: tuple[str, ...] = ()) -> str:
        """What names the list in a cache key (``count_kept``): the FilterSet, the SQL of the rows it filters (a view's
        own), and every filter's value but the order's (and ``but``'s), whatever order the address gives them in. Built
        once per ``but``: a ranked search's page asks for it for its count and its ranking. An unfiltered list (no
        parameters: an unbound form) has no values."""
        if but not in self._filters_keys:
            cleaned = self.form.cleaned_data if self.is_bound else {}
            values = sorted(
                (name, _key_part(value))
                for name, value in cleaned.items()
                if name not in but and not isinstance(self.filters[name], django_filters.OrderingFilter)
            )
            listed = hashlib.sha256(f"{self.queryset.query}\n{values!r}".encode()).hexdigest()
            self._filters_keys[but] = f"{type(self).__name__}:{listed}"
        return self._filters_keys[but]

    @functools.cached_property
    def _filters_keys(self) -> dict[tuple[str, ...], str]:
        return {}

    def counted_rows(self, listed: QuerySet) -> QuerySet:
        """The rows of a list of first rows (``rows_bounded``) once its count_matches has run: every match the count
        read, when it read them all, in the list's order, rather than the places or sets read again for the page (a
        read-outs title search's 12,742 candidates at 1,000,000 meetings, rechecked for the count and again for the
        page, 80 ms each; both office boxes' 837 meetings in common, each tested for both, 32 ms); else ``listed``."""
        if self._every_match is None:
            return listed
        return self._in_list_order(self._filtered_otherwise).filter(pk__in=self._every_match)

    def _in_list_order(self, rows: QuerySet) -> QuerySet:
        """``rows`` (the list as filtered but for the filter read as first rows) in the order the list reads."""
        return rows

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            quick = _QUICK_WIDGETS.get(type(field.widget))
            if quick:
                widget = quick(attrs=field.widget.attrs)
                if hasattr(field.widget, "choices"):
                    widget.choices = field.widget.choices
                field.widget = widget
        return form_class


class LookupInput(forms.Widget):
    """A text box (with suggestions as you type, and a datalist) instead of a select of every record.

    A select of every person and office grows with the database (650 KB of HTML at 100,000 meetings);
    this renders only what is chosen: a ticked box per chosen record (``multiple``) and an empty box to
    add one, under the same parameter name, so ``?organization=a&organization=b`` reads as before.
    """

    def __init__(self, *, multiple: bool, suggest_url, attrs=None):
        super().__init__(attrs)
        self.multiple, self.suggest_url = multiple, suggest_url
        self.labels: dict[str, str] = {}  # slug → what it stands for, set by the field once it has looked them up

    def value_from_datadict(self, data, files, name):
        if not self.multiple:
            return data.get(name)
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)  # a QueryDict, or a plain dict
        values = values if isinstance(values, (list, tuple)) else [values]
        return [v for v in values if v and str(v).strip()]

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id") or f"id_{name}"
        chosen = [v for v in (value or []) if v] if self.multiple else ([value] if value else [])
        ticked = (
            format_html_join(
                "",
                '<label class="chosen"><input type="checkbox" name="{}" value="{}" checked> {}</label>',
                ((name, v, self.labels.get(v, v)) for v in chosen),
            )
            if self.multiple
            else ""
        )
        options = format_html_join("", '<option value="{}">{}</option>', ((v, self.labels.get(v, v)) for v in chosen))
        typed = "" if self.multiple else (value or "")
        return format_html(
            '{}<input type="text" name="{}" id="{}" value="{}" list="{}-options" autocomplete="off" data-suggest="{}"'
            '{}><datalist id="{}-options">{}</datalist>',
            ticked,
            name,
            box_id,
            typed,
            box_id,
            str(self.suggest_url),
            format_html(' aria-describedby="{}"', attrs["aria-describedby"]) if attrs.get("aria-describedby") else "",
            box_id,
            options,
        )


class LookupField(forms.Field):
    """A record named by its slug (what links and the suggestions use) or, typed by hand, by its exact name.

    Only the records named are looked up (one query), whatever the size of the table.
    """

    to_field_name = "slug"  # the list's filter chips read it to show names for slugs

    def __init__(self, *, queryset, multiple: bool = False, suggest_url="", **kwargs):
        self.queryset, self.multiple = queryset, multiple
        kwargs.setdefault("widget", LookupInput(multiple=multiple, suggest_url=suggest_url))
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        return [v.strip() for v in values if v and str(v).strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for v in value:  # the database cannot store, or look up, a NUL character
            ProhibitNullCharactersValidator()(v)

    def clean(self, value):
        raw = self.to_python(value)
        self.validate(raw)
        if not raw:
            return [] if self.multiple else None
        by_slug = {o.slug: o for o in self.queryset.filter(slug__in=raw)}
        names = [v for v in raw if v not in by_slug]
        by_name = {}
        if names:
            matches = self.queryset.filter(_any_name(names))
            for record in matches:
                by_name.setdefault(record.name.casefold(), []).append(record)
        found, unknown = [], []
        for v in raw:
            record = by_slug.get(v) or _only(by_name.get(v.casefold(), []))
            (found.append(record) if record else unknown.append(v))
        if unknown:
            raise forms.ValidationError(
                "Nothing is recorded as %(names)s; pick one of the suggestions.",
                params={"names": ", ".join(unknown)},
                code="invalid_choice",
            )
        self.widget.labels = {**{v: str(r) for v, r in zip(raw, found, strict=True)}}
        return found if self.multiple else found[0]


def _any_name(names: list[str]) -> Q:
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    return query


def _only(records: list):
    return records[0] if len(records) == 1 else None  # a name two records share names neither


class LookupFilter(django_filters.Filter):
    """A filter over people or offices typed into a text box: ``?person=<slug>``, ``?organization=<slug>``
    (repeatable)."""

    field_class = LookupField

    def __init__(self, *args, queryset, multiple: bool = False, suggest: str, **kwargs):
        kwargs.setdefault("help_text", TYPE_SEVERAL if multiple else TYPE_A_NAME)
        super().__init__(*args, **kwargs)
        self.extra.update(
            queryset=queryset, multiple=multiple, suggest_url=reverse_lazy("meetings:suggest", args=[suggest])
        )


# How long the countries the filters offer are reused before they are read again: a country new to the data
# shows in the filter within this many seconds (a link or typed code that names it works at once).
COUNTRIES_TTL = 300
TICK_SEVERAL = "Tick one or more; the busiest come first."


# PostgreSQL: each country's public contacts as kept on write (CountryTotals: a participant's countries counted
# again took seconds at a million meetings, on every worker's first page; summed from CountryContacts, 80,000 rows,
# 11 ms), then each country of the people and of the offices once. The people's are read as a loose index scan of
# person_country_id, one probe a country (DISTINCT read every person: 23 ms at a million meetings).
_OCCURRING_COUNTRIES = """
WITH RECURSIVE people_countries (country) AS (
    SELECT MIN(country) FROM meetings_person WHERE country > ''
    UNION ALL
    SELECT (SELECT MIN(p.country) FROM meetings_person p WHERE p.country > c.country)
    FROM people_countries c WHERE c.country IS NOT NULL
)
SELECT country, contacts FROM meetings_countrytotals
UNION ALL SELECT country, 0 FROM people_countries WHERE country IS NOT NULL
UNION ALL SELECT DISTINCT country, 0 FROM meetings_organization WHERE country <> ''
"""


def occurring_countries() -> list[tuple[str, int]]:
    """(code, how busy) of every country the data has (a participant's, a person's, an office's), the busiest
    first; one query, cached for COUNTRIES_TTL. How busy: on PostgreSQL its public contacts, as kept on write
    (``_OCCURRING_COUNTRIES``); on SQLite its participants, counted."""

    def read() -> list[tuple[str, int]]:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(_OCCURRING_COUNTRIES)
                found = cursor.fetchall()
        else:
            by_participants = (
                Participation.objects.exclude(country="").order_by().values_list("country").annotate(n=Count("pk"))
            )
            # Each country of the people and offices once, not a row per person.
            people = (
                Person.objects.exclude(country="").order_by().values_list("country").annotate(n=Value(0)).distinct()
            )
            offices = (
                Organization.objects.exclude(country="")
                .order_by()
                .values_list("country")
                .annotate(n=Value(0))
                .distinct()
            )
            found = by_participants.union(people, offices, all=True)
        counts: dict[str, int] = {}
        for code, n in found:
            counts[code] = counts.get(code, 0) + n
        return sorted(counts.items(), key=lambda item: (-item[1], countries.name(item[0])))

    return computed_once(versioned("diplo:filter-countries"), read, COUNTRIES_TTL)


class CountryChecks(forms.CheckboxSelectMultiple):
    """A box to tick per country the data has (the busiest first), not a 249-entry list that needs Ctrl-click.

    Every ISO code stays valid (``?country=FR`` is an empty list, not an error); one chosen that the data lacks
    is shown ticked as well. Rendered by joining strings, as QuickSelect is.
    """

    group = True  # _filters.html labels it as a group, not as one input

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id") or f"id_{name}"
        chosen = [str(v).upper() for v in (value or [])]
        present = [code for code, _ in occurring_countries()]
        codes = [*[c for c in dict.fromkeys(chosen) if c not in present and c in countries], *present]
        names = country_names()
        boxes = "".join(
            f'<label><input type="checkbox" name="{escape(name)}" value="{escape(code)}"'
            f"{' checked' if code in chosen else ''}> {escape(names.get(code) or countries.name(code))}</label>"
            for code in codes
        )
        described = f' aria-describedby="{escape(attrs["aria-describedby"])}"' if attrs.get("aria-describedby") else ""
        return mark_safe(  # every value is escaped
            f'<div class="checks" role="group" id="{escape(box_id)}" aria-labelledby="{escape(box_id)}-label"'
            f"{described}>{boxes}</div>"
        )

    def id_for_label(self, id_, index=None):
        return id_


class CountryCodesField(MultipleChoiceField):
    widget = CountryChecks

    def to_python(self, value):
        return [code.upper() for code in super().to_python(value)]  # a hand-typed ?country=kr is South Korea


class CountryFilter(django_filters.MultipleChoiceFilter):
    """``country=KR`` (ISO 3166 code, repeatable): any of them."""

    field_class = CountryCodesField

    def __init__(self, *args, **kwargs):
        # A callable: the form copies its fields on every request, and 250 choices deep-copied each time
        # cost more than rendering them.
        # No DISTINCT: a country is on the row itself or one foreign key away, so no row can match twice.
        kwargs.update(choices=_country_choices, label="Country", help_text=TICK_SEVERAL, distinct=False)
        kwargs.setdefault("widget", CountryChecks)
        super().__init__(*args, **kwargs)


def _country_choices() -> list[tuple[str, str]]:
    return _country_choices_in(translation.get_language())


@functools.cache
def _country_choices_in(language: str | None) -> list[tuple[str, str]]:
    """Every country as (code, name) in ``language``, by name: translated and sorted once, not on every request."""
    return [(code, str(name)) for code, name in countries]


@functools.cache
def _country_names_in(language: str | None) -> dict[str, str]:
    return dict(_country_choices_in(language))


def country_names() -> dict[str, str]:
    """Code → name of every country in the active language (``countries.name`` translates anew on every call)."""
    return _country_names_in(translation.get_language())


# "only": contacts between these countries and no other (the timelines' country groups link to them).
COUNTRY_MODES = [
    ("any", "either (any of them)"),
    ("all", "both (all of them: contacts between)"),
    ("only", "only them (no other country)"),
]


def office_meetings(offices) -> list[QuerySet]:
    """The meetings of offices, as two sets of meeting ids: those their people took part for, and those they gave
    a read-out of (a news agency's accounts)."""
    return [
        Participation.objects.filter(organization__in=offices).values("meeting"),
        ReadOut.objects.filter(issuer__in=offices).values("meeting"),
    ]


def in_offices(offices, meeting: str, *, as_probes: bool = False) -> Q:
    """Whether the meeting of the row at hand (its ``meeting`` column: "pk" for a meeting) is one of ``offices``'
    (office_meetings), asked as a probe of each set's (office, meeting) index. ``as_probes`` (PostgreSQL; elsewhere
    the same EXISTS): asked so whatever PostgreSQL guesses (``ordering.probed``), for rows known to be few; as EXISTS
    it may hash every meeting of the offices instead, which is cheaper for a walk of many rows.

    Probes look the meeting up in the offices' kept rows (OfficeMeeting, public meetings: what every list filtered
    here shows; SQLite leaves them empty), by their key (the meeting, then the office): one lookup where a meeting of
    none of the offices took two, its participants' and its read-outs'. Not as EXISTS: PostgreSQL turns a lone EXISTS
    into a join, asked after the row's other conditions, and probed the searchable text of 88,216 meetings walked for
    ``?q=Kim+talks`` beside the busiest news agency (330 ms at 1,000,000 meetings) before asking which were the
    agency's; EXISTS ORed stays a condition, hashed and asked first."""
    here = OuterRef(meeting)
    if as_probes and connection.vendor == "postgresql":
        return Q(probed(OfficeMeeting.objects.filter(meeting=here, organization__in=offices), "meeting"))
    return Q(Exists(Participation.objects.filter(meeting=here, organization__in=offices))) | Q(
        Exists(ReadOut.objects.filter(meeting=here, issuer__in=offices))
    )


# With both office boxes filled, the one read first has the other's test asked of its meeting ids (rather than of the
# meetings read) past this many meetings: below it PostgreSQL hashed every id of the other box to test the few (961
# meetings against the busiest news agency's 103,000 ids: 25 ms, where reading the meetings took 6); at 13,418 the
# probes took half the time of reading the meetings (MeetingFilterSet._tested_for_the_other_box).
OTHER_BOX_TESTED_PAST = COUNT_CAP
# What each meeting of a small list's kept set (MeetingFilterSet._small_kept_set) costs against a meeting walked for
# a count: about two. Each is probed for the rarer words on its own row, and each read-out and source of theirs read
# is asked of the kept rows again. Mongolia's meetings since a year (its dates narrowing its 32,410 at 1,000,000
# meetings), ?q=Kim+talks: from 24,000 the set took 299 ms of statements where the walk took 188, at 18,000 191
# against 220, and at 8,000 174 against 672; a single name's set was as fast as its read at 29,000.
KEPT_SET_LOOKUPS_PER_MEETING = 2
# A meeting's test against an office box as probes (in_offices: a lookup of the offices' kept rows by key; as two, a
# participant of the offices and a read-out they gave, it was some 2.5 µs) costs about what hashing ten of the offices'
# ids does (0.25 µs each: 25 ms for the busiest news agency's 103,000 at 1,000,000 meetings), which PostgreSQL does
# once for any number of meetings tested.
PROBES_PER_HASHED = 10
# The largest share of the archive a list's other filters may keep for a count among a search's rarer words' meetings
# to ask each of those meetings the filters before the words (MeetingFilterSet._among_listed_first). Every one of them
# is then read, where a count that asks the words first stops at its bound: at 1,000,000 meetings beside the 7,488 of
# "Hee-su", Mongolia's officials (3 %) and the busiest person (6 %) took a third of the buffers so, the United States'
# held meetings (40 %) 1.4 times as many.
LISTED_FIRST_SHARE = 0.25


def densest_first(offices, *, media: bool) -> list[QuerySet]:
    """``office_meetings`` with the set that holds most of them first, as ``first_of_either`` wants it: a news
    agency's (``media``) are its read-outs, an office's mostly its officials' participations."""
    participants, readouts = office_meetings(offices)
    return [readouts, participants] if media else [participants, readouts]


def sorted_sooner_than_walked(contacts: tuple[int, int], count: int, *, read: int | None = None) -> bool:
    """Whether the meetings of some offices or people (``contacts``: office_contacts, people_contacts) are so few that
    a list's first ``count`` of them are read sooner by taking them all and sorting them than by walking the list's
    order until ``count`` are found (PostgreSQL).

    Either way each meeting read costs about one index probe: the walk tests each meeting of the order (some
    ``count`` × archive ÷ theirs meetings, theirs spread through the order as evenly as the archive), the sort looks
    up each of theirs. Their number is their public contacts as kept on write (OfficeTimeline, PersonContacts: exact,
    and no fewer than the meetings of any one of their sets), the archive's PostgreSQL's estimate of the table's rows
    (``pg_class.reltuples``; -1, never measured, walks as the planner would). The planner itself has no statistics
    for several offices or people together (``organization_id IN (…)``) and takes each for an average one: two
    offices of 1,000 meetings each at 1,000,000 walked 25,000 meetings in 131 ms for a first page.

    ``read``: how many meetings taking them all looks up, when that is a larger set narrowed to theirs (countries
    alone: the meetings with an official of each, those with another country's left out); else theirs."""
    theirs, archive = contacts
    return (theirs if read is None else read) * theirs <= count * archive


def office_contacts(offices) -> tuple[int, int]:
    """(the public contacts of ``offices``, summed from their kept counts; the archive's meetings as PostgreSQL last
    measured them, 0 if never), in one query (PostgreSQL)."""
    return _with_archive(office_timeline(offices))


def office_timeline(offices) -> QuerySet:
    """The timeline rows by kind of ``offices`` (OfficeTimeline): each of their public contacts once."""
    return OfficeTimeline.objects.filter(organization__in=offices, countries=OfficeTimeline.BY_KIND)


def people_contacts(people) -> tuple[int, int]:
    """office_contacts for people (ids or instances): their public contacts as kept (PersonContacts)."""
    return _with_archive(PersonContacts.objects.filter(person__in=people))


# The meeting table's rows as PostgreSQL last measured them (-1: never).
_ARCHIVE_ROWS = RawSQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Meeting._meta.db_table])


def countries_alone_contacts(codes: list[str]) -> tuple[int, int, int]:
    """(the meetings of some countries' officials and no other country's; the meetings with an official of each,
    which a list of them reads whole; the archive's meetings as PostgreSQL last measured them), from the counts kept on
    write, in one query (PostgreSQL). For one country or two the first exactly (CountryContacts by counterparts: the
    first's contacts with none, or with the second alone), the second its kept total (CountryTotals) or the pair's
    (PairTotals: one row, where the pair's PairContacts were 15,571 at 1,000,000 meetings); for more, both the fewest
    any two of them had, which no fewer have."""
    if len(codes) <= 2:
        country, *other = sorted(codes)
        if other:
            pair = PairTotals.objects.filter(country_a=country, country_b=other[0])
            with_each = Subquery(pair.values("contacts"))
        else:
            with_each = Subquery(CountryTotals.objects.filter(country=country).values("contacts"))
        counterpart = other[0] if other else CountryContacts.NO_COUNTERPART
        kept = CountryContacts.objects.filter(country=country, counterparts=counterpart, kind="")
        totals = kept.aggregate(alone=Sum("contacts"), with_each=Max(with_each), archive=Max(_ARCHIVE_ROWS))
        return totals["alone"] or 0, int(totals["with_each"] or 0), max(int(totals["archive"] or 0), 0)
    # Every pair's total in one query (each pair once: country_a < country_b); a pair with no row had no contact.
    pairs = PairTotals.objects.filter(country_a__in=codes, country_b__in=codes)
    totals = list(pairs.annotate(archive=_ARCHIVE_ROWS).values_list("contacts", "archive"))
    if len(totals) < len(codes) * (len(codes) - 1) // 2:
        return 0, 0, 0
    fewest = min(contacts for contacts, _ in totals)
    return fewest, fewest, max(int(totals[0][1]), 0)


# The filters a subject's timeline counts its contacts by, beside their months (KeptTimeline, CountryContacts).
TIMELINE_COLUMNS = ("kind", "status")


def timeline_narrowing(data: dict, *, monthless: bool = True) -> tuple[Q, Q] | None:
    """The conditions on a subject's timeline rows by kind (KeptTimeline's and CountryContacts' ``BY_KIND``) that keep
    every contact a list's kind, status and dates (its cleaned ``data``) may hold, and every contact of its dates (the
    kept rows a list reads: their indexes run by date), or None when it uses none of those filters. A month the dates
    cut is counted whole, and so are the contacts dated only to a year or not at all (no month): the sums are never
    below the list's meetings, and at most a few months' contacts above them.

    Not ``monthless``: dates count their months alone. The contacts dated only to a year that the dates hold (on 1
    January) are left out, some 2 % of a year's, and so are those of every other year and the undated, which no dates
    hold: for an estimate of a short span's meetings, which all of those would multiply."""
    columns = Q(**{column: data[column] for column in TIMELINE_COLUMNS if data.get(column)})
    months = Q()
    if data.get("date_from"):
        months &= Q(month__gte=data["date_from"].replace(day=1))
    if data.get("date_to"):
        months &= Q(month__lte=data["date_to"])
    if months and monthless:
        months |= Q(month__isnull=True)
    if not columns and not months:
        return None
    return columns & months, months


# How long the archive's public contacts are kept (seconds) under the data version they were summed at: as long as a
# list's count (a write makes a new version at once).
ARCHIVE_CONTACTS_TTL = COUNT_TTL


def archive_timeline() -> QuerySet:
    """The whole archive's public contacts as kept by month, status, precision and kind (CountryContacts)."""
    return CountryContacts.objects.filter(country=CountryContacts.WHOLE_ARCHIVE, counterparts=CountryContacts.BY_KIND)


def archive_contacts() -> int:
    """The archive's public contacts, summed from its kept rows (archive_timeline: exact), kept under the data version
    (``kept_exactly``): summing its 7,262 rows at 1,000,000 meetings takes 4 ms, where the months of a list's dates are
    a range of the rows' index. Exact, where the table's estimate (pg_class) is whatever the last ANALYZE saw (in a
    test, another test's data)."""
    return kept_exactly(
        "diplo:archive-contacts",
        lambda: archive_timeline().aggregate(contacts=Sum("contacts"))["contacts"] or 0,
        ARCHIVE_CONTACTS_TTL,
    )


class ListedContacts(NamedTuple):
    """A subject's public contacts as a list's kind, status and dates narrow them (listed_contacts)."""

    listed: int  # those the list's filters may hold
    dated: int  # those of its dates: the subject's kept rows a list reads
    whole: int  # all of them
    archive: int  # the archive's meetings as PostgreSQL last measured them, or 0


def listed_contacts(timeline: QuerySet, narrowing: tuple[Q, Q]) -> ListedContacts:
    """A subject's ListedContacts from its ``timeline`` rows by kind, in one query (PostgreSQL). ``narrowing``: the
    two conditions of timeline_narrowing."""
    listed, dated = narrowing
    totals = timeline.aggregate(
        listed=Sum("contacts", filter=listed or None),
        dated=Sum("contacts", filter=dated or None),
        whole=Sum("contacts"),
        archive=Max(_ARCHIVE_ROWS),
    )
    archive = max(int(totals["archive"] or 0), 0)
    return ListedContacts(totals["listed"] or 0, totals["dated"] or 0, totals["whole"] or 0, archive)


# The people with a public contact, whose kept rows a walk down a kept figure's index reads: each country's, as
# CountryTotals keeps them on write, summed (some 200 rows), in a column ``n``. Exact and transactional, where
# PostgreSQL's estimate of the people (pg_class.reltuples) is neither: an ANALYZE, or autovacuum's, outlives the
# transaction that measured, and lists would be read one way or the other by what was measured when.
_EVERYBODY_SQL = f"SELECT COALESCE(SUM(people), 0) AS n FROM {CountryTotals._meta.db_table}"


def _with_archive(kept: QuerySet) -> tuple[int, int]:
    """(the sum of the ``kept`` rows' ``contacts``; the meeting table's rows as PostgreSQL last measured them, or 0)."""
    totals = kept.aggregate(theirs=Sum("contacts"), archive=Max(_ARCHIVE_ROWS))
    return totals["theirs"] or 0, max(int(totals["archive"] or 0), 0)


@dataclass(frozen=True)
class KeptOrder:
    """How the kept rows (a country's or a person's: KeptMeeting) give a meetings list's order: the rows that are in it
    (``rows``, a condition) and whether it runs by date ascending (``ascending``: the rows' index read backward, the
    undated apart) rather than descending (the index's own order: the latest first, undated last, then id descending),
    and, descending, whether its ties go by id ascending (``sort=-date``: a page's last date read whole, and the undated
    apart); or, for an order by the columns the rows keep that their index does not give (``sort=-status``,
    ``sort=kind,-date``), that order in their columns (``sorted_by``): each part's rows read whole in the index and
    sorted, without a meeting read; or, when another index of theirs gives its first column (``indexed``: by title,
    migrations 0045-0047, or place, 0048-0050), read off that index as far as a page's rows, ties on it sorted
    again; or, when its first column has few values and that index gives its second (by kind or status, then title
    or place), the rows of some of those values (``groups``: every one, until MeetingFilterSet._grouped_or_not names
    those a page reaches) read off that index, each as far as a page's rows (migration 0057)."""

    rows: Q
    ascending: bool
    ties_ascending: bool = False
    sorted_by: tuple[OrderBy, ...] = ()
    indexed: bool = False
    groups: tuple[str, ...] = ()

    @property
    def grouped(self) -> bool:
        """Whether the rows are read by groups of their first column's values (``groups``)."""
        return bool(self.groups)

    @property
    def read_whole(self) -> bool:
        """Whether each part's rows are read whole and sorted (``sorted_by`` an order no index of theirs gives)."""
        return bool(self.sorted_by) and not self.indexed and not self.grouped

    @property
    def reads_the_table(self) -> bool:
        """Whether the rows, read whole, are sorted by a title or a place (after another column): columns that their
        index by date, which holds the kind, status and review, does not hold."""
        return self.read_whole and any(key.expression.name in KEPT_INDEXED_COLUMNS for key in self.sorted_by)


# The meetings' columns the kept rows hold that a list sorts by (their review it only filters by).
KEPT_SORT_COLUMNS = ("date", "kind", "status", "title", "location")
# Those that an index of the rows gives for each subject when the list is sorted by them first (0045-0050).
KEPT_INDEXED_COLUMNS = ("title", "location")
# Those of few values, each one of the meeting's choices (its check constraints), that the same indexes hold (0057): a
# list sorted by one of them, then by an indexed column, reads each value's rows off that column's index (``grouped``).
# Taken in Python's order of the values, which is the database's (a test asks it: lower-case letters and underscores).
KEPT_GROUPED_COLUMNS = {"kind": Kind.values, "status": Status.values}


def in_kept_order(ordering: list, *, window: bool) -> KeptOrder | None:
    """How the kept rows (CountryMeeting, PersonMeeting) give ``ordering``, a meetings list's (KeptOrder): off their
    index (in_kept_index_order), else sorted by their own columns when every key is one (KEPT_SORT_COLUMNS, then the
    meeting's id); None for an order they do not give (by title or place, a feed's by its changes)."""
    in_index = in_kept_index_order(ordering, window=window)
    if in_index is not None:
        return in_index
    sorted_by = [_in_kept_columns(key) for key in ordering]
    if not sorted_by or None in sorted_by or column_key(ordering[-1])[0] not in ("pk", "id"):
        return None
    columns = [column_key(key)[0] for key in ordering]
    indexed = columns[0] in KEPT_INDEXED_COLUMNS
    grouped = len(columns) == 3 and columns[0] in KEPT_GROUPED_COLUMNS and columns[1] in KEPT_INDEXED_COLUMNS
    groups = tuple(KEPT_GROUPED_COLUMNS[columns[0]]) if grouped else ()
    return KeptOrder(Q(), ascending=False, sorted_by=tuple(sorted_by), indexed=indexed, groups=groups)


def _in_kept_columns(key) -> OrderBy | None:
    """An ordering key of the meetings list as the same key on the kept rows' columns (the meeting's id their
    ``meeting``), or None for a column they lack."""
    name, descending, _ = column_key(key)
    if name in ("pk", "id"):
        name = "meeting"
    elif name not in KEPT_SORT_COLUMNS:
        return None
    if isinstance(key, OrderBy):
        return OrderBy(F(name), descending=descending, nulls_first=key.nulls_first, nulls_last=key.nulls_last)
    return OrderBy(F(name), descending=descending)


def in_kept_index_order(ordering: list, *, window: bool) -> KeptOrder | None:
    """How the kept rows' index (``country_meetings_latest``, ``person_meetings_latest``) gives ``ordering``, a meetings
    list's; None for an order it does not give.

    By date, undated last, ties by id the same way: every row (the list's default order; ``sort=date``); by date the
    latest first with ties by id ascending (``sort=-date``), every row too. With ``window``, an API window in the
    date's order (KeysetPagination.windows), whose ties follow its direction: its dated rows (by date without NULLS
    LAST, then id: every row of that window has a date) or its undated ones (by id: none has)."""
    keys = [column_key(key) for key in ordering]
    if not keys or keys[-1][0] not in ("pk", "id"):
        return None
    ids_descending = keys[-1][1]
    if len(keys) == 2 and keys[0] == ("date", True, True) and not ids_descending and not window:
        return KeptOrder(Q(), ascending=False, ties_ascending=True)
    if len(keys) == 2 and keys[0][:2] == ("date", ids_descending):
        nulls_last = keys[0][2]
        if nulls_last:
            return KeptOrder(Q(), not ids_descending)
        return KeptOrder(Q(date__isnull=False), not ids_descending) if window else None
    return KeptOrder(Q(date__isnull=True), not ids_descending) if window and len(keys) == 1 else None


def kept_parts(
    codes: list[str],
    mode: str,
    limit: int | None,
    *,
    answered: Q,
    order: KeptOrder | None = None,
    person: Person | None = None,
    offices: list[Organization] | None = None,
) -> list[QuerySet]:
    """The ids of the first ``limit`` public meetings with officials of the countries ``codes`` in the country box's
    ``mode`` (or of any country, with none) that meet ``answered`` (the list's other filters, which the rows answer:
    KEPT_ROWS_ANSWER), in the kept rows' order (in_kept_order), as parts whose union holds them: read off the
    countries' kept rows (CountryMeeting, PostgreSQL), no meeting read; with ``person``, one part: that person's kept
    rows (PersonMeeting) whose countries meet the box (in_country_box), at most the person's contacts; with
    ``offices``, one part an office: its kept rows (OfficeMeeting) whose countries meet the box.

    "any": one part a country, its first ``limit`` (the list's first rows are each among the first of a country they
    have). "all" and "only": the rows of the first country of ``codes`` (give the one with the fewest contacts first:
    fewest_contacts_first) whose meeting has each of the others, or them alone; each row holds its meeting's
    countries, so the index alone tests them. ``answered``: the list's filters the rows answer, as a condition on
    them: the dates (and an API window's), which bound the rows read as they bound the list's own index (walked from
    the newest, a year's contacts of South Korea passed every later one), the kind, status and review (KEPT_COLUMNS,
    tested in the index: looked up by key, each meeting of Mongolia's visits was a read of the table).

    ``limit`` None: every such row, in no order (a list in an order the rows do not give, read whole and sorted).
    An order ``sorted_by`` the rows' columns: each part's first ``limit`` rows in it, each part read whole and sorted,
    or off the index that gives its first column (``indexed``: by title or place).

    ``order`` (in_kept_order; None: the index's own): by date the earliest first, undated last, then id ascending
    (``sort=date``), each part read backward off the index as two, its dated rows and its undated ones (which a
    backward read gives first); by date the latest first with ties by id ascending (``sort=-date``), each part's
    first ``limit`` in the index's order (which holds every row of an earlier date than its last), every row of that
    last date, and its first undated ones by id (when that last row is undated)."""
    if person is not None:
        firsts = [PersonMeeting.objects.filter(answered, in_country_box(codes, mode), person=person)]
        return _parts_in_order(firsts, limit, order)
    if offices:
        rows = OfficeMeeting.objects.filter(answered, in_country_box(codes, mode))
        return _parts_in_order([rows.filter(organization=office) for office in offices], limit, order)
    if mode in ("all", "only"):
        firsts = [country_box_rows(codes, mode).filter(answered)]
    else:
        firsts = [CountryMeeting.objects.filter(answered, country=code) for code in codes]
    return _parts_in_order(firsts, limit, order)


def kept_country_contacts(codes: list[str]) -> dict[str, int]:
    """The public contacts of each of the countries ``codes`` as kept on write (CountryTotals; PostgreSQL, elsewhere
    none), one query: a code with none is left out."""
    return dict(CountryTotals.objects.filter(country__in=codes).values_list("country", "contacts"))


def fewest_contacts_first(codes: list[str], contacts: dict[str, int]) -> list[str]:
    """``codes``, the country with the fewest public contacts (``contacts``: kept_country_contacts) first, ties by
    code: the order country_box_rows takes them in, so that it reads the rows of the rarest."""
    return sorted(codes, key=lambda code: (contacts.get(code, 0), code))


def country_box_rows(codes: list[str], mode: str) -> QuerySet:
    """The countries' kept rows (CountryMeeting) that hold each meeting of the country box in the mode "all" or "only"
    once: the rows of its first country (give the one with the fewest contacts first: fewest_contacts_first) whose
    meeting has each of the others, or them alone (in_country_box)."""
    first, *others = codes
    return CountryMeeting.objects.filter(in_country_box(codes if mode == "only" else others, mode), country=first)


def in_country_box(codes: list[str], mode: str) -> Q:
    """The condition on kept rows (their ``countries``) that their meeting is one the country box keeps: with a
    participant of any of ``codes`` (the mode "any"), of each ("all"), or of them alone ("only"); every row with no
    code chosen. Two-letter codes between separators: a code found in the text is one of them."""
    if not codes:
        return Q()
    if mode == "only":
        return Q(countries=CountryMeeting.SEPARATOR.join(sorted(set(codes))))  # a code given twice is one country
    found = [Q(countries__contains=code) for code in codes]
    return functools.reduce(operator.and_ if mode == "all" else operator.or_, found)


def _parts_in_order(firsts: list[QuerySet], limit: int | None, order: KeptOrder | None) -> list[QuerySet]:
    """kept_parts' parts of ids from the kept rows ``firsts`` (one query of rows each), by ``limit`` and ``order``."""
    if limit is None:
        return [part.values_list("meeting", flat=True) for part in firsts]
    if order is not None and order.grouped:
        # Each group's rows in the order of the next column, off its index (as a list sorted by it first).
        column = order.sorted_by[0].expression.name
        within = KeptOrder(Q(), ascending=False, sorted_by=order.sorted_by[1:], indexed=True)
        groups = [part.filter(**{column: value}) for part in firsts for value in order.groups]
        return _parts_in_order(groups, limit, within)
    if order is not None and order.sorted_by:
        if order.indexed and _against_the_index(order.sorted_by):
            return [ids for part in firsts for ids in _backward_through_ties(part, order.sorted_by[0], limit)]
        return [part.order_by(*order.sorted_by).values_list("meeting", flat=True)[:limit] for part in firsts]
    ids = []
    for part in firsts:
        first = part.latest_meetings(limit)
        if order is None or not (order.ascending or order.ties_ascending):
            ids.append(first)
            continue
        if order.ascending:  # the dated rows from the earliest
            ids.append(part.filter(date__isnull=False).as_index_backward().values_list("meeting", flat=True)[:limit])
        else:
            last_date = Subquery(part.latest_first().values("date")[limit - 1 : limit])  # none: fewer, all read
            ids += [first, part.filter(date=last_date).values_list("meeting", flat=True)]
        ids.append(part.filter(date__isnull=True).as_index_backward().values_list("meeting", flat=True)[:limit])
    return ids


def _against_the_index(sorted_by: tuple[OrderBy, ...]) -> bool:
    """Whether an order of kept rows by one indexed column and then the meeting runs the column backward and the
    meetings forward (``sort=-location``: ties by id ascending), against the index's (column, meeting) either way."""
    return len(sorted_by) == 2 and sorted_by[0].descending and not sorted_by[1].descending


def _backward_through_ties(part: QuerySet, key: OrderBy, limit: int) -> list[QuerySet]:
    """The ids of ``part``'s first ``limit`` kept rows by ``key``'s column descending, ties by the meeting ascending
    (_against_the_index), as two reads of the column's index: its first ``limit`` rows backward, which hold every row
    of a later value than their last; and that last value's first ``limit`` rows forward (none when the part has
    fewer). Sorted again in the list's order, a place shared by 28,000 of North Korea's rows at 1,000,000 meetings was
    read whole for page 3 by ``-location`` (24-26 ms; walking the meetings' own place index took 17)."""
    backward = part.order_by(key.expression.desc(), F("meeting").desc())
    last = Subquery(backward.values(key.expression.name)[limit - 1 : limit])
    ties = part.filter(**{key.expression.name: last}).order_by(key.expression.asc(), "meeting")
    return [backward.values_list("meeting", flat=True)[:limit], ties.values_list("meeting", flat=True)[:limit]]


def first_of_either(meetings: QuerySet, id_sets: list[QuerySet], count: int, *, sort_whole: bool = False) -> Q:
    """The condition "in any of ``id_sets``" (querysets of meeting ids) for a list that shows at most its first
    ``count`` rows: the first ``count`` of ``meetings`` (the list as filtered otherwise, in its order) from each set.

    The list's first ``count`` rows are among them, since each is among the first ``count`` of a set it is in, and
    with fewer than ``count`` in a set that set is whole. Asked as one ``OR`` of the whole sets, PostgreSQL hashes
    every id of both (an office's participants' and its read-outs' meetings: 87,000 ids for the busiest office at
    1,000,000 meetings) or, for a rare office, walks the whole list's order testing each row (0.6 s); each set
    alone is planned by what it holds: the order's index walked until ``count`` are found (a busy office), or the
    set's own index and a sort of its few rows (a rare one). The same design as ``search.first_matches``.

    In an order by a column of the meeting the first set bounds the others (see below): put the one likely to hold
    most first.
    """
    ordering = list_ordering(meetings)
    if sort_whole:
        # A few sets' rows (``sorted_sooner_than_walked``), each read off its own index and sorted by an expression no
        # index holds: the planner walks no order for them. Their ids read as an array, each meeting looked up by its
        # key: joined to them, an office's 13,649 participations were hashed against a scan of every meeting (0.4 s
        # at 1,000,000 meetings for the network's 20,001 first rows).
        unindexed = meetings.order_by(*without_index(ordering)).values("pk")
        return in_any([unindexed.filter(among_read_once(ids))[:count] for ids in id_sets])
    ordered = meetings.order_by(*ordering).values("pk")
    leading = _leading_columns(ordering)
    if leading is None:
        return in_any([ordered.filter(pk__in=ids)[:count] for ids in id_sets])
    # By a column (the date of the default order, or any sort) or a pair with its index (``sort=kind,-title``): the
    # list's first ``count`` rows all rank at or before the first set's ``count``-th, so the later sets are read only
    # as far as that row. A busy office's read-outs are 1.6 % of the archive: by date its fifth page walked 14,356 of
    # the order's entries for them, where its participants' first 251 take 3,052; by title 55,863 against 4,233. The
    # first set's rows are read first, in a query of their own, so that the bound is a value the planner can start
    # and stop an index scan at (as a subquery it was computed again for every set it bounds); their ids return as
    # one array parameter, so that the set is not walked again (as a list of parameters a deep page passed
    # PostgreSQL's 65,535).
    first, *later = id_sets
    # In an order by a pair that no index gives (``sort=kind,-title``), the first set read by its first column's
    # groups, as a list is: sorted whole it was the busiest office's 85,000 meetings (0.5 s at 1,000,000 meetings).
    in_first = first_by_leading_groups(meetings.filter(pk__in=first), count)
    rows = list(in_first.order_by(*ordering).values_list(*leading.columns, "pk")[:count])
    parts = [given_ids([row[-1] for row in rows])]
    # The row at the page's rank; None when the first set ends sooner, or has no value there from that row on (rows
    # without a value come after one with it either way: none of the others is among the first then).
    bound = leading.bound(rows[-1]) if len(rows) == count else None
    for ids in later:
        in_set = ordered.filter(pk__in=ids)
        if bound is None:
            parts.append(in_set[:count])
        else:
            parts.extend(in_set.filter(up_to)[:count] for up_to in bound)
    return in_any(parts)


@dataclass(frozen=True)
class _LeadingColumns:
    """The meeting's columns a list's order runs by first (one, or a pair with its index: ordering.indexed_pair), their
    directions, and the id's direction when ties are broken by it alone."""

    columns: tuple[str, ...]
    descending: tuple[bool, ...]
    ids_descending: bool | None  # None: the order goes on by other keys

    def bound(self, row: tuple) -> list[Q] | None:
        """The rows that rank at or before ``row`` (its values in ``columns``, then its id), as conditions each an
        index reads as one range: those before its first value, those of its first value before its second, ...,
        and its ties up to its id. With a few values (a sort by kind) the ties are most of the list, and a bound by
        value alone would not stop a walk through them. Without the id as the next key, every row of its value. None
        when the row has no value in the first column; with a pair, a row without a value in the second is bounded
        by its first value alone (every row of it), which holds it whichever way the second column runs."""
        *values, pk = row
        if values[0] is None:
            return None
        if None in values:
            return _LeadingColumns(self.columns[:1], self.descending[:1], None).bound((values[0], pk))
        if self.ids_descending is None:
            column, descending = self.columns[0], self.descending[0]
            return [Q(**{f"{column}__{'gte' if descending else 'lte'}": values[0]})]
        parts, ties = [], {}
        for column, descending, value in zip(self.columns, self.descending, values, strict=True):
            parts.append(Q(**ties, **{f"{column}__{'gt' if descending else 'lt'}": value}))
            ties[column] = value
        return [*parts, Q(**ties, **{f"pk__{'gte' if self.ids_descending else 'lte'}": pk})]


def _leading_columns(ordering: list) -> _LeadingColumns | None:
    """The ordering's first key when it is the meeting's own column and rows without a value there (if any can lack
    one) come last, as the list's orders have them, or its first two when their pair has an index (which reads each
    range of a bound, whichever way the columns run); else None (an expression, a related column)."""
    column, descending, nulls_last = column_key(ordering[0]) if ordering else (None, False, False)
    if not own_column(column, nulls_last):
        return None
    if indexed_pair(ordering):
        second, second_descending, _ = column_key(ordering[1])
        return _LeadingColumns((column, second), (descending, second_descending), False)
    tie, ids_descending, _ = column_key(ordering[1]) if len(ordering) == 2 else (None, None, None)
    return _LeadingColumns((column,), (descending,), ids_descending if tie in ("pk", Meeting._meta.pk.name) else None)


# Parameters that order or qualify a list without narrowing it: a list of one office or person with them alone has
# the office's or person's kept total (MeetingFilterSet.kept_total).
UNNARROWING = ("sort", "country_mode")
# What MeetingFilterSet reads first for a list sorted by several columns: its first rows, by the first column's groups.
LEADING_GROUPS = "sort by several columns"
# What it reads first for a list of countries or of a person: their kept rows (kept_parts), when every filter in use
# is one the rows answer (the dates bound them; the meeting's columns they hold; the countries they keep). The rows
# are public meetings, which every list shows: no meeting is read to test it (each looked up by key, page 30 of North
# Korea's, 43 % of the contacts, took 42-49 ms at 1,000,000 meetings; 21-23 off the rows alone).
KEPT_ROWS = "the kept rows"
KEPT_COLUMNS = ("kind", "status", "review_status")
KEPT_ROWS_APPLY = ("country", "person", "organization", "media", "date_from", "date_to", *KEPT_COLUMNS)
KEPT_ROWS_ANSWER = (*KEPT_ROWS_APPLY, "country_mode", "sort")
# The filters whose subject has kept rows of its own (PersonMeeting, OfficeMeeting), in the order a tie of their
# contacts is broken by (MeetingFilterSet._walked_subject).
KEPT_SUBJECTS = ("person", "organization", "media")


# How many of the countries' kept rows are read and tested in their index (an index-only scan) in the time of one
# meeting looked up by key or walked and probed: Japan's 43,406 rows in 4.4 ms at 1,000,000 meetings, against 13,261
# meetings walked by title and probed for two countries in 32 ms (about 25 to 1; 10 leans to walking).
KEPT_ROWS_PER_LOOKUP = 10
# The same for a person's or an office's rows sorted by a title or a place after another column, each read in the table
# too (MeetingFilterSet._kept_order): the busiest person's 57,603 rows by kind and title in 90 ms at 1,000,000
# meetings, 1.6 µs a row, against some 3.5 µs a meeting walked and probed.
KEPT_ROWS_READ_IN_THE_TABLE_PER_LOOKUP = 2


def ids_in_any(rows: QuerySet, conditions: list[Q], limit: int) -> list[int]:
    """The ids of up to ``limit`` of ``rows`` that meet any of ``conditions``, in no order: any ``limit`` of each
    condition's (the union has ``limit`` distinct ids or more exactly when all of them together have), each planned
    alone; all of them when there are fewer, so that a list counted so can show them without reading them again."""
    unordered = rows.order_by().values_list("pk", flat=True)
    first, *others = (unordered.filter(condition)[:limit] for condition in conditions)
    return list(first.union(*others)[:limit])


class MeetingFilterSet(QuickFormFilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        help_text="Every word, anywhere: titles, places, participants in any spelling, read-outs, sources",
    )
    date_from = PartialDateFilter(field_name="date", label="From")
    date_to = PartialDateFilter(field_name="date", end=True, label="To")
    country = CountryFilter(method="filter_country")
    # Two countries chosen mean "either" unless this says "all": the contacts between them (a country pair).
    country_mode = django_filters.ChoiceFilter(
        choices=COUNTRY_MODES,
        method="keep",
        label="With the countries",
        empty_label="either (any of them)",
        help_text="With two countries or more: a contact with either, between both, or between them alone",
    )
    # Offices and news agencies apart: the box for offices suggests no news agency, the one for media nothing else.
    # Any office's slug still filters here (a link from a news agency's own page names it as an organization).
    organization = LookupFilter(
        queryset=Organization.objects.all(),
        multiple=True,
        suggest="offices",
        method="filter_organization",
        label="Ministry or office",
    )
    media = LookupFilter(
        queryset=Organization.objects.filter(kind=OrgKind.MEDIA),
        multiple=True,
        suggest="media",
        method="filter_organization",
        label="State media or news agency",
        help_text="Type a name (KCNA, Xinhua…); its read-outs' meetings. The ticked ones stay chosen.",
    )
    person = LookupFilter(queryset=Person.objects.all(), suggest="people", method="filter_person", label="Person")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status")
    # Checked by an editor or as the importer read it (rejected records are never public).
    review_status = django_filters.ChoiceFilter(
        choices=[
            (ReviewStatus.EXTRACTED, "Extracted, not yet checked"),
            (ReviewStatus.VERIFIED, "Checked by an editor"),
        ],
        label="Review",
    )
    sort = SortFilter(
        fields=(("date", "date"), ("kind", "kind"), ("status", "status"), ("location", "location"), ("title", "title"))
    )

    class Meta:
        model = Meeting
        form = DateRangeForm
        fields = [
            "q",
            "date_from",
            "date_to",
            "country",
            "country_mode",
            "organization",
            "media",
            "person",
            "kind",
            "status",
            "review_status",
        ]

    # What a list of first rows reads first, as its filter_queryset decided (_read_first and what follows from it),
    # while its filters are applied (_office_probed); None before, and for lists read whole.
    _first_read: str | None = None

    @staticmethod
    def _in(queryset, related):
        """Meetings among the ``meeting`` ids of related rows (participations, read-outs), read off their indexes."""
        return queryset.filter(pk__in=related.values("meeting"))

    # Set by a paginated list: how many of its first rows it may show (its pages up to the one asked for). A search
    # then reads only as many matches in the list's order (search.first_matches), and so does an office's filter
    # (first_of_either), and a list sorted by several columns (first_by_leading_groups); None reads them all.
    first_rows: int | None = None

    def _read_first(self) -> str | None:
        """With first_rows set, of valid filters: the one read as its first rows in the list's order, after the others:
        "q" (a search, search.first_matches), else on PostgreSQL the kept rows of the list's subject (a person or an
        office box, the one with the fewest contacts, else the countries) when they answer every filter in use
        (KEPT_ROWS: kept_parts; in an order they do not give, read whole and sorted or walked for:
        ``_kept_rows_sorted_sooner``), else a sort by several columns (LEADING_GROUPS: first_by_leading_groups); None
        when every filter is applied whole (SQLite, which takes no LIMIT in a UNION's parts)."""
        if self.form.cleaned_data.get("q"):
            return "q"
        if connection.vendor != "postgresql":
            return None
        if self._kept_rows_answer:
            return KEPT_ROWS
        return self._walked()

    def _read_first_off_the_rows(self) -> str | None:
        """What a list the kept rows answer reads first when its order is walked rather than read off them
        (``_kept_rows_sorted_sooner``): beside another subject, an office box (both: the one with fewer meetings),
        its first rows in the list's order (first_of_either) with the other subjects asked of each; else as a list
        walked with every filter applied (_walked). Both boxes' sets applied whole were hashed or walked for against
        each other: 0.26-0.34 s at 1,000,000 meetings for the busiest news agency with a small office."""
        offices = [name for name in ("organization", "media") if name in self._subjects]
        if len(self._subjects) < 2 or not offices:
            return self._walked()
        return self._box_of_fewer_contacts()

    def _walked(self) -> str | None:
        """What a list walked for with every filter applied reads as its first rows: LEADING_GROUPS when sorted by
        several columns (first_by_leading_groups), else None."""
        return (
            LEADING_GROUPS
            if len([column for column in self.form.cleaned_data.get("sort") or () if column]) > 1
            else None
        )

    @property
    def _kept_rows_answer(self) -> bool:
        """Whether kept rows (of the subject with the fewest contacts: _walked_subject, else the countries') answer the
        list: it has a person, an office box or countries, and every filter in use is one the rows answer
        (KEPT_ROWS_ANSWER; the other subjects are probed in their own rows by key: _other_subjects_probed). A search
        is read first (down those rows: ``_kept_rows_walk``)."""
        return not self.form.cleaned_data.get("q") and self._kept_rows_answer_beside_a_search

    @property
    def _kept_rows_answer_beside_a_search(self) -> bool:
        """Whether kept rows answer the list (``_kept_rows_answer``) but for its search, if it has one."""
        data = self.form.cleaned_data
        if any(value for name, value in data.items() if name not in KEPT_ROWS_ANSWER and name != "q"):
            return False
        return bool(self._subjects) or bool(data.get("country"))

    @property
    def _subjects(self) -> list[str]:
        """The filters in use whose subject has kept rows of its own: "person", "organization", "media"."""
        return [name for name in KEPT_SUBJECTS if self.form.cleaned_data.get(name)]

    @functools.cached_property
    def _subject_contacts(self) -> dict[str, ListedContacts]:
        """For each subject in use (_subjects): its public contacts as the list's kind, status and dates narrow them
        (ListedContacts), one query each, read once per list (PostgreSQL). Without those filters each figure is its
        kept total (people_contacts, office_contacts); with them they are summed from its timeline
        (timeline_narrowing). Taken for all of its contacts, the busiest agency's
        84,877 meetings were too many to read for ?q=Geneva beside its 4,196 summits, and the count hashed all 66,748
        texts with "Geneva" against the agency's meetings for 240 matches (139 ms at 1,000,000 meetings)."""
        data = self.form.cleaned_data
        narrowing = timeline_narrowing(data)
        contacts = {}
        for name in self._subjects:
            if name != "person":
                contacts[name] = self._office_listed[name]
            elif narrowing is not None:
                timeline = PersonTimeline.objects.filter(person=data[name], countries=PersonTimeline.BY_KIND)
                contacts[name] = listed_contacts(timeline, narrowing)
            else:
                theirs, archive = people_contacts([data[name]])
                contacts[name] = ListedContacts(theirs, theirs, theirs, archive)
        return contacts

    @functools.cached_property
    def _walked_subject(self) -> str | None:
        """The subject whose kept rows a list of several reads (the one with the fewest public contacts, whose rows
        hold every meeting of the list; the others probed: _other_subjects_probed); the only one, or None (countries
        alone)."""
        if len(self._subjects) < 2:
            return next(iter(self._subjects), None)
        return min(self._subjects, key=lambda name: (self._subject_contacts[name].listed, KEPT_SUBJECTS.index(name)))

    def _other_subjects_probed(self, *, probes: bool) -> Q:
        """The condition on the walked subject's kept rows that their meeting is also one of each other subject in use:
        with ``probes``, a probe of that subject's own kept rows by their key (the meeting, then the person or office),
        a scalar subquery for each row read, which PostgreSQL never plans as a hash of all of the other subject's rows
        (for a page's first rows in the index's order, found after a few thousand rows walked); else (rows read whole:
        counted, or sorted) as EXISTS, which it hashes: the busiest person's 57,603 rows against an agency's 39,451,
        17 ms at 1,000,000 meetings, where the agency's rows each probed for the person took 69 ms for 1,001 of them.

        A person beside an office was read as the office box (first_of_either) with the person's filter asked of each
        meeting: page 2 of the busiest person with an agency of 39,451 contacts took 95-103 ms at 1,000,000 meetings
        (41-47 so; 20-24 at 10,000)."""
        condition = Q()
        for name in self._subjects:
            if name == self._walked_subject:
                continue
            in_theirs = self._subject_rows(name).filter(meeting=OuterRef("meeting"))
            condition &= Q(probed(in_theirs, "meeting")) if probes else Q(Exists(in_theirs))
        return condition

    def _kept_order(self, queryset) -> KeptOrder | None:
        """How the kept rows give the list's order (in_kept_order, ``queryset`` the list before its filters), or None:
        an order they do not give (by title or place, a feed's by its changes), or an API window after a cursor, which
        starts at a row the rows would be read from their start to reach."""
        if self.after_cursor:
            return None
        sorted_list = self.filters["sort"].filter(queryset, self.form.cleaned_data.get("sort"))
        order = in_kept_order(list_ordering(sorted_list), window=self.window_key is not None)
        if order is not None and order.grouped:
            order = self._grouped_or_not(order)
        if order is not None and order.reads_the_table and self._walked_subject is not None:
            # A person's or an office's rows sorted by a title or a place after another column are each read in the
            # table too (no index of theirs holds both; the countries' by kind does, 0042). Beside countries, which
            # keep a share of them, they are read in no order off their index and the meetings kept looked up and
            # sorted: the busiest person's 57,603 rows sorted by kind and title for the 1,391 with Mongolia's
            # officials took 90 ms at 1,000,000 meetings, 32 so. Alone, each of their meetings would be looked up:
            # read so whole, each row counts as half a look-up (KEPT_ROWS_READ_IN_THE_TABLE_PER_LOOKUP), and a large
            # subject's list is walked (a ministry of 39,451 meetings by kind and title, page 5: 77 ms read whole, 18
            # walked).
            return None if self._countries_share < 1 else order
        return order

    def _grouped_or_not(self, order: KeptOrder) -> KeptOrder:
        """A grouped order (by a kind or a status, then a title or a place: KeptOrder.grouped) as the list reads it: by
        the title or place alone when the list keeps one kind (or status); by the groups a page reaches (``groups``)
        when they are read sooner than the list's meetings walked in its order; else read whole, as before migration
        0057.

        The groups a page reaches are the first values whose rows, counted on write (``_group_counts``), hold its first
        rows; they are read each as far as the page's rows among the subject's others, which their title's index passes
        over (the list's kind, status and review tested there): as many, taken as spread evenly, as the subject's rows
        read times the page's rows of the group over the group's. Those index entries, ten to a look-up
        (KEPT_ROWS_PER_LOOKUP), and each group's first rows looked up are weighed against the walk and against reading
        the rows whole (a page past the first groups reads them whole, and passes every row for each). At 1,000,000
        meetings the busiest agency's first 251 letters by title passed 4,800 of its rows (2 ms), where its meetings
        walked in the list's order (the meetings' own kind and title index) for them, each probed for the agency, took
        26-29 ms; South Korea's page 200 by status and place would pass 200,000 of its rows for its 10,001 cancelled
        contacts (310 ms; walked, 172). Every group read, each only when the groups before it held fewer rows than the
        page's (a test of them in the statement), the seven kinds' queries cost as much Python to build as the walk
        saved (the busiest agency's page 5: 34 → 57 ms of CPU a request): the counts name the groups to read.

        A search beside the subject reads as before: down the rows by title or place for one kind, else whole."""
        column = order.sorted_by[0].expression.name
        data = self.form.cleaned_data
        if data.get(column):
            return replace(order, sorted_by=order.sorted_by[1:], indexed=True, groups=())
        whole = replace(order, groups=())
        if self.first_rows is None or data.get("q"):
            return whole
        theirs, read, archive = self._kept_list_counts
        # Counted only when groups may be sooner: a page within the list, and the walk dearer than its rows passed
        # over at the least (each group's rows one to a row read) and looked up.
        least = self.first_rows + self.first_rows // KEPT_ROWS_PER_LOOKUP
        if self.first_rows > theirs or not sorted_sooner_than_walked((theirs, archive), self.first_rows, read=least):
            return whole
        counts = self._group_counts(column)
        if counts is None:
            return whole
        groups, before, passed, looked_up = [], 0, 0, 0
        for value in sorted(KEPT_GROUPED_COLUMNS[column], reverse=order.sorted_by[0].descending):
            if before >= self.first_rows:
                break
            if counts.get(value, 0) > 0:
                needed = min(counts[value], self.first_rows - before)
                groups.append(value)
                passed += min(read, needed * read // counts[value])
                looked_up += min(counts[value], self.first_rows)  # each group's first rows are looked up
                before += counts[value]
        looked_up += passed // KEPT_ROWS_PER_LOOKUP
        read_whole = theirs + read // KEPT_ROWS_PER_LOOKUP  # every meeting looked up, every row passed
        if (
            groups
            and looked_up <= read_whole
            and sorted_sooner_than_walked((theirs, archive), self.first_rows, read=looked_up)
        ):
            return replace(order, groups=tuple(groups))
        return whole

    def _group_counts(self, column: str) -> dict[str, int] | None:
        """The list's meetings of each value of ``column`` (a kind or a status), as their subject's timeline by kind
        keeps them on write (PersonTimeline, OfficeTimeline, CountryContacts: exact), one query; None for a list whose
        meetings it does not count so: of some dates (their rows are read in the table: the title's index holds no
        date), a review, several subjects or offices (a meeting of two counted twice), or countries together or beside
        a subject. Read once per FilterSet (an API's windows each ask)."""
        if column not in self._group_counts_read:
            self._group_counts_read[column] = self._group_counts_kept(column)
        return self._group_counts_read[column]

    @functools.cached_property
    def _group_counts_read(self) -> dict[str, dict[str, int] | None]:
        return {}

    def _group_counts_kept(self, column: str) -> dict[str, int] | None:
        """_group_counts, read."""
        data = self.form.cleaned_data
        if any(data.get(name) for name in ("date_from", "date_to", "review_status")) or len(self._subjects) > 1:
            return None
        codes = set(data.get("country") or ())
        if self._walked_subject == "person" and not codes:
            timeline = PersonTimeline.objects.filter(person=data["person"], countries=PersonTimeline.BY_KIND)
        elif self._walked_subject is not None and not codes and len(data[self._walked_subject]) == 1:
            timeline = office_timeline(data[self._walked_subject])
        elif self._walked_subject is None and len(codes) == 1 and (data.get("country_mode") or "any") == "any":
            timeline = CountryContacts.objects.filter(country__in=codes, counterparts=CountryContacts.BY_KIND)
        else:
            return None
        narrowing = timeline_narrowing(data)
        if narrowing is not None:
            timeline = timeline.filter(narrowing[0])
        return dict(timeline.order_by().values(column).annotate(n=Sum("contacts")).values_list(column, "n"))

    def _kept_rows_sorted_sooner(self, order: KeptOrder | None) -> bool:
        """Whether a list that the kept rows answer, in an order their index does not give, reads its first rows sooner
        off the rows than by walking its order and testing each meeting (sorted_sooner_than_walked): the rows sorted
        in their own columns (``order.sorted_by``) and a page's meetings looked up, or (``order`` None) all of the
        list's meetings read off them, looked up and sorted. Either way the rows read are tested in the index
        (KEPT_ROWS_PER_LOOKUP). From the counts kept on write (_kept_list_counts). At 1,000,000 meetings KP with JP
        alone by title, page 7 (3,873 meetings, 52,000 of Japan's rows tested in the index): 30-34 ms, where its
        meetings with both countries were read whole and each tested for a third (176-192); Mongolia by title, page 7
        (30,000 meetings) is walked: some 12,000 meetings for its first 351 rows. Beside other subjects each row read
        is joined to theirs: their rows are read too (_kept_list_counts). Beside countries, the subject's meetings the
        box keeps (``_countries_share``): Mongolia beside the busiest news agency (84,877 meetings) by kind, page 5,
        walked 116,117 meetings for 251 of some 2,100 (85 ms at 1,000,000 meetings), where the page reads the agency's
        rows tested for Mongolia in their index and sorted in 27."""
        theirs, read, archive = self._kept_list_counts
        per_lookup = KEPT_ROWS_PER_LOOKUP
        if self._walked_subject is not None:
            theirs = max(1, round(theirs * self._countries_share))
            if order is not None and order.reads_the_table:
                per_lookup = KEPT_ROWS_READ_IN_THE_TABLE_PER_LOOKUP  # read in the table too (``_kept_order``)
        looked_up = (self.first_rows if order is not None else theirs) + read // per_lookup
        return sorted_sooner_than_walked((theirs, archive), self.first_rows, read=looked_up)

    @functools.cached_property
    def _countries_share(self) -> float:
        """The share of the walked subject's meetings that the country box keeps, in the mode "any" (or one country):
        the countries' public contacts against the archive's, as if the subject's meetings had officials of each as
        often as the archive's do; 1 with no country, in the other modes (kept rows of their own: countries alone,
        or one country's tested for the others), or when a subject is of one of the countries (an office's own
        officials, a person, take part in every meeting of theirs it lists)."""
        data = self.form.cleaned_data
        codes = set(data.get("country") or ())
        if not codes or (data.get("country_mode") or "any") != "any":
            return 1.0
        subject = data[self._walked_subject]
        of_subject = [subject] if self._walked_subject == "person" else list(subject)
        if any(getattr(row.country, "code", row.country) in codes for row in of_subject):
            return 1.0
        _theirs, _read, archive = self._kept_list_counts
        if archive <= 0:
            return 1.0  # never measured: as the planner would
        return min(1.0, sum(self._country_totals.get(code, 0) for code in codes) / archive)

    @functools.cached_property
    def _kept_list_counts(self) -> tuple[int, int, int]:
        """(the list's meetings, the kept rows read for them, the archive's meetings), for a list of a person, an office
        box or countries as kept on write: the walked subject's contacts (_walked_subject: those the list's kind,
        status and dates may hold, and those of its dates, the rows read; beside other subjects, more), else the
        countries' (CountryTotals; with those filters their timelines, as _subject_contacts reads a subject's), in the
        modes "all" and "only" the list's as countries_alone_contacts gives it and the rows of the country with the
        fewest contacts; in "only" its own rows (migration 0053's index holds the meetings of some countries alone)."""
        data = self.form.cleaned_data
        if len(self._subjects) > 1:
            return self._common_contacts
        if self._walked_subject:
            walked = self._subject_contacts[self._walked_subject]
            return walked.listed, walked.dated, walked.archive
        codes = sorted(set(data["country"]))
        if (data.get("country_mode") or "any") == "any":
            if (narrowing := timeline_narrowing(data)) is not None:
                timeline = CountryContacts.objects.filter(country__in=codes, counterparts=CountryContacts.BY_KIND)
                countries = listed_contacts(timeline, narrowing)
                return countries.listed, countries.dated, countries.archive
            theirs, archive = _with_archive(CountryTotals.objects.filter(country__in=codes))
            return theirs, theirs, archive
        alone, with_each, archive = countries_alone_contacts(codes)
        if data["country_mode"] == "only":
            return alone, alone, archive
        # One country: its total is what countries_alone_contacts gave as "with each".
        read = with_each if len(codes) == 1 else self._country_totals.get(self._fewest_contacts_first[0], 0)
        return with_each, read, archive

    @functools.cached_property
    def _common_contacts(self) -> tuple[int, int, int]:
        """_kept_list_counts for several subjects: (their meetings in common, estimated; every subject's rows, which a
        list read whole reads in their indexes, the walked subject's and the others' joined to them; the archive).

        No count is kept of two subjects' meetings in common. Taken as independent, the busiest person (57,603 of
        1,000,000 meetings) and an agency (39,451) would share 2,272 (they share 1,736); a person who works for an
        office shares more with it than that, which makes a list read whole cost more than estimated, but no more
        than the walked subject's meetings looked up. The list's kind, status and dates narrow the walked subject's
        contacts (_subject_contacts) and are taken once: the others' are all of theirs. Clamped to at least one and at
        most the fewest contacts the list may hold."""
        walked = self._subject_contacts[self._walked_subject]
        others = [self._subject_contacts[name] for name in self._subjects if name != self._walked_subject]
        together = functools.reduce(operator.mul, [other.whole for other in others], walked.listed)
        together /= max(walked.archive, 1) ** len(others)
        fewest = min(walked.listed, *(other.listed for other in others))
        read = walked.dated + sum(other.dated for other in others)
        return max(1, min(round(together), fewest)), read, walked.archive

    def _kept_ids(
        self, limit: int | None, *, union_all: bool = True, order: KeptOrder | None = None, holding: Q | None = None
    ) -> QuerySet:
        """The ids of a set of the list's meetings that holds its first ``limit`` (kept_parts; None: all of
        them) in ``order`` (in_kept_order; None: any), as one query: each id once unless ``union_all`` (the page's
        set, where an id twice is no harm and no sort of the ids is needed). Other subjects than the walked one are
        probed for each row walked in the index's order, and joined to rows read whole (_other_subjects_probed).
        ``holding``: a condition on the rows too (a search's, ``_kept_rows_walk``)."""
        first, *others = self._kept_parts(limit, order=order, holding=holding)
        return first.union(*others, all=union_all) if others else first

    def _kept_parts(self, limit: int | None, *, order: KeptOrder | None = None, holding: Q | None = None) -> list:
        """The parts of _kept_ids (kept_parts), each a query of meeting ids."""
        data = self.form.cleaned_data
        answered = order.rows if order else Q()
        if holding is not None:
            answered &= holding
        if data.get("date_from"):
            answered &= Q(date__gte=data["date_from"])
        if data.get("date_to"):
            answered &= Q(date__lte=data["date_to"])
        answered &= Q(**{column: data[column] for column in KEPT_COLUMNS if data.get(column)})
        in_index_order = limit is not None and not (order is not None and order.read_whole)
        answered &= self._other_subjects_probed(probes=in_index_order)
        mode = data.get("country_mode") or "any"
        walked = self._walked_subject
        if walked or mode not in ("all", "only"):
            codes = list(data.get("country") or ())
        else:
            codes = self._fewest_contacts_first
        person = data[walked] if walked == "person" else None
        offices = list(data[walked]) if walked in ("organization", "media") else None
        return kept_parts(codes, mode, limit, answered=answered, order=order, person=person, offices=offices)

    def _kept_rows_walk(self, meetings: QuerySet) -> Callable[[Narrowing, int], QuerySet] | None:
        """For a search whose other filters a subject's kept rows answer (``_kept_rows_answer_beside_a_search``), in an
        order one of their indexes gives (by date either way, by title or place: KeptOrder's ``indexed``): given a
        condition and a count, the ids of the list's first that many rows whose meeting (public, as every kept row's:
        one of ``meetings``, the list before its filters) meets the condition (search.first_matches' ``walk``), read
        down those rows. None for any other list, or on SQLite. By title, ?q=Geneva beside Mongolia walked 20,075
        meetings in the archive's title order for its 682 of Mongolia's (63,555 buffers at 1,000,000 meetings); down
        Mongolia's rows by title, 19,521.

        Walked down the archive's order instead, every meeting was probed for the subject before the search: a page of
        ``?q=Geneva`` beside Mongolia (3 % of the contacts) walked 22,364 meetings for 51 (33 ms at 1,000,000
        meetings), where Mongolia's rows hold them within some 750 (11 ms). The words on the meetings' own rows are
        an EXISTS, so that PostgreSQL may read a rare one's meetings off their own index and look their rows up by key
        rather than walk (none of Mongolia's 32,410 held "talks", 143 ms probed). However few of the subject's meetings
        match, a walk ends with its rows; a list counts its matches first, and reads its rows so only past that count's
        bound (else the matches the count read: ``counted_rows``)."""
        if connection.vendor != "postgresql" or not self._kept_rows_answer_beside_a_search:
            return None
        order = self._kept_order(meetings)
        if order is None or order.read_whole:
            return None

        def first_ids(condition: Narrowing, count: int) -> QuerySet:
            # The condition asked of the row's own column of its meeting: a kept row is of a public meeting
            # (KeptMeeting), so neither the list's conditions (``meetings``: public) nor the meeting's key are asked
            # again. The list's conditions read each walked meeting's row (10-15 % of a walk's time at 1,000,000
            # meetings), and the meeting looked up by its key for the condition to be asked of it was three buffers
            # of its index a row walked (?q=Geneva beside Mongolia: 2,245 of the walk's 5,660, 15.9 → 11.2 ms).
            return self._kept_ids(count, order=order, holding=condition("meeting"))

        return first_ids

    @functools.cached_property
    def _country_totals(self) -> dict[str, int]:
        """The country box's codes' public contacts as kept (CountryTotals), one query, read once (PostgreSQL)."""
        return kept_country_contacts(self.form.cleaned_data["country"])

    @functools.cached_property
    def _fewest_contacts_first(self) -> list[str]:
        """The country box's codes, the country with the fewest public contacts first (_country_totals; one country
        needs none): the one whose rows a list of meetings with each of them reads."""
        codes = list(self.form.cleaned_data["country"])
        if len(codes) == 1:
            return codes
        return fewest_contacts_first(codes, self._country_totals)

    @functools.cached_property
    def _office_contacts(self) -> dict[str, tuple[int, int]]:
        """office_contacts of each office box filled ("organization", "media"), from _office_listed (PostgreSQL)."""
        return {name: (listed.whole, listed.archive) for name, listed in self._office_listed.items()}

    @functools.cached_property
    def _office_listed(self) -> dict[str, ListedContacts]:
        """Each office box filled: its offices' contacts as the list's kind, status and dates narrow them, one query
        a box, read once per list (PostgreSQL): what _office_contacts and _subject_contacts both read, where each read
        the offices' timeline apart."""
        data = self.form.cleaned_data
        narrowing = timeline_narrowing(data)
        listed = {}
        for name in ("organization", "media"):
            if not data.get(name):
                continue
            if narrowing is not None:
                listed[name] = listed_contacts(office_timeline(data[name]), narrowing)
            else:
                theirs, archive = office_contacts(data[name])
                listed[name] = ListedContacts(theirs, theirs, theirs, archive)
        return listed

    def filter_queryset(self, queryset):
        if self.first_rows is None:
            return super().filter_queryset(queryset)
        data = self.form.cleaned_data
        last = self._read_first()
        kept_order = self._kept_order(queryset) if last == KEPT_ROWS else None
        off_index = kept_order is None or kept_order.read_whole
        if last == KEPT_ROWS and off_index and not self._kept_rows_sorted_sooner(kept_order):
            last = self._read_first_off_the_rows()  # counted off the rows all the same (count_matches)
        # The filters the kept rows answer are theirs alone: asked again of the page's meetings, a kind's
        # index was walked for the few ids read (49,642 entries for 250 of KP with JP's summits at 1,000,000).
        self._first_read = last
        meetings = queryset
        queryset = self.filtered_but(queryset, KEPT_ROWS_APPLY if last == KEPT_ROWS else last)
        if last == "q":
            among = self._rarer_words_meetings
            walk = self._kept_rows_walk(meetings) if among is None else None
            first = first_matches(
                queryset,
                data["q"],
                self.first_rows,
                among=among,
                walk=walk,
                known=self._rare_in_long_texts(self.first_rows),
                together=self._words_together,
            )
            return queryset.filter(first)
        if last == LEADING_GROUPS:
            return first_by_leading_groups(queryset, self.first_rows)
        if last == KEPT_ROWS and kept_order is None:  # read whole and sorted (_kept_rows_sorted_sooner)
            ids = self._kept_ids(None, union_all=False)
            return queryset.filter(first_of_either(queryset, [ids], self.first_rows, sort_whole=True))
        if last == KEPT_ROWS:
            return queryset.filter(among_read_once(self._kept_ids(self.first_rows, order=kept_order)))
        if last:
            sets = self._tested_for_the_other_box(last, densest_first(data[last], media=last == "media"))
            few = sorted_sooner_than_walked(self._office_contacts[last], self.first_rows)
            return queryset.filter(first_of_either(queryset, sets, self.first_rows, sort_whole=few))
        if last is None and self._dates_sorted_sooner(queryset):
            return queryset.order_by(*without_index(list_ordering(queryset)))
        return queryset

    def _dates_sorted_sooner(self, queryset) -> bool:
        """Whether a list of dates (no subject, country or search; perhaps a kind or status) in an order by title holds
        so few meetings that its first rows are read sooner by taking them all off the dates' index and sorting them
        than by walking the titles' index and testing each meeting's date (sorted_sooner_than_walked), from the
        archive's contacts kept by month (CountryContacts: a month the dates cut counted whole). PostgreSQL takes the
        dates for independent of the titles, and a month's 3,100 meetings were 19,079 entries down the titles' index
        for a first page (36-42 ms at 1,000,000 meetings), where they are read and sorted in 10."""
        data = self.form.cleaned_data
        if connection.vendor != "postgresql" or self._subjects or data.get("country"):
            return False
        if not (data.get("date_from") or data.get("date_to")):
            return False
        ordering = list_ordering(queryset)
        # By date a page of the dates' own index is read; by a column of large groups (a kind) each group's dates off
        # the pair's index (migration 0028). By title no index holds the dates.
        column = column_key(ordering[0])[0] if ordering else None
        if column is None or column == "date" or column in GROUPED_COLUMNS:
            return False
        listed, _ = timeline_narrowing(data, monthless=False)
        theirs = archive_timeline().filter(listed).aggregate(contacts=Sum("contacts"))["contacts"] or 0
        return sorted_sooner_than_walked((theirs, archive_contacts()), self.first_rows)

    def _tested_for_the_other_box(self, box: str, id_sets: list[QuerySet]) -> list[QuerySet]:
        """The sets of meeting ids of the office box read first (``box``), with the other box's test (in_offices) asked
        of each id before its meeting is read, when both boxes are filled and the first has more meetings than
        OTHER_BOX_TESTED_PAST. Asked of the meeting alone (as the list's filter asks it), PostgreSQL read each meeting
        of the first box to test it: 13,573 for 837 in common (an office of 13,418 contacts with the busiest news
        agency at 1,000,000 meetings), 107 ms for the count and 97 for a page's first rows. The same rows: the list's
        filter asks the same test again of each meeting."""
        other_box = self._office_boxes_narrowing(but=box)
        if other_box is None or self._office_contacts[box][0] <= OTHER_BOX_TESTED_PAST:
            return id_sets
        return [ids.filter(other_box("meeting")) for ids in id_sets]

    @property
    def rows_bounded(self) -> bool:
        """With first_rows set: whether the list holds only its first rows (a search, an office's filter), so that
        its total must be counted by count_matches rather than from the list."""
        return self.is_valid() and self._read_first() is not None

    def count_matches(self, limit: int) -> int:
        """With first_rows set: the list's rows counted up to ``limit`` (search.matching_ids, ids_in_any)."""
        listed = self.qs
        kept = self.kept_total()
        if kept is not None:
            return min(kept, limit)
        last = self._read_first() if self.is_valid() else None
        if last == "q":
            # Any ``limit`` matches, in no order: a common word's meetings are walked for among the office box's (the
            # smaller's) rather than the archive's, each of its meetings probed until ``limit`` are found. The
            # archive's scan tested 220,000 meetings for the office to find 8,610 of its 39,451 (?q=talks beside the
            # busiest office at 1,000,000 meetings: 0.27 s a page, 0.16 so).
            text = self.form.cleaned_data["q"]
            box = self._counted_office_box()
            among = self._rarer_words_meetings
            narrowing = self._office_boxes_narrowing()
            within = self._office_ids(box) if box else None
            # Driven from the box's meetings (``within``), each part of the count asks the box of the rows it reads
            # itself (``within``, ``narrowing``): the list's own test of the box, asked again of every meeting read,
            # probed each of the 9,982 meetings the busiest news agency's count beside ?q=Kim+talks read for the
            # agency's participants (1,000,000 meetings). The rarer words' meetings (``among``) are tested by the list.
            if box and among is None:
                meetings = self._filtered(self.queryset.all(), ("q", box))
            elif not box and among is None and walks_for_a_count(text) and (kept := self._small_kept_set()):
                # So too from a small list's kept rows, for a word the count walks for: the archive's order was walked
                # for "talks" and each meeting asked whether North Korea's and Japan's officials alone met in it
                # (3,873 meetings of 1,000,000: 119 ms for 1,001 matches; 16 from their rows).
                meetings = self._filtered(self.queryset.all(), ("q", *KEPT_ROWS_APPLY))
                within, narrowing = kept
            else:
                meetings = self._filtered_otherwise
            matched = matching_ids(
                meetings,
                text,
                limit,
                narrowing=narrowing,
                within=within,
                among=among,
                narrowed=self._among_listed_first,
                known=self._rare_in_long_texts(limit),
                together=self._words_together,
            )
            return self._counted_ids(matched, limit)
        if last == LEADING_GROUPS:
            return self._filtered_otherwise.order_by().values("pk")[:limit].count()
        if last == KEPT_ROWS:
            if len(self._subjects) > 1:
                # Any ``limit`` of them, in no order, the other subjects joined rather than probed: PostgreSQL hashes
                # the smaller side. The busiest person with an agency of 39,451 contacts walked 22,805 of the agency's
                # rows for 1,001 in the list's order, each a probe (69 ms at 1,000,000 meetings; 18 so).
                matched = list(self._kept_ids(None, union_all=False)[:limit])
            else:
                matched = list(self._kept_ids(limit, union_all=False)[:limit])
            return self._counted_ids(matched, limit)
        if last:
            id_sets = self._tested_for_the_other_box(last, office_meetings(self.form.cleaned_data[last]))
            return self._counted_ids(
                ids_in_any(self._filtered_otherwise, [Q(pk__in=ids) for ids in id_sets], limit), limit
            )
        return listed.order_by().values("pk")[:limit].count()

    @property
    def _among_listed_first(self) -> bool:
        """Whether a count among the rarer words' meetings (``_rarer_words_meetings``) asks each of them the list's
        other filters before the words (search.matching_ids' ``narrowed``): when kept rows answer those filters (a
        person's, countries' in the mode "any") with more meetings than the rarer words have, so that
        PostgreSQL drives from the rarer words' meetings and tests the filters on other rows (participations) after the
        words. Not for a list that keeps much of the archive (LISTED_FIRST_SHARE); nor for a smaller one or a small set
        of its meetings, which PostgreSQL drives from itself (a person of 100 meetings beside the 7,421 of "Hee-su":
        7,483 buffers, 35,831 with every one of the 7,421 read first) or which the rarer words' meetings were read
        among (``_small_set``); nor an office box, tested by probes (in_offices). In the modes "all" and "only", exactly
        when the box's rows are read whole rather than probed for each meeting (``_country_box_probed``): PostgreSQL
        hashed them and tested them after the words, and probed each of the 2,661 meetings of "Bin-jin" for both words
        for the 6 of them with officials of North Korea and Japan alone (?q=Bin-jin+talks: 51,164 buffers at 1,000,000
        meetings, 18,791 with the box probed)."""
        among = self._rarer_words_meetings
        if among is None or not self._kept_rows_answer_beside_a_search:
            return False
        data = self.form.cleaned_data
        if data.get("country") and data.get("country_mode") in ("all", "only"):
            return not self._country_box_probed()
        if {"organization", "media"} & set(self._subjects):
            return False  # beside the busiest agency the count read 6 % more so
        theirs, _read, archive = self._kept_list_counts
        return len(among) < theirs <= archive * LISTED_FIRST_SHARE and self._small_set() is None

    # What _rare_in_long_texts read, once per list.
    _rare_read: Known | None = None

    def _rare_in_long_texts(self, limit: int) -> Known:
        """The meetings of the search's words rare in the read-outs and sources (search.rare_in_long_texts), read once
        for its count and its rows, for the bound of whichever asks first (the ids of a place are all of its meetings
        with the word, whichever); none for a search read among its rarer words' meetings, which tests them apart."""
        if self._rarer_words_meetings is not None:
            return {}
        if self._rare_read is None:
            self._rare_read = rare_in_long_texts(self.form.cleaned_data["q"], limit)
        return self._rare_read

    @functools.cached_property
    def _rarer_words_meetings(self) -> list[int] | None:
        """The meetings that hold every match of the search (search.meetings_of_rarer_words), read once for its count
        and its rows."""
        return meetings_of_rarer_words(
            self.form.cleaned_data["q"],
            small_set=self._small_set,
            small_set_key=functools.partial(self.filters_key, but=("q",)),
        )

    @functools.cached_property
    def _words_together(self) -> list[int] | None:
        """The meetings with every word of the search on their own row, when few (search.together_few), read once for
        its count and its rows; not when the rarer words' meetings hold every match (``_rarer_words_meetings``, tested
        instead of the places), nor for a list whose other filters leave a small set of meetings (``_small_set``),
        whose own rows are tested sooner than the archive's texts read: beside a person of a few hundred contacts,
        ?q=call+phone+Young-hee counted its matches in 6 ms at 1,000,000 meetings, and read the words' 10,000 texts in
        50."""
        if self._rarer_words_meetings is not None or self._small_set() is not None:
            return None
        return together_few(self.form.cleaned_data["q"])

    def _small_set(self) -> tuple[QuerySet, Narrowing] | None:
        """A small set of meetings that holds every match of the list, as ids and as a condition (``_small_office_set``,
        else ``_small_kept_set``); None when there is none."""
        return self._small_office_set() or self._small_kept_set()

    def _small_kept_set(self) -> tuple[QuerySet, Narrowing] | None:
        """The list's meetings but for its search, off the kept rows that answer its other filters
        (``_kept_rows_answer_beside_a_search``), when they are few enough to be read and each probed sooner than a
        count's bound of the list's matches is walked for (sorted_sooner_than_walked, from _kept_list_counts); else
        None. PostgreSQL hashed every searchable text with "Kim" against the meetings of Japan's officials to count
        the 373 matches of ?q=Kim among the 3,873 meetings of North Korea's and Japan's officials alone (117,152
        texts, 110 ms at 1,000,000 meetings)."""
        if connection.vendor != "postgresql" or not self._kept_rows_answer_beside_a_search:
            return None
        theirs, read, archive = self._kept_list_counts
        if len(self._subjects) > 1:
            # Their meetings in common are estimated as if the subjects were independent (_common_contacts); the list
            # holds at most the walked subject's. The busiest person works for the busiest news agency: all 57,603 of
            # the person's meetings are the agency's, estimated at 4,889, and each was read and probed for "Kim".
            theirs = self._subject_contacts[self._walked_subject].listed
        if not sorted_sooner_than_walked((theirs, archive), COUNT_CAP + 1, read=read * KEPT_SET_LOOKUPS_PER_MEETING):
            return None
        return self._kept_set()

    def _kept_set(self) -> tuple[QuerySet, Narrowing]:
        """The list's meetings but for its search, off the kept rows (all of them, in no order), as ids and as a
        condition on the column that holds a meeting's id (search.matching_ids' ``narrowing``): a probe of the kept
        rows by their key (the meeting, then the subject) for each row asked. As ``IN`` the ids, PostgreSQL took them
        for few (it has no statistics of the countries' meetings alone) and probed each one's read-outs and sources for
        a rare name rather than read the name's rows off their index (3,873 meetings of North Korea's and Japan's
        officials alone, each read three times, 48 ms at 1,000,000 meetings)."""
        ids = self._kept_ids(None, union_all=False)

        def narrowing(meeting: str) -> Q:
            parts = self._kept_parts(None, holding=Q(meeting=OuterRef(meeting)))
            return functools.reduce(operator.or_, [Q(probed(part, "meeting")) for part in parts])

        return ids, narrowing

    def _small_office_set(self) -> tuple[QuerySet, Narrowing] | None:
        """The meetings of the office box with fewer public contacts (``_counted_office_box``), when they are read and
        each probed sooner than a count's bound of the list's matches are walked for (sorted_sooner_than_walked), as
        ids and as the office boxes' condition; else None."""
        box = self._counted_office_box()
        if box is None or not sorted_sooner_than_walked(self._office_contacts[box], COUNT_CAP + 1):
            return None
        return self._office_ids(box), self._office_boxes_narrowing()

    def _counted_office_box(self) -> str | None:
        """The office box with fewer public contacts (``_box_of_fewer_contacts``); None without an office box, or on
        SQLite, which counts no contacts."""
        if connection.vendor != "postgresql" or not self._office_contacts:
            return None
        return self._box_of_fewer_contacts()

    def _box_of_fewer_contacts(self) -> str:
        """Of the office boxes filled ("organization", "media"), the one whose offices have fewer public contacts."""
        return min(self._office_contacts, key=lambda name: self._office_contacts[name][0])

    def _office_ids(self, box: str) -> QuerySet:
        """The ids of the public meetings of an office box's offices, off their kept rows (OfficeMeeting: each meeting
        once per office, where its participations and read-outs named it once for each: 16,135 ids for an office's
        13,418 meetings at 1,000,000), as one query (PostgreSQL)."""
        return self._subject_rows(box).values("meeting")

    def _subject_rows(self, name: str) -> QuerySet:
        """The kept rows of a subject in use (_subjects): the person's (PersonMeeting) or the office box's
        (OfficeMeeting)."""
        value = self.form.cleaned_data[name]
        if name == "person":
            return PersonMeeting.objects.filter(person=value)
        return OfficeMeeting.objects.filter(organization__in=value)

    def _office_boxes_narrowing(self, *, but: str | None = None) -> Narrowing | None:
        """The office boxes' conditions (in_offices), all of them (``but`` one), on the meeting whose id a given column
        holds: asked of the rows a count drives from (search.matching_ids' narrowing); None without such a box."""
        data = self.form.cleaned_data
        boxes = [data[name] for name in ("organization", "media") if name != but and data.get(name)]
        if not boxes:
            return None

        def narrowing(meeting: str) -> Q:
            condition = Q()
            for offices in boxes:
                condition &= in_offices(offices, meeting)
            return condition

        return narrowing

    def kept_total(self) -> int | None:
        """The list's total as a count kept on write gives it (PostgreSQL), when one office or one person alone filters
        it: the office's public contacts (OfficeTimeline: each meeting once, its officials' and its read-outs') or the
        person's (PersonContacts), read from their rows instead of counting up to a cap. The busiest office's read-outs
        at 1,000,000 meetings were 16,000 meetings hashed and 62,000 walked (22 ms); the busiest person's meetings
        17,000 of the primary key's entries merged with their participations (5 ms), where each is one row. None
        otherwise: other filters narrow the list (a sort does not), or SQLite, which keeps no counts."""
        if connection.vendor != "postgresql" or not self.is_valid():
            return None
        used = {key: value for key, value in self.form.cleaned_data.items() if value and key not in UNNARROWING}
        if len(used) != 1:
            return None
        ((name, value),) = used.items()
        if name in ("organization", "media") and len(value) == 1:
            return self._office_contacts[name][0]
        if name == "person":
            return PersonContacts.objects.filter(person=value).values_list("contacts", flat=True).first() or 0
        return None

    def any_matches(self, count: int):
        """With first_rows set: the list with any ``count`` of its matches (every match if it has fewer), which is
        what a count that stops at ``count`` or a ranking of at most ``count`` rows needs."""
        listed = self.qs
        text = self.form.cleaned_data.get("q") if self.is_valid() else None
        if not text:
            return listed
        unordered = self._filtered_otherwise.order_by()
        if self._every_match is not None and len(self._every_match) < count:
            # count_matches read every match already: those, not the places read again.
            return unordered.filter(pk__in=self._every_match)
        first = first_matches(
            unordered,
            text,
            count,
            among=self._rarer_words_meetings,
            known=self._rare_in_long_texts(count),
            together=self._words_together,
        )
        return unordered.filter(first)

    def search(self, queryset, name, value):
        return queryset.filter(meetings_matching(value, among=self._rarer_words_meetings))

    def filter_country(self, queryset, name, value: list[str]):  # the hint names the parameter's type in the schema
        if not value:
            return queryset
        mode = self.form.cleaned_data.get("country_mode")
        if mode in ("all", "only") and connection.vendor == "postgresql":
            # One read of the kept rows of the country with the fewest contacts, whose countries hold the others (or
            # are the box's alone), as kept_parts reads them: a set of each country's participants, each made unique,
            # was the walk's start, and the test of the other countries came after the words'. ?q=Kim+talks with the
            # meetings of American officials alone sorted all 585,177 American participations on disk and probed
            # 229,064 meetings for "Kim", to keep 1,001 of the 25,842 without another country (1.8 s at 1,000,000;
            # 0.25 s so). Migration 0052 tells PostgreSQL how many rows such a test keeps.
            rows = country_box_rows(self._fewest_contacts_first, mode)
            if self._country_box_probed():
                return queryset.filter(probed(rows.filter(meeting=OuterRef("pk")), "meeting"))
            return self._in(queryset, rows)
        if mode in ("all", "only"):
            for code in value:
                queryset = self._in(queryset, Participation.objects.filter(country=code))
            return self._with_countries_alone(queryset)
        if connection.vendor == "postgresql":
            # The countries' kept rows: a meeting's once for each country (the key), where its participants of the
            # country were each a row that PostgreSQL made unique before hashing them: ?q=Geneva beside Mongolia's
            # officials counted its matches against 33,161 participations so (96 ms after a write at 1,000,000
            # meetings), against Mongolia's 32,410 kept rows, which its key tells are unique, in 62.
            return self._in(queryset, CountryMeeting.objects.filter(country__in=value))
        return self._in(queryset, Participation.objects.filter(country__in=value))

    def _country_box_probed(self) -> bool:
        """Whether the country box in the modes "all" and "only" is asked as a probe of each meeting tested (its kept
        row of the box's first country, by key; PostgreSQL): beside a search whose rarer words' meetings were read, at
        most FEW_MEETINGS, each a lookup, unless the box's rows (the rows _kept_list_counts says it reads) are at least
        as many as those meetings and fewer than PROBES_PER_HASHED times as many. Then PostgreSQL reads the rows whole
        and hashes the meetings: the 25,842 of American officials alone (off their own index, migration 0053) against
        the 7,421 meetings of "Hee-su", 24 ms at 1,000,000 meetings, where each meeting probed took 47. As more rows,
        it hashed 311,463 of the United States' to test the 9,566 meetings of "Kim" and "Jong" (145 ms of 313); as
        fewer, it drove from the 239 rows of American officials alone at 10,000 and looked each up among the 1,170
        meetings of "Kim" through an index read whole (47 ms; 18 probed)."""
        if not self.form.cleaned_data.get("q") or (few := self._rarer_words_meetings) is None:
            return False
        _theirs, read, _archive = self._kept_list_counts
        return not len(few) <= read < len(few) * PROBES_PER_HASHED

    def _with_countries_alone(self, queryset):
        """``queryset`` without the meetings that have a participant of a country not chosen, in the country box's mode
        "only" (as it is, in any other): SQLite's test; PostgreSQL's kept rows hold each meeting's countries."""
        data = self.form.cleaned_data
        if data.get("country_mode") != "only":
            return queryset
        # No participant of another country, asked of each meeting (an anti-join): as NOT IN the meetings of every
        # other country's participants (2.5 million at 1,000,000 meetings), a set too large to hash, PostgreSQL
        # scanned that list for each meeting, past any time a reader waits.
        others = Participation.objects.filter(meeting=OuterRef("pk")).exclude(country="")
        return queryset.exclude(Exists(others.exclude(country__in=data["country"])))

    def keep(self, queryset, name, value):
        return queryset  # read by filter_country

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        if self.form.cleaned_data.get("q") or (self.first_rows is not None and self._read_first() not in (None, name)):
            # Beside a search, a test of each meeting the search's places give (a participant of the office, a read-out
            # it gave: each a probe of an index on office and meeting). As the office's sets of ids, PostgreSQL
            # misjudged how few meetings they leave and merged every participation with the whole meeting table: 14 s
            # at 1,000,000 meetings for ?q=Kim+Jong with the busiest office (1.0 s so), 0.46 s for ?q=Kim (0.12).
            # The same beside the other office box when that one is read first (its first rows: _read_first).
            return queryset.filter(in_offices(value, "pk", as_probes=self._office_probed(name)))
        participants, readouts = office_meetings(value)
        return queryset.filter(Q(pk__in=participants) | Q(pk__in=readouts))

    def _office_probed(self, box: str) -> bool:
        """Whether an office box's test is asked as probes of each meeting (in_offices' ``as_probes``) rather than
        planned by PostgreSQL, which hashes every meeting of the offices: when the meetings tested are fewer than the
        offices' contacts ÷ PROBES_PER_HASHED.

        - Beside a search whose rarer words' meetings were read (at most FEW_MEETINGS), those meetings. As EXISTS, the
          busiest news agency's 103,000 ids were hashed to test the 2,697 meetings of ?q=Bin-jin at 1,000,000 meetings
          (25 ms of 35); at 10,000, an office's 395 were hashed sooner than "Kim"'s 1,170 probed.
        - In a list walked for its first rows down its order (the kept rows answer it but sort sooner walked:
          ``_read_first_off_the_rows``; by one column or by several, LEADING_GROUPS), the rows walked: the offices'
          meetings are met as often as they are in the archive, so first_rows × archive ÷ contacts. Page 5 of the
          busiest agency by kind and title hashed its 103,000 ids (27 ms of 29) to walk 3,944 rows; by kind alone,
          to walk 2,854 (34 ms at 1,000,000 meetings, 12 probed). The list's kind, status and dates narrow the
          offices' meetings it meets (first_rows × archive ÷ those listed), and so do its countries (their share of
          them, ``_countries_share``): Mongolia beside the busiest agency by kind and title walked 116,117 rows for
          page 5 (470 ms probed, 112 hashed), South Korea, the agency's own country, 3,944 (11 ms probed, 33
          hashed). Another subject narrows them by a share no kept count gives: hashed.
        """
        data = self.form.cleaned_data
        if data.get("q"):
            few = self._rarer_words_meetings
            return few is not None and len(few) * PROBES_PER_HASHED < self._office_contacts[box][0]
        if self.first_rows is None or self._first_read not in (None, LEADING_GROUPS):
            return False
        if len(self._subjects) > 1:
            return False
        listed = self._office_listed[box]  # the archive never measured (-1, 0): as the planner would
        met = listed.listed * self._countries_share
        return listed.archive > 0 and self.first_rows * listed.archive * PROBES_PER_HASHED < met * listed.whole

    def filter_person(self, queryset, name, value):
        return self._in(queryset, Participation.objects.filter(person=value)) if value else queryset


# The places readout_places gives, in its order: what the read-outs of a search's place are kept by (_places_read).
READOUT_PLACES = ("quotes", "title")


def readout_places(text: str) -> list[Q]:
    """Where the read-outs list's search looks for ``text``: the passages quoted (a JSON list of strings, in either
    form SQLite stores a non-ASCII letter: search.json_contains), then the title of the meeting they are of: on
    PostgreSQL the title each read-out keeps as the search reads it (``ReadOut.meeting_title``, migrations 0037 and
    0038: upper-cased and joined, so that a hyphenated name is looked up whole), tested on its own row."""
    if connection.vendor != "postgresql":
        return [json_contains("quotes", [text]), Q(meeting__title__icontains=text)]
    return [json_contains("quotes", [text]), joined_contains(F("meeting_title"), text)]


# Look-ups by key for each read-out a list takes whole and sorts (ReadOutFilterSet._country_issuers): the read-out,
# then its meeting, to tell whether it is public; a walk of the meetings' order probes each meeting once. Germany's
# 6,341 read-outs sorted took 39 ms at 1,000,000 meetings, a walk for its first page (51) about as long.
READOUT_SORT_LOOKUPS = 2
# Read-outs walked down their index by form (readout_form, which holds each one's meeting) and their issuer's country
# asked (memoized: a country has a few dozen offices) in the time of one look-up by key: Mongolia's page 50 walked
# 210,613 in 60 ms at 1,000,000 meetings, where its 6,000 read-outs' meetings were probed in 20 (about 12 to 1).
READOUTS_WALKED_PER_LOOKUP = 12


class CountryIssuers(NamedTuple):
    """A country's offices as a page of their read-outs reads them (ReadOutFilterSet._country_issuers)."""

    ids: list[int]
    read_whole: bool  # their read-outs taken whole and sorted by date, rather than walked for
    many: bool  # counted to the count's bound, which no read-outs read whole reach: walked for (filter_country)
    read_whole_by_form: bool  # the same by form, against a walk of the read-outs' index by form


def _by_kept_meeting_date(key) -> OrderBy:
    """A read-outs list's ordering key by its meeting's date (``meeting__date``) as the same key by the date each
    read-out keeps of it (ReadOut.meeting_date, PostgreSQL): its direction and its place for the undated."""
    if isinstance(key, OrderBy):
        return OrderBy(
            F("meeting_date"), descending=key.descending, nulls_first=key.nulls_first, nulls_last=key.nulls_last
        )
    return OrderBy(F("meeting_date"), descending=key.startswith("-"))


class ReadOutFilterSet(QuickFormFilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Quoted passages and meeting titles")
    issuer = LookupFilter(
        queryset=Organization.objects.all(),
        multiple=True,
        suggest="organizations",
        method="filter_issuer",
        label="Issuer",
    )
    country = CountryFilter(field_name="issuer__country", method="filter_country")
    date_from = PartialDateFilter(field_name="meeting__date", label="From")
    date_to = PartialDateFilter(field_name="meeting__date", end=True, label="To")
    form = django_filters.ChoiceFilter(choices=ReadOutForm.choices, label="Form")
    # Ties in the sort's direction: the read-outs by form are read off one index of (form, id) either way (migration
    # 0055), where all 500,000 at 1,000,000 meetings were sorted for each page (0.6-0.8 s). By issuer, an issuer's
    # name then its country: each office one run of rows, read office by office off the offices' index of (name,
    # country), where the offices that share a name (every country's Ministry of Foreign Affairs) made one run, read
    # whole and sorted by id for each page (14,000 read-outs, 80-130 ms). By date, ties by id ascending either way,
    # as an issuer's read-outs newest first are kept in their index (readout_issuer_latest, migration 0032).
    sort = SortFilter(
        fields=(("meeting__date", "date"), ("issuer__name", "issuer"), ("form", "form")),
        ties_follow=True,
        ties={"meeting__date": ("pk",)},
        then={"issuer__name": "issuer__country"},
    )

    class Meta:
        model = ReadOut
        form = DateRangeForm
        fields = ["q", "issuer", "country", "date_from", "date_to", "form"]

    # Set by the paginated list (as MeetingFilterSet.first_rows): how many of its first rows it may show. A search
    # then reads only that many of each place's matches, in the list's order (``search``); None reads them all.
    first_rows: int | None = None

    def filter_queryset(self, queryset):
        listed = self._in_kept_order(self.filtered_but(queryset, "q"))
        if self._read_by_issuer:
            return listed.filter(among_read_once(self._first_by_issuer(listed)))
        if self._read_earliest_first:
            return listed.filter(in_any(self._earliest_first()))
        if self._read_whole_and_sorted:
            return listed.filter(among_read_once(self._first_read_whole(listed)))
        return self.filters["q"].filter(listed, self.form.cleaned_data.get("q"))

    @property
    def _read_whole_and_sorted(self) -> bool:
        """Whether the list is a page's first rows of a country's read-outs by date (its default order, or either way)
        or by form, that are read whole and sorted (``_country_issuers``). By form, Mongolia's page 50 walked the
        form's index through 210,613 read-outs, each issuer asked its country (119 ms at 1,000,000 meetings)."""
        sort = self._sorts_chosen
        if sort and (len(sort) > 1 or sort[0].lstrip("-") not in ("date", "form")):
            return False
        counted = self._country_issuers
        if counted is None:
            return False
        return counted.read_whole_by_form if sort and sort[0].lstrip("-") == "form" else counted.read_whole

    def _first_read_whole(self, listed: QuerySet) -> QuerySet:
        """The ids of the first ``first_rows`` of ``listed`` (``_read_whole_and_sorted``), in its order: the read-outs
        ``_read_whole`` reads, sorted by the date each keeps of its meeting, or by form."""
        return self._read_whole().order_by(*listed.query.order_by).values("pk")[: self.first_rows]

    def _read_whole(self) -> QuerySet:
        """The list's read-outs (``_read_whole_and_sorted``) as a page and its count read them whole: off their issuers'
        index (``_country_issuers``), each one's meeting looked up by its key (ReadOut.public_by_key) to tell whether
        it is public, the dates asked of the date each keeps of its meeting (``_in_kept_dates``). Joined to the
        meetings for that, as the list is, PostgreSQL hashed every public meeting (990,097 at 1,000,000) for Germany's
        6,341 read-outs (163 ms), or joined all 500,000 read-outs to the country's offices to count them."""
        return self._public_by_key(but=("country",)).filter(among_given(self._country_issuers.ids, "issuer_id"))

    def _public_by_key(self, *, but: tuple[str, ...] = ()) -> QuerySet:
        """The list's read-outs, each one's meeting looked up by its key to tell whether it is public
        (ReadOut.public_by_key), with its filters but the search, the order and ``but``'s, its dates asked of the date
        each keeps of its meeting (``_in_kept_dates``): what the read-outs read whole, or off one issuer's index, are
        (``_read_whole``, ``_earliest_first``)."""
        rows = self._filtered(ReadOut.objects.public_by_key(), ("q", "sort", "date_from", "date_to", *but))
        return self._in_kept_dates(rows)

    @property
    def _sorts_chosen(self) -> list[str]:
        """The list's sort keys as chosen (none blank); none for filters that are not valid."""
        return [param for param in self.form.cleaned_data.get("sort") or () if param] if self.is_valid() else []

    @property
    def _read_earliest_first(self) -> bool:
        """Whether the list is a page's first rows (first_rows) of one issuer's read-outs by date, the earliest first
        (``sort=date``), with no search (PostgreSQL): read off the issuer's index by date (``_earliest_first``)."""
        if connection.vendor != "postgresql" or self.first_rows is None or not self.is_valid():
            return False
        if self.window_key is not None:
            return False  # an API window: its cursor's condition is the window's, which these reads would not ask
        data = self.form.cleaned_data
        return not data.get("q") and len(data.get("issuer") or ()) == 1 and self._sorts_chosen == ["date"]

    def _earliest_first(self) -> list[QuerySet]:
        """The first ``first_rows`` of one issuer's read-outs by date, the earliest first, undated last, ties by id
        (``_read_earliest_first``), as two sets of ids: the dated ones by the date each keeps of its meeting, read
        backward off the issuer's index by date (``readout_issuer_latest``: the dates ascending, each date's ids
        sorted again), and the undated ones by id off the same index; each read-out's meeting looked up by its key to
        tell whether it is public (ReadOut.public_by_key). Joined to the meetings and sorted by their dates, the
        busiest issuer's 16,276 read-outs were hashed against every public meeting, 182 ms at 1,000,000 meetings for
        page 50."""
        rows = self._public_by_key()
        dated = rows.filter(meeting_date__isnull=False).order_by(F("meeting_date").asc(nulls_first=True), "pk")
        undated = rows.filter(meeting_date__isnull=True).order_by("pk")
        return [part.values("pk")[: self.first_rows] for part in (dated, undated)]

    @property
    def _read_by_issuer(self) -> bool:
        """Whether the list is a page's first rows (first_rows) sorted by issuer alone, either way, with no search
        (PostgreSQL): read issuer by issuer (``_first_by_issuer``)."""
        if connection.vendor != "postgresql" or self.first_rows is None or not self.is_valid():
            return False
        return not self.form.cleaned_data.get("q") and self._sorts_chosen in (["issuer"], ["-issuer"])

    def _issuers_kept(self) -> QuerySet:
        """The offices the list's issuer and country filters keep, in no order."""
        data = self.form.cleaned_data
        issuers = Organization.objects.order_by()
        if data.get("issuer"):
            issuers = issuers.filter(pk__in=[issuer.pk for issuer in data["issuer"]])
        if data.get("country"):
            issuers = issuers.filter(country__in=data["country"])
        return issuers

    def _in_kept_dates(self, readouts: QuerySet) -> QuerySet:
        """``readouts`` within the list's dates, asked again of the date each read-out keeps of its meeting
        (ReadOut.meeting_date, the same on PostgreSQL): an issuer's read-outs of a month are then a range of its index
        by date (readout_issuer_latest), where each of its read-outs was joined to the month's meetings (14 issuers'
        14,000 for a page, 21 ms)."""
        data = self.form.cleaned_data
        if data.get("date_from"):
            readouts = readouts.filter(meeting_date__gte=data["date_from"])
        if data.get("date_to"):
            readouts = readouts.filter(meeting_date__lte=data["date_to"])
        return readouts

    def _first_by_issuer(self, readouts: QuerySet) -> QuerySet:
        """The ids of the first ``first_rows`` of ``readouts`` (the list, sorted by issuer: its name, its country, then
        id, all one way), in that order: the issuers the list's issuer and country filters keep, in the order of their
        name and country (their unique index), each giving its first read-outs by id off their index with it
        (``readout_issuer_order``, migration 0056) as an array, unnested until a page's rows are read. PostgreSQL
        computes an issuer's array only when its rows are reached, so a page reads its own rows and an issuer's at
        most; sorted by the issuer's name, every read-out of the first issuers reached was read and sorted by id (the
        busiest issuer's 16,276 for a first page, 211 ms at 1,000,000 meetings; South Korea's offices' 5,244, 35)."""
        from django.contrib.postgres.expressions import ArraySubquery

        data = self.form.cleaned_data
        way = "-" if data["sort"][-1].startswith("-") else ""
        issuers = self._issuers_kept().order_by(f"{way}name", f"{way}country")
        theirs = self._in_kept_dates(readouts.filter(issuer=OuterRef("pk")))
        theirs = theirs.order_by(f"{way}pk").values("pk")[: self.first_rows]
        unnested = Func(F("first_readouts"), function="unnest")
        return issuers.annotate(first_readouts=ArraySubquery(theirs)).values_list(unnested, flat=True)[
            : self.first_rows
        ]

    def _in_kept_order(self, readouts):
        """One issuer's read-outs, newest meeting first (the list's default order, or ``sort=-date``), on PostgreSQL:
        in the same order by the meeting's date as each read-out keeps it (``ReadOut.meeting_date``), which its index
        with the issuer (``readout_issuer_latest``) holds, so that a page (and a search's first rows) is read off that
        index instead of joining all of the issuer's read-outs to the meetings and sorting them. The issuer's name, the
        order's next key, is the same for all of them."""
        issuers = self.form.cleaned_data.get("issuer")
        if connection.vendor != "postgresql":
            return readouts
        first, *ties = readouts.query.order_by or [None]
        if not issuers or len(issuers) != 1:
            if column_key(first)[0] == "meeting__date" and self._read_whole_and_sorted:
                return readouts.order_by(_by_kept_meeting_date(first), *ties)
            return readouts
        if column_key(first) != ("meeting__date", True, True) or ties not in (["issuer__name", "pk"], ["pk"]):
            return readouts
        return readouts.order_by(F("meeting_date").desc(nulls_last=True), "pk")

    @functools.cached_property
    def _country_issuers(self) -> CountryIssuers | None:
        """For a page's first rows (first_rows) of the read-outs of a country's offices (the country box; no search),
        on PostgreSQL: the ids of the issuers the list keeps; whether their read-outs are so few that those rows are
        read sooner by taking them all off the issuers' index and sorting them by the date each keeps of its meeting
        (``_in_kept_order``) than by walking the meetings' order for them, each meeting probed for its read-outs
        (sorted_sooner_than_walked: the read-outs counted as far as decides it, with the issuers, in one statement);
        and whether the count reached its bound (``many``: ``filter_country``). Else None.

        PostgreSQL takes each country's offices for an average 500th of the read-outs each, a fifteenth for 33 of
        them, whatever the country: it walked 39,316 meetings for a fifth page of Germany's 6,341 read-outs at
        1,000,000 meetings (180 ms; read whole and sorted, 39)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        if connection.vendor != "postgresql" or self.first_rows is None or data.get("q") or not data.get("country"):
            return None
        if self.window_key is not None:
            return None  # an API window: its cursor's condition is the window's, which a whole read would not ask
        if len(data.get("issuer") or ()) == 1:
            return None  # one issuer's read-outs are read off its own index by date (``_in_kept_order``)
        chosen, chosen_params = self._issuers_kept().values("pk").query.sql_with_params()
        table = ReadOut._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH archive AS (SELECT GREATEST(({_ARCHIVE_ROWS.sql}), 0) AS n), "
                f"readouts AS (SELECT GREATEST((SELECT reltuples FROM pg_class WHERE oid = %s::regclass), 0) AS n), "
                f"bound AS (SELECT CEIL(SQRT(%s * n))::bigint + 1 AS n FROM archive), "
                f"issuers AS (SELECT ARRAY({chosen}) AS ids), "
                f"theirs AS (SELECT COUNT(*) AS n FROM (SELECT 1 FROM {table}, issuers "
                f"WHERE issuer_id = ANY(issuers.ids) LIMIT (SELECT n FROM bound)) AS counted) "
                f"SELECT theirs.n, archive.n, readouts.n, theirs.n >= bound.n, ids "
                f"FROM theirs, archive, readouts, bound, issuers",
                [*_ARCHIVE_ROWS.params, table, self.first_rows, *chosen_params],
            )
            counted, archive, readouts, past_the_bound, ids = cursor.fetchone()
        read = counted * READOUT_SORT_LOOKUPS
        # By form the walk is of the read-outs' own index, each row far cheaper than a meeting probed for its
        # read-outs; its bound is lower than the date's, which the count reaches first.
        walked_by_form = int(readouts) // READOUTS_WALKED_PER_LOOKUP
        return CountryIssuers(
            ids,
            sorted_sooner_than_walked((counted, int(archive)), self.first_rows, read=read),
            past_the_bound,
            sorted_sooner_than_walked((counted, walked_by_form), self.first_rows, read=read),
        )

    def filter_country(self, queryset, name, value: list[str]):
        """The read-outs of the country's offices: as a join to the offices, or, for a page of the read-outs of offices
        that have more than a walk for it passes (``_country_issuers``), as the offices' ids, whose read-outs
        PostgreSQL counts from its statistics of the read-outs' issuers. As a join it took South Korea's 212,012
        read-outs for the fifteenth of all that any country's 34 offices are, and sorted them all for a hundredth page
        at 1,000,000 meetings (433 ms) rather than walk the meetings' order for them (59). Not for fewer: counted up to
        a page's total with the offices' ids, PostgreSQL read every one of Germany's 6,341 read-outs first (15 ms; as
        a join, 6)."""
        counted = self._country_issuers
        if counted is None or not counted.many:
            return queryset.filter(issuer__country__in=value)
        return queryset.filter(among_given(counted.ids, "issuer_id"))

    @property
    def rows_bounded(self) -> bool:
        """With first_rows set: whether the list holds only its first rows (a search, a list read by issuer or one
        issuer's earliest first, on PostgreSQL), so that its total must be counted by count_matches rather than from
        the list."""
        searched = self.is_valid() and bool(self.form.cleaned_data.get("q"))
        return (
            (self.first_rows is not None and searched and connection.vendor == "postgresql")
            or self._read_by_issuer
            or self._read_earliest_first
            or self._read_whole_and_sorted
        )

    def count_matches(self, limit: int) -> int:
        """With first_rows set: the list's rows counted up to ``limit``: a search's, any ``limit`` of each place's (the
        union has ``limit`` or more exactly when the list has), each read from its own index; any other's, any
        ``limit`` of the list as filtered."""
        listed = self._read_whole() if self._read_whole_and_sorted else self._filtered_otherwise
        if self.form.cleaned_data.get("q"):
            matched = ids_in_any(listed, self._places_read, limit)
        else:
            matched = list(listed.order_by().values_list("pk", flat=True)[:limit])
        return self._counted_ids(matched, limit)

    def _in_list_order(self, rows: QuerySet) -> QuerySet:
        return self._in_kept_order(rows)

    def search(self, queryset, name, value):
        """The phrase as typed (case aside) in a quoted passage or in the meeting's title.

        On PostgreSQL each place is read on its own, through its trigram index (migrations 0005 and 0030): asked as
        one OR of the read-out's and its meeting's columns, no index serves it, and a phrase no read-out holds read
        all of them (0.7 s at 1,000,000 meetings). A page (first_rows) takes each place's first rows in the list's
        order, as the meetings list's search does (search.first_matches): PostgreSQL walks the order's index for a
        common phrase and stops, or reads a rare one's few matches from the trigram index (the API's pages too, window
        by window: api/filtering.py). Every match (the CSV) is the union of the places' ids."""
        places = readout_places(value)
        if connection.vendor != "postgresql":
            return queryset.filter(places[0] | places[1])
        if self.first_rows is None:
            first, *others = (ReadOut.objects.filter(place).order_by().values("pk") for place in places)
            return queryset.filter(pk__in=first.union(*others))
        ordered = queryset.values("pk")
        return queryset.filter(in_any([ordered.filter(place)[: self.first_rows] for place in self._places_read]))

    @functools.cached_property
    def _places_read(self) -> list[Q]:
        """The search's places (readout_places) for a page and its count: on PostgreSQL a place that holds the phrase
        in at most FEW_MEETINGS read-outs as those read-outs, read once off its trigram index (search.at_most_few, kept
        until the data changes), each then looked up by key. Left to plan it, PostgreSQL took a phrase in few titles
        for one in a hundred (its sample's floor) and walked the read-outs in the list's order: ?q=Wha-dong's fifth
        page walked 167,720 meetings' read-outs at 1,000,000 meetings (342 ms) for the 251 of its 1,496 in a title.
        A place of more, as before."""
        text = self.form.cleaned_data["q"]
        places = readout_places(text)
        if connection.vendor != "postgresql":
            return places
        read = []
        for name, place in zip(READOUT_PLACES, places, strict=True):
            ids = kept_unless_many(
                f"readout-search-{name}",
                [text.casefold()],
                functools.partial(at_most_few, ReadOut.objects.filter(place).order_by().values("pk")),
            )
            read.append(place if ids is None else Q(among_given(ids)))
        return read

    def filter_issuer(self, queryset, name, value):
        return queryset.filter(issuer__in=value) if value else queryset


class PersonFilterSet(QuickFormFilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Names and spellings")
    country = CountryFilter()
    organization = LookupFilter(
        queryset=Organization.objects.all(),
        suggest="organizations",
        method="filter_organization",
        label="Ministry or office",
    )
    # "meetings": how many public meetings; "latest": the latest held contact (the list's default, newest first).
    sort = SortFilter(
        fields=(("name", "name"), ("country", "country"), ("meeting_count", "meetings"), ("last_contact", "latest")),
        ties_follow=True,
        ties={"last_contact": ("name", "pk")},  # "-latest" is the default order (PersonListView)
    )

    class Meta:
        model = Person
        fields = ["q", "country", "organization"]

    # Set by the paginated list (as MeetingFilterSet.first_rows): how many of its first rows it may show. A list sorted
    # by a kept figure, most or latest first, then reads only that many (``_first_by_kept_figure``); None reads all.
    first_rows: int | None = None
    _walk_decided: bool | None = None  # _walked_sooner's answer, once asked

    # The figures kept on write (PersonContacts) that the list may be sorted by, as Person.objects.with_contacts
    # names them, and the condition that a person has one: their public meetings (none without a kept row), the
    # date of their latest held one (none without a row, or with no held contact: NO_CONTACT, sorted last).
    KEPT_FIGURES = {
        "meeting_count": ("kept_contacts__contacts", Q(kept_contacts__contacts__gt=0)),
        "last_contact": ("kept_contacts__last_held", Q(kept_contacts__last_held__isnull=False)),
    }

    def filter_queryset(self, queryset):
        """With an office chosen and a sort (PostgreSQL): the same order in the office's kept rows' columns
        (``OfficePerson.kept_ordering``), so that a page is read off their index for that column rather than by
        joining and sorting all of the office's people (or, by country, walking every person's). Without one, sorted
        by a kept figure, most or latest first: only a page's first rows (``_first_by_kept_figure``)."""
        people = self._listed(queryset)
        if self.rows_bounded and self._walked_sooner(people):
            return self._first_by_kept_figure(people)
        return people

    def _walked_sooner(self, people) -> bool:
        """Whether the list's first rows are read sooner off the kept figure's index (``_first_by_kept_figure``) than by
        sorting all of its people. The walk meets the list's people about once every everybody ÷ theirs rows of the
        figure's order, the sort reads each of theirs: the rule of a subject's meetings (``sorted_sooner_than_walked``).
        A list of at most COUNT_CAP people (counted anyway, for the page) is sorted whole in a millisecond or two, less
        than building the query of its first rows costs. Walked past COUNT_CAP alone, a country of 1,308 people among
        100,000 (1,000,000 meetings) read 7,700 kept rows for its second page (35 ms) where sorting them took 20.
        Decided once per FilterSet (the API's windows each ask)."""
        if self._walk_decided is None:
            theirs, everybody = self._counted_beside_everybody(people)
            walked = theirs > COUNT_CAP and not sorted_sooner_than_walked((theirs, everybody), self.first_rows)
            self._walk_decided = walked
        return self._walk_decided

    def _counted_beside_everybody(self, people) -> tuple[int, int]:
        """(``people`` counted as far as decides ``_walked_sooner``: COUNT_CAP + 1, or past it the number of them beyond
        which a walk for ``first_rows`` of them is the sooner; everybody with a public contact, ``_EVERYBODY_SQL``), in
        one statement. The count up to COUNT_CAP + 1, what the page shows, is kept for ``count_matches``."""
        listed, params = people.order_by().values("pk").query.sql_with_params()
        bound = "SELECT GREATEST(%s, CEIL(SQRT(%s * n)) + 1)::bigint FROM everybody"
        with connections[people.db].cursor() as cursor:
            cursor.execute(
                f"WITH everybody AS ({_EVERYBODY_SQL}) "
                f"SELECT (SELECT COUNT(*) FROM ({listed} LIMIT ({bound})) AS listed), n FROM everybody",
                [*params, COUNT_CAP + 1, self.first_rows],
            )
            theirs, everybody = cursor.fetchone()
        self._counted.setdefault(COUNT_CAP + 1, min(theirs, COUNT_CAP + 1))
        return theirs, int(everybody)

    def _listed(self, queryset):
        people = super().filter_queryset(queryset)
        if connection.vendor != "postgresql":
            return people
        if not self.form.cleaned_data.get("organization"):
            ordering = list(people.query.order_by)
            if ordering and self.sorts_matches(column_key(ordering[0])[0], people):
                return people.order_by(*without_index(ordering))
            return people
        if not self.form.cleaned_data.get("sort"):
            return people  # filter_organization's order, off its own index
        kept = OfficePerson.kept_ordering(people.query.order_by, "office_links__")
        return people.order_by(*kept) if kept else people

    def _kept_figure_sorted(self) -> str | None:
        """The kept figure (a key of KEPT_FIGURES) the list is sorted by first, either way, on PostgreSQL without an
        office (whose own kept rows hold its order); else None."""
        if connection.vendor != "postgresql" or not self.is_valid() or self.form.cleaned_data.get("organization"):
            return None
        sort = self.form.cleaned_data.get("sort") or [""]
        column = self.filters["sort"].get_ordering_value(sort[0]) if sort[0] else ""
        if not column and self.window_key is not None:
            # The API's windows in a kept figure's order, read as the page reads its first rows (after a cursor, from
            # the cursor's figure on: ``_first_by_kept_figure``): sorted whole by the figure over a left join of every
            # person to a kept row, /api/people/?sort=-meetings took 87 ms at 1,000,000 meetings, each page after it 75.
            column = f"{'-' if self.window_key.descending else ''}{self.window_key.field}"
        elif not column:
            # No sort chosen: the list's own order, its queryset's (PersonListView's: the latest contact first). Taken
            # for another, /people/?country=KR joined all of the country's people to their kept rows and sorted them
            # (41,000 at 1,000,000 meetings, 60 ms a page) where ?country=KR&sort=-latest, the same list, read 3.
            # (Unfiltered, the view's deeper pages go through its own cached order of everybody, without first_rows.)
            ordering = self.queryset.query.order_by
            column = ordering[0] if ordering and isinstance(ordering[0], str) else ""
        figure = column.removeprefix("-")
        return figure if figure in self.KEPT_FIGURES else None

    @property
    def rows_bounded(self) -> bool:
        """With first_rows set: whether the list holds only its first rows (sorted by a kept figure), so that its
        total must be counted by count_matches rather than from the list."""
        return self.first_rows is not None and self._kept_figure_sorted() is not None

    def count_matches(self, limit: int) -> int:
        """With first_rows set: the list's people counted up to ``limit``, as they are before their first rows are
        taken (counted once: filter_queryset asks first)."""
        if limit in self._counted:
            return self._counted[limit]
        return self._counted_up_to(limit, self._listed(self.queryset))

    def _counted_up_to(self, limit: int, people) -> int:
        """``people`` (the list before its first rows are taken) counted up to ``limit``, once per limit."""
        if limit not in self._counted:
            self._counted[limit] = people.order_by().values("pk")[:limit].count()
        return self._counted[limit]

    @functools.cached_property
    def _counted(self) -> dict[int, int]:
        return {}

    def _first_by_kept_figure(self, people):
        """The list sorted by a kept figure, as its first ``first_rows`` rows: most or latest first, the first of the
        people with the figure, read off its index on their kept rows (migration 0035) in the list's order, and, only
        when those are fewer, the first of the people without it (all tied at no figure, so in the order's next
        keys); fewest or earliest first, the other way round: the people without it first, read off their own rows
        (``_without_figure``), and only when those are fewer, the first of the people with it off its index forward.

        Each person's figure is on their kept row, which a person without a public contact lacks: the list joined
        every person to a kept row or none and sorted them all, 100,000 at 1,000,000 meetings (40-50 ms a page; the
        people without a figure, found by an anti-join of every person, 35)."""
        figure = self._kept_figure_sorted()
        column, has_figure = self.KEPT_FIGURES[figure]
        ordering = list(people.query.order_by)
        ties = ordering[1:]
        count = self.first_rows
        descending = column_key(ordering[0])[1]
        with_figure = people.filter(has_figure).order_by(OrderBy(F(column), descending=descending), *ties).values("pk")
        if self.window_start is not None and self.window_start[0] is not None:
            # An API window after a cursor: its rows with the figure start at the cursor's figure, a range the figure's
            # index is read from (the window's own condition is on the figure with none taken as nothing, which no
            # index holds: each page read the index from its top down to the cursor).
            with_figure = with_figure.filter(**{f"{column}__{'lte' if descending else 'gte'}": self.window_start[0]})
        without = people.filter(pk__in=self._without_figure(figure)).exclude(has_figure).order_by(*ties).values("pk")
        if descending:
            first, then = with_figure, without
        else:
            first, then = without, with_figure
        return people.filter(in_any([first[:count], then.filter(~Exists(first[count - 1 : count]))[:count]]))

    @staticmethod
    def _without_figure(figure: str) -> QuerySet:
        """The ids of the people that have no ``figure`` (a key of KEPT_FIGURES), each read off an index of its own
        (PostgreSQL): the people with no public contact (PersonWithoutContacts, migration 0044) and, for the latest
        contact, those with public contacts but none held (their kept rows' partial index, 0044). A row that a write
        has not yet reached holds no one who has the figure: the list asks the figure of each again."""
        ids = PersonWithoutContacts.objects.values("person")
        if figure == "meeting_count":
            return ids
        return ids.union(PersonContacts.objects.filter(last_held__isnull=True).values("person"), all=True)

    def sorts_matches(self, column: str | None, people: QuerySet | None = None) -> bool:
        """Whether the list, in an order by ``column`` first, takes its search's matches from the names' trigram indexes
        and sorts them, rather than walking the column's index and testing each person (PostgreSQL, from TRIGRAM
        letters typed). By name the matches of a name cluster, since a Korean name starts with its family name:
        walking the name index for "Yoon" passed 91,637 of 100,000 people (86 ms at 1,000,000 meetings) before the
        first of its 4,130, which sorted take 5 ms. Fewer letters have no trigram and match most names, which a walk
        finds at once. By country a common name's matches are spread, and a walk finds a page of them soon, but a rare
        one's are few to find: given the list's ``people`` (every filter applied), they are sorted when the list's
        count (``total_kept``, which the page counts anyway) is within COUNT_CAP. ?q=Sang-jin walked 99,874 people for
        its 126 (79 ms at 1,000,000 meetings). (By a kept figure the list reads its first rows its own way:
        ``_first_by_kept_figure``.)"""
        if connection.vendor != "postgresql" or not self.is_valid():
            return False
        if len(self.form.cleaned_data.get("q") or "") < TRIGRAM:
            return False
        if column == "name":
            return True
        return column == "country" and people is not None and self.total_kept(COUNT_CAP + 1, people) <= COUNT_CAP

    def office_rows(self, limit: int) -> int | None:
        """With an office chosen and no other filter (PostgreSQL): the list's people counted up to ``limit`` as the
        office's kept rows, each one person, without joining each to its person (1,001 of them: 4.4 ms at a million
        meetings, 0.6 counted alone); else None (the list counts itself)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        office = data.get("organization")
        others = (value for key, value in data.items() if key not in ("organization", "sort"))
        if connection.vendor != "postgresql" or not office or any(others):
            return None
        return OfficePerson.objects.filter(organization=office).order_by().values("person")[:limit].count()

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        people = queryset.of_office(value)
        if connection.vendor != "postgresql":
            return people
        # The office's kept rows (OfficePerson), in the list's default order as they keep it (the same values as
        # the people's own: latest held contact, name, pk), so that a page is read off their index; a sort chosen
        # in the request replaces it, in their columns too (filter_queryset).
        return people.order_by(*OfficePerson.latest_first("office_links__"))


class OrganizationFilterSet(QuickFormFilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Names, acronyms and other names")
    country = CountryFilter()
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label="Kind")
    sort = SortFilter(fields=(("name", "name"), ("country", "country"), ("kind", "kind")))

    class Meta:
        model = Organization
        fields = ["q", "country", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value) | Q(aliases__icontains=value))


class ArticleFilterSet(QuickFormFilterSet):
    q = django_filters.CharFilter(method="search", label="Search", help_text="Titles and text")
    date_from = PartialDateFilter(field_name="published", label="Published from")
    date_to = PartialDateFilter(field_name="published", end=True, label="Published to")
    sort = SortFilter(fields=(("published", "published"), ("slug", "slug"), ("title", "title")))

    class Meta:
        model = Article
        form = DateRangeForm
        fields = ["q", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value) | Q(slug__icontains=value))
