#!/usr/bin/env python
"""Load test: public pages and CSV under 16 connections for 60 s while an import runs; errors and 5xx should be 0.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo .venv/bin/python scripts/load_test.py

Not a test: it prints figures. It creates the database `<name>_load` (dropped first), migrates it and imports
the seed articles (--articles, default fixtures/articles) into it, starts gunicorn with the shipped settings
(gunicorn.conf.py, DEBUG off) on 127.0.0.1 at a free port, then runs a bounded loader: --connections
threads, each with one keep-alive connection sending one request after another (never more than that many
at once), for --seconds, over list, filtered list, detail, search and CSV addresses of what is stored. Meanwhile
`import_articles --force` runs again and again over --import-folder (default: the --articles), so that pages
are read while meetings are written. It prints requests, transport errors, 5xx, other non-200 answers,
requests/s and the p50/p99 latency, in all and per kind of address, and how many imports ran. Only loopback
is loaded, for a bounded time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

from scratch_database import scratch_database  # scripts/, beside this one

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def load_database(url: str) -> str:
    return scratch_database(url, "_load", force=True)  # a killed server may still hold the last run's


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def addresses(env: dict) -> dict[str, list[str]]:
    """Addresses to request, by kind, from what the database holds."""
    code = (
        "import json; from meetings.models import Meeting, Person, Article;"
        "print(json.dumps({'meetings': list(Meeting.objects.values_list('pk', flat=True)[:200]),"
        "'people': list(Person.objects.filter(participations__isnull=False).distinct()"
        ".values_list('slug', flat=True)[:200]),"
        "'articles': list(Article.objects.values_list('slug', flat=True)[:200])}))"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout
    import json

    found = json.loads(out.strip().splitlines()[-1])
    return {
        "list": ["/", "/meetings/", "/people/", "/organizations/", "/readouts/", "/articles/", "/countries/"],
        "filter": [
            "/meetings/?" + urlencode({"country": "KR"}),
            "/meetings/?" + urlencode({"q": "Kim"}),
            "/meetings/?" + urlencode({"date_from": "2018-01-01", "kind": "meeting"}),
            "/people/?" + urlencode({"country": "US"}),
            "/readouts/?" + urlencode({"q": "denuclearization"}),
        ],
        "detail": [f"/meetings/{pk}/" for pk in found["meetings"]]
        + [f"/people/{slug}/" for slug in found["people"]]
        + [f"/articles/{slug}/" for slug in found["articles"]]
        + ["/countries/KR/", "/countries/KR/US/"],
        "csv": [
            "/meetings/export.csv",
            "/meetings/export.csv?country=KR",
            "/people/export.csv",
            "/readouts/export.csv",
        ],
    }


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, kind: str, seconds: float, status: int | None, error: str | None = None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)
            else:
                self.statuses[kind][status] += 1


def connection_loop(port: int, urls: dict[str, list[str]], deadline: float, results: Results, seed: int) -> None:
    """One connection: one request at a time until the deadline (a new connection after an error)."""
    rng = random.Random(seed)
    kinds = list(urls)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < deadline:
        kind = rng.choice(kinds)
        path = rng.choice(urls[kind])
        start = time.monotonic()
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()  # the whole body: a CSV cut short raises IncompleteRead here
            results.add(kind, time.monotonic() - start, response.status)
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        except (OSError, http.client.HTTPException) as exc:
            results.add(kind, time.monotonic() - start, None, f"{path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def importer_loop(env: dict, folder: Path, stop: threading.Event, outcomes: list[int]) -> None:
    while not stop.is_set():
        result = subprocess.run(
            [PYTHON, "manage.py", "import_articles", "--force", "--no-progress", str(folder)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        outcomes.append(result.returncode)
        if result.returncode:
            print(f"import failed ({result.returncode}): {result.stderr.strip()[-500:]}", file=sys.stderr)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--articles", type=Path, default=REPO / "fixtures" / "articles")
    parser.add_argument("--import-folder", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    args = parser.parse_args()

    database = load_database(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/diplo"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "import_articles", "--no-progress", str(args.articles)], cwd=REPO, env=env, check=True
    )
    urls = addresses(env)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "diplo.wsgi:application", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        stop, imports = threading.Event(), []
        importer = threading.Thread(
            target=importer_loop, args=(env, args.import_folder or args.articles, stop, imports), daemon=True
        )
        importer.start()
        results = Results()
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=connection_loop, args=(port, urls, deadline, results, n))
            for n in range(args.connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stop.set()
        importer.join()
    finally:
        server.terminate()
        _, server_log = server.communicate(timeout=60)

    print(f"{args.connections} connections for {elapsed:.0f} s against gunicorn ({args.workers} workers, gthread)")
    print(f"imports run meanwhile: {len(imports)}, failed: {sum(1 for status in imports if status)}")
    print(f"{'kind':8} {'requests':>9} {'errors':>7} {'5xx':>5} {'other':>6} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}")
    all_latencies, totals = [], defaultdict(int)
    for kind in [*urls, "all"]:
        if kind == "all":
            latencies = all_latencies
            counts = totals
        else:
            latencies = results.latencies[kind]
            all_latencies += latencies
            counts = {
                "requests": len(latencies),
                "errors": len(results.errors[kind]),
                "5xx": sum(n for status, n in results.statuses[kind].items() if status >= 500),
                "other": sum(n for status, n in results.statuses[kind].items() if status != 200 and status < 500),
            }
            for key, value in counts.items():
                totals[key] += value
        print(
            f"{kind:8} {counts['requests']:>9} {counts['errors']:>7} {counts['5xx']:>5} {counts['other']:>6} "
            f"{counts['requests'] / elapsed:>7.1f} {percentile(latencies, 0.5) * 1000:>8.0f} "
            f"{percentile(latencies, 0.99) * 1000:>8.0f}"
        )
    for kind, errors in results.errors.items():
        for error in errors[:3]:
            print(f"error ({kind}): {error}")
    server_errors = [line for line in server_log.splitlines() if "Traceback" in line or "ERROR" in line]
    print(f"server log: {len(server_errors)} error line(s)")
    for line in server_errors[:5]:
        print(f"  {line}")
    if all_latencies:
        print(f"mean latency {statistics.mean(all_latencies) * 1000:.0f} ms")
    return 0 if not (totals["errors"] or totals["5xx"]) else 1


if __name__ == "__main__":
    sys.exit(main())
