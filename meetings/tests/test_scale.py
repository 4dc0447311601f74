"""Pages whose cost follows the page, not the database: queries, HTML size, counts, filters, and exports that fail
loudly.

Speed itself is shown by bench/run.py (figures against /healthz in the same run); these tests pin
what makes it: the same queries for 2 rows as for 50, HTML that does not grow with the number of
people, bounded counts, and a CSV export that never passes a failure off as a complete file.
"""

import csv
import datetime as dt
import io
import logging
import re
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.test import Client

from meetings.tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    ReadOutFactory,
)

pytestmark = pytest.mark.django_db

LIST_PAGE = 50  # rows on a list page


@pytest.fixture
def kang():
    return PersonFactory(name="Kang Kyung-wha", slug="kang-kyung-wha", country="KR")


@pytest.fixture
def mofa():
    return OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")


def add_meetings(n: int, *, person, office, start: int = 0) -> None:
    """n meetings of `person` (for `office`) with a US counterpart, a read-out, a source and a position each."""
    for i in range(start, start + n):
        meeting = MeetingFactory(date=dt.date(2019, 1, 1) + dt.timedelta(days=i))
        ParticipationFactory(meeting=meeting, person=person, organization=office, country="KR")
        other = ParticipationFactory(meeting=meeting, country="US")
        ReadOutFactory(meeting=meeting, issuer=office)
        EvidenceFactory(meeting=meeting, article=ArticleFactory())
        PositionFactory(person=other.person, organization=other.organization)


def queries_of(client, url: str, django_assert_max_num_queries) -> int:
    """How many queries the page runs, uncached; none of them twice (a search's count, run once for the page's total
    and again for its ranking, doubled its cost)."""
    cache.clear()  # the uncached page is the one pinned (a country pair caches its history)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(url)
    assert response.status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    assert len(set(statements)) == len(statements), f"{url} runs a query twice"
    return len(statements)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/meetings/",
        "/meetings/?country=KR&date_from=2019&q=Meeting&sort=-title",
        "/meetings/?q=Meeting",  # one word: counted place by place, each place read as far as the page needs
        "/meetings/?q=Kang&page=2",
        "/meetings/?q=Kang Meeting",
        "/meetings/?person=kang-kyung-wha",
        "/meetings/?organization=kr-mofa&organization=kr-mofa",
        "/meetings/?page=2",
        "/people/",
        "/people/?sort=-meetings",
        "/people/?organization=kr-mofa",
        "/organizations/",
        "/readouts/?issuer=kr-mofa",
        "/readouts/?q=Meeting",  # counted by its places (ReadOutFilterSet.count_matches)
        "/articles/",
        "/countries/KR/",
        "/countries/KR/US/",
        "/people/kang-kyung-wha/",
        "/organizations/kr-mofa/",
        "/?stack=country",
        "/people/kang-kyung-wha/?stack=country",
        "/countries/KR/?stack=kind",
        "/meetings/?country=KR&country=US&country_mode=only",
        "/meetings/?sort=kind,-title&page=2",  # by several columns: read by the first column's groups
    ],
)
def test_a_page_runs_the_same_queries_for_2_rows_as_for_50(client, django_assert_max_num_queries, kang, mofa, url):
    add_meetings(2, person=kang, office=mofa)
    measured()
    with_two = queries_of(client, url, django_assert_max_num_queries)
    add_meetings(LIST_PAGE - 2, person=kang, office=mofa, start=2)
    measured()
    assert queries_of(client, url, django_assert_max_num_queries) == with_two


def measured() -> None:
    """The meetings table's size as PostgreSQL's statistics have it, the table's own: an office's few meetings are
    sorted rather than walked for by comparing them with it (filters.sorted_sooner_than_walked), and ANALYZE writes it
    in place, outside a test's transaction. Left as an earlier test of the worker measured it (32 meetings), 50 of an
    office were walked for, one query more than 2 sorted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")


@pytest.mark.parametrize(
    "url", ["/readouts/?issuer=kr-mofa", "/readouts/export.csv?issuer=kr-mofa", "/organizations/kr-mofa/"]
)
def test_read_outs_are_listed_without_reading_their_articles_texts(
    client, django_assert_max_num_queries, kang, mofa, url
):
    """A read-out's row names its meeting, and in the CSV its article: the article's text (kilobytes each) is read by
    no list of read-outs."""
    from meetings.models import ReadOut

    add_meetings(3, person=kang, office=mofa)
    for readout in ReadOut.objects.all():
        readout.article = ArticleFactory()
        readout.save()
    with django_assert_max_num_queries(12) as captured:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if '"meetings_article"."body"' in q["sql"]]
    if "export" in url:
        slugs = {row["article"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
        assert len(slugs) == 3 and "" not in slugs  # each read-out's article named


def test_the_meetings_page_is_the_same_size_with_10_or_1000_people(client, kang, mofa):
    add_meetings(3, person=kang, office=mofa)
    PersonFactory.create_batch(10)
    OrganizationFactory.create_batch(10)
    small = client.get("/meetings/").content
    PersonFactory.create_batch(990)
    OrganizationFactory.create_batch(200)
    large = client.get("/meetings/").content
    assert len(large) == len(small)
    # The filters still take any of them: a person is typed, not picked from a list of everyone.
    assert b'name="person"' in large and b'<option value="person-' not in large


def test_the_person_and_office_filters_are_text_boxes_that_keep_what_is_chosen(client, kang, mofa):
    add_meetings(1, person=kang, office=mofa)
    page = client.get("/meetings/?organization=kr-mofa&person=kang-kyung-wha").content.decode()
    assert 'type="checkbox" name="organization" value="kr-mofa" checked> Ministry of Foreign Affairs (KR)' in page
    assert 'type="text" name="person" id="id_person" value="kang-kyung-wha"' in page
    assert 'data-suggest="/suggest/offices.json"' in page and 'data-suggest="/suggest/media.json"' in page
    assert 'aria-label="Remove filter Person Kang Kyung-wha"' in page


def test_a_name_typed_by_hand_filters_like_its_slug(client, kang, mofa):
    add_meetings(1, person=kang, office=mofa)
    MeetingFactory(title="Without them")
    by_name = client.get("/meetings/?organization=ministry of foreign affairs&person=Kang Kyung-wha").content.decode()
    by_slug = client.get("/meetings/?organization=kr-mofa&person=kang-kyung-wha").content.decode()
    assert (
        "Without them" not in by_name
        and "<strong>1</strong> meeting" in by_name
        and "<strong>1</strong> meeting" in by_slug
    )


def test_an_unknown_person_is_a_form_error_and_no_rows(client, kang, mofa):
    add_meetings(1, person=kang, office=mofa)
    page = client.get("/meetings/?person=nobody-at-all").content.decode()
    assert "Nothing is recorded as nobody-at-all" in page and "No meetings match." not in page


def test_suggestions_name_matching_people_and_offices(client, kang, mofa):
    OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    assert client.get("/suggest/organizations.json?q=unif").json() == {
        "results": [{"value": "kr-mou", "label": "Ministry of Unification (KR)"}]
    }
    assert client.get("/suggest/people.json?q=kyung").json()["results"] == [
        {"value": "kang-kyung-wha", "label": "Kang Kyung-wha (KR)"}
    ]
    assert client.get("/suggest/people.json?q=k").json() == {"results": []}  # one letter matches too much
    assert client.get("/suggest/meetings.json?q=kang").status_code == 404


@pytest.mark.parametrize("typed", ["ki", "kim"])
def test_suggestions_come_in_name_order_whether_sorted_or_read_off_the_name_index(client, typed):
    """Two letters are read off the name index, three or more (a trigram) found by the trigram index and sorted: the
    first SUGGESTIONS names in name order either way, a name with the letters inside it among them."""
    from meetings.views import SUGGESTIONS

    names = [
        f"{family} {given}" for family in ("Yoon", "Kim", "Ahn", "Park") for given in ("Min-ji", "Kim-hee", "Do-yun")
    ]
    names += [f"Kim Seo-yeon {i:02d}" for i in range(SUGGESTIONS)]
    for name in names:
        PersonFactory(name=name, country="")  # a label without a country: the name alone
    labels = [row["label"] for row in client.get(f"/suggest/people.json?q={typed}").json()["results"]]
    assert labels == sorted(name for name in names if typed in name.lower())[:SUGGESTIONS]
    assert labels[0] == "Ahn Kim-hee"


def test_q_finds_titles_places_names_spellings_quotes_and_sentences(client, kang, mofa):
    kang.aliases = ["Kang Kyung-hwa"]
    kang.save()
    meeting = MeetingFactory(title="Envoys meet", location="Panmunjom")
    ParticipationFactory(meeting=meeting, person=kang)
    ReadOutFactory(meeting=meeting, issuer=mofa, quotes=["The talks were frank and constructive."])
    EvidenceFactory(meeting=meeting, sentence="The envoys discussed denuclearisation at length.")
    MeetingFactory(title="Another meeting", location="Geneva")
    for q in ["envoys", "panmunjom", "Kang", "kyung-hwa", "constructive", "denuclearisation"]:
        page = client.get("/meetings/", {"q": q}).content.decode()
        assert "Envoys meet" in page and "Another meeting" not in page, q


def test_a_long_list_says_more_than_and_pages_on(client, monkeypatch, kang, mofa):
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 3)
    monkeypatch.setattr("meetings.views.MeetingListView.paginate_by", 2)
    add_meetings(5, person=kang, office=mofa)
    first = client.get("/meetings/").content.decode()
    assert "<strong>more than 3</strong> meetings" in first and "Page 1</span>" in first and 'rel="next"' in first
    last = client.get("/meetings/?page=3").content.decode()
    assert "Page 3</span>" in last and 'rel="next"' not in last and 'rel="prev"' in last
    past_the_end = client.get("/meetings/?page=99").content.decode()  # counted once, then its last page
    assert "Page 3 of 3" in past_the_end

    def rows(page: str) -> str:
        return page[page.index("<tbody>") : page.index("</tbody>")]

    assert rows(past_the_end) == rows(last) and rows(last).count("<tr>") == 1  # read with its ids up to page 99
    # A page whose first row no database offset can reach is past the end as well, not an error.
    for page in ("99999999999999999999", str(2**63 // 2), "9" * 400):
        response = client.get("/meetings/", {"page": page})
        assert response.status_code == 200 and "Page 3 of 3" in response.content.decode(), page
        searched = client.get("/meetings/", {"page": page, "q": "Meeting"})
        assert searched.status_code == 200 and "Page 3 of 3" in searched.content.decode(), page


def test_a_busy_persons_page_shows_recent_meetings_and_links_to_the_rest(client, monkeypatch, kang, mofa):
    """The person's latest meetings, read off their kept rows (PostgreSQL) or walked for in the list's order (SQLite:
    views._latest_of_person), and a link to the rest."""
    monkeypatch.setattr("meetings.views.RECENT", 2)
    add_meetings(4, person=kang, office=mofa)
    page = client.get("/people/kang-kyung-wha/").content.decode()
    assert "<strong>4</strong> meetings, the latest 2 below" in page
    assert page.count('<td data-label="Meeting">') == 2 and 'href="/meetings/?person=kang-kyung-wha"' in page
    assert "5 January 2019" not in page and "4 January 2019" in page and "3 January 2019" in page


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("kind=summit", "meeting_public_kind_latest"),
        ("status=planned&page=2", "meeting_public_status_latest"),
        ("review_status=verified", "meeting_public_review_latest"),
    ],
)
def test_on_postgresql_a_list_of_one_kind_status_or_review_reads_its_page_off_their_index(
    client, monkeypatch, kang, mofa, query, index
):
    """The list's default order within the kind, status or review filtered by (migration 0041): a deep page read off
    the index, not the whole order walked for rows of that kind (20,000 for the 20th page of the summits at 1,000,000
    meetings), nor every such row sorted."""
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from meetings.tests.plans import sql_plan_without

    if connection.vendor != "postgresql":
        return  # SQLite cannot index NULLS LAST: it walks, and lists the same
    monkeypatch.setattr("meetings.views.MeetingListView.paginate_by", 2)
    add_meetings(6, person=kang, office=mofa)
    Meeting.objects.update(kind="summit", status="planned", review_status="verified")
    # Most meetings of another kind, status and review, and statistics that say so, as in an archive: with every row
    # the list's, either index gives the page at one cost, and the planner's pick between them follows whatever
    # statistics an earlier test left.
    MeetingFactory.create_batch(40)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Meeting._meta.db_table}")
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get(f"/meetings/?{query}").context["object_list"]) == 2
    (page,) = [q["sql"] for q in captured.captured_queries if "ORDER BY" in q["sql"] and "LIMIT 2" in q["sql"]]
    plan = sql_plan_without(page, "seqscan", "sort", "bitmapscan")
    assert index in plan and "Sort" not in plan, plan


# --- The CSV export fails as an error -------------------------------------------------------------------


@contextmanager
def database_fails_queries():
    """Real failures of this connection's next queries: a table locked by another session on PostgreSQL
    (the query gives up at lock_timeout), every statement aborted by a progress handler on SQLite."""
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        other = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            password=settings["PASSWORD"] or None,
        )
        other.execute("SET lock_timeout = '5s'")
        other.execute("LOCK TABLE meetings_meeting, meetings_participation IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        try:
            yield
        finally:
            other.rollback()
            other.close()
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
    else:
        connection.ensure_connection()
        raw = connection.connection
        raw.set_progress_handler(lambda: 1, 1)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 1)


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_query_fails_is_an_error_not_an_empty_file():
    add_meetings(3, person=PersonFactory(), office=OrganizationFactory())
    client = Client(raise_request_exception=False)
    with database_fails_queries():
        response = client.get("/meetings/export.csv")
    assert response.status_code == 500 and not response.streaming


@pytest.mark.django_db(transaction=True)
def test_an_export_that_fails_half_way_is_cut_off_and_logged(monkeypatch, caplog):
    monkeypatch.setattr("meetings.exports.CHUNK_SIZE", 2)
    add_meetings(5, person=PersonFactory(), office=OrganizationFactory())
    response = Client().get("/meetings/export.csv")
    assert response.status_code == 200
    chunks = iter(response.streaming_content)
    first = next(chunks).decode()
    assert len(list(csv.reader(io.StringIO(first)))) == 3  # the header and the first chunk, read before "200"
    with (
        caplog.at_level(logging.ERROR, logger="meetings.exports"),
        database_fails_queries(),
        pytest.raises(DatabaseError),
    ):
        list(chunks)  # the server drops the connection: no end of the chunked body
    assert re.search(r"CSV export meetings_\d{4}-\d\d-\d\d\.csv failed after 2 rows", caplog.text)
