#!/usr/bin/env python
"""Import speed: the whole `import_articles` command over 400 distinct articles, on DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo make bench

The articles are the shipped seeds (and ../shared/dev when present) rewritten into 400
distinct files: each copy gets its own date line and its paragraphs in another order, so
that every file is new to the importer and extraction runs on each. Two sets: dates spread
over three years, and recurring contacts (every copy published within the same three weeks,
so each import merges into meetings already stored). The benchmark creates its own database
`<name>_bench` (dropped first), emptied before each set, and prints articles per second, with a baseline
in the same run: reading and parsing the same files without the database.

bench/import_rate.py measures more: chunks over 4,000 articles, a 100,000-meeting database,
peak memory, and an older checkout of the code in the same run.
"""

import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from scratch_database import scratch_database  # scripts/, beside this one

REPO = Path(__file__).resolve().parent.parent
COUNT = 400
HEADER = re.compile(r"\A\s*date \d{4}-\d{2}-\d{2}\s*")


def make_recurring(target: Path) -> list[Path]:
    sys.path.insert(0, str(REPO / "bench"))
    from import_rate import make_variants

    return sorted(make_variants(target / "recurring", COUNT, "recurring").glob("*.txt"))


def make_articles(target: Path) -> list[Path]:
    sources = sorted((REPO / "fixtures" / "articles").glob("*.txt"))
    dev = REPO.parent / "shared" / "dev" / "articles"
    if dev.is_dir():
        sources += sorted(dev.glob("*.txt"))
    rng = random.Random(20190510)
    paths = []
    for i in range(COUNT):
        source = sources[i % len(sources)].read_text(encoding="utf-8")
        body = HEADER.sub("", source, count=1)
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        head, rest = paragraphs[0], paragraphs[1:]
        rng.shuffle(rest)
        year = 2017 + i % 3
        date_line = f" date {year}-{1 + i % 12:02d}-{1 + i % 28:02d} "
        path = target / f"bench_{i:04d}.txt"
        path.write_text(date_line + "\n\n".join([head, *rest]), encoding="utf-8")
        paths.append(path)
    return paths


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/diplo")
    if urlparse(url).scheme.startswith("postgres"):
        return scratch_database(url, "_bench")
    return url


def main() -> int:
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from meetings.extraction.parsing import parse_article
    from meetings.models import Article, Meeting, Person

    call_command("migrate", verbosity=0)
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("spread", make_articles), ("recurring", make_recurring)):
            folder = Path(tmp) / name
            folder.mkdir()
            paths = make(folder)
            if name != "spread":
                call_command("flush", interactive=False, verbosity=0)  # the same empty start as the first set
            start = time.perf_counter()
            for path in paths:
                parse_article(path.read_bytes())
            baseline = time.perf_counter() - start

            start = time.perf_counter()
            call_command("import_articles", str(folder), no_progress=True, verbosity=0)
            elapsed = time.perf_counter() - start

            rate = rates[name] = len(paths) / elapsed
            print(f"== {name} variants; database: {connection.vendor} ({connection.settings_dict['NAME']})")
            print(
                f"articles: {len(paths)} distinct files, {Article.objects.count()} imported; "
                f"{Meeting.objects.count()} meetings, {Person.objects.count()} people"
            )
            print(f"import_articles: {elapsed:.2f} s = {rate:.0f} articles/s (target >= 100)")
            print(
                f"baseline (read + parse only, no database): {baseline:.3f} s = {len(paths) / baseline:.0f} "
                f"articles/s; import costs {elapsed / baseline:.0f}x the baseline"
            )
    return 0 if min(rates.values()) >= 100 else 1


if __name__ == "__main__":
    sys.exit(main())
