"""Field checks for rows written in bulk (the knowledge base, people and offices an import discovers).

A ``CountryField``'s choices are a callable (the country list in the current language), which Django
normalises again each time the field is validated: about 3 ms a row, most of the first import's
knowledge-base load. Here the codes are read once per batch and a row whose country is one of them
skips that check; any other value goes through the field's own check and gets its own error.
"""

from __future__ import annotations

from django.db import models


def country_codes(model: type[models.Model]) -> frozenset[str]:
    """The codes ``model.country`` accepts, read once for a batch of rows."""
    return frozenset(str(code) for code, _ in model._meta.get_field("country").choices)


def full_clean_row(obj: models.Model, *, codes: frozenset[str], exclude=(), **options) -> None:
    """``obj.full_clean(exclude=exclude, **options)``, with its country checked against ``codes``."""
    code = obj.country.code or ""
    known = code in codes or (not code and obj._meta.get_field("country").blank)
    obj.full_clean(exclude=[*exclude, "country"] if known else list(exclude), **options)
