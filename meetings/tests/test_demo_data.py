"""The scale benchmarks' data generator: it must keep writing every column the models have (on PostgreSQL it
writes with COPY, column by column, so a field added to a model without a value here broke it silently)."""

import pytest
from django.core.management import call_command

from meetings.models import Meeting, Participation

pytestmark = pytest.mark.django_db


def test_demo_data_fills_the_models_as_they_are_and_the_pages_show_it(client):
    call_command("generate_demo_data", meetings=60, seed=3, stdout=None)
    assert Meeting.objects.public().count() == 60
    assert Participation.objects.count() >= 120
    meeting = Meeting.objects.order_by("pk").first()
    assert (meeting.retired_at, meeting.last_record) == (None, {})
    assert client.get("/meetings/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
