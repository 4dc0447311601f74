"""Sources a journalist can cite: outlet, title and address from a manifest or the file's header, never page clutter."""

import csv
import io

import pytest

from meetings.models import Article, Meeting
from meetings.services.headlines import clutter_reason, headline_of, is_headline
from meetings.tests.test_import import run_import

# Page furniture seen at the top of saved pages, written here in other words than any one site's.
CLUTTER = [
    "Go to Contents Go to Navigation",
    "Skip to main content",
    "You are here",
    "Article Tools Font size – + Share This",
    "Share Tweet Email Print",
    "Home > World > Asia",
    "National / Politics",
    "World | Politics | Business | Opinion",
    "WorldBusinessMarketsPoliticsTV",
    "Back To Top",
    "ADVERTISEMENT",
    "December 7, 2017 8:56 pm JST",
    "Posted on : 2019-05-10 17:29 KST",
    "By Kim Min-joo",
    "Edited by Oliver Hotham",
    "[Anchor Lead]",
    "example-news.com",
    "Photo : Yonhap News",
    "Foreign Minister Kang (right) and her counterpart Wang Yi shake hands.",
]
HEADLINES = [
    "Biegun and Kang discuss sanctions relief in Seoul",
    "Kim Jong Un arrives in Russia for talks with Putin",
    "(2nd LD) S. Korea, U.S. hold working group talks on N. Korea",
    "Top envoys to meet in Jakarta next week: ministry",
]


@pytest.mark.parametrize("line", CLUTTER)
def test_page_furniture_is_never_a_headline(line):
    assert not is_headline(line), line


@pytest.mark.parametrize("line", HEADLINES)
def test_headlines_are_headlines(line):
    assert clutter_reason(line) is None and is_headline(line), line


def test_the_title_is_the_first_headline_after_the_clutter():
    body = "\n".join(
        [
            "Go to Contents Go to Navigation",
            "",
            "Home > National > Diplomacy",
            "The Daily Courier",  # the outlet's name: too short for a headline
            "Biegun and Kang discuss sanctions relief in Seoul",
            "May 10, 2019 - 10:05 By Lee Ji-won",
            "U.S. Special Representative Stephen Biegun met Kang Kyung-wha in Seoul on Friday.",
        ]
    )
    assert headline_of(body) == "Biegun and Kang discuss sanctions relief in Seoul"


def test_a_time_stamp_glued_after_the_headline_is_cut_off():
    body = (
        "[Anchor Lead]\nEnvoys Cancel Talks In Seoul 입력 2019.05.10 (15:09) 수정 2019.05.10 (15:22)\nThe envoys met."
    )
    assert headline_of(body) == "Envoys Cancel Talks In Seoul"
    assert headline_of("Envoys meet in Seoul Posted on : 2019-05-10 17:29 KST\nText.") == "Envoys meet in Seoul"


def test_without_a_headline_the_title_is_the_lead_not_a_later_fragment_nor_clutter():
    lead = (
        "WASHINGTON — The top envoys of the United States and South Korea met on Friday to discuss the stalled "
        "talks with Pyongyang, officials said after the meeting at the State Department."
    )
    body = f"Article Tools Font size – + Share This\n\n{lead}\nThe two sides agreed to keep talking\n"
    assert headline_of(body) == lead
    assert headline_of(body.replace(lead, lead * 2)) == (lead * 2)[:197].rsplit(" ", 1)[0] + "…"
    assert headline_of("You are here\nShare This\n") == ""


ARTICLE = (
    " date 2019-05-10 Go to Contents Go to Navigation\n\nYou are here\n\nBiegun and Kang discuss the peninsula\n\n"
    "U.S. Special Representative Stephen Biegun met South Korean foreign minister Kang Kyung-wha in Seoul on Friday.\n"
)
MANIFEST = (
    "slug\turl\tdate\toutlet\ttitle\n"
    "d01_seoul\thttps://news.example.org/2019/05/10/biegun-kang\t2019-05-10\tExample News (news.example.org)\t"
    "Biegun meets Kang in Seoul\n"
    "d02_untitled\thttps://wire.example.com/a/2\t2019-05-10\tExample Wire\t\n"
)


@pytest.fixture
def folder(tmp_path):
    """The layout of ../shared/dev: a manifest beside the folder of article files, its slug the file's name."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "d01_seoul.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "d02_untitled.txt").write_text(ARTICLE.replace("Seoul on", "Seoul, on"), encoding="utf-8")
    (tmp_path / "articles" / "d03_unlisted.txt").write_text(ARTICLE.replace("Friday", "Saturday"), encoding="utf-8")
    (tmp_path / "sources.tsv").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


def csv_rows(client, url):
    return list(csv.DictReader(io.StringIO(b"".join(client.get(url).streaming_content).decode("utf-8-sig"))))


@pytest.mark.django_db
def test_a_folder_with_a_manifest_is_cited_by_outlet_title_and_address(client, folder):
    out, err, error = run_import(folder / "articles")
    assert error is None and err == "", err
    listed = Article.objects.get(slug="d01_seoul")
    assert (listed.outlet, listed.source_url, listed.title) == (
        "Example News (news.example.org)",
        "https://news.example.org/2019/05/10/biegun-kang",
        "Biegun meets Kang in Seoul",
    )
    # No title in the manifest: the first headline-like line, past the navigation clutter.
    untitled = Article.objects.get(slug="d02_untitled")
    assert (untitled.outlet, untitled.title) == ("Example Wire", "Biegun and Kang discuss the peninsula")
    assert Article.objects.get(slug="d03_unlisted").title == "Biegun and Kang discuss the peninsula"

    meeting = Meeting.objects.public().get(evidence__article=listed)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Example News (news.example.org)" in page and "Biegun meets Kang in Seoul" in page
    assert 'href="https://news.example.org/2019/05/10/biegun-kang"' in page
    assert "Go to Contents" not in page
    article_page = client.get(listed.get_absolute_url()).content.decode()
    assert "Example News (news.example.org)" in article_page
    assert 'href="https://news.example.org/2019/05/10/biegun-kang"' in article_page

    [row] = [r for r in csv_rows(client, "/meetings/export.csv") if r["id"] == str(meeting.pk)]
    cited = row["source_citations"].split(";")
    assert (
        "Example News (news.example.org) — Biegun meets Kang in Seoul — https://news.example.org/2019/05/10/biegun-kang"
        in cited
    )
    assert not any(slug in row["source_citations"] for slug in ("d01_seoul", "d02_untitled"))
    # "sources" keeps the articles' import names: what scripts, the gold scorer among them, match rows on.
    assert set(row["sources"].split(";")) <= {"d01_seoul", "d02_untitled"}
    # An article no manifest lists is cited by its title and its page on diplo.
    unlisted = Article.objects.get(slug="d03_unlisted")
    unlisted_meeting = Meeting.objects.public().get(evidence__article=unlisted)
    [row] = [r for r in csv_rows(client, "/meetings/export.csv") if r["id"] == str(unlisted_meeting.pk)]
    assert "Biegun and Kang discuss the peninsula — http://testserver/articles/d03_unlisted/" in row["source_citations"]
    articles = {r["slug"]: r for r in csv_rows(client, "/articles/export.csv")}
    assert articles["d01_seoul"]["source_url"] == "https://news.example.org/2019/05/10/biegun-kang"

    # Importing again changes nothing: same articles, same meetings, no source details rewritten.
    before = list(Meeting.objects.order_by("pk").values_list("pk", "title"))
    out, err, error = run_import(folder / "articles")
    assert error is None and "0 new, 0 updated, 3 unchanged" in out and "source details" not in out
    assert list(Meeting.objects.order_by("pk").values_list("pk", "title")) == before


@pytest.mark.django_db
@pytest.mark.parametrize("lookup_chunk", [2000, 1])
def test_a_changed_manifest_updates_the_sources_and_keeps_the_meetings(folder, monkeypatch, lookup_chunk):
    # The import looks up the stored articles by its files' slugs, a chunk at a time: each chunk is seen.
    monkeypatch.setattr("meetings.services.articles.STORED_LOOKUP_CHUNK", lookup_chunk)
    run_import(folder / "articles")
    meetings = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    (folder / "sources.tsv").write_text(MANIFEST.replace("Example Wire", "Example Wire Service"), encoding="utf-8")
    out, err, error = run_import(folder / "articles")
    assert error is None and "3 unchanged" in out and "source details updated: 1" in out
    assert Article.objects.get(slug="d02_untitled").outlet == "Example Wire Service"
    assert list(Meeting.objects.order_by("pk").values_list("pk", flat=True)) == meetings


@pytest.mark.django_db
def test_header_lines_give_the_source_and_are_not_part_of_the_text(client, tmp_path):
    (tmp_path / "sources.tsv").write_text(
        "slug\turl\tdate\toutlet\nheaded\thttps://listed.example.org/1\t2019-05-10\tListed Outlet\n", encoding="utf-8"
    )
    body = ARTICLE.split("\n", 1)[1]
    (tmp_path / "headed.txt").write_text(
        " date 2019-05-10\ntitle: Envoys meet in Seoul\nurl: https://own.example.org/envoys\n" + body, encoding="utf-8"
    )
    out, err, error = run_import(tmp_path)
    assert error is None, err
    article = Article.objects.get(slug="headed")
    # The file's own lines win; what they leave out comes from the manifest.
    assert (article.title, article.source_url, article.outlet) == (
        "Envoys meet in Seoul",
        "https://own.example.org/envoys",
        "Listed Outlet",
    )
    assert "url:" not in article.body and "title:" not in article.body and article.body.startswith("You are here")
    assert Meeting.objects.public().filter(evidence__article=article).exists()


@pytest.mark.django_db
def test_malformed_manifest_rows_are_named_by_line_and_nothing_is_lost(folder):
    (folder / "sources.tsv").write_text(
        "slug\turl\tdate\toutlet\ttitle\n"
        "d01_seoul\tnews.example.org/no-scheme\t2019-05-10\tExample News\tA title\n"  # line 2: no address
        "d02_untitled\thttps://wire.example.com/a/2\t10/05/2019\tExample Wire\t\n"  # line 3: no ISO date
        "d03_unlisted\thttps://x.example.com/3\n"  # line 4: two fields short
        "d03_unlisted\thttps://x.example.com/3\t2019-05-11\tElse\t\n",  # line 5: not the file's date
        encoding="utf-8",
    )
    out, err, error = run_import(folder / "articles")
    assert error is not None and error.returncode == 1
    lines = err.strip().splitlines()
    manifest = str(folder / "sources.tsv")
    assert len(lines) == 4 and all(manifest in line for line in lines), lines
    assert "line 2: url 'news.example.org/no-scheme' is not a web address" in lines[0]
    assert "line 3: date '10/05/2019' is not a date YYYY-MM-DD" in lines[1]
    assert "line 4: 2 tab-separated fields, expected 5" in lines[2]
    assert "line 5: date 2019-05-11 of d03_unlisted.txt is not the date on its first line (2019-05-10)" in lines[3]
    # Every article imported, with what its file says; the manifest once fixed fills in the rest.
    assert "3 new" in out and Article.objects.count() == 3
    assert Article.objects.get(slug="d01_seoul").source_url == ""
    (folder / "sources.tsv").write_text(MANIFEST, encoding="utf-8")
    out, err, error = run_import(folder / "articles")
    assert error is None and "source details updated: 2" in out
    assert Article.objects.get(slug="d01_seoul").source_url == "https://news.example.org/2019/05/10/biegun-kang"


@pytest.mark.django_db
def test_a_reimport_replaces_a_clutter_title_an_earlier_import_gave_but_never_an_editors(folder):
    run_import(folder / "articles")
    # As the importer titled articles before it looked past the first line.
    Article.objects.filter(slug="d03_unlisted").update(title="Go to Contents Go to Navigation")
    Article.objects.filter(slug="d02_untitled").update(title="Biegun, Kang talk sanctions (edited)")
    out, err, error = run_import(folder / "articles")
    assert error is None and "source details updated: 1" in out
    assert Article.objects.get(slug="d03_unlisted").title == "Biegun and Kang discuss the peninsula"
    assert Article.objects.get(slug="d02_untitled").title == "Biegun, Kang talk sanctions (edited)"
