"""The contact triggers are searched family by family with only the alternatives whose words a sentence holds
(``contacts.find_triggers``): what that finds must be what each family's whole pattern finds, on any sentence."""

import pytest

from meetings.extraction import contacts

# Sentences written for this test: each cue family's words, several families in one sentence, words that hold a
# cue's word without being it, case and letters whose lower case is longer (İ) or folds apart (ß).
SENTENCES = [
    "Vice Minister Aram Veltsen held talks with his counterpart Ilse Marrow in Oslo on Monday.",
    "The envoys spoke by phone on Tuesday and agreed to meet again; a video conference followed.",
    "PRIME MINISTER ODALYS KERN CALLED HER COUNTERPART AND HELD A SUMMIT WITH HIM.",
    "Kern hosted the delegation, received the ambassador and paid a courtesy call on the premier.",
    "She telephoned him; they had phoned before, and the meetings, summitry and callers were unrelated.",
    "Der Außenminister traf İlhan Demirkaya in Straße 5 und sprach mit ihm.",
    "The talks were called off after a call with the minister, who had visited Seoul to convey a letter to Kern.",
    "No meeting is planned; Marrow will not meet Veltsen, a spokesman said of the visit.",
    "The minister sat down with the envoy, exchanged letters and a video call, then a phone conversation.",
    "",
]


def _spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("text", SENTENCES)
def test_each_family_finds_with_its_present_alternatives_what_its_whole_pattern_finds(text):
    lowered = text.lower()
    present = contacts._present_words(lowered)
    for family in contacts.TRIGGERS:
        whole = _spans(family.pattern.finditer(text))
        if not family.alternatives or len(lowered) != len(text):
            continue  # run whole by find_triggers
        assert _spans(contacts._alternation_matches(family.candidates(present), lowered)) == whole, family.kind
        assert _spans(contacts._alternation_matches(family.alternatives, lowered)) == whole, family.kind


def test_a_sentence_without_a_familys_words_has_none_of_its_matches():
    for text in SENTENCES:
        lowered = text.lower()
        present = contacts._present_words(text.casefold())
        for family in contacts.TRIGGERS:
            if family.word_bit and not present & family.word_bit:
                assert not list(family.pattern.finditer(text)), (family.kind, text)
            if (
                len(lowered) == len(text)
                and family.alternatives
                and not family.candidates(contacts._present_words(lowered))
            ):
                assert not list(family.pattern.finditer(text)), (family.kind, text)
