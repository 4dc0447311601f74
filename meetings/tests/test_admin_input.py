"""Odd input an editor's browser may send to the admin gets an answer, never a server error."""

import pytest

from meetings.tests.factories import EditorFactory, MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    client.raise_request_exception = False  # a 500 shows as a status, as a browser would see it
    return client


@pytest.mark.parametrize(
    "model", ["meeting", "person", "organization", "article", "participation", "readout", "position"]
)
@pytest.mark.parametrize("suffix", ["history/", "history/1/", "history/abc/"])
@pytest.mark.parametrize("object_id", ["abc", "1.5", "%00", "99999999999999999999999"])
def test_history_pages_of_an_id_that_is_no_number_are_not_found(editor_client, model, suffix, object_id):
    response = editor_client.get(f"/admin/meetings/{model}/{object_id}/{suffix}")
    assert response.status_code == (400 if object_id == "%00" else 404), response.status_code


def test_history_of_a_real_meeting_still_shows(editor_client):
    meeting = MeetingFactory(title="Biegun – Kang meeting")
    assert editor_client.get(f"/admin/meetings/meeting/{meeting.pk}/history/").status_code == 200
    version = meeting.history.first()
    response = editor_client.get(f"/admin/meetings/meeting/{meeting.pk}/history/{version.history_id}/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "kind=%00",
        "status=a%00b",
        "review=%00",
        "date_precision=%00",
        "participations__country=%00",
        "q=%00",
        "date__gte=%00",
        "o=%00",
        "p=%00",
        "kind%00=x",
    ],
)
def test_nul_bytes_in_list_filters_are_refused_with_a_4xx(editor_client, query):
    MeetingFactory()
    response = editor_client.get(f"/admin/meetings/meeting/?{query}")
    assert response.status_code == 400, response.status_code


@pytest.mark.parametrize("term", ["%00", "Kim%00", "%00%00"])
def test_nul_bytes_in_the_autocomplete_term_are_refused_with_a_4xx(editor_client, term):
    ParticipationFactory(person=PersonFactory(name="Kim Yeon-chul"))
    response = editor_client.get(
        f"/admin/autocomplete/?term={term}&app_label=meetings&model_name=participation&field_name=person"
    )
    assert response.status_code == 400, response.status_code


def test_the_autocomplete_still_finds_people(editor_client):
    ParticipationFactory(person=PersonFactory(name="Kim Yeon-chul"))
    response = editor_client.get(
        "/admin/autocomplete/?term=Kim&app_label=meetings&model_name=participation&field_name=person"
    )
    assert [r["text"] for r in response.json()["results"]] == ["Kim Yeon-chul · South Korea"]


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?q=%00",
        "/meetings/export.csv?country=K%00R",
        "/meetings/?organization=%00",
        "/meetings/?person=a%00",
        "/meetings/?kind=%00",
        "/meetings/?date_from=2019%00",
        "/meetings/?sort=%00",
        "/meetings/?page=%00",
        "/people/?q=a%00",
        "/people/?organization=%00",
        "/readouts/?issuer=%00",
        "/readouts/?form=%00",
        "/organizations/?kind=%00",
        "/articles/?q=%00",
        "/readouts/?form%00=x",
    ],
)
def test_nul_bytes_on_public_pages_give_a_normal_page(client, url):
    client.raise_request_exception = False
    # A page shows the filter's error; a CSV of a filter that cannot be applied answers 400 with the reason.
    assert client.get(url).status_code == (400 if "export.csv" in url else 200)


@pytest.mark.parametrize("url", ["/articles/%00/", "/people/%00/", "/countries/%00/"])
def test_nul_bytes_in_a_public_address_are_not_found(client, url):
    client.raise_request_exception = False
    assert client.get(url).status_code == 404
