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

    marks: list[tuple[int, float]] = []  # (articles taken by the writer, when)

    def progress(items, total):
        marks.append((0, time.perf_counter()))
        n = 0
        for n, item in enumerate(items, 1):  # noqa: B007 (n is the count after the loop)
            yield item
            # The writer asks for the next article once it has taken this one; batches store as they fill.
            if n % args.chunk == 0:
                marks.append((n, time.perf_counter()))
        if n % args.chunk:
            marks.append((n, time.perf_counter()))

    summary = import_paths(paths=[args.folder], progress=progress)
    end = time.perf_counter()
    chunks = [(n1 - n0) / (t1 - t0) for (n0, t0), (n1, t1) in zip(marks, marks[1:], strict=False)]
    status = Path("/proc/self/status").read_text()
    hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": end - START,
                "import_seconds": end - marks[0][1],
                "chunks": chunks,
                "rss_mib": hwm / 1024,
                "worker_rss_mib": children / 1024,
                "failed": summary.failed,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
