"""One test per filter of the meetings list (and the other lists' own filters), on the real database."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from meetings.filters import (
    ArticleFilterSet,
    MeetingFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    ReadOutFilterSet,
)
from meetings.models import Article, Meeting, Organization, Person, ReadOut
from meetings.tests.factories import (
    ArticleFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)
from meetings.tests.plans import plan_without
from meetings.tests.test_api import api_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    mou = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    kcna = OrganizationFactory(name="KCNA", slug="kp-kcna", country="KP")
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", aliases=["Kang Kyung-hwa"])
    may = MeetingFactory(title="May talks", date=dt.date(2019, 5, 10), kind="meeting", status="held", location="Seoul")
    ParticipationFactory(meeting=may, person=kang, organization=mofa, country="KR")
    ParticipationFactory(meeting=may, country="US")
    march = MeetingFactory(title="March group", date=dt.date(2019, 3, 1), date_precision="month", kind="working_group")
    ParticipationFactory(meeting=march, organization=mou, country="KR")
    summit = MeetingFactory(title="Summit plan", date=dt.date(2018, 6, 12), kind="summit", status="cancelled")
    ParticipationFactory(meeting=summit, country="KP")
    ReadOutFactory(meeting=summit, issuer=kcna, quotes=["tremendous anger"])
    return {"may": may, "march": march, "summit": summit}


def titles(params: dict, filterset=MeetingFilterSet, model=Meeting) -> set[str]:
    fs = filterset(params, queryset=model.objects.all())
    assert fs.is_valid(), fs.errors
    return {getattr(o, "title", None) or getattr(o, "name", None) or o.slug for o in fs.qs}


def test_date_from_accepts_year_month_and_day(meetings):
    assert titles({"date_from": "2019"}) == {"May talks", "March group"}
    assert titles({"date_from": "2019-04"}) == {"May talks"}
    assert titles({"date_from": "2019-05-10"}) == {"May talks"}


def test_date_to_runs_to_the_end_of_its_period(meetings):
    assert titles({"date_to": "2019-03"}) == {"March group", "Summit plan"}
    assert titles({"date_to": "2018"}) == {"Summit plan"}
    assert titles({"date_to": "2019-05-09"}) == {"March group", "Summit plan"}


def test_an_impossible_date_is_a_form_error(meetings):
    fs = MeetingFilterSet({"date_from": "2019-02-30"}, queryset=Meeting.objects.all())
    assert not fs.is_valid() and "date_from" in fs.errors


def test_country_is_repeatable(meetings):
    assert titles({"country": ["KP"]}) == {"Summit plan"}
    assert titles({"country": ["KP", "US"]}) == {"Summit plan", "May talks"}
    assert titles({"country": ["kp"]}) == {"Summit plan"}  # typed by hand


def test_organization_matches_participants_offices_and_readout_issuers(meetings):
    assert titles({"organization": ["kr-mofa"]}) == {"May talks"}
    assert titles({"organization": ["kp-kcna"]}) == {"Summit plan"}
    assert titles({"organization": ["kr-mofa", "kr-mou"]}) == {"May talks", "March group"}


def test_person_by_slug(meetings):
    assert titles({"person": "kang"}) == {"May talks"}


def test_kind_and_status(meetings):
    assert titles({"kind": "working_group"}) == {"March group"}
    assert titles({"status": "cancelled"}) == {"Summit plan"}


def test_q_searches_titles_participants_aliases_and_quotes(meetings):
    assert titles({"q": "group"}) == {"March group"}
    assert titles({"q": "kang"}) == {"May talks"}
    assert titles({"q": "Kyung-hwa"}) == {"May talks"}
    assert titles({"q": "tremendous"}) == {"Summit plan"}


def test_sort_orders_by_the_chosen_column(meetings):
    fs = MeetingFilterSet({"sort": "date"}, queryset=Meeting.objects.all())
    assert [m.title for m in fs.qs] == ["Summit plan", "March group", "May talks"]
    fs = MeetingFilterSet({"sort": "-title"}, queryset=Meeting.objects.all())
    assert [m.title for m in fs.qs] == ["Summit plan", "May talks", "March group"]


def test_rows_that_tie_keep_one_order(meetings):
    same_day = [MeetingFactory(title=f"Same day {i}", date=dt.date(2019, 5, 10)) for i in range(3)]
    for sort in ["date", "-date"]:
        fs = MeetingFilterSet(
            {"sort": sort, "date_from": "2019-05-10", "date_to": "2019-05-10"}, queryset=Meeting.objects.all()
        )
        assert [m.pk for m in fs.qs] == sorted(m.pk for m in [meetings["may"], *same_day])


def test_readout_filters_by_issuer_country_date_and_text(meetings):
    ReadOutFactory(meeting=meetings["may"], issuer=Organization.objects.get(slug="kr-mofa"), quotes=["door open"])

    def quotes(params):
        fs = ReadOutFilterSet(params, queryset=ReadOut.objects.all())
        assert fs.is_valid(), fs.errors
        return {q for r in fs.qs for q in r.quotes}

    assert quotes({"issuer": ["kp-kcna"]}) == {"tremendous anger"}
    assert quotes({"country": ["KR"]}) == {"door open"}
    assert quotes({"date_from": "2019"}) == {"door open"}
    assert quotes({"q": "anger"}) == {"tremendous anger"}


@pytest.mark.parametrize(("cap", "total"), [(10, "7"), (5, "more than 5")])
def test_a_persons_list_totals_their_public_meetings(client, monkeypatch, cap, total):
    """One person's list, alone or sorted, says how many public meetings they took part in (kept on write on
    PostgreSQL, counted on SQLite), with the rejected and the retired left out and the total capped as any list's;
    another filter beside it counts the narrowed list."""
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", cap)
    ri = PersonFactory(name="Ri Son-gwon", slug="ri-son-gwon", country="KP")
    other = PersonFactory(name="Jo Yong-won", slug="jo-yong-won", country="KP")
    for day in range(1, 10):
        held = MeetingFactory(title=f"Talks {day}", date=dt.date(2020, 1, day))
        ParticipationFactory(meeting=held, person=ri, country="KP")
        ParticipationFactory(meeting=held, person=other, country="KP")
    Meeting.objects.filter(title="Talks 1").update(review_status="rejected")
    Meeting.objects.filter(title="Talks 2").update(retired_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    ParticipationFactory(meeting=MeetingFactory(title="Without Ri"), person=other, country="KP")

    for params in ({"person": "ri-son-gwon"}, {"person": "ri-son-gwon", "sort": "-title"}):
        page = client.get("/meetings/", params).context["page_obj"]
        assert page.paginator.total == total
        assert len(page.object_list) == 7 and "Talks 1" not in {m.title for m in page.object_list}
    narrowed = client.get("/meetings/", {"person": "ri-son-gwon", "date_from": "2020-01-06"}).context["page_obj"]
    assert narrowed.paginator.total == "4"


def test_person_filters_by_name_alias_country_and_office(meetings):
    assert titles({"q": "Kyung-hwa"}, PersonFilterSet, Person) == {"Kang Kyung-wha"}
    assert "Kang Kyung-wha" in titles({"organization": "kr-mofa"}, PersonFilterSet, Person)
    assert titles({"country": ["KP"]}, PersonFilterSet, Person) == set()


def test_organization_filters_by_name_country_and_kind(meetings):
    assert titles({"q": "unification"}, OrganizationFilterSet, Organization) == {"Ministry of Unification"}
    assert titles({"country": ["KP"]}, OrganizationFilterSet, Organization) == {"KCNA"}


def test_article_filters_by_text_and_publication_date():
    ArticleFactory(slug="old", published=dt.date(2017, 3, 20), title="Tillerson in Seoul")
    ArticleFactory(slug="new", published=dt.date(2019, 5, 10), title="Biegun in Seoul")
    assert titles({"date_from": "2019"}, ArticleFilterSet, Article) == {"Biegun in Seoul"}
    assert titles({"q": "Tillerson"}, ArticleFilterSet, Article) == {"Tillerson in Seoul"}


def _csv(client, url: str) -> str:
    return b"".join(client.get(url).streaming_content).decode("utf-8-sig")


def _readout_pages(client, params: str) -> tuple[list[str], str, list[str]]:
    """The read-outs list with ``params``, page by page until one repeats the last (past the end, the last page again):
    the ids of its rows in order, the total its first page shows, and the statements run meanwhile."""
    listed = []
    with CaptureQueriesContext(connection) as captured:
        for number in range(1, 20):
            html = client.get(f"/readouts/?{params}&page={number}").content.decode()
            tags = re.findall(r"<q>(r\d+[a-z-]+) said", html)
            rows = [ReadOut.objects.get(quotes__0__startswith=tag) for tag in tags]
            if number == 1:
                total = re.search(r'<p class="summary"><strong>([^<]+)</strong>', html).group(1)
            if not rows or (listed and rows[-1].pk == int(listed[-1])):
                break  # past the last page, the last page again
            listed += [str(row.pk) for row in rows]
    return listed, total, [query["sql"] for query in captured.captured_queries]


def test_undated_meetings_come_last_whichever_way_the_dates_are_sorted(client, meetings):
    """On the meetings and read-outs lists, their CSVs and the API alike, and on PostgreSQL as on SQLite (whose
    NULLs sort at opposite ends of a descending order)."""
    undated = MeetingFactory(title="Undated call", date=None, kind="phone_call")
    ReadOutFactory(meeting=undated, issuer=Organization.objects.get(slug="kp-kcna"), quotes=["no date given"])
    newest_first = ["May talks", "March group", "Summit plan", "Undated call"]
    oldest_first = ["Summit plan", "March group", "May talks", "Undated call"]
    for sort, expected in [("", newest_first), ("-date", newest_first), ("date", oldest_first)]:
        page = client.get(f"/meetings/?sort={sort}").content.decode()
        assert sorted(newest_first, key=page.index) == expected, sort
        exported = _csv(client, f"/meetings/export.csv?sort={sort}")
        assert sorted(newest_first, key=exported.index) == expected, sort
        api = client.get(f"/api/meetings/?sort={sort}").json()["results"]
        assert [m["title"] for m in api] == expected, sort
    quotes_newest_first = ["tremendous anger", "no date given"]
    for sort in ["", "-date", "date"]:
        page = client.get(f"/readouts/?sort={sort}").content.decode()
        assert sorted(quotes_newest_first, key=page.index) == quotes_newest_first, sort
        exported = _csv(client, f"/readouts/export.csv?sort={sort}")
        assert sorted(quotes_newest_first, key=exported.index) == quotes_newest_first, sort


def test_the_article_search_finds_text_and_on_postgresql_reads_the_trigram_indexes():
    """A word in an article's text, title or file name finds it; on PostgreSQL through the trigram indexes of the
    three (migration 0029) rather than by reading every article's text."""
    from django.db import connection

    ArticleFactory(slug="hanoi-2019", title="Summit ends early", body="The talks in Hanoi ended without a deal.")
    ArticleFactory(slug="singapore-2018", title="Leaders meet", body="A joint statement was signed on Sentosa.")
    assert titles({"q": "without a deal"}, ArticleFilterSet, Article) == {"Summit ends early"}
    assert titles({"q": "singapore"}, ArticleFilterSet, Article) == {"Leaders meet"}
    if connection.vendor != "postgresql":
        return  # SQLite reads every article; what it finds is the same
    plan = plan_without(ArticleFilterSet({"q": "Sentosa"}, queryset=Article.objects.all()).qs.order_by())
    assert all(index in plan for index in ("article_title_trgm", "article_body_trgm", "article_slug_trgm")), plan


@pytest.mark.parametrize(
    "params",
    ["q=reunion", "q=reunion&sort=issuer", "q=reunion&sort=-date", "q=reunion&issuer=kp-kcna", "q=no+such+phrase"],
)
@pytest.mark.parametrize("few", [1000, 3])
def test_the_readouts_search_pages_through_the_same_rows_as_its_csv(client, monkeypatch, params, few):
    """A phrase in a quote or in the meeting's title: each page of the read-outs list, and its total, are the CSV's
    rows (every match, in the same order), with another filter or sort beside it, in titles and quotes of every
    frequency. On PostgreSQL a page reads only each place's first rows, so short pages and a low cap put the pages'
    ends among the matches; a place of at most FEW_MEETINGS matches (``few``: all of them, or fewer than the titles'
    and the quotes') is read first and its read-outs looked up by key (ReadOutFilterSet._places_read)."""
    monkeypatch.setattr("meetings.views.ReadOutListView.paginate_by", 4)
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 12)
    monkeypatch.setattr("meetings.search.FEW_MEETINGS", few)
    kcna = OrganizationFactory(name="KCNA", slug="kp-kcna", country="KP")
    mofa = OrganizationFactory(name="Foreign Ministry", slug="kr-mofa", country="KR")
    for day in range(1, 22):
        title = "Family reunion talks" if day % 3 == 0 else f"Border talks {day}"
        meeting = MeetingFactory(title=title, date=dt.date(2019, 5, day))
        for issuer in (kcna, mofa) if day % 2 else (mofa,):
            quote = "the reunions of separated families" if day % 5 == 0 else "talks went well"
            ReadOutFactory(meeting=meeting, issuer=issuer, quotes=[f"r{day}{issuer.slug} said {quote}"])
    exported = [row.split(",")[0] for row in _csv(client, f"/readouts/export.csv?{params}").splitlines()[1:]]
    listed, total, statements = _readout_pages(client, params)
    assert listed == exported
    assert total == (str(len(exported)) if len(exported) <= 12 else "more than 12")
    if "no+such" not in params:
        assert len(exported) > 12 if "issuer" not in params else len(exported) > 4
    if connection.vendor == "postgresql":
        given = any("::bigint[]" in sql for sql in statements)
        assert given == (few == 1000 or "no+such" in params)  # a phrase in no read-out: none to look up


@pytest.mark.parametrize("params", ["issuer=kp-kcna", "issuer=kp-kcna&sort=-date", "issuer=kp-kcna&q=reunion"])
def test_one_issuers_readouts_page_by_their_meetings_dates_as_the_meetings_now_have_them(client, monkeypatch, params):
    """One issuer's read-outs, newest meeting first, through ties on a day and undated meetings: every page holds the
    rows of the whole list in that order, after meetings' dates are corrected (one saved, several updated at once,
    one made undated) and a read-out is moved to another meeting. On PostgreSQL the list reads the meeting's date as
    each read-out keeps it (migration 0032): the kept dates follow every one of those writes."""
    from django.db import connection

    monkeypatch.setattr("meetings.views.ReadOutListView.paginate_by", 4)
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 12)
    kcna = OrganizationFactory(name="KCNA", slug="kp-kcna", country="KP")
    mofa = OrganizationFactory(name="Foreign Ministry", slug="kr-mofa", country="KR")
    meetings = []
    for i in range(18):
        title = "Family reunion talks" if i % 3 == 0 else f"Border talks {i}"
        date = None if i % 7 == 6 else dt.date(2019, 5, 1 + i // 2)  # two a day, every seventh undated
        meetings.append(MeetingFactory(title=title, date=date))
        for issuer in (kcna, mofa) if i % 4 else (kcna,):
            ReadOutFactory(meeting=meetings[-1], issuer=issuer, quotes=[f"r{i}{issuer.slug} said talks went well"])
    first = meetings[0]
    first.date = dt.date(2020, 1, 1)  # the oldest becomes the newest
    first.save()
    Meeting.objects.filter(pk__in=[meetings[2].pk, meetings[3].pk]).update(date=dt.date(2018, 1, 1))
    Meeting.objects.filter(pk=meetings[4].pk).update(date=None)
    moved = ReadOut.objects.get(meeting=meetings[5], issuer=kcna)
    moved.meeting = MeetingFactory(title="Family reunion in Kumgang", date=dt.date(2019, 12, 24))
    moved.save()

    whole = ReadOut.objects.public().filter(issuer=kcna)
    if "q=" in params:
        whole = whole.filter(Q(meeting__title__icontains="reunion") | Q(quotes__icontains="reunion"))
    expected = list(whole.order_by(F("meeting__date").desc(nulls_last=True), "pk").values_list("pk", flat=True))
    listed = []
    for number in range(1, 10):
        html = client.get(f"/readouts/?{params}&page={number}").content.decode()
        rows = [ReadOut.objects.get(quotes__0__startswith=tag) for tag in re.findall(r"<q>(r\d+[a-z-]+) said", html)]
        if not rows or (listed and rows[-1].pk == listed[-1]):
            break  # past the last page, the last page again
        listed += [row.pk for row in rows]
    assert listed == expected and len(expected) > 4
    if connection.vendor == "postgresql":  # SQLite keeps no dates with the read-outs; it orders by the meeting's
        kept = ReadOut.objects.values_list("meeting_date", "meeting__date")
        assert all(mine == theirs for mine, theirs in kept) and (None, None) in kept
        titles = ReadOut.objects.values_list("meeting_title", "meeting__title")
        joined = str.maketrans(" -", "qx")  # as the search reads it: upper-cased, spaces and hyphens as letters
        assert all(mine == theirs.upper().translate(joined) for mine, theirs in titles)
        from django.http import QueryDict

        from meetings.views import ReadOutListView

        page = ReadOutFilterSet(QueryDict(params), queryset=ReadOutListView().base_queryset()).qs[:4]
        assert "readout_issuer_latest" in plan_without(page, "seqscan", "sort", "bitmapscan")


@pytest.fixture
def readouts_of_three_countries(monkeypatch):
    """Pages of 4 read-outs, counted up to 12; the read-outs of North Korea's news agency and foreign ministry, Japan's
    and South Korea's foreign ministries (its own twenty more) on 24 meetings, two a day, every seventh undated, one
    rejected and one retired, in three forms; 300 meetings of the archive beyond them, measured (ANALYZE). Gives
    South Korea's ministry."""
    monkeypatch.setattr("meetings.views.ReadOutListView.paginate_by", 4)
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 12)
    kcna = OrganizationFactory(name="KCNA", slug="kp-kcna", country="KP")
    kp_mfa = OrganizationFactory(name="Foreign Ministry", slug="kp-mfa", country="KP")
    jp_mofa = OrganizationFactory(name="Gaimusho", slug="jp-mofa", country="JP")
    kr_mofa = OrganizationFactory(name="Foreign Ministry", slug="kr-mofa", country="KR")
    forms = ["statement", "briefing", "read-out"]
    for i in range(24):
        hidden = {"review_status": "rejected"} if i == 5 else {"retired_at": dt.datetime(2021, 1, 1, tzinfo=dt.UTC)}
        date = None if i % 7 == 6 else dt.date(2019, 5, 1 + i // 2)  # two a day, every seventh undated
        meeting = MeetingFactory(title=f"Talks {i}", date=date, **(hidden if i in (5, 9) else {}))
        for issuer in (kcna, kp_mfa, jp_mofa) if i % 3 else (kcna, kp_mfa, kr_mofa):
            quote = f"r{i}{issuer.slug} said talks went well"
            ReadOutFactory(meeting=meeting, issuer=issuer, form=forms[(i + issuer.pk) % 3], quotes=[quote])
    for i in range(20):  # another country's read-outs
        ReadOutFactory(meeting=MeetingFactory(title=f"Other {i}", date=dt.date(2018, 1, 1)), issuer=kr_mofa)
    # The archive beyond them: against it, the country's read-outs are few for a fourth page (measured).
    Meeting.objects.bulk_create(
        MeetingFactory.build(title=f"Archive {i}", date=dt.date(2017, 1, 1)) for i in range(300)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting, meetings_readout")  # the archive as the choice reads it
    return kr_mofa


@pytest.mark.parametrize(
    "params",
    [
        "country=KP",
        "country=KP&sort=date",
        "country=KP&sort=-date",
        "country=KP&date_from=2019-05-04&date_to=2019-05-12",
        "country=KP&form=statement",
        "country=KP&country=JP",
        "country=KP&sort=form",
        "country=KP&sort=-form",
    ],
)
@pytest.mark.parametrize("read_whole", [True, False])
def test_a_countrys_readouts_page_through_the_same_rows_as_its_csv(
    client, monkeypatch, readouts_of_three_countries, params, read_whole
):
    """The read-outs of a country's offices: each page of the list, and its total, are the CSV's rows in the same
    order, through ties on a day, undated meetings, hidden meetings and every filter beside the country. On PostgreSQL
    (ReadOutFilterSet._country_issuers), against this archive of 344 meetings, the country's 48 read-outs are more than
    a first page's walk passes: the meetings' order is walked for them, the offices given by their ids; for the next
    two pages walked as a join to the offices; from the fourth page, read whole off their issuers' index and sorted by
    the date each keeps of its meeting (ReadOutFilterSet._read_whole), or by form (against a walk of the read-outs'
    index by form, as if the read-outs were many: Mongolia's page 50 walked 210,613 at 1,000,000 meetings, 119 ms;
    read whole, 60). As many as a read-out costing a billion look-ups (``read_whole`` False), they are walked for on
    every page."""
    kr_mofa = readouts_of_three_countries
    if "form" in params and read_whole:
        # By form the walk is of the read-outs' own index, cheap against this archive's 92: as if they were many.
        monkeypatch.setattr("meetings.filters.READOUTS_WALKED_PER_LOOKUP", 0.01)
    if not read_whole:
        monkeypatch.setattr("meetings.filters.READOUT_SORT_LOOKUPS", 10**9)

    exported = [row.split(",")[0] for row in _csv(client, f"/readouts/export.csv?{params}").splitlines()[1:]]
    listed, total, statements = _readout_pages(client, params)
    assert listed == exported and len(exported) > 4
    assert total == (str(len(exported)) if len(exported) <= 12 else "more than 12")
    assert not {kr_mofa.pk} & set(ReadOut.objects.filter(pk__in=exported).values_list("issuer", flat=True))
    if connection.vendor == "postgresql":
        walked_by_ids = any('"meetings_readout"."issuer_id" = ANY(' in sql for sql in statements)  # the first page
        # Read whole: the read-outs off their issuers' index, each one's meeting probed by key (ReadOut.public_by_key).
        read_whole_seen = any('FROM "meetings_readout"' in sql and "LIMIT 1) IS NOT NULL" in sql for sql in statements)
        assert walked_by_ids and read_whole_seen == read_whole
    api = api_rows(client, f"/api/readouts/?{params}&page_size=10")
    assert sorted(str(row["id"]) for row in api) == sorted(exported)  # its windows read as before


@pytest.mark.parametrize(
    "params",
    [
        "issuer=kp-kcna&sort=date",
        "issuer=jp-mofa&sort=date",
        "issuer=kp-kcna&sort=date&date_from=2019-05-04&date_to=2019-05-12",
        "issuer=kp-kcna&sort=date&form=statement",
        "issuer=kp-kcna&sort=date&country=KP",
        "issuer=kp-kcna&sort=date&country=JP",
    ],
)
def test_one_issuers_readouts_earliest_first_page_through_the_same_rows_as_its_csv(
    client, monkeypatch, readouts_of_three_countries, params
):
    """One issuer's read-outs by date, the earliest first: each page and the total are the CSV's rows in the same
    order, through ties on a day, the undated last, hidden meetings and the filters beside the issuer. On PostgreSQL
    its dated read-outs are read off the issuer's index by date backward and its undated ones apart
    (ReadOutFilterSet._earliest_first), where the busiest issuer's 16,276 were joined to the meetings and sorted (182
    ms for page 50 at 1,000,000 meetings)."""
    monkeypatch.setattr("meetings.views.COUNT_CAP", 12)  # a list of more is read as its first rows, not off its count
    exported = [row.split(",")[0] for row in _csv(client, f"/readouts/export.csv?{params}").splitlines()[1:]]
    listed, total, statements = _readout_pages(client, params)
    assert listed == exported
    assert total == (str(len(exported)) if len(exported) <= 12 else "more than 12")
    if "JP" not in params:
        assert len(exported) > 4  # several pages
    if connection.vendor == "postgresql":
        # Read off the issuer's index by date, the dated rows backward; a list of no more than the count reads shows
        # the rows its count read.
        by_kept_date = any('"meeting_date" ASC NULLS FIRST' in sql for sql in statements)
        assert by_kept_date == (len(exported) > 12)


def test_a_readouts_search_counted_whole_reads_its_places_once(client):
    """A search of the read-outs with fewer matches than the count reads: the page shows the matches the count read
    (in the list's order) instead of reading the quotes and titles again; one query reads them on PostgreSQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kcna = OrganizationFactory(name="KCNA", slug="kp-kcna", country="KP")
    for day in range(1, 8):
        meeting = MeetingFactory(title=f"Ri Son-bok talks {day}", date=dt.date(2021, 3, day))
        ReadOutFactory(meeting=meeting, issuer=kcna, quotes=[f"r{day} said talks went well"])
    ReadOutFactory(meeting=MeetingFactory(title="Other talks"), issuer=kcna, quotes=["nothing of note"])
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/readouts/", {"q": "Son-bok"}).content.decode()
    assert re.findall(r"<q>(r\d+) said", html) == [f"r{day}" for day in range(7, 0, -1)]  # newest first
    assert re.search(r'<p class="summary"><strong>7</strong>', html)
    if connection.vendor == "postgresql":  # SQLite filters the list whole and counts it (no count of its own)
        reading_titles = [q for q in captured.captured_queries if re.search(r'meeting_title"(::text)? LIKE', q["sql"])]
        assert len(reading_titles) == 1


def test_a_readouts_search_finds_the_meetings_title_as_it_is_now(client):
    """The read-outs' search looks in their meeting's title (on PostgreSQL the title each read-out keeps, migration
    0037): a title edited is found by its new words at once, with an issuer beside it, and no longer by its old."""
    kcna = OrganizationFactory(name="KCNA", slug="kp-kcna", country="KP")
    mofa = OrganizationFactory(name="Foreign Ministry", slug="kr-mofa", country="KR")
    meeting = MeetingFactory(title="Talks in Sinuiju", date=dt.date(2022, 8, 3))
    ReadOutFactory(meeting=meeting, issuer=kcna, quotes=["r1 said talks went well"])
    ReadOutFactory(meeting=meeting, issuer=mofa, quotes=["r2 said talks went well"])

    def quoted(params: dict) -> list[str]:
        return re.findall(r"<q>(r\d+) said", client.get("/readouts/", params).content.decode())

    assert quoted({"q": "sinuiju", "issuer": "kp-kcna"}) == ["r1"]
    meeting.title = "Talks in Rason"
    meeting.save()
    assert quoted({"q": "sinuiju"}) == []
    assert quoted({"q": "rason", "issuer": "kr-mofa"}) == ["r2"]
    assert sorted(quoted({"q": "in rason"})) == ["r1", "r2"]


def test_the_readouts_search_finds_a_quote_in_hangul_and_on_postgresql_reads_the_trigram_indexes():
    """A phrase in Korean script finds the quote (SQLite stores it escaped in the JSON list); on PostgreSQL the two
    places are read each on its own, the quotes through their trigram index (migration 0030; the titles' is 0005's),
    not by reading every read-out."""
    from django.db import connection

    ReadOutFactory(quotes=["김정은 위원장은 회담이 성공적이었다고 말했다"])
    ReadOutFactory(meeting=MeetingFactory(title="Trilateral summit in Seoul"))
    assert {r.quotes[0][:3] for r in ReadOutFilterSet({"q": "성공적"}, queryset=ReadOut.objects.all()).qs} == {"김정은"}
    found = ReadOutFilterSet({"q": "trilateral"}, queryset=ReadOut.objects.all()).qs
    assert [r.meeting.title for r in found] == ["Trilateral summit in Seoul"]
    if connection.vendor != "postgresql":
        return
    plan = plan_without(found.order_by())
    assert "readout_quotes_trgm" in plan, plan


@pytest.mark.parametrize("sort", ["form", "-form", "issuer", "-issuer"])
def test_read_outs_sorted_by_form_or_issuer_page_by_page_as_their_csv_and_offices_of_a_name_by_country(
    client, monkeypatch, sort
):
    """Sorted by form or by issuer, either way, each page of the read-outs holds the rows the whole list (its CSV) holds
    there, ties in the sort's direction. By issuer, the offices that share a name (each country's foreign ministry)
    come one after the other by country, each office's read-outs together, rather than mixed by id. On PostgreSQL
    the list by form is read off its index in order (migration 0055), where every read-out was sorted for a page."""
    from django.db import connection

    from meetings.views import ReadOutListView

    monkeypatch.setattr(ReadOutListView, "paginate_by", 3)
    ministries = [
        OrganizationFactory(name="Ministry of Foreign Affairs", slug=f"mfa-{code}", country=code)
        for code in ("KR", "JP", "US")
    ]
    forms = ["read-out", "statement", "briefing"]
    for i in range(12):
        ReadOutFactory(
            meeting=MeetingFactory(title=f"Talks {i:02d}", date=dt.date(2020, 1, 1) + dt.timedelta(days=i)),
            issuer=ministries[i % 3],
            form=forms[i * 7 % 3],
            quotes=[f"Passage {i:02d}"],
        )
    whole = re.findall(r"Passage \d\d", _csv(client, f"/readouts/export.csv?sort={sort}"))
    listed, page = [], 1
    while True:
        shown = client.get(f"/readouts/?sort={sort}&page={page}").context["page_obj"]
        listed += [row.quotes[0] for row in shown.object_list]
        if not shown.has_next():
            break
        page += 1
    assert listed == whole and len(whole) == 12 and page == 4
    keys = {
        "form": lambda r: (r.form, r.pk),
        "issuer": lambda r: (r.issuer.name, r.issuer.country.code, r.pk),
    }[sort.removeprefix("-")]
    expected = sorted(ReadOut.objects.select_related("issuer"), key=keys, reverse=sort.startswith("-"))
    assert listed == [r.quotes[0] for r in expected]
    if sort == "issuer":  # Japan's ministry's four, then Korea's, then the United States'
        assert [r.issuer.country.code for r in expected] == ["JP"] * 4 + ["KR"] * 4 + ["US"] * 4
    if sort == "form" and connection.vendor == "postgresql":
        filterset = ReadOutFilterSet({"sort": sort}, queryset=ReadOutListView().base_queryset())
        assert "readout_form" in plan_without(filterset.qs[:3], "seqscan", "sort")


@pytest.mark.parametrize(
    "filters",
    [
        "",
        "country=KR&country=JP",
        "date_from=2020-01-04&date_to=2020-01-15",
        "issuer=mfa-us&issuer=kcna",
        "form=statement",
    ],
)
@pytest.mark.parametrize("sort", ["issuer", "-issuer"])
def test_read_outs_by_issuer_beside_filters_page_by_page_as_their_csv(client, monkeypatch, sort, filters):
    """Sorted by issuer, either way, beside the issuer, country, date and form filters: each page holds the rows the
    list's CSV holds there, its total the CSV's, and a read-out of a rejected meeting is on neither; so does a list of
    first rows. On PostgreSQL those are read issuer by issuer, each issuer's first read-outs in order (off its index
    with the id, migration 0056), rather than every read-out of the first issuers sorted."""
    from django.db import connection
    from django.http import QueryDict

    from meetings.views import ReadOutListView

    monkeypatch.setattr(ReadOutListView, "paginate_by", 3)
    issuers = [
        OrganizationFactory(name="Ministry of Foreign Affairs", slug=f"mfa-{code.lower()}", country=code)
        for code in ("KR", "JP", "US")
    ] + [OrganizationFactory(name="Korean Central News Agency", slug="kcna", country="KP", kind="media")]
    forms = ["read-out", "statement", "briefing"]
    for i in range(20):
        ReadOutFactory(
            meeting=MeetingFactory(title=f"Talks {i:02d}", date=dt.date(2020, 1, 1) + dt.timedelta(days=i)),
            issuer=issuers[i * 3 % 4],
            form=forms[i % 3],
            quotes=[f"Passage {i:02d}"],
        )
    ReadOutFactory(meeting=MeetingFactory(review_status="rejected"), issuer=issuers[0], quotes=["Passage rejected"])
    query = f"sort={sort}&{filters}"
    whole = re.findall(r"Passage \w+", _csv(client, f"/readouts/export.csv?{query}"))
    listed, page = [], 1
    while True:
        shown = client.get(f"/readouts/?{query}&page={page}").context["page_obj"]
        listed += [row.quotes[0] for row in shown.object_list]
        assert shown.paginator.count == len(whole)
        if not shown.has_next():
            break
        page += 1
    assert listed == whole and "Passage rejected" not in whole
    assert 5 <= len(whole) <= 20 and page == -(-len(whole) // 3)
    # A list of at most 1,000 read-outs pages through the ids its count read; a longer one reads a page's first rows.
    for first_rows in range(1, len(whole) + 2, 3):
        filterset = ReadOutFilterSet(QueryDict(query), queryset=ReadOutListView().base_queryset())
        filterset.first_rows = first_rows
        read = filterset.qs
        assert [row.quotes[0] for row in read[:first_rows]] == whole[:first_rows]
    if connection.vendor == "postgresql":
        # Issuer by issuer, each giving as many of its first read-outs as the page may show, in the page's order.
        sql = str(read.query)
        way = " DESC" if sort.startswith("-") else " ASC"
        assert "unnest(ARRAY(" in sql and f"ORDER BY 1{way} LIMIT {first_rows}))" in sql, sql


@pytest.mark.parametrize("sort", ["title", "-title"])
def test_a_few_meetings_of_some_dates_by_title_are_sorted_whole_and_many_walked_for(client, monkeypatch, sort):
    """A list of dates sorted by title reads its meetings off the dates' index and sorts them when they are few beside
    the archive (a month's), and walks the titles' index for its first rows when they are many (a year's): the rule
    of a subject's meetings (sorted_sooner_than_walked), their number from the archive's contacts kept by month.
    Either way each page lists the meetings the whole list (its CSV) holds there. PostgreSQL only (SQLite keeps no
    counts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.views import MeetingListView

    monkeypatch.setattr(MeetingListView, "paginate_by", 3)
    for i in range(30):  # a year's meetings, every twelve days, titled out of date order
        MeetingFactory(title=f"Talks {i * 7 % 30:02d}", date=dt.date(2018, 1, 1) + dt.timedelta(days=12 * i))
    for i in range(5):  # a month's
        MeetingFactory(title=f"Call {i * 3 % 5}", date=dt.date(2020, 3, 2 + i))

    def sorted_whole(dates: str) -> bool:
        listed, page, whole_read = [], 1, []
        while True:
            with CaptureQueriesContext(connection) as captured:
                shown = client.get(f"/meetings/?{dates}&sort={sort}&page={page}").context["page_obj"]
            whole_read += [
                "COALESCE" in q["sql"]
                for q in captured.captured_queries
                if q["sql"].startswith('SELECT "meetings_meeting"."id" AS "pk"') and "ORDER BY" in q["sql"]
            ]
            listed += [meeting.title for meeting in shown.object_list]
            if not shown.has_next():
                break
            page += 1
        export = csv.DictReader(io.StringIO(_csv(client, f"/meetings/export.csv?{dates}&sort={sort}")))
        assert listed == [row["title"] for row in export]
        return whole_read[0]  # the first page's (a deeper page reads more first rows: sorted sooner)

    # A first page's 4 rows among 35 meetings: the month's 5 sorted (5² <= 4 × 35: a walk is reckoned at 28 titles
    # for them), the year's 30 walked for (30² > 4 × 35: most titles are the year's).
    assert sorted_whole("date_from=2020-03&date_to=2020-03") == (connection.vendor == "postgresql")
    assert not sorted_whole("date_from=2018&date_to=2018")
