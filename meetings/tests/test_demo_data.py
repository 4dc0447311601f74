"""The scale benchmarks' data generator: it must keep writing every column the models have (on PostgreSQL it
writes with COPY, column by column, so a field added to a model without a value here broke it silently), and its
kept counts must be those of a recount although it loads with their triggers off."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from meetings.models import Meeting, Participation
from meetings.services.kept_counts import counted_after_load, recount_kept_counts
from meetings.tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _triggers_off() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'")
        return cursor.fetchone()[0]


def _two_countries_meet(date: dt.date) -> None:
    """A contact between South Korea and Mongolia, and an official of the knowledge base who has met no one yet."""
    meeting = MeetingFactory(date=date, status="held")
    ParticipationFactory(meeting=meeting, country="KR")
    ParticipationFactory(meeting=meeting, country="MN")
    PersonFactory(country="MN")


def _counts_as_recounted() -> None:
    """Every kept table holds what a recount gives, and holds something."""
    found = recount_kept_counts(check_only=True)
    assert [(r.table, r.differing) for r in found if r.differing or not r.rows] == []
    assert len(found) == 13 and _triggers_off() == 0


def test_demo_data_fills_the_models_as_they_are_and_the_pages_show_it(client):
    call_command("generate_demo_data", meetings=60, seed=3, stdout=None)
    assert Meeting.objects.public().count() == 60
    assert Participation.objects.count() >= 120
    meeting = Meeting.objects.order_by("pk").first()
    assert (meeting.retired_at, meeting.last_record) == (None, {})
    assert client.get("/meetings/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200


def test_demo_data_loads_past_the_counts_triggers_and_counts_once_at_the_end():
    """Loaded with the kept counts' triggers off, counted once afterwards: the counts are a recount's, on data
    already there and on the load, and the triggers count the writes that follow."""
    if connection.vendor != "postgresql":
        return  # SQLite keeps no counts
    _two_countries_meet(dt.date(2018, 6, 12))
    call_command("generate_demo_data", meetings=200, seed=5, stdout=None)
    _counts_as_recounted()
    _two_countries_meet(dt.date(2026, 7, 1))
    _counts_as_recounted()


def test_a_load_that_fails_writes_nothing_and_leaves_the_counts_triggers_on():
    if connection.vendor != "postgresql":
        return  # SQLite keeps no counts
    with pytest.raises(ValueError, match="bad row"), counted_after_load():
        _two_countries_meet(dt.date(2020, 1, 2))
        raise ValueError("bad row")
    assert not Meeting.objects.exists() and _triggers_off() == 0
    _two_countries_meet(dt.date(2020, 1, 2))
    _counts_as_recounted()
