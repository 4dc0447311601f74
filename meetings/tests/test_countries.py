"""/countries/: each country with its count of meetings and people, linked from the menu."""

import re

import pytest

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


def test_a_person_is_counted_under_the_country_an_editor_corrects_to(client):
    """A person's country corrected (one saved, several at once in a bulk update) moves them from one country's
    people to the other's; the meetings stay counted by their participants' countries."""
    import datetime as dt

    from meetings.models import Person
    from meetings.tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

    envoy = PersonFactory(name="Seo Ha-neul", slug="seo-ha-neul", country="KR")
    aide = PersonFactory(name="Ryang Chol-su", slug="ryang-chol-su", country="KR")
    host = PersonFactory(name="O Kum-sil", slug="o-kum-sil", country="KP")
    talks = MeetingFactory(date=dt.date(2023, 5, 2))
    for person, country in ((envoy, "KR"), (aide, "KR"), (host, "KP")):
        ParticipationFactory(meeting=talks, person=person, country=country)
    assert rows(client.get("/countries/").content.decode()) == [("KP", "1", "1"), ("KR", "1", "2")]

    aide.country = "KP"
    aide.save()
    assert rows(client.get("/countries/").content.decode()) == [("KP", "1", "2"), ("KR", "1", "1")]
    Person.objects.filter(pk__in=[envoy.pk, aide.pk]).update(country="US")
    assert rows(client.get("/countries/").content.decode()) == [("KP", "1", "1"), ("KR", "1", "0")]


def test_people_count_under_their_country_whichever_is_stored_first(client):
    """A participant may be stored before their person within a transaction (the foreign key is checked at commit):
    the person is counted once both are there, and no longer once both are deleted, in either order."""
    import datetime as dt

    from django.db import connection, transaction

    from meetings.models import Participation, Person
    from meetings.tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

    talks = MeetingFactory(date=dt.date(2024, 9, 12))
    ParticipationFactory(meeting=talks, person=PersonFactory(name="Kwon Dae-ho", slug="kwon-dae-ho"), country="KR")
    with transaction.atomic():
        newcomer = Person.objects.order_by("-pk").first().pk + 1
        Participation.objects.create(meeting=talks, person_id=newcomer, country="KR")
        Person.objects.create(pk=newcomer, name="Nam Ji-woo", slug="nam-ji-woo", country="KR")
    assert rows(client.get("/countries/").content.decode()) == [("KR", "1", "2")]

    with transaction.atomic(), connection.cursor() as cursor:  # the person first, then what refers to them
        cursor.execute("DELETE FROM meetings_person WHERE id = %s", [newcomer])
        Participation.objects.filter(person_id=newcomer).delete()
    assert rows(client.get("/countries/").content.decode()) == [("KR", "1", "1")]
