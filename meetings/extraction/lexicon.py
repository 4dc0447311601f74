"""The knowledge base as the extractor sees it: countries, places, offices and officials with aliases.

Services build a ``Lexicon`` from the database (so an alias an editor adds in admin is
used by the next import); tests build one from plain entries or the knowledge-base JSON.
Matching uses one Aho-Corasick automaton over every alias, built once per lexicon.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import ahocorasick


@dataclass(frozen=True)
class CountryEntry:
    code: str  # ISO 3166 alpha-2
    aliases: tuple[
        str, ...
    ]  # names, adjectives and metonyms: "South Korea", "ROK", "South Korean", "Seoul", "the South"


@dataclass(frozen=True)
class PlaceEntry:
    name: str  # canonical place name used as a meeting location ("Washington")
    country: str
    aliases: tuple[str, ...] = ()  # "Washington DC", "Washington, D.C."


@dataclass(frozen=True)
class OrganizationEntry:
    slug: str
    name: str
    country: str | None
    kind: str  # ministry, presidential_office, agency, party, media, international, military, legislature, other
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # slug of the parent organization


@dataclass(frozen=True)
class PositionEntry:
    title: str
    organization: str | None  # organization slug
    start: dt.date | None = None
    end: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PersonEntry:
    slug: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    positions: tuple[PositionEntry, ...] = ()

    def position_on(self, day: dt.date) -> PositionEntry | None:
        """The office held on ``day`` (the latest taken of several); else the latest one that started before it."""
        current = [p for p in self.positions if p.held_on(day)]
        if current:  # of two offices held at once, the one taken last is how the news names him
            return max(current, key=lambda p: p.start or dt.date.min)
        earlier = [p for p in self.positions if p.start and p.start <= day]
        return earlier[-1] if earlier else None


@dataclass(frozen=True)
class LexiconMatch:
    start: int
    end: int
    kind: str  # "person", "organization", "country", "place"
    key: str  # person/organization slug, country code or place name
    text: str


_Derived = TypeVar("_Derived")

# One Korean family name, several romanizations (domain notes): the same person whichever an outlet uses.
_SURNAME_SPELLINGS = [
    {"Lee", "Yi", "Rhee", "Ri"},
    {"Park", "Pak"},
    {"Choi", "Choe"},
    {"Chung", "Jung", "Jeong", "Jong"},
    {"Roh", "Noh", "Ro"},
]
# Given-name syllables as North Korean state media write the South's names (McCune-Reischauer without the
# breve): "Chung Eui-yong" is "Jong Ui Yong" in KCNA copy.
_SYLLABLE_SPELLINGS = [("eui", "ui"), ("eo", "o"), ("eu", "u")]


def _north_spelling(syllable: str) -> str:
    for south, north in _SYLLABLE_SPELLINGS:
        syllable = syllable.replace(south, north)
    return syllable


def korean_name_variants(name: str) -> set[str]:
    """ "Kim Yong Chol" as outlets also write it: "Kim Yong-chol", "Kim Yongchol"; and "Ri Yong Ho" as "Lee Yong-ho".

    Only three-syllable names (family name and a two-part given name) vary this way; others are returned as given.
    """
    parts = re.split(r"[\s-]+", name.strip())
    if len(parts) != 3 or not all(p.isalpha() for p in parts):
        return {name}
    family, first, second = parts[0], parts[1].capitalize(), parts[2].lower()
    givens = {f"{first}-{second}", f"{first} {second.capitalize()}", f"{first}{second}"}
    north = [_north_spelling(first.lower()).capitalize(), _north_spelling(second)]
    if north != [first, second]:
        givens.add(f"{north[0]} {north[1].capitalize()}")
    families = next((spellings for spellings in _SURNAME_SPELLINGS if family in spellings), {family})
    return {name} | {f"{f} {g}" for f in families for g in givens}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def name_variants(name: str, country: str | None) -> tuple[str, ...]:
    """The spellings a name is printed in: Korean romanizations; a Japanese name in either order (English news
    gives "Takeshi Iwaya", Tokyo's own releases since 2019 "Iwaya Takeshi")."""
    if country in ("KR", "KP"):
        return tuple(korean_name_variants(name))
    words = name.split()
    if country == "JP" and len(words) == 2:
        return (name, f"{words[1]} {words[0]}")
    return (name,)


@dataclass
class Lexicon:
    countries: list[CountryEntry] = field(default_factory=list)
    places: list[PlaceEntry] = field(default_factory=list)
    organizations: list[OrganizationEntry] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
    # Lookups that stages compute from the entries, kept with the lexicon: built once per import run.
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: str, build: Callable[[Lexicon], _Derived]) -> _Derived:
        """``build(self)``, computed on first use and cached on this lexicon under ``key``."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]

    @classmethod
    def from_knowledge_base(cls, data: dict) -> Lexicon:
        """A lexicon from the knowledge-base JSON structure (fixtures/knowledge_base.json)."""
        return cls(
            countries=[
                CountryEntry(code=c["code"], aliases=tuple(c.get("aliases", []))) for c in data.get("countries", [])
            ],
            places=[
                PlaceEntry(name=p["name"], country=p.get("country", ""), aliases=tuple(p.get("aliases", [])))
                for p in data.get("places", [])
            ],
            organizations=[
                OrganizationEntry(
                    slug=o["slug"],
                    name=o["name"],
                    country=o.get("country") or None,
                    kind=o.get("kind", "other"),
                    acronym=o.get("acronym") or "",
                    aliases=tuple(o.get("aliases", [])),
                    parent=o.get("parent"),
                )
                for o in data.get("organizations", [])
            ],
            people=[
                PersonEntry(
                    slug=p["slug"],
                    name=p["name"],
                    country=p.get("country") or None,
                    aliases=tuple(p.get("aliases", [])),
                    positions=tuple(
                        PositionEntry(
                            title=q["title"],
                            organization=q.get("organization"),
                            start=_date(q.get("start")),
                            end=_date(q.get("end")),
                        )
                        for q in p.get("positions", [])
                    ),
                )
                for p in data.get("people", [])
            ],
        )

    def built(self) -> Lexicon:
        """This lexicon with its automaton and lookups built now, not at first use: processes forked from this one
        (the importer's extraction workers) share them instead of each building its own."""
        for name, attribute in vars(Lexicon).items():
            if isinstance(attribute, cached_property):
                getattr(self, name)
        return self

    @cached_property
    def people_by_slug(self) -> dict[str, PersonEntry]:
        return {p.slug: p for p in self.people}

    @cached_property
    def posts_by_country(self) -> dict[str | None, dict[str, tuple[tuple[PersonEntry, PositionEntry], ...]]]:
        """Each state's posts as (holder, position), grouped by title. A role ("the foreign minister", "his
        counterpart") is a test of a title: it is made once per title a state's people hold, and only the posts
        under titles that pass are tested for their dates. A grown knowledge base holds 10,000 people and a few
        hundred titles; tested person by person, the holders of a role cost more than the rest of an article's
        extraction (an import into 100,000 meetings extracted 16 % slower than into an empty database)."""
        grouped: dict[str | None, dict[str, list[tuple[PersonEntry, PositionEntry]]]] = {}
        for person in self.people:
            titles = grouped.setdefault(person.country, {})
            for position in person.positions:
                titles.setdefault(position.title, []).append((person, position))
        return {
            country: {title: tuple(posts) for title, posts in titles.items()} for country, titles in grouped.items()
        }

    def holders(self, country: str, day: dt.date, title_fits: Callable[[str], bool]) -> list[PersonEntry]:
        """The people of ``country`` who on ``day`` hold a post whose title ``title_fits``, each once."""
        found: dict[str, PersonEntry] = {}
        for title, posts in self.posts_by_country.get(country, {}).items():
            if title and title_fits(title):
                for person, position in posts:
                    if position.held_on(day):
                        found.setdefault(person.slug, person)
        return list(found.values())

    @cached_property
    def organizations_by_slug(self) -> dict[str, OrganizationEntry]:
        return {o.slug: o for o in self.organizations}

    @cached_property
    def places_by_name(self) -> dict[str, PlaceEntry]:
        return {p.name: p for p in self.places}

    @cached_property
    def country_codes(self) -> set[str]:
        return {c.code for c in self.countries}

    @cached_property
    def _automaton(self) -> ahocorasick.Automaton | None:
        entries: dict[str, list[tuple[str, str]]] = {}
        # Acronyms count only in capitals: "UN" the organization, not "Un" of Kim Jong Un.
        acronym_only: dict[str, bool] = {}

        def add(alias: str, kind: str, key: str) -> None:
            alias = alias.strip()
            folded = alias.casefold()
            values = entries.setdefault(folded, [])
            acronym_only[folded] = acronym_only.get(folded, True) and alias.isupper()
            if len(alias) >= 2 and (kind, key) not in values:
                values.append((kind, key))

        for country in self.countries:
            for alias in country.aliases:
                add(alias, "country", country.code)
        for place in self.places:
            for alias in (place.name, *place.aliases):
                add(alias, "place", place.name)
        for org in self.organizations:
            for alias in (org.name, org.acronym, *org.aliases):
                if alias:
                    add(alias, "organization", org.slug)
        for person in self.people:
            for alias in (person.name, *person.aliases):
                for variant in name_variants(alias, person.country):
                    add(variant, "person", person.slug)
        if not entries:
            return None
        automaton = ahocorasick.Automaton()
        for alias, values in entries.items():
            automaton.add_word(alias, (alias, values, acronym_only[alias]))
        automaton.make_automaton()
        return automaton

    def match(self, text: str) -> list[LexiconMatch]:
        """Every alias in ``text`` on word boundaries; of overlapping matches the longest wins."""
        if self._automaton is None:
            return []
        folded = text.casefold()
        length = len(folded)
        # Candidates as plain tuples, (start, end, kind, key, surface): most are dropped as overlapped below, and a
        # record is built only for those kept (this runs over every article body). A word character, on either side
        # of an alias, is alphanumeric or "-" or "_" (tested inline: twice for every alias found).
        found = []
        for end_index, (alias, values, acronym) in self._automaton.iter(folded):
            start, end = end_index - len(alias) + 1, end_index + 1
            if start > 0 and ((before := folded[start - 1]).isalnum() or before in "-_"):
                continue
            if end < length and ((after := folded[end]).isalnum() or after in "-_"):
                continue
            surface = text[start:end]
            if acronym and not surface.isupper():
                continue
            for kind, key in values:
                # Names and short forms count only as written: "US" the country, not "us"; "Moon" the person.
                if (len(alias) <= 4 or kind in ("person", "place")) and not surface[:1].isupper():
                    continue
                found.append((start, end, kind, key, surface))
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        kept: list[LexiconMatch] = []
        kept_spans: set[tuple[int, int]] = set()
        covered = bytearray(len(text))  # characters already claimed by a longer match
        for start, end, kind, key, surface in found:
            if (start, end) in kept_spans or covered.find(1, start, end) == -1:
                kept.append(LexiconMatch(start, end, kind, key, surface))
                kept_spans.add((start, end))
                covered[start:end] = b"\x01" * (end - start)
        return sorted(kept, key=lambda m: (m.start, m.kind))
