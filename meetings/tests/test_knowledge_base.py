"""The knowledge base: loading only adds, editors' changes stay, and the lexicon reads the database."""
import pytest

from meetings.models import CountryAlias, Organization, Person
from meetings.services.knowledge_base import KnowledgeBaseError, build_lexicon, load_knowledge_base

pytestmark = pytest.mark.django_db

DATA = {
    "countries": [{"code": "KR", "aliases": ["South Korea", "ROK", "Seoul", "the South"]}],
    "places": [{"name": "Seoul", "country": "KR", "aliases": []}],
    "organizations": [
        {"slug": "kr-presidential-office", "name": "Blue House", "acronym": "", "country": "KR",
         "kind": "presidential_office", "parent": None, "aliases": ["Cheong Wa Dae"]},
        {"slug": "kr-nso", "name": "National Security Office", "acronym": "NSO", "country": "KR",
         "kind": "agency", "parent": "kr-presidential-office", "aliases": []},
    ],
    "people": [
        {"slug": "chung-eui-yong", "name": "Chung Eui-yong", "country": "KR", "aliases": ["Jung Eui-yong"],
         "positions": [{"title": "Director of the National Security Office", "organization": "kr-nso",
                        "start": "2017-05-21", "end": "2020-07-03"}]},
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
        ({"people": [{"slug": "p", "name": "P", "positions": [{"title": "T", "start": "2019-13-01"}]}]},
         "people[0].positions[0]: not a YYYY-MM-DD date"),
    ],
)
def test_a_malformed_entry_is_named_and_nothing_is_loaded(broken, message):
    with pytest.raises(KnowledgeBaseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_knowledge_base(data=broken)
    assert not Organization.objects.exists() and not Person.objects.exists()
