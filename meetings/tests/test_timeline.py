"""Contacts per month: binning, the chart's bars and links, the table beside it, on every page that has one."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest

from meetings.tests.factories import MeetingFactory, OrganizationFactory, ParticipationFactory, PersonFactory
from meetings.timeline import MIN_BAR, WIDTH, Month, bin_by_month, chart

pytestmark = pytest.mark.django_db


def test_months_are_binned_with_gaps_and_year_dates_are_kept_out():
    rows = [
        (dt.date(2019, 1, 1), "held", "day", 2),
        (dt.date(2019, 1, 1), "planned", "month", 1),
        (dt.date(2019, 4, 1), "cancelled", "week", 1),
        (dt.date(2019, 1, 1), "held", "year", 5),  # dated only to 2019: in no month
        (None, "held", "day", 1),  # no date
    ]
    timeline = bin_by_month(rows)
    assert [m.start for m in timeline.months] == [dt.date(2019, m, 1) for m in (1, 2, 3, 4)]
    assert [(m.held, m.planned, m.cancelled) for m in timeline.months] == [(2, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1)]
    assert (timeline.unplaced, timeline.total, timeline.busiest) == (6, 4, 3)
    assert [m.label for m in timeline.with_contacts] == ["April 2019", "January 2019"]
    assert bin_by_month([(dt.date(2018, 12, 1), "held", "day", 1), (dt.date(2019, 1, 1), "held", "day", 1)]).months[
        -1
    ].start == dt.date(2019, 1, 1)


def test_bars_stack_by_status_and_link_to_their_month_and_status():
    timeline = bin_by_month([(dt.date(2019, 5, 1), "held", "day", 3), (dt.date(2019, 5, 1), "planned", "day", 1)])
    drawn = chart(timeline, list_url="/meetings/", base={"person": "kang"})
    held, planned = drawn.bars
    assert (held.status, planned.status) == ("held", "planned")
    assert held.y + held.height == pytest.approx(drawn.baseline) and planned.y + planned.height == pytest.approx(held.y)
    assert held.height == pytest.approx(3 * planned.height)
    held_link, planned_link = drawn.links  # a link a status
    assert held_link.bars == (held,) and planned_link.bars == (planned,)
    assert parse_qs(urlparse(held_link.href).query) == {
        "person": ["kang"],
        "date_from": ["2019-05"],
        "date_to": ["2019-05"],
        "status": ["held"],
    }
    assert held_link.label == "May 2019: 3 held"


def test_a_long_history_keeps_every_month_at_a_clickable_width():
    months = [(dt.date(1990 + i // 12, i % 12 + 1, 1), "held", "day", 1) for i in range(12 * 30)]
    drawn = chart(bin_by_month(months), list_url="/meetings/")
    assert len(drawn.bars) == 360 and min(b.width for b in drawn.bars) >= MIN_BAR - 0.01
    assert drawn.width > WIDTH and not drawn.fits
    # A year is at least 12 minimal slots wide, room for its label: year labels never overlap.
    assert len(drawn.ticks) == 30 and all(b.x - a.x >= 40 for a, b in zip(drawn.ticks, drawn.ticks[1:], strict=False))
    assert chart(bin_by_month(months[: 12 * 10]), list_url="/meetings/").fits  # ten years fit the page


@pytest.fixture
def history():
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", country="KR")
    biegun = PersonFactory(name="Stephen Biegun", slug="biegun", country="US")
    mofa = OrganizationFactory(slug="kr-mofa", country="KR")

    def contact(date, status="held", precision="day"):
        meeting = MeetingFactory(date=date, status=status, date_precision=precision)
        ParticipationFactory(meeting=meeting, person=kang, organization=mofa, country="KR")
        ParticipationFactory(meeting=meeting, person=biegun, country="US")

    contact(dt.date(2019, 3, 1), precision="month")
    contact(dt.date(2019, 3, 20))
    contact(dt.date(2019, 5, 10), status="planned")
    contact(dt.date(2019, 6, 2), status="cancelled")
    contact(dt.date(2019, 1, 1), precision="year")
    return kang


def bars(page: str) -> list[tuple[str, str]]:
    """(link, status) of each bar of a chart stacked by status: a link a bar."""
    return re.findall(r'<a href="([^"]+)"><title>[^<]+</title><rect class="bar (\w+)"[^>]*/></a>', page)


@pytest.mark.parametrize(
    "url, base",
    [
        ("/", {}),
        ("/people/kang/", {"person": ["kang"]}),
        ("/organizations/kr-mofa/", {"organization": ["kr-mofa"]}),
        ("/countries/KR/", {"country": ["KR"]}),
        ("/countries/KR/US/", {"country": ["KR", "US"], "country_mode": ["all"]}),
    ],
)
def test_every_timeline_page_draws_a_bar_per_month_and_status_linking_to_the_filtered_list(client, history, url, base):
    page = client.get(url).content.decode()
    drawn = bars(page)
    assert [status for _, status in drawn] == ["held", "planned", "cancelled"]
    href, _ = drawn[0]
    assert parse_qs(urlparse(href.replace("&amp;", "&")).query) == {
        **base,
        "date_from": ["2019-03"],
        "date_to": ["2019-03"],
        "status": ["held"],
    }
    # The bar's link lists exactly the contacts it counts.
    listed = client.get(href.replace("&amp;", "&")).context["object_list"]
    assert len(listed) == 2
    assert "1 contact dated only to a year, or not dated, is in no month" in page
    table = page.split('<div class="timeline-table">')[1].split("</table>")[0]
    assert re.findall(r'<th scope="row" class="nowrap">([^<]+)<', table) == ["June 2019", "May 2019", "March 2019"]
    assert ">2</a></td>" in table  # March's held contacts, linked


def test_the_pair_filter_means_contacts_between_the_countries(client, history):
    only = MeetingFactory(title="Korea alone", date=dt.date(2019, 3, 6))
    ParticipationFactory(meeting=only, country="KR")
    both = client.get("/meetings/?country=KR&country=US&country_mode=all").context["object_list"]
    either = client.get("/meetings/?country=KR&country=US").context["object_list"]
    assert "Korea alone" not in [m.title for m in both] and "Korea alone" in [m.title for m in either]
    page = client.get("/meetings/?country=KR&country=US&country_mode=all").content.decode()
    either = '<a href="?country=KR&amp;country=US" title="contacts with an official of any of them">either</a>'
    assert f"Countries: {either}" in page
    assert '<strong aria-current="true">both</strong> <span class="meaning">(contacts between them)</span>' in page


def test_a_page_without_dated_contacts_says_so(client):
    PersonFactory(slug="nobody")
    assert "No contact dated to a month yet" in client.get("/people/nobody/").content.decode()


def test_the_month_object_names_its_parameter():
    assert Month(dt.date(2019, 5, 1)).param == "2019-05"


def _listed(client, href: str) -> list:
    return list(client.get(href.replace("&amp;", "&")).context["object_list"])


def group_links(page: str) -> dict[str, tuple[str, list[str]]]:
    """Each link of a chart stacked by kind or country by its label: its address and its bars' statuses."""
    links = re.findall(r'<a href="([^"]+)"><title>([^<]+)</title>((?:<rect class="bar \w+ g\d"[^>]*/>)+)</a>', page)
    return {label: (href, re.findall(r'class="bar (\w+) g\d"', bars)) for href, label, bars in links}


@pytest.fixture
def trips(history):
    """Kang's contacts with the American (March to June 2019, see history), a Japanese phone call in March,
    and a trilateral summit with both in March."""
    kang = history
    suga = PersonFactory(name="Suga Yoshihide", slug="suga", country="JP")
    biegun = PersonFactory._meta.model.objects.get(slug="biegun")
    call = MeetingFactory(date=dt.date(2019, 3, 12), kind="phone_call", title="Kang and Suga call")
    ParticipationFactory(meeting=call, person=kang, country="KR")
    ParticipationFactory(meeting=call, person=suga, country="JP")
    summit = MeetingFactory(date=dt.date(2019, 3, 28), kind="summit", title="Trilateral")
    for person in (kang, suga, biegun):
        ParticipationFactory(meeting=summit, person=person, country=person.country)
    return kang


def test_a_person_timeline_stacks_by_counterpart_country_and_each_bar_lists_what_it_counts(client, trips):
    page = client.get("/people/kang/?stack=country").content.decode()
    assert '<strong aria-current="true">country</strong>' in page
    caption = page.split("<figcaption>")[1].split("</figcaption>")[0]
    # Kang's own country is no counterpart; the trilateral is one contact, with "several countries".
    keys = re.findall(r'class="key g\d">([^<]+)<', caption)
    assert keys == ["United States of America", "Japan", "several countries"]
    links = group_links(page)
    march = {label: href for label, (href, _) in links.items() if label.startswith("March 2019")}
    assert set(march) == {
        "March 2019, United States of America: 2 held",
        "March 2019, Japan: 1 held",
        "March 2019, several countries: 1 held",
    }
    assert [m.title for m in _listed(client, march["March 2019, Japan: 1 held"])] == ["Kang and Suga call"]
    us = parse_qs(urlparse(march["March 2019, United States of America: 2 held"].replace("&amp;", "&")).query)
    # Contacts with Americans and no other country's official (Kang's own Korea aside): the two it counts, whatever
    # their status (as the table's cell for the country and month).
    assert (us["person"], us["country"], us["country_mode"]) == (["kang"], ["KR", "US"], ["only"])
    assert "status" not in us
    assert len(_listed(client, march["March 2019, United States of America: 2 held"])) == 2
    # Planned and cancelled keep their own bars, told apart by their fill, in the country's colour.
    assert links["May 2019, United States of America: 1 planned"][1] == ["planned"]
    assert links["June 2019, United States of America: 1 cancelled"][1] == ["cancelled"]
    # The table beside it has a column per country, each count linked.
    table = page.split('<div class="timeline-table">')[1].split("</table>")[0]
    assert re.findall(r'<th scope="col"><span class="key g\d">([^<]+)</span></th>', table) == [
        "United States of America",
        "Japan",
        "several countries",
    ]
    march_row = table.split("March 2019</th>")[1].split("</tr>")[0]
    assert re.findall(r">(\d+)(?:</a>)?</td>", march_row) == ["2", "1", "1", "4", "0", "0", "4"]


def test_a_timeline_stacks_by_kind_with_links_to_each_kind(client, trips):
    page = client.get("/people/kang/?stack=kind").content.decode()
    march = {label: href for label, (href, _) in group_links(page).items() if label.startswith("March 2019")}
    assert set(march) == {"March 2019, Meeting: 2 held", "March 2019, Phone call: 1 held", "March 2019, Summit: 1 held"}
    assert [m.title for m in _listed(client, march["March 2019, Summit: 1 held"])] == ["Trilateral"]


def test_the_country_pages_stack_by_the_other_country_and_the_home_page_by_pair(client, trips):
    page = client.get("/countries/KR/?stack=country").content.decode()
    japan, _ = group_links(page)["March 2019, Japan: 1 held"]
    # Korea's own page: Japan's bar lists the contacts between Korea and Japan alone, not those with either.
    query = parse_qs(urlparse(japan.replace("&amp;", "&")).query)
    assert (query["country"], query["country_mode"]) == (["KR", "JP"], ["only"])
    assert [m.title for m in _listed(client, japan)] == ["Kang and Suga call"]
    home = client.get("/?stack=country").content.decode()
    assert {"March 2019, Japan–South Korea: 1 held", "March 2019, three or more countries: 1 held"} <= set(
        group_links(home)
    )


def test_a_country_pair_stacks_by_kind_but_not_by_country(client, trips):
    page = client.get("/countries/KR/US/?stack=country").content.decode()
    assert "Stacked by <strong" in page and "?stack=country" not in page
    assert [status for _, status in bars(page)] == ["held", "planned", "cancelled"]  # the default, by status
    assert "?stack=kind#timeline-heading" in page


def test_the_stacked_chart_reads_without_javascript_and_names_the_fills(client, trips):
    page = client.get("/?stack=kind").content.decode()
    assert '<span class="key held-fill">held</span>' in page and '<span class="key cancelled-fill">' in page
    assert "<script" not in page.split('<section class="timeline"')[1].split("</section>")[0]


def test_the_only_mode_lists_contacts_between_the_countries_and_no_other(client, trips):
    def titles(query):
        return sorted(m.title for m in _listed(client, "/meetings/?" + query))

    assert "Trilateral" in titles("country=KR&country=JP&country_mode=all")
    assert titles("country=KR&country=JP&country_mode=only") == ["Kang and Suga call"]
    page = client.get("/meetings/?country=KR&country=JP&country_mode=only").content.decode()
    assert "only them (no other country)" in page


def test_a_country_pairs_history_matches_a_direct_count_of_its_contacts(client):
    """The pair page reads its years, totals and timeline from one aggregate: each figure must be what counting the
    pair's public contacts directly gives (rejected, retired and one-sided meetings left out)."""
    from meetings.tests.pair_figures import assert_page_counts_directly

    def contact(countries, **fields):
        meeting = MeetingFactory(**fields)
        for code in countries:
            ParticipationFactory(meeting=meeting, country=code)
        return meeting

    for i, (status, kind, precision) in enumerate(
        [
            ("held", "meeting", "day"),
            ("held", "summit", "month"),
            ("planned", "meeting", "week"),
            ("cancelled", "phone_call", "day"),
            ("held", "meeting", "year"),
            ("held", "letter", "day"),
        ]
        * 3
    ):
        day = dt.date(2017 + i % 4, 1 + i % 12, 1 + i)
        # A month or a year is stored as its first day.
        day = {"month": day.replace(day=1), "year": day.replace(month=1, day=1)}.get(precision, day)
        contact(
            ["KR", "US"],
            date=day,
            status=status,
            kind=kind,
            date_precision=precision,
        )
    contact(["KR", "US", "US"], date=dt.date(2019, 2, 3))  # two US officials: one contact
    contact(["KR", "US"], date=None, status="planned")
    contact(["KR", "US"], date=dt.date(2019, 2, 3), review_status="rejected")
    contact(["KR", "US"], date=dt.date(2019, 2, 3), retired_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    contact(["KR"], date=dt.date(2019, 2, 3))
    contact(["KR", "KP"], date=dt.date(2019, 2, 3))

    assert assert_page_counts_directly(client) == 20


def test_a_links_filter_keeps_every_character_of_the_pages_own_filter():
    """The links are built once per status and group and joined per month: a filter of the page whose text looks
    like the month's stand-in, or needs encoding, still reaches the list as it was, beside the month and status."""
    rows = [(dt.date(2019, 3, 1), "held", "day", "US", 2), (dt.date(2019, 5, 1), "planned", "day", "JP", 1)]
    base = {"q": "%MONTH% & Kim 100%", "country": "KR"}
    by_country = chart(bin_by_month(rows, stack="country", own_countries=["KR"]), list_url="/meetings/", base=base)
    for link in by_country.links:
        month = "2019-03" if link.label.startswith("March") else "2019-05"
        country = "JP" if "Japan" in link.label else "US"
        assert parse_qs(urlparse(link.href).query) == {
            "q": ["%MONTH% & Kim 100%"],
            "country": ["KR", country],
            "country_mode": ["only"],
            "date_from": [month],
            "date_to": [month],
        }
    by_status = chart(bin_by_month([row[:3] + row[4:] for row in rows]), list_url="/meetings/", base=base)
    for link in by_status.links:
        month = "2019-03" if link.label.startswith("March") else "2019-05"
        assert parse_qs(urlparse(link.href).query) == {
            "q": ["%MONTH% & Kim 100%"],
            "country": ["KR"],
            "date_from": [month],
            "date_to": [month],
            "status": [link.bars[0].status],
        }
    assert len(by_country.links) == len(by_status.links) == 2


def test_a_stacked_chart_links_a_month_and_group_once_and_keeps_its_bars_in_their_statuses_places():
    rows = [
        (dt.date(2019, 5, 1), "held", "day", "US", 2),
        (dt.date(2019, 5, 1), "held", "day", "JP", 1),
        (dt.date(2019, 5, 1), "planned", "day", "US", 1),
        (dt.date(2019, 5, 1), "cancelled", "day", "JP", 1),
    ]
    drawn = chart(bin_by_month(rows, stack="country", own_countries=["KR"]), list_url="/meetings/")
    us, japan = drawn.links  # the busiest group first
    assert us.label == "May 2019, United States of America: 2 held, 1 planned"
    assert japan.label == "May 2019, Japan: 1 held, 1 cancelled"
    assert parse_qs(urlparse(us.href).query) == {
        "country": ["KR", "US"],  # the contacts between Korea (the subject's own) and the United States alone
        "country_mode": ["only"],
        "date_from": ["2019-05"],
        "date_to": ["2019-05"],
    }
    # Held at the bottom, every group's, then planned, then cancelled: a group's link holds bars apart.
    (us_held, us_planned), (japan_held, japan_cancelled) = us.bars, japan.bars
    assert us_held.y + us_held.height == pytest.approx(drawn.baseline)
    assert japan_held.y + japan_held.height == pytest.approx(us_held.y)
    assert us_planned.y + us_planned.height == pytest.approx(japan_held.y)
    assert japan_cancelled.y + japan_cancelled.height == pytest.approx(us_planned.y)
    assert {bar.group for bar in us.bars} == {0} and {bar.group for bar in japan.bars} == {1}
    assert [bar.status for bar in drawn.bars] == ["held", "planned", "held", "cancelled"]


# The counts PostgreSQL keeps on write that the timeline pages read (see meetings/timeline.py).
KEPT_COUNTS = (
    "meetings_countrycontacts",
    "meetings_paircontacts",
    "meetings_persontimeline",
    "meetings_officetimeline",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url",
    ["/", "/countries/KR/?stack=country", "/countries/KR/US/", "/countries/KR/US/?stack=kind", "/people/kang/"],
)
def test_a_timeline_is_read_once_a_data_version_and_shows_a_committed_contact_at_once(client, settings, history, url):
    """A page's contacts per month (and a pair's years and totals) are read from the counts PostgreSQL keeps on write
    once until the data changes: a second view, with no page cache, reads none of them, and once a write is committed
    the next view shows the new contact in its month. Committed here, as a reader's request sees the data
    (transaction=True); SQLite counts the meetings themselves, as often as TIMELINE_TTL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered afresh on every view

    def viewed() -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        table = page.split('<div class="timeline-table">')[1].split("</table>")[0]
        reads = sum(any(f'FROM "{kept}"' in q["sql"] for kept in KEPT_COUNTS) for q in captured.captured_queries)
        return re.findall(r'<th scope="row" class="nowrap">([^<]+)<', table), reads

    # One statement, or none on SQLite; stacked by country two: the groups' totals, then the months (named_sets).
    statements = (2 if "stack=country" in url else 1) if connection.vendor == "postgresql" else 0
    months, reads = viewed()
    assert months == ["June 2019", "May 2019", "March 2019"] and reads == statements
    assert viewed() == (months, 0)
    meeting = MeetingFactory(date=dt.date(2019, 9, 3), status="held")
    ParticipationFactory(meeting=meeting, person=history, country="KR")
    ParticipationFactory(meeting=meeting, person=PersonFactory(country="US"), country="US")
    if statements:
        assert viewed() == (["September 2019", *months], statements)
