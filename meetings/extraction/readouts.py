"""Stage: official accounts of a contact: who issued them, in which form and language, and their quotes.

An institution's account is recognised from attribution ("the MOFA said in a Korean-language
statement", "according to the ministry", "a read-out of the meeting by ...", "in comments
released by ..."); "it added" continues the last one. Which contact it belongs to is decided
by the pipeline: the contact of the sentence, or the one being talked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from meetings.extraction.lexicon import Lexicon, LexiconMatch, OrganizationEntry
from meetings.extraction.records import OrganizationRef
from meetings.extraction.vocabulary.attribution import RELEASE_VERB, SPEECH_VERB

SPEECH_VERBS = f"(?:{SPEECH_VERB}|{RELEASE_VERB})"
LANGUAGES = {"korean": "ko", "english": "en", "chinese": "zh", "japanese": "ja", "russian": "ru"}
_QUOTE = re.compile(r"[“\"]([^”\"]{12,400})[”\"]")
PRONOUN_ATTRIBUTION = re.compile(rf"\b(?:it|the ministry|the office|the agency|the department)\s+{SPEECH_VERB}\b", re.I)
# Who is speaking is an institution only where it stands next to a verb of speech or an attribution.
ATTRIBUTION_BEFORE = re.compile(
    r"(?:according to|read-?out (?:of [\w\s’'-]{0,40})?by|released by|statement (?:from|by)|issued by|carried by)"
    r"\s+(?:the\s+)?[^,.;]{0,40}$",
    re.I,
)
# The office's spokesperson speaks for it: "Pentagon Chief Spokesperson Dana W. White provided the following readout".
ATTRIBUTION_AFTER = re.compile(
    r"^(?:[^,.;“”\"]{0,30}?|\s*(?:chief\s+|deputy\s+)?spokes(?:person|man|woman)\b(?:[^,.;“”\"]|(?<=\b[A-Z])\.){0,40}?)\b"
    + SPEECH_VERBS
    + r"\b",
    re.I,
)


# "PYONGYANG, April 26 (KCNA) -- ...": state media filing the story is the account of what the lead reports.
DATELINE_SOURCE = re.compile(r"\)\s*(?:--|—|–|-)\s")
_ATTRIBUTION_REACH = 120  # characters before an office searched for "according to", "a read-out of the meeting by"
# A state's mission abroad: "the Russian Embassy in Pyongyang", "the Chinese Consulate General in Busan".
_MISSION = re.compile(
    r"(?P<name>(?P<state>[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)\s+(?:Embassy|Consulate(?:\s+General)?|Mission)"
    r"\s+(?:in|to)\s+(?:the\s+)?[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)"
)
_ANONYMOUS_SPEAKER = re.compile(r"\s*(?:official|officials|source|sources|diplomat|diplomats)\b", re.I)


def _speaks_officially(office: OrganizationEntry) -> bool:
    """A government body does; of the press, only state media, which the knowledge base places under a
    government body (KCNA, Xinhua): "Yonhap news agency said" reports news, it gives no official account."""
    return office.kind != "media" or office.parent is not None


@dataclass(frozen=True)
class ReadOutMention:
    issuer: OrganizationRef
    form: str
    language: str | None
    quotes: tuple[str, ...]


def _form(text: str) -> str:
    lowered = text.casefold()
    if re.search(r"read-?out", lowered):
        return "read-out"
    if re.search(r"briefing|told reporters|press conference", lowered):
        return "briefing"
    return "statement"


def _language(text: str) -> str | None:
    m = re.search(r"\b(Korean|English|Chinese|Japanese|Russian)[-\s]language\b", text)
    return LANGUAGES[m.group(1).casefold()] if m else None


def quotes_in(text: str) -> tuple[str, ...]:
    return tuple(q.strip() for q in _QUOTE.findall(text))


def _organizations_by_name(lexicon: Lexicon) -> dict[str, list[OrganizationEntry]]:
    """Every name, acronym and alias (case-folded) with the offices that go by it: "foreign ministry" is several."""
    offices: dict[str, list[OrganizationEntry]] = {}
    for org in lexicon.organizations:
        for alias in {a.casefold() for a in (org.name, org.acronym, *org.aliases) if a}:
            offices.setdefault(alias, []).append(org)
    return offices


def _organization(
    lexicon: Lexicon, match: LexiconMatch, text: str, matches: list[LexiconMatch], countries: list[str]
) -> OrganizationRef:
    """The office an alias names; a shared name ("Ministry of Foreign Affairs") is settled by the nearest country."""
    entry = lexicon.organizations_by_slug[match.key]
    by_name = lexicon.derived("organizations_by_name", _organizations_by_name)
    if len(by_name.get(match.text.casefold(), ())) == 1:  # "Japan's foreign ministry" names one office already
        return OrganizationRef(name=entry.name, country=entry.country, slug=entry.slug)
    same_name = list(
        {o.slug: o for o in (*by_name.get(entry.name.casefold(), ()), *by_name.get(match.text.casefold(), ()))}.values()
    )
    if len(same_name) > 1:
        near = text[max(0, match.start - 30) : match.end + 20]
        by_country = {o.country: o for o in same_name}
        chosen = next((by_country[c] for c in countries if c in by_country and c in near), None)
        near_start, near_end = max(0, match.start - 30), match.end + 20
        # The country named nearest the office: "on North Korea, Japan's foreign ministry said" is Japan's.
        near = [
            m
            for m in matches
            if m.kind == "country" and m.key in by_country and near_start <= m.start and m.end <= near_end
        ]
        if near:
            chosen = by_country[min(near, key=lambda m: min(abs(match.start - m.end), abs(m.start - match.end))).key]
        entry = chosen or next((by_country[c] for c in countries if c in by_country), entry)
    return OrganizationRef(name=entry.name, country=entry.country, slug=entry.slug)


def find_readouts(
    lexicon: Lexicon, text: str, matches: list[LexiconMatch], countries: list[str]
) -> list[ReadOutMention]:
    """Accounts of institutions in one sentence; ``countries`` orders the guesses for a shared office name."""
    found: list[ReadOutMention] = []
    seen: set[str] = set()
    for match in matches:
        if match.kind != "organization":
            continue
        before, after = text[max(0, match.start - _ATTRIBUTION_REACH) : match.start], text[match.end :]
        is_attributed = (
            ATTRIBUTION_BEFORE.search(before)
            or ATTRIBUTION_AFTER.search(after)
            or (DATELINE_SOURCE.match(after) and before.rstrip().endswith("("))
        )
        # "a foreign ministry official told" is a person speaking, not the ministry's account.
        if not is_attributed or _ANONYMOUS_SPEAKER.match(after):
            continue
        if not _speaks_officially(lexicon.organizations_by_slug[match.key]):
            continue
        issuer = _organization(lexicon, match, text, matches, countries)
        if issuer.name in seen:
            continue
        seen.add(issuer.name)
        window = text[max(0, match.start - 80) : match.end + 80]
        found.append(ReadOutMention(issuer, _form(window), _language(window), quotes_in(text)))
    for m in _MISSION.finditer(text):
        # "according to the Russian Embassy in Pyongyang": a state's mission speaks for it, named or not.
        state = next((c.key for c in matches if c.kind == "country" and c.start == m.start("state")), None)
        before, after = text[max(0, m.start() - _ATTRIBUTION_REACH) : m.start()], text[m.end() :]
        if state is None or not (ATTRIBUTION_BEFORE.search(before) or ATTRIBUTION_AFTER.search(after)):
            continue
        issuer = OrganizationRef(name=re.sub(r"\s+", " ", m.group("name")), country=state)
        if issuer.name not in seen:
            seen.add(issuer.name)
            found.append(ReadOutMention(issuer, "statement", None, quotes_in(text)))
    return found
