"""python manage.py generate_demo_data --meetings N [--seed S]: synthetic load for benchmarks.

See docs/performance.md.
"""

from django.core.management.base import BaseCommand, CommandError

from meetings.services.demo_data import generate_demo_data


class Command(BaseCommand):
    help = (
        "Add N synthetic meetings in the proportions of real imports (participants, people, offices, read-outs, "
        "articles), for benchmarks. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, required=True, help="how many meetings to add")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same rows (default 1)")

    def handle(self, *args, meetings, seed, **options):
        if meetings < 1:
            raise CommandError("--meetings must be at least 1")
        counts = generate_demo_data(meetings=meetings, seed=seed)
        self.stdout.write(f"added {counts}")
