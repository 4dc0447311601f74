"""Django set up as production serves its pages (DEBUG off, no page cache, the test client's host allowed), for the
bench scripts that request pages in this process (profile_page.py, sweep.py)."""

import os
import secrets
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def production_client():
    """A Django test client of this checkout, every setting as served but the page cache, which would answer a
    repeated request without doing its work."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update(DEBUG="false", HTTPS="false", ALLOWED_HOSTS="testserver", PAGE_CACHE_SECONDS="0")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    return Client()
