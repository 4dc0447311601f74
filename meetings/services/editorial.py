"""What editors do beyond plain edits: review meetings, merge people, add aliases, re-extract articles."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from meetings.extraction import extract_article
from meetings.models import (
    Article,
    Meeting,
    Participation,
    Person,
    PersonOrigin,
    PersonRedirect,
    Position,
    ReadOut,
    ReviewStatus,
)
from meetings.services.extraction import StoreResult, last_records, store_extraction
from meetings.services.knowledge_base import build_lexicon
from meetings.services.locks import lock_article, lock_storing


def mark_reviewed(*, meeting: Meeting, status: str, user, save: bool = True) -> None:
    meeting.review_status = status
    is_review = status != ReviewStatus.EXTRACTED
    meeting.reviewed_by = user if is_review else None
    meeting.reviewed_at = timezone.now() if is_review else None
    if save:
        meeting.save(update_fields=["review_status", "reviewed_by", "reviewed_at", "updated_at"])


@transaction.atomic
def review_meetings(*, meetings: QuerySet[Meeting], status: str, user) -> int:
    """Set the review status of many meetings, one save each so that history records who did it."""
    count = 0
    for meeting in meetings.select_for_update(of=("self",)):
        mark_reviewed(meeting=meeting, status=status, user=user)
        count += 1
    return count


def _add_aliases(person: Person, names) -> None:
    known = {person.name.casefold(), *(a.casefold() for a in person.aliases)}
    for name in names:
        name = name.strip()
        if name and name.casefold() not in known:
            person.aliases.append(name)
            known.add(name.casefold())


@transaction.atomic
def add_alias(*, person: Person, alias: str) -> list[Person]:
    """Add a spelling; a record the importer discovered under that very name is the same person and merges in.

    Returns the records merged in, so the admin can say so.
    """
    _add_aliases(person, [alias])
    person.full_clean(validate_constraints=False)
    person.save()
    duplicates = [
        other
        for other in Person.objects.filter(name__iexact=alias.strip(), origin=PersonOrigin.DISCOVERED).exclude(
            pk=person.pk
        )
    ]
    if duplicates:
        merge_people(survivor=person, others=duplicates)
    return duplicates


@transaction.atomic
def merge_people(*, survivor: Person, others: list[Person]) -> Person:
    """Fold ``others`` into ``survivor``: names become aliases; positions and participations move.

    A meeting both people took part in keeps one participation (the survivor's, with the
    other's title or office filling what the survivor's lacks).
    """
    for other in others:
        if other.pk == survivor.pk:
            continue
        _add_aliases(survivor, [other.name, *other.aliases])
        if not survivor.country and other.country:
            survivor.country = other.country
        theirs = {p.meeting_id: p for p in Participation.objects.filter(person=survivor)}
        for participation in Participation.objects.filter(person=other):
            kept = theirs.get(participation.meeting_id)
            if kept is None:
                participation.person = survivor
                participation.save()
                continue
            kept.title = kept.title or participation.title
            kept.organization = kept.organization or participation.organization
            kept.country = kept.country or participation.country
            kept.save()
            participation.evidence.update(participation=kept)
            participation.delete()
        # The merged record's address leads to the survivor for good, and its slug is never given to anyone else.
        PersonRedirect.objects.filter(person=other).update(person=survivor)
        PersonRedirect.objects.create(slug=other.slug, person=survivor)
        for position in Position.objects.filter(person=other):
            duplicate = Position.objects.filter(
                person=survivor,
                organization=position.organization,
                title=position.title,
                start_date=position.start_date,
            ).exists()
            if duplicate:
                position.delete()
            else:
                position.person = survivor
                position.save()
        other.delete()
    survivor.full_clean(validate_constraints=False)
    survivor.save()
    return survivor


@transaction.atomic
def merge_meetings(*, survivor: Meeting, others: list[Meeting], user) -> Meeting:
    """Fold duplicate records of one contact into ``survivor``: people, read-outs and sources move to it.

    Each other keeps its id, retired with its last record and ``merged_into`` the survivor, so its address
    redirects there. The survivor is verified: a merge is an editor's correction, which re-imports keep (a
    re-imported article's contact that was one of the others is matched to the survivor).
    """
    lock_storing()  # an import matching contacts against these meetings waits until they are one
    others = [other for other in others if other.pk != survivor.pk]
    records = last_records([other.pk for other in others])
    now = timezone.now()
    for other in others:
        people = {p.person_id: p for p in Participation.objects.filter(meeting=survivor)}
        for participation in Participation.objects.filter(meeting=other):
            kept = people.get(participation.person_id)
            if kept is None:
                participation.meeting = survivor
                participation.save()
                people[participation.person_id] = participation
                continue
            kept.title = kept.title or participation.title
            kept.organization = kept.organization or participation.organization
            kept.country = kept.country or participation.country
            kept.save()
            participation.evidence.update(participation=kept)
            participation.delete()
        accounts = {(r.issuer_id, r.form): r for r in ReadOut.objects.filter(meeting=survivor)}
        for readout in ReadOut.objects.filter(meeting=other):
            kept = accounts.get((readout.issuer_id, readout.form))
            if kept is None:
                readout.meeting = survivor
                readout.save()
                accounts[(readout.issuer_id, readout.form)] = readout
                continue
            kept.quotes = kept.quotes + [q for q in readout.quotes if q not in kept.quotes]
            kept.language = kept.language or readout.language
            kept.save()
            readout.evidence.update(readout=kept)
            readout.delete()
        other.evidence.update(meeting=survivor)
        Meeting.objects.filter(merged_into=other).update(merged_into=survivor)
        other.merged_into, other.retired_at = survivor, now
        other.retired_reason = f"Merged by an editor into meeting {survivor.pk}."
        other.last_record = records[other.pk]
        other.save()
    mark_reviewed(meeting=survivor, status=ReviewStatus.VERIFIED, user=user)
    return survivor


def reextract_articles(*, articles: list[Article]) -> StoreResult:
    """Run extraction again on stored articles with the current knowledge base (after an editor's fix)."""
    lexicon = build_lexicon()
    total = StoreResult()
    for article in articles:
        with transaction.atomic():
            # An import or another re-extraction of this article may be storing it: wait, then read what it left.
            lock_article(slug=article.slug)
            article = Article.objects.filter(pk=article.pk).first()
            if article is None:
                continue
            extraction = extract_article(body=article.body, published=article.published, lexicon=lexicon)
            stored = store_extraction(article=article, extraction=extraction)
            article.extracted_at = timezone.now()
            article.save(update_fields=["extracted_at", "updated_at"])
        total.add(stored)
    return total
