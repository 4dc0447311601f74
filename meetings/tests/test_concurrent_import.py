"""Imports (and re-extractions) running at the same time give exactly what running them one after another gives.

Threads against the real test database, each with its own connection, as two `import_articles`
processes or an import and an editor's re-extraction would be.
"""

import io
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from meetings.models import Article, Evidence, Meeting, Participation, Person, ReadOut
from meetings.services import editorial

pytestmark = pytest.mark.django_db(transaction=True)

DATES = ["2019-05-10", "2019-05-24", "2019-06-07", "2019-06-21"]


@pytest.fixture
def halves(tmp_path, seed_articles) -> tuple[Path, Path]:
    """Two folders of articles, each reporting the contacts of the other's too (so they merge across imports)."""
    text = (seed_articles / "000_c10acb675f22a3b9.txt").read_text(encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, copies in ((first, "a"), (second, "b")):
        folder.mkdir()
        for i, date in enumerate(DATES):
            for n in range(2):
                (folder / f"{copies}{i}{n}.txt").write_text(text.replace("2019-05-10", date, 1), encoding="utf-8")
    return first, second


def import_command(*paths: Path) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, no_progress=True)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return out.getvalue(), err.getvalue(), status


def at_once(*jobs):
    """Run each job in its own thread (and database connection), started together; their results in order."""
    results: list = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i, job):
        try:
            start.wait()
            results[i] = job()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def stored() -> dict:
    """What an import leaves: row counts, and each meeting by title, date and number of source sentences."""
    return {
        "rows": {m.__name__: m.objects.count() for m in (Article, Meeting, Participation, ReadOut, Evidence, Person)},
        "meetings": Counter(
            (m.title, m.date, m.evidence.count(), m.participations.count()) for m in Meeting.objects.all()
        ),
    }


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)


def test_two_imports_of_folders_reporting_the_same_contacts_store_each_contact_once(halves):
    first, second = halves
    import_command(first)
    import_command(second)
    sequential = stored()
    wipe()

    results = at_once(lambda: import_command(first), lambda: import_command(second))
    assert [status for _, _, status in results] == [0, 0], results
    assert stored() == sequential
    assert sequential["rows"]["Article"] == 2 * len(DATES) * 2
    sources = Counter(
        Evidence.objects.exclude(meeting=None)
        .values_list("meeting", "article")
        .distinct()
        .values_list("meeting", flat=True)
    )
    assert min(sources.values()) >= 4, "each contact is one meeting, reported by each of its four copies"


def test_two_imports_of_the_same_folder_at_once_are_an_import_and_a_no_op(halves):
    first, _ = halves
    import_command(first)
    import_command(first)
    sequential = stored()
    wipe()

    results = at_once(lambda: import_command(first), lambda: import_command(first))
    assert [status for _, _, status in results] == [0, 0], results
    assert all(err == "" for _, err, _ in results), results
    assert stored() == sequential
    articles = len(DATES) * 2
    summaries = sorted(out.strip() for out, _, _ in results)
    # Which import stores which file is up to timing; between them every file is new once and unchanged once.
    new = sum(int(s.split(" new")[0].rsplit(" ", 1)[-1]) for s in summaries)
    unchanged = sum(int(s.split(" unchanged")[0].rsplit(" ", 1)[-1]) for s in summaries)
    assert (new, unchanged) == (articles, articles), summaries


def test_two_editors_re_extracting_the_same_articles_at_once_leave_what_one_would(halves):
    first, second = halves
    import_command(first, second)
    editorial.reextract_articles(articles=list(Article.objects.all()))
    sequential = stored()

    results = at_once(*[lambda: editorial.reextract_articles(articles=list(Article.objects.all()))] * 2)
    assert not any(isinstance(r, BaseException) for r in results), results
    assert stored() == sequential


def test_an_import_and_a_re_extraction_at_once_leave_what_one_after_the_other_would(halves):
    first, second = halves
    import_command(first)
    import_command(second)
    sequential = stored()
    wipe()

    import_command(first)
    results = at_once(
        lambda: import_command(second), lambda: editorial.reextract_articles(articles=list(Article.objects.all()))
    )
    assert results[0][2] == 0 and not isinstance(results[1], BaseException), results
    assert stored() == sequential


def test_re_extracting_an_article_again_and_again_changes_nothing(halves):
    """Its sentences behind a read-out another article reported first were added again at each re-extraction."""
    first, second = halves
    import_command(first, second)
    once = stored()
    for _ in range(2):
        editorial.reextract_articles(articles=[Article.objects.get(slug="b00")])
        assert stored() == once
    editorial.reextract_articles(articles=[Article.objects.get(slug="a00")])
    assert stored() == once, "re-extracting the first report keeps the others' sentences"
