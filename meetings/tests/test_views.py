"""The public pages on the real database: what a reader sees, and that bad input never breaks a page."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import ReviewStatus
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
from meetings.views import RECENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def biegun_kang():
    """A meeting with two participants of two countries, a read-out from each side, and its source."""
    state = OrganizationFactory(name="Department of State", slug="us-state", country="US")
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    biegun = PersonFactory(name="Stephen Biegun", slug="stephen-biegun", country="US")
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang-kyung-wha", country="KR")
    PositionFactory(
        person=kang, organization=mofa, title="Minister of Foreign Affairs", start_date=dt.date(2017, 6, 18)
    )
    meeting = MeetingFactory(title="Stephen Biegun – Kang Kyung-wha meeting", date=dt.date(2019, 5, 10))
    ParticipationFactory(
        meeting=meeting, person=biegun, organization=state, country="US", title="Special Representative for North Korea"
    )
    ParticipationFactory(
        meeting=meeting, person=kang, organization=mofa, country="KR", title="Minister of Foreign Affairs"
    )
    ReadOutFactory(meeting=meeting, issuer=mofa, form="read-out", quotes=["The door is open."])
    ReadOutFactory(meeting=meeting, issuer=state, quotes=["Close coordination."])
    article = ArticleFactory(slug="000_seed", title="Biegun in Seoul")
    EvidenceFactory(article=article, meeting=meeting, sentence="Biegun met Kang in Seoul on Friday.", start=0, end=36)
    return meeting


def test_home_shows_counts_and_latest_meetings(client, biegun_kang):
    page = client.get("/").content.decode()
    assert (
        "<strong>1</strong> meeting</a>" in page
        and "<strong>2</strong> people</a>" in page
        and biegun_kang.title in page
    )


def test_meeting_page_shows_people_readouts_by_side_and_sources(client, biegun_kang):
    page = client.get(f"/meetings/{biegun_kang.pk}/").content.decode()
    assert "10 May 2019" in page
    assert "/people/stephen-biegun/" in page and "/organizations/kr-mofa/" in page
    assert "South Korea" in page and "United States of America" in page  # one column per side
    assert "The door is open." in page and "Close coordination." in page
    assert "Biegun met Kang in Seoul on Friday." in page and "/articles/000_seed/" in page


def test_other_meetings_of_the_same_people_are_linked(client, biegun_kang):
    later = MeetingFactory(title="Biegun – Kang again", date=dt.date(2019, 6, 28))
    ParticipationFactory(meeting=later, person=biegun_kang.participations.first().person)
    page = client.get(f"/meetings/{biegun_kang.pk}/").content.decode()
    assert later.get_absolute_url() in page


def test_a_meetings_other_meetings_are_its_peoples_latest_whether_walked_for_or_sorted(client):
    """A meeting's page lists its people's 20 latest other public meetings (newest first, undated last; not itself,
    not a rejected or retired one). On PostgreSQL, once the archive is measured (ANALYZE) and their kept contacts are
    few against it, they are read whole and sorted (filters.sorted_sooner_than_walked) instead of walked for in the
    list's order: the same list either way."""
    from django.db import connection

    from meetings.models import Meeting

    envoy, minister = PersonFactory(name="Sung Kim", slug="sung-kim"), PersonFactory(name="Ri Son-gwon", slug="ri")
    this = MeetingFactory(title="This one", date=dt.date(2020, 6, 1))
    for person in (envoy, minister):
        ParticipationFactory(meeting=this, person=person)
    theirs = []
    for i in range(26):
        meeting = MeetingFactory(
            title=f"Theirs {i}",
            date=None if i % 9 == 4 else dt.date(2019, 1, 1) + dt.timedelta(days=i // 2),  # ties, undated
            review_status=ReviewStatus.REJECTED if i == 7 else ReviewStatus.EXTRACTED,
            retired_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC) if i == 8 else None,
        )
        ParticipationFactory(meeting=meeting, person=envoy if i % 2 else minister)
        theirs.append(meeting)
    for i in range(120):
        ParticipationFactory(meeting=MeetingFactory(title=f"Others {i}", date=dt.date(2021, 1, 1)))
    expected = [
        m.title
        for m in Meeting.objects.public().filter(pk__in=[m.pk for m in theirs]).order_by(*Meeting._meta.ordering)[:20]
    ]
    assert len(expected) == 20 and expected[0] == "Theirs 25" and "Theirs 7" not in expected

    walked = [m.title for m in client.get(f"/meetings/{this.pk}/").context["other_meetings"]]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # 147 meetings; theirs 24 public: sorted whole
    sorted_whole = [m.title for m in client.get(f"/meetings/{this.pk}/").context["other_meetings"]]
    assert walked == sorted_whole == expected


def test_a_rejected_meeting_is_not_public(client, biegun_kang):
    biegun_kang.review_status = ReviewStatus.REJECTED
    biegun_kang.save()
    assert client.get(f"/meetings/{biegun_kang.pk}/").status_code == 404
    assert biegun_kang.title not in client.get("/meetings/").content.decode()
    assert biegun_kang.title not in b"".join(client.get("/meetings/export.csv").streaming_content).decode()


def test_person_page_shows_positions_meetings_and_counterparts(client, biegun_kang):
    page = client.get("/people/kang-kyung-wha/").content.decode()
    assert "Minister of Foreign Affairs" in page and biegun_kang.title in page
    assert "/people/stephen-biegun/" in page


def test_organization_page_shows_people_meetings_and_readouts(client, biegun_kang):
    page = client.get("/organizations/kr-mofa/").content.decode()
    assert "Kang Kyung-wha" in page and biegun_kang.title in page and "The door is open." in page
    assert 'href="/meetings/?organization=kr-mofa"' in page and 'href="/readouts/?issuer=kr-mofa"' in page


def test_country_pages_count_counterparts_and_contacts_per_year(client, biegun_kang):
    page = client.get("/countries/KR/").content.decode()
    assert "/countries/KR/US/" in page and biegun_kang.title in page
    pair = client.get("/countries/kr/us/").content.decode()
    assert "2019" in pair and "10 May 2019" in pair and "days ago" in pair or "day ago" in pair


def test_a_country_pairs_last_contact_held_is_at_its_precision_and_plans_are_counted_apart(client, biegun_kang):
    biegun_kang.date, biegun_kang.date_precision = dt.date(2019, 2, 1), "month"
    biegun_kang.save()
    plan = MeetingFactory(title="Biegun – Kang planned", date=dt.date(2019, 7, 1), status="planned")
    for participation in biegun_kang.participations.all():
        ParticipationFactory(meeting=plan, person=participation.person, country=participation.country.code)
    pair = client.get("/countries/KR/US/").content.decode()
    assert "February 2019" in pair and "1 February 2019" not in pair and "days ago" not in pair
    assert "Contacts held</dt><dd>1 " in pair and "1 planned" in pair


@pytest.mark.parametrize("first, second", [("KR", "MN"), ("MN", "KR")])
def test_a_country_pairs_latest_contacts_and_last_held_are_the_pairs_own(client, first, second):
    """The pair page lists the latest contacts with officials of both countries, in the list's order, and its last
    contact held: the same whichever country is named first and however rare one of them is (on PostgreSQL read off
    the kept rows of the one with fewer contacts), never a rejected, retired, one-sided, planned or future contact."""
    today = timezone.localdate()

    def contact(countries, **fields):
        meeting = MeetingFactory(**fields)
        for code in countries:
            ParticipationFactory(meeting=meeting, country=code)
        return meeting

    for day in range(40):  # South Korea's contacts without Mongolia: far more than the pair's
        contact(["KR", "US"], title=f"KR-US {day}", date=dt.date(2020, 1, 1) + dt.timedelta(days=day))
    pair = [
        contact(["KR", "MN"], title=f"Pair {day}", date=dt.date(2019, 1, 1) + dt.timedelta(days=day % 7))
        for day in range(RECENT + 5)
    ]  # ties on a date: the latest id first
    pair.append(contact(["MN", "JP", "KR"], title="Pair undated", date=None))
    pair.append(contact(["KR", "MN"], title="Pair planned", date=dt.date(2019, 3, 1), status="planned"))
    contact(["KR", "MN"], title="Pair in the future", date=today + dt.timedelta(days=30))
    contact(["KR", "MN"], title="Pair rejected", date=dt.date(2019, 6, 1), review_status="rejected")
    contact(["KR", "MN"], title="Pair retired", date=dt.date(2019, 6, 2), retired_at=timezone.now())
    contact(["MN", "JP"], title="MN-JP", date=dt.date(2019, 6, 3))
    contact(["MN"], title="MN alone", date=dt.date(2019, 6, 4))

    context = client.get(f"/countries/{first}/{second}/").context
    latest = sorted(pair, key=lambda m: (m.date is None, -(m.date or today).toordinal(), -m.pk))
    assert [m.title for m in context["meetings"]] == ["Pair in the future"] + [m.title for m in latest[: RECENT - 1]]
    assert context["meetings"][1].title == "Pair planned" and context["total"] == len(pair) + 1
    assert (context["last_held"], context["last_held_precision"]) == (dt.date(2019, 1, 7), "day")
    if connection.vendor == "postgresql":  # off Mongolia's kept rows, not walked for down every meeting
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/countries/{first}/{second}/")
        kept = [q["sql"] for q in queries if "meetings_countrymeeting" in q["sql"]]
        assert len(kept) == 2 and all("\"country\" = 'MN'" in sql and "LIKE '%KR%'" in sql for sql in kept)


def test_readout_list_and_article_pages(client, biegun_kang):
    assert "The door is open." in client.get("/readouts/?issuer=kr-mofa").content.decode()
    assert "Close coordination." not in client.get("/readouts/?issuer=kr-mofa").content.decode()
    assert "Biegun in Seoul" in client.get("/articles/").content.decode()
    page = client.get("/articles/000_seed/").content.decode()
    assert "Envoys meet in Seoul" in page or "Biegun in Seoul" in page
    assert biegun_kang.title in page


def test_the_readouts_table_links_each_issuer_and_meeting_and_quotes_escaped(client, biegun_kang):
    """Each row: the meeting's date at its precision, the issuer linked to its page with its country, the meeting
    linked, the form with the language, each passage quoted and escaped; no rows, a sentence across the table."""
    kcna = OrganizationFactory(name="Korean Central News Agency", slug="kp-kcna", country="KP", kind="media")
    summit = MeetingFactory(title="Kim & Trump <summit>", date=dt.date(2018, 6, 1), date_precision="month")
    ReadOutFactory(meeting=summit, issuer=kcna, form="briefing", language="ko", quotes=["<b>Historic</b>", "A & B"])
    page = client.get("/readouts/?issuer=kp-kcna").content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    assert body.count("<tr>") == 1
    assert '<td data-label="Date">June 2018</td>' in body
    assert '<td data-label="Issuer"><a href="/organizations/kp-kcna/">Korean Central News Agency</a> KP</td>' in body
    assert f'<a href="/meetings/{summit.pk}/">Kim &amp; Trump &lt;summit&gt;</a>' in body
    assert '<td data-label="Form">Briefing (ko)</td>' in body
    assert "<q>&lt;b&gt;Historic&lt;/b&gt;</q> <q>A &amp; B</q>" in body
    empty = client.get("/readouts/?issuer=kp-kcna&form=statement").content.decode()
    assert '<tr><td colspan="5">No read-outs match.</td></tr>' in empty


def test_the_offices_table_names_each_office_its_country_kind_parent_and_people(client, biegun_kang):
    """Each row: the office linked to its page with its acronym, its country's name, its kind, the office it is part
    of, how many people held a post there; "—" for what it lacks; no rows, a sentence across the table."""
    mofa = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR", acronym="MOU")
    OrganizationFactory(name="Bureau <A&B>", slug="bureau", country="", kind="agency", parent=mofa)
    page = client.get("/organizations/?q=Bureau").content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    assert body.count("<tr>") == 1
    assert '<td data-label="Name"><a href="/organizations/bureau/">Bureau &lt;A&amp;B&gt;</a></td>' in body
    assert '<td data-label="Country">—</td><td data-label="Kind">Agency or office</td>' in body
    assert '<td data-label="Part of">Ministry of Unification</td><td data-label="People">0</td>' in body
    page = client.get("/organizations/?q=MOU").content.decode()
    assert '<a href="/organizations/kr-mou/">Ministry of Unification</a> (MOU)</td>' in page
    assert '<td data-label="Country">South Korea</td><td data-label="Kind">Ministry or department</td>' in page
    assert '<tr><td colspan="5">No offices match.</td></tr>' in client.get("/organizations/?q=nowhere").content.decode()


def test_the_articles_table_dates_each_article_and_links_it_and_its_original(client, biegun_kang):
    """Each row: the date published, the title (the slug when it has none) linked to the article's page, the outlet
    linked to the original when its address is known ("original" for an outlet not named), the meetings read from it;
    no rows, a sentence across the whole table."""
    ArticleFactory(slug="kcna-1", title="", outlet="", source_url="https://kcna.example/1?a=1&b=2")
    ArticleFactory(slug="yonhap-2", title="Talks <resume>", outlet="Yonhap", published=dt.date(2020, 3, 2))
    page = client.get("/articles/").content.decode()
    assert (
        '<tr><td data-label="Published">10 May 2019</td><td data-label="Title"><a href="/articles/kcna-1/">kcna-1</a>'
        '</td><td data-label="Outlet"><a href="https://kcna.example/1?a=1&amp;b=2" rel="external noopener">original'
        '</a></td><td data-label="Meetings">0</td></tr>'
    ) in page
    assert (
        '<tr><td data-label="Published">2 March 2020</td><td data-label="Title"><a href="/articles/yonhap-2/">'
        'Talks &lt;resume&gt;</a></td><td data-label="Outlet">Yonhap</td><td data-label="Meetings">0</td></tr>'
    ) in page
    assert '<tr><td colspan="4">No articles match.</td></tr>' in client.get("/articles/?q=nowhere").content.decode()


@pytest.fixture
def marked_article():
    """An article with one meeting taken from its first sentence, and names of people who are in no record."""
    body = (
        "Stephen Biegun met South Korean foreign minister Kang Kyung-wha in Seoul on Friday.\n\n"
        "Biegun thanked the MOFA. Moon Jae-in was not there; the foreign ministry said talks may go on."
    )
    article = ArticleFactory(slug="marked", published=dt.date(2019, 5, 10), body=body)
    mofa = OrganizationFactory(
        name="Ministry of Foreign Affairs", slug="kr-mofa", acronym="MOFA", aliases=["foreign ministry"]
    )
    meeting = MeetingFactory(title="Biegun – Kang", date=dt.date(2019, 5, 10))
    biegun = ParticipationFactory(
        meeting=meeting, person=PersonFactory(name="Stephen Biegun", slug="biegun", country="US")
    )
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Kang Kyung-wha", slug="kang"), organization=mofa)
    ReadOutFactory(meeting=meeting, issuer=mofa)
    PersonFactory(name="Moon Jae-in", slug="moon")  # in the text, in the database, but in no record of this article
    first = body.index(".") + 1
    EvidenceFactory(article=article, meeting=meeting, start=0, end=first, sentence=body[:first])
    EvidenceFactory(article=article, participation=biegun, start=0, end=first, sentence=body[:first])
    return article, meeting


def test_article_page_marks_the_people_offices_and_dates_of_its_records(client, marked_article):
    article, meeting = marked_article
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<mark class="person" title="person: Stephen Biegun"><a href="/people/biegun/">Stephen Biegun</a></mark>'
        in page
    )
    assert '<a href="/people/biegun/">Biegun</a></mark> thanked' in page  # the family name alone
    assert '<a href="/people/kang/">Kang Kyung-wha</a>' in page
    assert (
        '<mark class="organization" title="office: Ministry of Foreign Affairs (KR)">'
        '<a href="/organizations/kr-mofa/">MOFA</a>' in page
    )
    assert '<a href="/organizations/kr-mofa/">foreign ministry</a>' in page  # another name of the office
    assert f'<mark class="date" title="date: 10 May 2019"><a href="/meetings/{meeting.pk}/">Friday</a></mark>' in page
    assert "Moon Jae-in was not there" in page and "/people/moon/" not in page
    assert "talks may go on" in page  # the verb, no month
    # The sentence both records came from is marked once, as the anchor the meeting page links to.
    assert page.count('<span class="evidence" id="s0">') == 1
    assert f'href="{article.get_absolute_url()}#s0"' in client.get(meeting.get_absolute_url()).content.decode()


def test_article_page_marks_nothing_of_a_rejected_meeting(client, marked_article):
    article, meeting = marked_article
    meeting.review_status = ReviewStatus.REJECTED
    meeting.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<mark" not in page.split('class="article-body"')[1] and 'class="evidence" id=' not in page
    assert meeting.title not in page


def test_article_text_is_escaped(client, marked_article):
    article, _ = marked_article
    article.body = "<script>alert(1)</script> Stephen Biegun met <b>Kang Kyung-wha</b>."
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;<mark" in page and "<b>" not in page


def test_article_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, marked_article):
    article, _ = marked_article
    with django_assert_max_num_queries(12) as small:
        client.get(article.get_absolute_url())
    for day in range(20):
        meeting = MeetingFactory(date=dt.date(2019, 4, 1) + dt.timedelta(days=day))
        ParticipationFactory(meeting=meeting)
        ReadOutFactory(meeting=meeting)
        EvidenceFactory(article=article, meeting=meeting, start=0, end=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(article.get_absolute_url())


def test_readouts_stand_side_by_side_with_a_column_for_a_silent_side(client, biegun_kang):
    biegun_kang.readouts.filter(issuer__country="US").delete()
    page = client.get(biegun_kang.get_absolute_url()).content.decode()
    assert "The door is open." in page and "No account from United States of America is cited." in page


def test_column_headings_sort_and_say_which_way(client, biegun_kang):
    page = client.get("/meetings/").content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?sort=date">Date' in page  # the default order
    page = client.get("/meetings/?kind=meeting&sort=title&page=2").content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?kind=meeting&amp;sort=-title">Meeting' in page
    assert "Remove filter Sort" not in page  # the order is the headings' business, not a filter


def test_a_country_paired_with_itself_is_its_own_page(client):
    response = client.get("/countries/kr/KR/")
    assert response.status_code == 302 and response["Location"] == "/countries/KR/"


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2019-02-30",
        "date_to=2019-13",
        "date_from=yesterday",
        "country=XX",
        "organization=no-such-office",
        "person=nobody",
        "kind=dinner",
        "status=maybe",
        "sort=password",
        "page=99999",
        "page=abc",
        "q=%00%27%22",
    ],
)
def test_bad_parameters_never_break_the_list(client, biegun_kang, query):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 200
    # A page number is no filter; anything else that cannot be applied is refused with its reason (a NUL
    # character by the middleware, before any view).
    invalid = not query.startswith("page=")
    assert client.get(f"/meetings/export.csv?{query}").status_code == (400 if invalid else 200)


def test_an_impossible_date_shows_the_forms_error(client, biegun_kang):
    page = client.get("/meetings/?date_from=2019-02-30").content.decode()
    assert "is not a date" in page and "No meetings match." not in page


def test_unknown_pages_are_404(client):
    assert client.get("/countries/ZZ/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/meetings/999999/").status_code == 404


@pytest.mark.parametrize("url", ["/meetings/", "/people/", "/organizations/", "/readouts/", "/articles/"])
def test_each_list_shows_its_total_and_a_csv_link_that_keeps_the_filters(client, biegun_kang, url):
    page = client.get(f"{url}?q=Kang").content.decode()
    assert "export.csv?q=Kang" in page


def test_active_filters_are_shown_and_each_can_be_removed(client, biegun_kang):
    page = client.get("/meetings/?country=KR&country=US&kind=meeting").content.decode()
    assert 'aria-label="Remove filter Country South Korea"' in page
    assert "?country=US&amp;kind=meeting" in page  # removing KR keeps the rest
    page = client.get("/meetings/?country=kr").content.decode()
    assert biegun_kang.title in page and 'aria-label="Remove filter Country South Korea"' in page


def _list_with(n: int):
    for i in range(n):
        meeting = MeetingFactory(date=dt.date(2019, 1, 1) + dt.timedelta(days=i))
        a, b = ParticipationFactory(meeting=meeting), ParticipationFactory(meeting=meeting, country="US")
        ReadOutFactory(meeting=meeting, issuer=a.organization)
        EvidenceFactory(meeting=meeting)
        PositionFactory(person=b.person, organization=b.organization)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/meetings/",
        "/meetings/?country=KR&sort=-date&q=Meeting",
        "/people/",
        "/organizations/",
        "/readouts/",
        "/articles/",
        "/countries/KR/",
        "/countries/KR/US/",
    ],
)
def test_lists_run_a_constant_number_of_queries(client, django_assert_max_num_queries, url):
    _list_with(2)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _list_with(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_detail_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries, biegun_kang):
    person = biegun_kang.participations.first().person
    urls = [f"/meetings/{biegun_kang.pk}/", f"/people/{person.slug}/", "/organizations/kr-mofa/"]

    def another_meeting(day: int) -> None:
        meeting = MeetingFactory(date=dt.date(2018, 1, 1) + dt.timedelta(days=day))
        ParticipationFactory(meeting=meeting, person=person)
        ParticipationFactory(meeting=meeting, organization=biegun_kang.readouts.first().issuer)

    another_meeting(0)  # one of each related row, so that no prefetch is skipped for being empty
    counts = []
    for url in urls:
        with django_assert_max_num_queries(14) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    for day in range(1, 26):  # many more meetings of the same people
        another_meeting(day)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_each_readout_shows_the_sentence_it_was_read_from(client, imported_seeds):
    from meetings.models import ReadOut

    readout = ReadOut.objects.filter(issuer__name="Ministry of Unification").select_related("meeting").first()
    sentence = readout.evidence.get().sentence
    page = client.get(readout.meeting.get_absolute_url())
    assert page.status_code == 200
    assert sentence in page.content.decode()
    rows = list(
        csv.DictReader(io.StringIO(b"".join(client.get("/readouts/export.csv").streaming_content).decode("utf-8-sig")))
    )
    assert any(row["issuer"] == "Ministry of Unification" and sentence in row["evidence"] for row in rows)
