"""The importer under faults: odd files, odd dates, a database that is missing, unmigrated or fails mid-import.

Every problem is one line naming the file (or the database) and the reason; the exit status says what happened.
"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from meetings.management.commands.import_articles import EXIT_DATABASE, EXIT_FILES_FAILED
from meetings.models import Article, Evidence
from meetings.services.locks import lock_article

REPO = Path(__file__).resolve().parents[2]
GOOD = (
    " date 2019-05-10 Envoys meet in Seoul\n\nU.S. Special Representative Stephen Biegun met South Korean foreign "
    "minister Kang Kyung-wha in Seoul on Friday.\n"
)


def run_import(*paths, **options) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, no_progress=True, **options)
        status = 0
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        status = exc.returncode
    return out.getvalue(), err.getvalue(), status


def manage_import(*paths, database_url: str, **env) -> subprocess.CompletedProcess:
    """The command in its own process, as an operator runs it."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "diplo.settings_test", "DATABASE_URL": database_url, **env}
    return subprocess.run(
        [sys.executable, "manage.py", "import_articles", "--no-progress", *map(str, paths)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_impossible_years_are_one_clear_error_naming_the_file(tmp_path, knowledge_base):
    (tmp_path / "early.txt").write_text(GOOD.replace("2019-05-10", "0001-01-01"), encoding="utf-8")
    (tmp_path / "late.txt").write_text(GOOD.replace("2019-05-10", "9999-12-31"), encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    out, err, status = run_import(tmp_path)
    assert status == EXIT_FILES_FAILED and "1 new" in out and "2 failed" in out
    lines = err.strip().splitlines()
    assert lines[:2] == [
        f"error: {tmp_path / 'early.txt'}: line 1: date 0001-01-01 is not a plausible publication date "
        "(diplo reads 1800-01-01 to 2199-12-31)",
        f"error: {tmp_path / 'late.txt'}: line 1: date 9999-12-31 is not a plausible publication date "
        "(diplo reads 1800-01-01 to 2199-12-31)",
    ]
    assert "Traceback" not in err and "OverflowError" not in err


@pytest.mark.django_db
def test_the_same_folder_given_twice_imports_each_file_once(tmp_path, knowledge_base):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    out, err, status = run_import(tmp_path, tmp_path, tmp_path / "good.txt")
    assert (status, err) == (0, "")
    assert out.startswith("articles: 1 new, 0 updated, 0 unchanged, 0 failed")


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path, knowledge_base, encoding):
    raw = GOOD.replace("Seoul\n", "Séoul\n", 1).encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw  # the -be codec writes no mark; editors that save UTF-16 BE do
    (tmp_path / "unicode.txt").write_bytes(raw)
    out, err, status = run_import(tmp_path)
    assert (status, err) == (0, ""), err
    article = Article.objects.get(slug="unicode")
    assert article.title == "Envoys meet in Séoul" and "U.S. Special Representative Stephen Biegun" in article.body


@pytest.mark.django_db
def test_upper_case_txt_files_are_articles_too(tmp_path, knowledge_base):
    (tmp_path / "SHOUTED.TXT").write_text(GOOD, encoding="utf-8")
    (tmp_path / "Mixed.Txt").write_text(GOOD.replace("2019-05-10", "2019-05-11"), encoding="utf-8")
    (tmp_path / "notes.md").write_text(GOOD, encoding="utf-8")
    out, err, status = run_import(tmp_path)
    assert (status, err) == (0, "")
    # Names that are not slugs as they stand keep their slug and a hash of the exact name ("Report", "report").
    mixed, shouted = sorted(Article.objects.values_list("slug", flat=True))
    assert mixed.startswith("mixed-") and shouted.startswith("shouted-")


@pytest.mark.django_db
def test_fifos_and_looping_or_dangling_symlinks_are_reported_by_name(tmp_path, knowledge_base):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait forever: it must not be opened
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "ping.txt").symlink_to(tmp_path / "pong.txt")
    (tmp_path / "pong.txt").symlink_to(tmp_path / "ping.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "linked.txt").symlink_to(tmp_path / "good.txt")  # the same file again: read once
    out, err, status = run_import(tmp_path)
    assert status == EXIT_FILES_FAILED
    assert "1 new" in out and "5 failed" in out
    assert err.strip().splitlines() == [
        f"error: {tmp_path / 'dangling.txt'}: a symbolic link to nothing (its target does not exist)",
        f"error: {tmp_path / 'loop.txt'}: a symbolic link that loops",
        f"error: {tmp_path / 'ping.txt'}: a symbolic link that loops",
        f"error: {tmp_path / 'pipe.txt'}: a FIFO (named pipe), not a file; not read",
        f"error: {tmp_path / 'pong.txt'}: a symbolic link that loops",
        "CommandError: 5 file(s) failed to import",
    ]


def test_an_unreachable_database_is_one_line_and_its_own_exit_status(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = manage_import(tmp_path, database_url="postgres://postgres@127.0.0.1:9/diplo")
    assert result.returncode == EXIT_DATABASE
    assert result.stderr.strip().splitlines() == [
        'CommandError: cannot use the database (connection failed: connection to server at "127.0.0.1", port 9 '
        "failed: Connection refused); nothing was imported"
    ]


def test_an_unmigrated_database_is_one_line_saying_to_migrate(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = manage_import(tmp_path, database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == EXIT_DATABASE
    [line] = result.stderr.strip().splitlines()
    assert (
        line.startswith("CommandError: the database is not migrated (")
        and "run `python manage.py migrate` first" in line
    )


def test_the_exit_statuses_are_documented_in_the_help():
    help_text = subprocess.run(
        [sys.executable, "manage.py", "help", "import_articles"],
        cwd=REPO,
        text=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "diplo.settings_test"},
    ).stdout
    flat = " ".join(help_text.split())
    for status in (
        "0 every file imported",
        f"{EXIT_FILES_FAILED} some files failed",
        "2 wrong arguments",
        f"{EXIT_DATABASE} the database is unreachable",
    ):
        assert status in flat


def _test_database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_when_the_database_fails_mid_import_the_import_stops_at_once_and_a_rerun_finishes(tmp_path, knowledge_base):
    for n in range(5):
        (tmp_path / f"a{n}.txt").write_text(GOOD.replace("2019-05-10", f"2019-05-{10 + n}"), encoding="utf-8")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The import waits for a2 here; its connection is then cut, as when the server goes away.
            lock_article(slug="a2")
            process = subprocess.Popen(
                [sys.executable, "manage.py", "import_articles", "--no-progress", str(tmp_path)],
                cwd=REPO,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "diplo.settings_test",
                    "DATABASE_URL": _test_database_url(),
                },
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            with connection.cursor() as cursor:
                for _ in range(600):
                    cursor.execute("SELECT pg_stat_clear_snapshot()")  # else this transaction sees its first snapshot
                    cursor.execute(
                        # In this database only: another one's import on the same server is not this test's to cut.
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND query LIKE '%%pg_advisory_xact_lock%%' "
                        "AND pid <> pg_backend_pid()"
                    )
                    waiting = cursor.fetchall()
                    if waiting:
                        break
                    time.sleep(0.1)
                if not waiting:
                    process.kill()
                assert waiting, process.communicate(timeout=5)
                cursor.execute("SELECT pg_terminate_backend(%s)", [waiting[0][0]])
        else:
            # SQLite: this transaction holds the write lock past the import's (shortened) busy timeout.
            process = subprocess.Popen(
                [sys.executable, "manage.py", "import_articles", "--no-progress", str(tmp_path)],
                cwd=REPO,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "diplo.settings_test",
                    "DATABASE_URL": _test_database_url(),
                    "SQLITE_BUSY_TIMEOUT": "1",
                },
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            process.wait(timeout=120)
        out, err = process.communicate(timeout=120)

    assert process.returncode == EXIT_DATABASE, err
    [line] = [line for line in err.strip().splitlines() if line.startswith("CommandError")]
    assert "Traceback" not in err
    if connection.vendor == "postgresql":
        assert line.startswith(f"CommandError: {tmp_path / 'a2.txt'}: the database failed while storing it")
        assert "run the import again" in line
        # Nothing partial: a0 and a1 were stored whole; nothing at all of a2 or after.
        assert sorted(Article.objects.values_list("slug", flat=True)) == ["a0", "a1"]
        assert not Evidence.objects.exclude(article__slug__in=["a0", "a1"]).exists()
    else:
        assert "database is locked" in line and not Article.objects.exists()

    out, err, status = run_import(tmp_path)
    assert (status, err) == (0, "")
    assert Article.objects.count() == 5
