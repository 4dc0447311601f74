"""A plan's lifecycle: a planned contact is linked to the meeting held that fulfils it.

A plan and the meeting held are two records, each as of its own report (an article before the meeting
says "planned", one after says "held"); the importer links them when the same people meet within the
planned period, and editors may link or unlink them in admin. A plan whose period has passed with
nothing held linked is shown as of unknown status since then (``Meeting.plan_outcome_unknown_since``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from simple_history.utils import bulk_update_with_history

from meetings.models import Meeting, Participation, ReviewStatus, Status
from meetings.services.extraction import dates_agree, kinds_agree


def link_fulfilled_plans(*, meeting_ids: Iterable[int]) -> int:
    """Link each plan among ``meeting_ids``, or planned by their people, to the held meeting that fulfils it:
    the first held meeting of exactly the same people, of a compatible kind, dated within the planned period.
    Editors' links are kept. Returns how many plans were linked. Four queries, whatever the number."""
    ids = set(meeting_ids)
    if not ids:
        return 0
    people = Participation.objects.filter(meeting_id__in=ids).values_list("person_id", flat=True)
    related = defaultdict(set)
    for meeting_id, person_id in Participation.objects.filter(person_id__in=people).values_list(
        "meeting_id", "person_id"
    ):
        related[meeting_id].add(person_id)
    meetings = {
        m.pk: m
        for m in Meeting.objects.public()
        .filter(pk__in=related.keys(), status__in=[Status.PLANNED, Status.HELD])
        .only("pk", "status", "kind", "date", "date_precision", "fulfilled_by_id", "review_status")
    }
    held = sorted(
        (m for m in meetings.values() if m.status == Status.HELD and m.date),
        key=lambda m: (m.date, m.pk),
    )
    linked = []
    for plan in meetings.values():
        if plan.status != Status.PLANNED or plan.fulfilled_by_id or plan.review_status == ReviewStatus.VERIFIED:
            continue
        fulfilment = next(
            (
                m
                for m in held
                if related[m.pk] == related[plan.pk]
                and kinds_agree(plan.kind, m.kind)
                and dates_agree(plan.date, plan.date_precision, m.date, m.date_precision)
            ),
            None,
        )
        if fulfilment is not None:
            plan.fulfilled_by = fulfilment
            linked.append(plan)
    bulk_update_with_history(linked, Meeting, ["fulfilled_by"])
    return len(linked)
