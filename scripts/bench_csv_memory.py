#!/usr/bin/env python
"""Memory of GET /meetings/export.csv: 100,000 meetings stream in flat memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo .venv/bin/python scripts/bench_csv_memory.py

Creates its own database `<name>_csvbench` (dropped first) with N meetings, each with two
participants, a read-out and a sentence of evidence in one of 100 articles of 5,000 characters
(every column of the export has something to read), then streams the export through the Django
test client and prints the peak of Python memory (tracemalloc) for a baseline of 1,000 meetings,
for 10,000 and for all N, measured in the same run.
"""

import argparse
import datetime as dt
import os
import secrets
import sys
import time
import tracemalloc
from pathlib import Path

from scratch_database import scratch_database  # scripts/, beside this one

REPO = Path(__file__).resolve().parent.parent


def bench_database(url: str) -> str:
    return scratch_database(url, "_csvbench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = bench_database(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/diplo")
    )
    os.environ.update(DJANGO_SETTINGS_MODULE="diplo.settings", HTTPS="false")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # the settings refuse to start without one
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from meetings.models import Article, Evidence, Meeting, Organization, Participation, Person, ReadOut

    call_command("migrate", verbosity=0)
    org = Organization.objects.create(name="Ministry of Foreign Affairs", slug="kr-mofa", country="KR")
    people = Person.objects.bulk_create(
        [Person(name=f"Official {i}", slug=f"official-{i}", country="KR" if i % 2 else "US") for i in range(200)]
    )
    body = ("Stephen Biegun met Kang Kyung-wha in Seoul on Friday. " * 100)[:5000]
    articles = Article.objects.bulk_create(
        [
            Article(slug=f"article-{i:03}", published=dt.date(2019, 5, 10), body=body, content_hash=f"{i:064x}")
            for i in range(100)
        ]
    )
    client = Client(HTTP_HOST="localhost")

    def export_rows() -> int:
        return sum(chunk.count(b"\n") for chunk in client.get("/meetings/export.csv").streaming_content) - 1

    def measure() -> tuple[int, int]:
        tracemalloc.start()
        rows = export_rows()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return rows, peak

    def add_meetings(count: int, offset: int) -> None:
        for start in range(0, count, 5000):
            batch = Meeting.objects.bulk_create(
                [
                    Meeting(
                        title=f"Meeting {offset + i}", date=dt.date(2019, 1, 1) + dt.timedelta(days=(offset + i) % 3000)
                    )
                    for i in range(start, min(count, start + 5000))
                ]
            )
            Participation.objects.bulk_create(
                [
                    Participation(meeting=m, person=people[(m.pk + k) % 200], organization=org, country="KR")
                    for m in batch
                    for k in (0, 1)
                ]
            )
            ReadOut.objects.bulk_create([ReadOut(meeting=m, issuer=org, quotes=["Close coordination."]) for m in batch])
            Evidence.objects.bulk_create(
                [Evidence(article=articles[m.pk % 100], meeting=m, sentence=body[:54], start=0, end=54) for m in batch]
            )

    # Three sizes: under one chunk (1,000 rows), many chunks (10,000), and all N.
    results, created = [], 0
    for size in sorted({1000, min(10_000, args.rows), args.rows}):
        add_meetings(size - created, created)
        created = size
        results.append(measure())
    for rows, peak in results:
        print(f"export of {rows:>7} rows: peak Python memory {peak / 2**20:.1f} MiB (tracemalloc)")
    (small_rows, small_peak), (rows, peak) = results[-2], results[-1]
    print(f"{rows} rows vs {small_rows} rows: x{rows / small_rows:.0f} rows, x{peak / small_peak:.2f} peak memory")
    start = time.perf_counter()
    export_rows()
    elapsed = time.perf_counter() - start
    print(f"time for {rows} rows without tracing: {elapsed:.1f} s ({rows / elapsed:.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
