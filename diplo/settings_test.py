"""Settings for the test suite: the production settings, spoken over plain HTTP.

The test client and the live server browsers talk to use http://; with HTTPS assumed (the
default when DEBUG is off) they would be redirected, and a browser that saw HSTS would
switch localhost to https:// for good. Middleware reads these at start-up, so they are set
here rather than per test.
"""

import os
import secrets
from pathlib import Path

# The production settings refuse to start without a key of the server's own; the suite signs
# only its own test sessions, so a fresh key each run will do (and none is published here).
if not os.environ.get("SECRET_KEY"):  # unset or empty
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)

from diplo.settings import *  # noqa: E402, F403

HTTPS = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False

# SQLite: the test database is a file beside the one DATABASE_URL names, not memory. The concurrent
# import tests give each thread its own connection, and an in-memory database shared between
# connections fails a second writer at once ("database table is locked") where a file makes it wait.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and DATABASES["default"]["NAME"] != ":memory:":
    _name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"test_{_name.name}"))}

# Hashing passwords slowly protects real accounts, not test users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No page cache unless a test turns it on: most tests run in a transaction that is rolled back, never
# committed, so the data version (raised at commit) cannot tell their pages that the data changed.
# meetings/tests/test_page_cache.py turns it on around committed writes.
PAGE_CACHE_SECONDS = 0
