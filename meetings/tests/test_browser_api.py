"""The API's documentation page in Chromium: Swagger UI renders the schema from this server alone."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from meetings.tests.api_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def test_the_docs_render_every_list_and_try_one_without_leaving_the_server(page, live_server):
    build_world()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("diplo API").first.wait_for()
    for path in ["/api/meetings/", "/api/people/{slug}/", "/api/organizations/", "/api/readouts/", "/api/articles/"]:
        assert page.locator(f'.opblock-summary-path[data-path="{path}"]').count() == 1, path
    # Try the meetings list filtered by country, as an analyst would.
    page.locator('.opblock-summary-path[data-path="/api/meetings/"]').first.click()
    page.get_by_role("button", name="Try it out").click()
    page.locator('tr[data-param-name="person"] input').fill("kang")
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".responses-wrapper .live-responses-table .microlight").first
    body.wait_for()
    assert "Biegun – Kang talks" in body.inner_text() and "Summit plan" not in body.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))
    assert hosts == {urlsplit(live_server.url).netloc}, hosts
