"""The knowledge base: load the shipped reference data, and build the extractor's lexicon from the database.

The shipped file (fixtures/knowledge_base.json) only ever adds what is missing, so an
editor's correction in admin is never overwritten; the lexicon is read from the
database, so an alias an editor adds is used by the next import.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from meetings.extraction.lexicon import (
    CountryEntry,
    Lexicon,
    OrganizationEntry,
    PersonEntry,
    PlaceEntry,
    PositionEntry,
)
from meetings.models import (
    AliasKind,
    CountryAlias,
    Organization,
    Person,
    PersonOrigin,
    PersonRedirect,
    Place,
    Position,
    name_key,
)
from meetings.services.locks import lock_storing
from meetings.services.validation import country_codes, full_clean_row


class KnowledgeBaseError(ValueError):
    """The knowledge-base file is malformed; the message names the entry and field."""


@dataclass
class KnowledgeBaseCounts:
    countries: int = 0
    places: int = 0
    organizations: int = 0
    people: int = 0

    def __str__(self) -> str:
        return (
            f"added {self.countries} country aliases, {self.places} places, "
            f"{self.organizations} organizations, {self.people} people"
        )


def _date(value: str | None, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KnowledgeBaseError(f"{where}: not a YYYY-MM-DD date: {value!r}") from None


def _require(entry: dict, key: str, where: str):
    if not entry.get(key):
        raise KnowledgeBaseError(f"{where}: missing {key!r}")
    return entry[key]


# A metonym stands for the government ("Seoul", "the North"); names are what the country is called.
_METONYM_HINTS = ("the ",)


@transaction.atomic
def load_knowledge_base(*, data: dict) -> KnowledgeBaseCounts:
    """Add the entries of ``data`` that the database does not have yet; never change existing ones."""
    lock_storing()  # two imports starting at once on a fresh database would both add the same people
    counts = KnowledgeBaseCounts()
    capitals = {place["name"].casefold() for place in data.get("places", [])}

    known_aliases = {alias.casefold() for alias in CountryAlias.objects.values_list("alias", flat=True)}
    new_aliases = []
    for i, entry in enumerate(data.get("countries", [])):
        code = _require(entry, "code", f"countries[{i}]")
        for alias in entry.get("aliases", []):
            if alias.casefold() in known_aliases:
                continue
            known_aliases.add(alias.casefold())
            is_metonym = alias.casefold() in capitals or alias.casefold().startswith(_METONYM_HINTS)
            new_aliases.append(
                CountryAlias(country=code, alias=alias, kind=AliasKind.METONYM if is_metonym else AliasKind.NAME)
            )
    CountryAlias.objects.bulk_create(new_aliases)
    counts.countries = len(new_aliases)

    known_places = set(Place.objects.values_list("name", flat=True))
    new_places = [
        Place(
            name=_require(entry, "name", f"places[{i}]"),
            country=entry.get("country", ""),
            aliases=entry.get("aliases", []),
        )
        for i, entry in enumerate(data.get("places", []))
        if entry.get("name") not in known_places
    ]
    Place.objects.bulk_create(new_places)
    counts.places = len(new_places)

    # Bulk inserts with their history rows: a fresh database takes a handful of queries, not one per entry.
    # Field checks run in Python; uniqueness is settled by the slugs just read and enforced by the database.
    organizations = {org.slug: org for org in Organization.objects.all()}
    codes = country_codes(Organization)
    new_orgs, parents = [], []
    for i, entry in enumerate(data.get("organizations", [])):
        where = f"organizations[{i}]"
        slug = _require(entry, "slug", where)
        if slug in organizations:
            continue
        org = Organization(
            slug=slug,
            name=_require(entry, "name", where),
            acronym=entry.get("acronym") or "",
            aliases=list(entry.get("aliases", [])),
            country=entry.get("country") or "",
            kind=entry.get("kind") or "other",
        )
        full_clean_row(org, codes=codes, exclude=["parent"], validate_unique=False, validate_constraints=False)
        organizations[slug] = org
        new_orgs.append(org)
        if entry.get("parent"):
            parents.append((org, entry["parent"], where))
    for _, parent_slug, where in parents:
        if parent_slug not in organizations:
            raise KnowledgeBaseError(f"{where}: parent {parent_slug!r} is not a known organization")
    bulk_create_with_history(new_orgs, Organization)
    for org, parent_slug, _ in parents:
        org.parent = organizations[parent_slug]
    Organization.objects.bulk_update([org for org, _, _ in parents], ["parent"])
    counts.organizations = len(new_orgs)

    # A person merged into another is known too (by the slug that now redirects): not added again. Only the
    # file's slugs are looked up: a grown archive holds tens of thousands of people the file does not name.
    slugs = [entry["slug"] for entry in data.get("people", []) if entry.get("slug")]
    known_people = set(Person.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    known_people |= set(PersonRedirect.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    codes = country_codes(Person)
    new_people, positions = [], []
    for i, entry in enumerate(data.get("people", [])):
        where = f"people[{i}]"
        slug = _require(entry, "slug", where)
        if slug in known_people:
            continue
        name = _require(entry, "name", where)
        person = Person(
            slug=slug,
            name=name,
            name_key=name_key(name),  # bulk_create does not call save(), which sets it otherwise
            aliases=list(entry.get("aliases", [])),
            country=entry.get("country") or "",
            origin=PersonOrigin.KNOWLEDGE_BASE,
        )
        full_clean_row(person, codes=codes, validate_unique=False, validate_constraints=False)
        known_people.add(slug)
        new_people.append(person)
        for j, pos in enumerate(entry.get("positions", [])):
            # A position's "source" (where its dates were checked) documents the file and is not stored.
            pos_where = f"{where}.positions[{j}]"
            org_slug = pos.get("organization")
            if org_slug and org_slug not in organizations:
                raise KnowledgeBaseError(f"{pos_where}: organization {org_slug!r} is not a known organization")
            positions.append(
                Position(
                    person=person,
                    organization=organizations.get(org_slug) if org_slug else None,
                    title=_require(pos, "title", pos_where),
                    start_date=_date(pos.get("start"), pos_where),
                    end_date=_date(pos.get("end"), pos_where),
                )
            )
    bulk_create_with_history(new_people, Person)
    bulk_create_with_history(positions, Position)
    counts.people = len(new_people)
    return counts


def read_knowledge_base_file(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeBaseError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: not valid UTF-8 JSON ({exc})") from None


def ensure_knowledge_base(*, path: Path | None = None) -> KnowledgeBaseCounts:
    """Load the shipped knowledge base into the database, adding only what is missing."""
    return load_knowledge_base(data=read_knowledge_base_file(path or Path(settings.DIPLO_KNOWLEDGE_BASE)))


def build_lexicon() -> Lexicon:
    """The extractor's view of the database: every country alias, place, organization and person.

    Read as plain tuples, in each model's own order (which decides, between two entries of one alias, the
    one the extractor meets first): an import at 10,000 people builds it in a fraction of a second, where
    model instances and their prefetched positions took seconds.
    """
    countries: dict[str, list[str]] = {}
    for code, alias in CountryAlias.objects.values_list("country", "alias"):
        countries.setdefault(code, []).append(alias)
    org_slugs = dict(Organization.objects.order_by().values_list("pk", "slug"))
    positions: dict[int, list[PositionEntry]] = {}
    for person_id, title, organization_id, start, end in Position.objects.order_by("start_date", "pk").values_list(
        "person_id", "title", "organization_id", "start_date", "end_date"
    ):
        positions.setdefault(person_id, []).append(
            PositionEntry(title=title, organization=org_slugs.get(organization_id), start=start, end=end)
        )
    return Lexicon(
        countries=[CountryEntry(code=code, aliases=tuple(aliases)) for code, aliases in countries.items()],
        places=[
            PlaceEntry(name=name, country=country or "", aliases=tuple(aliases))
            for name, country, aliases in Place.objects.values_list("name", "country", "aliases")
        ],
        organizations=[
            OrganizationEntry(
                slug=slug,
                name=name,
                country=country or None,
                kind=kind,
                acronym=acronym,
                aliases=tuple(aliases),
                parent=org_slugs.get(parent_id),
            )
            for slug, name, country, kind, acronym, aliases, parent_id in Organization.objects.values_list(
                "slug", "name", "country", "kind", "acronym", "aliases", "parent_id"
            )
        ],
        people=[
            PersonEntry(
                slug=slug,
                name=name,
                country=country or None,
                aliases=tuple(aliases),
                positions=tuple(positions.get(pk, ())),
            )
            for pk, slug, name, country, aliases in Person.objects.values_list(
                "pk", "slug", "name", "country", "aliases"
            )
        ],
    )
