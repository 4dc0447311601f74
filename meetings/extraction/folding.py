"""Case-insensitive patterns that stay fast.

Python's ``re`` runs an IGNORECASE pattern several times slower than the same pattern on lower-cased
text, and the trigger and date patterns run on every sentence of every article. A ``FoldedPattern``
matches the lower-cased sentence instead; offsets stay valid because lower-casing is checked to keep
the length (it does for all but a few non-ASCII letters, which fall back to IGNORECASE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property


class FoldedPattern:
    """A case-insensitive pattern; matches' groups are lower case."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._on_lower = re.compile(pattern)

    @cached_property
    def _ignorecase(self) -> re.Pattern:
        # Compiled on first use, once: few texts need it, and compiling all three dozen patterns twice cost every
        # extraction worker about 80 ms of CPU as it started.
        return re.compile(self.pattern, re.I)

    def _target(self, text: str) -> tuple[re.Pattern, str]:
        lowered = text.lower()
        return (self._on_lower, lowered) if len(lowered) == len(text) else (self._ignorecase, text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        pattern, target = self._target(text)
        return pattern.finditer(target)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        pattern, target = self._target(text)
        return pattern.search(target, pos, len(target) if endpos is None else endpos)
