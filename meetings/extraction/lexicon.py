"""The knowledge base as the extractor sees it: countries, places, offices and officials with aliases.

Services build a ``Lexicon`` from the database (so an alias an editor adds in
admin is used by the next import); tests build one from plain entries.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CountryEntry:
    code: str  # ISO 3166 alpha-2
    aliases: tuple[str, ...]  # names, adjectives and metonyms: "South Korea", "ROK", "South Korean", "Seoul", "the South"


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


@dataclass(frozen=True)
class PersonEntry:
    slug: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    positions: tuple[PositionEntry, ...] = ()


@dataclass
class Lexicon:
    countries: list[CountryEntry] = field(default_factory=list)
    places: list[PlaceEntry] = field(default_factory=list)
    organizations: list[OrganizationEntry] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
