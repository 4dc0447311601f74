"""python manage.py import_articles PATH... : import article files and extract their meetings."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meetings.services.articles import import_paths


class Command(BaseCommand):
    help = "Import article files (first line ' date YYYY-MM-DD ', then the text) and extract meetings from them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="article files, or folders of *.txt files")
        parser.add_argument("--force", action="store_true", help="re-extract unchanged files too")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, force, no_progress, verbosity, **options):
        def progress(items, total):
            # The bar only helps with many files; it writes to stderr so stdout stays the summary.
            show = not no_progress and verbosity > 0 and total > 1
            return tqdm(items, total=total, unit="article", disable=not show, file=self.stderr._out)

        summary = import_paths(paths=paths, force=force, progress=progress)
        for error in summary.errors:
            self.stderr.write(f"error: {error}")
        self.stdout.write(str(summary))
        if summary.failed:
            raise CommandError(f"{summary.failed} file(s) failed to import")
