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
from functools import cached_property, reduce
from operator import or_

from django.db import connection
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from meetings.extraction.dates import PRECISION_RANK, periods_agree
from meetings.extraction.events import kinds_agree  # one definition of kinds that may name one event
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
    PersonRedirect,
    ReadOut,
    ReviewStatus,
    Status,
    name_key,
    period_end,
    period_start,
)
from meetings.services.locks import lock_storing
from meetings.services.validation import country_codes, full_clean_row


@dataclass
class StoreResult:
    meetings_created: int = 0
    meetings_updated: int = 0
    meetings_retired: int = 0
    people_discovered: int = 0

    def add(self, other: StoreResult) -> None:
        self.meetings_created += other.meetings_created
        self.meetings_updated += other.meetings_updated
        self.meetings_retired += other.meetings_retired
        self.people_discovered += other.people_discovered

    def __str__(self) -> str:
        return (
            f"{self.meetings_created} meeting(s) created, {self.meetings_updated} updated, "
            f"{self.meetings_retired} retired; {self.people_discovered} people discovered"
        )


# --- When two reports are one contact ----------------------------------------------------------


def dates_agree(a: dt.date | None, a_precision: str, b: dt.date | None, b_precision: str) -> bool:
    """Whether two meetings' dates can be the same event; an undated one only matches an undated one."""
    if a is None or b is None:
        return a is None and b is None
    return periods_agree(a, a_precision, b, b_precision)


def same_participants(a: set[int], b: set[int]) -> bool:
    """Equal sets, or a pair (or more) of people wholly within the other meeting's people."""
    if a == b:
        return True
    smaller, larger = sorted((a, b), key=len)
    return len(smaller) >= 2 and smaller <= larger


# How far apart a week-dated meeting and another date may lie and still agree (``periods_agree``'s default week):
# a window reaches this far beyond its periods.
_MATCH_WEEK = dt.timedelta(days=7)


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
        return value - _MATCH_WEEK, value + _MATCH_WEEK
    return value, value


@dataclass(frozen=True)
class _Window:
    """Which stored meetings one article's contacts could be: near one of their dates, sharing a person or
    (for a contact without people) a meeting without people of the same kind.

    The batch reads the meetings any of its articles' windows may admit in one query (``_any_window``); each
    article then takes those its own window admits (``admits``, what a query of its own would have read), so
    it sees exactly the meetings it would have seen stored on its own. The window is each contact's period
    (merged where they touch), not one span from the first to the last: an article that recalls a summit of
    years before would otherwise read every meeting its people had in between, and a batch of fifty articles
    every meeting of the archive across those years. ``_find_same`` checks each pair exactly.
    """

    undated: bool
    periods: tuple[tuple[dt.date, dt.date], ...]  # sorted, disjoint
    person_ids: frozenset[int]
    kinds_without_people: frozenset[str]

    @classmethod
    def of(cls, contacts: list[tuple[ExtractedContact, set[int]]]) -> _Window:
        dated = [p for p in (_period(contact) for contact, _ in contacts) if p]
        return cls(
            undated=len(dated) < len(contacts),
            periods=tuple(merged_intervals(dated)),
            person_ids=frozenset().union(*(ids for _, ids in contacts)),
            kinds_without_people=frozenset(contact.kind for contact, ids in contacts if not ids),
        )

    @cached_property
    def bounds(self) -> tuple[tuple[dt.date, dt.date, dt.date, dt.date, dt.date], ...]:
        """Each period as ``admits`` tests it, computed once (every article tests hundreds of candidates): a week
        before its first day, a week after its last, its first month's first day, its first year's 1 January, its
        last day."""
        return tuple(
            (first - _MATCH_WEEK, last + _MATCH_WEEK, first.replace(day=1), dt.date(first.year, 1, 1), last)
            for first, last in self.periods
        )

    def admits(self, candidate: _Candidate) -> bool:
        meeting = candidate.meeting
        if meeting.retired_at is not None:
            return False
        if candidate.person_ids:
            if candidate.person_ids.isdisjoint(self.person_ids):
                return False
        elif meeting.kind not in self.kinds_without_people:
            return False
        date = meeting.date
        if date is None:
            return self.undated
        precision = meeting.date_precision
        for near_first, near_last, month_first, year_first, last in self.bounds:
            if near_first <= date <= near_last:
                return True
            if precision == DatePrecision.MONTH and month_first <= date <= last:
                return True
            if precision == DatePrecision.YEAR and year_first <= date <= last:
                return True
        return False


# Meetings created in this batch sort after every stored one (as their ids will), in the order they were made.
_UNSAVED_ORDER = 1 << 62


# A stored meeting's newest source, not read yet: most merges never need it (see ``_Candidate.latest``).
_UNREAD = object()


@dataclass(eq=False)
class _Candidate:
    """A meeting that contacts may merge into, with what the batch knows of it (kept current as it changes)."""

    meeting: Meeting
    order: int  # its id, or where it will come among the new ids
    # By person id: the participant made in this batch, or the id of a stored one (all its evidence needs).
    participations: dict[int, Participation | int]
    readouts: dict[tuple[int, str], ReadOut]  # by (issuer id, form)
    # The newest publication date among the meeting's stored sources (``_UNREAD`` until asked for: it only
    # matters when a report would change the meeting's status, and reading it for every candidate meant
    # aggregating the evidence of every meeting its people ever had in the window), and among this batch's.
    stored_latest: object = None
    batch_latest: dt.date | None = None
    dirty: set[str] = field(default_factory=set)  # fields to save, for a stored meeting

    @property
    def person_ids(self) -> set[int]:
        return self.participations.keys()

    @property
    def latest(self) -> dt.date | None:
        """The newest source's publication date: a later report decides held or not."""
        if self.stored_latest is _UNREAD:
            self.stored_latest = (
                Evidence.objects.filter(meeting=self.meeting.pk)
                .order_by()
                .aggregate(latest=Max("article__published"))["latest"]
            )
        dates = [d for d in (self.stored_latest, self.batch_latest) if d is not None]
        return max(dates) if dates else None

    def sort_key(self) -> tuple:
        # The meetings' default order (date descending, undated last, then id descending): the first match wins.
        date = self.meeting.date
        return (date is None, -date.toordinal() if date else 0, -self.order)


def merged_intervals(intervals: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Date ranges joined where they overlap or touch, in order: fewer ranges for one query to look up."""
    merged: list[tuple[dt.date, dt.date]] = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    month = period_start(first, DatePrecision.MONTH)
    starts = []
    while month <= last:
        starts.append(month)
        month = period_end(month, DatePrecision.MONTH) + dt.timedelta(days=1)
    return starts


def _any_window(windows: list[_Window]) -> Q:
    """Every meeting some window admits, and a few more (``_Window.admits`` tells exactly): one small query.

    A meeting dated to a month or a year is stored as the period's first day (a check constraint), so those
    are looked up by their days (a month's first, a year's 1 January), not over the months or years a window
    spans: on the index of dates those ranges hold every meeting of the archive between them.
    """
    periods = merged_intervals([period for w in windows for period in w.periods])
    query = Q(date__isnull=True) if any(w.undated for w in windows) else Q(pk__in=[])
    for interval in merged_intervals([(first - _MATCH_WEEK, last + _MATCH_WEEK) for first, last in periods]):
        query |= Q(date__range=interval)
    if periods:
        months = sorted({start for first, last in periods for start in _month_starts(first, last)})
        years = sorted({dt.date(year, 1, 1) for first, last in periods for year in range(first.year, last.year + 1)})
        query |= Q(date_precision=DatePrecision.MONTH, date__in=months)
        query |= Q(date_precision=DatePrecision.YEAR, date__in=years)
    person_ids = frozenset().union(*(w.person_ids for w in windows))
    kinds = frozenset().union(*(w.kinds_without_people for w in windows))
    # The people as a subquery of their participations, not a join: the planner can start from their few
    # participations (an index) instead of every meeting in a date range that spans years at 100,000 meetings.
    people = Q(pk__in=Participation.objects.filter(person__in=person_ids).values("meeting_id"))
    if kinds:
        people |= Q(kind__in=kinds) & ~Exists(Participation.objects.filter(meeting=OuterRef("pk")))
    return query & people & Q(retired_at__isnull=True)


def _stored_candidates(windows: list[_Window], also: set[int] = frozenset()) -> list[_Candidate]:
    """Stored meetings that a contact of the batch could be, with their participants, read-outs and newest source;
    and the meetings ``also`` (those a re-imported article reported before).

    Bounded by date so that a leader who is in hundreds of meetings costs no more than anyone else.
    """
    if not windows and not also:
        return []
    query = (_any_window(windows) if windows else Q(pk__in=[])) | Q(pk__in=also)
    meetings = list(Meeting.objects.filter(query).order_by())
    if not meetings:
        return []
    ids = [m.pk for m in meetings]
    # Participants as (id, meeting, person) only: matching needs the people, evidence the id. Unordered:
    # their default ordering would join and sort the meetings again.
    participations: dict[int, dict[int, int]] = {pk: {} for pk in ids}
    for pk, meeting_id, person_id in (
        Participation.objects.filter(meeting__in=ids).order_by().values_list("pk", "meeting_id", "person_id")
    ):
        participations[meeting_id][person_id] = pk
    readouts: dict[int, dict[tuple[int, str], ReadOut]] = {pk: {} for pk in ids}
    for readout in ReadOut.objects.filter(meeting__in=ids).order_by("id"):
        readouts[readout.meeting_id][(readout.issuer_id, readout.form)] = readout
    return [
        _Candidate(
            meeting=meeting,
            order=meeting.pk,
            participations=participations[meeting.pk],
            readouts=readouts[meeting.pk],
            stored_latest=_UNREAD,
        )
        for meeting in meetings
    ]


def _find_same(
    contact: ExtractedContact, person_ids: set[int], candidates: list[_Candidate], this_article: set[int]
) -> _Candidate | None:
    date, precision = (contact.date.value, contact.date.precision) if contact.date else (None, DatePrecision.DAY)
    for candidate in candidates:
        meeting = candidate.meeting
        # Two contacts of one article are two events: the extractor already merged its mentions.
        if id(candidate) in this_article or not kinds_agree(contact.kind, meeting.kind):
            continue
        if (contact.status == Status.HELD) != (meeting.status == Status.HELD):
            # A plan and the meeting that fulfils it are two records (an article before it and one after): the
            # plan stays what its report said as of its day.
            continue
        if not dates_agree(date, precision, meeting.date, meeting.date_precision):
            continue
        if person_ids or candidate.person_ids:
            if same_participants(person_ids, set(candidate.person_ids)):
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
    if model is Person and bases:
        # A merged person's slug still leads to the survivor: never given to anyone else.
        query = reduce(or_, (Q(slug__startswith=b) for b in set(bases)))
        taken |= set(PersonRedirect.objects.filter(query).values_list("slug", flat=True))
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
    """Maps the extractor's references to rows, creating the people and offices it discovered, in bulk.

    One lookup of each kind for a whole batch of articles. Each article resolves its references against
    the rows its own lookup would have read (those of its slugs and names, stored or discovered by an
    earlier article of the batch), so the batch finds what storing the articles one by one would.
    """

    def __init__(self, extractions: list[ArticleExtraction]):
        self.people_discovered = 0
        self._people = self._resolve_people(
            [
                # In the order the article names them (a set's order changes from run to run), so that the
                # people it discovers get the same ids and slugs on every run.
                (dict.fromkeys(p.person for c in extraction.contacts for p in c.participants), _alias_forms(extraction))
                for extraction in extractions
            ]
        )
        org_refs = []
        for extraction in extractions:
            refs = dict.fromkeys(p.organization for c in extraction.contacts for p in c.participants if p.organization)
            org_refs.append(refs | dict.fromkeys(r.issuer for c in extraction.contacts for r in c.readouts))
        self._orgs = self._resolve_orgs(org_refs)

    def _resolve_people(
        self, articles: list[tuple[dict[PersonRef, None], dict[str, list[str]]]]
    ) -> dict[PersonRef, Person]:
        all_refs = {ref for refs, _ in articles for ref in refs}
        if not all_refs:
            return {}
        # One person across articles whatever the spelling's case, spaces or hyphens ("Kim Hyok-chol").
        rows = list(
            Person.objects.filter(
                Q(slug__in={r.slug for r in all_refs if r.slug}) | Q(name_key__in={name_key(r.name) for r in all_refs})
            )
        )
        known_by_slug = {p.slug: p for p in rows}
        known_by_key: dict[str, list[Person]] = {}
        for person in rows:  # in the people's order (by name), as one article's own lookup reads them
            known_by_key.setdefault(person.name_key, []).append(person)
        resolved: dict[PersonRef, Person] = {}
        new: list[tuple[PersonRef, Person]] = []
        for refs, aliases in articles:
            keys = {name_key(r.name) for r in refs}
            slugs = {r.slug for r in refs if r.slug}
            seen = [known_by_slug[s] for s in slugs if s in known_by_slug]
            seen += [p for key in keys for p in known_by_key.get(key, [])]
            ordered = sorted({id(p): p for p in seen}.values(), key=lambda p: (p.pk is None, p.name))
            by_slug = {p.slug: p for p in ordered if p.pk}
            by_key = {p.name_key: p for p in ordered}
            missing: dict[str, Person] = {}
            for ref in refs:
                key = name_key(ref.name)
                found = (by_slug.get(ref.slug) if ref.slug else None) or by_key.get(key) or missing.get(key)
                if found is None:
                    found = missing[key] = Person(
                        name=ref.name[:200],
                        name_key=name_key(ref.name[:200]),
                        country=ref.country or "",
                        aliases=aliases.get(ref.name, []),
                        origin=PersonOrigin.DISCOVERED,
                    )
                    new.append((ref, found))
                    known_by_key.setdefault(key, []).append(found)
                resolved[ref] = found
        if new:
            codes = country_codes(Person)
            for (_, person), slug in zip(new, _free_slugs(Person, [r.slug or r.name for r, _ in new]), strict=True):
                person.slug = slug
                # Field checks only: the database enforces the constraints, and a query each would cost.
                full_clean_row(person, codes=codes, validate_constraints=False, validate_unique=False)
            bulk_create_with_history([person for _, person in new], Person)
            self.people_discovered = len(new)
        return resolved

    def _resolve_orgs(self, articles: list[dict[OrganizationRef, None]]) -> dict[OrganizationRef, Organization]:
        all_refs = {ref for refs in articles for ref in refs}
        if not all_refs:
            return {}
        rows = list(
            Organization.objects.filter(
                Q(slug__in={r.slug for r in all_refs if r.slug}) | Q(name__in={r.name for r in all_refs})
            )
        )
        known_by_slug = {o.slug: o for o in rows}
        known_by_name: dict[str, list[Organization]] = {}
        for org in rows:  # in the offices' order (country, name), as one article's own lookup reads them
            known_by_name.setdefault(org.name, []).append(org)
        resolved: dict[OrganizationRef, Organization] = {}
        new: list[tuple[OrganizationRef, Organization]] = []
        for refs in articles:
            seen = [known_by_slug[r.slug] for r in refs if r.slug and r.slug in known_by_slug]
            seen += [o for name in {r.name for r in refs} for o in known_by_name.get(name, [])]
            ordered = sorted({id(o): o for o in seen}.values(), key=lambda o: (o.pk is None, o.country.code, o.name))
            by_slug = {o.slug: o for o in ordered if o.pk}
            by_name = {(o.name.casefold(), o.country.code or None): o for o in ordered}
            for ref in refs:
                key = (ref.name.casefold(), ref.country)
                found = (by_slug.get(ref.slug) if ref.slug else None) or by_name.get(key)
                if found is None:
                    found = by_name[key] = Organization(name=ref.name[:200], country=ref.country or "")
                    new.append((ref, found))
                    known_by_name.setdefault(found.name, []).append(found)
                resolved[ref] = found
        if new:
            names = [r.slug or f"{r.country or ''} {r.name}" for r, _ in new]
            codes = country_codes(Organization)
            for (_, org), slug in zip(new, _free_slugs(Organization, names), strict=True):
                org.slug = slug
                full_clean_row(org, codes=codes, validate_constraints=False, validate_unique=False)
            bulk_create_with_history([org for _, org in new], Organization)
        return resolved

    def person(self, ref: PersonRef) -> Person:
        return self._people[ref]

    def organization(self, ref: OrganizationRef | None) -> Organization | None:
        return self._orgs[ref] if ref else None


# --- What a re-imported article reported before ------------------------------------------------
#
# A re-import or re-extraction must keep the ids (and so the URLs) of the meetings it finds again: readers
# cite them. Before the article's earlier contribution is withdrawn, each meeting it reported is noted with
# what identifies it (kind, date, the people the article put in it, its sentences); each new contact is
# matched to one of these first, by the surest test that any contact passes, and updates that meeting in
# place. A meeting only this article reported that no contact matches any more is retired, never deleted.


@dataclass(eq=False)
class _Identity:
    meeting_id: int  # the meeting a contact that matches goes to (for a merged meeting, the one it became)
    kind: str
    date: dt.date | None
    precision: str
    location: str
    person_ids: frozenset[int]
    sentences: frozenset[str]
    orphan: bool  # only this article reported it: matched, it is reused in place; unmatched, retired
    record: dict = field(default_factory=dict)  # its last known record, kept when it is retired


def _contact_date(contact: ExtractedContact) -> tuple[dt.date | None, str]:
    if contact.date is None:
        return None, DatePrecision.DAY
    return period_start(contact.date.value, contact.date.precision), contact.date.precision


def _same_report(contact: ExtractedContact, ids: set[int], identity: _Identity) -> bool:
    return (
        contact.kind == identity.kind
        and _contact_date(contact) == (identity.date, identity.precision)
        and ids == identity.person_ids
    )


def _overlapping(contact: ExtractedContact, ids: set[int], identity: _Identity) -> bool:
    date, precision = _contact_date(contact)
    if not kinds_agree(contact.kind, identity.kind) or not dates_agree(
        date, precision, identity.date, identity.precision
    ):
        return False
    if ids or identity.person_ids:
        return not ids.isdisjoint(identity.person_ids)
    return (contact.location or "") == identity.location


def _same_sentence_and_people(contact: ExtractedContact, ids: set[int], identity: _Identity) -> bool:
    # Read from the very same sentence, of a kind that can be the same, with people in common.
    if contact.evidence.text not in identity.sentences or not kinds_agree(contact.kind, identity.kind):
        return False
    return not ids.isdisjoint(identity.person_ids) if ids or identity.person_ids else True


def _same_people(contact: ExtractedContact, ids: set[int], identity: _Identity) -> bool:
    # A corrected date: the same kind of contact between the same people.
    return bool(ids) and ids == identity.person_ids and kinds_agree(contact.kind, identity.kind)


def _same_sentence(contact: ExtractedContact, ids: set[int], identity: _Identity) -> bool:
    # A corrected name: the same kind of contact read from the very same sentence.
    return contact.evidence.text in identity.sentences and kinds_agree(contact.kind, identity.kind)


# From the surest to the loosest: every contact is tried at one level before any is tried at the next.
_IDENTITY_TESTS = (_same_report, _same_sentence_and_people, _overlapping, _same_people, _same_sentence)


def _match_identities(contacts: list[tuple[ExtractedContact, set[int]]], identities: list[_Identity]) -> dict:
    """Which earlier meeting each contact is (by its index), each meeting matched once."""
    matched: dict[int, _Identity] = {}
    free = list(identities)
    for test in _IDENTITY_TESTS:
        for i, (contact, ids) in enumerate(contacts):
            if i in matched:
                continue
            identity = next((identity for identity in free if test(contact, ids, identity)), None)
            if identity is not None:
                matched[i] = identity
                free.remove(identity)
    return matched


def last_records(meeting_ids: list[int]) -> dict[int, dict]:
    """What the meetings' pages show now, to keep when they are retired: participants, read-outs and sources."""
    records = {pk: {"participants": [], "readouts": [], "sources": []} for pk in meeting_ids}
    if not meeting_ids:
        return records
    for p in Participation.objects.filter(meeting__in=meeting_ids).select_related("person", "organization"):
        records[p.meeting_id]["participants"].append(
            {
                "person_id": p.person_id,
                "name": p.person.name,
                "slug": p.person.slug,
                "title": p.title,
                "country": p.country.code or "",
                "organization": p.organization.name if p.organization else "",
            }
        )
    for r in ReadOut.objects.filter(meeting__in=meeting_ids).select_related("issuer"):
        records[r.meeting_id]["readouts"].append({"issuer": r.issuer.name, "form": r.form, "quotes": r.quotes})
    evidence = (
        Evidence.objects.filter(meeting__in=meeting_ids)
        .select_related("article")
        .only(
            "meeting_id",
            "sentence",
            "start",
            "article__slug",
            "article__title",
            "article__published",
            "article__outlet",
            "article__source_url",
        )
        .order_by("article__published", "start")
    )
    for e in evidence:
        records[e.meeting_id]["sources"].append(
            {
                "article_id": e.article_id,
                "article": e.article.slug,
                "title": e.article.title,
                "outlet": e.article.outlet,
                "url": e.article.source_url,
                "published": e.article.published.isoformat(),
                "sentence": e.sentence,
            }
        )
    return records


def _previous_identities(article: Article) -> list[_Identity]:
    """The meetings ``article`` reported before this re-import, read before its contribution is withdrawn."""
    touched: set[int] = set()
    people: dict[int, set[int]] = {}
    sentences: dict[int, set[str]] = {}
    for meeting_id, p_meeting_id, person_id, r_meeting_id, sentence in Evidence.objects.filter(
        article=article
    ).values_list(
        "meeting_id", "participation__meeting_id", "participation__person_id", "readout__meeting_id", "sentence"
    ):
        touched.add(meeting_id or p_meeting_id or r_meeting_id)
        if p_meeting_id:
            people.setdefault(p_meeting_id, set()).add(person_id)
        if meeting_id:
            sentences.setdefault(meeting_id, set()).add(sentence)
    meetings = list(Meeting.objects.filter(pk__in=touched))
    extracted = [m.pk for m in meetings if m.review_status == ReviewStatus.EXTRACTED]
    others = set(
        Evidence.objects.filter(meeting__in=extracted).exclude(article=article).values_list("meeting", flat=True)
    )
    orphans = [m.pk for m in meetings if m.pk in extracted and m.pk not in others and not m.source_note]
    records = last_records(orphans)
    identities = [
        _Identity(
            meeting_id=m.pk,
            kind=m.kind,
            date=m.date,
            precision=m.date_precision,
            location=m.location,
            person_ids=frozenset(people.get(m.pk, ())),
            sentences=frozenset(sentences.get(m.pk, ())),
            orphan=m.pk in records,
            record=records.get(m.pk, {}),
        )
        for m in meetings
    ]
    # Retired after an earlier import of this article, or merged by an editor (then matched to the survivor).
    earlier = Meeting.objects.filter(Q(retired_source=article, merged_into=None) | Q(merged_into__in=touched))
    for m in earlier.filter(retired_at__isnull=False):
        sources = [s for s in m.last_record.get("sources", []) if s.get("article_id") == article.pk]
        if m.merged_into_id and not sources:
            continue
        survivor = m.survivor() if m.merged_into_id else None
        if m.merged_into_id and (survivor is None or survivor.retired_at is not None):
            continue
        identities.append(
            _Identity(
                meeting_id=survivor.pk if survivor else m.pk,
                kind=m.kind,
                date=m.date,
                precision=m.date_precision,
                location=m.location,
                person_ids=frozenset(p["person_id"] for p in m.last_record.get("participants", [])),
                sentences=frozenset(s["sentence"] for s in sources),
                orphan=survivor is None,
                record=m.last_record,
            )
        )
    return identities


def _renew_meeting(meeting: Meeting, contact: ExtractedContact) -> list[str]:
    """Make a meeting found again what the contact says, as a new one would be; its id stays. The changed fields."""
    fresh = _new_meeting(contact)
    fields = ["title", "kind", "status", "location", "confidence", "extraction_cues", "date", "date_precision"]
    for name in fields:
        setattr(meeting, name, getattr(fresh, name))
    meeting.retired_at, meeting.retired_reason, meeting.retired_source, meeting.last_record = None, "", None, {}
    return [*fields, "retired_at", "retired_reason", "retired_source", "last_record"]


# --- Writing ----------------------------------------------------------------------------------


def withdraw_article(*, article: Article) -> None:
    """Remove what ``article`` contributed to ``extracted`` meetings (the meetings themselves stay)."""
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
    # A meeting left with no source is not deleted: the store finds it again (same id) or retires it.


@dataclass(frozen=True, slots=True)
class _EvidenceRow:
    """A sentence that backs one record: an Evidence row to be. The record is its instance, whose key the batch's
    inserts give it, or a stored participant's id."""

    article: Article
    sentence: Sentence
    meeting: Meeting | None = None
    participation: Participation | int | None = None
    readout: ReadOut | None = None

    def values(self) -> tuple:
        """In EVIDENCE_COLUMNS' order."""
        participation = self.participation
        return (
            self.article.pk,
            self.sentence.text,
            self.sentence.start,
            self.sentence.end,
            self.meeting.pk if self.meeting else None,
            participation if participation is None or isinstance(participation, int) else participation.pk,
            self.readout.pk if self.readout else None,
        )


EVIDENCE_COLUMNS = ("article_id", "sentence", "start", "end", "meeting_id", "participation_id", "readout_id")


def _insert_evidence(rows: list[_EvidenceRow]) -> None:
    """Store a batch's evidence. On PostgreSQL through COPY: the batch's largest insert (several thousand sentences
    for 50 articles) written as rows, without a model instance each and Django's compiling of every value (a tenth
    of the importer's own CPU went there); the database's checks and triggers apply to COPY as to INSERT."""
    if connection.vendor != "postgresql":
        Evidence.objects.bulk_create(
            [Evidence(**dict(zip(EVIDENCE_COLUMNS, row.values(), strict=True))) for row in rows]
        )
        return
    columns = ", ".join(connection.ops.quote_name(column) for column in EVIDENCE_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {Evidence._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row.values())


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


def _merge_meeting(meeting: Meeting, contact: ExtractedContact, article: Article, candidate: _Candidate) -> list[str]:
    """Fold a second report of the same contact into an extracted meeting; return the fields it changed."""
    changed = []
    if contact.date and PRECISION_RANK[contact.date.precision] < PRECISION_RANK[meeting.date_precision]:
        meeting.date = period_start(contact.date.value, contact.date.precision)
        meeting.date_precision = contact.date.precision
        changed += ["date", "date_precision"]
    if meeting.status != contact.status and (candidate.latest is None or article.published >= candidate.latest):
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
    return changed


@dataclass
class _ArticleRows:
    """The rows one article adds, kept apart so that a batch inserts them in the order the article made them."""

    article: Article
    meetings: list[Meeting] = field(default_factory=list)
    participations: list[tuple[Participation, ExtractedParticipant]] = field(default_factory=list)
    readouts: dict[tuple[int, int, str], tuple[ReadOut, list[ExtractedReadOut]]] = field(default_factory=dict)
    evidence: list[_EvidenceRow] = field(default_factory=list)  # for rows stored before, or made by an earlier article
    meeting_evidence: list[tuple[Meeting, Sentence]] = field(default_factory=list)


class _Store:
    """One transaction's storing of a batch of articles, in their order, with a handful of queries in all.

    Every meeting a contact of the batch may merge into is read at the start; meetings, participants and
    read-outs made or changed by an article are kept here, so the next article of the batch finds them
    exactly as it would have found them stored.
    """

    def __init__(self, items: list[tuple[Article, ArticleExtraction]], identities: list[_Identity] = ()):
        self.result = StoreResult()
        self.resolver = _Resolver([extraction for _, extraction in items])
        self.result.people_discovered = self.resolver.people_discovered
        self.articles = []
        for article, extraction in items:
            contacts = []
            for contact in extraction.contacts:
                people: dict[int, tuple[ExtractedParticipant, Person]] = {}
                for participant in contact.participants:
                    person = self.resolver.person(participant.person)
                    people.setdefault(id(person), (participant, person))
                contacts.append((contact, list(people.values())))
            self.articles.append((article, contacts))
        # People discovered in this batch have no id yet: they are told apart by identity until they are saved.
        self.windows = [
            _Window.of([(contact, {self._person_key(p) for _, p in people}) for contact, people in contacts])
            for _, contacts in self.articles
        ]
        stored_windows = [w for w, (_, contacts) in zip(self.windows, self.articles, strict=True) if contacts]
        # What a re-imported article (alone in its batch) reported before: its contacts are matched to these first.
        self.identities = list(identities)
        self.orphans = {identity.meeting_id for identity in self.identities if identity.orphan}
        self.candidates = _stored_candidates(stored_windows, also={i.meeting_id for i in self.identities})
        # The candidates by each person they have (had) and those without people: an article's window admits only
        # candidates among these for its own people, so it need not test every meeting the batch read (in a busy
        # fortnight, every article of the batch tested all of them). Kept current as contacts add people.
        self._by_person: dict[int, dict[int, _Candidate]] = {}
        self._without_people: dict[int, _Candidate] = {}
        for candidate in self.candidates:
            self._index(candidate)
        self.reused: set[int] = set()
        self.dirty_readouts: dict[int, ReadOut] = {}
        self.rows: list[_ArticleRows] = []
        self._made = 0

    @staticmethod
    def _person_key(person: Person) -> int:
        return person.pk if person.pk is not None else -id(person)

    def _index(self, candidate: _Candidate) -> None:
        for key in candidate.person_ids:
            self._by_person.setdefault(key, {})[id(candidate)] = candidate
        if not candidate.participations:
            self._without_people[id(candidate)] = candidate

    def _admitted(self, window: _Window) -> list[_Candidate]:
        """The candidates ``window`` admits, in the meetings' order: what this article's own lookup would read.
        Meetings only this article reported before are not among them: they are found again by identity."""
        found = dict(self._without_people) if window.kinds_without_people else {}
        for key in window.person_ids:
            found.update(self._by_person.get(key, {}))
        return sorted(
            (c for c in found.values() if window.admits(c) and c.meeting.pk not in self.orphans),
            key=_Candidate.sort_key,
        )

    def run(self, *, verified_sourced: set[tuple[int, int]]) -> StoreResult:
        for (article, contacts), window in zip(self.articles, self.windows, strict=True):
            self._store_article(article, contacts, window, verified_sourced)
        self._save()
        return self.result

    def _store_article(self, article, contacts, window: _Window, verified_sourced: set[tuple[int, int]]) -> None:
        rows = _ArticleRows(article=article)
        self.rows.append(rows)
        candidates = self._admitted(window)
        by_id = {c.meeting.pk: c for c in self.candidates if c.meeting.pk is not None} if self.identities else {}
        keyed = [(contact, {self._person_key(person) for _, person in people}) for contact, people in contacts]
        identities = _match_identities(keyed, self.identities) if self.identities else {}
        this_article: set[int] = set()
        made: list[_Candidate] = []
        for i, (contact, people) in enumerate(contacts):
            person_ids = keyed[i][1]
            identity = identities.get(i)
            candidate = by_id.get(identity.meeting_id) if identity else None
            if candidate is not None and id(candidate) in this_article:
                continue  # an editor merged this contact's meeting into one another contact here is: it is there
            if candidate is not None and identity.orphan:
                # Found again: the same row (id, URL) becomes what the article now says.
                candidate.dirty.update(_renew_meeting(candidate.meeting, contact))
                candidate.participations.clear()  # withdrawn with the article's earlier contribution
                candidate.readouts.clear()
                self.reused.add(candidate.meeting.pk)
                this_article.add(id(candidate))
                made.append(candidate)
                self._add_contact(rows, candidate, contact, people)
                self._add_readouts(rows, candidate, contact.readouts)
                self.result.meetings_updated += 1
                continue
            if candidate is None:
                candidate = _find_same(contact, person_ids, candidates, this_article)
            if candidate is None:
                meeting = _new_meeting(contact)
                rows.meetings.append(meeting)
                self._made += 1
                candidate = _Candidate(
                    meeting=meeting, order=_UNSAVED_ORDER + self._made, participations={}, readouts={}
                )
                made.append(candidate)
                self._add_contact(rows, candidate, contact, people)
                self._add_readouts(rows, candidate, contact.readouts)
                self.result.meetings_created += 1
                continue
            meeting = candidate.meeting
            this_article.add(id(candidate))
            if meeting.review_status == ReviewStatus.VERIFIED and (meeting.pk, article.pk) not in verified_sourced:
                # The editor's fields and people stay; the article is recorded as one more source (once).
                rows.meeting_evidence.append((meeting, contact.evidence))
                verified_sourced.add((meeting.pk, article.pk))
            if meeting.review_status != ReviewStatus.EXTRACTED:
                continue
            changed = _merge_meeting(meeting, contact, article, candidate)
            if meeting.pk is not None:
                candidate.dirty.update(changed)
            self.result.meetings_updated += 1
            self._add_contact(rows, candidate, contact, people)
            self._add_readouts(rows, candidate, contact.readouts)
        merged = [c for c in candidates if id(c) in this_article and c.meeting.review_status == ReviewStatus.EXTRACTED]
        for candidate in (*made, *merged):  # this article is now one of their sources
            if candidate.batch_latest is None or article.published > candidate.batch_latest:
                candidate.batch_latest = article.published
        self.candidates += [c for c in made if c.meeting.pk is None]
        for candidate in made:  # made or found again: their people (or none) as this article left them
            self._index(candidate)
        self._retire(article, [i for i in self.identities if i.orphan and i.meeting_id not in self.reused])

    def _retire(self, article: Article, identities: list[_Identity]) -> None:
        """Meetings only this article reported, that it reports no more: kept with their last record, hidden."""
        if not identities:
            return
        now = timezone.now()
        reason = f"No source reports it any more: {article.slug}, its only source, no longer did when read again."
        for identity in identities:
            candidate = next(c for c in self.candidates if c.meeting.pk == identity.meeting_id)
            meeting = candidate.meeting
            if meeting.retired_at is not None:
                continue  # retired before, and still not found
            meeting.retired_at, meeting.retired_reason = now, reason
            meeting.retired_source, meeting.last_record = article, identity.record
            candidate.dirty.update(["retired_at", "retired_reason", "retired_source", "last_record"])
            self.result.meetings_retired += 1

    def _add_contact(self, rows: _ArticleRows, candidate: _Candidate, contact: ExtractedContact, people) -> None:
        rows.meeting_evidence.append((candidate.meeting, contact.evidence))
        for extracted, person in people:
            key = self._person_key(person)
            if key in candidate.participations:
                known = candidate.participations[key]
                rows.evidence.append(_EvidenceRow(rows.article, extracted.evidence, participation=known))
                continue
            participation = Participation(
                meeting=candidate.meeting,
                person=person,
                title=(extracted.title or "")[:200],
                organization=self.resolver.organization(extracted.organization),
                country=extracted.country or person.country.code or "",
            )
            candidate.participations[key] = participation
            self._by_person.setdefault(key, {})[id(candidate)] = candidate
            rows.participations.append((participation, extracted))

    def _add_readouts(self, rows: _ArticleRows, candidate: _Candidate, readouts: tuple[ExtractedReadOut, ...]) -> None:
        known_before = dict(candidate.readouts)  # the read-outs stored (or made by an earlier article) before this one
        for extracted in readouts:
            issuer = self.resolver.organization(extracted.issuer)
            issuer_key = issuer.pk if issuer.pk is not None else -id(issuer)
            known = known_before.get((issuer_key, extracted.form))
            if known is not None:
                new_quotes = [q for q in extracted.quotes if q not in known.quotes]
                if new_quotes or (extracted.language and not known.language):
                    known.quotes = known.quotes + new_quotes
                    known.language = known.language or extracted.language or ""
                    if known.pk is not None:
                        self.dirty_readouts[known.pk] = known
                rows.evidence.append(_EvidenceRow(rows.article, extracted.evidence, readout=known))
                continue
            key = (id(candidate.meeting), issuer_key, extracted.form)
            if key not in rows.readouts:
                readout = ReadOut(
                    meeting=candidate.meeting,
                    issuer=issuer,
                    form=extracted.form,
                    language="",
                    quotes=[],
                    article=rows.article,
                )
                rows.readouts[key] = (readout, [])
                candidate.readouts[(issuer_key, extracted.form)] = readout
            readout, sources = rows.readouts[key]
            readout.language = readout.language or extracted.language or ""
            readout.quotes += [q for q in extracted.quotes if q not in readout.quotes]
            sources.append(extracted)

    def _save(self) -> None:
        bulk_create_with_history([m for rows in self.rows for m in rows.meetings], Meeting)
        for candidate in self.candidates:
            if candidate.dirty:
                candidate.meeting.save(update_fields=[*sorted(candidate.dirty), "updated_at"])
        # bulk_create takes each parent's new pk from the related object itself. Imported participations and
        # read-outs get no initial history row (two inserts per batch saved); editors' changes are recorded.
        Participation.objects.bulk_create([p for rows in self.rows for p, _ in rows.participations])
        readouts = [readout for rows in self.rows for readout, _ in rows.readouts.values()]
        for readout in readouts:
            # Field checks only; foreign keys and constraints are the database's (a query each here).
            readout.full_clean(
                exclude=["meeting", "issuer", "article"], validate_constraints=False, validate_unique=False
            )
        ReadOut.objects.bulk_create(readouts)
        if self.dirty_readouts:
            bulk_update_with_history(list(self.dirty_readouts.values()), ReadOut, ["quotes", "language"])
        evidence = []
        for rows in self.rows:
            evidence += rows.evidence
            evidence += [
                _EvidenceRow(rows.article, sentence, meeting=meeting) for meeting, sentence in rows.meeting_evidence
            ]
            evidence += [
                _EvidenceRow(rows.article, extracted.evidence, participation=participation)
                for participation, extracted in rows.participations
            ]
            evidence += [
                _EvidenceRow(rows.article, extracted.evidence, readout=readout)
                for readout, sources in rows.readouts.values()
                for extracted in sources
            ]
        _insert_evidence(evidence)


def store_extractions(*, items: list[tuple[Article, ArticleExtraction]], new_articles: bool) -> StoreResult:
    """Persist what was extracted from several articles, in their order; call inside their transaction.

    The result is what storing them one after another gives. ``new_articles`` says that none of them was
    stored before (they were just inserted), so there is no earlier contribution to withdraw; a batch of
    articles stored before is not taken, as withdrawing one changes what the next one finds: store those alone.
    """
    if not new_articles and len(items) > 1:
        raise ValueError("articles stored before are stored one at a time")
    lock_storing()  # the meetings and people other imports are storing right now are committed first
    verified_sourced: set[tuple[int, int]] = set()
    identities: list[_Identity] = []
    if not new_articles:
        for article, _ in items:
            identities = _previous_identities(article)
            withdraw_article(article=article)
            verified_sourced.update(
                Evidence.objects.filter(article=article, meeting__review_status=ReviewStatus.VERIFIED).values_list(
                    "meeting_id", "article_id"
                )
            )
    result = _Store(items, identities).run(verified_sourced=verified_sourced)
    # Imported here: lifecycle reads this module's date and kind rules.
    from meetings.services.lifecycle import link_fulfilled_plans

    touched = Evidence.objects.filter(article__in=[a for a, _ in items], meeting__isnull=False).values_list(
        "meeting_id", flat=True
    )
    link_fulfilled_plans(meeting_ids=touched)
    return result


def store_extraction(*, article: Article, extraction: ArticleExtraction, is_new_article: bool = False) -> StoreResult:
    """Persist the contacts extracted from ``article``; call inside the article's transaction.

    ``is_new_article`` skips looking for a previous contribution that cannot exist.
    """
    return store_extractions(items=[(article, extraction)], new_articles=is_new_article)
