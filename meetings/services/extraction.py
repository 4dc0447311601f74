"""Store what the extractor found in one article.

Rules that hold whatever path a (re-)import takes:
- An article's previous contribution to ``extracted`` meetings is withdrawn first, so a
  changed article leaves no stale participants, read-outs or meetings behind.
- ``verified`` and ``rejected`` meetings are never changed: a contact that matches one only
  adds the article as a source of a verified meeting, and nothing at all to a rejected one
  (so a rejection is not undone by the next import).
- The same contact reported by two articles is one meeting with two sources.

Rows are written in bulk, a handful of queries per article whatever its size: the import
must keep up with hundreds of articles a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Max, Prefetch, Q
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from meetings.extraction.dates import PRECISION_RANK, periods_agree
from meetings.extraction.records import (
    ArticleExtraction,
    ExtractedContact,
    ExtractedParticipant,
    ExtractedReadOut,
    OrganizationRef,
    PersonRef,
    Sentence,
)
from meetings.models import (
    Article,
    DatePrecision,
    Evidence,
    Meeting,
    Organization,
    Participation,
    Person,
    PersonOrigin,
    ReadOut,
    ReviewStatus,
    name_key,
    period_start,
)
from meetings.services.locks import lock_storing

# Kinds that two outlets may use for the same event ("talks" in one, "the working group" in another).
_COMPATIBLE_KINDS = {frozenset({"meeting", "working_group"}), frozenset({"meeting", "summit"})}


@dataclass
class StoreResult:
    meetings_created: int = 0
    meetings_updated: int = 0
    people_discovered: int = 0


# --- When two reports are one contact ----------------------------------------------------------


def dates_agree(a: dt.date | None, a_precision: str, b: dt.date | None, b_precision: str) -> bool:
    """Whether two meetings' dates can be the same event; an undated one only matches an undated one."""
    if a is None or b is None:
        return a is None and b is None
    return periods_agree(a, a_precision, b, b_precision)


def kinds_agree(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _COMPATIBLE_KINDS


def same_participants(a: set[int], b: set[int]) -> bool:
    """Equal sets, or a pair (or more) of people wholly within the other meeting's people."""
    if a == b:
        return True
    smaller, larger = sorted((a, b), key=len)
    return len(smaller) >= 2 and smaller <= larger


def _period(contact: ExtractedContact) -> tuple[dt.date, dt.date] | None:
    """The first and last day a contact's date can stand for."""
    if contact.date is None:
        return None
    value, precision = contact.date.value, contact.date.precision
    if precision == DatePrecision.YEAR:
        return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        first = value.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if precision == DatePrecision.WEEK:
        return value - dt.timedelta(days=7), value + dt.timedelta(days=7)
    return value, value


def _date_window(contacts: list[ExtractedContact]) -> Q:
    """Meetings whose date can agree with any of the contacts' (see ``dates_agree``).

    One window for the whole article keeps the query small; ``_find_same`` checks each pair exactly.
    """
    periods = [p for p in map(_period, contacts) if p]
    query = Q(date__isnull=True) if len(periods) < len(contacts) else Q(pk__in=[])
    if periods:
        first, last = min(p[0] for p in periods), max(p[1] for p in periods)
        week = dt.timedelta(days=7)
        query |= (
            Q(date__range=(first - week, last + week))
            | Q(date_precision=DatePrecision.MONTH, date__range=(first.replace(day=1), last))
            | Q(date_precision=DatePrecision.YEAR, date__range=(dt.date(first.year, 1, 1), last))
        )
    return query


@dataclass
class _Candidate:
    meeting: Meeting
    person_ids: set[int]


def _candidates(contacts: list[tuple[ExtractedContact, set[int]]]) -> list[_Candidate]:
    """Meetings that a contact of this article could be: near its date, and sharing a person or without people.

    Bounded by date so that a leader who is in hundreds of meetings costs no more than anyone else.
    """
    if not contacts:
        return []
    person_ids = set().union(*(ids for _, ids in contacts))
    kinds_without_people = {contact.kind for contact, ids in contacts if not ids}
    query = _date_window([contact for contact, _ in contacts]) & (
        Q(participations__person__in=person_ids) | Q(participations__isnull=True, kind__in=kinds_without_people)
    )
    # The newest source's date comes along: a later report decides whether a plan was held.
    # Participants come along (unordered: their default ordering would join and sort the meetings again);
    # read-outs and the newest source are fetched only for a candidate that a contact merges into.
    meetings = list(
        Meeting.objects.filter(pk__in=Meeting.objects.filter(query).values("pk")).prefetch_related(
            Prefetch("participations", queryset=Participation.objects.order_by())
        )
    )
    return [_Candidate(meeting, {p.person_id for p in meeting.participations.all()}) for meeting in meetings]


def _find_same(
    contact: ExtractedContact, person_ids: set[int], candidates: list[_Candidate], this_article: set[int]
) -> _Candidate | None:
    date, precision = (contact.date.value, contact.date.precision) if contact.date else (None, DatePrecision.DAY)
    for candidate in candidates:
        meeting = candidate.meeting
        # Two contacts of one article are two events: the extractor already merged its mentions.
        if meeting.pk in this_article or not kinds_agree(contact.kind, meeting.kind):
            continue
        if not dates_agree(date, precision, meeting.date, meeting.date_precision):
            continue
        if person_ids or candidate.person_ids:
            if same_participants(person_ids, candidate.person_ids):
                return candidate
        elif (contact.location or "") == meeting.location:
            return candidate
    return None


# --- People and offices ---------------------------------------------------------------------


def _free_slugs(model, names: list[str]) -> list[str]:
    """A unique slug for each name, with one query for the slugs already taken."""
    bases = [(slugify(name) or "item")[:100] for name in names]
    taken = (
        set(
            model.objects.filter(reduce(or_, (Q(slug__startswith=b) for b in set(bases)))).values_list(
                "slug", flat=True
            )
        )
        if bases
        else set()
    )
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _alias_forms(extraction: ArticleExtraction) -> dict[str, list[str]]:
    """Full-name spellings seen for each person; a bare surname is no alias (it would match anyone)."""
    return {p.person.name: [a for a in p.aliases if " " in a.strip() and a != p.person.name] for p in extraction.people}


class _Resolver:
    """Maps the extractor's references to rows, creating the people and offices it discovered, in bulk."""

    def __init__(self, extraction: ArticleExtraction):
        person_refs = {p.person for c in extraction.contacts for p in c.participants}
        org_refs = {p.organization for c in extraction.contacts for p in c.participants if p.organization}
        org_refs |= {r.issuer for c in extraction.contacts for r in c.readouts}
        self.people_discovered = 0
        self._people = self._resolve_people(person_refs, _alias_forms(extraction))
        self._orgs = self._resolve_orgs(org_refs)

    def _resolve_people(self, refs: set[PersonRef], aliases: dict[str, list[str]]) -> dict[PersonRef, Person]:
        if not refs:
            return {}
        # One person across articles whatever the spelling's case, spaces or hyphens ("Kim Hyok-chol").
        slugs = {r.slug for r in refs if r.slug}
        keys = {name_key(r.name) for r in refs}
        rows = list(Person.objects.filter(Q(slug__in=slugs) | Q(name_key__in=keys)))
        by_slug = {p.slug: p for p in rows}
        by_key = {p.name_key: p for p in rows}
        resolved, missing = {}, {}
        for ref in refs:
            found = (by_slug.get(ref.slug) if ref.slug else None) or by_key.get(name_key(ref.name))
            if found:
                resolved[ref] = found
            else:
                missing.setdefault(name_key(ref.name), []).append(ref)
        if missing:
            firsts = [group[0] for group in missing.values()]
            new = [
                Person(
                    name=ref.name[:200],
                    name_key=name_key(ref.name[:200]),
                    slug=slug,
                    country=ref.country or "",
                    aliases=aliases.get(ref.name, []),
                    origin=PersonOrigin.DISCOVERED,
                )
                for ref, slug in zip(firsts, _free_slugs(Person, [r.slug or r.name for r in firsts]), strict=True)
            ]
            for person in new:
                # Field checks only: the database enforces the constraints, and a query each would cost.
                person.full_clean(validate_constraints=False, validate_unique=False)
            bulk_create_with_history(new, Person)
            self.people_discovered = len(new)
            for person, group in zip(new, missing.values(), strict=True):
                for ref in group:
                    resolved[ref] = person
        return resolved

    def _resolve_orgs(self, refs: set[OrganizationRef]) -> dict[OrganizationRef, Organization]:
        if not refs:
            return {}
        rows = list(
            Organization.objects.filter(
                Q(slug__in={r.slug for r in refs if r.slug}) | Q(name__in={r.name for r in refs})
            )
        )
        by_slug = {o.slug: o for o in rows}
        by_name = {(o.name.casefold(), o.country.code or None): o for o in rows}
        resolved, missing = {}, {}
        for ref in refs:
            found = (by_slug.get(ref.slug) if ref.slug else None) or by_name.get((ref.name.casefold(), ref.country))
            if found:
                resolved[ref] = found
            else:
                missing.setdefault((ref.name.casefold(), ref.country), []).append(ref)
        if missing:
            firsts = [group[0] for group in missing.values()]
            names = [r.slug or f"{r.country or ''} {r.name}" for r in firsts]
            new = [
                Organization(name=ref.name[:200], slug=slug, country=ref.country or "")
                for ref, slug in zip(firsts, _free_slugs(Organization, names), strict=True)
            ]
            for org in new:
                org.full_clean(validate_constraints=False, validate_unique=False)
            bulk_create_with_history(new, Organization)
            for org, group in zip(new, missing.values(), strict=True):
                for ref in group:
                    resolved[ref] = org
        return resolved

    def person(self, ref: PersonRef) -> Person:
        return self._people[ref]

    def organization(self, ref: OrganizationRef | None) -> Organization | None:
        return self._orgs[ref] if ref else None


# --- Writing ----------------------------------------------------------------------------------


def withdraw_article(*, article: Article) -> None:
    """Remove what ``article`` contributed to ``extracted`` meetings, and meetings left with no source."""
    touched = set()
    for meeting_id, participation_meeting_id, readout_meeting_id in Evidence.objects.filter(
        article=article
    ).values_list("meeting_id", "participation__meeting_id", "readout__meeting_id"):
        touched.add(meeting_id or participation_meeting_id or readout_meeting_id)
    touched.update(ReadOut.objects.filter(article=article).values_list("meeting_id", flat=True))
    extracted = (
        set(Meeting.objects.filter(pk__in=touched, review_status=ReviewStatus.EXTRACTED).values_list("pk", flat=True))
        if touched
        else set()
    )
    if not extracted:
        return
    # Including its sentences behind a read-out another article reported first (re-adding them duplicated them).
    Evidence.objects.filter(
        Q(meeting__in=extracted) | Q(participation__meeting__in=extracted) | Q(readout__meeting__in=extracted),
        article=article,
    ).delete()
    # A read-out first reported by this article stays while another source backs it, like a participant:
    # deleting it took the other articles' sentences along, so the result hung on the order of re-imports.
    ReadOut.objects.filter(meeting__in=extracted, article=article, evidence__isnull=True).delete()
    # A participant only this article reported goes with it; one another source backs stays.
    Participation.objects.filter(meeting__in=extracted, evidence__isnull=True).delete()
    Meeting.objects.filter(pk__in=extracted, evidence__isnull=True, source_note="").delete()


def _evidence(article: Article, sentence: Sentence, **record) -> Evidence:
    return Evidence(article=article, sentence=sentence.text, start=sentence.start, end=sentence.end, **record)


def _new_meeting(contact: ExtractedContact) -> Meeting:
    meeting = Meeting(
        title=contact.title[:300] or contact.kind.replace("_", " "),
        kind=contact.kind,
        status=contact.status,
        location=(contact.location or "")[:120],
        review_status=ReviewStatus.EXTRACTED,
        confidence=contact.confidence,
        extraction_cues=list(contact.cues),
    )
    if contact.date:
        meeting.date = period_start(contact.date.value, contact.date.precision)
        meeting.date_precision = contact.date.precision
    meeting.full_clean(validate_constraints=False)
    return meeting


def _merge_meeting(meeting: Meeting, contact: ExtractedContact, article: Article, latest: dt.date | None) -> None:
    """Fold a second report of the same contact into an extracted meeting."""
    changed = []
    if contact.date and PRECISION_RANK[contact.date.precision] < PRECISION_RANK[meeting.date_precision]:
        meeting.date = period_start(contact.date.value, contact.date.precision)
        meeting.date_precision = contact.date.precision
        changed += ["date", "date_precision"]
    if (latest is None or article.published >= latest) and meeting.status != contact.status:
        # The newer report knows better whether a planned meeting was held or cancelled.
        meeting.status = contact.status
        changed.append("status")
    if contact.location and not meeting.location:
        meeting.location = contact.location[:120]
        changed.append("location")
    if meeting.confidence is None or contact.confidence > meeting.confidence:
        # A second, clearer report makes the contact surer: its best report speaks for it.
        meeting.confidence, meeting.extraction_cues = contact.confidence, list(contact.cues)
        changed += ["confidence", "extraction_cues"]
    if changed:
        meeting.save(update_fields=changed + ["updated_at"])


@dataclass
class _Batch:
    """Rows of one article to insert together, in dependency order."""

    article: Article
    resolver: _Resolver
    meetings: list[Meeting] = field(default_factory=list)
    participations: list[tuple[Participation, ExtractedParticipant]] = field(default_factory=list)
    readouts: dict[tuple[int, int, str], tuple[ReadOut, list[ExtractedReadOut]]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    pending_meeting_evidence: list[tuple[Meeting, Sentence]] = field(default_factory=list)

    def add_contact(self, meeting: Meeting, contact: ExtractedContact, people, existing: dict[int, Participation]):
        self.pending_meeting_evidence.append((meeting, contact.evidence))
        for extracted, person in people:
            if person.pk in existing:
                self.evidence.append(_evidence(self.article, extracted.evidence, participation=existing[person.pk]))
                continue
            participation = Participation(
                meeting=meeting,
                person=person,
                title=(extracted.title or "")[:200],
                organization=self.resolver.organization(extracted.organization),
                country=extracted.country or person.country.code or "",
            )
            existing[person.pk] = participation
            self.participations.append((participation, extracted))

    def add_readouts(
        self, meeting: Meeting, readouts: tuple[ExtractedReadOut, ...], existing: dict[tuple[int, str], ReadOut]
    ):
        for extracted in readouts:
            issuer = self.resolver.organization(extracted.issuer)
            known = existing.get((issuer.pk, extracted.form))
            if known is not None:
                new_quotes = [q for q in extracted.quotes if q not in known.quotes]
                if new_quotes or (extracted.language and not known.language):
                    known.quotes = known.quotes + new_quotes
                    known.language = known.language or extracted.language or ""
                    known.save(update_fields=["quotes", "language"])
                self.evidence.append(_evidence(self.article, extracted.evidence, readout=known))
                continue
            key = (id(meeting), issuer.pk, extracted.form)
            if key not in self.readouts:
                self.readouts[key] = (
                    ReadOut(
                        meeting=meeting,
                        issuer=issuer,
                        form=extracted.form,
                        language="",
                        quotes=[],
                        article=self.article,
                    ),
                    [],
                )
            readout, sources = self.readouts[key]
            readout.language = readout.language or extracted.language or ""
            readout.quotes += [q for q in extracted.quotes if q not in readout.quotes]
            sources.append(extracted)

    def save(self) -> None:
        bulk_create_with_history(self.meetings, Meeting)
        for meeting, sentence in self.pending_meeting_evidence:
            self.evidence.append(_evidence(self.article, sentence, meeting=meeting))
        # bulk_create takes each parent's new pk from the related object itself. Imported participations and
        # read-outs get no initial history row (two inserts per article saved); editors' changes are recorded.
        Participation.objects.bulk_create([p for p, _ in self.participations])
        self.evidence += [
            _evidence(self.article, extracted.evidence, participation=participation)
            for participation, extracted in self.participations
        ]
        readouts = [readout for readout, _ in self.readouts.values()]
        for readout in readouts:
            # Field checks only; foreign keys and constraints are the database's (a query each here).
            readout.full_clean(
                exclude=["meeting", "issuer", "article"], validate_constraints=False, validate_unique=False
            )
        ReadOut.objects.bulk_create(readouts)
        self.evidence += [
            _evidence(self.article, extracted.evidence, readout=readout)
            for readout, sources in self.readouts.values()
            for extracted in sources
        ]
        Evidence.objects.bulk_create(self.evidence)


def store_extraction(*, article: Article, extraction: ArticleExtraction, is_new_article: bool = False) -> StoreResult:
    """Persist the contacts extracted from ``article``; call inside the article's transaction.

    ``is_new_article`` skips looking for a previous contribution that cannot exist.
    """
    lock_storing()  # the meetings and people other imports are storing right now are committed first
    if not is_new_article:
        withdraw_article(article=article)
    result = StoreResult()
    resolver = _Resolver(extraction)
    result.people_discovered = resolver.people_discovered
    resolved = []
    for contact in extraction.contacts:
        people: dict[int, tuple[ExtractedParticipant, Person]] = {}
        for participant in contact.participants:
            person = resolver.person(participant.person)
            people.setdefault(person.pk, (participant, person))
        resolved.append((contact, list(people.values())))
    candidates = _candidates([(contact, {person.pk for _, person in people}) for contact, people in resolved])

    batch = _Batch(article=article, resolver=resolver)
    this_article: set[int] = set()
    latest_sources: dict[int, dt.date] | None = None  # newest source of each candidate, read at the first merge
    for contact, people in resolved:
        person_ids = {person.pk for _, person in people}
        candidate = _find_same(contact, person_ids, candidates, this_article)
        if candidate is None:
            meeting = _new_meeting(contact)
            batch.meetings.append(meeting)
            batch.add_contact(meeting, contact, people, existing={})
            batch.add_readouts(meeting, contact.readouts, existing={})
            result.meetings_created += 1
            continue
        meeting = candidate.meeting
        this_article.add(meeting.pk)
        if meeting.review_status == ReviewStatus.VERIFIED and not meeting.evidence.filter(article=article).exists():
            # The editor's fields and people stay; the article is recorded as one more source (once).
            batch.pending_meeting_evidence.append((meeting, contact.evidence))
        if meeting.review_status != ReviewStatus.EXTRACTED:
            continue
        if latest_sources is None:
            latest_sources = dict(
                Evidence.objects.filter(meeting__in=[c.meeting.pk for c in candidates])
                .order_by()
                .values_list("meeting")
                .annotate(latest=Max("article__published"))
            )
        _merge_meeting(meeting, contact, article, latest_sources.get(meeting.pk))
        result.meetings_updated += 1
        batch.add_contact(meeting, contact, people, existing={p.person_id: p for p in meeting.participations.all()})
        batch.add_readouts(
            meeting, contact.readouts, existing={(r.issuer_id, r.form): r for r in meeting.readouts.all()}
        )
    batch.save()
    return result
