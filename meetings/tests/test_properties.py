"""Properties over any input: the article reader and every public filter parameter.

Hypothesis generates the inputs (and shrinks a failing one to the smallest); the tests assert
what a user would notice: an article or one clear error, a page and never a server error.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.extraction.parsing import ArticleFormatError, ParsedArticle, parse_article
from meetings.filters import (
    ArticleFilterSet,
    MeetingFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    ReadOutFilterSet,
)

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
