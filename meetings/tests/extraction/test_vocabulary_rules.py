"""The vocabulary's rules on sentences of our own, about officials no knowledge base knows.

Each rule has a sentence where it fires, one where it must not, and a rephrasing; publication
dates vary and cross a year boundary ("Tuesday" in an article of Thursday 2 January 2020 is 31 December 2019).
"""

import datetime as dt

import pytest

from meetings.extraction import extract_article
from meetings.extraction.lexicon import Lexicon
from meetings.extraction.vocabulary.contacts import DOUBLED_VERBS, IRREGULAR_VERBS
from meetings.extraction.vocabulary.posts import country_of_title, office_of_title
from meetings.extraction.vocabulary.templates import inflections

NEW_YEAR = dt.date(2020, 1, 2)  # a Thursday
MID_MONTH = dt.date(2023, 8, 17)  # a Thursday


def contacts(lexicon, text, published=NEW_YEAR):
    return extract_article(body=text, published=published, lexicon=lexicon).contacts


def names(contact):
    return {p.person.name for p in contact.participants}


def by_name(contact):
    return {p.person.name: p for p in contact.participants}


# --- posts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "country"),
    [
        ("Secretary of State", "US"),
        ("Deputy Secretary of State", "US"),
        ("Minister of Unification", "KR"),
        ("Chief Cabinet Secretary", "JP"),
        ("State Councilor", "CN"),
        ("Foreign Minister", None),
        ("President", None),
        ("Secretary of State for Foreign and Commonwealth Affairs", "GB"),
    ],
)
def test_a_title_alone_gives_the_country_only_when_one_country_uses_it(title, country):
    assert country_of_title(title) == country


def test_a_shared_title_gives_the_office_of_the_country_the_text_names():
    assert office_of_title("First Vice Foreign Minister", "KR") == "kr-mofa"
    assert office_of_title("First Vice Foreign Minister", "JP") == "jp-mofa"
    assert office_of_title("Defence Minister", "RU") == "ru-mod"
    assert office_of_title("Foreign Minister", None) is None


def test_an_unknown_official_takes_his_country_from_a_one_country_title(lexicon):
    [c] = contacts(
        lexicon, "Secretary of State Harlan Voss met Minister of Unification Park Min-seo in Seoul on Tuesday."
    )
    people = by_name(c)
    assert (people["Harlan Voss"].country, people["Park Min-seo"].country) == ("US", "KR")
    assert people["Harlan Voss"].organization.slug == "us-state"
    assert (c.date.value, c.location) == (dt.date(2019, 12, 31), "Seoul")


def test_officials_of_one_state_are_no_contact(lexicon):
    assert (
        contacts(lexicon, "Minister of Unification Park Min-seo met Foreign Minister Choi Ji-hoon in Seoul on Tuesday.")
        == []
    )
    assert (
        contacts(lexicon, "Secretary of State Harlan Voss met Deputy Secretary of State Dana Whitcomb on Tuesday.")
        == []
    )


def test_an_official_whose_state_is_never_given_may_be_the_other_side(lexicon):
    [c] = contacts(lexicon, "Ambassador Loren Ashby met Minister of Unification Park Min-seo in Seoul on Tuesday.")
    assert names(c) == {"Loren Ashby", "Park Min-seo"}


def test_a_bare_title_in_a_story_filed_from_a_capital_is_that_countrys_post(lexicon):
    text = "WASHINGTON — President Harlan Voss hosted South Korean President Park Min-seo at the White House on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Harlan Voss"].country == "US"
    [c] = contacts(
        lexicon, "President Harlan Voss hosted South Korean President Park Min-seo on Monday.", published=MID_MONTH
    )
    assert by_name(c)["Harlan Voss"].country is None  # no dateline: the text does not say


def test_a_contact_the_text_gives_no_date_is_dated_about_the_story_not_on_its_day(lexicon):
    [c] = contacts(lexicon, "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo in Seoul.")
    assert (c.date.value, c.date.precision) == (NEW_YEAR, "week")
    [c] = contacts(
        lexicon, "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo in Seoul today."
    )
    assert (c.date.value, c.date.precision) == (NEW_YEAR, "day")


# --- contact cues ----------------------------------------------------------------------------------


def test_inflections_follow_the_spelling_rules_and_the_irregular_table():
    assert inflections("meet", IRREGULAR_VERBS) == ["meet", "meets", "met"]  # "meeting" is a noun with its own cues
    assert inflections("confer", IRREGULAR_VERBS, DOUBLED_VERBS) == ["confer", "confers", "conferred", "conferring"]
    assert inflections("reply", IRREGULAR_VERBS) == ["reply", "replies", "replied", "replying"]
    assert inflections("agree", IRREGULAR_VERBS) == ["agree", "agrees", "agreed", "agreeing"]
    assert inflections("sit down", IRREGULAR_VERBS, DOUBLED_VERBS) == [
        "sit down",
        "sits down",
        "sat down",
        "sitting down",
    ]


@pytest.mark.parametrize(
    ("wording", "kind"),
    [
        ("phoned", "phone_call"),
        ("telephoned", "phone_call"),
        ("called", "phone_call"),
        ("spoke by phone with", "phone_call"),
        ("held phone talks with", "phone_call"),
        ("talked over the phone with", "phone_call"),
        ("held a virtual meeting with", "video_call"),
        ("held a video conference with", "video_call"),
        ("conferred with", "meeting"),
        ("held discussions with", "meeting"),
        ("received", "meeting"),
        ("hosted", "meeting"),
        ("paid a courtesy call on", "meeting"),
        ("dined with", "meeting"),
        ("talked with", "meeting"),
        ("sat down with", "meeting"),
        ("conducted talks with", "meeting"),
        ("wrote to", "letter"),
        ("received a courtesy call from", "meeting"),
        ("exchanged views with", "meeting"),
        ("hosted a banquet in honor of", "meeting"),
        ("had a talk with", "meeting"),
        ("spoke today with", "meeting"),
    ],
)
def test_each_wording_of_a_contact_is_found(lexicon, wording, kind):
    text = f"Secretary of State Harlan Voss {wording} South Korean Foreign Minister Park Min-seo on Tuesday."
    [c] = contacts(lexicon, text)
    assert (c.kind, names(c)) == (kind, {"Harlan Voss", "Park Min-seo"})


@pytest.mark.parametrize(
    "sentence",
    [
        "Secretary of State Harlan Voss called for restraint after South Korean Foreign Minister Park Min-seo spoke.",
        (
            "Secretary of State Harlan Voss hosted the annual forum, which South Korean Foreign "
            "Minister Park Min-seo skipped."
        ),
        (
            "Secretary of State Harlan Voss spoke to reporters about South Korean Foreign Minister "
            "Park Min-seo on Tuesday."
        ),
        (
            "Secretary of State Harlan Voss exchanged views with reporters on what South Korean Foreign "
            "Minister Park Min-seo said."
        ),
        "Secretary of State Harlan Voss hosted a reception for the press after Park Min-seo left.",
    ],
)
def test_a_verb_that_takes_a_person_is_no_contact_without_one(lexicon, sentence):
    assert contacts(lexicon, sentence) == []


def test_a_call_named_after_a_meeting_verb_is_a_call(lexicon):
    [c] = contacts(
        lexicon,
        "Foreign Minister Park Min-seo spoke with Secretary of State Harlan Voss by phone on Friday.",
        published=MID_MONTH,
    )
    assert c.kind == "phone_call"


# --- lists and counterparts ------------------------------------------------------------------------


def test_a_list_of_counterparts_is_one_bilateral_contact_each(lexicon):
    text = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo, Minister of Unification "
        "Choi Ji-hoon and South Korean Defense Minister Oh Tae-yang in Seoul on Tuesday."
    )
    found = contacts(lexicon, text)
    assert sorted(sorted(names(c)) for c in found) == [
        ["Choi Ji-hoon", "Harlan Voss"],
        ["Harlan Voss", "Oh Tae-yang"],
        ["Harlan Voss", "Park Min-seo"],
    ]


def test_people_who_sat_together_are_one_contact(lexicon):
    text = (
        "Secretary of State Harlan Voss held a trilateral meeting with South Korean Foreign Minister Park Min-seo "
        "and Japanese Foreign Minister Kenji Arakawa in Tokyo on Tuesday."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Harlan Voss", "Park Min-seo", "Kenji Arakawa"}


def test_a_counterpart_in_apposition_holds_the_same_post(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo and his Chinese counterpart, Liang Weiqing, "
        "spoke by phone on Friday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    liang = by_name(c)["Liang Weiqing"]
    assert (liang.country, liang.title) == ("CN", "Foreign Minister")
    assert c.date.value == dt.date(2023, 8, 11)


# --- the lexicon -----------------------------------------------------------------------------------


def test_an_acronym_matches_only_in_capitals():
    lexicon = Lexicon.from_knowledge_base(
        {
            "organizations": [
                {"slug": "un", "name": "United Nations", "acronym": "UN", "country": None, "kind": "international"}
            ]
        }
    )
    assert [m.key for m in lexicon.match("The UN said so.")] == ["un"]
    assert lexicon.match("North Korean leader Kim Jong Un said so.") == []


# --- modality --------------------------------------------------------------------------------------


def test_a_modal_governs_its_whole_clause(lexicon):
    text = (
        "Park Min-seo, South Korea's special representative for Korean Peninsula peace and security affairs, will "
        "have back-to-back meetings with Secretary of State Harlan Voss on Monday."
    )
    [c] = contacts(lexicon, text)
    assert (c.status, c.date.value) == ("planned", dt.date(2020, 1, 6))
    text = (
        "Secretary of State Harlan Voss, who will retire in June, met South Korean Foreign "
        "Minister Park Min-seo on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.status, c.date.value) == ("held", dt.date(2023, 8, 14))


def test_leaving_without_meeting_someone_is_no_contact(lexicon):
    text = "Secretary of State Harlan Voss left Seoul without meeting South Korean Foreign Minister Park Min-seo."
    assert contacts(lexicon, text) == []
    assert contacts(
        lexicon, "Secretary of State Harlan Voss left Seoul after meeting South Korean Foreign Minister Park Min-seo."
    )


def test_a_call_rescheduled_after_one_was_postponed_is_two_events(lexicon):
    text = (
        "Foreign Minister Park Min-seo and his Chinese counterpart, Liang Weiqing, are scheduled to speak by phone at "
        "7 p.m., after a phone call on Wednesday was postponed at Beijing's request."
    )
    found = sorted((c.status, c.date.value, c.date.precision) for c in contacts(lexicon, text))
    assert found == [("cancelled", dt.date(2020, 1, 1), "day"), ("planned", NEW_YEAR, "day")]


def test_an_hour_without_a_day_is_the_storys_day(lexicon):
    text = "Secretary of State Harlan Voss will meet South Korean Foreign Minister Park Min-seo at 10 a.m. in Seoul."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.date.precision) == (MID_MONTH, "day")
    [c] = contacts(
        lexicon,
        "Secretary of State Harlan Voss will meet South Korean Foreign Minister Park Min-seo in Seoul.",
        published=MID_MONTH,
    )
    assert c.date.precision == "month"


def test_the_next_name_of_a_list_of_people_is_a_person(lexicon):
    text = (
        "Park Min-seo will hold trilateral talks with his American and Japanese counterparts, Harlan Voss and "
        "Kenji Arakawa, in Tokyo on Friday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Park Min-seo", "Harlan Voss", "Kenji Arakawa"}


def test_who_reports_a_contact_of_others_does_not_take_part(lexicon):
    text = (
        "Secretary of State Harlan Voss stated that Foreign Minister Liang Weiqing of China had met South Korean "
        "Foreign Minister Park Min-seo on Tuesday."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Liang Weiqing", "Park Min-seo"}
    [c] = contacts(
        lexicon,
        "Secretary of State Harlan Voss said that he met South Korean Foreign Minister Park Min-seo on Tuesday.",
    )
    assert names(c) == {"Harlan Voss", "Park Min-seo"}


@pytest.mark.parametrize(
    "sentence",
    [
        (
            "Secretary of State Harlan Voss and South Korean Foreign Minister Park Min-seo appear "
            "likely to hold talks soon."
        ),
        "Secretary of State Harlan Voss has sought a meeting with South Korean Foreign Minister Park Min-seo.",
        (
            "Secretary of State Harlan Voss and South Korean Foreign Minister Park Min-seo only "
            "exchanged greetings at the forum."
        ),
    ],
)
def test_hoped_for_contacts_and_greetings_are_no_contact(lexicon, sentence):
    assert contacts(lexicon, sentence) == []


def test_a_definite_reference_to_a_pairs_contact_is_that_contact(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo met Secretary of State Harlan Voss in Seoul on Tuesday. "
        "At their meeting, Park and Voss discussed the Winter Games to be held in 2024."
    )
    [c] = contacts(lexicon, text)
    assert (c.date.value, c.date.precision) == (dt.date(2019, 12, 31), "day")


def test_the_foreign_minister_is_not_his_deputy():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "KR", "aliases": ["South Korean"]}, {"code": "US", "aliases": ["U.S."]}],
            "people": [
                {
                    "slug": "han",
                    "name": "Han Ju-won",
                    "country": "KR",
                    "positions": [{"title": "Minister of Foreign Affairs", "start": "2022-01-01"}],
                },
                {
                    "slug": "seo",
                    "name": "Seo Ji-an",
                    "country": "KR",
                    "positions": [{"title": "First Vice Minister of Foreign Affairs", "start": "2022-03-01"}],
                },
                {
                    "slug": "voss",
                    "name": "Harlan Voss",
                    "country": "US",
                    "positions": [{"title": "Secretary of State", "start": "2021-01-01"}],
                },
            ],
        }
    )
    [c] = contacts(lexicon, "Harlan Voss met the South Korean foreign minister on Tuesday.", published=MID_MONTH)
    assert names(c) == {"Harlan Voss", "Han Ju-won"}


# --- discovery -------------------------------------------------------------------------------------


def test_a_north_korean_name_in_three_words_is_a_person(lexicon):
    [c] = contacts(lexicon, "Ri Chol Ung and his US counterpart Harlan Voss held talks in Pyongyang on Tuesday.")
    people = by_name(c)
    assert people["Ri Chol Ung"].country == "KP"
    assert contacts(lexicon, "The New York Times and Harlan Voss held talks in Pyongyang on Tuesday.") == []


def test_a_lower_case_title_before_a_name_keeps_its_country(lexicon):
    text = (
        "South Korea's national security adviser Choi Min-ho met Secretary of State Harlan Voss in "
        "Washington on Tuesday."
    )
    [c] = contacts(lexicon, text)
    choi = by_name(c)["Choi Min-ho"]
    assert (choi.country, choi.title) == ("KR", "national security adviser")


def test_a_caption_position_mark_does_not_hide_the_title(lexicon):
    text = (
        "Bae Gunn (L), South Korea's chief negotiator on North Korea, shakes hands with Secretary of State "
        "Harlan Voss in Seoul on Tuesday."
    )
    [c] = contacts(lexicon, text)
    assert by_name(c)["Bae Gunn"].country == "KR"


def test_a_guest_greeted_by_his_host_met_him(lexicon):
    text = (
        "Secretary of State Harlan Voss was greeted by South Korean Foreign Minister Park Min-seo "
        "at the airport on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, names(c)) == ("meeting", {"Harlan Voss", "Park Min-seo"})
    text = "Secretary of State Harlan Voss was greeted by cheering crowds at the airport on Monday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_second_contact_word_for_the_pair_dates_and_places_the_contact(lexicon):
    text = (
        "Foreign Minister Park Min-seo, left, shakes hands with his Chinese counterpart, Liang Weiqing, as they meet "
        "for talks in Tokyo on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.date.precision, c.location) == (dt.date(2023, 8, 14), "day", "Tokyo")


def test_a_visits_destination_places_the_contacts_of_its_sentence(lexicon):
    text = (
        "During his three-day visit to Seoul, Secretary of State Harlan Voss met South Korean Foreign Minister "
        "Park Min-seo on Tuesday."
    )
    [c] = contacts(lexicon, text)
    assert c.location == "Seoul"
    text = (
        "Secretary of State Harlan Voss spoke by phone with South Korean Foreign Minister Park "
        "Min-seo during his visit to Seoul."
    )
    [c] = contacts(lexicon, text)
    assert c.location is None  # a call is placed nowhere
    text = (
        "Secretary of State Harlan Voss and South Korean Foreign Minister Park Min-seo last held talks in June, "
        "following a visit to Seoul by Voss."
    )
    [c] = contacts(lexicon, text)
    assert c.location is None


def test_the_datelines_city_locates_the_storys_contact(lexicon):
    text = "TOKYO (Kyodo) -- Japanese Foreign Minister Kenji Arakawa met Secretary of State Harlan Voss on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location == "Tokyo"


# --- confidence ------------------------------------------------------------------------------------


def test_a_contact_the_sentence_states_in_full_is_more_certain_than_one_pieced_together(lexicon):
    [stated] = contacts(lexicon, "Stephen Biegun met South Korean foreign minister Kang Kyung-wha in Seoul on Tuesday.")
    assert stated.confidence == 1.0
    assert stated.cues == ("reported as “met”",)
    text = "Secretary of State Harlan Voss arrived in Seoul. He called South Korean Foreign Minister Park Min-seo."
    [pieced] = contacts(lexicon, text)
    assert pieced.confidence < 0.6
    assert "a side named in an earlier sentence" in pieced.cues
    assert "no date in the text: the story's date assumed" in pieced.cues


def test_the_sides_of_a_contact_are_those_of_its_clause(lexicon):
    text = (
        "Park Min-seo will be the second foreign minister to visit Washington this year, after Japanese Foreign "
        "Minister Kenji Arakawa met with Secretary of State Harlan Voss on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Kenji Arakawa", "Harlan Voss"}
    text = (
        "Secretary of State Harlan Voss welcomed the news, after South Korean Foreign Minister Park Min-seo met "
        "with him on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Park Min-seo", "Harlan Voss"}


def test_a_lists_last_item_after_a_comma_and_and_is_still_in_the_list(lexicon):
    text = (
        "Secretary of State Harlan Voss was going to meet North Korean Vice Foreign Minister Ri Chol Ung, "
        "and the nominal head of state, Choe Yong Sam, on Monday."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert {frozenset(names(c)) for c in found} == {
        frozenset({"Harlan Voss", "Ri Chol Ung"}),
        frozenset({"Harlan Voss", "Choe Yong Sam"}),
    }


def test_a_name_after_a_time_clause_is_no_item_of_the_list(lexicon):
    # Fires: a list of two counterparts is two bilaterals.
    listed = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo and Defense Minister "
        "Oh Tae-yang on Monday."
    )
    assert len(contacts(lexicon, listed, published=MID_MONTH)) == 2
    # Must not: the name in "shortly after ... during Oh's visit" is in a time clause, not the list.
    for text in (
        "North Korean Foreign Minister Ri Chol Ung met Chinese Foreign Minister Zhao Lifan in Beijing on Sunday, "
        "shortly after their encounter during Choe Yong Sam's visit.",
        "North Korean Foreign Minister Ri Chol Ung met Chinese Foreign Minister Zhao Lifan in Beijing on Sunday, "
        "two days after Choe Yong Sam's talks in Moscow.",
    ):
        [c] = contacts(lexicon, text, published=MID_MONTH)
        assert names(c) == {"Ri Chol Ung", "Zhao Lifan"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "South Korean national security adviser Yoon Da-bin met his U.S. counterpart Declan O'Rourke in "
            "Washington on Tuesday.",
            {"Yoon Da-bin", "Declan O'Rourke"},
        ),
        (
            "Secretary of State Fiona McAllister held talks with Chinese Foreign Minister Zhao Lifan on Tuesday.",
            {"Fiona McAllister", "Zhao Lifan"},
        ),
    ],
)
def test_irish_and_scottish_family_names_are_names(lexicon, text, expected):
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == expected


def test_a_title_names_someone_by_his_family_name_alone(lexicon):
    [c] = contacts(lexicon, "U.S. President Whitcombe met South Korean President Han Do-yun in Seoul on Tuesday.")
    assert names(c) == {"Whitcombe", "Han Do-yun"}
    assert by_name(c)["Whitcombe"].country == "US"
    # The full name, given later, is his name.
    [c] = contacts(
        lexicon,
        "U.S. President Whitcombe met South Korean President Han Do-yun in Seoul on Tuesday. "
        "Blake Whitcombe arrived in Seoul on Monday.",
    )
    assert names(c) == {"Blake Whitcombe", "Han Do-yun"}
    # Must not: a word that goes on with the sentence after a bare title, nor a headline's next word.
    assert contacts(lexicon, "The South Korean Foreign Minister Also met Chinese Foreign Minister Zhao Lifan.") == []
    assert contacts(lexicon, "Foreign Minister Urges Talks With North") == []


def test_a_family_name_refers_back_not_to_the_namesake_named_after_it(lexicon):
    text = (
        "Kim Da-hye, South Korea's special representative for peace affairs, will visit Washington this week. "
        "On Friday, Kim plans to meet with her U.S. counterpart, Ambassador Grace Kim, to share assessments."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Kim Da-hye", "Grace Kim"}
    assert (c.status, c.date.value) == ("planned", dt.date(2023, 8, 18))
    # Rephrased: "Kim" is still whoever was named before.
    text = (
        "Kim Da-hye, South Korea's special representative for peace affairs, arrived in Washington on Monday. "
        "Kim met U.S. Ambassador Grace Kim on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Kim Da-hye", "Grace Kim"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Foreign Minister Park Min-seo told Yonhap News Agency by phone that talks with Japan would resume.",
        "South Korean Foreign Minister Park Min-seo told reporters by phone that she hoped for progress.",
    ],
)
def test_an_interview_by_phone_is_no_call(lexicon, sentence):
    assert contacts(lexicon, sentence, published=MID_MONTH) == []


def test_a_call_by_phone_between_officials_is_still_a_call(lexicon):
    text = "South Korean Foreign Minister Park Min-seo spoke by phone with Japanese Foreign Minister Kenji Arakawa."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.kind == "phone_call"


def test_the_day_of_a_report_is_not_the_day_of_the_contact(lexicon):
    # Must not: "On Tuesday, a newspaper reported that ..." dates the report; "in May" dates the summit.
    text = (
        "On Tuesday, a local newspaper reported that President Han Do-yun held a summit with U.S. President "
        "Blake Whitcombe in May."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.date.precision) == (dt.date(2023, 5, 1), "month")
    # Fires: without a date of its own the contact is not given the report's day.
    text = (
        "The ministry on Tuesday said that President Han Do-yun and U.S. President Blake Whitcombe exchanged letters."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.date.precision) != (dt.date(2023, 8, 15), "day")
    # The contact's own day, after the report's verb, is still its day.
    text = "The ministry said on Tuesday that President Han Do-yun met U.S. President Blake Whitcombe on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.date.value == dt.date(2023, 8, 14)


def test_a_datelines_day_is_the_storys_not_the_contacts(lexicon):
    text = (
        "SEOUL, Aug. 17 (Yonhap) -- South Korean Foreign Minister Park Min-seo and Japanese Foreign Minister "
        "Kenji Arakawa exchanged letters, the ministry said."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.date.precision != "day"


def test_every_table_phrase_is_written_in_lower_case_as_the_template_language_matches():
    from meetings.extraction.vocabulary import modality
    from meetings.extraction.vocabulary.contacts import CONTACT_CUES

    tables = {
        name: value
        for name, value in vars(modality).items()
        if name.isupper() and isinstance(value, tuple) and name != "SPECULATIVE_AS_WRITTEN"
    }
    tables["CONTACT_CUES"] = tuple(cue.template for cue in CONTACT_CUES)
    written_in_capitals = [(name, t) for name, phrases in tables.items() for t in phrases if t != t.lower()]
    assert written_in_capitals == []


RELEASE = (
    "Press Releases\n\n"
    "Foreign Minister Holds Telephone Conversation with his Canadian Counterpart\n\n"
    "1. Foreign Minister Park Min-seo talked to Minister of Foreign Affairs Claire Dubois of Canada on March 3 "
    "to discuss North Korea's missile launches.\n\n"
    "2. Minister Park asked Canada to cooperate closely at the Security Council.\n"
)


def test_a_ministrys_numbered_release_is_its_read_out_and_its_headline_says_how_they_talked(lexicon):
    [c] = contacts(lexicon, RELEASE, published=dt.date(2024, 3, 4))
    assert names(c) == {"Park Min-seo", "Claire Dubois"}
    assert c.kind == "phone_call"
    assert [(r.issuer.slug, r.form) for r in c.readouts] == [("kr-mofa", "read-out")]


def test_a_news_story_is_no_release_and_talking_is_not_said_to_be_by_phone(lexicon):
    story = (
        RELEASE.replace("1. ", "")
        .replace("2. ", "")
        .replace("Foreign Minister Holds Telephone Conversation with his Canadian Counterpart", "Seoul and Ottawa talk")
    )
    [c] = contacts(lexicon, story, published=dt.date(2024, 3, 4))
    assert (c.kind, c.readouts) == ("meeting", ())


def test_a_contact_named_twice_in_one_phrase_takes_the_date_after_the_second_name(lexicon):
    text = (
        "President Han Do-yun asked Japanese Prime Minister Kenji Arakawa to visit Seoul early this year when they "
        "met for a summit in Tokyo last December."
    )
    [c] = contacts(lexicon, text, published=dt.date(2024, 5, 14))
    assert (c.date.value, c.date.precision, c.location) == (dt.date(2023, 12, 1), "month", "Tokyo")
    # Must not: two contacts of a sentence keep their own dates.
    text = (
        "President Han Do-yun met Chinese President Zhao Lifan on Monday, and held a summit with Japanese Prime "
        "Minister Kenji Arakawa last December."
    )
    found = contacts(lexicon, text, published=dt.date(2024, 5, 14))
    assert {c.date.value for c in found} == {dt.date(2024, 5, 13), dt.date(2023, 12, 1)}


def test_a_later_name_of_a_planned_contact_gives_its_day_and_city(lexicon):
    text = (
        "South Korean President Han Do-yun will hold talks with Japanese Prime Minister Kenji Arakawa in Japan "
        "next week. Their Christmas Eve meeting in Tokyo will be their first in a year."
    )
    [c] = contacts(lexicon, text, published=dt.date(2019, 12, 20))
    assert (c.status, c.date.value, c.date.precision, c.location) == (
        "planned",
        dt.date(2019, 12, 24),
        "day",
        "Tokyo",
    )


@pytest.mark.parametrize(
    "trip",
    [
        "South Korean Foreign Minister Park Min-seo will leave for Tokyo on Monday.",
        "South Korean Foreign Minister Park Min-seo headed to Tokyo on Wednesday.",
        "South Korean Foreign Minister Park Min-seo will visit Tokyo this week.",
    ],
)
def test_a_trip_places_its_travellers_contacts_of_the_next_sentences(lexicon, trip):
    text = trip + " She is scheduled to hold talks with Japanese Foreign Minister Kenji Arakawa on Tuesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.location) == ({"Park Min-seo", "Kenji Arakawa"}, "Tokyo")
    # Must not: a contact of others than the traveller is not placed by her trip.
    text = trip + " Japanese Foreign Minister Kenji Arakawa met U.S. Secretary of State Harlan Voss on Tuesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location is None


@pytest.mark.parametrize(
    ("verb", "kind"), [("called", "phone_call"), ("spoke with", "meeting"), ("received", "meeting")]
)
def test_a_verb_that_takes_a_person_finds_him_past_an_abbreviated_country(lexicon, verb, kind):
    text = f"Japanese Foreign Minister Kenji Arakawa {verb} U.S. Secretary of State Harlan Voss on Tuesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.kind) == ({"Kenji Arakawa", "Harlan Voss"}, kind)
    # Must not: a full stop ends the object.
    text = f"Japanese Foreign Minister Kenji Arakawa {verb}. U.S. Secretary of State Harlan Voss left on Tuesday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_calling_on_someone_to_act_is_an_appeal_not_a_call_on_him(lexicon):
    appeal = (
        "In an interview, South Korean President Han Do-yun called on U.S. President Blake Whitcombe to reopen "
        "negotiations with North Korea."
    )
    assert contacts(lexicon, appeal, published=MID_MONTH) == []
    for visit in (
        "South Korean Foreign Minister Park Min-seo called on U.S. President Blake Whitcombe on Tuesday to discuss "
        "trade.",
        "South Korean Foreign Minister Park Min-seo called on U.S. President Blake Whitcombe at the White House.",
    ):
        [c] = contacts(lexicon, visit, published=MID_MONTH)
        assert names(c) == {"Park Min-seo", "Blake Whitcombe"}


def test_one_event_named_in_the_singular_with_a_list_is_one_contact_with_all(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo speaks during a meeting with U.S. Secretary of State Harlan Voss "
        "and Japanese Foreign Minister Kenji Arakawa in Seoul on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Park Min-seo", "Harlan Voss", "Kenji Arakawa"}
    # Must not: meetings in the plural, or the verb, with a list are one each.
    for text in (
        "South Korean Foreign Minister Park Min-seo held meetings with U.S. Secretary of State Harlan Voss and "
        "Japanese Foreign Minister Kenji Arakawa in Seoul on Tuesday.",
        "South Korean Foreign Minister Park Min-seo met U.S. Secretary of State Harlan Voss and Japanese Foreign "
        "Minister Kenji Arakawa in Seoul on Tuesday.",
    ):
        assert len(contacts(lexicon, text, published=MID_MONTH)) == 2


def test_the_people_a_read_out_says_sat_in_join_the_meeting(lexicon):
    meeting = (
        "On March 3, Minister for Foreign Affairs Kenji Arakawa held a meeting with South Korean Foreign Minister "
        "Park Min-seo in Tokyo. "
    )
    attendees = (
        "(From the Japanese side Mr. Hiroshi Tanabe, Director-General of the Asian Affairs Bureau, and from the ROK "
        "side Mr. Choi Ji-hoon, Ambassador of the ROK to Japan, attended the meeting.)"
    )
    [c] = contacts(lexicon, meeting + attendees, published=dt.date(2024, 3, 4))
    assert names(c) == {"Kenji Arakawa", "Park Min-seo", "Hiroshi Tanabe", "Choi Ji-hoon"}
    # Rephrased.
    also = "Director-General Hiroshi Tanabe and Ambassador Choi Ji-hoon were also present."
    [c] = contacts(lexicon, meeting + also, published=dt.date(2024, 3, 4))
    assert {"Hiroshi Tanabe", "Choi Ji-hoon"} <= names(c)
    # Must not: people named later without a word that they sat in stay out.
    later = "Director-General Hiroshi Tanabe will visit Seoul next month."
    [c] = contacts(lexicon, meeting + later, published=dt.date(2024, 3, 4))
    assert names(c) == {"Kenji Arakawa", "Park Min-seo"}


def test_discussing_a_long_matter_with_someone_is_a_meeting_with_him(lexicon):
    text = (
        "On Wednesday, U.S. Secretary of State Harlan Voss discussed assistance of U.N. agencies to North Korea and "
        "other issues of mutual interest with the country's Vice Foreign Minister Ri Chol Ung, according to KCNA."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.date.value) == ({"Harlan Voss", "Ri Chol Ung"}, dt.date(2023, 8, 16))
    # Must not: discussing something with the press.
    text = "South Korean Foreign Minister Park Min-seo discussed the sanctions with reporters on Tuesday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_an_embassy_speaks_for_its_state(lexicon):
    text = (
        "According to the Chinese Embassy in Pyongyang, U.S. Secretary of State Harlan Voss met Ambassador "
        "Zhao Lifan of China on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert [(r.issuer.name, r.issuer.country) for r in c.readouts] == [("Chinese Embassy in Pyongyang", "CN")]
    # Must not: an embassy named as a place is no account.
    text = "U.S. Secretary of State Harlan Voss met Ambassador Zhao Lifan of China at the Chinese Embassy in Seoul."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.readouts == ()


def test_an_absolute_clause_with_meeting_has_its_own_tense_and_day(lexicon):
    text = (
        "The visit comes amid a flurry of diplomacy to organise next month's summit, with U.S. Secretary of State "
        "Harlan Voss also meeting North Korean Vice Foreign Minister Ri Chol Ung in New York late Wednesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.status, c.date.value) == ({"Harlan Voss", "Ri Chol Ung"}, "held", dt.date(2023, 8, 16))
    # Must not: "meeting" as a noun names no one.
    text = "U.S. Secretary of State Harlan Voss called the meeting productive on Wednesday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_list_the_text_then_names_as_one_meeting_is_one_contact(lexicon):
    text = (
        "Secretary of State Harlan Voss was going to meet North Korean Vice Foreign Minister Ri Chol Ung, and the "
        "nominal head of state, Choe Yong Sam, but the North Koreans scrapped the August 12 meeting at the last minute."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Harlan Voss", "Ri Chol Ung", "Choe Yong Sam"}
    assert (c.status, c.date.value) == ("cancelled", dt.date(2023, 8, 12))
    # Must not: talks in the plural leave the bilaterals apart.
    text = (
        "Secretary of State Harlan Voss was going to meet North Korean Vice Foreign Minister Ri Chol Ung, and the "
        "nominal head of state, Choe Yong Sam, on Monday."
    )
    assert len(contacts(lexicon, text, published=MID_MONTH)) == 2


def test_an_answer_to_a_letter_is_a_letter_of_its_own(lexicon):
    letter = (
        "South Korean President Han Do-yun sent a letter to North Korean leader Choe Yong Sam that he received on "
        "Tuesday, state media reported. "
    )
    found = contacts(lexicon, letter + "Choe replied Wednesday, saying he hoped relations would improve.")
    assert sorted((c.kind, c.date.value) for c in found) == [
        ("letter", dt.date(2019, 12, 31)),
        ("letter", dt.date(2020, 1, 1)),
    ]
    # Must not: replying to reporters after no letter is no letter.
    text = (
        "South Korean President Han Do-yun met North Korean leader Choe Yong Sam on Tuesday. "
        "Choe replied to reporters' questions on Wednesday."
    )
    assert [c.kind for c in contacts(lexicon, text)] == ["summit"]


def test_he_who_sat_down_with_one_and_picked_another_met_only_the_first(lexicon):
    text = (
        "U.S. Special Representative Harlan Voss will visit Seoul on Sunday. In October, he sat down with North "
        "Korean Vice Foreign Minister Ri Chol Ung, but picked North Korea's First Vice Foreign Minister Choe Yong Sam "
        "as his counterpart at a hearing."
    )
    [c] = contacts(lexicon, text, published=dt.date(2019, 12, 12))
    assert names(c) == {"Harlan Voss", "Ri Chol Ung"}
    # A trip of December does not place a meeting of October.
    assert (c.date.value, c.location) == (dt.date(2019, 10, 1), None)


def test_a_span_before_a_contact_counts_from_the_date_the_sentence_gives(lexicon):
    text = (
        "Zhao Lifan last visited Pyongyang in May 2018, just a month before North Korean leader Choe Yong Sam and "
        "U.S. President Blake Whitcombe met in Tokyo."
    )
    [c] = contacts(lexicon, text, published=dt.date(2019, 9, 5))
    assert names(c) == {"Choe Yong Sam", "Blake Whitcombe"}
    assert (c.date.value, c.date.precision) == (dt.date(2018, 6, 1), "month")
    # Rephrased with "after" and days.
    text = (
        "Zhao Lifan visited Pyongyang on March 10, 2018, three days after North Korean leader Choe Yong Sam and "
        "U.S. President Blake Whitcombe met in Tokyo."
    )
    [c] = contacts(lexicon, text, published=dt.date(2019, 9, 5))
    assert (c.date.value, c.date.precision) == (dt.date(2018, 3, 7), "day")
    # Must not: without a date before it, a span counts from the story's day.
    text = "North Korean leader Choe Yong Sam and U.S. President Blake Whitcombe met in Tokyo a month ago."
    [c] = contacts(lexicon, text, published=dt.date(2019, 9, 5))
    assert (c.date.value, c.date.precision) == (dt.date(2019, 8, 1), "month")


def test_a_three_way_conversation_between_two_others_includes_its_subject(lexicon):
    text = (
        "Last week, South Korean envoy Noh Da-bin also had a three-way conversation between U.S. envoy Harlan Voss "
        "and his Japanese counterpart, Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=dt.date(2021, 2, 25))
    assert names(c) == {"Noh Da-bin", "Harlan Voss", "Kenji Arakawa"}
    # Must not: talks "between" two others are theirs alone.
    text = (
        "South Korean envoy Noh Da-bin arranged talks between U.S. envoy Harlan Voss and Japanese envoy Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=dt.date(2021, 2, 25))
    assert names(c) == {"Harlan Voss", "Kenji Arakawa"}


def test_an_opening_clause_of_contrast_keeps_its_names_out_of_the_main_clauses_contact(lexicon):
    text = (
        "While Choe Yong Sam, Blake Whitcombe and Zhao Lifan were together in Tokyo for the first time, the North "
        "Korean leader held his sixth meeting with Chinese President Zhao Lifan."
    )
    body = "North Korean leader Choe Yong Sam arrived in Tokyo on Tuesday. " + text
    [c] = contacts(lexicon, body, published=MID_MONTH)
    assert names(c) == {"Choe Yong Sam", "Zhao Lifan"}
    # The pair it told is whom "both leaders" are next.
    body += " In their last meeting in June 2019, both leaders agreed to work together."
    found = contacts(lexicon, body, published=MID_MONTH)
    assert {frozenset(names(c)) for c in found} == {frozenset({"Choe Yong Sam", "Zhao Lifan"})}
    assert {(c.date.value, c.date.precision) for c in found} >= {(dt.date(2019, 6, 1), "month")}


def test_the_holders_of_a_post_in_each_state_listed_are_its_people(lexicon):
    text = (
        "South Korea's nuclear envoy Choi Ji-hoon met his U.S. counterpart Grace Park and Japanese counterpart "
        "Kenji Arakawa in Seoul on Monday. The chief nuclear envoys of South Korea, the United States and Japan "
        "will meet again in Tokyo next week."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    planned = [c for c in found if c.status == "planned"]
    assert [names(c) for c in planned] == [{"Choi Ji-hoon", "Grace Park", "Kenji Arakawa"}]
    # A state's only person named so far holds its post, when the text did not say which he holds.
    listed = (
        "Choi Ji-hoon (L), South Korea's nuclear envoy, and his U.S. and Japanese counterparts, Grace Park (C) and "
        "Kenji Arakawa, pose during their meeting in Seoul on Monday. The chief nuclear envoys of South Korea, the "
        "United States and Japan will meet again in Tokyo next week."
    )
    planned = [c for c in contacts(lexicon, listed, published=MID_MONTH) if c.status == "planned"]
    assert [names(c) for c in planned] == [{"Choi Ji-hoon", "Grace Park", "Kenji Arakawa"}]
    # Must not: the envoys of states the text does not list.
    text = text.replace("South Korea, the United States and Japan", "South Korea and the United States")
    planned = [c for c in contacts(lexicon, text, published=MID_MONTH) if c.status == "planned"]
    assert [names(c) for c in planned] == [{"Choi Ji-hoon", "Grace Park"}]


def test_a_counterpart_looked_up_is_the_one_the_text_then_names(lexicon):
    text = (
        "South Korea's nuclear envoy Choi Ji-hoon will hold talks with his U.S. counterpart in Seoul next week. "
        "Choi is scheduled to meet Ambassador Grace Park, the U.S. special representative for North Korea, on Monday."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert {frozenset(names(c)) for c in found} == {frozenset({"Choi Ji-hoon", "Grace Park"})}


def test_they_after_contacts_of_three_are_the_three(lexicon):
    told = (
        "South Korea's nuclear envoy Choi Ji-hoon will have bilateral and trilateral meetings with his U.S. and "
        "Japanese counterparts, Grace Park and Kenji Arakawa, in Seoul on Monday. "
    )
    found = contacts(lexicon, told + "They previously held consultations in Tokyo in June.", published=MID_MONTH)
    [earlier] = [c for c in found if c.date.value == dt.date(2023, 6, 1)]
    assert names(earlier) == {"Choi Ji-hoon", "Grace Park", "Kenji Arakawa"}
    # Must not: after a pair's contact, "they" are the two.
    told = "South Korea's nuclear envoy Choi Ji-hoon met his U.S. counterpart Grace Park in Seoul on Monday. "
    found = contacts(lexicon, told + "They previously held consultations in Tokyo in June.", published=MID_MONTH)
    [earlier] = [c for c in found if c.date.value == dt.date(2023, 6, 1)]
    assert names(earlier) == {"Choi Ji-hoon", "Grace Park"}


def test_a_time_clause_with_its_own_subject_is_its_own_contact(lexicon):
    text = (
        "The meeting expected at the weekend with Vice Foreign Minister Ri Chol Ung will be the first formal talks "
        "since U.S. President Blake Whitcombe and North Korean leader Choe Yong Sam met in June."
    )
    found = contacts(lexicon, text, published=dt.date(2019, 10, 4))
    [held] = [c for c in found if c.status == "held"]
    assert names(held) == {"Blake Whitcombe", "Choe Yong Sam"}
    assert (held.date.value, held.date.precision) == (dt.date(2019, 6, 1), "month")
    assert all("Ri Chol Ung" not in names(c) for c in found if c.status == "held")
    # Must not: "since" before a date is no clause.
    text = "U.S. President Blake Whitcombe has met North Korean leader Choe Yong Sam twice since June."
    [c] = contacts(lexicon, text, published=dt.date(2019, 10, 4))
    assert names(c) == {"Blake Whitcombe", "Choe Yong Sam"}


def test_a_read_out_headed_by_someones_call_is_that_call(lexicon):
    text = (
        "Secretary Daniel Whitford's Call with Chinese Foreign Minister Liu Jianguo\n\n"
        "Secretary Whitford spoke today with Chinese Foreign Minister Liu Jianguo about North Korea."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.kind, c.date.value) == ({"Daniel Whitford", "Liu Jianguo"}, "phone_call", MID_MONTH)
    # Must not: someone's adviser is not in the contact ("Choe's adviser ... met").
    text = "North Korean leader Choe Yong Sam's adviser Ri Chol Ung met Chinese Foreign Minister Liu Jianguo on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Ri Chol Ung", "Liu Jianguo"}


def test_a_known_name_followed_by_one_more_name_word_is_someone_else():
    known = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "CN", "aliases": ["China", "Chinese"]}, {"code": "KP", "aliases": ["North Korea"]}],
            "people": [{"slug": "kim-song", "name": "Kim Song", "country": "KP"}],
        }
    )
    text = (
        "Chinese Vice Premier Zhao Guoqiang met with a delegation of the Workers' Party of Korea led by Kim Song Chol, "
        "head of the party's International Department, on Friday."
    )
    [c] = contacts(known, text, published=MID_MONTH)
    assert names(c) == {"Zhao Guoqiang", "Kim Song Chol"}
    # Must not: the known name before a place or a weekday is still his.
    [c] = contacts(known, "Chinese Vice Premier Zhao Guoqiang met Kim Song Friday.", published=MID_MONTH)
    assert names(c) == {"Zhao Guoqiang", "Kim Song"}


def test_each_counterpart_of_a_dated_list_keeps_his_own_title_and_city(lexicon):
    text = (
        "U.S. Deputy Secretary of State Rachel Vance will meet South Korean First Vice Foreign Minister Jung Hae-won "
        "in Seoul on Monday and Japanese Vice Foreign Minister Taro Kishimoto in Tokyo on Wednesday."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    got = {(c.date.value, c.location, by_name(c)["Rachel Vance"].country) for c in found}
    assert got == {(dt.date(2023, 8, 21), "Seoul", "US"), (dt.date(2023, 8, 23), "Tokyo", "US")}
    [kishimoto] = [by_name(c)["Taro Kishimoto"] for c in found if "Taro Kishimoto" in names(c)]
    assert (kishimoto.country, kishimoto.title) == ("JP", "Vice Foreign Minister")


def test_state_media_name_who_was_present_at_a_reception(lexicon):
    text = (
        "PYONGYANG, June 13 (KCNA) -- Choe Yong Sam, general secretary of the Workers' Party of Korea, received "
        "Nikolai Fedorov, secretary of the Security Council of the Russian Federation. Present at the reception "
        "were Pak Chol Min, vice-minister of Foreign Affairs, and Andrei Kozin, Russian ambassador to the DPRK."
    )
    [c] = contacts(lexicon, text, published=dt.date(2024, 6, 14))
    assert names(c) == {"Choe Yong Sam", "Nikolai Fedorov", "Pak Chol Min", "Andrei Kozin"}


def test_the_ministers_are_the_pair_just_told_of(lexicon):
    text = (
        "Japanese Foreign Minister Kenji Arakawa and his South Korean counterpart Park Min-seo held a video "
        "conference on Wednesday. The ministers agreed to meet in person in Tokyo next month."
    )
    found = contacts(lexicon, text, published=dt.date(2024, 6, 14))
    assert {(c.kind, c.status) for c in found} == {("video_call", "held"), ("meeting", "planned")}
    assert all(names(c) == {"Kenji Arakawa", "Park Min-seo"} for c in found)


def test_a_leader_who_met_and_dined_with_a_delegation_met_its_head_not_its_sender(lexicon):
    text = (
        "PYONGYANG, March 5 (KCNA) -- Choe Yong Sam, chairman of the State Affairs Commission of the DPRK, met and had "
        "a dinner with the special envoy delegation of President Han Do-yun of south Korea, headed by Jong Ui Bom, "
        "chief of the National Security Office."
    )
    [c] = contacts(lexicon, text, published=dt.date(2018, 3, 6))
    assert names(c) == {"Choe Yong Sam", "Jong Ui Bom"}


def test_a_contact_without_a_city_takes_the_city_of_its_companions_of_the_same_days(lexicon):
    text = (
        "The nuclear envoys of South Korea, the United States and Japan will meet in Indonesia next week. "
        "South Korea's nuclear envoy Choi Ji-hoon will have bilateral meetings with his U.S. and Japanese "
        "counterparts, Grace Park and Kenji Arakawa, on Monday in Tokyo."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert {c.location for c in found} == {"Tokyo"}
    # Must not: a contact of another day keeps none.
    text = (
        "South Korean Foreign Minister Park Min-seo met Japanese Foreign Minister Kenji Arakawa in Tokyo on Monday. "
        "Park Min-seo met Japanese Prime Minister Taro Ishida on Friday."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert {c.date.value: c.location for c in found} == {dt.date(2023, 8, 14): "Tokyo", dt.date(2023, 8, 11): None}


def test_a_call_dated_by_a_caption_and_by_a_spokesmans_this_morning_is_one_call(lexicon):
    text = (
        "President Han Do-yun speaks during a phone call with Japanese Prime Minister Kenji Arakawa on Aug. 16. "
        "A presidential spokesman said the two leaders had a 25-minute telephone conversation at 9:30 this morning."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.date.value) == ("phone_call", dt.date(2023, 8, 16))
    # Must not: a call put off one day and rescheduled for the next is two events.
    text = (
        "A phone call between President Han Do-yun and Japanese Prime Minister Kenji Arakawa on Wednesday was "
        "postponed. The two leaders are scheduled to speak over the phone on Thursday instead."
    )
    assert sorted(c.status for c in contacts(lexicon, text, published=MID_MONTH)) == ["cancelled", "planned"]


def test_a_means_discussed_is_no_contact_but_a_summit_named_later_in_the_sentence_is(lexicon):
    text = (
        "President Han Do-yun and North Korean leader Choe Yong Sam discussed ways to resume talks via a virtual "
        "summit around the time of Han's summit with U.S. President Blake Whitcombe in May."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert "video_call" not in {c.kind for c in found}
    assert {"Han Do-yun", "Blake Whitcombe"} in [names(c) for c in found]


def test_his_meeting_is_the_meeting_of_the_man_named_just_before(lexicon):
    text = (
        '"We will get this done," U.S. envoy Harlan Voss said, referring to U.S. President Blake Whitcombe\'s '
        "instruction to restart talks as agreed during his meeting with North Korean leader Choe Yong Sam on June 30."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Blake Whitcombe", "Choe Yong Sam"}
    # Rephrased without the possessor: his is the speaker's.
    text = "U.S. envoy Harlan Voss said he raised the issue during his meeting with Choe Yong Sam on June 30."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Harlan Voss", "Choe Yong Sam"}


def test_a_hedged_firm_plan_is_a_plan_and_a_likely_talk_is_not(lexicon):
    text = "U.S. envoy Harlan Voss and Japanese envoy Kenji Arakawa will likely meet in Tokyo next week."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.status, c.location) == ("planned", "Tokyo")
    text = "U.S. envoy Harlan Voss and Japanese envoy Kenji Arakawa appear likely to hold further talks."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_possible_hedges_the_contact_it_qualifies_not_the_next_one(lexicon):
    text = (
        "South Korean envoy Park Min-seo mentioned a possible meeting with U.S. envoy Harlan Voss at the conference "
        "in her phone conversation with him held Wednesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.date.value) == ("phone_call", dt.date(2023, 8, 16))
    # Must not: the possible meeting itself.
    text = "South Korean envoy Park Min-seo mentioned a possible meeting with U.S. envoy Harlan Voss next week."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_caption_of_officials_posing_before_talks_is_their_meeting(lexicon):
    text = (
        "Choi Ji-hoon (R), South Korea's nuclear envoy, poses with his U.S. and Japanese counterparts -- Grace Park "
        "(L) and Kenji Arakawa -- before discussions on North Korea's missile threats in Tokyo on April 25, 2023."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.date.value, c.location) == (
        {"Choi Ji-hoon", "Grace Park", "Kenji Arakawa"},
        dt.date(2023, 4, 25),
        "Tokyo",
    )
    # Must not: one official before talks is no contact.
    text = "South Korea's nuclear envoy Choi Ji-hoon spoke to reporters before talks in Tokyo on April 25, 2023."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_headlines_present_tense_is_the_storys_day_and_a_sentence_without_a_date_is_its_week(lexicon):
    headline = (
        "Go to Contents Go to Navigation\n\nSouth Korean envoy Park Min-seo, U.S. envoy Harlan Voss hold talks\n\n"
    )
    [c] = contacts(lexicon, headline + "They discussed North Korea.", published=MID_MONTH)
    assert (c.date.value, c.date.precision) == (MID_MONTH, "day")
    lead = "South Korean envoy Park Min-seo and U.S. envoy Harlan Voss held talks on North Korea."
    [c] = contacts(lexicon, lead, published=MID_MONTH)
    assert c.date.precision == "week"


def test_the_airport_of_arrival_is_no_trips_destination(lexicon):
    text = (
        "U.S. envoy Harlan Voss arrived in Seoul on Saturday for talks. Voss spoke to reporters upon arrival at "
        "Incheon International Airport, west of Seoul. On Monday, Voss is scheduled to hold talks with South Korean "
        "envoy Park Min-seo."
    )
    [c] = contacts(lexicon, text, published=dt.date(2023, 8, 20))
    assert c.location == "Seoul"


def test_a_name_after_a_city_in_a_title_is_found_whole(lexicon):
    text = "Unification Minister Park Min-seo met with Chinese Ambassador to Seoul Zhao Lifan on Tuesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Park Min-seo", "Zhao Lifan"}
    assert by_name(c)["Zhao Lifan"].country == "CN"


def test_a_visitors_counterpart_of_no_given_state_is_of_the_place_they_met(lexicon):
    text = (
        "North Korean Vice Foreign Minister Ri Chol Ung visited Tokyo this week and held consultations with "
        "Deputy Foreign Minister Hiroshi Tanabe."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Hiroshi Tanabe"].country == "JP"
    # Must not: a place of one side's own state says nothing of the other's.
    text = "North Korean Vice Foreign Minister Ri Chol Ung met Deputy Foreign Minister Hiroshi Tanabe in Pyongyang."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Hiroshi Tanabe"].country is None


@pytest.mark.parametrize(
    "text",
    [
        "Park Min-seo, South Korea's foreign minister, and Zhao Lifan, his Chinese counterpart, met in Tokyo.",
        "The foreign ministers of South Korea and China, Park Min-seo and Zhao Lifan, met in Tokyo on Tuesday.",
    ],
)
def test_two_people_each_with_a_title_in_apposition_met(lexicon, text):
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert {p.person.name: p.country for p in c.participants} == {"Park Min-seo": "KR", "Zhao Lifan": "CN"}


def test_a_headline_to_visit_is_a_plan(lexicon):
    [c] = contacts(
        lexicon, "South Korean President Park Min-seo to visit President Harlan Voss on May 21", published=MID_MONTH
    )
    assert (c.status, c.date.value) == ("planned", dt.date(2024, 5, 21))


def test_a_known_family_name_with_another_given_name_is_another_person():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "CN", "aliases": ["Chinese"]}, {"code": "KP", "aliases": ["North Korean"]}],
            "people": [{"slug": "zhao-known", "name": "Zhao Mingde", "country": "CN"}],
        }
    )
    text = "Chinese State Councilor Zhao Linfeng met North Korean Vice Foreign Minister Pak Yong Su on Thursday."
    [c] = contacts(lexicon, text)
    assert names(c) == {"Zhao Linfeng", "Pak Yong Su"}
    assert by_name(c)["Zhao Linfeng"].title == "State Councilor"


# --- read-outs -------------------------------------------------------------------------------------


def test_an_office_named_with_its_country_is_that_countrys_whatever_country_precedes_it():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [
                {"code": "JP", "aliases": ["Japanese", "Japan"]},
                {"code": "KR", "aliases": ["South Korean"]},
                {"code": "KP", "aliases": ["North Korea"]},
            ],
            "organizations": [
                {
                    "slug": "jp-mofa",
                    "name": "Ministry of Foreign Affairs",
                    "country": "JP",
                    "kind": "ministry",
                    "aliases": ["Japan's foreign ministry"],
                },
                {"slug": "kp-mfa", "name": "Ministry of Foreign Affairs", "country": "KP", "kind": "ministry"},
            ],
        }
    )
    text = (
        "Japanese Foreign Minister Hiroshi Tanabe spoke by phone with South Korean Foreign Minister Lim Ji-woo on "
        "Monday, agreeing to cooperate on North Korea, Japan's foreign ministry said in a statement."
    )
    [c] = contacts(lexicon, text)
    [readout] = c.readouts
    assert (readout.issuer.country, readout.form) == ("JP", "statement")
    assert readout.evidence.text == text


def test_a_family_name_alone_names_only_a_recent_office_holder():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "US", "aliases": ["U.S."]}, {"code": "JP", "aliases": ["Japanese"]}],
            "people": [
                {
                    "slug": "old-carter",
                    "name": "Ashton Carter",
                    "country": "US",
                    "positions": [{"title": "Secretary of Defense", "start": "2015-02-17", "end": "2017-01-20"}],
                }
            ],
        }
    )
    text = "Carter met Japanese Vice Foreign Minister Akira Sato in Tokyo on Monday."
    assert contacts(lexicon, text, published=dt.date(2016, 5, 2)) != []
    assert contacts(lexicon, text, published=MID_MONTH) == []  # 2023: not the Carter of 2016


def test_a_foreign_ministers_counterpart_is_no_defence_minister():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "KP", "aliases": ["North Korean"]}, {"code": "CN", "aliases": ["Chinese"]}],
            "people": [
                {
                    "slug": "dm",
                    "name": "Fang Deshi",
                    "country": "CN",
                    "positions": [{"title": "Minister of National Defense", "start": "2020-01-01"}],
                },
                {
                    "slug": "fm",
                    "name": "Gao Renli",
                    "country": "CN",
                    "positions": [{"title": "Foreign Minister", "start": "2020-01-01"}],
                },
            ],
        }
    )
    [c] = contacts(
        lexicon, "North Korean Foreign Minister Ri Chol Ung met his Chinese counterpart on Monday.", published=MID_MONTH
    )
    assert names(c) == {"Ri Chol Ung", "Gao Renli"}


def test_state_media_spell_a_southern_name_the_northern_way():
    lexicon = Lexicon.from_knowledge_base(
        {"people": [{"slug": "chung-ho", "name": "Chung Eui-seong", "country": "KR"}]}
    )
    assert [m.key for m in lexicon.match("Kim met Jong Ui Song on Friday.")] == ["chung-ho"]
    assert [m.key for m in lexicon.match("Kim met Chung Eui-seong on Friday.")] == ["chung-ho"]


def test_two_states_as_sides_take_the_delegates_the_next_sentences_name(lexicon):
    text = (
        "South Korea and China held their first strategic dialogue in three years in Seoul on Tuesday. "
        "Seoul's delegation was led by First Vice Foreign Minister Han Do-yun. "
        "The Chinese side was headed by Executive Vice Foreign Minister Feng Jialun."
    )
    [c] = contacts(lexicon, text)
    assert (names(c), c.location, c.date.value) == ({"Han Do-yun", "Feng Jialun"}, "Seoul", dt.date(2019, 12, 31))
    assert contacts(lexicon, "South Korea and China held their first strategic dialogue in Seoul on Tuesday.") == []


def test_a_relative_clause_is_no_appositive_title(lexicon):
    text = (
        "Secretary of State Harlan Voss, who met Chinese Foreign Minister Liang Weiqing on Monday, "
        "said the talks were candid."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert {p.person.name: p.country for p in c.participants} == {"Harlan Voss": "US", "Liang Weiqing": "CN"}


def test_the_day_of_an_account_dates_a_contact_only_without_a_day_of_its_own(lexicon):
    text = (
        "Park Min-seo will visit Washington next week for talks with his U.S. counterpart, Harlan Voss, the "
        "foreign ministry said Sunday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.status, c.date.precision) == ("planned", "week")
    text = "Park Min-seo has met Secretary of State Harlan Voss in Washington, the foreign ministry said Wednesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.date.precision) == (dt.date(2023, 8, 16), "day")


def test_agreeing_during_talks_reports_the_talks(lexicon):
    text = (
        "Secretary of State Harlan Voss and South Korean Foreign Minister Park Min-seo agreed during talks in Seoul "
        "on Tuesday to expand cooperation."
    )
    [c] = contacts(lexicon, text)
    assert (c.kind, c.location, c.date.value) == ("meeting", "Seoul", dt.date(2019, 12, 31))


def test_a_headlines_capitalised_contact_words_name_nobody(lexicon):
    text = "Foreign Minister Park Min-seo Holds Telephone Conversation With Secretary of State Harlan Voss"
    [c] = contacts(lexicon, text)
    assert (c.kind, names(c)) == ("phone_call", {"Park Min-seo", "Harlan Voss"})


def test_officials_met_including_several_sat_together(lexicon):
    text = (
        "North Korean leader Ri Chol Ung attended a meeting with Russian officials, including Deputy Foreign "
        "Minister Igor Lavrenko and Governor Pavel Sorokin, on Wednesday."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Ri Chol Ung", "Igor Lavrenko", "Pavel Sorokin"}


def test_the_leader_of_a_country_is_its_head_of_state_not_its_premier():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [
                {"code": "KP", "aliases": ["North Korean"]},
                {"code": "US", "aliases": ["U.S."]},
                {"code": "JP", "aliases": ["Japanese"]},
            ],
            "people": [
                {
                    "slug": "premier",
                    "name": "Pak Song Il",
                    "country": "KP",
                    "positions": [{"title": "Premier", "start": "2020-01-01"}],
                },
                {
                    "slug": "pm",
                    "name": "Kenta Ishikawa",
                    "country": "JP",
                    "positions": [{"title": "Prime Minister", "start": "2020-01-01"}],
                },
            ],
        }
    )
    text = "Secretary of State Harlan Voss met the North Korean leader on Monday."
    assert contacts(lexicon, text, published=MID_MONTH) == []  # no head of state known: no guess
    [c] = contacts(lexicon, "Secretary of State Harlan Voss met the Japanese leader on Monday.", published=MID_MONTH)
    assert names(c) == {"Harlan Voss", "Kenta Ishikawa"}


def test_a_plan_called_off_is_cancelled_and_dated_nearest_the_story(lexicon):
    text = (
        "Secretary of State Harlan Voss was going to meet North Korean Vice Foreign Minister Ri Chol Ung, but the "
        "North Koreans scrapped the February 10 meeting two hours before it was set to start."
    )
    [c] = contacts(lexicon, text, published=dt.date(2018, 2, 21))
    assert (c.status, c.date.value) == ("cancelled", dt.date(2018, 2, 10))
    text = "U.S. President Harlan Voss canceled a summit planned with North Korean leader Ri Chol Ung on June 12."
    [c] = contacts(lexicon, text, published=dt.date(2018, 5, 24))
    assert (c.status, c.date.value) == ("cancelled", dt.date(2018, 6, 12))


def test_not_having_met_since_a_date_reports_the_last_meeting(lexicon):
    text = (
        "U.S. President Harlan Voss met North Korean leader Ri Chol Ung in Hanoi in February. "
        "The two leaders have not met since June."
    )
    found = sorted((c.date.value, c.date.precision) for c in contacts(lexicon, text, published=MID_MONTH))
    assert found == [(dt.date(2023, 2, 1), "month"), (dt.date(2023, 6, 1), "month")]
    assert len(contacts(lexicon, "U.S. President Harlan Voss has never met North Korean leader Ri Chol Ung.")) == 0


def test_a_call_with_someone_is_a_phone_call(lexicon):
    text = "It was Park Min-seo's second call with a foreign leader, after his conversation with President Harlan Voss."
    [c] = contacts(lexicon, text)
    assert (c.kind, names(c)) == ("phone_call", {"Park Min-seo", "Harlan Voss"})


def test_the_two_leaders_are_the_last_leaders_of_two_states_named(lexicon):
    text = (
        "Ri Yo Sun, the sister of North Korean leader Ri Chol Ung, said in a statement reporting that U.S. "
        "President Harlan Voss sent a letter to Ri Chol Ung. The two leaders have not met since June."
    )
    found = {(c.kind, frozenset(names(c))) for c in contacts(lexicon, text, published=MID_MONTH)}
    assert found == {
        ("letter", frozenset({"Harlan Voss", "Ri Chol Ung"})),
        ("summit", frozenset({"Harlan Voss", "Ri Chol Ung"})),
    }


def test_a_list_of_states_gives_a_list_of_people_their_states_in_order(lexicon):
    text = (
        "The top nuclear envoys of South Korea, the United States and Japan -- Choi Hyun-woo, Allison Reed and "
        "Daisuke Mori -- held trilateral talks in Tokyo on Thursday."
    )
    [c] = contacts(lexicon, text)
    assert {p.person.name: p.country for p in c.participants} == {
        "Choi Hyun-woo": "KR",
        "Allison Reed": "US",
        "Daisuke Mori": "JP",
    }


def test_a_host_receives_a_delegation_headed_by_someone(lexicon):
    text = (
        "North Korea's Premier Kang Yong Chol received a goodwill delegation from Vietnam headed by Deputy Prime "
        "Minister Tran Van Minh in Pyongyang on Tuesday."
    )
    [c] = contacts(lexicon, text)
    assert (c.kind, names(c)) == ("meeting", {"Kang Yong Chol", "Tran Van Minh"})  # a deputy is no leader: no summit


def test_a_leaders_envoy_is_of_the_leaders_state_and_a_clause_going_on_is_no_title(lexicon):
    text = (
        "Chinese President Liu Wenbo's envoy, Zhao Linfeng, arrived in Pyongyang on Monday and was greeted "
        "at the airport by North Korean Vice Foreign Minister Im Chon Il."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert {p.person.name: p.country for p in c.participants} == {"Zhao Linfeng": "CN", "Im Chon Il": "KP"}


def test_an_abbreviation_in_a_title_does_not_end_a_list(lexicon):
    text = (
        "Park Min-seo is scheduled to meet bilaterally with Harlan Voss, the new U.S. special representative for "
        "North Korea, and his Japanese counterpart, Kenji Arakawa, on Monday."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert sorted(sorted(names(c)) for c in found) == [
        ["Harlan Voss", "Park Min-seo"],
        ["Kenji Arakawa", "Park Min-seo"],
    ]
    assert {(c.status, c.date.value) for c in found} == {("planned", dt.date(2023, 8, 21))}


def test_a_plan_dated_per_counterpart_looks_ahead(lexicon):
    text = (
        "Park Min-seo will meet Harlan Voss of the United States and Kenji Arakawa of Japan, respectively, from "
        "Monday to Tuesday in Tokyo."
    )
    assert {c.date.value for c in contacts(lexicon, text, published=MID_MONTH)} <= {
        dt.date(2023, 8, 21),
        dt.date(2023, 8, 22),
    }


def test_the_storys_city_locates_this_weeks_contacts_where_a_side_may_be_at_home(lexicon):
    text = (
        "SEOUL (Yonhap) -- Park Min-seo is scheduled to meet Ambassador Harlan Voss on Monday to discuss sanctions. "
        "Park will also meet Japanese envoy Kenji Arakawa next month."
    )
    found = {frozenset(names(c)): c.location for c in contacts(lexicon, text, published=MID_MONTH)}
    assert found[frozenset({"Park Min-seo", "Harlan Voss"})] == "Seoul"  # four days on, in the story's city
    assert found[frozenset({"Park Min-seo", "Kenji Arakawa"})] is None  # next month: anywhere


def test_counterparts_of_two_states_are_each_states_holder_of_the_post():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [
                {"code": "KR", "aliases": ["South Korean"]},
                {"code": "US", "aliases": ["U.S."]},
                {"code": "JP", "aliases": ["Japanese"]},
            ],
            "people": [
                {
                    "slug": "us-fm",
                    "name": "Harlan Voss",
                    "country": "US",
                    "positions": [{"title": "Secretary of State", "start": "2021-01-01"}],
                },
                {
                    "slug": "jp-fm",
                    "name": "Kenji Arakawa",
                    "country": "JP",
                    "positions": [{"title": "Minister for Foreign Affairs", "start": "2021-01-01"}],
                },
                {
                    "slug": "jp-dm",
                    "name": "Jiro Nakamura",
                    "country": "JP",
                    "positions": [{"title": "Minister of Defense", "start": "2021-01-01"}],
                },
            ],
        }
    )
    text = (
        "South Korean Foreign Minister Park Min-seo will hold a trilateral meeting with his U.S. and Japanese "
        "counterparts on Sunday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Park Min-seo", "Harlan Voss", "Kenji Arakawa"}


def test_his_office_is_the_office_of_the_contacts_first_side():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "KR", "aliases": ["South Korean"]}, {"code": "JP", "aliases": ["Japanese"]}],
            "organizations": [
                {
                    "slug": "kr-presidential-office",
                    "name": "Presidential Office",
                    "country": "KR",
                    "kind": "presidential_office",
                },
                {"slug": "jp-pmo", "name": "Prime Minister's Office", "country": "JP", "kind": "presidential_office"},
            ],
        }
    )
    text = (
        "South Korean President Yoon Min-ho held a telephone conversation with Japanese Prime Minister Ryo Kimura "
        "on Tuesday, his office said."
    )
    [c] = contacts(lexicon, text)
    assert [r.issuer.name for r in c.readouts] == ["Presidential Office"]


def test_the_three_meeting_trilaterally_is_a_contact_besides_the_bilaterals(lexicon):
    text = (
        "Park Min-seo is scheduled to meet bilaterally with Harlan Voss of the United States and his Japanese "
        "counterpart, Kenji Arakawa, on Monday. The three will also meet trilaterally on the same day."
    )
    found = sorted((len(c.participants), c.date.value) for c in contacts(lexicon, text, published=MID_MONTH))
    assert found == [(2, dt.date(2023, 8, 21)), (2, dt.date(2023, 8, 21)), (3, dt.date(2023, 8, 21))]


def test_the_ministry_and_a_spokesperson_speak_for_the_contacts_office():
    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "KR", "aliases": ["South Korean"]}, {"code": "CN", "aliases": ["Chinese"]}],
            "organizations": [
                {"slug": "kr-mofa", "name": "Ministry of Foreign Affairs", "country": "KR", "kind": "ministry"},
                {
                    "slug": "kr-presidential-office",
                    "name": "Presidential Office",
                    "country": "KR",
                    "kind": "presidential_office",
                },
            ],
        }
    )
    text = (
        "South Korean Foreign Minister Park Min-seo and his Chinese counterpart, Liang Weiqing, spoke by phone on "
        "Tuesday, the ministry said."
    )
    [c] = contacts(lexicon, text)
    assert [(r.issuer.name, r.issuer.country) for r in c.readouts] == [("Ministry of Foreign Affairs", "KR")]
    text = (
        "South Korean President Han Seung-woo met Chinese Premier Liang Weiqing on Tuesday. Presidential spokesman "
        "Kim Tae-hyun said during a briefing that the two agreed to meet again."
    )
    [c] = contacts(lexicon, text)
    assert [(r.issuer.name, r.form) for r in c.readouts] == [("Presidential Office", "briefing")]


def test_someone_elses_trip_does_not_place_a_contact(lexicon):
    text = (
        "Chinese envoy Liang Weiqing arrived in Seoul on Thursday, ahead of a summit between U.S. President Harlan "
        "Voss and North Korean leader Ri Chol Ung."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.location) == ({"Harlan Voss", "Ri Chol Ung"}, None)


@pytest.mark.parametrize("verb", ["was postponed", "was called off", "has been cancelled", "were scrapped"])
def test_a_contact_called_off_in_the_passive_is_cancelled(lexicon, verb):
    text = (
        "A planned phone call between South Korean President Park Min-seo and U.S. President Harlan Voss "
        f"{verb}, the presidential office said Sunday."
    )
    [c] = contacts(lexicon, text)
    assert c.status == "cancelled"


def test_a_syllable_that_is_an_english_word_can_end_a_name(lexicon):
    text = "South Korean Prime Minister Han Do-soo held talks with Vietnamese Prime Minister Nguyen Van An on Friday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert "Nguyen Van An" in names(c)
    assert contacts(lexicon, "An official said Secretary of State Harlan Voss would travel.", published=MID_MONTH) == []


def test_a_perfect_infinitive_reports_a_contact_held(lexicon):
    text = (
        "Secretary of State Harlan Voss is believed to have met South Korean Foreign Minister Park Min-seo on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.status, c.date.value) == ("held", dt.date(2023, 8, 14))


# --- places: a state where a city would stand, trips, invitations, sidelines -------------------------


def test_a_state_where_a_city_would_stand_is_the_city_of_it_the_article_names(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo and Japanese Foreign Minister Kenji Arakawa will meet in "
        "Thailand on Monday. The regional forum they attend opens in Chiang Mai on Sunday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.location) == ({"Park Min-seo", "Kenji Arakawa"}, "Chiang Mai")
    # Rephrased, the city told first and by a dateline.
    text = (
        "OSAKA (Kyodo) -- Japanese Foreign Minister Kenji Arakawa and South Korean Foreign Minister Park Min-seo are "
        "expected to meet in Japan on Friday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location == "Osaka"
    # Must not: a state whose city the article never names places nothing (no guess at its capital).
    text = (
        "Japanese Foreign Minister Kenji Arakawa met South Korean Foreign Minister Park Min-seo in Thailand on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location is None


def test_a_state_after_a_bare_to_is_whom_something_is_addressed_to_not_a_place(lexicon):
    text = (
        "Grace Park, the U.S. envoy to Thailand, met South Korean Foreign Minister Park Min-seo on Monday. "
        "Bangkok has welcomed the talks."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location is None


def test_the_trip_leg_nearest_the_contact_leads_to_it(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo arrived in Tokyo on Tuesday, en route to Thailand to meet "
        "Secretary of State Harlan Voss. He will fly to Bangkok on Wednesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.location) == ({"Park Min-seo", "Harlan Voss"}, "Bangkok")
    # Must not: a stopover alone stays the place when it is the only leg.
    text = (
        "South Korean Foreign Minister Park Min-seo arrived in Tokyo on Tuesday to meet Secretary of State Harlan Voss."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location == "Tokyo"


def test_a_trip_asked_for_does_not_place_the_contact_that_asked_it(lexicon):
    text = (
        "Japanese Foreign Minister Kenji Arakawa on Monday invited South Korean Foreign Minister Park Min-seo to visit "
        "Tokyo, during a meeting in Seoul."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location == "Seoul"
    # Rephrased: the invitation does not make the story's city either.
    text = (
        "Tokyo asks Park to visit Tokyo\n\n"
        "Japanese Foreign Minister Kenji Arakawa asked South Korean Foreign Minister Park Min-seo to visit Tokyo "
        "when they met on Monday.\n\nArakawa also asked Park to visit Tokyo before the year ends."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location is None
    # Must not: a trip made places its traveller's talks.
    text = (
        "South Korean Foreign Minister Park Min-seo visited Tokyo and met Japanese Foreign Minister Kenji Arakawa "
        "on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location == "Tokyo"


SATURDAY = dt.date(2023, 8, 19)


def test_visitors_meet_on_the_sidelines_where_the_gathering_is(lexicon):
    text = (
        "South Korean Defence Minister Han Do-yun left for Bangkok on Saturday for a regional security forum. "
        "On its sidelines, Han is scheduled to hold talks with Japanese Defence Minister Kenji Arakawa on Sunday."
    )
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert c.location == "Bangkok"
    # Must not: without the sidelines, two visitors' talks are not placed in a third state by the trip alone.
    text = (
        "South Korean Defence Minister Han Do-yun left for Bangkok on Saturday for a regional security forum. "
        "Han is scheduled to hold talks with Japanese Defence Minister Kenji Arakawa on Sunday."
    )
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert c.location is None


def test_a_call_has_no_city_whatever_its_sentence_names(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo, who is in Tokyo, held a video conference with Secretary of State "
        "Harlan Voss on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.location) == ("video_call", None)


def test_a_contact_named_at_the_head_of_its_sentence_is_told_there_when_nothing_came_before(lexicon):
    text = (
        "During their meeting in Tokyo on Monday, South Korean Foreign Minister Park Min-seo and Japanese Foreign "
        "Minister Kenji Arakawa agreed to resume shuttle diplomacy."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.date.value, c.location) == ({"Park Min-seo", "Kenji Arakawa"}, dt.date(2023, 8, 14), "Tokyo")
    # Rephrased after the contact was told: the same one, not a second.
    text = (
        "South Korean Foreign Minister Park Min-seo met Japanese Foreign Minister Kenji Arakawa in Tokyo on Monday. "
        "During their talks on Monday, Park and Arakawa agreed to resume shuttle diplomacy."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.date.value == dt.date(2023, 8, 14)
    # Must not: undated, it is no more than a reference (to a contact the article may never have told).
    text = (
        "During their meeting, South Korean Foreign Minister Park Min-seo and Japanese Foreign Minister Kenji "
        "Arakawa agreed to resume shuttle diplomacy."
    )
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_the_talks_between_two_named_officials_are_told_by_that_reference(lexicon):
    text = (
        "The talks between South Korean First Vice Foreign Minister Lee Do-hoon and U.S. Deputy Secretary of State "
        "Laura Brennan were held in Seoul on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.status, c.date.value, c.location) == (
        {"Lee Do-hoon", "Laura Brennan"},
        "held",
        dt.date(2023, 8, 15),
        "Seoul",
    )
    # Rephrased as a plan called off.
    text = (
        "The talks between South Korean First Vice Foreign Minister Lee Do-hoon and U.S. Deputy Secretary of State "
        "Laura Brennan, planned for Friday, were postponed."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.status, c.date.value) == ("cancelled", dt.date(2023, 8, 18))
    # Must not: the same words after the contact was told are that contact again.
    text = (
        "South Korean First Vice Foreign Minister Lee Do-hoon met U.S. Deputy Secretary of State Laura Brennan in "
        "Seoul on Tuesday. The talks between Lee and Brennan lasted two hours."
    )
    assert len(contacts(lexicon, text, published=MID_MONTH)) == 1


def test_a_delegation_led_by_an_official_is_met_in_him_and_gives_him_its_state(lexicon):
    text = (
        "Ri Chol Ho, chairman of the Presidium of the Supreme People's Assembly, hosted a banquet for the visiting "
        "Chinese delegation led by Vice Premier Hu Zhenming on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Hu Zhenming"].country == "CN"
    text = "Ri Chol Ho received the Japanese delegation headed by Deputy Foreign Minister Kenta Ito on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), by_name(c)["Kenta Ito"].country) == ({"Ri Chol Ho", "Kenta Ito"}, "JP")
    # Must not: "hosted by" is the passive, its person the host of an event, no guest.
    text = "The regional forum will be hosted by Chinese Vice Premier Hu Zhenming on Tuesday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_post_of_one_state_keeps_its_state_though_a_word_of_it_names_another_states_office(lexicon):
    text = (
        "South Korean Foreign Minister Choi Min-ho received Deputy Chief Cabinet Secretary Kenta Ito in Seoul on "
        "Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Kenta Ito"].country == "JP"


def test_a_foreign_ministrys_release_with_his_excellency_before_the_name(lexicon):
    text = (
        "On August 16, Mr. Kenji Arakawa, Minister for Foreign Affairs of Japan, held a Japan-ROK Foreign Ministers' "
        "Meeting with H.E. Mr. Park Min-seo, Minister of Foreign Affairs of the Republic of Korea."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.date.value) == ({"Kenji Arakawa", "Park Min-seo"}, dt.date(2023, 8, 16))


def test_an_envoys_to_is_part_of_his_title_not_an_addressee(lexicon):
    text = "Secretary of State Harlan Voss received the Ambassador of the DPRK to Japan, Sin Hong Chol, on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Harlan Voss", "Sin Hong Chol"}
    # Must not: "a courtesy call to" someone is a meeting, not a telephone call.
    text = (
        "Secretary of State Harlan Voss was also expected to pay a courtesy call to South Korean President Han Do-yun "
        "on Friday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.status) == ("meeting", "planned")


def test_two_officials_as_subjects_of_views_exchanged_or_a_meal_shared(lexicon):
    text = (
        "Japanese Foreign Minister Kenji Arakawa and South Korean Foreign Minister Park Min-seo exchanged views on "
        "the North in Tokyo on Wednesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.location, c.date.value) == ({"Kenji Arakawa", "Park Min-seo"}, "Tokyo", dt.date(2023, 8, 16))
    text = (
        "Japanese Foreign Minister Kenji Arakawa and South Korean Foreign Minister Park Min-seo had a working lunch "
        "in Tokyo on Wednesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Kenji Arakawa", "Park Min-seo"}
    # Must not: officials of one state exchanging views are no diplomatic contact.
    text = "South Korean Foreign Minister Park Min-seo and President Han Do-yun exchanged views on Wednesday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_an_adverb_inside_a_plan_keeps_it_a_plan(lexicon):
    text = (
        "Japanese Foreign Minister Kenji Arakawa is now set to meet South Korean Foreign Minister Park Min-seo in "
        "Tokyo on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.status, c.date.value) == ("planned", dt.date(2023, 8, 21))
    text = (
        "Arakawa and Park Min-seo were originally scheduled to meet on Monday, Japanese Foreign Minister Arakawa said."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert all(c.status != "held" for c in found)


def test_counterparts_met_respectively_are_one_contact_each(lexicon):
    text = (
        "Foreign Minister Park Min-seo held phone talks with his Japanese and Chinese counterparts, Kenji Arakawa and "
        "Liang Weiqing, respectively, on Dec. 31."
    )
    found = contacts(lexicon, text)
    assert sorted(sorted(names(c)) for c in found) == [
        ["Kenji Arakawa", "Park Min-seo"],
        ["Liang Weiqing", "Park Min-seo"],
    ]
    assert {(c.kind, c.date.value) for c in found} == {("phone_call", dt.date(2019, 12, 31))}
    # Rephrased with "separately".
    text = (
        "Foreign Minister Park Min-seo met separately with his Japanese and Chinese counterparts, Kenji Arakawa and "
        "Liang Weiqing, on Dec. 31."
    )
    assert len(contacts(lexicon, text)) == 2
    # Must not: "trilateral talks with his counterparts" is one contact of the three.
    text = (
        "Foreign Minister Park Min-seo held trilateral talks with his Japanese and Chinese counterparts, Kenji Arakawa "
        "and Liang Weiqing, on Dec. 31."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Park Min-seo", "Kenji Arakawa", "Liang Weiqing"}


def test_a_delegations_trip_places_the_talks_of_its_state_there(lexicon):
    text = (
        "A South Korean delegation arrived in Tokyo on Monday. The delegation, led by Vice Foreign Minister "
        "Oh Jae-sung, held talks with Japanese Vice Foreign Minister Kenji Arakawa on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.location) == ({"Oh Jae-sung", "Kenji Arakawa"}, "Tokyo")
    # Must not: a third state's official met by one of the party is not met at the party's destination.
    text = (
        "A South Korean delegation arrived in Tokyo on Monday. Vice Foreign Minister Oh Jae-sung held talks with "
        "Chinese Vice Foreign Minister Liang Weiqing on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location is None


def test_a_letter_with_words_or_quotation_marks_between_article_and_noun(lexicon):
    text = (
        'President Han Do-yun said Thursday he had received a "very warm letter" from Japanese Prime Minister '
        "Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, names(c)) == ("letter", {"Han Do-yun", "Kenji Arakawa"})
    text = "President Han Do-yun received a personal letter from Japanese Prime Minister Kenji Arakawa on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.date.value) == ("letter", dt.date(2023, 8, 14))
    # Must not: a letter to no one named is no contact.
    text = "President Han Do-yun sent a personal letter to the organisers of the forum on Monday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_an_appositive_gives_its_holder_the_state_of_his_office_not_of_what_the_post_is_for(lexicon):
    text = (
        "Eric Lindqvist, the State Department's special representative for North Korea, held talks with South Korean "
        "envoy Oh Jae-sung on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Eric Lindqvist"].country == "US"
    text = (
        "Ri Ryong Nam, North Korea's ambassador to China, met Chinese Vice Foreign Minister Liang Weiqing on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (by_name(c)["Ri Ryong Nam"].country, by_name(c)["Liang Weiqing"].country) == ("KP", "CN")
    # Must not: an appositive title is its name's, not a second person looked up by the post.
    text = (
        "Eric Lindqvist, the U.S. special representative for North Korea, held talks with South Korean envoy "
        "Oh Jae-sung on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Eric Lindqvist", "Oh Jae-sung"}


def test_a_visit_or_call_paid_on_an_official_is_a_meeting_with_him(lexicon):
    text = "North Korean Ambassador Ri Ryong Nam paid a visit to Chinese Vice Foreign Minister Liang Weiqing on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, names(c)) == ("meeting", {"Ri Ryong Nam", "Liang Weiqing"})
    text = "U.S. Ambassador Grace Hale paid a farewell call on South Korean Foreign Minister Park Min-seo on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Grace Hale", "Park Min-seo"}
    # Must not: a visit paid to a country names no counterpart.
    text = "North Korean Ambassador Ri Ryong Nam paid an official visit to China last week."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_the_meeting_between_two_named_officials_is_told_by_that_reference_alone(lexicon):
    text = (
        "The meeting between Unification Minister Oh Jae-sung and U.S. Ambassador Grace Hale lasted an hour, "
        "the ministry said."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Oh Jae-sung", "Grace Hale"}
    # Must not: after the contact was told, the reference is that contact, not a second one.
    text = (
        "Unification Minister Oh Jae-sung met U.S. Ambassador Grace Hale on Aug. 2. The meeting between Oh and Hale "
        "lasted an hour."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.date.value == dt.date(2023, 8, 2)


def test_a_traveller_setting_off_for_talks_has_them_still_ahead(lexicon):
    text = (
        "Defence Minister Han Do-yun headed to Bangkok on Saturday for a regional forum and one-on-one talks with "
        "Japanese Defence Minister Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert (c.status, c.location) == ("planned", "Bangkok")
    text = "Defence Minister Han Do-yun left for Tokyo on Saturday to meet Japanese Defence Minister Kenji Arakawa."
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert c.status == "planned"
    # Must not: talks behind the traveller, or a trip told as made, were held.
    text = (
        "Defence Minister Han Do-yun left for home on Saturday after talks with Japanese Defence Minister "
        "Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert c.status == "held"
    text = "Defence Minister Han Do-yun traveled to Tokyo on Friday to meet Japanese Defence Minister Kenji Arakawa."
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert (c.status, c.location) == ("held", "Tokyo")


def test_talks_with_a_short_phrase_before_the_counterpart(lexicon):
    text = (
        "Defence Minister Han Do-yun headed to Bangkok on Saturday for a regional forum and talks on its sidelines "
        "with Japanese Defence Minister Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert (names(c), c.status) == ({"Han Do-yun", "Kenji Arakawa"}, "planned")
    text = "President Han Do-yun had a meeting in Tokyo on Friday with Japanese Prime Minister Kenji Arakawa."
    [c] = contacts(lexicon, text, published=SATURDAY)
    assert (c.date.value, c.location) == (dt.date(2023, 8, 18), "Tokyo")
    # Must not: talks on a subject with someone unnamed.
    text = "President Han Do-yun opened talks on trade with Japan on Friday."
    assert contacts(lexicon, text, published=SATURDAY) == []


SUNDAY = dt.date(2023, 8, 20)


def test_the_programme_of_a_trip_called_off_is_called_off_its_days_ahead(lexicon):
    text = (
        "Secretary of State Harlan Voss canceled a planned visit to South Korea, the State Department said on "
        "Sunday. He had been due in Seoul on Wednesday. The foreign ministry had said South Korean Foreign Minister "
        "Park Min-seo and Voss were set to hold talks Thursday."
    )
    [c] = contacts(lexicon, text, published=SUNDAY)
    assert (names(c), c.status, c.date.value) == ({"Park Min-seo", "Harlan Voss"}, "cancelled", dt.date(2023, 8, 24))
    # Must not: a trip made keeps its programme planned.
    text = (
        "Secretary of State Harlan Voss will make a visit to South Korea, the State Department said on Sunday. He is "
        "due in Seoul on Wednesday. South Korean Foreign Minister Park Min-seo and Voss are set to hold talks Thursday."
    )
    [c] = contacts(lexicon, text, published=SUNDAY)
    assert (c.status, c.date.value) == ("planned", dt.date(2023, 8, 24))
    # Must not: another traveller's cancelled trip leaves this pair's plan alone.
    text = (
        "Japanese Foreign Minister Kenji Arakawa canceled a planned visit to South Korea on Sunday. He had been due "
        "in Seoul on Wednesday. South Korean Foreign Minister Park Min-seo and Secretary of State Harlan Voss are set "
        "to hold talks Thursday."
    )
    [c] = contacts(lexicon, text, published=SUNDAY)
    assert c.status == "planned"


def test_a_named_event_with_its_place_before_between_names_its_own_sides(lexicon):
    text = (
        "The goals were set at the June summit in Tokyo between President Harlan Voss and North Korean leader "
        "Ri Chol Man, officials said."
    )
    [c] = contacts(lexicon, text, published=dt.date(2018, 10, 10))
    assert (c.kind, names(c), c.date.value, c.date.precision, c.location) == (
        "summit",
        {"Harlan Voss", "Ri Chol Man"},
        dt.date(2018, 6, 1),
        "month",
        "Tokyo",
    )
    # Must not: "between" far into another clause does not make a reference name its sides.
    text = (
        "The June summit was a success, officials said, adding that differences between President Harlan Voss "
        "and North Korean leader Ri Chol Man remain."
    )
    assert contacts(lexicon, text, published=dt.date(2018, 10, 10)) == []


def test_a_delegation_received_with_no_word_between_article_and_noun(lexicon):
    text = (
        "Ri Chol Man received a delegation of the Chinese Communist Party led by Liang Weiqing, head of the party's "
        "International Department, on Sunday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, names(c), by_name(c)["Liang Weiqing"].country) == (
        "meeting",
        {"Ri Chol Man", "Liang Weiqing"},
        "CN",
    )
    # Must not: a delegation received with nobody named is no contact between named officials.
    text = "Ri Chol Man received a delegation of Chinese journalists on Sunday."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def issuers(contact):
    return {r.issuer.name for r in contact.readouts}


def test_a_release_headed_by_its_spokesperson_is_that_offices_account_of_its_contacts(lexicon):
    text = (
        "Press Statement By Dana Whitfield, State Department Spokesperson\n\n"
        "During his visit to Seoul, Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo on "
        "Tuesday. The two discussed the alliance."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert issuers(c) == {"Department of State"}
    # Must not: a news story that mentions a press statement in passing credits nothing to its speaker's office.
    text = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo on Tuesday.\n\n"
        "Earlier, a press statement was issued on trade."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert issuers(c) == set()


def test_the_leads_account_is_of_the_first_contact_however_many_sentences_on(lexicon):
    text = (
        "The top diplomats of South Korea and Japan agreed on Tuesday to deepen ties, according to Seoul's foreign "
        "ministry. The two sides also discussed the North. They spoke of trade as well. And of tourism. "
        "Foreign Minister Park Min-seo and his Japanese counterpart, Kenji Arakawa, made the remarks during phone "
        "talks held on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, issuers(c)) == ("phone_call", {"Ministry of Foreign Affairs"})
    # Must not: an account cited after a contact was told is not carried to a later one of other people.
    text = (
        "Secretary of State Harlan Voss met Japanese Foreign Minister Kenji Arakawa on Monday. The State Department "
        "said the talks went well. The two discussed trade. And tourism. And more. "
        "Foreign Minister Park Min-seo and Liang Weiqing, China's foreign minister, held phone talks on Tuesday."
    )
    found = {frozenset(names(c)): c for c in contacts(lexicon, text, published=MID_MONTH)}
    assert issuers(found[frozenset({"Park Min-seo", "Liang Weiqing"})]) == set()


def test_a_contact_told_again_by_a_more_specific_name_takes_that_kind(lexicon):
    text = (
        "Han to visit Voss on Aug. 25\n\n"
        "South Korean President Han Do-yun will visit Washington for a summit with U.S. President Harlan Voss on "
        "Aug. 25, the White House said."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.status, c.date.value) == ("summit", "planned", dt.date(2023, 8, 25))
    # Must not: a call told again as "talks" stays a call.
    text = (
        "President Han Do-yun held a phone call with Japanese Prime Minister Kenji Arakawa on Monday. "
        "In their talks on Monday, Han and Arakawa agreed to meet soon."
    )
    found = contacts(lexicon, text, published=MID_MONTH)
    assert [c.kind for c in found if c.status == "held"] == ["phone_call"]


def test_a_participles_phrase_is_out_of_the_reach_of_the_modal_before_it(lexicon):
    text = (
        "The ministers were expected to discuss the goals agreed at the June summit in Tokyo between President "
        "Harlan Voss and Japanese Prime Minister Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=dt.date(2023, 10, 10))
    assert (c.status, c.date.value, c.date.precision) == ("held", dt.date(2023, 6, 1), "month")
    # Must not: a plan's own participle keeps the plan ("talks scheduled at the ...").
    text = (
        "President Harlan Voss is expected to hold talks scheduled at the Tokyo residence with Japanese Prime "
        "Minister Kenji Arakawa on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.status == "planned"


def test_two_legs_of_a_programme_in_one_sentence_each_with_its_city_and_the_subject_as_he(lexicon):
    text = (
        "In Seoul, Secretary of State Harlan Voss will meet South Korean Foreign Minister Park Min-seo on Monday, and "
        "in Tokyo he will hold talks with Japanese Foreign Minister Kenji Arakawa on Wednesday."
    )
    found = {frozenset(names(c)): (c.location, c.date.value) for c in contacts(lexicon, text, published=MID_MONTH)}
    assert found == {
        frozenset({"Harlan Voss", "Park Min-seo"}): ("Seoul", dt.date(2023, 8, 21)),
        frozenset({"Harlan Voss", "Kenji Arakawa"}): ("Tokyo", dt.date(2023, 8, 23)),
    }
    # Must not: a list's ", and" still joins its last item to the contact and its city.
    text = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo, and Japanese Foreign Minister "
        "Kenji Arakawa in Tokyo on Monday."
    )
    assert {c.location for c in contacts(lexicon, text, published=MID_MONTH)} == {"Tokyo"}


def test_her_counterpart_with_no_state_is_the_one_the_article_named_in_that_post(lexicon):
    text = (
        "Japanese Foreign Minister Kenji Arakawa held phone talks with his South Korean counterpart Park Min-seo on "
        "Monday. Arakawa will travel to Seoul on Aug. 28 to meet his counterpart."
    )
    found = {(c.kind, c.status): c for c in contacts(lexicon, text, published=MID_MONTH)}
    visit = found[("meeting", "planned")]
    assert (names(visit), visit.date.value, visit.location) == (
        {"Kenji Arakawa", "Park Min-seo"},
        dt.date(2023, 8, 28),
        "Seoul",
    )
    # Must not: with no one of that post named before, "his counterpart" stays unknown.
    text = "Japanese Foreign Minister Kenji Arakawa will travel to Seoul on Aug. 28 to meet his counterpart."
    assert all(len(c.participants) < 2 for c in contacts(lexicon, text, published=MID_MONTH))


def test_state_media_envoys_of_a_principal_led_by_their_head(lexicon):
    text = (
        "Ri Chol Man received the special envoys of south Korean President Han Do-yun led by Oh Jae-sung on "
        "Monday, KCNA said."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Ri Chol Man", "Oh Jae-sung"}  # the president sent them: no side of the meeting
    # Must not: the principal alone, with no envoy named, is not met.
    text = "Ri Chol Man received a message of south Korean President Han Do-yun on Monday, KCNA said."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_foreign_ministrys_received_the_ambassador_of_a_long_state_name_to_another(lexicon):
    text = (
        "On Aug. 16, Secretary of State Harlan Voss received Ambassador of South Korea to the United States "
        "Oh Jae-sung at his request."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), by_name(c)["Oh Jae-sung"].country) == ({"Harlan Voss", "Oh Jae-sung"}, "KR")


def test_a_pair_of_dashes_sets_off_an_aside_and_the_clause_goes_on(lexicon):
    text = (
        "Secretary of State Harlan Voss and Foreign Minister Park Min-seo met Tuesday — their third meeting this "
        "year — in Tokyo."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.location) == (dt.date(2023, 8, 15), "Tokyo")
    # Must not: a single dash still ends the clause (what follows is another matter).
    text = (
        "Secretary of State Harlan Voss and Foreign Minister Park Min-seo met Tuesday — a week after Voss "
        "visited Tokyo."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.location is None


def test_their_meeting_dated_in_a_later_clause_tells_of_it_when_nothing_came_before(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo asked Japanese Foreign Minister Kenji Arakawa to visit Seoul "
        "during their meeting in Tokyo on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), c.date.value, c.location) == ({"Park Min-seo", "Kenji Arakawa"}, dt.date(2023, 8, 14), "Tokyo")
    # Must not: undated, "their meeting" only refers to one the article may never have told.
    text = (
        "South Korean Foreign Minister Park Min-seo asked Japanese Foreign Minister Kenji Arakawa to visit Seoul "
        "during their meeting."
    )
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_time_clause_between_two_triggers_of_a_pair_tells_of_another_event(lexicon):
    text = (
        "Foreign Minister Park Min-seo held video talks with Japanese Foreign Minister Kenji Arakawa on Wednesday. "
        "Wednesday's virtual talks came about two weeks after Park and Arakawa spoke by phone."
    )
    found = sorted((c.kind, c.date.value) for c in contacts(lexicon, text, published=MID_MONTH))
    assert found == [("phone_call", dt.date(2023, 8, 2)), ("video_call", dt.date(2023, 8, 16))]
    # Must not: two words for one event of the pair stay one contact.
    text = (
        "Foreign Minister Park Min-seo met Japanese Foreign Minister Kenji Arakawa on Wednesday and the two held "
        "talks for an hour."
    )
    assert len(contacts(lexicon, text, published=MID_MONTH)) == 1


def test_via_videoconference_later_in_the_sentence_is_how_the_contact_was_held(lexicon):
    text = (
        "South Korea's nuclear envoy Oh Jae-sung speaks during a meeting with Grace Hale, the U.S. special envoy, "
        "and Kenji Arakawa, Japan's director-general, via videoconference at the ministry on Aug. 14."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.date.value, names(c)) == (
        "video_call",
        dt.date(2023, 8, 14),
        {"Oh Jae-sung", "Grace Hale", "Kenji Arakawa"},
    )
    # Must not: a call of its own, told with its own verb, is not how an earlier meeting was held.
    text = (
        "South Korean envoy Oh Jae-sung met U.S. envoy Grace Hale on Monday and spoke with Japanese envoy Kenji "
        "Arakawa by phone on Tuesday."
    )
    kinds = sorted(c.kind for c in contacts(lexicon, text, published=MID_MONTH))
    assert kinds == ["meeting", "phone_call"]


def test_a_second_verb_shares_the_first_ones_subject_not_its_object(lexicon):
    text = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo on Monday and then held talks "
        "with Japanese Foreign Minister Kenji Arakawa."
    )
    found = sorted(sorted(names(c)) for c in contacts(lexicon, text, published=MID_MONTH))
    assert found == [["Harlan Voss", "Kenji Arakawa"], ["Harlan Voss", "Park Min-seo"]]
    # Must not: a new subject after "and" is that verb's own.
    text = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo on Monday, and Park held talks "
        "with Japanese Foreign Minister Kenji Arakawa on Tuesday."
    )
    found = sorted(sorted(names(c)) for c in contacts(lexicon, text, published=MID_MONTH))
    assert found == [["Harlan Voss", "Park Min-seo"], ["Kenji Arakawa", "Park Min-seo"]]


def test_a_plan_denied_or_a_willingness_is_no_contact(lexicon):
    for text in (
        "President Han Do-yun and Japanese Prime Minister Kenji Arakawa are not expected to hold a summit this year.",
        "President Han Do-yun has no plans to meet Japanese Prime Minister Kenji Arakawa this month.",
        'Secretary of State Harlan Voss reiterated his willingness to meet North Korean leader Ri Chol Man "anytime".',
    ):
        assert contacts(lexicon, text, published=MID_MONTH) == [], text
    # Must not: the plan itself stands.
    text = "President Han Do-yun and Japanese Prime Minister Kenji Arakawa are expected to hold a summit this year."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, c.status) == ("summit", "planned")


def test_a_working_group_as_the_subject_of_met(lexicon):
    text = "The South Korea-U.S. working group, led by Oh Jae-sung and Grace Hale, met in Tokyo on Tuesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.kind, names(c), c.location) == ("working_group", {"Oh Jae-sung", "Grace Hale"}, "Tokyo")
    # Must not: a working group in a relative clause is not what met.
    text = "Oh Jae-sung, who heads the working group, met U.S. envoy Grace Hale in Tokyo on Tuesday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.kind == "meeting"


def test_each_side_led_or_represented_by_its_head_gives_him_its_state(lexicon):
    text = (
        "Delegations from South Korea and China met in Tokyo on Monday for a strategic dialogue. The South Korean "
        "side was led by First Vice Foreign Minister Oh Jae-sung, and the Chinese side by Executive Vice Foreign "
        "Minister Liang Weiqing."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert {p.person.name: p.country for p in c.participants} == {"Oh Jae-sung": "KR", "Liang Weiqing": "CN"}
    text = (
        "South Korea and Japan held vice-ministerial talks in Seoul on Tuesday. Vice Foreign Minister Oh Jae-sung "
        "led the South Korean delegation, while Japan was represented by Vice Foreign Minister Kenji Arakawa."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Kenji Arakawa"].country == "JP"
    # Must not: "a visit to Japan by X" is X's trip, not Japan's envoy.
    text = "The visit to Japan by Vice Foreign Minister Oh Jae-sung of South Korea ended on Tuesday."
    assert all(p.country != "JP" for c in contacts(lexicon, text, published=MID_MONTH) for p in c.participants)


def test_letters_and_calls_worded_as_replies_exchanges_and_calls_received(lexicon):
    cases = [
        ("North Korean leader Ri Chol Man sent a reply to President Harlan Voss's letter on Monday.", "letter"),
        (
            "President Han Do-yun and Japanese Prime Minister Kenji Arakawa exchanged personal letters on Monday.",
            "letter",
        ),
        (
            "Foreign Minister Park Min-seo received a call from his Japanese counterpart Kenji Arakawa on Monday.",
            "phone_call",
        ),
        (
            "Foreign Minister Park Min-seo received a courtesy call from Japanese envoy Kenji Arakawa on Monday.",
            "meeting",
        ),
    ]
    for text, kind in cases:
        [c] = contacts(lexicon, text, published=MID_MONTH)
        assert (c.kind, c.date.value) == (kind, dt.date(2023, 8, 14)), text
    # Must not: a reply to questions is no letter to anyone.
    assert (
        contacts(lexicon, "Foreign Minister Park Min-seo sent a reply to lawmakers' questions.", published=MID_MONTH)
        == []
    )


def test_a_story_of_29_february_reads_family_names_like_any_other_day(lexicon):
    # The years before a 29 February have no 29 February: the recency of a family name once broke extraction.
    text = "Biegun met Kono in Tokyo on Thursday."
    [c] = contacts(lexicon, text, published=dt.date(2020, 2, 29))
    assert (names(c), c.date.value) == ({"Stephen Biegun", "Taro Kono"}, dt.date(2020, 2, 27))


def test_a_counterpart_from_a_state_named_after_him(lexicon):
    text = "Foreign Minister Park Min-seo met with his counterpart from Japan, Kenji Arakawa, on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), by_name(c)["Kenji Arakawa"].country) == ({"Park Min-seo", "Kenji Arakawa"}, "JP")
    # Must not: "a letter from" someone keeps "from" out of his title.
    text = "Foreign Minister Park Min-seo received a letter from Japanese Foreign Minister Kenji Arakawa on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Kenji Arakawa"].title == "Foreign Minister"


def test_a_posts_subject_is_not_its_holders_state(lexicon):
    text = (
        "Unification Minister Oh Jae-sung held talks with the visiting U.N. Special Rapporteur on North Korean human "
        "rights, Elena Marquez, on Monday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (names(c), by_name(c)["Elena Marquez"].country) == ({"Oh Jae-sung", "Elena Marquez"}, None)
    text = "Special Representative for North Korea Eric Lindqvist met Unification Minister Oh Jae-sung on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Eric Lindqvist"].country != "KP"
    # Must not: a state before the title, after a verb's "to", is still the holder's.
    text = "Oh Jae-sung, South Korea's unification minister, wrote to U.S. President Harlan Voss on Monday."
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert by_name(c)["Harlan Voss"].country == "US"


def test_a_family_name_after_a_given_name_is_another_persons_full_name(lexicon):
    # The knowledge base knows Taro Kono; "Hiroshi Kono" is someone else.
    text = "Japan's foreign ministry sent its director, Hiroshi Kono, to meet South Korean envoy Oh Jae-sung on Monday."
    found = [p.person.name for c in contacts(lexicon, text, published=MID_MONTH) for p in c.participants]
    assert "Taro Kono" not in found
    # Must not: a title before the family name still names the one it refers to.
    text = "Foreign Minister Kono met South Korean envoy Oh Jae-sung on Monday."
    [c] = contacts(lexicon, text, published=dt.date(2019, 3, 7))
    assert "Taro Kono" in names(c)


# --- places told elsewhere in the article ------------------------------------------------------------


def test_someone_elses_arrival_ahead_of_a_summit_places_neither_the_summit_nor_the_story_city_for_it(lexicon):
    text = (
        "Secretary of State Harlan Voss met South Korean Foreign Minister Park Min-seo in Seoul on Monday. Japanese "
        "Foreign Minister Kenji Arakawa arrived in Seoul earlier on Wednesday, well ahead of a summit between Thai "
        "Prime Minister Somchai Wongsawat and U.S. President Mark Ellery."
    )
    found = {frozenset(names(c)): c.location for c in contacts(lexicon, text)}
    assert found[frozenset({"Harlan Voss", "Park Min-seo"})] == "Seoul"
    assert found[frozenset({"Somchai Wongsawat", "Mark Ellery"})] is None
    # Fires: a side of the contact made the trip.
    text = (
        "Thai Foreign Minister Anan Chaiyo arrived in Seoul on Wednesday for talks with Foreign Minister Park Min-seo."
    )
    assert [c.location for c in contacts(lexicon, text)] == ["Seoul"]


def test_a_capital_that_speaks_is_its_government_not_the_city_a_state_stands_for(lexicon):
    trip = "Park Min-seo will travel to Japan next week to meet Japanese Foreign Minister Kenji Arakawa. "
    assert [c.location for c in contacts(lexicon, trip + "Tokyo has said it wants an apology first.")] == [None]
    assert [c.location for c in contacts(lexicon, trip + "Tokyo reportedly demands an apology first.")] == [None]
    # Fires: the article names a city of that state as a place.
    text = trip + "Arakawa told reporters in Tokyo on Monday that he wants an apology first."
    assert [c.location for c in contacts(lexicon, text)] == ["Tokyo"]


def test_a_contact_at_a_gathering_is_held_where_the_article_places_the_gathering(lexicon):
    sides = "Secretary of State Harlan Voss and South Korean Foreign Minister Park Min-seo "
    text = (
        sides + "will likely meet at a regional security conference next week, a ministry official said. The forum, "
        "an annual gathering of senior envoys, opens on Tuesday in Bangkok."
    )
    assert [c.location for c in contacts(lexicon, text)] == ["Bangkok"]
    # Rephrased: on its sidelines, the gathering placed in the next sentence.
    text = (
        sides + "will meet on the sidelines of the forum next week. The informal dialogue is scheduled for Tuesday "
        "and Wednesday in Bangkok, organisers said."
    )
    assert [c.location for c in contacts(lexicon, text)] == ["Bangkok"]
    # Must not: "a summit" is the contact itself, not a gathering it is held at.
    text = sides + "will likely meet at a summit in April, an official said. The Winter Games open on Friday in Osaka."
    assert [c.location for c in contacts(lexicon, text)] == [None]


def test_during_his_visit_or_he_also_met_is_where_the_story_last_placed_him_away_from_home(lexicon):
    text = (
        "South Korean Foreign Minister Park Min-seo met Secretary of State Harlan Voss in Washington on Monday. "
        "During his visit, Park also met Japanese Foreign Minister Kenji Arakawa, the ministry said."
    )
    found = {frozenset(names(c)): c.location for c in contacts(lexicon, text)}
    assert found[frozenset({"Park Min-seo", "Kenji Arakawa"})] == "Washington"
    # Rephrased: "He also met".
    text = (
        "Japanese Prime Minister Kenji Arakawa held talks with Thai Prime Minister Somchai Wongsawat in Bangkok on "
        "Monday. He also met South Korean President Park Min-seo."
    )
    found = {frozenset(names(c)): c.location for c in contacts(lexicon, text)}
    assert found[frozenset({"Kenji Arakawa", "Park Min-seo"})] == "Bangkok"
    # Must not: a contact of another time, with no "also" or visit to tie it to the trip.
    text = (
        "Japanese Prime Minister Kenji Arakawa held talks with Thai Prime Minister Somchai Wongsawat in Bangkok in "
        "March. He will meet South Korean President Park Min-seo on Monday."
    )
    found = {frozenset(names(c)): c.location for c in contacts(lexicon, text)}
    assert found[frozenset({"Kenji Arakawa", "Park Min-seo"})] is None


def test_a_declaration_named_after_a_city_places_the_summit_that_signed_it(lexicon):
    signed = (
        "The declaration was signed by Thai Prime Minister Somchai Wongsawat and U.S. President Mark Ellery after "
        "their first summit on April 27."
    )
    text = "The two leaders pledged to carry out the Osaka Joint Declaration. " + signed
    assert [(c.kind, c.location) for c in contacts(lexicon, text)] == [("summit", "Osaka")]
    # Must not: a declaration named after no city.
    text = "The two leaders pledged to carry out their joint declaration. " + signed
    assert [(c.kind, c.location) for c in contacts(lexicon, text)] == [("summit", None)]


# --- read-outs' and state media's wording, sides named by their heads, international bodies ----------------------


def test_no_such_meeting_denies_another_contact_and_takes_no_one_out_of_the_one_told(lexicon):
    told = "Japanese Foreign Minister Kenji Arakawa met Foreign Minister Park Min-seo in Tokyo on Monday. "
    text = told + (
        "Asked about reports that Arakawa would also meet the Chinese ambassador, a ministry spokesperson said that "
        "no such meeting had been arranged."
    )
    assert [names(c) for c in contacts(lexicon, text)] == [{"Kenji Arakawa", "Park Min-seo"}]
    # Fires: the people named did not take part in the contact told.
    text = (
        "Japanese Foreign Minister Kenji Arakawa held a videoconference with Foreign Minister Park Min-seo and Deputy "
        "Secretary of State Harlan Voss on Monday. Voss did not join the videoconference, a ministry spokesperson said."
    )
    assert [names(c) for c in contacts(lexicon, text)] == [{"Kenji Arakawa", "Park Min-seo"}]


def test_a_telephone_talk_in_the_singular_and_state_medias_had_a_talk_with(lexicon):
    text = (
        "On Monday, commencing at 9:30 p.m. for approximately 20 minutes, Mr. Kenji Arakawa, Minister for Foreign "
        "Affairs of Japan, held a Japan-ROK Foreign Ministers' Telephone Talk with H.E. Mr. Park Min-seo, Minister of "
        "Foreign Affairs of the Republic of Korea."
    )
    [call] = contacts(lexicon, text)
    assert (call.kind, names(call), call.date.value) == (
        "phone_call",
        {"Kenji Arakawa", "Park Min-seo"},
        dt.date(2019, 12, 30),
    )
    text = "Ri Chol Min, vice-chairman of the committee, had a talk with Japanese Foreign Minister Kenji Arakawa."
    assert [(c.kind, names(c)) for c in contacts(lexicon, text)] == [("meeting", {"Ri Chol Min", "Kenji Arakawa"})]
    # Must not: a talk with no one named on the other side.
    assert contacts(lexicon, "Ri Chol Min, vice-chairman of the committee, had a talk with the delegation.") == []


def test_a_head_who_led_his_states_side_takes_its_state(lexicon):
    text = (
        "South Korea and Japan held their annual strategic dialogue in Seoul on Monday. First Vice Foreign Minister "
        "Oh Min-ji led the South Korean side, while Kenji Arakawa, deputy minister for foreign affairs, headed the "
        "Japanese delegation."
    )
    [c] = contacts(lexicon, text)
    assert {p.person.name: p.country for p in c.participants} == {"Oh Min-ji": "KR", "Kenji Arakawa": "JP"}
    assert c.location == "Seoul"
    # Must not: a side at talks no state's people held with another.
    assert contacts(lexicon, "Vice Foreign Minister Oh Min-ji led the South Korean side at the talks.") == []


def test_an_international_body_is_a_side_and_its_official_takes_no_state_from_where_they_met(lexicon):
    text = (
        "South Korea and the European Union held their annual political dialogue in Brussels on Monday. Vice Foreign "
        "Minister Oh Min-ji led the South Korean side, while Annelies Verbruggen, managing director for Asia at the "
        "EU's diplomatic service, headed the EU delegation."
    )
    [c] = contacts(lexicon, text)
    assert {p.person.name: p.country for p in c.participants} == {"Oh Min-ji": "KR", "Annelies Verbruggen": None}
    text = "South Korean Vice Foreign Minister Oh Min-ji met EU special envoy Karel Vostrak in Brussels on Monday."
    [c] = contacts(lexicon, text)
    assert by_name(c)["Karel Vostrak"].country is None
    # Fires: a visitor's counterpart whose state nothing gives is of the place they met in.
    text = "South Korean Vice Foreign Minister Oh Min-ji met Deputy Minister Karel Vostrak in Brussels on Monday."
    [c] = contacts(lexicon, text)
    assert by_name(c)["Karel Vostrak"].country == "BE"


def test_a_headlines_present_tense_is_the_day_of_the_dateline(lexicon):
    body = "S. Korean Vice FM Oh Min-ji holds talks with Japanese Vice FM Kenji Arakawa\n\n{}They discussed trade."
    [c] = contacts(lexicon, body.format("TOKYO, Dec. 31 (Yonhap) -- "))
    assert (c.date.value, c.date.precision) == (dt.date(2019, 12, 31), "day")
    # With no dateline, the story's own day.
    [c] = contacts(lexicon, body.format(""))
    assert (c.date.value, c.date.precision) == (NEW_YEAR, "day")


def test_travel_on_to_a_city_is_a_trip_there(lexicon):
    text = (
        "South Korean Vice Foreign Minister Oh Min-ji will travel on to Tokyo on Friday to meet Japanese Vice Foreign "
        "Minister Kenji Arakawa."
    )
    assert [(c.status, c.location) for c in contacts(lexicon, text)] == [("planned", "Tokyo")]


def test_the_day_of_the_account_dates_a_contact_only_when_the_sentence_gives_no_other(lexicon):
    text = (
        "Chinese Assistant Foreign Minister Zhao Lihong is set to visit Seoul next week for talks with First Vice "
        "Foreign Minister Seo Jae-won on preparations for a visit by Chinese Foreign Minister Qiu Mingde, the "
        "foreign ministry said Wednesday."
    )
    [c] = contacts(lexicon, text)
    assert (names(c), c.date.value, c.date.precision) == (
        {"Zhao Lihong", "Seo Jae-won"},
        dt.date(2020, 1, 9),
        "week",
    )
    # Fires: with no other date, the day the ministry spoke is the one the reader has.
    text = "Foreign Minister Park Min-seo met Japanese Foreign Minister Kenji Arakawa, the ministry said on Wednesday."
    assert [c.date.value for c in contacts(lexicon, text)] == [dt.date(2020, 1, 1)]


@pytest.mark.parametrize(
    ("phrase", "published", "status", "day"),
    [
        ("on the 28th of last month", NEW_YEAR, "held", dt.date(2019, 12, 28)),
        ("on the 28th", NEW_YEAR, "held", dt.date(2019, 12, 28)),  # past the 2nd: last month's
        ("on the 14th", MID_MONTH, "held", dt.date(2023, 8, 14)),
        ("on the 3rd of next month", MID_MONTH, "planned", dt.date(2023, 9, 3)),
        ("on the 3rd", MID_MONTH, "planned", dt.date(2023, 9, 3)),  # ahead, and before the 17th: next month's
    ],
)
def test_an_ordinal_day_is_of_the_month_the_story_gives(lexicon, phrase, published, status, day):
    verb = "met" if status == "held" else "will meet"
    text = f"South Korean envoy Yeom Dong-jun {verb} Japanese envoy Shunsuke Hirayama in Tokyo {phrase}."
    [c] = contacts(lexicon, text, published=published)
    assert (c.status, c.date.value, c.date.precision) == (status, day, "day")
    # Must not: an ordinal of something else is no date.
    text = "South Korean envoy Yeom Dong-jun met Japanese envoy Shunsuke Hirayama to mark the 70th anniversary of ties."
    assert all(c.date is None or c.date.precision != "day" or c.date.value.day != 70 for c in contacts(lexicon, text))


def test_what_a_contact_prepares_for_keeps_its_own_date_and_place(lexicon):
    text = (
        "Japanese Ambassador Kenji Arakawa took up his post last week. On Tuesday, Arakawa and U.S. Ambassador Lorna "
        "Pike jointly met Vice Foreign Minister Yoo Seung-bin at the foreign ministry in central Seoul to discuss "
        "preparations for a trilateral meeting in Washington next month."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert names(c) == {"Kenji Arakawa", "Lorna Pike", "Yoo Seung-bin"}
    assert (c.status, c.date.value, c.date.precision, c.location) == ("held", dt.date(2023, 8, 15), "day", "Seoul")
    assert by_name(c)["Lorna Pike"].title.endswith("Ambassador")  # not "Arakawa and U.S. Ambassador"
    assert " and " not in by_name(c)["Lorna Pike"].title
    # Must not: with nothing in between, the place and date after the contact are its own.
    text = (
        "Japanese Ambassador Kenji Arakawa met Vice Foreign Minister Yoo Seung-bin in Washington next month to "
        "discuss trade."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert (c.date.value, c.location) == (dt.date(2023, 9, 1), "Washington")


def test_an_ambassador_summoned_or_called_in_is_met(lexicon):
    for verb in ("summoned", "called in"):
        text = f"South Korean Vice Foreign Minister Byun Tae-sik {verb} Japanese Ambassador Kenji Arakawa on Friday."
        assert [(c.kind, names(c)) for c in contacts(lexicon, text, published=MID_MONTH)] == [
            ("meeting", {"Byun Tae-sik", "Kenji Arakawa"})
        ]
    # Must not: "called in" with no one after it.
    text = "South Korean Vice Foreign Minister Byun Tae-sik called in Seoul for restraint, Arakawa said."
    assert contacts(lexicon, text, published=MID_MONTH) == []


def test_a_less_common_korean_family_name_comes_first_and_names_him_alone_later(lexicon):
    text = (
        "Foreign Minister Ryu Hee-jae met Chinese Ambassador Xu Zhenbang on Thursday. Ryu will hold talks with "
        "Secretary of State Evelyn Marsh next week."
    )
    found = {frozenset(names(c)): c for c in contacts(lexicon, text)}
    assert frozenset({"Ryu Hee-jae", "Evelyn Marsh"}) in found
    assert by_name(found[frozenset({"Ryu Hee-jae", "Evelyn Marsh"})])["Ryu Hee-jae"].country == "KR"
    # Must not: a Korean-American's given name that is also a family name ("Sung Kim") keeps its Western order.
    text = "Ambassador Sung Kim met Japanese Ambassador Kenji Arakawa on Monday. Kim said they discussed trade."
    [c] = contacts(lexicon, text)
    assert names(c) == {"Sung Kim", "Kenji Arakawa"}


def test_a_side_still_unnamed_waits_for_someone_of_its_state(lexicon):
    text = (
        "South Korean Foreign Minister Ryu Hee-jae met the Chinese ambassador on Monday. Ryu will travel to "
        "Washington next week for talks with Secretary of State Evelyn Marsh, his first trip abroad this year."
    )
    [c] = contacts(lexicon, text)
    assert (names(c), c.status, c.date.value, c.date.precision, c.location) == (
        {"Ryu Hee-jae", "Evelyn Marsh"},
        "planned",
        dt.date(2020, 1, 9),
        "week",
        "Washington",
    )
    # Fires: the next sentence names one of that state's side.
    text = (
        "South Korean Foreign Minister Ryu Hee-jae met Chinese officials on Monday. The Chinese delegation was led "
        "by Vice Foreign Minister Qiu Mingde."
    )
    assert [names(c) for c in contacts(lexicon, text)] == [{"Ryu Hee-jae", "Qiu Mingde"}]


def test_separate_bilateral_talks_beside_a_trilateral_are_one_contact_with_each(lexicon):
    trilateral = (
        "President Yun Jae-hak, Chinese Premier Qiu Hanlin and Japanese Prime Minister Ryuhei Sagara held "
        "a trilateral summit in Osaka on Dec. 24."
    )
    text = trilateral + " Yun also held separate bilateral talks with Sagara and Qiu in Osaka on the same day."
    found = {frozenset(names(c)) for c in contacts(lexicon, text)}
    assert found == {
        frozenset({"Yun Jae-hak", "Qiu Hanlin", "Ryuhei Sagara"}),
        frozenset({"Yun Jae-hak", "Ryuhei Sagara"}),
        frozenset({"Yun Jae-hak", "Qiu Hanlin"}),
    }
    # The list of titled leaders gives each his own state: "Yun Jae-hak, Chinese Premier ..." is no appositive.
    [c] = contacts(lexicon, trilateral)
    assert by_name(c)["Yun Jae-hak"].country == "KR"
    # Must not: the trilateral told again is the same contact.
    text = trilateral + " The three leaders met in Osaka on the same day to discuss trade."
    assert len(contacts(lexicon, text)) == 1


def test_a_host_and_guests_for_trilateral_talks_are_one_contact_and_the_three_are_its_people(lexicon):
    hosted = (
        "Deputy Secretary of State Lorna Pike hosted South Korean Vice Foreign Minister Go Min-ho and Japanese Vice "
        "Foreign Minister Kenji Arakawa for trilateral talks in Washington on Wednesday."
    )
    [c] = contacts(lexicon, hosted, published=MID_MONTH)
    assert (names(c), c.date.value, c.location) == (
        {"Lorna Pike", "Go Min-ho", "Kenji Arakawa"},
        dt.date(2023, 8, 16),
        "Washington",
    )
    text = hosted + (
        " Go and Arakawa also held a separate bilateral meeting before the trilateral session. The three deputies "
        "are expected to meet again in Tokyo early next year."
    )
    found = {(frozenset(names(c)), c.status): c for c in contacts(lexicon, text, published=MID_MONTH)}
    # The bilateral, dated by the occasion it was held on.
    assert found[(frozenset({"Go Min-ho", "Kenji Arakawa"}), "held")].date.value == dt.date(2023, 8, 16)
    # "The three deputies": the three of the trilateral, though a bilateral came between.
    again = found[(frozenset({"Lorna Pike", "Go Min-ho", "Kenji Arakawa"}), "planned")]
    assert (again.location, again.date.value.year) == ("Tokyo", 2024)
    # Must not: "hosted A and B" with nothing that puts them together is a bilateral with each.
    text = (
        "Deputy Secretary of State Lorna Pike hosted South Korean Vice Foreign Minister Go Min-ho and Japanese Vice "
        "Foreign Minister Kenji Arakawa in Washington on Wednesday."
    )
    assert len(contacts(lexicon, text, published=MID_MONTH)) == 2


def test_a_readout_headed_by_an_officials_meeting_is_his_offices_account(lexicon):
    text = (
        "Readout of Deputy Secretary Pike's Meeting With Republic of Korea First Vice Foreign Minister Go\n\n"
        "Office of the Spokesperson\n\n"
        "Deputy Secretary of State Lorna Pike met with Republic of Korea First Vice Foreign Minister Go Min-ho in "
        "Washington on Tuesday. The Deputy Secretary and the First Vice Foreign Minister discussed North Korea."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    titles = {p.person.name: p.title for p in c.participants}
    assert titles["Lorna Pike"] == "Deputy Secretary of State"  # the fuller title the body gives
    assert titles["Go Min-ho"].endswith("First Vice Foreign Minister")
    assert not titles["Go Min-ho"].startswith("Meeting")  # the heading's words are not his title
    assert [(r.issuer.name, r.form) for r in c.readouts] == [("Department of State", "read-out")]
    # Rephrased: the heading names the call and "READOUT" stands on a line of its own.
    text = (
        "Deputy Secretary Pike's Call with Republic of Korea First Vice Foreign Minister Go\n\nREADOUT\n\n"
        "Deputy Secretary of State Lorna Pike spoke today with Republic of Korea First Vice Foreign Minister Go Min-ho."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert [r.issuer.name for r in c.readouts] == ["Department of State"]
    # Must not: a news story's headline about a meeting credits no one.
    text = (
        "Deputy Secretary Pike meets South Korean vice minister\n\n"
        "Deputy Secretary of State Lorna Pike met with South Korean First Vice Foreign Minister Go Min-ho on Tuesday."
    )
    [c] = contacts(lexicon, text, published=MID_MONTH)
    assert c.readouts == ()


@pytest.mark.parametrize(
    ("appositive", "title"),
    [
        ("assistant secretary of state for East Asian and Pacific affairs", "assistant secretary of state"),
        ("ambassador to Japan", "ambassador to Japan"),
        ("an adviser to the prime minister", "adviser to the prime minister"),
    ],
)
def test_an_appositive_that_starts_with_the_letters_of_an_article_keeps_its_first_word(lexicon, appositive, title):
    text = f"South Korean envoy Yang Hee-sun met Thomas Ellery, {appositive}, on Tuesday."
    [c] = contacts(lexicon, text)
    assert by_name(c)["Thomas Ellery"].title.startswith(title)


def test_a_readout_looking_forward_to_welcoming_someone_tells_of_a_plan(lexicon):
    text = (
        "Deputy Secretary of State Lorna Pike spoke today with South Korean First Vice Foreign Minister Go Min-ho. "
        "Deputy Secretary Pike looks forward to welcoming Vice Foreign Minister Go to Washington later this month."
    )
    found = {(c.status, c.date.precision) for c in contacts(lexicon, text, published=MID_MONTH)}
    assert found == {("held", "day"), ("planned", "month")}
    # Must not: looking forward to talks in general is no contact of its own.
    text = (
        "Deputy Secretary of State Lorna Pike spoke today with South Korean First Vice Foreign Minister Go Min-ho. "
        '"I look forward to close consultations," Pike told reporters.'
    )
    assert [c.status for c in contacts(lexicon, text, published=MID_MONTH)] == ["held"]


def test_a_denied_report_is_no_contact_and_a_span_of_days_counts_from_a_day(lexicon):
    text = (
        "Japan's government on Saturday denied a newspaper report that one of its officials had secretly met "
        "South Korean Vice Foreign Minister Go Min-ho in Bangkok last month, a day after Prime Minister Kenji "
        "Arakawa and President Lorna Pike of the United States held a summit in Osaka."
    )
    [c] = contacts(lexicon, text, published=dt.date(2023, 8, 19))  # a Saturday
    assert (names(c), c.kind, c.date.value, c.date.precision) == (
        {"Kenji Arakawa", "Lorna Pike"},
        "summit",
        dt.date(2023, 8, 18),
        "day",
    )
    # Fires: a report told, not denied.
    text = (
        "A newspaper reported on Saturday that Japanese Vice Foreign Minister Kenji Arakawa had secretly met South "
        "Korean Vice Foreign Minister Go Min-ho in Bangkok last month."
    )
    assert [names(c) for c in contacts(lexicon, text, published=dt.date(2023, 8, 19))] == [
        {"Kenji Arakawa", "Go Min-ho"}
    ]


def test_a_one_on_one_with_someone_is_a_meeting(lexicon):
    text = (
        "U.S. President Lorna Pike also held a separate one-on-one with Japanese Prime Minister Kenji Arakawa before "
        "the dinner, a White House official said."
    )
    assert [(c.kind, names(c)) for c in contacts(lexicon, text)] == [("summit", {"Lorna Pike", "Kenji Arakawa"})]
    # Must not: a one-on-one named with no one.
    assert contacts(lexicon, "U.S. President Lorna Pike prefers a one-on-one format, an official said.") == []


def test_talks_one_state_called_off_with_another_take_the_sides_the_next_sentence_names(lexicon):
    text = (
        "North Korea on Thursday called off working-level talks with South Korea that were scheduled for next "
        "Tuesday at Panmunjom. The talks, between South Korean Vice Unification Minister Oh Min-ji and Ri Chol Min, "
        "vice chairman of the North's committee, were meant to discuss family reunions."
    )
    [c] = contacts(lexicon, text)
    assert (names(c), c.status, c.date.value, c.location) == (
        {"Oh Min-ji", "Ri Chol Min"},
        "cancelled",
        dt.date(2020, 1, 7),
        "Panmunjom",
    )
    # Must not: a state's talks with no other side told nor named.
    text = "North Korea on Thursday called off working-level talks, a ministry official said. Ri Chol Min said so."
    assert contacts(lexicon, text) == []


def test_a_trilateral_named_by_its_level_joined_later_that_day(lexicon):
    text = (
        "Foreign Minister Park Min-seo will hold talks with U.S. Secretary of State Lorna Pike in Seoul on Monday. "
        "Park and Pike will then be joined by Japanese Foreign Minister Kenji Arakawa for a trilateral foreign "
        "ministers' meeting in the afternoon, the ministry said."
    )
    found = {frozenset(names(c)): c for c in contacts(lexicon, text)}
    trilateral = found[frozenset({"Park Min-seo", "Lorna Pike", "Kenji Arakawa"})]
    assert (trilateral.status, trilateral.date.value, trilateral.date.precision) == (
        "planned",
        dt.date(2020, 1, 6),
        "day",
    )
    assert found[frozenset({"Park Min-seo", "Lorna Pike"})].date.value == dt.date(2020, 1, 6)
    # Must not: "in the afternoon" with a day of its own keeps that day.
    text = (
        "Foreign Minister Park Min-seo will hold talks with U.S. Secretary of State Lorna Pike in Seoul on Monday. "
        "Park will meet Japanese Foreign Minister Kenji Arakawa on Tuesday in the afternoon."
    )
    found = {frozenset(names(c)): c for c in contacts(lexicon, text)}
    assert found[frozenset({"Park Min-seo", "Kenji Arakawa"})].date.value == dt.date(2020, 1, 7)


def test_a_delegations_members_named_after_its_head_join_the_contact(lexicon):
    text = (
        "Ri Chol Min, chairman of the committee, had a talk with the delegation of the south side headed by Oh "
        "Min-ji, director of the National Security Office of South Korea, on Thursday. The delegation included Go "
        "Min-ho, minister of Unification of South Korea, and Seo Ha-na, director of the intelligence service."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Ri Chol Min", "Oh Min-ji", "Go Min-ho", "Seo Ha-na"}
    # Rephrased (state media): "Present there from the Thai side were ..., counsellor."
    text = (
        "Ri Chol Min had talks with a delegation of the Thai foreign ministry headed by Deputy Minister Anan Chaiyo "
        "on Monday. Present there from the Thai side were Somsak Boonmee, director-general, and Niran Kaewmala, "
        "counsellor."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Ri Chol Min", "Anan Chaiyo", "Somsak Boonmee", "Niran Kaewmala"}
    # Must not: a delegation's plan that names other people is not its membership.
    text = (
        "Ri Chol Min had talks with a delegation of the Thai foreign ministry headed by Deputy Minister Anan Chaiyo "
        "on Monday. The delegation will next visit Tokyo, where Kenji Arakawa is foreign minister."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Ri Chol Min", "Anan Chaiyo"}


def test_a_party_going_home_does_not_make_its_capital_the_story_city(lexicon):
    talk = (
        "TOKYO, Dec. 31 (Kyodo) -- Japanese Foreign Minister Kenji Arakawa had a talk with the delegation of the "
        "south side headed by Oh Min-ji, director of the National Security Office of South Korea, on Tuesday. "
    )
    [c] = contacts(lexicon, talk + "The delegation returned to Seoul on Wednesday after wrapping up its visit.")
    assert c.location == "Tokyo"  # the dateline's, not the city the delegation went home to
    # Fires: a second trip to that city ties it with the dateline, and neither is the story's.
    [c] = contacts(lexicon, talk + "Arakawa will travel to Seoul in March.")
    assert c.location is None


def test_a_family_name_that_is_an_english_word_names_someone_after_his_title(lexicon):
    text = (
        "Vice Foreign Minister Park Min-seo met separately with U.S. Ambassador to Japan Lorna Pike and Chinese "
        "Ambassador to Japan He Lijun on Monday."
    )
    assert {frozenset(names(c)) for c in contacts(lexicon, text)} == {
        frozenset({"Park Min-seo", "Lorna Pike"}),
        frozenset({"Park Min-seo", "He Lijun"}),
    }
    # Must not: "He" opening a sentence is the pronoun, even before a capitalised word.
    text = "Vice Foreign Minister Park Min-seo met U.S. Ambassador Lorna Pike on Monday. He Said it went well."
    assert [names(c) for c in contacts(lexicon, text)] == [{"Park Min-seo", "Lorna Pike"}]


def test_a_video_call_with_someone_is_no_telephone_call(lexicon):
    said = "South Korean security chief Ha Min-jun {} Japanese security chief Kenji Arakawa on Monday."
    assert [c.kind for c in contacts(lexicon, said.format("held a video call with"))] == ["video_call"]
    assert [c.kind for c in contacts(lexicon, said.format("held a call with"))] == ["phone_call"]
    assert [c.kind for c in contacts(lexicon, said.format("held a virtual meeting with"))] == ["video_call"]


def test_three_states_told_as_the_sides_wait_for_three_heads(lexicon):
    text = (
        "Officials of South Korea, the United States and Japan held talks in Tokyo on Wednesday. The South Korean "
        "delegation was headed by Vice Foreign Minister Oh Min-ji, the U.S. delegation by Deputy Secretary of State "
        "Lorna Pike and the Japanese delegation by Vice Foreign Minister Kenji Arakawa."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Oh Min-ji", "Lorna Pike", "Kenji Arakawa"}
    # Must not: two states told wait for two.
    text = (
        "Officials of South Korea and Japan held talks in Tokyo on Wednesday. The South Korean delegation was headed "
        "by Vice Foreign Minister Oh Min-ji and the Japanese delegation by Vice Foreign Minister Kenji Arakawa, while "
        "Deputy Secretary of State Lorna Pike of the United States flew home."
    )
    [c] = contacts(lexicon, text)
    assert names(c) == {"Oh Min-ji", "Kenji Arakawa"}
