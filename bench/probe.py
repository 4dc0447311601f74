#!/usr/bin/env python
"""In-process figures for one benchmark database (called by bench/run.py; prints JSON on stdout).

For each URL: the number of SQL queries and the size of the HTML, through Django's test client;
and the time of PostgreSQL COPY of the meetings CSV's columns, the baseline the export is held to
(not with --no-copy after the URLs).
"""

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The meetings CSV's columns, computed by PostgreSQL alone: what the export is compared with.
COPY_SQL = """
COPY (
  SELECT m.id, m.date, m.date_precision, m.kind, m.status, m.location, m.title,
    (SELECT string_agg(pe.name, ';' ORDER BY pa.id) FROM meetings_participation pa
       JOIN meetings_person pe ON pe.id = pa.person_id WHERE pa.meeting_id = m.id),
    (SELECT string_agg(pa.country, ';' ORDER BY pa.id) FROM meetings_participation pa WHERE pa.meeting_id = m.id),
    (SELECT string_agg(o.name, ';' ORDER BY pa.id) FROM meetings_participation pa
       JOIN meetings_organization o ON o.id = pa.organization_id WHERE pa.meeting_id = m.id),
    (SELECT string_agg(o.name, ';' ORDER BY r.id) FROM meetings_readout r
       JOIN meetings_organization o ON o.id = r.issuer_id WHERE r.meeting_id = m.id),
    (SELECT string_agg(a.slug, ';' ORDER BY a.published, e.start) FROM meetings_evidence e
       JOIN meetings_article a ON a.id = e.article_id WHERE e.meeting_id = m.id),
    'http://127.0.0.1/meetings/' || m.id || '/'
  FROM meetings_meeting m WHERE m.review_status <> 'rejected'
  ORDER BY m.date DESC NULLS LAST, m.id DESC
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def main() -> int:
    urls = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            size = len(response.content) if not response.streaming else None
        pages[url] = {"status": response.status_code, "queries": len(queries.captured_queries), "bytes": size}

    copy_seconds, copied = 0.0, 0
    if "--no-copy" not in sys.argv[2:]:
        with connection.cursor() as cursor:
            start = time.perf_counter()
            with cursor.cursor.copy(COPY_SQL) as copy:
                for block in copy:
                    copied += len(block)
            copy_seconds = time.perf_counter() - start
    print(json.dumps({"pages": pages, "copy_seconds": copy_seconds, "copy_bytes": copied}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
