#!/usr/bin/env python
"""Where a page's CPU goes: the process CPU per request of some URLs, and the functions that take it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo_bench_100000 .venv/bin/python bench/profile_page.py \
        /meetings/ '/meetings/?country=KR&date_from=2019-01-01&date_to=2019-12-31'

Not a test: each URL is requested through Django's test client (every middleware, production settings,
DEBUG off, no page cache), first a few times to warm the process, then --requests times for the CPU
figure (this process only: the database's own work is not in it), then PROFILED more under cProfile,
whose --top functions by cumulative and by own time are printed.
"""

import argparse
import cProfile
import pstats
import sys
import time

from served import production_client

WARM_UP = 5  # requests before measuring: imports, template loading, the first connection
PROFILED = 20  # requests profiled together: one request's timings are too few to rank functions by


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--requests", type=int, default=50, help="requests per URL for the CPU figure")
    parser.add_argument("--top", type=int, default=25, help="functions to print (0: none)")
    args = parser.parse_args()
    client = production_client()
    for url in args.urls:
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200, url
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            client.get(url)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{url}: {cpu / args.requests * 1000:.2f} ms CPU, {wall / args.requests * 1000:.2f} ms wall a request")
        if args.top:
            profile = cProfile.Profile()
            for _ in range(PROFILED):
                profile.runcall(client.get, url)
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
