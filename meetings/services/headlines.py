"""An article's title when no manifest or header line gives one: its first line that reads as a headline.

Article files are saved web pages, and their first lines are often what surrounded the story on the page:
links to skip to the content, breadcrumbs, share bars, menus whose items were glued together, the outlet's
name, a dateline, a byline, a photo caption. Each kind is recognised by a general rule below (or a phrase in
``CLUTTER_PHRASES``), not by the wording of one site, so that a title is never page furniture.
"""

from __future__ import annotations

import re

from meetings.extraction.dates import MONTHS

# Phrases of page furniture: a line that is one of them, or made only of them, is no headline. Compared
# folded (lower case, punctuation and spacing collapsed).
CLUTTER_PHRASES = (
    "go to contents",
    "go to navigation",
    "skip to main content",
    "skip to content",
    "skip navigation",
    "you are here",
    "back to top",
    "article tools",
    "font size",
    "share this",
    "share",
    "print",
    "email",
    "e mail",
    "dictionary",
    "menu",
    "search",
    "home",
    "subscribe",
    "sign in",
    "log in",
    "login",
    "advertisement",
    "about the author",
    "key points",
    "related articles",
    "related news",
    "most read",
    "all news",
    "press releases",
    "press operations",
    "immediate release",
    "for immediate release",
    "anchor lead",
    "click to view source",
    "read more",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "tweet",
    "comments",
)
_CLUTTER_WORDS = frozenset(w for phrase in CLUTTER_PHRASES for w in phrase.split())

# A headline has at least this many words: shorter lines at the top of a page are the outlet's name
# ("The Korea Herald"), a section ("National / Politics") or a label ("IMMEDIATE RELEASE").
MIN_HEADLINE_WORDS = 4
# Past this many words a line is a paragraph (a lead that runs on), not a headline.
MAX_HEADLINE_WORDS = 30
# Only the top of the article is searched (a saved menu may take dozens of one-word lines): further down,
# a short line is a caption or a quote.
HEADLINE_SCAN_LINES = 80
# A stored title is cut at a word to this many characters (the field holds 300).
MAX_TITLE_CHARS = 200
# Menus saved without their spacing glue their items: "FinancialGovernment SolutionsLegalReuters".
# A lower-to-upper joint is a name (McCain, PyeongChang) in a sentence; in a line of few words per joint it is a
# menu: "FinancialGovernment SolutionsLegalReuters News AgencyRisk" has a joint every two words.
GLUED_MENU_JOINTS = 2
GLUED_MENU_WORDS_PER_JOINT = 4
# A line whose words are mostly dates, times and numbers is a dateline ("December 7, 2017 8:56 pm JST").
DATELINE_SHARE = 0.5

_MONTHS = "|".join(sorted(MONTHS, key=len, reverse=True))  # the date parser's month names and abbreviations
_DATE_WORD = re.compile(
    rf"^(?:{_MONTHS})\.?,?$|^\(?\d[\d:.,/\-]*(?:am|pm|st|nd|rd|th)?\)?,?$|^(?:입력|수정|ago|updated|posted)$|^(?:am|pm|a\.m\.|p\.m\.|kst|jst|gmt|utc|est|edt)"
    r"[+\-\d]*,?$|^[|/\-–—]$",
    re.IGNORECASE,
)
# Bylines and time stamps: "By Kim Min-joo", "Posted on : 2017-03-20", "Published : Sept. 17, 2016", "Updated".
_BYLINE = re.compile(
    r"^(?:by|edited by|written by|posted|published|updated|modified|reporter|photo|file photo|featured image|image"
    r"|credit)\b\s*[:：]?",
    re.IGNORECASE,
)
# A photo caption names where people stand: "(right)", "(L)", "(center, in blue tie)".
_CAPTION = re.compile(r"\((?:left|right|center|centre|l|r|c|second from (?:left|right))\b[^)]*\)", re.IGNORECASE)
# Breadcrumbs and menus: items between separators ("Home > National > Diplomacy", "National / Politics").
_SEPARATORS = re.compile(r"\s(?:>|»|›|/|\||•|·)\s")
# A line that is a web address or a domain name ("UrduPoint.com").
_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.IGNORECASE)
# Title case: this share of the words longer than this many letters capitalised ("of", "to" are not).
TITLE_CASE_SHARE = 0.8
TITLE_CASE_SHORT_WORD = 3
_GLUED = re.compile(r"[a-z][A-Z]")
_FOLD = re.compile(r"[^\w]+")
# Abbreviations a headline may end on without being a sentence ("... talks with the U.S.").
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Jr|Sr|St|No|Co|Inc|Corp|Ltd)\.$")


# A time stamp a page glued after its headline ("N. Korea Cancels Talks 입력 2018.05.16 (15:09) 수정 …",
# "… visit Seoul Posted on : 2019-05-10"): the headline is what comes before it.
_STAMP_TAIL = re.compile(r"\s+(?:입력|posted on|posted|published|updated)\s*[:：]?\s*\d.*$", re.IGNORECASE)


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text.lower()).strip()


def clutter_reason(line: str) -> str | None:
    """Why ``line`` is page furniture rather than a headline, or None when it may be one."""
    text = line.strip()
    folded = _fold(text)
    if not folded:
        return "no words"
    if folded in CLUTTER_PHRASES or all(word in _CLUTTER_WORDS for word in folded.split()):
        return "navigation"
    if any(folded.startswith(phrase + " ") for phrase in ("go to", "skip to", "skip navigation", "you are here")):
        return "navigation"
    joints = len(_GLUED.findall(text))
    if joints >= GLUED_MENU_JOINTS and len(text.split()) <= GLUED_MENU_WORDS_PER_JOINT * joints:
        return "menu glued together"
    if (
        _SEPARATORS.search(text)
        and len(_SEPARATORS.split(text)) > 1
        and all(len(part.split()) <= 3 for part in _SEPARATORS.split(text))
    ):
        return "breadcrumb or menu"
    if _ADDRESS.match(text):
        return "web address"
    if _BYLINE.match(text):
        return "byline or time stamp"
    if text.startswith("[") and text.endswith("]"):
        return "label"  # "[Anchor Lead]"
    words = text.split()
    if sum(1 for w in words if _DATE_WORD.match(w)) >= DATELINE_SHARE * len(words):
        return "dateline"
    if _CAPTION.search(text):
        return "photo caption"
    return None


def is_paragraph(line: str) -> bool:
    """A line of the story's text: longer than a headline, or a sentence with its full stop."""
    text = line.strip()
    if clutter_reason(text):
        return False
    words = text.split()
    return len(words) > MAX_HEADLINE_WORDS or (
        len(words) >= MIN_HEADLINE_WORDS and text.endswith(".") and not _ABBREVIATION_END.search(text)
    )


def is_title_case(line: str) -> bool:
    """Most words capitalised, as headlines are set ("Russia Tells North Korea's Kim To Visit Moscow")."""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > TITLE_CASE_SHORT_WORD]
    return bool(words) and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def is_headline(line: str) -> bool:
    """A line that reads as a headline: no furniture, a phrase's length, not a sentence of the text."""
    text = line.strip()
    if clutter_reason(text):
        return False
    words = text.split()
    if not MIN_HEADLINE_WORDS <= len(words) <= MAX_HEADLINE_WORDS:
        return False
    if text.isupper() and len(words) < MIN_HEADLINE_WORDS * 2:
        return False  # a shouted label, not a headline
    # Headlines end without a full stop; a line that ends with one is a sentence of the story or a caption.
    return not (text.endswith(".") and not _ABBREVIATION_END.search(text))


def cut_title(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_TITLE_CHARS:
        return text
    return text[: MAX_TITLE_CHARS - 3].rsplit(" ", 1)[0] + "…"


def _without_stamp(line: str) -> str:
    cut = _STAMP_TAIL.sub("", line)
    return cut if len(cut.split()) >= MIN_HEADLINE_WORDS else line


def headline_of(body: str) -> str:
    """The first headline-like line of ``body``'s top lines; failing that its first line that is no furniture
    and has a phrase's length (a lead paragraph, cut); failing that, nothing (the page then shows the slug)."""
    lines = [_without_stamp(line.strip()) for line in body.splitlines() if line.strip()][:HEADLINE_SCAN_LINES]
    story_began = False
    for line in lines:
        # Once the story's text has begun, a shorter line is one of its lines cut short or a quote, unless it is
        # set as a headline (a page that put a teaser paragraph above the headline).
        if is_headline(line) and (not story_began or is_title_case(line)):
            return cut_title(line)
        story_began = story_began or is_paragraph(line)
    for line in lines:
        if not clutter_reason(line) and len(line.split()) >= MIN_HEADLINE_WORDS:
            return cut_title(line)
    return ""
