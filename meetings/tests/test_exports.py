"""CSV exports: the exact rows of the filtered, sorted list, with the columns the scorer reads, safe in spreadsheets."""

import csv
import datetime as dt
import io

import pytest

from meetings.exports import neutralise
from meetings.tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReadOutFactory,
)

pytestmark = pytest.mark.django_db

MEETING_COLUMNS = [
    "id",
    "date",
    "date_precision",
    "kind",
    "status",
    "location",
    "title",
    "participants",
    "countries",
    "organizations",
    "readout_issuers",
    "sources",
    "source_citations",
    "evidence",
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "confidence",
    "url",
]


def rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming, "exports stream"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "a byte order mark, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def two_meetings():
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    march = MeetingFactory(
        title="Working group",
        kind="working_group",
        date=dt.date(2019, 3, 1),
        date_precision="month",
        location="Washington",
    )
    ParticipationFactory(meeting=march, person=PersonFactory(name="Stephen Biegun", country="US"), country="US")
    ParticipationFactory(meeting=march, person=PersonFactory(name="Lee Do-hoon"), organization=mofa, country="KR")
    ReadOutFactory(meeting=march, issuer=mofa)
    EvidenceFactory(
        meeting=march,
        article=ArticleFactory(
            slug="000_c10acb675f22a3b9",
            title="Envoys meet; talks go on",
            outlet="Yonhap News Agency",
            source_url="https://en.yna.co.kr/view/AEN20190301",
        ),
    )
    may = MeetingFactory(title='=HYPERLINK("http://evil")', date=dt.date(2019, 5, 10))
    ParticipationFactory(meeting=may, person=PersonFactory(name="+Kang Kyung-wha"), country="KR")
    return march, may


def test_meetings_csv_has_the_documented_columns_and_values(client, two_meetings):
    march, _ = two_meetings
    [row] = [r for r in rows(client, "/meetings/export.csv") if r["id"] == str(march.pk)]
    assert list(row) == MEETING_COLUMNS
    assert row["date"] == "2019-03-01" and row["date_precision"] == "month" and row["kind"] == "working_group"
    assert row["participants"] == "Stephen Biegun;Lee Do-hoon" and row["countries"] == "US;KR"
    assert row["readout_issuers"] == "Ministry of Foreign Affairs"
    # A source is cited by outlet, title and address (a ";" of a title would split the cell), and named by the
    # article's import name in "sources", which scripts (the gold scorer among them) match on.
    assert row["source_citations"] == (
        "Yonhap News Agency — Envoys meet, talks go on — https://en.yna.co.kr/view/AEN20190301"
    )
    assert row["sources"] == march.evidence.get().article.slug
    assert row["url"] == f"http://testserver/meetings/{march.pk}/"


def test_readouts_csv_has_the_documented_columns_and_values(client, two_meetings):
    """Each account with its meeting, issuer, quotes, own sentences (in the article's order), article cited, and a
    formula-like quote kept as text; an account with no article or sentence has those cells empty."""
    march, may = two_meetings
    kcna = OrganizationFactory(name="Korean Central News Agency", slug="kp-kcna", country="KP", kind="media")
    article = ArticleFactory(slug="kcna-0302", title="Talks held", outlet="KCNA", source_url="")
    account = ReadOutFactory(
        meeting=march,
        issuer=kcna,
        form="read-out",
        language="ko",
        quotes=["=SUM(A1)", "The talks were candid"],
        article=article,
    )
    EvidenceFactory(readout=account, article=article, sentence="The talks were candid, KCNA said.", start=80, end=113)
    EvidenceFactory(readout=account, article=article, sentence="KCNA reported the meeting.", start=10, end=36)
    ReadOutFactory(meeting=may, issuer=kcna, quotes=[], article=None)
    exported = rows(client, "/readouts/export.csv?issuer=kp-kcna")
    assert (
        exported
        == [
            {
                "id": str(account.pk),
                "meeting_id": str(march.pk),
                "meeting": "Working group",
                "date": "2019-03-01",
                "issuer": "Korean Central News Agency",
                "country": "KP",
                "form": "read-out",
                "language": "ko",
                "quotes": "'=SUM(A1) | The talks were candid",
                "evidence": "KCNA reported the meeting. | The talks were candid, KCNA said.",
                "article": "kcna-0302",
                "source_citation": "KCNA — Talks held — http://testserver/articles/kcna-0302/",
                "review_status": "extracted",
                "url": f"http://testserver/meetings/{march.pk}/",
            },
            {
                "id": str(may.readouts.get().pk),
                "meeting_id": str(may.pk),
                "meeting": '\'=HYPERLINK("http://evil")',
                "date": "2019-05-10",
                "issuer": "Korean Central News Agency",
                "country": "KP",
                "form": "statement",
                "language": "",
                "quotes": "",
                "evidence": "",
                "article": "",
                "source_citation": "",
                "review_status": "extracted",
                "url": f"http://testserver/meetings/{may.pk}/",
            },
        ][::-1]
    )


def test_the_csv_keeps_the_filters_and_the_sort_of_the_page(client, two_meetings):
    march, may = two_meetings
    assert [r["id"] for r in rows(client, "/meetings/export.csv?kind=working_group")] == [str(march.pk)]
    assert [r["id"] for r in rows(client, "/meetings/export.csv?q=Biegun")] == [str(march.pk)]
    assert [r["id"] for r in rows(client, "/meetings/export.csv?sort=date")] == [str(march.pk), str(may.pk)]
    assert [r["id"] for r in rows(client, "/meetings/export.csv?sort=-date")] == [str(may.pk), str(march.pk)]
    assert client.get("/meetings/export.csv?date_from=2019-02-30").status_code == 400, "an invalid filter is refused"


def test_spreadsheet_formulas_are_neutralised(client, two_meetings):
    _, may = two_meetings
    [row] = [r for r in rows(client, "/meetings/export.csv") if r["id"] == str(may.pk)]
    assert row["title"] == '\'=HYPERLINK("http://evil")' and row["participants"] == "'+Kang Kyung-wha"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+49", "'+49"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Seoul", "Seoul"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "url, header",
    [
        (
            "/readouts/export.csv",
            [
                "id",
                "meeting_id",
                "meeting",
                "date",
                "issuer",
                "country",
                "form",
                "language",
                "quotes",
                "evidence",
                "article",
                "source_citation",
                "review_status",
                "url",
            ],
        ),
        ("/people/export.csv", ["slug", "name", "country", "aliases", "meetings", "latest_held_contact", "url"]),
        ("/organizations/export.csv", ["slug", "name", "acronym", "country", "kind", "parent", "url"]),
        ("/articles/export.csv", ["slug", "published", "title", "outlet", "source_url", "meetings", "url"]),
    ],
)
def test_every_list_exports_csv_with_a_header(client, two_meetings, url, header):
    exported = rows(client, url)
    assert exported and list(exported[0]) == header


def test_the_people_csv_follows_the_people_filter(client, two_meetings):
    assert [r["name"] for r in rows(client, "/people/export.csv?q=biegun")] == ["Stephen Biegun"]


@pytest.mark.parametrize(
    "url, column, expected",
    [
        ("/people/export.csv?country=KR&sort=-name", "name", ["Lee Do-hoon", "'+Kang Kyung-wha"]),
        ("/organizations/export.csv?q=foreign&sort=name", "slug", ["kr-mofa"]),
        ("/readouts/export.csv?issuer=kr-mofa&date_to=2019-03", "issuer", ["Ministry of Foreign Affairs"]),
        ("/readouts/export.csv?date_from=2019-04", "issuer", []),
        ("/articles/export.csv?q=c10acb&sort=-published", "slug", ["000_c10acb675f22a3b9"]),
    ],
)
def test_every_csv_keeps_its_lists_filters_and_sort(client, two_meetings, url, column, expected):
    assert [r[column] for r in rows(client, url)] == expected


def test_a_meeting_added_by_hand_is_exported_like_any_other(client):
    from meetings.tests.factories import EditorFactory
    from meetings.tests.test_admin import inline

    client.force_login(EditorFactory())
    biegun = PersonFactory(name="Stephen Biegun", country="US")
    choe = PersonFactory(name="Choe Son Hui", country="KP")
    response = client.post(
        "/admin/meetings/meeting/add/",
        {
            "title": "Biegun – Choe Son Hui meeting",
            "kind": "meeting",
            "status": "held",
            "date": "2019-06-30",
            "date_precision": "day",
            "location": "Panmunjom",
            "notes": "",
            "source_note": "Pool report, 30 June 2019",
            **inline(
                "participations",
                [
                    {"person": biegun.pk, "title": "", "organization": "", "country": "US"},
                    {"person": choe.pk, "title": "", "organization": "", "country": "KP"},
                ],
            ),
            **inline("readouts", []),
        },
    )
    assert response.status_code == 302
    client.logout()
    [row] = rows(client, "/meetings/export.csv?q=Choe")
    assert (row["date"], row["location"], row["participants"], row["sources"]) == (
        "2019-06-30",
        "Panmunjom",
        "Stephen Biegun;Choe Son Hui",
        "",
    )
    page = client.get(row["url"].replace("http://testserver", "")).content.decode()
    assert "Pool report, 30 June 2019" in page


@pytest.mark.parametrize(
    "value, expected",
    [
        # Each `;`-joined element: spreadsheets in many locales split a CSV on `;`.
        ('Stephen Biegun;=HYPERLINK("http://evil")', 'Stephen Biegun;\'=HYPERLINK("http://evil")'),
        ("KR;+US;-JP;@CN", "KR;'+US;'-JP;'@CN"),
        # A formula after leading spaces, a line break, tab or CR.
        ("   =1+1", "'   =1+1"),
        ("\n=1+1", "'\n'=1+1"),
        ("said:\n=cmd|' /C calc'!A0", "said:\n'=cmd|' /C calc'!A0"),
        ("a\r\n@SUM(A1)", "a\r\n'@SUM(A1)"),
        ("a;\tb", "a;'\tb"),
        ("a;\rb", "a;'\rb"),
        # Full-width forms, read as the ASCII ones by some spreadsheets.
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("\u3000＝1", "'\u3000＝1"),
        # Text that only contains those characters stays as it is.
        ("Kim Jong-un; Moon Jae-in", "Kim Jong-un; Moon Jae-in"),
        ("a=b", "a=b"),
        ("US;KR", "US;KR"),
    ],
)
def test_neutralise_every_place_a_formula_can_start(value, expected):
    assert neutralise(value) == expected


def test_a_formula_in_a_later_participant_is_neutralised_in_the_csv(client):
    meeting = MeetingFactory(title="Talks", date=dt.date(2019, 5, 10))
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Stephen Biegun", country="US"), country="US")
    ParticipationFactory(meeting=meeting, person=PersonFactory(name='=HYPERLINK("http://evil")'), country="KR")
    [row] = rows(client, "/meetings/export.csv")
    assert row["participants"] == 'Stephen Biegun;\'=HYPERLINK("http://evil")'


def test_rejected_meetings_do_not_count_in_the_articles_list_or_its_csv(client):
    article = ArticleFactory(slug="000_c10acb675f22a3b9")
    EvidenceFactory(meeting=MeetingFactory(title="Held"), article=article)
    EvidenceFactory(meeting=MeetingFactory(title="Refused by an editor", review_status="rejected"), article=article)
    [row] = rows(client, "/articles/export.csv")
    assert row["meetings"] == "1"
    page = client.get("/articles/")
    assert [a.meeting_count for a in page.context["object_list"]] == [1]


# --- Spreadsheets: names that say what was exported, a long form by participant, the evidence ---------------


def test_the_file_name_says_what_was_filtered_and_when(client, two_meetings):
    today = dt.date.today().isoformat()
    response = client.get(
        "/meetings/export.csv?country=KR&country=US&kind=summit&date_from=2019&q=Trump Kim&sort=-date"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="meetings_2019-to-now_q-trump-kim_country-kr-us_kind-summit_{today}.csv"'
    )
    assert client.get("/people/export.csv")["Content-Disposition"] == f'attachment; filename="people_{today}.csv"'
    long = client.get("/meetings/export.csv", {"q": "x" * 400})["Content-Disposition"]
    assert len(long.split('filename="')[1].rstrip('"')) <= 150 and long.endswith(f'_{today}.csv"')


def test_the_meetings_csv_has_an_evidence_column_with_the_source_sentences(client, two_meetings):
    march, _ = two_meetings
    EvidenceFactory(meeting=march, sentence="Biegun and Lee met in Washington in March.", start=50, end=92)
    [row] = [r for r in rows(client, "/meetings/export.csv") if r["id"] == str(march.pk)]
    assert row["evidence"] == "The two envoys met in Seoul on Friday. | Biegun and Lee met in Washington in March."


def test_the_participants_csv_has_a_row_per_meeting_and_person(client, two_meetings):
    march, may = two_meetings
    MeetingFactory(title="Nobody named", date=dt.date(2018, 1, 5))
    exported = rows(client, "/meetings/participants.csv?sort=date")
    assert list(exported[0]) == [
        "meeting_id",
        "date",
        "date_precision",
        "kind",
        "status",
        "location",
        "meeting",
        "person",
        "person_slug",
        "title",
        "country",
        "organization",
        "organization_slug",
        "review_status",
        "source_citations",
        "meeting_url",
        "person_url",
    ]
    assert [(r["meeting"], r["person"], r["country"]) for r in exported] == [
        ("Nobody named", "", ""),  # a meeting without participants keeps its row
        ("Working group", "Stephen Biegun", "US"),
        ("Working group", "Lee Do-hoon", "KR"),
        ('\'=HYPERLINK("http://evil")', "'+Kang Kyung-wha", "KR"),
    ]
    lee = exported[2]
    assert (
        lee["source_citations"]
        == "Yonhap News Agency — Envoys meet, talks go on — https://en.yna.co.kr/view/AEN20190301"
    )
    assert (lee["organization"], lee["organization_slug"], lee["title"]) == (
        "Ministry of Foreign Affairs",
        "kr-mofa",
        "Minister",
    )
    assert lee["person_url"].startswith("http://testserver/people/") and lee["meeting_url"].endswith(f"/{march.pk}/")
    assert [r["person"] for r in rows(client, "/meetings/participants.csv?kind=working_group")] == [
        "Stephen Biegun",
        "Lee Do-hoon",
    ]
    assert client.get("/meetings/participants.csv?date_from=2019-02-30").status_code == 400


def test_the_participants_csv_runs_a_constant_number_of_queries(client, two_meetings, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as few:
        b"".join(client.get("/meetings/participants.csv").streaming_content)
    for i in range(20):
        ParticipationFactory(meeting=MeetingFactory(date=dt.date(2017, 1, 1) + dt.timedelta(days=i)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(client.get("/meetings/participants.csv").streaming_content)


def test_the_meeting_list_links_both_csvs_with_its_filters(client, two_meetings):
    page = client.get("/meetings/?kind=working_group").content.decode()
    assert 'href="/meetings/export.csv?kind=working_group"' in page
    assert 'href="/meetings/participants.csv?kind=working_group"' in page


def test_every_record_says_whether_an_editor_checked_it_in_its_csv_its_page_and_the_filter(client, two_meetings):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    march, may = two_meetings
    editor = get_user_model().objects.create_user("hana")
    march.review_status, march.reviewed_by = "verified", editor
    march.reviewed_at = timezone.make_aware(dt.datetime(2024, 2, 3, 10, 0))
    march.save()
    by_id = {r["id"]: r for r in rows(client, "/meetings/export.csv")}
    assert (by_id[str(march.pk)]["review_status"], by_id[str(march.pk)]["reviewed_by"]) == ("verified", "hana")
    assert by_id[str(march.pk)]["reviewed_at"] == "2024-02-03"
    assert (by_id[str(may.pk)]["review_status"], by_id[str(may.pk)]["reviewed_by"]) == ("extracted", "")
    assert {r["review_status"] for r in rows(client, "/meetings/participants.csv")} == {"verified", "extracted"}
    assert [r["id"] for r in rows(client, "/meetings/export.csv?review_status=verified")] == [str(march.pk)]
    assert "Checked by an editor (hana, 3 February 2024)" in client.get(march.get_absolute_url()).content.decode()
    assert "not yet checked by an editor" in client.get(may.get_absolute_url()).content.decode()
