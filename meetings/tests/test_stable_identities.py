"""Records a reader can cite: a meeting's id and address survive re-imports, re-extractions and merges.

A re-import or re-extraction updates the meetings it finds again in place; a meeting no source reports any
more is retired (410 Gone with its last known record), never deleted; merged meetings and people redirect
(301) to the survivor; ids and slugs are never given to another record.
"""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Article, Meeting, Person, PersonRedirect, ReviewStatus
from meetings.services import editorial
from meetings.tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

SEED = "000_c10acb675f22a3b9.txt"


def run_import(*paths, **options) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, no_progress=True, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc.returncode
    return out.getvalue(), err.getvalue(), 0


@pytest.fixture
def seeds(tmp_path, seed_articles, knowledge_base) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(seed_articles, folder)
    return folder


def public_ids() -> set[int]:
    return set(Meeting.objects.public().values_list("pk", flat=True))


def answers(client, ids) -> dict[int, int]:
    return {pk: client.get(f"/meetings/{pk}/").status_code for pk in ids}


def test_re_importing_an_article_with_a_one_letter_typo_fixed_keeps_every_meeting_id(seeds, client):
    path = seeds / SEED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("foreign minister Kang Kyung-wha", "foreign minister Kang Kyng-wha"), "utf-8")
    assert run_import(seeds)[2] == 0
    before = public_ids()
    assert before

    path.write_text(text, encoding="utf-8")  # the typo fixed
    out, err, status = run_import(seeds)
    assert (status, err) == (0, ""), err
    assert "1 updated" in out and "0 created" in out
    assert public_ids() == before
    assert set(answers(client, before).values()) == {200}


def test_force_re_import_keeps_every_meeting_id_and_url(seeds, client):
    assert run_import(seeds)[2] == 0
    before = {m.pk: (m.title, m.date, m.get_absolute_url()) for m in Meeting.objects.public()}

    out, _, status = run_import(seeds, force=True)
    assert status == 0 and "0 created" in out and "0 retired" in out, out
    after = {m.pk: (m.title, m.date, m.get_absolute_url()) for m in Meeting.objects.public()}
    assert after == before
    assert set(answers(client, before).values()) == {200}


def test_re_extracting_from_admin_keeps_every_meeting_id(seeds, client):
    assert run_import(seeds)[2] == 0
    before = public_ids()
    client.force_login(EditorFactory())
    response = client.post(
        "/admin/meetings/article/",
        {"action": "reextract", "_selected_action": list(Article.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        f"Re-extracted 2 articles: {len(before)} meetings found again and kept at their addresses, none new, "
        "none retired; no new people." in response.content.decode()
    )
    assert public_ids() == before
    assert set(answers(client, before).values()) == {200}


def test_a_meeting_no_source_reports_any_more_is_retired_with_a_410_page_not_deleted(seeds, client):
    assert run_import(seeds)[2] == 0
    path = seeds / SEED
    text = path.read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if "working group" in line)
    before = public_ids()

    # The sentence that alone reports the working group's March meeting in Washington, taken out.
    path.write_text(text.replace(sentence, "Friday was otherwise quiet."), encoding="utf-8")
    out, _, status = run_import(seeds)
    gone = list(Meeting.objects.filter(pk__in=before - public_ids()))
    assert status == 0 and gone and f"{len(gone)} retired" in out, out
    assert {m.date.month for m in gone} == {3}
    for meeting in gone:
        meeting.refresh_from_db()
        assert meeting.retired_at is not None and "no longer" in meeting.retired_reason
        response = client.get(f"/meetings/{meeting.pk}/")
        assert response.status_code == 410
        page = response.content.decode()
        assert "Last known record" in page and "no longer" in page
        assert "Stephen Biegun" in page  # its participants as they were
        # Gone from every list, export, count and the API.
        assert meeting.pk not in public_ids()
        assert f"/meetings/{meeting.pk}/" not in client.get("/meetings/").content.decode()
        assert f"/meetings/{meeting.pk}/" not in b"".join(client.get("/meetings/export.csv").streaming_content).decode()
        assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 404

    # The sentence back: the same meetings, the same ids, public again.
    path.write_text(text, encoding="utf-8")
    out, _, status = run_import(seeds)
    assert status == 0 and "0 created" in out, out
    assert set(answers(client, [m.pk for m in gone]).values()) == {200}


def test_merged_meetings_redirect_to_the_survivor_and_re_imports_keep_the_merge(seeds, client):
    assert run_import(seeds)[2] == 0
    first, second = Meeting.objects.public().filter(evidence__article__slug=SEED[:-4]).distinct().order_by("pk")[:2]
    editor = EditorFactory()
    editorial.merge_meetings(survivor=first, others=[second], user=editor)
    count = len(public_ids())

    response = client.get(f"/meetings/{second.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/meetings/{first.pk}/"
    assert client.get(f"/meetings/{first.pk}/").status_code == 200

    out, _, status = run_import(seeds, force=True)
    assert status == 0 and "0 created" in out, out  # the merged contact is found again in the survivor
    assert len(public_ids()) == count
    assert client.get(f"/meetings/{second.pk}/")["Location"] == f"/meetings/{first.pk}/"
    first.refresh_from_db()
    assert first.review_status == ReviewStatus.VERIFIED


def test_merging_meetings_from_admin_says_how_many_and_redirects(seeds, client):
    assert run_import(seeds)[2] == 0
    ids = sorted(public_ids())[:3]
    client.force_login(EditorFactory())
    response = client.post(
        "/admin/meetings/meeting/", {"action": "merge_meetings", "_selected_action": ids}, follow=True
    )
    assert "Merged 2 meeting(s) into" in response.content.decode()
    for pk in ids[1:]:
        assert client.get(f"/meetings/{pk}/")["Location"] == f"/meetings/{ids[0]}/"


def test_a_merged_person_redirects_and_a_re_import_gives_the_slug_to_no_one(seeds, client):
    assert run_import(seeds)[2] == 0
    survivor = Person.objects.get(name="Stephen Biegun")
    other = Person.objects.create(name="S. Biegun", slug="s-biegun")
    editorial.merge_people(survivor=survivor, others=[other])

    response = client.get("/people/s-biegun/")
    assert response.status_code == 301 and response["Location"] == survivor.get_absolute_url()
    # A knowledge-base person merged away is not loaded again, and a chain of merges leads to the last survivor.
    kim = Person.objects.get(slug="kang-kyung-wha")
    editorial.merge_people(survivor=kim, others=[survivor])
    assert client.get("/people/s-biegun/")["Location"] == kim.get_absolute_url()
    assert client.get("/people/stephen-biegun/")["Location"] == kim.get_absolute_url()
    assert run_import(seeds, force=True)[2] == 0
    assert not Person.objects.filter(slug__in=["stephen-biegun", "s-biegun"]).exists()
    assert set(PersonRedirect.objects.values_list("slug", flat=True)) == {"s-biegun", "stephen-biegun"}


# --- Article identity ------------------------------------------------------------------------------

BODY = " date 2019-05-10 \n\nU.S. Special Representative Stephen Biegun met foreign minister Kang Kyung-wha in Seoul.\n"
OTHER = " date 2019-06-11 \n\nSecretary of State Mike Pompeo met Kim Yong Chol in New York on Tuesday.\n"


def test_unicode_and_case_differing_file_names_are_different_articles(tmp_path, knowledge_base):
    names = ["한국.txt", "北朝鮮.txt", "Report.txt", "report.txt"]
    for n, name in enumerate(names):
        (tmp_path / name).write_text(BODY.replace("2019-05-10", f"2019-05-1{n}"), encoding="utf-8")
    out, err, status = run_import(tmp_path)
    assert (status, err) == (0, ""), err
    assert "4 new" in out
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 4 and "report" in slugs
    assert all(len(slug) <= 120 for slug in slugs)

    out, _, status = run_import(tmp_path)  # the same paths again: nothing changes
    assert status == 0 and "4 unchanged" in out
    assert set(Article.objects.values_list("slug", flat=True)) == slugs


def test_same_named_files_in_two_folders_are_one_clear_error_naming_both(tmp_path, knowledge_base):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b" / "same.txt").write_text(OTHER, encoding="utf-8")

    out, err, status = run_import(tmp_path)
    assert status == 1
    [line] = err.strip().splitlines()
    assert str(tmp_path / "b" / "same.txt") in line and str(tmp_path / "a" / "same.txt") in line
    assert Article.objects.get().body.startswith("U.S. Special Representative")

    # Across two runs too: the second file is not taken for a new version of the first.
    meetings = public_ids()
    out, err, status = run_import(tmp_path / "b")
    assert status == 1 and str(tmp_path / "a" / "same.txt") in err
    assert Article.objects.get().body.startswith("U.S. Special Representative")
    assert public_ids() == meetings


def test_a_moved_folder_is_the_same_articles(tmp_path, knowledge_base):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    (old / "story.txt").write_text(BODY, encoding="utf-8")
    assert run_import(old)[2] == 0
    old.rename(new)
    (new / "story.txt").write_text(BODY.replace("in Seoul", "in Seoul on Friday"), encoding="utf-8")
    out, err, status = run_import(new)
    assert (status, err) == (0, "") and "1 updated" in out
    assert Article.objects.get().source_path == str((new / "story.txt").resolve())
