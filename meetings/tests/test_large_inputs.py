"""Large inputs: an article file past the size limit is one clear error; a long article's page stays bounded."""

import re
import tracemalloc

import pytest
from django.forms.models import model_to_dict

from meetings.models import Article, Evidence, Meeting
from meetings.services.articles import MAX_ARTICLE_BYTES, import_paths
from meetings.tests.factories import ArticleFactory, EditorFactory
from meetings.tests.test_import_faults import GOOD, run_import
from meetings.views import ARTICLE_PAGE_CHARS, EXCERPT_CHARS, EXCERPTS_SHOWN

CONTACT = (
    "U.S. Special Representative Stephen Biegun met South Korean foreign minister Kang Kyung-wha in Seoul on Friday.\n"
)
FILLER = "Markets in Seoul were calm on the day, and the weather stayed mild.\n"


def article_of(size: int, *, contact_last: bool = False) -> str:
    """An article file of ``size`` bytes (ASCII), of filler text, with one contact at its start or its end."""
    header = " date 2019-05-10 Envoys meet in Seoul\n\n"
    room = size - len(header) - len(CONTACT)
    filler = (FILLER * (room // len(FILLER) + 1))[:room]
    return header + (filler + CONTACT if contact_last else CONTACT + filler)


@pytest.mark.django_db
def test_an_article_file_past_the_size_limit_is_one_error_naming_it_and_the_others_import(tmp_path, knowledge_base):
    (tmp_path / "big.txt").write_text(article_of(MAX_ARTICLE_BYTES + 1), encoding="ascii")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")

    out, err, status = run_import(tmp_path)

    assert status == 1
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert error_lines == [
        f"error: {tmp_path / 'big.txt'}: 1.0 MB is larger than an article may be (1 MB): not imported; "
        "split it into articles or leave it out"
    ]
    assert "Traceback" not in err
    assert list(Article.objects.values_list("slug", flat=True)) == ["good"]
    assert "1 new" in out and "1 failed" in out


@pytest.mark.django_db
def test_a_file_ten_times_the_limit_is_refused_without_being_read_whole(tmp_path, knowledge_base):
    # Sparse: ten times the limit on disk costs nothing; the error gives its real size.
    with (tmp_path / "huge.txt").open("wb") as file:
        file.write(b" date 2019-05-10 A\n\nText.\n")
        file.truncate(10 * MAX_ARTICLE_BYTES)

    _out, err, status = run_import(tmp_path)

    assert status == 1
    assert f"{tmp_path / 'huge.txt'}: 10.0 MB is larger than an article may be (1 MB)" in err
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_an_article_just_under_the_limit_imports_and_its_page_stays_bounded(tmp_path, knowledge_base, client):
    # The contact is the last sentence, far past what the page shows in full.
    (tmp_path / "long.txt").write_text(article_of(MAX_ARTICLE_BYTES, contact_last=True), encoding="ascii")
    _out, err, status = run_import(tmp_path)
    assert (status, err) == (0, "")
    article = Article.objects.get()
    [evidence] = Evidence.objects.filter(article=article, meeting__isnull=False)
    assert evidence.start > ARTICLE_PAGE_CHARS

    response = client.get(f"/articles/{article.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    # The text shown in full, the excerpts and the page around them: not the megabyte of the article.
    assert len(html) < 2 * (ARTICLE_PAGE_CHARS + EXCERPTS_SHOWN * EXCERPT_CHARS)
    assert f"This article is {len(article.body):,} characters long" in html
    # The sentence the meeting came from is still there, where the meeting's page links to.
    meeting = Meeting.objects.get(evidence=evidence)
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"/articles/{article.slug}/#s{evidence.start}" in meeting_page
    excerpt = re.search(rf'<span class="evidence" id="s{evidence.start}">(.*?)</span>', html, re.S)
    assert excerpt and "Kang Kyung-wha" in excerpt.group(1)
    body = re.search(r'<div class="article-body">(.*?)</div>', html, re.S).group(1)
    assert body.count("[…]") == 1  # one gap, between the text shown in full and the sentence


@pytest.mark.django_db
def test_a_short_article_page_shows_the_whole_text_and_no_notice(tmp_path, knowledge_base, client):
    (tmp_path / "short.txt").write_text(article_of(20_000), encoding="ascii")
    run_import(tmp_path)
    article = Article.objects.get()

    html = client.get(f"/articles/{article.slug}/").content.decode()

    assert "characters long" not in html and "[…]" not in html
    assert html.count(FILLER.strip()) == article.body.count(FILLER.strip())


def import_peak(folder) -> int:
    """Peak bytes this process allocated (Python objects) while importing ``folder``."""
    tracemalloc.start()
    try:
        summary = import_paths(paths=[folder])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.failed == 0, summary.errors
    return peak


@pytest.mark.django_db(transaction=True)
def test_an_import_holds_a_bounded_read_ahead_of_articles_not_the_whole_folder(tmp_path, knowledge_base, monkeypatch):
    # Files of 30 KB, and a read-ahead of 20 of them: above the 16 the extraction worker and a batch may hold.
    size = 30_000
    monkeypatch.setattr("meetings.services.articles.READ_AHEAD_BYTES", 20 * size)
    few, many = tmp_path / "few", tmp_path / "many"
    for folder, count in ((few, 40), (many, 160)):
        folder.mkdir()
        for n in range(count):
            text = article_of(size).replace("2019-05-10", f"2019-{1 + n % 12:02}-{1 + n % 28:02}")
            (folder / f"{folder.name}{n:03}.txt").write_text(text.replace("Seoul were", f"Seoul ({n}) were"))

    peak_few, peak_many = import_peak(few), import_peak(many)

    # 3.6 MB more of articles (120 files of 30 KB), and the import's peak grows by less than that: about the
    # read-ahead and the results in flight, 0.6-1.8 MB across runs on either database (how far the workers are ahead
    # of the writer at the peak varies). Reading every file first grew it by 28 MB.
    assert Article.objects.count() == 200
    assert peak_many - peak_few < 120 * size, (peak_few, peak_many)


@pytest.mark.django_db
def test_an_editor_cannot_save_an_article_text_past_the_size_limit(client):
    article = ArticleFactory()
    client.force_login(EditorFactory(is_superuser=True))
    url = f"/admin/meetings/article/{article.pk}/change/"
    form = {key: value for key, value in model_to_dict(article).items() if value is not None}

    response = client.post(url, {**form, "body": "x" * (MAX_ARTICLE_BYTES + 1)})

    assert response.status_code == 200
    assert "1.0 MB is larger than an article may be (1 MB): shorten it" in response.content.decode()
    article.refresh_from_db()
    assert len(article.body) < 100

    assert client.post(url, {**form, "body": "A shorter text."}).status_code == 302
    article.refresh_from_db()
    assert article.body == "A shorter text."
