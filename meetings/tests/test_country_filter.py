"""The country filter as a reader meets it: boxes to tick for the countries the data has (busiest first, no
Ctrl-click), and, with two countries chosen, chips that say whether the list means either, both or only them."""

import datetime as dt
import re

import pytest

from meetings.models import Person
from meetings.tests.factories import MeetingFactory, OrganizationFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts():
    kim = PersonFactory(name="Kim Yo-jong", slug="kim", country="KP")
    moon = PersonFactory(name="Moon Jae-in", slug="moon", country="KR")
    pompeo = PersonFactory(name="Mike Pompeo", slug="pompeo", country="US")
    abe = PersonFactory(name="Shinzo Abe", slug="abe", country="JP")

    def contact(title, *people, day=1):
        meeting = MeetingFactory(title=title, date=dt.date(2019, 5, day))
        for person in people:
            ParticipationFactory(meeting=meeting, person=person, country=person.country)

    contact("Moon and Pompeo", moon, pompeo, day=1)
    contact("Moon and Pompeo again", moon, pompeo, day=2)
    contact("Moon, Pompeo and Abe", moon, pompeo, abe, day=3)
    contact("Kim and Moon", kim, moon, day=4)
    contact("Moon alone", moon, day=5)


def country_boxes(page: str) -> list[tuple[str, bool, str]]:
    """(code, ticked, name) of each box of the country filter, in order."""
    group = page.split('<div class="checks" role="group" id="id_country"')[1].split("</div>")[0]
    return [
        (code, bool(checked), name.strip())
        for code, checked, name in re.findall(r'value="(\w+)"( checked)?> ([^<]+)</label>', group)
    ]


def titles(client, query: str) -> list[str]:
    return sorted(m.title for m in client.get("/meetings/?" + query).context["object_list"])


def test_the_country_filter_offers_a_box_per_country_the_data_has_busiest_first(client, contacts):
    page = client.get("/meetings/").content.decode()
    assert country_boxes(page) == [
        ("KR", False, "South Korea"),
        ("US", False, "United States of America"),
        ("JP", False, "Japan"),
        ("KP", False, "North Korea"),
    ]
    assert '<select name="country"' not in page and "Ctrl" not in page
    # Its name labels the group of boxes.
    assert '<span class="label" id="id_country-label">Country</span>' in page
    assert 'aria-labelledby="id_country-label"' in page


def test_the_countries_of_people_and_offices_without_contacts_come_last_each_once(client, contacts):
    for i in range(3):
        PersonFactory(name=f"Envoy Batbayar{i}", country="MN")
    OrganizationFactory(name="Ministry of Foreign Affairs of Mongolia", country="MN")
    OrganizationFactory(name="Ministry of Foreign Affairs of Laos", country="LA")
    codes = [code for code, _, _ in country_boxes(client.get("/meetings/").content.decode())]
    assert codes == ["KR", "US", "JP", "KP", "LA", "MN"]  # no contact: by name, after the busy ones


def test_a_ticked_country_stays_ticked_and_one_the_data_lacks_is_offered_too(client, contacts):
    page = client.get("/meetings/?country=us&country=FR").content.decode()
    boxes = country_boxes(page)
    assert boxes[0] == ("FR", True, "France")  # chosen by a link, no data: still shown, ticked, removable
    assert ("US", True, "United States of America") in boxes and ("KR", False, "South Korea") in boxes
    assert 'France <a href="?country=us" aria-label="Remove filter Country France">' in page.replace("</strong>", "")


def test_the_people_and_offices_lists_offer_the_same_boxes(client, contacts):
    for url in ("/people/", "/organizations/", "/readouts/", "/network/"):
        codes = [code for code, _, _ in country_boxes(client.get(url).content.decode())]
        assert codes[:2] == ["KR", "US"] and len(codes) == 4, url


def test_two_countries_say_either_in_their_chips_and_offer_both_and_only_them(client, contacts):
    page = client.get("/meetings/?country=KR&country=US").content.decode()
    mode = page.split('<li class="country-mode">')[1].split("</li>")[0]
    assert re.sub(r"<[^>]+>", "", mode) == (
        "Countries: either (contacts with an official of any of them) · both · only these two"
    )
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', mode)
    links = {word: href.replace("&amp;", "&") for href, word in found}
    assert links == {
        "both": "?country=KR&country=US&country_mode=all",
        "only these two": "?country=KR&country=US&country_mode=only",
    }
    # A participant whose country is not known is no other country: the meeting is still theirs alone.
    aided = MeetingFactory(title="Moon and Pompeo with an aide", date=dt.date(2019, 5, 6))
    for person in Person.objects.filter(slug__in=["moon", "pompeo"]):
        ParticipationFactory(meeting=aided, person=person, country=person.country)
    ParticipationFactory(meeting=aided, person=PersonFactory(name="An aide", slug="aide", country=""), country="")
    either = ["Kim and Moon", "Moon alone", "Moon and Pompeo", "Moon and Pompeo again", "Moon and Pompeo with an aide"]
    assert titles(client, "country=KR&country=US") == [*either, "Moon, Pompeo and Abe"]
    pairs = ["Moon and Pompeo", "Moon and Pompeo again", "Moon and Pompeo with an aide"]
    assert titles(client, links["both"][1:]) == [*pairs, "Moon, Pompeo and Abe"]
    assert titles(client, links["only these two"][1:]) == pairs
    both = client.get("/meetings/" + links["both"]).content.decode()
    assert '<strong aria-current="true">both</strong> <span class="meaning">(contacts between them)</span>' in both
    assert ">either</a>" in both


def test_one_country_has_no_mode_to_choose_and_three_read_all_of_them(client, contacts):
    assert 'class="country-mode"' not in client.get("/meetings/?country=KR").content.decode()
    page = client.get("/meetings/?country=KR&country=US&country=JP&country_mode=all").content.decode()
    mode = re.sub(r"<[^>]+>", "", page.split('<li class="country-mode">')[1].split("</li>")[0])
    assert mode == "Countries: any of them · all of them (contacts between them) · only these"
    assert titles(client, "country=KR&country=US&country=JP&country_mode=all") == ["Moon, Pompeo and Abe"]


def test_the_filter_form_works_without_javascript(client, contacts):
    # The boxes and the mode are plain form fields: submitting the form is a GET with country and country_mode.
    page = client.get("/meetings/").content.decode()
    form = page.split('<form method="get" class="filters"')[1].split("</form>")[0]
    assert form.count('type="checkbox" name="country"') == 4
    assert (
        '<select name="country_mode"' in form and '<option value="only">only them (no other country)</option>' in form
    )
    assert "<script" not in form
