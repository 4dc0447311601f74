"""Offices and news agencies kept apart in the meetings filter: a box for ministries and offices that suggests no
news agency, and one for state media and news agencies that suggests nothing else."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q

from meetings.tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
    create_in_bulk,
    hidden_meetings,
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


@pytest.fixture
def busy_office():
    """An office whose meetings come from its participants, its read-outs or both, on dates that tie or are missing;
    another office's meetings between them; a news agency with accounts of most of them and its own staff in others;
    a rejected and a retired meeting of the office that no list shows."""
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kp-mofa", country="KP", kind="ministry")
    other = OrganizationFactory(name="Department of State", slug="us-dos", country="US", kind="ministry")
    kcna = OrganizationFactory(
        name="Korean Central News Agency", acronym="KCNA", slug="kp-kcna", country="KP", kind="media"
    )
    choe = PersonFactory(name="Choe Son-hui", slug="choe", country="KP")
    envoy = PersonFactory(name="Stephen Biegun", slug="biegun", country="US")
    editor = PersonFactory(name="Ri Yong-chol", slug="ri-yong-chol", country="KP")
    day = dt.date(2020, 1, 1)
    records = []
    for i in range(30):
        # The newest ten only through participants: a page's first rows all come from one of the two sets.
        side = "participant" if i >= 20 else ("participant", "readout", "both", "neither")[i % 4]
        meeting = MeetingFactory.build(
            title=f"Talks {i}",
            location="Pyongyang" if i % 2 else "Seoul",
            # Every third meeting on the same day as the one before (ties broken by id), every seventh undated.
            date=None if i % 7 == 6 else day + dt.timedelta(days=i - i % 3),
        )
        office = mofa if side in ("participant", "both") else None
        records.append(ParticipationFactory.build(meeting=meeting, person=choe, organization=office, country="KP"))
        records.append(ParticipationFactory.build(meeting=meeting, person=envoy, organization=other, country="US"))
        if side in ("readout", "both"):
            records.append(ReadOutFactory.build(meeting=meeting, issuer=mofa))
        # A news agency with an account of the dated ones of each day but its last, where one of its staff took part
        # instead: its accounts bound how far back its staff's meetings are read, and the last of a day ranks
        # before the others of that day (by id).
        if i % 3 != 2 and i % 7 != 6:
            records.append(ReadOutFactory.build(meeting=meeting, issuer=kcna))
        if i % 3 == 2:
            records.append(ParticipationFactory.build(meeting=meeting, person=editor, organization=kcna, country="KP"))
    for hidden in hidden_meetings("Talks", day, built=True):
        records.append(ParticipationFactory.build(meeting=hidden, person=choe, organization=mofa, country="KP"))
    create_in_bulk(records)


@pytest.mark.parametrize(
    "params",
    [
        {"organization": "kp-mofa"},  # more meetings than the count goes to
        {"organization": "kp-mofa", "page": "2"},
        {"organization": "kp-mofa", "page": "4"},  # the last page counted up to the cap
        {"organization": "kp-mofa", "page": "99"},  # past the end: counted whole, then its last page
        {"organization": "kp-mofa", "page": "0"},
        {"organization": "kp-mofa", "sort": "title", "page": "3"},
        {"organization": "kp-mofa", "sort": "date", "page": "2"},
        {"organization": "kp-mofa", "sort": "date", "page": "5"},
        {"organization": "kp-mofa", "sort": "-date", "page": "3"},
        {"organization": "kp-mofa", "page": "3"},  # the participants' 10th row is undated: read-outs' undated read
        {"organization": "kp-mofa", "page": "6"},  # past the cap: both sets read whole
        {"media": "kp-kcna", "page": "2"},  # a news agency: its read-outs first, they bound its participants
        {"media": "kp-kcna", "sort": "date", "page": "3"},
        {"organization": "kp-mofa", "sort": "-location"},
        {"organization": "kp-mofa", "date_to": "2020-01-12"},  # fewer than the count: counted exactly
        {"organization": "kp-mofa", "country": "US", "page": "4"},
        {"organization": ["kp-mofa", "us-dos"], "page": "2"},
        {"organization": "us-dos", "page": "3"},  # participants alone, no read-out
        {"organization": "kp-mofa", "q": "Pyongyang"},  # with a search: the office's filter tested on each match
        # A name found only among the participants: the office asked of each participant's meeting as well
        {"organization": "kp-mofa", "q": "Choe"},
        {"organization": ["kp-mofa", "us-dos"], "media": "kp-kcna", "q": "Son-hui", "page": "2"},
        {"organization": "kp-mofa", "q": "Pyongyang talks", "sort": "date", "page": "2"},  # (a sort: not ranked)
        {"media": "kp-kcna", "q": "talks", "sort": "-date", "page": "3"},
        {"organization": ["kp-mofa", "us-dos"], "q": "talks", "sort": "-title", "page": "2"},
        {"media": "kp-mofa"},  # refused: a ministry is no news agency
        # Both boxes: the one with fewer meetings read first (the news agency), the other tested on each of them
        {"organization": "us-dos", "media": "kp-kcna", "page": "2"},
        {"organization": "us-dos", "media": "kp-kcna", "sort": "-title", "page": "3"},
        {"organization": "kp-mofa", "media": "kp-kcna", "sort": "location,-title", "page": "4"},
        {"organization": ["kp-mofa", "us-dos"], "media": "kp-kcna", "date_to": "2020-01-20"},
        # With a search, the search read first (sorted: a search alone is ranked)
        {"organization": "kp-mofa", "media": "kp-kcna", "q": "talks", "sort": "-date", "page": "2"},
    ],
)
def test_an_office_filter_shows_the_rows_and_count_of_its_whole_list_though_it_reads_only_the_first(
    client, monkeypatch, busy_office, params
):
    """A page reads an office's participants' and read-outs' meetings each only as far as the page and its capped
    count need: it must show the same rows, page, total and next link as paging the office's whole list."""
    small_pages(monkeypatch)
    assert_page_as_whole_list(client, params)


@pytest.mark.parametrize(
    "params",
    [
        {"organization": "us-dos", "media": "kp-kcna"},
        {"organization": "us-dos", "media": "kp-kcna", "page": "2"},
        {"organization": "kp-mofa", "media": "kp-kcna", "sort": "-title", "page": "3"},
        {"organization": ["kp-mofa", "us-dos"], "media": "kp-kcna", "date_to": "2020-01-20"},
        {"organization": "kp-mofa", "media": "kp-kcna", "country": "US"},
    ],
)
def test_both_office_boxes_are_counted_as_their_whole_list_when_the_first_has_more_meetings_than_the_count_reads(
    client, monkeypatch, busy_office, params
):
    """With both boxes filled, a box with more meetings than OTHER_BOX_TESTED_PAST (here made 5, as the count's cap)
    has the other box tested on each of its meetings' ids before the meeting is read, by the count and by the page's
    first rows (MeetingFilterSet._tested_for_the_other_box): the same total, rows and pages as the whole list."""
    small_pages(monkeypatch)
    for counted_up_to in (
        "meetings.views.COUNT_CAP",
        "meetings.pagination.COUNT_CAP",
        "meetings.search.RANK_LIMIT",
        "meetings.filters.OTHER_BOX_TESTED_PAST",
    ):
        monkeypatch.setattr(counted_up_to, 5)
    assert_page_as_whole_list(client, params)


def test_both_office_boxes_read_the_meetings_of_the_first_once_when_the_count_reads_them_all(client, busy_office):
    """With both boxes filled and fewer meetings in common than the count reads, the page shows the meetings the count
    read (``counted_rows``, in the list's order) instead of reading the first box's sets again for its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Organization

    kcna = Organization.objects.get(slug="kp-kcna").pk
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/meetings/", {"organization": "us-dos", "media": "kp-kcna", "sort": "-title"})
    titles = [m.title for m in response.context["object_list"]]
    # The news agency's accounts (the dated meetings of each day but its last) and its staff's (each day's last).
    expected = sorted((f"Talks {i}" for i in range(30) if i % 7 != 6 or i % 3 == 2), reverse=True)
    assert titles == expected[: len(titles)] and response.context["paginator"].count == len(expected)
    if connection.vendor == "postgresql":  # SQLite reads the list whole (no count of its own)
        (page,) = [
            q["sql"] for q in captured.captured_queries if 'ORDER BY "meetings_meeting"."title" DESC' in q["sql"]
        ]
        # The rows by their ids: neither the news agency's accounts nor its staff's participations read again.
        assert f'"issuer_id" IN ({kcna})' not in page and f'"organization_id" IN ({kcna})' not in page


@pytest.mark.parametrize("box", ["organization", "media"])
@pytest.mark.parametrize(
    "sort",
    [
        None,
        "date",
        "-date",
        "title",
        "-title",
        "location",
        "-location",
        "-kind",
        "location,-title",
        "location,title",  # bounded by the pair: through ties on the first column
        "-location,-title",  # the pair backward
        "-location,-kind",  # the pair backward through ties on both columns, broken by id ascending
        "status,date",  # a row without a date at the page's rank: bounded by the first column alone
    ],
)
@pytest.mark.parametrize("kept", [True, False])
def test_every_page_of_an_office_or_news_agency_in_any_order_is_the_page_of_its_whole_list(
    client, monkeypatch, busy_office, box, sort, kept
):
    """Off the office's kept rows (OfficeMeeting, PostgreSQL: ``kept``), or walked for with the office's filter
    applied whole. Every page, in an order by a column or by a pair of columns, through ties on its last row's values
    (two places, one kind and one status for all) and undated rows, is the whole list's."""
    from meetings.filters import MeetingFilterSet

    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 10)
    if not kept:
        monkeypatch.setattr(MeetingFilterSet, "_kept_rows_answer", False)
    slug = "kp-mofa" if box == "organization" else "kp-kcna"
    for page in range(1, 12):
        assert_page_as_whole_list(client, {box: slug, "page": str(page), **({"sort": sort} if sort else {})})


@pytest.mark.parametrize(
    "sort",
    [
        "location,-title",
        "-location,title",
        "kind,-date",  # the group's undated meetings last, read apart from the dated ones
        "-status,-date",
        "status,date",  # the pair's index forward: no groups
        "-kind,-location",  # the pair's index backward, ties by id sorted again
        "date,title",
        "-date,location",
        "location,kind,-title",
    ],
)
@pytest.mark.parametrize("params", [{}, {"country": "KP"}, {"date_from": "2020-01-10"}])
def test_every_page_of_a_list_sorted_by_several_columns_is_the_page_of_its_whole_list(
    client, monkeypatch, busy_office, sort, params
):
    """A list sorted by several columns (no office filter) whose first column makes large groups reads its first rows
    by those groups on PostgreSQL: the groups before the value at the page's last row, and that value's group alone,
    ordered by the next columns (the group itself while no group comes before it). Every page, through groups larger
    than a page (two places, one kind, one status for all), undated rows within a group and ties on both columns, is
    the whole list's."""
    small_pages(monkeypatch)
    for page in range(1, 12):
        assert_page_as_whole_list(client, {**params, "sort": sort, "page": str(page)})


@pytest.mark.parametrize("box", ["organization", "media"])
@pytest.mark.parametrize("sort", ["kind,-date", "-kind,status", "status,date", "kind", "-status"])
@pytest.mark.parametrize("probes_per_hashed", [10, 0])
@pytest.mark.parametrize("country", [None, "KP"])
def test_an_office_list_walked_in_its_order_gives_its_whole_lists_pages_with_the_office_hashed_or_probed(
    client, monkeypatch, busy_office, box, sort, probes_per_hashed, country
):
    """An office's list in an order the kept rows' index does not give (a column such as the kind, or several),
    walked for its first rows with the office asked of each row: as PostgreSQL plans it (the office's meetings
    hashed), or as probes of each row walked (0: what a large office's early pages get, MeetingFilterSet._office_probed,
    where hashing the busiest agency's 103,000 ids took 27 ms of a 29 ms walk at 1,000,000 meetings by kind and title,
    and 34 ms by kind alone, 12 probed); beside the office's own country, whose officials are in all of its meetings,
    the same. Every page is the whole list's either way."""
    from django.test.utils import CaptureQueriesContext

    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.filters.PROBES_PER_HASHED", probes_per_hashed)
    slug = "kp-mofa" if box == "organization" else "kp-kcna"
    params = {box: slug, "sort": sort, **({"country": country} if country else {})}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # the archive's size, against the office's contacts
        with CaptureQueriesContext(connection) as captured:
            client.get("/meetings/", {**params, "page": "2"})
        statements = [q["sql"] for q in captured.captured_queries]
        as_exists = any('EXISTS(SELECT 1 AS "a" FROM "meetings_participation" U0' in sql for sql in statements)
        # Probed: one lookup of the office's kept rows by their key (the meeting, then the office) for each row walked.
        probe = ('FROM "meetings_officemeeting" U0', "LIMIT 1) IS NOT NULL")
        as_probes = any(all(part in sql for part in probe) for sql in statements)
        assert as_exists != as_probes and as_exists == (probes_per_hashed > 0), statements
    for page in range(1, 12):
        assert_page_as_whole_list(client, {**params, "page": str(page)})


@pytest.mark.parametrize("sort", [None, "-date", "title", "-location", "location,-title", "kind,-date"])
@pytest.mark.parametrize(
    "params",
    [
        {"organization": "kp-mofa"},
        {"organization": ["kp-mofa", "us-dos"]},
        {"media": "kp-kcna"},
        {"country": "US"},
        {"organization": "kp-mofa", "media": "kp-kcna"},
    ],
)
def test_offices_read_whole_and_sorted_give_every_page_of_their_whole_list(
    client, monkeypatch, busy_office, sort, params
):
    """Offices with few meetings against the archive (sorted_sooner_than_walked) are read whole, each set sorted, not
    walked for in the list's order: every page, through ties and undated rows, is still the whole list's."""
    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.filters.sorted_sooner_than_walked", lambda contacts, count, read=None: True)
    params = {**params, **({"sort": sort} if sort else {})}
    params.setdefault("organization", "us-dos")
    for page in range(1, 12):
        assert_page_as_whole_list(client, {**params, "page": str(page)})


@pytest.mark.parametrize(
    "params",
    [
        {"organization": "kp-mofa", "q": "sides"},  # in the read-outs' quotes alone
        {"organization": "kp-mofa", "q": "sides", "page": "3"},
        {"organization": "us-dos", "q": "talking", "sort": "-date", "page": "2"},
        {"organization": "kp-mofa", "q": "Choe talking", "sort": "title", "page": "2"},
        {"organization": "us-dos", "media": "kp-kcna", "q": "sides", "page": "2"},  # the news agency's ids, fewer
        {"organization": ["kp-mofa", "us-dos"], "q": "talking", "date_to": "2020-01-20"},
    ],
)
@pytest.mark.parametrize("few", [True, False])
def test_a_word_common_in_quotes_beside_an_office_is_counted_from_the_offices_meetings(
    client, monkeypatch, busy_office, params, few
):
    """A search for a word common in the read-outs' quotes (walked for, by the documents' statistics) beside an office
    is counted from the office's meetings (its kept rows), each probed for the word until the count's bound is found
    (search.matching_ids' ``within``), rather than by walking every read-out or meeting with the word: whether the
    office's meetings are few against the archive (sorted_sooner_than_walked: its pages read them whole) or not (its
    pages walk the list's order). The same rows, pages and total as the whole list."""
    from django.test.utils import CaptureQueriesContext

    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.filters.sorted_sooner_than_walked", lambda contacts, count, read=None: few)
    monkeypatch.setattr("meetings.search._shares_in_sources", lambda variants: {"quote": 1.0, "evidence": 1.0})
    with CaptureQueriesContext(connection) as captured:
        assert_page_as_whole_list(client, params)
    if connection.vendor != "postgresql":
        return
    # The count's parts for the word's quotes and sources start from the office's ids, read once as an array.
    (count,) = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"] and "quotes_tsv" in q["sql"]]
    from_office = '= ANY((ARRAY(SELECT U0."meeting_id" AS "meeting" FROM "meetings_officemeeting" U0'
    assert count.count(from_office) == 2 * len(params["q"].split()), count  # quotes and sources, each word
    # Each meeting read off the office's ids is not asked the office's test again; beside a second box, that one's is.
    box_test_of_each_meeting = 'FROM "meetings_participation" U0 WHERE (U0."meeting_id" = ("meetings_meeting"."id")'
    assert (box_test_of_each_meeting in count) == ("organization" in params and "media" in params), count


@pytest.mark.parametrize("path", ["kept rows", "read whole", "walked"])
@pytest.mark.parametrize("twice", [False, True])
def test_a_news_agencys_pages_are_its_meetings_once_each_whichever_way_read(client, monkeypatch, twice, path):
    """A news agency alone in the media box: its read-outs' meetings, read off its kept rows (OfficeMeeting, PostgreSQL)
    in the list's order or read whole and sorted, or walked for. Its accounts are written in the order of the meetings'
    ids, which the list shows the other way round on a day; some meetings are undated, one it gave an account of is
    rejected, and (``twice``) one it gave two accounts of is one row. Every page is the whole list's."""
    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting

    agency = OrganizationFactory(name="Yonhap News Agency", slug="kr-yonhap", country="KR", kind="media")
    days = [dt.date(2020, 3, 2)] * 2 + [dt.date(2020, 3, 1)] * 4 + [None] * 3 + [dt.date(2020, 2, 1)] * 2
    meetings = [MeetingFactory(title=f"Contact {i}", date=day) for i, day in enumerate(days)]
    meetings.insert(3, MeetingFactory(title="Contact rejected", date=dt.date(2020, 3, 1), review_status="rejected"))
    for meeting in meetings:
        ReadOutFactory(meeting=meeting, issuer=agency)
    if twice:
        ReadOutFactory(meeting=meetings[0], issuer=agency, form="briefing")
    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 10)
    if path == "walked":
        monkeypatch.setattr(MeetingFilterSet, "_kept_rows_answer", False)
    sorted_whole = path == "read whole"
    monkeypatch.setattr("meetings.filters.sorted_sooner_than_walked", lambda contacts, count, read=None: sorted_whole)
    assert Meeting.objects.public().filter(readouts__issuer=agency).distinct().count() == 11
    for params in (
        *({"media": "kr-yonhap", "page": str(page)} for page in range(1, 6)),  # through the undated, past the end
        {"media": "kr-yonhap", "sort": "-date", "page": "2"},
        {"media": "kr-yonhap", "sort": "title", "page": "3"},
        {"media": "kr-yonhap", "date_to": "2020-03-01", "page": "2"},
    ):
        assert_page_as_whole_list(client, params)


@pytest.mark.parametrize("path", ["kept rows", "walked", "whole"])
@pytest.mark.parametrize(
    "subjects",
    [
        {"person": "choe", "organization": "kp-mofa"},  # the office's participants are all hers: 25 of her 30
        {"person": "ri-yong-chol", "organization": "kp-mofa"},  # few in common: her third ones, through read-outs
        {"person": "biegun", "media": "kp-kcna"},  # the agency's accounts and its staff's meetings
        {"organization": "us-dos", "media": "kp-kcna"},  # both boxes
        {"organization": "kp-mofa", "media": "kp-kcna"},  # the ministry's rows walked: not all of them the agency's
        {"organization": ["kp-mofa", "us-dos"], "media": "kp-kcna"},  # two offices in one box: two parts walked
        {"person": "choe", "organization": "us-dos", "media": "kp-kcna"},  # three subjects
    ],
)
def test_a_person_beside_an_office_or_both_boxes_give_every_page_of_their_whole_list_whichever_way_read(
    client, monkeypatch, busy_office, subjects, path
):
    """Several subjects with kept rows (a person, an office box, the other box): on PostgreSQL the rows of the one with
    the fewest contacts, each probed in the others' rows in the index's order or joined to them when read whole and
    sorted (``kept rows``); in an order the rows do not give, the office box walked for with the others asked of each
    meeting (``walked``); or every filter applied whole (``whole``). Each page, through tied and undated days, in
    orders the index gives and orders it does not, with the list's other filters, is the whole list's."""
    from meetings.filters import MeetingFilterSet

    small_pages(monkeypatch)
    if path == "whole":
        monkeypatch.setattr(MeetingFilterSet, "_kept_rows_answer", False)
    sorted_whole = path == "kept rows"
    monkeypatch.setattr("meetings.filters.sorted_sooner_than_walked", lambda contacts, count, read=None: sorted_whole)
    for params in (
        *({"page": str(page)} for page in (1, 2, 4, 9)),  # through the undated, past the end
        {"sort": "date", "page": "3"},
        {"sort": "-date", "page": "2"},
        {"sort": "title", "page": "2"},
        {"sort": "-status", "page": "3"},
        {"sort": "kind,-date", "page": "2"},
        {"sort": "location,-title", "page": "3"},
        {"country": "US", "page": "2"},
        {"date_to": "2020-01-20", "page": "2", "sort": "-title"},
    ):
        assert_page_as_whole_list(client, {**subjects, **params})


def test_a_person_beside_an_office_reads_the_fewer_rows_and_probes_the_others_by_key(client, monkeypatch, busy_office):
    """On PostgreSQL a person beside an office reads the kept rows of whichever has fewer public contacts, and asks of
    each row, by its key, whether the other has the meeting too: for a page's first rows in the list's order as a
    probe of each row read (never a hash of the other's every row), for its count as a join the planner may hash."""
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.plans import sql_plan_without

    if connection.vendor != "postgresql":
        return  # SQLite keeps no rows: its list applies each filter whole
    monkeypatch.setattr("meetings.views.MeetingListView.paginate_by", 3)
    # A count that stops short of their 9 meetings in common (her ten, every third, but the one that neither the
    # ministry's participants nor its read-outs have): the page reads its own rows rather than the count's.
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 5)
    monkeypatch.setattr("meetings.views.COUNT_CAP", 5)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 5)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/meetings/", {"person": "ri-yong-chol", "organization": "kp-mofa"}).context["page_obj"]
    assert len(page.object_list) == 3 and page.has_next()
    kept = [query["sql"] for query in captured.captured_queries if '"meetings_personmeeting"' in query["sql"]]
    # Her 10 rows read (against the ministry's 25), the ministry's rows asked of each: a scalar probe for the page's
    # first rows in the index's order, EXISTS for the count
    probed = [sql for sql in kept if 'FROM "meetings_officemeeting" U0' in sql and "LIMIT 1) IS NOT NULL" in sql]
    joined = [sql for sql in kept if 'EXISTS(SELECT 1 AS "a" FROM "meetings_officemeeting" U0' in sql]
    assert len(probed) == 1 and len(joined) == 1, kept
    assert all('FROM "meetings_personmeeting"' in sql for sql in kept)
    plan = sql_plan_without(probed[0], "seqscan")
    assert "SubPlan" in plan and "meetings_officemeeting_pkey" in plan and "Hash" not in plan, plan


def test_offices_are_sorted_whole_when_their_meetings_are_fewer_than_a_walk_would_read(client, busy_office):
    """On PostgreSQL, the choice between walking the list's order and sorting the offices' meetings: the offices' kept
    contacts against the archive's rows as PostgreSQL last measured them (ANALYZE; a table never measured, -1, is
    walked for, the planner's own choice)."""
    from meetings.filters import office_contacts, sorted_sooner_than_walked
    from meetings.models import Organization

    page = client.get("/meetings/", {"organization": ["kp-mofa", "us-dos"]}).context["page_obj"]
    assert page.paginator.total == "30" and len(page.object_list) == 30
    if connection.vendor != "postgresql":
        return  # SQLite applies an office's filter whole, and keeps no counts of offices
    mofa, dos = Organization.objects.get(slug="kp-mofa"), Organization.objects.get(slug="us-dos")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting")  # 32 meetings; the office's 25 public ones, us-dos's 30
    # 25 x 25 against 32 x count: a page of 19 rows is sooner walked for (expected within 32 x 19 / 25 = 24 meetings)
    assert not sorted_sooner_than_walked(office_contacts([mofa]), 19)
    assert sorted_sooner_than_walked(office_contacts([mofa]), 20)
    # Two offices: their contacts summed (55; a meeting of both counts twice, an upper bound of their union)
    assert not sorted_sooner_than_walked(office_contacts([mofa, dos]), 94)
    assert sorted_sooner_than_walked(office_contacts([mofa, dos]), 95)


def test_an_office_beside_a_rare_country_is_read_whole_by_the_share_of_its_meetings_the_country_keeps(
    client, monkeypatch, busy_office
):
    """On PostgreSQL, an office's list beside a country in an order the kept rows' index does not give (by kind) is
    read off the office's rows when the office's meetings that the country keeps are few: as many as the country's
    share of the archive's meetings (independent of the office), unless the office is of that country, whose own
    officials are in all of its meetings. Mongolia beside the busiest news agency by kind, page 5, walked 116,117
    meetings for its 251 first rows (85 ms at 1,000,000 meetings; 27 read off the agency's rows). Either way every
    page is the whole list's."""
    from urllib.parse import urlencode

    from django.http import QueryDict

    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting

    small_pages(monkeypatch)
    mongolian = PersonFactory(name="Battsetseg Batmunkh", slug="battsetseg", country="MN")
    of_the_office = Meeting.objects.filter(participations__organization__slug="kp-mofa").order_by("pk")[:12]
    create_in_bulk([ParticipationFactory.build(meeting=m, person=mongolian, country="MN") for m in of_the_office])
    for params in ({"country": "MN"}, {"country": "KP"}, {}):
        for sort in ("kind", "kind,title"):
            for page in ("1", "2", "3", "4"):
                assert_page_as_whole_list(client, {"organization": "kp-mofa", "sort": sort, **params, "page": page})
    if connection.vendor != "postgresql":
        return  # SQLite applies every filter whole
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting")  # 32 meetings: the office's 25 public ones, Mongolia's 12

    def filterset(params: dict) -> MeetingFilterSet:
        filters = MeetingFilterSet(QueryDict(urlencode(params, doseq=True)), queryset=Meeting.objects.public())
        assert filters.is_valid(), filters.errors
        filters.first_rows = 4  # the first page of 3 rows, and one more
        return filters

    def shares(params: dict) -> float:
        return filterset(params)._countries_share

    assert shares({"organization": "kp-mofa", "country": "MN"}) == 12 / 32
    assert shares({"organization": "kp-mofa", "country": ["MN", "US"]}) == 1.0  # every meeting has an American
    assert shares({"organization": "kp-mofa", "country": "KP"}) == 1.0  # the office's own country
    assert shares({"person": "choe", "country": ["KP", "MN"]}) == 1.0  # the person's own country
    assert shares({"organization": "kp-mofa", "country": ["MN", "JP"], "country_mode": "all"}) == 1.0

    meetings = Meeting.objects.public()

    def sorted_off_the_rows(params: dict) -> bool:
        filters = filterset({"organization": "kp-mofa", "sort": "kind", **params})
        return filters._kept_rows_sorted_sooner(filters._kept_order(meetings))

    # (4 rows + 25 read ÷ 10) looked up x the list's meetings, against 4 x 32: Mongolia's 25 x 12 ÷ 32 = 9 read whole,
    # the office's own country's 25 walked for.
    assert sorted_off_the_rows({"country": "MN"})
    assert not sorted_off_the_rows({"country": "KP"})
    # By kind and title each row read sorted is a read of the table too (no index of the office's rows holds the kind
    # beside the title; two rows to a look-up): beside its own country (4 + 25 ÷ 2) x 25, walked for; beside Mongolia
    # the rows are read in no order and Mongolia's 9 looked up and sorted: (9 + 25 ÷ 10) x 9.
    assert not sorted_off_the_rows({"country": "KP", "sort": "kind,title"})
    assert sorted_off_the_rows({"country": "MN", "sort": "kind,title"})
    assert filterset({"organization": "kp-mofa", "sort": "kind,title", "country": "MN"})._kept_order(meetings) is None

    # Walked for, the office is asked of each row walked as probes while those rows (first rows x archive ÷ the
    # office's meetings the list meets: its own times the countries' share) x PROBES_PER_HASHED are fewer than the
    # office's meetings, hashed whole otherwise. 40 rows, 0.3 here: 40 x 32 x 0.3 = 384 against 25 x 25 = 625 alone
    # or beside its own country (probed), (25 x 12 ÷ 32) x 25 = 234 beside Mongolia (hashed).
    monkeypatch.setattr("meetings.filters.PROBES_PER_HASHED", 0.3)

    def office_probed(params: dict) -> bool:
        filters = filterset({"organization": "kp-mofa", "sort": "kind", **params})
        filters.first_rows = 40
        return filters._office_probed("organization")

    assert office_probed({}) and office_probed({"country": "KP"})
    assert not office_probed({"country": "MN"})


def small_pages(monkeypatch) -> None:
    # Pages of 3 read 4 rows of each set a page: a count taken from those would stop short of the cap. The list's
    # count stops at the cap too (the view's own name for it): a count of every match would give the page its rows
    # (counted_rows), and the first rows read for a page would go untested.
    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 10)
    monkeypatch.setattr("meetings.views.COUNT_CAP", 10)
    monkeypatch.setattr("meetings.views.MeetingListView.paginate_by", 3)


def assert_page_as_whole_list(client, params: dict) -> None:
    """The page of the meetings list with ``params`` shows the rows, page number, total and next link of the same page
    of its whole list (every filter applied whole, then paged)."""
    from django.http import QueryDict

    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting
    from meetings.pagination import BoundedPaginator

    response = client.get("/meetings/", params)
    assert response.status_code == 200
    page = response.context["page_obj"]

    query = QueryDict(mutable=True)
    for key, value in params.items():
        if key != "page":
            query.setlist(key, value if isinstance(value, list) else [value])
    filters = MeetingFilterSet(query, queryset=Meeting.objects.public())
    if not filters.is_valid():
        assert page is None or not page.object_list
        return
    expected = BoundedPaginator(filters.qs, 3).get_page(params.get("page"))
    assert [m.pk for m in page.object_list] == [m.pk for m in expected.object_list], params
    assert (page.number, page.paginator.total, page.has_next()) == (
        expected.number,
        expected.paginator.total,
        expected.has_next(),
    ), params
    assert expected.object_list, "each case shows rows"
    assert "Talks rejected" not in response.content.decode() and "Talks retired" not in response.content.decode()


@pytest.mark.parametrize("cap", [10, 40])
def test_an_office_page_shows_its_latest_meetings_from_participants_and_read_outs_and_counts_them(
    client, monkeypatch, busy_office, cap
):
    """The office's page reads its participants' and read-outs' meetings each as far as it shows (its latest): the
    same rows as the office's whole list. Its total is exact on PostgreSQL, whatever the cap (the sum of its timeline
    kept on write); SQLite counts up to the cap."""
    from django.db.models import Q

    from meetings.models import Meeting, Participation, ReadOut

    monkeypatch.setattr("meetings.views.RECENT", 4)
    monkeypatch.setattr("meetings.views.COUNT_CAP", cap)
    whole = Meeting.objects.public().filter(
        Q(pk__in=Participation.objects.filter(organization__slug="kp-mofa").values("meeting"))
        | Q(pk__in=ReadOut.objects.filter(issuer__slug="kp-mofa").values("meeting"))
    )
    assert whole.count() == 25  # 30 meetings, 5 with neither: the office's public meetings
    response = client.get("/organizations/kp-mofa/")
    assert [m.pk for m in response.context["meetings"]] == [m.pk for m in whole.order_by(*Meeting._meta.ordering)[:4]]
    exact = connection.vendor == "postgresql" or cap > whole.count()
    assert str(response.context["meeting_count"]) == ("25" if exact else "more than 10")
    # Its read-outs: the first of the read-outs list it links to, in its order (meetings on one day, undated ones).
    listed = client.get("/readouts/", {"issuer": "kp-mofa"}).context["object_list"]
    assert [r.pk for r in response.context["readouts"]] == [r.pk for r in listed[:4]]


@pytest.mark.parametrize(("params", "total"), [({"organization": "kp-mofa"}, 25), ({"organization": "us-dos"}, 30)])
def test_an_office_filter_alone_counts_the_offices_public_meetings_exactly(client, busy_office, params, total):
    """One office and no other filter: the total its kept timeline counts on PostgreSQL (OfficeTimeline), the same as a
    count of its public meetings (participants' and read-outs', each once; the rejected and the retired not at all)."""
    from meetings.filters import office_meetings
    from meetings.models import Meeting, Organization

    office = Organization.objects.get(slug=params["organization"])
    participants, readouts = office_meetings([office])
    direct = Meeting.objects.public().filter(Q(pk__in=participants) | Q(pk__in=readouts)).count()
    assert direct == total
    page = client.get("/meetings/", params).context["page_obj"]
    assert page.paginator.total == str(total) and len(page.object_list) == min(total, 50)


def test_a_news_agencys_staff_meeting_on_the_day_its_accounts_reach_shows_among_them(client, monkeypatch):
    """The news agency's accounts, read first, reach back to a day; its staff's meeting on that very day, listed before
    the agency's accounts of it (a later record), is on the page where the whole list puts it."""
    agency = OrganizationFactory(name="Voice of Korea", slug="kp-vok", country="KP", kind="media")
    staffer = PersonFactory(name="Pak Chol-jun", slug="pak-chol-jun", country="KP")
    accounts = [dt.date(2021, 3, day) for day in (10, 9, 8, 8, 7)]
    for i, day in enumerate(accounts):
        ReadOutFactory(meeting=MeetingFactory(title=f"Account {i}", date=day), issuer=agency)
    staff_meeting = MeetingFactory(title="Staff on the 8th", date=dt.date(2021, 3, 8))
    ParticipationFactory(meeting=staff_meeting, person=staffer, organization=agency, country="KP")
    small_pages(monkeypatch)
    page = client.get("/meetings/", {"media": "kp-vok"}).context["page_obj"]
    assert [m.title for m in page.object_list] == ["Account 0", "Account 1", "Staff on the 8th"]
    assert_page_as_whole_list(client, {"media": "kp-vok", "page": "2"})
