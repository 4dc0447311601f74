#!/usr/bin/env python
"""Page throughput, queries per page and CSV export time at 10,000 and 100,000 meetings (1,000,000 with --million).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo .venv/bin/python bench/run.py

Not a test: it prints figures and their ratio to a baseline measured in the same run. For each size
it creates (or, with --reuse, keeps) the database `<name>_bench_<size>`, fills it with
`generate_demo_data`, migrates and analyses it, starts gunicorn on 127.0.0.1 (a free port, 2 workers
of the shipped gunicorn.conf.py, which gunicorn reads from the working directory: gthread, 4 threads),
and runs wrk (2 threads, 8 connections, --duration seconds) against /healthz and each page. It prints
req/s, p50/p99 latency, the ratio to /healthz, the server's CPU a request (its workers' and
PostgreSQL's, read from /proc around each run: steadier than req/s on shared cores), queries and HTML
size per page, the time of GET /meetings/export.csv against PostgreSQL COPY of the same columns, and
the peak RSS of the workers. Only loopback is loaded, each run for a bounded time. Needs wrk (Debian:
apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = [10_000, 100_000]
MILLION = 1_000_000
WRK_THREADS, WRK_CONNECTIONS = 2, 8
# wrk counts a response slower than its timeout as an error; slow pages must still be measured.
WRK_TIMEOUT = "60s"
WORKERS = 2
# The bench server is not the shipped one: a long timeout so that a slow export is measured, not killed.
BENCH_GUNICORN_TIMEOUT = 900


def database_url(base: str, size: int) -> str:
    parts = urlparse(base)
    return urlunparse(parts._replace(path=f"{parts.path.rstrip('/')}_bench_{size}"))


def admin_connect(url: str):
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True)


def prepare(url: str, size: int, reuse: bool, env: dict) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    exists = False
    if reuse:
        try:
            with psycopg.connect(url) as conn:
                exists = conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0] == size
        except psycopg.Error:
            exists = False
    if not exists:
        with admin_connect(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    if not exists:
        start = time.perf_counter()
        run([PYTHON, "manage.py", "generate_demo_data", "--meetings", str(size), "--seed", "1"], env)
        print(f"  generated {size:,} meetings in {time.perf_counter() - start:.1f} s")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def run(cmd: list[str], env: dict) -> str:
    return subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True, text=True).stdout


def targets(url: str) -> dict[str, str]:
    """The pages of the issue, with real slugs and ids of this database: the busiest person and office."""
    import psycopg

    with psycopg.connect(url) as conn:
        busiest_person = """SELECT p.slug FROM meetings_person p JOIN meetings_participation pa ON pa.person_id = p.id
                            GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"""
        busiest_office = """SELECT o.slug FROM meetings_organization o JOIN meetings_participation pa
                            ON pa.organization_id = o.id GROUP BY o.id ORDER BY count(*) DESC LIMIT 1"""
        person = conn.execute(busiest_person).fetchone()[0]
        office = conn.execute(busiest_office).fetchone()[0]
        meeting = conn.execute("""SELECT m.id FROM meetings_meeting m WHERE m.review_status <> 'rejected'
                                  ORDER BY m.date DESC NULLS LAST, m.id DESC LIMIT 1""").fetchone()[0]
    return {
        "healthz": "/healthz",
        "meetings": "/meetings/",
        "country+date": "/meetings/?country=KR&date_from=2019&date_to=2020",
        # A deep page of countries alone (0.4 % of the contacts at every size): the countries' kept rows in the list's
        # order, where the list was walked (some 385,000 meetings at 1,000,000).
        "countries alone p30": "/meetings/?country=KP&country=JP&country_mode=only&page=30",
        "q=Kim": "/meetings/?q=Kim",
        # Searches the one-word page leaves out: a family name beside a word in most read-outs and sources (every match
        # has both: the rarer's meetings read, or the common word's walked), the same beside the busiest office, and a
        # hyphenated given name (its trigrams are common syllables).
        "q=Kim+talks": "/meetings/?q=Kim+talks",
        "q=Kim+talks office": f"/meetings/?q=Kim+talks&organization={office}",
        "q=Bin-jin": "/meetings/?q=Bin-jin",
        # Searches beside filters that a subject's kept rows answer: a place in a country's list (its rows walked for
        # a page), a name and a common word in the busiest person's, and a name among the meetings of two countries'
        # officials alone (a small list: the name's meetings read among its own).
        "q=Geneva country": "/meetings/?q=Geneva&country=MN",
        "q=Kim+talks person": f"/meetings/?q=Kim+talks&person={person}",
        "q=Kim countries alone": "/meetings/?q=Kim&country=KP&country=JP&country_mode=only",
        "page=1000": "/meetings/?page=1000",
        "sort=title p500": "/meetings/?sort=title&page=500",
        # Sorted by two columns, the first with few values (by URL: the headings sort by one): the pair's index read
        # as it runs, and against its second column deep into the list (each kind's group by title descending).
        "sort=kind,title p5": "/meetings/?sort=kind,title&page=5",
        "sort=kind,-title p150": "/meetings/?sort=kind,-title&page=150",
        "office by kind,title p5": f"/meetings/?organization={office}&sort=kind,title&page=5",
        "person filter": f"/meetings/?person={person}",
        # The busiest person's contacts with a rare country, a deep page: the person's kept rows, their countries
        # tested in the index (migration 0040), where every participant of the country was hashed against theirs.
        "person and country p3": f"/meetings/?person={person}&country=MN&page=3",
        "office filter": f"/meetings/?organization={office}",
        "office by title p5": f"/meetings/?organization={office}&sort=title&page=5",
        # The busiest person beside the busiest office: the rows of the one with fewer contacts, each probed in the
        # other's (MeetingFilterSet._other_subjects_probed), counted by a join of both.
        "person with office p2": f"/meetings/?organization={office}&person={person}&page=2",
        # A country's list by title, a deep page: off the countries' kept rows by title (migration 0045).
        "country by title p7": "/meetings/?country=MN&sort=title&page=7",
        "people fewest first": "/people/?sort=meetings",
        "meeting": f"/meetings/{meeting}/",
        "busiest person": f"/people/{person}/",
        "busiest office": f"/organizations/{office}/",
        "people": "/people/",
        "people by office": f"/people/?organization={office}",
        "people by office by country": f"/people/?organization={office}&sort=country",
        "offices": "/organizations/",
        "readouts": "/readouts/",
        # The busiest office's read-outs by issuer: each issuer's first read-outs off their index (migration 0056),
        # where all of the office's were read and sorted by id for a page.
        "office readouts by issuer": f"/readouts/?issuer={office}&sort=issuer",
        "articles": "/articles/",
        "country KR": "/countries/KR/",
        "KR/US": "/countries/KR/US/",
        "home": "/",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, extra: list[str]) -> subprocess.Popen:
    cmd = [
        str(Path(PYTHON).parent / "gunicorn"),
        "diplo.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--timeout",
        str(BENCH_GUNICORN_TIMEOUT),
        *extra,
    ]
    server = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def worker_pids(server: subprocess.Popen) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def peak_rss_mib(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks, default=0.0)


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (the bench's database is on loopback)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "comm").read_text().strip() == "postgres":
                pids.append(int(proc.name))
        except OSError:  # gone meanwhile
            continue
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU the processes and their ended children have used so far. A parent's counts include the
    children it has reaped (PostgreSQL's postmaster those of backends whose connection closed, gunicorn's arbiter a
    replaced worker's), so pass the parents too: a process that ends during a run would otherwise take its CPU along."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile: counted by its parent
            continue
        # utime, stime, cutime, cstime: the stat line's 14th to 17th fields
        ticks += sum(int(field) for field in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(text: str) -> float | None:
    found = re.fullmatch(r"([\d.]+)([a-z]+)", text)
    return float(found.group(1)) * _UNITS[found.group(2)] if found and found.group(2) in _UNITS else None


def wrk(port: int, path: str, duration: int, server_pids: list[int]) -> dict:
    """wrk's figures, and the CPU the server spent a request: its workers' and PostgreSQL's (``server_pids``), a
    figure that moves less than the throughput when other tenants share the cores."""
    before = cpu_seconds(server_pids + postgres_pids())
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(WRK_THREADS),
            "-c",
            str(WRK_CONNECTIONS),
            "-d",
            f"{duration}s",
            "--timeout",
            WRK_TIMEOUT,
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spent = cpu_seconds(server_pids + postgres_pids()) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out)
    p99 = re.search(r"99%\s+(\S+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*timeout (\d+)", out)
    return {
        "rps": rps,
        "cpu_ms": spent * 1000 / requests if requests else None,
        "p50": p50 and _ms(p50.group(1)),
        "p99": p99 and _ms(p99.group(1)),
        "non2xx": int(bad.group(1)) if bad else 0,
        "timeouts": int(errors.group(1)) if errors else 0,
    }


def settle(port: int) -> None:
    """Wait until requests still queued from the last wrk run are served, so runs do not overlap."""
    for _ in range(600):
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=120):
            pass
        if time.perf_counter() - start < 0.05:
            return
        time.sleep(0.5)


def export_seconds(port: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    size = rows = 0
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/meetings/export.csv", timeout=3600) as response:
        while chunk := response.read(1 << 16):
            size += len(chunk)
            rows += chunk.count(b"\n")
    return time.perf_counter() - start, size, rows - 1


def bench_size(base_url: str, size: int, args) -> dict:
    url = database_url(base_url, size)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # A key of its own each run: the settings refuse a short or published one with DEBUG off.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "diplo.settings",
        "PAGE_CACHE_SECONDS": str(args.page_cache),
    }
    print(f"\n== {size:,} meetings ({urlparse(url).path.lstrip('/')})")
    prepare(url, size, args.reuse, env)
    # Only the pages run are probed: an unbounded page can take minutes through the test client.
    pages = {
        name: path for name, path in targets(url).items() if not args.only or name in args.only or name == "healthz"
    }
    # Without the export, no COPY to compare it with (at 1,000,000 meetings it takes over a minute).
    probe_args = [json.dumps(list(pages.values()))] + (["--no-copy"] if args.no_export else [])
    probe = json.loads(run([PYTHON, "bench/probe.py", *probe_args], env))
    port = free_port()
    server = start_gunicorn(env, port, args.gunicorn_args.split())
    results = {}
    try:
        for name, path in pages.items():
            results[name] = {
                "path": path,
                **wrk(port, path, args.duration, [server.pid, *worker_pids(server)]),
                **probe["pages"][path],
            }
            settle(port)
        page_rss = peak_rss_mib(worker_pids(server))
        export = export_seconds(port) if not args.no_export else (0.0, 0, 0)
        export_rss = peak_rss_mib(worker_pids(server))
    finally:
        stop(server)
    base = results["healthz"]["rps"]
    header = f"{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'/healthz':>9}{'CPU ms':>8}{'queries':>8}{'KB':>8}"
    print(f"  {'page':<17}{header}  status")
    for name, r in results.items():
        flag = "" if r["non2xx"] == 0 and r["timeouts"] == 0 else f" non2xx={r['non2xx']} timeouts={r['timeouts']}"
        kb = f"{r['bytes'] / 1024:.0f}" if r["bytes"] else "-"
        p50 = f"{r['p50']:.1f}" if r["p50"] is not None else "-"
        p99 = f"{r['p99']:.1f}" if r["p99"] is not None else "-"
        cpu = f"{r['cpu_ms']:.1f}" if r.get("cpu_ms") is not None else "-"
        print(
            f"  {name:<17}{r['rps']:>9.1f}{p50:>9}{p99:>9}{r['rps'] / base:>8.1%}{cpu:>8}{r['queries']:>8}{kb:>8}  "
            f"{r['status']}{flag}"
        )
    seconds, nbytes, rows = export
    copy = probe["copy_seconds"]
    if rows:
        print(
            f"  export.csv: {rows:,} rows, {nbytes / 2**20:.1f} MiB in {seconds:.2f} s "
            f"({seconds / rows * 1e6:.0f} µs/row); COPY of the same columns {copy:.2f} s; "
            f"export/COPY x{seconds / copy:.2f}"
        )
    print(f"  peak RSS of a worker: {page_rss:.0f} MiB after the pages, {export_rss:.0f} MiB after the export")
    return {
        "size": size,
        "pages": results,
        "export_seconds": seconds,
        "export_rows": rows,
        "copy_seconds": copy,
        "rss_pages_mib": page_rss,
        "rss_export_mib": export_rss,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="also 1,000,000 meetings (generation takes minutes)")
    parser.add_argument("--sizes", type=int, nargs="*", help="other sizes than 10,000 and 100,000")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page (default 10)")
    parser.add_argument("--reuse", action="store_true", help="keep a bench database that already has the size")
    parser.add_argument("--no-export", action="store_true", help="skip the export")
    parser.add_argument("--only", nargs="*", help="page names to run (healthz always runs)")
    parser.add_argument("--gunicorn-args", default="", help="extra gunicorn arguments, e.g. '--worker-class gthread'")
    parser.add_argument(
        "--page-cache",
        type=int,
        default=0,
        help="PAGE_CACHE_SECONDS for the server (default 0: every request does the whole work)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/diplo")
    if not base_url.startswith("postgres"):
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    sizes = args.sizes or SIZES + ([MILLION] if args.million else [])
    print(
        f"machine: {os.cpu_count()} CPUs, {platform_line()}; wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{args.duration}s; gunicorn --workers {WORKERS} {args.gunicorn_args}; PAGE_CACHE_SECONDS={args.page_cache}"
    )
    runs = [bench_size(base_url, size, args) for size in sizes]
    if len(runs) > 1:
        first = runs[0]
        print(f"\n== slowdown against {first['size']:,} meetings (req/s there / req/s here)")
        for later in runs[1:]:
            # A page that finished no request in the run is infinitely slower.
            slowdown = {
                n: first["pages"][n]["rps"] / r["rps"] if r["rps"] else float("inf")
                for n, r in later["pages"].items()
                if n != "healthz"
            }
            worst = max(((x, n) for n, x in slowdown.items()), default=(0, "-"))
            print(
                f"  {later['size']:,}: worst page {worst[1]} x{worst[0]:.2f}; "
                + ", ".join(f"{n} x{x:.2f}" for n, x in slowdown.items())
            )
            # The server's CPU a request moves less between runs than the throughput on shared cores.
            costlier = {
                n: r["cpu_ms"] / first["pages"][n]["cpu_ms"]
                for n, r in later["pages"].items()
                if n != "healthz" and r.get("cpu_ms") and first["pages"][n].get("cpu_ms")
            }
            worst = max(((x, n) for n, x in costlier.items()), default=(0, "-"))
            print(
                f"  {later['size']:,}, server CPU a request here / there: worst page {worst[1]} x{worst[0]:.2f}; "
                + ", ".join(f"{n} x{x:.2f}" for n, x in costlier.items())
            )
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1))
    return 0


def platform_line() -> str:
    model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return model.group(1) if model else "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
