"""Stage: the contacts a sentence reports, with their kind, status, date, place and people.

A contact needs a trigger ("met", "talks between", "phone conversation", "dinner with"),
people of at least two states, and no negation governing the trigger ("is yet to meet",
"did not meet", "there was no ... meeting"). Planned and cancelled contacts are told apart by
modality words around the trigger.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

import ahocorasick

from meetings.extraction.clauses import clause_end, governing_text
from meetings.extraction.folding import FoldedPattern
from meetings.extraction.vocabulary import modality
from meetings.extraction.vocabulary.contacts import ATTENDANCE as ATTENDANCE_PHRASES
from meetings.extraction.vocabulary.contacts import CONTACT_CUES, DOUBLED_VERBS, IRREGULAR_VERBS
from meetings.extraction.vocabulary.templates import literal_words, phrases_pattern, required_words, template_pattern

# A trip made to deliver something to someone: "traveled to the US to convey to President Trump".
_TRIP_ERRAND = (
    r"(?:travel(?:l)?(?:ed|s|ing)?|fl(?:y|ies|ew)|go(?:es)?|went|head(?:s|ed)?) to (?:the )?[\w .’'-]{1,30}? "
    r"to (?:convey|deliver|brief|hand over|pass on)"
)


# Distinct sets of cue words a family keeps the alternatives of: a sentence holds the words of a handful of cues, so
# few sets recur; the bound only keeps a long import's memory in check.
_CANDIDATES_CACHE_SIZE = 4096


@dataclass(frozen=True)
class _CueFamily:
    """The cues of one kind and object requirement, as one pattern, and what finding its matches fast takes.

    ``word_bit`` is the family's bit of ``_present_words``: set when the case-folded sentence holds one of the
    family's words (without one, none of its cues can be in the sentence; 0 when it has an empty word, which every
    sentence holds). ``alternatives`` are the pattern's alternatives in its order, each compiled on its own with the
    pattern's word boundaries (for lower-cased text), and ``needs`` for each the bits of the word groups every
    phrase it matches holds a word of; a family without them (the trip errand's) is always run whole.
    """

    kind: str
    needs_person: bool
    pattern: FoldedPattern
    word_bit: int
    alternatives: tuple[re.Pattern, ...] = ()
    needs: tuple[int, ...] = ()
    needed: int = 0  # every bit of ``needs``: the words that decide which alternatives can match
    _candidates: dict[int, tuple[re.Pattern, ...]] = field(default_factory=dict, compare=False, repr=False)

    def candidates(self, present: int) -> tuple[re.Pattern, ...]:
        """The alternatives whose word groups are all among the bits ``present``: the only ones that can match."""
        key = present & self.needed
        if key not in self._candidates:
            if len(self._candidates) >= _CANDIDATES_CACHE_SIZE:
                self._candidates.clear()
            self._candidates[key] = tuple(
                alternative
                for alternative, need in zip(self.alternatives, self.needs, strict=True)
                if need & present == need
            )
        return self._candidates[key]


def _alternation_matches(alternatives: tuple[re.Pattern, ...], text: str) -> Iterator[re.Match]:
    """The matches of the alternation of ``alternatives`` (none of which matches an empty string), in order.

    An alternation matches, at the leftmost place any alternative does, with the first alternative (in order) that
    matches there, and goes on from the end of that match. Each alternative's next match from there is its search;
    the earliest start wins, of those that start there the first alternative (``min`` keeps the first of equals).
    """
    upcoming = [alternative.search(text) for alternative in alternatives]
    while True:
        first = min((m for m in upcoming if m is not None), key=lambda m: m.start(), default=None)
        if first is None:
            return
        yield first
        resume = first.end()
        upcoming = [
            m if m is None or m.start() >= resume else alternative.search(text, resume)
            for alternative, m in zip(alternatives, upcoming, strict=True)
        ]


def _compile_cues() -> tuple[list[_CueFamily], ahocorasick.Automaton]:
    """One pattern per kind and object requirement, in the vocabulary's order; and the automaton that finds, in one
    pass over a sentence, which families' words and which cues' required word groups it holds (as bits)."""
    groups: dict[tuple[str, bool], list[tuple[int, str, tuple[frozenset[str], ...]]]] = {}
    words: dict[tuple, set[str]] = {}  # per family, (kind, person); and the trip errand's
    for cue in CONTACT_CUES:
        key = (cue.kind, cue.person)
        pattern = template_pattern(cue.template, IRREGULAR_VERBS, DOUBLED_VERBS)
        required = tuple(required_words(cue.template, IRREGULAR_VERBS, DOUBLED_VERBS))
        groups.setdefault(key, []).append((len(cue.template.split(" ")), pattern, required))
        words.setdefault(key, set()).update(literal_words(cue.template, IRREGULAR_VERBS, DOUBLED_VERBS))
    # A trip to run an errand for someone is a contact with him (its pattern needs a destination between two "to"s).
    errand = ("meeting", False, "errand")
    words[errand] = {"to "}
    word_bits: dict[str, int] = {}
    next_bit = 1

    def bit_for(group: set[str] | frozenset[str]) -> int:
        nonlocal next_bit
        if "" in group:  # an empty word is in every sentence: the test always passes
            return 0
        bit, next_bit = next_bit, next_bit << 1
        for word in group:
            word_bits[word] = word_bits.get(word, 0) | bit
        return bit

    family_bits = {key: bit_for(family_words) for key, family_words in words.items()}
    group_bits: dict[frozenset[str], int] = {}
    for required in (r for family in groups.values() for _, _, r in family):
        for group in required:
            if group not in group_bits:
                group_bits[group] = bit_for(group)
    automaton = ahocorasick.Automaton()
    for word, bits in word_bits.items():
        automaton.add_word(word, bits)
    automaton.make_automaton()
    # An alternation takes its first alternative that matches: longer phrases first, so "call with" is not read as
    # "call" ("Secretary Whitford's call with Liu"); the sort is stable, ties keep the vocabulary's order.
    compiled = []
    for (kind, person), patterns in groups.items():
        ordered = sorted(patterns, key=lambda t: -t[0])
        needs = tuple(sum(group_bits[group] for group in required) for _, _, required in ordered)
        # Each alternative must need a word, or it might match an empty string; a family with one that needs none is
        # run whole.
        split = all(needs)
        compiled.append(
            _CueFamily(
                kind,
                person,
                FoldedPattern(r"\b(?:" + "|".join(p for _, p, _ in ordered) + r")\b"),
                family_bits[(kind, person)],
                alternatives=tuple(re.compile(r"\b(?:" + p + r")\b") for _, p, _ in ordered) if split else (),
                needs=needs if split else (),
                needed=reduce(or_, needs, 0),
            )
        )
    compiled.append(_CueFamily("meeting", False, FoldedPattern(r"\b" + _TRIP_ERRAND + r"\b"), family_bits[errand]))
    return compiled, automaton


TRIP_ERRAND = re.compile(_TRIP_ERRAND, re.I)


def _family(templates: tuple[str, ...], *, before: str = r"\b", after: str = r"\b") -> FoldedPattern:
    """A cue family's phrases as one case-insensitive pattern."""
    return FoldedPattern(before + phrases_pattern(templates, IRREGULAR_VERBS, DOUBLED_VERBS) + after)


# How far a cue may stand from what it governs, where a clause is too long a reach.
NEGATION_REACH = 25  # characters from the denial to its trigger: "did not | formally | meet"
NO_EVENT_REACH = 60  # "there was no | substantive, high-level | meeting"
CANCEL_REACH = 70  # characters before the trigger: "canceled a | long-planned second | summit"
CANCEL_AFTER_REACH = 60  # characters after it: "the meeting | , planned for June, was | called off"
NOT_A_CONTACT_BEFORE, NOT_A_CONTACT_AFTER = 30, 10  # "a press conference after the | talks": the event beside a trigger
SPECULATION_REACH = 110  # "hopes that ... he could hold | a second summit": hopes reach across a clause
ADJECTIVE_REACH = 30  # "a possible | second | inter-Korean | summit": an adjective and the words of its noun
SPECULATION_NEAR_REACH = 60  # "ways to resume inter-Korean talks via | a virtual summit": a means names its event
RECURRENCE_REACH = 40  # "to meet | once a month"
TRIP_PURPOSE_REACH = 60  # "traveled to Pyongyang last month | to meet"
PLANNED_AFTER_REACH = 40  # "talks | are set for Monday"

_NEGATION = _family(
    modality.NEGATION,
    after=r"\b(?!\s+(?:"
    + "|".join(w.split(" ", 1)[1] for w in modality.NEGATION_EXCEPTIONS)
    + r")\b)"
    + rf"[^.;,]{{0,{NEGATION_REACH}}}$",
)
_NEGATED_PLAN = _family(modality.NEGATED_PLAN)
_NO_EVENT = FoldedPattern(
    r"\b"
    + phrases_pattern(modality.NO_EVENT)
    + rf"\b[^.;]{{0,{NO_EVENT_REACH}}}$"
    + r"|\bno [\w-]+ (?:meeting|talks|summit)\b[^.;]{0,10}$"
)
_GREETINGS_ONLY = _family(modality.GREETINGS_ONLY)
NOT_A_CONTACT = _family(modality.NOT_A_CONTACT)
PLANNED = _family(modality.PLANNED)
_DEPARTURE = _family(modality.DEPARTURE)
_DEPARTURE_PURPOSE = _family(modality.DEPARTURE_PURPOSE)
_BEHIND_HIM = re.compile(r"\b(?:after|following|since)\b", re.I)  # "left for home after talks with ..."
_SPECULATIVE_NEAR = _family(modality.SPECULATIVE_NEAR)
_SPECULATIVE_ADJECTIVE = _family(modality.SPECULATIVE_ADJECTIVES)
_SPECULATIVE_EXCEPTIONS = re.compile(phrases_pattern(modality.SPECULATIVE_EXCEPTIONS), re.I)
_PLANNED_AFTER = _family(modality.PLANNED_AFTER, before=r"^\s*")
_PLANNED_SOON_AFTER = _family(modality.PLANNED_SOON_AFTER)
CANCELLED = _family(modality.CANCELLED)
_CANCELLED_PASSIVE = _family(modality.CANCELLED_PASSIVE)
_TRIP_PURPOSE = FoldedPattern(
    r"\b"
    + phrases_pattern(modality.TRIP_PURPOSE)
    + r"\b[^.;]{0,50}\b"
    + phrases_pattern(modality.TRIP_PURPOSE_VERBS)
    + r"\b"
)
SPECULATIVE = FoldedPattern(
    r"\b" + phrases_pattern(modality.SPECULATIVE, IRREGULAR_VERBS, DOUBLED_VERBS) + r"\b[^.;]*$"
)
_SPECULATIVE_AS_WRITTEN = re.compile(r"\b(?:" + "|".join(modality.SPECULATIVE_AS_WRITTEN) + r")\b[^.;]*$")
RECURRING = _family(modality.RECURRING)
_CONTACT_NOUN = re.compile(r"\b(met|talks|meeting)\b", re.I)
# "The two", "They": the pair of the previous contact.
PAIR_ANAPHORA = re.compile(
    r"\b(?:the two(?: (?:men|leaders|officials|envoys|ministers|diplomats)\b"
    r"|(?! sides| countries| koreas| governments| nations))|they|both leaders|"
    r"the leaders|the (?:chief )?(?:nuclear )?envoys|the (?:foreign |defen[cs]e )?ministers)\b",
    re.I,
)
# "Friday's meeting", "the talks", "that meeting": a reference back to a contact already reported.
# An ordinal names another event of a series ("the second summit"), not the one already reported.
DEFINITE_REFERENCE = re.compile(
    r"\b(?:the|that|this|those|their|today[’']s|\w+day[’']s)\s+"
    r"(?:(?!first\b|second\b|third\b|fourth\b|fifth\b|sixth\b|seventh\b|eighth\b|ninth\b|next\b|last\b|previous\b"
    r"|latest\b)[\w-]+\s+){0,2}(?:meeting|talks|session|summit|call|conversation|video ?conference|videoconference"
    r"|dinner|working group)\b",
    re.I,
)
# Later sentences that name a delegation's head: "was headed by", "led the DPRK delegation".
ATTENDANCE = _family(ATTENDANCE_PHRASES)
CONTINUE_GROUP = re.compile(
    r"\b(session of the group|the group|headed by|co-chaired by|led by|led the [\w\s.-]{0,30}(?:delegation|side|team)|"
    r"(?:delegation|side|team) was (?:led|headed) by|planned to meet|met with|talks with"
    # "The talks, between Vice Minister X and Y, were meant to ...": a sentence that opens on the talks just told.
    r"|^\s*the\s+(?:talks|meeting|meetings|summit|dialogue),?\s+between)\b",
    re.I,
)


@dataclass(frozen=True)
class Trigger:
    kind: str
    start: int
    end: int
    text: str
    needs_person: bool = False  # a verb that reports a contact only with a person after it


TRIGGERS, _CUE_WORD_AUTOMATON = _compile_cues()
# Between a verb and the person it takes: "hosted | his South Korean counterpart, Foreign Minister | Kang".
_PERSON_OBJECT_REACH = 80  # characters: longer than a title with its country and office
_ENVOY_TO = re.compile(r"\b((?i:ambassador|envoy))\s+(?:of\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+(?:of\s+)?){1,4})?to\b")
_OBJECT_FILLERS = frozenset(
    {
        "the",
        "his",
        "her",
        "their",
        "its",
        "visiting",
        "of",
        "for",
        "and",
        "top",
        "chief",
        "senior",
        "former",
        "new",
        "then",
        "first",
        "second",
        "vice",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "prime",
        "minister",
        "secretary",
        "counterpart",
        "special",
        "representative",
        "envoy",
        "president",
        "leader",
        "chairman",
        "state",
        "national",
        "security",
        "adviser",
        "advisor",
        "nuclear",
        "affairs",
        "ambassador",
        "general",
        "premier",
        # State media's "hosted a banquet for the visiting delegation led by Vice Premier X": the head of the guests.
        "delegation",
        "envoys",
        "south",  # KCNA's "south Korean President ..."
        "north",
        "led by",
        "headed by",
    }
)


_CALL_ON = re.compile(r"call(?:s|ed|ing)?\s+(?:up)?on\b", re.I)
# The person called on, then "to" and a verb: what he was urged to do.
_APPEAL = re.compile(
    r"\s+(?:(?:[A-Z][\w.’'-]*|of|for|and)\s+){1,8}?to\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b)[a-z-]+\b"
)
_SENTENCE_MARK = re.compile(r"[;:!?\"“”]|(?<![A-Z])\.")


def _person_follows(text: str, end: int, person_starts: Collection[int]) -> bool:
    """Whether a person is named right after ``end``, past at most a title and its determiners."""
    for start in sorted(s for s in person_starts if end <= s <= end + _PERSON_OBJECT_REACH):
        between = text[end:start]
        if _SENTENCE_MARK.search(between):  # a full stop ends the object, the one of "U.S." does not
            return False
        # "the country's Vice Foreign Minister": a possessive before the title is part of it.
        # "led by" reads as one word; "hosted by X" alone is the passive, X the host and no guest. An envoy's "to"
        # is his title's ("the Ambassador of the DPRK to Russia, Sin"), not a call's addressee ("call to Moon").
        words = re.findall(r"(?:led|headed)\s+by|[\w’'.-]+", _ENVOY_TO.sub(r"\1", between))
        return all(
            w[:1].isupper() or re.sub(r"\s+", " ", w.casefold()) in _OBJECT_FILLERS or w.endswith(("’s", "'s"))
            for w in words
        )
    return False


def _present_words(text: str) -> int:
    """The bits (see ``_compile_cues``) of the cue families' words and cue word groups that ``text`` holds."""
    present = 0
    for _, bits in _CUE_WORD_AUTOMATON.iter(text):
        present |= bits
    return present


def find_triggers(text: str, person_starts: Collection[int] = ()) -> list[Trigger]:
    """Contact triggers in a sentence, earlier kinds in the vocabulary winning overlaps ("phone talks" is a call).

    ``person_starts`` are where the sentence names people: cues that take a person ("called Kang", "hosted Moon")
    count only when one follows.
    """
    found: list[Trigger] = []
    folded = text.casefold()
    lowered = text.lower()
    # One automaton pass tells which families' words the case-folded sentence holds (as a search for each family's
    # words did), and which cue words the lower-cased sentence, the text the patterns match, holds. A family's
    # pattern is then run with only the alternatives whose required words are all there: one that lacks a word it
    # must contain matches nowhere in the sentence, so the matches are the whole pattern's, for a fraction of the
    # work. Text whose lower-casing changes its length is matched as the whole pattern does it (IGNORECASE).
    present = _present_words(lowered) if len(lowered) == len(text) else None
    families_present = present if present is not None and folded == lowered else _present_words(folded)
    for family in TRIGGERS:
        if family.word_bit and not families_present & family.word_bit:
            continue
        if present is None or not family.alternatives:
            matches = family.pattern.finditer(text)
        else:
            candidates = family.candidates(present)
            if not candidates:
                continue
            matches = (
                candidates[0].finditer(lowered) if len(candidates) == 1 else _alternation_matches(candidates, lowered)
            )
        for m in matches:
            if any(m.start() < t.end and t.start < m.end() for t in found):
                continue
            if family.needs_person and not _person_follows(text, m.end(), person_starts):
                continue
            if _CALL_ON.match(m.group()) and _APPEAL.match(text, m.end()):
                continue  # "Moon called on Biden to re-open negotiations": an appeal, not a call on him
            found.append(Trigger(family.kind, m.start(), m.end(), text[m.start() : m.end()], family.needs_person))
    return sorted(found, key=lambda t: t.start)


def is_negated(text: str, trigger: Trigger) -> bool:
    """Whether the words just before the trigger deny it happened ("is yet to meet", "did not meet")."""
    # Up to the trigger's end: "is yet | to meet" splits the negation across it.
    clause = governing_text(text, trigger.start, trigger.end)
    return bool(
        _NEGATION.search(clause)
        or _NO_EVENT.search(clause)
        or _NEGATED_PLAN.search(clause)
        or _GREETINGS_ONLY.search(text)
    )


def is_non_contact_event(text: str, trigger: Trigger) -> bool:
    """A briefing, a speech or an interview that a trigger word happens to sit next to."""
    window = text[max(0, trigger.start - NOT_A_CONTACT_BEFORE) : trigger.end + NOT_A_CONTACT_AFTER]
    return bool(NOT_A_CONTACT.search(window)) and not _CONTACT_NOUN.search(trigger.text)


_DURING = re.compile(r"\bduring\s+(?:(?:their|the|his|her|a)\s+)?(?:[\w-]+\s+)?$", re.I)
DURING_REACH = 30  # characters: "during their | first | meeting"


def _sets_off_for(before: str) -> bool:
    """Whether the clause before a trigger tells of a traveller setting off for it ("headed to Thailand for ...")."""
    departure = next(reversed(list(_DEPARTURE.finditer(before))), None)  # the last one, nearest the trigger
    if departure is None:
        return False
    between = before[departure.end() :]
    return bool(_DEPARTURE_PURPOSE.search(between)) and not _BEHIND_HIM.search(between)


def status_of(text: str, trigger: Trigger) -> str:
    """Held, planned or cancelled, from the modality around the trigger."""
    # Cancelled only when the contact is what was called off, not a briefing next to it.
    for m in CANCELLED.finditer(text[: trigger.start]):
        if m.start() >= trigger.start - CANCEL_REACH and not NOT_A_CONTACT.search(text, m.end(), trigger.start):
            return "cancelled"
    after = text[trigger.end : clause_end(text, trigger.end)]
    soon_after = after[:CANCEL_AFTER_REACH]
    if _CANCELLED_PASSIVE.search(after) or (CANCELLED.search(soon_after) and not NOT_A_CONTACT.search(soon_after)):
        return "cancelled"
    if _TRIP_PURPOSE.search(text[max(0, trigger.start - TRIP_PURPOSE_REACH) : trigger.end]):
        return "held"
    if _sets_off_for(governing_text(text, trigger.start)):
        return "planned"
    # Modality governs its own clause only: "were expected to discuss ... the June summit" is no plan; nor does it reach
    # into a time phrase the trigger opens ("asked him to visit Seoul | during their meeting on Monday").
    governing = governing_text(text, trigger.start, trigger.end)
    if _DURING.search(text, max(0, trigger.start - DURING_REACH), trigger.start):
        governing = trigger.text
    if (
        PLANNED.search(governing)
        or _PLANNED_AFTER.search(text[trigger.end :])
        or _PLANNED_SOON_AFTER.search(text[trigger.end : trigger.end + PLANNED_AFTER_REACH])
    ):
        return "planned"
    return "held"


def is_speculative(text: str, trigger: Trigger) -> bool:
    """ "a potential second summit", "hopes ... his second summit", "plan to meet once a month"."""
    before = _SPECULATIVE_EXCEPTIONS.sub(
        lambda m: " " * len(m.group()), text[max(0, trigger.start - SPECULATION_REACH) : trigger.start]
    )
    near = governing_text(text, trigger.start)[-SPECULATION_NEAR_REACH:]
    return bool(
        SPECULATIVE.search(before)
        or _SPECULATIVE_NEAR.search(near)
        or _SPECULATIVE_ADJECTIVE.search(text, max(0, trigger.start - ADJECTIVE_REACH), trigger.start)
        or _SPECULATIVE_AS_WRITTEN.search(before)
        or RECURRING.search(text[trigger.end : trigger.end + RECURRENCE_REACH])
    )


def segment_bounds(triggers: list[Trigger], index: int, length: int) -> tuple[int, int]:
    """The part of the sentence a trigger owns: from the previous trigger's end to the next trigger's start."""
    start = triggers[index - 1].end if index > 0 else 0
    end = triggers[index + 1].start if index + 1 < len(triggers) else length
    return start, end
