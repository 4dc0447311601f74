"""Properties over any input: the article reader, dates, names, every public filter and every admin list filter.

Hypothesis generates the inputs (and shrinks a failing one to the smallest); the tests assert
what a user would notice: an article or one clear error, a page and never a server error.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.extraction.dates import MONTHS, WEEKDAYS, find_dates, resolve_relative_date, resolve_weekday
from meetings.extraction.parsing import ArticleFormatError, ParsedArticle, parse_article
from meetings.filters import (
    ArticleFilterSet,
    MeetingFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    ReadOutFilterSet,
)
from meetings.models import name_key

# Generated cases per property: enough to cover the input classes below on every run, few enough
# for the 2-core machine the suite shares.
EXAMPLES = 150

# --- The article reader --------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1"]


@st.composite
def article_like(draw) -> bytes:
    """Bytes that come close to an article: a date line of any digits, any text, in some encoding."""
    year, month, day = draw(st.integers(0, 9999)), draw(st.integers(0, 99)), draw(st.integers(0, 99))
    spaces = draw(st.sampled_from(["", " ", "  ", "\t"]))
    separator = draw(st.sampled_from(["", " ", "\n"]))
    text = draw(st.text(max_size=300))
    line = f"{spaces}date {year:04d}-{month:02d}-{day:02d}{spaces}{separator}{text}"
    return line.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.binary(max_size=400), article_like()))
def test_any_bytes_are_an_article_or_one_clear_error(raw):
    try:
        article = parse_article(raw)
    except ArticleFormatError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 300  # one line saying what is wrong
        return
    assert isinstance(article, ParsedArticle)
    assert dt.date(1800, 1, 1) <= article.published <= dt.date(2199, 12, 31)
    assert article.body.strip() and "\x00" not in article.body  # storable: PostgreSQL refuses NUL in text
    assert article.title and "\n" not in article.title


# --- Every public filter parameter ----------------------------------------------------------------

LISTS = {
    "/meetings/": MeetingFilterSet,
    "/readouts/": ReadOutFilterSet,
    "/people/": PersonFilterSet,
    "/organizations/": OrganizationFilterSet,
    "/articles/": ArticleFilterSet,
}
PARAMETERS = sorted({(path, name) for path, filterset in LISTS.items() for name in [*filterset.base_filters, "page"]})

# Strings that reach the database in odd ways, besides whatever Hypothesis invents.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "%",
        "_",
        "'",
        '"',
        "\\",
        "--",
        "2019-02-30",
        "9999-99-99",
        "0000",
        "-1",
        "1e309",
        "99999999999999999999999",
        "NaN",
        "KR,US",
        "-date,date",
        ",,,",
        "date,",
        ",-date",
        "ﾟ",
        "İ",
        "ß",
        "\u202e",
        "😀" * 50,
        "a" * 5000,
    ]
)
VALUES = st.one_of(TRICKY, st.text(max_size=60), st.from_regex(r"\A-?\d{1,6}(-\d{1,3}){0,2}\Z"))


@pytest.fixture
def some_records(db):
    from meetings.tests.factories import (
        ArticleFactory,
        EvidenceFactory,
        MeetingFactory,
        OrganizationFactory,
        ParticipationFactory,
        PersonFactory,
        ReadOutFactory,
    )

    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    meeting = MeetingFactory(title="Biegun – Kang meeting", date=dt.date(2019, 5, 10))
    ParticipationFactory(
        meeting=meeting,
        person=PersonFactory(name="Kang Kyung-wha", slug="kang-kyung-wha"),
        organization=mofa,
        country="KR",
    )
    ReadOutFactory(meeting=meeting, issuer=mofa)
    EvidenceFactory(meeting=meeting, article=ArticleFactory(slug="000_seed"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parameter=st.sampled_from(PARAMETERS), values=st.lists(VALUES, min_size=1, max_size=3), export=st.booleans())
def test_any_value_of_any_filter_gives_a_page_never_a_server_error(client, some_records, parameter, values, export):
    path, name = parameter
    client.raise_request_exception = False
    url = f"{path}export.csv" if export else path
    response = client.get(url, {name: values})
    # A page shows what it cannot apply; a CSV refuses it with the reason (400): never a server error.
    assert response.status_code == 200 or (export and response.status_code == 400), (url, name, values)
    if export and response.status_code == 200:
        b"".join(response.streaming_content)  # the rows stream to the end
    if export and response.status_code == 400:
        assert response.content.startswith(b"The filters could not be applied")


# --- Dates: the date line, and dates an article gives relative to it ------------------------------


@settings(max_examples=EXAMPLES, deadline=None)
@given(date=st.dates(), text=st.text(min_size=1, max_size=80).filter(str.strip))
def test_any_date_line_is_the_publication_date_or_one_error_naming_line_1(date, text):
    raw = f" date {date.year:04d}-{date.month:02d}-{date.day:02d} \n{text}".encode()
    try:
        article = parse_article(raw)
    except ArticleFormatError as exc:
        assert str(exc).startswith("line 1: ") or str(exc) in {
            "the article has a date line but no text",
            "the file is binary (it contains NUL bytes)",
        }
        assert not str(exc).startswith("line 1: ") or date.isoformat() in str(exc)  # names the date it refuses
        return
    assert article.published == date


PUBLISHED = st.dates(dt.date(1800, 1, 1), dt.date(2199, 12, 31))
# The words of date expressions, so that generated phrases are often dates and not only noise.
DATE_WORDS = st.sampled_from(
    [
        *WEEKDAYS,
        *MONTHS,
        "last",
        "next",
        "this",
        "week",
        "month",
        "year",
        "ago",
        "earlier",
        "later",
        "on",
        "in",
        "yesterday",
        "today",
        "tomorrow",
        "weekend",
        "early",
        "mid",
        "late",
        "of",
        "the",
        "two",
        "days",
        "3rd",
        "31",
        "1",
        "2019",
        "0",
        "9999",
        "Christmas",
        "New",
        "Year's",
        "Day",
        ",",
        ".",
    ]  # fmt: skip
)


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(
    words=st.lists(st.one_of(DATE_WORDS, DATE_WORDS.map(str.capitalize), st.text(max_size=8)), max_size=8),
    published=PUBLISHED,
    tense=st.sampled_from([None, "past", "present", "future"]),
)
def test_any_phrase_resolves_to_a_date_near_the_date_line_or_to_none(words, published, tense):
    text = " ".join(words)
    for mention in find_dates(text, published=published, future=tense == "future"):
        assert 0 <= mention.start < mention.end <= len(text)
        for resolved in mention.dates:
            assert resolved.precision in {"day", "week", "month", "year"}
    resolved = resolve_relative_date(text, published=published, tense=tense)
    if resolved is not None and not any(ch.isdigit() for ch in text):
        # Without a year written out, a date is read within a few years of the article's.
        assert abs(resolved.value.year - published.year) <= 10, (text, published, resolved)


@settings(max_examples=EXAMPLES, deadline=None)
@given(weekday=st.integers(0, 6), published=PUBLISHED, future=st.booleans())
def test_a_weekday_is_the_nearest_such_day_on_the_side_the_tense_says(weekday, published, future):
    date = resolve_weekday(weekday, published=published, future=future)
    assert date.weekday() == weekday
    days = (date - published).days
    assert (0 <= days <= 6) if future else (-6 <= days <= 0)


# --- Names: the key that folds spellings of one name together --------------------------------------


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(name=st.text(max_size=40), other=st.text(max_size=40))
def test_name_keys_fold_case_spaces_hyphens_and_accents_and_nothing_else(name, other):
    key = name_key(name)
    assert name_key(key) == key  # folded once is folded
    assert all(c.isalnum() for c in key)
    assert name_key(f"{name} {other}") == name_key(f"{name}-{other}") == name_key(f"{name}{other}")
    ascii_name = name.encode("ascii", "ignore").decode()
    assert name_key(ascii_name.upper()) == name_key(ascii_name.lower())


def test_name_keys_of_known_spellings_agree():
    assert name_key("Kim Jong-un") == name_key("kim jong un") == name_key("KIM JONG UN") == "kimjongun"
    assert name_key("Kang Kyung-wha") == name_key("Kang Kyung Wha")
    assert name_key("José Ramos-Horta") == name_key("Jose Ramos Horta")
    assert name_key("Moon Jae-in") != name_key("Moon Jae-yong")


# --- The admin's list filters --------------------------------------------------------------------


@pytest.fixture
def admin_lists(some_records, client):
    """Each admin list (its address) with the parameters its filters, search, sort and pages read."""
    from django.contrib import admin
    from django.test import RequestFactory

    from meetings.tests.factories import EditorFactory

    editor = EditorFactory(is_superuser=True)
    client.force_login(editor)
    client.raise_request_exception = False
    lists = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "meetings":
            continue
        path = f"/admin/meetings/{model._meta.model_name}/"
        request = RequestFactory().get(path)
        request.user = editor
        changelist = model_admin.get_changelist_instance(request)
        names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
        if model_admin.date_hierarchy:
            names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        lists.append((path, sorted(names | {"q", "o", "p", "all", "e"})))
    assert len(lists) >= 8 and any("review" in names for _, names in lists)
    return lists


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_of_any_admin_list_filter_gives_a_page_never_a_server_error(client, admin_lists, data):
    path, names = data.draw(st.sampled_from(admin_lists))
    parameters = data.draw(st.dictionaries(st.sampled_from(names), st.lists(VALUES, min_size=1, max_size=2)))
    response = client.get(path, parameters)
    # The list, the list saying the filter was wrong (Django's ?e=1), or a refusal of a NUL byte: never a 500.
    assert response.status_code in (200, 302, 400), (path, parameters, response.status_code)
