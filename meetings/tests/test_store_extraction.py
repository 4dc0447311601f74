"""Persisting extraction records: one meeting per contact across articles, and editors' decisions respected.

The records are built by hand here (they are the pipeline's plain output contract) so each
rule of the service is tested on its own; test_pipeline_import.py runs the real extractor.
"""

import datetime as dt

import pytest

from meetings.extraction.records import (
    ArticleExtraction,
    ExtractedContact,
    ExtractedParticipant,
    ExtractedReadOut,
    OrganizationRef,
    PersonRef,
    ResolvedDate,
    Sentence,
)
from meetings.models import Evidence, Meeting, Organization, Person, ReviewStatus
from meetings.services.extraction import dates_agree, store_extraction, store_extractions
from meetings.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SENTENCE = Sentence(index=0, start=0, end=40, text="Biegun met Kang Kyung-wha in Seoul on Friday.")
MOFA = OrganizationRef(name="Ministry of Foreign Affairs", country="KR")


def participant(name, country, title=None, org=None):
    return ExtractedParticipant(
        person=PersonRef(name=name, country=country), title=title, organization=org, country=country, evidence=SENTENCE
    )


def contact(*names, date=dt.date(2019, 5, 10), precision="day", kind="meeting", status="held", readouts=()):
    people = [participant(n, c) for n, c in names]
    return ExtractedContact(
        kind=kind,
        status=status,
        date=ResolvedDate(date, precision),
        location="Seoul",
        title=" – ".join(n for n, _ in names) + " meeting",
        participants=tuple(people),
        readouts=tuple(readouts),
        evidence=SENTENCE,
    )


BIEGUN_KANG = (("Stephen Biegun", "US"), ("Kang Kyung-wha", "KR"))


def store(article, *contacts):
    return store_extraction(article=article, extraction=ArticleExtraction(contacts=list(contacts)))


def test_a_contact_becomes_a_meeting_with_people_readouts_and_evidence():
    article = ArticleFactory()
    readout = ExtractedReadOut(issuer=MOFA, form="statement", language="ko", quotes=("Door open",), evidence=SENTENCE)
    result = store(article, contact(*BIEGUN_KANG, readouts=[readout]))
    assert (result.meetings_created, result.people_discovered) == (1, 2)
    meeting = Meeting.objects.get()
    assert sorted(meeting.participations.values_list("person__name", flat=True)) == ["Kang Kyung-wha", "Stephen Biegun"]
    assert meeting.readouts.get().issuer.name == "Ministry of Foreign Affairs"
    assert meeting.readouts.get().quotes == ["Door open"]
    assert Evidence.objects.filter(meeting=meeting, article=article).count() == 1
    assert Evidence.objects.filter(participation__meeting=meeting).count() == 2
    assert Evidence.objects.filter(readout__meeting=meeting).count() == 1


def test_the_same_contact_in_two_articles_is_one_meeting_with_two_sources():
    first, second = ArticleFactory(), ArticleFactory()
    store(first, contact(*BIEGUN_KANG))
    result = store(second, contact(*BIEGUN_KANG))
    assert result.meetings_updated == 1 and Meeting.objects.count() == 1
    assert set(Meeting.objects.get().evidence.values_list("article__slug", flat=True)) == {first.slug, second.slug}
    assert Person.objects.count() == 2


def test_a_second_articles_account_of_the_same_meeting_adds_its_quotes():
    first = ExtractedReadOut(issuer=MOFA, form="statement", language=None, quotes=("Door open",), evidence=SENTENCE)
    second = ExtractedReadOut(issuer=MOFA, form="statement", language=None, quotes=("Talks soon",), evidence=SENTENCE)
    store(ArticleFactory(), contact(*BIEGUN_KANG, readouts=[first]))
    store(ArticleFactory(), contact(*BIEGUN_KANG, readouts=[second]))
    readout = Meeting.objects.get().readouts.get()
    assert (readout.quotes, readout.language) == (["Door open", "Talks soon"], "")
    assert readout.evidence.count() == 2


def test_one_discovered_person_across_articles_whatever_the_spelling():
    store(ArticleFactory(), contact(("Kim Hyok Chol", "KP"), ("Stephen Biegun", "US")))
    store(ArticleFactory(), contact(("Kim Hyok-chol", "KP"), ("Stephen Biegun", "US"), date=dt.date(2019, 2, 6)))
    assert list(Person.objects.filter(country="KP").values_list("name", flat=True)) == ["Kim Hyok Chol"]


def test_a_month_date_and_a_day_date_of_the_same_month_merge_keeping_the_day():
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2019, 5, 1), precision="month"))
    store(ArticleFactory(), contact(*BIEGUN_KANG))
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.date_precision) == (dt.date(2019, 5, 10), "day")


def test_an_article_recalling_contacts_years_apart_merges_each_into_its_own_stored_meeting():
    # Each contact is looked for near its own date, whatever the article's other contacts: a meeting dated to
    # a year or a month is found by a day within it, and the meeting between them is left alone.
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2017, 3, 10)))
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2018, 6, 1), precision="month"))
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2018, 9, 20)))
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2019, 1, 1), precision="year"))
    result = store(
        ArticleFactory(),
        contact(*BIEGUN_KANG, date=dt.date(2019, 5, 10)),
        contact(*BIEGUN_KANG, date=dt.date(2018, 6, 14)),
        contact(*BIEGUN_KANG, date=dt.date(2017, 3, 4), precision="week"),
    )
    assert (result.meetings_created, result.meetings_updated) == (0, 3)
    sources = {
        (m.date, m.date_precision): m.evidence.values("article").distinct().count() for m in Meeting.objects.all()
    }
    assert sources == {
        (dt.date(2017, 3, 10), "day"): 2,
        (dt.date(2018, 6, 14), "day"): 2,  # the month's meeting, now dated to the day
        (dt.date(2018, 9, 20), "day"): 1,
        (dt.date(2019, 5, 10), "day"): 2,  # the year's meeting, now dated to the day
    }


def test_contacts_without_people_merge_by_kind_day_and_place_only_with_meetings_without_people():
    store(ArticleFactory(), contact(kind="working_group"))
    store(ArticleFactory(), contact(*BIEGUN_KANG, kind="working_group"))
    result = store(ArticleFactory(), contact(kind="working_group"), contact(kind="meeting", date=dt.date(2019, 5, 11)))
    assert (result.meetings_created, result.meetings_updated) == (1, 1)
    peopleless = Meeting.objects.filter(participations__isnull=True)
    assert sorted((m.kind, m.evidence.count()) for m in peopleless) == [("meeting", 1), ("working_group", 2)]


def test_two_contacts_of_one_article_stay_two_meetings():
    article = ArticleFactory()
    store(article, contact(*BIEGUN_KANG, kind="working_group"), contact(*BIEGUN_KANG))
    assert Meeting.objects.count() == 2


def test_different_days_are_different_meetings():
    store(ArticleFactory(), contact(*BIEGUN_KANG))
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2019, 6, 28)))
    assert Meeting.objects.count() == 2


def test_reextracting_an_article_replaces_its_extracted_records():
    article = ArticleFactory()
    store(article, contact(*BIEGUN_KANG), contact(("Stephen Biegun", "US"), ("Kim Yeon-chul", "KR")))
    store(article, contact(*BIEGUN_KANG))
    # The contact no longer reported is retired (kept for its address, hidden), the other one kept.
    assert Meeting.objects.public().count() == 1
    assert Meeting.objects.filter(retired_at__isnull=False).count() == 1
    assert Evidence.objects.filter(article=article, meeting__isnull=False).count() == 1


def test_a_verified_meeting_keeps_its_fields_and_people_and_gains_only_a_source():
    first, second = ArticleFactory(), ArticleFactory()
    store(first, contact(*BIEGUN_KANG))
    meeting = Meeting.objects.get()
    meeting.review_status, meeting.title, meeting.location = (
        ReviewStatus.VERIFIED,
        "Checked by an editor",
        "Seoul (MOFA)",
    )
    meeting.save()
    kang = meeting.participations.get(person__name="Kang Kyung-wha")
    kang.title = "Minister of Foreign Affairs"
    kang.save()

    store(first, contact(*BIEGUN_KANG, status="cancelled"))  # re-extraction of the same article
    store(second, contact(*BIEGUN_KANG, ("Lee Do-hoon", "KR")))

    meeting.refresh_from_db()
    assert (meeting.title, meeting.location, meeting.status) == ("Checked by an editor", "Seoul (MOFA)", "held")
    assert sorted(meeting.participations.values_list("person__name", "title")) == [
        ("Kang Kyung-wha", "Minister of Foreign Affairs"),
        ("Stephen Biegun", ""),
    ]
    assert set(meeting.evidence.values_list("article__slug", flat=True)) == {first.slug, second.slug}


def test_a_rejected_meeting_is_not_brought_back():
    article = ArticleFactory()
    store(article, contact(*BIEGUN_KANG))
    Meeting.objects.update(review_status=ReviewStatus.REJECTED)
    store(article, contact(*BIEGUN_KANG))
    store(ArticleFactory(), contact(*BIEGUN_KANG))
    assert list(Meeting.objects.values_list("review_status", flat=True)) == [ReviewStatus.REJECTED]


def test_known_organizations_are_reused_by_slug():
    Organization.objects.create(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    readout = ExtractedReadOut(
        issuer=OrganizationRef(name="Ministry of Foreign Affairs", country="KR", slug="kr-mofa"),
        form="read-out",
        language=None,
        quotes=(),
        evidence=SENTENCE,
    )
    store(ArticleFactory(), contact(*BIEGUN_KANG, readouts=[readout]))
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    "a, b, agree",
    [
        (("2019-05-10", "day"), ("2019-05-10", "day"), True),
        (("2019-05-10", "day"), ("2019-05-11", "day"), False),
        (("2019-06-21", "week"), ("2019-06-28", "day"), True),
        (("2019-06-21", "week"), ("2019-06-29", "day"), False),
        (("2019-05-01", "month"), ("2019-05-31", "day"), True),
        (("2019-01-01", "year"), ("2019-12-31", "day"), True),
        (("2018-01-01", "year"), ("2019-01-01", "day"), False),
    ],
)
def test_dates_agree_at_the_coarser_precision(a, b, agree):
    (da, pa), (db, pb) = a, b
    assert dates_agree(dt.date.fromisoformat(da), pa, dt.date.fromisoformat(db), pb) is agree


def test_a_plan_and_the_meeting_that_fulfils_it_stay_two_records_each_as_of_its_report():
    before, after = ArticleFactory(published=dt.date(2019, 5, 1)), ArticleFactory(published=dt.date(2019, 5, 11))
    store(before, contact(*BIEGUN_KANG, date=dt.date(2019, 5, 1), precision="month", status="planned"))
    store(after, contact(*BIEGUN_KANG))
    assert sorted(Meeting.objects.values_list("status", "date")) == [
        ("held", dt.date(2019, 5, 10)),
        ("planned", dt.date(2019, 5, 1)),
    ]
    # A later report of the plan (called off) updates the plan, not the meeting held.
    store(
        ArticleFactory(published=dt.date(2019, 5, 12)),
        contact(*BIEGUN_KANG, date=dt.date(2019, 5, 1), precision="month", status="cancelled"),
    )
    assert sorted(Meeting.objects.values_list("status", flat=True)) == ["cancelled", "held"]


def test_a_plan_is_linked_to_the_meeting_that_fulfils_it_and_the_pages_say_so(client):
    before, after = ArticleFactory(published=dt.date(2019, 5, 1)), ArticleFactory(published=dt.date(2019, 5, 11))
    store(before, contact(*BIEGUN_KANG, date=dt.date(2019, 5, 1), precision="month", status="planned"))
    store(after, contact(*BIEGUN_KANG))
    plan, held = Meeting.objects.get(status="planned"), Meeting.objects.get(status="held")
    assert plan.fulfilled_by == held
    plan_page = client.get(plan.get_absolute_url()).content.decode()
    assert held.get_absolute_url() in plan_page and "Status unknown" not in plan_page
    assert plan.get_absolute_url() in client.get(held.get_absolute_url()).content.decode()


def test_a_plan_is_fulfilled_only_within_its_own_period_whatever_else_its_import_stores():
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2019, 5, 5)))  # five days before the week planned
    week_plan = contact(*BIEGUN_KANG, date=dt.date(2019, 5, 10), precision="week", status="planned")
    # Another plan of the same import, a month earlier: the held meeting above falls within the span of the two.
    earlier_plan = contact(("Stephen Biegun", "US"), ("Lee Do-hoon", "KR"), date=dt.date(2019, 4, 1), status="planned")
    store_extractions(
        items=[
            (ArticleFactory(), ArticleExtraction(contacts=[week_plan])),
            (ArticleFactory(), ArticleExtraction(contacts=[earlier_plan])),
        ],
        new_articles=True,
    )
    assert not Meeting.objects.filter(status="planned", fulfilled_by__isnull=False).exists()
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2019, 5, 12)))  # within the week planned
    plan = Meeting.objects.get(status="planned", date=dt.date(2019, 5, 10))
    assert plan.fulfilled_by.date == dt.date(2019, 5, 12)


def test_a_plan_of_other_people_or_another_month_is_not_fulfilled_and_goes_unknown_once_its_month_is_past(client):
    store(ArticleFactory(), contact(*BIEGUN_KANG, date=dt.date(2019, 4, 1), precision="month", status="planned"))
    store(ArticleFactory(), contact(*BIEGUN_KANG))  # held in May: not the April plan
    store(ArticleFactory(), contact(("Stephen Biegun", "US"), ("Lee Do-hoon", "KR")))
    plan = Meeting.objects.get(status="planned")
    assert plan.fulfilled_by is None
    assert plan.plan_outcome_unknown_since(today=dt.date(2019, 4, 30)) is None
    assert plan.plan_outcome_unknown_since(today=dt.date(2019, 5, 2)) == dt.date(2019, 5, 1)
    assert "Status unknown since 1 May 2019" in client.get(plan.get_absolute_url()).content.decode()
