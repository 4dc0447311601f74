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
database; the last lines are percentiles and the slowest. With --grid, instead, every sort of the meetings, read-outs
and people lists beside each kind of subject, on pages 1, 5 and 50 (grid_urls).
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from served import production_client

SLOWEST = 15  # URLs listed again at the end, slowest first
SORT_KEYS = ["date", "kind", "status", "location", "title"]
PAGES = [2, 3, 5, 10, 20, 50, 200]
KINDS = ["meeting", "call", "summit", "talks", "visit", "letter"]
FIRST_YEAR, LAST_YEAR = 2000, 2026  # the years of the demo data's dates
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


# How a list's parameters are drawn, as a visitor's combinations of them run: (parameter, how often it is set (None:
# as its drawing says), what it is set to, given the drawing and the parameters drawn before it; None leaves it out).
Draw = tuple[str, float | None, Callable[["Drawing", dict], object]]


class Drawing:
    """The random source and the database's subjects (``subjects``) a list's parameters are drawn from."""

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.subjects = subjects(seed)
        self.busy = self.subjects["countries"][:12]  # the countries of most contacts, chosen more often

    def some(self, probability: float) -> bool:
        return self.rnd.random() < probability

    def pick(self, kind: str):
        return self.rnd.choice(self.subjects[kind])

    def signed(self, keys: list[str]) -> str:
        return ("-" if self.some(0.5) else "") + self.rnd.choice(keys)

    def year(self) -> int:
        return self.rnd.randint(FIRST_YEAR, LAST_YEAR)


def _countries(d: Drawing, drawn: dict) -> list[str]:
    return d.rnd.sample(d.busy if d.some(0.7) else d.subjects["countries"], d.rnd.choice([1, 1, 2, 3]))


def _country_mode(d: Drawing, drawn: dict) -> str | None:
    """With two countries or more, "both" or "only them" more often than not."""
    return d.rnd.choice(["all", "only"]) if len(drawn.get("country", ())) > 1 and d.some(0.6) else None


def _date_to(d: Drawing, drawn: dict) -> str | None:
    """After a start, often an end up to five years on."""
    if "date_from" not in drawn or not d.some(0.6):
        return None
    return str(min(LAST_YEAR, int(drawn["date_from"]) + d.rnd.randint(0, 5)))


def _meetings_sort(d: Drawing, drawn: dict) -> str:
    """A column either way, sometimes then a second (a URL's sort: the headings sort by one)."""
    sort = d.signed(SORT_KEYS)
    return sort + "," + d.rnd.choice(["title", "-title", "date", "-date", "location"]) if d.some(0.3) else sort


MEETINGS: list[Draw] = [
    ("q", 0.4, lambda d, drawn: " ".join(d.rnd.sample(d.subjects["words"], d.rnd.choice([1, 1, 2, 3])))),
    ("country", 0.4, _countries),
    ("country_mode", None, _country_mode),
    ("organization", 0.25, lambda d, drawn: d.pick("offices")),
    ("media", 0.1, lambda d, drawn: d.pick("offices")),
    ("person", 0.25, lambda d, drawn: d.pick("people")),
    ("kind", 0.2, lambda d, drawn: d.rnd.choice(KINDS)),
    ("status", 0.2, lambda d, drawn: d.rnd.choice(STATUSES)),
    ("date_from", 0.3, lambda d, drawn: str(d.year())),
    ("date_to", None, _date_to),
    ("sort", 0.4, _meetings_sort),
    ("page", 0.4, lambda d, drawn: d.rnd.choice(PAGES)),
]
READOUTS: list[Draw] = [
    ("q", 0.4, lambda d, drawn: d.pick("words")),
    ("issuer", 0.3, lambda d, drawn: d.pick("offices")),
    ("country", 0.3, lambda d, drawn: d.rnd.choice(d.busy)),
    ("date_from", 0.3, lambda d, drawn: str(d.year())),
    ("sort", 0.4, lambda d, drawn: d.signed(["date", "issuer", "form"])),
    ("page", 0.4, lambda d, drawn: d.rnd.choice([2, 5, 20, 100])),
]
PEOPLE: list[Draw] = [
    ("q", 0.4, lambda d, drawn: d.pick("words")),
    ("country", 0.4, lambda d, drawn: d.rnd.choice(d.busy)),
    ("organization", 0.3, lambda d, drawn: d.pick("offices")),
    ("sort", 0.5, lambda d, drawn: d.signed(["name", "country", "meetings", "latest"])),
    ("page", 0.4, lambda d, drawn: d.rnd.choice([2, 5, 20, 100, 500])),
]


def list_url(d: Drawing, path: str, draws: list[Draw]) -> str:
    """``path`` with parameters drawn by ``draws``, each in turn."""
    drawn = {}
    for name, probability, draw in draws:
        if (probability is None or d.some(probability)) and (value := draw(d, drawn)) is not None:
            drawn[name] = value
    return f"{path}?{urlencode(drawn, doseq=True)}"


def subject_page(d: Drawing) -> str:
    """A person's, an office's, a country's or a country pair's page."""
    choice = d.rnd.random()
    if choice < 0.25:
        return f"/people/{d.pick('people')}/"
    if choice < 0.5:
        return f"/organizations/{d.pick('offices')}/"
    if choice < 0.75:
        return f"/countries/{d.rnd.choice(d.subjects['countries'][:20])}/"
    one, other = d.rnd.sample(d.subjects["countries"][:20], 2)
    return f"/countries/{one}/{other}/"


# The grid's subjects by their rank in kept contacts (0: the busiest; a mid-ranked one whose lists are short), its
# countries and sorts (every heading of a list either way; beside countries, the pair by kind and title, by URL).
GRID_OFFICE_RANKS, GRID_PERSON_RANKS = (0, 1, 250), (0, 1, 5000)
GRID_COUNTRIES = [
    "MN",
    "KR",
    "US",
    "KP&country=JP&country_mode=only",
    "CN&country=AU",
    "KR&country=US&country_mode=all",
]
GRID_MEETING_SORTS = [
    "",
    "-date",
    "date",
    "kind",
    "-kind",
    "status",
    "-status",
    "location",
    "-location",
    "title",
    "-title",
]
GRID_PAGES = ["1", "5", "50"]


def _ranked(sql: str, ranks: tuple[int, ...]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        slugs = [slug for (slug,) in cursor.fetchall()]
    return [slugs[rank] for rank in ranks if rank < len(slugs)]


def grid_urls() -> list[str]:
    """Every sort of the lists (meetings, read-outs, people) beside each kind of subject (the busiest office, person
    and country, mid-ranked ones, countries alone, together and either), on a first, a fifth and a fiftieth page: where
    a choice between walking a list's order and sorting its rows shows. The same for the same database."""
    offices = _ranked(
        "SELECT o.slug FROM meetings_organization o JOIN meetings_officemeeting m ON m.organization_id = o.id "
        "GROUP BY o.id ORDER BY count(*) DESC, o.id",
        GRID_OFFICE_RANKS,
    )
    people = _ranked(
        "SELECT p.slug FROM meetings_person p JOIN meetings_personcontacts k ON k.person_id = p.id "
        "ORDER BY k.contacts DESC, p.id",
        GRID_PERSON_RANKS,
    )
    subjects = [f"organization={slug}" for slug in offices] + [f"person={slug}" for slug in people]
    subjects.append(f"media={offices[0]}")
    countries = [f"country={code}" for code in GRID_COUNTRIES]

    def paged(path: str, filters: list[str], sorts: list[str]) -> list[str]:
        urls = []
        for listed in filters:
            for sort in sorts:
                for page in GRID_PAGES:
                    parts = [listed, f"sort={sort}" if sort else "", f"page={page}" if page != "1" else ""]
                    urls.append(f"{path}?" + "&".join(part for part in parts if part))
        return urls

    beside = [f"{subject}&{country}" for subject in subjects for country in countries]
    alone = [*subjects, *countries, "date_from=2019&date_to=2020", "kind=summit", ""]
    urls = paged("/meetings/", alone, GRID_MEETING_SORTS)
    urls += paged("/meetings/", beside, ["", "kind", "-status", "title", "-location", "kind,title"])
    issuer = offices[0]
    readouts = ["", f"issuer={issuer}", f"issuer={offices[-1]}", "country=KR", "country=MN", "country=DE"]
    readouts += [f"issuer={issuer}&country=KR", "date_from=2019&date_to=2020", "form=statement"]
    urls += paged("/readouts/", readouts, ["", "-date", "date", "issuer", "-issuer", "form", "-form"])
    listed_people = ["", "country=KR", "country=MN", f"organization={issuer}", f"organization={offices[-1]}"]
    listed_people += ["q=Kim", "q=Sang-jin", f"country=KR&organization={issuer}"]
    sorts = ["", "name", "-name", "country", "-country", "meetings", "-meetings", "latest", "-latest"]
    return urls + paged("/people/", listed_people, sorts)


def random_urls(count: int, seed: int) -> list[str]:
    """``count`` URLs of the lists and subject pages, most of them the meetings list, drawn with ``seed``."""
    d = Drawing(seed)
    kinds = [lambda: list_url(d, "/meetings/", MEETINGS)] * 6 + [
        lambda: list_url(d, "/readouts/", READOUTS),
        lambda: list_url(d, "/people/", PEOPLE),
        lambda: subject_page(d),
        lambda: subject_page(d),
    ]
    return [d.rnd.choice(kinds)() for _ in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="random URLs to draw")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--urls", type=Path, help="time these URLs (one a line) instead of drawing them")
    parser.add_argument("--grid", action="store_true", help="time every sort beside each kind of subject (grid_urls)")
    parser.add_argument("--write-urls", type=Path, help="write the URLs drawn to this file, to time them again")
    parser.add_argument("--runs", type=int, default=3, help="cold requests of each URL; the least time is printed")
    args = parser.parse_args()
    client = production_client()
    from django.core.cache import cache
    from django.db import connection

    if args.urls:
        urls = args.urls.read_text().split()
    else:
        urls = grid_urls() if args.grid else random_urls(args.count, args.seed)
    if args.write_urls:
        args.write_urls.write_text("\n".join(urls) + "\n")
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
