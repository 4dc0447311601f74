"""End to end: the real importer and extractor on the seed articles, checked against what a careful reader records."""

import datetime as dt

import pytest

from meetings.models import Meeting, Person

pytestmark = pytest.mark.django_db

D = dt.date
# (article slug, date, precision, kind, status, location, participants, read-out issuers)
EXPECTED = [
    (
        "000_c10acb675f22a3b9",
        D(2019, 5, 10),
        "day",
        "meeting",
        "held",
        "Seoul",
        {"Stephen Biegun", "Kang Kyung-wha"},
        {"Ministry of Foreign Affairs"},
    ),
    (
        "000_c10acb675f22a3b9",
        D(2019, 5, 10),
        "day",
        "working_group",
        "held",
        "Seoul",
        {"Stephen Biegun", "Lee Do-hoon"},
        {"Ministry of Foreign Affairs"},
    ),
    (
        "000_c10acb675f22a3b9",
        D(2019, 5, 10),
        "day",
        "meeting",
        "held",
        "Seoul",
        {"Stephen Biegun", "Kim Hyun-chong"},
        {"Blue House"},
    ),
    ("000_c10acb675f22a3b9", D(2019, 5, 7), "day", "phone_call", "held", "", {"Donald Trump", "Moon Jae-in"}, set()),
    (
        "000_c10acb675f22a3b9",
        D(2019, 2, 1),
        "month",
        "meeting",
        "held",
        "",
        {"Stephen Biegun", "Chung Eui-yong"},
        set(),
    ),
    (
        "000_c10acb675f22a3b9",
        D(2018, 10, 1),
        "month",
        "meeting",
        "held",
        "",
        {"Stephen Biegun", "Chung Eui-yong"},
        set(),
    ),
    (
        "000_c10acb675f22a3b9",
        D(2018, 12, 1),
        "month",
        "meeting",
        "held",
        "",
        {"Stephen Biegun", "Chung Eui-yong"},
        set(),
    ),
    (
        "000_c10acb675f22a3b9",
        D(2019, 5, 10),
        "day",
        "meeting",
        "held",
        "Seoul",
        {"Stephen Biegun", "Kim Yeon-chul"},
        {"Ministry of Unification"},
    ),
    (
        "002_637cbf2275d7c908",
        D(2019, 6, 28),
        "day",
        "meeting",
        "held",
        "Seoul",
        {"Stephen Biegun", "Lee Do-hoon"},
        {"Ministry of Foreign Affairs"},
    ),
    (
        "002_637cbf2275d7c908",
        D(2019, 6, 30),
        "day",
        "summit",
        "planned",
        "Seoul",
        {"Moon Jae-in", "Donald Trump"},
        set(),
    ),
    (
        "002_637cbf2275d7c908",
        D(2019, 6, 28),
        "day",
        "meeting",
        "held",
        "Seoul",
        {"Stephen Biegun", "Kim Yeon-chul"},
        set(),
    ),
]


def meetings_by_people():
    found = {}
    for meeting in Meeting.objects.for_list():
        people = frozenset(p.person.name for p in meeting.participations.all())
        found.setdefault(people, []).append(meeting)
    return found


@pytest.mark.parametrize("slug, date, precision, kind, status, location, people, issuers", EXPECTED)
def test_the_seed_articles_yield_the_contacts_a_reader_records(
    imported_seeds, slug, date, precision, kind, status, location, people, issuers
):
    candidates = [
        m
        for m in meetings_by_people().get(frozenset(people), [])
        if m.date == date and slug in {e.article.slug for e in m.evidence.all()}
    ]
    assert len(candidates) == 1, f"expected one {kind} of {sorted(people)} on {date}"
    meeting = candidates[0]
    assert (meeting.date_precision, meeting.kind, meeting.status, meeting.location) == (
        precision,
        kind,
        status,
        location,
    )
    assert {r.issuer.name for r in meeting.readouts.all()} >= issuers


def test_a_meeting_that_did_not_happen_is_not_recorded(imported_seeds):
    # "the U.S. Special Representative is yet to meet with NSO Director Chung Eui-yong"
    chung_meetings = meetings_by_people().get(frozenset({"Stephen Biegun", "Chung Eui-yong"}), [])
    assert all(m.date < D(2019, 5, 1) for m in chung_meetings)


def test_one_person_across_articles_with_title_country_and_office(imported_seeds):
    biegun = Person.objects.get(name="Stephen Biegun")
    assert biegun.country.code == "US"
    slugs = {e.article.slug for p in biegun.participations.all() for e in p.evidence.all()}
    assert slugs == {"000_c10acb675f22a3b9", "002_637cbf2275d7c908"}
    kim = (
        Meeting.objects.filter(participations__person__name="Kim Yeon-chul")
        .first()
        .participations.get(person__name="Kim Yeon-chul")
    )
    assert (kim.country.code, kim.organization.name) == ("KR", "Ministry of Unification")
    assert "Unification" in kim.title


def test_every_extracted_record_keeps_its_evidence_sentence(imported_seeds):
    for meeting in Meeting.objects.for_list():
        evidence = list(meeting.evidence.all())
        assert evidence, meeting
        for item in evidence:
            assert item.article.body[item.start : item.end] == item.sentence
