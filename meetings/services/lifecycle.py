"""A plan's lifecycle: a planned contact is linked to the meeting held that fulfils it.

A plan and the meeting held are two records, each as of its own report (an article before the meeting
says "planned", one after says "held"); the importer links them when the same people meet within the
planned period, and editors may link or unlink them in admin. A plan whose period has passed with
nothing held linked is shown as of unknown status since then (``Meeting.plan_outcome_unknown_since``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

from meetings.models import Meeting, Participation, Status, period_end
from meetings.services.extraction import dates_agree, kinds_agree, merged_intervals

_LONGEST_PERIOD_DAYS = 366  # a plan dated to a year covers it from 1 January


def link_fulfilled_plans(*, meeting_ids: Iterable[int]) -> int:
    """Link each plan among ``meeting_ids``, or planned by their people, to the held meeting that fulfils it:
    the first held meeting of exactly the same people, of a compatible kind, dated within the plan's own period
    (``period_end``: its day, the days of a week, its month or year) and agreeing with its date.
    Editors' links and verified plans are kept. Returns how many plans were linked.

    Few queries, and small ones: open plans are rare, so they are found first and the held meetings looked up
    only among their people and within their periods. Each plan is checked against its own period, so what
    fulfils it does not depend on which other plans an import stores with it."""
    ids = set(meeting_ids)
    if not ids:
        return 0
    touched = list(Meeting.objects.filter(pk__in=ids).values_list("status", "date"))
    held_dates = [d for status, d in touched if status == Status.HELD and d]
    # The plans these meetings are, and those of their people a meeting held now may fulfil (a plan's period
    # starts at most a year before the day it covers), each read apart: asked as one query with an OR, PostgreSQL
    # read every plan of the archive (9,800 at 100,000 meetings) to test it.
    open_plans = Meeting.objects.open_plans()
    plan_ids = set(open_plans.filter(pk__in=ids).order_by().values_list("pk", flat=True))
    if held_dates:
        # Unordered: the participations' default order joins and sorts their meetings.
        people = Participation.objects.filter(meeting_id__in=ids).order_by().values("person_id")
        plan_ids |= set(
            open_plans.filter(
                date__lte=max(held_dates),
                date__gte=min(held_dates) - dt.timedelta(days=_LONGEST_PERIOD_DAYS),
                pk__in=Participation.objects.filter(person_id__in=people).order_by().values("meeting_id"),
            )
            .order_by()
            .values_list("pk", flat=True)
        )
    if not plan_ids:
        return 0
    plans = list(Meeting.objects.filter(pk__in=plan_ids).only("pk", "kind", "date", "date_precision"))
    if not plans:
        return 0
    periods = {plan.pk: (plan.date, period_end(plan.date, plan.date_precision)) for plan in plans}
    within = reduce(or_, (Q(date__range=period) for period in merged_intervals(list(periods.values()))))
    plan_people = Participation.objects.filter(meeting_id__in=[p.pk for p in plans]).values("person_id")
    held = list(
        Meeting.objects.public()
        .filter(within, status=Status.HELD)
        .filter(pk__in=Participation.objects.filter(person_id__in=plan_people).values("meeting_id"))
        .only("pk", "kind", "date", "date_precision")
        .order_by("date", "pk")
    )
    sides = defaultdict(set)
    for meeting_id, person_id in (
        Participation.objects.filter(meeting_id__in=[m.pk for m in (*plans, *held)])
        .order_by()
        .values_list("meeting_id", "person_id")
    ):
        sides[meeting_id].add(person_id)
    # Held meetings by their exact people, each list still in (date, id) order: a plan looks only at those
    # of its own people, not at every meeting its busiest participant held in the period.
    held_by_people: dict[frozenset[int], list[Meeting]] = defaultdict(list)
    for m in held:
        held_by_people[frozenset(sides[m.pk])].append(m)
    linked = []
    for plan in plans:
        first, last = periods[plan.pk]
        fulfilment = next(
            (
                m
                for m in held_by_people.get(frozenset(sides[plan.pk]), ())
                if first <= m.date <= last
                and kinds_agree(plan.kind, m.kind)
                and dates_agree(plan.date, plan.date_precision, m.date, m.date_precision)
            ),
            None,
        )
        if fulfilment is not None:
            plan.fulfilled_by = fulfilment
            linked.append(plan)
    # One statement, no history rows: the link is the importer's reading (an editor's change to it is recorded).
    Meeting.objects.bulk_update(linked, ["fulfilled_by"])
    return len(linked)
