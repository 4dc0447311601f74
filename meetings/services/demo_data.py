"""Synthetic data in the proportions of real imports, so that anyone can reproduce the performance figures.

Proportions (from the imported corpus): 2–4 participants per meeting, one person per ten meetings,
about 500 offices, a read-out on half the meetings, an article per three meetings (each meeting has
a sentence of evidence in it). A few people take part in a large share of the meetings, as leaders
and foreign ministers do, so the busiest person's page is as heavy as a real one.

Rows are written with PostgreSQL's COPY (100,000 meetings in about a minute) or, on other
databases, bulk_create in batches. The same seed gives the same rows. Nothing here goes through
the importer or keeps history: it is load for benchmarks, not data to edit.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from meetings.models import (
    Article,
    DatePrecision,
    Evidence,
    Kind,
    Meeting,
    Organization,
    OrgKind,
    Participation,
    Person,
    PersonOrigin,
    Position,
    ReadOut,
    ReadOutForm,
    ReviewStatus,
    Status,
    name_key,
)
from meetings.services.kept_counts import counted_after_load

MEETINGS_PER_PERSON = 10
OFFICES = 500
MEETINGS_PER_ARTICLE = 3
READOUT_SHARE = 0.5
# Editors reject a small share of what is extracted; those rows stay in the tables, hidden.
REJECTED_SHARE = 0.01
# A few contacts are reported without a date.
UNDATED_SHARE = 0.01
# Participant choice is skewed: index = people * u**SKEW, so the first people are in thousands of
# meetings (about 5 % of all meetings for the busiest at 100,000), like leaders and ministers.
SKEW = 3
# Rows per COPY flush or bulk_create batch: bounded memory whatever the size.
BATCH = 20_000
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2026, 6, 30)

COUNTRIES = ["KR", "KP", "US", "CN", "JP", "RU", "GB", "FR", "DE", "MN", "VN", "SG", "IN", "AU", "CA"]
# Korean family names first: most people in the corpus are Korean, and `q=Kim` should find many.
FAMILY_NAMES = [
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Han",
    "Oh",
    "Seo",
    "Shin",
    "Kwon",
    "Wang",
    "Li",
    "Zhang",
    "Smith",
    "Johnson",
    "Brown",
    "Tanaka",
    "Suzuki",
    "Ivanov",
]
SYLLABLES = [
    "min",
    "jun",
    "seo",
    "hyun",
    "ji",
    "woo",
    "yeon",
    "su",
    "hee",
    "sung",
    "young",
    "chul",
    "kyung",
    "wha",
    "dong",
    "jae",
    "hoon",
    "mi",
    "sang",
    "tae",
    "eun",
    "jin",
    "ho",
    "bin",
    "gyu",
    "na",
    "ra",
    "in",
]
PLACES = [
    "Seoul",
    "Pyongyang",
    "Washington",
    "Beijing",
    "Tokyo",
    "Moscow",
    "Panmunjom",
    "Singapore",
    "Hanoi",
    "New York",
    "Geneva",
    "Ulaanbaatar",
    "London",
    "Vladivostok",
    "",
]
OFFICE_NAMES = [
    "Ministry of Foreign Affairs",
    "Ministry of Unification",
    "Ministry of Defense",
    "Presidential Office",
    "Department of State",
    "National Security Council",
    "Embassy",
    "Mission to the UN",
    "Office of the Special Envoy",
    "Foreign Affairs Committee",
]
TITLES = [
    "Minister",
    "Vice Minister",
    "Ambassador",
    "Special Representative",
    "Director-General",
    "Envoy",
    "Deputy Minister",
    "Spokesperson",
    "Chief of Staff",
    "Adviser",
]
KIND_WEIGHTS = {
    Kind.MEETING: 50,
    Kind.PHONE_CALL: 15,
    Kind.VISIT: 12,
    Kind.WORKING_GROUP: 8,
    Kind.SUMMIT: 5,
    Kind.VIDEO_CALL: 5,
    Kind.LETTER: 5,
}
STATUS_WEIGHTS = {Status.HELD: 85, Status.PLANNED: 10, Status.CANCELLED: 5}
PRECISION_WEIGHTS = {DatePrecision.DAY: 80, DatePrecision.WEEK: 8, DatePrecision.MONTH: 10, DatePrecision.YEAR: 2}
QUOTES = [
    "Both sides agreed to keep the channels of dialogue open.",
    "The talks were frank and constructive.",
    "The two sides discussed denuclearisation and lasting peace.",
    "Close coordination will continue.",
    "The door remains open for dialogue.",
    "They reaffirmed the alliance.",
]


@dataclass(frozen=True)
class DemoCounts:
    organizations: int
    people: int
    articles: int
    meetings: int
    participations: int
    readouts: int
    evidence: int

    def __str__(self) -> str:
        return (
            f"{self.meetings} meetings, {self.participations} participations, {self.readouts} read-outs, "
            f"{self.people} people, {self.organizations} offices, {self.articles} articles, "
            f"{self.evidence} evidence sentences"
        )


def generate_demo_data(*, meetings: int, seed: int = 1) -> DemoCounts:
    """Add ``meetings`` meetings with their people, offices, read-outs and source articles; returns what was added."""
    rng = random.Random(seed)
    now = timezone.now()
    # The kept counts' triggers off during the COPYs, everything counted once at the end: 100,000 meetings in
    # 51-69 s against 79 s with the triggers counting each COPY's rows (docs/performance.md, sixth round).
    with transaction.atomic(), counted_after_load():
        writer = _Writer()
        ids = {
            model: writer.next_id(model)
            for model in (Organization, Person, Position, Article, Meeting, Participation, ReadOut, Evidence)
        }
        tag = f"s{seed}-{ids[Meeting]}"  # slugs stay unique when demo data is added twice

        offices = _offices(rng, ids[Organization], tag, now)
        writer.write(Organization, offices.rows())
        office_ids_by_country = offices.by_country

        people_count = max(MEETINGS_PER_PERSON, meetings // MEETINGS_PER_PERSON)
        people = _people(rng, people_count, ids[Person], tag, now, office_ids_by_country)
        writer.write(Person, people.person_rows())
        writer.write(Position, people.position_rows(ids[Position]))

        articles_count = max(1, -(-meetings // MEETINGS_PER_ARTICLE))
        writer.write(Article, _articles(rng, articles_count, ids[Article], tag, now))

        plan = _MeetingPlan(rng=rng, people=people, first_ids=ids, article_count=articles_count, now=now)
        writer.write(Meeting, plan.meetings(meetings))
        writer.write(Participation, plan.participations())
        writer.write(ReadOut, plan.readouts())
        writer.write(Evidence, plan.evidence())
        writer.reset_sequences()
    return DemoCounts(
        organizations=len(offices.ids),
        people=people_count,
        articles=articles_count,
        meetings=meetings,
        participations=plan.participation_count,
        readouts=plan.readout_count,
        evidence=meetings,
    )


# --- Rows ---------------------------------------------------------------------------------------------


@dataclass
class _Offices:
    ids: list[int]
    by_country: dict[str, list[int]]
    _rows: list[dict]

    def rows(self) -> Iterator[dict]:
        yield from self._rows


def _offices(rng: random.Random, first_id: int, tag: str, now) -> _Offices:
    rows, by_country = [], {}
    for i in range(OFFICES):
        country = COUNTRIES[i % len(COUNTRIES)]
        name = (
            f"{OFFICE_NAMES[(i // len(COUNTRIES)) % len(OFFICE_NAMES)]} {i // (len(COUNTRIES) * len(OFFICE_NAMES)) + 1}"
        )
        office_id = first_id + i
        rows.append(
            dict(
                id=office_id,
                name=name,
                slug=f"demo-{tag}-office-{i}",
                acronym="",
                aliases=[],
                country=country,
                kind=rng.choice(OrgKind.values),
                parent_id=None,
                created_at=now,
                updated_at=now,
            )
        )
        by_country.setdefault(country, []).append(office_id)
    return _Offices(ids=[r["id"] for r in rows], by_country=by_country, _rows=rows)


@dataclass
class _People:
    ids: list[int]
    names: list[str]
    countries: list[str]
    offices: list[int]
    titles: list[str]
    first_id: int
    tag: str
    now: dt.datetime

    def person_rows(self) -> Iterator[dict]:
        for i, (name, country) in enumerate(zip(self.names, self.countries, strict=True)):
            yield dict(
                id=self.ids[i],
                name=name,
                name_key=name_key(name),
                slug=f"demo-{self.tag}-person-{i}",
                aliases=[name.replace("-", " ")] if "-" in name else [],
                country=country,
                origin=PersonOrigin.DISCOVERED,
                created_at=self.now,
                updated_at=self.now,
            )

    def position_rows(self, first_id: int) -> Iterator[dict]:
        for i, person_id in enumerate(self.ids):
            yield dict(
                id=first_id + i,
                person_id=person_id,
                organization_id=self.offices[i],
                title=self.titles[i],
                start_date=None,
                end_date=None,
            )


def _people(rng: random.Random, count: int, first_id: int, tag: str, now, offices: dict[str, list[int]]) -> _People:
    names, countries, office_ids, titles = [], [], [], []
    for _ in range(count):
        # Most people in the corpus are Korean; the rest spread over the other countries.
        country = rng.choice(("KR", "KR", "KP", "US", rng.choice(COUNTRIES)))
        family = rng.choice(FAMILY_NAMES)
        given = f"{rng.choice(SYLLABLES).capitalize()}-{rng.choice(SYLLABLES)}"
        names.append(f"{family} {given}")
        countries.append(country)
        office_ids.append(rng.choice(offices[country]))
        titles.append(rng.choice(TITLES))
    return _People(
        ids=list(range(first_id, first_id + count)),
        names=names,
        countries=countries,
        offices=office_ids,
        titles=titles,
        first_id=first_id,
        tag=tag,
        now=now,
    )


def _articles(rng: random.Random, count: int, first_id: int, tag: str, now) -> Iterator[dict]:
    for i in range(count):
        published = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        yield dict(
            id=first_id + i,
            slug=f"demo-{tag}-article-{i}",
            published=published,
            title=f"Envoys meet again in {rng.choice(PLACES) or 'Seoul'}",
            body=_article_body(i),
            source_url="",
            outlet="Demo Wire",
            content_hash=f"{first_id + i:064x}",
            imported_at=now,
            updated_at=now,
            extracted_at=now,
        )


def _sentence(article_index: int, slot: int) -> str:
    return f"Officials met on the sidelines of the talks (report {article_index}, item {slot})."


def _article_body(article_index: int) -> str:
    # A body of a few sentences, one per meeting it reports: evidence offsets point into it.
    return " ".join(_sentence(article_index, slot) for slot in range(MEETINGS_PER_ARTICLE))


def _weighted(rng: random.Random, weights: dict) -> Callable[[], str]:
    values, cumulative = [str(v) for v in weights], []  # plain strings, as COPY writes them
    total = 0
    for w in weights.values():
        total += w
        cumulative.append(total)
    return lambda: rng.choices(values, cum_weights=cumulative)[0]


class _MeetingPlan:
    """Meetings first, then their participations, read-outs and evidence, from the same choices."""

    def __init__(self, *, rng: random.Random, people: _People, first_ids: dict, article_count: int, now):
        self.rng, self.people, self.ids, self.article_count, self.now = rng, people, first_ids, article_count, now
        self.participants: list[tuple[int, ...]] = []  # person indexes per meeting
        self.participation_count = self.readout_count = 0

    def _pick_people(self) -> tuple[int, ...]:
        n, chosen = len(self.people.ids), []
        size = self.rng.choice((2, 2, 3, 4)) if n >= 4 else min(2, n)
        while len(chosen) < size:
            index = int(n * self.rng.random() ** SKEW)
            if index not in chosen:
                chosen.append(index)
        return tuple(chosen)

    def meetings(self, count: int) -> Iterator[dict]:
        rng, kind, status, precision = (
            self.rng,
            *(_weighted(self.rng, w) for w in (KIND_WEIGHTS, STATUS_WEIGHTS, PRECISION_WEIGHTS)),
        )
        span = (LAST_DAY - FIRST_DAY).days
        names = self.people.names
        for i in range(count):
            who = self._pick_people()
            self.participants.append(who)
            prec = precision()
            date = None if rng.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(days=rng.randrange(span))
            if date and prec == DatePrecision.MONTH:
                date = date.replace(day=1)
            elif date and prec == DatePrecision.YEAR:
                date = date.replace(month=1, day=1)
            k = kind()
            review = ReviewStatus.REJECTED if rng.random() < REJECTED_SHARE else ReviewStatus.EXTRACTED
            yield dict(
                id=self.ids[Meeting] + i,
                title=f"{names[who[0]]} – {names[who[1]]} {Kind(k).label.lower()}",
                kind=k,
                status=status(),
                date=date,
                date_precision=prec,
                location=rng.choice(PLACES),
                review_status=review,
                reviewed_by_id=None,
                reviewed_at=None,
                source_note="",
                notes="",
                created_at=self.now,
                updated_at=self.now,
            )

    def participations(self) -> Iterator[dict]:
        people = self.people
        next_id = self.ids[Participation]
        for i, who in enumerate(self.participants):
            for index in who:
                yield dict(
                    id=next_id,
                    meeting_id=self.ids[Meeting] + i,
                    person_id=people.ids[index],
                    title=people.titles[index],
                    organization_id=people.offices[index],
                    country=people.countries[index],
                )
                next_id += 1
        self.participation_count = next_id - self.ids[Participation]

    def readouts(self) -> Iterator[dict]:
        rng, people = self.rng, self.people
        next_id = self.ids[ReadOut]
        for i, who in enumerate(self.participants):
            if rng.random() < READOUT_SHARE:
                yield dict(
                    id=next_id,
                    meeting_id=self.ids[Meeting] + i,
                    issuer_id=people.offices[who[0]],
                    form=rng.choice(ReadOutForm.values),
                    language=rng.choice(("ko", "en", "")),
                    quotes=[rng.choice(QUOTES)],
                    article_id=self.ids[Article] + self._article(i),
                )
                next_id += 1
        self.readout_count = next_id - self.ids[ReadOut]

    def _article(self, meeting_index: int) -> int:
        return min(meeting_index // MEETINGS_PER_ARTICLE, self.article_count - 1)

    def evidence(self) -> Iterator[dict]:
        for i in range(len(self.participants)):
            article, slot = self._article(i), i % MEETINGS_PER_ARTICLE
            sentence = _sentence(article, slot)
            start = len(" ".join(_sentence(article, s) for s in range(slot))) + (1 if slot else 0)
            yield dict(
                id=self.ids[Evidence] + i,
                article_id=self.ids[Article] + article,
                sentence=sentence,
                start=start,
                end=start + len(sentence),
                meeting_id=self.ids[Meeting] + i,
                participation_id=None,
                readout_id=None,
            )


# --- Writing --------------------------------------------------------------------------------------------


class _Writer:
    """COPY on PostgreSQL; bulk_create elsewhere. Rows carry their ids, so related rows need no lookups."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.models: list[type[models.Model]] = []

    @staticmethod
    def next_id(model: type[models.Model]) -> int:
        return (model.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1

    def write(self, model: type[models.Model], rows) -> None:
        self.models.append(model)
        if self.postgres:
            self._copy(model, rows)
        else:
            batch = []
            for row in rows:
                batch.append(model(**row))
                if len(batch) >= BATCH:
                    model.objects.bulk_create(batch)
                    batch = []
            model.objects.bulk_create(batch)

    def _copy(self, model: type[models.Model], rows) -> None:
        fields = [f for f in model._meta.concrete_fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
        table = connection.ops.quote_name(model._meta.db_table)
        # A column the generator does not set (one added to the model since) takes the field's default, as an
        # ORM insert would.
        defaults = {f.attname: f.get_default() for f in fields}
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [row.get(f.attname, defaults[f.attname]) for f in fields]
                copy.write_row(
                    [json.dumps(v) if f.attname in json_fields else v for f, v in zip(fields, values, strict=True)]
                )

    def reset_sequences(self) -> None:
        # Rows were written with their ids: the next insert through the ORM must not reuse one.
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self.models:
                table, pk = model._meta.db_table, model._meta.pk.column
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"(SELECT COALESCE(MAX({pk}), 1) FROM {connection.ops.quote_name(table)}))",
                    [table, pk],
                )
