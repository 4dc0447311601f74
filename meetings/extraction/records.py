"""What the extraction pipeline returns: plain records, no Django, no database.

Every record keeps the sentence it came from (``Sentence``, with character
offsets into the article body) so that services can store it as evidence.
Organizations and people are referred to by their knowledge-base slug when the
lexicon knows them, and by name (plus country) when they were discovered in
the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS = ("meeting", "working_group", "summit", "phone_call", "video_call", "visit", "letter")
STATUSES = ("held", "planned", "cancelled")
PRECISIONS = ("day", "week", "month", "year")
READOUT_FORMS = ("read-out", "statement", "briefing")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body; ``start``/``end`` index into the body."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ResolvedDate:
    """A date at the precision the text gives; month/year dates are the first day of the period."""

    value: dt.date
    precision: str  # one of PRECISIONS


@dataclass(frozen=True)
class OrganizationRef:
    name: str  # canonical name ("Ministry of Foreign Affairs")
    country: str | None  # ISO 3166 alpha-2
    slug: str | None = None  # knowledge-base slug when the lexicon knows it


@dataclass(frozen=True)
class PersonRef:
    name: str  # full canonical name ("Stephen Biegun")
    country: str | None
    slug: str | None = None  # knowledge-base slug when the lexicon knows it


@dataclass(frozen=True)
class ExtractedPerson:
    """A person the article names; ``aliases`` are the other surface forms seen for them."""

    person: PersonRef
    title: str | None
    organization: OrganizationRef | None
    aliases: tuple[str, ...]
    evidence: Sentence
    in_lexicon: bool


@dataclass(frozen=True)
class ExtractedParticipant:
    person: PersonRef
    title: str | None
    organization: OrganizationRef | None
    country: str | None
    evidence: Sentence


@dataclass(frozen=True)
class ExtractedReadOut:
    issuer: OrganizationRef
    form: str  # one of READOUT_FORMS
    language: str | None  # ISO 639-1 ("ko") when the text gives it
    quotes: tuple[str, ...]
    evidence: Sentence


@dataclass(frozen=True)
class ExtractedContact:
    kind: str  # one of KINDS
    status: str  # one of STATUSES
    date: ResolvedDate | None
    location: str | None
    title: str
    participants: tuple[ExtractedParticipant, ...]
    readouts: tuple[ExtractedReadOut, ...]
    evidence: Sentence
    confidence: float = 1.0  # see extraction/confidence.py
    cues: tuple[str, ...] = ()  # what the extractor relied on, in words


@dataclass(frozen=True)
class Highlight:
    """A recognised span of the body, for the article page: person, organization, country, place or date."""

    start: int
    end: int
    kind: str
    label: str


@dataclass
class ArticleExtraction:
    sentences: list[Sentence] = field(default_factory=list)
    people: list[ExtractedPerson] = field(default_factory=list)
    contacts: list[ExtractedContact] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
