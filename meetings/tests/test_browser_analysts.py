"""An analyst in Chromium: timelines and the network drawn and clicked, dark mode, print, a phone with filters.

Factory data (the contacts of test_browser_pages). Screenshots at desktop and phone widths go to
artifacts/screenshots/ for a person to look at.
"""

import pytest

from meetings.tests.test_browser_pages import PHONE, shot
from meetings.tests.test_browser_pages import contacts as contacts  # noqa: F401, PLC0414 (the fixture, by its name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def refused_by_policy(page) -> list[str]:
    """Console messages of the content security policy refusing something (an inline style or script)."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else 0)
    return refused


def test_timelines_draw_a_bar_per_month_and_status_and_each_opens_its_month(page, live_server, contacts):
    refused = refused_by_policy(page)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    bars = page.locator("svg.timeline-chart rect.bar")
    # March 2019 (one working group), May (two meetings), June (two): all held.
    assert bars.count() == 3
    assert page.locator("svg.timeline-chart rect.bar.held").count() == 3
    assert page.locator(".timeline-table tbody tr").count() == 3
    # Each month heads its row: a screen reader names the row's counts by it.
    assert page.locator(".timeline-table").get_by_role("rowheader", name="May 2019").count() == 1
    shot(page, "home-timeline")
    # A bar's link is named by its tooltip (the <title> it holds), as assistive technology reads it.
    page.locator("svg.timeline-chart").get_by_role("link", name="May 2019: 2 held", exact=True).click()
    page.wait_for_url("**/meetings/?*date_from=2019-05*")
    assert page.locator("table.list tbody tr").count() == 2
    for path, name, expected in [
        ("/people/stephen-biegun/", "person-timeline", 3),
        ("/organizations/kr-mou/", "office-timeline", 2),
        ("/countries/KR/US/", "country-pair-timeline", 3),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("svg.timeline-chart rect.bar").count() == expected, path
        page.locator("section.timeline").screenshot(path=str(shot_path(name)))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/people/stephen-biegun/")
    page.locator("section.timeline").scroll_into_view_if_needed()
    assert page.locator("svg.timeline-chart").bounding_box()["width"] <= PHONE["width"]
    shot(page, "person-timeline-phone", full_page=False)
    assert refused == []


def test_a_cached_page_travels_compressed_and_draws_as_the_page_rendered(page, live_server, contacts, settings):
    """With the page cache on (as deployed), Chromium is sent the kept gzip copy of a timeline page and draws it as
    the one rendered for it: the same bars, the same links."""
    settings.PAGE_CACHE_SECONDS = 300
    page.set_viewport_size(DESKTOP)
    first = page.goto(f"{live_server.url}/people/stephen-biegun/")
    again = page.goto(f"{live_server.url}/people/stephen-biegun/")  # from the cache
    assert first.headers.get("content-encoding") == again.headers.get("content-encoding") == "gzip"
    assert page.locator("svg.timeline-chart rect.bar").count() == 3
    page.locator("svg.timeline-chart").get_by_role("link", name="May 2019: 2 held", exact=True).click()
    page.wait_for_url("**/meetings/?*date_from=2019-05*")
    assert page.locator("table.list tbody tr").count() == 2


def shot_path(name: str):
    from meetings.tests.test_browser_pages import SCREENSHOTS

    return SCREENSHOTS / f"{name}.png"


def test_the_network_draws_a_node_per_person_and_a_click_opens_their_page(page, live_server, contacts):
    refused = refused_by_policy(page)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/network/")
    assert page.locator("svg.network circle.node").count() == 4  # the rejected meeting adds nobody
    # Biegun met each of the three: three ties, one of them (Kim) held twice.
    assert page.locator("svg.network .edges line").count() == 3
    shot(page, "network")
    page.goto(f"{live_server.url}/network/?kind=working_group")
    assert page.locator("svg.network circle.node").count() == 2
    page.locator('svg.network a[aria-label="Lee Do-hoon"]').click()
    page.get_by_role("heading", name="Lee Do-hoon", level=1).wait_for()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/network/")
    assert not page.get_by_label("Country", exact=True).is_visible()  # results show: the filters are folded
    shot(page, "network-phone", full_page=False)
    assert refused == []


def test_a_phone_with_filters_in_use_shows_the_first_result_on_the_first_screen(page, live_server, contacts):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/meetings/?country=KR&kind=meeting")
    assert not page.get_by_label("Country", exact=True).is_visible()  # folded once results show
    assert page.get_by_text("Filters (2 in use)").is_visible()
    first = page.locator("table.list tbody tr").first
    assert first.bounding_box()["y"] < PHONE["height"]
    shot(page, "meetings-filtered-phone", full_page=False)
    # An error, or nothing found, keeps the form open: the next step is in it.
    page.goto(f"{live_server.url}/meetings/?date_from=2020&date_to=2019")
    assert page.get_by_label("From", exact=True).is_visible() and page.get_by_role("alert").is_visible()
    shot(page, "meetings-error-phone", full_page=False)
    page.goto(f"{live_server.url}/meetings/?date_from=2001&date_to=2001")
    assert page.get_by_label("From", exact=True).is_visible()


def test_dark_mode_follows_the_system_and_print_leaves_out_the_controls(page, live_server, contacts):
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/people/stephen-biegun/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 23, 30)"
    table = page.evaluate("getComputedStyle(document.querySelector('table.list')).backgroundColor")
    assert table == "rgb(26, 33, 43)"
    shot(page, "person-dark")
    page.goto(f"{live_server.url}/network/")
    shot(page, "network-dark")
    page.emulate_media(color_scheme="light", media="print")
    page.goto(f"{live_server.url}/meetings/?country=KR")
    assert not page.locator("details.filter-panel").is_visible()
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert page.locator("table.list tbody tr").first.is_visible()
    shot(page, "meetings-print")


def test_a_network_of_thousands_of_people_is_drawn_and_usable(page, live_server):
    """2,000 people in 3,000 meetings across six countries: every person drawn, a node still opens its page."""
    import datetime as dt
    import time

    from meetings.models import Meeting, Participation, Person

    sides = ["KR", "US", "KP", "JP", "CN", "RU"]
    people = Person.objects.bulk_create(
        Person(name=f"Official {i:04d}", slug=f"official-{i:04d}", country=sides[i % 6]) for i in range(2000)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(title=f"Talks {i}", date=dt.date(2015, 1, 1) + dt.timedelta(days=i % 3000)) for i in range(3000)
    )
    Participation.objects.bulk_create(
        Participation(meeting=m, person=people[p], country=people[p].country)
        for i, m in enumerate(meetings)
        for p in {i % 2000, (i * 7 + 3) % 2000, (i // 3) % 40}
    )
    page.set_viewport_size(DESKTOP)
    started = time.perf_counter()
    page.goto(f"{live_server.url}/network/")
    loaded = time.perf_counter() - started
    assert page.locator("svg.network circle.node").count() == 2000
    assert page.locator("svg.network .group-label").count() == 6
    assert loaded < 10, loaded  # laid out, rendered and drawn (a shared CI machine: generous)
    shot(page, "network-2000", full_page=False)
    page.locator("figure.network-figure").screenshot(path=str(shot_path("network-2000-picture")))
    page.locator('svg.network a[aria-label="Official 0007"]').scroll_into_view_if_needed()
    page.locator('svg.network a[aria-label="Official 0007"]').click(force=True)
    page.get_by_role("heading", name="Official 0007", level=1).wait_for()


@pytest.fixture
def nine_countries():
    """A Korean minister's contacts with officials of eight other countries, a country a month in 2019
    (one planned, one cancelled): nine countries in the data, enough for the country boxes to be narrowed."""
    import datetime as dt

    from meetings.tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", country="KR")
    others = ["US", "KP", "JP", "CN", "RU", "MN", "VN", "GB"]
    for month, code in enumerate(others, start=1):
        counterpart = PersonFactory(name=f"Envoy of {code}", slug=f"envoy-{code.lower()}", country=code)
        status = {"MN": "planned", "VN": "cancelled"}.get(code, "held")
        for day in (3, 17)[: 2 if code == "US" else 1]:
            meeting = MeetingFactory(title=f"Kang and {code}", date=dt.date(2019, month, day), status=status)
            ParticipationFactory(meeting=meeting, person=kang, country="KR")
            ParticipationFactory(meeting=meeting, person=counterpart, country=code)
    return others


def test_a_timeline_stacked_by_country_draws_a_coloured_bar_per_month_and_country(page, live_server, nine_countries):
    refused = refused_by_policy(page)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/people/kang/")
    page.get_by_role("link", name="country", exact=True).click()
    page.wait_for_url("**/people/kang/?stack=country*")
    bars = page.locator("svg.timeline-chart rect.bar")
    assert bars.count() == 8  # one month each, one country each
    # Six countries have a colour of their own (the US, busiest, first, then by name); two share "other countries".
    legend = page.locator("figcaption .key").all_inner_texts()
    assert legend[:7] == [
        "United States of America",
        "China",
        "Japan",
        "Mongolia",
        "North Korea",
        "Russia",
        "other countries",
    ]
    fills = {bars.nth(i).evaluate("b => getComputedStyle(b).fill") for i in range(8)}
    assert len(fills) == 7
    # Planned pale, cancelled hollow: their fill is see-through.
    planned = page.locator("svg.timeline-chart rect.bar.planned")
    assert planned.count() == 1 and planned.evaluate("b => getComputedStyle(b).fillOpacity") == "0.4"
    shot(page, "person-timeline-by-country")
    us = page.locator("svg.timeline-chart").get_by_role("link", name="January 2019, United States of America: 2 held")
    assert us.locator("rect.bar").count() == 1  # the month's American contacts, all held: one bar
    us.click()
    page.wait_for_url("**/meetings/?*country_mode=only*")
    assert page.locator("table.list tbody tr").count() == 2
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/people/kang/?stack=country")
    page.locator("section.timeline").scroll_into_view_if_needed()
    assert page.locator("svg.timeline-chart").bounding_box()["width"] <= PHONE["width"]
    shot(page, "person-timeline-by-country-phone", full_page=False)
    assert refused == []


def test_the_country_boxes_narrow_as_the_reader_types_and_enter_ticks_the_one_left(page, live_server, nine_countries):
    refused = refused_by_policy(page)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/meetings/")
    group = page.get_by_role("group", name="Country")
    assert group.locator("label:visible").count() == 9
    narrow = page.get_by_label("Narrow the list of countries")
    narrow.fill("jap")
    assert group.locator("label:visible").all_inner_texts() == ["Japan"]
    narrow.press("Enter")
    assert group.get_by_label("Japan").is_checked() and narrow.input_value() == ""
    narrow.fill("korea")
    assert sorted(t.strip() for t in group.locator("label:visible").all_inner_texts()) == [
        "Japan",  # ticked: stays in view
        "North Korea",
        "South Korea",
    ]
    group.get_by_label("North Korea").check()
    shot(page, "country-boxes-narrowed", full_page=False)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/meetings/?*")
    assert "country=JP" in page.url and "country=KP" in page.url
    # Two countries: the chips say "either" and offer "both".
    assert page.locator(".country-mode strong").inner_text() == "either"
    page.locator(".country-mode").get_by_role("link", name="both").click()
    page.wait_for_url("**country_mode=all*")
    assert page.get_by_text("No meetings match").is_visible()  # no contact of Japan with North Korea here
    assert refused == []
