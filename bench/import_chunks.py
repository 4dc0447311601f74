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

    marks: list[float] = []

    def progress(items, total):
        marks.append(time.perf_counter())
        for n, item in enumerate(items, 1):
            yield item
            # The writer asks for the next article once it has taken this one; batches store as they fill.
            if n % args.chunk == 0:
                marks.append(time.perf_counter())

    summary = import_paths(paths=[args.folder], progress=progress)
    end = time.perf_counter()
    if len(marks) == 1 or marks[-1] < end - 1e-3:
        marks.append(end)
    chunks = [args.chunk / (b - a) for a, b in zip(marks, marks[1:], strict=False)]
    status = Path("/proc/self/status").read_text()
    hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": end - START,
                "import_seconds": end - marks[0],
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
