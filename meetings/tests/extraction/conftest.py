import datetime as dt

import pytest

from meetings.extraction.lexicon import Lexicon

KNOWLEDGE = {
    "countries": [
        {"code": "KR", "aliases": ["South Korea", "South Korean", "ROK", "Seoul", "the South"]},
        {"code": "KP", "aliases": ["North Korea", "North Korean", "DPRK", "Pyongyang"]},
        {"code": "US", "aliases": ["United States", "U.S.", "US", "American", "Washington"]},
        {"code": "CN", "aliases": ["China", "Chinese", "Beijing"]},
        {"code": "JP", "aliases": ["Japan", "Japanese", "Tokyo"]},
        {"code": "TH", "aliases": ["Thailand", "Thai", "Bangkok"]},
        {"code": "BE", "aliases": ["Belgium", "Belgian"]},
    ],
    "places": [
        {"name": "Seoul", "country": "KR"},
        {"name": "Washington", "country": "US", "aliases": ["Washington DC"]},
        {"name": "Tokyo", "country": "JP"},
        {"name": "Panmunjom", "country": "KR"},
        {"name": "Incheon", "country": "KR"},
        {"name": "Bangkok", "country": "TH"},
        {"name": "Chiang Mai", "country": "TH"},
        {"name": "Osaka", "country": "JP"},
        {"name": "Brussels", "country": "BE"},
    ],
    "organizations": [
        {
            "slug": "kr-mofa",
            "name": "Ministry of Foreign Affairs",
            "acronym": "MOFA",
            "country": "KR",
            "kind": "ministry",
            "aliases": ["foreign ministry"],
        },
        {
            "slug": "jp-mofa",
            "name": "Ministry of Foreign Affairs",
            "country": "JP",
            "kind": "ministry",
            "aliases": ["Japanese foreign ministry"],
        },
        {
            "slug": "kr-bluehouse",
            "name": "Blue House",
            "country": "KR",
            "kind": "presidential_office",
            "aliases": ["Cheong Wa Dae", "presidential office"],
        },
        {
            "slug": "us-state",
            "name": "Department of State",
            "country": "US",
            "kind": "ministry",
            "aliases": ["State Department"],
        },
        {"slug": "kp-kcna", "name": "Korean Central News Agency", "acronym": "KCNA", "country": "KP", "kind": "media"},
        {"slug": "kp-cabinet", "name": "Cabinet", "country": "KP", "kind": "other", "aliases": ["DPRK Cabinet"]},
        {"slug": "eu", "name": "European Union", "acronym": "EU", "country": None, "kind": "other"},
    ],
    "people": [
        {
            "slug": "moon",
            "name": "Moon Jae-in",
            "country": "KR",
            "positions": [
                {"title": "President", "organization": "kr-bluehouse", "start": "2017-05-10", "end": "2022-05-09"}
            ],
        },
        {
            "slug": "trump",
            "name": "Donald Trump",
            "country": "US",
            "positions": [{"title": "President", "start": "2017-01-20", "end": "2021-01-20"}],
        },
        {
            "slug": "kim-jong-un",
            "name": "Kim Jong Un",
            "country": "KP",
            "aliases": ["Kim Jong-un"],
            "positions": [{"title": "Chairman of the State Affairs Commission", "start": "2016-06-29"}],
        },
        {
            "slug": "biegun",
            "name": "Stephen Biegun",
            "country": "US",
            "aliases": ["Stephen E. Biegun"],
            "positions": [
                {"title": "Special Representative for North Korea", "organization": "us-state", "start": "2018-08-23"}
            ],
        },
        {
            "slug": "kang",
            "name": "Kang Kyung-wha",
            "country": "KR",
            "positions": [{"title": "Minister of Foreign Affairs", "organization": "kr-mofa", "start": "2017-06-18"}],
        },
        {
            "slug": "kono",
            "name": "Taro Kono",
            "country": "JP",
            "positions": [
                {
                    "title": "Minister for Foreign Affairs",
                    "organization": "jp-mofa",
                    "start": "2017-08-03",
                    "end": "2019-09-11",
                }
            ],
        },
        {
            "slug": "pompeo",
            "name": "Mike Pompeo",
            "country": "US",
            "positions": [{"title": "Secretary of State", "organization": "us-state", "start": "2018-04-26"}],
        },
    ],
}

FRIDAY = dt.date(2019, 5, 10)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.from_knowledge_base(KNOWLEDGE)
