"""A country pair's page, a country's page and the home page stay exact through every kind of write: their years,
totals and timelines (stacked by status, kind or country) are what counting the public contacts directly gives after
an import, a re-import that retires a contact, admin edits of a meeting and of its participants, rejections, merges
and bulk updates; so do each person's and each office's timeline. On PostgreSQL the stored counts (PairContacts,
PairTotals, CountryContacts, CountryTotals, PersonContacts, PersonTimeline, OfficeTimeline, OfficePerson, kept by
triggers) equal a recount after each write; SQLite counts directly."""

import datetime as dt
import importlib
import io
import json
import re
import shutil
import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Max

from meetings.models import (
    CountryContacts,
    CountryMeeting,
    CountryTotals,
    KeptMeeting,
    Meeting,
    MeetingSearchText,
    OfficeMeeting,
    OfficePerson,
    OfficeTimeline,
    Organization,
    PairContacts,
    PairTotals,
    Participation,
    Person,
    PersonContacts,
    PersonMeeting,
    PersonTimeline,
    PersonWithoutContacts,
    Position,
    ReadOut,
    ReviewStatus,
)
from meetings.services.articles import import_paths
from meetings.services.editorial import merge_meetings, review_meetings
from meetings.services.locks import storing_lock_key
from meetings.tests.factories import (
    EditorFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)
from meetings.tests.pair_figures import assert_page_counts_directly, country_pair
from meetings.timeline import STACKS, count_by_month

pytestmark = pytest.mark.django_db

SEED = "000_c10acb675f22a3b9.txt"
# Long enough for the other transaction to write its participant while the first has not committed.
CONCURRENT_HOLD_SECONDS = 0.5


def _countries() -> dict[int, set[str]]:
    countries: dict[int, set[str]] = {}
    for meeting, country in Participation.objects.exclude(country="").values_list("meeting", "country"):
        countries.setdefault(meeting, set()).add(country)
    return countries


def _key(meeting: Meeting) -> tuple:
    month = meeting.date.replace(day=1) if meeting.date else None
    return (month, meeting.status, meeting.date_precision, meeting.kind)


def recount() -> Counter:
    """Every pair's public contacts by month, status, precision and kind, counted meeting by meeting."""
    countries = _countries()
    counts: Counter = Counter()
    for meeting in Meeting.objects.public().filter(pk__in=countries):
        codes = sorted(countries[meeting.pk])
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                counts[(a, b, *_key(meeting))] += 1
    return counts


def recount_pair_totals() -> Counter:
    """Every pair's public contacts, counted meeting by meeting."""
    totals: Counter = Counter()
    for (a, b, *_), contacts in recount().items():
        totals[(a, b)] += contacts
    return totals


def recount_countries() -> Counter:
    """Every public contact counted for the whole archive under its countries (none, one, two, "+" for more), and
    for each of its countries under the others (none, one, "+" for more), each once by kind (counterparts "*") and
    once by counterparts (no kind), meeting by meeting; its precision only "year" or "month" (in its month)."""
    countries = _countries()
    counts: Counter = Counter()
    for meeting in Meeting.objects.public():
        codes = sorted(countries.get(meeting.pk, ()))
        month, status, precision, kind = _key(meeting)
        key = (month, status, "year" if precision == "year" else "month", kind)
        subjects = [("", ",".join(codes) if len(codes) <= 2 else "+")]
        for code in codes:
            others = [other for other in codes if other != code]
            subjects.append((code, ",".join(others) if len(others) <= 1 else "+"))
        for subject, counterparts in subjects:
            counts[(subject, "*", month, status, key[2], kind)] += 1  # by kind
            counts[(subject, counterparts, month, status, key[2], "")] += 1  # by counterparts
    return counts


def recount_people() -> dict[int, tuple]:
    """Each person with a public contact: (contacts, the latest held one's date and precision), meeting by
    meeting (the latest: by date, then id; only dated ones)."""
    counted: dict[int, list] = {}
    for person, meeting, date, status, precision in Participation.objects.filter(
        meeting__in=Meeting.objects.public()
    ).values_list("person", "meeting", "meeting__date", "meeting__status", "meeting__date_precision"):
        row = counted.setdefault(person, [0, None])
        row[0] += 1
        if status == "held" and date is not None and (row[1] is None or (date, meeting) > row[1][:2]):
            row[1] = (date, meeting, precision)
    return {
        person: (n, latest[0] if latest else None, latest[2] if latest else "")
        for person, (n, latest) in counted.items()
    }


def recount_person_timelines() -> Counter:
    """Each person's public contacts (each meeting once) by month, status, "year" or "month" precision, once by kind
    (countries "*") and once by the meeting's countries (none, one, two, "+" for more; the person's own included)."""
    return _recount_subject_timelines(set(Participation.objects.values_list("person", "meeting")))


def _offices_in() -> set[tuple[int, int]]:
    """(office, meeting): an official of the office took part, or the office issued a read-out of the meeting."""
    return {
        *Participation.objects.exclude(organization=None).values_list("organization", "meeting"),
        *ReadOut.objects.values_list("issuer", "meeting"),
    }


def recount_office_timelines() -> Counter:
    """Each office's public contacts (each meeting once), as each person's."""
    return _recount_subject_timelines(_offices_in())


def _recount_subject_timelines(attended: set[tuple[int, int]]) -> Counter:
    countries = _countries()
    public = {meeting.pk: meeting for meeting in Meeting.objects.public()}
    counts: Counter = Counter()
    for subject, meeting_id in attended:
        meeting = public.get(meeting_id)
        if meeting is None:
            continue
        codes = sorted(countries.get(meeting_id, ()))
        month, status, precision, kind = _key(meeting)
        precision = "year" if precision == "year" else "month"
        counts[(subject, "*", month, status, precision, kind)] += 1
        counts[(subject, ",".join(codes) if len(codes) <= 2 else "+", month, status, precision, "")] += 1
    return counts


def recount_office_people() -> Counter:
    """Each office's people: the posts and participations that link each to it."""
    return Counter(
        [*Participation.objects.filter(organization__isnull=False).values_list("organization", "person")]
        + [*Position.objects.filter(organization__isnull=False).values_list("organization", "person")]
    )


def assert_office_people_exact() -> None:
    """Each office's kept people (PostgreSQL): the posts and participations linking them, each person's name, country,
    latest held contact and count of contacts (PersonContacts, itself checked against a recount) for the list's
    orders, and the latest start of the person's posts at the office for the office page's."""
    kept = OfficePerson.objects.values_list(
        "organization", "person", "links", "name", "country", "last_held", "contacts", "took_office"
    )
    assert Counter({(office, person): links for office, person, links, *_ in kept}) == recount_office_people()
    assert not OfficePerson.objects.filter(links__lte=0).exists()
    people = {pk: (name, country) for pk, name, country in Person.objects.values_list("pk", "name", "country")}
    latest = {
        person: (held, n) for person, held, n in PersonContacts.objects.values_list("person", "last_held", "contacts")
    }
    took_office = {
        (office, person): started
        for office, person, started in Position.objects.filter(organization__isnull=False)
        .values_list("organization", "person")
        .annotate(started=Max("start_date"))
    }
    assert [row[3:] for row in kept] == [
        (*people[person], *latest.get(person, (None, 0)), took_office.get((office, person)))
        for office, person, *_ in kept
    ]


def recount_country_totals() -> dict[str, tuple[int, int]]:
    """Each country's (public contacts, people of the country with a public contact), meeting by meeting; none for a
    country with neither."""
    public = Participation.objects.filter(meeting__in=Meeting.objects.public())
    contacts = Counter(country for country, _ in set(public.exclude(country="").values_list("country", "meeting")))
    people = Counter(
        country for _, country in set(public.exclude(person__country="").values_list("person", "person__country"))
    )
    return {country: (contacts[country], people[country]) for country in contacts | people}


def rewrite_search_texts() -> dict[int, str]:
    """Each meeting's searchable text, written from its rows: title, place, then each participant's name, other
    spellings and folded name (by person id; a spelling that differs from the folded name only in case, spaces and
    hyphens left out), one per line, upper-cased, spaces and hyphens written as "q" and "x"."""
    participants: dict[int, list[str]] = {}
    people = Participation.objects.order_by("meeting", "person_id").values_list(
        "meeting", "person__name", "person__aliases", "person__name_key"
    )
    for meeting, name, aliases, key in people:
        names = [name] if not_folded(name, key) else []
        others = [alias for alias in aliases if not_folded(alias, key)]
        spellings = [json.dumps(others, ensure_ascii=False)] if others else []
        participants.setdefault(meeting, []).extend([*names, *spellings, key])
    joined = str.maketrans(" -", "qx")
    return {
        pk: "\n".join([title, *([location] if location else []), *participants.get(pk, [])]).upper().translate(joined)
        for pk, title, location in Meeting.objects.values_list("pk", "title", "location")
    }


def not_folded(spelling: str, key: str) -> bool:
    """Whether a person's spelling differs from their folded name in more than case, spaces and hyphens."""
    return spelling.replace(" ", "").replace("-", "").lower() != key


def assert_search_texts_exact() -> None:
    """On PostgreSQL, each meeting's stored searchable text is the one written from its rows now (SQLite keeps none)."""
    if connection.vendor == "postgresql":
        assert dict(MeetingSearchText.objects.values_list("meeting", "text")) == rewrite_search_texts()
    else:
        assert not MeetingSearchText.objects.exists()


def _rewrite_kept(subjects) -> set[tuple]:
    """A kept table's rows of meetings (KeptMeeting), written from the meetings and their participants: (meeting,
    subject, date, kind, status, review, the meeting's countries in alphabetical order joined by commas, "" when none
    is known) for each (meeting, subject) pair of ``subjects`` whose meeting is public."""
    countries: dict[int, set[str]] = {}
    for meeting, country in Participation.objects.exclude(country="").values_list("meeting", "country"):
        countries.setdefault(meeting, set()).add(country)
    columns = {pk: rest for pk, *rest in Meeting.objects.public().values_list(*KEPT_BY_COUNTRY)}
    return {
        (meeting, subject, *columns[meeting], KeptMeeting.SEPARATOR.join(sorted(countries.get(meeting, ()))))
        for meeting, subject in subjects
        if meeting in columns
    }


def rewrite_country_meetings() -> set[tuple]:
    """CountryMeeting's rows: one for each country a participant of the meeting has."""
    return _rewrite_kept(set(Participation.objects.exclude(country="").values_list("meeting", "country")))


def rewrite_person_meetings() -> set[tuple]:
    """PersonMeeting's rows: one for each participant."""
    return _rewrite_kept(Participation.objects.values_list("meeting", "person"))


def rewrite_office_meetings() -> set[tuple]:
    """OfficeMeeting's rows: one for each office a participant took part for or that gave a read-out of it."""
    offices = set(Participation.objects.exclude(organization=None).values_list("meeting", "organization"))
    return _rewrite_kept(offices | set(ReadOut.objects.values_list("meeting", "issuer")))


# A meeting's columns its CountryMeeting, PersonMeeting and OfficeMeeting rows hold (after its id).
KEPT_BY_COUNTRY = ("pk", "date", "kind", "status", "review_status", "title", "location")


def assert_country_meetings_exact() -> None:
    """On PostgreSQL, the stored CountryMeeting, PersonMeeting and OfficeMeeting rows are those written from the
    meetings, participants and read-outs now (SQLite keeps none)."""
    if connection.vendor == "postgresql":
        stored = CountryMeeting.objects.values_list("meeting", "country", *KEPT_BY_COUNTRY[1:], "countries")
        assert Counter(stored) == Counter(rewrite_country_meetings())
        stored = PersonMeeting.objects.values_list("meeting", "person", *KEPT_BY_COUNTRY[1:], "countries")
        assert Counter(stored) == Counter(rewrite_person_meetings())
        stored = OfficeMeeting.objects.values_list("meeting", "organization", *KEPT_BY_COUNTRY[1:], "countries")
        assert Counter(stored) == Counter(rewrite_office_meetings())
    else:
        assert not CountryMeeting.objects.exists()
        assert not PersonMeeting.objects.exists()
        assert not OfficeMeeting.objects.exists()


def _stored(model, *columns: str) -> Counter:
    return Counter({row[:-1]: row[-1] for row in model.objects.values_list(*columns, "contacts")})


def assert_timelines_count_directly(client) -> None:
    """The home page's, each country's and each person's timeline, stacked every way, against a count of their
    meetings."""
    cache.clear()  # SQLite's pages keep their counted timelines for TIMELINE_TTL
    public = Meeting.objects.public()
    pages = [("/", public, None)] + [
        (
            f"/countries/{code}/",
            public.filter(pk__in=Participation.objects.filter(country=code).values("meeting")),
            [code],
        )
        for code in sorted(set(Participation.objects.exclude(country="").values_list("country", flat=True)))
    ]
    pages += [
        (
            f"/people/{person.slug}/",
            public.filter(pk__in=Participation.objects.filter(person=person).values("meeting")),
            [person.country] if person.country else [],
        )
        for person in Person.objects.filter(pk__in=Participation.objects.values("person"))
    ]
    offices_in = _offices_in()
    pages += [
        (
            f"/organizations/{office.slug}/",
            public.filter(pk__in=[meeting for of, meeting in offices_in if of == office.pk]),
            [office.country] if office.country else [],
        )
        for office in Organization.objects.filter(pk__in={office for office, _ in offices_in})
    ]
    for url, meetings, own in pages:
        for stack in STACKS:
            shown = client.get(f"{url}?stack={stack}").context["timeline"]
            assert shown == count_by_month(meetings, stack=stack, own_countries=own), (url, stack)


def assert_exact(client) -> int:
    """The pages against direct counts and, on PostgreSQL, the stored counts against a recount; the pair's count."""
    if connection.vendor == "postgresql":
        stored = _stored(PairContacts, "country_a", "country_b", "month", "status", "date_precision", "kind")
        assert stored == recount()
        assert not PairContacts.objects.filter(contacts__lte=0).exists()
        assert _stored(PairTotals, "country_a", "country_b") == recount_pair_totals()
        assert not PairTotals.objects.filter(contacts__lte=0).exists()
        columns = ("country", "counterparts", "month", "status", "date_precision", "kind")
        assert _stored(CountryContacts, *columns) == recount_countries()
        assert not CountryContacts.objects.filter(contacts__lte=0).exists()
        people = PersonContacts.objects.values_list("person", "contacts", "last_held", "last_held_precision")
        assert {row[0]: row[1:] for row in people} == recount_people()
        without = set(Person.objects.values_list("pk", flat=True)) - set(recount_people())
        assert set(PersonWithoutContacts.objects.values_list("person", flat=True)) == without
        columns = ("person", "countries", "month", "status", "date_precision", "kind")
        assert _stored(PersonTimeline, *columns) == recount_person_timelines()
        assert not PersonTimeline.objects.filter(contacts__lte=0).exists()
        columns = ("organization", "countries", "month", "status", "date_precision", "kind")
        assert _stored(OfficeTimeline, *columns) == recount_office_timelines()
        assert not OfficeTimeline.objects.filter(contacts__lte=0).exists()
        assert_office_people_exact()
        totals = CountryTotals.objects.values_list("country", "contacts", "people")
        assert {country: (contacts, people) for country, contacts, people in totals} == recount_country_totals()
        assert_search_texts_exact()
        assert_country_meetings_exact()
    else:
        assert not PairContacts.objects.exists()  # SQLite counts directly
        assert not PairTotals.objects.exists()
        assert not CountryContacts.objects.exists()
        assert not PersonContacts.objects.exists()
        assert not PersonWithoutContacts.objects.exists()
        assert not PersonTimeline.objects.exists()
        assert not OfficeTimeline.objects.exists()
        assert not OfficePerson.objects.exists()
        assert not CountryTotals.objects.exists()
        assert_search_texts_exact()
        assert_country_meetings_exact()
    assert_timelines_count_directly(client)
    return assert_page_counts_directly(client)


def inline(prefix: str, rows: list[dict], initial: int) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def edit_in_admin(client, meeting: Meeting, *, delete_people=(), **fields):
    """Save a meeting's admin form as an editor would, with ``fields`` changed and the participants named in
    ``delete_people`` ticked for deletion."""
    participations = list(meeting.participations.order_by("id"))
    rows = [
        {
            "id": p.pk,
            "meeting": meeting.pk,
            "person": p.person_id,
            "title": p.title,
            "organization": p.organization_id or "",
            "country": p.country,
            **({"DELETE": "on"} if p.person.name in delete_people else {}),
        }
        for p in participations
    ]
    readouts = list(meeting.readouts.order_by("id"))
    data = {
        "title": meeting.title,
        "kind": meeting.kind,
        "status": meeting.status,
        "date": meeting.date.isoformat() if meeting.date else "",
        "date_precision": meeting.date_precision,
        "location": meeting.location,
        "notes": meeting.notes,
        "source_note": meeting.source_note,
        **fields,
        **inline("participations", rows, len(rows)),
        **inline(
            "readouts",
            [
                {
                    "id": r.pk,
                    "meeting": meeting.pk,
                    "issuer": r.issuer_id or "",
                    "form": r.form,
                    "language": r.language,
                    "quotes": "\n".join(r.quotes),
                    "article": r.article_id or "",
                }
                for r in readouts
            ],
            len(readouts),
        ),
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response


def test_a_country_pairs_figures_stay_exact_through_every_kind_of_write(
    client, knowledge_base, seed_articles, tmp_path
):
    editor = EditorFactory()
    client.force_login(editor)

    # Import: the seed articles' contacts between South Korea and the United States.
    shutil.copy(seed_articles / SEED, tmp_path)
    shutil.copy(seed_articles / "002_637cbf2275d7c908.txt", tmp_path)
    assert import_paths(paths=[tmp_path]).failed == 0
    imported = assert_exact(client)
    assert imported >= 2

    # An admin edit of a meeting's status, date and kind moves its contact to another month, status and kind (and its
    # title, which its kept rows sort by).
    kang = Meeting.objects.public().get(participations__person__name="Kang Kyung-wha")
    edit_in_admin(
        client, kang, status="planned", date="2020-02-01", date_precision="month", kind="visit", title="Kang in Seoul"
    )
    assert Meeting.objects.get(pk=kang.pk).status == "planned"
    assert assert_exact(client) == imported
    Meeting.objects.filter(pk=kang.pk).update(title="Kang in Washington")  # the title alone
    assert assert_exact(client) == imported
    Meeting.objects.filter(pk=kang.pk).update(location="Washington")  # the place alone
    assert assert_exact(client) == imported

    # Deleting a participant in the admin: a contact left with one country is no contact of the pair.
    kang.refresh_from_db()
    us_people = list(kang.participations.filter(country="US").values_list("person__name", flat=True))
    edit_in_admin(client, kang, delete_people=us_people)
    assert not kang.participations.filter(country="US").exists()
    assert assert_exact(client) == imported - 1

    # A participant added back, in another country first, then moved to the United States (a bulk update).
    added = ParticipationFactory(meeting=kang, person=PersonFactory(name="Envoy"), country="JP")
    assert assert_exact(client) == imported - 1
    Participation.objects.filter(pk=added.pk).update(country="US")
    assert assert_exact(client) == imported

    # Rejecting a meeting (the admin's bulk action) hides it; returning it to "extracted" counts it again.
    response = client.post("/admin/meetings/meeting/", {"action": "reject", "_selected_action": [kang.pk]}, follow=True)
    assert response.status_code == 200
    assert Meeting.objects.get(pk=kang.pk).review_status == ReviewStatus.REJECTED
    assert assert_exact(client) == imported - 1
    review_meetings(meetings=Meeting.objects.filter(pk=kang.pk), status=ReviewStatus.EXTRACTED, user=editor)
    assert assert_exact(client) == imported

    # A merge retires the others and moves their participants to the survivor.
    others = list(country_pair("KR", "US").exclude(pk=kang.pk).order_by("pk"))
    merge_meetings(survivor=kang, others=others[:1], user=editor)
    assert assert_exact(client) == imported - 1

    # A re-import of a changed article retires the contacts it no longer reports.
    path = tmp_path / SEED
    path.write_text(" date 2019-05-10\nNothing was reported.\n", encoding="utf-8")
    assert import_paths(paths=[path]).updated == 1
    assert assert_exact(client) == country_pair("KR", "US").count()

    # Bulk updates and deletes of many meetings and participants at once; a participant's deletion.
    for i in range(6):
        meeting = MeetingFactory(date=dt.date(2018, 1 + i, 3), status="held", kind="meeting")
        for code in ("KR", "US", "CN")[: 2 + i % 2]:
            ParticipationFactory(meeting=meeting, country=code)
    assert assert_exact(client) >= 6
    Meeting.objects.filter(date__year=2018).update(
        status="cancelled", date=dt.date(2017, 12, 1), date_precision="month"
    )
    assert assert_exact(client) >= 6
    Meeting.objects.filter(date__year=2017).update(status="planned")  # the status alone: the lists filter by it
    assert assert_exact(client) >= 6
    Participation.objects.filter(meeting__date__year=2017, country="CN").update(country="KR")
    assert_exact(client)
    Participation.objects.filter(meeting__date__year=2017, country="US").first().delete()
    assert_exact(client)
    Meeting.objects.filter(date__year=2017).delete()
    assert_exact(client)

    # A person added with no contact yet (an editor's), given one, and deleted with it; people renamed in bulk.
    newcomer = PersonFactory(name="Newcomer")
    assert_exact(client)
    ParticipationFactory(meeting=kang, person=newcomer, country="KR")
    assert_exact(client)
    Participation.objects.filter(person=newcomer).delete()
    newcomer.delete()
    assert_exact(client)
    Person.objects.update(aliases=[])
    assert_exact(client)


def test_a_pairs_counts_are_those_of_a_fresh_count_whatever_the_order_of_the_writes(client):
    """Participants written before their meeting's fields change, meetings whose every participant is of one
    country or that have none, and a meeting with several officials of each country: one contact each, counted
    once."""
    meeting = MeetingFactory(date=dt.date(2019, 3, 4), status="held")
    for code in ("KR", "KR", "US", "US", "JP"):
        ParticipationFactory(meeting=meeting, country=code)
    only_korea = MeetingFactory(date=dt.date(2019, 3, 4))
    ParticipationFactory(meeting=only_korea, country="KR")
    ParticipationFactory(meeting=only_korea, country="KR")
    undated = MeetingFactory(date=None, status="planned")
    ParticipationFactory(meeting=undated, country="US")
    ParticipationFactory(meeting=undated, country="KR")
    MeetingFactory(date=dt.date(2019, 3, 5))  # no one recorded yet: a contact of the archive, of no country
    assert assert_exact(client) == 2
    # Its only country's participants removed, a contact is of no country, and of the archive still.
    Participation.objects.filter(meeting=only_korea).delete()
    assert assert_exact(client) == 2
    ParticipationFactory(meeting=only_korea, country="KR")
    Meeting.objects.filter(pk=meeting.pk).update(retired_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    assert assert_exact(client) == 1
    Meeting.objects.filter(pk=meeting.pk).update(retired_at=None, title="Back")
    assert assert_exact(client) == 2
    Meeting.objects.filter(pk=undated.pk).update(date=dt.date(2019, 1, 1), date_precision="year")
    assert assert_exact(client) == 2
    # Its kind alone changed (a timeline stacked by kind moves it).
    Meeting.objects.filter(pk=meeting.pk).update(kind="summit")
    assert assert_exact(client) == 2
    # A participant moved to another person (as merging two people does), then to another meeting.
    moved = Participation.objects.filter(meeting=meeting, country="JP").get()
    Participation.objects.filter(pk=moved.pk).update(person=PersonFactory(name="Another envoy"))
    assert assert_exact(client) == 2
    Participation.objects.filter(pk=moved.pk).update(meeting=undated)
    assert assert_exact(client) == 2


def test_a_timeline_of_more_countries_than_colours_names_the_busiest_and_folds_the_rest_as_a_count_does(client):
    """Stacked by country, a chart names the six busiest groups and folds the rest into "other countries" (on
    PostgreSQL the kept rows are totalled by set of countries first and the rest folded by the database): every page's
    timeline, stacked every way, is what counting its meetings gives, ties at the sixth place broken by name, and
    contacts of a folded country dated only to a year or not at all left out of every month as before."""
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", country="KR")
    mofa = OrganizationFactory(slug="kr-mofa", country="KR")
    # Contacts a country: the United States busiest; Mongolia and Vietnam tied for the sixth place (Mongolia first by
    # name); Britain, France and India folded, with a planned, a cancelled, a year-dated and an undated contact.
    contacts = {"US": 6, "JP": 5, "CN": 4, "RU": 3, "KP": 3, "MN": 2, "VN": 2, "GB": 1, "FR": 1, "IN": 1}
    statuses = ["held", "held", "planned", "cancelled"]
    for i, (code, n) in enumerate((code, n) for code, count in contacts.items() for n in range(count)):
        date = dt.date(2018 + i % 3, 1 + i % 12, 1 + n)
        meeting = MeetingFactory(date=date, status=statuses[i % 4], kind=("meeting", "phone_call")[n % 2])
        ParticipationFactory(meeting=meeting, person=kang, organization=mofa, country="KR")
        ParticipationFactory(meeting=meeting, person=PersonFactory(country=code), country=code)
    for code, fields in [("GB", {"date": dt.date(2019, 1, 1), "date_precision": "year"}), ("FR", {"date": None})]:
        meeting = MeetingFactory(**fields)
        ParticipationFactory(meeting=meeting, person=kang, country="KR")
        ParticipationFactory(meeting=meeting, person=PersonFactory(country=code), country=code)
    trilateral = MeetingFactory(date=dt.date(2019, 6, 3))
    for code in ("KR", "US", "JP"):
        ParticipationFactory(
            meeting=trilateral, person=kang if code == "KR" else PersonFactory(country=code), country=code
        )

    assert_timelines_count_directly(client)
    shown = client.get("/people/kang/?stack=country").context["timeline"]
    assert [group.label for group in shown.groups] == [
        "United States of America",
        "Japan",
        "China",
        "North Korea",
        "Russia",
        "Mongolia",
        "other countries",
    ]
    home = client.get("/?stack=country").context["timeline"]
    assert home.groups[-1].label == "other countries" and len(home.groups) == 7


def test_an_offices_timeline_follows_its_officials_and_its_read_outs(client):
    """An office is in a contact when one of its officials took part or it issued a read-out of it: once however
    many of each. Read-outs added, moved to another issuer or meeting, updated in bulk and deleted, and a
    participant's office changed, each move the office's timeline as a count of its meetings gives it; emptying the
    read-outs table leaves the offices its officials give."""
    ministry, agency = (
        OrganizationFactory(name="Ministry of Unification", country="KR"),
        OrganizationFactory(country=""),
    )
    talks = MeetingFactory(date=dt.date(2019, 3, 4), status="held", kind="meeting")
    ParticipationFactory(meeting=talks, organization=ministry, country="KR")
    ParticipationFactory(meeting=talks, organization=None, country="US")
    call = MeetingFactory(date=dt.date(2019, 4, 2), status="planned", kind="phone_call")
    ParticipationFactory(meeting=call, organization=None, country="JP")
    assert_exact(client)
    # Its read-out of a contact it had an official in changes nothing; of another contact, adds it.
    statement = ReadOutFactory(meeting=talks, issuer=ministry)
    ReadOutFactory(meeting=talks, issuer=ministry, form="briefing")
    assert_exact(client)
    ReadOutFactory(meeting=call, issuer=ministry)
    assert_exact(client)
    # A read-out moved to another issuer, then to another meeting; a participant moved to another office.
    ReadOut.objects.filter(meeting=call).update(issuer=agency)
    assert_exact(client)
    ReadOut.objects.filter(pk=statement.pk).update(meeting=call)
    assert_exact(client)
    Participation.objects.filter(meeting=talks, organization=ministry).update(organization=agency)
    assert_exact(client)
    # A quote edited moves nothing; the read-outs deleted one by one, then all at once.
    ReadOut.objects.filter(pk=statement.pk).update(quotes=["We discussed the peninsula."])
    assert_exact(client)
    ReadOut.objects.filter(pk=statement.pk).delete()
    assert_exact(client)
    ReadOutFactory(meeting=call, issuer=ministry)
    Participation.objects.filter(meeting=call).update(organization=ministry)
    assert_exact(client)
    ReadOut.objects.all().delete()
    assert_exact(client)
    # Emptied at once (TRUNCATE, as a restore may): what the officials give is counted again.
    ReadOutFactory(meeting=talks, issuer=ministry)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A table with deferred trigger events pending (the data version's) cannot be truncated: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE meetings_readout CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        ReadOut.objects.all().delete()
    assert OfficeTimeline.objects.exists() == (connection.vendor == "postgresql")
    assert_exact(client)


@pytest.mark.django_db(transaction=True)
def test_participants_added_at_once_by_two_transactions_make_one_contact(client):
    """Each of two editors adds one side of a contact in a transaction of their own, at the same time: neither
    sees the other's uncommitted participant, yet the pair counts the contact once both have committed."""
    meeting = MeetingFactory(date=dt.date(2019, 3, 4), status="held")
    korean, american = PersonFactory(name="Korean envoy"), PersonFactory(name="American envoy")
    first_written, errors = threading.Event(), []

    def add(person, code, *, first: bool):
        try:
            with transaction.atomic():
                if not first:
                    first_written.wait(timeout=10)
                Participation.objects.create(meeting=meeting, person=person, country=code)
                if first:
                    first_written.set()
                    time.sleep(CONCURRENT_HOLD_SECONDS)  # the other adds its participant meanwhile
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add, args=(korean, "KR"), kwargs={"first": True}),
        threading.Thread(target=add, args=(american, "US"), kwargs={"first": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert assert_exact(client) == 1


def test_the_counts_triggers_wait_for_the_lock_imports_hold():
    """An import holds the storing lock for its whole transaction; a write through the triggers takes the same
    one first (so an admin edit waits for the import batch rather than counting beside it). SQLite has neither
    triggers nor advisory locks: each writing transaction locks the whole database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_functiondef('meetings_pair_contacts_lock'::regproc)")
            assert f"pg_advisory_xact_lock({storing_lock_key()})" in cursor.fetchone()[0]
        else:
            # Only the data version's triggers (test_page_cache): none counts pairs, the page counts directly.
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE 'raise_data_version_%'"
            )
            assert cursor.fetchone()[0] == 0


def test_the_databases_count_functions_are_those_their_builders_make_now():
    """Migration 0018 made the functions of 0011-0017 again (their stored meetings read by key): a database migrated
    step by step runs what the builders make today, as one migrated from scratch would."""
    if connection.vendor != "postgresql":
        return  # SQLite keeps no counts (test_the_counts_triggers_wait_for_the_lock_imports_hold)
    made = {}
    for name in importlib.import_module("meetings.migrations.0018_kept_counts_by_key").KEPT:
        for statement in importlib.import_module(f"meetings.migrations.{name}")._triggers():
            found = re.match(r"\s*CREATE FUNCTION (\w+)\(.*?\$\$(.*)\$\$", statement, re.S)
            if found:
                made[found.group(1)] = found.group(2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname = ANY(%s)", [list(made)])
        stored = dict(cursor.fetchall())
    assert len(made) >= 40 and stored == made
    assert all("LIMIT 1) AS m" in body for name, body in made.items() if name.endswith("participations_insert"))


def test_counts_written_past_their_triggers_are_found_and_counted_again(client):
    """A load that bypasses the triggers (pg_restore --disable-triggers, a replica's session) leaves the kept counts
    behind; `recount_kept_counts --check` says so and fails, and `recount_kept_counts` makes them a recount again.
    SQLite keeps no counts and says so."""
    meeting = MeetingFactory(date=dt.date(2019, 3, 4), status="held")
    ParticipationFactory(meeting=meeting, country="KR")
    ParticipationFactory(meeting=meeting, country="US")
    out = io.StringIO()
    if connection.vendor != "postgresql":
        call_command("recount_kept_counts", "--check", stdout=out)
        assert "keeps no counts" in out.getvalue()
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # as pg_restore --disable-triggers loads
        try:
            loaded = MeetingFactory(date=dt.date(2020, 5, 6), status="held")
            ParticipationFactory(meeting=loaded, country="KR")
            ParticipationFactory(meeting=loaded, country="JP")
        finally:
            cursor.execute("SET session_replication_role = origin")
    columns = ("country_a", "country_b", "month", "status", "date_precision", "kind")
    assert _stored(PairContacts, *columns) != recount()
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("recount_kept_counts", "--check", stdout=out)
    assert "meetings_personcontacts: 2 rows, 2 differ" in out.getvalue()

    call_command("recount_kept_counts", stdout=out)
    assert assert_exact(client) == 1  # every kept table a recount again, and the pages direct counts
    call_command("recount_kept_counts", "--check", stdout=out)  # nothing differs now


def test_counterparts_are_stacked_as_before_and_inlined_into_the_statements_that_ask():
    """The timelines stack a meeting by its countries (``meetings_counterparts``): the countries themselves for the
    whole archive and the others for a country, '+' past two. PostgreSQL must inline the function (migration 0020):
    called per row inside a LATERAL VALUES, it was planned again each time, most of a timeline's backfill."""
    if connection.vendor != "postgresql":
        return  # SQLite keeps no counts
    arrays = {"none": "{}", "one": "{KR}", "two": "{KR,US}", "three": "{CN,KR,US}"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, meetings_counterparts(codes, ''), meetings_counterparts(codes, 'KR')"
            " FROM (VALUES " + ", ".join(["(%s, %s::varchar[])"] * len(arrays)) + ") AS v (name, codes)",
            [value for item in arrays.items() for value in item],
        )
        stacked = {name: (archive, korea) for name, archive, korea in cursor.fetchall()}
        cursor.execute(
            "EXPLAIN (VERBOSE) SELECT meetings_counterparts(ARRAY['KR', s::varchar], '')"
            " FROM generate_series(1, 2) AS s"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert stacked == {"none": ("", "+"), "one": ("KR", ""), "two": ("KR,US", "US"), "three": ("+", "+")}
    assert "meetings_counterparts" not in plan and "array_to_string" in plan
