"""The editors' admin: adding a meeting through the forms, access rules, evidence shown."""

import pytest

from meetings.models import Meeting, ReviewStatus
from meetings.tests.factories import (
    EditorFactory,
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_an_editor_adds_a_meeting_with_two_participants_and_a_readout(client):
    client.force_login(EditorFactory())
    biegun = PersonFactory(name="Stephen Biegun", slug="stephen-biegun", country="US")
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang-kyung-wha", country="KR")
    state = OrganizationFactory(name="Department of State", slug="us-state", country="US")
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    data = {
        "title": "Biegun – Kang meeting",
        "kind": "meeting",
        "status": "held",
        "date": "2019-05-10",
        "date_precision": "day",
        "location": "Seoul",
        "notes": "",
        "source_note": "MOFA press release, 10 May 2019",
        **inline(
            "participations",
            [
                {
                    "person": biegun.pk,
                    "title": "Special Representative for North Korea",
                    "organization": state.pk,
                    "country": "US",
                },
                {"person": kang.pk, "title": "Minister of Foreign Affairs", "organization": mofa.pk, "country": "KR"},
            ],
        ),
        **inline(
            "readouts",
            [
                {
                    "issuer": mofa.pk,
                    "form": "read-out",
                    "language": "ko",
                    "quotes": "The door is open.",
                    "article": "",
                },
            ],
        ),
    }
    response = client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    meeting = Meeting.objects.get(title="Biegun – Kang meeting")
    assert sorted(meeting.participations.values_list("person__name", flat=True)) == ["Kang Kyung-wha", "Stephen Biegun"]
    readout = meeting.readouts.get()
    assert (readout.issuer, readout.form, readout.quotes) == (mofa, "read-out", ["The door is open."])
    # What an editor enters by hand is theirs: verified, so no re-import touches it.
    assert meeting.review_status == ReviewStatus.VERIFIED and meeting.reviewed_by is not None


def test_a_user_who_is_not_staff_is_refused(client):
    client.force_login(UserFactory())
    response = client.get("/admin/meetings/meeting/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editors_cannot_touch_users(client):
    client.force_login(EditorFactory())
    assert client.get("/admin/meetings/meeting/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_a_meeting_page_in_admin_shows_its_evidence_sentences(client):
    client.force_login(EditorFactory())
    meeting = MeetingFactory()
    EvidenceFactory(meeting=meeting, sentence="Biegun met Kang in Seoul on Friday.")
    participation = ParticipationFactory(meeting=meeting)
    EvidenceFactory(participation=participation, sentence="Kang, the foreign minister, said she was concerned.")
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "Biegun met Kang in Seoul on Friday." in page
    page = client.get(f"/admin/meetings/participation/{participation.pk}/change/").content.decode()
    assert "Kang, the foreign minister, said she was concerned." in page


@pytest.mark.parametrize(
    "model",
    [
        "meeting",
        "participation",
        "readout",
        "person",
        "position",
        "organization",
        "article",
        "evidence",
        "place",
        "countryalias",
    ],
)
def test_every_admin_list_renders_with_search(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    MeetingFactory()
    assert client.get(f"/admin/meetings/{model}/?q=seoul").status_code == 200


def test_imported_contacts_carry_the_extractors_confidence_and_why(imported_seeds):
    meetings = list(Meeting.objects.exclude(confidence=None))
    assert meetings and len(meetings) == Meeting.objects.count()
    assert all(0 < m.confidence <= 1 and m.extraction_cues for m in meetings)
    assert any(cue.startswith("reported as") for m in meetings for cue in m.extraction_cues)


def test_editors_review_the_least_certain_contacts_first(client):
    client.force_login(EditorFactory())
    MeetingFactory(title="Sure meeting", confidence=0.95, extraction_cues=["reported as “met”"])
    MeetingFactory(
        title="Pieced-together meeting",
        confidence=0.45,
        extraction_cues=["reported as “called”", "a side named in an earlier sentence"],
    )
    MeetingFactory(title="Hand-made meeting", confidence=None)
    low = client.get("/admin/meetings/meeting/", {"confidence": "low"})
    assert b"Pieced-together meeting" in low.content
    assert b"Sure meeting" not in low.content and b"Hand-made meeting" not in low.content
    by_confidence = client.get("/admin/meetings/meeting/", {"o": "7"}).content.decode()  # the confidence column
    assert by_confidence.index("Pieced-together meeting") < by_confidence.index("Sure meeting")
    meeting = Meeting.objects.get(title="Pieced-together meeting")
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "a side named in an earlier sentence" in page
