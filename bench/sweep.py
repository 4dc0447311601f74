#!/usr/bin/env python
"""Lists a first visitor asks for: random filters, searches, sorts and pages, each timed with every cache empty.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/diplo_bench_1000000 .venv/bin/python bench/sweep.py \
        --count 300 --seed 2 --write-urls sweep-urls.txt > before.txt
    # ... another commit, the same database:
    DATABASE_URL=... .venv/bin/python bench/sweep.py --urls sweep-urls.txt > after.txt

Not a test. The bench (bench/run.py) times a fixed set of pages over and over, as a busy page is served; an analyst's
own combination of filters is asked once, with nothing of it kept yet (counts, a search's words' meetings, a
timeline). Each URL here is requested --runs times through Django's test client (production settings, no page
cache), the cache cleared before each, and its line gives the least time of its statements (the database's work, as
this process waited for it) and of the whole request over those runs, in milliseconds. The URLs are drawn from the
database itself (PostgreSQL: people, offices, countries, words of titles), the same for the same --seed and
database; the last lines are percentiles and the slowest.
"""

import argparse
import os
import random
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
SLOWEST = 15  # URLs listed again at the end, slowest first
SORT_KEYS = ["date", "kind", "status", "location", "title"]
PAGES = [2, 3, 5, 10, 20, 50, 200]
KINDS = ["meeting", "call", "summit", "talks", "visit", "letter"]
STATUSES = ["held", "planned", "cancelled"]
# Words every archive has beside the names its titles give: places, kinds of contact, topics.
COMMON_WORDS = ["Kim", "talks", "Geneva", "Seoul", "summit", "minister", "nuclear", "Pyongyang", "envoy", "call"]


def subjects(seed: int) -> dict[str, list[str]]:
    """People, offices, countries and words of titles of this database, chosen by ``seed`` (a hash of each id, so
    that the same database gives the same ones)."""
    from django.db import connection

    picked = "ORDER BY md5(id::text || %s) LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT slug FROM meetings_person {picked}", [str(seed), 200])
        people = [slug for (slug,) in cursor.fetchall()]
        cursor.execute(
            "SELECT p.slug FROM meetings_person p JOIN meetings_personcontacts k ON k.person_id = p.id "
            "ORDER BY k.contacts DESC, p.id LIMIT 20"
        )
        people += [slug for (slug,) in cursor.fetchall()]  # the busiest, whose lists are the longest
        cursor.execute(f"SELECT slug FROM meetings_organization {picked}", [str(seed), 100])
        offices = [slug for (slug,) in cursor.fetchall()]
        cursor.execute("SELECT country FROM meetings_countrytotals ORDER BY contacts DESC, country")
        countries = [code for (code,) in cursor.fetchall()]
        cursor.execute(f"SELECT title FROM meetings_meeting {picked}", [str(seed), 100])
        words = sorted({word for (title,) in cursor.fetchall() for word in title.split() if len(word) > 2})
    return {"people": people, "offices": offices, "countries": countries, "words": words + COMMON_WORDS}


def random_urls(count: int, seed: int) -> list[str]:
    """``count`` URLs of the lists and subject pages, most of them the meetings list, drawn with ``seed``."""
    rnd = random.Random(seed)
    s = subjects(seed)
    busy = s["countries"][:12]  # the countries of most contacts, chosen more often

    def some(probability: float) -> bool:
        return rnd.random() < probability

    def meetings() -> str:
        p = {}
        if some(0.4):
            p["q"] = " ".join(rnd.sample(s["words"], rnd.choice([1, 1, 2, 3])))
        if some(0.4):
            p["country"] = rnd.sample(busy if some(0.7) else s["countries"], rnd.choice([1, 1, 2, 3]))
            if len(p["country"]) > 1 and some(0.6):
                p["country_mode"] = rnd.choice(["all", "only"])
        if some(0.25):
            p["organization"] = rnd.choice(s["offices"])
        if some(0.1):
            p["media"] = rnd.choice(s["offices"])
        if some(0.25):
            p["person"] = rnd.choice(s["people"])
        if some(0.2):
            p["kind"] = rnd.choice(KINDS)
        if some(0.2):
            p["status"] = rnd.choice(STATUSES)
        if some(0.3):
            year = rnd.randint(2000, 2026)
            p["date_from"] = str(year)
            if some(0.6):
                p["date_to"] = str(min(2026, year + rnd.randint(0, 5)))
        if some(0.4):
            sort = ("-" if some(0.5) else "") + rnd.choice(SORT_KEYS)
            if some(0.3):
                sort += "," + rnd.choice(["title", "-title", "date", "-date", "location"])
            p["sort"] = sort
        if some(0.4):
            p["page"] = rnd.choice(PAGES)
        return "/meetings/?" + urlencode(p, doseq=True)

    def readouts() -> str:
        p = {}
        if some(0.4):
            p["q"] = rnd.choice(s["words"])
        if some(0.3):
            p["issuer"] = rnd.choice(s["offices"])
        if some(0.3):
            p["country"] = rnd.choice(busy)
        if some(0.3):
            p["date_from"] = str(rnd.randint(2000, 2026))
        if some(0.4):
            p["sort"] = ("-" if some(0.5) else "") + rnd.choice(["date", "issuer", "form"])
        if some(0.4):
            p["page"] = rnd.choice([2, 5, 20, 100])
        return "/readouts/?" + urlencode(p)

    def people() -> str:
        p = {}
        if some(0.4):
            p["q"] = rnd.choice(s["words"])
        if some(0.4):
            p["country"] = rnd.choice(busy)
        if some(0.3):
            p["organization"] = rnd.choice(s["offices"])
        if some(0.5):
            p["sort"] = ("-" if some(0.5) else "") + rnd.choice(["name", "country", "meetings", "latest"])
        if some(0.4):
            p["page"] = rnd.choice([2, 5, 20, 100, 500])
        return "/people/?" + urlencode(p)

    def subject_page() -> str:
        choice = rnd.random()
        if choice < 0.25:
            return f"/people/{rnd.choice(s['people'])}/"
        if choice < 0.5:
            return f"/organizations/{rnd.choice(s['offices'])}/"
        if choice < 0.75:
            return f"/countries/{rnd.choice(s['countries'][:20])}/"
        one, other = rnd.sample(s["countries"][:20], 2)
        return f"/countries/{one}/{other}/"

    kinds = [meetings] * 6 + [readouts, people, subject_page, subject_page]
    return [rnd.choice(kinds)() for _ in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="random URLs to draw")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--urls", type=Path, help="time these URLs (one a line) instead of drawing them")
    parser.add_argument("--write-urls", type=Path, help="write the URLs drawn to this file, to time them again")
    parser.add_argument("--runs", type=int, default=3, help="cold requests of each URL; the least time is printed")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update(DEBUG="false", HTTPS="false", ALLOWED_HOSTS="testserver", PAGE_CACHE_SECONDS="0")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    urls = args.urls.read_text().split() if args.urls else random_urls(args.count, args.seed)
    if args.write_urls:
        args.write_urls.write_text("\n".join(urls) + "\n")
    client = Client()
    spent = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    timings = []
    with connection.execute_wrapper(timed):
        for url in urls:
            statements, walls = [], []
            for _ in range(args.runs):
                cache.clear()
                spent[0], started = 0.0, time.perf_counter()
                status = client.get(url).status_code
                walls.append(time.perf_counter() - started)
                statements.append(spent[0])
            timings.append((min(statements) * 1000, min(walls) * 1000, url))
            print(f"{timings[-1][0]:9.1f} {timings[-1][1]:9.1f} {url}" + ("" if status == 200 else f" ({status})"))
    statements = sorted(t[0] for t in timings)
    walls = sorted(t[1] for t in timings)

    def at(values: list[float], share: float) -> float:
        return values[min(len(values) - 1, int(len(values) * share))]

    for name, values in (("statements", statements), ("request", walls)):
        figures = ", ".join(f"p{round(share * 100)} {at(values, share):.1f}" for share in (0.5, 0.9, 0.95, 0.99))
        print(f"# {name} ms over {len(values)} URLs: {figures}, max {values[-1]:.1f}, sum {sum(values):.0f}")
    for statement, wall, url in sorted(timings, reverse=True)[:SLOWEST]:
        print(f"# slowest {statement:9.1f} {wall:9.1f} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
