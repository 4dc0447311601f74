"""Stage: the people an article names, and which person each later mention refers to.

A person is found by a knowledge-base name or alias, or discovered from a title before the
name ("Minister of Unification Kim Yeon-chul") or after it ("Kwon Jong Gun, a foreign ministry
official"). Later mentions are resolved within the article only: a family name ("Biegun",
"Kim": the nearest fitting person), a title and family name ("President Moon"), or a role
("the North Korean leader", "the U.S. chief envoy").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from meetings.extraction.folding import FoldedPattern
from meetings.extraction.lexicon import Lexicon, LexiconMatch, PersonEntry
from meetings.extraction.records import OrganizationRef, PersonRef, Sentence
from meetings.extraction.vocabulary.contacts import CONTACT_CUES, DOUBLED_VERBS, IRREGULAR_VERBS
from meetings.extraction.vocabulary.posts import (
    POSTS,
    TITLES_CACHED,
    country_of_title,
    office_of_title,
    post_of_title,
)
from meetings.extraction.vocabulary.templates import inflections

# A family name alone names a known official only if he held a post within these years before the story:
# news names former officials by their full name ("former Defense Secretary Ash Carter").
SURNAME_RECENCY_YEARS = 5
# Family names shared by too many people to name anyone without a full name earlier in the article.
COMMON_SURNAMES = {
    "kim",
    "lee",
    "yi",
    "ri",
    "rhee",
    "park",
    "pak",
    "choi",
    "choe",
    "chung",
    "jung",
    "jeong",
    "cho",
    "jo",
    "kang",
    "yun",
    "yoon",
    "song",
    "jang",
    "han",
    "shin",
    "oh",
    "suh",
    "seo",
    "yoo",
    "hong",
    "kwon",
    "lim",
    "nam",
    "ahn",
    "ko",
    "hwang",
    "jeon",
    "moon",
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "wu",
    "noh",
    "roh",
}
# Family names that are also English words starting a sentence ("No reason was given"): never a name alone.
_ENGLISH_WORDS = {
    "no",
    "o",
    "so",
    "do",
    "go",
    "an",
    "as",
    "on",
    "in",
    "to",
    "it",
    "is",
    "be",
    "we",
    "he",
    "us",
    "up",
    "ro",
    "ok",
    "or",
    "of",
    "at",
    "by",
    "if",
    "young",
    "long",
    "rice",
    "bush",
    "grant",
    "price",
    "hope",
}
# Not "Jong": state media spell the South's Chung so.
NORTH_KOREAN_SURNAMES = {"ri", "pak", "choe", "ro", "o", "ryang", "thae", "hyon", "kye", "sin"}
# Korean family names less common than those above, in the romanizations of both Koreas: they mark a name as family
# name first ("Ryu Hee-jae") without being too common to name someone alone. Not those that are also Chinese family
# names (Chang, Ji, Jin, Yu ...) or Korean-American given names ("Sung Kim").
OTHER_KOREAN_SURNAMES = {
    "bae", "baek", "paik", "ban", "bang", "byun", "byeon", "cha", "chae", "cheon", "chun", "jun",
    "choo", "chu", "joo", "ju", "eom", "uhm", "gil", "kil", "gong", "kong", "goo", "koo", "ham",
    "heo", "hur", "huh", "hyun", "hyeon", "im", "yim", "rim", "kam", "ki", "koh", "kwak",
    "maeng", "min", "myung", "na", "ra", "pyo", "pyun", "ryu", "ryoo", "seol", "seong", "shim", "sim",
    "sohn", "son", "suk", "tak", "won", "woo", "yeo", "yeom", "yook", "yuk", "ok", "pae", "pang", "wi", "bong",
}  # fmt: skip
KOREAN_SURNAMES = (
    COMMON_SURNAMES - {"wang", "li", "zhang", "liu", "chen", "yang", "wu"}
    | NORTH_KOREAN_SURNAMES
    | OTHER_KOREAN_SURNAMES
)

# The head word of a title; a phrase without one is not a title.
ROLE_HEADS = (
    "minister",
    "president",
    "secretary",
    "envoy",
    "representative",
    "adviser",
    "advisor",
    "director",
    "chief",
    "chairman",
    "chairwoman",
    "chair",
    "councillor",
    "councilor",
    "counsellor",  # an embassy's or a ministry's counsellor
    "counselor",
    "ambassador",
    "leader",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "governor",
    "premier",
    "negotiator",
    "commander",
    "head",
    "counterpart",
    "aide",
    "diplomat",
    "king",
    "emperor",
    "chancellor",
    "mayor",
    "delegate",
    "general",
    "vice",
    "rapporteur",  # the U.N.'s special rapporteur on human rights in North Korea
)
SPEAKER_ROLES = ("spokesperson", "spokesman", "spokeswoman", "reporter", "correspondent", "analyst", "photographer")
_SPEAKER_ROLE = re.compile("|".join(SPEAKER_ROLES), re.I)
LEADER_TITLE = re.compile(
    r"\b(president|prime minister|premier|chairman of the (?:state affairs|workers)|general secretary|leader|king"
    r"|emperor|"
    r"chancellor)\b",
    re.I,
)
# Words that start with a capital but are not part of a name.
_NOT_NAME = {
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "in",
    "on",
    "at",
    "of",
    "for",
    "with",
    "by",
    "to",
    "from",
    "as",
    "after",
    "before",
    "while",
    "when",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "both",
    "meanwhile",
    "however",
    "speaking",
    "following",
    "during",
    "since",
    "according",
    "today",
    "yesterday",
    "tomorrow",
    "friday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "north",
    "south",
    "korea",
    "korean",
    "koreas",
    "peninsula",
    "minister",
    "president",
    "secretary",
    "special",
    "representative",
    "foreign",
    "affairs",
    "ministry",
    "department",
    "state",
    "national",
    "security",
    "office",
    "council",
    "house",
    "blue",
    "white",
    "unification",
    "defense",
    "defence",
    "envoy",
    "chief",
    "director",
    "deputy",
    "vice",
    "first",
    "second",
    "third",
    "chairman",
    "committee",
    "party",
    "central",
    "people",
    "peoples",
    "republic",
    "democratic",
    "united",
    "nations",
    "states",
    "news",
    "agency",
    "general",
    "prime",
    "leader",
    "top",
    "senior",
    "former",
    "then",
    "chinese",
    "japanese",
    "american",
    "russian",
    "u",
    "s",
    "us",
    "dprk",
    "rok",
    "summit",
    "talks",
    "meeting",
    "working",
    "group",
    "edited",
    "featured",
    "image",
    "photo",
    "reporting",
    "editing",
    "staff",
    "posted",
    "modified",
    "read",
    "ambassador",
    "adviser",
    "advisor",
    "governor",
    "councillor",
    "commission",
    "assembly",
    "supreme",
    "army",
    "olympics",
    "games",
    "winter",
    "declaration",
    "joint",
    "statement",
    "press",
    "briefing",
    "university",
    "times",
    "daily",
    "herald",
    "post",
    "journal",
    "review",
    "reuters",
    "yonhap",
    "kcna",
    "xinhua",
    "afp",
    "ap",
    "international",
    "pacific",
    "asia",
    "asian",
    "east",
    "west",
    "far",
    "region",
    "development",
    "kremlin",
}
# Title head words that are also family names ("Robert King", "Mary Head") may end a name; the others never do.
_HEADS_NOT_IN_NAMES = frozenset(ROLE_HEADS) - {"king", "head", "chair", "aide", "general", "mayor"}


_SYLLABLE = 2  # letters of a given-name syllable that is also an English word: An, Do, So, No

# "special representative for | North Korea", "ambassador to | China": the state a post deals with, not its holder's.
_POST_OF_STATE = re.compile(r"\b(?:for|to|on|in|toward|towards)\s+(?:the\s+)?$", re.I)
_APPOSITION_GAP = re.compile(r"\s*(?:\([A-Z.]+\)\s*)?,\s*(?:(?:the|a|an)\s+)?", re.I)  # "Name (L), the | title"
_APPOSITIVE_MARK = 4  # characters between a name and its appositive: ", the", " (L), "
# "the Chinese | delegation led by | Vice Premier X": what lies between a delegation's state and its head's title.
_DELEGATION_OF = re.compile(r"\bdelegation\s+of\s+(?:the\s+)?$", re.I)
_PARTY_LED_BY = re.compile(r"[\w’' -]{0,40}?\s(?:led|headed)\s+by\s+(?:the\s+)?$", re.I)
# ... "the Chinese side (was led) by | X", "Japan was represented by | X" (not "a visit to China by X": his trip).
_DELEGATION_HEAD = re.compile(
    r"(?:\s+(?:delegation|team|mission|side)\s+(?:(?:was|were)\s+)?(?:(?:(?:led|headed|represented)\s+)?by|of)"
    r"|\s+(?:was|were)\s+represented\s+by)\s+(?:the\s+)?$",
    re.I,
)


_RUN_WORD = re.compile(r"[A-Z][\w’'-]*\.?")  # a word of a NAME_RUN, with an initial's full stop


def _name_candidates(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised words that may be a name: each stretch of a run between words that are no part of a
    name, at most its last three words ("Foreign Minister | Park Min-seo | Holds Telephone Conversation")."""
    spans = []
    for run in NAME_RUN.finditer(text):
        stretch: list[re.Match] = []
        words = list(_RUN_WORD.finditer(run.group()))
        for i, word in enumerate([*words, None]):
            if word is not None and not _is_not_name(word.group().rstrip(".").casefold()):
                stretch.append(word)
                continue
            if word is not None and i == len(words) - 1 and len(stretch) >= 2 and len(word.group()) <= _SYLLABLE:
                stretch.append(word)  # "Nguyen Van An", "Ri Yong Ho": a syllable ending a name, not the word "an"
            name = stretch[-3:]
            while name and len(name[0].group().rstrip(".")) == 1:  # an initial cannot start a name
                name.pop(0)
            if len(name) >= 2:
                spans.append((run.start() + name[0].start(), run.start() + name[-1].end()))
            stretch = []
            if (
                word is not None
                and 0 < i == len(words) - 2
                and len(word.group()) <= _SYLLABLE
                and not _is_not_name(words[-1].group().rstrip(".").casefold())
            ):
                # "Chinese Ambassador to Japan He Lijun": a family name that is also an English word, inside a run
                # (not opening the sentence, as "He" does) and before its given name.
                stretch = [word]
    return spans


# How far before a list of names its list of states may stand: "The top nuclear envoys of South Korea, the United
# States and Japan -- Choi, Reed and Mori --".
_STATES_LIST_REACH = 120


def _states_in_order(text: str, found: list[PersonMention], matches: list[LexiconMatch]) -> None:
    """Give a list of people of unknown state the states a list just before it names, one each, in order."""
    lists: list[list[PersonMention]] = []
    for mention in found:
        if lists and _LIST_JOIN.fullmatch(text, lists[-1][-1].end, mention.start):
            lists[-1].append(mention)
        else:
            lists.append([mention])
    for people in lists:
        if len(people) < 2 or all(m.person.country for m in people):
            continue
        start = people[0].start
        states = [m for m in matches if m.kind == "country" and start - _STATES_LIST_REACH <= m.start < start]
        states = [m for i, m in enumerate(states) if i == 0 or _STATES_JOIN.fullmatch(text, states[i - 1].end, m.start)]
        if len(states) == len(people) and len({m.key for m in states}) == len(states):
            for mention, state in zip(people, states, strict=True):
                mention.person.country = mention.person.country or state.key


def _cue_words() -> frozenset[str]:
    """Every word of the contact cues, inflected: "Foreign Minister Holds Telephone Conversation With ..." in a headline
    names nobody called "Holds Telephone Conversation"."""
    words: set[str] = set()
    for cue in CONTACT_CUES:
        for token in cue.template.split(" "):
            token = token.rstrip("?")
            if token.startswith("{") and token.endswith("}"):
                for form in inflections(token[1:-1], IRREGULAR_VERBS, DOUBLED_VERBS):
                    words.update(form.split(" "))
            elif token not in ("*", "..."):
                words.update(token.split("|"))
    return frozenset(w for w in words if len(w) > 2)


_CUE_WORDS = _cue_words()


# Distinct words whose answer is kept: the capitalised words of the news recur from article to article, and every
# word of every run of capitalised words is asked about; a few thousand cover a large import's common ones.
_NOT_NAME_CACHE_SIZE = 4096


@lru_cache(maxsize=_NOT_NAME_CACHE_SIZE)
def _is_not_name(word: str) -> bool:
    """A capitalised word that is no part of a name: a function word, a title's head word ("Councilor",
    "Secretary-General"), or a word that reports a contact."""
    return (
        word in _NOT_NAME
        or word in _CUE_WORDS
        or any(part in _HEADS_NOT_IN_NAMES or part.removesuffix("s") in _HEADS_NOT_IN_NAMES for part in word.split("-"))
    )


# "Park", "Min-seo", and the Irish and Scottish forms "O'Brien", "McCarthy", "MacArthur".
_NAME_TOKEN = r"(?:[A-Z][’'])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Za-z][a-z]+)?"
# A run of capitalised words; the name is its tail ("Governor of Primorsky Region | Oleg Kozhemyako").
NAME_RUN = re.compile(r"\b" + _NAME_TOKEN + r"(?:\s+(?:[A-Z]\.\s+)?" + _NAME_TOKEN + r")+\b")
_TITLE_TOKEN = re.compile(r"[\w.’'()-]+")
_TITLE_REACH = 160  # characters before a name searched for its title: longer than any title with its country
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)?\b")
_ROLE_HEAD = re.compile(r"\b(" + "|".join(ROLE_HEADS) + r")s?\b", re.I)
# A title's head word right before a single capitalised word: "President | Biden" (not "the president | Said").
# Read in the reversed sentence at the word's place: one anchored match, where a search of the 40 characters before
# the word for "\b(?:heads)\s$" (a head, then a space, or a space and a final newline, which "$" allows) tries every
# place of them, for every capitalised word of every sentence.
_ROLE_HEAD_JUST_BEFORE_REVERSED = re.compile(r"\n?\s(?:" + "|".join(head[::-1] for head in ROLE_HEADS) + r")\b", re.I)
# A title's head word and a full name after it: "Premier Qiu Hanlin", "Ambassador Georgy Lyubimov".
_TITLED_NAME = re.compile(r"\b(?i:" + "|".join(ROLE_HEADS) + r")\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+|-[a-z]+)+\b")
_NEXT_CAPITALISED = re.compile(r"\s+[A-Z]")
_NEXT_NAME_WORD = re.compile(r"[ -]([A-Z][a-z]+)\b(?![’']s?\b|\.)")
# Capitalised words that go on with the sentence after a title, in a headline or after a bare title ("The Minister
# Also met", "President Will Visit"): no family name.
_PREDICATE_WORDS = frozenset(
    [
        "also",
        "said",
        "says",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "has",
        "had",
        "have",
        "is",
        "was",
        "were",
        "and",
        "but",
        "then",
        "again",
        "today",
        "tonight",
        "yesterday",
        "himself",
        "herself",
        "itself",
        "alone",
    ]
) | _ENGLISH_WORDS - {"rice", "bush", "grant", "price", "hope", "young", "long"}


@lru_cache(maxsize=TITLES_CACHED)
def has_role_head(text: str) -> bool:
    return bool(_ROLE_HEAD.search(text))


KOREAN_HYPHENATED = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$")
# "Kim Hyok Chol": North Korean names in three words (domain notes), each one syllable.
KOREAN_THREE_WORDS = re.compile(r"^[A-Z][a-z]{0,4} [A-Z][a-z]{1,4} [A-Z][a-z]{1,4}$")
# Lower-case words a title may hold before a name ("South Korea's national security adviser Suh Hoon"): the posts'.
_TITLE_WORDS = frozenset(
    {
        "top",
        "nuclear",
        "deputy",
        "chief",
        "senior",
        "former",
        "local",
        "second",
        "first",
        "acting",
        "new",
        # Grades and standing of a post: "managing director", "executive secretary", "outgoing ambassador".
        "managing",
        "executive",
        "principal",
        "associate",
        "outgoing",
        "incoming",
        "visiting",
        *(word for post in POSTS for phrase in post.phrases for word in phrase.split()),
    }
) - {"the", "and", "of", "for", "to", "on", "in"}
CREDIT = FoldedPattern(
    r"(edited by|featured image|reporting by|editing by|writing by|photo by|photograph by|\(photo|©|copyright|"
    r"reuters staff|posted on|min read|additional reporting|go to contents)",
)
# A byline alone on its line: "By Choe Sang-Hun and Andrew Higgins" (not "By Friday, the two ...").
BYLINE = re.compile(r"By (?:[A-Z][\w.’'-]*\s?)+(?:(?:,|,? and) (?:[A-Z][\w.’'-]*\s?)+)*")
# Credits that end the line: "Yonhap reporter Park Min-hee contributed to this report."
CREDIT_AT_END = FoldedPattern(r"contributed (?:to this report|reporting)|reported from \w+\.?$")


# Sentences whose credit test is kept: each sentence is asked about twice as it is read (for its people, then for its
# contacts), and an article's first ones again for its headline; a few dozen cover the article being read.
_CREDIT_CACHE_SIZE = 64


@lru_cache(maxsize=_CREDIT_CACHE_SIZE)
def is_credit(text: str) -> bool:
    """A byline, a photo credit, an editor's line: the people it names are not in the story."""
    return bool(CREDIT.search(text[:60]) or CREDIT_AT_END.search(text) or BYLINE.fullmatch(text))


_TITLE_CONNECTORS = {"of", "for", "on", "the", "and", "to", "'s", "’s", "in", "from"}  # "counterpart from Japan"
_DAY_AND_MONTH_NAMES = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
ROLE_MENTION = re.compile(
    r"\b(?i:the|his|her|their|its)\s+(?P<phrase>(?:(?:[A-Z][\w.’']*|top|chief|nuclear|de-facto|former|current|"
    r"local)\s+){0,4}(?P<role>(?i:leader|president|foreign minister|defen[cs]e minister|unification minister|"
    r"secretary of state|national security adviser|envoy|special representative|prime minister|counterpart)))"
    r"\b(?!\s+[A-Z])"
)

# "The top nuclear envoys of South Korea and the United States": the holders of one post in each state listed.
PLURAL_ROLE = re.compile(
    r"\b(?i:the)\s+(?:(?i:top|chief|senior)\s+)?(?P<role>(?i:nuclear envoys|envoys|foreign ministers|"
    r"defen[cs]e ministers|national security advisers|leaders|top diplomats|special representatives))\s+of\s+"
    r"(?P<states>(?:(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*(?:,\s+|,?\s+and\s+)){1,5}(?:the\s+)?[A-Z][\w.]*"
    r"(?:\s+[A-Z][\w.]*)*)"
)
_DASHED_NAMES = re.compile(r"\s*(?:--|—|–|\()\s*[A-Z]")
_SINGULAR_ROLE = {
    "nuclear envoys": "envoy",
    "envoys": "envoy",
    "special representatives": "envoy",
    "top diplomats": "foreign minister",
}
# Words of which ROLE_MENTION needs one: a cheap test that spares most sentences the pattern.
_ROLE_WORDS = ("leader", "president", "minister", "secretary", "adviser", "envoy", "representative", "counterpart")


def fold_name(name: str) -> str:
    """A name without case, spaces or hyphens: "Kim Jong-un" and "Kim Jong Un" are one person."""
    return re.sub(r"[\s\-]", "", name).casefold()


@dataclass(eq=False)
class ArticlePerson:
    """A person as this article knows them (one object per person: compared by identity)."""

    name: str
    country: str | None
    slug: str | None
    title: str | None
    organization: OrganizationRef | None
    surname: str
    first_sentence: Sentence
    aliases: set[str] = field(default_factory=set)
    holds_leader_office: bool = False  # any office held on the date line is a head of state's or government's
    named: bool = False  # the text names him (not only "his U.S. counterpart", looked up in the knowledge base)

    @property
    def key(self) -> str:
        """Who this is, for comparing people: the knowledge-base slug, else the name folded as the resolver folds it
        (one ArticlePerson per key in an article)."""
        return self.slug or "name:" + fold_name(self.name)

    @property
    def ref(self) -> PersonRef:
        return PersonRef(name=self.name, country=self.country, slug=self.slug)

    @property
    def is_leader(self) -> bool:
        return self.holds_leader_office or is_leader_title(self.title)

    @property
    def is_speaker(self) -> bool:
        return _is_speaker_title(self.title)


@lru_cache(maxsize=TITLES_CACHED)
def _is_speaker_title(title: str | None) -> bool:
    """A spokesperson's title (asked of every mention at every stage: one search per title)."""
    return bool(title and _SPEAKER_ROLE.search(title))


# "The North Korean leader" is the head of state, not the premier; Japan's leader is its prime minister.
HEAD_OF_STATE = re.compile(
    r"\b(president|chairman of the state affairs|general secretary|supreme leader|leader|king)\b", re.I
)
_LED_BY_HEAD_OF_GOVERNMENT = {"JP", "GB", "IN", "AU", "CA", "DE", "IT", "ES", "TH", "MY"}


def is_national_leader(title: str | None, country: str | None) -> bool:
    """Whether a title is what news calls a country's "leader"."""
    if not title or "vice" in title.casefold():
        return False
    if country in _LED_BY_HEAD_OF_GOVERNMENT:
        return bool(re.search(r"\b(prime minister|premier|chancellor|leader)\b", title, re.I))
    return bool(HEAD_OF_STATE.search(title))


@lru_cache(maxsize=TITLES_CACHED)
def is_leader_title(title: str | None) -> bool:
    """A head of state's or government's title; "sister of North Korean leader" is a relation, not the post."""
    if not title or not has_role_head(title.split(" of ")[0]):
        return False
    return bool(LEADER_TITLE.search(title) and not _SUBORDINATE.search(title))


@dataclass(frozen=True)
class PersonMention:
    start: int  # offsets into the sentence text
    end: int
    person: ArticlePerson
    how: str  # "name", "surname", "role"


def surname_of(name: str, country: str | None) -> str:
    """Family name: first for Korean and Chinese names, last for others (Japanese names come given-name first in
    English news)."""
    tokens = name.replace(".", " ").split()
    first = tokens[0].casefold()
    if country in ("KR", "KP", "CN") or first in KOREAN_SURNAMES:
        return tokens[0]
    return tokens[-1]


def _country_of_name(name: str) -> str | None:
    tokens = name.split()
    first = tokens[0].casefold()
    if first not in KOREAN_SURNAMES:
        return None
    if first in NORTH_KOREAN_SURNAMES or (len(tokens) == 3 and "-" not in name):
        return "KP"
    return "KR"


def _people_by_surname(lexicon: Lexicon) -> dict[str, tuple[PersonEntry, ...]]:
    """The knowledge base's people by family name (folded), built once per lexicon."""
    grouped: dict[str, list[PersonEntry]] = {}
    for person in lexicon.people:
        grouped.setdefault(surname_of(person.name, person.country).casefold(), []).append(person)
    return {surname: tuple(people) for surname, people in grouped.items()}


def _kb_surnames(lexicon: Lexicon) -> dict[str, PersonEntry]:
    """Knowledge-base people whose family name alone names them ("Trump", "Putin")."""
    counts: dict[str, list[PersonEntry]] = {}
    for person in lexicon.people:
        counts.setdefault(surname_of(person.name, person.country).casefold(), []).append(person)
    return {
        s: people[0]
        for s, people in counts.items()
        if len(people) == 1 and s not in COMMON_SURNAMES and s not in _ENGLISH_WORDS
    }


def _kb_surname_keys(lexicon: Lexicon) -> frozenset[str]:
    """Every knowledge-base family name: a capitalised word outside it can only name someone of this article."""
    return frozenset(surname_of(p.name, p.country).casefold() for p in lexicon.people)


# Between two names of a list, past a photo caption's position mark: "Sung Kim (C) and Takehiro Funakoshi".
_LIST_JOIN = re.compile(r"(?:\s*\([A-Z]{1,2}\))?\s*(?:,\s*(?:and\s+)?|and\s+)")
# A title that makes its holder "the envoy" of a state.
_ENVOY_TITLE = re.compile(r"envoy|special representative|negotiator", re.I)
# A deputy's title contains his principal's: "Vice Foreign Minister", "Deputy Secretary of State".
_SUBORDINATE = re.compile(r"\b(?:vice|deputy|under|assistant)\b", re.I)
_OF_STATE = re.compile(r"\s+of\s+(?:the\s+)?")
_POSSESSIVE = re.compile(r"[’']s\b")
_STATES_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")
PLURAL_COUNTERPARTS = re.compile(
    r"\b(?:his|her|their)\s+(?:[A-Z][\w.]*\s+){1,2}and\s+(?:[A-Z][\w.]*\s+){1,2}counterparts\b"
)
_LIST_AFTER = re.compile(r"(?:,|\s+(?:--|—|–))?\s+[A-Z][a-z]+\s+[A-Z]")
_COUNTERPART = re.compile(r"\bcounterparts?\b", re.I)
# An appositive title's length: "general secretary of the Workers' Party of Korea and president of the State Affairs".
_APPOSITIVE_REACH = 160
_APPOSITIVE = re.compile(
    # The article is a word of its own: "X, ambassador to China" is not "a" + "mbassador to China".
    r"(?:\s*\([A-Z]{1,2}\))?,\s+(?!who\s+(?!is\b|was\b|serves\b))"
    r"(?:(?:a|an|the|his|her|who is|who was|who serves as)\s+)?"
    # A full stop ends it, not an abbreviation's ("the new U.S. special representative").
    r"([^,;()“”\"]{3," + str(_APPOSITIVE_REACH) + r"}?)(?=,|(?<![A-Z])\.|;|\(|$| who | said| told)"
)
# "Minister Yoon | and Japanese Vice Minister ...": a title and a name, then the next titled person.
_ENDS_WITH_NAME = re.compile(r"\b(?i:" + "|".join(ROLE_HEADS) + r")\s+[A-Z][a-z]+(?:-[a-z]+)?$")
_HEADING_WORDS = re.compile(
    r"\b(?:Readout|Read-out|Statement|Meeting|Meets|Call|Calls|Talks?|Visit|Conversation)\s+(?:of|with|by|to|on)\s+"
    r"(?:(?:the|Republic\s+of\s+Korea|ROK|Japanese|Chinese)\s+)?",
    re.I,
)
_LEADING_CONNECTORS = re.compile(r"^(?:(?:of|for|on|the|and|to|in|from|’s|'s)\s+)+")
_APPOSITIVE_TITLE = re.compile(r",\s+(?:(?:the|a|an)\s+)?(?:[A-Z][\w.’'-]*\s+|(?:of|for|and)\s+){0,7}")


def delegation_state(text: str, matches: list[LexiconMatch], at: int) -> str | None:
    """The state of a delegation whose head is named (or titled) at ``at``: "the visiting Chinese delegation led by
    | X", "a delegation of the Chinese Communist Party led by | X"."""
    for m in matches:
        if m.kind != "country" or m.end > at:
            continue
        if _DELEGATION_HEAD.match(text, m.end, at) or (
            _DELEGATION_OF.search(text, max(0, m.start - _TITLE_REACH), m.start)
            and _PARTY_LED_BY.match(text, m.end, at)
        ):
            return m.key
    return None


# "X led the South Korean side", "Y, deputy minister for foreign affairs, headed the Japanese delegation".
_LEADS_PARTY = re.compile(r"(?:\s*,[^,;]{0,80},)?\s+(?:led|leads|headed|heads)\s+(?:the|a|an)\s+", re.I)
_PARTY_NOUN = re.compile(r"\s+(?:[\w-]+\s+)?(?:delegation|side|team|mission)\b", re.I)


def led_party_state(text: str, matches: list[LexiconMatch], end: int) -> str | None:
    """The state of the party that the person named just before ``end`` is said to lead: "X led the South Korean
    side"."""
    for m in matches:
        if m.kind == "country" and m.start > end and _LEADS_PARTY.fullmatch(text, end, m.start):
            return m.key if _PARTY_NOUN.match(text, m.end) else None
    return None


_WORD_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][a-z]+)\s+$")


def _given_name_before(text: str, at: int) -> str | None:
    """The capitalised word (folded) right before a family name when it is no title, office or function word:
    then the two are one full name ("Kenji Yamada"), not a reference by family name ("President Moon")."""
    m = _WORD_BEFORE.search(text, max(0, at - _GIVEN_NAME_REACH), at)
    if m is None or m.start(1) == 0:  # a sentence's first word is capitalised whatever it is
        return None
    word = m.group(1).casefold()
    if word in _NOT_NAME or word in _TITLE_WORDS or has_role_head(word) or word in _DAY_AND_MONTH_NAMES:
        return None
    return word


_GIVEN_NAME_REACH = 20  # characters: a given name and its space


def _names_in_apposition(text: str, end: int, found: list[PersonMention]) -> bool:
    """ "his South Korean counterpart, First Vice Foreign Minister Choi Jong-kun": the role is named right after it."""
    return any(f.start > end and _APPOSITIVE_TITLE.fullmatch(text, end, f.start) for f in found)


class PeopleResolver:
    """Finds and resolves person mentions sentence by sentence, keeping the article's people."""

    def __init__(self, lexicon: Lexicon, published: dt.date):
        self.lexicon = lexicon
        self.published = published
        self.people: list[ArticlePerson] = []
        self.home_country: str | None = None  # the country of the story's dateline, when it has one
        self._by_slug: dict[str, ArticlePerson] = {}
        self._by_name: dict[str, ArticlePerson] = {}
        self._recent: list[ArticlePerson] = []  # most recently mentioned last
        self._distinctive_surnames = lexicon.derived("distinctive_surnames", _kb_surnames)
        self._kb_surname_keys = lexicon.derived("surname_keys", _kb_surname_keys)

    # --- building ArticlePerson ----------------------------------------------------------------

    def _home_country_for(self, title: str | None) -> str | None:
        """A bare title in a story filed from a capital is that country's post: "WASHINGTON — President X"."""
        if self.home_country and office_of_title(title, self.home_country):
            return self.home_country
        return None

    def _organization_ref(self, slug: str | None) -> OrganizationRef | None:
        org = self.lexicon.organizations_by_slug.get(slug) if slug else None
        return OrganizationRef(name=org.name, country=org.country, slug=org.slug) if org else None

    def organization_for_title(self, title: str | None, country: str | None) -> OrganizationRef | None:
        return self._organization_ref(office_of_title(title, country))

    def _from_lexicon(self, entry: PersonEntry, sentence: Sentence, surface: str) -> ArticlePerson:
        person = self._by_slug.get(entry.slug)
        if person is None:
            position = entry.position_on(self.published)
            person = ArticlePerson(
                name=entry.name,
                country=entry.country,
                slug=entry.slug,
                title=position.title if position else None,
                organization=self._organization_ref(position.organization) if position else None,
                surname=surname_of(entry.name, entry.country),
                first_sentence=sentence,
                holds_leader_office=any(is_leader_title(p.title) for p in entry.positions if p.held_on(self.published)),
            )
            self._register(person)
        person.aliases.add(surface)
        return person

    def _discovered(
        self, name: str, sentence: Sentence, title: str | None, country: str | None, org: OrganizationRef | None
    ) -> ArticlePerson:
        person = self._by_name.get(fold_name(name)) or self._named_by_family_name_only(name, country)
        if person is not None and person.name != name and " " not in person.name:
            # "U.S. President Biden ... Joe Biden": the full name, when the text gives it, is his name.
            person.aliases.add(person.name)
            person.name = name
            self._by_name[fold_name(name)] = person
        if person is None:
            country = country or country_of_title(title) or _country_of_name(name) or self._home_country_for(title)
            person = ArticlePerson(
                name=name,
                country=country,
                slug=None,
                title=title,
                organization=org or self.organization_for_title(title, country),
                surname=surname_of(name, country),
                first_sentence=sentence,
            )
            self._register(person)
        else:
            if (
                title
                and person.title
                and len(title) > len(person.title)
                and person.title.casefold() in title.casefold()
            ):
                person.title = title  # "Deputy Secretary Hollis", then "Deputy Secretary of State Margaret Hollis"
            person.title = person.title or title
            person.country = person.country or country
            person.organization = person.organization or org or self.organization_for_title(title, person.country)
        person.aliases.add(name)
        return person

    @staticmethod
    def _name_goes_on(text: str, match: LexiconMatch, matches: list[LexiconMatch]) -> bool:
        """ "Kim Song Chol" is not "Kim Song": a known name followed by one more word of a name is someone else's."""
        following = _NEXT_NAME_WORD.match(text, match.end)
        if following is None or _is_not_name(following.group(1).casefold()):
            return False
        return not any(other.start == following.start(1) for other in matches)  # "Kim Jong Un | Seoul" is a place

    def _named_by_family_name_only(self, name: str, country: str | None) -> ArticlePerson | None:
        """The person this article so far knew only as "President Biden", when ``name`` is his full name."""
        if " " not in name:
            return None
        family = surname_of(name, country).casefold()
        return next(
            (
                p
                for p in self.people
                if not p.slug and p.name.casefold() == family and (None in (p.country, country) or p.country == country)
            ),
            None,
        )

    def named_holder_of_same_post(self, person: ArticlePerson) -> ArticlePerson | None:
        """For someone only looked up ("his Japanese counterpart"), the one of his state and post the text names, if
        it names one: the story knows who held the post on its day better than the knowledge base's dates."""
        post = post_of_title(person.title)
        if person.named or post is None:
            return None
        named = [
            other for other in self.people if other is not person and other.named and other.country == person.country
        ]
        same_post = [
            other
            for other in named
            if (theirs := post_of_title(other.title)) is not None
            and (theirs is post or (post.role and theirs.role == post.role))
        ]
        # Else the one person of that state the text names without a post it knows ("his Japanese counterpart,
        # Takehiro Funakoshi", whose appointment the knowledge base has not caught up with).
        untitled = [other for other in named if not other.title]
        return same_post[0] if same_post else untitled[0] if len(untitled) == 1 else None

    def _register(self, person: ArticlePerson) -> None:
        self.people.append(person)
        if person.slug:
            self._by_slug[person.slug] = person
        self._by_name[fold_name(person.name)] = person

    # --- titles ----------------------------------------------------------------------------------

    def title_before(
        self, text: str, start: int, matches: list[LexiconMatch], named: list[PersonMention] = ()
    ) -> tuple[str | None, str | None, OrganizationRef | None]:
        """The title phrase just before a name ("South Korean Minister of Unification"): (title, country, office).

        The phrase ends where another person's name does: "counterparts, Sung Kim and | Takehiro Funakoshi".
        """
        head = text[:start]
        floor = max([max(0, start - _TITLE_REACH), *(m.end for m in named if m.end <= start)])
        tokens = list(_TITLE_TOKEN.finditer(text, floor, start))
        kept: list[re.Match] = []
        after_dash = False
        for tok in reversed(tokens[-9:]):
            word = tok.group().strip("()")
            if word in ("--", "—", "–") and not kept:
                after_dash = True
                continue  # the dash before a name in apposition, like a comma
            gap = head[tok.end() : start if not kept else kept[-1].start()].strip(" ")
            # A comma only right before the name: "his Chinese counterpart, Wang Yi" (not "visit to Seoul, Secretary").
            # ... or a dash: "his U.S. and Japanese counterparts -- Joseph Yun (L) and Kenji Kanasugi --".
            if gap not in ("", ",", "--", "—", "–") or gap in (",", "--", "—", "–") and kept:
                break
            lowered = word.casefold().rstrip(".")
            if lowered in _DAY_AND_MONTH_NAMES:
                # "in Seoul on Monday and | Japanese Vice Foreign Minister": a date ends the title before it, and
                # the words that join the two are neither's.
                while kept and kept[-1].group().strip("()").casefold() in _TITLE_CONNECTORS:
                    kept.pop()
                break
            if (
                word[:1].isupper()
                or lowered in _TITLE_CONNECTORS
                or any(lowered.startswith(h) for h in ROLE_HEADS)
                or lowered in _TITLE_WORDS
            ):
                kept.append(tok)
                continue
            break
        if not kept:
            return None, None, None
        phrase_start = kept[-1].start()
        country = org = None
        title_start = phrase_start
        for m in matches:
            if phrase_start <= m.start and m.end <= start:
                if m.kind == "country":
                    if _POST_OF_STATE.search(text, phrase_start, m.start) and has_role_head(
                        text[phrase_start : m.start]
                    ):
                        continue  # "Special Rapporteur on | North Korean human rights": what the post deals with
                    country = country or m.key
                    # A leading adjective is the country, not the title: "South Korean | Minister of Unification".
                    if not _LEADING_CONNECTORS.sub("", head[title_start : m.start]).strip(" ’'s()"):
                        title_start = max(title_start, m.end)
                elif m.kind == "organization":
                    org_entry = self.lexicon.organizations_by_slug[m.key]
                    org = org or OrganizationRef(name=org_entry.name, country=org_entry.country, slug=org_entry.slug)
                    country = country or org_entry.country
        # "the visiting Chinese delegation led by Vice Premier X": the delegation's state is its head's.
        country = country or delegation_state(text, matches, phrase_start)
        title = re.sub(r"^(?:\(?[A-Z]+\)?|’s|'s|the)\s+", "", head[title_start:start].strip(" ,")).strip()
        title = re.sub(r"^(?:’s|'s)\s*", "", title)
        title = _LEADING_CONNECTORS.sub("", title)  # "to | Vice President": the preposition is the sentence's
        # A heading's words before the title: "Readout of | Secretary of Defense X's Meeting With | Minister Y".
        title = _HEADING_WORDS.split(title)[-1]
        post_country = country_of_title(title) if title else None
        if org and post_country and org.country != post_country and country == org.country:
            # "Deputy Chief Cabinet Secretary": a post of one state's, though a word of it ("Cabinet") also names
            # another state's office.
            country, org = post_country, None
        before_and, joined, after_and = title.rpartition(" and ")
        if (
            joined
            and has_role_head(after_and)
            and (not has_role_head(before_and) or _ENDS_WITH_NAME.search(before_and))
        ):
            # "Nishimoto and U.S. Ambassador | Lindqvist": the title is the last conjunct's, the first another name.
            title = after_and
        if not has_role_head(title):
            # Past a dash only a title counts: "the envoys of South Korea, the United States and Japan -- Choi, Reed
            # and Mori" gives its states in order, not the last one's to Choi.
            return (None, None, None) if after_dash else (None, country, org)
        return title or None, country, org

    def _state_of_appositive(self, text: str, end: int, appositive: str, matches: list[LexiconMatch]) -> str | None:
        """The state an appositive title gives its holder: "Carter, the U.S. deputy secretary of state", "X, the State
        Department's special representative" (its office's state), not the state a post is for ("special
        representative for North Korea", "ambassador to China")."""
        for m in matches:
            if not end < m.start < end + len(appositive) + _APPOSITIVE_MARK:
                continue
            # An office by its proper name ("the State Department"), not one every state has ("a foreign ministry").
            if m.kind == "organization" and m.text[:1].isupper():
                # The office's state; none for an international body ("the U.N. special rapporteur").
                return self.lexicon.organizations_by_slug[m.key].country
            if m.kind == "country" and not _POST_OF_STATE.search(text, end, m.start):
                return m.key
        return None

    @staticmethod
    def title_after(text: str, end: int) -> str | None:
        """An appositive title: "Kwon Jong Gun, a foreign ministry official"."""
        # Past a photo caption's position mark: "Kim Gunn (L), South Korea's chief negotiator".
        m = _APPOSITIVE.match(text, end)
        if m is None or not has_role_head(m.group(1)):
            return None
        # The next of a list of titled people, not an appositive: "President Yun, Chinese Premier Qiu Hanlin and ...".
        if _TITLED_NAME.search(m.group(1)):
            return None
        # A noun phrase, not the sentence going on: ", arrived in Pyongyang and was greeted by ... Minister X".
        first = m.group(1).split(maxsplit=1)[0]
        if first[:1].islower() and first.casefold() not in _TITLE_WORDS and not has_role_head(first):
            return None
        return m.group(1).strip()

    # --- mentions --------------------------------------------------------------------------------

    def mentions(self, sentence: Sentence, matches: list[LexiconMatch]) -> list[PersonMention]:
        """The person mentions of one sentence, in order; records new people as it goes."""
        text = sentence.text
        if is_credit(text):
            return []
        found: list[PersonMention] = []
        occupied: list[tuple[int, int]] = [(m.start, m.end) for m in matches if m.kind != "person"]

        def free(s: int, e: int) -> bool:
            return all(e <= a or b <= s for a, b in occupied)

        for m in matches:
            if m.kind == "person" and not self._name_goes_on(text, m, matches):
                entry = self.lexicon.people_by_slug[m.key]
                found.append(PersonMention(m.start, m.end, self._from_lexicon(entry, sentence, m.text), "name"))
                occupied.append((m.start, m.end))

        for start, end in _name_candidates(text):
            if not free(start, end):
                # "Chinese Ambassador to Seoul Dai Hongbin": the run took the city; the name is what follows it.
                start = max(b for a, b in occupied if a < end and b > start)
                start += len(text[start:end]) - len(text[start:end].lstrip())
                if not free(start, end) or " " not in text[start:end].strip():
                    continue
            name = re.sub(r"\s+", " ", text[start:end])
            title, country, org = self.title_before(text, start, matches, found)
            appositive = self.title_after(text, end)
            korean_shape = (KOREAN_HYPHENATED.match(name) or KOREAN_THREE_WORDS.match(name)) and name.split()[
                0
            ].casefold() in KOREAN_SURNAMES
            # "counterparts, Sung Kim and Takehiro Funakoshi": the next name of a list of people is a person too.
            listed = any(_LIST_JOIN.fullmatch(text, f.end, start) for f in found)
            # "Harlan Voss of the United States": a name with its state after it.
            of_state = _OF_STATE.match(text, end)
            state = next(
                (m.key for m in matches if of_state and m.kind == "country" and m.start == of_state.end()), None
            )
            # "Blake Whitcombe", after "U.S. President Whitcombe": the full name of someone already met.
            known_by_family_name = self._named_by_family_name_only(name, None) is not None
            if not (title or appositive or korean_shape or listed or state or known_by_family_name):
                continue
            country = (
                country
                or state
                or country_of_title(title)
                or delegation_state(text, matches, start)
                or led_party_state(text, matches, end)
            )  # "Secretary of State X, who met Chinese ...": US
            # "Putin's envoy, Sergei Morozov": the envoy of a Russian is Russian.
            principal = next((f for f in reversed(found) if f.end <= start), None)
            if not country and title and principal and _POSSESSIVE.match(text, principal.end):
                between = text[principal.end : start].strip(" ,’'")
                if between.casefold().removeprefix("s").strip() == title.casefold():
                    country = principal.person.country
            if appositive and not country:
                country = self._state_of_appositive(text, end, appositive, matches)
            # "Ambassador Grace Park, the U.S. special representative for North Korea": the appositive names the post.
            if appositive and post_of_title(appositive) and not post_of_title(title):
                title = appositive
            title = title or appositive
            if title and _COUNTERPART.search(title):
                # "his Chinese counterpart, Wang Yi": the same post as the person whose counterpart he is.
                title_start = text.rfind(title, 0, start)
                subject = next((f.person for f in reversed(found) if f.end <= title_start), None) or (
                    self._recent[-1] if self._recent else None
                )
                if subject and subject.title and not _COUNTERPART.search(subject.title):
                    title = subject.title
                    org = org or self.organization_for_title(title, country)
            person = self._discovered(name, sentence, title, country, org)
            found.append(PersonMention(start, end, person, "name"))
            occupied.append((start, end))

        article_surnames = {p.surname.casefold() for p in self.people}
        capitalised_words = list(_CAPITALISED_WORD.finditer(text))  # read twice below: found once
        for m in capitalised_words:
            key = m.group().casefold()
            if key not in article_surnames and key not in self._kb_surname_keys:
                continue
            if not free(m.start(), m.end()) or any(f.start <= m.start() < f.end for f in found):
                continue
            given = _given_name_before(text, m.start())
            if given and not any(p.name.casefold() == f"{given} {key}" for p in self.people):
                continue  # "Kenji Yamada" is another Yamada than the one the knowledge base knows
            person = self._by_surname(m.group(), text[max(0, m.start() - 20) : m.start()], found, m.start())
            if person:
                found.append(PersonMention(m.start(), m.end(), person, "surname"))
                occupied.append((m.start(), m.end()))

        # "U.S. President Biden", "Foreign Minister Wang": a title names someone by his family name alone.
        reversed_text = text[::-1]  # a head just before a word is a match at the word's place in it
        for m in capitalised_words:
            word = m.group()
            if (
                not _ROLE_HEAD_JUST_BEFORE_REVERSED.match(reversed_text, len(text) - m.start())
                or not free(m.start(), m.end())
                or any(f.start <= m.start() < f.end for f in found)
                or _is_not_name(word.casefold())
                or word.casefold() in _PREDICATE_WORDS
                or _NEXT_CAPITALISED.match(text, m.end())  # "Foreign Minister Urges Calm": a headline, no name
            ):
                continue
            title, country, org = self.title_before(text, m.start(), matches, found)
            if title:
                person = self._discovered(word, sentence, title, country, org)
                found.append(PersonMention(m.start(), m.end(), person, "name"))
                occupied.append((m.start(), m.end()))

        named = [(m.start, m.end) for m in matches if m.kind == "organization"]
        folded = text.casefold()
        role_mentions = ROLE_MENTION.finditer(text) if any(w in folded for w in _ROLE_WORDS) else ()
        for m in role_mentions:
            # A role may carry a country ("the U.S. Special Representative") but no name after it.
            if (
                any(not (m.end() <= a or b <= m.start("phrase")) for a, b in named)
                or any(m.start() <= f.start < m.end() + 2 or f.start <= m.start("phrase") < f.end for f in found)
                or _names_in_apposition(text, m.end(), found)
                # "Eric Lindqvist, the U.S. special representative for North Korea": the title of the name before it.
                or any(_APPOSITION_GAP.fullmatch(text, f.end, m.start("phrase")) for f in found if f.end <= m.start())
            ):
                continue
            before = [f.person for f in found if f.end <= m.start()]
            person = self._by_role(m.group("phrase"), m.group("role"), matches, m.start("phrase"), m.end(), before)
            if person:
                found.append(PersonMention(m.start("phrase"), m.end(), person, "role"))
        if "counterparts" in folded:
            found += self._counterparts(text, matches, found)
        if " of " in folded and any(w in folded for w in _ROLE_WORDS):
            found += self._holders_of_states(text, matches, found)

        found.sort(key=lambda f: f.start)
        for mention in found:
            mention.person.named = mention.person.named or mention.how in ("name", "surname")
        _states_in_order(text, found, matches)
        for mention in found:
            if mention.person in self._recent:
                self._recent.remove(mention.person)
            self._recent.append(mention.person)
        return found

    def _holders_of_states(
        self, text: str, matches: list[LexiconMatch], found: list[PersonMention]
    ) -> list[PersonMention]:
        """ "The chief nuclear envoys of South Korea, the United States and Japan": each state's holder of the post,
        one already named or the knowledge base's holder on the story's day."""
        mentions = []
        for m in PLURAL_ROLE.finditer(text):
            states = [c for c in matches if c.kind == "country" and m.start("states") <= c.start < m.end("states")]
            end = max((c.end for c in states), default=m.end())  # the list may run on into a name after it
            if _names_in_apposition(text, end, found) or _DASHED_NAMES.match(text, end) or _LIST_AFTER.match(text, end):
                continue  # "The top nuclear envoys of South Korea, the United States and Japan -- Choi, Reed and Mori"
            role = _SINGULAR_ROLE.get(m.group("role").casefold(), m.group("role").casefold().removesuffix("s"))
            for state in states:
                person = self._by_role(m.group(), role, matches, state.start, state.end, [], country=state.key)
                untitled = [p for p in self._recent if p.country == state.key and not p.title]
                if person is None and len(untitled) == 1:
                    person = untitled[0]  # the one of that state named so far, whose post the text did not say
                if person and all(f.person is not person for f in found + mentions):
                    mentions.append(PersonMention(state.start, state.end, person, "role"))
        return mentions

    def _counterparts(self, text: str, matches: list[LexiconMatch], found: list[PersonMention]) -> list[PersonMention]:
        """ "his U.S. and Japanese counterparts" (no names after): each state's holder of the same post."""
        mentions = []
        for m in PLURAL_COUNTERPARTS.finditer(text):
            if _names_in_apposition(text, m.end(), found) or _LIST_AFTER.match(text, m.end()):
                continue  # "counterparts, Sung Kim and Takehiro Funakoshi": named
            subject = next((f.person for f in reversed(found) if f.end <= m.start()), None)
            for state in (s for s in matches if s.kind == "country" and m.start() <= s.start < m.end()):
                person = self._counterpart(state.key, subject)
                if person and all(f.person is not person for f in found + mentions):
                    mentions.append(PersonMention(state.start, state.end, person, "role"))
        return mentions

    def _by_surname(self, word: str, before: str, in_sentence: list[PersonMention], at: int) -> ArticlePerson | None:
        key = word.casefold()
        # A family name refers back: "Kim plans to meet his counterpart, Ambassador Sung Kim" is not Sung Kim when
        # another Kim was named before.
        named_later = {m.person for m in in_sentence if m.start >= at}
        earlier = [m for m in in_sentence if m.start < at]
        # The nearest fitting person: this sentence first, then the most recently mentioned.
        for mention in reversed(earlier):
            if mention.person.surname.casefold() == key:
                return mention.person
        fitting = [p for p in [*reversed(self._recent), *self.people] if p.surname.casefold() == key]
        if fitting:
            return next((p for p in fitting if p not in named_later), fitting[0])
        entry = self._distinctive_surnames.get(key)
        if entry is None:
            # "President Moon": a title before a common family name names the office holder.
            title = re.search(r"(President|Minister|Secretary|Chairman|Premier|Leader)\s*$", before)
            if title:
                for candidate in self.lexicon.derived("people_by_surname", _people_by_surname).get(key, ()):
                    position = candidate.position_on(self.published)
                    if (
                        position
                        and title.group(1).casefold() in position.title.casefold()
                        and position.held_on(self.published)
                    ):
                        entry = candidate
                        break
        if entry is None or not self._in_office_lately(entry):
            return None
        person = self._by_slug.get(entry.slug)
        return person or self._from_lexicon(entry, Sentence(0, 0, 0, ""), word)

    def _in_office_lately(self, entry: PersonEntry) -> bool:
        """Whether a family name alone can still mean him: he held a post in the years before the story (or his
        posts are unknown). "Carter, the U.S. deputy secretary of state" in 2024 is not the defence secretary of
        2016."""
        if not entry.positions:
            return True
        since = self.published - relativedelta(years=SURNAME_RECENCY_YEARS)  # 29 February has no twin years back
        return any(
            (p.end is None or p.end >= since) and (p.start is None or p.start <= self.published)
            for p in entry.positions
        )

    def _counterpart(self, country: str | None, subject: ArticlePerson | None) -> ArticlePerson | None:
        """ "his Washington counterpart": the office holder of that country with the same kind of post as him; "her
        counterpart" with no state: the one of another state in the same post the article already named."""
        if subject is None or (country is not None and subject.country == country):
            return None  # a counterpart is someone of another country
        heads = {h.casefold() for h in _ROLE_HEAD.findall(subject.title or "")} - {"official", "head"}
        if not heads:
            return None
        post = post_of_title(subject.title)

        def same_post(title: str | None) -> bool:
            # The same post where the vocabulary knows it ("Foreign Minister" is no defence minister), else a title
            # with the same head word.
            if not title:
                return False
            if post is not None:
                theirs = post_of_title(title)
                same = theirs is post or bool(post.role and theirs and theirs.role == post.role)
                return same and bool(_SUBORDINATE.search(title)) == bool(_SUBORDINATE.search(subject.title or ""))
            return any(h in title.casefold() for h in heads)

        for person in reversed(self._recent):
            if country is None and person.country and person.country != subject.country and same_post(person.title):
                return person
            if person.country == country and same_post(person.title):
                return person
        if country is None:
            return None
        # Of those holding such a post that day, the ones for whom it is the post they are named by.
        holders = [
            p
            for p in self.lexicon.holders(country, self.published, same_post)
            if same_post(p.position_on(self.published).title)
        ]
        if len(holders) == 1:
            return self._from_lexicon(holders[0], Sentence(0, 0, 0, ""), "counterpart")
        return None

    def _by_role(
        self,
        phrase: str,
        role: str,
        matches: list[LexiconMatch],
        start: int,
        end: int,
        before: list[ArticlePerson],
        country: str | None = None,
    ) -> ArticlePerson | None:
        country = country or next((m.key for m in matches if m.kind == "country" and start <= m.start < end), None)
        wants_leader = role.casefold() == "leader"

        def fits(title: str | None, person_country: str | None) -> bool:
            if not title or (country and person_country != country):
                return False
            if wants_leader:
                return is_national_leader(title, person_country)
            keyword = "envoy" if "envoy" in role.casefold() else role.casefold()
            if keyword == "envoy":
                post = post_of_title(title)
                return bool(_ENVOY_TITLE.search(title)) or bool(post and post.role == "nuclear envoy")
            folded = title.casefold()
            if _SUBORDINATE.search(folded) and not _SUBORDINATE.search(phrase):
                return False  # "the foreign minister" is not his vice minister
            return keyword in folded or (keyword == "foreign minister" and "foreign affairs" in folded)

        if role.casefold() == "counterpart":
            return self._counterpart(country, before[-1] if before else (self._recent[-1] if self._recent else None))
        for person in reversed(self._recent):
            if fits(person.title, person.country):
                return person
        if country is None:
            return None
        holders = self.lexicon.holders(country, self.published, lambda title: fits(title, country))
        if len(holders) == 1:
            return self._from_lexicon(holders[0], Sentence(0, 0, 0, ""), phrase)
        return None
