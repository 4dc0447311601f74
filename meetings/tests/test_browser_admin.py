"""An editor at work in a real browser: log in, verify a meeting, correct a participant's title."""

from pathlib import Path

import pytest

from meetings.models import Meeting, Participation, ReviewStatus
from meetings.tests.factories import (
    PASSWORD,
    ArticleFactory,
    EditorFactory,
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)
from meetings.tests.test_import import GOOD, run_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def test_an_editor_verifies_a_meeting_and_corrects_a_title(page, live_server):
    editor = EditorFactory(username="editor")
    meeting = MeetingFactory(title="Biegun – Kim Yeon-chul meeting")
    kim = ParticipationFactory(
        meeting=meeting, person=PersonFactory(name="Kim Yeon-chul"), title="Minster of Unifcation"
    )
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Stephen Biegun", country="US"), country="US")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # Verify from the list with the bulk action.
    page.goto(f"{live_server.url}/admin/meetings/meeting/")
    page.locator(f"input[name='_selected_action'][value='{meeting.pk}']").check()
    page.locator("select[name='action']").select_option("verify")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("1 meeting(s) marked verified").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-meetings-verified.png"), full_page=True)

    # Correct the participant's title in the meeting's inline.
    page.get_by_role("link", name="Biegun – Kim Yeon-chul meeting").click()
    title_input = page.locator("input[name$='-title'][value='Minster of Unifcation']")
    title_input.fill("Minister of Unification")
    page.screenshot(path=str(SCREENSHOTS / "admin-meeting-change.png"), full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()

    meeting.refresh_from_db()
    assert meeting.review_status == ReviewStatus.VERIFIED and meeting.reviewed_by == editor
    assert Participation.objects.get(pk=kim.pk).title == "Minister of Unification"
    assert Meeting.objects.get(pk=meeting.pk).history.filter(history_user=editor).exists()


def test_the_content_security_policy_blocks_nothing_diplo_or_the_admin_needs(page, live_server):
    """Every script and style the pages use comes from files, so the strict policy refuses nothing."""
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    editor = EditorFactory()
    meeting = MeetingFactory(title="Biegun – Kim Yeon-chul meeting")
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Kim Yeon-chul"))

    for path in ["/", "/meetings/", f"/meetings/{meeting.pk}/", "/admin/login/"]:
        page.goto(f"{live_server.url}{path}")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/meetings/meeting/")
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")
    # The participants' autocomplete (Select2) and the date widgets run from the admin's script files.
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Kim")
    page.get_by_role("option", name="Kim Yeon-chul").wait_for()
    assert page.locator("#calendarlink0, .datetimeshortcuts").count() > 0
    assert refused == []


# The narrowest laptop screen editors use: a change page wider than this scrolls sideways, hiding fields.
LAPTOP = {"width": 1366, "height": 768}


def test_the_meeting_change_page_fits_a_1366_pixel_window(page, live_server):
    editor = EditorFactory()
    meeting = MeetingFactory(
        title="Special Representative Stephen Biegun – Vice Foreign Minister Choe Son Hui working-level talks",
        location="Panmunjom, Joint Security Area",
        extraction_cues=["reported as “held talks with”", "a side named in an earlier sentence"],
    )
    state = OrganizationFactory(name="Office of the Special Representative for North Korea, Department of State")
    ParticipationFactory(
        meeting=meeting,
        person=PersonFactory(name="Stephen Biegun", country="US"),
        title="Special Representative for North Korea and Deputy Secretary of State",
        organization=state,
        country="US",
    )
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Choe Son Hui", country="KP"), country="KP")
    ReadOutFactory(meeting=meeting, issuer=state, quotes=["The door is open. " * 12, "We remain committed."])
    article = ArticleFactory(slug="a-long-article-slug-" + "x" * 80, title="A very long headline " * 6)
    EvidenceFactory(meeting=meeting, article=article, sentence="Biegun met Choe at Panmunjom on Friday. " * 6)

    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-meeting-change-1366.png"), full_page=True)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"
    # Every field can be reached without scrolling sideways: the last column of the participants too.
    box = page.locator("select[name='participations-0-country']").bounding_box()
    assert box and box["x"] + box["width"] <= LAPTOP["width"]
    # The add form as well, once a participant is chosen.
    page.goto(f"{live_server.url}/admin/meetings/meeting/add/")
    page.locator("#participations-group .add-row a").click()
    page.locator("select[name='participations-0-country']").wait_for()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the add page is {widths[0]} px wide in a {widths[1]} px window"


def test_reextracting_an_article_in_admin_keeps_the_meetings_address(page, live_server, tmp_path):
    """An analyst's link to a meeting still opens that meeting after an editor re-runs extraction on its source."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "seoul.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sources.tsv").write_text(
        "slug\turl\tdate\toutlet\ttitle\n"
        "seoul\thttps://news.example.org/2019/05/10/envoys\t2019-05-10\tExample News\tEnvoys meet in Seoul\n",
        encoding="utf-8",
    )
    out, err, error = run_import(tmp_path / "articles")
    assert error is None, err
    meeting = Meeting.objects.public().get()
    old_url = f"{live_server.url}{meeting.get_absolute_url()}"
    page.goto(old_url)
    heading = page.locator("h1").inner_text()

    editor = EditorFactory()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/meetings/article/")
    page.locator("input[name='_selected_action']").first.check()
    page.locator("select[name='action']").select_option("reextract")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("Re-extracted 1 article: 1 meeting found again and kept at its address").wait_for()

    response = page.goto(old_url)
    assert response.status == 200 and page.url == old_url
    assert page.locator("h1").inner_text() == heading
    # Its source is cited by outlet, title and address; the page says the record is not yet checked.
    source = page.locator("section.source")
    assert "Envoys meet in Seoul" in source.inner_text() and "Example News" in source.inner_text()
    assert source.locator("a.source-url").get_attribute("href") == "https://news.example.org/2019/05/10/envoys"
    assert "not yet checked by an editor" in page.locator("article.meeting").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "meeting-after-reextraction.png"), full_page=True)
    assert list(Meeting.objects.public().values_list("pk", flat=True)) == [meeting.pk]
