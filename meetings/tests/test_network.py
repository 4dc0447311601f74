"""The network: the people of the filtered meetings, sized by contacts, tied by contacts held together."""

import datetime as dt
import math
import re
import time

import pytest

from meetings.network import MAX_NODES, MAX_PARTICIPANTS_FOR_EDGES, build, lay_out
from meetings.tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def rows_of(meetings):
    """(meeting, status, person, name, slug, country) rows from [(status, [(id, country), ...]), ...]."""
    return [
        (m, status, person, f"P{person}", f"p{person}", country)
        for m, (status, people) in enumerate(meetings)
        for person, country in people
    ]


def test_nodes_count_contacts_and_edges_count_contacts_held_together():
    graph = lay_out(
        build(
            rows_of(
                [
                    ("held", [(1, "KR"), (2, "US")]),
                    ("held", [(1, "KR"), (2, "US")]),
                    ("planned", [(1, "KR"), (3, "KP")]),  # a planned contact ties nobody yet
                    ("held", [(1, "KR"), (3, "KP"), (4, "KP")]),
                ]
            )
        )
    )
    assert [(n.key, n.contacts, n.held) for n in graph.nodes] == [(1, 4, 3), (2, 2, 2), (3, 2, 1), (4, 1, 1)]
    assert {(e.source, e.target): e.held for e in graph.edges} == {(1, 2): 2, (1, 3): 1, (1, 4): 1, (3, 4): 1}
    big, small = graph.nodes[0], graph.nodes[-1]
    assert big.radius > small.radius and all(n.labelled for n in graph.nodes)
    assert [g.country for g in graph.groups] == ["KR", "KP", "US"]  # by contacts
    edge = next(e for e in graph.edges if (e.source, e.target) == (1, 2))
    assert (edge.x1, edge.y1, edge.x2, edge.y2) == (big.x, big.y, graph.nodes[1].x, graph.nodes[1].y)


def test_a_large_meeting_counts_for_everyone_but_draws_no_lines():
    crowd = [(i, "KR") for i in range(MAX_PARTICIPANTS_FOR_EDGES + 1)]
    graph = build(rows_of([("held", crowd)]))
    assert len(graph.nodes) == MAX_PARTICIPANTS_FOR_EDGES + 1 and graph.edges == []


def test_the_layout_is_deterministic_and_nodes_do_not_overlap():
    meetings = [("held", [(i, ["KR", "US", "KP", "JP"][i % 4]), ((i * 7) % 300, "CN")]) for i in range(600)]
    first, second = lay_out(build(rows_of(meetings))), lay_out(build(rows_of(meetings)))
    assert [(n.x, n.y, n.radius) for n in first.nodes] == [(n.x, n.y, n.radius) for n in second.nodes]
    nodes = first.nodes
    overlaps = sum(
        1
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if math.hypot(a.x - b.x, a.y - b.y) < (a.radius + b.radius) * 0.9
    )
    assert overlaps == 0
    for n in nodes:  # everything inside the picture
        assert first.min_x <= n.x - n.radius and n.x + n.radius <= first.min_x + first.width


def test_thousands_of_people_are_laid_out_quickly_and_capped():
    meetings = [
        ("held", [(i, ["KR", "US", "KP", "JP", "CN", "RU"][i % 6]), (i + 1, "US")]) for i in range(MAX_NODES + 500)
    ]
    started = time.perf_counter()
    graph = lay_out(build(rows_of(meetings)))
    assert time.perf_counter() - started < 2.0
    assert len(graph.nodes) == MAX_NODES and graph.people_left_out == 501


@pytest.fixture
def contacts():
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", country="KR")
    biegun = PersonFactory(name="Stephen Biegun", slug="biegun", country="US")
    choe = PersonFactory(name="Choe Son Hui", slug="choe", country="KP")

    def contact(people, date, status="held", kind="meeting"):
        meeting = MeetingFactory(date=date, status=status, kind=kind)
        for person in people:
            ParticipationFactory(meeting=meeting, person=person, country=person.country)

    contact([kang, biegun], dt.date(2019, 5, 10))
    contact([kang, biegun], dt.date(2019, 6, 28))
    contact([biegun, choe], dt.date(2019, 6, 30), kind="summit")
    contact([kang, choe], dt.date(2020, 1, 5), status="planned")
    return {"kang": kang, "biegun": biegun, "choe": choe}


def test_the_network_page_draws_a_circle_per_person_and_a_line_per_tie(client, contacts):
    page = client.get("/network/").content.decode()
    assert len(re.findall(r"<circle class=\"node", page)) == 3
    assert len(re.findall(r"<line ", page)) == 2  # Kang–Biegun (held twice), Biegun–Choe; planned ties nobody
    assert 'href="/people/kang/" aria-label="Kang Kyung-wha"' in page
    assert "Kang Kyung-wha (KR): 3 contacts, 2 held" in page
    busiest = page.split("<h2>Busiest people</h2>")[1]
    assert busiest.index("Kang Kyung-wha") < busiest.index("Stephen Biegun") < busiest.index("Choe Son Hui")  # 3, 3, 2


def test_the_network_takes_the_meetings_lists_parameters(client, contacts):
    page = client.get("/network/?kind=summit").content.decode()
    assert len(re.findall(r"<circle class=\"node", page)) == 2 and "Kang Kyung-wha" not in page
    assert 'href="/meetings/?kind=summit">These meetings as a list' in page
    assert "Remove filter Kind Summit" in page
    bad = client.get("/network/?date_from=2020&date_to=2019").content.decode()
    assert "These filters could not be applied" in bad and "<svg" not in bad.split("</header>")[1]
    empty = client.get("/network/?date_from=2001&date_to=2001").content.decode()
    assert "nobody to draw" in empty


def test_the_network_is_computed_once_per_query_and_runs_a_constant_number_of_queries(
    client, contacts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as first:
        client.get("/network/?country=KR")
    with django_assert_max_num_queries(len(first.captured_queries) - 2):  # the layout came from the cache
        client.get("/network/?country=KR")
    for day in range(30):
        meeting = MeetingFactory(date=dt.date(2018, 1, 1) + dt.timedelta(days=day))
        ParticipationFactory(meeting=meeting, person=contacts["kang"], country="KR")
        ParticipationFactory(meeting=meeting, person=PersonFactory(country="JP"), country="JP")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/network/?country=US")


@pytest.mark.parametrize(
    ("query", "drawn"),
    [
        # The latest two: Kang and Choe's planned contact (2020), Biegun and Choe's summit
        ("", {"Kang Kyung-wha": (1, 0), "Choe Son Hui": (2, 1), "Stephen Biegun": (1, 1)}),
        # Kang's latest two (a search reads its first matches): the planned contact, the talks of 28 June
        ("q=Kang", {"Kang Kyung-wha": (2, 1), "Choe Son Hui": (1, 0), "Stephen Biegun": (1, 1)}),
        # Biegun's, the latest whatever the list's sort: the summit and the talks of 28 June
        ("q=Biegun&sort=title", {"Stephen Biegun": (2, 2), "Choe Son Hui": (1, 1), "Kang Kyung-wha": (1, 1)}),
    ],
)
def test_a_network_of_more_meetings_than_it_draws_draws_the_latest_and_says_so(
    client, monkeypatch, contacts, query, drawn
):
    """The latest NETWORK_MEETINGS of the list (its first rows: a search reads no more of its matches), and a note that
    there are more; every meeting of a list of no more than that."""
    monkeypatch.setattr("meetings.views.NETWORK_MEETINGS", 2)
    response = client.get(f"/network/?{query}")
    assert "Drawn from the latest 2 meetings of the list" in response.content.decode()
    assert {n.name: (n.contacts, n.held) for n in response.context["graph"].nodes} == drawn
    monkeypatch.setattr("meetings.views.NETWORK_MEETINGS", 3)
    page = client.get("/network/?q=Biegun").content.decode()  # his three meetings
    assert "Drawn from the latest" not in page and len(re.findall(r"<circle class=\"node", page)) == 3


def test_the_new_pages_carry_no_inline_style_or_script(client, contacts):
    # The content security policy allows no inline style or script: SVG is styled by classes and attributes.
    for url in ["/network/", "/", "/people/kang/", "/countries/KR/US/", "/meetings/?q=Kang Biegun"]:
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html and "<script>" not in html, url


def test_countries_or_offices_can_be_the_nodes(client, contacts):
    page = client.get("/network/?nodes=countries").content.decode()
    circles = re.findall(r'<a href="(/countries/\w\w/)" aria-label="([^"]+)"><circle', page)
    assert sorted(circles) == [
        ("/countries/KP/", "North Korea"),
        ("/countries/KR/", "South Korea"),
        ("/countries/US/", "United States of America"),
    ]
    assert len(re.findall(r"<line ", page)) == 2  # KR–US, US–KP held; KR–KP only planned
    assert '<strong aria-current="page">countries</strong>' in page
    assert '<input type="hidden" name="nodes" value="countries">' in page  # applying filters keeps the kind
    page = client.get("/network/?nodes=offices&kind=summit").content.decode()
    assert len(re.findall(r'<a href="/organizations/[\w-]+/" aria-label="[^"]+"><circle', page)) == 2
    assert 'href="?kind=summit">people</a>' in page
    assert client.get("/network/?nodes=galaxies").context["node_kind"] == "people"
