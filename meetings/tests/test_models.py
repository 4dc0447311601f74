"""Database constraints: what must hold whatever code writes the rows."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from meetings.models import Evidence, Meeting, Participation, Position
from meetings.tests.factories import (
    ArticleFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)

pytestmark = pytest.mark.django_db


def violates(**fields) -> bool:
    try:
        with transaction.atomic():
            Meeting.objects.create(title="t", **fields)
    except IntegrityError:
        return True
    return False


def test_month_and_year_dates_must_be_the_first_day_of_their_period():
    assert violates(date=dt.date(2019, 3, 5), date_precision="month")
    assert not violates(date=dt.date(2019, 3, 1), date_precision="month")
    assert violates(date=dt.date(2018, 3, 1), date_precision="year")
    assert not violates(date=dt.date(2018, 1, 1), date_precision="year")
    assert not violates(date=dt.date(2019, 6, 21), date_precision="week")


def test_clean_moves_a_month_date_to_the_first_of_the_month():
    meeting = Meeting(title="t", date=dt.date(2019, 3, 17), date_precision="month")
    meeting.full_clean()
    assert meeting.date == dt.date(2019, 3, 1)


@pytest.mark.parametrize(
    "field, value",
    [("kind", "dinner"), ("status", "rumoured"), ("date_precision", "decade"), ("review_status", "maybe")],
)
def test_choices_are_enforced_by_the_database(field, value):
    assert violates(**{field: value})


def test_one_participation_per_person_per_meeting():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError):
        Participation.objects.create(meeting=participation.meeting, person=participation.person)


def test_one_readout_per_issuer_and_form_per_meeting():
    readout = ReadOutFactory()
    with pytest.raises(IntegrityError):
        ReadOutFactory(meeting=readout.meeting, issuer=readout.issuer, form=readout.form)


def test_a_position_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        Position.objects.create(
            person=PersonFactory(), title="Minister", start_date=dt.date(2019, 1, 1), end_date=dt.date(2018, 1, 1)
        )


def test_evidence_backs_exactly_one_record():
    article, meeting = ArticleFactory(), MeetingFactory()
    participation = ParticipationFactory(meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            article=article, sentence="s", start=0, end=1, meeting=meeting, participation=participation
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(article=article, sentence="s", start=0, end=1)
    Evidence.objects.create(article=article, sentence="s", start=0, end=1, meeting=meeting)


def test_organization_names_are_unique_per_country():
    OrganizationFactory(name="Ministry of Foreign Affairs", country="KR", slug="kr-mofa")
    OrganizationFactory(name="Ministry of Foreign Affairs", country="CN", slug="cn-mofa")
    with pytest.raises(IntegrityError):
        OrganizationFactory(name="Ministry of Foreign Affairs", country="KR", slug="kr-mofa-2")


def test_editors_history_records_changes():
    meeting = MeetingFactory(title="Before")
    meeting.title = "After"
    meeting.save()
    assert [h.title for h in meeting.history.order_by("history_date")] == ["Before", "After"]
