"""Which events a sentence reports, and whose account it cites: plans against held meetings, errands,
compound names, conditional offers, the story's city, spokespeople and the press; name variants; speed."""

import datetime as dt

from meetings.extraction import extract_article
from meetings.extraction.lexicon import Lexicon, korean_name_variants

from .conftest import FRIDAY, KNOWLEDGE


def contacts(lexicon, text, published=FRIDAY):
    return extract_article(body=text, published=published, lexicon=lexicon).contacts


def people(contact):
    return {p.person.name for p in contact.participants}


def issuers(contact):
    return {r.issuer.name for r in contact.readouts}


def test_a_plan_and_a_meeting_already_held_by_the_same_pair_are_two_contacts(lexicon):
    text = (
        "Stephen Biegun is expected to meet Kang Kyung-wha in Tokyo later this month. "
        "Biegun and Kang held talks in Seoul earlier this month."
    )
    planned, held = contacts(lexicon, text)
    assert (planned.status, planned.location) == ("planned", "Tokyo")
    assert (held.status, held.location, held.date.precision) == ("held", "Seoul", "month")


def test_a_reference_back_with_names_is_the_earlier_meeting_whatever_its_modality(lexicon):
    text = (
        "Stephen Biegun met Kang Kyung-wha in Seoul on Friday. "
        "Officials had planned to open Friday's meeting between Biegun and Kang to the media."
    )
    [c] = contacts(lexicon, text)
    assert c.status == "held"


def test_a_trip_to_deliver_a_message_is_a_meeting_with_its_addressee(lexicon):
    text = (
        "Last month, Kang Kyung-wha met Kim Jong-un and then traveled to Washington to convey to "
        "President Donald Trump a message from Kim."
    )
    by_people = {frozenset(people(c)): c for c in contacts(lexicon, text)}
    assert set(by_people) == {
        frozenset({"Kang Kyung-wha", "Kim Jong Un"}),
        frozenset({"Kang Kyung-wha", "Donald Trump"}),
    }
    errand = by_people[frozenset({"Kang Kyung-wha", "Donald Trump"})]
    assert (errand.status, errand.date.value, errand.date.precision) == ("held", dt.date(2019, 4, 1), "month")


def test_names_joined_by_a_hyphen_are_the_sides_of_the_event_they_name(lexicon):
    [c] = contacts(
        lexicon, "Taro Kono and Mike Pompeo to meet ahead of Trump-Kim summit", published=dt.date(2019, 1, 21)
    )
    assert people(c) == {"Taro Kono", "Mike Pompeo"} and c.status == "planned"


def test_a_conditional_offer_is_no_contact(lexicon):
    text = "Trump tells Kim Jong Un to call him should he change his mind about a one-on-one meeting."
    assert contacts(lexicon, text, published=dt.date(2018, 5, 24)) == []


def test_the_story_city_is_not_given_to_a_contact_of_two_visitors(lexicon):
    text = (
        "Stephen Biegun arrived in Seoul on Friday. He met Kang Kyung-wha in Seoul. "
        "Biegun also had dinner with Japanese foreign minister Taro Kono on Friday."
    )
    by_people = {frozenset(people(c)): c for c in contacts(lexicon, text)}
    assert by_people[frozenset({"Stephen Biegun", "Kang Kyung-wha"})].location == "Seoul"
    assert by_people[frozenset({"Stephen Biegun", "Taro Kono"})].location is None


def test_a_place_named_by_its_kind_first(lexicon):
    [c] = contacts(lexicon, "Stephen Biegun met Kang Kyung-wha at the border village of Panmunjom on Friday.")
    assert c.location == "Panmunjom"


def test_a_spokesperson_gives_the_office_account(lexicon):
    text = (
        "State Department spokesperson Morgan W. Ortagus provided the following readout: "
        "Secretary Pompeo met Japanese Foreign Minister Taro Kono in Tokyo on Friday."
    )
    [c] = contacts(lexicon, text)
    assert issuers(c) == {"Department of State"} and c.readouts[0].form == "read-out"


def test_an_official_speaking_is_not_the_office_account(lexicon):
    text = "Stephen Biegun met Kang Kyung-wha in Seoul on Friday, a foreign ministry official told reporters."
    [c] = contacts(lexicon, text)
    assert issuers(c) == set()


def test_the_independent_press_gives_no_official_account_but_state_media_does():
    knowledge = {
        **KNOWLEDGE,
        "organizations": [
            *KNOWLEDGE["organizations"],
            {"slug": "kp-cabinet", "name": "Cabinet", "country": "KP", "kind": "other"},
            {"slug": "kp-kcna-state", "name": "KCNA", "country": "KP", "kind": "media", "parent": "kp-cabinet"},
            {
                "slug": "kr-yonhap",
                "name": "Yonhap News Agency",
                "country": "KR",
                "kind": "media",
                "aliases": ["Yonhap"],
            },
        ],
    }
    lexicon = Lexicon.from_knowledge_base(knowledge)
    [press] = contacts(lexicon, "Kim Jong Un met Donald Trump in Hanoi on Friday, Yonhap said.")
    [state] = contacts(lexicon, "Kim Jong Un met Donald Trump in Hanoi on Friday, KCNA said.")
    assert issuers(press) == set() and issuers(state) == {"KCNA"}


def test_korean_names_are_one_person_in_any_romanization_and_spacing():
    assert {"Kim Yong-chol", "Kim Yongchol"} <= korean_name_variants("Kim Yong Chol")
    assert {"Ri Do-hoon", "Yi Do Hoon"} <= korean_name_variants("Lee Do-hoon")
    assert korean_name_variants("Kim Gunn") == {"Kim Gunn"}
    lexicon = Lexicon.from_knowledge_base({"people": [{"slug": "ri-yong-ho", "name": "Ri Yong Ho", "country": "KP"}]})
    assert [m.key for m in lexicon.match("Lee Yong-ho and Ri Yong-ho")] == ["ri-yong-ho", "ri-yong-ho"]


def test_a_host_welcoming_a_guest_holds_a_meeting_at_his_seat():
    knowledge = {
        **KNOWLEDGE,
        "places": [*KNOWLEDGE["places"][:1], {"name": "Washington", "country": "US", "aliases": ["White House"]}],
    }
    lexicon = Lexicon.from_knowledge_base(knowledge)
    text = "President Donald Trump welcomed South Korean President Moon Jae-in to the White House on Friday."
    [c] = contacts(lexicon, text)
    assert (c.kind, c.status, c.location) == ("summit", "held", "Washington")


def test_whose_adviser_someone_is_does_not_make_him_a_participant(lexicon):
    [c] = contacts(lexicon, "Moon Jae-in's foreign minister Kang Kyung-wha held talks with Mike Pompeo on Friday.")
    assert people(c) == {"Kang Kyung-wha", "Mike Pompeo"}


def test_a_role_named_in_apposition_is_that_person_and_he_continues_the_subject(lexicon):
    text = (
        "Mike Pompeo will hold talks with his Japanese counterpart, Foreign Minister Taro Kono, on Friday. "
        "He is also scheduled to meet Kang Kyung-wha, the foreign ministry said."
    )
    first, second = contacts(lexicon, text)
    assert people(first) == {"Mike Pompeo", "Taro Kono"} and people(second) == {"Mike Pompeo", "Kang Kyung-wha"}
    assert first.status == second.status == "planned"


def test_a_trip_to_brief_two_officials_is_planned_where_the_trip_goes(lexicon):
    text = (
        "Mike Pompeo will travel to Seoul on Sunday to brief President Moon Jae-in and Foreign Minister Kang Kyung-wha."
    )
    [c] = contacts(lexicon, text)
    assert people(c) == {"Mike Pompeo", "Moon Jae-in", "Kang Kyung-wha"}
    assert (c.status, c.location, c.date.value) == ("planned", "Seoul", dt.date(2019, 5, 12))


def test_hosting_an_event_is_not_hosting_a_guest(lexicon):
    assert (
        contacts(lexicon, "Moon Jae-in met Donald Trump, who praised the Games which Seoul will be hosting.")[0].kind
        == "summit"
    )
    [c] = contacts(lexicon, "Donald Trump will host Moon Jae-in in Washington next week.")
    assert (c.kind, c.status, c.location) == ("summit", "planned", "Washington")


def test_a_contact_of_visitors_takes_the_city_of_the_dateline(lexicon):
    text = "TOKYO -- Stephen Biegun held talks with Kang Kyung-wha on Friday. Biegun arrived in Tokyo on Thursday."
    [c] = contacts(lexicon, text)
    assert c.location == "Tokyo"


def test_bylines_and_credits_name_nobody_in_the_story(lexicon):
    text = (
        "By Choe Sang-Hun and Andrew Higgins\nYonhap reporter Park Min-hee contributed to this report.\n"
        "By Friday, Stephen Biegun had met Kang Kyung-wha in Seoul."
    )
    extraction = extract_article(body=text, published=FRIDAY, lexicon=lexicon)
    assert {p.person.name for p in extraction.people} == {"Stephen Biegun", "Kang Kyung-wha"}
    assert len(extraction.contacts) == 1


def test_state_media_filing_the_story_gives_the_account_of_its_lead():
    knowledge = {
        **KNOWLEDGE,
        "organizations": [
            *KNOWLEDGE["organizations"],
            {"slug": "kp-cabinet", "name": "Cabinet", "country": "KP", "kind": "other"},
            {"slug": "kp-kcna-state", "name": "KCNA", "country": "KP", "kind": "media", "parent": "kp-cabinet"},
        ],
    }
    lexicon = Lexicon.from_knowledge_base(knowledge)
    [c] = contacts(lexicon, "PYONGYANG, May 10 (KCNA) -- Kim Jong Un had talks with Donald Trump in Hanoi on Friday.")
    assert issuers(c) == {"KCNA"}


def test_an_account_belongs_to_a_contact_of_its_sides_and_of_the_people_it_names(lexicon):
    text = (
        "Taro Kono spoke by phone with Mike Pompeo on Thursday. "
        "Kim Jong Un sent a message to Moon Jae-in on Wednesday, KCNA said."
    )
    [c] = contacts(lexicon, text)
    assert issuers(c) == set()


def test_who_is_cited_as_the_source_is_no_participant(lexicon):
    [c] = contacts(lexicon, "Kim Jong Un met Donald Trump on Friday, according to Stephen Biegun.")
    assert people(c) == {"Kim Jong Un", "Donald Trump"}
