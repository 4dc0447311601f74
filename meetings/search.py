"""The `q` of the meetings list: word by word, each word anywhere a reader would look, ranked.

A query is cut into words; a meeting matches when **every** word is found somewhere in it: its title,
its place, a participant's name or other spelling, a quoted read-out, or a sentence it was read from
("Trump Kim" finds their summits although no field holds both names). Each word also stands for the
spellings the extractor's lexicon treats as one (``meetings/extraction/lexicon.py``): the romanizations
of a Korean family name ("Jung" is also Chung, Jeong, Jong), the North's spelling of syllables
("Eui" is also "Ui"), a hyphenated given name with a space or run together ("Eui-yong", "Eui yong",
"Euiyong"), and names compared with case, spaces, hyphens and accents folded (``Person.name_key``).
Hangul names ("김정은") match the people's other spellings, as the lexicon reads them.

On PostgreSQL, names, titles and places are matched as substrings on each meeting's searchable text
(MeetingSearchText, migration 0036: its title, place and participants' names, upper-cased), whose one
trigram index (pg_trgm) finds the meetings with every word there at once; the longer texts (quotes,
sentences) by full-text search through GIN indexes. Elsewhere (SQLite) every field is a plain
case-insensitive substring match. Each part is a set of meeting ids read from its own index: the cost
follows the matches, not the number of meetings, and no query is added to a page.

Ranking: where a word was found says how much the meeting is about it (a title or a participant more
than a passing mention in a source sentence); the list orders by the sum over words, then newest first.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.db.models.lookups import Contains, Lookup

from meetings.extraction.lexicon import _SURNAME_SPELLINGS, _north_spelling, korean_name_variants
from meetings.models import Evidence, Meeting, MeetingSearchText, Participation, Person, ReadOut, name_key
from meetings.ordering import (
    absent,
    among_given,
    among_read_once,
    first_by_leading_groups,
    in_any,
    list_ordering,
    probed,
    without_index,
)
from meetings.page_cache import kept_exactly

# English stemming, so that "talk" finds "talks"; the indexes are built with the same configuration.
TEXT_SEARCH_CONFIG = "english"
# Each word adds its own index scans to the query: past this many, a query is a pasted sentence, and the
# words beyond add cost without narrowing much. The page says which words were left out.
MAX_WORDS = 8
# How much a word found in each place says that the meeting is about it: a title or a participant names
# what the meeting is; a place, then a read-out's quote or a source sentence may mention it in passing.
WEIGHTS = {"title": 4, "participant": 3, "location": 2, "quote": 1, "evidence": 1}
# Several words found together, as a participant's name in any spelling or in the title, outweigh any
# number of words found apart ("Jong Un" is Kim Jong Un before it is "Jong" and "un" in two names).
PHRASE_WEIGHT = sum(WEIGHTS.values()) * MAX_WORDS
# Relevance is computed for each match; past this many the list keeps its newest-first order (read off its
# index) and says so: more words or filters narrow it to a ranked list. The same bound as a list's count.
RANK_LIMIT = 1000
# How many meetings a page may walk down the list's order, testing each, to find one long-text place's first rows
# (a read-out's quote, a source sentence): a few microseconds a meeting, some 50 ms at most. A word common enough
# there (by PostgreSQL's statistics of the documents, ``_shares_in_sources``) that a page's rows are expected within
# it is walked for; any other is read from the full-text index and its matches sorted.
WALK_BUDGET = 20_000
# The planner's statistics of the long texts' documents change only when a table is analysed: read at most this often
# (seconds) per word.
SHARES_TTL = 300
# How many meetings a search's rarer words may have anywhere for every match to be looked for among them, each probed
# for every word (``meetings_of_rarer_words``), rather than a common word's read-outs or sources walked for those that
# hold the other words too: a meeting probed costs some 15-20 µs, so 10,000 take at most about 0.2 s, where a walk
# that the rarer words leave with few finds went on through every read-out and source sentence with the common word
# (?q=<a person's name>+talks: 5 s at 1,000,000 meetings). Reading them costs at most some 40 ms when a word has more.
FEW_MEETINGS = 10_000
# How long a search's rarer words' meetings are kept (seconds) under the data version they were read at
# (``meetings_of_rarer_words``), and its words' few meetings in the read-outs and sources (``rare_in_long_texts``):
# exact for as long as they are kept, since any write makes a new version; at most FEW_MEETINGS ids each (some 80 KB),
# kept as long as the documents' statistics.
RARER_MEETINGS_TTL = SHARES_TTL
# How many meetings a word may have in a read-out's quotes or a source sentence, where it is too rare to be walked for,
# for a count of several words to read them as ids first (``rare_in_long_texts``): the other words' parts then ask a
# meeting for it by one look-up in an array (hashed by PostgreSQL) instead of probing its read-outs and sources, and a
# place where the word is in none is not asked at all. Reading them costs what a count's part for the word there
# costs already (its rows off the full-text index, stopped past the bound); past it the probes stay.
RARE_IN_PLACE = 1_000
# The fewest letters a trigram index (pg_trgm) can look up.
TRIGRAM = 3
# A word this short may be a syllable of a Korean given name typed apart ("Eui Yong", "Yeon chul").
SYLLABLE = 4
# pg_trgm cuts a text into words at every character that is not a letter or a digit, and indexes each word's trigrams
# apart: a name spelled with a hyphen or a space ("Bin-jin", "Bin jin") was looked up as two common syllables, whose
# index entries named every text with a word ending in "bin" and one starting with "jin" (12,742 read-outs' titles
# for 1,919 with "Bin-jin" at 1,000,000 meetings). The texts kept for a search (the meetings' searchable text, the
# read-outs' kept titles: migration 0038) are stored upper-cased with these separators written as lower-case letters,
# which no upper-cased text holds: "BINxJIN" is one word, whose trigrams across the hyphen ("NXJ", "XJI") few texts
# have. A pattern is written the same way and matches exactly the texts it matched before.
JOINED_SEPARATORS = " -"
JOINED_AS = "qx"
# Characters around a word that are punctuation, not part of it ("Kim," "(Hanoi)" "“summit”").
_EDGE_PUNCTUATION = "\"'“”‘’.,;:!?()[]{}<>"


def sentence_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("sentence", config=TEXT_SEARCH_CONFIG)


def quotes_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("quotes", config=TEXT_SEARCH_CONFIG)


@dataclass(frozen=True)
class Query:
    words: list[str]  # the words searched for, each at least one character
    ignored: list[str]  # words past MAX_WORDS


def parse(text: str) -> Query:
    """The words of a query, in order, each once (case aside), without surrounding punctuation."""
    words, seen = [], set()
    for raw in (text or "").split():
        word = raw.strip(_EDGE_PUNCTUATION)
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            words.append(word)
    return Query(words[:MAX_WORDS], words[MAX_WORDS:])


def spellings(word: str) -> list[str]:
    """The word and the spellings the lexicon counts as the same: "Jung" → Chung, Jeong, Jong, Jung."""
    found = {word}
    if "-" in word.strip("-"):
        found |= {word.replace("-", " "), word.replace("-", "")}
    folded = word.casefold()
    for group in _SURNAME_SPELLINGS:
        if folded in {s.casefold() for s in group}:
            found |= group
    if folded == "ui":  # the North's "Ui" is the South's "Eui" (Jong Ui Yong, Chung Eui-yong)
        found.add("Eui")
    # Case-insensitive matching makes case variants redundant: one of each, the spelling as written first.
    unique: dict[str, str] = {}
    for variant in sorted(found, key=lambda v: (v != word, v)):
        unique.setdefault(variant.casefold(), variant)
    # The North's spelling of the South's given-name syllables ("Eui-yong" is "Ui-yong"), as the lexicon
    # applies it: to a given name's syllables, not to any word ("Seoul" is no "Soul").
    if "-" in word or len(word) <= SYLLABLE or "eui" in folded:
        for variant in list(unique.values()):
            unique.setdefault(_north_spelling(variant.casefold()), _north_spelling(variant.casefold()))
    return sorted(unique.values(), key=str.casefold)


class Joined(Func):
    """Upper-cased text with its spaces and hyphens written as lower-case letters (JOINED_SEPARATORS → JOINED_AS), as
    migration 0038 stores the texts kept for a search."""

    function = "translate"
    template = f"%(function)s(%(expressions)s, '{JOINED_SEPARATORS}', '{JOINED_AS}')"


def joined_contains(field: F, pattern: str) -> Q:
    """A text kept for a search (``field``: stored upper-cased and joined, migration 0038) holding ``pattern``, case
    aside (PostgreSQL). Upper-cased text holds no lower-case letter, so the separators' letters stand for nothing
    else: the same texts as ``UPPER(text) LIKE UPPER('%pattern%')`` on the text as written."""
    return Q(Contains(field, Joined(Upper(Value(pattern)))))


def _contains(field: str, variants: list[str]) -> Q:
    condition = Q()
    for variant in variants:
        condition |= Q(**{f"{field}__icontains": variant})
    return condition


def json_contains(field: str, variants: list[str]) -> Q:
    """A JSON list of strings holding any variant: SQLite keeps the list as written by json.dumps, which
    escapes non-ASCII letters ("김정은" is stored as "\\uae40\\uc815\\uc740"), so both forms are looked for."""
    condition = _contains(field, variants)
    if connection.vendor != "postgresql":
        escaped = [json.dumps(v)[1:-1] for v in variants if not v.isascii()]
        condition |= _contains(field, escaped)
    return condition


def _document_matches(column: str, variants: list[str]) -> RawSQL:
    """A stored full-text document (migration 0008) holding any variant, as plain words: PostgreSQL only."""
    queries = " || ".join(["plainto_tsquery('english'::regconfig, %s)"] * len(variants))
    return RawSQL(f"{column} @@ ({queries})", variants, output_field=BooleanField())


def _full_text(column: str, variants: list[str], fallback: str) -> Q:
    """Rows of ``model`` whose long text holds a variant: through its stored document and GIN index on
    PostgreSQL (``column``), as a substring of ``fallback`` elsewhere."""
    if connection.vendor != "postgresql":
        return _contains(fallback, variants)
    return Q(_document_matches(column, variants))


def _people(variants: list[str]) -> QuerySet:
    condition = _contains("name", variants) | json_contains("aliases", variants)
    for key in {name_key(v) for v in variants} - {""}:
        condition |= Q(name_key__contains=key)
    return Person.objects.filter(condition).values("pk")


def word_parts(word: str) -> dict[str, QuerySet]:
    """For each place a word may be found (the keys of WEIGHTS), the ids of the meetings where it is."""
    variants = spellings(word)
    return {place: meetings_with(place, variants) for place in WEIGHTS}


def meetings_with(place: str, variants: list[str]) -> QuerySet:
    """The ids of the meetings with a variant in ``place`` (a key of WEIGHTS), each read from the place's own rows.
    Built for the places a search reads, not for all five: a queryset costs some 0.2 ms of Python to build, and a
    search of two words built ten for each of its count and its page where it read at most four."""
    if place in ("title", "location"):
        return Meeting.objects.filter(_contains(place, variants)).values("pk")
    of_a_meeting = {"meeting__isnull": False} if place == "evidence" else {}  # a sentence may be of no meeting
    return _rows_holding(place, variants, **of_a_meeting).values("meeting")


def _phrase_people(words: list[str]) -> tuple[list[str], QuerySet]:
    """The words together in every spelling the lexicon knows for a Korean name ("Jung Eui-yong" is Chung
    Eui-yong), and the people whose name holds one of them ("Jong Un" is in "Kim Jong Un")."""
    phrase = " ".join(words)
    variants = sorted(korean_name_variants(phrase) | {phrase})
    condition = _contains("name", variants) | json_contains("aliases", variants)
    for key in {name_key(v) for v in variants} - {""}:
        condition |= Q(name_key__contains=key)
    return variants, Person.objects.filter(condition).values("pk")


def meetings_matching(text: str, *, among: list[int] | None = None) -> Q:
    """Meetings in which every word of ``text`` is found somewhere, as one condition on meeting ids.

    On PostgreSQL: the meetings with every word on their own row (``_together``: title, place, participants, one
    trigram index that intersects the words' matches), and for each word those whose read-outs or sources hold it
    with every other word anywhere (``_in_long_texts``); or, given ``among`` (``meetings_of_rarer_words``), those of
    its ids with every word anywhere, each tested. Elsewhere: the places of the word likeliest to be rare
    (``_rarest_first``) as sets of ids, each other word tested on the meetings in them."""
    words = parse(text).words
    if not words:
        return Q()
    if among is not None and connection.vendor == "postgresql":
        return _among_with_every_word(words, among)
    if connection.vendor == "postgresql":
        first, *others = [_together(words).values("meeting"), *_in_long_texts(Meeting.objects.all(), words)]
        return Q(pk__in=first.union(*(part.values("pk") for part in others)))
    word, other_words_found = _rarest_word(words)
    # One set, the union of the places' (each read from its own index), not a condition per place: PostgreSQL joins a
    # single set however large (hashed in batches, on disk if need be), but tests a condition per place inside an OR
    # as a subplan, hashed only while it fits its memory and otherwise scanned as a list for every meeting.
    first, *others = (part.order_by() for part in word_parts(word).values())
    return Q(pk__in=first.union(*others)) & Q(*other_words_found)


def _on_its_row(variants: list[str]) -> Q:
    """A meeting's searchable text (MeetingSearchText) holding a variant, or a variant's folded form as people's
    names are folded (``Person.name_key``: "Yongchol" finds "Kim Yong-chol"), upper-cased and joined as the text is
    stored (``joined_contains``), by PostgreSQL (so that a letter's capital is the one the text was stored with)."""
    patterns = {pattern.casefold(): pattern for pattern in [*variants, *map(name_key, variants)] if pattern}
    condition = Q()
    for pattern in sorted(patterns.values()):
        condition |= joined_contains(F("text"), pattern)
    return condition


def _together(words: list[str]) -> QuerySet:
    """The searchable texts (MeetingSearchText) holding every word, each in any of its spellings: read off one trigram
    index, which intersects the words' matches before a row is read (PostgreSQL)."""
    return MeetingSearchText.objects.filter(*(_on_its_row(spellings(word)) for word in words))


def _together_here(words: list[str], meeting: str = "pk") -> Exists:
    """Whether the meeting at hand (its id in the row's column ``meeting``) has every word on its own row
    (``_together``): one probe of its text by its id."""
    return Exists(_together(words).filter(meeting=OuterRef(meeting)))


def _anywhere(
    variants: list[str],
    *,
    meeting: str = "pk",
    as_probes: bool = False,
    counted: int | None = None,
    known: dict[str, list[int]] | None = None,
) -> Q:
    """Whether the meeting at hand has a variant in any place: its searchable text (one probe by its id), a read-out's
    quote or a source sentence (probes of their meeting's index) (PostgreSQL). ``as_probes``: the read-outs and sources
    asked as probes too (``probed``), for a set of meetings known to be few, where PostgreSQL would hash every
    read-out or sentence with a common word (82,967 read-outs with "talks", 70 ms at 1,000,000 meetings, to test
    2,527 meetings).

    ``counted``: for a count of that many matches driven from a set of meetings read by key (matching_ids'
    ``within``), whose number PostgreSQL cannot tell and guesses at a handful, so that it probes each meeting's
    read-outs and sources: a long-text place where the word is too rare to be walked for (``_walked_for``, as the
    count reads it) is read once off its full-text index instead, its meetings hashed. The busiest office's count
    beside ``?q=Kim+talks`` probed 8,981 meetings' read-outs and as many meetings' sources for "Kim", which none of
    them held (67,000 of the count's 156,000 buffers at 1,000,000 meetings).

    ``known``: for a long-text place, the ids of every meeting with a variant there (``rare_in_long_texts``), each
    meeting looked up among them; a place of none is not asked.

    ``meeting``: the column of the row at hand that holds the meeting's id (a subject's kept rows: "meeting")."""
    on_its_row = MeetingSearchText.objects.filter(_on_its_row(variants), meeting=OuterRef(meeting))
    shares = _shares_in_sources(variants) if counted is not None else {}
    long_texts = []
    for place in LONG_TEXTS:
        if known is not None and place in known:
            if known[place]:
                long_texts.append(Q(among_given(known[place], meeting)))
        elif counted is not None and not _walked_for(shares[place], counted):
            long_texts.append(Q(**{f"{meeting}__in": meetings_with(place, variants).order_by()}))
        elif as_probes:
            long_texts.append(Q(probed(_rows_in(place, variants, meeting))))
        else:
            long_texts.append(Q(_found_in(place, variants, meeting=meeting)))
    return _any([Q(probed(on_its_row)), *long_texts])


def _others_anywhere(
    words: list[str], word: str, *, counted: int | None = None, known: Known | None = None, meeting: str = "pk"
) -> list[Q]:
    """For each of ``words`` but ``word``: the meeting at hand (its id in the row's column ``meeting``) has it anywhere
    (``_anywhere``); ``known``: the ids of the meetings with a word in a long-text place, by word and place
    (``rare_in_long_texts``)."""
    known = known or {}
    return [
        _anywhere(
            spellings(other),
            meeting=meeting,
            counted=counted,
            known={place: ids for (known_word, place), ids in known.items() if known_word == other},
        )
        for other in words
        if other != word
    ]


# For some of a search's words and long-text places, by (word, place): the ids of every meeting with the word there.
Known = dict[tuple[str, str], list[int]]


def rare_in_long_texts(text: str, limit: int) -> Known:
    """For each of a search's words (several) and long-text place where a count of ``limit`` matches would not walk
    for it (``_walked_for``), the ids of the meetings with it there, when they are at most RARE_IN_PLACE: read in one
    statement, each place off its full-text index as the count's own part for the word there reads it (PostgreSQL;
    elsewhere none). A list reads them once for its count and its page (matching_ids' and first_matches' ``known``),
    for the bound of whichever asks first: a place's ids are every meeting with the word there, given also where the
    other's bound would walk for it.

    Asked of each meeting another word's part finds, a word's read-outs and sources were probes of their meeting's
    rows, some 7 buffers a meeting for the two places: ?q=Kim+talks with American officials alone tested 11,709
    meetings for "Kim" so, in read-outs and sources none of which held it, for 1,001 matches (88,000 of the count's
    216,000 buffers at 1,000,000 meetings)."""
    words = parse(text).words
    if len(words) < 2 or connection.vendor != "postgresql":
        return {}
    rare = [
        (word, place)
        for word in dict.fromkeys(words)
        for place, share in _shares_in_sources(spellings(word)).items()
        if not _walked_for(share, limit)
    ]
    if not rare:
        return {}
    # Kept under the data version they were read at, as the rarer words' meetings are: a search's pages, sorts and
    # filters read them once until the data changes (?q=Kim+talks beside the busiest person: a statement and some
    # 3 ms of building it on each page at 1,000,000 meetings).
    key = _words_key(f"search-rare-in-place:{RARE_IN_PLACE}", [f"{word}\t{place}" for word, place in rare])
    return kept_exactly(key, functools.partial(_meetings_rare_in, rare), RARER_MEETINGS_TTL)


def _meetings_rare_in(rare: list[tuple[str, str]]) -> Known:
    """rare_in_long_texts' read: for each (word, long-text place) of ``rare``, the ids of the meetings with the word
    there, when they are at most RARE_IN_PLACE, in one statement."""
    parts = [
        meetings_with(place, spellings(word))
        .order_by()
        .annotate(part=Value(number))
        .values_list("part", "meeting")[: RARE_IN_PLACE + 1]
        for number, (word, place) in enumerate(rare)
    ]
    first, *others = parts
    rows: dict[int, list[int]] = {number: [] for number in range(len(rare))}
    for number, meeting in first.union(*others, all=True):
        rows[number].append(meeting)
    # A place of more rows than the bound was read only in part: its probes stay.
    return {rare[number]: sorted(set(ids)) for number, ids in rows.items() if len(ids) <= RARE_IN_PLACE}


# The places of a meeting's longer texts, where a word is matched by full-text search (PostgreSQL).
LONG_TEXTS = ("quote", "evidence")


def _in_long_texts(meetings: QuerySet, words: list[str]) -> list[QuerySet]:
    """For each word and long-text place (quote, evidence): ``meetings`` whose texts there hold the word, with every
    other word anywhere (PostgreSQL). With ``_together``, every match: a meeting whose own row lacks a word has it in
    a read-out or a source."""
    parts = []
    for word in words:
        others = _others_anywhere(words, word)
        variants = spellings(word)
        parts.extend(meetings.filter(*others, pk__in=meetings_with(place, variants)).order_by() for place in LONG_TEXTS)
    return parts


def first_matches(
    meetings: QuerySet,
    text: str,
    count: int,
    *,
    among: list[int] | None = None,
    walk: Callable[[Narrowing, int], QuerySet] | None = None,
    known: Known | None = None,
    together: list[int] | None = None,
) -> Q:
    """The condition of meetings_matching for a list that reads at most ``count`` of its matches: the same rows in
    those places, found without reading every match.

    ``meetings`` is the list as filtered otherwise. Each part of the union (the meetings with every word on their own
    row; for each word, those with it in a read-out or a source and the others anywhere) gives only ``count``
    meetings, with the list's other filters:

    - ordered (``meetings`` has an order): its first ``count`` in that order. The list's first ``count`` rows are
      among them, since each is among the first ``count`` of a part it is in: a page's rows.
    - unordered: any ``count``. The union has ``count`` or more exactly when the whole list has: a capped count.

    Either way, with fewer than ``count`` matches in all every part is whole and the union is exact (a ranking
    needs every match). PostgreSQL chooses per part between walking the order's index with the part as a filter
    (common words stop after ``count`` finds) and the part's own trigram or full-text index (rare ones), rather than
    building every match's id. SQLite, which has no ORDER BY or LIMIT in a UNION's parts, takes meetings_matching.

    ``among``: meeting ids that hold every match (``meetings_of_rarer_words``): the first ``count`` of those that
    match, instead of the parts.

    ``walk``: for a list whose other filters a subject's kept rows answer (a country's, a person's, an office's), given
    a condition (as a Narrowing: asked of the rows' own column of the meeting) and ``count``, the ids of the list's
    first ``count`` meetings that meet it, walked down those rows (filters.MeetingFilterSet's ``_kept_rows_walk``)
    rather than down the archive's order; not with ``among``.

    ``known``: ``rare_in_long_texts``' ids for the search, if the list has read them already.

    ``together``: the meetings with every word on their own row, when few (``together_few``), each looked up by key.
    """
    words = parse(text).words
    if not words or connection.vendor != "postgresql":
        return meetings_matching(text)
    ordering = list_ordering(meetings)

    def first_in_order(found: QuerySet) -> QuerySet:
        return first_by_leading_groups(found, count).order_by(*ordering).values("pk")[:count]

    def walked(condition: Narrowing) -> QuerySet:
        return walk(condition, count) if walk is not None else first_in_order(meetings.filter(condition("pk")))

    if among is not None:
        # Walked for in the list's order or read by key and sorted, as PostgreSQL prices them: it knows how many of
        # the archive's meetings the ids are. Always sorted, each of them was probed for every word before the first
        # ``count`` were taken: ?q=Hee-su+talks probed the 7,421 meetings of "Hee-su" for both words (90 ms at
        # 1,000,000 meetings) where the list's order has its first 51 within 6,300 meetings, each looked up in the ids
        # (4 ms). A list of few ids is sorted. Never down a subject's kept rows: each row's meeting would be looked up
        # in the ids, which a condition asks one by one.
        return in_any([first_in_order(meetings.filter(_among_with_every_word(words, among)))])

    # The meetings' own rows as a probe of each meeting walked (a common word stops after ``count`` finds), which
    # PostgreSQL may also read off the trigram index and sort (rare words); words together on few rows, those rows'
    # meetings (together_few).
    if together is None:
        parts = [walked(lambda meeting: Q(_together_here(words, meeting)))]
    else:
        parts = [walked(lambda meeting: Q(among_given(together, meeting)))]
    # Left to itself, PostgreSQL misjudged how far down the list a read-out's or a source's first matches are: it
    # walked the whole order's index (probing each meeting's sources) for a word no source held, 14 s at 1,000,000
    # meetings. A word that the documents' statistics show common enough is walked for, each meeting probed
    # (``?q=talks``: in every source sentence of the demo data, 1 s sorted whole at 1,000,000 meetings, 0.13 s
    # walked); any other is read from its full-text index and its matches sorted by an expression no index holds (a
    # top-N sort of ``count`` rows). Beside other words, such a word's meetings there are read first when few
    # (``rare_in_long_texts``): a meeting walked for another word is looked up among them rather than probed.
    known = rare_in_long_texts(text, count) if known is None else known
    for word in words:
        variants = spellings(word)
        others = functools.partial(_others_in_row, words, word, known)
        shares = _shares_in_sources(variants)
        # The place where the word is commonest asked first of each meeting walked: one with the word there, no more.
        walked_places = sorted(
            (place for place in LONG_TEXTS if _walked_for(shares[place], count)), key=lambda place: -shares[place]
        )
        if walked_places:
            parts.append(walked(functools.partial(_in_places_with_others, words, word, known, walked_places)))
        sorted_in = []  # the long-text places read off their index: their meetings, as a condition on the list's
        for place in LONG_TEXTS:
            if (word, place) in known:
                if ids := known[word, place]:  # a place where the word is in none has no part
                    sorted_in.append(among_given(ids))
            elif place not in walked_places:
                # Its meetings read first, as an array, each then looked up by key (as matching_ids reads them): as a
                # join, PostgreSQL may drive from the list's meetings instead, each probed for the word there, which it
                # cannot tell is rare (?q=Jong beside Mongolia's held meetings: 27,511 meetings' sources, 0.34 s at
                # 1,000,000 meetings, for none).
                sorted_in.append(among_read_once(meetings_with(place, variants)))
        if sorted_in:
            # The list's meetings with the other words, sorted by an expression no index holds: built only for a word
            # with such a place (the other words' probes, resolved into a queryset, are some 2 ms of Python at each
            # page of ?q=Kim+talks, whose "talks" is walked for in both places).
            sorted_found = meetings.filter(others("pk")).order_by(*without_index(ordering)).values("pk")
            parts.extend(sorted_found.filter(among)[:count] for among in sorted_in)
    return in_any(parts)


def _others_in_row(words: list[str], word: str, known: Known, meeting: str) -> Q:
    """first_matches' condition that the meeting at hand (its id in the row's column ``meeting``) has every word of
    ``words`` but ``word`` anywhere (``_others_anywhere``)."""
    return _all(_others_anywhere(words, word, known=known, meeting=meeting))


def _in_places_with_others(words: list[str], word: str, known: Known, places: list[str], meeting: str) -> Q:
    """first_matches' condition for a word's walked part: the meeting at hand (its id in the row's column ``meeting``)
    has the word in any of ``places`` (``_found_in_any``) and every other word anywhere (``_others_in_row``)."""
    return _others_in_row(words, word, known, meeting) & _found_in_any(places, spellings(word), meeting)


def _found_in_any(places: list[str], variants: list[str], meeting: str = "pk") -> Q:
    """Whether the meeting of the row at hand has a variant in any of ``places`` (long-text places a word is walked
    for): one walk of the list's order for them all, which stops at a page's first rows with the word in either
    (first_matches' ``count``). Walked apart, each place's walk went as far as its own ``count`` finds, however far
    the other's had come: ``?q=Kim+talks`` beside the busiest news agency walked 88,216 meetings for "talks" in a
    quote where its sources had the page's rows within 5,905 (1,000,000 meetings), and each walk hashed the agency's
    meetings anew. Several places are each a probe of the meeting's rows (``probed``): an OR of EXISTS is a condition
    PostgreSQL may hash whole, every read-out or source sentence with the word."""
    if len(places) == 1:
        return Q(_found_in(places[0], variants, meeting=meeting))
    return _any([Q(probed(_rows_in(place, variants, meeting))) for place in places])


# A condition on a meeting given the column of the row at hand that holds its id (matching_ids' ``narrowing``).
Narrowing = Callable[[str], Q]

# The documents of the long-text places, as PostgreSQL keeps statistics of them (migration 0008).
_DOCUMENTS = {"quote": ("meetings_readout", "quotes_tsv"), "evidence": ("meetings_evidence", "sentence_tsv")}


def _walked_for(share: float, count: int) -> bool:
    """Whether a word in ``share`` of a long-text place's rows (``_shares_in_sources``) is common enough there that
    ``count`` of its matches are expected within WALK_BUDGET meetings walked; else it is read off its index."""
    return count <= share * WALK_BUDGET


def _shares_in_sources(variants: list[str]) -> dict[str, float]:
    """For each long-text place (quote, evidence): the share of its rows whose document holds the word, in its
    commonest spelling, as PostgreSQL's statistics have it (``pg_stats``: the most common lexemes of a sample and
    their frequencies; a spelling of several lexemes, as plain words, is as common as its rarest). 0 for a word that
    is not among the most common, which is what a word in few documents is. Kept SHARES_TTL seconds per word."""
    key = _words_key("search-shares", variants)

    def read() -> dict[str, float]:
        shares = dict.fromkeys(_DOCUMENTS, 0.0)
        places = {document: place for place, document in _DOCUMENTS.items()}
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT tablename, attname, MAX(share) FROM (
                    SELECT s.tablename, s.attname, v.variant, MIN(COALESCE(s.most_common_elem_freqs[
                        array_position((s.most_common_elems::text)::text[], lexeme)], 0)) AS share
                    FROM pg_stats s, unnest(%s::text[]) AS v(variant),
                         unnest(tsvector_to_array(to_tsvector(%s::regconfig, v.variant))) AS lexeme
                    WHERE s.schemaname = current_schema() AND s.tablename = ANY(%s) AND s.attname = ANY(%s)
                    GROUP BY s.tablename, s.attname, v.variant
                ) by_spelling GROUP BY tablename, attname
                """,
                [
                    variants,
                    TEXT_SEARCH_CONFIG,
                    [table for table, _ in _DOCUMENTS.values()],
                    [column for _, column in _DOCUMENTS.values()],
                ],
            )
            for table, column, share in cursor.fetchall():
                if (table, column) in places:
                    shares[places[table, column]] = float(share or 0)
        return shares

    return cache.get_or_set(key, read, SHARES_TTL)


def _words_key(kind: str, words: list[str]) -> str:
    """The cache key of what is kept about some words (``kind``: what it is), whatever they are."""
    return f"diplo:{kind}:" + hashlib.sha256("\n".join(words).encode()).hexdigest()


def matching_ids(
    meetings: QuerySet,
    text: str,
    limit: int,
    *,
    narrowing: Narrowing | None = None,
    within: QuerySet | None = None,
    among: list[int] | None = None,
    narrowed: bool = False,
    known: Known | None = None,
    together: list[int] | None = None,
) -> list[int]:
    """The ids of up to ``limit`` of ``meetings`` (the list as filtered otherwise) that match ``text``, in no order:
    all of them when there are fewer, so that a list of at most RANK_LIMIT matches counts them and ranks them from one
    read (the places read again for the ranking were half of a ranked search's time).

    On PostgreSQL the parts of meetings_matching are read one after another, each without the meetings of the parts
    before it, so that no meeting is read twice and the read stops as soon as ``limit`` are found: common words fill
    it from the meetings' own rows, and the read-outs and sources are never read.

    ``narrowing``: a condition of ``meetings`` on their id alone (an office's: probes of its (office, meeting)
    indexes), given the column that holds a meeting's id, asked again of each searchable text, read-out or sentence
    where the words are, before the meeting is read. PostgreSQL tests a meeting's conditions where it reads the
    meeting: "Jong" (in any spelling) with the busiest office read the 108,342 meetings of the people called so to
    keep the 10,000 of the office (1.0 s at 1,000,000 meetings).

    ``within``: the ids of a set of meetings that holds every match (an office's), from which the read-outs and
    sources of a word common there are probed, each of those meetings once until ``limit`` are found, rather than
    walked for through the archive's meetings. PostgreSQL walked every read-out in step with every meeting for the
    first 1,001 of an office of 13,418 meetings with "talks" in a quote (540 ms at 1,000,000 meetings), and scanned
    220,000 meetings for 1,001 of the busiest office's 39,451 (270 ms); it cannot drive from the office's meetings
    itself, which are the meetings of its officials *or* of its read-outs.

    ``among``: meeting ids that hold every match (``meetings_of_rarer_words``), each tested instead of the places
    read. ``narrowed``: ``meetings`` has filters of its own, which each of them is asked first: the ids the list keeps
    read whole before any is tested for the words. PostgreSQL asks a meeting's own conditions, the words' probes among
    them, where it reads the meeting, and a filter on other rows (a country's participations) after: the 7,421 meetings
    of "Hee-su" were each probed for both words, for the 266 of them with Mongolia's officials (?q=Hee-su+talks beside
    Mongolia: 141,703 buffers, 98 ms at 1,000,000 meetings). Unfiltered, every id would be read for none.

    ``known``: ``rare_in_long_texts``' ids for the search, if the list has read them already; ``together``: the
    meetings with every word on their own row, when few (``together_few``), each looked up by key; not beside
    ``narrowing``, whose set the count is driven from.
    """
    words = parse(text).words
    if not words or connection.vendor != "postgresql":
        return list(meetings.filter(meetings_matching(text)).order_by().values_list("pk", flat=True)[:limit])
    unordered = meetings.order_by().values_list("pk", flat=True)
    if among is not None:
        listed = among_read_once(meetings.filter(among_given(among)).values("pk")) if narrowed else None
        return list(unordered.filter(_among_with_every_word(words, among, among=listed))[:limit])
    if together is None or narrowing is not None:
        on_their_rows = _together(words).filter(narrowing("meeting")) if narrowing else _together(words)
        parts = [unordered.filter(pk__in=on_their_rows.values("meeting"))]
        # Whether an earlier part has the meeting, each a probe (``absent``): as NOT EXISTS PostgreSQL may join the part
        # to every row of the place, and merged "talks" in the sources with every searchable text, none of which had
        # it on its own row, reading all 1,000,000 to exclude none (526 ms).
        found_before = [absent(_together(words).filter(meeting=OuterRef("pk")))]
    else:
        # The words together on few rows: those meetings by key.
        in_together = Q(among_given(together))
        parts = [unordered.filter(in_together)]
        found_before = [~in_together]
    known = rare_in_long_texts(text, limit) if known is None else known
    for word in words:
        variants = spellings(word)
        others = _others_anywhere(words, word, counted=limit if within is not None else None, known=known)
        shares = _shares_in_sources(variants)
        # The place where the word is commonest first: the count stops at ``limit`` finds, which come soonest there.
        # Read-outs first, "talks" (in 17 % of them, every source sentence) was hashed from 82,967 read-outs and each
        # meeting probed for the other words: ?q=Kim+talks 474-494 ms at 1,000,000 meetings, 126-133 sources first.
        for place in sorted(LONG_TEXTS, key=lambda place: -shares[place]):
            walked = _walked_for(shares[place], limit)
            found_after = Q()  # asked of a meeting once it has the other words
            given = known.get((word, place))
            if given == []:
                continue  # a place where the word is in none has no part, and a later part need not ask it
            in_given = Q(among_given(given)) if given is not None else None
            if in_given is not None:
                # The list's condition asked too: a place's given ids are every meeting with the word there, in the
                # list or not, and ``meetings`` may leave the condition to ``narrowing`` (a small set's, beside
                # ``within``). Without it ?q=Kim+arrived beside North Korea counted a meeting of other officials.
                found = in_given & (narrowing("pk") if narrowing else Q())
            elif walked and within is not None:
                # ``meetings`` asks every filter of each meeting read: the narrowing would ask the offices' again.
                found = Q(among_read_once(within)) & Q(_found_in(place, variants))
            elif walked and others:
                # Beside other words, a probe of the meeting's rows, asked after them (``_then``). As EXISTS, PostgreSQL
                # may join every read-out or source sentence with the word to the list: it hashed the 82,967 read-outs
                # with "talks" against the busiest person's 1,403 meetings in Mongolia, some 3 buffers each as probes
                # (?q=Kim+talks: 129 ms for that part at 1,000,000 meetings), and against the letters for ?q=Kim+talks
                # (the count 100 ms; 31 so).
                rows = _rows_in(place, variants)
                found, found_after = Q(), Q(probed(rows.filter(narrowing("meeting")) if narrowing else rows))
            elif walked:
                found = _found_in(place, variants, narrowing)
            else:
                # A word rare in the place, read whole off its full-text index once: left to plan the part for its
                # first ``limit`` rows, PostgreSQL walked the meetings' and the read-outs' ids in step, testing every
                # read-out's quotes, for a name no quote held (?q=Eui-yong: 499,829 read-outs, 205 ms at 1,000,000
                # meetings; 0.1 ms read off the index).
                ids = meetings_with(place, variants)
                found = among_read_once(ids.filter(narrowing("meeting")) if narrowing else ids)
            parts.append(unordered.filter(found, _then(others, found_after & _all(found_before))))
            # A meeting of this part matches every word: it is in a later word's part only if that word is there too
            # (for given ids, one of them: a later part asks the list's condition itself, no probe needed here).
            found_before.append(~in_given if in_given is not None else absent(_rows_in(place, variants)))
    # Each part planned for its first ``limit`` rows: PostgreSQL plans a UNION's parts for all of theirs, and built a
    # hash of every meeting with "Kim" on its row (117,000 at 1,000,000 meetings) to find 1,001 of them.
    first, *others = (part[:limit] for part in parts)
    return list(first.union(*others, all=True)[:limit])


def _then(first: list[Q], then: Q) -> Q:
    """``first`` (none, or conditions that let few rows through) and then ``then``, asked in that order of each row.
    PostgreSQL orders a row's conditions by their estimated costs, not by how many rows each lets through: it asked
    each meeting of "talks" in a quote whether an earlier part had it before whether it had "Geneva" at all (15,190
    meetings tested three times more for 1,001 matches, 8-12 % of ?q=Geneva+talks at 1,000,000 meetings)."""
    if not first:
        return then
    return Q(Case(When(_all(first), then=ExpressionWrapper(then, output_field=BooleanField())), default=Value(False)))


def meetings_of_rarer_words(
    text: str,
    *,
    small_set: Callable[[], tuple[QuerySet, Narrowing] | None] | None = None,
    small_set_key: Callable[[], str] | None = None,
) -> list[int] | None:
    """The ids of the meetings that have, anywhere, every word of a search that is rare in the read-outs and sources,
    when they are at most FEW_MEETINGS: they hold every match, and matching_ids and first_matches test each of them
    (``among``) rather than walk a common word's read-outs or sources (PostgreSQL). None for a search of one word
    common there, for a search of several words when none is common there or every word is, or when the rarer words
    have more meetings.

    A common word's place is walked for because a list's first rows are expected soon (``_walked_for``); beside
    another word those rows are the meetings that also have it, and a rarer word leaves few: the walk for "Tanaka
    Hee-su talks" went through every read-out and source sentence with "talks" to find 958 matches (4.7-5.0 s at
    1,000,000 meetings; 0.14-0.17 s among the 962 meetings of "Tanaka" and "Hee-su"). A word is rarer when a count
    reads its quotes and sources off their full-text indexes (``_walked_for_a_count``). A match has every rarer
    word, on its own row or in a read-out or a source; so it is a meeting with all of them on its own row
    (``_together``: one trigram index read) or with one of them in a read-out or a source.

    ``small_set``: asked only when the archive has more than FEW_MEETINGS meetings with the rarer words, a set of
    meetings that holds every match of the list (a small office's, as the caller filters it), if there is one: its ids
    and the same set as a condition on the column that holds a meeting's id (matching_ids' ``narrowing``); and
    ``small_set_key``, what names the set (the list's filters), asked with it, under which they are kept as the
    archive's are. The rarer words' meetings of the set are read then: each of its meetings probed for them on its own
    row by key, their read-outs and sources read off the full-text indexes and each asked the condition. "Kim" is on the
    rows of 117,152 meetings at 1,000,000; ``?q=Kim+talks`` beside an office of 13,418 meetings walked the archive's
    order for "talks" in a quote, the office and "Kim" tested on each (501,267 meetings for a page's 51, 0.3 s), and the
    office's meetings for the count's 1,001 (0.23 s). The office has 1,697 meetings with "Kim", each tested instead.

    A search of one rare word has its meetings read so too, as its matches (``_among_with_every_word``): its count,
    its places read for a count's first rows, was planned by PostgreSQL's guess of how common the word's pattern is on
    the meetings' own rows, which a sample of a hundred rows puts at one row in a hundred for any pattern none of them
    holds. Below the truth, it scanned every searchable text for the first 1,001 (``?q=Bin-jin``, in 0.27 % of them:
    377,000 texts, 345 ms at 1,000,000 meetings) where the trigram index reads them all (67 ms); which one it chose
    changed with each ANALYZE. Read here (``at_most_few``), the pattern is planned for all of its rows: off the index
    when it is rare. Kept until the data changes (``kept_unless_many``)."""
    words = parse(text).words
    if connection.vendor != "postgresql":
        return None
    rarer = [word for word in words if not _walked_for_a_count(word)]
    if not rarer or len(rarer) == len(words) > 1:
        return None  # no rarer word to read; or no walk to avoid, every word's places read off their indexes
    folded = [word.casefold() for word in rarer]
    found = kept_unless_many("search-rarer", folded, lambda: _few_meetings_of(rarer))
    if found is None and small_set is not None and (given := small_set()) is not None:
        # Kept so too, with the set's name: 13 ms of each page of ?q=Kim among the 3,873 meetings of North Korea's and
        # Japan's officials alone at 1,000,000 meetings, whose count is kept (count_kept).
        within, narrowing = given

        def read() -> list[int] | None:
            return _few_meetings_of(rarer, within=within, narrowing=narrowing)

        if small_set_key is None:
            found = read()  # no name tells this set from another's: read each time
        else:
            key = _words_key(f"search-rarer-among:{FEW_MEETINGS}", [*folded, small_set_key()])
            found = kept_exactly(key, read, RARER_MEETINGS_TTL)
    return found


def _few_meetings_of(
    words: list[str], *, within: QuerySet | None = None, narrowing: Narrowing | None = None
) -> list[int] | None:
    """The ids of the meetings (of ``within``, given with its ``narrowing``) that have every one of ``words``
    anywhere, when they are at most FEW_MEETINGS; else None (meetings_of_rarer_words)."""
    on_their_rows = _together(words)
    long_texts = [meetings_with(place, spellings(word)).order_by() for word in words for place in LONG_TEXTS]
    if within is not None and narrowing is not None:
        # The set's meetings each probed by key (its ids read once: among_read_once): PostgreSQL would read every
        # searchable text with a common name off the trigram index and hash them against the set (117,152 texts
        # with "Kim", 0.21 s at 1,000,000 meetings; the office's 13,418 probed, 0.06 s). The read-outs and sources
        # of a rarer word are few (it is rarer there for their indexes' sake), each asked the condition: as a join
        # with the set, PostgreSQL probed every read-out and source of each of the office's meetings (0.21 s).
        on_their_rows = on_their_rows.filter(among_read_once(within))
        long_texts = [part.filter(narrowing("meeting")) for part in long_texts]
    first, *others = [on_their_rows.values("meeting"), *long_texts]
    return at_most_few(first.union(*others, all=True))


def at_most_few(ids: QuerySet) -> list[int] | None:
    """The ids that ``ids`` (a query of meetings' or read-outs' ids, each once or more) reads, sorted, when they are at
    most FEW_MEETINGS; else None. Read as a materialized common table expression, which PostgreSQL plans for all of
    its rows and reads only as far as the LIMIT: planned for its first rows instead, it scans the table for words its
    statistics overestimate, through every row when they have fewer than the LIMIT."""
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH found AS MATERIALIZED ({sql}) SELECT * FROM found LIMIT %s", [*params, FEW_MEETINGS + 1])
        found = [pk for (pk,) in cursor.fetchall()]
    return sorted(set(found)) if len(found) <= FEW_MEETINGS else None


def kept_unless_many(kind: str, folded: list[str], read: Callable[[], list[int] | None]) -> list[int] | None:
    """``read()`` (some words' few meetings or read-outs, or None past FEW_MEETINGS), kept under the data version it
    was read at (``kept_exactly``), so that a search's other pages, sorts and filters read them once until the data
    changes (?q=Bin-jin: 40 ms of trigram index reads at 1,000,000 meetings). That there are more, as a read found, is
    kept for SHARES_TTL seconds from that read, as the documents' statistics are: the read costs some 20-40 ms and only
    chooses how the matches are found, not which (``?q=Kim+talks``: 38 ms of 240 at 1,000,000 meetings). ``kind``
    names what is read, ``folded`` the words it is read for."""
    many_key = _words_key(f"{kind}-many:{FEW_MEETINGS}", folded)
    if cache.get(many_key):
        return None
    found = kept_exactly(_words_key(f"{kind}:{FEW_MEETINGS}", folded), read, RARER_MEETINGS_TTL)
    if found is None:
        cache.set(many_key, True, SHARES_TTL)
    return found


def together_few(text: str) -> list[int] | None:
    """For a search of several words, the ids of the meetings with every word on their own row (``_together``) when
    they are at most FEW_MEETINGS (PostgreSQL; else None): the part of matching_ids and first_matches that reads them
    then looks each up by key (``among_given``), whose number PostgreSQL is told.

    Asked as a probe of each meeting of the list's order, or as a join of the texts with the meetings, the part was
    planned by PostgreSQL's guess of how many texts hold the words, which for a pattern none of its sample's texts
    holds is about one in a hundred, whatever the truth; and a join with a few thousand texts it planned as a scan of
    every meeting rather than as lookups by key. At 1,000,000 meetings ?q=Seo+Dong-su by kind and title walked 118,378
    meetings for a fifth page's 251 of 2,251 (490 ms), and page 100 of ?q=Brown+Smith scanned every meeting to sort
    the 8,587 with both names (307 ms)."""
    words = parse(text).words
    if len(words) < 2 or connection.vendor != "postgresql":
        return None  # one word: meetings_of_rarer_words reads a rare one's meetings in every place
    folded = [word.casefold() for word in words]
    return kept_unless_many("search-together", folded, lambda: at_most_few(_together(words).values("meeting")))


def walks_for_a_count(text: str) -> bool:
    """Whether a count of the matches of ``text`` walks for one of its words in the read-outs or the sources, where it
    is common (``_walked_for_a_count``), rather than read every word's matches off their indexes; never elsewhere than
    on PostgreSQL, which keeps no statistics of the documents."""
    return connection.vendor == "postgresql" and any(_walked_for_a_count(word) for word in parse(text).words)


def _walked_for_a_count(word: str) -> bool:
    """Whether a count of a search's matches (RANK_LIMIT + 1 of them, which tells whether to rank) walks for ``word``
    in a read-out's quotes or a source sentence, where it is common (``_walked_for``), rather than read its matches
    there off the full-text index."""
    shares = _shares_in_sources(spellings(word))
    return any(_walked_for(shares[place], RANK_LIMIT + 1) for place in LONG_TEXTS)


def _among_with_every_word(words: list[str], ids: list[int], *, among: Lookup | None = None) -> Q:
    """The meeting at hand is among ``ids`` (at most FEW_MEETINGS) and has every word anywhere, each place probed
    (``_anywhere``'s ``as_probes``: for meetings known to be few). A search of one word is not tested: its ids are the
    meetings with the word in any place (``_few_meetings_of``), its matches. ``among``: the test that the meeting is
    among them, if not ``ids`` given whole (one array of ids is one array key of the key's index: PostgreSQL 15 reads
    every pair of keys of two)."""
    among = among_given(ids) if among is None else among
    if len(words) == 1:
        return Q(among)
    return Q(among, *(_anywhere(spellings(word), as_probes=True) for word in words))


def _rarest_first(word: str) -> int:
    """A sort key that puts first, of a search's words, the one to read through the indexes: the longest, the
    likeliest to be rare (a family name such as "Kim" or "Jang" is in tens of thousands of names and titles of a large
    archive, a given name such as "Bin-jin" in a few hundred); the first written among equals."""
    return -len(word)


def _rarest_word(words: list[str]) -> tuple[str, list[Q]]:
    """Of a search's words (at least one), the one to read place by place (``_rarest_first``), and for each other word
    the condition that the meeting at hand has it (in any of its spellings) in any place a word is found: SQLite's
    search, where every place is a scan (PostgreSQL looks the words up together: ``_together``)."""
    word, *others = sorted(words, key=_rarest_first)
    variants_of_others = [spellings(other) for other in others]
    return word, [_any([_found_in(place, variants) for place in WEIGHTS]) for variants in variants_of_others]


def _all(conditions: list) -> Q:
    both = Q()
    for condition in conditions:
        both &= Q(condition)
    return both


def _any(conditions: list) -> Q:
    either = Q()
    for condition in conditions:
        either |= Q(condition)
    return either


def _found_in(place: str, variants: list[str], narrowing: Narrowing | None = None, *, meeting: str = "pk"):
    """Whether the meeting of the row at hand has a variant in ``place``: on its own columns, or by probing its
    few participants, read-outs or sentences (index on the meeting), so that ranking costs per row listed.

    ``narrowing``: a condition the list puts on its meetings, asked of the participants', read-outs' or sentences'
    meeting too (see matching_ids). ``meeting``: the row's column that holds the meeting's id, for a place of other
    rows (a subject's kept rows: "meeting")."""
    if place in ("title", "location"):
        return _contains(place, variants)
    rows = _rows_in(place, variants, meeting)
    return Exists(rows.filter(narrowing("meeting")) if narrowing else rows)


def _rows_in(place: str, variants: list[str], meeting: str = "pk") -> QuerySet:
    """The participations, read-outs or source sentences (``place``) of the meeting at hand (its id in the row's column
    ``meeting``) that hold a variant."""
    return _rows_holding(place, variants, meeting=OuterRef(meeting))


def _rows_holding(place: str, variants: list[str], **where) -> QuerySet:
    """The participations, read-outs or source sentences (``place``: "participant", "quote" or "evidence") that hold a
    variant, with the conditions ``where``: the rows meetings_with reads whole and _rows_in probes."""
    if place == "participant":
        return Participation.objects.filter(**where, person__in=_people(variants))
    if place == "quote":
        return ReadOut.objects.filter(_full_text("quotes_tsv", variants, "quotes"), **where)
    return Evidence.objects.filter(_full_text("sentence_tsv", variants, "sentence"), **where)


def ranked(meetings: QuerySet, text: str) -> QuerySet:
    """``meetings`` (already narrowed by meetings_matching) by relevance, then newest first, then id.

    Relevance is computed per row listed, so call it on a bounded number of matches (the list ranks at most
    RANK_LIMIT; past that it keeps its newest-first order, which its index reads without a sort).
    """
    words = parse(text).words
    if not words:
        return meetings
    score = Value(0)
    for word in words:
        variants = spellings(word)
        for place, weight in WEIGHTS.items():
            score = score + Case(When(_found_in(place, variants), then=Value(weight)), default=Value(0))
    if len(words) > 1:
        variants, people = _phrase_people(words)
        together = _contains("title", variants) | Q(
            Exists(Participation.objects.filter(meeting=OuterRef("pk"), person__in=people))
        )
        score = score + Case(When(together, then=Value(PHRASE_WEIGHT)), default=Value(0))
    relevance = ExpressionWrapper(score, output_field=IntegerField())
    return meetings.annotate(relevance=relevance).order_by("-relevance", *Meeting._meta.ordering)
