"""Stage: dates in a sentence, resolved against the article's date line, at the precision the text gives.

News conventions (not dateparser's): a weekday refers to the week of publication ("Friday" in an
article of Friday is that day, "Tuesday" the Tuesday before; in the future tense the next one);
a month without a year is this year's unless that lies on the wrong side of the date line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import ahocorasick
from dateutil.relativedelta import relativedelta

from meetings.extraction.folding import FoldedPattern
from meetings.extraction.records import ResolvedDate

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": None,
    "few": None,
}

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"

# Ordered: the first pattern to claim a span wins, so longer forms come first.
PATTERNS = [
    ("iso", re.compile(r"\b" + _YEAR + r"-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "month_day_year",
        re.compile(
            r"\b"
            + _MONTH
            + r"\.?\s+"
            + _DAY
            + r"(?:,?\s+"
            + _YEAR
            + r")?\b(?!\s*(?:percent|%|members|people|minutes|hours))"
        ),
    ),
    ("day_month_year", re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r"\.?(?:,?\s+" + _YEAR + r")?\b")),
    # "on the 28th of last month", "on the 14th": a day of a month the story's day gives.
    (
        "ordinal_day",
        FoldedPattern(r"\bthe\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?:\s+of\s+(?P<which>last|this|next)\s+month\b)?"),
    ),
    (
        "months_last_year",
        re.compile(
            r"\b(?P<months>"
            + _MONTH.replace("?P<month>", "?:")
            + r"(?:\s*(?:,|and|or)\s*"
            + _MONTH.replace("?P<month>", "?:")
            + r")+)\s+last year\b"
        ),
    ),
    ("month_year", re.compile(r"\b" + _MONTH + r"\.?,?\s+" + _YEAR + r"\b")),
    ("relative_month", re.compile(r"\b(?P<which>last|this|next)\s+" + _MONTH + r"\b")),
    (
        "month",
        re.compile(
            r"\b(?:(?:in|since|from|until|till|by|during|early|late|mid-?|of|before|after)\s+(?:early\s+|late\s+|mid-?)?)?"
            + _MONTH
            + r"(?:(?:'s|’s)|\b(?!\s+\d))"
        ),
    ),
    (
        "today",
        FoldedPattern(
            r"\b(?P<word>today|tonight|this morning|this afternoon|this evening|yesterday|tomorrow)(?:'s|’s)?\b"
        ),
    ),
    (
        "weekday",
        re.compile(r"\b(?:(?P<which>last|this|next|on|coming|until|till|by)\s+)?" + _WEEKDAY + r"(?:'s|’s)?\b"),
    ),
    (
        "span",
        FoldedPattern(
            r"\b(?:just\s+|only\s+)?"
            + _COUNT
            + r"\s+(?P<unit>day|week|month|year)s?\s+(?P<direction>ago|earlier|after|before|later|from now)\b"
        ),
    ),
    (
        "relative",
        FoldedPattern(
            r"\b(?P<phrase>last week|this week|next week|last month|earlier this month|this month|later this month"
            r"|next month|last year|earlier this year|this year|later this year|next year)\b"
        ),
    ),
    ("adjacent_day", FoldedPattern(r"\b(?P<phrase>the day before|the previous day|the next day|the following day)\b")),
    ("weekend", FoldedPattern(r"\b(?P<which>over the|during the|at the|last|this|next|the coming|the past) weekend\b")),
    ("year", re.compile(r"\b(?:in|since|of|from|by|during)\s+" + _YEAR + r"\b")),
    ("holiday", re.compile(r"\b(?P<holiday>Christmas Eve|Christmas Day|Christmas|New Year[’']s (?:Eve|Day))\b")),
]
# Fixed-date holidays news dates events by ("their Christmas Eve meeting"): month and day.
HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    dates: tuple[ResolvedDate, ...]  # more than one for "October and December last year"


def month_number(name: str) -> int:
    key = name.rstrip(".").casefold()
    return MONTHS.get(key) or MONTHS[key[:3]]


def _month_in_year(month: int, published: dt.date, future: bool) -> int:
    """The year of a month named without one: this year's, unless that is on the wrong side of the date line."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _day_without_year(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if year == published.year:
            if future and candidate < published - dt.timedelta(days=1):
                continue
            if not future and candidate > published + dt.timedelta(days=1):
                continue
            return candidate
        if (year < published.year) != future:
            return candidate
    return None


def resolve_weekday(weekday: int, *, published: dt.date, future: bool = False, which: str | None = None) -> dt.date:
    """ "Friday" in an article of Friday is that day; otherwise the one before (or, in the future tense, after)."""
    if which == "next" or (future and which != "last"):
        delta = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7
    if which == "last" and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _resolve(kind: str, m: re.Match, published: dt.date, future: bool) -> tuple[ResolvedDate, ...]:
    g = m.groupdict()
    if kind == "iso":
        return (ResolvedDate(dt.date(int(g["year"]), int(g["m"]), int(g["d"])), "day"),)
    if kind in ("month_day_year", "day_month_year"):
        month, day = month_number(g["month"]), int(g["day"])
        if not 1 <= day <= 31:
            return ()
        if g.get("year"):
            return (ResolvedDate(dt.date(int(g["year"]), month, day), "day"),)
        value = _day_without_year(month, day, published, future)
        return (ResolvedDate(value, "day"),) if value else ()
    if kind == "ordinal_day":
        day, which = int(g["day"]), g.get("which")
        if which:
            month = published.replace(day=1) + relativedelta(months={"last": -1, "this": 0, "next": 1}[which])
        elif (future and day < published.day) or (not future and day > published.day):
            # "on the 3rd", told on the 20th of something ahead, is next month's; of something past, this month's.
            month = published.replace(day=1) + relativedelta(months=1 if future else -1)
        else:
            month = published.replace(day=1)
        try:
            return (ResolvedDate(month.replace(day=day), "day"),)
        except ValueError:  # "the 31st" of a shorter month
            return ()
    if kind == "months_last_year":
        names = re.findall(_MONTH.replace("?P<month>", ""), g["months"])
        return tuple(ResolvedDate(dt.date(published.year - 1, month_number(n), 1), "month") for n in names)
    if kind == "month_year":
        return (ResolvedDate(dt.date(int(g["year"]), month_number(g["month"]), 1), "month"),)
    if kind == "relative_month":
        month = month_number(g["month"])
        if g["which"] == "last":
            year = published.year if month < published.month else published.year - 1
        elif g["which"] == "next":
            year = published.year if month > published.month else published.year + 1
        else:
            year = published.year
        return (ResolvedDate(dt.date(year, month, 1), "month"),)
    if kind == "month":
        month = month_number(g["month"])
        return (ResolvedDate(dt.date(_month_in_year(month, published, future), month, 1), "month"),)
    if kind == "today":
        word = g["word"].casefold()
        shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return (ResolvedDate(published + dt.timedelta(days=shift), "day"),)
    if kind == "weekday":
        which = (g.get("which") or "").casefold() or None
        which = None if which in ("on", "this") else which
        if which in ("until", "till", "by", "coming"):  # "in Seoul until Saturday": the days ahead
            which = "next"
        return (
            ResolvedDate(
                resolve_weekday(WEEKDAYS[g["weekday"].casefold()], published=published, future=future, which=which),
                "day",
            ),
        )
    if kind == "span":
        count_word = g["count"].casefold()
        count = int(count_word) if count_word.isdigit() else NUMBERS.get(count_word) or 1
        unit, direction = g["unit"].casefold(), g["direction"].casefold()
        # Without the event it counts from, a span counts from the story's day: "a day before" is the eve of it,
        # "a week after the two met" looks back to their meeting.
        sign = 1 if direction in ("later", "from now") else -1
        step = {
            "day": relativedelta(days=count),
            "week": relativedelta(weeks=count),
            "month": relativedelta(months=count),
            "year": relativedelta(years=count),
        }[unit]
        value = published + step if sign > 0 else published - step
        precision = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
        if precision == "month":
            value = value.replace(day=1)
        elif precision == "year":
            value = value.replace(month=1, day=1)
        return (ResolvedDate(value, precision),)
    if kind == "relative":
        phrase = g["phrase"].casefold()
        if phrase.endswith("week"):
            shift = {"last week": -7, "this week": 0, "next week": 7}[phrase]
            return (ResolvedDate(published + dt.timedelta(days=shift), "week"),)
        if phrase.endswith("month"):
            shift = {"last month": -1, "next month": 1}.get(phrase, 0)
            return (ResolvedDate((published + relativedelta(months=shift)).replace(day=1), "month"),)
        shift = {"last year": -1, "next year": 1}.get(phrase, 0)
        return (ResolvedDate(dt.date(published.year + shift, 1, 1), "year"),)
    if kind == "adjacent_day":
        shift = 1 if g["phrase"] in ("the next day", "the following day") else -1
        return (ResolvedDate(published + dt.timedelta(days=shift), "day"),)
    if kind == "weekend":
        ahead = g["which"] in ("next", "the coming") or (future and g["which"] not in ("last", "the past"))
        saturday = resolve_weekday(5, published=published, future=ahead, which="next" if ahead else None)
        return (ResolvedDate(saturday, "week"),)
    if kind == "year":
        return (ResolvedDate(dt.date(int(g["year"]), 1, 1), "year"),)
    if kind == "holiday":
        month, day = HOLIDAYS[g["holiday"].casefold().replace("’", "'")]
        value = _day_without_year(month, day, published, future)
        return (ResolvedDate(value, "day"),) if value else ()
    return ()


# Words without which a pattern cannot match. Most sentences name no month and no weekday, and plain
# substring tests are far cheaper than running every date pattern (extraction must stay within milliseconds).
_CLUES = {
    "month": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "today": ("today", "tonight", "this morning", "this afternoon", "this evening", "yesterday", "tomorrow"),
    "weekday": ("day",),
    "span": ("ago", "earlier", "after", "before", "later", "from now"),
    "adjacent": ("the day before", "the previous day", "the next day", "the following day"),
    "weekend": ("weekend",),
    "relative": ("week", "month", "year"),
    "holiday": ("christmas", "new year"),
}
_NEEDS = {
    "iso": "digit",
    "month_day_year": "month",
    "day_month_year": "month",
    "ordinal_day": "digit",
    "months_last_year": "month",
    "month_year": "month",
    "relative_month": "month",
    "month": "month",
    "year": "digit",
    "today": "today",
    "weekday": "weekday",
    "span": "span",
    "relative": "relative",
    "adjacent_day": "adjacent",
    "weekend": "weekend",
    "holiday": "holiday",
}
_DIGIT = re.compile(r"\d")


def _clue_automaton(month: bool) -> ahocorasick.Automaton:
    """The clues' words (the month's, or all the others'), each found with the names of the clues it is a word of."""
    names: dict[str, list[str]] = {}
    for name, words in _CLUES.items():
        if (name == "month") == month:
            for word in words:
                names.setdefault(word, []).append(name)
    automaton = ahocorasick.Automaton()
    for word, of in names.items():
        automaton.add_word(word, tuple(of))
    automaton.make_automaton()
    return automaton


# _clues runs on every sentence: one automaton pass finds every clue word a sentence holds (month names as written,
# the others case-folded), which tells exactly what a substring test for each word told, for a fraction of the work.
_MONTH_CLUE_WORDS = _clue_automaton(month=True)
_OTHER_CLUE_WORDS = _clue_automaton(month=False)


def _clues(text: str) -> set[str]:
    found = {name for _, names in _OTHER_CLUE_WORDS.iter(text.casefold()) for name in names}
    found.update(name for _, names in _MONTH_CLUE_WORDS.iter(text) for name in names)
    if _DIGIT.search(text):
        found.add("digit")
    return found


# A month's name alone, with no preposition, day or year, may be a name: the syllable of "Lee Jun-ho", "Mar-a-Lago",
# "Theresa May"; an abbreviation stands alone only with its full stop ("in Jun." is rare, "Jun-ho" common).
_NAME_SYLLABLE = re.compile(r"-\w")
# The names that may stand alone: every full month name but "May" (three letters, like the abbreviations).
_STANDALONE_MONTH_NAMES = frozenset(name for name in MONTHS if len(name) > 3 and name != "sept")


def _is_a_name(kind: str, m: re.Match, text: str) -> bool:
    if kind != "month":
        return False
    month = m.group("month")
    if _NAME_SYLLABLE.match(text, m.end("month")):
        return True
    bare = m.start() == m.start("month")  # no preposition or "early"/"late" before it
    return bare and month.casefold() not in _STANDALONE_MONTH_NAMES


def find_dates(text: str, *, published: dt.date, future: bool = False) -> list[DateMention]:
    """Every date expression in ``text``, resolved; a span claimed by a longer form is not read again."""
    found: list[DateMention] = []
    clues = _clues(text)
    for kind, pattern in PATTERNS:
        if _NEEDS[kind] not in clues:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found) or _is_a_name(kind, m, text):
                continue
            try:
                dates = _resolve(kind, m, published, future)
            except (ValueError, KeyError, OverflowError):
                continue
            if dates:
                found.append(DateMention(m.start(), m.end(), dates))
    return sorted(found, key=lambda f: f.start)


def resolve_relative_date(
    expression: str, *, published: dt.date, future: bool = False, tense: str | None = None
) -> ResolvedDate | None:
    """The first date in ``expression`` ("on Tuesday", "in March", "last year"), resolved against ``published``.

    ``tense`` ("past", "present" or "future"; or ``future=True``) says which way a weekday or a month without a
    year points: "is set to meet on Sunday" is the Sunday ahead, "met on Sunday" the one before.
    """
    if tense is not None:
        future = tense == "future"
    mentions = find_dates(expression, published=published, future=future)
    return mentions[0].dates[0] if mentions else None


# Coarser precisions rank higher: a "day" date refines a "month" one.
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def periods_agree(a: dt.date, a_precision: str, b: dt.date, b_precision: str, *, week_days: int = 7) -> bool:
    """Whether two dates can name the same event, compared at the coarser precision; "week" allows ±week_days."""
    precisions = {a_precision, b_precision}
    if "year" in precisions:
        return a.year == b.year
    if "month" in precisions:
        return (a.year, a.month) == (b.year, b.month)
    if "week" in precisions:
        return abs((a - b).days) <= week_days
    return a == b
