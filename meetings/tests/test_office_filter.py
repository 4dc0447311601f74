"""Offices and news agencies kept apart in the meetings filter: a box for ministries and offices that suggests no
news agency, and one for state media and news agencies that suggests nothing else."""

import datetime as dt

import pytest

from meetings.tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported():
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kp-mofa", country="KP", kind="ministry")
    kcna = OrganizationFactory(
        name="Korean Central News Agency", acronym="KCNA", slug="kp-kcna", country="KP", kind="media"
    )
    choe = PersonFactory(name="Choe Son-hui", slug="choe", country="KP")
    talks = MeetingFactory(title="Choe in Moscow", date=dt.date(2019, 5, 1))
    ParticipationFactory(meeting=talks, person=choe, organization=mofa, country="KP")
    ReadOutFactory(meeting=talks, issuer=kcna)
    quiet = MeetingFactory(title="Choe in Beijing", date=dt.date(2019, 6, 1))
    ParticipationFactory(meeting=quiet, person=choe, organization=mofa, country="KP")


def labels(client, kind: str, typed: str) -> list[str]:
    return [r["label"] for r in client.get(f"/suggest/{kind}.json?q={typed}").json()["results"]]


def test_the_office_box_suggests_no_news_agency_and_the_media_box_nothing_else(client, reported):
    page = client.get("/meetings/").content.decode()
    assert '<label for="id_organization">Ministry or office</label>' in page
    assert '<label for="id_media">State media or news agency</label>' in page
    assert 'data-suggest="/suggest/offices.json"' in page and 'data-suggest="/suggest/media.json"' in page
    # "Korea" is in both names: each box offers only its own kind.
    assert labels(client, "offices", "Korea") == [] and labels(client, "offices", "Foreign") == [
        "Ministry of Foreign Affairs (KP)"
    ]
    assert labels(client, "media", "Korea") == ["Korean Central News Agency (KP)"]
    assert labels(client, "media", "Foreign") == []
    # Only offices that occur in a meeting are offered: one nobody took part for, and that issued nothing, is not.
    OrganizationFactory(name="Foreign Trade Bank", slug="kp-ftb", country="KP", kind="agency")
    OrganizationFactory(name="Korea Central Broadcasting", slug="kp-kcbs", country="KP", kind="media")
    assert labels(client, "offices", "Foreign") == ["Ministry of Foreign Affairs (KP)"]
    assert labels(client, "media", "Korea") == ["Korean Central News Agency (KP)"]


def test_the_media_filter_lists_the_meetings_a_news_agency_gave_an_account_of(client, reported):
    response = client.get("/meetings/?media=kp-kcna")
    assert [m.title for m in response.context["object_list"]] == ["Choe in Moscow"]
    page = response.content.decode()
    assert 'aria-label="Remove filter State media or news agency Korean Central News Agency' in page
    # A ministry is no news agency: named in the media box, it is an error that says so, not an empty list.
    wrong = client.get("/meetings/?media=kp-mofa")
    assert (
        "Nothing is recorded as kp-mofa" in wrong.content.decode() and "No meetings match" not in wrong.content.decode()
    )
    assert client.get("/meetings/export.csv?media=kp-mofa").status_code == 400
    # Links that name a news agency as an organization (its own page's timeline) keep working.
    assert [m.title for m in client.get("/meetings/?organization=kp-kcna").context["object_list"]] == ["Choe in Moscow"]
