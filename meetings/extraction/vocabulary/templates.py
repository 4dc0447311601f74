"""Turning the vocabulary's phrase templates into patterns (the template language is described in contacts.py)."""

from __future__ import annotations

import re

# Verbs whose -ing form is a noun the tables list with its own context ("meeting with", "the meeting"):
# alone it names no contact.
NO_GERUND = {"meet"}
# A name's words between two fixed words: "session of the [ROK-U.S. North Korea policy] working group";
# six words is longer than any such name.
_NAME_GAP = r"(?:\s+[\w.\-‘’']+){0,6}?"
# What a verb's object may hold before "with" names the other side: "discussed [assistance of U.N. agencies to
# North Korea and other issues of mutual interest] with"; a clause's words, no punctuation that ends it.
_OBJECT_GAP = r"(?:\s+[\w.\-‘’']+){1,20}?"
_VOWELS = "aeiou"


def inflections(lemma: str, irregular: dict[str, tuple[str, ...]], doubled: frozenset[str] = frozenset()) -> list[str]:
    """Every form of a verb: the base, third person, past (and participle), and -ing unless NO_GERUND.

    A lemma of several words inflects its first ("sit down" -> "sat down"); ``irregular`` gives past forms
    that the spelling rules cannot, ``doubled`` the verbs that double their last consonant (conferred).
    """
    verb, *tail = lemma.split(" ")
    stem = verb + verb[-1] if verb in doubled else verb
    if verb.endswith("ee"):  # agree: agreed, agreeing
        forms = [verb + "s", verb + "d", verb + "ing"]
    elif verb.endswith("e"):
        forms = [verb + "s", verb + "d", verb[:-1] + "ing"]
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms = [verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    elif verb.endswith(("s", "sh", "ch", "x")):
        forms = [verb + "es", verb + "ed", verb + "ing"]
    else:
        forms = [verb + "s", stem + "ed", stem + "ing"]
    if verb in irregular:  # an irregular past replaces the regular one
        forms = [forms[0], *irregular[verb], forms[2]]
    if verb in NO_GERUND:
        forms = [f for f in forms if not f.endswith("ing")]
    suffix = " " + " ".join(tail) if tail else ""
    return [form + suffix for form in dict.fromkeys([verb, *forms])]


_SEPARATOR = r"[\"”’']?\s+[\"“‘']?"


def template_pattern(
    template: str, irregular: dict[str, tuple[str, ...]], doubled: frozenset[str] = frozenset()
) -> str:
    """A regular expression (for lower-cased text) matching every phrase a template stands for."""
    pattern = ""
    for token in template.split(" "):
        optional = token.endswith("?") and len(token) > 1
        token = token.rstrip("?") if optional else token
        if token == "...":
            part = _NAME_GAP
        elif token == "~":
            part = _OBJECT_GAP
        elif token == "*":
            part = r"[\w-]+"
        elif token.startswith("{") and token.endswith("}"):
            forms = inflections(token[1:-1], irregular, doubled)
            part = "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"
        else:
            words = token.split("|")
            part = "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
        # Quotation marks may open or close between words: a "beautiful letter" from Kim.
        separator = _SEPARATOR if pattern and token not in ("...", "~") else ""
        pattern += f"(?:{separator}{part})?" if optional else separator + part
    return pattern


def literal_words(
    template: str, irregular: dict[str, tuple[str, ...]], doubled: frozenset[str] = frozenset()
) -> set[str]:
    """Words of which every phrase of the template contains one: a cheap substring test before the pattern."""
    for token in template.split(" "):
        if token.endswith("?") or token in ("...", "*", "~"):
            continue
        if token.startswith("{") and token.endswith("}"):
            forms = inflections(token[1:-1], irregular, doubled)
            return {_common_prefix(forms)} if len(_common_prefix(forms)) >= 3 else set(forms)
        return set(token.split("|"))
    return set()


def required_words(
    template: str, irregular: dict[str, tuple[str, ...]], doubled: frozenset[str] = frozenset()
) -> list[frozenset[str]]:
    """For each word the template requires (not optional, not a gap), the words one of which stands there: every
    phrase of the template contains one word of each group, as ``template_pattern`` writes them."""
    groups = []
    for token in template.split(" "):
        if (token.endswith("?") and len(token) > 1) or token in ("...", "~", "*"):
            continue
        if token.startswith("{") and token.endswith("}"):
            group = frozenset(inflections(token[1:-1], irregular, doubled))
        else:
            group = frozenset(token.split("|"))
        if "" not in group:  # an empty word lets the token match nothing: it requires no word
            groups.append(group)
    return groups


def _common_prefix(words: list[str]) -> str:
    prefix = words[0]
    for word in words[1:]:
        while not word.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


def phrases_pattern(
    templates: tuple[str, ...],
    irregular: dict[str, tuple[str, ...]] | None = None,
    doubled: frozenset[str] = frozenset(),
) -> str:
    """One alternation (without word boundaries) of every phrase of several templates, longest first."""
    patterns = [template_pattern(t, irregular or {}, doubled) for t in templates]
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"
