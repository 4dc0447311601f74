#!/usr/bin/env python
"""One import of a folder, timed per chunk of articles as the writer stores them (run by bench/import_rate.py).

Run from a checkout of diplo (the working directory is the code measured). Prints one JSON line: the
seconds from the start of this process to the end of the import, the rate of each chunk (the first
from the start of the import, so it carries the knowledge base, the lexicon and the workers' start),
and the peak RSS of this process and of the largest extraction worker.
"""

import time

START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def _process_cpu(pid: int) -> float | None:
    """CPU seconds of a process on this machine (PostgreSQL's server process for the import's connection)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # the database runs elsewhere
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--chunk", type=int, default=400)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
    import django

    django.setup()
    from meetings.services.articles import import_paths

    # (articles taken by the writer, when, seconds it had waited for extraction until then, its CPU seconds)
    marks: list[tuple[int, float, float, float]] = []

    def progress(items, total):
        marks.append((0, time.perf_counter(), 0.0, time.process_time()))
        n, waited, upstream, done = 0, 0.0, iter(items), object()
        while True:
            asked = time.perf_counter()
            item = next(upstream, done)
            waited += time.perf_counter() - asked
            if item is done:
                break
            n += 1
            yield item
            # The writer asks for the next article once it has taken this one; batches store as they fill.
            if n % args.chunk == 0:
                marks.append((n, time.perf_counter(), waited, time.process_time()))
        if n % args.chunk:
            marks.append((n, time.perf_counter(), waited, time.process_time()))

    from django.db import connection

    with connection.cursor() as cursor:  # the import's own connection: its server process's CPU is the database's
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    database_cpu_before = _process_cpu(backend)
    summary = import_paths(paths=[args.folder], progress=progress)
    end = time.perf_counter()
    database_cpu = _process_cpu(backend) - database_cpu_before if database_cpu_before is not None else None
    pairs = list(zip(marks, marks[1:], strict=False))
    chunks = [(a[0] - b[0]) / (a[1] - b[1]) for b, a in pairs]
    # The writer's own time per article in each chunk (storing, not waiting for the extraction workers), and its
    # CPU time per article (what the machine's other load does not change; PostgreSQL's is not in it).
    writer_ms = [1000 * ((a[1] - b[1]) - (a[2] - b[2])) / (a[0] - b[0]) for b, a in pairs]
    writer_cpu_ms = [1000 * (a[3] - b[3]) / (a[0] - b[0]) for b, a in pairs]
    status = Path("/proc/self/status").read_text()
    hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    children = workers.ru_maxrss
    print(
        json.dumps(
            {
                "seconds": end - START,
                "import_seconds": end - marks[0][1],
                "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
                "database_cpu": database_cpu,
                "chunks": chunks,
                "writer_ms": writer_ms,
                "writer_cpu_ms": writer_cpu_ms,
                "rss_mib": hwm / 1024,
                "worker_rss_mib": children / 1024,
                "failed": summary.failed,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
