"""When two reports in one article are one contact: the article's contact drafts and the rules that merge them.

A contact is read sentence by sentence as a ``ContactDraft``; a later sentence may tell the same event again
("met on Monday" ... "their Monday meeting" ... a caption's "shakes hands"), and the drafts become one. What
"the same event" means lives here once: kinds that can name one event, dates that can be one day, and the
ways a call is told twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from meetings.extraction.dates import PRECISION_RANK, periods_agree
from meetings.extraction.people import ArticlePerson
from meetings.extraction.readouts import ReadOutMention
from meetings.extraction.records import ResolvedDate, Sentence

MEETING_FAMILY = frozenset({"meeting", "working_group", "summit"})
REMOTE_KINDS = frozenset({"phone_call", "video_call"})  # a meeting verb with "by phone" or "by video link"
# Of two names for one event, the more specific wins: "talks" told again as "the summit".
SPECIFIC_KIND = {"meeting": 0, "summit": 1, "working_group": 2}
TRILATERAL = re.compile(r"\b(?:trilateral(?:ly)?|three-way)\b", re.I)
# Verbs that say two people talked, not how: a headline's "Telephone Conversation" says how.
SPOKEN = re.compile(r"\b(?:talk|talks|talked|talking|spoke|speak|speaks|conversation|conferred|discussed)\b", re.I)
# A call's day told two ways: "on Aug. 30" in a caption, "at 9:30 this morning" in a spokesman's words of that day
# quoted a day later. Two calls of one pair on consecutive days are rarer than that.
CALL_DAYS_APART = 1
# Within one article "a week after the two met" is another meeting than Friday's: a narrower week than across
# articles, where a week-precision date may be a reporter's "last week" of either.
ARTICLE_WEEK_DAYS = 3
# Two reports of one pair held, one dated only by the story's day: the days a story's "this week" may cover.
STORY_DAY_SLACK = 3


@dataclass
class ContactDraft:
    """A contact as read so far: later sentences may date it, place it, name its people or its accounts."""

    kind: str
    status: str
    date: ResolvedDate | None
    location: str | None
    people: list[ArticlePerson]
    evidence: Sentence
    readouts: dict[str, tuple[ReadOutMention, Sentence]] = field(default_factory=dict)
    needs_counterpart: bool = False
    date_is_fallback: bool = False  # no date of its own: the story's day was assumed
    waits_until: int = -1  # last sentence index that may still name its missing people
    trigger: str = ""
    sides_from_context: bool = False  # a side came from an earlier sentence ("he", "the two")
    weak_trigger: bool = False
    from_a_list: bool = False
    # The states of the sides still unnamed: "met the Chinese ambassador" waits for a Chinese, not the next name.
    awaited_states: frozenset[str] = frozenset()
    side_count: int = 0  # how many states the text gave as its sides ("the envoys of A, B and C held talks")

    def person_set(self) -> frozenset[str]:
        return frozenset(p.key for p in self.people)


def kinds_agree(a: str, b: str) -> bool:
    """A meeting, a summit and a working group may be one event named two ways; a call is never a meeting."""
    return a == b or {a, b} <= MEETING_FAMILY


def dates_agree(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """Whether two dates of one article can be one day (an undated report agrees with any)."""
    if a is None or b is None:
        return True
    return periods_agree(a.value, a.precision, b.value, b.precision, week_days=ARTICLE_WEEK_DAYS)


def call_told_twice(a: ContactDraft, b: ContactDraft) -> bool:
    return (
        a.kind == b.kind
        and a.status == b.status  # a call put off on one day and held the next is two events
        and a.kind in REMOTE_KINDS
        and a.date is not None
        and b.date is not None
        and a.date.precision == b.date.precision == "day"
        and abs((a.date.value - b.date.value).days) <= CALL_DAYS_APART
    )


def talked_by_phone(a: ContactDraft, b: ContactDraft) -> bool:
    """ "X's Call with Y" and "X spoke today with Y": a call, and a contact whose words say they talked, not how."""
    remote = a if a.kind in REMOTE_KINDS else b
    spoken = b if remote is a else a
    return remote.kind in REMOTE_KINDS and spoken.kind == "meeting" and bool(SPOKEN.search(spoken.trigger))


def same_story_day(a: ContactDraft, b: ContactDraft) -> bool:
    """Two reports of one pair, one of them dated only by the story: held a day or two apart, or both
    planned (a headline's "to meet" and the body's "to meet in mid-February")."""
    if not (a.date_is_fallback or b.date_is_fallback):
        return False
    if a.status == b.status == "planned":
        return True
    return a.status == b.status == "held" and bool(
        a.date and b.date and abs((a.date.value - b.date.value).days) <= STORY_DAY_SLACK
    )


# A contact of two told beside a larger one: "separate bilateral talks", "a one-on-one", "on its sidelines".
_APART_FROM_THE_GROUP = re.compile(r"\b(?:separate(?:ly)?|bilateral|one-on-one|sidelines?)\b", re.I)


def reported_before(draft: ContactDraft, drafts: list[ContactDraft], *, definite: bool) -> ContactDraft | None:
    """The contact already read that ``draft`` reports again; a definite mention ("Friday's meeting between
    X and Y") names an earlier contact whatever modality surrounds it ("had planned to open it to the media")."""
    ids = draft.person_set()
    for other in reversed(drafts):
        theirs = other.person_set()
        shared = ids & theirs
        if len(shared) < 2 or not (ids <= theirs or theirs <= ids):
            continue
        if ids != theirs and TRILATERAL.search(draft.evidence.text + " " + draft.trigger):
            continue  # "the three will also meet trilaterally": besides the bilaterals, not one of them
        if len(ids) < len(theirs) and _APART_FROM_THE_GROUP.search(draft.evidence.text + " " + draft.trigger):
            continue  # "Yun also held separate bilateral talks with Sagara": besides the trilateral, not it
        if not (kinds_agree(draft.kind, other.kind) or talked_by_phone(draft, other)) or (
            not definite and {draft.status, other.status} == {"held", "planned"}
        ):
            continue  # a plan and a meeting already held are two events, whatever their dates
        if dates_agree(draft.date, other.date) or same_story_day(draft, other) or call_told_twice(draft, other):
            return other
    return None


def merge_into(into: ContactDraft, draft: ContactDraft) -> None:
    """What a second report of a contact adds to the first: a more specific kind, a finer date, a place, people."""
    if talked_by_phone(into, draft):
        into.kind = draft.kind if draft.kind in REMOTE_KINDS else into.kind  # "spoke with" told as the call it was
    elif SPECIFIC_KIND.get(draft.kind, -1) > SPECIFIC_KIND.get(into.kind, -1):
        into.kind = draft.kind  # "talks" told again as "the summit"
    if draft.date and (
        into.date is None
        or into.date_is_fallback
        and not draft.date_is_fallback
        or PRECISION_RANK[draft.date.precision] < PRECISION_RANK[into.date.precision]
    ):
        into.date, into.date_is_fallback = draft.date, draft.date_is_fallback
    into.location = into.location or draft.location
    if draft.status == "cancelled":
        into.status = "cancelled"
    for person in draft.people:
        if person not in into.people:
            into.people.append(person)


def merge_duplicates(drafts: list[ContactDraft]) -> list[ContactDraft]:
    """Contacts that became the same once their people were known (a headline and its story)."""
    kept: list[ContactDraft] = []
    for draft in drafts:
        same = next(
            (
                k
                for k in kept
                if k.person_set() == draft.person_set()
                and len(draft.people) >= 2
                and kinds_agree(k.kind, draft.kind)
                and {k.status, draft.status} != {"held", "planned"}
                and dates_agree(k.date, draft.date)
            ),
            None,
        )
        if same:
            merge_into(same, draft)
            for key, value in draft.readouts.items():
                same.readouts.setdefault(key, value)
        else:
            kept.append(draft)
    return kept
