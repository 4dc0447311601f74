#!/usr/bin/env python
"""Import speed as the archive grows: `import_articles` over real-article variants, on PostgreSQL, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo .venv/bin/python bench/import_rate.py \
        [--baseline /path/to/an/older/checkout] [--skip-100k] [--big 4000]

Not a test: it prints figures, and with ``--baseline`` the same figures for another copy of the code
(a `git archive` of an older commit, sharing this database schema) measured in the same run, turn
about, with the ratio. Each import runs in a database of its own, copied from a template
(`<name>_bench_import_empty`: migrated, empty; `<name>_bench_import_100k`: 100,000 meetings of
`generate_demo_data --seed 1`, kept between runs), so every run starts from the same state.

Variants are the shipped seeds and ../shared/dev articles rewritten (each copy gets its own publication
day and its paragraphs in another order, so every file is new to the importer):

- spread: publication days spread over three years (what `make bench` imports);
- recurring: every copy published within the same three weeks (an article's copies on different days), so
  the same contacts are reported week after week and every import merges into meetings already stored,
  among all the archive's contacts of those weeks.

It prints, for each code:
- the whole `manage.py import_articles` command (a process, from start to exit) over 400 (`--articles`) spread and
  400 recurring variants into an empty database, and over the same 400 recurring variants into the
  100,000-meeting database, in articles per second; its CPU seconds (the command and its extraction
  workers, not PostgreSQL's) and peak RSS (the largest process);
- one import of `--big` (4,000) recurring variants (bench/import_chunks.py, around `import_paths`), with,
  for each 400-article chunk as the writer took it: the rate, the writer's own time per article (not
  waiting for extraction) and its CPU time per article (what other load on the machine changes least);
  the last chunk against the first; the peak RSS of the process and of its extraction workers.

On a shared machine compare the ratios and CPU seconds of one run, not absolute rates of different runs.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SMALL = 400
CHUNK = 400
BIG = 4000
DEMO_MEETINGS = 100_000
HEADER = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})\s*")
SPREAD_FIRST_YEAR, SPREAD_YEARS = 2017, 3
RECUR_WEEKS = 3  # recurring variants are all published within this many weeks
RECUR_FIRST_DAY = dt.date(2019, 5, 6)


def sources() -> list[str]:
    paths = sorted((REPO / "fixtures" / "articles").glob("*.txt"))
    dev = REPO.parent / "shared" / "dev" / "articles"
    if dev.is_dir():
        paths += sorted(dev.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def make_variants(target: Path, count: int, mode: str) -> Path:
    """``count`` files in ``target``: copies of the sources with their own day and paragraph order."""

    target.mkdir(parents=True, exist_ok=True)
    texts = sources()
    rng = random.Random(20190510)
    for i in range(count):
        source = texts[i % len(texts)]
        match = HEADER.match(source)
        body = source[match.end() :] if match else source
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        head, rest = paragraphs[0], paragraphs[1:]
        rng.shuffle(rest)
        if mode == "spread":
            day = dt.date(SPREAD_FIRST_YEAR + i % SPREAD_YEARS, 1 + i % 12, 1 + i % 28)
        else:
            # Every copy within the same three weeks: each article's contacts are reported again and again, and
            # every contact of the archive is near every other in time (the importer's worst case).
            day = RECUR_FIRST_DAY + dt.timedelta(days=i % (7 * RECUR_WEEKS))
        (target / f"bench_{i:05d}.txt").write_text(f" date {day.isoformat()} \n\n" + "\n\n".join([head, *rest]))
    return target


# --- Databases ----------------------------------------------------------------------------------


def _with_name(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def _admin(url: str):
    import psycopg

    return psycopg.connect(_with_name(url, "postgres"), autocommit=True)


def _exists(url: str, name: str) -> bool:
    with _admin(url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _django_env(url: str, code: Path) -> dict:
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(code))
    env.setdefault("SECRET_KEY", "bench-import-rate-not-secret-" + "x" * 30)
    env.pop("DEBUG", None)
    return env


def prepare_templates(base: str, *, with_100k: bool) -> dict[str, str]:
    """The template databases (created once; the 100k one is kept between runs)."""
    import psycopg

    stem = urlparse(base).path.lstrip("/")
    templates = {"empty": f"{stem}_bench_import_empty"}
    if with_100k:
        templates["100k"] = f"{stem}_bench_import_100k"
    for key, name in templates.items():
        url = _with_name(base, name)
        created = key == "empty" or not _exists(base, name)
        if created:
            with _admin(base) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        # A template kept from an earlier run is brought to this code's migrations too (an index added since).
        env = _django_env(url, REPO)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
        if created and key == "100k":
            start = time.perf_counter()
            subprocess.run(
                [PYTHON, "manage.py", "generate_demo_data", "--meetings", str(DEMO_MEETINGS), "--seed", "1"],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
            )
            print(f"generated {DEMO_MEETINGS:,} meetings in {time.perf_counter() - start:.0f} s", flush=True)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return templates


def fresh_database(base: str, template: str) -> str:
    name = f"{urlparse(base).path.lstrip('/')}_bench_import_run"
    with _admin(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return _with_name(base, name)


# --- Runs -----------------------------------------------------------------------------------------


def compile_code(code: Path) -> None:
    """diplo's modules compiled to bytecode, as the image holds them (Dockerfile): where PYTHONDONTWRITEBYTECODE is
    set, each command would otherwise compile them from source as it starts (up to a few tenths of a second)."""
    for package in ("diplo", "meetings"):
        compileall.compile_dir(code / package, quiet=1)


def run_command(code: Path, url: str, folder: Path) -> dict:
    """The whole `manage.py import_articles` process: wall seconds and its peak RSS (the largest process)."""
    env = _django_env(url, code)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, "manage.py", "import_articles", str(folder), "--no-progress", "-v0"],
        cwd=code,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Exit status 1: some files failed (an extractor's error on a variant), each named on stderr; the rest imported.
    if proc.returncode not in (0, 1):
        raise SystemExit(f"import_articles failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    failed = stderr.decode().count("error: ")
    cpu = usage.ru_utime + usage.ru_stime  # the command and its extraction workers (not PostgreSQL's)
    return {"seconds": elapsed, "cpu": cpu, "rss_mib": usage.ru_maxrss / 1024, "failed": failed}


def run_chunked(code: Path, url: str, folder: Path) -> dict:
    env = _django_env(url, code)
    out = subprocess.run(
        [PYTHON, str(REPO / "bench" / "import_chunks.py"), str(folder), "--chunk", str(CHUNK)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"bench/import_chunks.py failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def counts(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        meetings = conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
        articles = conn.execute("SELECT count(*) FROM meetings_article").fetchone()[0]
    return f"{articles:,} articles, {meetings:,} meetings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout of diplo to measure in the same run")
    parser.add_argument("--skip-100k", action="store_true", help="no import into the 100,000-meeting database")
    parser.add_argument(
        "--articles",
        type=int,
        default=SMALL,
        help=f"articles of the spread, recurring and 100k runs (default {SMALL}): with more, a command's fixed costs"
        " (its start, the lexicon) weigh less beside what each article costs",
    )
    parser.add_argument("--big", type=int, default=BIG, help=f"articles of the chunked run (default {BIG}; 0: none)")
    parser.add_argument("--rounds", type=int, default=1, help="turns of each measurement (median reported)")
    parser.add_argument("--only", nargs="*", help="spread, recurring, 100k, big")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/diplo")
    if not base.startswith("postgres"):
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    only = set(args.only or ["spread", "recurring", "100k", "big"])
    if args.skip_100k:
        only.discard("100k")
    if not args.big:
        only.discard("big")
    codes = {"current": REPO}
    if args.baseline:
        codes["baseline"] = args.baseline.resolve()
    for code in codes.values():
        compile_code(code)
    templates = prepare_templates(base, with_100k="100k" in only)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start", flush=True)

    figures: dict[str, dict[str, list[dict]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        small = args.articles
        spread = make_variants(Path(tmp) / "spread", small, "spread")
        recurring = make_variants(Path(tmp) / "recurring", small, "recurring")
        big = make_variants(Path(tmp) / "big", args.big, "recurring") if "big" in only else None
        scenarios = [
            ("spread", f"{small} spread variants, empty database", "empty", spread, run_command),
            ("recurring", f"{small} recurring variants, empty database", "empty", recurring, run_command),
            ("100k", f"{small} recurring variants, {DEMO_MEETINGS:,}-meeting database", "100k", recurring, run_command),
            ("big", f"{args.big} recurring variants, empty database, by chunk", "empty", big, run_chunked),
        ]
        for key, title, template, folder, runner in scenarios:
            if key not in only:
                continue
            print(f"\n== {title}", flush=True)
            for _ in range(args.rounds):
                for name, code in codes.items():
                    if not _exists(base, templates[template]):  # dropped meanwhile (a shared server): made again
                        templates = prepare_templates(base, with_100k=template == "100k")
                    url = fresh_database(base, templates[template])
                    result = runner(code, url, folder)
                    result["rate"] = len(list(folder.glob("*.txt"))) / result["seconds"]
                    figures.setdefault(key, {}).setdefault(name, []).append(result)
                    line = f"  {name:<8} {result['rate']:6.1f} articles/s ({result['seconds']:.2f} s"
                    line += f", CPU {result['cpu']:.2f} s), " if "cpu" in result else "), "
                    line += f"peak RSS {result['rss_mib']:.0f} MiB"
                    if "chunks" in result:
                        line += f" (workers {result['worker_rss_mib']:.0f} MiB)"
                        if result.get("database_cpu") is not None:
                            line += f"; PostgreSQL's CPU for it {result['database_cpu']:.2f} s"
                        rates = [f"{r:.0f}" for r in result["chunks"]]
                        line += f"\n           per {CHUNK}: {' '.join(rates)} articles/s; "
                        line += f"last/first {result['chunks'][-1] / result['chunks'][0]:.2f}"
                        writer = result["writer_ms"]
                        line += f"\n           writer's own ms per article: {' '.join(f'{w:.1f}' for w in writer)}; "
                        line += f"last/first {writer[-1] / writer[0]:.2f}"
                        cpu = result["writer_cpu_ms"]
                        line += f"\n           writer's CPU ms per article: {' '.join(f'{w:.1f}' for w in cpu)}; "
                        line += f"last/first {cpu[-1] / cpu[0]:.2f}"
                    failed = f" ({result['failed']} failed in extraction)" if result.get("failed") else ""
                    print(line + f"; {counts(url)}{failed}", flush=True)

    def median(values: list[float]) -> float:
        values = sorted(values)
        return values[len(values) // 2]

    print("\n== summary (median of rounds)")
    for key, by_code in figures.items():
        rates = {name: median([r["rate"] for r in runs]) for name, runs in by_code.items()}
        cpus = {name: median([r["cpu"] for r in runs]) for name, runs in by_code.items()}
        line = f"  {key:<10} " + ", ".join(
            f"{name} {rate:.1f}/s (CPU {cpus[name]:.1f} s)" for name, rate in rates.items()
        )
        if "baseline" in rates:
            line += f"; current/baseline: rate x{rates['current'] / rates['baseline']:.2f}"
            line += f", CPU x{cpus['current'] / cpus['baseline']:.2f}"
        print(line)
    for name in codes:
        empty = figures.get("recurring", {}).get(name)
        full = figures.get("100k", {}).get(name)
        if empty and full:
            ratio = median([r["rate"] for r in full]) / median([r["rate"] for r in empty])
            print(f"  {name}: 100k-meeting database / empty, same {args.articles} articles: x{ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
