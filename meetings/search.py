"""The `q` of the meetings list: titles, places, participants' names and spellings, quoted read-outs, source sentences.

On PostgreSQL, names, titles and places are matched as substrings through trigram indexes (pg_trgm,
the same `icontains` SQL the index is built on), and the longer texts (quotes, sentences) by
full-text search through GIN indexes (migration 0005 builds both from the expressions below).
Elsewhere (SQLite) every field is a plain case-insensitive substring match. For a name or a word,
both give the same meetings.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from meetings.models import Evidence, Meeting, Participation, Person, ReadOut

# English stemming, so that "talk" finds "talks"; the indexes are built with the same configuration.
TEXT_SEARCH_CONFIG = "english"


def sentence_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("sentence", config=TEXT_SEARCH_CONFIG)


def quotes_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("quotes", config=TEXT_SEARCH_CONFIG)


def _full_text(queryset, vector, text: str, fallback: str):
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{fallback}__icontains": text})
    from django.contrib.postgres.search import SearchQuery

    return queryset.annotate(document=vector).filter(document=SearchQuery(text, config=TEXT_SEARCH_CONFIG))


def meetings_matching(text: str) -> Q:
    """Meetings that mention ``text`` anywhere a reader would look, as one condition on meeting ids.

    Each part is a set of ids read from its own index; their union is joined to the list, so the
    cost follows the number of matches, not the number of meetings.
    """
    people = Person.objects.filter(Q(name__icontains=text) | Q(aliases__icontains=text)).values("pk")
    parts = [
        Meeting.objects.filter(Q(title__icontains=text) | Q(location__icontains=text)).values("pk"),
        Participation.objects.filter(person__in=people).values("meeting"),
        _full_text(ReadOut.objects.all(), quotes_vector(), text, "quotes").values("meeting"),
        _full_text(Evidence.objects.filter(meeting__isnull=False), sentence_vector(), text, "sentence").values(
            "meeting"
        ),
    ]
    condition = Q()
    for part in parts:
        condition |= Q(pk__in=part)
    return condition
