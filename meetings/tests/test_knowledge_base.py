"""The knowledge base: loading only adds, editors' changes stay, and the lexicon reads the database."""

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from meetings.extraction.lexicon import korean_name_variants
from meetings.models import CountryAlias, Organization, Person
from meetings.services.knowledge_base import KnowledgeBaseError, build_lexicon, load_knowledge_base

pytestmark = pytest.mark.django_db

DATA = {
    "countries": [{"code": "KR", "aliases": ["South Korea", "ROK", "Seoul", "the South"]}],
    "places": [{"name": "Seoul", "country": "KR", "aliases": []}],
    "organizations": [
        {
            "slug": "kr-presidential-office",
            "name": "Blue House",
            "acronym": "",
            "country": "KR",
            "kind": "presidential_office",
            "parent": None,
            "aliases": ["Cheong Wa Dae"],
        },
        {
            "slug": "kr-nso",
            "name": "National Security Office",
            "acronym": "NSO",
            "country": "KR",
            "kind": "agency",
            "parent": "kr-presidential-office",
            "aliases": [],
        },
    ],
    "people": [
        {
            "slug": "chung-eui-yong",
            "name": "Chung Eui-yong",
            "country": "KR",
            "aliases": ["Jung Eui-yong"],
            "positions": [
                {
                    "title": "Director of the National Security Office",
                    "organization": "kr-nso",
                    "start": "2017-05-21",
                    "end": "2020-07-03",
                }
            ],
        },
    ],
}


def test_loading_twice_adds_nothing_the_second_time():
    first = load_knowledge_base(data=DATA)
    assert (first.countries, first.places, first.organizations, first.people) == (4, 1, 2, 1)
    second = load_knowledge_base(data=DATA)
    assert (second.countries, second.places, second.organizations, second.people) == (0, 0, 0, 0)
    assert Organization.objects.get(slug="kr-nso").parent.name == "Blue House"
    assert CountryAlias.objects.get(alias="Seoul").kind == "metonym"
    assert CountryAlias.objects.get(alias="ROK").kind == "name"


def test_an_editors_change_is_not_overwritten_by_a_reload():
    load_knowledge_base(data=DATA)
    Person.objects.filter(slug="chung-eui-yong").update(aliases=["Jung Eui-yong", "Chung Eui-young"])
    load_knowledge_base(data=DATA)
    assert Person.objects.get(slug="chung-eui-yong").aliases == ["Jung Eui-yong", "Chung Eui-young"]


def test_the_lexicon_is_read_from_the_database_with_editors_additions():
    load_knowledge_base(data=DATA)
    Person.objects.filter(slug="chung-eui-yong").update(aliases=["Jung Eui-yong", "Chung Eui-young"])
    lexicon = build_lexicon()
    [chung] = lexicon.people
    assert chung.aliases == ("Jung Eui-yong", "Chung Eui-young")
    assert chung.positions[0].organization == "kr-nso"
    assert {o.slug: o.parent for o in lexicon.organizations}["kr-nso"] == "kr-presidential-office"
    assert set(lexicon.countries[0].aliases) == {"South Korea", "ROK", "Seoul", "the South"}


@pytest.mark.parametrize(
    "broken, message",
    [
        ({"organizations": [{"slug": "x"}]}, "organizations[0]: missing 'name'"),
        ({"organizations": [{"slug": "x", "name": "X", "parent": "nowhere"}]}, "parent 'nowhere' is not a known"),
        (
            {"people": [{"slug": "p", "name": "P", "positions": [{"title": "T", "start": "2019-13-01"}]}]},
            "people[0].positions[0]: not a YYYY-MM-DD date",
        ),
    ],
)
def test_a_malformed_entry_is_named_and_nothing_is_loaded(broken, message):
    with pytest.raises(KnowledgeBaseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_knowledge_base(data=broken)
    assert not Organization.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize("kind", ["organizations", "people"])
def test_an_unknown_country_code_is_refused_by_the_fields_own_check(kind):
    # Known codes skip the field's (slow) check in a bulk load; an unknown one still gets the field's error.
    entry = {"slug": "x", "name": "Xavier Xu", "country": "XX"}
    with pytest.raises(ValidationError) as raised:
        load_knowledge_base(data={kind: [entry]})
    assert "'XX' is not a valid choice" in str(raised.value.message_dict["country"])
    assert not Organization.objects.exists() and not Person.objects.exists()


def test_a_position_may_name_its_source_and_the_loader_takes_it():
    data = {
        **DATA,
        "people": [
            {
                **DATA["people"][0],
                "positions": [{**DATA["people"][0]["positions"][0], "source": "https://example.org/list-of-directors"}],
            }
        ],
    }
    load_knowledge_base(data=data)
    assert Person.objects.get(slug="chung-eui-yong").positions.get().start_date.isoformat() == "2017-05-21"


# --- The shipped roster (fixtures/knowledge_base.json): checks that need no database. ---


SHIPPED = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "knowledge_base.json").read_text("utf-8"))
ORGANIZATIONS = {o["slug"]: o for o in SHIPPED["organizations"]}
COUNTRY_CODES = {c["code"] for c in SHIPPED["countries"]}
# Posts several people hold at once; every other (country, organization, title) has one holder at a time.
MULTI_HOLDER_TITLES = {
    "Vice Minister of Foreign Affairs",  # the DPRK's, by region
    "Deputy Minister of Foreign Affairs",  # Russia's
    "Foreign Ministry Spokesperson",  # China's spokespeople take turns at the briefing
    "Vice Chairman of the WPK Central Committee",
    "Secretary of the WPK Central Committee",
    "First Vice Department Director of the WPK Central Committee",
    "Vice Department Director of the WPK Central Committee",
    "State Councillor",
}


def _positions():
    for person in SHIPPED["people"]:
        for pos in person["positions"]:
            yield person, pos


def _day(value):
    return dt.date.fromisoformat(value) if value else None


def test_every_position_names_a_known_organization_and_valid_dates():
    for person, pos in _positions():
        where = f"{person['slug']}: {pos['title']}"
        assert pos.get("organization") is None or pos["organization"] in ORGANIZATIONS, where
        start, end = _day(pos.get("start")), _day(pos.get("end"))
        assert start is not None, where
        assert end is None or start <= end, where
        assert end is None or end <= dt.date(2026, 12, 31), where
        assert pos.get("source") is None or pos["source"].startswith(("https://", "http://")), where


def test_every_person_has_a_country_unless_only_an_international_official():
    for person in SHIPPED["people"]:
        if person.get("country"):
            assert person["country"] in COUNTRY_CODES, person["slug"]
            continue
        assert person["positions"], person["slug"]
        for pos in person["positions"]:
            org = ORGANIZATIONS.get(pos.get("organization"))
            assert org and org["kind"] == "international" and not org.get("country"), person["slug"]


def test_slugs_are_unique_and_no_name_or_alias_names_two_people():
    slugs = [p["slug"] for p in SHIPPED["people"]]
    assert len(slugs) == len(set(slugs))
    owners = defaultdict(set)
    for person in SHIPPED["people"]:
        for alias in (person["name"], *person["aliases"]):
            variants = korean_name_variants(alias) if person.get("country") in ("KR", "KP") else {alias}
            for variant in variants:
                owners[variant.casefold()].add(person["slug"])
    shared = {alias: sorted(slugs) for alias, slugs in owners.items() if len(slugs) > 1}
    assert not shared


def test_no_single_holder_post_has_two_holders_at_once():
    holders = defaultdict(list)
    for person, pos in _positions():
        if pos["title"] in MULTI_HOLDER_TITLES:
            continue
        org = ORGANIZATIONS.get(pos.get("organization"))
        country = (org or {}).get("country") or person.get("country")
        end = _day(pos.get("end")) or dt.date(2026, 12, 31)
        holders[(country, pos.get("organization"), pos["title"])].append((_day(pos["start"]), end, person["slug"]))
    clashes = []
    for post, terms in holders.items():
        terms.sort()
        latest_end, latest_who = terms[0][1], terms[0][2]
        for start, end, who in terms[1:]:
            if start < latest_end and who != latest_who:  # a hand-over day (one ends as the next starts) is fine
                clashes.append((post, latest_who, who))
            if end > latest_end:
                latest_end, latest_who = end, who
    assert not clashes
