"""python manage.py recount_kept_counts [--check]: count the kept counts again (after a restore without triggers).

See meetings/services/kept_counts.py.
"""

from django.core.management.base import BaseCommand, CommandError

from meetings.services.kept_counts import recount_kept_counts


class Command(BaseCommand):
    help = (
        "Count again, from the meetings, participants and read-outs, the counts PostgreSQL keeps on every write "
        "(country pairs, countries, people and their timelines, offices' timelines): after a load that bypassed their "
        "triggers. --check only reports differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="report rows that differ; change nothing")

    def handle(self, *args, check, **options):
        found = recount_kept_counts(check_only=check)
        if not found:
            self.stdout.write("This database keeps no counts (SQLite counts as it reads).")
            return
        for recount in found:
            verb = "differ" if check else "corrected"
            self.stdout.write(f"{recount.table}: {recount.rows} rows, {recount.differing} {verb}")
        if check and any(recount.differing for recount in found):
            raise CommandError("kept counts differ from a recount: run recount_kept_counts without --check")
