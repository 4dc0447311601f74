"""The importer's reading of article files: broken files, re-imports, one transaction per article."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Article, Evidence, Meeting, Participation, Person, ReadOut

pytestmark = pytest.mark.django_db

GOOD = (
    " date 2019-05-10 Envoys meet in Seoul\n\nU.S. Special Representative Stephen Biegun met South Korean foreign "
    "minister Kang Kyung-wha in Seoul on Friday.\n"
)

BROKEN = {
    "no_date.txt": (b"Envoys meet in Seoul\n\nThe two envoys met.\n", "line 1: expected ' date YYYY-MM-DD '"),
    "impossible_date.txt": (b" date 2019-02-30 Envoys meet\n\nThey met.\n", "impossible date 2019-02-30"),
    "latin1.txt": (" date 2019-05-10 Caf\xe9 diplomacy\n\nThey met.\n".encode("latin-1"), "not UTF-8"),
    "empty.txt": (b"", "the file is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "date_only.txt": (b" date 2019-05-10 \n\n", "no text"),
}


def run_import(*paths, **options):
    """Run the command; return (stdout, stderr, error) where error is the CommandError or None."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, no_progress=True, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def counts():
    return {m.__name__: m.objects.count() for m in (Article, Meeting, Participation, ReadOut, Evidence, Person)}


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (content, _) in BROKEN.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


def test_each_broken_file_gets_one_error_line_naming_it_and_the_others_import(folder):
    out, err, error = run_import(folder)
    assert error is not None, "the command must exit non-zero when a file failed"
    assert "6 file(s) failed" in str(error)
    lines = err.strip().splitlines()
    assert len(lines) == len(BROKEN)
    for name, (_, reason) in BROKEN.items():
        [line] = [line for line in lines if name in line]
        assert str(folder / name) in line and reason in line
    assert list(Article.objects.values_list("slug", flat=True)) == ["good"]
    assert "1 new" in out and "6 failed" in out


def test_a_missing_path_is_reported_not_fatal(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    _, err, error = run_import(tmp_path / "good.txt", tmp_path / "nowhere.txt")
    assert error is not None and "nowhere.txt: no such file or folder" in err
    assert Article.objects.filter(slug="good").exists()


def test_importing_the_seed_articles_twice_changes_nothing(seed_articles):
    out, _, error = run_import(seed_articles)
    assert error is None and "2 new" in out
    first = counts()
    assert first["Article"] == 2 and first["Meeting"] > 0
    out, _, error = run_import(seed_articles)
    assert error is None and "2 unchanged" in out
    assert counts() == first


def test_a_changed_file_updates_its_article(tmp_path):
    path = tmp_path / "envoys.txt"
    path.write_text(GOOD, encoding="utf-8")
    run_import(path)
    article = Article.objects.get(slug="envoys")
    path.write_text(
        GOOD.replace("2019-05-10", "2019-05-17").replace("Envoys meet", "Envoys meet again"), encoding="utf-8"
    )
    out, _, error = run_import(path)
    assert error is None and "1 updated" in out
    article.refresh_from_db()
    assert str(article.published) == "2019-05-17" and article.title == "Envoys meet again in Seoul"
    assert Article.objects.count() == 1


def test_a_broken_rewrite_of_an_imported_file_keeps_the_stored_version(tmp_path, seed_articles):
    path = tmp_path / "000_c10acb675f22a3b9.txt"
    shutil.copy(seed_articles / path.name, path)
    run_import(path)
    before = counts()
    path.write_bytes(b"\x00\x01 not an article")
    _, err, error = run_import(path)
    assert error is not None and "binary" in err
    assert counts() == before


def test_a_large_import_extracts_in_a_worker_and_stores_every_article(tmp_path, seed_articles):
    """Enough files for the extraction worker process; one broken file among them changes nothing for the rest."""
    text = (seed_articles / "000_c10acb675f22a3b9.txt").read_text(encoding="utf-8")
    for i in range(45):
        (tmp_path / f"copy_{i:02d}.txt").write_text(
            text.replace("2019-05-10", f"2019-05-{10 + i % 18:02d}", 1), encoding="utf-8"
        )
    (tmp_path / "copy_broken.txt").write_bytes(b"\xff\xfe not an article")
    out, err, error = run_import(tmp_path)
    assert error is not None and "copy_broken.txt" in err and "45 new" in out
    assert Article.objects.count() == 45
    assert Meeting.objects.filter(participations__person__name="Kim Hyun-chong").exists()
