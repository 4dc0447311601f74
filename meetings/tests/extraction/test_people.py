"""People: known names, discovery from titles, and coreference within one article."""

import datetime as dt

from meetings.extraction.lexicon import Lexicon
from meetings.extraction.parsing import split_sentences
from meetings.extraction.people import PeopleResolver

from .conftest import FRIDAY


def mentions(lexicon, text):
    resolver = PeopleResolver(lexicon, FRIDAY)
    found = []
    for sentence in split_sentences(text):
        found += [
            (sentence.text[m.start : m.end], m.person)
            for m in resolver.mentions(sentence, lexicon.match(sentence.text))
        ]
    return found, resolver


def test_knowledge_base_names_and_spelling_variants(lexicon):
    found, _ = mentions(lexicon, "Kim Jong-un wrote to Stephen E. Biegun.")
    assert [(surface, p.name) for surface, p in found] == [
        ("Kim Jong-un", "Kim Jong Un"),
        ("Stephen E. Biegun", "Stephen Biegun"),
    ]


def test_a_person_is_discovered_from_a_title_before_the_name(lexicon):
    found, _ = mentions(lexicon, "Biegun met South Korean Minister of Unification Kim Yeon-chul on Friday.")
    kim = found[-1][1]
    assert (kim.name, kim.title, kim.country) == ("Kim Yeon-chul", "Minister of Unification", "KR")
    assert kim.organization is None  # this lexicon has no unification ministry: an office only when it is known


def test_a_person_is_discovered_from_an_appositive_title(lexicon):
    found, _ = mentions(
        lexicon, "The statement was issued under the name of Kwon Jong Gun, a foreign ministry official."
    )
    assert [(p.name, p.title, p.country) for _, p in found] == [("Kwon Jong Gun", "foreign ministry official", "KP")]


def test_a_korean_name_is_recognised_by_its_shape_without_a_title(lexicon):
    found, _ = mentions(lexicon, "Lee Eu-gene said the plan would go ahead.")
    assert [(p.name, p.country, p.title) for _, p in found] == [("Lee Eu-gene", "KR", None)]


def test_bylines_and_credits_name_no_one(lexicon):
    found, _ = mentions(lexicon, "Edited by Oliver Hotham\nFeatured image: Reporting by Ben Blanchard")
    assert found == []


def test_a_surname_and_a_title_with_surname_resolve_to_the_full_name(lexicon):
    found, _ = mentions(lexicon, "Kang Kyung-wha met Biegun. Minister Kang said she was concerned. Biegun agreed.")
    assert [(s, p.name) for s, p in found] == [
        ("Kang Kyung-wha", "Kang Kyung-wha"),
        ("Biegun", "Stephen Biegun"),
        ("Kang", "Kang Kyung-wha"),
        ("Biegun", "Stephen Biegun"),
    ]


def test_kim_resolves_to_the_nearest_fitting_kim_of_the_article(lexicon):
    text = (
        "Biegun met Kim Hyun-chong, deputy director of the National Security Office. "
        "He then met Minister of Unification Kim Yeon-chul. Biegun and Kim discussed aid."
    )
    found, _ = mentions(lexicon, text)
    assert [p.name for s, p in found if s == "Kim"] == ["Kim Yeon-chul"]


def test_a_role_resolves_to_the_office_holder(lexicon):
    found, _ = mentions(lexicon, "Pompeo traveled to Pyongyang and met with the North Korean leader.")
    assert [p.name for _, p in found] == ["Mike Pompeo", "Kim Jong Un"]


def test_a_counterpart_is_the_other_countrys_holder_of_the_same_kind_of_post(lexicon):
    found, _ = mentions(lexicon, "Kang Kyung-wha met her Japanese counterpart on Monday.")
    assert [p.name for _, p in found] == ["Kang Kyung-wha", "Taro Kono"]
    # Washington's Secretary of State and Tokyo's foreign minister are counterparts (one role in the posts table).
    found, _ = mentions(lexicon, "Secretary of State Mike Pompeo met his Japanese counterpart.")
    assert [p.name for _, p in found] == ["Mike Pompeo", "Taro Kono"]
    found, _ = mentions(lexicon, "Foreign Minister Taro Kono met his U.S. counterpart on Monday.")
    assert [p.name for _, p in found] == ["Taro Kono", "Mike Pompeo"]
    found, _ = mentions(lexicon, "Special Representative Stephen Biegun met his Japanese counterpart.")
    assert [p.name for _, p in found] == ["Stephen Biegun"]  # an envoy's counterpart is no foreign minister
    found, _ = mentions(lexicon, "Minister for Foreign Affairs Taro Kono thanked his Japanese counterpart.")
    assert [p.name for _, p in found] == ["Taro Kono"]  # never the speaker himself


def test_a_japanese_name_is_known_in_either_order():
    from meetings.extraction.lexicon import Lexicon

    lexicon = Lexicon.from_knowledge_base(
        {
            "countries": [{"code": "JP", "aliases": ["Japan", "Japanese"]}],
            "people": [{"slug": "arakawa", "name": "Kenji Arakawa", "country": "JP"}],
        }
    )
    assert {m.key for m in lexicon.match("Foreign Minister Arakawa Kenji of Japan")} >= {"arakawa"}
    assert {m.key for m in lexicon.match("Foreign Minister Kenji Arakawa")} >= {"arakawa"}
    # Must not: an American's name is not read backwards.
    lexicon = Lexicon.from_knowledge_base({"people": [{"slug": "voss", "name": "Harlan Voss", "country": "US"}]})
    assert lexicon.match("Voss Harlan said") == []


def _invented_cabinet() -> Lexicon:
    """A state's cabinet over the years, of invented officials (none in the test knowledge base): who holds a
    post is read off the posts' dates, among many holders of other posts."""
    people = [
        {
            "slug": "ines-varga",
            "name": "Ines Varga",
            "country": "BE",
            "positions": [
                {"title": "Ambassador to Japan", "start": "2012-01-01", "end": "2016-12-31"},
                {"title": "Foreign Minister", "start": "2017-02-01", "end": "2020-06-30"},
            ],
        },
        {
            "slug": "pieter-moens",
            "name": "Pieter Moens",
            "country": "BE",
            # Two posts held at once: one holder, named once.
            "positions": [
                {"title": "Foreign Minister", "start": "2020-07-01"},
                {"title": "Deputy Prime Minister", "start": "2020-07-01"},
            ],
        },
        {
            "slug": "lotte-claes",
            "name": "Lotte Claes",
            "country": "BE",
            "positions": [{"title": "Vice Foreign Minister", "start": "2018-01-01"}],
        },
        {
            "slug": "haruki-sonoda",
            "name": "Haruki Sonoda",
            "country": "JP",
            "positions": [{"title": "Foreign Minister", "start": "2019-09-01"}],
        },
    ]
    # Many other officials of the same state, under titles no foreign-minister role fits.
    people += [
        {
            "slug": f"official-{i}",
            "name": f"Official Number{i}",
            "country": "BE",
            "positions": [{"title": title, "start": "2015-01-01"}],
        }
        for i, title in enumerate(["Ambassador", "Director-General", "Spokesperson", "Envoy"] * 50)
    ]
    countries = [{"code": "BE", "aliases": ["Belgium", "Belgian"]}, {"code": "JP", "aliases": ["Japanese"]}]
    return Lexicon.from_knowledge_base({"countries": countries, "people": people})


def test_a_states_holders_of_a_post_are_those_of_the_day():
    lexicon = _invented_cabinet()

    def foreign_minister(title: str) -> bool:
        return title == "Foreign Minister"

    assert [p.slug for p in lexicon.holders("BE", dt.date(2019, 3, 1), foreign_minister)] == ["ines-varga"]
    assert [p.slug for p in lexicon.holders("BE", dt.date(2021, 3, 1), foreign_minister)] == ["pieter-moens"]
    assert lexicon.holders("BE", dt.date(2016, 3, 1), foreign_minister) == []
    assert lexicon.holders("NL", dt.date(2019, 3, 1), foreign_minister) == []
    # A holder of two fitting posts is one holder.
    cabinet = lexicon.holders("BE", dt.date(2021, 3, 1), lambda title: "Minister" in title)
    assert sorted(p.slug for p in cabinet) == ["lotte-claes", "pieter-moens"]


def test_a_role_and_a_counterpart_resolve_to_the_holder_on_the_articles_day():
    lexicon = _invented_cabinet()

    def named(text, day):
        resolver = PeopleResolver(lexicon, day)
        return [
            m.person.name
            for sentence in split_sentences(text)
            for m in resolver.mentions(sentence, lexicon.match(sentence.text))
        ]

    text = "The Belgian foreign minister arrived in Tokyo on Monday."
    assert named(text, dt.date(2019, 3, 1)) == ["Ines Varga"]
    # In 2021 the Vice Foreign Minister is in office too: not "the foreign minister", who is one person.
    assert named(text, dt.date(2021, 3, 1)) == ["Pieter Moens"]
    # A counterpart: the other state's holder of the same post that day.
    assert named("Foreign Minister Haruki Sonoda met his Belgian counterpart.", dt.date(2021, 3, 1)) == [
        "Haruki Sonoda",
        "Pieter Moens",
    ]
