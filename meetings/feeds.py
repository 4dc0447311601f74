"""Atom feeds of meetings: any filtered list, a person, an office, a country, two countries.

Each feed is the meetings list's FilterSet (meetings/filters.py) with the parameters the page would
have, over the page's QuerySet: a feed shows the meetings its page lists. Without a ``sort`` the
latest recorded or changed come first, as a feed reader expects; with one, the list's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django_countries import countries

from meetings.filters import MeetingFilterSet
from meetings.models import Meeting, Organization, Person
from meetings.templatetags.diplo import at_precision

# A reader polls often and keeps what it has seen; the list, its CSV and the API have the rest.
FEED_ENTRIES = 50


@dataclass(frozen=True)
class Selection:
    """What a feed is about: its title, the page it mirrors, and that page's meetings."""

    title: str
    link: str
    meetings: QuerySet
    feed_url: str


def filtered_meetings(*, params: QueryDict | dict, first_rows: int | None = None) -> QuerySet:
    """The public meetings the meetings list shows for these parameters; none for invalid ones, as on the page.

    ``first_rows``: the feed shows no more than these, in this order (MeetingFilterSet.first_rows): a search or an
    office's filter then reads only as many of its matches, not every one. None for a set that is filtered further.
    """
    filterset = MeetingFilterSet(params or None, queryset=Meeting.objects.public().order_by("-updated_at", "-pk"))
    filterset.first_rows = first_rows
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def _country(code: str) -> str:
    code = code.upper()
    if code not in countries:
        raise Http404(f"No country with the code {code}")
    return code


class MeetingsFeed(Feed):
    feed_type = Atom1Feed
    author_name = "diplo"

    def get_object(self, request, *args, **kwargs) -> Selection:
        """The feed's own address (its self link) and what it is about; the instance is shared by all requests."""
        return Selection(feed_url=request.get_full_path(), **self.select(request, *args, **kwargs))

    def select(self, request, *args, **kwargs) -> dict:
        raise NotImplementedError

    def title(self, selection: Selection) -> str:
        return f"diplo: {selection.title}"

    def link(self, selection: Selection) -> str:
        return selection.link

    def feed_url(self, selection: Selection) -> str:
        return selection.feed_url

    def subtitle(self, selection: Selection) -> str:
        return f"Diplomatic contacts: {selection.title}, as recorded from news articles."

    def items(self, selection: Selection):
        return selection.meetings.for_list()[:FEED_ENTRIES]

    def item_title(self, meeting: Meeting) -> str:
        return f"{at_precision(meeting.date, meeting.date_precision)}: {meeting.title}"

    def item_description(self, meeting: Meeting) -> str:
        """HTML (Atom's summary type="html"): every value is escaped."""
        facts = format_html(
            "<p>{} · {} · {}{}</p>",
            at_precision(meeting.date, meeting.date_precision),
            meeting.get_kind_display(),
            meeting.get_status_display(),
            f" · {meeting.location}" if meeting.location else "",
        )
        people = format_html_join(
            "",
            "<li>{}{}{}{}</li>",
            (
                (
                    p.person.name,
                    f", {p.title}" if p.title else "",
                    f", {p.organization.name}" if p.organization else "",
                    f" ({p.country.code})" if p.country else "",
                )
                for p in meeting.participations.all()
            ),
        )
        readouts = format_html_join(
            "",
            "<li>{} ({}): {}</li>",
            ((r.issuer.name, r.get_form_display().lower(), " … ".join(r.quotes)) for r in meeting.readouts.all()),
        )
        parts = [facts]
        if people:
            parts.append(format_html("<p>Participants:</p><ul>{}</ul>", people))
        if readouts:
            parts.append(format_html("<p>Read-outs:</p><ul>{}</ul>", readouts))
        return "".join(parts)

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting: Meeting):
        return meeting.created_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.updated_at

    def item_categories(self, meeting: Meeting) -> list[str]:
        return [meeting.kind, meeting.status]


class MeetingListFeed(MeetingsFeed):
    """/meetings/feed/?…: the meetings list with the same query parameters."""

    def select(self, request) -> dict:
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
        return dict(
            title="meetings" + (f" where {query}" if query else ""),
            link=reverse("meetings:meeting_list") + (f"?{query}" if query else ""),
            meetings=filtered_meetings(params=params, first_rows=FEED_ENTRIES),
        )


class PersonFeed(MeetingsFeed):
    def select(self, request, slug: str) -> dict:
        person = get_object_or_404(Person, slug=slug)
        return dict(
            title=f"meetings of {person.name}",
            link=person.get_absolute_url(),
            meetings=filtered_meetings(params={"person": person.slug}),
        )


class OrganizationFeed(MeetingsFeed):
    """An office's meetings: those of its people and those it issued a read-out on, as on its page."""

    def select(self, request, slug: str) -> dict:
        office = get_object_or_404(Organization, slug=slug)
        return dict(
            title=f"meetings of {office.name}",
            link=office.get_absolute_url(),
            meetings=filtered_meetings(params={"organization": [office.slug]}),
        )


class CountryFeed(MeetingsFeed):
    def select(self, request, code: str) -> dict:
        code = _country(code)
        return dict(
            title=f"meetings with officials of {countries.name(code)}",
            link=reverse("meetings:country_detail", args=[code]),
            meetings=filtered_meetings(params={"country": [code]}),
        )


class CountryPairFeed(MeetingsFeed):
    """Contacts between two countries: meetings with officials of both (the list's ``country`` means either)."""

    def select(self, request, code: str, other: str) -> dict:
        code, other = _country(code), _country(other)
        both = filtered_meetings(params={"country": [code, other], "country_mode": "all"})
        return dict(
            title=f"contacts between {countries.name(code)} and {countries.name(other)}",
            link=reverse("meetings:country_pair", args=[code, other]),
            meetings=both,
        )
