"""The country filter as a reader meets it: boxes to tick for the countries the data has (busiest first, no
Ctrl-click), and, with two countries chosen, chips that say whether the list means either, both or only them."""

import datetime as dt
import json
import re

import pytest
from django.db import connection

from meetings.models import Kind, Person, Status
from meetings.tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    create_in_bulk,
    hidden_meetings,
)
from meetings.tests.plans import plan_nodes, plan_without

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts():
    kim = PersonFactory(name="Kim Yo-jong", slug="kim", country="KP")
    moon = PersonFactory(name="Moon Jae-in", slug="moon", country="KR")
    pompeo = PersonFactory(name="Mike Pompeo", slug="pompeo", country="US")
    abe = PersonFactory(name="Shinzo Abe", slug="abe", country="JP")

    def contact(title, *people, day=1):
        meeting = MeetingFactory(title=title, date=dt.date(2019, 5, day))
        for person in people:
            ParticipationFactory(meeting=meeting, person=person, country=person.country)

    contact("Moon and Pompeo", moon, pompeo, day=1)
    contact("Moon and Pompeo again", moon, pompeo, day=2)
    contact("Moon, Pompeo and Abe", moon, pompeo, abe, day=3)
    contact("Kim and Moon", kim, moon, day=4)
    contact("Moon alone", moon, day=5)


def country_boxes(page: str) -> list[tuple[str, bool, str]]:
    """(code, ticked, name) of each box of the country filter, in order."""
    group = page.split('<div class="checks" role="group" id="id_country"')[1].split("</div>")[0]
    return [
        (code, bool(checked), name.strip())
        for code, checked, name in re.findall(r'value="(\w+)"( checked)?> ([^<]+)</label>', group)
    ]


def titles(client, query: str) -> list[str]:
    return sorted(m.title for m in client.get("/meetings/?" + query).context["object_list"])


def test_the_country_filter_offers_a_box_per_country_the_data_has_busiest_first(client, contacts):
    page = client.get("/meetings/").content.decode()
    assert country_boxes(page) == [
        ("KR", False, "South Korea"),
        ("US", False, "United States of America"),
        ("JP", False, "Japan"),
        ("KP", False, "North Korea"),
    ]
    assert '<select name="country"' not in page and "Ctrl" not in page
    # Its name labels the group of boxes.
    assert '<span class="label" id="id_country-label">Country</span>' in page
    assert 'aria-labelledby="id_country-label"' in page


def test_the_countries_of_people_and_offices_without_contacts_come_last_each_once(client, contacts):
    for i in range(3):
        PersonFactory(name=f"Envoy Batbayar{i}", country="MN")
    OrganizationFactory(name="Ministry of Foreign Affairs of Mongolia", country="MN")
    OrganizationFactory(name="Ministry of Foreign Affairs of Laos", country="LA")
    codes = [code for code, _, _ in country_boxes(client.get("/meetings/").content.decode())]
    assert codes == ["KR", "US", "JP", "KP", "LA", "MN"]  # no contact: by name, after the busy ones


def test_a_ticked_country_stays_ticked_and_one_the_data_lacks_is_offered_too(client, contacts):
    page = client.get("/meetings/?country=us&country=FR").content.decode()
    boxes = country_boxes(page)
    assert boxes[0] == ("FR", True, "France")  # chosen by a link, no data: still shown, ticked, removable
    assert ("US", True, "United States of America") in boxes and ("KR", False, "South Korea") in boxes
    assert 'France <a href="?country=us" aria-label="Remove filter Country France">' in page.replace("</strong>", "")


def test_the_people_and_offices_lists_offer_the_same_boxes(client, contacts):
    for url in ("/people/", "/organizations/", "/readouts/", "/network/"):
        codes = [code for code, _, _ in country_boxes(client.get(url).content.decode())]
        assert codes[:2] == ["KR", "US"] and len(codes) == 4, url


def test_two_countries_say_either_in_their_chips_and_offer_both_and_only_them(client, contacts):
    page = client.get("/meetings/?country=KR&country=US").content.decode()
    mode = page.split('<li class="country-mode">')[1].split("</li>")[0]
    assert re.sub(r"<[^>]+>", "", mode) == (
        "Countries: either (contacts with an official of any of them) · both · only these two"
    )
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', mode)
    links = {word: href.replace("&amp;", "&") for href, word in found}
    assert links == {
        "both": "?country=KR&country=US&country_mode=all",
        "only these two": "?country=KR&country=US&country_mode=only",
    }
    # A participant whose country is not known is no other country: the meeting is still theirs alone.
    aided = MeetingFactory(title="Moon and Pompeo with an aide", date=dt.date(2019, 5, 6))
    for person in Person.objects.filter(slug__in=["moon", "pompeo"]):
        ParticipationFactory(meeting=aided, person=person, country=person.country)
    ParticipationFactory(meeting=aided, person=PersonFactory(name="An aide", slug="aide", country=""), country="")
    either = ["Kim and Moon", "Moon alone", "Moon and Pompeo", "Moon and Pompeo again", "Moon and Pompeo with an aide"]
    assert titles(client, "country=KR&country=US") == [*either, "Moon, Pompeo and Abe"]
    pairs = ["Moon and Pompeo", "Moon and Pompeo again", "Moon and Pompeo with an aide"]
    assert titles(client, links["both"][1:]) == [*pairs, "Moon, Pompeo and Abe"]
    assert titles(client, links["only these two"][1:]) == pairs
    both = client.get("/meetings/" + links["both"]).content.decode()
    assert '<strong aria-current="true">both</strong> <span class="meaning">(contacts between them)</span>' in both
    assert ">either</a>" in both


def test_one_country_has_no_mode_to_choose_and_three_read_all_of_them(client, contacts):
    assert 'class="country-mode"' not in client.get("/meetings/?country=KR").content.decode()
    page = client.get("/meetings/?country=KR&country=US&country=JP&country_mode=all").content.decode()
    mode = re.sub(r"<[^>]+>", "", page.split('<li class="country-mode">')[1].split("</li>")[0])
    assert mode == "Countries: any of them · all of them (contacts between them) · only these"
    assert titles(client, "country=KR&country=US&country=JP&country_mode=all") == ["Moon, Pompeo and Abe"]


def test_the_filter_form_works_without_javascript(client, contacts):
    # The boxes and the mode are plain form fields: submitting the form is a GET with country and country_mode.
    page = client.get("/meetings/").content.decode()
    form = page.split('<form method="get" class="filters"')[1].split("</form>")[0]
    assert form.count('type="checkbox" name="country"') == 4
    assert (
        '<select name="country_mode"' in form and '<option value="only">only them (no other country)</option>' in form
    )
    assert "<script" not in form


@pytest.fixture
def envoys_of_many_countries():
    """Meetings between officials of North Korea, Japan, the United States and Mongolia in every combination, on dates
    that tie or are missing, of every kind and status, some checked by an editor, and a rejected and a retired meeting
    of North Korea and Japan that no list shows."""
    people = {
        code: PersonFactory(name=f"Envoy {name}", slug=f"envoy-{code.lower()}", country=code)
        for code, name in (("KP", "Ri Chol-ho"), ("JP", "Hayashi Ken"), ("US", "Dana Whitlock"), ("MN", "Bold Erdene"))
    }
    together = [("KP", "JP"), ("KP", "JP", "US"), ("JP",), ("KP", "US"), ("MN", "JP"), ("KP", "JP", "MN"), ("US", "MN")]
    day = dt.date(2020, 1, 1)
    participations = []
    for i in range(42):
        meeting = MeetingFactory.build(
            title=f"Talks {i:02}",
            kind=("meeting", "summit", "phone_call")[i % 3],
            status=("held", "held", "planned", "cancelled")[i % 4],
            review_status=("extracted", "verified")[i % 5 == 0],
            # Five meetings a day (ties broken by id: a page of three ends inside a day), every seventh undated.
            date=None if i % 7 == 6 else day + dt.timedelta(days=i - i % 5),
        )
        for code in together[i % len(together)]:
            participations.append(ParticipationFactory.build(meeting=meeting, person=people[code], country=code))
    for hidden in hidden_meetings("Talks", day, built=True):
        for code in ("KP", "JP"):
            participations.append(ParticipationFactory.build(meeting=hidden, person=people[code], country=code))
    create_in_bulk(participations)


COUNTRY_LISTS = [
    {"country": "JP", "country_mode": "only"},  # Japan's officials alone
    {"country": ["KP", "JP"], "country_mode": "only"},
    {"country": ["KP", "JP", "US"], "country_mode": "only", "sort": "title"},
    {"country": ["MN", "JP"], "country_mode": "only", "sort": "-date"},
    {"country": ["KP", "JP"], "country_mode": "only", "sort": "kind,-title"},
    {"country": ["KP", "JP"], "country_mode": "only", "date_from": "2020-01-05", "kind": "summit"},
    {"country": ["KP", "JP"], "country_mode": "all"},  # walked unless the kept rows are read
    {"country": ["KP", "JP", "MN"], "country_mode": "all", "date_to": "2020-01-20"},
    {"country": ["KP", "JP"]},
    {"country": ["MN", "US"], "date_from": "2020-01-04", "date_to": "2020-02-01"},
    {"country": "KP", "kind": "summit"},
    {"country": ["MN", "JP"], "status": "held", "review_status": "extracted", "date_to": "2020-02-01"},
    {"country": ["KP", "JP"], "country_mode": "all", "kind": "phone_call", "status": "planned"},
    {"country": "JP", "person": "envoy-kp"},  # read off the person's kept rows, their countries tested
    {"country": ["US", "MN"], "country_mode": "only"},
    {"country": ["JP", "KP", "JP"], "country_mode": "only"},  # a code given twice
    {"country": "MN", "sort": "date"},  # the earliest first: the kept rows read backward, the undated last
    {"country": ["MN", "US"], "sort": "date", "kind": "meeting"},
    {"country": ["KP", "JP"], "country_mode": "only", "sort": "date", "date_to": "2020-02-01"},
    {"country": ["KP", "US"], "country_mode": "all", "sort": "date"},
    {"country": "MN", "sort": "-date"},  # the latest first, ties by id ascending: a page's last date read whole
    {"country": ["KP", "US"], "sort": "-date", "date_from": "2020-01-07"},
    {"country": "JP", "sort": "-date"},
    # Orders the kept rows do not give: read whole off them and sorted, or walked.
    {"country": ["KP", "MN"], "sort": "kind"},
    {"country": ["KP", "JP"], "country_mode": "all", "sort": "-status", "kind": "summit"},
    {"country": ["US", "MN"], "country_mode": "only", "sort": "-title", "status": "held"},
    {"country": ["KP", "JP", "MN"], "country_mode": "all", "sort": "location,-date"},
    # A person's kept rows, alone or with the country box in each mode, in every kind of order.
    {"person": "envoy-us"},  # undated meetings last
    {"person": "envoy-us", "sort": "date"},
    {"person": "envoy-jp", "sort": "-date", "review_status": "extracted"},
    {"person": "envoy-kp", "country": ["JP", "US"]},
    {"person": "envoy-kp", "country": ["KP", "JP"], "country_mode": "only"},
    {"person": "envoy-jp", "country": ["KP", "MN"], "country_mode": "all", "kind": "summit"},
    {"person": "envoy-mn", "sort": "-status", "date_from": "2020-01-10"},
    {"person": "envoy-us", "country": "KP", "sort": "title"},
]


@pytest.mark.parametrize("path", ["kept rows", "read whole", "walked"])
@pytest.mark.parametrize("params", COUNTRY_LISTS)
def test_every_page_of_a_country_filter_whichever_way_read_is_the_page_of_its_whole_list(
    client, monkeypatch, envoys_of_many_countries, params, path
):
    """A list of countries or of a person is read off their kept rows (PostgreSQL): by date, its first rows in that
    order; by kind or status, the rows sorted; in another order, when its meetings are few against the archive, all of
    them read off the rows and sorted ("read whole"), else its order walked with every filter applied to each meeting
    (and counted off the rows either way); "walked": the kept rows not used at all. Every way, every page, through ties
    and undated rows, is its whole list's."""
    from meetings.filters import MeetingFilterSet
    from meetings.tests.test_office_filter import assert_page_as_whole_list, small_pages

    small_pages(monkeypatch)
    # The meetings list counts up to its ranking's bound as well (MeetingListView.match_count): past it, as small, so
    # that no count reads every match and the pages come from the rows read for them.
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 10)
    if path == "walked":
        monkeypatch.setattr(MeetingFilterSet, "_kept_rows_answer", False)
    sorted_whole = path == "read whole"
    monkeypatch.setattr("meetings.filters.sorted_sooner_than_walked", lambda contacts, count, read=None: sorted_whole)
    for page in range(1, 9):
        assert_page_as_whole_list(client, {**params, "page": str(page)})


# The API's order is the key of ``sort`` (tested with the API): these lists by date, either way.
@pytest.mark.parametrize("params", [params for params in COUNTRY_LISTS if params.get("sort") in (None, "date")])
def test_the_api_pages_of_a_country_filter_are_its_whole_list(client, envoys_of_many_countries, params):
    """The API reads its dated rows and then its undated ones in the date's order, each a window the kept rows serve
    (PostgreSQL) from the list's start, the windows after a cursor otherwise: its pages, followed to the end, are the
    whole list in that order (the latest first, or with ``sort=date`` the earliest)."""
    from django.db.models import F
    from django.http import QueryDict

    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting
    from meetings.tests.test_api import api_rows

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    whole = MeetingFilterSet(query, queryset=Meeting.objects.public()).qs
    if params.get("sort") == "date":
        order = (F("date").asc(nulls_last=True), "pk")
    else:
        order = (F("date").desc(nulls_last=True), "-pk")
    expected = list(whole.order_by(*order).values_list("pk", flat=True))
    rows = api_rows(client, f"/api/meetings/?{query.urlencode()}&page_size=2")
    assert [row["id"] for row in rows] == expected, params


def test_countries_alone_are_read_whole_by_the_kept_contacts_of_their_pairs(
    client, monkeypatch, envoys_of_many_countries
):
    """The choice, for a list in an order the countries' kept rows do not give, between walking the list and reading
    its meetings whole off those rows: their public contacts with no other country as kept for one country or two (by
    counterparts), for more the fewest any two of them had (their pair's kept counts). Read whole, a feed's rows run as
    many queries with three countries as with two, read the kept rows of the country with the fewest contacts that
    hold exactly the codes chosen, as one array, and read no participant to test a meeting's countries."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from meetings.filters import MeetingFilterSet, countries_alone_contacts
    from meetings.models import Meeting

    if connection.vendor != "postgresql":
        return  # SQLite keeps no counts and applies the country filter whole
    public = Meeting.objects.public()

    def between(*codes):
        meetings = public
        for code in codes:
            meetings = meetings.filter(participations__country=code)
        return meetings.distinct().count()

    def alone(*codes):
        listed = client.get("/meetings/", {"country": codes, "country_mode": "only"}).context["page_obj"]
        return listed.paginator.count

    assert countries_alone_contacts(["KP", "JP"])[:2] == (alone("KP", "JP"), between("KP", "JP")) == (6, 18)
    assert countries_alone_contacts(["JP"])[:2] == (alone("JP"), between("JP")) == (6, 30)
    four = ["KP", "JP", "MN", "US"]
    pairs = [(a, b) for i, a in enumerate(four) for b in four[i + 1 :]]
    fewest = min(between(*pair) for pair in pairs)
    assert countries_alone_contacts(four)[:2] == (fewest, fewest) == (6, 6)  # no meeting has all four

    # A feed's first 4 rows (its page of 3, and one more) and a count that stops at 4, below the 6 meetings of KP with
    # JP alone: the rows are read for them, not taken from a count of every match. A feed lists by its changes, the
    # one order the kept rows do not give (the list's sorts each read off an index of theirs or sorted there); every
    # meeting was changed once, when it was made: by id, the latest first.
    def queries(codes, mode):
        query = QueryDict(mutable=True)
        query.setlist("country", codes)
        query["country_mode"] = mode
        filters = MeetingFilterSet(query, queryset=Meeting.objects.public().order_by("-updated_at", "-pk"))
        filters.first_rows = 4
        with CaptureQueriesContext(connection) as captured:
            rows = [meeting.title for meeting in filters.qs[:3]]
            filters.count_matches(5)
        return rows, [query["sql"] for query in captured.captured_queries]

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting")  # 44 meetings: 6 alone x 18 read against 44 x 4 rows: whole
    two, two_queries = queries(["KP", "JP"], "only")
    three, three_queries = queries(["KP", "JP", "US"], "only")
    assert len(two_queries) == len(three_queries)
    read_whole = [sql for sql in two_queries if "= ANY((ARRAY(SELECT" in sql]
    assert len(read_whole) == 1
    array = read_whole[0].split("ARRAY(")[-1].split(")))")[0]  # the innermost: the rows read whole
    assert 'FROM "meetings_countrymeeting"' in array and "\"countries\" = 'JP,KP'" in array, array
    assert "LIMIT" not in array  # every row, not a page's
    listed = [sql for sql in two_queries if sql.startswith('SELECT "meetings_meeting"."id"')]
    assert listed and not [sql for sql in listed if "meetings_participation" in sql]
    assert two == ["Talks 35", "Talks 28", "Talks 21"]
    assert three == ["Talks 36", "Talks 29", "Talks 22"]
    # The pair (both) has 18 meetings, read off Japan's 30 rows: 18 x 30 > 44 x 4, walked, every filter applied to
    # the meetings' order, and counted off the kept rows.
    both, both_queries = queries(["KP", "JP"], "all")
    assert not [sql for sql in both_queries if "= ANY((ARRAY(SELECT" in sql]
    assert both == ["Talks 40", "Talks 36", "Talks 35"]
    assert [sql for sql in both_queries if sql.startswith('SELECT "meetings_countrymeeting"."meeting_id"')]


@pytest.mark.parametrize("probed", [False, True])
@pytest.mark.parametrize(
    "params",
    [
        {"country": ["KP", "JP"], "country_mode": "only"},
        {"country": ["JP", "KP", "JP"], "country_mode": "only"},  # a code given twice
        {"country": "JP", "country_mode": "only", "q": "Hayashi"},
        {"country": ["KP", "JP"], "country_mode": "only", "q": "Talks"},
        {"country": ["KP", "JP"], "country_mode": "all", "q": "Hayashi Talks"},
        {"country": ["MN", "KP", "JP"], "country_mode": "all", "q": "Erdene", "kind": "meeting"},
        {"country": ["US", "MN"], "country_mode": "all", "q": "Talks", "status": "held"},
        {"country": ["MN", "US"], "country_mode": "only", "q": "Bold"},
    ],
)
def test_the_modes_all_and_only_keep_the_meetings_their_participants_countries_give(
    monkeypatch, envoys_of_many_countries, params, probed
):
    """The country box in the modes "all" and "only" keeps the meetings with a participant of each country chosen, or
    with participants of those countries alone: on PostgreSQL read off one country's kept rows, their meeting's
    countries tested there, or that row probed for each meeting a search leaves (``probed``); here counted against
    the participants themselves."""
    from django.http import QueryDict

    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting

    monkeypatch.setattr(MeetingFilterSet, "_country_box_probed", lambda self: probed)
    codes = set(params["country"] if isinstance(params["country"], list) else [params["country"]])
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    filters = MeetingFilterSet(query, queryset=Meeting.objects.public())
    assert filters.is_valid()
    listed = set(filters.qs.values_list("pk", flat=True))

    others = MeetingFilterSet(
        QueryDict(mutable=True)
        | {key: value for key, value in params.items() if key not in ("country", "country_mode")},
        queryset=Meeting.objects.public(),
    )
    expected = set()
    for meeting in others.qs.prefetch_related("participations"):
        countries = {participation.country for participation in meeting.participations.all()} - {""}
        if countries == codes if params["country_mode"] == "only" else codes <= countries:
            expected.add(meeting.pk)
    assert expected and listed == expected, params


def test_postgresql_knows_which_meetings_countries_go_with_a_countrys_kept_rows(envoys_of_many_countries):
    """Migration 0052's statistics of a country's kept rows with their meeting's countries: PostgreSQL expects the rows
    of Japan in meetings of Japan's and North Korea's officials alone to be as many as they are, where it took the two
    conditions for independent and expected a fraction of them (and drove a search's count from those few rows)."""
    from meetings.models import CountryMeeting

    if connection.vendor != "postgresql":
        return  # SQLite keeps no kept rows
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_countrymeeting")
    rows = CountryMeeting.objects.filter(country="JP", countries="JP,KP")
    plan = rows.explain(format="json")
    expected = json.loads(plan)[0]["Plan"]["Plan Rows"]
    assert rows.count() == 6 and expected == 6, plan


@pytest.mark.parametrize("codes", [["MN"], ["KP", "US"]])
def test_the_country_box_in_its_mode_any_keeps_the_meetings_of_the_countries_kept_rows(envoys_of_many_countries, codes):
    """The country box in its mode "any" keeps the meetings of the countries' kept rows on PostgreSQL: a row a meeting
    and country, where a meeting's participants of a country were each a row of the set, which PostgreSQL made unique
    before hashing it (?q=Geneva beside Mongolia's officials counted its matches against 33,161 participations so,
    96 ms after a write at 1,000,000 meetings; 62 off Mongolia's kept rows). The list is every public meeting with an
    official of any of the countries, each once."""
    from django.http import QueryDict

    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting

    query = QueryDict(mutable=True)
    query.setlist("country", codes)
    listed = MeetingFilterSet(query, queryset=Meeting.objects.public()).qs
    theirs = Meeting.objects.public().filter(participations__country__in=codes).distinct()
    assert sorted(listed.values_list("pk", flat=True)) == sorted(theirs.values_list("pk", flat=True))
    assert theirs.count() > len(codes)
    if connection.vendor == "postgresql":
        assert "meetings_countrymeeting" in str(listed.query) and "meetings_participation" not in str(listed.query)


@pytest.mark.parametrize("codes", [["KP", "JP"], ["JP", "KP"], ["JP"]])
def test_the_meetings_of_countries_alone_are_read_off_their_own_rows(envoys_of_many_countries, codes):
    """Migration 0053: the country box's mode "only" reads the kept rows of its countries alone as one range of an index
    of their own, each row read one of them, in the list's order (no sort), where it read every row of one of its
    countries and tested their meeting's countries (230,677 of the United States' rows for the 12,710 of American
    officials alone a count read at 1,000,000 meetings)."""
    from meetings.filters import country_box_rows
    from meetings.models import Meeting

    if connection.vendor != "postgresql":
        return  # SQLite keeps no kept rows
    alone = {
        meeting.pk
        for meeting in Meeting.objects.public().prefetch_related("participations")
        if {participation.country for participation in meeting.participations.all()} == set(codes)
    }
    rows = country_box_rows(codes, "only")
    assert alone and set(rows.values_list("meeting", flat=True)) == alone
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_countrymeeting")  # as a database that has been in use
    for read in (rows.values_list("meeting", flat=True), rows.latest_meetings(3)):
        # A few dozen rows are scanned whole sooner than through any index: the plan of a large archive's rows.
        plan = plan_without(read, "seqscan", "bitmapscan", format="json", analyze=True)
        nodes = list(plan_nodes(json.loads(plan)[0]["Plan"]))
        (scan,) = [node for node in nodes if node.get("Relation Name") == "meetings_countrymeeting"]
        assert scan["Index Name"] == "country_meetings_alone", plan
        assert not scan.get("Rows Removed by Filter")
        assert scan["Actual Rows"] == min(len(alone), read.query.high_mark or len(alone))
        assert not [node for node in nodes if node["Node Type"] == "Sort"], plan


@pytest.mark.parametrize(
    "few, read, probed",
    [
        (20, 19, True),  # fewer rows than meetings: PostgreSQL drives from them, each meeting looked up by any index
        (20, 20, False),
        (20, 199, False),
        (20, 200, True),  # the rows' read costs more than each meeting's probe
        (None, 100, False),  # no rarer words' meetings read: the box's rows are what the search is read among
    ],
)
def test_the_country_box_beside_a_search_is_probed_unless_its_rows_are_read_sooner(
    envoys_of_many_countries, few, read, probed
):
    """Beside a search whose rarer words' meetings were read, the country box in the mode "all" or "only" is asked of
    each of them as a probe of its kept row, unless its rows (as many as _kept_list_counts says it reads) are at least
    as many as the meetings and fewer than PROBES_PER_HASHED times as many: then read whole, and the meetings hashed
    against them (at 1,000,000 meetings 24 ms for the 7,421 of "Hee-su" with American officials alone, 47 probed).
    Either way the list keeps the same meetings (test_the_modes_all_and_only_keep_the_meetings_their_...)."""
    from django.http import QueryDict

    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting

    filters = MeetingFilterSet(
        QueryDict("q=Hayashi&country=JP&country=KP&country_mode=only"), queryset=Meeting.objects.public()
    )
    assert filters.is_valid()
    if connection.vendor != "postgresql":
        assert not filters._country_box_probed()
        return
    filters.__dict__["_rarer_words_meetings"] = None if few is None else list(range(1, few + 1))
    filters.__dict__["_kept_list_counts"] = (read, read, 10_000)
    assert filters._country_box_probed() == probed
    sql = str(filters.qs.query)
    rows = 'FROM "meetings_countrymeeting" U0 WHERE'
    as_probe = re.search(re.escape(rows) + r' \([^()]*\("meetings_meeting"\."id"\)\) LIMIT 1\) IS NOT NULL', sql)
    read_whole = f'"meetings_meeting"."id" IN (SELECT U0."meeting_id" AS "meeting" {rows}' in sql
    assert (bool(as_probe), read_whole) == (probed, not probed), sql


@pytest.mark.parametrize("code", ["KP", "JP", "US", "MN"])
def test_a_country_page_shows_its_latest_contacts_and_counts_its_counterparts_over_them(
    client, monkeypatch, envoys_of_many_countries, code
):
    """A country's page (its latest contacts read off the kept rows on PostgreSQL, walked for on SQLite): the latest
    RECENT of the country's public meetings in the list's order, through ties and undated ones, and each other
    country's meetings among its latest COUNTERPART_WINDOW, the most first."""
    from collections import Counter

    from django.db.models import F

    from meetings.models import Meeting, Participation

    monkeypatch.setattr("meetings.views.RECENT", 4)
    monkeypatch.setattr("meetings.views.COUNTERPART_WINDOW", 9)
    theirs = Meeting.objects.public().filter(participations__country=code).distinct()
    latest = list(theirs.order_by(F("date").desc(nulls_last=True), "-pk").values_list("pk", flat=True)[:9])
    times = Counter(
        country
        for country, meeting in set(Participation.objects.filter(meeting__in=latest).values_list("country", "meeting"))
        if country != code
    )
    context = client.get(f"/countries/{code}/").context
    assert [meeting.pk for meeting in context["meetings"]] == latest[:4]
    assert [(other, count) for other, _, count in context["counterparts"]] == sorted(
        times.items(), key=lambda item: (-item[1], item[0])
    )


@pytest.mark.parametrize("slug", ["envoy-kp", "envoy-jp", "envoy-us", "envoy-mn"])
def test_a_person_page_shows_their_latest_contacts_and_counts_counterparts_over_them(
    client, monkeypatch, envoys_of_many_countries, slug
):
    """A person's page (their latest contacts read off their kept rows on PostgreSQL, walked for on SQLite): the latest
    RECENT of the person's public meetings in the list's order, through ties and undated ones (never a rejected or
    retired one), and each other participant's contacts with them among their latest COUNTERPART_WINDOW."""
    from collections import Counter

    from django.db.models import F

    from meetings.models import Meeting, Participation

    monkeypatch.setattr("meetings.views.RECENT", 4)
    monkeypatch.setattr("meetings.views.COUNTERPART_WINDOW", 9)
    theirs = Meeting.objects.public().filter(participations__person__slug=slug)
    latest = list(theirs.order_by(F("date").desc(nulls_last=True), "-pk").values_list("pk", flat=True)[:9])
    met = Counter(
        Participation.objects.filter(meeting__in=latest)
        .exclude(person__slug=slug)
        .values_list("person__slug", flat=True)
    )
    context = client.get(f"/people/{slug}/").context
    assert [meeting.pk for meeting in context["meetings"]] == latest[:4]
    assert {counterpart.slug: counterpart.total for counterpart in context["counterparts"]} == met


def test_on_postgresql_a_country_list_of_one_kind_reads_the_kept_rows_of_that_kind(
    client, monkeypatch, envoys_of_many_countries
):
    """The countries' kept rows of a kind in the list's order (migration 0042), not all of the country's rows walked
    for those of the kind (a third of Japan's 52,000 for the 5th page of KP with JP's summits at 1,000,000)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.plans import sql_plan_without
    from meetings.tests.test_office_filter import small_pages

    if connection.vendor != "postgresql":
        return  # SQLite keeps no rows
    with connection.cursor() as cursor:
        # The rows' statistics of this data, not what another test's ANALYZE left (its sizes outlive its transaction).
        cursor.execute("ANALYZE meetings_countrymeeting")
    small_pages(monkeypatch)
    with CaptureQueriesContext(connection) as captured:
        params = {"country": ["KP", "JP"], "country_mode": "all", "kind": "summit", "page": "2"}
        assert client.get("/meetings/", params).context["object_list"]
    # The list's count, its first rows read off the kept rows as a page's are.
    (read,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "meetings_countrymeeting"')]
    assert "'summit'" in read
    plan = sql_plan_without(read, "seqscan", "sort", "bitmapscan")
    assert "country_meetings_by_kind" in plan, plan


@pytest.fixture
def tied_titles():
    """Twenty-two meetings of North Korea's and Japan's officials under five titles (ties broken by id), one undated,
    a ministry's participants in most, and a rejected one under the first title that no list shows."""
    ministry = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kp-mofa", country="KP", kind="ministry")
    envoy = PersonFactory(name="Envoy Ri Chol-ho", slug="envoy-kp", country="KP")
    counterpart = PersonFactory(name="Envoy Hayashi Ken", slug="envoy-jp", country="JP")
    titles = ["Working talks", "Ministerial talks", "Working talks", "Summit", "Ambassadors' talks"]
    participations = []
    for i in range(22):
        meeting = MeetingFactory.build(
            title=titles[i % len(titles)] if i != 21 else "Working talks",
            date=None if i == 9 else dt.date(2021, 3, 1) + dt.timedelta(days=i // 2),
            status=("held", "planned")[i % 2],
        )
        participations.append(
            ParticipationFactory.build(
                meeting=meeting, person=envoy, country="KP", organization=ministry if i % 4 else None
            )
        )
        if i % 3:
            participations.append(ParticipationFactory.build(meeting=meeting, person=counterpart, country="JP"))
    rejected = MeetingFactory.build(title="Working talks", review_status="rejected")
    participations.append(
        ParticipationFactory.build(meeting=rejected, person=envoy, country="KP", organization=ministry)
    )
    create_in_bulk(participations)


@pytest.mark.parametrize("path", ["kept rows", "walked"])
@pytest.mark.parametrize(
    "sort", ["title", "-title", "title,-date", "-title,status", "location", "-location", "-location,title"]
)
@pytest.mark.parametrize(
    "subject",
    [
        {"country": "KP"},
        {"country": ["KP", "JP"], "country_mode": "all"},
        {"country": "KP", "country_mode": "only"},
        {"person": "envoy-kp", "status": "held"},
        {"organization": "kp-mofa"},
        {"organization": "kp-mofa", "person": "envoy-jp"},
    ],
)
def test_lists_sorted_by_title_or_place_through_ties_give_every_page_of_their_whole_list(
    client, monkeypatch, tied_titles, subject, sort, path
):
    """Sorted by title or place, a country's, a person's or an office's list reads its first rows off its kept rows'
    index of that column (PostgreSQL, migrations 0045-0050: ``kept rows``), ties by id in the list's direction of ids
    (ascending for either direction of the column), or walks the meetings' own order (``walked``). Every page, across
    tied titles and one place for all, is its whole list's."""
    from meetings.filters import MeetingFilterSet
    from meetings.tests.test_office_filter import assert_page_as_whole_list, small_pages

    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 10)
    if path == "walked":
        monkeypatch.setattr(MeetingFilterSet, "_kept_rows_answer", False)
    for page in range(1, 9):
        assert_page_as_whole_list(client, {**subject, "sort": sort, "page": str(page)})


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({"country": "KP", "sort": "title", "page": "3"}, "country_meetings_by_title"),
        ({"country": "KP", "sort": "-title", "page": "2"}, "country_meetings_by_title"),
        ({"person": "envoy-kp", "sort": "title", "page": "2"}, "person_meetings_by_title"),
        ({"organization": "kp-mofa", "sort": "-title", "page": "3"}, "office_meetings_by_title"),
        ({"country": "KP", "sort": "location", "page": "3"}, "country_meetings_by_place"),
        ({"person": "envoy-kp", "sort": "-location", "page": "2"}, "person_meetings_by_place"),
        ({"organization": "kp-mofa", "sort": "location", "page": "3"}, "office_meetings_by_place"),
    ],
)
def test_a_list_sorted_by_title_or_place_reads_a_pages_rows_off_the_kept_rows_index_of_it(
    client, monkeypatch, tied_titles, params, index
):
    """On PostgreSQL the rows of a page sorted by title or place come off the subject's index of it (0045-0050) as far
    as the page, ties on the last value sorted again: not every row of the subject read and sorted, nor the meetings'
    own index walked and each meeting probed for the subject."""
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.plans import sql_plan_without
    from meetings.tests.test_office_filter import small_pages

    if connection.vendor != "postgresql":
        return  # SQLite keeps no rows
    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 10)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/meetings/", params).context["page_obj"].object_list
    statements = [query["sql"] for query in captured.captured_queries]
    # The page's ids: the kept rows' first ones by the column, read as an array
    column = "title" if "title" in params["sort"] else "location"
    page = [sql for sql in statements if f'"{column}" ' in sql.partition("ARRAY(")[2]]
    assert len(page) == 1, statements
    # Asked what it reads when sorting is dear, as for a subject of many rows (a few rows it sorts whichever way).
    plan = sql_plan_without(page[0], "seqscan", "bitmapscan", "sort")
    # Read off the index as far as the page: no Sort of all of the subject's rows under the array's Limit (ties on a
    # title sorted again by an Incremental Sort, whose groups the index gives); the meetings then looked up (on a
    # table this small by whichever index the planner likes).
    array = plan.partition("InitPlan")[2].partition(index)
    assert array[1] and "Limit" in array[0] and "->  Sort " not in array[0], plan


@pytest.fixture
def kinds_and_titles():
    """Twenty-six meetings of North Korea's and Japan's officials in uneven groups of kinds (nine letters, three calls,
    the rest meetings and visits) and statuses, under three titles and two places (ties broken by id), one undated, a
    ministry's participants in most, and a rejected letter that no list shows."""
    ministry = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kp-mofa", country="KP", kind="ministry")
    envoy = PersonFactory(name="Envoy Ri Chol-ho", slug="envoy-kp", country="KP")
    counterpart = PersonFactory(name="Envoy Hayashi Ken", slug="envoy-jp", country="JP")
    kinds = ["letter"] * 9 + ["phone_call"] * 3 + ["visit", "meeting"] * 7
    participations = []
    for i, kind in enumerate(kinds):
        meeting = MeetingFactory.build(
            kind=kind,
            status=("held", "planned", "held", "cancelled")[i % 4],
            title=("Talks", "Summit", "Talks")[i % 3],
            location=("Pyongyang", "Tokyo")[i % 2],
            date=None if i == 10 else dt.date(2021, 3, 1) + dt.timedelta(days=i),
        )
        participations.append(
            ParticipationFactory.build(
                meeting=meeting, person=envoy, country="KP", organization=ministry if i % 5 else None
            )
        )
        if i % 3:
            participations.append(ParticipationFactory.build(meeting=meeting, person=counterpart, country="JP"))
    rejected = MeetingFactory.build(kind="letter", title="Talks", review_status="rejected")
    participations.append(
        ParticipationFactory.build(meeting=rejected, person=envoy, country="KP", organization=ministry)
    )
    # An archive five times theirs, so that walking it for their rows is dearer than reading several kinds.
    others = PersonFactory(name="Envoy Kim Chang-su", slug="envoy-kr", country="KR")
    for _ in range(100):
        participations.append(ParticipationFactory.build(meeting=MeetingFactory.build(), person=others, country="KR"))
    create_in_bulk(participations)


@pytest.mark.parametrize("sort", ["kind,title", "-kind,-title", "kind,-title", "status,-location", "-status,location"])
@pytest.mark.parametrize(
    "subject",
    [
        {"country": "KP"},
        {"country": ["KP", "JP"], "country_mode": "all"},
        {"country": "KP", "country_mode": "only"},
        {"person": "envoy-kp"},
        {"person": "envoy-kp", "status": "held"},
        {"organization": "kp-mofa"},
        {"organization": "kp-mofa", "kind": "letter"},
        {"organization": "kp-mofa", "country": "KP", "date_from": "2021-03-05"},
        {"organization": "kp-mofa", "person": "envoy-jp"},
    ],
)
def test_lists_sorted_by_kind_or_status_then_title_or_place_give_every_page_of_their_whole_list(
    client, monkeypatch, kinds_and_titles, subject, sort
):
    """Sorted by kind or status and then by title or place, a subject's list reads the first rows of the kinds (or
    statuses) its page reaches, as their counts kept on write tell, off the kept rows' index of the title or place
    (PostgreSQL, migration 0057), as long as it passes over fewer of the subject's rows than it holds (here the index's
    entries are taken for free against the walk, as in a large archive); a deeper page, and the lists the counts do not
    tell of (countries together, dates, two subjects), read whole or walk. Every page, across kinds, ties on both
    columns and a filter on the kind itself, is its whole list's."""
    from meetings.tests.test_office_filter import assert_page_as_whole_list, small_pages

    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.filters.KEPT_ROWS_PER_LOOKUP", 10**6)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # the archive's size, against the subject's
    for page in range(1, 11):
        assert_page_as_whole_list(client, {**subject, "sort": sort, "page": str(page)})


@pytest.mark.parametrize(
    ("params", "index"),
    [
        # Pages within the first group (nine letters; seven visits; seven planned): the only one read.
        ({"person": "envoy-kp", "sort": "kind,title", "page": "2"}, "person_meetings_by_title"),
        ({"person": "envoy-kp", "sort": "-kind,-location", "page": "2"}, "person_meetings_by_place"),
        ({"country": "KP", "sort": "-status,-title", "page": "2"}, "country_meetings_by_title"),
    ],
)
def test_a_list_sorted_by_kind_then_title_reads_each_kinds_rows_off_the_title_index_alone(
    client, monkeypatch, kinds_and_titles, params, index
):
    """On PostgreSQL a page sorted by a kind or a status and then by title or place reads each group's rows in the
    index of that column, the kind or status tested there (migration 0057): no row read in the table, none of the
    subject's rows sorted whole, and the meetings' own index not walked with each meeting probed for the subject."""
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.plans import sql_plan_without
    from meetings.tests.test_office_filter import small_pages

    if connection.vendor != "postgresql":
        return  # SQLite keeps no rows
    small_pages(monkeypatch)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 10)  # as many rows as a large list's (none read whole)
    monkeypatch.setattr("meetings.filters.KEPT_ROWS_PER_LOOKUP", 10**6)  # index entries as cheap as in a large one
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting")  # the archive's size, against the subject's
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/meetings/", params).context["page_obj"].object_list
    page = [query["sql"] for query in captured.captured_queries if "ARRAY(" in query["sql"]]
    assert len(page) == 1, [query["sql"] for query in captured.captured_queries]
    # The page's ids are the kept rows', no meeting walked for them.
    assert page[0].count('FROM "meetings_meeting"') == 1, page[0]
    plan = sql_plan_without(page[0], "seqscan", "bitmapscan", "sort", "indexscan")
    table = {"organization": "officemeeting", "person": "personmeeting"}.get(next(iter(params)), "countrymeeting")
    reads = [line.strip() for line in plan.splitlines() if f" on meetings_{table} " in line]
    # Every read of the kept rows from an index alone (index scans are off: a column the index lacked would take one
    # of the table), of the title's or place's index, for the values the page reaches alone.
    assert reads and all(read.startswith("->  Index Only Scan") and f" using {index} " in read for read in reads), plan
    values = Kind.values if params["sort"].lstrip("-").startswith("kind") else Status.values
    assert sum(f"= '{value}'" in page[0] for value in values) == 1, page[0]


def test_the_kinds_and_statuses_sort_in_python_as_in_the_database():
    """The kept rows' groups (filters.KEPT_GROUPED_COLUMNS) are taken in Python's order of their values, which must be
    the order the database sorts the meetings' column in: else a page would be read from the wrong groups."""
    from meetings.filters import KEPT_GROUPED_COLUMNS

    with connection.cursor() as cursor:
        for column, values in KEPT_GROUPED_COLUMNS.items():
            rows = " UNION ALL ".join(f"SELECT CAST(%s AS varchar(20)) AS {column}" for _ in values)
            cursor.execute(f"SELECT {column} FROM ({rows}) AS v ORDER BY {column}", values)
            assert [value for (value,) in cursor.fetchall()] == sorted(values)
