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
    assert parse_qs(urlparse(held.href).query) == {
        "person": ["kang"],
        "date_from": ["2019-05"],
        "date_to": ["2019-05"],
        "status": ["held"],
    }
    assert held.label == "May 2019: 3 held"


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
    return re.findall(r'<a href="([^"]+)" aria-label="[^"]+"><rect class="bar (\w+)"', page)


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
    assert re.findall(r'data-label="Month" class="nowrap">([^<]+)<', table) == ["June 2019", "May 2019", "March 2019"]
    assert ">2</a></td>" in table  # March's held contacts, linked


def test_the_pair_filter_means_contacts_between_the_countries(client, history):
    only = MeetingFactory(title="Korea alone", date=dt.date(2019, 3, 6))
    ParticipationFactory(meeting=only, country="KR")
    both = client.get("/meetings/?country=KR&country=US&country_mode=all").context["object_list"]
    either = client.get("/meetings/?country=KR&country=US").context["object_list"]
    assert "Korea alone" not in [m.title for m in both] and "Korea alone" in [m.title for m in either]
    page = client.get("/meetings/?country=KR&country=US&country_mode=all").content.decode()
    assert "With the countries: <strong>all of them (contacts between)</strong>" in page


def test_a_page_without_dated_contacts_says_so(client):
    PersonFactory(slug="nobody")
    assert "No contact dated to a month yet" in client.get("/people/nobody/").content.decode()


def test_the_month_object_names_its_parameter():
    assert Month(dt.date(2019, 5, 1)).param == "2019-05"
