"""A reader in Chromium: filter by country and ministry, open a meeting, follow a participant, download the CSV."""
import csv
import io
from pathlib import Path

import pytest

from meetings.services.articles import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture
def seeded(seed_articles):
    summary = import_paths(paths=[seed_articles])
    assert summary.new == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_reader_filters_opens_a_meeting_follows_a_participant_and_exports(page, live_server, seeded):
    page.goto(f"{live_server.url}/")
    shot(page, "home")
    page.get_by_role("link", name="Meetings", exact=True).first.click()

    # The filter form: South Korea and its unification ministry.
    page.get_by_label("Country").select_option("KR")
    page.get_by_label("Ministry or office").select_option(label="Ministry of Unification (KR)")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/meetings/?*")
    assert "country=KR" in page.url and "organization=kr-mou" in page.url
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 2  # Biegun met Kim Yeon-chul in May and in June
    assert page.get_by_text("Ministry or office: Ministry of Unification (KR)").is_visible()
    shot(page, "meetings-filtered")

    # The CSV of the filtered list: the same two meetings.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    exported = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
    assert len(exported) == 2 and all("Kim Yeon-chul" in r["participants"] for r in exported)

    # A meeting, then one of its participants.
    rows.first.get_by_role("link").first.click()
    page.get_by_role("heading", name="What each side said").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().endswith("meeting")
    shot(page, "meeting-detail")
    page.get_by_role("link", name="Kim Yeon-chul").first.click()
    page.get_by_role("heading", name="Kim Yeon-chul").wait_for()
    assert page.get_by_role("heading", name="Counterparts").is_visible()
    assert page.locator("table.list").last.get_by_role("link", name="Stephen Biegun").is_visible()
    shot(page, "person-detail")


def test_other_pages_render_for_a_reader(page, live_server, seeded):
    for path, name in [("/articles/000_c10acb675f22a3b9/", "article-detail"), ("/countries/KR/US/", "country-pair"),
                       ("/readouts/", "readouts"), ("/organizations/kr-mofa/", "organization-detail")]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").is_visible()
        shot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/meetings/")
    shot(page, "meetings-phone")
    assert page.locator("table.list tbody tr").first.is_visible()
