"""Honest empty states: a filter that cannot be applied says why, and is never shown as "nothing matches"."""

import datetime as dt

import pytest

from meetings.tests.factories import MeetingFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    m = MeetingFactory(title="Biegun – Kang meeting", date=dt.date(2019, 5, 10))
    ParticipationFactory(meeting=m)
    return m


@pytest.mark.parametrize(
    "query, message",
    [
        ("date_from=2019-02-30", "2019-02-30 is not a date."),
        ("person=nobody-at-all", "Nothing is recorded as nobody-at-all"),
        ("sort=password", "“password” is not a column this list sorts by: date, kind, status, location, title"),
        ("date_from=2020&date_to=2019", "From (2020) is after To (2019): no date is in both."),
        ("kind=dinner", "Select a valid choice. dinner is not one of the available choices."),
    ],
)
def test_an_invalid_filter_shows_why_and_no_misleading_empty_list(client, meeting, query, message):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    summary = page.split('<div class="filter-errors" role="alert">')[1].split("</div>")[0]
    assert "These filters could not be applied" in summary and message in summary
    assert "No meetings match" not in page and "<strong>0</strong> meetings" not in page
    assert "Export CSV" not in page and meeting.title not in page
    assert '<a href="?">Clear all filters</a>' in summary


@pytest.mark.parametrize(
    "query, reason",
    [
        ("date_from=2019-02-30", "date_from: 2019-02-30 is not a date."),
        ("sort=password", "sort: “password” is not a column this list sorts by"),
        ("date_from=2020-03&date_to=2020-01", "filters: From (2020-03) is after To (2020-01)"),
        ("country=XX", "country: Select a valid choice. XX is not one of the available choices."),
    ],
)
def test_the_csv_of_an_invalid_filter_answers_400_with_the_reason(client, meeting, query, reason):
    response = client.get(f"/meetings/export.csv?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("The filters could not be applied; nothing was exported.") and reason in body


@pytest.mark.parametrize(
    "url",
    [
        "/readouts/?date_from=2020&date_to=2019",
        "/articles/?date_from=2020&date_to=2019",
        "/people/?sort=password",
        "/organizations/?sort=password",
    ],
)
def test_every_list_says_why_its_filters_fail(client, meeting, url):
    page = client.get(url).content.decode()
    assert "These filters could not be applied" in page and "match." not in page
    list_url, query = url.split("?")
    assert client.get(f"{list_url}export.csv?{query}").status_code == 400


def test_a_range_of_one_day_is_no_error(client, meeting):
    page = client.get("/meetings/?date_from=2019-05-10&date_to=2019-05-10").content.decode()
    assert "could not be applied" not in page and meeting.title in page


def test_a_valid_filter_that_matches_nothing_says_so(client, meeting):
    page = client.get("/meetings/?date_from=2001&date_to=2002").content.decode()
    assert "No meetings match." in page and "<strong>0</strong> meetings" in page
    assert client.get("/meetings/export.csv?date_from=2001&date_to=2002").status_code == 200


def test_the_api_refuses_a_backwards_range_as_the_page_does(client, meeting):
    response = client.get("/api/meetings/?date_from=2020&date_to=2019")
    assert response.status_code == 400 and "is after To" in response.content.decode()
