"""A reader in Chromium: filter by country and ministry, open a meeting, follow a participant, download the CSV.

The data is built with the factories (not the importer), so that these tests follow the pages alone.
Screenshots of the main pages go to artifacts/screenshots/ for a person to look at.
"""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from meetings.models import ReviewStatus
from meetings.tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    ReadOutFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}

BODY = (
    "Stephen Biegun met South Korean foreign minister Kang Kyung-wha in Seoul on Friday.\n\n"
    "Biegun also held a meeting with Minister of Unification Kim Yeon-chul on Friday, the MOU said.\n\n"
    "\u201cBoth sides agreed that it is important to stably manage the situation,\u201d the ministry said. "
    "The MOFA said in a statement that the door remains open."
)


def sentence(body: str, starting: str) -> dict:
    start = body.index(starting)
    end = body.index(".", start) + 1
    return {"start": start, "end": end, "sentence": body[start:end]}


@pytest.fixture
def contacts():
    """Seoul and Washington in spring 2019: four meetings, read-outs from both sides, one source article."""
    state = OrganizationFactory(name="Department of State", slug="us-state", acronym="DOS", country="US")
    mofa = OrganizationFactory(
        name="Ministry of Foreign Affairs", slug="kr-mofa", acronym="MOFA", country="KR", aliases=["foreign ministry"]
    )
    mou = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", acronym="MOU", country="KR")
    biegun = PersonFactory(name="Stephen Biegun", slug="stephen-biegun", country="US")
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang-kyung-wha", country="KR")
    kim = PersonFactory(name="Kim Yeon-chul", slug="kim-yeon-chul", country="KR", aliases=["Kim Yeon-cheol"])
    lee = PersonFactory(name="Lee Do-hoon", slug="lee-do-hoon", country="KR")
    PositionFactory(
        person=biegun,
        organization=state,
        title="Special Representative for North Korea",
        start_date=dt.date(2018, 8, 23),
    )
    PositionFactory(
        person=kang, organization=mofa, title="Minister of Foreign Affairs", start_date=dt.date(2017, 6, 18)
    )
    PositionFactory(person=kim, organization=mou, title="Minister of Unification", start_date=dt.date(2019, 4, 8))
    envoy = "Special Representative for North Korea"

    def meeting(title, date, precision, people, location="Seoul", kind="meeting", **extra):
        m = MeetingFactory(title=title, date=date, date_precision=precision, location=location, kind=kind, **extra)
        for person, office, title_ in people:
            ParticipationFactory(meeting=m, person=person, organization=office, country=person.country, title=title_)
        return m

    kang_may = meeting(
        "Stephen Biegun – Kang Kyung-wha meeting",
        dt.date(2019, 5, 10),
        "day",
        [(biegun, state, envoy), (kang, mofa, "Minister of Foreign Affairs")],
    )
    kim_may = meeting(
        "Stephen Biegun – Kim Yeon-chul meeting",
        dt.date(2019, 5, 10),
        "day",
        [(biegun, state, envoy), (kim, mou, "Minister of Unification")],
    )
    meeting(
        "Stephen Biegun – Kim Yeon-chul meeting",
        dt.date(2019, 6, 28),
        "day",
        [(biegun, state, envoy), (kim, mou, "Minister of Unification")],
    )
    meeting(
        "Stephen Biegun – Lee Do-hoon working group",
        dt.date(2019, 3, 1),
        "month",
        [(biegun, state, envoy), (lee, mofa, "Special Representative")],
        location="Washington",
        kind="working_group",
    )
    meeting(
        "Lee Do-hoon – Stephen Biegun meeting",
        dt.date(2019, 6, 17),
        "week",
        [(lee, mofa, "Special Representative"), (biegun, state, envoy)],
        location="Washington",
    )
    meeting(
        "A meeting an editor rejected",
        dt.date(2019, 5, 11),
        "day",
        [(kim, mou, ""), (biegun, state, "")],
        review_status=ReviewStatus.REJECTED,
    )

    article = ArticleFactory(
        slug="000_c10acb675f22a3b9",
        published=dt.date(2019, 5, 10),
        body=BODY,
        title="U.S. envoy Biegun keeps the door open for dialogue with Pyongyang",
        outlet="NK News",
        source_url="https://www.nknews.org/2019/06/biegun-door-open/",
    )
    ReadOutFactory(
        meeting=kang_may,
        issuer=mofa,
        form="read-out",
        language="ko",
        article=article,
        quotes=["The door remains open."],
    )
    ReadOutFactory(meeting=kang_may, issuer=state, quotes=["Close coordination on North Korea."])
    ReadOutFactory(
        meeting=kim_may, issuer=mou, quotes=["Both sides agreed that it is important to stably manage the situation."]
    )
    EvidenceFactory(article=article, meeting=kang_may, **sentence(BODY, "Stephen Biegun met"))
    EvidenceFactory(article=article, meeting=kim_may, **sentence(BODY, "Biegun also held"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return {"article": article, "kim_may": kim_may}


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def test_a_reader_filters_opens_a_meeting_follows_a_participant_and_exports(page, live_server, contacts):
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("link", name="5 meetings").is_visible()  # the rejected one is not counted
    shot(page, "home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()

    # The filter form: South Korea and its unification ministry.
    page.get_by_role("group", name="Country").get_by_label("South Korea").check()
    # The office is a text box with suggestions (not a select of every office): typing part of the name
    # offers the office, and picking a suggestion puts its slug in the box.
    office = page.get_by_label("Ministry or office")
    office.fill("Unification")
    page.locator('#id_organization-options option[value="kr-mou"]').wait_for(state="attached")
    assert (
        page.locator("#id_organization-options option").first.get_attribute("label") == "Ministry of Unification (KR)"
    )
    office.fill("kr-mou")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/meetings/?*")
    assert "country=KR" in page.url and "organization=kr-mou" in page.url
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 2  # Biegun met Kim Yeon-chul in May and in June; the rejected meeting is hidden
    assert page.get_by_text("2 meetings").is_visible()
    assert page.get_by_role("link", name="Remove filter Ministry or office Ministry of Unification (KR)").is_visible()
    shot(page, "meetings-filtered")

    # The CSV of the filtered list: the same two meetings, in the same order.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    # The file's name says what was filtered and when; a byte order mark tells Excel it is UTF-8.
    assert download.suggested_filename == f"meetings_country-kr_organization-kr-mou_{dt.date.today().isoformat()}.csv"
    assert Path(download.path()).read_bytes().startswith(b"\xef\xbb\xbf")
    exported = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert [r["date"] for r in exported] == ["2019-06-28", "2019-05-10"]
    assert all(r["participants"] == "Stephen Biegun;Kim Yeon-chul" and r["countries"] == "US;KR" for r in exported)
    assert (
        exported[1]["source_citations"]
        == "NK News — U.S. envoy Biegun keeps the door open for dialogue with Pyongyang — "
        "https://www.nknews.org/2019/06/biegun-door-open/"
        and exported[1]["readout_issuers"] == "Ministry of Unification"
    )

    # Removing a filter keeps the other one.
    page.get_by_role("link", name="Remove filter Country South Korea").click()
    page.wait_for_url(lambda url: "country=" not in url)
    assert "organization=kr-mou" in page.url and "country=" not in page.url

    # A meeting, then one of its participants.
    page.get_by_role("link", name="Stephen Biegun – Kim Yeon-chul meeting").last.click()
    page.get_by_role("heading", name="What each side said").wait_for()
    assert page.get_by_role("heading", name="South Korea").is_visible()
    assert page.get_by_text("No account from United States of America is cited.").is_visible()
    shot(page, "meeting-detail")
    page.get_by_role("table").get_by_role("link", name="Kim Yeon-chul").click()
    page.get_by_role("heading", name="Kim Yeon-chul", level=1).wait_for()
    counterparts = page.locator("table.list").last
    assert counterparts.get_by_role("link", name="Stephen Biegun").is_visible()
    assert counterparts.locator("tbody tr").first.locator('td[data-label="Held"]').inner_text() == "2"
    shot(page, "person-detail")


def test_a_meeting_links_to_its_sentence_in_the_marked_article(page, live_server, contacts):
    page.goto(f"{live_server.url}{contacts['kim_may'].get_absolute_url()}")
    page.get_by_role("link", name="Biegun also held a meeting").click()
    page.wait_for_url("**/articles/000_c10acb675f22a3b9/#s*")
    target = page.locator(".evidence:target")
    assert target.inner_text().startswith("Biegun also held a meeting")
    assert target.locator("mark.person").first.inner_text() == "Biegun"
    assert target.locator("mark.organization").inner_text() == "MOU"
    assert target.locator("mark.date").inner_text() == "Friday"
    page.get_by_role("link", name="Kim Yeon-chul").first.click()  # a marked name is a link
    page.get_by_role("heading", name="Kim Yeon-chul", level=1).wait_for()
    page.go_back()
    shot(page, "article-detail")


def test_the_filter_form_works_without_javascript(browser, live_server, contacts):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/meetings/?sort=title")
    page.get_by_label("From").fill("2019-06")
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_role("button", name="Apply filters").click()
    # Without JavaScript the button submits the form: wait for the new page before reading it.
    page.wait_for_url(lambda url: "kind=meeting" in url)
    titles = page.locator("table.list tbody tr td:nth-child(3)").all_inner_texts()
    assert titles == ["Lee Do-hoon – Stephen Biegun meeting", "Stephen Biegun – Kim Yeon-chul meeting"]
    page.get_by_label("To").fill("2019-02-30")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(lambda url: "to=2019-02-30" in url)
    alert = page.get_by_role("alert")
    assert (
        "These filters could not be applied" in alert.inner_text() and "2019-02-30 is not a date." in alert.inner_text()
    )
    assert page.locator("table.list").count() == 0  # no "No meetings match" under an error
    context.close()


def test_other_pages_render_for_a_reader(page, live_server, contacts):
    for path, name in [
        ("/countries/KR/US/", "country-pair"),
        ("/countries/KR/", "country"),
        ("/readouts/", "readouts"),
        ("/organizations/kr-mofa/", "organization-detail"),
        ("/people/", "people"),
        ("/organizations/", "organizations"),
        ("/articles/", "articles"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").is_visible()
        shot(page, name)
    assert page.get_by_role(
        "link", name="U.S. envoy Biegun keeps the door open for dialogue with Pyongyang"
    ).is_visible()

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/meetings/")
    assert not page.get_by_label("Country").is_visible()  # the unused filter form is folded on a phone
    assert page.locator("table.list tbody tr").first.is_visible()
    shot(page, "meetings-phone", full_page=False)
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_label("Country").is_visible()
    page.goto(f"{live_server.url}{contacts['kim_may'].get_absolute_url()}")
    shot(page, "meeting-phone", full_page=False)
