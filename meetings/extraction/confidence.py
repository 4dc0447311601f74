"""How much an extracted contact can be trusted, and why: for editors, who review the least certain first.

Each weakness multiplies the confidence by a factor below one; the factors are judgements of how often
such a contact turns out wrong in review, kept here by name so that one place says what lowers trust.
"""

from __future__ import annotations

from dataclasses import dataclass

# A side named in an earlier sentence ("He met ...", "The two ...") may be the wrong antecedent.
SIDE_FROM_CONTEXT = 0.8
# A person found in the text rather than the knowledge base may be a misread name or a title.
DISCOVERED_PERSON = 0.9
# A side whose state the text never gives may be of the same state as the other (then no contact at all).
STATE_UNKNOWN = 0.85
# No date in the text: the story's week or month was assumed.
DATE_ASSUMED = 0.85
# A verb that is a contact only with a person after it ("called", "received", "visited") misreads more often.
WEAK_TRIGGER = 0.85
# One of a list of counterparts split into bilaterals: they may have sat together after all.
FROM_A_LIST = 0.95


@dataclass(frozen=True)
class Evidence:
    """What the extractor relied on for one contact."""

    sides_from_context: bool
    discovered_people: int
    states_unknown: int
    date_assumed: bool
    weak_trigger: bool
    from_a_list: bool


def contact_confidence(evidence: Evidence) -> float:
    """A number in (0, 1]: 1 for a contact whose every part the sentence states and the knowledge base confirms."""
    score = 1.0
    score *= SIDE_FROM_CONTEXT if evidence.sides_from_context else 1.0
    score *= DISCOVERED_PERSON**evidence.discovered_people
    score *= STATE_UNKNOWN**evidence.states_unknown
    score *= DATE_ASSUMED if evidence.date_assumed else 1.0
    score *= WEAK_TRIGGER if evidence.weak_trigger else 1.0
    score *= FROM_A_LIST if evidence.from_a_list else 1.0
    return round(score, 3)


def cues_of(evidence: Evidence, trigger: str) -> tuple[str, ...]:
    """The reasons behind the confidence, in words an editor reads."""
    cues = [f"reported as “{trigger}”"]
    if evidence.sides_from_context:
        cues.append("a side named in an earlier sentence")
    if evidence.discovered_people:
        cues.append(f"{evidence.discovered_people} person(s) not in the knowledge base")
    if evidence.states_unknown:
        cues.append(f"{evidence.states_unknown} side(s) of unknown state")
    if evidence.date_assumed:
        cues.append("no date in the text: the story's date assumed")
    if evidence.weak_trigger:
        cues.append("a verb that reports a contact only with a person after it")
    if evidence.from_a_list:
        cues.append("one of a list of counterparts")
    return tuple(cues)
