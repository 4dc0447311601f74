"""An import killed (SIGKILL) half way, then run again, leaves exactly what one clean import leaves."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection, transaction

from meetings.models import Article
from meetings.services.articles import IMPORT_BATCH, slug_for
from meetings.services.locks import lock_article
from meetings.tests.test_concurrent_import import import_command, stored, wipe
from meetings.tests.test_import_faults import REPO, _test_database_url

pytestmark = pytest.mark.django_db(transaction=True)


# Four batches: on SQLite, with no lock to hold the import, the kill lands while three batches are still to store
# (with one batch and ten more articles, a fast import had stored them all before the kill).
ARTICLES = IMPORT_BATCH * 4


@pytest.fixture
def folder(tmp_path, seed_articles):
    """More articles than one batch: the seeds on many days, so that their contacts merge across batches."""
    files = sorted(seed_articles.glob("*.txt"))
    for n in range(ARTICLES):
        text = files[n % len(files)].read_text(encoding="utf-8")
        published = text.split()[1]
        (tmp_path / f"a{n:03}.txt").write_text(
            text.replace(published, f"2019-{1 + n % 12:02}-{1 + n // 12:02}", 1), encoding="utf-8"
        )
    return tmp_path


def wait_for(condition, what: str, process) -> None:
    for _ in range(600):
        if condition():
            return
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"the import never {what}: {process.communicate(timeout=5)}")


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE '%%pg_advisory_xact_lock%%' AND pid <> pg_backend_pid()"
        )
        return bool(cursor.fetchall())


def test_an_import_killed_half_way_then_run_again_equals_one_clean_import(folder):
    command = [sys.executable, "manage.py", "import_articles", "--no-progress", str(folder)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "diplo.settings_test", "DATABASE_URL": _test_database_url()}
    if connection.vendor == "postgresql":
        # The import stores its first batch, then waits for the next batch's first article: killed there.
        with transaction.atomic():
            lock_article(slug=slug_for(folder / f"a{IMPORT_BATCH:03}.txt"))
            process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            wait_for(waiting_for_a_lock, "waited for the second batch", process)
            process.kill()  # SIGKILL: no handler, no clean-up
            process.wait(timeout=30)
        assert Article.objects.count() == IMPORT_BATCH
    else:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_for(lambda: Article.objects.exists(), "stored an article", process)
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -9
    killed = Article.objects.count()
    assert killed < ARTICLES

    out, err, status = import_command(folder)
    assert (status, err) == (0, "")
    assert f"{ARTICLES - killed} new, 0 updated, {killed} unchanged, 0 failed" in out
    after_rerun = stored()

    wipe()
    _, err, status = import_command(folder)
    assert (status, err) == (0, "")
    assert stored() == after_rerun
