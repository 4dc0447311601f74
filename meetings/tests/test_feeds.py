"""Atom feeds: valid Atom, the meetings their page lists, linked from the pages."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting
from meetings.tests.api_world import build_world, populate
from meetings.tests.factories import (
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)
from meetings.tests.plans import plan_without

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world():
    return build_world()


def atom(client, url: str) -> ET.Element:
    """The feed, parsed, after checking what RFC 4287 requires of a feed and of each entry."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response["Cache-Control"] == "no-cache"  # a reader asks again rather than guess it fresh, cache or none
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{element}"), f"the feed has no {element}"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # entries have none of their own
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].startswith("http://testserver/") and links["alternate"].startswith("http://testserver/")
    for entry in feed.findall(f"{ATOM}entry"):
        for element in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{element}"), f"an entry has no {element}"
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/meetings/")
    return feed


def entry_ids(feed: ET.Element) -> list[int]:
    return [
        int(re.search(r"/meetings/(\d+)/$", e.find(f"{ATOM}link").get("href")).group(1))
        for e in feed.findall(f"{ATOM}entry")
    ]


def page_meeting_ids(client, url: str) -> list[int]:
    return sorted(int(i) for i in re.findall(r'href="/meetings/(\d+)/"', client.get(url).content.decode()))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=KP",
        "country=KP&country=US",
        "organization=kr-mofa",
        "person=kang",
        "kind=summit",
        "status=planned",
        "date_from=2019",
        "date_to=2018-12",
        "q=door",
        "country=US&date_from=2019&kind=meeting",
    ],
)
def test_the_meetings_feed_has_the_meetings_of_the_list_with_the_same_query(client, world, query):
    feed = atom(client, f"/meetings/feed/?{query}")
    assert sorted(entry_ids(feed)) == page_meeting_ids(client, f"/meetings/?{query}")
    assert world["rejected"].pk not in entry_ids(feed)
    alternate = next(link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate")
    assert alternate == f"http://testserver/meetings/{'?' + query if query else ''}"


def test_an_invalid_query_gives_an_empty_feed_as_the_page_gives_an_empty_list(client, world):
    assert entry_ids(atom(client, "/meetings/feed/?date_from=2019-02-30")) == []


def test_an_entry_tells_the_date_people_and_readouts(client, world):
    feed = atom(client, "/meetings/feed/?person=kang&kind=meeting")
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "10 May 2019: Biegun – Kang talks"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    text = unescape(summary.text)
    assert "Kang Kyung-wha, Minister, Ministry of Foreign Affairs (KR)" in text and "The door is open." in text
    assert "<script" not in text


def test_titles_and_quotes_are_escaped_in_entries(client, world):
    MeetingFactory(title="<script>alert(1)</script> talks", location="<b>Seoul</b>")
    feed = atom(client, "/meetings/feed/?q=talks")
    summaries = [e.find(f"{ATOM}summary").text for e in feed.findall(f"{ATOM}entry")]
    assert any("&lt;b&gt;Seoul&lt;/b&gt;" in s for s in summaries)
    assert "<script>alert(1)</script> talks" in [
        e.findtext(f"{ATOM}title").split(": ", 1)[1] for e in feed.findall(f"{ATOM}entry")
    ]


def test_the_latest_recorded_come_first(client, world):
    newest = MeetingFactory(title="Recorded last", date=None)
    assert entry_ids(atom(client, "/meetings/feed/"))[0] == newest.pk


@pytest.mark.parametrize("query", ["q=reunion", "q=Son-gwon+round", "q=reunion&sort=title", "organization=kp-mfa"])
def test_a_feed_of_more_matches_than_entries_lists_the_latest_changed_of_them(client, monkeypatch, query):
    """The feed shows its first entries (the latest recorded or changed) of every match, found in a title, a
    participant, a quote or a source sentence, or through an office; on PostgreSQL it reads only as many of each
    place's first matches (a feed of 2 entries here, so that each place holds more than the feed shows)."""
    monkeypatch.setattr("meetings.feeds.FEED_ENTRIES", 2)
    office = OrganizationFactory(slug="kp-mfa", name="Foreign Ministry", country="KP")
    ri = PersonFactory(name="Ri Son-gwon", country="KP")
    matching = []
    for i in range(12):
        meeting = MeetingFactory(title=f"Family reunion round {i}" if i % 4 == 0 else f"Round {i}")
        if i % 4 == 1:
            ParticipationFactory(meeting=meeting, person=ri, organization=office)
        if i % 4 == 2:
            ReadOutFactory(meeting=meeting, issuer=office, quotes=["The reunion of families was agreed."])
        if i % 4 == 3:
            EvidenceFactory(meeting=meeting, sentence="Both sides discussed the reunion of separated families.")
        matching.append(meeting)
    # Changed in an order of their own, not the order they were made in.
    for rank, i in enumerate([5, 2, 11, 0, 7, 9, 1, 3, 6, 10, 4, 8]):
        Meeting.objects.filter(pk=matching[i].pk).update(updated_at=timezone.now() - dt.timedelta(hours=rank))
    listed = page_meeting_ids(client, f"/meetings/?{query}")
    by_change = Meeting.objects.filter(pk__in=listed).order_by("-updated_at", "-pk").values_list("pk", flat=True)
    if "sort=title" in query:
        by_change = Meeting.objects.filter(pk__in=listed).order_by("title", "pk").values_list("pk", flat=True)
    assert len(listed) > 2
    assert entry_ids(atom(client, f"/meetings/feed/?{query}")) == list(by_change[:2])


def test_a_person_feed(client, world):
    feed = atom(client, "/people/kang/feed/")
    assert feed.findtext(f"{ATOM}title") == "diplo: meetings of Kang Kyung-wha"
    assert sorted(entry_ids(feed)) == sorted([world["talks"].pk, world["call"].pk])
    assert client.get("/people/nobody/feed/").status_code == 404


def test_an_office_feed_has_its_peoples_meetings_and_those_it_gave_an_account_of(client, world):
    assert entry_ids(atom(client, "/organizations/kp-kcna/feed/")) == [world["summit"].pk]
    assert sorted(entry_ids(atom(client, "/organizations/us-state/feed/"))) == sorted(
        [world["talks"].pk, world["group"].pk, world["summit"].pk]
    )
    assert client.get("/organizations/nowhere/feed/").status_code == 404


def test_country_feeds(client, world):
    assert sorted(entry_ids(atom(client, "/countries/KP/feed/"))) == sorted(
        [world["summit"].pk, world["call"].pk, world["letter"].pk]
    )
    # Two countries: contacts with officials of both, not of either.
    assert sorted(entry_ids(atom(client, "/countries/KR/KP/feed/"))) == [world["call"].pk]
    assert sorted(entry_ids(atom(client, "/countries/us/kr/feed/"))) == sorted([world["talks"].pk, world["group"].pk])
    assert client.get("/countries/XX/feed/").status_code == 404
    assert client.get("/countries/KR/XX/feed/").status_code == 404


@pytest.mark.parametrize(
    "page,feed",
    [
        ("/meetings/?country=KP&kind=summit", "/meetings/feed/?country=KP&amp;kind=summit"),
        ("/people/kang/", "/people/kang/feed/"),
        ("/organizations/kr-mofa/", "/organizations/kr-mofa/feed/"),
        ("/countries/KR/", "/countries/KR/feed/"),
        ("/countries/KR/KP/", "/countries/KR/KP/feed/"),
    ],
)
def test_pages_announce_and_link_their_feed(client, world, page, feed):
    html = client.get(page).content.decode()
    alternates = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert alternates == [feed]
    assert re.search(rf'<a href="{re.escape(feed)}" type="application/atom\+xml">[^<]*Atom feed', html)
    assert client.get(unescape(feed)).status_code == 200


def test_a_feed_runs_as_many_queries_for_30_meetings_as_for_2(client):
    def queries() -> dict[str, int]:
        counts = {}
        for url in ["/meetings/feed/", "/meetings/feed/?country=US&date_from=2019", "/countries/KR/US/feed/"]:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[url] = len(captured)
        return counts

    populate(2)
    few = queries()
    populate(28)
    assert len(entry_ids(atom(client, "/countries/KR/US/feed/"))) == 30
    assert queries() == few


def test_on_postgresql_a_feed_reads_its_order_off_an_index(world):
    """The latest changed first, read off migration 0031's index rather than by sorting every public meeting."""
    from meetings.feeds import FEED_ENTRIES, filtered_meetings

    if connection.vendor != "postgresql":
        return  # SQLite sorts; what it lists is the same
    latest = filtered_meetings(params={}, first_rows=FEED_ENTRIES)[:FEED_ENTRIES]
    plan = plan_without(latest, "seqscan", "sort")
    assert "Index Scan using meeting_public_updated" in plan and "Sort" not in plan, plan


@pytest.mark.django_db(transaction=True)  # the data version is raised when a write commits
def test_a_feed_reader_polling_an_unchanged_feed_is_answered_not_modified_until_a_meeting_is_added(
    client, settings, django_assert_num_queries
):
    """Readers poll every few minutes: an unchanged feed is served from the page cache (the data version's query and
    a cache read) and a reader that sends back what it was given (its ETag, or its Last-Modified date) gets 304 with
    no body; once a meeting is recorded, the feed in full with it."""
    settings.PAGE_CACHE_SECONDS = 3600
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang")
    ParticipationFactory(meeting=MeetingFactory(title="Talks in Seoul"), person=kang)
    first = client.get("/people/kang/feed/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    # Asked again before it is shown, never taken for fresh from its Last-Modified's age.
    assert first["Cache-Control"] == "no-cache"
    with django_assert_num_queries(1):
        by_tag = client.get("/people/kang/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_tag.status_code == 304 and by_tag.content == b"" and by_tag["ETag"] == first["ETag"]
    by_date = client.get("/people/kang/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    ParticipationFactory(meeting=MeetingFactory(title="Talks in Tokyo"), person=kang)
    polled = client.get("/people/kang/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert polled.status_code == 200 and polled["ETag"] != first["ETag"]
    titles = [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(polled.content).findall(f"{ATOM}entry")]
    assert titles[0].endswith(": Talks in Tokyo")  # the latest recorded first
