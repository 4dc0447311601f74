"""The secret key: which keys diplo refuses, and where. Kept out of the settings module so that the doors that serve
(``diplo.wsgi``, ``check --deploy``) can ask without executing a settings module of their own."""

import os

from django.core.exceptions import ImproperlyConfigured

# Keys anyone can read in this repository (the old fallback and compose default, the example's
# placeholder): a server signing sessions with one of them signs them for everybody.
DEVELOPMENT_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"
PUBLISHED_SECRET_KEYS = {
    DEVELOPMENT_SECRET_KEY,
    "change-me-in-production-this-is-only-for-local-compose",
    "change-me",
    "build-only",
}
# What Django's `check --deploy` (security.W009) calls too weak to be a secret: refused at start-up
# rather than warned about, since nobody reads warnings of a server that is already running.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def secret_key_refusal(problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"SECRET_KEY {problem}. With DEBUG off diplo needs a secret key of its own: "
        "set SECRET_KEY to the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))' (or DEBUG=true for local development)."
    )


MISSING_SECRET_KEY = "is not set"


def secret_key(*, debug: bool) -> str:
    """SECRET_KEY from the environment. With DEBUG off a published or weak key stops everything at once; a missing
    one leaves the setting empty, which Django refuses wherever something would sign with it, and the doors that
    serve refuse to open without it (``diplo.wsgi``, so gunicorn and runserver; ``check --deploy``): commands that
    sign nothing (``check``, ``makemigrations``, ``migrate``, ``import_articles``) run without one."""
    key = os.environ.get("SECRET_KEY", "")
    if debug and not key:
        return DEVELOPMENT_SECRET_KEY  # a local development server signs nothing anyone else relies on
    if not debug and key:
        if key in PUBLISHED_SECRET_KEYS or key.startswith("django-insecure-"):
            raise secret_key_refusal("is a key published in the diplo repository")
        if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
            raise secret_key_refusal(
                f"is too weak (fewer than {SECRET_KEY_MIN_LENGTH} characters or "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones)"
            )
    return key


def require_secret_key() -> None:
    """Stop a server that is about to serve without a secret key (the settings left it empty), with the settings'
    own message rather than Django's first "must not be empty" from inside a request."""
    from django.conf import settings

    try:
        settings.SECRET_KEY  # noqa: B018 - the access is the check: Django refuses an empty key here
    except ImproperlyConfigured:
        raise secret_key_refusal(MISSING_SECRET_KEY) from None
