"""Stage: the contacts a sentence reports, with their kind, status, date, place and people.

A contact needs a trigger ("met", "talks between", "phone conversation", "dinner with"),
people of at least two states, and no negation governing the trigger ("is yet to meet",
"did not meet", "there was no ... meeting"). Planned and cancelled contacts are told apart by
modality words around the trigger.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from meetings.extraction.clauses import clause_start
from meetings.extraction.folding import FoldedPattern
from meetings.extraction.vocabulary.contacts import CONTACT_CUES, DOUBLED_VERBS, IRREGULAR_VERBS
from meetings.extraction.vocabulary.templates import literal_words, template_pattern

# A trip made to deliver something to someone: "traveled to the US to convey to President Trump".
_TRIP_ERRAND = (r"(?:travel(?:l)?(?:ed|s|ing)?|fl(?:y|ies|ew)|go(?:es)?|went|head(?:s|ed)?) to (?:the )?[\w .’'-]{1,30}? to (?:convey|deliver|brief|hand over|pass on)")



def _compile_cues() -> list[tuple[str, FoldedPattern, frozenset[str], bool]]:
    """One pattern per kind and object requirement, in the vocabulary's order: (kind, pattern, words, person)."""
    groups: dict[tuple[str, bool], list[str]] = {}
    words: dict[tuple[str, bool], set[str]] = {}
    for cue in CONTACT_CUES:
        key = (cue.kind, cue.person)
        groups.setdefault(key, []).append(template_pattern(cue.template, IRREGULAR_VERBS, DOUBLED_VERBS))
        words.setdefault(key, set()).update(literal_words(cue.template, IRREGULAR_VERBS, DOUBLED_VERBS))
    compiled = [
        (kind, FoldedPattern(r"\b(?:" + "|".join(patterns) + r")\b"), frozenset(words[(kind, person)]), person)
        for (kind, person), patterns in groups.items()
    ]
    # A trip to run an errand for someone is a contact with him (its pattern needs a destination between two "to"s).
    compiled.append(("meeting", FoldedPattern(r"\b" + _TRIP_ERRAND + r"\b"), frozenset({"to "}), False))
    return compiled


TRIP_ERRAND = re.compile(_TRIP_ERRAND, re.I)
NEGATION = re.compile(
    r"\b(yet to|did not|didn[’']t|does not|doesn[’']t|has not|hasn[’']t|have not|haven[’']t|never|no longer|not(?! only))\b[^.;,]{0,25}$"
    r"|\bthere (?:was|were|has been|had been) no\b[^.;]{0,60}$|\bno [\w-]+ (?:meeting|talks|summit)\b[^.;]{0,10}$",
    re.I,
)
NOT_A_CONTACT = re.compile(
    r"\b(press (?:briefing|conference)|briefing|speech|interview|opening statements?|doorstep)\b", re.I)
PLANNED = re.compile(
    r"\b(is|are|was|were) (?:set|scheduled|expected|due|slated|poised) to\b|\bwill\b|\bplans? to\b|\bplanned\b|"
    r"\bscheduled\b|\bupcoming\b|\bagreed to (?:hold|meet|continue)|\bahead of\b|\bproposed\b|\bto (?:meet|hold)\b|"
    r"\ben route\b|\bwould meet\b|\bnext (?:week|month)\b",
    re.I,
)
CANCELLED = re.compile(r"\b(cancel(?:l)?ed|called off|postponed|scrapped|put off)\b", re.I)
# "The two", "They": the pair of the previous contact.
PAIR_ANAPHORA = re.compile(
    r"\b(?:the two(?: (?:men|leaders|officials|envoys|ministers|diplomats)\b|(?! sides| countries| koreas| governments| nations))|they|both leaders|"
    r"the leaders|the (?:chief )?(?:nuclear )?envoys)\b", re.I)
# "Friday's meeting", "the talks", "that meeting": a reference back to a contact already reported.
# An ordinal names another event of a series ("the second summit"), not the one already reported.
DEFINITE_REFERENCE = re.compile(
    r"\b(?:the|that|this|those|their|today[’']s|\w+day[’']s)\s+"
    r"(?:(?!first\b|second\b|third\b|fourth\b|fifth\b|sixth\b|seventh\b|eighth\b|ninth\b|next\b|last\b|previous\b|latest\b)[\w-]+\s+){0,2}(?:meeting|talks|session|summit|call|conversation|video ?conference|videoconference|dinner|working group)\b",
    re.I)
# Later sentences that name a delegation's head: "was headed by", "led the DPRK delegation".
CONTINUE_GROUP = re.compile(
    r"\b(session of the group|the group|headed by|co-chaired by|led by|led the [\w\s.-]{0,30}(?:delegation|side|team)|"
    r"(?:delegation|side|team) was (?:led|headed) by|planned to meet|met with|talks with)\b", re.I)
# Not a contact at all: hoped for, possible, or a standing habit.
SPECULATIVE = re.compile(
    r"\b(potential|possible|possibility of|hopes?|hoped|hoping|would like|wants? to|(?-i:may)|might|could|invitation|promise|"
    r"should (?:he|she|they|it|either side)|in case|change (?:his|her|their) minds?)\b[^.;]{0,100}$",
    re.I)
RECURRING = re.compile(r"\b(once a (?:month|week|year)|every (?:month|week|year)|regularly|on a regular basis)\b", re.I)


@dataclass(frozen=True)
class Trigger:
    kind: str
    start: int
    end: int
    text: str


TRIGGERS = _compile_cues()
# Between a verb and the person it takes: "hosted | his South Korean counterpart, Foreign Minister | Kang".
_PERSON_OBJECT_REACH = 80  # characters: longer than a title with its country and office
_OBJECT_FILLERS = frozenset({
    "the", "his", "her", "their", "its", "visiting", "of", "for", "and", "top", "chief", "senior", "former", "new",
    "then", "first", "second", "vice", "deputy", "foreign", "defense", "defence", "prime", "minister", "secretary",
    "counterpart", "special", "representative", "envoy", "president", "leader", "chairman", "state", "national",
    "security", "adviser", "advisor", "nuclear", "affairs", "ambassador", "general", "premier",
})


def _person_follows(text: str, end: int, person_starts: Collection[int]) -> bool:
    """Whether a person is named right after ``end``, past at most a title and its determiners."""
    for start in sorted(s for s in person_starts if end <= s <= end + _PERSON_OBJECT_REACH):
        between = text[end:start]
        if any(mark in between for mark in ".;:!?\"“”"):
            return False
        return all(w[:1].isupper() or w.casefold() in _OBJECT_FILLERS for w in re.findall(r"[\w’'.-]+", between))
    return False


def find_triggers(text: str, person_starts: Collection[int] = ()) -> list[Trigger]:
    """Contact triggers in a sentence, earlier kinds in the vocabulary winning overlaps ("phone talks" is a call).

    ``person_starts`` are where the sentence names people: cues that take a person ("called Kang", "hosted Moon")
    count only when one follows.
    """
    found: list[Trigger] = []
    folded = text.casefold()
    for kind, pattern, words, needs_person in TRIGGERS:
        if not any(word in folded for word in words):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < t.end and t.start < m.end() for t in found):
                continue
            if needs_person and not _person_follows(text, m.end(), person_starts):
                continue
            found.append(Trigger(kind, m.start(), m.end(), text[m.start():m.end()]))
    return sorted(found, key=lambda t: t.start)


def is_negated(text: str, trigger: Trigger) -> bool:
    """Whether the words just before the trigger deny it happened ("is yet to meet", "did not meet")."""
    # Up to the trigger's end: "is yet | to meet" splits the negation across it.
    return bool(NEGATION.search(text[max(0, trigger.start - 60):trigger.end]))


def is_non_contact_event(text: str, trigger: Trigger) -> bool:
    """A briefing, a speech or an interview that a trigger word happens to sit next to."""
    window = text[max(0, trigger.start - 30):trigger.end + 10]
    return bool(NOT_A_CONTACT.search(window)) and not re.search(r"\b(met|talks|meeting)\b", trigger.text, re.I)


def status_of(text: str, trigger: Trigger) -> str:
    # Cancelled only when the contact is what was called off, not a briefing next to it.
    window_start = max(0, trigger.start - 70)
    for m in CANCELLED.finditer(text, window_start, trigger.start):
        if not NOT_A_CONTACT.search(text, m.end(), trigger.start):
            return "cancelled"
    after = text[trigger.end:]
    passive = re.search(r"\b(?:has|have|had) been (?:cancel(?:l)?ed|called off|postponed|scrapped)|\b(?:was|were) (?:cancel(?:l)?ed|called off|postponed|scrapped)", after)
    if passive or (CANCELLED.search(after[:60]) and not NOT_A_CONTACT.search(after[:60])):
        return "cancelled"
    # "led the delegation to meet Kim", "traveled to Pyongyang to meet": a past trip's purpose, held.
    if re.search(r"\b(led|traveled|travelled|flew|went|visited|came)\b[^.;]{0,50}\bto (?:meet|convey|deliver|brief|hand over|pass on)\b", text[max(0, trigger.start - 60):trigger.end], re.I):
        return "held"
    # Modality governs the trigger only from close by: "were expected to discuss ... the June summit" is no plan.
    if PLANNED.search(text[clause_start(text, trigger.start):trigger.end]) or re.match(r"\s*(?:is|are|was|were) (?:set|scheduled|expected)", text[trigger.end:]) \
            or re.search(r"\b(set|scheduled) for\b", text[trigger.end:trigger.end + 40], re.I):
        return "planned"
    return "held"


def is_speculative(text: str, trigger: Trigger) -> bool:
    """ "a potential second summit", "hopes ... his second summit", "plan to meet once a month"."""
    return bool(SPECULATIVE.search(text[max(0, trigger.start - 110):trigger.start])) or bool(
        RECURRING.search(text[trigger.end:trigger.end + 40]))


def segment_bounds(triggers: list[Trigger], index: int, length: int) -> tuple[int, int]:
    """The part of the sentence a trigger owns: from the previous trigger's end to the next trigger's start."""
    start = triggers[index - 1].end if index > 0 else 0
    end = triggers[index + 1].start if index + 1 < len(triggers) else length
    return start, end
