#!/usr/bin/env python
"""EXPLAIN ANALYZE of every query a page runs, to show which index each one uses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo_bench_100000 \
        .venv/bin/python bench/explain.py /meetings/ '/meetings/?q=Kim'

Requests each URL through Django's test client, captures its SQL, and prints each statement with
its plan (PostgreSQL). Not a test: for reading, and for docs/performance.md.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Characters of each statement printed above its plan (EXPLAIN_SQL_CHARS=100000 for whole statements).
SQL_SHOWN = int(os.environ.get("EXPLAIN_SQL_CHARS", "600"))


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for url in sys.argv[1:]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if response.streaming:  # an export: read the first chunk, which runs its queries
                next(iter(response.streaming_content))
        print(f"### GET {url} ({len(captured.captured_queries)} queries)\n")
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "DECLARE", "FETCH", "CLOSE")):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"```\n{sql[:SQL_SHOWN]}{' …' if len(sql) > SQL_SHOWN else ''}\n\n{plan}\n```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
