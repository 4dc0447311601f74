"""python manage.py import_articles PATH... : import article files and extract their meetings."""

from pathlib import Path

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm

from meetings.services.articles import ImportStopped, first_line, import_paths
from meetings.services.sources import MANIFEST_NAME

# Exit statuses, so that a script can tell what happened (2 is argparse's, for a wrong command line).
EXIT_FILES_FAILED = 1  # some files could not be imported (each named on stderr); all the others were
EXIT_DATABASE = 3  # the database is unreachable, not migrated, or failed mid-import; a rerun finishes the work


class Command(BaseCommand):
    # The models' checks only: the web's (URLs, templates, admin) imported every view for a third of a second on
    # each run, and an import run every few minutes pays it each time. `manage.py check` covers them.
    requires_system_checks = [Tags.models]
    help = (
        "Import article files (first line ' date YYYY-MM-DD ', then optional header lines 'title: …', 'url: …', "
        "'outlet: …', then the text) and extract meetings from them; a sources.tsv beside the files (slug, url, "
        "date, outlet, optional title) gives their sources. "
        "Each problem is one line on stderr naming the file and the reason; stdout gets the summary. "
        f"Exit status: 0 every file imported or unchanged; {EXIT_FILES_FAILED} some files failed, the others "
        f"were imported; 2 wrong arguments; {EXIT_DATABASE} the database is unreachable or not migrated, or "
        "failed during the import (the import stops at once, the article being stored is left out whole, "
        "and running it again finishes the work)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="article files, or folders of *.txt files")
        parser.add_argument("--force", action="store_true", help="re-extract unchanged files too")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, force, no_progress, verbosity, **options):
        def progress(items, total):
            # The bar only helps with many files; it writes to stderr so stdout stays the summary.
            show = not no_progress and verbosity > 0 and total > 1
            return tqdm(items, total=total, unit="article", disable=not show, file=self.stderr._out)

        problem = database_problem()
        if problem:
            raise CommandError(problem, returncode=EXIT_DATABASE)
        try:
            summary = import_paths(paths=paths, force=force, progress=progress)
        except ImportStopped as stop:
            self.report(stop.summary)
            raise CommandError(str(stop), returncode=EXIT_DATABASE) from None
        except DatabaseError as exc:  # before any article was stored: reading what is there, the knowledge base
            raise CommandError(
                f"the database failed ({first_line(exc)}); nothing was imported", returncode=EXIT_DATABASE
            ) from None
        self.report(summary)
        if summary.failed:
            raise CommandError(f"{summary.failed} file(s) failed to import", returncode=EXIT_FILES_FAILED)
        if summary.errors:  # rows of a manifest that were left out; every article file imported
            raise CommandError(
                f"{len(summary.errors)} line(s) of {MANIFEST_NAME} could not be read; the articles imported without "
                "them",
                returncode=EXIT_FILES_FAILED,
            )

    def report(self, summary) -> None:
        for error in summary.errors:
            self.stderr.write(f"error: {error}")
        self.stdout.write(str(summary))


def database_problem() -> str | None:
    """Why the database cannot take an import (unreachable, not migrated), in one line; None if it can."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return f"cannot use the database ({first_line(exc)}); nothing was imported"
    if pending:
        return (
            f"the database is not migrated ({len(pending)} migration(s) to apply): "
            "run `python manage.py migrate` first; nothing was imported"
        )
    return None
