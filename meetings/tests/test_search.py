"""Search word by word: every word must be found somewhere, in any spelling the lexicon folds together, best first."""

import csv
import datetime as dt
import io
import json
import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import QueryDict

from meetings.models import Meeting, Person
from meetings.search import MAX_WORDS, meetings_matching, parse, spellings
from meetings.tests.factories import (
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
    create_in_bulk,
)
from meetings.tests.plans import plan_nodes, plan_without, sql_json_plan_without, sql_plan_without

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Hanoi and Singapore summits, Chung Eui-yong in Washington, and an unrelated Seoul meeting."""
    trump = PersonFactory(name="Donald Trump", slug="donald-trump", country="US", aliases=["Donald J. Trump"])
    kim = PersonFactory(
        name="Kim Jong Un", slug="kim-jong-un", country="KP", aliases=["Kim Jong-un", "Kim Jong-eun", "김정은"]
    )
    chung = PersonFactory(
        name="Chung Eui-yong",
        slug="chung-eui-yong",
        country="KR",
        aliases=["Chung Eui-young", "Jeong Eui-yong", "Chung Eui Yong", "정의용"],
    )
    bolton = PersonFactory(name="John Bolton", slug="john-bolton", country="US")
    moon = PersonFactory(name="Moon Jae-in", slug="moon-jae-in", country="KR")
    kcna = OrganizationFactory(name="Korean Central News Agency", slug="kp-kcna", country="KP")

    def meeting(title, date, people, location="", sentence=None, quote=None):
        m = MeetingFactory(title=title, date=date, location=location, kind="summit")
        for person in people:
            ParticipationFactory(meeting=m, person=person)
        if sentence:
            EvidenceFactory(meeting=m, sentence=sentence, end=len(sentence))
        if quote:
            ReadOutFactory(meeting=m, issuer=kcna, quotes=[quote])
        return m

    return {
        # The place is not stored; the word is in the source sentence only.
        "hanoi": meeting(
            "Trump – Kim summit",
            dt.date(2019, 2, 27),
            [trump, kim],
            sentence="Trump and Kim met in Hanoi for their second summit.",
        ),
        "singapore": meeting("Singapore summit", dt.date(2018, 6, 12), [trump, kim], location="Singapore"),
        "chung": meeting("Chung Eui-yong – John Bolton meeting", dt.date(2018, 3, 8), [chung, bolton], "Washington"),
        "moon": meeting(
            "Moon Jae-in – Kim Jong Un summit",
            dt.date(2018, 4, 27),
            [moon, kim],
            location="Panmunjom",
            quote="a new era of peace",
        ),
        "other": meeting("Envoys meet in Seoul", dt.date(2019, 5, 10), [bolton], location="Seoul"),
    }


def found(client, q: str) -> list[str]:
    response = client.get("/meetings/", {"q": q})
    assert response.status_code == 200
    return [m.title for m in response.context["object_list"]]


def test_every_word_must_match_somewhere_not_the_whole_phrase(client, world):
    # "Trump" and "Kim" are two participants: no field holds the phrase "Trump Kim".
    assert set(found(client, "Trump Kim")) == {"Trump – Kim summit", "Singapore summit"}
    assert found(client, "Trump Moon") == []  # each word, not any word
    assert found(client, "Kim peace") == ["Moon Jae-in – Kim Jong Un summit"]  # a participant and a quote


def test_a_word_in_the_source_sentence_finds_the_meeting(client, world):
    assert found(client, "Hanoi") == ["Trump – Kim summit"]
    assert found(client, "hanoi Trump") == ["Trump – Kim summit"]


def test_a_hangul_name_finds_the_persons_meetings(client, world):
    assert set(found(client, "김정은")) == {
        "Trump – Kim summit",
        "Singapore summit",
        "Moon Jae-in – Kim Jong Un summit",
    }
    assert found(client, "정의용") == ["Chung Eui-yong – John Bolton meeting"]


@pytest.mark.parametrize(
    "q",
    ["Jung Eui-yong", "Chung Eui Yong", "Jeong Euiyong", "Jong Ui Yong", "chung eui-yong", "JUNG EUI-YONG bolton"],
)
def test_romanization_variants_find_the_same_person(client, world, q):
    assert found(client, q) == ["Chung Eui-yong – John Bolton meeting"]


def test_names_typed_without_hyphens_or_spaces_are_folded(client, world):
    kim = {"Trump – Kim summit", "Singapore summit", "Moon Jae-in – Kim Jong Un summit"}
    assert set(found(client, "Jong-un")) == set(found(client, "Jongun")) == kim
    # Two words each match more ("Un" is in "Chung"), but the meetings of the name come first.
    assert set(found(client, "Jong Un")[:3]) == kim


def test_the_best_matches_come_first(client, world):
    # "Kim" is in the Moon summit's title and among its participants; the Singapore summit only has him
    # as a participant; the newest of equal matches comes first.
    assert found(client, "Kim summit") == [
        "Trump – Kim summit",
        "Moon Jae-in – Kim Jong Un summit",
        "Singapore summit",
    ]
    page = client.get("/meetings/", {"q": "Kim summit"}).content.decode()
    assert "best matches first" in page and 'aria-sort="descending"' not in page
    # A chosen order wins over relevance.
    by_date = client.get("/meetings/", {"q": "Kim summit", "sort": "date"}).context["object_list"]
    assert [m.title for m in by_date] == ["Moon Jae-in – Kim Jong Un summit", "Singapore summit", "Trump – Kim summit"]


def test_the_csv_has_the_rows_of_the_page_in_its_order(client, world):
    csv = b"".join(client.get("/meetings/export.csv", {"q": "Kim summit"}).streaming_content).decode("utf-8-sig")
    titles = [line.split(",")[6] for line in csv.splitlines()[1:]]
    assert titles == found(client, "Kim summit")


def test_punctuation_and_repeated_words_are_ignored_and_long_queries_say_what_was_left_out(client, world):
    assert parse("“Kim,” (Hanoi) kim").words == ["Kim", "Hanoi"]
    words = [f"w{i}" for i in range(MAX_WORDS + 2)]
    assert parse(" ".join(words)).ignored == words[MAX_WORDS:]
    page = client.get("/meetings/", {"q": " ".join(["summit"] + words[: MAX_WORDS + 1])}).content.decode()
    assert f"Only the first {MAX_WORDS} words were searched for" in page


def test_spellings_follow_the_lexicon():
    assert set(spellings("Jung")) == {"Chung", "Jeong", "Jong", "Jung"}
    assert {"Eui-yong", "Eui yong", "Euiyong", "ui-yong"} <= set(spellings("Eui-yong"))
    assert spellings("Hanoi") == ["Hanoi"]


def test_a_search_page_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        client.get("/meetings/", {"q": "Trump Kim"})
    for day in range(30):
        meeting = MeetingFactory(title=f"Kim meeting {day}", date=dt.date(2017, 1, 1) + dt.timedelta(days=day))
        ParticipationFactory(meeting=meeting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/meetings/", {"q": "Kim meeting summit"})


def test_folded_names_are_found_and_on_postgresql_through_their_trigram_index(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM meetings_person WHERE name_key LIKE '%jongun%'")
        assert [row[0] for row in cursor.fetchall()] == ["Kim Jong Un"]  # SQLite: the same search, by a scan
        if connection.vendor != "postgresql":
            return  # SQLite has no trigram index; what it finds is the same
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM meetings_person WHERE name_key::text LIKE '%jongun%'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "person_name_key_trgm" in plan


def test_too_many_matches_to_rank_keep_the_newest_first_and_say_so(client, world, monkeypatch):
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 2)
    response = client.get("/meetings/", {"q": "summit"})  # four summits: more than 2
    page = response.content.decode()
    assert "too many to rank" in page and 'aria-sort="descending"' in page
    dates = [m.date for m in response.context["object_list"]]
    assert dates == sorted(dates, reverse=True)


@pytest.fixture
def many_kims():
    """Meetings with "Kim" in each place a word is found (some in several; the newest in titles), dates that tie or
    are missing, a rare word in two, a rejected and a retired match that no list shows, and one without the word."""
    kim = PersonFactory(name="Kim Yo Jong", slug="kim-yo-jong", country="KP")
    other = PersonFactory(name="Antony Blinken", slug="antony-blinken", country="US")
    kcna = OrganizationFactory(name="Korean Central News Agency", slug="kp-kcna", country="KP")
    day = dt.date(2020, 1, 1)
    records = []
    for i in range(36):
        place = i % 6 if i < 24 else 0  # the newest twelve in titles alone: the list's first rows are one part's
        meeting = MeetingFactory.build(
            title=f"Kim talks {i}" if place == 0 else f"Talks {i}",
            location="Kimhae" if place == 1 else "Seoul",
            # Every third meeting on the same day as the one before (ties broken by id), every seventh undated.
            date=None if i % 7 == 6 else day + dt.timedelta(days=i - i % 3),
        )
        records.append(ParticipationFactory.build(meeting=meeting, person=kim if place in (2, 5) else other))
        if place == 3:
            records.append(ReadOutFactory.build(meeting=meeting, issuer=kcna, quotes=["Kim said the talks went well."]))
        if place in (4, 5):
            sentence = "Kim arrived in Hanoi." if i in (4, 17) else "Kim arrived."
            records.append(EvidenceFactory.build(meeting=meeting, sentence=sentence, end=len(sentence)))
    records.append(MeetingFactory.build(title="Kim talks rejected", review_status="rejected"))
    records.append(MeetingFactory.build(title="Kim talks retired", retired_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC)))
    records.append(MeetingFactory.build(title="Talks in Geneva", location="Geneva", date=day))
    create_in_bulk(records)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Kim"},  # the common word: more matches than the count goes to, newest first
        {"q": "Kim", "page": "2"},
        {"q": "Kim", "page": "11"},  # the last page
        {"q": "Kim", "page": "99"},  # past the end: counted whole, then its last page
        {"q": "Kim", "page": "99999999999999999999"},  # past any offset the database can take: the same
        {"q": "Kim", "page": "0"},
        {"q": "Kim", "page": "two"},
        {"q": "Kim", "sort": "title"},
        {"q": "Kim", "sort": "-location", "page": "3"},
        {"q": "Kim", "sort": "date", "page": "4"},
        # By two columns: each place's matches read by the first column's groups (two places, one kind for all)
        {"q": "Kim", "sort": "location,-title", "page": "2"},
        {"q": "Kim", "sort": "-location,-date", "page": "3"},
        {"q": "Kim", "sort": "kind,-date", "page": "5"},
        {"q": "Kim", "sort": "location,title", "page": "4"},  # the pair's index as it runs: no groups
        {"q": "Kim", "country": "KP"},
        # Beside a country or a person, whose kept rows answer the other filters: their rows walked for the words
        {"q": "Kim", "country": "KP", "page": "2"},
        {"q": "Kim", "country": "KP", "sort": "date", "page": "2"},
        {"q": "Kim", "country": "KP", "sort": "-date", "page": "3"},
        {"q": "Kim", "country": "KP", "date_from": "2020-01-10", "page": "2"},
        {"q": "Kim arrived", "country": "KP"},
        {"q": "talks", "country": "US", "page": "2"},
        {"q": "Kim", "person": "kim-yo-jong", "page": "2"},
        {"q": "Kim", "person": "kim-yo-jong", "country": "KP", "sort": "date"},
        # ... down their index by title or place, either way, ties by id
        {"q": "Kim", "country": "KP", "sort": "title", "page": "2"},
        {"q": "Kim", "country": "KP", "sort": "-title", "page": "3"},
        {"q": "Kim", "country": "KP", "sort": "-location", "page": "2"},
        {"q": "Kim talks", "person": "kim-yo-jong", "sort": "location"},
        {"q": "Kim", "country": "KP", "date_from": "2020-01-10", "sort": "-location", "page": "2"},
        {"q": "Kim", "date_from": "2020-01-10"},
        {"q": "Hanoi"},  # the rare word: every match, ranked
        {"q": "Hanoi", "sort": "-date"},
        # Several words: the longest read place by place as one word is, the others tested on each meeting read
        {"q": "Kim Hanoi"},
        {"q": "Kim Hanoi", "sort": "-date"},
        {"q": "Kim talks", "page": "2"},  # both common: "talks" read in titles, "Kim" in any place of each
        {"q": "talks Kim", "sort": "title", "page": "3"},
        {"q": "Kim arrived", "page": "2"},  # "arrived" only in sources, "Kim" there and elsewhere
        {"q": "Seoul Kim", "sort": "location,-title", "page": "2"},
        {"q": "Kim said talks", "date_from": "2020-01-04"},
        {"q": "Kim Geneva"},  # no meeting has both
    ],
)
# A word rare in the read-outs and sources (every word here: no statistics) has its meetings read first when they are
# few (meetings_of_rarer_words); with more than FEW_MEETINGS (2), its places are read instead.
@pytest.mark.parametrize("few", [1000, 2])
def test_a_search_shows_the_rows_and_count_of_its_whole_list_though_it_reads_only_the_first(
    client, monkeypatch, many_kims, params, few
):
    """A page reads each part of a search only as far as the page and its capped count need: it must show the
    same rows, page, total ("more than …") and next link as paging the whole list of matches."""
    monkeypatch.setattr("meetings.search.FEW_MEETINGS", few)
    assert_search_page_as_whole_list(client, monkeypatch, params)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Kim arrived", "country": "KP"},
        {"q": "Kim arrived", "person": "kim-yo-jong", "page": "2"},
        {"q": "Kim Hanoi", "country": "KP"},
        {"q": "Kim talks", "country": "US", "page": "2"},
    ],
)
def test_a_words_meetings_in_a_place_are_counted_beside_a_small_list_only_where_the_list_has_them(
    client, monkeypatch, many_kims, params
):
    """A word's meetings in a read-out or a source, read off its index when few (rare_in_long_texts), are every
    meeting with it there, in the list or not. Beside a list small enough to be read off its kept rows (a country's, a
    person's), the count asks them the list's condition too: without it, ?q=Kim+arrived beside North Korea's officials
    counted "more than 4" for its 4 matches, a meeting of American officials among them. The archive's size measured,
    as in any database autovacuum has analysed: unmeasured, no list is taken for small."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")
    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)  # the words' meetings too many to test each: parts read
    assert_search_page_as_whole_list(client, monkeypatch, params)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Kim"},
        {"q": "Kim", "page": "4"},
        {"q": "Kim", "sort": "date", "page": "2"},
        {"q": "Kim", "sort": "kind,-date", "page": "3"},
        {"q": "arrived", "page": "2"},  # in sources alone
        {"q": "Kim arrived"},
        {"q": "said", "sort": "-date"},  # in quotes alone
    ],
)
def test_a_word_common_in_quotes_and_sources_is_walked_for_and_gives_the_same_pages(
    client, monkeypatch, many_kims, params
):
    """Once PostgreSQL has statistics of the quotes' and sentences' documents that show a word common there, a page
    walks the list's order for that place's first rows instead of sorting every match: the same pages either way."""
    from meetings.search import _shares_in_sources

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_readout, meetings_evidence")
        cache.clear()
        shares = _shares_in_sources(spellings(params["q"].split()[-1]))
        assert shares["evidence" if params["q"] != "said" else "quote"] > 0.5, shares  # so the walk is what is tested
    assert_search_page_as_whole_list(client, monkeypatch, params)


def test_a_word_rare_in_quotes_and_sources_is_counted_off_their_full_text_indexes(client, monkeypatch, many_kims):
    """A search's count reads a word that the documents' statistics do not show common (a rare name, a name nobody
    has) off the read-outs' and sentences' full-text indexes, each read whole once, when its meetings are too many to
    be read first (meetings_of_rarer_words): PostgreSQL, asked for a count's first rows, walked every read-out's quotes
    by meeting instead (205 ms at 1,000,000 meetings for "Eui-yong"). The pages and totals stay those of the whole
    list, with an office's box beside the search too."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 1)  # "Hanoi" is in two meetings' sources
    if connection.vendor == "postgresql":
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/meetings/", {"q": "Hanoi"}).context["page_obj"].paginator.count == 2
        # (read now: the next request empties the connection's log)
        counts = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"] and "ARRAY(" in q["sql"]]
    for params in (
        {"q": "Hanoi"},
        {"q": "Kim Hanoi"},
        {"q": "said", "page": "2"},
        {"q": "said", "organization": "kp-kcna", "page": "2"},  # the office's condition asked of each read-out
        {"q": "Pyongyang"},  # nowhere
    ):
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        return
    (count,) = counts
    plan = sql_plan_without(count, "seqscan", "indexscan")  # as _index_plan: a bitmap of an index, not a scan
    # Each place's ids read once (an InitPlan each), the quotes' through their index, and each meeting tested
    # against them; on a table of a few rows the sentences' are read by another index.
    assert len(re.findall(r"InitPlan \d+ \(returns", plan)) == 2 and "readout_quotes_tsv" in plan, plan
    # (each array named once, or twice where a bitmap scan rechecks what its index read)
    assert len(set(re.findall(r"id = ANY \(\$(\d+)\)", plan))) == 2 and "Merge Semi Join" not in plan, plan


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Hanoi"},  # in two sources
        {"q": "Hanoi", "sort": "-date"},
        {"q": "Kim", "page": "3"},  # every word is rare in these few quotes and sources (no statistics)
        {"q": "Kim", "sort": "title", "page": "2"},
        {"q": "Kim", "organization": "kp-kcna"},  # the office asked of each of the word's meetings
        {"q": "Kimhae"},  # a place
        {"q": "Pyongyang"},  # nowhere
    ],
)
# The office asked of each meeting as PostgreSQL plans it (its meetings hashed), or as probes of each meeting (0: what
# an office with many more contacts than the word's meetings gets, MeetingFilterSet._office_probed).
@pytest.mark.parametrize("probes_per_hashed", [10, 0])
def test_a_search_of_one_rare_word_reads_its_meetings_once_and_lists_them(
    client, monkeypatch, many_kims, params, probes_per_hashed
):
    """A search of one word rare in the read-outs and sources has its meetings read first, in one query that
    PostgreSQL plans for all of them (meetings_of_rarer_words), and they are its matches: the page and its count look
    them up by key and read no place again. Planned for a count's first rows instead, PostgreSQL scanned every
    searchable text for a name its sample of a hundred rows took for one in a hundred (?q=Bin-jin: 345 ms at
    1,000,000 meetings, 67 through the trigram index, which it chose or not with each ANALYZE). The pages are those
    of the whole list."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.filters.PROBES_PER_HASHED", probes_per_hashed)
    if connection.vendor == "postgresql":
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/meetings/", params).status_code == 200
        statements = [q["sql"] for q in captured.captured_queries]
        texts_read = [sql for sql in statements if "meetings_meetingsearchtext" in sql]
        assert len(texts_read) == 1 and "AS MATERIALIZED" in texts_read[0], texts_read
        assert any("::bigint[]" in sql for sql in statements)  # the word's meetings, given by their ids
    assert_search_page_as_whole_list(client, monkeypatch, params)


@pytest.fixture
def envoy_talks():
    """Talks everywhere (every source sentence, most quotes: a word PostgreSQL's statistics show common there), and an
    envoy who is in few meetings: on some as a participant or in the title, in one only named in a quote and in
    another only in a source sentence (once each: too rare there for the statistics to keep), in some without any
    talks; a rejected match that no list shows."""
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    other = PersonFactory(name="Greta Lindqvist", slug="greta-lindqvist", country="SE")
    agency = OrganizationFactory(name="Montsame", slug="mn-montsame", country="MN")
    day = dt.date(2021, 3, 1)
    records = []
    for i in range(40):
        # The envoy as a participant (every fifth from the first), in the first quote and the first source sentence
        # alone, as a participant of a meeting with no talks anywhere, and in the title.
        role = i % 5 if i % 5 in (0, 3, 4) or i < 5 else None
        titled = role == 4
        meeting = MeetingFactory.build(
            title=f"Batbayar visit {i}" if titled else ("Consultations" if role == 3 else f"Round of talks {i}"),
            location="Ulaanbaatar",
            date=None if i % 9 == 8 else day + dt.timedelta(days=i - i % 2),  # ties and undated ones
        )
        records.append(ParticipationFactory.build(meeting=meeting, person=envoy if role in (0, 3) else other))
        if role == 3:
            continue  # the envoy, and no talks
        quote = "Batbayar said the talks were useful." if role == 1 else "The talks were useful."
        records.append(ReadOutFactory.build(meeting=meeting, issuer=agency, quotes=[quote]))
        sentence = "Batbayar arrived for the talks." if role == 2 else "Officials held talks."
        records.append(EvidenceFactory.build(meeting=meeting, sentence=sentence, end=len(sentence)))
    rejected = MeetingFactory.build(title="Round of talks rejected", review_status="rejected")
    records.append(ParticipationFactory.build(meeting=rejected, person=envoy))
    create_in_bulk(records)


def talks_common_envoy_rarer(monkeypatch) -> None:
    """The walk's budget in the proportion of envoy_talks' 40 meetings to an archive, with a count's bound as small as
    a page's (assert_search_page_as_whole_list): "talks" (in every quote and sentence) is walked for, the envoy (in
    one of 32 each) read off the indexes, as in a large archive; the documents' statistics read afresh."""
    monkeypatch.setattr("meetings.search.WALK_BUDGET", 20)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 4)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_readout, meetings_evidence")
    cache.clear()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Batbayar talks"},  # ranked: every match
        {"q": "talks Batbayar", "sort": "-date", "page": "2"},
        {"q": "Batbayar talks", "sort": "title", "page": "3"},
        {"q": "Odval Batbayar talks", "date_from": "2021-03-10"},  # two rarer words: on their row, or each apart
        {"q": "Batbayar talks", "organization": "mn-montsame"},
        {"q": "Batbayar useful talks", "page": "2"},
        {"q": "Tsogt talks"},  # a word nobody has: no match, read at once
    ],
)
@pytest.mark.parametrize("few", [1000, 2])
def test_a_common_word_beside_a_rarer_one_is_looked_for_among_the_rarer_words_meetings(
    client, monkeypatch, envoy_talks, params, few
):
    """Beside a word common in the read-outs and sources, a search's rarer words' meetings (those with them anywhere,
    when at most FEW_MEETINGS) hold every match, and the page and its count test each of them rather than walk the
    common word's read-outs and sources for the few that also have the rarer words (PostgreSQL walked every read-out
    and source sentence with "talks" for a person's name: 5 s at 1,000,000 meetings). With more than FEW_MEETINGS
    (``few`` = 2) the walk is taken as before; either way the pages are those of the whole list."""
    from django.test.utils import CaptureQueriesContext

    from meetings.filters import MeetingFilterSet
    from meetings.search import _shares_in_sources, meetings_of_rarer_words

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", few)
    talks_common_envoy_rarer(monkeypatch)
    if connection.vendor == "postgresql":
        shares = _shares_in_sources(["talks"])
        assert shares["quote"] > 0.5 and shares["evidence"] > 0.5, shares  # so that a walk is what is avoided
    with CaptureQueriesContext(connection) as captured:
        exported = client.get("/meetings/export.csv", params)
        exported_ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(b"".join(exported).decode("utf-8-sig")))]
        assert_search_page_as_whole_list(client, monkeypatch, params)
    # The CSV holds every match of the whole list (as its places give it, once the helper above has run).
    whole = MeetingFilterSet(QueryDict(urlencode(params)), queryset=Meeting.objects.public()).qs
    assert sorted(exported_ids) == sorted(whole.values_list("pk", flat=True))
    if connection.vendor != "postgresql":
        assert meetings_of_rarer_words(params["q"]) is None  # SQLite reads its rarest word place by place
        return
    among = meetings_of_rarer_words(params["q"])
    # The rarer words' read: a union of their places (search._few_meetings_of), not the words together on their rows.
    rarer_read = [q["sql"] for q in captured.captured_queries if "AS MATERIALIZED ((" in q["sql"]]
    driven = [q["sql"] for q in captured.captured_queries if "::bigint[]" in q["sql"]]
    if few == 2 and "Tsogt" not in params["q"]:
        # More than two: read once, then walked for; the next request knows it (the page: no read of its own). The
        # agency's meetings are read again if it is small against the archive as last analysed, and hold more than two
        # of the envoy's as well (test_a_rarer_word_of_many_meetings_is_looked_for_among_a_small_offices).
        of_the_archive = [sql for sql in rarer_read if "= ANY(" not in sql]
        assert among is None and len(of_the_archive) == 1
        # The ids a count gives are of the meetings with one of the rarer words in a read-out or a source (each asked
        # by one look-up: search.rare_in_long_texts), not the rarer words' meetings.
        given = {
            int(i)
            for sql in driven
            for ids in re.findall(r"'\{([\d,]*)\}'(?:::\w+\[\])?::bigint\[\]", sql)
            for i in ids.split(",")
            if i
        }
        in_long_texts = Q()
        for word in set(parse(params["q"]).words) - {"talks"}:
            in_long_texts |= Q(readouts__quotes__icontains=word) | Q(evidence__sentence__icontains=word)
        assert given <= set(Meeting.objects.filter(in_long_texts).values_list("pk", flat=True)), given
        return
    envoys = Meeting.objects.filter(
        Q(participations__person__name="Odval Batbayar")
        | Q(title__contains="Batbayar")
        | Q(readouts__quotes__icontains="Batbayar")
        | Q(evidence__sentence__contains="Batbayar")
    )
    matches = set(Meeting.objects.filter(meetings_matching(params["q"])).values_list("pk", flat=True))
    # Every match (the rejected one too), among the envoy's few meetings: one with him in a quote alone is a match.
    assert matches <= set(among) <= set(envoys.values_list("pk", flat=True))
    assert bool(matches) == ("Tsogt" not in params["q"])
    # Read once per request (the CSV; the page, for its count and its rows), each meeting tested by its key.
    assert len(rarer_read) == 2 and driven


def test_a_rarer_words_meetings_may_be_walked_in_the_lists_order(monkeypatch, envoy_talks):
    """A page's first rows among a rarer word's meetings may be read in the list's order, off its index, each meeting
    looked up in the ids until the page has its rows, rather than every one of them tested for every word and then
    sorted: PostgreSQL chooses, knowing how many of the archive's meetings the ids are. Always sorted, ?q=Hee-su+talks
    tested the 7,421 meetings of "Hee-su" for both words (90 ms at 1,000,000 meetings) where the list's order has its
    first 51 within 6,300 meetings (4 ms). Asked with sorting priced out, the page's rows need no sort; they are the
    whole list's first rows either way."""
    from meetings.search import first_matches, meetings_matching, meetings_of_rarer_words
    from meetings.tests.plans import plan_without

    talks_common_envoy_rarer(monkeypatch)
    text = "Batbayar talks"
    among = meetings_of_rarer_words(text)
    meetings = Meeting.objects.public()
    whole = list(meetings.filter(meetings_matching(text)).values_list("pk", flat=True))
    for count in (1, 3, len(whole) + 1):
        first = meetings.filter(first_matches(meetings, text, count, among=among))
        assert list(first.values_list("pk", flat=True)[:count]) == whole[:count]
    if connection.vendor != "postgresql":
        assert among is None  # SQLite reads its rarest word place by place
        return
    assert among is not None and len(whole) < len(among)
    plan = plan_without(meetings.filter(first_matches(meetings, text, 3, among=among)), "sort", "seqscan")
    assert "Sort" not in plan and "meeting_public_order" in plan, plan


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        ({"q": "Kim", "country": "KP"}, ("meetings_countrymeeting", "country_meetings_latest")),
        ({"q": "Kim", "person": "kim-yo-jong"}, ("meetings_personmeeting", "person_meetings_latest")),
        ({"q": "Kim", "country": "KP", "sort": "title"}, ("meetings_countrymeeting", "country_meetings_by_title")),
        (
            {"q": "Kim", "person": "kim-yo-jong", "sort": "-location"},
            ("meetings_personmeeting", "person_meetings_by_place"),
        ),
    ],
)
def test_a_search_beside_a_country_or_a_person_walks_down_their_kept_rows(client, monkeypatch, many_kims, params, rows):
    """A page of a search beside filters that a subject's kept rows answer reads its first rows down those rows, each
    row's meeting asked for the words, rather than down the archive's order with each meeting asked for the subject
    first: a page of ?q=Geneva beside Mongolia (3 % of the contacts) walked 22,364 meetings for 51 (33 ms at
    1,000,000 meetings), where Mongolia's rows hold them within some 750 (11 ms). So too by title or place, down the
    rows' index of that column: by title, ?q=Geneva beside Mongolia walked 20,075 meetings in the archive's title order
    for its 682 of Mongolia's (63,555 buffers at 1,000,000 meetings; 19,000 down Mongolia's rows). The page is the
    whole list's. Each row's meeting is asked for the words by the row's own column, its meeting not looked up by key
    first (three buffers of the meetings' key a row walked: ?q=Geneva beside Mongolia, 15.9 → 11.2 ms)."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)  # "Kim" has more: no rarer words' meetings read first
    with CaptureQueriesContext(connection) as captured:
        assert_search_page_as_whole_list(client, monkeypatch, {**params, "page": "2"})
    if connection.vendor != "postgresql":
        return  # SQLite reads every match
    table, index = rows
    walked = [
        sql
        for sql in (q["sql"] for q in captured.captured_queries)
        if sql.startswith("SELECT") and f'FROM "{table}"' in sql and "LIKE" in sql  # the page's, not a count's
    ]
    assert walked, [q["sql"] for q in captured.captured_queries]
    plan = sql_plan_without(walked[0], "seqscan", "sort", "bitmapscan")
    assert index in plan, plan
    # The part down the kept rows, to its order (the probes in it have none): no meeting in it. A country's list reads
    # its kept rows for its filter too: the shortest such stretch with the words is the walk's own.
    sql = walked[0]
    stretches = [sql[at.start() : sql.index(" ORDER BY", at.start())] for at in re.finditer(f'FROM "{table}" ', sql)]
    down_the_rows = min((stretch for stretch in stretches if "LIKE" in stretch), key=len)
    assert '"meetings_meeting"' not in down_the_rows, down_the_rows


@pytest.mark.parametrize("rare_in_place", [1000, 0])
def test_a_counts_other_word_rare_in_the_sources_is_read_once_beside_an_office(
    client, monkeypatch, envoy_talks, rare_in_place
):
    """A search's count beside an office it drives from (the office's meetings read as ids, each looked up by key)
    reads another word that is too rare in the read-outs and sources to be walked for off their full-text indexes once,
    rather than probing each meeting's read-outs and sources for it: PostgreSQL cannot tell how many meetings the ids
    are and probed 8,981 meetings' read-outs and as many meetings' sources for "Kim", which none held (the busiest
    office beside ?q=Kim+talks at 1,000,000 meetings: 67,000 of the count's 156,000 buffers). Its meetings there, at
    most RARE_IN_PLACE, are read before the count and given to it as ids; more, the count reads them whole itself.
    The pages are the whole list's, the envoy's meeting named only in a quote and the one only in a source sentence
    among them."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)  # the envoy's meetings are more: the count drives
    monkeypatch.setattr("meetings.search.RARE_IN_PLACE", rare_in_place)
    talks_common_envoy_rarer(monkeypatch)
    params = {"q": "talks Batbayar", "organization": "mn-montsame"}
    with CaptureQueriesContext(connection) as captured:
        assert_search_page_as_whole_list(client, monkeypatch, params)
    whole = set(Meeting.objects.public().filter(meetings_matching(params["q"])).values_list("pk", flat=True))
    only_in_a_quote = Meeting.objects.get(readouts__quotes__icontains="Batbayar", title__startswith="Round")
    only_in_a_source = Meeting.objects.get(evidence__sentence__contains="Batbayar", title__startswith="Round")
    assert {only_in_a_quote.pk, only_in_a_source.pk} <= whole
    if connection.vendor != "postgresql":
        return
    # The count: a union of parts, each up to the bound (not the read of the envoy's meetings among the office's, which
    # finds more than FEW_MEETINGS, nor the page's rows).
    (count,) = [
        sql
        for sql in (q["sql"] for q in captured.captured_queries)
        if sql.startswith("(SELECT") and "meetings_officemeeting" in sql and "MATERIALIZED" not in sql
    ]
    plan = sql_plan_without(count, "seqscan")
    if rare_in_place:
        # Given as ids: the count does not read the envoy's read-outs at all.
        assert "batbayar" not in plan, plan
        return
    # The envoy's read-outs read once, whole, off their index (a subplan uncorrelated with the meeting at hand), for the
    # test of each meeting that the walk for "talks" reads; before, each meeting's read-outs were probed for him.
    read_whole = (
        r"SubPlan \d+\n\s*->  Bitmap Heap Scan on meetings_readout \S+ [^\n]*\n"
        r"\s*Recheck Cond: \(quotes_tsv @@ '+batbayar"
    )
    assert re.search(read_whole, plan), plan


def test_a_page_reads_a_word_rare_in_the_read_outs_and_sources_off_their_indexes_first(client, monkeypatch, many_kims):
    """A page's part for a word too rare in the read-outs or sources to be walked for reads the word's meetings there
    off their full-text indexes first, each then looked up by key and asked the list's other filters, whatever
    PostgreSQL guesses of the list: as a join, it drove from the list's meetings instead, each probed for the word
    (?q=Jong beside Mongolia's held meetings: 27,511 meetings' sources probed for none, 0.34 s at 1,000,000 meetings).
    The page is the whole list's."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)  # "Kim" has more: no rarer words' meetings read first
    params = {"q": "Kim", "country": "KP", "date_from": "2020-01-04", "page": "2"}
    with CaptureQueriesContext(connection) as captured:
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        return  # SQLite reads every match
    # No statistics of these few documents: "Kim" is rare in both places, each read first as an array.
    (page,) = [
        sql
        for sql in (q["sql"] for q in captured.captured_queries)
        if sql.startswith("SELECT") and "UNION ALL" in sql and "sentence_tsv" in sql  # not the count: a bare union
    ]
    for table in ("meetings_readout", "meetings_evidence"):
        assert re.search(rf'ARRAY\(SELECT U\d+\."meeting_id" AS "meeting" FROM "{table}"', page), page
    plan = sql_plan_without(page, "seqscan")
    assert len(re.findall(r"InitPlan \d+ \(returns", plan)) >= 2, plan


@pytest.mark.parametrize(
    "params",
    [
        {"q": "talks", "country": "SE", "country_mode": "only", "page": "2"},  # "talks" walked for by the count
        {"q": "talks", "person": "greta-lindqvist", "sort": "-date"},
        {"q": "Batbayar talks", "country": "MN"},  # the envoy read among the list's meetings
        {"q": "Batbayar", "country": "MN", "country_mode": "only", "page": "2"},
    ],
)
def test_a_search_beside_a_small_list_reads_its_meetings_off_their_kept_rows(client, monkeypatch, envoy_talks, params):
    """A search beside filters that a subject's kept rows answer, when the list is small against the archive: the
    count of a word it walks for is driven from the list's meetings off those rows, each looked up by key, and a
    rarer word's meetings are read among them (its meetings read first, each probed by key). The archive's order was
    walked for "talks", each meeting asked whether North Korea's and Japan's officials alone met in it (3,873 meetings
    of 1,000,000: 119 ms for a count of 1,001), and every searchable text with "Kim" was hashed against the meetings
    of Japan's officials to count ?q=Kim among the same list (110 ms). The pages are the whole list's."""
    from django.test.utils import CaptureQueriesContext

    # The envoy's meetings among Mongolia's officials' are few, his meetings in the archive more (in the titles and
    # quotes of Sweden's): read among the list's.
    in_the_list = Meeting.objects.public().filter(participations__country="MN").filter(meetings_matching("Batbayar"))
    few = in_the_list.distinct().count()
    assert Meeting.objects.filter(meetings_matching("Batbayar")).count() > few
    monkeypatch.setattr("meetings.search.FEW_MEETINGS", few if "Batbayar" in params["q"] else 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # the archive's size, which tells that the list is small
    talks_common_envoy_rarer(monkeypatch)
    with CaptureQueriesContext(connection) as captured:
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        return  # SQLite reads every match
    kept = "meetings_personmeeting" if "person" in params else "meetings_countrymeeting"
    statements = [q["sql"] for q in captured.captured_queries]
    if "Batbayar" in params["q"]:
        # The envoy's meetings read once, among the list's, each probed by key ...
        (rarer,) = [sql for sql in statements if "AS MATERIALIZED" in sql and f'FROM "{kept}"' in sql]
        assert "ARRAY(" in rarer, rarer
    else:
        # ... or the count driven from the list's meetings, read as an array off their kept rows.
        (count,) = [sql for sql in statements if sql.startswith("(SELECT") and "UNION" in sql]
        assert re.search(rf'ARRAY\(SELECT [^)]* FROM "{kept}"', count), count


@pytest.fixture
def envoy_summits():
    """A Swedish envoy in every meeting of thirty, three of each month from January 2021, every tenth a summit;
    "Ostberg" in the title of every fourth (eight), two of them summits."""
    envoy = PersonFactory(name="Greta Lindqvist", slug="greta-lindqvist", country="SE")
    participations = []
    for i in range(30):
        meeting = MeetingFactory.build(
            title=f"Ostberg round {i}" if i % 4 == 0 else f"Round {i}",
            kind="summit" if i % 10 == 0 else "meeting",
            date=dt.date(2021, 1, 1) + dt.timedelta(days=10 * i),
        )
        participations.append(ParticipationFactory.build(meeting=meeting, person=envoy, country="SE"))
    create_in_bulk(participations)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Ostberg", "person": "greta-lindqvist", "kind": "summit"},
        {"q": "Ostberg", "country": "SE", "date_from": "2021-02", "date_to": "2021-02"},
        {"q": "Ostberg", "person": "greta-lindqvist", "status": "held", "date_from": "2021-10"},
    ],
)
def test_a_search_beside_a_kind_status_or_dates_reads_the_few_meetings_they_leave(
    client, monkeypatch, envoy_summits, params
):
    """A list's kind, status and dates narrow its subject's contacts, as the subject's timeline counts them, when the
    search decides whether the list is small enough to read its meetings off the kept rows: taken for all of them,
    the busiest agency's 84,877 meetings were too many beside its 4,196 summits, and ?q=Geneva's count hashed all
    66,748 texts with the word against the agency's meetings for 240 matches (139 ms at 1,000,000 meetings; read off
    the summits' kept rows and each probed, 30). Here the envoy's 30 meetings are too many against the archive's 30
    and a count's bound of 10, her summits or one month's few enough. The pages are the whole list's."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)  # the archive's eight with "Ostberg" are many
    monkeypatch.setattr("meetings.filters.COUNT_CAP", 9)  # 30 x 30 x 2 lookups against 10 x 30: small if narrowed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # the archive's size, which tells whether the list is small

    def statements(params: dict) -> list[str]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert_search_page_as_whole_list(client, monkeypatch, params)
        return [q["sql"] for q in captured.captured_queries]

    narrowed = statements(params)
    whole = statements(
        {name: value for name, value in params.items() if name not in ("kind", "status", "date_from", "date_to")}
    )
    if connection.vendor != "postgresql":
        return  # SQLite keeps no timelines, and reads every match
    kept = "meetings_personmeeting" if "person" in params else "meetings_countrymeeting"

    def read_off_the_kept_rows(sqls: list[str]) -> bool:
        return any("AS MATERIALIZED" in sql and f'FROM "{kept}"' in sql for sql in sqls)

    assert read_off_the_kept_rows(narrowed), narrowed
    assert not read_off_the_kept_rows(whole), whole


@pytest.fixture
def talks_apart():
    """Talks in a quote of half the meetings and in a source sentence of the others (a word common in both places,
    which a page walks for), a few meetings with neither, ties and undated ones, and the office of a participant in
    every third."""
    office = OrganizationFactory(name="Foreign Ministry of Chile", slug="cl-mfa", country="CL")
    agency = OrganizationFactory(name="Agencia Orbe", slug="cl-orbe", country="CL")
    envoy = PersonFactory(name="Ignacia Valdivieso", slug="ignacia-valdivieso", country="CL")
    day = dt.date(2022, 5, 2)
    records = []
    for i in range(36):
        meeting = MeetingFactory.build(
            title=f"Consultation {i:02d}",
            kind="phone_call" if i % 4 == 1 else "meeting",
            location="Santiago",
            date=None if i % 11 == 10 else day + dt.timedelta(days=i - i % 3),
        )
        office_or_none = office if i % 3 == 0 else None
        records.append(ParticipationFactory.build(meeting=meeting, person=envoy, organization=office_or_none))
        in_quote, in_source = (i % 2 == 0, i % 2 == 1) if i % 7 else (False, False)
        quote = "The talks were frank." if in_quote else "Both sides met."
        records.append(ReadOutFactory.build(meeting=meeting, issuer=agency, quotes=[quote]))
        sentence = "Officials held talks." if in_source else "Officials met."
        records.append(EvidenceFactory.build(meeting=meeting, sentence=sentence, end=len(sentence)))
    create_in_bulk(records)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "talks"},
        {"q": "talks", "page": "3"},
        {"q": "talks", "sort": "title", "page": "2"},
        {"q": "talks", "sort": "kind,-date", "page": "2"},
        {"q": "talks Santiago", "page": "2"},
        {"q": "talks", "organization": "cl-mfa", "page": "2"},
        {"q": "talks", "organization": "cl-mfa", "sort": "-title"},
    ],
)
def test_a_word_common_in_quotes_and_in_sources_is_walked_for_once_for_both(client, monkeypatch, talks_apart, params):
    """A word common in the read-outs' quotes and in the source sentences is walked for down the list's order once
    for both places, the walk stopping at a page's first rows with it in either (search.first_matches). Walked for
    apart, each place's walk went as far as its own first rows, however far the other's had come (88,216 meetings for
    "talks" in a quote beside the busiest news agency at 1,000,000 meetings, where the sources had the page within
    5,905). Here the word is in quotes and in sources of alternate meetings: the pages are those of the whole list."""
    from meetings.search import _shares_in_sources, first_matches

    # The walk's budget in the proportion of these 36 meetings to an archive (as in the envoy's tests above): "talks",
    # in half of the quotes and half of the sentences, is walked for in both.
    monkeypatch.setattr("meetings.search.WALK_BUDGET", 20)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_readout, meetings_evidence")
        cache.clear()
        shares = _shares_in_sources(["talks"])
        assert shares["quote"] > 0.35 and shares["evidence"] > 0.35, shares  # so that both places are walked for
        # The meetings with the word on their own row, and one walk for both places (not one for each).
        listed = Meeting.objects.public().order_by(*Meeting._meta.ordering)
        (among,) = first_matches(listed, "talks", 7).children  # the union's ids read once (ordering.in_any)
        assert len(among.rhs.query.combined_queries) == 2
    assert_search_page_as_whole_list(client, monkeypatch, params)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Batbayar talks", "organization": "mn-mfa"},  # ranked: every match
        {"q": "talks Batbayar", "organization": "mn-mfa", "sort": "-date"},
        {"q": "Batbayar talks", "organization": "mn-mfa", "sort": "title", "page": "2"},
    ],
)
def test_a_rarer_word_of_many_meetings_is_looked_for_among_a_small_offices(client, monkeypatch, envoy_talks, params):
    """When the archive has more than FEW_MEETINGS meetings with a search's rarer words, those of a small office in the
    list's office box are read (each of the office's meetings probed for them by key), and the page and its count test
    each of them rather than walk the archive's order for the common word with the office tested on each
    (``?q=Kim+talks`` beside an office of 13,418 meetings: 501,267 meetings walked for a page at 1,000,000). The pages
    are those of the whole list: the office's meetings with the envoy and talks, not its one without him."""
    from django.test.utils import CaptureQueriesContext

    from meetings.filters import MeetingFilterSet
    from meetings.tests.test_api import api_rows

    ministry = OrganizationFactory(name="Ministry of Foreign Affairs of Mongolia", slug="mn-mfa", country="MN")
    aide = PersonFactory(name="Saran Tsetseg", slug="saran-tsetseg", country="MN")
    envoys = list(Meeting.objects.filter(participations__person__name="Odval Batbayar", readouts__isnull=False))
    without = (
        Meeting.objects.filter(title__startswith="Round of talks")
        .exclude(participations__person__name="Odval Batbayar")
        .exclude(readouts__quotes__icontains="Batbayar")
        .exclude(evidence__sentence__contains="Batbayar")
    )
    for meeting in [*envoys[:4], without.first()]:
        ParticipationFactory(meeting=meeting, person=aide, organization=ministry)
    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 4)  # the archive's envoy meetings are more, the office's not
    monkeypatch.setattr("meetings.search.WALK_BUDGET", 20)  # as in the test above: "talks" walked for, the envoy not
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 4)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting, meetings_readout, meetings_evidence")  # the archive's size too
        cache.clear()
    # The API's pages: every match; the office's meetings read once a request, by the FilterSet that filters the
    # pagination's windows (not again by the one it validates the query with).
    query = {key: value for key, value in params.items() if key != "page"}
    with CaptureQueriesContext(connection) as captured:
        rows = api_rows(client, f"/api/meetings/?{urlencode({**query, 'page_size': 2})}")
    with monkeypatch.context() as whole_list:  # as its places give it, not read among the office's meetings
        whole_list.setattr("meetings.filters.meetings_of_rarer_words", lambda text, **small_set: None)
        whole = MeetingFilterSet(QueryDict(urlencode(query)), queryset=Meeting.objects.public()).qs
        assert sorted(row["id"] for row in rows) == sorted(whole.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        requests = max(1, -(-len(rows) // 2))  # pages of two
        reads = [q["sql"] for q in captured.captured_queries if "AS MATERIALIZED" in q["sql"] and "= ANY(" in q["sql"]]
        assert len(reads) == requests, (len(reads), len(rows))
        cache.clear()  # the archive's verdict, for the pages below to read it again
    with CaptureQueriesContext(connection) as captured:
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        return
    rarer_read = [q["sql"] for q in captured.captured_queries if "AS MATERIALIZED" in q["sql"]]
    among_the_office = [sql for sql in rarer_read if "= ANY(" in sql]
    driven = [q["sql"] for q in captured.captured_queries if "::bigint[]" in q["sql"]]
    # The archive's read (more than four), then the office's (its four), whose meetings the page and count test.
    assert len(rarer_read) == 2 and len(among_the_office) == 1 and driven


def test_a_counts_parts_ask_whether_an_earlier_part_had_the_meeting_as_a_probe(client, monkeypatch, many_kims):
    """Each part of a search's count leaves out the meetings of the parts before it by probing each meeting it reads,
    never as an anti-join, which PostgreSQL may plan as a merge with every row of the earlier place: "talks" in every
    source sentence, read first (its commonest place), was merged with all 1,000,000 searchable texts, none of which
    had it on its own row (526 ms at 1,000,000 meetings). The pages stay those of the whole list."""
    from django.test.utils import CaptureQueriesContext

    for params in ({"q": "arrived"}, {"q": "Kim arrived", "page": "2"}, {"q": "said", "sort": "-date"}):
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_readout, meetings_evidence")
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get("/meetings/", {"q": "arrived"})
    (count,) = [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith("(SELECT") and "UNION ALL" in q["sql"]
    ]
    for turned_off in ((), ("nestloop",), ("hashjoin", "nestloop")):
        plan = sql_plan_without(count, *turned_off) if turned_off else sql_plan_without(count, "bitmapscan")
        assert "Anti Join" not in plan, plan


def test_a_count_plans_its_later_parts_for_the_meetings_that_pass_their_test(talks_apart):
    """Each part of a count after the first asks every meeting whether an earlier part had it, a test true of nearly
    all. Asked as a test for null (the probe's id IS NULL), PostgreSQL took it to be true of one meeting in 200 and
    planned each part as if it kept a handful: ?q=talks beside South Korea sorted all 1,166,490 of the country's
    participations, to walk them in the meetings' order, for a count of 1,001 (257 ms at 1,000,000 meetings; 9 ms
    walked down the meetings' key). Asked as ``absent``, the part is planned for about half of the meetings with the
    word."""

    from django.test.utils import CaptureQueriesContext

    from meetings.search import matching_ids

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting, meetings_readout, meetings_evidence")
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(Meeting.objects.public(), "talks", 4)
    assert len(found) == Meeting.objects.filter(pk__in=found).filter(meetings_matching("talks")).count() == 4
    if connection.vendor != "postgresql":
        return  # SQLite's search is one condition, planned whole
    (count,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("(SELECT")]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {count}")
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    (union,) = [node for node in plan_nodes(plan[0]["Plan"]) if node["Node Type"] == "Append"]
    # A part for each place after the meetings' own rows: 30 meetings with talks in a quote or a source sentence.
    later = union["Plans"][1:]
    assert sum(part["Plan Rows"] for part in later) >= 30 / 4, json.dumps(union, indent=1)


@pytest.mark.parametrize("turned_off", [("seqscan",), ("seqscan", "nestloop"), ("seqscan", "nestloop", "mergejoin")])
def test_a_count_asks_a_walked_word_of_the_meetings_with_the_other_words_one_by_one(
    monkeypatch, talks_apart, turned_off
):
    """A count of a common word beside another asks each meeting with the other word whether its read-outs or sources
    hold the common one, a probe of the meeting's few rows. As a join, PostgreSQL may hash every read-out with the word
    against the list: beside the busiest person's meetings in Mongolia (1,403 of them) it hashed the 82,967 read-outs
    with "talks" for none (129 ms at 1,000,000 meetings), and beside a kind of meeting 100 ms went to the same hash.
    Here the planner is denied the other ways it might read them: the word's read-outs and sentences are still read
    only by a probe of one meeting (a subplan), and the count is that of the matches."""
    from django.test.utils import CaptureQueriesContext

    from meetings.search import _shares_in_sources, matching_ids

    monkeypatch.setattr("meetings.search.WALK_BUDGET", 20)  # as above: "talks" walked for in both places
    listed = Meeting.objects.public()
    expected = listed.filter(meetings_matching("Valdivieso talks")).count()
    assert expected == 30  # the envoy's meetings with talks in a quote or a source
    if connection.vendor != "postgresql":
        assert len(matching_ids(listed, "Valdivieso talks", 4)) == 4
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting, meetings_readout, meetings_evidence")
    cache.clear()
    shares = _shares_in_sources(["talks"])
    assert shares["quote"] > 0.35 and shares["evidence"] > 0.35, shares
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(listed, "Valdivieso talks", 4)  # a count's bound the walk's budget reaches
    assert len(found) == len(set(found)) == 4
    assert listed.filter(pk__in=found).filter(meetings_matching("Valdivieso talks")).count() == 4
    count = captured.captured_queries[-1]["sql"]  # after the read of the envoy's few read-outs and sources
    plan = sql_json_plan_without(count, *turned_off)
    reads = list(_reads_of_the_word(plan, "'talk'"))
    assert reads and all(reads), json.dumps(plan, indent=1)


@pytest.mark.parametrize(
    "quoted, rare_in_place, asked_there",
    [(0, 1000, False), (3, 1000, False), (0, 2, False), (3, 2, True)],
)
def test_a_counts_word_rare_in_read_outs_and_sources_is_given_as_the_ids_of_its_meetings_there(
    client, monkeypatch, talks_apart, quoted, rare_in_place, asked_there
):
    """A count of several words reads, before it, the meetings with a word in the read-outs or the sources where the
    word is too rare there to be walked for, when they are at most RARE_IN_PLACE; each meeting another word's part
    finds is then looked up among them, and a place where the word is in none is not asked at all. Probing each
    meeting's read-outs and sources instead, ?q=Kim+talks with American officials alone tested 11,709 meetings for
    "Kim" in read-outs and sources none of which held it (88,000 of the count's 216,000 buffers at 1,000,000 meetings).
    Here the envoy is on every meeting's row and quoted in ``quoted`` meetings' read-outs with talks, and in one
    without: past the bound (``rare_in_place`` below ``quoted``) the probes stay. The count is that of the matches, and
    the pages, whose rows are read so too, are those of the whole list."""
    from django.test.utils import CaptureQueriesContext

    from meetings.search import matching_ids

    monkeypatch.setattr("meetings.search.WALK_BUDGET", 20)  # "talks" walked for in both places, as above
    monkeypatch.setattr("meetings.search.RARE_IN_PLACE", rare_in_place)
    agency = OrganizationFactory(name="Agencia Sur", slug="cl-sur", country="CL")
    for i in range(quoted):
        meeting = MeetingFactory(title=f"Round {i}", location="Lima", date=dt.date(2022, 8, 1 + i))
        ReadOutFactory(meeting=meeting, issuer=agency, quotes=["Talks with Valdivieso were useful."])
    ReadOutFactory(meeting=MeetingFactory(title="Visit", location="Lima"), issuer=agency, quotes=["Valdivieso left."])
    listed = Meeting.objects.public()
    whole = set(listed.filter(meetings_matching("talks Valdivieso")).values_list("pk", flat=True))
    assert len(whole) == 30 + quoted  # the envoy's meetings with talks anywhere, and the rounds he is quoted in
    # A page's rows read so too (search.first_matches): the pages of the whole list.
    for params in (
        {"q": "talks Valdivieso"},
        {"q": "Valdivieso talks", "page": "3"},
        {"q": "talks Valdivieso", "sort": "title", "page": "2"},
    ):
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        assert set(matching_ids(listed, "talks Valdivieso", 100)) == whole
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting, meetings_readout, meetings_evidence")
    cache.clear()
    for limit in (100, 4):
        with CaptureQueriesContext(connection) as captured:
            found = matching_ids(listed, "talks Valdivieso", limit)
        assert len(found) == len(set(found)) == min(limit, len(whole)) and set(found) <= whole
    count = captured.captured_queries[-1]["sql"]
    plan = sql_json_plan_without(count)
    assert any(_reads_of_the_word(plan, "'valdivieso'")) == asked_there, json.dumps(plan, indent=1)


@pytest.mark.parametrize(
    "params", [{"q": "Batbayar talks", "country": "SE"}, {"q": "talks Batbayar", "country": "SE", "page": "2"}]
)
def test_a_count_among_the_rarer_words_meetings_asks_the_lists_other_filters_first(
    client, monkeypatch, envoy_talks, params
):
    """A count among the rarer words' meetings (search.meetings_of_rarer_words) beside a list that kept rows answer
    with more meetings, but few of the archive's (a country's, here Sweden's: the meetings of the envoy's
    counterpart), reads the ids the list keeps first, and probes only those for the words. PostgreSQL asks a meeting's
    own conditions where it reads it, the words' probes among them, and a country's participations after: the 7,421
    meetings of "Hee-su" were each probed for both words for the 266 with Mongolia's officials (98 ms at 1,000,000
    meetings; 35 so). Sweden's officials are in most of this small archive's meetings, and its list is small enough
    to be read whole: the list's sizes are taken here as a large archive's. The count and the pages are those of the
    whole list."""
    from django.test.utils import CaptureQueriesContext

    from meetings.filters import MeetingFilterSet
    from meetings.models import Participation
    from meetings.search import matching_ids, meetings_of_rarer_words

    counterpart = Person.objects.get(slug="greta-lindqvist")
    for i in range(30):  # more of Sweden's meetings than the envoy's
        ParticipationFactory(
            meeting=MeetingFactory(title=f"Stockholm talks {i}", location="Stockholm"), person=counterpart
        )
    talks_common_envoy_rarer(monkeypatch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # the archive's size, as the list's share is taken of it
        monkeypatch.setattr("meetings.filters.LISTED_FIRST_SHARE", 1.0)
        monkeypatch.setattr(MeetingFilterSet, "_small_set", lambda self: None)
        filters = MeetingFilterSet(QueryDict(urlencode(params)), queryset=Meeting.objects.public())
        assert filters.is_valid() and filters._among_listed_first
    assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        return
    among = meetings_of_rarer_words(params["q"])
    swedish = Meeting.objects.public().filter(pk__in=Participation.objects.filter(country="SE").values("meeting"))
    whole = set(swedish.filter(meetings_matching(params["q"])).values_list("pk", flat=True))
    kept = swedish.filter(pk__in=among).count()
    assert whole and len(among) > kept
    for limit in (100, 2):
        found = matching_ids(swedish, params["q"], limit, among=among, narrowed=True)
        assert len(found) == len(set(found)) == min(limit, len(whole)) and set(found) <= whole
    # Planned as at 1,000,000 meetings (a merge of the rarer words' meetings, read by key, with the country's
    # participations): asked the words first, every one of them is probed; asked the list's filters first, those kept.
    for narrowed in (False, True):
        with CaptureQueriesContext(connection) as captured:
            matching_ids(swedish, params["q"], 100, among=among, narrowed=narrowed)
        plan = sql_json_plan_without(captured.captured_queries[-1]["sql"], "nestloop", "hashjoin", analyze=True)
        probes = [
            node["Actual Loops"]
            for node in plan_nodes(plan)
            if node.get("Relation Name") == "meetings_meetingsearchtext" and "Index Cond" in node
        ]
        assert probes and (max(probes) <= kept) == narrowed, json.dumps(plan, indent=1)


@pytest.mark.parametrize(
    "query, theirs, small_set, listed_first",
    [
        ("country=SE", 500, False, True),
        ("country=SE", 3_000, False, False),
        ("country=SE", 10, False, False),
        ("country=SE", 500, True, False),
        # The modes "all" and "only": exactly when the box's rows are read whole (_country_box_probed), not probed.
        ("country=SE&country=MN&country_mode=all", 100, False, True),
        ("country=SE&country=MN&country_mode=all", 1_000, False, False),
        ("country=SE&country=MN&country_mode=only", 100, True, True),
        ("organization=mn-montsame", 500, False, False),
    ],
)
def test_a_count_asks_the_rarer_words_meetings_the_lists_filters_first_only_where_that_reads_less(
    monkeypatch, envoy_talks, query, theirs, small_set, listed_first
):
    """Every one of the rarer words' meetings is read when the list's filters are asked first, where a count that asks
    the words first stops at its bound: so only beside a list of more meetings than they are (a smaller one PostgreSQL
    drives from), of at most LISTED_FIRST_SHARE of the archive (the United States' held meetings, 40 %, read 1.4
    times the buffers so at 1,000,000 meetings), and of no small set the rarer words' meetings were read among; not
    beside an office box, which is tested by probes of each meeting already, nor beside the country box's modes "all"
    and "only" when they are probed too (here past ten times as many rows as the rarer words' meetings); beside those
    modes, whenever their rows are read whole. Sizes as a large archive's (an archive of 10,000 meetings)."""
    from meetings.filters import MeetingFilterSet
    from meetings.search import meetings_of_rarer_words

    talks_common_envoy_rarer(monkeypatch)
    monkeypatch.setattr(MeetingFilterSet, "_small_set", lambda self: (None, None) if small_set else None)
    filters = MeetingFilterSet(QueryDict(f"q=Batbayar+talks&{query}"), queryset=Meeting.objects.public())
    assert filters.is_valid()
    if connection.vendor != "postgresql":
        assert meetings_of_rarer_words("Batbayar talks") is None and not filters._among_listed_first
        return
    filters.__dict__["_kept_list_counts"] = (theirs, theirs, 10_000)
    assert 10 < len(filters._rarer_words_meetings) < 50
    assert filters._among_listed_first == listed_first


def _reads_of_the_word(node: dict, lexeme: str, *, in_a_probe: bool = False):
    """For each node of a plan that reads read-outs or source sentences for ``lexeme``: whether it is under a subplan
    (a probe asked of one row at a time)."""
    in_a_probe = in_a_probe or node.get("Parent Relationship") == "SubPlan"
    conditions = " ".join(str(node.get(key, "")) for key in ("Filter", "Recheck Cond", "Index Cond"))
    if node.get("Relation Name") in ("meetings_readout", "meetings_evidence") and lexeme in conditions:
        yield in_a_probe
    for child in node.get("Plans", ()):
        yield from _reads_of_the_word(child, lexeme, in_a_probe=in_a_probe)


def assert_search_page_as_whole_list(client, monkeypatch, params: dict) -> None:
    from meetings.filters import MeetingFilterSet
    from meetings.models import Meeting
    from meetings.pagination import BoundedPaginator
    from meetings.search import ranked

    monkeypatch.setattr("meetings.pagination.COUNT_CAP", 4)
    monkeypatch.setattr("meetings.views.COUNT_CAP", 4)
    monkeypatch.setattr("meetings.search.RANK_LIMIT", 4)
    monkeypatch.setattr("meetings.views.MeetingListView.paginate_by", 3)
    response = client.get("/meetings/", params)
    assert response.status_code == 200
    page = response.context["page_obj"]

    # The whole list as its places give it, not read among a rarer word's meetings (which the page may have been).
    monkeypatch.setattr("meetings.filters.meetings_of_rarer_words", lambda text, **small_set: None)
    query = QueryDict(mutable=True)
    query.update({k: v for k, v in params.items() if k != "page"})
    filters = MeetingFilterSet(query, queryset=Meeting.objects.public())
    assert filters.is_valid()
    whole = filters.qs
    if "sort" not in params and whole.count() <= 4:
        whole = ranked(whole, params["q"])
    expected = BoundedPaginator(whole, 3).get_page(params.get("page"))
    assert [m.pk for m in page.object_list] == [m.pk for m in expected.object_list]
    assert (page.number, page.paginator.total, page.has_next()) == (
        expected.number,
        expected.paginator.total,
        expected.has_next(),
    )
    assert "rejected" not in response.content.decode() and "retired" not in response.content.decode()


def test_a_search_follows_edits_of_names_titles_places_and_participants(client, world):
    """What a search finds on a meeting's own row (title, place, participants' names: MeetingSearchText on
    PostgreSQL) follows every write: a participant added, renamed or removed, a title or a place edited."""
    from meetings.models import Participation, Person
    from meetings.tests.test_pair_counts import assert_search_texts_exact

    other = world["other"]
    assert found(client, "Tu-san") == []
    envoy = PersonFactory(name="Paek Tu-san", slug="paek-tu-san", country="KP", aliases=["Paek Tusan"])
    ParticipationFactory(meeting=other, person=envoy)
    assert found(client, "Tu-san") == found(client, "Paek Seoul") == ["Envoys meet in Seoul"]
    assert found(client, "tusan") == ["Envoys meet in Seoul"]  # the folded name and the other spelling

    Person.objects.filter(pk=envoy.pk).update(name="Paek Il-bong", name_key="paekilbong", aliases=[])
    assert found(client, "Tu-san") == []
    assert found(client, "Il-bong Bolton") == ["Envoys meet in Seoul"]

    other.title, other.location = "Envoys meet in Vladivostok", "Khasan"
    other.save()
    assert found(client, "Seoul") == []
    assert found(client, "Vladivostok Il-bong") == found(client, "Khasan") == ["Envoys meet in Vladivostok"]

    Participation.objects.filter(person=envoy).delete()
    assert found(client, "Il-bong") == []
    assert_search_texts_exact()


def test_a_spelling_that_differs_from_the_folded_name_only_in_spaces_is_found_through_it(client, world):
    """A participant's name and other spellings that differ from their folded name only in case, spaces and hyphens
    are not kept on the meeting's searchable row (migration 0051), and every word that finds the meeting in one still
    finds it (each word is also looked for folded, and the folded name is kept): a word across the spelling's space or
    hyphen as well. Another romanization, a Hangul spelling and a spelling with an accent are kept and found."""
    from meetings.models import MeetingSearchText
    from meetings.tests.test_pair_counts import assert_search_texts_exact

    envoy = PersonFactory(
        name="Tak Il-mun",
        slug="tak-il-mun",
        country="KP",
        aliases=["Tak Il Mun", "TAK ILMUN", "Thak Il-mun", "탁일문", "Tak Il-mün"],
    )
    ParticipationFactory(meeting=world["other"], person=envoy)
    seoul = ["Envoys meet in Seoul"]
    words = ["Il-mun", "Il mun", "ilmun", "Tak-Il", "k-il-m", "TAKILMUN", "Thak", "탁일문", "Il-mün", "Il-mun Seoul"]
    for word in words:
        assert found(client, word) == seoul, word
    assert found(client, "Il-mund") == found(client, "Mun-il") == []
    assert_search_texts_exact()
    if connection.vendor == "postgresql":
        text = MeetingSearchText.objects.get(meeting=world["other"]).text
        assert "\nTAKqILxMUN\n" not in text and "TAKqILqMUN" not in text and "TAKqILMUN" not in text  # folded
        assert '["THAKqILxMUN",q"탁일문",q"TAKqILxMÜN"]' in text and "\nTAKILMUN" in text


def test_a_participant_stored_before_their_person_is_found_by_their_name(client, world):
    """Within a transaction a participant may be stored before their person (the foreign key is checked at commit):
    the meeting is found by the person's name once both are there."""
    from django.db import transaction

    from meetings.models import Participation, Person
    from meetings.tests.test_pair_counts import assert_search_texts_exact

    with transaction.atomic():
        newcomer = Person.objects.order_by("-pk").first().pk + 1
        Participation.objects.create(meeting=world["other"], person_id=newcomer, country="KP")
        Person.objects.create(pk=newcomer, name="Ju Yong-gil", slug="ju-yong-gil", country="KP")
    assert found(client, "Yong-gil Seoul") == ["Envoys meet in Seoul"]
    assert_search_texts_exact()


def test_every_word_is_looked_up_in_one_index_of_the_meetings_rows(client, world):
    """On PostgreSQL the words of a search are matched together on the meetings' own rows, through one trigram index
    that intersects their matches (migration 0036), rather than each word's titles and participants read apart."""
    from meetings.models import MeetingSearchText
    from meetings.search import _together

    assert found(client, "kim SINGAPORE") == ["Singapore summit"]  # a participant and the title
    if connection.vendor != "postgresql":
        assert not MeetingSearchText.objects.exists()  # SQLite leaves the table empty and searches the columns
        return
    assert list(_together(["Kim", "Singapore"]).values_list("meeting", flat=True)) == [world["singapore"].pk]
    plan = plan_without(_together(["Kim", "Singapore"]).values("meeting"))
    assert "meeting_search_text_trgm" in plan and "'%KIM%'" in plan and "'%SINGAPORE%'" in plan


def _index_plan(queryset) -> str:
    """PostgreSQL's plan of ``queryset`` as run, read through a bitmap of an index (its trigram index) rather than a
    scan of these few rows or of another index."""
    return plan_without(queryset.order_by(), "seqscan", "indexscan", analyze=True)


def test_a_name_with_a_hyphen_or_a_space_is_looked_up_whole(client, world):
    """pg_trgm cuts a text into words at a hyphen or a space, so "Son-gyong" was looked up as "son" and "gyong" and the
    index gave every text with a word ending in one and a word starting with the other, to be read and rejected. The
    meetings' searchable text and the read-outs' kept titles are stored with those separators written as letters
    (migration 0038): the index gives the texts with the name whole, and the letters stand for nothing else ("Xi" is
    not in "Sang-i")."""
    from meetings.models import ReadOut
    from meetings.search import _together

    envoy = PersonFactory(name="Ri Son-gyong", slug="ri-son-gyong", country="KP")
    lee = PersonFactory(name="Lee Sang-i", slug="lee-sang-i", country="KR")
    xi = PersonFactory(name="Xi Jinping", slug="xi-jinping", country="CN")
    kcna = OrganizationFactory(name="KCNA", slug="kcna-hyphens", country="KP")
    named = MeetingFactory(title="Ri Son-gyong on the railway", date=dt.date(2020, 1, 6), location="")
    ParticipationFactory(meeting=named, person=envoy)
    ReadOutFactory(meeting=named, issuer=kcna, quotes=["The railway would open."])
    # A word ending in "son" and one starting with "gyong", apart.
    apart = MeetingFactory(title="Jason meets Gyongsong officials", date=dt.date(2020, 1, 7), location="")
    ParticipationFactory(meeting=apart, person=lee)
    ParticipationFactory(meeting=apart, person=xi)
    ReadOutFactory(meeting=apart, issuer=kcna, quotes=["Officials spoke of Sang-i."])

    assert found(client, "Son-gyong") == found(client, "Ri Son-gyong") == ["Ri Son-gyong on the railway"]
    assert found(client, "Xi") == ["Jason meets Gyongsong officials"]  # Xi Jinping, not the hyphen of "Sang-i"
    assert found(client, "Sang-i") == ["Jason meets Gyongsong officials"]
    readouts = client.get("/readouts/", {"q": "Son-gyong"}).context["object_list"]
    assert [r.meeting.title for r in readouts] == ["Ri Son-gyong on the railway"]
    if connection.vendor != "postgresql":
        return
    plan = _index_plan(_together(["Son-gyong"]).values("meeting"))
    assert "meeting_search_text_trgm" in plan and "'%SONxGYONG%'" in plan
    assert "Rows Removed by Index Recheck" not in plan, plan  # the index gave the one text with the name
    from meetings.filters import readout_places

    _, title = readout_places("Son-gyong")
    plan = _index_plan(ReadOut.objects.filter(title).values("pk"))
    assert "readout_meeting_title_trgm" in plan and "Rows Removed by Index Recheck" not in plan, plan


def _listed_and_rarer_reads(client, params: str) -> tuple[list[str], int]:
    """The titles /meetings/?``params`` lists, and how many of its statements read a search's rarer words' meetings
    (search._few_meetings_of)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/meetings/?{params}")
    assert response.status_code == 200
    reads = sum("WITH found AS MATERIALIZED" in query["sql"] for query in captured.captured_queries)
    return [meeting.title for meeting in response.context["meetings"]], reads


@pytest.mark.django_db(transaction=True)
def test_a_searchs_rarer_words_meetings_are_read_once_until_the_data_changes(client):
    """The rarer words' meetings of a search (a name few meetings have) are kept under the data version they were read
    at: its other pages, sorts and filters read them from the cache, and once a write is committed (a new version)
    they are read again, so a new meeting of the name is found at once. Committed here, as a reader's request sees
    the data (transaction=True)."""
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    for day in range(1, 4):
        ParticipationFactory(meeting=MeetingFactory(title=f"Visit {day}", date=dt.date(2021, 3, day)), person=envoy)

    def listed(params: str) -> tuple[list[str], int]:
        return _listed_and_rarer_reads(client, params)

    reads_per_list = 1 if connection.vendor == "postgresql" else 0  # SQLite reads no rarer words' meetings
    assert listed("q=Batbayar") == (["Visit 3", "Visit 2", "Visit 1"], reads_per_list)
    assert listed("q=Batbayar&sort=title") == (["Visit 1", "Visit 2", "Visit 3"], 0)
    assert listed("q=batbayar&date_from=2021-03-02") == (["Visit 3", "Visit 2"], 0)
    ParticipationFactory(meeting=MeetingFactory(title="Visit 4", date=dt.date(2021, 3, 4)), person=envoy)
    assert listed("q=Batbayar&sort=title") == (["Visit 1", "Visit 2", "Visit 3", "Visit 4"], reads_per_list)


@pytest.mark.django_db(transaction=True)
def test_a_searchs_words_few_meetings_in_read_outs_and_sources_are_read_once_until_the_data_changes(
    client, monkeypatch, envoy_talks
):
    """The meetings of a search's word too rare in the read-outs and sources to be walked for (the envoy beside
    "talks") are kept under the data version they were read at: the list's other pages and sorts read them from the
    cache, and once a write is committed they are read again, so a meeting that newly quotes the envoy is found at
    once. Committed here, as a reader's request sees the data (transaction=True)."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)  # the envoy's meetings are more: not read as the rarer's
    talks_common_envoy_rarer(monkeypatch)

    def listed(params: str) -> tuple[str, int, int]:
        """The list's first title, its total, and how many statements read the words' meetings in those places."""
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/meetings/?q=Batbayar+talks&{params}")
        assert response.status_code == 200
        reads = sum('AS "part"' in query["sql"] for query in captured.captured_queries)
        return response.context["meetings"][0].title, response.context["paginator"].count, reads

    reads_per_list = 1 if connection.vendor == "postgresql" else 0  # SQLite reads every place as it lists
    newest, total, reads = listed("sort=-date")
    assert newest != "Round of talks in May" and reads == reads_per_list
    assert listed("sort=-date&page=2")[1:] == (total, 0)
    assert listed("sort=title")[1:] == (total, 0)
    quoted = MeetingFactory(title="Round of talks in May", date=dt.date(2021, 5, 1))
    ReadOutFactory(meeting=quoted, issuer=OrganizationFactory(), quotes=["Batbayar said the talks went well."])
    assert listed("sort=-date") == ("Round of talks in May", total + 1, reads_per_list)


def _listed_and_counts(client, monkeypatch, params: str, path: str = "/meetings/") -> tuple[list[str], int, int]:
    """The rows ``path``?``params`` lists (titles, or the read-outs' quoted passages), the total the page shows, and
    how many times its FilterSet counted the list (the real count_matches, spied on: ``counted``)."""
    from meetings.filters import MeetingFilterSet, ReadOutFilterSet

    counted = []
    for filterset in (MeetingFilterSet, ReadOutFilterSet):
        monkeypatch.setattr(filterset, "count_matches", _counting(filterset.count_matches, counted))
    response = client.get(f"{path}?{params}")
    assert response.status_code == 200
    rows = response.context["object_list"]
    shown = [row.title if path == "/meetings/" else row.quotes[0] for row in rows]
    return shown, response.context["paginator"].count, len(counted)


def _counting(count_matches, counted: list):
    def count(self, limit):
        counted.append(limit)
        return count_matches(self, limit)

    return count


@pytest.mark.django_db(transaction=True)
def test_a_lists_count_is_read_once_until_the_data_changes(client, monkeypatch):
    """A search's count (beside a country here) is kept under the data version it was read at, with every match it
    read: the list's other pages and sorts and a reader who asks again show the same total without counting, a list of
    other filters counts its own, and once a write is committed the list is counted again, so a new match is counted
    and listed at once. Committed here, as a reader's request sees the data (transaction=True)."""
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    for day in range(1, 4):
        meeting = MeetingFactory(title=f"Talks in Ulaanbaatar {day}", date=dt.date(2021, 3, day))
        ParticipationFactory(meeting=meeting, person=envoy, country="MN")
    MeetingFactory(title="Talks in Ulaanbaatar without an envoy", date=dt.date(2021, 3, 9))

    def listed(params: str) -> tuple[list[str], int, int]:
        return _listed_and_counts(client, monkeypatch, params)

    newest_first = ["Talks in Ulaanbaatar 3", "Talks in Ulaanbaatar 2", "Talks in Ulaanbaatar 1"]
    assert listed("q=Ulaanbaatar&country=MN&sort=-date") == (newest_first, 3, 1)
    assert listed("q=Ulaanbaatar&country=MN&sort=title") == (sorted(newest_first), 3, 0)
    assert listed("country=MN&q=Ulaanbaatar&sort=-date&page=1") == (newest_first, 3, 0)
    assert listed("q=Ulaanbaatar&country=MN&date_from=2021-03-02&sort=-date") == (newest_first[:2], 2, 1)
    assert listed("q=Ulaanbaatar&sort=-date")[1:] == (4, 1)
    ParticipationFactory(meeting=MeetingFactory(title="Talks in Ulaanbaatar 4", date=dt.date(2021, 3, 4)), person=envoy)
    assert listed("q=Ulaanbaatar&country=MN&sort=-date") == (["Talks in Ulaanbaatar 4", *newest_first], 4, 1)
    assert listed("q=Ulaanbaatar&country=MN&sort=-date") == (["Talks in Ulaanbaatar 4", *newest_first], 4, 0)


@pytest.mark.django_db(transaction=True)
def test_a_ranked_search_read_from_its_kept_count_ranks_the_same_matches(client, monkeypatch):
    """A search of at most RANK_LIMIT matches is ranked among the matches its count read, the best match (the word in
    the title) first: asked again, the kept count and ranking give the same page without counting; the read-outs'
    search keeps its count too."""
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    in_the_title = MeetingFactory(title="Batbayar visits Seoul", date=dt.date(2021, 3, 1))
    ParticipationFactory(meeting=in_the_title, person=envoy, country="MN")
    ParticipationFactory(meeting=MeetingFactory(title="Consultations", date=dt.date(2021, 3, 5)), person=envoy)
    first = _listed_and_counts(client, monkeypatch, "q=Batbayar")
    assert first == (["Batbayar visits Seoul", "Consultations"], 2, 1)
    assert _listed_and_counts(client, monkeypatch, "q=Batbayar") == (first[0], 2, 0)
    ReadOutFactory(meeting=in_the_title, quotes=["We agreed to meet again in Ulaanbaatar."])
    counted = 1 if connection.vendor == "postgresql" else 0  # SQLite's read-outs list counts every match as it is
    assert _listed_and_counts(client, monkeypatch, "q=meet+again", "/readouts/")[1:] == (1, counted)
    assert _listed_and_counts(client, monkeypatch, "q=meet+again&sort=issuer", "/readouts/") == (
        ["We agreed to meet again in Ulaanbaatar."],
        1,
        0,
    )


@pytest.mark.django_db(transaction=True)
def test_a_ranked_searchs_pages_read_its_ranking_once_until_the_data_changes(client, monkeypatch):
    """A search of at most RANK_LIMIT matches, ranked, pages through its ranking kept under the data version: page 2
    shows the matches after page 1's in the same ranking without ranking them again, and once a write is committed the
    search is ranked again, a new best match first."""
    from meetings import views
    from meetings.pagination import ids_in_order

    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    for day in range(1, 56):
        meeting = MeetingFactory(title=f"Visit {day}", date=dt.date(2021, 1, 1) + dt.timedelta(days=day))
        ParticipationFactory(meeting=meeting, person=envoy)
    for year in (2001, 2002):  # the name in the title too: the best matches, however old
        ParticipationFactory(
            meeting=MeetingFactory(title=f"Batbayar in Seoul {year}", date=dt.date(year, 5, 1)), person=envoy
        )

    def page(number: int) -> tuple[list[str], int, int]:
        rankings = []
        monkeypatch.setattr(views, "ids_in_order", lambda rows: rankings.append(1) or ids_in_order(rows))
        response = client.get(f"/meetings/?q=Batbayar&page={number}")
        assert response.status_code == 200 and response.context["ranked"]
        titles = [meeting.title for meeting in response.context["object_list"]]
        return titles, response.context["paginator"].count, len(rankings)

    visits = [f"Visit {day}" for day in range(55, 0, -1)]
    best = ["Batbayar in Seoul 2002", "Batbayar in Seoul 2001"]
    assert page(1) == ([*best, *visits[:48]], 57, 1)
    assert page(2) == (visits[48:], 57, 0)
    assert page(1) == ([*best, *visits[:48]], 57, 0)
    ParticipationFactory(
        meeting=MeetingFactory(title="Batbayar in Ulaanbaatar", date=dt.date(2000, 1, 1)), person=envoy
    )
    assert page(2) == (visits[47:], 58, 1)
    assert page(1)[0][:3] == [*best, "Batbayar in Ulaanbaatar"]


def test_inside_a_transaction_a_lists_count_is_read_each_time(client, monkeypatch):
    """Inside a transaction (a test's, as here, or a management command's) a list is counted each time: its writes
    raise the data version only when it commits, and a count kept under the version before them would be stale."""
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    ParticipationFactory(meeting=MeetingFactory(title="Visit 1", date=dt.date(2021, 3, 1)), person=envoy)
    assert _listed_and_counts(client, monkeypatch, "q=Batbayar&sort=title") == (["Visit 1"], 1, 1)
    ParticipationFactory(meeting=MeetingFactory(title="Visit 2", date=dt.date(2021, 3, 2)), person=envoy)
    assert _listed_and_counts(client, monkeypatch, "q=Batbayar&sort=title") == (["Visit 1", "Visit 2"], 2, 1)


@pytest.mark.django_db(transaction=True)
def test_a_searchs_rarer_words_meetings_among_a_small_set_are_read_once_until_the_data_changes(client, monkeypatch):
    """Where the archive has more meetings with a search's rarer words than FEW_MEETINGS (2 here), they are read among
    a small set that holds every match of the list (a small office's meetings; PostgreSQL): kept so too, under the
    list's other filters, so that its other pages and sorts read them from the cache, another office's list reads its
    own, and a committed write has them read again."""
    monkeypatch.setattr("meetings.search.FEW_MEETINGS", 2)
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    montsame = OrganizationFactory(name="Montsame", slug="mn-montsame", country="MN")
    foreign_ministry = OrganizationFactory(name="Ministry of Foreign Affairs", slug="mn-mfa", country="MN")
    for day, office in ((1, montsame), (2, montsame), (3, foreign_ministry), (4, foreign_ministry)):
        meeting = MeetingFactory(title=f"Visit {day}", date=dt.date(2021, 3, day))
        ParticipationFactory(meeting=meeting, person=envoy, organization=office)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting")  # the archive's size, which tells that the office's set is small

    def listed(params: str) -> tuple[list[str], int]:
        return _listed_and_rarer_reads(client, params)

    # The archive's read (more than FEW_MEETINGS: only that is kept, as before), then the office's.
    reads = (2, 1) if connection.vendor == "postgresql" else (0, 0)  # SQLite reads no rarer words' meetings
    assert listed("q=Batbayar&organization=mn-montsame") == (["Visit 2", "Visit 1"], reads[0])
    assert listed("q=Batbayar&organization=mn-montsame&sort=title") == (["Visit 1", "Visit 2"], 0)
    assert listed("q=Batbayar&organization=mn-mfa") == (["Visit 4", "Visit 3"], reads[1])
    assert listed("q=Batbayar&organization=mn-mfa&sort=title&page=1") == (["Visit 3", "Visit 4"], 0)
    MeetingFactory(title="A meeting without the envoy")
    assert listed("q=Batbayar&organization=mn-montsame&sort=title") == (["Visit 1", "Visit 2"], reads[1])


def test_inside_a_transaction_a_searchs_rarer_words_meetings_are_read_each_time(client):
    """A transaction may have written what the data version does not show until it commits (a test's, as here, or a
    management command's): a search inside one reads its rarer words' meetings afresh each time, never a kept set
    that its own writes made stale."""
    envoy = PersonFactory(name="Odval Batbayar", slug="odval-batbayar", country="MN")
    ParticipationFactory(meeting=MeetingFactory(title="Visit 1", date=dt.date(2021, 3, 1)), person=envoy)
    reads_per_list = 1 if connection.vendor == "postgresql" else 0
    assert _listed_and_rarer_reads(client, "q=Batbayar") == (["Visit 1"], reads_per_list)
    ParticipationFactory(meeting=MeetingFactory(title="Visit 2", date=dt.date(2021, 3, 2)), person=envoy)
    assert _listed_and_rarer_reads(client, "q=Batbayar") == (["Visit 2", "Visit 1"], reads_per_list)


@pytest.fixture
def names_apart_and_together():
    """Two family names, each on the rows of many meetings and together on the rows of few: seven meetings of both
    (titles that sort and places that differ), one with one name on its row and the other in a read-out's quote, one
    rejected, and five of each name alone."""
    dates = [dt.date(2019, 5, 1) + dt.timedelta(days=9 * n) for n in range(7)]
    records = [
        MeetingFactory.build(title=f"{letter} round: Okafor and Brennan", date=date, location=place)
        for letter, date, place in zip(
            "GBEADFC", dates, ["Lagos", "Dublin", "", "Geneva", "Lagos", "Accra", "Cork"], strict=True
        )
    ]
    quoted = MeetingFactory.build(title="Okafor in Seoul", date=dt.date(2020, 3, 2), location="Seoul")
    records += [quoted, ReadOutFactory.build(meeting=quoted, quotes=["Brennan was not there."])]
    records.append(MeetingFactory.build(title="Okafor and Brennan, withdrawn", review_status="rejected"))
    for n in range(5):
        records.append(MeetingFactory.build(title=f"Okafor visit {n}", date=dt.date(2018, 1, 1 + n)))
        records.append(MeetingFactory.build(title=f"Brennan visit {n}", date=dt.date(2018, 2, 1 + n)))
    create_in_bulk(records)
    cache.clear()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Okafor Brennan", "sort": "title", "page": "2"},
        {"q": "Brennan Okafor", "sort": "-location", "page": "3"},
        {"q": "Okafor Brennan", "sort": "kind,title", "page": "2"},
        {"q": "Okafor Brennan", "date_from": "2019-06"},
        {"q": "Okafor Brennan Zanzibar"},  # together on no row: none there
    ],
)
@pytest.mark.parametrize("few", [1000, 3])
def test_names_together_on_few_rows_are_looked_up_by_key(client, monkeypatch, names_apart_and_together, params, few):
    """A search of several words has its meetings with every word on their own row read once, when at most
    FEW_MEETINGS, and the page and its count look each up by key (one array of ids) rather than walk the list's order
    probing every meeting's row, or scan every meeting to join them: at 1,000,000 meetings a fifth page of
    ?q=Seo+Dong-su by kind and title walked 118,378 meetings for 251 of 2,251 (490 ms). With more (``few`` = 3) the
    rows are asked of each meeting as before; either way the pages are those of the whole list, the meeting whose
    read-out quotes the other name among them and the rejected one not."""
    from django.test.utils import CaptureQueriesContext

    from meetings.search import together_few

    monkeypatch.setattr("meetings.search.FEW_MEETINGS", few)
    with CaptureQueriesContext(connection) as captured:
        assert_search_page_as_whole_list(client, monkeypatch, params)
    if connection.vendor != "postgresql":
        assert together_few(params["q"]) is None  # SQLite reads its rarest word place by place
        return
    reads = [q["sql"] for q in captured.captured_queries if "WITH found AS MATERIALIZED (SELECT" in q["sql"]]
    assert len(reads) == 1  # the page's count and its rows: one read (kept, or known to be many, for the rest)
    together = together_few(params["q"])
    if "Zanzibar" in params["q"]:
        assert together == []  # no row has all three: the part has no meeting to look up
        return
    on_their_rows = sorted(Meeting.objects.filter(title__contains="Okafor and Brennan").values_list("pk", flat=True))
    assert together == (on_their_rows if few == 1000 else None)  # the rejected one too: the list's filters ask it
    given = [
        sorted(int(i) for i in ids.split(","))
        for q in captured.captured_queries
        for ids in re.findall(r"'\{([\d,]+)\}'(?:::\w+\[\])?::bigint\[\]", q["sql"])
    ]
    assert (on_their_rows in given) == (few == 1000)
