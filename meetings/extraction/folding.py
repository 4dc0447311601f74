"""Case-insensitive patterns that stay fast.

Python's ``re`` runs an IGNORECASE pattern several times slower than the same pattern on lower-cased
text, and the trigger and date patterns run on every sentence of every article. A ``FoldedPattern``
matches the lower-cased sentence instead; offsets stay valid because lower-casing is checked to keep
the length (it does for all but a few non-ASCII letters, which fall back to IGNORECASE).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick


class FoldedPattern:
    """A case-insensitive pattern; matches' groups are lower case."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._on_lower = re.compile(pattern)
        self._ignorecase = re.compile(pattern, re.I)

    def _target(self, text: str) -> tuple[re.Pattern, str]:
        lowered = text.lower()
        return (self._on_lower, lowered) if len(lowered) == len(text) else (self._ignorecase, text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        pattern, target = self._target(text)
        return pattern.finditer(target)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        pattern, target = self._target(text)
        return pattern.search(target, pos, len(target) if endpos is None else endpos)


class PrefilteredPattern(FoldedPattern):
    """A case-insensitive pattern every match of which holds one of ``words`` (lower case): lower-cased text without
    any of them, which most sentences are for most phrase families, is not searched at all (one automaton pass is
    much cheaper than a search of a long alternation). Text matched with IGNORECASE is always searched."""

    def __init__(self, pattern: str, words: Iterable[str]):
        super().__init__(pattern)
        self._words = ahocorasick.Automaton()
        for word in words:
            self._words.add_word(word, word)
        self._words.make_automaton()

    def _lacks_words(self, lowered: str, pos: int, endpos: int) -> bool:
        # The part of the text a search with pos and endpos sees, bounded as re bounds them.
        start, end = min(max(pos, 0), len(lowered)), min(max(endpos, 0), len(lowered))
        return start >= end or next(self._words.iter(lowered, start, end), None) is None  # iter's end is exclusive

    def finditer(self, text: str) -> Iterator[re.Match]:
        pattern, target = self._target(text)
        if pattern is self._on_lower and self._lacks_words(target, 0, len(target)):
            return iter(())
        return pattern.finditer(target)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        pattern, target = self._target(text)
        endpos = len(target) if endpos is None else endpos
        if pattern is self._on_lower and self._lacks_words(target, pos, endpos):
            return None
        return pattern.search(target, pos, endpos)
