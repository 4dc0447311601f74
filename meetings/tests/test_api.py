"""The read-only JSON API on the real database: the pages' rows, stable pages, the schema, no writes."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting, Person, ReadOut
from meetings.tests.api_world import build_world, populate
from meetings.tests.factories import (
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    ReadOutFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def api_rows(client, url: str) -> list[dict]:
    """Every row of an API list, following its `next` links."""
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


def page_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _links(html: str, prefix: str, key: str = r'[^/"?]+') -> list[str]:
    return re.findall(rf'href="/{prefix}/({key})/"', html)


# What identifies a row on each page (its link) and in the API.
LISTS = {
    "meetings": (lambda html: sorted(int(i) for i in _links(html, "meetings", r"\d+")), lambda r: r["id"]),
    "people": (lambda html: sorted(_links(html, "people")), lambda r: r["slug"]),
    "organizations": (lambda html: sorted(_links(html, "organizations")), lambda r: r["slug"]),
    "articles": (lambda html: sorted(_links(html, "articles")), lambda r: r["slug"]),
    # A read-out row links its meeting and its issuer.
    "readouts": (
        lambda html: sorted(
            (int(m), o)
            for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
            for m, o in [
                (re.search(r'href="/meetings/(\d+)/"', row), re.search(r'href="/organizations/([^/"]+)/"', row))
            ]
            if m and o
            for m, o in [(m.group(1), o.group(1))]
        ),
        lambda r: (r["meeting"]["id"], r["issuer"]["slug"]),
    ),
}

QUERIES = {
    "meetings": [
        "",
        "q=Biegun",
        "q=door",
        "q=Kyung-hwa",
        "q=Singapore",
        "date_from=2019",
        "date_from=2019-04",
        "date_to=2018",
        "date_to=2019-03",
        "date_from=2018-06-12&date_to=2019-03-31",
        "country=KP",
        "country=KP&country=US",
        "country=kr",
        "organization=kr-mofa",
        "organization=kp-kcna",
        "organization=kr-mofa&organization=kr-mou",
        "person=kang",
        "person=biegun",
        "kind=summit",
        "kind=letter",
        "status=planned",
        "status=held",
        "sort=title",
        "sort=-date",
        "sort=date",
        "sort=-kind",
        "sort=location",
        "country=US&kind=meeting&date_from=2019",
        # A search or an office's filter read as their first rows in each of the API's windows (api/filtering.py).
        "q=o&sort=date",
        "q=Kang+door&sort=-title",
        "q=a",
        "organization=kr-mofa&sort=title",
        "media=kp-kcna&sort=-date",
    ],
    "people": [
        "",
        "q=Kang",
        "q=hwa",
        "country=KP",
        "organization=kr-mofa",
        "organization=us-state",
        "sort=-meetings",
        "sort=country",
        "sort=-name",
    ],
    "organizations": [
        "",
        "q=KCNA",
        "q=ministry",
        "country=KR",
        "kind=media",
        "sort=-name",
        "sort=country",
        "sort=kind",
    ],
    "readouts": [
        "",
        "q=door",
        "q=Summit",
        "issuer=kr-mofa",
        "issuer=kr-mofa&issuer=kp-kcna",
        "country=KP",
        "date_from=2019",
        "date_to=2018",
        "form=statement",
        "sort=issuer",
        "sort=-form",
        "q=a",
        "q=a&sort=issuer",
        "q=e&issuer=kr-mofa&sort=-date",
    ],
    "articles": ["", "q=Summit", "q=envoys", "date_from=2019", "date_to=2018-12", "sort=slug", "sort=-title"],
}


@pytest.mark.parametrize("name,query", [(name, q) for name, queries in QUERIES.items() for q in queries])
def test_api_lists_the_rows_of_the_page_with_the_same_query(client, world, name, query):
    from_page, from_api = LISTS[name]
    page = from_page(page_html(client, f"/{name}/?{query}"))
    api = sorted(from_api(r) for r in api_rows(client, f"/api/{name}/?{query}&page_size=2"))
    assert page, f"/{name}/?{query} should list something for the comparison to mean anything"
    assert api == page


def test_rejected_meetings_are_nowhere_in_the_api(client, world):
    rejected = world["rejected"]
    assert rejected.pk not in [r["id"] for r in api_rows(client, "/api/meetings/?person=kang")]
    assert client.get(f"/api/meetings/{rejected.pk}/").status_code == 404
    assert "tremendous anger again" not in str(api_rows(client, "/api/readouts/"))
    kang = client.get("/api/people/kang/").json()
    assert kang["meeting_count"] == 2  # the talks and the call, not the rejected meeting


def test_a_meeting_carries_its_date_people_readouts_and_sources(client, world):
    talks = client.get(f"/api/meetings/{world['talks'].pk}/").json()
    assert (talks["date"], talks["date_precision"], talks["date_display"]) == ("2019-05-10", "day", "10 May 2019")
    assert (talks["kind"], talks["status"], talks["location"], talks["review_status"]) == (
        "meeting",
        "held",
        "Seoul",
        "extracted",
    )
    kang = talks["participants"][0]
    assert (kang["name"], kang["slug"], kang["title"], kang["country"]) == ("Kang Kyung-wha", "kang", "Minister", "KR")
    assert kang["office"]["slug"] == "kr-mofa" and kang["office"]["api_url"].endswith("/api/organizations/kr-mofa/")
    readout = talks["readouts"][0]
    assert (readout["issuer"]["slug"], readout["form"], readout["language"], readout["quotes"]) == (
        "kr-mofa",
        "read-out",
        "ko",
        ["The door is open."],
    )
    assert talks["sources"] == [
        {
            "article": "a-seoul",
            "article_title": "Biegun in Seoul",
            "outlet": "",
            "source_url": "",
            "published": "2019-05-10",
            "sentence": "Biegun met Kang in Seoul on Friday.",
            "start": 0,
            "end": 36,
        }
    ]
    assert talks["url"] == f"http://testserver/meetings/{world['talks'].pk}/"
    group = client.get(f"/api/meetings/{world['group'].pk}/").json()
    assert (group["date_display"], group["review_status"]) == ("March 2019", "verified")
    call = client.get(f"/api/meetings/{world['call'].pk}/").json()
    assert (call["date"], call["date_display"]) == (None, "date unknown")


def test_details_of_people_offices_and_articles(client, world):
    kang = client.get("/api/people/kang/").json()
    assert kang["positions"][0]["title"] == "Minister of Foreign Affairs"
    assert kang["positions"][0]["office"]["slug"] == "kr-mofa" and kang["positions"][0]["start_date"] == "2017-06-18"
    assert [m["id"] for m in api_rows(client, kang["meetings"])] == [world["talks"].pk, world["call"].pk]
    kcna = client.get("/api/organizations/kp-kcna/").json()
    assert (kcna["name"], kcna["acronym"], kcna["country"], kcna["kind"]) == (
        "Korean Central News Agency",
        "KCNA",
        "KP",
        "media",
    )
    assert [m["id"] for m in api_rows(client, kcna["meetings"])] == [world["summit"].pk]
    assert [r["quotes"] for r in api_rows(client, kcna["readouts"])] == [["tremendous anger"]]
    article = client.get("/api/articles/a-seoul/").json()
    assert article["body"].startswith("Biegun in Seoul.") and article["meeting_count"] == 1
    assert "body" not in api_rows(client, "/api/articles/")[0]
    assert client.get("/api/people/nobody/").status_code == 404


def test_each_article_of_the_list_counts_its_public_meetings_as_its_detail_does(client, world):
    """The list counts each page's articles alone (not every article's sources before a page is taken): a meeting
    read twice from an article once, a rejected one not at all, an article without meetings none."""
    from meetings.models import Article

    seoul = Article.objects.get(slug="a-seoul")
    EvidenceFactory(article=seoul, meeting=world["talks"], sentence="Kang met Biegun.", start=40, end=56)
    EvidenceFactory(article=seoul, meeting=world["rejected"], sentence="They met again.", start=60, end=75)
    with CaptureQueriesContext(connection) as queries:
        listed = {row["slug"]: row["meeting_count"] for row in api_rows(client, "/api/articles/?page_size=2")}
    assert listed == {"a-seoul": 1, "b-summit-off": 1, "c-group": 0}
    # The rows of a page are read without their counts: grouped before the page was taken, every article's sources
    # were (2.2 s for the first page at 1,000,000 meetings). Each of the two pages reads its ids, then their rows.
    pages = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "meetings_article"."id"')]
    assert len(pages) == 2 * 2 and not any("GROUP BY" in sql for sql in pages), pages
    assert all(client.get(f"/api/articles/{slug}/").json()["meeting_count"] == n for slug, n in listed.items())


def test_each_office_of_the_list_counts_the_people_who_held_a_post_there_as_its_detail_does(client, world):
    """The offices list counts each page's offices alone: a person with two posts in an office once."""
    from meetings.models import Organization, Person

    mofa = Organization.objects.get(slug="kr-mofa")
    PositionFactory(person=Person.objects.get(slug="kang"), organization=mofa, title="Vice Minister")
    PositionFactory(person=Person.objects.get(slug="lee"), organization=mofa, title="Director-General")
    with CaptureQueriesContext(connection) as queries:
        listed = {row["slug"]: row["people_count"] for row in api_rows(client, "/api/organizations/?page_size=2")}
    assert listed == {"kr-mofa": 2, "kr-mou": 1, "kp-mfa": 0, "kp-kcna": 0, "us-state": 0}
    pages = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "meetings_organization"."id"')]
    assert len(pages) == 3 * 2 and not any("GROUP BY" in sql for sql in pages), pages  # each page's ids, then rows
    assert all(client.get(f"/api/organizations/{slug}/").json()["people_count"] == n for slug, n in listed.items())


def test_meetings_come_newest_first_with_undated_ones_last(client, world):
    titles = [r["title"] for r in api_rows(client, "/api/meetings/?page_size=2")]
    assert titles == [
        "Biegun – Kang talks",
        "Working group in Washington",
        "Summit plan",
        "Letter to Pyongyang",
        "Call of unknown date",
    ]


def test_invalid_parameters_answer_400_and_a_forged_cursor_404(client, world):
    response = client.get("/api/meetings/?date_from=2019-02-30")
    assert response.status_code == 400 and "date_from" in response.json()
    assert client.get("/api/meetings/?organization=no-such-office").status_code == 400
    assert client.get("/api/meetings/?sort=participants").status_code == 400
    assert client.get("/api/meetings/?cursor=not-a-cursor").status_code == 404
    # A cursor of one order is no position in another.
    cursor = client.get("/api/meetings/?page_size=1").json()["next"].split("cursor=")[1].split("&")[0]
    assert client.get(f"/api/meetings/?sort=title&page_size=1&cursor={cursor}").status_code == 404
    # A cursor of the right order with a value of the wrong type.
    for key, value in [("date", "not a date"), ("meeting_count", "many")]:
        forged = base64.urlsafe_b64encode(json.dumps({"k": key, "d": True, "v": value, "id": 1}).encode()).decode()
        url = "/api/meetings/?" if key == "date" else "/api/people/?sort=-meetings&"
        assert client.get(f"{url}cursor={forged}").status_code == 404


# --- Pages stay stable under inserts ---------------------------------------------------------------


def _walk_while_inserting(client, url: str, insert) -> list:
    """Every row of a list, calling insert(i) between page fetches."""
    rows, i = [], 0
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
        insert(i)
        i += 1
    return rows


@pytest.mark.parametrize("sort", ["", "sort=title", "sort=-date", "sort=date", "sort=-kind"])
def test_meeting_pages_neither_repeat_nor_skip_rows_when_meetings_are_added(client, sort):
    dates = [dt.date(2019, 1, 1) + dt.timedelta(days=i // 3) for i in range(24)] + [None] * 6  # ties and undated
    kinds = ["meeting", "summit", "phone_call"]
    before = [MeetingFactory(title=f"M{i:02}", date=d, kind=kinds[i % 3]).pk for i, d in enumerate(dates)]

    def insert(i):
        # Around the page edges: before, at and after the dates walked so far, undated, with the same titles.
        for j, day in enumerate([dt.date(2018, 1, 1), dt.date(2019, 1, 1 + i), dt.date(2020, 1, 1), None]):
            MeetingFactory(title=f"M{(i * 4 + j) % 30:02}", date=day, kind=kinds[j % 3])

    rows = _walk_while_inserting(client, f"/api/meetings/?{sort}&page_size=7", insert)
    seen = [r["id"] for r in rows]
    assert len(seen) == len(set(seen)), "a row came twice"
    assert set(before) <= set(seen), "a row that was there all along was skipped"


@pytest.mark.parametrize("sort", ["issuer", "-issuer"])
def test_read_outs_by_issuer_come_in_the_pages_order_offices_of_a_name_by_country_under_inserts(client, sort):
    """The API's read-outs by issuer, page by page, are the list's CSV in its order: the offices that share a name
    (each country's foreign ministry) one after the other by country, each office's read-outs together, a page's edge
    inside a run. Read-outs added between pages neither repeat a row nor push one past a page (the cursor holds the
    office's country too)."""
    ministries = [
        OrganizationFactory(name="Ministry of Foreign Affairs", slug=f"mfa-{code}", country=code)
        for code in ("KR", "JP", "US")
    ]
    for i in range(12):
        ReadOutFactory(
            meeting=MeetingFactory(date=dt.date(2020, 1, 1) + dt.timedelta(days=i)),
            issuer=ministries[i % 3],
            quotes=[f"Passage {i:02d}"],
        )
    export = client.get(f"/readouts/export.csv?sort={sort}")
    whole = re.findall(r"Passage \d\d", b"".join(export.streaming_content).decode())
    assert [r["quotes"][0] for r in api_rows(client, f"/api/readouts/?sort={sort}&page_size=5")] == whole
    assert whole[:4] == [f"Passage {i:02d}" for i in ((1, 4, 7, 10) if sort == "issuer" else (11, 8, 5, 2))]

    def insert(i):  # into each office's run, before and after the rows read so far
        for ministry in ministries:
            ReadOutFactory(meeting=MeetingFactory(), issuer=ministry, quotes=[f"Added {i}"])

    before = set(ReadOut.objects.values_list("pk", flat=True))
    seen = [r["id"] for r in _walk_while_inserting(client, f"/api/readouts/?sort={sort}&page_size=5", insert)]
    assert len(seen) == len(set(seen)), "a row came twice"
    assert before <= set(seen), "a row that was there all along was skipped"


@pytest.mark.parametrize(
    ("sort", "field"),
    [
        ("-meetings", "meeting_count"),
        ("-latest", "last_contact"),
        ("meetings", "meeting_count"),
        ("latest", "last_contact"),
    ],
)
def test_people_sorted_by_a_kept_figure_read_each_page_off_the_kept_figures(client, monkeypatch, sort, field):
    """The API's first page of people sorted by a kept figure, either way, is read as the page's first rows
    (PersonFilterSet._first_by_kept_figure: most or latest first, the people with the figure off its index, then those
    without; the other way round, those without first), and so is every page after a cursor, the figure's index read
    from the cursor's figure. Walked to the end, the list is the people in that order: ties, people without a
    meeting, people whose only meeting was planned."""
    from django.db.models import F

    from meetings import filters

    monkeypatch.setattr("meetings.filters.COUNT_CAP", 4)  # more people than that: the first rows are read
    first_rows = []
    read_first = filters.PersonFilterSet._first_by_kept_figure
    monkeypatch.setattr(
        filters.PersonFilterSet,
        "_first_by_kept_figure",
        lambda self, people: first_rows.append(1) or read_first(self, people),
    )
    people = [PersonFactory(name=f"Person {i:02}", country="KR") for i in range(12)]
    for i, person in enumerate(people[:9]):
        for day in range(i % 4):  # 0 to 3 meetings each: ties
            meeting = MeetingFactory(date=dt.date(2020, 1, 1 + (i * 3 + day) % 9), status="held")
            ParticipationFactory(meeting=meeting, person=person)
    ParticipationFactory(meeting=MeetingFactory(date=dt.date(2021, 1, 1), status="planned"), person=people[9])
    order = (F(field).desc(), "-pk") if sort.startswith("-") else (F(field).asc(), "pk")
    expected = list(Person.objects.with_contacts().order_by(*order).values_list("slug", flat=True))
    walked = [row["slug"] for row in api_rows(client, f"/api/people/?sort={sort}&page_size=3")]
    assert walked == expected
    # Every window with more people after its cursor than the count's cap (12, 9 and 6 of them; not the last 3), after a
    # cursor from the cursor's figure on: a range of the kept column, which its index is read from
    assert len(first_rows) == (3 if connection.vendor == "postgresql" else 0)
    if connection.vendor == "postgresql":
        from django.test.utils import CaptureQueriesContext

        second = client.get(f"/api/people/?sort={sort}&page_size=3").json()["next"]
        with CaptureQueriesContext(connection) as captured:
            client.get(second)
        column = "contacts" if field == "meeting_count" else "last_held"
        bound = f'."{column}" {"<=" if sort.startswith("-") else ">="} '  # (on the kept rows, in a subquery's alias)
        assert any(bound in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("sort", ["", "sort=-meetings", "sort=country"])
def test_people_pages_neither_repeat_nor_skip_when_people_are_added(client, sort):
    before = [
        PersonFactory(name=f"Person {chr(65 + i % 20)}{i}", country=["KR", "KP", "US", ""][i % 4]).slug
        for i in range(20)
    ]
    for person in Person.objects.all()[:8]:
        ParticipationFactory(person=person)  # sorting by meetings has ties at 0 and at 1

    def insert(i):
        PersonFactory(name=f"Person {chr(65 + i)}", country="KR")
        PersonFactory(name="Aaron First", country="")
        ParticipationFactory(person=PersonFactory(name="Zed Last", country="US"))

    seen = [r["slug"] for r in _walk_while_inserting(client, f"/api/people/?{sort}&page_size=6", insert)]
    assert len(seen) == len(set(seen)) and set(before) <= set(seen)


# --- Queries per list --------------------------------------------------------------------------------

ENDPOINTS = [
    "/api/meetings/",
    "/api/people/",
    "/api/organizations/",
    "/api/readouts/",
    "/api/articles/",
    "/api/meetings/?country=KR&date_from=2019",
    "/api/readouts/?country=US&form=statement",
    "/api/people/?country=KR",
]


def _queries(client, url: str) -> int:
    joiner = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}{joiner}page_size=100")
    assert response.status_code == 200
    return len(queries)


def test_each_list_runs_as_many_queries_for_30_rows_as_for_2(client):
    populate(2)
    few = {url: _queries(client, url) for url in ENDPOINTS}
    populate(28)
    assert len(client.get("/api/meetings/?page_size=100").json()["results"]) == 30
    assert len(client.get("/api/readouts/?page_size=100").json()["results"]) == 30
    assert {url: _queries(client, url) for url in ENDPOINTS} == few


def test_a_meeting_runs_as_many_queries_with_many_participants_as_with_two(client):
    meeting = MeetingFactory()
    ParticipationFactory.create_batch(2, meeting=meeting)
    few = _queries(client, f"/api/meetings/{meeting.pk}/")
    ParticipationFactory.create_batch(28, meeting=meeting)
    assert _queries(client, f"/api/meetings/{meeting.pk}/") == few


# --- Read-only -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, world, method):
    talks = world["talks"]
    for url in [
        "/api/meetings/",
        f"/api/meetings/{talks.pk}/",
        "/api/people/kang/",
        "/api/organizations/kr-mofa/",
        "/api/articles/a-seoul/",
        "/api/readouts/",
    ]:
        response = getattr(client, method)(url, data={"title": "Changed"}, content_type="application/json")
        assert response.status_code in (403, 405), (method, url, response.status_code)
    talks.refresh_from_db()
    assert talks.title == "Biegun – Kang talks" and Meeting.objects.count() == 6 and Person.objects.count() == 4
    assert ReadOut.objects.count() == 4


def test_the_api_is_read_only_for_editors_too(client, world):
    from meetings.tests.factories import EditorFactory

    client.force_login(EditorFactory())
    assert client.delete(f"/api/meetings/{world['talks'].pk}/").status_code in (403, 405)
    assert Meeting.objects.filter(pk=world["talks"].pk).exists()


def test_head_and_options_answer(client, world):
    assert client.head("/api/meetings/").status_code == 200
    assert client.options("/api/meetings/").status_code == 200


# --- Schema and docs ------------------------------------------------------------------------------------


def test_the_schema_generates_without_a_warning_and_validates(tmp_path: Path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in [
        "/api/meetings/:",
        "/api/meetings/{id}/:",
        "/api/people/{slug}/:",
        "/api/organizations/:",
        "/api/readouts/:",
        "/api/articles/{slug}/:",
    ]:
        assert f"  {path}" in schema
    assert "name: cursor" in schema and "name: date_from" in schema and "post:" not in schema


def test_the_schema_is_served_as_json(client):
    schema = client.get("/api/schema/?format=json").json()
    meetings = schema["paths"]["/api/meetings/"]["get"]
    parameters = {p["name"] for p in meetings["parameters"]}
    assert {
        "q",
        "date_from",
        "date_to",
        "country",
        "organization",
        "person",
        "kind",
        "status",
        "sort",
        "cursor",
        "page_size",
    } <= parameters
    assert set(schema["paths"]["/api/meetings/"]) == {"get"}


def test_the_docs_page_loads_only_local_assets(client):
    page = page_html(client, "/api/docs/")
    assets = [unescape(a) for a in re.findall(r'(?:src|href)="([^"]+)"', page)]
    # The libraries from the static files, the start-up script from the page itself (no inline script: the CSP).
    start_up = [a for a in assets if a.startswith("/api/docs/")]
    assert start_up and all(a.startswith("/static/") for a in assets if a not in start_up), assets
    assert "https://" not in page and "http://" not in page
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert "/api/schema/" in client.get(start_up[0]).content.decode()


def test_the_meetings_page_links_its_json_and_every_page_the_api_docs(client, world):
    page = page_html(client, "/meetings/?country=KP")
    assert 'href="/api/meetings/?country=KP"' in page
    assert 'href="/api/docs/"' in page_html(client, "/")
