"""Attribution: the verbs that say who said something, shared by every stage that asks ("the ministry said",
"Kim told reporters that ...", "a statement reporting that ...", "provided the following read-out").
"""

from __future__ import annotations

import re

from meetings.extraction.vocabulary.contacts import DOUBLED_VERBS, IRREGULAR_VERBS
from meetings.extraction.vocabulary.templates import inflections

# Verbs of speech, by lemma.
SPEECH_VERBS: tuple[str, ...] = (
    "say", "tell", "state", "claim", "announce", "report", "note", "add", "insist", "deny", "confirm", "reveal",
    "disclose", "stress", "explain",
)  # fmt: skip
# Verbs with which an office puts out its account.
RELEASE_VERBS: tuple[str, ...] = ("quote", "provide", "release", "issue")
# Forms that are more often nouns ("the United States", "reports that ...", "notes"): never a verb of speech here.
NOUN_FORMS = frozenset({"state", "states", "note", "notes", "report", "reports"})


def verbs_pattern(lemmas: tuple[str, ...]) -> str:
    """Every form of the verbs as one alternation (no word boundaries, for case-insensitive patterns)."""
    forms = {f for lemma in lemmas for f in inflections(lemma, IRREGULAR_VERBS, DOUBLED_VERBS)} - NOUN_FORMS
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


SPEECH_VERB = verbs_pattern(SPEECH_VERBS)
RELEASE_VERB = verbs_pattern(RELEASE_VERBS)
