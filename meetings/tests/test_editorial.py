"""Editorial workflow in admin: review, merge, aliases, history, access."""

import shutil

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from meetings.models import Article, Meeting, Participation, Person, ReviewStatus
from meetings.services.articles import import_paths
from meetings.services.editorial import add_alias, merge_people, review_meetings
from meetings.tests.factories import (
    EditorFactory,
    EvidenceFactory,
    MeetingFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


def admin_action(client, model, action, ids, **extra):
    return client.post(f"/admin/meetings/{model}/", {"action": action, "_selected_action": ids, **extra})


def test_bulk_verify_and_reject_record_who_and_when(client):
    editor = EditorFactory()
    client.force_login(editor)
    first, second = MeetingFactory(), MeetingFactory()
    admin_action(client, "meeting", "verify", [first.pk])
    admin_action(client, "meeting", "reject", [second.pk])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review_status, first.reviewed_by) == (ReviewStatus.VERIFIED, editor)
    assert (second.review_status, second.reviewed_by) == (ReviewStatus.REJECTED, editor)
    assert first.reviewed_at is not None
    assert first.history.latest().history_user == editor


def test_the_admin_list_filters_by_review_status(client):
    client.force_login(EditorFactory())
    MeetingFactory(title="Checked", review_status=ReviewStatus.VERIFIED)
    MeetingFactory(title="Draft")
    page = client.get("/admin/meetings/meeting/?review=verified").content.decode()
    assert "Checked" in page and "Draft" not in page


def test_merging_two_people_leaves_no_duplicate_participation_and_keeps_both_names():
    survivor = PersonFactory(name="Kim Jong Un", aliases=["Kim Jong-un"])
    duplicate = PersonFactory(name="Kim Jong-eun")
    shared_meeting = MeetingFactory()
    ParticipationFactory(meeting=shared_meeting, person=survivor, title="")
    theirs = ParticipationFactory(meeting=shared_meeting, person=duplicate, title="Chairman")
    EvidenceFactory(participation=theirs)
    only_theirs = ParticipationFactory(person=duplicate)
    PositionFactory(person=duplicate, title="Chairman of the State Affairs Commission")

    merge_people(survivor=survivor, others=[duplicate])

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    survivor.refresh_from_db()
    assert set(survivor.aliases) == {"Kim Jong-un", "Kim Jong-eun"}
    kept = Participation.objects.get(meeting=shared_meeting)
    assert kept.person == survivor and kept.title == "Chairman" and kept.evidence.count() == 1
    assert Participation.objects.get(pk=only_theirs.pk).person == survivor
    assert survivor.positions.get().title == "Chairman of the State Affairs Commission"


def test_merge_through_the_admin_action(client):
    client.force_login(EditorFactory())
    a, b = PersonFactory(name="Ri Yong Ho"), PersonFactory(name="Ri Yong-ho")
    ParticipationFactory(person=b)
    response = admin_action(client, "person", "merge_people", [a.pk, b.pk])
    assert "Merge" in response.content.decode()
    admin_action(client, "person", "merge_people", [a.pk, b.pk], apply="1", survivor=a.pk)
    assert list(Person.objects.values_list("name", flat=True)) == ["Ri Yong Ho"]
    assert Person.objects.get().aliases == ["Ri Yong-ho"]
    assert Participation.objects.get().person == a


def test_add_an_alias_through_the_admin_action(client):
    client.force_login(EditorFactory())
    person = PersonFactory(name="Kim Yong Chol")
    admin_action(client, "person", "add_alias", [person.pk], apply="1", alias="Kim Yong-chol")
    person.refresh_from_db()
    assert person.aliases == ["Kim Yong-chol"]


def test_an_admin_edit_is_recorded_with_who_when_and_what(client):
    editor = EditorFactory()
    client.force_login(editor)
    meeting = MeetingFactory(title="Old title", location="Seoul")
    data = {
        "title": "New title",
        "kind": meeting.kind,
        "status": meeting.status,
        "date": "2019-05-10",
        "date_precision": "day",
        "location": "Seoul",
        "notes": "",
        "source_note": "",
        "participations-TOTAL_FORMS": 0,
        "participations-INITIAL_FORMS": 0,
        "readouts-TOTAL_FORMS": 0,
        "readouts-INITIAL_FORMS": 0,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302
    latest = meeting.history.latest()
    assert latest.history_user == editor and latest.title == "New title"
    assert "title" in latest.diff_against(latest.prev_record).changed_fields
    assert LogEntry.objects.filter(object_id=str(meeting.pk), user=editor).exists()
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/history/").content.decode()
    assert "New title" in page and editor.username in page


def test_failed_admin_logins_are_throttled(settings):
    settings.AXES_FAILURE_LIMIT = 3
    editor = EditorFactory()
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [
        client.post("/admin/login/?next=/admin/", {"username": editor.username, "password": "wrong"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    # Locked out now, even with the right password.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": editor.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_works_before_any_lockout():
    editor = EditorFactory()
    client = Client(REMOTE_ADDR="203.0.113.8")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": editor.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(editor.pk)


MENTION = (
    " date 2019-05-10 South Korean nuclear envoy Yi Do-hun met U.S. Special Representative Stephen Biegun "
    "in Seoul on Friday, the foreign ministry said.\n"
)


def test_an_alias_added_in_admin_links_the_next_imports_mention(client, tmp_path, knowledge_base):
    (tmp_path / "before.txt").write_text(MENTION, encoding="utf-8")
    import_paths(paths=[tmp_path / "before.txt"])
    lee = Person.objects.get(name="Lee Do-hoon")
    assert not lee.participations.exists(), "an unknown spelling is not linked by surname alone"

    client.force_login(EditorFactory())
    admin_action(client, "person", "add_alias", [lee.pk], apply="1", alias="Yi Do-hun")

    # The record discovered as "Yi Do-hun" was the same person: it is merged, its name kept as an alias.
    assert not Person.objects.filter(name="Yi Do-hun").exists()
    (tmp_path / "after.txt").write_text(MENTION.replace("Friday,", "Friday again,"), encoding="utf-8")
    import_paths(paths=[tmp_path / "after.txt"])
    meeting = lee.participations.get().meeting
    assert {p.person.name for p in meeting.participations.all()} == {"Lee Do-hoon", "Stephen Biegun"}
    assert {e.article.slug for e in meeting.evidence.all()} == {"before", "after"}, "the new mention joins the meeting"


def test_an_alias_links_a_new_articles_mention_to_a_known_person(tmp_path, knowledge_base):
    lee = Person.objects.get(name="Lee Do-hoon")
    add_alias(person=lee, alias="Yi Do-hun")
    (tmp_path / "new.txt").write_text(MENTION, encoding="utf-8")
    import_paths(paths=[tmp_path / "new.txt"])
    assert not Person.objects.filter(name="Yi Do-hun").exists()
    assert lee.participations.get().meeting.evidence.get().article.slug == "new"


def test_rerunning_extraction_from_admin_uses_the_new_alias(client, tmp_path, knowledge_base):
    (tmp_path / "mention.txt").write_text(MENTION, encoding="utf-8")
    import_paths(paths=[tmp_path / "mention.txt"])
    lee = Person.objects.get(name="Lee Do-hoon")
    client.force_login(EditorFactory())
    admin_action(client, "person", "add_alias", [lee.pk], apply="1", alias="Yi Do-hun")
    article = Article.objects.get(slug="mention")
    response = admin_action(client, "article", "reextract", [article.pk])
    assert response.status_code == 302
    assert lee.participations.count() == 1
    assert Meeting.objects.count() == 1, "the re-run replaces the article's extracted meeting"


def test_verified_and_rejected_meetings_survive_a_reimport_of_a_changed_article(
    knowledge_base, seed_articles, tmp_path
):
    shutil.copy(seed_articles / "000_c10acb675f22a3b9.txt", tmp_path)
    shutil.copy(seed_articles / "002_637cbf2275d7c908.txt", tmp_path)
    assert import_paths(paths=[tmp_path]).failed == 0
    editor = EditorFactory()
    kang = Meeting.objects.get(participations__person__name="Kang Kyung-wha")
    kang.title, kang.location = "Biegun and Kang at MOFA", "Seoul, MOFA building"
    kang.save()
    review_meetings(meetings=Meeting.objects.filter(pk=kang.pk), status=ReviewStatus.VERIFIED, user=editor)
    kang.participations.filter(person__name="Kang Kyung-wha").update(title="Foreign Minister (checked)")
    hyun_chong = Meeting.objects.get(participations__person__name="Kim Hyun-chong")
    review_meetings(meetings=Meeting.objects.filter(pk=hyun_chong.pk), status=ReviewStatus.REJECTED, user=editor)
    before = {
        "kang": (
            kang.title,
            kang.location,
            kang.status,
            kang.date,
            sorted(kang.participations.values_list("person__name", "title")),
        ),
        "readouts": sorted(kang.readouts.values_list("issuer__name", "form")),
    }

    path = tmp_path / "000_c10acb675f22a3b9.txt"
    path.write_text((seed_articles / path.name).read_text(encoding="utf-8") + "\nThis paragraph was added later.\n")
    summary = import_paths(paths=[path])
    assert summary.updated == 1

    kang.refresh_from_db()
    assert (
        kang.title,
        kang.location,
        kang.status,
        kang.date,
        sorted(kang.participations.values_list("person__name", "title")),
    ) == before["kang"]
    assert sorted(kang.readouts.values_list("issuer__name", "form")) == before["readouts"]
    assert kang.review_status == ReviewStatus.VERIFIED
    hyun_chong_meetings = Meeting.objects.filter(participations__person__name="Kim Hyun-chong")
    assert list(hyun_chong_meetings.values_list("review_status", flat=True)) == [ReviewStatus.REJECTED]
