"""Posts: the titles officials carry, which country uses each, and which office it belongs to.

A title names a post; many posts exist in one country only ("Secretary of State" in Washington,
"Minister of Unification" in Seoul, "Chief Cabinet Secretary" in Tokyo), so a title alone tells the
country of an official the knowledge base has never heard of. Others exist in several countries
("foreign minister") and need the country the text gives; they still tell the office.

Rows are tried in order and the first whose phrase occurs in the title wins: more specific phrases
(the UK's "Secretary of State for Foreign ... Affairs") stand before the general ones they contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache


@dataclass(frozen=True)
class Post:
    phrases: tuple[str, ...]  # lower case, matched on word boundaries; "defen[cs]e" spellings are listed apart
    country: str | None = None  # the only country whose officials carry this title, if one
    offices: dict[str, str] = field(default_factory=dict)  # country -> knowledge-base office slug
    # Posts of different names that are counterparts of one another (Washington's Secretary of State and the
    # foreign ministers) share a role.
    role: str = ""


_FOREIGN_MINISTRIES = {"KR": "kr-mofa", "KP": "kp-mfa", "CN": "cn-mfa", "JP": "jp-mofa", "RU": "ru-mfa"}
_DEFENCE_MINISTRIES = {"KR": "kr-mnd", "KP": "kp-mnd", "CN": "cn-mnd", "JP": "jp-mod", "RU": "ru-mod", "US": "us-dod"}

POSTS: tuple[Post, ...] = (
    # United Kingdom before the United States: both have a "Secretary of State".
    Post(("secretary of state for foreign", "foreign secretary", "foreign and commonwealth"), country="GB"),
    # United States
    Post(
        (
            "deputy secretary of state",
            "under secretary of state",
            "assistant secretary of state",
            "state department spokesperson",
            "state department spokesman",
            "state department spokeswoman",
        ),
        country="US",
        offices={"US": "us-state"},
    ),
    # The six-party talks' chief delegates: each state's "nuclear envoy", counterparts of one another.
    Post(
        (
            "special representative for north korea",
            "special envoy for north korea",
            "special envoy on north korea",
            "special representative for dprk",
        ),
        country="US",
        offices={"US": "us-state"},
        role="nuclear envoy",
    ),
    Post(("secretary of state",), country="US", offices={"US": "us-state"}, role="foreign minister"),
    Post(
        (
            "secretary of defense",
            "defense secretary",
            "deputy secretary of defense",
            "pentagon chief",
            "secretary of war",
        ),
        country="US",
        offices={"US": "us-dod"},
        role="defence minister",
    ),
    Post(("secretary of the treasury", "treasury secretary"), country="US", offices={"US": "us-treasury"}),
    Post(
        ("director of national intelligence", "cia director", "director of the cia"),
        country="US",
        offices={"US": "us-cia"},
    ),
    Post(("white house press secretary", "white house chief of staff"), country="US", offices={"US": "us-white-house"}),
    Post(("vice president",), offices={"US": "us-white-house"}),
    # South Korea
    Post(
        (
            "minister of unification",
            "unification minister",
            "vice unification minister",
            "vice minister of unification",
        ),
        country="KR",
        offices={"KR": "kr-mou"},
    ),
    Post(
        (
            "special representative for korean peninsula peace and security affairs",
            "special representative for korean peninsula peace",
        ),
        country="KR",
        offices={"KR": "kr-mofa"},
        role="nuclear envoy",
    ),
    # The foreign minister's title until 2013.
    Post(("minister of foreign affairs and trade",), country="KR", offices={"KR": "kr-mofa"}, role="foreign minister"),
    Post(
        (
            "director of the national security office",
            "national security office director",
            "director of national security",
            "national security director",
        ),
        country="KR",
        offices={"KR": "kr-nso"},
    ),
    Post(("director of the national intelligence service", "nis director"), country="KR", offices={"KR": "kr-nis"}),
    Post(("chairman of the joint chiefs of staff", "jcs chairman"), offices={"KR": "kr-jcs"}),
    # North Korea
    Post(
        (
            "chairman of the state affairs commission",
            "president of the state affairs",
            "state affairs commission chairman",
        ),
        country="KP",
        offices={"KP": "kp-sac"},
    ),
    Post(
        (
            "general secretary of the workers' party",
            "general secretary of the workers’ party",
            "vice chairman of the workers' party",
            "vice chairman of the workers’ party",
            "vice-chairman of the workers' party",
            "vice-chairman of the workers’ party",
            "department director of the workers' party",
            "department director of the workers’ party",
            "wpk central committee",
        ),
        country="KP",
        offices={"KP": "kp-wpk"},
    ),
    Post(("united front department", "director of the united front"), country="KP", offices={"KP": "kp-ufd"}),
    Post(("committee for the peaceful reunification", "cprf chairman"), country="KP", offices={"KP": "kp-cprf"}),
    Post(
        (
            "president of the presidium of the supreme people's assembly",
            "president of the presidium of the supreme people’s assembly",
            "chairman of the standing committee of the supreme people's assembly",
            "chairman of the standing committee of the supreme people’s assembly",
        ),
        country="KP",
        offices={"KP": "kp-spa"},
    ),
    Post(
        ("minister of people's armed forces", "minister of people’s armed forces"),
        country="KP",
        offices={"KP": "kp-mnd"},
    ),
    # Japan
    Post(("chief cabinet secretary", "deputy chief cabinet secretary"), country="JP", offices={"JP": "jp-pmo"}),
    Post(
        ("director-general of the asian and oceanian affairs bureau", "asian and oceanian affairs bureau"),
        country="JP",
        offices={"JP": "jp-mofa"},
        role="nuclear envoy",  # Japan's chief delegate to the six-party talks
    ),
    Post(
        ("secretary general of the national security secretariat", "national security secretariat"),
        country="JP",
        offices={"JP": "jp-nss"},
    ),
    # China
    Post(("state councilor", "state councillor"), country="CN", offices={"CN": "cn-state-council"}),
    Post(
        ("director of the office of the central foreign affairs commission", "central foreign affairs commission"),
        country="CN",
        offices={"CN": "cn-cfac"},
    ),
    Post(
        ("special representative on korean peninsula affairs", "special representative for korean peninsula affairs"),
        country="CN",
        offices={"CN": "cn-mfa"},
        role="nuclear envoy",
    ),
    Post(
        (
            "chairman of the national people's congress",
            "chairman of the national people’s congress",
            "npc standing committee",
        ),
        country="CN",
        offices={"CN": "cn-npc"},
    ),
    # Russia
    Post(("kremlin spokesman", "kremlin spokesperson"), country="RU", offices={"RU": "ru-kremlin"}),
    Post(("secretary of the security council",), offices={"RU": "ru-security-council"}),
    # International organizations: no country of their own.
    Post(
        (
            "secretary-general of the united nations",
            "u.n. secretary-general",
            "un secretary-general",
            "united nations secretary-general",
            "under-secretary-general",
        ),
        offices={},
    ),
    # The U.N. and EU roles of this field (the knowledge base's international posts).
    Post(
        (
            "special rapporteur on the situation of human rights in the democratic people's republic of korea",
            "special rapporteur on the situation of human rights in north korea",
            "special rapporteur on north korean human rights",
            "special rapporteur on human rights in north korea",
            "special rapporteur",
        ),
        offices={},
    ),
    Post(
        ("high representative for foreign affairs and security policy", "eu foreign policy chief"),
        offices={},
    ),
    # Spokespeople speak for their office: their words are its account.
    Post(
        (
            "presidential spokesman",
            "presidential spokesperson",
            "presidential spokeswoman",
            "presidential press secretary",
        ),
        offices={"KR": "kr-presidential-office", "US": "us-white-house", "RU": "ru-kremlin"},
    ),
    # Posts of several countries: the office depends on the country the text gives.
    Post(
        (
            "first vice foreign minister",
            "second vice foreign minister",
            "vice foreign minister",
            "deputy foreign minister",
            "foreign minister",
            "minister of foreign affairs",
            "minister for foreign affairs",
            "foreign affairs minister",
            "foreign ministry spokesperson",
            "foreign ministry spokesman",
            "foreign ministry spokeswoman",
            "foreign ministry official",
        ),
        offices=_FOREIGN_MINISTRIES,
        role="foreign minister",
    ),
    Post(
        ("nuclear envoy", "chief nuclear negotiator", "chief negotiator"),
        offices=_FOREIGN_MINISTRIES,
        role="nuclear envoy",
    ),
    Post(
        (
            "defense minister",
            "defence minister",
            "minister of national defense",
            "minister of national defence",
            "minister of defense",
            "minister of defence",
            "minister for defence",
            "vice defense minister",
            "deputy defense minister",
        ),
        offices=_DEFENCE_MINISTRIES,
        role="defence minister",
    ),
    Post(
        (
            "national security adviser",
            "national security advisor",
            "deputy national security adviser",
            "deputy national security advisor",
        ),
        offices={"KR": "kr-nso", "US": "us-nsc", "JP": "jp-nss"},
    ),
    Post(("premier",), offices={"CN": "cn-state-council", "KP": "kp-cabinet"}),
    Post(
        ("prime minister",),
        offices={"JP": "jp-pmo", "KR": "kr-pmo", "KP": "kp-cabinet", "RU": "ru-government", "CN": "cn-state-council"},
    ),
    Post(
        ("president",),
        offices={"KR": "kr-presidential-office", "US": "us-white-house", "RU": "ru-kremlin"},
    ),
)


@cache
def _compiled() -> list[tuple[re.Pattern, Post]]:
    """One pattern per post, its phrases longest first, matched on word boundaries."""
    return [
        (
            re.compile(
                r"(?<![\w-])(?:"
                + "|".join(re.escape(p) for p in sorted(post.phrases, key=len, reverse=True))
                + r")(?![\w-])"
            ),
            post,
        )
        for post in POSTS
    ]


# Distinct titles remembered by the functions of a title (here and in people.py): far more than an import meets
# (a knowledge base of 10,000 people holds a few hundred), few enough to hold. post_of_title is asked of every
# official of a state when a role ("the foreign minister") is resolved.
TITLES_CACHED = 4096


@lru_cache(maxsize=TITLES_CACHED)
def post_of_title(title: str | None) -> Post | None:
    """The post a title names, or None: "South Korean Foreign Minister" -> the foreign ministers' post."""
    if not title:
        return None
    folded = title.casefold()
    return next((post for pattern, post in _compiled() if pattern.search(folded)), None)


def country_of_title(title: str | None) -> str | None:
    """The country a title alone gives: "Secretary of State" is American, "Minister of Unification" South Korean."""
    post = post_of_title(title)
    return post.country if post else None


def office_of_title(title: str | None, country: str | None) -> str | None:
    """The office slug a title implies for an official of ``country``."""
    post = post_of_title(title)
    if post is None or not country:
        return None
    return post.offices.get(country)
