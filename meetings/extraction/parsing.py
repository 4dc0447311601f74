"""Stage 1: read an article file (header line, body) and split the body into sentences."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

from meetings.extraction.records import Sentence

# The stored format: the first line is " date YYYY-MM-DD " (spaces optional) and the
# text follows, either on the same line after the date or on the next lines.
HEADER_RE = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?=\s|\Z)[ \t]*")


class ArticleFormatError(ValueError):
    """The file is not an article in the stored format; the message says why."""


@dataclass(frozen=True)
class ParsedArticle:
    published: dt.date
    body: str
    title: str  # the first line of the body, cut to a readable length


# Byte order marks that say how a file is encoded (UTF-32 first: its little-endian mark begins with UTF-16's).
# Without one, a file is UTF-8; a NUL byte there means it is not text at all.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Publication dates outside this range are typos ("0001-01-01", "9999-12-31"), and would leave no room
# for the dates articles mention around them (decades either side) in the calendar dates can hold.
EARLIEST_PUBLICATION = dt.date(1800, 1, 1)
LATEST_PUBLICATION = dt.date(2199, 12, 31)


def decode_article(raw: bytes) -> str:
    for mark, encoding in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                text = raw.decode(encoding)  # the codec reads the mark for the byte order, and drops it
            except UnicodeDecodeError as exc:
                raise ArticleFormatError(
                    f"the file is not {encoding.upper()} although it starts with its byte order mark (byte {exc.start})"
                ) from None
            if not text.strip():
                raise ArticleFormatError("the file is empty")
            if "\x00" in text:
                raise ArticleFormatError("the file is binary (it contains NUL characters)")
            return text
    if not raw.strip():
        raise ArticleFormatError("the file is empty")
    if b"\x00" in raw:
        raise ArticleFormatError("the file is binary (it contains NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(
            f"the file is not UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})"
        ) from None


def parse_article(raw: bytes) -> ParsedArticle:
    """Parse the bytes of one article file; raise ``ArticleFormatError`` naming what is wrong."""
    text = decode_article(raw)
    match = HEADER_RE.match(text)
    if not match:
        first = text.lstrip("\ufeff").splitlines()[0][:60] if text.strip() else ""
        raise ArticleFormatError(f"line 1: expected ' date YYYY-MM-DD ', found {first!r}")
    year, month, day = (int(g) for g in match.groups())
    try:
        published = dt.date(year, month, day)
    except ValueError as exc:
        raise ArticleFormatError(
            f"line 1: impossible date {match.group(1)}-{match.group(2)}-{match.group(3)} ({exc})"
        ) from None
    if not EARLIEST_PUBLICATION <= published <= LATEST_PUBLICATION:
        raise ArticleFormatError(
            f"line 1: date {published.isoformat()} is not a plausible publication date "
            f"(diplo reads {EARLIEST_PUBLICATION.isoformat()} to {LATEST_PUBLICATION.isoformat()})"
        )
    body = text[match.end() :].strip()
    if not body:
        raise ArticleFormatError("the article has a date line but no text")
    first_line = body.splitlines()[0].strip()
    title = first_line if len(first_line) <= 200 else first_line[:197].rsplit(" ", 1)[0] + "…"
    return ParsedArticle(published=published, body=body, title=title)


# --- Sentences ---------------------------------------------------------------------------------

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = {
    "u.s",
    "u.n",
    "u.k",
    "mr",
    "mrs",
    "h.e",  # "H.E. Mr. Cho": His (Her) Excellency, before a minister's or an ambassador's name in read-outs
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "gov",
    "sen",
    "rep",
    "amb",
    "prof",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "d.c",
    "a.m",
    "p.m",
    "inc",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
    "s",
    "n",
}
_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")


# A line break ends a sentence (captions and headlines have no full stop) unless the text runs on:
# the line stops without punctuation and the next one starts in lower case (print copy, wrapped text).
_RUN_ON = re.compile(r"(?<=[^.!?:\"”’)\s])[ \t]*\n\s*(?=[a-z])")


# The word before a possible sentence end, with its stops and closing quotes: "U.S.", "Dec.", "(Yonhap)".
_LAST_WORD = re.compile(r"([\w.]+)[.!?]*[\"'”’)\]]*$")
# The characters _LAST_WORD can take, read from the end back: its match lies within the text's last run of them, so
# the search starts there instead of trying every place of a long sentence (the match found is the same: the pattern
# has no look-behind).
_LAST_WORD_CHARS = re.compile(r"[\w.!?\"'”’)\]]*")


def split_sentences(body: str) -> list[Sentence]:
    """Sentences with offsets into ``body``."""
    sentences: list[Sentence] = []
    joined = _RUN_ON.sub(lambda m: " " * len(m.group()), body)  # same length: offsets stay valid
    for line in re.finditer(r"[^\n]+", joined):
        start = line.start()
        text = line.group()
        cursor = 0
        for end_match in _SENTENCE_END.finditer(text):
            candidate = text[cursor : end_match.end()]
            word = _LAST_WORD.search(candidate, len(candidate) - _LAST_WORD_CHARS.match(candidate[::-1]).end())
            token = word.group(1).rstrip(".").casefold() if word else ""
            # "U.S." "Dec." "E." (an initial) do not end a sentence.
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            _append(sentences, body, start + cursor, start + end_match.end())
            cursor = end_match.end()
        _append(sentences, body, start + cursor, line.end())
    return sentences


def _append(sentences: list[Sentence], body: str, start: int, end: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(index=len(sentences), start=start, end=end, text=body[start:end]))
