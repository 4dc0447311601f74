"""The editors' admin says what it did in words, finds the person typed, and fills in what the records know."""

import datetime as dt

import pytest

from meetings.models import Article, Meeting, Participation, Person, ReadOut
from meetings.tests.factories import (
    EditorFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    ReadOutFactory,
)
from meetings.tests.test_admin import inline
from meetings.tests.test_import import GOOD, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(EditorFactory())
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_reextracting_an_article_says_what_it_did_in_words(editor, tmp_path):
    (tmp_path / "seoul.txt").write_text(GOOD, encoding="utf-8")
    run_import(tmp_path)
    article = Article.objects.get()
    kept = list(Meeting.objects.public().values_list("pk", flat=True))
    assert len(kept) == 1
    response = editor.post(
        "/admin/meetings/article/", {"action": "reextract", "_selected_action": [article.pk]}, follow=True
    )
    [message] = messages_of(response)
    assert message == (
        "Re-extracted 1 article: 1 meeting found again and kept at its address, none new, none retired; no new people."
    )
    assert "StoreResult" not in response.content.decode()
    assert list(Meeting.objects.public().values_list("pk", flat=True)) == kept


def test_merging_one_person_into_another_says_one(editor):
    survivor = PersonFactory(name="Kim Jong Un")
    other = PersonFactory(name="Kim Jong-un")
    ParticipationFactory(person=other)
    response = editor.post(
        "/admin/meetings/person/",
        {
            "action": "merge_people",
            "_selected_action": [survivor.pk, other.pk],
            "apply": "1",
            "survivor": survivor.pk,
        },
        follow=True,
    )
    [message] = messages_of(response)
    assert message.startswith("Merged 1 person (Kim Jong-un) into Kim Jong Un:"), message
    assert not Person.objects.filter(pk=other.pk).exists()
    assert Participation.objects.get().person == survivor


def test_the_person_autocomplete_puts_the_name_typed_first(editor):
    for name in ["Kim Hyun-chong", "Kim Jong-nam", "Kim Yo Jong", "Kim Jong Un", "Kim Jong-un Jr"]:
        PersonFactory(name=name)
    # Found by the word-by-word search too ("un" of "unification"), and first by name: not first here.
    PersonFactory(name="Kim Hyun-jong", aliases=["Kim Hyun-jong (unification ministry)"])

    def found(term):
        response = editor.get(
            "/admin/autocomplete/",
            {"term": term, "app_label": "meetings", "model_name": "participation", "field_name": "person"},
        )
        return [r["text"].split(" · ")[0] for r in response.json()["results"]]

    # The name itself, then names that begin with it, then the rest.
    assert found("Kim Jong Un") == ["Kim Jong Un", "Kim Jong-un Jr", "Kim Hyun-jong"]
    # Any spelling of the name, folded as the importer folds names.
    assert (
        found("kim jong un")[:2]
        == found("Kim Jong-un")[:2]
        == found("KIM JONGUN")[:2]
        == ["Kim Jong Un", "Kim Jong-un Jr"]
    )
    assert found("kim jong")[:2] == ["Kim Jong Un", "Kim Jong-nam"]
    assert found("Kim")[0] == "Kim Hyun-chong"  # by name when nothing matches better


def test_the_autocomplete_shows_each_persons_country_and_current_office(editor):
    office = OrganizationFactory(name="Ministry of Unification", country="KR")
    kim = PersonFactory(name="Kim Yeon-chul", country="KR")
    PositionFactory(person=kim, organization=office, title="Deputy Minister", end_date=dt.date(2010, 1, 1))
    PositionFactory(person=kim, organization=office, title="Minister of Unification", start_date=dt.date(2019, 4, 8))
    PersonFactory(name="Kim Yeon-chul", slug="kim-yeon-chul-2", country="KP")
    response = editor.get(
        "/admin/autocomplete/",
        {"term": "Kim Yeon-chul", "app_label": "meetings", "model_name": "participation", "field_name": "person"},
    )
    assert sorted(r["text"] for r in response.json()["results"]) == [
        "Kim Yeon-chul · North Korea",
        "Kim Yeon-chul · South Korea · Minister of Unification, Ministry of Unification",
    ]


@pytest.fixture
def offices():
    return {
        "kr_nsc": OrganizationFactory(name="National Security Office", slug="kr-nso", country="KR"),
        "kr_mofa": OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR"),
        "kp_mfa": OrganizationFactory(name="Ministry of Foreign Affairs (DPRK)", slug="kp-mfa", country="KP"),
    }


def meeting_data(participants, readouts=()):
    return {
        "title": "Talks in Seoul",
        "kind": "meeting",
        "status": "held",
        "date": "2019-05-10",
        "date_precision": "day",
        "location": "Seoul",
        "notes": "",
        "source_note": "Pool report",
        **inline("participations", participants),
        **inline("readouts", list(readouts)),
    }


def test_a_participant_left_blank_takes_the_office_and_country_held_on_the_meetings_day(editor, offices):
    chung = PersonFactory(name="Chung Eui-yong", country="")
    PositionFactory(
        person=chung,
        organization=offices["kr_nsc"],
        title="National Security Adviser",
        start_date=dt.date(2017, 5, 21),
        end_date=dt.date(2021, 2, 8),
    )
    PositionFactory(
        person=chung,
        organization=offices["kr_mofa"],
        title="Minister of Foreign Affairs",
        start_date=dt.date(2021, 2, 9),
    )
    response = editor.post(
        "/admin/meetings/meeting/add/",
        meeting_data([{"person": chung.pk, "title": "", "organization": "", "country": ""}]),
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    participation = Participation.objects.get(person=chung)
    assert (participation.organization, participation.country.code, participation.title) == (
        offices["kr_nsc"],
        "KR",
        "National Security Adviser",
    )


def test_a_country_that_is_not_the_offices_is_refused_on_its_field(editor, offices):
    kang = PersonFactory(name="Kang Kyung-wha", country="KR")
    response = editor.post(
        "/admin/meetings/meeting/add/",
        meeting_data([{"person": kang.pk, "title": "", "organization": offices["kp_mfa"].pk, "country": "KR"}]),
    )
    assert response.status_code == 200
    [errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert errors["country"] == [
        "Ministry of Foreign Affairs (DPRK) is an office of North Korea, not of South Korea: choose the country of "
        "the office, or another office."
    ]
    assert not Meeting.objects.exists()
    # Left blank, an office of another country than the person's is questioned, not taken on trust.
    response = editor.post(
        "/admin/meetings/meeting/add/",
        meeting_data([{"person": kang.pk, "title": "", "organization": offices["kp_mfa"].pk, "country": ""}]),
    )
    [errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert errors["organization"] == [
        "Kang Kyung-wha is recorded as of South Korea, and Ministry of Foreign Affairs (DPRK) is an office of North "
        "Korea: choose another office, or type the country to confirm."
    ]
    assert not Meeting.objects.exists()
    # Left blank, the country is the office's.
    response = editor.post(
        "/admin/meetings/meeting/add/",
        meeting_data([{"person": kang.pk, "title": "", "organization": offices["kr_mofa"].pk, "country": ""}]),
    )
    assert response.status_code == 302
    assert Participation.objects.get().country.code == "KR"


def test_readout_quotes_are_typed_one_per_line(editor, offices):
    kang = PersonFactory(name="Kang Kyung-wha", country="KR")
    response = editor.post(
        "/admin/meetings/meeting/add/",
        meeting_data(
            [{"person": kang.pk, "title": "", "organization": "", "country": "KR"}],
            [
                {
                    "issuer": offices["kr_mofa"].pk,
                    "form": "read-out",
                    "language": "en",
                    "quotes": "The door is open.\r\n\r\n  Both sides agreed to meet again.  \r\n",
                    "article": "",
                }
            ],
        ),
    )
    assert response.status_code == 302
    readout = ReadOut.objects.get()
    assert readout.quotes == ["The door is open.", "Both sides agreed to meet again."]
    page = editor.get(f"/admin/meetings/meeting/{readout.meeting_id}/change/").content.decode()
    assert "The door is open.\nBoth sides agreed to meet again.</textarea>" in page
    assert "[&quot;The door is open." not in page


def test_a_readout_without_quotes_has_an_empty_box(editor):
    readout = ReadOutFactory(meeting=MeetingFactory(), quotes=[])
    page = editor.get(f"/admin/meetings/readout/{readout.pk}/change/").content.decode()
    assert "[]</textarea>" not in page


def test_the_forms_say_what_review_status_the_meeting_will_have_once_saved(editor):
    page = editor.get("/admin/meetings/meeting/add/").content.decode()
    assert "Once saved" in page and "Verified, by you: a meeting added by hand" in page
    extracted = MeetingFactory()
    page = editor.get(f"/admin/meetings/meeting/{extracted.pk}/change/").content.decode()
    assert "Verified, by you: saving your changes marks this extracted meeting checked." in page
