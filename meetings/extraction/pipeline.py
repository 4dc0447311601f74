"""The pipeline: article text and a lexicon in, contacts, people and read-outs out.

Sentences are read in order, with what a reader keeps in mind: the people named so far,
the pair last talked about ("the two"), the contact being discussed (for read-outs named a
paragraph later), the day the story is about, and the city it happens in.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

from dateutil.relativedelta import relativedelta

from meetings.extraction.accounts import AccountsReader, credit_official_release
from meetings.extraction.clauses import clause_end, clause_start, governing_text
from meetings.extraction.confidence import Evidence as ContactEvidence
from meetings.extraction.confidence import contact_confidence, cues_of
from meetings.extraction.contacts import (
    ATTENDANCE,
    CANCELLED,
    CONTINUE_GROUP,
    DEFINITE_REFERENCE,
    PAIR_ANAPHORA,
    PLANNED,
    TRIP_ERRAND,
    Trigger,
    find_triggers,
    is_negated,
    is_non_contact_event,
    is_speculative,
    segment_bounds,
    status_of,
)
from meetings.extraction.dates import (
    NUMBERS,
    PRECISION_RANK,
    DateMention,
    find_dates,
)
from meetings.extraction.events import (
    MEETING_FAMILY,
    REMOTE_KINDS,
    SPOKEN,
    TRILATERAL,
    ContactDraft,
    dates_agree,
    kinds_agree,
    merge_duplicates,
    merge_into,
    reported_before,
)
from meetings.extraction.lexicon import Lexicon, LexiconMatch
from meetings.extraction.parsing import split_sentences
from meetings.extraction.people import (
    ArticlePerson,
    PeopleResolver,
    PersonMention,
    is_credit,
)
from meetings.extraction.places import (
    AIRPORT,
    AT_GATHERING,
    CONTACT_PLACE_PREPOSITION,
    HOST_PLACE_PREPOSITION,
    PLACE_PREPOSITION,
    SIDELINES,
    SIGNED_DOCUMENT,
    TRIP_DESTINATION,
    ArticlePlaces,
    NamedPlace,
    Trip,
    invited_to,
    travelling_party,
)
from meetings.extraction.records import (
    ArticleExtraction,
    ExtractedContact,
    ExtractedParticipant,
    ExtractedPerson,
    ExtractedReadOut,
    Highlight,
    ResolvedDate,
    Sentence,
)
from meetings.extraction.vocabulary import modality
from meetings.extraction.vocabulary.attribution import SPEECH_VERB
from meetings.extraction.vocabulary.templates import phrases_pattern

_KIND_LABEL = {
    "meeting": "meeting",
    "working_group": "working group",
    "summit": "summit",
    "phone_call": "phone call",
    "video_call": "video call",
    "visit": "visit",
    "letter": "letters",
}
# The days around the story's date that its city covers: a contact of this week, or of the next (a visit's
# programme), happens where the story is filed from.
STORY_DAYS = 7
_OPENING_PLACE = re.compile(r"\s*(?:and\s+)?(?:in|at)\s+(?:the\s+)?", re.I)  # "In | Seoul, ..."
CONTACT_PLACE_BEFORE = 40  # characters before a trigger where its place may stand: "in Seoul, | talks were held"
_OWN_TRIP = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,3}(?:visit|trip|tour|stay)\b", re.I)
# "Lee and Biegun did not join the videoconference": people taken out of a contact told before. Not "said that no
# such meeting had been arranged", which denies another.
_NOT_PART_OF = re.compile(
    r"\b(?:not|never|n[’']t)\s+(?:\w+\s+)?(?:join|attend|take\s+part|took\s+part|participate|sit\s+in|be\s+part)",
    re.I,
)
# "to discuss preparations for a trilateral meeting", "ahead of a summit": an event the contact is about or comes
# before, whose date and place are its own.
_PREPARED_EVENT = re.compile(
    r"\b(?:preparations?\s+for|to\s+prepare\s+for|ahead\s+of|in\s+the\s+run-up\s+to|in\s+preparation\s+for)\s+"
    r"(?:a|an|the|their|its|his|her|next|this|upcoming)\b",
    re.I,
)
_COUNTED_IN = re.compile(
    r"\b(?:first|second|third|fourth|fifth|only|latest)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:trip|visit|meeting|talks|call|summit|contact|encounter)s?\b(?:\s+(?:abroad|overseas|here|there))?"
    r"\s+(?:in\s+|since\s+|of\s+)?$",
    re.I,
)
_COUNTED_IN_REACH = 60  # characters: "his first in-person meeting with a foreign minister | this year"
# "... on preparations for a visit by X", "ahead of a trip by X": X is the party of an event the contact is about.
_OTHER_EVENTS_PARTY = re.compile(
    r"\b(?:for|on|about|ahead\s+of|before|after|of)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:visit|trip|tour|meeting|summit|talks)\s+(?:here\s+|to\s+\w+\s+)?by\s+(?:[A-Z][\w.’'-]*\s+){0,6}$"
)
# "He also met Putin": one more contact of the programme just told.
_ALSO = re.compile(r"\balso\b", re.I)
_TRIP_PHRASE_REACH = 40  # characters: "During his July 7-9 visit to | Seoul"
# "Kim replied Thursday", "wrote back", "sent a reply": the answer to the letter just told of.
_LETTER_REPLY = re.compile(r"\b(?:replied|responded|wrote back|sent (?:a|his|her) reply|answered)\b", re.I)
# "They", unlike "the two", may be the three of a trilateral contact just told.
_PLURAL_PRONOUNS = frozenset(
    {"they", "the envoys", "the nuclear envoys", "the chief nuclear envoys", "the leaders", "the ministers"}
)
_MANY_SIDES = 8  # a multilateral group's delegations: more than any talks in this field have had
_HEADLINE_LENGTH = 160  # characters: longer than any headline, shorter than a lead paragraph
_ATTENDEES_REACH = 2  # sentences: a read-out lists the delegations right after the meeting it reports
# A trip told in one sentence places its traveller's contacts of the next ones ("Park will leave for Qingdao on
# Monday. He is scheduled to hold talks with Wang on Tuesday."), as a reader keeps the itinerary in mind: a wire
# story's dozen paragraphs (the days of the trip and who is at home there are checked too).
_TRIP_SENTENCES = 12
TRIP_CANCEL_REACH = (
    40  # characters before a trip's destination where its cancellation stands: "canceled a | planned visit to"
)
# "the Chinese | ambassador", "North Korean | officials": a side named by its state and post, no name.
_UNNAMED_OFFICIAL = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:ambassador|envoy|officials?|delegation|diplomats?|counterpart|minister|side)s?\b",
    re.I,
)
_UNNAMED_SIDES = re.compile(r"\b(officials|delegations?|the two sides|envoys|negotiators)\b", re.I)
# "Pence was going to meet ... on February 10": a plan as of a past day, which may lie behind the story's day.
_PAST_PLAN = re.compile(r"\b" + phrases_pattern(modality.PAST_PLAN) + r"\b", re.I)
_NOT_SINCE = re.compile(r"\s+(?:each other\s+|in person\s+|face to face\s+)?since\s+", re.I)
# "on the same day", "later that day", "in the afternoon" (with no day of its own): the day of the contact just told.
_SAME_DAY = re.compile(
    r"\b(?:(?:on\s+)?the\s+same\s+day|later\s+(?:that|the\s+same)\s+day|in\s+the\s+(?:morning|afternoon|evening)"
    r"|that\s+(?:morning|afternoon|evening|night))\b",
    re.I,
)
# "before the trilateral session", "on the sidelines of the summit": a contact held on the occasion of one told, by
# some of its people.
_AROUND_TOLD = re.compile(
    r"\b(?:before|after|following|on\s+the\s+sidelines\s+of|on\s+the\s+margins\s+of)\s+"
    r"(?:the|their|this|that)\s+(?:[\w-]+\s+){0,2}?(?P<noun>session|talks|meeting|summit|dialogue|call)\b",
    re.I,
)


def _noun_kind(noun: str) -> str:
    """The kind of contact a noun names: "summit", "call" (a phone call), else a meeting."""
    return {"summit": "summit", "call": "phone_call"}.get(noun.casefold(), "meeting")


_TRIO = 3
_TRIO_ANAPHORA = re.compile(
    r"\b(?:the|all)\s+three(?:\s+(?:envoys|ministers|leaders|officials|men|sides|deputies|diplomats))?\b", re.I
)
_SAID_ON = re.compile(rf"\b{SPEECH_VERB}(?:\s+reporters)?\s+(?:on\s+)?$", re.I)
_SAID_ON_REACH = 30  # characters before a date: "the ministry told reporters on | Tuesday"
# "On Friday, a local newspaper reported that Moon and Kim exchanged letters": the day of the report, before it.
_ACCOUNT_AFTER = re.compile(rf"[^.;]{{0,80}}?\b{SPEECH_VERB}\s+that\b", re.I)
# "(just) a month before | Kim and Trump met": a clause opened by a span counts from the date before it.
_SPAN_OPENS_CLAUSE = re.compile(
    r"\s*(?:(?:just|only|shortly|some|about|nearly|almost)\s+)?(?P<count>a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|\d+)\s+(?P<unit>day|week|month|year)s?\s+(?P<direction>before|after)\b",
    re.I,
)
_SPAN_CLOSES = re.compile(
    r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<direction>before|after)\s*$",
    re.I,
)
_SPEECH_NEXT = re.compile(rf"\s*{SPEECH_VERB}\b", re.I)
_CLAUSE_OPENER = re.compile(r"\s*(?:[A-Za-z]+\s+)?")  # "On | Friday", "Earlier | this week": at most a word
# "During their talks", "At the meeting", "Ahead of their summit": a contact named at the head of its sentence.
_OPENING_REFERENCE = re.compile(
    r"\s*(?:during|at|in|after|following|ahead\s+of|before)\s+(?:(?:their|the)\s+(?:[\w-]+\s+){0,3})?$", re.I
)
# "the talks between A and B", "the June summit in Singapore between A and B": the reference names its own people.
_BETWEEN = re.compile(r"[”\"’\s]*(?:(?:in|at|on|last|this|next)\s+[^,;.]{1,40}?\s+)?between\b")
_MANNER = re.compile(r"\b(?:via|by|over|through)\s+(?:an?\s+|the\s+)?$", re.I)  # "via | videoconference"
_COORDINATED_VERB = re.compile(r"\band\s+(?:then\s+|also\s+|later\s+)?$", re.I)  # "met A and | spoke with B"
_COORDINATION_REACH = 16  # characters: "and then also"
_GROUP_AS_SUBJECT = re.compile(r"\bworking\s+group\b(?![’']s)", re.I)
_REFERENCE_PLACE_REACH = 12  # characters from a contact's name to its city: "meeting | in Chengdu", not a clause on
# "met for a summit in Beijing last December", "talked by phone in a call on Friday": one event named twice.
_GUESTS_REACH = 160  # characters: "hosted | South Korean First Vice Foreign Minister X and Japanese ... Y | for"
_SAME_EVENT_GAP = re.compile(
    r"\s+(?:for|in|at|during|over|via)\s+(?:(?:a|an|the|their|his|her)\s+)?(?:[\w-]+\s+){0,2}"
    # "hosted A and B for trilateral talks": past the guests, what they came for.
    r"|\s[^.;]{0," + str(_GUESTS_REACH) + r"}?\s+for\s+(?:(?:a|an|the|their)\s+)?(?:[\w-]+\s+){0,2}"
)


def _with_same_event(text: str, triggers: list[Trigger], index: int, seg: tuple[int, int]) -> tuple[int, int]:
    """The trigger's part of the sentence, reaching over the next trigger when that one names the same event."""
    end = seg[1]
    for i in range(index, len(triggers) - 1):
        if not _SAME_EVENT_GAP.fullmatch(text, triggers[i].end, triggers[i + 1].start):
            break
        end = segment_bounds(triggers, i + 1, len(text))[1]
    return seg[0], end


_OBJECT_PRONOUN = re.compile(r"\s+(?:with\s+|to\s+)?(?:him|her)\b", re.I)
_RELATIVE_TO_NEXT = re.compile(r".*\b(after|before)$", re.I)
# "He met ...", "Later, she held talks with ...": a pronoun as the subject of the contact's clause.
_PRONOUN_SUBJECT = re.compile(
    # An adverbial may open the clause: "and in Tokyo he will hold talks with ...", "Later that day she met ...".
    r"(?:^|[,;]\s+|\band\s+)(?:(?:in|at|on|during|after|later|then|there)\b[^,;]{0,30}?,?\s+)?(?:he|she)\s+"
    r"(?:\w+\s+){0,4}$",
    re.I,
)
# What follows the city of a dateline: "SEOUL, June 13 (Yonhap) --", "WASHINGTON (Reuters) -", "HONG KONG —".
_DATELINE_AT_START = re.compile(
    r"[A-Z][A-Za-z .’'-]{1,30}?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([\w .]+\)\s*)?(?:--|—|–|-|:)"
)
# A release's heading: its title, then perhaps "READOUT" and the issuing office on lines of their own.
_HEADING_LINES = 3
_DATELINE_SENTENCES = 4  # a dateline follows the headline and perhaps a kicker or a byline
# "..., according to Kim Yo Jong": who tells of a contact, not who took part in it.
_CITED_AS_SOURCE = re.compile(r"\baccording to\s+(?:[\w.’'-]+\s+){0,6}$", re.I)
_CLOCK_TIME = re.compile(r"\b(?:at|from|around)\s+(?:about\s+)?\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)")


def _names_another_event(text: str, mention: PersonMention, trigger: Trigger, triggers: list[Trigger]) -> bool:
    """ "X and Y to meet ahead of the Trump-Kim summit": names joined by a hyphen are the sides of the event
    that follows them, not people of the sentence's other contact."""
    if text[mention.end : mention.end + 1] not in ("-", "–") and text[
        max(0, mention.start - 1) : mention.start
    ] not in ("-", "–"):
        return False
    following = next((t for t in triggers if t.start >= mention.end), None)
    return following is not None and following is not trigger and following.start - mention.end <= 25


# Between two addressees: "President Moon Jae-in and Foreign Minister Kang Kyung-wha".
_ADDRESSEE_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:[A-Z][\w.’'-]*\s+|(?:of|for)\s+){0,6}")


def _addressees(after: list[PersonMention], text: str) -> list[PersonMention]:
    """The people an errand is for: the first named after it and those joined to him by "and"."""
    chosen = after[:1]
    for mention in after[1:]:
        if not _ADDRESSEE_JOIN.fullmatch(text, chosen[-1].end, mention.start):
            break
        chosen.append(mention)
    return chosen


def _is_possessor(text: str, mention: PersonMention, mentions: list[PersonMention]) -> bool:
    """ "Moon's national security adviser Suh Hoon held talks": Moon names whose adviser Suh is, he does not take
    part."""
    if not re.match(r"[’']s\b", text[mention.end : mention.end + 2]):
        return False
    if _OWN_EVENT.match(text, mention.end):
        return False  # "Secretary Whitford's call with Liu": the one whose call it is took part in it
    return any(
        mention.end < other.start <= mention.end + 50 and other.person is not mention.person for other in mentions
    )


# "the special envoy delegation of President Moon": whose envoys they are, not one of them.
# "the special envoys of south Korean President Moon": who sent them, not who met (KCNA writes "south" in lower case).
_PRINCIPAL = re.compile(
    r"\b(?:delegation|delegations|envoy|envoys|message|letter|invitation)\s+of\s+(?:(?:south|north)\s+)?"
    r"(?:[A-Z][\w.’'-]*\s+){0,3}$"
)
_OWN_EVENT = re.compile(
    r"[’']s\s+(?:[\w-]+\s+){0,2}(?:call|calls|meeting|meetings|talks|summit|visit|trip|conversation|phone|letter|"
    r"dinner|lunch)\b",
    re.I,
)
# Words that make a list of people one contact: they sat together ("a trilateral meeting with A and B").
_TOGETHER = re.compile(
    r"\b(?:trilateral(?:ly)?|three-way|four-way|multilateral|together|jointly|joint|all|among|"
    r"group|delegations?|counterparts|including)\b",
    re.I,
)
_POSSESSIVE_TRIGGER = re.compile(r"(?:his|her)\b", re.I)
# "the February 10 meeting", "the dinner": one event named in the singular.
# "with his Japanese and Chinese counterparts, A and B, respectively", "separately": each on his own, though
# "counterparts" alone often tells of one trilateral meeting.
_EACH_APART = re.compile(
    r"\b(?:respectively|separately|individually|one after another"
    # "held separate bilateral talks with A and B": a bilateral with each.
    r"|separate\s+(?:[\w-]+\s+)?(?:talks|meetings?|summits?)|bilateral\s+(?:talks|meetings|summits)\s+with)\b",
    re.I,
)
_ONE_MEETING = re.compile(r"\b(?:meeting|summit|dinner|lunch|luncheon|conversation|call)$", re.I)
# "a meeting with A and B", "a dinner with A and B": one event named in the singular is one contact with all.
_ONE_EVENT = re.compile(
    r"^(?:a|an)\s+(?:[\w-]+\s+)?(?:meeting|conversation|call|video ?conference|videoconference|dinner|lunch|luncheon)$",
    re.I,
)
# Between two people of a list: a comma or "and" (after the first one's caption mark or appositive), then nothing
# but the second one's title ("and First Vice Minister", "and Minister for the Development of the Far East").
# ("U.S." inside a title is no full stop.)
_LIST_GAP = re.compile(r"(?:[^.;:]|(?<=[A-Z])\.)*")
_LIST_SEPARATOR = re.compile(r",|\band\b|\bas well as\b", re.I)
# Words a title never holds: after one of them the name is not the next item of a list but of another phrase
# ("met Wang Yi in Beijing on Sunday, shortly after their encounter during Kim's visit").
_NOT_IN_TITLE = re.compile(
    r"\b(?:in|on|at|after|before|during|when|while|since|ahead|shortly|their|who|which|that|with|by|was|is|"
    r"were|are|had|has|said|says|told)\b",
    re.I,
)


def _listed_next(text: str, before: PersonMention, after: PersonMention) -> bool:
    """Whether ``after`` is the item of a list that follows ``before``: a separator, then only his title."""
    gap = text[before.end : after.start]
    if not _LIST_GAP.fullmatch(gap):
        return False
    last = max((m.end() for m in _LIST_SEPARATOR.finditer(gap)), default=None)
    return last is not None and not _NOT_IN_TITLE.search(gap, last)


def _split_list(
    text: str,
    trigger: Trigger,
    seg: tuple[int, int],
    chosen: list[PersonMention],
    group: tuple[list[ArticlePerson], ResolvedDate | None],
) -> list[tuple[list[ArticlePerson], ResolvedDate | None]]:
    """ "X met A, B and C": one bilateral contact with each (gold rules), unless the text says they sat together."""
    people, date = group
    subjects = list(dict.fromkeys(m.person for m in chosen if m.start < trigger.start))
    objects = [m for m in chosen if m.start >= trigger.end]
    distinct = list(dict.fromkeys(m.person for m in objects))
    apart = _EACH_APART.search(text, seg[0], seg[1])
    # "hosted A and B for trilateral talks": the clause may say they sat together past the trigger's own part.
    together = _TOGETHER.search(text, seg[0], max(seg[1], clause_end(text, trigger.end, through_lists=True)))
    if (
        len(subjects) != 1
        or len(distinct) < 2
        or (trigger.kind in ("summit", "working_group", "letter") and not apart)
        or (together and not apart)
        or _ONE_EVENT.search(trigger.text)
        or "between" in trigger.text.casefold()
        or TRIP_ERRAND.match(trigger.text)
    ):  # one trip to brief several officials briefs them together
        return [group]
    for before, after in pairwise(objects):
        if after.person is not before.person and not _listed_next(text, before, after):
            return [group]
    return [([subjects[0], person], date) for person in distinct if person is not subjects[0]]


# "Trump stated that the three leaders had met": who reports a contact of others does not take part in it.
_REPORTED_SPEECH = re.compile(rf"\b{SPEECH_VERB}\b[^.;]{{0,60}}?\bthat\b", re.I)


def _reports_others(text: str, mention: PersonMention, trigger: Trigger, mentions: list[PersonMention]) -> bool:
    """The speaker of "X said that the leaders met" (or "X, Y's sister, said in a statement reporting that ..."),
    the subject of the sentence, unless he is also the subject of what he reports ("he met")."""
    if mention.end > trigger.start or mention is not mentions[0]:
        return False
    speech = _REPORTED_SPEECH.search(text, mention.end, trigger.start)
    if speech is None:
        return False
    reported = text[speech.end() : trigger.start]
    return not re.match(r"\s*(?:he|she)\b", reported) and not any(
        m.person is mention.person for m in mentions if speech.end() <= m.start < trigger.start
    )


# "South Korea and China held a strategic dialogue": two states as the subject, their delegates named later.
_WITH_STATE = re.compile(r"\s+with\s+(?:the\s+)?")
_WITH_STATE_AFTER_WITH = re.compile(r"\s+(?:the\s+)?")  # the trigger took the "with": "talks with | South Korea"
_STATES_JOINED = re.compile(r"\s*(?:and|,)\s*(?:the\s+)?$")


def _states_as_sides(text: str, matches: list[LexiconMatch], trigger: Trigger, lexicon: Lexicon) -> frozenset[str]:
    """The states (or international bodies, which have no state) told as the sides of a contact whose people are
    named later: "South Korea and Japan held talks", "The top envoys of South Korea, the United States and Japan held
    talks", "South Korea and the European Union held their dialogue", "North Korea called off talks with South
    Korea". Empty when the sentence tells none."""
    parties = [
        m
        for m in matches
        if m.end <= trigger.start
        and (m.kind == "country" or (m.kind == "organization" and lexicon.organizations_by_slug[m.key].country is None))
    ]
    joined_pairs = [(a, b) for a, b in pairwise(parties) if _STATES_JOINED.match(text[a.end : b.start])]
    named = frozenset(m.key for pair in joined_pairs for m in pair)
    if len(named) >= 2:
        return named
    # "North Korea on Friday called off working-level talks with South Korea": one state the subject, the other after
    # "with".
    joined = _WITH_STATE_AFTER_WITH if trigger.text.casefold().endswith(" with") else _WITH_STATE
    other = next((m for m in matches if m.kind == "country" and joined.fullmatch(text, trigger.end, m.start)), None)
    subject = next((p for p in parties if other is not None and p.key != other.key), None)
    return frozenset({subject.key, other.key}) if subject else frozenset()


def _pair_of_states(people: list[ArticlePerson]) -> list[ArticlePerson]:
    """The first person named and the first after him of another state: the pair a sentence is about."""
    first = next((p for p in people if p.country), None)
    other = next((p for p in people if first and p.country and p.country != first.country), None)
    return [first, other] if first and other else []


def _one_state(people: list[ArticlePerson]) -> bool:
    """Officials of one state talking among themselves; an official whose state the text never gives may be of
    another (a contact needs two states, and he is the only one who could be the second)."""
    known = {p.country for p in people if p.country}
    return len(known) < 2 and all(p.country for p in people)


class _ArticleReader:
    def __init__(self, body: str, published: dt.date, lexicon: Lexicon):
        self.body = body
        self.published = published
        self.lexicon = lexicon
        self.people = PeopleResolver(lexicon, published)
        self.drafts: list[ContactDraft] = []
        self.highlights: list[Highlight] = []
        self.last_pair: list[ArticlePerson] = []
        self.last_leaders: list[ArticlePerson] = []  # "the two leaders"
        self.last_group: list[ArticlePerson] = []  # everyone the last sentence with contacts put in them
        self.last_trio: list[ArticlePerson] = []  # the last three a sentence's contacts put together: "the three"
        self.last_subject: ArticlePerson | None = None  # the first person the previous sentence named
        self.topic: ContactDraft | None = None
        # Accounts read before the contact they tell of: (account, its sentence, its index, the people it names).
        self.accounts = AccountsReader(lexicon)
        # The last trip told: traveller, destination, sentence index, its date (if the sentence gives one).
        self.trip: Trip | None = None
        self.headline_kind: str | None = None  # a call the headline names before the story says who made it
        self.referred: ContactDraft | None = None  # the contact the sentence being read names again, if any
        self.context_date: ResolvedDate | None = None
        self.sentences = split_sentences(body)
        self._dates: dict[tuple[str, bool], list[DateMention]] = {}
        self._matches = self._matches_by_sentence()
        self.places = ArticlePlaces(self.sentences, self._matches, lexicon)
        self.reading = 0  # the index of the sentence being read

    def _matches_by_sentence(self) -> dict[int, list[LexiconMatch]]:
        """The lexicon's matches of each sentence, offsets into the sentence: one automaton pass over the body
        (the place survey and the reading both need them)."""
        by_sentence: dict[int, list[LexiconMatch]] = {s.index: [] for s in self.sentences}
        sentences = iter(self.sentences)
        sentence = next(sentences, None)
        for m in self.lexicon.match(self.body):
            while sentence is not None and m.start >= sentence.end:
                sentence = next(sentences, None)
            if sentence is None:
                break
            if sentence.start <= m.start and m.end <= sentence.end:
                by_sentence[sentence.index].append(
                    LexiconMatch(m.start - sentence.start, m.end - sentence.start, m.kind, m.key, m.text)
                )
        return by_sentence

    def matches_in(self, sentence: Sentence) -> list[LexiconMatch]:
        return self._matches[sentence.index]

    def dates_in(self, text: str, *, future: bool = False) -> list[DateMention]:
        """find_dates, once per sentence and tense: several stages ask for the same sentence's dates."""
        key = (text, future)
        if key not in self._dates:
            self._dates[key] = find_dates(text, published=self.published, future=future)
        return self._dates[key]

    # --- helpers ---------------------------------------------------------------------------------

    def _places(
        self, text: str, matches: list[LexiconMatch], start: int, end: int, preposition: re.Pattern = PLACE_PREPOSITION
    ) -> list[NamedPlace]:
        """The cities a part of the sentence being read puts something in, a state standing for its city."""
        return self.places.named(text, matches, start, end, preposition, self.reading)

    def _article_place_for(self, people: list[ArticlePerson]) -> str | None:
        """The story's city for a contact that names none, when one of its sides is at home there: a visitor in
        Seoul meets South Koreans, not a third country's envoy (whom he saw elsewhere on his tour)."""
        city = self.places.story_city
        if city == self.places.dateline:
            return city  # filed from a venue of visitors (the U.N., a summit abroad)
        return city if self._someone_at_home(city, people) else None

    def _visitors_last_place(self, people: list[ArticlePerson], date: ResolvedDate | None) -> str | None:
        """The place of the latest contact told of one of ``people`` held away from his home, in the days of
        ``date``: the place of "his visit" or of "he also met" when the sentence names none."""
        keys = {p.key for p in people}
        for draft in reversed(self.drafts):
            entry = self.lexicon.places_by_name.get(draft.location or "")
            if entry is None or not entry.country:
                continue
            if any(p.key in keys and p.country and p.country != entry.country for p in draft.people):
                near = date is None or draft.date is None or abs((date.value - draft.date.value).days) <= STORY_DAYS
                return draft.location if near else None
        return None

    def _during_trip(self, date: ResolvedDate | None) -> bool:
        """Whether a contact's date falls in the days of the last trip (or of the story, for a trip undated)."""
        if date is None:
            return True
        start = self.trip.date.value if self.trip and self.trip.date else self.published
        return abs((date.value - start).days) <= STORY_DAYS

    def _host_of_place(self, draft: ContactDraft) -> None:
        """ "Ri visited Moscow and held consultations with Deputy Foreign Minister Oleg Bykov": a visitor's one
        counterpart whose state the text does not give is of the place they met in."""
        entry = self.lexicon.places_by_name.get(draft.location or "")
        unknown = [p for p in draft.people if p.country is None]
        known = {p.country for p in draft.people if p.country}
        if entry is None or not entry.country or len(unknown) != 1 or not known or entry.country in known:
            return
        if self._serves_international_body(unknown[0]):
            return  # "the EU special envoy", met in Brussels, is no Belgian
        unknown[0].country = entry.country
        unknown[0].organization = unknown[0].organization or self.people.organization_for_title(
            unknown[0].title, entry.country
        )

    def _serves_international_body(self, person: ArticlePerson) -> bool:
        """Whether a person's office or title is an international body's (the U.N., the EU): he has no state."""
        if person.organization and person.organization.slug and person.organization.country is None:
            return True
        return any(
            m.kind == "organization" and self.lexicon.organizations_by_slug[m.key].country is None
            for m in self.lexicon.match(person.title or "")
        )

    def _someone_at_home(self, place: str | None, people: list[ArticlePerson]) -> bool:
        """Whether one side of a contact is of the place's state: a visitor meets his hosts there."""
        return self.places.someone_at_home(place, {p.country for p in people})

    def _participants(
        self, text: str, trigger: Trigger, seg: tuple[int, int], mentions: list[PersonMention], triggers: list[Trigger]
    ) -> tuple[list[ArticlePerson], list[PersonMention]]:
        """Who took part: the people of the trigger's part of the sentence, its subject, or "the two"."""
        usable = [
            m
            for m in mentions
            if not m.person.is_speaker
            and not re.search(r"\bnot(?! only)\s+(?:with\s+)?(?:\w+\s+){0,4}$", text[max(0, m.start - 40) : m.start])
            and not _names_another_event(text, m, trigger, triggers)
            and not _is_possessor(text, m, mentions)
            and not _CITED_AS_SOURCE.search(text, max(0, m.start - 60), m.start)
            and not (m.how == "name" and _PRINCIPAL.search(text, max(0, m.start - 60), m.start))
            and not _reports_others(text, m, trigger, mentions)
            # "talks with Seo on preparations for a visit by Foreign Minister Qiu": Qiu's is the visit to come.
            and not (m.start > trigger.end and _OTHER_EVENTS_PARTY.search(text, trigger.end, m.start))
        ]
        between = re.match(r"[^.;]{0,25}?\bbetween\b", text[trigger.end : seg[1]]) or "between" in trigger.text
        if TRIP_ERRAND.match(trigger.text):
            # "Chung ... then traveled to the US to convey to President Trump ...": the traveller and the one he saw.
            after = _addressees([m for m in usable if trigger.end <= m.start < seg[1]], text)
            chosen = usable[:1] + after if usable and after and usable[0] is not after[0] else []
        elif between:
            anchor = trigger.end
            chosen = [m for m in usable if anchor <= m.start < seg[1]]
            subject = [m for m in usable if seg[0] <= m.start < trigger.start]
            if TRILATERAL.search(trigger.text) and subject and len(chosen) == 2:
                chosen = subject[-1:] + chosen  # "Noh had a three-way conversation between Kim and Funakoshi"
        elif (
            trigger is not triggers[0]
            and _COORDINATED_VERB.search(text, max(0, trigger.start - _COORDINATION_REACH), trigger.start)
            and (subjects := [m for m in usable if m.end <= triggers[0].start])
            and (objects := [m for m in usable if trigger.end <= m.start < seg[1]])
        ):
            # "Oh met Hale on Monday and spoke with Arakawa": the second verb shares the first one's subject, not its
            # object.
            chosen = subjects[:1] + objects
        else:
            chosen = [m for m in usable if seg[0] <= m.start < seg[1]]
            # The trigger's own clause, when it names both sides: "Moon will be the second leader to visit the White
            # House, after Suga met with him" is Suga's meeting, and "him" the one named before the clause.
            start, end = clause_start(text, trigger.start), clause_end(text, trigger.end, through_lists=True)
            in_clause = [m for m in chosen if start <= m.start < end]
            subject_in_clause = any(m.start < trigger.start for m in in_clause)  # not "..., after meeting X and Y"
            if len({m.person.key for m in in_clause}) >= 2 and subject_in_clause:
                chosen = in_clause
            elif len({m.person.key for m in in_clause}) == 1 and _PRONOUN_SUBJECT.search(text, start, trigger.start):
                # "he sat down with Kim, but picked Choe ...": he is whom the last sentence named (below), not Choe.
                earlier = [m.person for m in usable if m.end <= start and m.person is not in_clause[0].person]
                return self._with_pronoun_subject(in_clause, earlier[:1]), in_clause
            elif len({m.person.key for m in in_clause}) == 1 and _OBJECT_PRONOUN.match(text, trigger.end):
                earlier = [m for m in usable if m.end <= start and m.person is not in_clause[0].person]
                chosen = [earlier[-1], in_clause[0]] if earlier else chosen
            if len({m.person.key for m in chosen}) >= 2 and _one_state([m.person for m in chosen]):
                # "Kim met and had a dinner with the delegation ... headed by Chung": the subject named before the
                # first trigger is the other side of the second.
                states = {m.person.country for m in chosen}
                subject = [m for m in usable if m.start < trigger.start and m.person.country not in states]
                chosen = subject[:1] + chosen
            if len({m.person.key for m in chosen}) < 2:
                subject = [m for m in usable if m.start < trigger.start and m not in chosen]
                chosen = subject[:1] + chosen if len(triggers) > 1 else [m for m in usable if m not in chosen] + chosen
        people: list[ArticlePerson] = []
        for m in sorted(chosen, key=lambda m: m.start):
            if m.person not in people:
                people.append(m.person)
        owner = self._owner_of(text, trigger, mentions)
        if owner is not None:
            # "Biegun said, referring to Trump's assignment ... during his meeting with Kim": his is Trump's.
            after = [m.person for m in chosen if m.start >= trigger.end and m.person is not owner]
            if after:
                people = [owner, *dict.fromkeys(after)]
        if (
            len(people) < 2
            and self.last_subject
            and self.last_subject not in people
            and _PRONOUN_SUBJECT.search(text, 0, trigger.start)
        ):
            people.insert(0, self.last_subject)  # "He met Kang in Seoul": he is whom the last sentence was about
        trio = _TRIO_ANAPHORA.search(text, seg[0], seg[1])
        if len(people) < 2 and trio and self.last_trio:
            # "The three will also meet trilaterally": the three whom the last contacts named, though a bilateral of
            # two of them came between ("The three deputies are expected to meet again").
            return list(self.last_trio), chosen
        anaphora = PAIR_ANAPHORA.search(text[max(0, seg[0]) : seg[1]])
        if len(people) < 2 and anaphora:
            # "The two leaders" are the last two leaders of two states named, not whoever was named last.
            pair = (
                self.last_leaders if "leader" in anaphora.group().casefold() and self.last_leaders else self.last_pair
            )
            if anaphora.group().casefold() in _PLURAL_PRONOUNS and len(self.last_group) >= 3 and not people:
                # "Kim will have bilateral and trilateral meetings with Sung Kim and Funakoshi. They previously met in
                # Tokyo": everyone the last sentence's contacts put together.
                pair = list(self.last_group)
            for person in pair:
                if person not in people:
                    people.append(person)
        return people, chosen

    @staticmethod
    def _owner_of(text: str, trigger: Trigger, mentions: list[PersonMention]) -> ArticlePerson | None:
        """Whose "his meeting" it is: the nearest man named before it in the sentence (a possessor too)."""
        if not _POSSESSIVE_TRIGGER.match(trigger.text):
            return None
        before = [m for m in mentions if m.end <= trigger.start and not m.person.is_speaker]
        return before[-1].person if before else None

    def _with_pronoun_subject(
        self, in_clause: list[PersonMention], sentence_subject: list[ArticlePerson]
    ) -> list[ArticlePerson]:
        """The one named in the clause and "he": the subject of the sentence's earlier clause ("In Seoul, Marsh will
        meet Yoon, and in Tokyo he will hold talks with Okada"), else whom the last sentence was about."""
        people = [in_clause[0].person]
        subject = sentence_subject[0] if sentence_subject else self.last_subject
        if subject and subject not in people:
            people.insert(0, subject)
        return people

    def _date_for(
        self, text: str, trigger: Trigger, seg: tuple[int, int], status: str, n_triggers: int, *, ahead: bool = False
    ) -> list[ResolvedDate]:
        """The dates the sentence gives a contact; ``ahead`` when it is known to lie after the story's day."""
        counted = self._counted_from_an_earlier_date(text, trigger)
        if counted:
            return [counted]
        past_plan = (
            status == "planned"
            and not ahead
            and _PAST_PLAN.search(text, clause_start(text, trigger.start), trigger.end)
        )
        if status == "cancelled" or past_plan:
            # A called-off contact may have lain ahead ("the summit planned for June 12", in May) or behind ("the
            # February 10 meeting", on the 21st): of the two readings of each date, the one nearer the story's day.
            mentions = [
                min((past, ahead), key=lambda d: abs((d.dates[0].value - self.published).days))
                for past, ahead in zip(self.dates_in(text), self.dates_in(text, future=True), strict=False)
            ]
        else:
            mentions = self.dates_in(text, future=status == "planned")
        # "met Yoo on Tuesday to discuss preparations for a trilateral meeting next month": the date of what they
        # prepare is not theirs.
        prepared = _PREPARED_EVENT.search(text, trigger.end)
        if prepared:
            mentions = [d for d in mentions if d.start < prepared.start()]
        # "..., his first trip abroad this year", "the first such meeting in two years": the period an ordinal counts
        # in, not the contact's date.
        mentions = [d for d in mentions if not _COUNTED_IN.search(text, max(0, d.start - _COUNTED_IN_REACH), d.start)]
        # "two months after that group's last meeting" dates the event that follows it, not the one before.
        mentions = [
            d for d in mentions if not (d.start > trigger.end and _RELATIVE_TO_NEXT.match(text, d.start, d.end))
        ]
        # "..., the foreign ministry said Sunday": the day of the account, the contact's only if it has none of its own.
        # "On Friday, a newspaper reported that they met": the day of the report, never the contact's.
        # "SEOUL, July 2 (Yonhap) --": the day the story was filed, as its date line already says.
        dateline = _DATELINE_AT_START.match(text)
        mentions = [
            d
            for d in mentions
            if not self._dates_the_account(text, d, trigger) and not (dateline and d.start < dateline.end())
        ]
        own = [d for d in mentions if not _SAID_ON.search(text, max(0, d.start - _SAID_ON_REACH), d.start)]
        # "is set to visit Seoul next week for talks with X, the ministry said Tuesday": the day of the account is
        # the contact's only when the sentence gives no other.
        if own:
            mentions = own
        in_segment = [d for d in mentions if seg[0] <= d.start < seg[1]]
        if not in_segment and n_triggers == 1:
            in_segment = mentions
        elif not in_segment and status == "held":
            # "Last month, Chung met Kim and then traveled to Washington to ...": the sentence's date carries on.
            in_segment = [d for d in mentions if d.end <= trigger.start]
        if not in_segment:
            return []
        # A date of the trigger's own clause first: "On Wednesday during their phone call, Xi told Moon that ... within
        # this year" is Wednesday's call.
        start, end = clause_start(text, trigger.start), clause_end(text, trigger.end, through_lists=True)
        in_clause = [d for d in in_segment if start <= d.start < end]
        in_segment = in_clause or in_segment
        # A contact's own date usually follows it ("met Kang on Friday"); else the nearest before it.
        after = [d for d in in_segment if d.start >= trigger.start]
        nearest = after[0] if after else min(in_segment, key=lambda d: trigger.start - d.end)
        return list(nearest.dates)

    def _counted_from_an_earlier_date(self, text: str, trigger: Trigger) -> ResolvedDate | None:
        """ "Wang visited Pyongyang in May 2018, a month before Kim and Trump met": the contact's date counted from
        the date the sentence gives the other event, not from the story's day."""
        start = clause_start(text, trigger.start)
        # The span opens the clause ("..., a month before Kim and Trump met") or ends where it starts ("a month
        # before | Kim and Trump met", where "before" with its own subject and verb opens the clause).
        span = _SPAN_OPENS_CLAUSE.match(text, start, trigger.start) or _SPAN_CLOSES.search(text, 0, start)
        if span is None:
            return None
        start = min(start, span.start())
        anchors = [d for m in self.dates_in(text) if m.end <= start for d in m.dates if d.precision != "week"]
        if not anchors:
            return None
        count = NUMBERS.get(span.group("count").casefold()) or int(span.group("count"))
        unit = span.group("unit").casefold()
        # "denied a report that an official met them last month, a day after the leaders held a summit": a span of
        # days counts from a day ("on Saturday", the denial's), not from a month.
        by_day = [a for a in anchors if a.precision == "day"] if unit in ("day", "week") else []
        anchor = (by_day or anchors)[-1]
        step = relativedelta(**{unit + "s": count})
        value = anchor.value + step if span.group("direction").casefold() == "before" else anchor.value - step
        precision = max(anchor.precision, unit if unit != "week" else "day", key=PRECISION_RANK.__getitem__)
        if precision == "month":
            value = value.replace(day=1)
        elif precision == "year":
            value = value.replace(month=1, day=1)
        return ResolvedDate(value, precision)

    @staticmethod
    def _dates_the_account(text: str, date: DateMention, trigger: Trigger) -> bool:
        """The day of a report of the contact, not of the contact: "The ministry on Friday said ... that they met",
        "On Friday, a local newspaper reported that they met"."""
        speech = _SPEECH_NEXT.match(text, date.end)
        if speech:
            return speech.end() <= trigger.start
        account = _ACCOUNT_AFTER.match(text, date.end)
        opens_clause = _CLAUSE_OPENER.fullmatch(text, clause_start(text, date.start), date.start)
        return bool(account and opens_clause and account.end() <= trigger.start)

    def _is_headline(self, sentence: Sentence) -> bool:
        """The article's first line, when it is a title: no full stop, a line of its own."""
        first = next((s for s in self.sentences if s.text.strip() and not is_credit(s.text)), None)
        return (
            sentence is first
            and not sentence.text.rstrip().endswith((".", '"', "”"))
            and len(sentence.text) <= _HEADLINE_LENGTH
        )

    def _filed_on(self) -> dt.date | None:
        """The day the dateline gives ("WASHINGTON, Oct. 7 (Yonhap) --"), in the story's first sentences."""
        for sentence in self.sentences[:_DATELINE_SENTENCES]:
            dateline = _DATELINE_AT_START.match(sentence.text)
            if dateline:
                given = [d for d in self.dates_in(sentence.text) if d.start < dateline.end()]
                return given[0].dates[0].value if given else None
        return None

    def _fallback_date(self, status: str, text: str) -> ResolvedDate | None:
        if _CLOCK_TIME.search(text):  # "are scheduled to speak at 7 p.m.": an hour and no day is the story's day
            return ResolvedDate(self.published, "day")
        if status == "planned":
            return ResolvedDate(self.published.replace(day=1), "month")
        # A held contact the text gives no date for happened about the time of the story, not on its day:
        # the week says so honestly (and "this week" news mostly is).
        return self.context_date or ResolvedDate(self.published, "week")

    # --- merging ---------------------------------------------------------------------------------

    def _add(self, draft: ContactDraft, definite: bool) -> ContactDraft | None:
        same = reported_before(draft, self.drafts, definite=definite)
        if same:
            merge_into(same, draft)
            return same
        if definite and draft.date is None:
            return None
        self.drafts.append(draft)
        return draft

    # --- sentences -------------------------------------------------------------------------------

    def read(self) -> ArticleExtraction:
        self.people.home_country = self.places.country_of(self.places.dateline)
        for sentence in self.sentences:
            self._read_sentence(sentence)
        self._name_looked_up_people()
        drafts = [d for d in merge_duplicates(self.drafts) if len(d.people) >= 2]
        self._place_by_companion_contacts(drafts)
        credit_official_release(self.body, drafts)
        self.accounts.credit_release(drafts)
        return ArticleExtraction(
            sentences=self.sentences,
            people=[
                ExtractedPerson(
                    person=p.ref,
                    title=p.title,
                    organization=p.organization,
                    aliases=tuple(sorted(p.aliases)),
                    evidence=p.first_sentence,
                    in_lexicon=bool(p.slug),
                )
                for p in self.people.people
            ],
            contacts=[self._record(d) for d in drafts],
            highlights=sorted(self.highlights, key=lambda h: h.start),
        )

    def _letter_reply(self, sentence: Sentence, mentions: list[PersonMention]) -> ContactDraft | None:
        """ "Kim replied Thursday, saying ...": after a letter, its addressee's answer is a letter of its own."""
        letter = self.drafts[-1] if self.drafts else None
        reply = _LETTER_REPLY.search(sentence.text)
        if letter is None or letter.kind != "letter" or len(letter.people) != 2 or reply is None:
            return None
        writer = next((m.person for m in mentions if m.end <= reply.start()), None)
        if writer is None and _PRONOUN_SUBJECT.search(sentence.text, 0, reply.start()):
            writer = self.last_subject
        if writer not in letter.people:
            return None
        addressee = next(p for p in letter.people if p is not writer)
        dates = [d for m in self.dates_in(sentence.text) if m.start >= reply.start() for d in m.dates]
        draft = ContactDraft(
            kind="letter",
            status="held",
            date=dates[0] if dates else None,
            location=None,
            people=[writer, addressee],
            evidence=sentence,
            trigger=reply.group(),
        )
        if draft.date is None:
            draft.date, draft.date_is_fallback = self._fallback_date("held", sentence.text), True
        if letter.date and draft.date and draft.date.value == letter.date.value:
            return None  # the same day's letter told again, not an answer
        self.drafts.append(draft)
        return draft

    def _add_attendees(self, sentence: Sentence, mentions: list[PersonMention]) -> None:
        """ "(From the Japanese side Mr. X ... and from the ROK side Mr. Y ... attended the meeting.)": the people of
        a sentence that says who else sat in join the contact just told of."""
        topic = self.topic
        if (
            topic is None
            or sentence.index - topic.evidence.index > _ATTENDEES_REACH
            or not ATTENDANCE.search(sentence.text)
        ):
            return
        for m in mentions:
            if not m.person.is_speaker and m.person not in topic.people:
                topic.people.append(m.person)

    def _own_place(
        self, text: str, matches: list[LexiconMatch], chosen: list[PersonMention], people: list[ArticlePerson]
    ) -> str | None:
        """ "meet A in Seoul on Monday and B in Tokyo on Wednesday": each of a split contact's places is the one
        after its own counterpart, before the next."""
        objects = [m for m in chosen if m.person in people][1:] or [m for m in chosen if m.person in people]
        if not objects:
            return None
        start = objects[-1].end
        end = next((m.start for m in chosen if m.start > start and m.person not in people), len(text))
        places = self._places(text, matches, start, end, CONTACT_PLACE_PREPOSITION)
        return places[0][1] if places else None

    def _note_trip(self, sentence: Sentence, matches: list[LexiconMatch], mentions: list[PersonMention]) -> None:
        """ "Park plans to leave for Qingdao on Monday": who travels where, for the contacts of the next sentences."""
        trip = [
            place
            for place in self._places(sentence.text, matches, 0, len(sentence.text), TRIP_DESTINATION)
            # "upon arrival at Incheon International Airport, west of Seoul": the gateway, not where he is going
            if not AIRPORT.match(sentence.text, place.at + len(place.name)) and not invited_to(sentence.text, place)
        ]
        if not trip:
            return
        leg = trip[0]
        before = [m.person for m in mentions if m.end <= leg.at and not m.person.is_speaker]
        traveller = before[0] if before else None
        if traveller is None and _PRONOUN_SUBJECT.search(sentence.text, 0, leg.at):
            traveller = self.last_subject
        state = traveller.country if traveller else travelling_party(sentence.text, matches, leg.at)
        if traveller is not None or state is not None:
            ahead = bool(PLANNED.search(sentence.text, 0, leg.at))  # "plans to leave for Qingdao on Monday"
            dated = [d for m in self.dates_in(sentence.text, future=ahead) if m.start > leg.at for d in m.dates]
            # "canceled a planned visit to South Korea": the trip, and what it was for, will not happen.
            cancelled = bool(CANCELLED.search(sentence.text, max(0, leg.at - TRIP_CANCEL_REACH), leg.at))
            self.trip = Trip(traveller, state, leg.name, sentence.index, dated[0] if dated else None, cancelled)

    def _trip_called_off(self, sentence: Sentence, people: list[ArticlePerson]) -> bool:
        """Whether a contact belongs to the programme of a trip the story said was called off."""
        trip = self.trip
        return bool(
            trip
            and trip.cancelled
            and sentence.index - trip.sentence_index <= _TRIP_SENTENCES
            and trip.made_by(people)
            and self._someone_at_home(trip.destination, people)
        )

    def _place_by_companion_contacts(self, drafts: list[ContactDraft]) -> None:
        """ "The envoys of A, B and C will meet in Indonesia next week" + "Kim will have bilateral and trilateral
        meetings with ... from Monday in Jakarta": a contact without a city takes the one of a contact of the same
        person, status and days."""
        for draft in drafts:
            if draft.location or draft.kind in REMOTE_KINDS | {"letter"} or draft.date is None:
                continue
            if draft.date.precision not in ("day", "week"):
                continue
            draft.location = next(
                (
                    other.location
                    for other in drafts
                    if other is not draft
                    and other.location
                    and other.status == draft.status
                    and other.kind not in REMOTE_KINDS
                    and other.date
                    and other.date.precision in ("day", "week")
                    and dates_agree(draft.date, other.date)
                    and draft.person_set() & other.person_set()
                    and self._someone_at_home(other.location, draft.people)
                ),
                None,
            )

    def _name_looked_up_people(self) -> None:
        """ "Noh will hold talks with his U.S. and Japanese counterparts ... Noh is to meet Sung Kim and Takehiro
        Funakoshi": counterparts looked up before the text named them are the ones it names."""
        for draft in self.drafts:
            for i, person in enumerate(draft.people):
                named = self.people.named_holder_of_same_post(person)
                if named is not None and named not in draft.people:
                    draft.people[i] = named

    def _read_sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        self.reading = sentence.index
        self.referred = None  # the contact this sentence names again ("his sixth meeting with Xi"), if any
        matches = self.matches_in(sentence)
        mentions = self.people.mentions(sentence, matches)
        self._highlight(sentence, matches, mentions)
        self._complete_counterparts(sentence, mentions)
        if is_credit(text):
            return
        created = self._contacts(sentence, matches, mentions)
        if not created and (reply := self._letter_reply(sentence, mentions)):
            created = [reply]
        self._note_trip(sentence, matches, mentions)
        if not created:
            self._add_attendees(sentence, mentions)
        if created:
            self.last_group = list(dict.fromkeys(p for draft in created for p in draft.people))
            if len(self.last_group) == _TRIO:
                self.last_trio = self.last_group
        self._readouts(sentence, matches, created, mentions)
        # The day the story is about: a weekday or "today" near the date line ("a day after the test" is another
        # event's).
        is_future = bool(re.search(r"\b(will|is set to|are set to|scheduled|expected to)\b", text))
        day_dates = (
            []
            if is_future
            else [
                d
                for m in self.dates_in(text)
                for d in m.dates
                if d.precision == "day"
                and abs((d.value - self.published).days) <= 7
                and d.value <= self.published
                and not re.search(r"\b(after|before|ago|earlier|later|until|since)\b", text[m.start : m.end])
            ]
        )
        if day_dates:
            self.context_date = day_dates[0]
        people = [m.person for m in mentions if not m.person.is_speaker]
        if people:
            self.last_subject = people[0]
        pair = _pair_of_states(people)
        if pair:
            self.last_pair = pair
        leaders = _pair_of_states([p for p in people if p.is_leader])
        if leaders:
            self.last_leaders = leaders
        # "Kim, Putin and Xi were together, and Kim held his sixth meeting with Xi. ... both leaders agreed": the
        # two are the sides of the contact the sentence told, not its first two names.
        told = created[-1].people if created else self.referred.people if self.referred else []
        if len(told) == 2 and told[0].country != told[1].country:
            self.last_pair = list(told)
            if all(p.is_leader for p in told):
                self.last_leaders = list(told)

    def _complete_counterparts(self, sentence: Sentence, mentions: list[PersonMention]) -> None:
        """ "Officials met at Panmunjom." + "The delegation was headed by Cho …" + "Ri … led the DPRK delegation." """
        for draft in self.drafts:
            if (
                not draft.needs_counterpart
                or sentence.index > draft.waits_until
                or not CONTINUE_GROUP.search(sentence.text)
            ):
                continue
            countries = {p.country for p in draft.people}
            # Two sides, unless the contact was told as one of three or more ("trilateral talks").
            sides = _MANY_SIDES if TRILATERAL.search(draft.evidence.text + " " + draft.trigger) else 2
            sides = max(sides, draft.side_count)  # "the envoys of South Korea, the United States and Japan met"
            for m in mentions:
                if len(countries) >= sides:
                    break
                if draft.awaited_states and m.person.country and m.person.country not in draft.awaited_states:
                    continue  # "met the Chinese ambassador" + "... talks with Secretary of State X": another contact
                if m.person not in draft.people and not m.person.is_speaker and m.person.country not in countries:
                    draft.people.append(m.person)
                    countries.add(m.person.country)
            if len(draft.people) >= 2:
                draft.needs_counterpart = False

    def _contacts(
        self, sentence: Sentence, matches: list[LexiconMatch], mentions: list[PersonMention]
    ) -> list[ContactDraft]:
        text = sentence.text
        triggers = find_triggers(text, [m.start for m in mentions])
        created: list[ContactDraft] = []
        # Two triggers for one pair in a sentence are one contact: "spoke with X by phone" is a call.
        seen_pairs: dict[frozenset[str], list[ContactDraft]] = {}
        for i, trigger in enumerate(triggers):
            if is_non_contact_event(text, trigger):
                continue
            seg = segment_bounds(triggers, i, len(text))
            if self._manner_of_last(text, trigger, seg, created, len(triggers)):
                continue
            people, chosen = self._participants(text, trigger, seg, mentions, triggers)
            if len(people) < 2 and trigger.kind in REMOTE_KINDS and not self.drafts:
                self.headline_kind = trigger.kind  # "Foreign Minister Holds Telephone Conversation with ..."
            if len(people) < 2 and created and not any(seg[0] <= m.start < seg[1] for m in mentions):
                # "..., after a phone call on Thursday was postponed": a contact word that names nobody tells of
                # the sentence's pair.
                people = list(created[-1].people)
            last_met = self._last_met(text, trigger) if len(people) >= 2 else None
            if last_met is None and is_negated(text, trigger):
                if len(people) >= 2:
                    self.last_pair = people[:2]
                if DEFINITE_REFERENCE.search(
                    text[max(0, trigger.start - 25) : trigger.end + 5]
                ) and _NOT_PART_OF.search(text, 0, trigger.start):
                    self._withdraw_people(trigger.kind, people, sentence.index)
                continue
            if is_speculative(text, trigger):
                continue
            status = "held" if last_met else status_of(text, trigger)
            # "Pompeo canceled a planned visit to South Korea. ... Kang and Pompeo were set to hold talks Thursday":
            # the programme of a trip called off before it was made is called off, its days still ahead.
            off_with_trip = status == "planned" and self._trip_called_off(sentence, people)
            event_seg = _with_same_event(text, triggers, i, seg)  # "met for a summit in Beijing last December"
            dates = (
                [last_met]
                if last_met
                else self._date_for(text, trigger, event_seg, status, len(triggers), ahead=off_with_trip)
            )
            if off_with_trip:
                status = "cancelled"
            if not dates and self.drafts and self.drafts[-1].date and _SAME_DAY.search(text, seg[0], seg[1]):
                dates = [self.drafts[-1].date]  # "The three will also meet on the same day"
            if not dates and (around := _AROUND_TOLD.search(text, trigger.end)):
                # "Go and Kawabe also held a separate meeting before the trilateral session": on its occasion.
                occasion = next(
                    (
                        d
                        for d in reversed(self.drafts)
                        if d.date
                        and not d.date_is_fallback
                        and kinds_agree(_noun_kind(around.group("noun")), d.kind)
                        and {p.key for p in people} <= d.person_set()
                    ),
                    None,
                )
                dates = [occasion.date] if occasion else dates
            definite = bool(DEFINITE_REFERENCE.search(text[max(0, trigger.start - 25) : trigger.end + 15]))
            # A reference back names its own people right after it: "Friday's meeting between Biegun and Kang".
            between = trigger.text.casefold().endswith("between") or _BETWEEN.match(text, trigger.end)
            named_here = {
                m.person.key
                for m in chosen
                if trigger.start - 80 <= m.start < trigger.end + 60 or (between and m.start > trigger.end)
            }
            if definite and (len(named_here) < 2 or self._reported_already(trigger.kind, people)):
                # "At their meeting, Chung and Wang ...": the pair's contact already read, whatever else is dated here.
                # "Their Christmas Eve meeting in Chengdu": where the contact takes place, right after its name.
                places = self._places(text, matches, trigger.end, seg[1], CONTACT_PLACE_PREPOSITION)
                place = next((name for at, name in places if at - trigger.end <= _REFERENCE_PLACE_REACH), None)
                # A name's date reads either way ("their Christmas Eve meeting will be ..."): the contact's decides.
                other_reading = self._date_for(
                    text, trigger, seg, "held" if status == "planned" else "planned", len(triggers)
                )
                found = self._refer_back(
                    trigger.kind,
                    people,
                    dates if len(named_here) < 2 else [],
                    status,
                    place,
                    other_reading,
                    one_event=bool(_ONE_MEETING.search(trigger.text)),
                )
                # "During their talks in Tokyo on Monday, Park and Arakawa agreed ...": a name that opens the
                # sentence and points ahead to its subjects tells of the contact first when nothing came before.
                if found or not (
                    dates
                    and len(people) >= 2
                    and not _one_state(people)
                    and (
                        _OPENING_REFERENCE.match(text, 0, trigger.start)
                        # "... asked his counterpart to visit Seoul during their meeting at the White House last week"
                        or trigger.text.casefold().startswith("their ")
                    )
                ):
                    continue
            kind = trigger.kind
            if kind == "meeting" and re.search(
                r"\bgroup[’']s\s+(?:\w+\s+)?$", text[max(0, trigger.start - 30) : trigger.start]
            ):
                kind = "working_group"  # "that group's last meeting"
            if kind == "meeting" and _GROUP_AS_SUBJECT.search(governing_text(text, trigger.start)):
                kind = "working_group"  # "The South Korea-U.S. working group, led by A and B, met in Washington"
            if kind in ("meeting", "summit"):
                leaders = len(people) >= 2 and all(p.is_leader for p in people)
                if kind == "summit" and not leaders:
                    continue  # people talking about a summit, not holding one
                kind = "summit" if leaders else kind
            if kind == "meeting" and self.headline_kind and not self.drafts and SPOKEN.search(trigger.text):
                # The headline says how the lead's "talked to" was held: by telephone.
                kind = self.headline_kind
            # Where the contact took place: "met ... in Seoul", "talks at Panmunjom" (not "a visit to Pyongyang").
            preposition = (
                HOST_PLACE_PREPOSITION
                if trigger.text.casefold().startswith(("welcome", "host"))
                else CONTACT_PLACE_PREPOSITION
            )
            # Within the trigger's clause: "..., and in Tokyo he will hold talks" places the next contact, not this one.
            places_end = min(event_seg[1], clause_end(text, trigger.end, through_lists=True))
            prepared = _PREPARED_EVENT.search(text, trigger.end, places_end)
            places_end = prepared.start() if prepared else places_end  # "... for a meeting in Washington next month"
            places = self._places(
                text, matches, max(seg[0], trigger.start - CONTACT_PLACE_BEFORE), places_end, preposition
            )
            if not places:
                # "In Seoul, Marsh will meet Yoon": a place that opens the clause sets the scene of its contact.
                opening = clause_start(text, trigger.start)
                places = [
                    p
                    for p in self._places(text, matches, opening, trigger.start, preposition)
                    if _OPENING_PLACE.fullmatch(text, opening, p.at)
                ]
            # A trip's destination anywhere before the trigger ("arrived in Seoul earlier on Thursday, ahead of a
            # summit") is the trip rule's to judge, which asks who travelled; nor does the story's city stand in for
            # it. The place of a visit someone is asked to make is that visit's, not the contact's that asked it.
            others_places = {
                place.name
                for place in self._places(text, matches, seg[0], trigger.start, preposition)
                if TRIP_DESTINATION.search(text, max(0, place.at - _TRIP_PHRASE_REACH), place.at)
                or invited_to(text, place)
            }
            places = [place for place in places if place.name not in others_places]
            location = places[0][1] if places else None
            if TRIP_ERRAND.match(trigger.text):  # "will travel to Seoul ... to brief": where the errand is run
                destination = self._places(text, matches, trigger.start, trigger.end, PLACE_PREPOSITION)
                location = destination[0][1] if destination else location
            if location is None and kind not in REMOTE_KINDS | {"letter"}:
                # "During his visit to Seoul, Biegun met ...", "Kim arrived in Seoul for talks with ..."; a trip named
                # after the contact is another event ("held talks in February, following a visit to Pyongyang").
                # Of several legs, the one nearest the contact leads to it: "arrived in Beijing, en route to Hanoi to
                # meet ...".
                trip = [
                    place
                    for place in self._places(text, matches, 0, trigger.start, TRIP_DESTINATION)
                    if not invited_to(text, place)
                ][-1:]
                # Someone of the contact made the trip: he is named before it ("Kim arrived in Seoul for talks"), or
                # it is "his visit"; "Lavrov arrived in Pyongyang ahead of a summit between Kim and Trump" is not.
                travellers = {m.person.key for m in mentions if trip and m.end <= trip[0][0]}
                own_trip = trip and _OWN_TRIP.search(text, max(0, trip[0][0] - _TRIP_PHRASE_REACH), trip[0][0])
                if trip and (own_trip or travellers & {p.key for p in people}):
                    location = trip[0][1]
                elif (
                    _OWN_TRIP.search(text, 0, trigger.start)
                    or (not dates and _ALSO.search(text, clause_start(text, trigger.start), trigger.start))
                ) and (away := self._visitors_last_place(people, dates[0] if dates else None)):
                    # "During his visit, Suh met ...", "He also met Putin" (one more of the programme, with no day of
                    # its own): where the story last placed him away from home. "Biegun also had dinner with Kono
                    # on Friday" tells an event of its own, whose place the story does not give.
                    location = away
                elif SIGNED_DOCUMENT.search(text) and self.places.document_city(sentence.index):
                    # "The declaration was signed by Moon and Kim after their summit": where it is named after.
                    location = self.places.document_city(sentence.index)
                elif AT_GATHERING.search(text, trigger.end, places_end):
                    # "will meet at a regional security conference next week": where the article holds it.
                    location = self.places.gathering_city(sentence.index)
                elif (
                    self.trip
                    and sentence.index - self.trip.sentence_index <= _TRIP_SENTENCES
                    and self.trip.made_by(people)
                    and (self._someone_at_home(self.trip.destination, people) or SIDELINES.search(text))
                    and self._during_trip(dates[0] if dates else None)
                ):
                    location = self.trip.destination  # the trip a sentence before told of, to meet his hosts
            pair = frozenset(p.key for p in people)
            # A call planned for tonight after Thursday's was postponed: one pair, two events; any other second
            # trigger for the pair ("met ... and agreed to continue talks") tells of the same one.
            same_status = [
                d for d in seen_pairs.get(pair, []) if "cancelled" not in {d.status, status} or d.status == status
            ]
            # "Thursday's virtual talks came about two weeks after Noh and Kim spoke by phone": a time clause between
            # the two triggers tells of an earlier (or later) event of the same pair.
            another_time = i > 0 and _SPAN_OPENS_CLAUSE.search(text[triggers[i - 1].end : trigger.start])
            told_here = {key for d in created for key in d.person_set()}
            if (
                created
                and {p.key for p in people} <= told_here
                and (
                    _PREPARED_EVENT.search(text, triggers[i - 1].end, trigger.start)
                    or _SAME_EVENT_GAP.fullmatch(text, triggers[i - 1].end, trigger.start)
                )
            ):
                # "met Yoo to discuss preparations for a trilateral meeting next month": what they discussed;
                # "hosted A and B for trilateral talks": the contact just read, named again.
                continue
            if len(people) >= 2 and pair in seen_pairs and (same_status or not seen_pairs[pair]) and not another_time:
                for earlier in same_status:  # "shakes hands with Wang, as they meet for talks in Beijing on Friday"
                    if earlier.kind == "meeting" and kind in REMOTE_KINDS:
                        earlier.kind = kind
                    if earlier.date_is_fallback and dates:
                        earlier.date, earlier.date_is_fallback = dates[0], False
                    earlier.location = earlier.location or location
                continue
            seen_pairs.setdefault(pair, [])
            groups = self._split_by_date(text, trigger, seg, chosen, dates, people, status)
            listed = False
            if len(groups) == 1:
                groups = _split_list(text, trigger, seg, chosen, groups[0])
                listed = len(groups) > 1
            for group_people, date in groups:
                if kind not in ("letter",) and len(group_people) >= 2 and _one_state(group_people):
                    continue  # officials of one state
                # Officials or a delegation whose heads the next sentences name.
                side_states = _states_as_sides(text, matches, trigger, self.lexicon) if len(group_people) < 2 else ()
                needs = (
                    len(group_people) < 2
                    and kind not in ("letter", "summit")
                    and (len(group_people) == 1 or _UNNAMED_SIDES.search(text) or side_states)
                )
                if len(group_people) < 2 and not needs:
                    continue
                named_in_sentence = {m.person.key for m in mentions}
                draft = ContactDraft(
                    kind=kind,
                    status=status,
                    date=date,
                    location=(self._own_place(text, matches, chosen, group_people) if len(groups) > 1 else None)
                    or location,
                    people=list(group_people),
                    evidence=sentence,
                    needs_counterpart=needs,
                    waits_until=sentence.index + 12,
                    trigger=trigger.text,
                    weak_trigger=trigger.needs_person,
                    from_a_list=listed,
                    sides_from_context=any(p.key not in named_in_sentence for p in group_people),
                    side_count=len(side_states) if needs else 0,
                    awaited_states=frozenset(
                        m.key
                        for m in matches
                        if needs
                        and m.kind == "country"
                        and trigger.end <= m.start < seg[1]
                        and _UNNAMED_OFFICIAL.match(text, m.end)
                        and m.key not in {p.country for p in group_people}
                    ),
                )
                # "The meeting between A and B lasted an hour": a reference that names its own people tells of the
                # contact when the article told of none of theirs before.
                first_told = (
                    definite
                    and len(named_here) == len(group_people) == 2
                    and not any(set(d.people) & set(group_people) for d in self.drafts)
                    and not any(d.needs_counterpart for d in self.drafts)  # whose sides these may be
                )
                if date is None and (not definite or first_told):
                    draft.date, draft.date_is_fallback = self._fallback_date(status, text), True
                    if status == "held" and self._is_headline(sentence):
                        # "S. Korea, U.S. hold working group talks on N. Korea": a headline's present tense
                        # is the story's own day, the dateline's where it gives one ("BRUSSELS, Oct. 13 (Yonhap)"
                        # in a story published on the 14th in Seoul).
                        draft.date = ResolvedDate(self._filed_on() or self.published, "day")
                if (
                    draft.location is None
                    and kind not in ("phone_call", "video_call", "letter")
                    and draft.date
                    and draft.date.precision in ("day", "week")
                    and abs((draft.date.value - self.published).days) <= STORY_DAYS
                ):
                    story_city = self._article_place_for(group_people)
                    # Not a city this sentence already gave to someone else's trip (unless the contact's own
                    # travellers took it back above): "Lavrov arrived in Pyongyang ahead of a summit of Kim and Trump".
                    if story_city not in others_places:
                        draft.location = story_city
                self._host_of_place(draft)
                added = self._add(draft, definite and not first_told)
                if added:
                    seen_pairs[pair].append(added)
                    created.append(added)
                    self.topic = added
                    if len(added.people) >= 2:
                        self.last_pair = added.people[:2]
        return created

    def _manner_of_last(
        self, text: str, trigger: Trigger, seg: tuple[int, int], created: list[ContactDraft], n_triggers: int
    ) -> bool:
        """ "speaks during a meeting with A and B via videoconference ... on Feb. 19": how the contact just read was
        held, and its date, not another contact."""
        if not (created and trigger.kind in REMOTE_KINDS and _MANNER.search(text, 0, trigger.start)):
            return False
        earlier = created[-1]
        if earlier.kind in MEETING_FAMILY:
            earlier.kind = trigger.kind
        dates = self._date_for(text, trigger, seg, earlier.status, n_triggers)
        if earlier.date_is_fallback and dates:
            earlier.date, earlier.date_is_fallback = dates[0], False
        return True

    def _last_met(self, text: str, trigger: Trigger) -> ResolvedDate | None:
        """ "The two leaders have not met since June": they last met in June."""
        since = _NOT_SINCE.match(text, trigger.end)
        if since is None or not is_negated(text, trigger):
            return None
        # The date phrase may hold "since" itself ("since June").
        following = next((d for d in self.dates_in(text) if since.start() <= d.start <= since.end()), None)
        return following.dates[0] if following else None

    def _reported_already(self, kind: str, people: list[ArticlePerson]) -> bool:
        ids = frozenset(p.key for p in people)
        return len(ids) >= 2 and any(d.person_set() == ids and kinds_agree(kind, d.kind) for d in self.drafts)

    def _withdraw_people(self, kind: str, people: list[ArticlePerson], index: int) -> None:
        """ "Lee and Biegun did not join the videoconference": they are not its participants after all."""
        for draft in self.drafts:
            if draft.kind == kind and any(p in draft.people for p in people):
                draft.people = [p for p in draft.people if p not in people]
                if len(draft.people) < 2:
                    draft.needs_counterpart, draft.waits_until = True, index + 6

    def _refer_back(
        self,
        kind: str,
        people: list[ArticlePerson],
        dates: list[ResolvedDate],
        status: str = "held",
        place: str | None = None,
        other_reading: list[ResolvedDate] = (),
        one_event: bool = False,
    ) -> bool:
        """ "the meeting", "Friday's talks", "the phone conversation": the contact being discussed becomes the topic
        again. False when the article told of no such contact before."""
        candidates = [
            d
            for d in reversed(self.drafts)
            if kinds_agree(kind, d.kind) and (not dates or dates_agree(dates[0], d.date))
        ]
        if not candidates and dates and other_reading:
            return self._refer_back(kind, people, list(other_reading), status, place, one_event=one_event)
        # Whom the sentence names picks the contact; "the summit" needs no names when the article has one summit.
        named = [d for d in candidates if not people or {p.key for p in people} & d.person_set()]
        of_kind = [d for d in candidates if d.kind == kind]
        draft = named[0] if named else (of_kind[0] if len(of_kind) == 1 else None)
        if draft is None:
            return False
        if dates and draft.date and PRECISION_RANK[dates[0].precision] < PRECISION_RANK[draft.date.precision]:
            draft.date = dates[0]
        if status == "cancelled" and draft.status == "planned":
            draft.status = "cancelled"  # "..., but the North scrapped the February 10 meeting"
        draft.location = draft.location or place
        self.referred = draft
        if one_event and draft.from_a_list:
            self._rejoin_list(draft)
        self.topic = draft
        return True

    def _rejoin_list(self, draft: ContactDraft) -> None:
        """ "Pence was going to meet A and B, but the North scrapped the February 10 meeting": a list split into
        bilaterals that the text then names as one meeting was one contact with all of them."""
        for sibling in [
            d
            for d in self.drafts
            if d is not draft and d.from_a_list and d.evidence is draft.evidence and d.trigger == draft.trigger
        ]:
            for person in sibling.people:
                if person not in draft.people:
                    draft.people.append(person)
            self.drafts.remove(sibling)
        draft.from_a_list = False

    def _split_by_date(
        self,
        text: str,
        trigger: Trigger,
        seg: tuple[int, int],
        chosen: list[PersonMention],
        dates: list[ResolvedDate],
        people: list[ArticlePerson],
        status: str,
    ) -> list[tuple[list[ArticlePerson], ResolvedDate | None]]:
        """One contact per date: "with Abe on Mar. 16 and with Yang on Mar. 18"; "in October and December"."""
        if len(dates) > 1:
            return [(people, d) for d in dates]
        mentions = [
            d
            for d in self.dates_in(text, future=status == "planned")
            if seg[0] <= d.start < seg[1] and not _SAID_ON.search(text, max(0, d.start - _SAID_ON_REACH), d.start)
        ]  # "..., the ministry said Tuesday": the account's day dates no one's contact
        objects = [m for m in chosen if m.start > trigger.start]
        subjects = [m.person for m in chosen if m.start < trigger.start]
        if len(mentions) >= 2 and len(objects) >= 2 and subjects:
            groups = []
            for obj in objects:
                following = [d for d in mentions if d.start > obj.end]
                if following:
                    groups.append(([*subjects, obj.person], following[0].dates[0]))
            if groups:
                return groups
        return [(people, dates[0] if dates else None)]

    def _readouts(
        self,
        sentence: Sentence,
        matches: list[LexiconMatch],
        created: list[ContactDraft],
        mentions: list[PersonMention],
    ) -> None:
        target = created[0] if created else self.topic
        # "The two evaluated ... 'the phone conversation between A and B', the Blue House said": the account is of
        # the meeting being discussed, not of the call quoted in it.
        earlier = [d for d in self.drafts if d not in created]
        if created and earlier and PAIR_ANAPHORA.match(sentence.text.lstrip()):
            target = self.topic = earlier[-1]
        if sentence.index in {s.index for s in self.sentences[:_HEADING_LINES]}:
            self.accounts.note_heading(sentence, mentions)
        self.accounts.read(
            sentence,
            matches,
            mentions,
            created=created,
            target=target,
            subject=self.last_subject,
            any_contact=bool(earlier),
        )

    def _highlight(self, sentence: Sentence, matches: list[LexiconMatch], mentions: list[PersonMention]) -> None:
        base = sentence.start
        for m in mentions:
            self.highlights.append(Highlight(base + m.start, base + m.end, "person", m.person.name))
        for m in matches:
            if m.kind in ("organization", "country", "place") and not any(p.start <= m.start < p.end for p in mentions):
                label = self.lexicon.organizations_by_slug[m.key].name if m.kind == "organization" else m.key
                self.highlights.append(Highlight(base + m.start, base + m.end, m.kind, label))
        for d in self.dates_in(sentence.text):
            self.highlights.append(Highlight(base + d.start, base + d.end, "date", d.dates[0].value.isoformat()))

    @staticmethod
    def _record(draft: ContactDraft) -> ExtractedContact:
        names = " – ".join(p.name for p in draft.people)
        evidence = ContactEvidence(
            sides_from_context=draft.sides_from_context,
            discovered_people=sum(1 for p in draft.people if not p.slug),
            states_unknown=sum(1 for p in draft.people if not p.country),
            date_assumed=draft.date_is_fallback,
            weak_trigger=draft.weak_trigger,
            from_a_list=draft.from_a_list,
        )
        return ExtractedContact(
            kind=draft.kind,
            status=draft.status,
            date=draft.date,
            # A call or a letter joins two places: it has no city of its own.
            location=None if draft.kind in REMOTE_KINDS | {"letter"} else draft.location,
            title=f"{names} {_KIND_LABEL[draft.kind]}",
            participants=tuple(
                ExtractedParticipant(
                    person=p.ref,
                    title=p.title,
                    organization=p.organization,
                    country=p.country,
                    evidence=draft.evidence if p.first_sentence.end == 0 else p.first_sentence,
                )
                for p in draft.people
            ),
            readouts=tuple(
                ExtractedReadOut(issuer=r.issuer, form=r.form, language=r.language, quotes=r.quotes, evidence=s)
                for r, s in draft.readouts.values()
            ),
            evidence=draft.evidence,
            confidence=contact_confidence(evidence),
            cues=cues_of(evidence, draft.trigger),
        )


def extract_article(*, body: str, published: dt.date, lexicon: Lexicon) -> ArticleExtraction:
    """Contacts, people, read-outs and highlights of one article, resolved against its date line."""
    return _ArticleReader(body, published, lexicon).read()
