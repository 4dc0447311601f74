"""/countries/: each country with its count of meetings and people, linked from the menu."""

import re

import pytest
from django.db.models import Sum

from meetings.tests.api_world import build_world

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[tuple[str, str, str]]:
    """(code, meetings, people) per table row, in the order shown."""
    return re.findall(
        r'href="/countries/([A-Z]{2})/".*?<td data-label="Meetings"><a [^>]*>(\d+)</a></td>'
        r'<td data-label="People">(\d+)</td>',
        html,
    )


def test_countries_are_listed_by_meetings_with_their_people(client):
    build_world()
    html = client.get("/countries/").content.decode()
    # KP: the summit, the call and the letter (not the rejected meeting); KR: talks, working group, call.
    assert rows(html) == [("KP", "3", "1"), ("KR", "3", "2"), ("US", "3", "1")]
    assert 'href="/meetings/?country=KP"' in html and "North Korea" in html


def test_the_menu_links_the_countries_page(client):
    html = client.get("/").content.decode()
    assert re.search(r'<nav aria-label="Main">.*href="/countries/".*</nav>', html, re.S)


def test_no_countries_yet(client, db):
    assert "No meetings recorded yet." in client.get("/countries/").content.decode()


def test_a_countrys_people_are_those_who_took_part_in_a_public_meeting(client):
    """People are counted once however many meetings they had, and not for a rejected or retired meeting alone."""
    import datetime as dt

    from meetings.tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

    busy = PersonFactory(name="Yoo Myung-hee", slug="yoo-myung-hee", country="KR")
    rejected_only = PersonFactory(name="Chae Hyun-il", slug="chae-hyun-il", country="KR")
    retired_only = PersonFactory(name="Ahn Ho-young", slug="ahn-ho-young", country="KR")
    for day in (1, 2, 3):
        ParticipationFactory(meeting=MeetingFactory(date=dt.date(2022, 3, day)), person=busy, country="KR")
    rejected = MeetingFactory(review_status="rejected")
    ParticipationFactory(meeting=rejected, person=rejected_only, country="KR")
    retired = MeetingFactory(retired_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    ParticipationFactory(meeting=retired, person=retired_only, country="KR")
    assert rows(client.get("/countries/").content.decode()) == [("KR", "3", "1")]


def test_the_countries_totals_are_read_off_their_index_on_postgresql(client):
    """Each country's contacts are the sum of its kept rows by kind, read on PostgreSQL off an index of those rows
    alone (migration 0033) rather than from every kept row of the table; SQLite counts the participations."""
    from django.db import connection

    from meetings.models import CountryContacts
    from meetings.tests.plans import plan_without

    build_world()
    assert rows(client.get("/countries/").content.decode())[0] == ("KP", "3", "1")
    if connection.vendor != "postgresql":
        return  # SQLite keeps no counts
    by_kind = CountryContacts.objects.exclude(country="").filter(counterparts=CountryContacts.BY_KIND)
    plan = plan_without(by_kind.order_by().values_list("country").annotate(n=Sum("contacts")))
    assert "country_contacts_by_kind" in plan, plan
