"""People and offices: counterparts with their first and last held contact, tenures, the people list's orders."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.contacts import counterparts
from meetings.models import Meeting, OfficePerson, Organization, Participation, Person, Position
from meetings.tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
)
from meetings.tests.test_pair_counts import assert_office_people_exact

pytestmark = pytest.mark.django_db


def contact(date, people, *, status="held", precision="day", **extra):
    meeting = MeetingFactory(date=date, status=status, date_precision=precision, **extra)
    for person in people:
        ParticipationFactory(meeting=meeting, person=person)
    return meeting


@pytest.fixture
def cast():
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", country="KR")
    biegun = PersonFactory(name="Stephen Biegun", slug="biegun", country="US")
    pompeo = PersonFactory(name="Mike Pompeo", slug="pompeo", country="US")
    kono = PersonFactory(name="Taro Kono", slug="kono", country="JP")
    PersonFactory(name="Aaron Never-met", slug="never", country="KR")
    contact(dt.date(2018, 3, 1), [kang, biegun], precision="month")
    contact(dt.date(2019, 5, 10), [kang, biegun])
    contact(dt.date(2020, 2, 1), [kang, biegun], status="planned", precision="month")
    contact(dt.date(2019, 8, 1), [kang, biegun], status="cancelled")
    contact(dt.date(2021, 1, 20), [kang, pompeo])
    contact(dt.date(2017, 6, 30), [kono, pompeo], precision="week")
    contact(dt.date(2019, 6, 1), [kang, kono], review_status="rejected")  # hidden everywhere
    return {"kang": kang, "biegun": biegun, "pompeo": pompeo, "kono": kono}


@pytest.mark.parametrize("read_whole", [False, True])
def test_counterparts_show_held_and_planned_apart_with_first_and_last_held_contact(
    client, monkeypatch, cast, read_whole
):
    """Counted over the person's latest contacts, walked for or read whole and sorted (views._latest_of)."""
    if read_whole:
        monkeypatch.setattr("meetings.views.sorted_sooner_than_walked", lambda contacts, count: True)
    response = client.get("/people/kang/")
    rows = response.context["counterparts"]
    assert [(c.name, c.held) for c in rows] == [("Stephen Biegun", 2), ("Mike Pompeo", 1)]
    page = response.content.decode().split('<table class="list counterparts">')[1]
    biegun_row = page.split('href="/people/biegun/">Stephen Biegun</a>')[1].split("</tr>")[0]
    assert '<td data-label="Held">2</td>' in biegun_row
    assert '<td data-label="Planned">1 <span class="muted">(1 cancelled)</span></td>' in biegun_row
    assert ">March 2018<" in biegun_row and ">10 May 2019<" in biegun_row  # each date at its precision
    assert "Taro Kono" not in page  # only in a rejected meeting


def test_a_held_contact_dated_in_the_future_is_not_counted_as_held():
    today = dt.date(2020, 1, 1)
    rows = [
        ("B", "b", "US", 1, dt.date(2019, 5, 10), "day", "held"),
        ("B", "b", "US", 2, dt.date(2020, 5, 10), "day", "held"),
        ("B", "b", "US", 2, dt.date(2020, 5, 10), "day", "held"),  # the same contact twice counts once
        ("C", "c", "JP", 3, None, "day", "held"),
    ]
    b, c = counterparts(rows, today=today)
    assert (b.held, b.planned, b.first_held.date, b.last_held.date) == (
        1,
        1,
        dt.date(2019, 5, 10),
        dt.date(2019, 5, 10),
    )
    assert (c.held, c.first_held, c.last_held) == (1, None, None)


def test_an_office_lists_its_people_with_their_years_in_office_latest_first(client):
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa")
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang")
    chung = PersonFactory(name="Chung Eui-yong", slug="chung")
    yun = PersonFactory(name="Yun Byung-se", slug="yun")
    PositionFactory(
        person=kang,
        organization=mofa,
        title="Minister of Foreign Affairs",
        start_date=dt.date(2017, 6, 18),
        end_date=dt.date(2021, 2, 8),
    )
    PositionFactory(
        person=chung, organization=mofa, title="Minister of Foreign Affairs", start_date=dt.date(2021, 2, 9)
    )
    PositionFactory(person=yun, organization=mofa, title="Minister of Foreign Affairs")
    ban = PersonFactory(name="Ban Ki-moon", slug="ban")
    PositionFactory(person=ban, organization=mofa, title="Minister of Foreign Affairs", end_date=dt.date(2006, 11, 9))
    page = client.get("/organizations/kr-mofa/").content.decode()
    table = page.split('<table class="list tenures">')[1].split("</table>")[0]
    assert table.index("Chung Eui-yong") < table.index("Kang Kyung-wha") < table.index("Yun Byung-se")
    assert "since 9 February 2021" in table and "18 June 2017 – 8 February 2021" in table
    assert "dates not recorded" in table and "until 9 November 2006" in table
    assert "18 June 2017 – 8 February 2021" in client.get("/people/kang/").content.decode()


def test_the_people_list_puts_the_latest_held_contact_first_and_people_without_one_last(client, cast):
    listed = client.get("/people/").context["object_list"]
    assert [p.name for p in listed] == [
        "Kang Kyung-wha",
        "Mike Pompeo",
        "Stephen Biegun",
        "Taro Kono",
        "Aaron Never-met",
    ]
    page = client.get("/people/").content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?sort=latest">Latest held contact' in page
    kono = page.split(">Taro Kono</a>")[1].split("</tr>")[0]
    assert "around 30 June 2017" in kono  # at its precision
    never = page.split(">Aaron Never-met</a>")[1].split("</tr>")[0]
    assert '<td data-label="Meetings">0</td>' in never and ">—</td>" in never


def test_the_people_list_sorts_by_contacts_and_by_latest_contact_either_way(client, cast):
    def names(sort):
        return [p.name for p in client.get("/people/", {"sort": sort}).context["object_list"]]

    assert names("-meetings")[:3] == ["Kang Kyung-wha", "Stephen Biegun", "Mike Pompeo"]  # 5, 4, 2 (not rejected)
    # Kang and Pompeo last met on the same day: ties keep the id order either way.
    assert names("latest") == ["Aaron Never-met", "Taro Kono", "Stephen Biegun", "Kang Kyung-wha", "Mike Pompeo"]
    rows = b"".join(client.get("/people/export.csv", {"sort": "-latest"}).streaming_content).decode("utf-8-sig")
    assert rows.splitlines()[0] == "slug,name,country,aliases,meetings,latest_held_contact,url"
    assert rows.splitlines()[1].startswith("kang,Kang Kyung-wha,KR,,5,2021-01-20,")


def test_the_people_list_and_person_page_run_a_constant_number_of_queries(client, cast, django_assert_max_num_queries):
    urls = ["/people/", "/people/?sort=-meetings", "/people/kang/"]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(12) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    for day in range(30):
        contact(dt.date(2015, 1, 1) + dt.timedelta(days=day), [cast["kang"], PersonFactory()])
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_the_default_people_list_reads_its_order_from_the_cache_and_its_figures_afresh(
    client, cast, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("meetings.views.PEOPLE_WALKED_ROWS", 0)  # every page past the rows read off the index
    with django_assert_max_num_queries(12) as first:
        client.get("/people/")
    contact(dt.date(2022, 3, 3), [cast["kono"], cast["biegun"]])  # Kono's latest contact is now the latest
    with django_assert_max_num_queries(len(first.captured_queries) - 1) as second:
        listed = client.get("/people/").context["object_list"]
    # Every aggregate left is of the page's own people.
    assert all(" IN (" in q["sql"] for q in second.captured_queries if "MAX(" in q["sql"].upper())
    kono = next(p for p in listed if p.name == "Taro Kono")
    assert kono.last_contact == dt.date(2022, 3, 3) and kono.meeting_count == 2  # current, in the cached order
    # Sorted explicitly, the database orders them now: both met on 3 March 2022, by name.
    assert [p.name for p in client.get("/people/?sort=-latest").context["object_list"]][:2] == [
        "Stephen Biegun",
        "Taro Kono",
    ]


@pytest.mark.parametrize("walked_rows", [0, 50, 1000])
def test_the_default_people_lists_pages_through_its_cached_order_as_the_database_orders_them(
    client, monkeypatch, walked_rows
):
    """Every page of the default list holds the people the list sorted explicitly (ordered by the database) holds on
    the same page, to the last one, and says how many people there are and how many pages: its first
    PEOPLE_WALKED_ROWS (``walked_rows``) read as the list's first rows (off the kept figure's index on PostgreSQL),
    the pages past them from its order cached as an array of ids (every page on SQLite)."""
    monkeypatch.setattr("meetings.views.PEOPLE_WALKED_ROWS", walked_rows)
    people = [PersonFactory(name=f"Aster Quill{i:03d}", slug=f"aster-{i}", country="KR") for i in range(120)]
    for i, person in enumerate(people[:90]):  # 30 with no held contact: last, by name
        contact(dt.date(2015, 1, 1) + dt.timedelta(days=i % 45), [person])  # two at each date: by name
    for page in (1, 2, 3):
        response = client.get(f"/people/?page={page}")
        ordered = client.get(f"/people/?sort=-latest&page={page}").context["object_list"]
        assert [p.slug for p in response.context["object_list"]] == [p.slug for p in ordered]
        assert (
            "<strong>120</strong> people" in response.content.decode()
            and f"Page {page} of 3" in response.content.decode()
        )
    assert [p.name for p in response.context["object_list"]] == [f"Aster Quill{i:03d}" for i in range(100, 120)]
    cache.clear()  # the order of everybody, if the pages above kept it
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/people/").context["object_list"]
    # (Read before the next request, which empties the connection's log.)
    everybody_ordered = [q for q in queries.captured_queries if "ORDER BY" in q["sql"] and "LIMIT" not in q["sql"]]
    assert bool(everybody_ordered) == (walked_rows < 50 or connection.vendor != "postgresql")
    assert [p.slug for p in first] == [p.slug for p in client.get("/people/?page=1").context["object_list"]]


@pytest.mark.parametrize(
    "query",
    [
        "sort=-meetings",
        "sort=-latest",
        "sort=-meetings,name",
        "sort=-latest&country=KR",
        "sort=-meetings&q=Tae",
        "sort=meetings",
        "sort=latest",
        "sort=meetings,-name",
        "sort=latest&country=KP",
        "sort=latest&q=Tae",
        "country=KR",  # filtered, unsorted: the list's own order, latest first
        "q=Tae",
    ],
)
@pytest.mark.parametrize("sorted_whole_up_to", [5, 1000])
def test_people_sorted_by_a_kept_figure_either_way_page_by_page_as_the_whole_list_orders_them(
    client, monkeypatch, query, sorted_whole_up_to
):
    """Sorted by their public meetings or latest held contact, a page holds the people the whole list (its CSV) holds
    there, on every page. Most or latest first: those with the figure first, then, across the page where they end,
    those without one (no public meeting, or for the latest only planned ones), tied at nothing and ordered by the
    next keys; fewest or earliest first the other way round. On PostgreSQL a list of more than COUNT_CAP people (here
    made 5) reads only a page's first rows, off the figure's index and the kept rows of the people without it
    (PersonFilterSet._first_by_kept_figure); a shorter one is sorted whole."""
    monkeypatch.setattr("meetings.views.PersonListView.paginate_by", 4)
    monkeypatch.setattr("meetings.filters.COUNT_CAP", sorted_whole_up_to)
    people = [
        PersonFactory(name=f"{family} Tae-{i:02d}", slug=f"tae-{i}", country="KR" if i % 3 else "KP")
        for i, family in enumerate(["Moon", "Ahn", "Ji", "Baek"] * 5)
    ]
    for i, person in enumerate(people[:9]):  # held contacts, two at each date, one to three meetings each
        for n in range(1 + i % 3):
            contact(dt.date(2016, 4, 1) + dt.timedelta(days=i // 2 + 30 * n), [person])
    for person in people[9:13]:  # planned only: meetings, but no held contact
        contact(dt.date(2027, 1, 5), [person], status="planned")
    for person in people[13:15]:  # a rejected meeting only: none of either
        contact(dt.date(2019, 2, 2), [person], review_status="rejected")

    export = client.get(f"/people/export.csv?{query}")
    whole = [row["name"] for row in csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))]
    listed, page = [], 1
    while True:
        shown = client.get(f"/people/?{query}&page={page}").context["page_obj"]
        listed += [person.name for person in shown.object_list]
        assert shown.paginator.count == len(whole)
        if not shown.has_next():
            break
        page += 1
    # More people than the cap (5: read as first rows), on more than one page
    assert listed == whole and len(whole) > 5 and page > 1
    if not query.startswith("sort="):  # the list's own order is the latest contact first, as sorted so
        assert listed == [p.name for p in _all_pages(client, f"{query}&sort=-latest")]
    if query.startswith("sort=-meetings"):  # those without a figure come last
        assert shown.object_list[-1].meeting_count == 0
    if query.startswith("sort=meetings"):  # and first, fewest first
        assert client.get(f"/people/?{query}").context["object_list"][0].meeting_count == 0


def test_the_api_sorts_people_by_latest_contact_as_the_page_does(client, cast):
    listed = client.get("/people/?sort=-latest").context["object_list"]
    latest = {p.slug: p.last_contact or dt.date.min for p in listed}  # None: no held contact
    rows, url = [], "/api/people/?sort=-latest&page_size=2"
    while url:  # keyset pages, two at a time
        body = client.get(url).json()
        rows += [row["slug"] for row in body["results"]]
        url = body["next"]
    assert sorted(rows) == sorted(latest)
    dates = [latest[slug] for slug in rows]
    assert dates == sorted(dates, reverse=True)  # (the API breaks ties by id the other way, as for every sort)


def test_a_retired_meeting_counts_nowhere(client, cast):
    from django.utils import timezone

    latest = contact(dt.date(2023, 1, 9), [cast["kono"], cast["biegun"]])
    latest.retired_at = timezone.now()
    latest.save()
    listed = {p.name: p for p in client.get("/people/?sort=-latest").context["object_list"]}
    assert listed["Taro Kono"].meeting_count == 1 and listed["Taro Kono"].last_contact == dt.date(2017, 6, 30)
    assert "January 2023" not in client.get("/people/kono/").content.decode()
    assert "Taro Kono" not in client.get("/network/?date_from=2023").content.decode()


def test_an_office_page_lists_its_read_outs_as_its_meetings_latest_first_and_hides_those_of_hidden_meetings(client):
    from meetings.tests.factories import ReadOutFactory

    kcna = OrganizationFactory(name="Korean Central News Agency", slug="kp-kcna", country="KP", kind="media")
    titles = {}
    for title, date, extra in [
        ("Talks in Hanoi", dt.date(2019, 2, 27), {}),
        ("Talks in Singapore", dt.date(2018, 6, 12), {}),
        ("Talks on a date nobody gave", None, {}),
        ("Talks at Panmunjom", dt.date(2019, 6, 30), {}),
        ("Talks later withdrawn", dt.date(2020, 1, 1), {"retired_at": dt.datetime(2020, 2, 1, tzinfo=dt.UTC)}),
        ("Talks an editor rejected", dt.date(2020, 1, 2), {"review_status": "rejected"}),
    ]:
        titles[title] = MeetingFactory(title=title, date=date, **extra)
        ReadOutFactory(meeting=titles[title], issuer=kcna)
    response = client.get("/organizations/kp-kcna/")
    # The latest first and undated last, as the meetings above them; a retired or rejected meeting's account is not
    # shown, counted or linked (its page is gone).
    assert [r.meeting.title for r in response.context["readouts"]] == [
        "Talks at Panmunjom",
        "Talks in Hanoi",
        "Talks in Singapore",
        "Talks on a date nobody gave",
    ]
    assert response.context["readout_count"].count == 4
    assert [m.title for m in response.context["meetings"]] == [r.meeting.title for r in response.context["readouts"]]
    listed = client.get("/readouts/?issuer=kp-kcna").content.decode()
    assert "Talks in Hanoi" in listed and "withdrawn" not in listed and "rejected" not in listed


def test_the_people_list_filtered_by_an_office_has_its_posts_people_and_those_met_on_its_behalf_once_each(client):
    """Each of them once however many contacts (on PostgreSQL read from the kept OfficePerson), none of another
    office's."""
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    posts_only = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    minister = PersonFactory(name="Yoon Byung-se", slug="yoon", country="KR")
    envoys = [PersonFactory(name=f"Envoy Number{i}", slug=f"envoy-{i}", country="KR") for i in range(4)]
    outsider = PersonFactory(name="Kim Yeon-chul", slug="kim-yeon-chul", country="KR")
    PositionFactory(person=minister, organization=mofa, title="Minister", start_date=dt.date(2013, 3, 11))
    PositionFactory(person=outsider, organization=posts_only, title="Minister")
    for envoy in envoys + envoys[1:] + [minister]:  # most of them met more than once on its behalf
        ParticipationFactory(meeting=MeetingFactory(), person=envoy, organization=mofa)
    ParticipationFactory(meeting=MeetingFactory(), person=outsider, organization=None)

    def listed(slug: str) -> list[str]:
        return sorted(p.name for p in client.get(f"/people/?organization={slug}").context["object_list"])

    assert listed("kr-mofa") == sorted(["Yoon Byung-se", *(e.name for e in envoys)])
    assert listed("kr-mou") == ["Kim Yeon-chul"]  # a post and no participant
    Person.objects.filter(pk=envoys[0].pk).update(country="JP")
    for query, total in [("", "5"), ("&country=KR", "4"), ("&q=envoy", "4"), ("&q=envoy&country=JP", "1")]:
        # The office alone counted as its kept rows (PostgreSQL), with another filter as the list itself.
        assert client.get(f"/people/?organization=kr-mofa{query}").context["page_obj"].paginator.total == total
    response = client.get("/organizations/kr-mofa/")
    assert response.context["people_count"].count == 5
    assert [p.name for p in response.context["people"]][0] == "Yoon Byung-se"


def test_an_office_page_lists_people_with_a_post_there_latest_first_then_those_met_on_its_behalf(client):
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    other = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    envoy = PersonFactory(name="Lee Do-hoon", slug="lee-do-hoon", country="KR")  # met on its behalf, no post
    earlier = PersonFactory(name="Yoon Byung-se", slug="yoon", country="KR")
    later = PersonFactory(name="Park Jin", slug="park-jin", country="KR")
    elsewhere = PersonFactory(name="Kim Yeon-chul", slug="kim-yeon-chul", country="KR")
    PositionFactory(person=earlier, organization=mofa, title="Minister", start_date=dt.date(2013, 3, 11))
    PositionFactory(person=later, organization=mofa, title="Minister", start_date=dt.date(2022, 5, 13))
    PositionFactory(person=later, organization=mofa, title="Vice Minister", start_date=dt.date(2010, 1, 1))
    PositionFactory(person=elsewhere, organization=other, title="Minister", start_date=dt.date(2020, 7, 27))
    for person, office in [(envoy, mofa), (envoy, mofa), (later, mofa), (elsewhere, other)]:
        ParticipationFactory(meeting=MeetingFactory(), person=person, organization=office)
    response = client.get("/organizations/kr-mofa/")
    assert [p.name for p in response.context["people"]] == ["Park Jin", "Yoon Byung-se", "Lee Do-hoon"]
    assert response.context["people_count"].count == 3
    # Each shows its posts here alone, the latest first; whoever has none, once, as met on its behalf.
    assert [pos.title for pos in response.context["people"][0].positions.all()] == ["Minister", "Vice Minister"]
    table = response.content.decode().split('<table class="list tenures">')[1].split("</table>")[0]
    assert table.count("Park Jin") == 2 and table.count("Lee Do-hoon") == 1
    assert '<a href="/people/lee-do-hoon/">Lee Do-hoon</a></td><td data-label="Post" class="muted">met on its' in table
    nobody = OrganizationFactory(name="Ministry of Oceans", slug="kr-mof", country="KR")
    assert "None recorded." in client.get(f"/organizations/{nobody.slug}/").content.decode()


def test_an_offices_people_follow_its_posts_and_participants_through_every_kind_of_write(client):
    """Posts and participations added, moved between offices and people, bulk-updated and deleted; an office deleted
    (its posts and participants keep no office); two people merged. The people list filtered by the office, and the
    office's page, list who a direct read of posts and participations finds (on PostgreSQL, what the triggers keep)."""
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    mou = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    hana = PersonFactory(name="Hana Lindqvist-Oh", slug="hana", country="KR")
    tomas = PersonFactory(name="Tomas Ferreira-Kim", slug="tomas", country="KR")
    ines = PersonFactory(name="Ines Marchetti", slug="ines", country="KR")

    def listed(slug: str) -> list[str]:
        """The office's people as its people list shows them (latest held contact first, then by name), after checking
        the list sorted by name, the office's page and (on PostgreSQL) the kept rows against them."""
        response = client.get(f"/people/?organization={slug}")
        names = [p.name for p in response.context["object_list"]]
        assert response.context["page_obj"].paginator.total == str(len(names))  # on PostgreSQL: its kept rows counted
        by_name = [p.name for p in client.get(f"/people/?organization={slug}&sort=name").context["object_list"]]
        page = client.get(f"/organizations/{slug}/").context
        assert by_name == sorted(names) == sorted(p.name for p in page["people"])
        for sort in ("name", "-name", "country", "-country", "meetings", "-meetings", "latest", "-latest"):
            # In every sort, the office's people in the order the whole list puts them (on PostgreSQL read in their
            # kept columns; ties by id: most of them share a country and a count).
            sorted_here = client.get(f"/people/?organization={slug}&sort={sort}").context["object_list"]
            in_whole = client.get(f"/people/?sort={sort}").context["object_list"]
            assert [p.name for p in sorted_here] == [p.name for p in in_whole if p.name in names], sort
        pages_order.append([p.name for p in page["people"]])
        assert page["people_count"].count == len(names)
        if connection.vendor == "postgresql":
            assert_office_people_exact()
        else:
            assert not OfficePerson.objects.exists()
        return names

    pages_order: list[list[str]] = []  # the office page's people, as each listed() found them
    post = PositionFactory(person=hana, organization=mofa, title="Vice Minister")
    first = ParticipationFactory(
        meeting=MeetingFactory(date=dt.date(2019, 5, 10), status="held"), person=tomas, organization=mofa
    )
    second = ParticipationFactory(
        meeting=MeetingFactory(date=dt.date(2018, 3, 2), status="held"), person=tomas, organization=mofa
    )
    ParticipationFactory(meeting=MeetingFactory(status="planned"), person=ines, organization=mou)
    assert listed("kr-mofa") == ["Tomas Ferreira-Kim", "Hana Lindqvist-Oh"]  # a held contact first
    assert listed("kr-mou") == ["Ines Marchetti"]

    Person.objects.filter(pk=hana.pk).update(name="Aino Lindqvist-Oh")  # renamed: still after him
    assert listed("kr-mofa") == ["Tomas Ferreira-Kim", "Aino Lindqvist-Oh"]
    Person.objects.filter(pk=tomas.pk).update(country="BR")  # another country: sorted by country, first
    assert listed("kr-mofa") == ["Tomas Ferreira-Kim", "Aino Lindqvist-Oh"]
    assert (
        client.get("/people/?organization=kr-mofa&sort=country").context["object_list"][0].name == "Tomas Ferreira-Kim"
    )
    ParticipationFactory(  # her first held contact, the latest of the office's: first now
        meeting=MeetingFactory(date=dt.date(2021, 1, 20), status="held"), person=hana, organization=None
    )
    assert listed("kr-mofa") == ["Aino Lindqvist-Oh", "Tomas Ferreira-Kim"]
    Meeting.objects.filter(participations__person=hana).update(status="cancelled")  # not held after all
    assert listed("kr-mofa") == ["Tomas Ferreira-Kim", "Aino Lindqvist-Oh"]

    # The office's page: whoever took up a post there last first, people without a dated post after, by name.
    assert pages_order[-1] == ["Aino Lindqvist-Oh", "Tomas Ferreira-Kim"]  # neither post dated: by name
    PositionFactory(person=ines, organization=mofa, title="Director", start_date=dt.date(2016, 4, 1))
    listed("kr-mofa")
    assert pages_order[-1] == ["Ines Marchetti", "Aino Lindqvist-Oh", "Tomas Ferreira-Kim"]
    Position.objects.filter(pk=post.pk).update(start_date=dt.date(2020, 9, 1))  # hers dated: the latest taken
    listed("kr-mofa")
    assert pages_order[-1] == ["Aino Lindqvist-Oh", "Ines Marchetti", "Tomas Ferreira-Kim"]
    PositionFactory(person=ines, organization=mofa, title="Vice Minister", start_date=dt.date(2023, 2, 1))
    listed("kr-mofa")
    assert pages_order[-1] == ["Ines Marchetti", "Aino Lindqvist-Oh", "Tomas Ferreira-Kim"]
    Position.objects.filter(person=ines).delete()  # both of hers gone: no longer the office's
    listed("kr-mofa")
    assert pages_order[-1] == ["Aino Lindqvist-Oh", "Tomas Ferreira-Kim"]
    Position.objects.filter(pk=post.pk).update(start_date=None)

    first.delete()  # one of two contacts on its behalf: still its person
    assert listed("kr-mofa") == ["Tomas Ferreira-Kim", "Aino Lindqvist-Oh"]
    Participation.objects.filter(pk=second.pk).update(organization=mou)  # his last one moved to the other office
    assert listed("kr-mofa") == ["Aino Lindqvist-Oh"]
    assert listed("kr-mou") == ["Tomas Ferreira-Kim", "Ines Marchetti"]  # his held contact first
    Position.objects.filter(pk=post.pk).update(person=ines)  # a post given to someone else
    assert listed("kr-mofa") == ["Ines Marchetti"]
    Position.objects.filter(pk=post.pk).delete()
    assert listed("kr-mofa") == []

    # A merge moves one person's participations to the other, and deletes the first.
    Participation.objects.filter(person=ines).update(person=tomas)
    Person.objects.filter(pk=ines.pk).delete()
    assert listed("kr-mou") == ["Tomas Ferreira-Kim"]

    Organization.objects.filter(pk=mou.pk).delete()  # its participants keep no office
    assert not Participation.objects.filter(organization__isnull=False).exists()
    if connection.vendor == "postgresql":
        assert not OfficePerson.objects.exists()


def test_the_offices_list_counts_the_people_with_a_post_at_each_once(client):
    """Two posts of one person count once; someone who met on the office's behalf with no post there, and a post at
    another office, not at all."""
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    mou = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    OrganizationFactory(name="Ministry of Oceans", slug="kr-mof", country="KR")
    twice = PersonFactory(name="Mira Osei-Park", slug="mira", country="KR")
    once = PersonFactory(name="Joon Talvik", slug="joon", country="KR")
    envoy = PersonFactory(name="Sol Berrigan", slug="sol", country="KR")
    PositionFactory(person=twice, organization=mofa, title="Vice Minister", start_date=dt.date(2015, 1, 1))
    PositionFactory(person=twice, organization=mofa, title="Minister", start_date=dt.date(2019, 1, 1))
    PositionFactory(person=once, organization=mofa, title="Director")
    PositionFactory(person=once, organization=mou, title="Minister")
    ParticipationFactory(meeting=MeetingFactory(), person=envoy, organization=mofa)
    listed = {office.slug: office.people_count for office in client.get("/organizations/").context["object_list"]}
    assert listed == {"kr-mofa": 2, "kr-mou": 1, "kr-mof": 0}


@pytest.mark.parametrize("typed", ["ki", "kim", "yoon", "Do-yun"])
@pytest.mark.parametrize("descending", [False, True])
def test_people_searched_by_name_come_in_name_order_on_the_page_and_through_the_api(
    client, monkeypatch, typed, descending
):
    """Searched with three letters or more and listed by name, people are found by the names' trigram indexes and
    sorted (PersonFilterSet.sorts_matches); with two, the name index is walked. Either way every page, of the list and
    of the API (followed by its cursor), holds the names with the letters in name order, one found by a spelling
    (alias) included, and nobody else."""
    monkeypatch.setattr("meetings.views.PersonListView.paginate_by", 4)
    families, given = ("Yoon", "Kim", "Ahn", "Park"), ("Min-ji", "Kim-hee", "Do-yun")
    names = [f"{family} {name}" for family in families for name in given]
    names += [f"{family} Seo-yeon {i:02d}" for family in ("Kim", "Yoon") for i in range(4)]
    for i, name in enumerate(names):
        PersonFactory(name=name, slug=f"p{i}", country="KR")
    PersonFactory(name="Choe Son-hui", slug="choe", country="KP", aliases=["Choe Son Hui", "Kimdo-yun"])
    found = [name for name in names if typed.lower() in name.lower()]
    found += ["Choe Son-hui"] if typed.lower() in "kimdo-yun" else []
    expected = sorted(found, reverse=descending)
    sort = "-name" if descending else "name"

    listed = []
    for page in range(1, 10):
        shown = client.get("/people/", {"q": typed, "sort": sort, "page": page}).context["page_obj"]
        listed += [person.name for person in shown.object_list]
        if not shown.has_next():
            break
    url, read = f"/api/people/?q={typed}&sort={sort}&page_size=4", []
    while url:
        body = client.get(url).json()
        read += [row["name"] for row in body["results"]]
        url = body["next"]
    assert listed == read == expected
    assert len(expected) > 4  # more than a page


@pytest.mark.parametrize("sort", ["country", "-country"])
def test_people_searched_for_a_rare_name_by_country_are_sorted_and_a_common_one_walked(client, monkeypatch, sort):
    """A search of the people list sorted by country: on PostgreSQL, a name with no more matches than the list counts
    (COUNT_CAP, 5 here) has them read off the names' trigram indexes and sorted (PersonFilterSet.sorts_matches), where
    the country index was walked through every person (?q=Sang-jin: 99,874 people for 126, 79 ms at 1,000,000
    meetings); a name with more is walked for. Every page is the list's, in country order, ties by name."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.filters.COUNT_CAP", 5)
    monkeypatch.setattr("meetings.views.PersonListView.paginate_by", 2)
    countries = ["KR", "KP", "JP", "US", "CN", "RU", "MN", "DE"]
    for i, country in enumerate(countries):
        PersonFactory(name=f"Kim Min-{i:02d}", slug=f"kim-{i}", country=country)
    for i, country in enumerate(countries[:3]):
        PersonFactory(name=f"Ryu Hae-won {i}", slug=f"ryu-{i}", country=country)
    for typed, few in (("Hae-won", True), ("Kim Min", False)):
        people = Person.objects.filter(name__icontains=typed)
        expected = [p.name for p in people.order_by(sort, "name" if sort == "country" else "-name")]
        with CaptureQueriesContext(connection) as captured:
            listed = [p.name for p in _all_pages(client, f"q={typed}&sort={sort}")]
        assert listed == expected
        if connection.vendor == "postgresql":
            sorted_whole = any('ORDER BY COALESCE("meetings_person"."country"' in q["sql"] for q in captured)
            assert sorted_whole == few


def _all_pages(client, query: str) -> list:
    listed, page = [], 1
    while True:
        shown = client.get(f"/people/?{query}&page={page}").context["page_obj"]
        listed += shown.object_list
        if not shown.has_next():
            return listed
        page += 1


@pytest.mark.parametrize("query", ["country=KR", "q=Tae"])
def test_a_filtered_people_list_in_its_own_order_reads_as_the_same_order_chosen_does(client, monkeypatch, query):
    """Filtered but not sorted, the people list is in its own order, latest contact first: on PostgreSQL it reads a
    page's first rows as the same list sorted so explicitly does (PersonFilterSet._first_by_kept_figure), with the
    same statements, where it joined every person the filter leaves to their kept row and sorted them all."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.filters.COUNT_CAP", 5)  # more people than that: read as first rows
    people = [PersonFactory(name=f"Moon Tae-{i:02d}", slug=f"tae-{i}", country="KR") for i in range(12)]
    for i, person in enumerate(people[:8]):
        contact(dt.date(2016, 4, 1) + dt.timedelta(days=i // 2), [person])

    def statements(params: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            listed = client.get(f"/people/?{params}").context["object_list"]
        assert [p.name for p in listed][:2] == ["Moon Tae-06", "Moon Tae-07"]  # the latest two, by name
        return [q["sql"] for q in captured.captured_queries]

    statements(query)  # the first page of all also reads the filter form's countries, kept afterwards
    assert statements(query) == statements(f"{query}&sort=-latest")


@pytest.mark.parametrize("sort", ["", "&sort=-latest", "&sort=-meetings"])
def test_a_few_people_among_many_are_sorted_whole_and_many_read_off_the_kept_figures_index(client, monkeypatch, sort):
    """A people list sorted by a kept figure, most or latest first, reads only its first rows off the figure's index
    when its people are so many that walking the index for them is sooner than sorting them all: a country with most
    of the people is walked for, one with a few of them sorted whole, even past COUNT_CAP (here 5). Either way the
    page lists the people in the order of the whole list (its CSV). PostgreSQL only walks (SQLite keeps no figures)."""
    monkeypatch.setattr("meetings.filters.COUNT_CAP", 5)
    monkeypatch.setattr("meetings.views.PersonListView.paginate_by", 4)
    many = [PersonFactory(name=f"Ri Sol-{i:02d}", slug=f"sol-{i}", country="KP") for i in range(60)]
    few = [PersonFactory(name=f"Ochir Bat-{i:02d}", slug=f"bat-{i}", country="MN") for i in range(8)]
    for i, person in enumerate(many[::3] + few):
        contact(dt.date(2018, 1, 1) + dt.timedelta(days=i), [person])

    def walked(country: str) -> bool:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            listed = [p.name for p in client.get(f"/people/?country={country}{sort}").context["object_list"]]
        # The page's people read as the first rows of those with the figure and of those without (their union), not
        # sorted whole. (Before the next request, which empties the log.)
        read_first_rows = any(
            q["sql"].startswith('SELECT "meetings_person"."id" AS "pk"') and "UNION ALL" in q["sql"]
            for q in captured.captured_queries
        )
        export = client.get(f"/people/export.csv?country={country}{sort}")
        rows = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
        assert listed == [row["name"] for row in rows][:4]
        return read_first_rows

    # 28 people with a contact, whose kept rows a walk reads: North Korea's 60 people are more than a walk for a page's
    # 5 rows finds sooner than a sort (60² > 5 × 28); Mongolia's 8 are not (8² <= 5 × 28: some 18 rows walked, 8
    # sorted).
    assert walked("KP") == (connection.vendor == "postgresql")
    assert not walked("MN")
