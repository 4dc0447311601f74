"""Dates resolved against the date line, at the precision the text gives."""

import datetime as dt

import pytest

from meetings.extraction.dates import find_dates, resolve_relative_date
from meetings.extraction.records import ResolvedDate

FRIDAY = dt.date(2019, 5, 10)


@pytest.mark.parametrize(
    "text, future, expected, precision",
    [
        ("said on Friday", False, "2019-05-10", "day"),  # the article's own Friday, not the week before
        ("met on Tuesday", False, "2019-05-07", "day"),
        ("is set to meet on Sunday", True, "2019-05-12", "day"),  # the future tense points forward
        ("Thursday's missile test", False, "2019-05-09", "day"),
        ("in Seoul until Saturday", False, "2019-05-11", "day"),
        ("met in March", False, "2019-03-01", "month"),  # a month stays a month
        ("met in June", False, "2018-06-01", "month"),  # after the date line: last year's June
        ("will meet in June", True, "2019-06-01", "month"),
        ("met last year", False, "2018-01-01", "year"),
        ("met last month", False, "2019-04-01", "month"),
        ("earlier this month", False, "2019-05-01", "month"),
        ("a week ago", False, "2019-05-03", "week"),
        ("Today's session", False, "2019-05-10", "day"),
        ("met on Oct. 23, 2017", False, "2017-10-23", "day"),
        ("dinner on Mar. 16", False, "2019-03-16", "day"),
        ("the May 26 summit", False, "2018-05-26", "day"),  # 26 May is after the date line: last year's
        ("held in Pyongyang in June 2000", False, "2000-06-01", "month"),
        ("February's summit", False, "2019-02-01", "month"),
        ("last October", False, "2018-10-01", "month"),
    ],
)
def test_resolve_relative_date(text, future, expected, precision):
    resolved = resolve_relative_date(text, published=FRIDAY, future=future)
    assert (resolved.value.isoformat(), resolved.precision) == (expected, precision)


def test_months_named_together_with_last_year_are_each_last_years():
    [mention] = find_dates("They also met in October and December last year.", published=FRIDAY)
    assert [(d.value.isoformat(), d.precision) for d in mention.dates] == [
        ("2018-10-01", "month"),
        ("2018-12-01", "month"),
    ]


def test_no_date_in_plain_text():
    assert resolve_relative_date("The two sides agreed to cooperate.", published=FRIDAY) is None
    assert find_dates("for 80 minutes from 1500 local time", published=FRIDAY) == []


def test_days_next_to_the_story_and_weekends():
    assert resolve_relative_date("a day before", published=FRIDAY) == ResolvedDate(dt.date(2019, 5, 9), "day")
    assert resolve_relative_date("the day before", published=FRIDAY) == ResolvedDate(dt.date(2019, 5, 9), "day")
    assert resolve_relative_date("the next day", published=FRIDAY) == ResolvedDate(dt.date(2019, 5, 11), "day")
    assert resolve_relative_date("over the weekend", published=FRIDAY) == ResolvedDate(dt.date(2019, 5, 4), "week")
    assert resolve_relative_date("this weekend", published=FRIDAY, future=True) == ResolvedDate(
        dt.date(2019, 5, 11), "week"
    )


def test_the_tense_says_which_way_a_weekday_points():
    assert resolve_relative_date("on Sunday", published=FRIDAY, tense="future").value == dt.date(2019, 5, 12)
    assert resolve_relative_date("on Sunday", published=FRIDAY, tense="past").value == dt.date(2019, 5, 5)


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        ("their Christmas Eve meeting", dt.date(2019, 12, 20), True, dt.date(2019, 12, 24)),
        ("they met on Christmas Day", dt.date(2020, 1, 3), False, dt.date(2019, 12, 25)),
        ("a New Year’s Day message", dt.date(2019, 12, 28), True, dt.date(2020, 1, 1)),
        ("on New Year's Eve", dt.date(2021, 1, 4), False, dt.date(2020, 12, 31)),
    ],
)
def test_fixed_holidays_are_days_on_the_right_side_of_the_date_line(text, published, future, expected):
    [mention] = find_dates(text, published=published, future=future)
    assert mention.dates == (ResolvedDate(expected, "day"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Foreign Minister Lee Jun-ho met his counterpart.", []),  # a name's syllable, not June
        ("British Prime Minister Theresa May met the envoy.", []),  # a surname, not the month
        ("The envoys met at Mar-a-Lago.", []),
        ("The envoys met in May.", [(dt.date(2023, 5, 1), "month")]),
        ("The envoys met July, officials said.", [(dt.date(2023, 7, 1), "month")]),
        ("The envoys met on Jun. 5.", [(dt.date(2023, 6, 5), "day")]),  # with its day, an abbreviation is a month
    ],
)
def test_a_months_name_alone_may_be_a_name(text, expected):
    found = [(d.value, d.precision) for m in find_dates(text, published=dt.date(2023, 8, 17)) for d in m.dates]
    assert found == expected
