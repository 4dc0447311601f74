"""Clause boundaries within a sentence: how far a cue word before a trigger can govern it.

"Kim, the special representative for peace affairs, will have back-to-back meetings with ..." puts the
modal 45 characters before its trigger; "were expected to discuss ... the June summit" puts one in a
clause of its own. A cue governs a trigger in the same clause, whatever the distance: commas around an
appositive do not end a clause; a semicolon, a dash, a quotation mark or a conjunction after a comma do.
"""

from __future__ import annotations

import re
from functools import lru_cache

from meetings.extraction.vocabulary.attribution import SPEECH_VERB

CLAUSE_BOUNDARY = re.compile(
    r"[;:()]|\s[—–]\s|\s--\s|[“”\"]"
    r"|,\s+(?=(?:and|but|while|whereas|which|although|though|because|saying|adding|according|after|before|when|"
    r"as|since|until)\b)"
    # "the first talks since U.S. President Trump and Kim Jong Un met in June": a time clause with its own subject and
    # past verb, without a comma before it.
    r"|\b(?:since|after|before|until)\s+(?=(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){1,6}(?:and\s+(?:[A-Z][\w.’'-]*\s+){1,6})?"
    r"(?:met|held|had|sat|spoke|talked|visited|\w+ed)\b)"
    # ", with Pompeo also meeting Kim Yong Chol late Wednesday": an absolute clause, its own tense and time.
    r"|,\s+(?=with\s+(?:[\w.’'-]+\s+){1,10}?(?:also\s+)?\w+ing\b)"
    # ", shortly after their encounter", ", two days before the summit": a time clause of its own.
    r"|,\s+(?=(?:(?:shortly|soon|just|right|long|only)\s+)?(?:(?:a|one|two|three|four|five|six|\d+)\s+(?:hours?|days?|"
    r"weeks?|months?|years?)\s+)?(?:after|before|since)\b)"
    # "to discuss the goals | established at the June summit": a participle's phrase is a clause of its own, out of the
    # modal's reach (a plan's own participles, "scheduled for", stay with it).
    r"|\s(?=(?!(?:held|scheduled|planned|set|slated|expected|postponed|cancell?ed|canceled)\b)[a-z]+ed\s+"
    r"(?:at|in|during|on|by)\s+(?:the|a|an|their|his|her|its|last|this)\b)"
    r"|\b(?:but|whereas|although|when)\b"
    # "Xi told Moon that ...": what is reported is a clause of its own.
    rf"|\b(?:told\s+[\w.’' -]{{1,60}}?|{SPEECH_VERB})\s+(?=that\b)",
    re.I,
)


# "While Kim, Putin and Xi were together in China, the North Korean leader held talks with Xi": a sentence opened by
# a subordinate clause (of contrast or cause: an "After meeting Kim, Pompeo ..." clause shares its subject) ends it
# at its comma.
OPENING_CLAUSE = re.compile(
    # Its comma comes after its verb: "While Kim, Putin and Xi were together in China, ..." (not the list's).
    r"\s*(?:While|Although|Though|Whereas|Because)\b[^;]{0,150}?\b(?:is|are|was|were|has|have|had|did|does|"
    r"\w+ed)\b[^,;]{0,150}?(,)\s*"
)


_DASHES = ("—", "–", "--")
ASIDE_LENGTH = 80  # characters between two dashes that set off an aside: a phrase, not the rest of a sentence
_SENTENCES_CACHED = 1024  # more than the sentences of any one article: each is read by several stages in turn


class _Boundary:
    """A clause boundary found by OPENING_CLAUSE, shaped like a CLAUSE_BOUNDARY match."""

    def __init__(self, m: re.Match):
        self._start, self._end = m.start(1), m.end()

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return ","


@lru_cache(maxsize=_SENTENCES_CACHED)
def boundaries(text: str) -> tuple:
    """Every clause boundary of a sentence, in order (asked for many times per sentence: cached)."""
    found: list = list(CLAUSE_BOUNDARY.finditer(text))
    # "met Tuesday — their third meeting this year — in Washington": a pair of dashes sets off an aside, and the
    # clause goes on after it.
    dashes = [m for m in found if m.group().strip() in _DASHES]
    for first, second in zip(dashes, dashes[1:], strict=False):
        if second.start() - first.end() <= ASIDE_LENGTH and not any(
            first.end() <= m.start() < second.start() for m in found if m not in (first, second)
        ):
            found = [m for m in found if m not in (first, second)]
    opening = OPENING_CLAUSE.match(text)
    if opening:
        found.append(_Boundary(opening))
        found.sort(key=lambda m: m.start())
    return tuple(found)


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts."""
    start = 0
    # The whole text, not text[:pos]: a boundary's lookahead may read past ``pos`` (", with X also meeting").
    for m in boundaries(text):
        if m.end() > pos:
            break
        start = m.end()
    return start


# ", and the nominal head of state, Kim Yong Nam": the last item of a list, not a new clause.
# ", and in Tokyo he will hold talks": a clause with a subject of its own, however its opening phrase reads.
LIST_CONTINUATION = re.compile(
    r"(?:,\s+and\s+|but\s+also\s+)(?!(?:in|at|on|during|later|then)\s[^,;]{0,30}?\b(?:he|she|they)\b)"
    r"(?:(?:the|his|her|their|its)\s+)?(?:[a-z-]+,?\s+){0,4}?[A-Z]"
)


def clause_end(text: str, pos: int, *, through_lists: bool = False) -> int:
    """Where the clause holding ``pos`` ends; ``through_lists`` reads on past ", and" that adds a list's last item."""
    for m in boundaries(text):
        if m.start() < pos:
            continue
        if through_lists and (LIST_CONTINUATION.match(text, m.start()) or m.group() in "()"):
            continue  # a caption's "(2nd R)" inside a list is no clause of its own either
        return m.start()
    return len(text)


# "Voss, who will retire in June, met Park": a relative clause inside another says nothing of its verb.
RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,;]*,", re.I)


def governing_text(text: str, pos: int, end: int | None = None) -> str:
    """The clause of ``pos`` up to ``end`` (default ``pos``), embedded relative clauses blanked out."""
    start = 0
    for m in boundaries(text):
        if m.end() > pos:
            break
        # A relative clause's own comma is no boundary of the clause around it.
        if not any(r.start() <= m.start() < r.end() for r in RELATIVE_CLAUSE.finditer(text, 0, pos)):
            start = m.end()
    span = text[start : pos if end is None else end]
    return RELATIVE_CLAUSE.sub(lambda r: " " * len(r.group()), span)
