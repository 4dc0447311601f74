"""Contacts from sentences: triggers, negation and modality, kinds, dates, places, and read-outs."""

import datetime as dt

from meetings.extraction import extract_article

from .conftest import FRIDAY


def contacts(lexicon, text, published=FRIDAY):
    return extract_article(body=text, published=published, lexicon=lexicon).contacts


def people(contact):
    return {p.person.name for p in contact.participants}


def test_a_held_meeting_with_date_place_and_people(lexicon):
    [c] = contacts(lexicon, "Stephen Biegun met South Korean foreign minister Kang Kyung-wha in Seoul on Tuesday.")
    assert (c.kind, c.status, c.date.value, c.date.precision, c.location) == (
        "meeting",
        "held",
        dt.date(2019, 5, 7),
        "day",
        "Seoul",
    )
    assert people(c) == {"Stephen Biegun", "Kang Kyung-wha"}
    assert c.evidence.text.startswith("Stephen Biegun met")


def test_is_yet_to_meet_is_no_contact(lexicon):
    assert contacts(lexicon, "Stephen Biegun is yet to meet with Kang Kyung-wha during his visit.") == []
    assert contacts(lexicon, "Stephen Biegun did not meet Kang Kyung-wha on Friday.") == []


def test_a_planned_summit_of_leaders_points_forward(lexicon):
    [c] = contacts(lexicon, "President Moon Jae-in is set to meet President Trump on Sunday in Seoul.")
    assert (c.kind, c.status, c.date.value) == ("summit", "planned", dt.date(2019, 5, 12))


def test_a_cancelled_summit(lexicon):
    text = "Donald Trump announced that he had canceled a summit planned with Kim Jong Un in Singapore on June 12."
    [c] = contacts(lexicon, text, published=dt.date(2018, 5, 24))
    assert (c.kind, c.status, c.date.value) == ("summit", "cancelled", dt.date(2018, 6, 12))


def test_a_cancelled_briefing_beside_a_meeting_does_not_cancel_the_meeting(lexicon):
    text = (
        "Stephen Biegun met Kang Kyung-wha in Seoul on Friday. "
        "Biegun canceled a doorstep press briefing set to take place after the meeting."
    )
    [c] = contacts(lexicon, text)
    assert c.status == "held"


def test_a_phone_call_between_two_leaders(lexicon):
    [c] = contacts(lexicon, "The phone conversation between Donald Trump and Moon Jae-in on Tuesday covered food aid.")
    assert (c.kind, c.date.value, c.location) == ("phone_call", dt.date(2019, 5, 7), None)


def test_the_two_are_the_pair_just_talked_about(lexicon):
    text = "Stephen Biegun is yet to meet Kang Kyung-wha on this visit. The two last held talks in February."
    [c] = contacts(lexicon, text)
    assert people(c) == {"Stephen Biegun", "Kang Kyung-wha"} and (c.date.value, c.date.precision) == (
        dt.date(2019, 2, 1),
        "month",
    )


def test_speculation_and_habits_are_no_contacts(lexicon):
    assert contacts(lexicon, "The two men discussed a potential second summit between Trump and Kim Jong Un.") == []
    assert contacts(lexicon, "Stephen Biegun and Kang Kyung-wha plan to meet once a month.") == []


def test_officials_of_one_state_are_no_contact(lexicon):
    assert contacts(lexicon, "Moon Jae-in met Kang Kyung-wha at the Blue House on Friday.") == []


def test_mentions_of_one_meeting_are_merged(lexicon):
    text = (
        "Stephen Biegun met Kang Kyung-wha in Seoul on Friday. "
        "Friday's meeting between Biegun and Kang was closed to the media."
    )
    [c] = contacts(lexicon, text)
    assert c.evidence.text.startswith("Stephen Biegun met")


def test_a_readout_belongs_to_the_meeting_it_describes_with_form_and_language(lexicon):
    text = (
        "Stephen Biegun met Kang Kyung-wha in Seoul on Friday. "
        "“Both sides agreed to keep talking,” the MOFA said in a Korean-language statement."
    )
    [c] = contacts(lexicon, text)
    [r] = c.readouts
    assert (r.issuer.name, r.issuer.country, r.form, r.language) == (
        "Ministry of Foreign Affairs",
        "KR",
        "statement",
        "ko",
    )
    assert r.quotes == ("Both sides agreed to keep talking,",)


def test_a_readout_cited_before_its_meeting_is_attached_forward(lexicon):
    text = (
        "Kang Kyung-wha pressed for dialogue, the State Department said on Friday. "
        "Kang made the comments during a meeting with Stephen Biegun in Washington on Thursday, it added."
    )
    [c] = contacts(lexicon, text)
    assert [r.issuer.name for r in c.readouts] == ["Department of State"]


def test_a_shared_office_name_is_settled_by_the_country_named_with_it(lexicon):
    text = "Taro Kono spoke by phone with Mike Pompeo on Monday, the Japanese foreign ministry said."
    [c] = contacts(lexicon, text, published=dt.date(2019, 1, 21))
    assert c.kind == "phone_call" and [(r.issuer.name, r.issuer.country) for r in c.readouts] == [
        ("Ministry of Foreign Affairs", "JP")
    ]


def test_an_officials_remark_is_not_the_ministrys_readout(lexicon):
    text = (
        "Stephen Biegun met Kang Kyung-wha in Seoul on Friday. "
        "A foreign ministry official told reporters the plan changed."
    )
    [c] = contacts(lexicon, text)
    assert c.readouts == ()


def test_not_only_is_no_negation(lexicon):
    [c] = contacts(lexicon, "Mike Pompeo not only met Kang Kyung-wha but also Kim Jong Un on Friday.")
    assert people(c) == {"Mike Pompeo", "Kang Kyung-wha", "Kim Jong Un"} and c.status == "held"
