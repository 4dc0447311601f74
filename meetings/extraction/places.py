"""Where contacts happen: the places a sentence puts something in, at or to, and the article's own cities.

A reader places a contact from the words around it ("met ... in Seoul", "talks at Panmunjom", "headed to
Thailand for talks"), from the trip the story told of, or from the city the story is filed from. A state
named where a city would stand ("will meet in Indonesia next week") is the city of that state the article
names ("... from Monday in Jakarta"), the way a reader joins the two sentences; a state whose city the
article never names places nothing, since a guess at the capital would often be wrong (summits in Da Nang,
Vladivostok, Osaka).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from meetings.extraction.lexicon import Lexicon, LexiconMatch
from meetings.extraction.people import ArticlePerson
from meetings.extraction.records import ResolvedDate, Sentence
from meetings.extraction.vocabulary.attribution import SPEECH_VERB, verbs_pattern

# "in Seoul", "to Pyongyang", "at Panmunjom": a place introduced by a preposition is where something happens.
# "the border village of Panmunjom", "the far-eastern city of Vladivostok": a place named by its kind first.
PLACE_KIND = (
    r"(?:the\s+(?:[\w-]+\s+){0,3}(?:village|city|town|capital|port|resort|island|county|province|region|settlement)"
    r"\s+of\s+"
    # "in central Seoul", "in downtown Tokyo": a part of the city.
    r"|(?:central|downtown|northern|southern|eastern|western|suburban)\s+)"
)
PLACE_PREPOSITION = re.compile(
    r"\b(?:in|to|at|near|visit(?:ing)?|trip to|arrive[sd]? in)\s+(?:" + PLACE_KIND + r"|the\s+)?$", re.I
)
# Where a contact itself is held: "talks in Seoul", "met at Panmunjom" (not "a visit to Pyongyang").
CONTACT_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|off|outside)\s+(?:" + PLACE_KIND + r"|the\s+)?$", re.I)
# "Biden welcomed Moon to the White House": a host receives a guest "to" his place.
HOST_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|to|near)\s+(?:" + PLACE_KIND + r"|the\s+)?$", re.I)
# Where a trip goes: the place of every contact its sentence reports without one of its own.
TRIP_DESTINATION = re.compile(
    r"(?:\b(?:visit(?:s|ed|ing)?|trip|travel(?:l?ed|s|ling|ing)?|tour|arriv(?:ed|es|ing|al)|land(?:ed|s|ing)|stay)\s+"
    r"(?:on\s+to|onward\s+to|to|in|at)\s+"  # "will travel on to Berlin"
    # Wire copy's other ways to set off: "left for", "headed to", "flew to", "en route to", "will visit Chengdu".
    r"|\b(?:leav(?:e|es|ing)|left|head(?:s|ed|ing)?|fl(?:y|ies|ew|ying)|depart(?:s|ed|ing)?|bound|en route)\s+"
    r"(?:for|to)\s+"
    r"|\bvisit(?:s|ed|ing)?\s+)(?:" + PLACE_KIND + r"|the\s+)?$",
    re.I,
)
# "upon arrival at Incheon International Airport, west of Seoul": the gateway, not where he is going.
AIRPORT = re.compile(r"\s+(?:International\s+)?Airport\b", re.I)
# What follows the city of a dateline: "SEOUL, June 13 (Yonhap) --", "WASHINGTON (Reuters) -", "HONG KONG —".
DATELINE_AFTER_CITY = re.compile(r"\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?(?:\([\w .]+\)\s*)?(?:--|—|–|-|:)\s")
# "in Bali, Indonesia": a city the knowledge base does not list, known as a place by the state after it.
UNKNOWN_PLACE = re.compile(r"\bin ([A-Z][a-z]+(?: [A-Z][a-z]+)?), (?:the )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
# A state is a place where something happens "in" it or a trip goes to it; after a bare "to" it is whom something
# is addressed to ("the envoy to China", "a proposal to the U.S.").
IN_STATE = re.compile(r"\b(?:in|inside|within)\s+(?:the\s+)?$", re.I)
# "Suh asked his counterpart to visit Seoul", "Lavrov invited Kim to visit Moscow": a trip asked for is not one made
# (the visit it asks for is a contact of its own, placed there; the other contacts of the sentence are not).
INVITATION = re.compile(
    r"\b(?:invit(?:e|es|ed|ing)|ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|request(?:s|ed|ing)?|tell(?:s|ing)?|told)\b"
    r"[^.;]{0,80}?"
    r"\bto\s+(?:visit|come\s+to|travel\s+to|make\s+a\s+(?:[\w-]+\s+)?(?:visit|trip)\s+to)\s+(?:the\s+)?$",
    re.I,
)
# "on the sidelines of the ASEAN forum": two visitors meet where a gathering is held, at home there or not.
SIDELINES = re.compile(r"\b(?:on|at)\s+(?:the\s+|its\s+)?sidelines?\b", re.I)
# "Pyongyang has said it wants ...", "Washington insists": a capital as the subject of a state's words or stance is
# its government, not a city the story goes to (it does not tell which city of the state a contact was in).
STANCE_VERBS: tuple[str, ...] = (
    "want", "demand", "urge", "reject", "accuse", "warn", "seek", "resist", "refuse", "respond", "call", "vow",
    "threaten", "criticize", "criticise", "condemn", "welcome", "hope", "express", "decline",
)  # fmt: skip
CAPITAL_AS_GOVERNMENT = re.compile(
    r"\s+(?:(?:has|have|had|will|would|is|was|also|again|now|then|still|reportedly)\s+){0,2}"
    r"(?:" + SPEECH_VERB + "|" + verbs_pattern(STANCE_VERBS) + r")\b",
    re.I,
)
# A gathering many states attend: "the ASEAN Regional Forum", "a security conference", "the U.N. General Assembly".
GATHERING_NOUN = (
    r"(?:conference|forum|dialogue|assembly|ministerial|symposium|games|olympics|expo|ceremony|inauguration|funeral"
    r"|parade)"
)  # not "summit": "will meet at a summit in April" is the contact itself, not a gathering it is held at
# Where a gathering is held, told with it: "the ... Dialogue scheduled for Tuesday and Wednesday in Singapore".
# It runs over every sentence of every article: the look-ahead for a noun's first letter (the same letters, with the
# same IGNORECASE) changes nothing it matches, and lets the search pass over the places where no noun starts without
# trying each noun there, several times faster.
_GATHERING_INITIALS = "".join(
    sorted({noun[0] for noun in GATHERING_NOUN.removeprefix("(?:").removesuffix(")").split("|")})
)
GATHERING_WITH_PLACE = re.compile(rf"(?=[{_GATHERING_INITIALS}])\b" + GATHERING_NOUN + r"s?\b", re.I)
# Characters after a gathering's name: "forum, an annual gathering of envoys, opens on Tuesday in".
GATHERING_PLACE_REACH = 80
# "will meet at a regional security conference next week": a contact held at a gathering the article places.
AT_GATHERING = re.compile(
    r"\b(?:at|during|on\s+the\s+(?:sidelines?|margins?)\s+of)\s+(?:the|a|an|this|next|its)\s+"
    r"(?:[\w.'-]+\s+){0,5}?" + GATHERING_NOUN + r"s?\b",
    re.I,
)
# "the Panmunjom Declaration", "the Singapore joint statement": a summit's document is named after where it was
# signed; "the declaration was signed by A and B after their summit" places that summit there.
DOCUMENT = r"(?:joint\s+)?(?:declaration|statement|agreement|accord|communiqu[eé])"
NAMED_DOCUMENT = re.compile(r"\s+" + DOCUMENT + r"\b", re.I)
SIGNED_DOCUMENT = re.compile(
    r"\b"
    + DOCUMENT
    + r"\s+(?:was|were|had\s+been)\s+signed\b|\bsign(?:ed|ing)?\s+(?:the|a)\s+(?:[\w-]+\s+){0,2}?"
    + DOCUMENT
    + r"\b",
    re.I,
)
RETURN_HOME = re.compile(r"\b(?:return(?:s|ed|ing)?|came\s+back|come\s+back|back|home)\s+(?:to\s+)?$", re.I)
PREPOSITION_REACH = 60  # characters before a place where its preposition may stand: "in the far-eastern city of"


# "A North Korean delegation arrived in Moscow": a state's party travelling, its members named later or never.
TRAVELLING_PARTY = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:delegation|team|mission|envoys?|officials)\b", re.I)


class Trip(NamedTuple):
    """A trip the story told of: who (or whose state's party) went where, told in which sentence, on what day."""

    traveller: ArticlePerson | None
    state: str | None  # the traveller's state, or the travelling party's when no one is named
    destination: str
    sentence_index: int
    date: ResolvedDate | None
    cancelled: bool = False  # "canceled a planned visit to": its programme is called off too

    def made_by(self, people: list[ArticlePerson]) -> bool:
        """Whether one of a contact's people made the trip: the traveller, or one of the travelling party's state."""
        if self.traveller is not None:
            return self.traveller in people
        return any(p.country == self.state for p in people)


def travelling_party(text: str, matches: list[LexiconMatch], before: int) -> str | None:
    """The state of a party that travels unnamed ("A North Korean delegation arrived in ..."), before ``before``."""
    return next(
        (m.key for m in matches if m.kind == "country" and m.end <= before and TRAVELLING_PARTY.match(text, m.end)),
        None,
    )


class NamedPlace(NamedTuple):
    """A city a sentence names, at a character offset into that sentence."""

    at: int
    name: str


def places_in(
    text: str, matches: list[LexiconMatch], start: int, end: int, preposition: re.Pattern = PLACE_PREPOSITION
) -> list[NamedPlace]:
    """The cities between ``start`` and ``end`` that ``preposition`` introduces, in the order of the text."""
    places = [
        NamedPlace(m.start, m.key)
        for m in matches
        if m.kind == "place"
        and start <= m.start < end
        and preposition.search(text[max(0, m.start - PREPOSITION_REACH) : m.start])
    ]
    for m in UNKNOWN_PLACE.finditer(text, start, end):
        country = [c for c in matches if c.kind == "country" and c.start == m.start(2)]
        if country and not any(p for p in matches if p.kind == "place" and p.start == m.start(1)):
            places.append(NamedPlace(m.start(1), m.group(1)))
    return sorted(places, key=lambda p: p.at)


def invited_to(text: str, place: NamedPlace) -> bool:
    """Whether a place is where someone is asked to come: "invited Kim to visit Moscow"."""
    return bool(INVITATION.search(text, 0, place.at))


def states_in(
    text: str, matches: list[LexiconMatch], start: int, end: int, preposition: re.Pattern
) -> list[tuple[int, str]]:
    """The states (country codes) between ``start`` and ``end`` that ``preposition`` introduces where a city
    would stand: "will meet in Indonesia", "headed to Thailand"."""
    places_at = {m.start for m in matches if m.kind == "place"}
    return [
        (m.start, m.key)
        for m in matches
        if m.kind == "country"
        and m.start not in places_at  # "Seoul" is a city first, though the news also uses it for the state
        and start <= m.start < end
        and preposition.search(text[max(0, m.start - PREPOSITION_REACH) : m.start])
        and (preposition is TRIP_DESTINATION or IN_STATE.search(text, max(0, m.start - PREPOSITION_REACH), m.start))
    ]


class ArticlePlaces:
    """The cities of one article: where it is filed from, the one it happens in, and each state's city."""

    def __init__(self, sentences: list[Sentence], matches: dict[int, list[LexiconMatch]], lexicon: Lexicon):
        self.lexicon = lexicon
        self.dateline: str | None = None
        counts: Counter[str] = Counter()
        # Each sentence's cities (any mention: "the Tokyo Olympics" places Tokyo as well as "in Tokyo" does).
        self._cities: list[tuple[int, str]] = []
        # Each gathering the article places: (sentence, city).
        self._gatherings: list[tuple[int, str]] = []
        # Each document named after a city ("the Panmunjom Declaration"): (sentence, city).
        self._documents: list[tuple[int, str]] = []
        for sentence in sentences:
            found = matches[sentence.index]
            for place in places_in(sentence.text, found, 0, len(sentence.text)):
                # Where someone is asked to go is not where this happens, nor where a party goes home to ("The
                # delegation returned to Seoul on Friday").
                if not invited_to(sentence.text, place) and not RETURN_HOME.search(
                    sentence.text, max(0, place.at - PREPOSITION_REACH), place.at
                ):
                    counts[place.name] += 1
            self._cities.extend(
                (sentence.index, m.key)
                for m in found
                if m.kind == "place" and not CAPITAL_AS_GOVERNMENT.match(sentence.text, m.end)
            )
            if self.dateline is None:
                self.dateline = next(
                    (
                        m.key
                        for m in found
                        if m.kind == "place" and m.start == 0 and DATELINE_AFTER_CITY.match(sentence.text, m.end)
                    ),
                    None,
                )
            self._documents.extend(
                (sentence.index, m.key)
                for m in found
                if m.kind == "place" and NAMED_DOCUMENT.match(sentence.text, m.end)
            )
            for gathering in GATHERING_WITH_PLACE.finditer(sentence.text):
                # Through an aside ("The forum, an annual gathering of envoys, opens Tuesday in Bangkok"), not past
                # a semicolon.
                semicolon = sentence.text.find(";", gathering.end())
                end = min(len(sentence.text) if semicolon < 0 else semicolon, gathering.end() + GATHERING_PLACE_REACH)
                held_in = places_in(sentence.text, found, gathering.end(), end, CONTACT_PLACE_PREPOSITION)
                if held_in:
                    self._gatherings.append((sentence.index, held_in[0].name))
        if self.dateline:
            counts[self.dateline] += 1
        place, count = counts.most_common(1)[0] if counts else (None, 0)
        # The city the story happens in: one it puts something "in" or "to" at least twice, or the dateline's
        # city that no other place competes with ("MANILA - ... met ...").
        self.story_city = place if count >= 2 or place == self.dateline else None

    def country_of(self, place: str | None) -> str | None:
        entry = self.lexicon.places_by_name.get(place or "")
        return entry.country if entry and entry.country else None

    def city_of_state(self, code: str, sentence_index: int) -> str | None:
        """The city of state ``code`` that the article names nearest to a sentence ("will meet in Indonesia next
        week" + "... from Monday in Jakarta"); of two as near, the later, which tells what comes next."""
        cities = [(index, name) for index, name in self._cities if self.country_of(name) == code]
        if not cities:
            return None
        return min(cities, key=lambda c: (abs(c[0] - sentence_index), -c[0]))[1]

    def gathering_city(self, sentence_index: int) -> str | None:
        """The city of the gathering the article places nearest to a sentence ("the forum opens Tuesday in Manila")."""
        return _nearest(self._gatherings, sentence_index)

    def document_city(self, sentence_index: int) -> str | None:
        """The city of the document named after one nearest to a sentence ("the Pyongyang Joint Declaration")."""
        return _nearest(self._documents, sentence_index)

    def named(
        self,
        text: str,
        matches: list[LexiconMatch],
        start: int,
        end: int,
        preposition: re.Pattern,
        sentence_index: int,
    ) -> list[NamedPlace]:
        """``places_in``, with a state put where a city would stand read as the city of it the article names."""
        places = places_in(text, matches, start, end, preposition)
        for at, code in states_in(text, matches, start, end, preposition):
            city = self.city_of_state(code, sentence_index)
            if city:
                places.append(NamedPlace(at, city))
        return sorted(places, key=lambda p: p.at)

    def someone_at_home(self, place: str | None, countries: set[str | None]) -> bool:
        """Whether one side of a contact is of the place's state: a visitor meets his hosts there. A side whose
        state is never given (None among ``countries``) may be the one at home."""
        entry = self.lexicon.places_by_name.get(place or "")
        known = {c for c in countries if c}
        if entry is None or not known:  # sides still to be named: nothing to check against
            return True
        return entry.country in known or None in countries


def _nearest(found: list[tuple[int, str]], sentence_index: int) -> str | None:
    """Of (sentence, city) pairs, the city told nearest to a sentence; of two as near, the later."""
    return min(found, key=lambda f: (abs(f[0] - sentence_index), -f[0]))[1] if found else None
