"""/countries/: each country with its count of meetings and people, linked from the menu."""

import re

import pytest

from meetings.tests.api_world import build_world

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[tuple[str, str, str]]:
    """(code, meetings, people) per table row, in the order shown."""
    return re.findall(
        r'href="/countries/([A-Z]{2})/".*?<td data-label="Meetings"><a [^>]*>(\d+)</a></td>'
        r'<td data-label="People">(\d+)</td>',
        html,
    )


def test_countries_are_listed_by_meetings_with_their_people(client):
    build_world()
    html = client.get("/countries/").content.decode()
    # KP: the summit, the call and the letter (not the rejected meeting); KR: talks, working group, call.
    assert rows(html) == [("KP", "3", "1"), ("KR", "3", "2"), ("US", "3", "1")]
    assert 'href="/meetings/?country=KP"' in html and "North Korea" in html


def test_the_menu_links_the_countries_page(client):
    html = client.get("/").content.decode()
    assert re.search(r'<nav aria-label="Main">.*href="/countries/".*</nav>', html, re.S)


def test_no_countries_yet(client, db):
    assert "No meetings recorded yet." in client.get("/countries/").content.decode()
