"""What the OpenAPI schema says of the FilterSets' slug filters, which drf-spectacular cannot guess.

The FilterSets are the pages' own (meetings/filters.py); the descriptions are attached here, to the
filter objects, so that filters.py stays free of API concerns.
"""

from drf_spectacular.drainage import set_override

from meetings.filters import MeetingFilterSet, PersonFilterSet, ReadOutFilterSet

_OFFICE = "An office's slug, e.g. kr-mofa"
SLUG_FILTERS = {
    (MeetingFilterSet, "organization"): f"{_OFFICE}: a participant's office or a read-out's issuer (repeatable: any).",
    (MeetingFilterSet, "media"): "A news agency's slug, e.g. kp-kcna: meetings it reported on (repeatable: any).",
    (MeetingFilterSet, "person"): "A person's slug: meetings they took part in.",
    (PersonFilterSet, "organization"): f"{_OFFICE}: people who held a position there or took part for it.",
    (ReadOutFilterSet, "issuer"): f"{_OFFICE}: read-outs it issued (repeatable: any).",
}

for (filterset, name), description in SLUG_FILTERS.items():
    set_override(filterset.base_filters[name], "field", {"type": "string", "description": description})
