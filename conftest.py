"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest
from django.test import Client as DjangoClient

# live_server tests drive a browser from pytest's event loop; Django would refuse its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parent
SEED_ARTICLES = REPO / "fixtures" / "articles"


class Client(DjangoClient):
    """The test client; force_login uses ModelBackend, as django-axes' backend comes first but loads no users."""

    def force_login(self, user, backend="django.contrib.auth.backends.ModelBackend"):
        super().force_login(user, backend)


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def seed_articles() -> Path:
    """The two seed articles shipped in fixtures/articles."""
    return SEED_ARTICLES


@pytest.fixture
def knowledge_base(db):
    """The shipped knowledge base, loaded into the test database."""
    from meetings.services.knowledge_base import ensure_knowledge_base

    ensure_knowledge_base()


@pytest.fixture
def imported_seeds(db, knowledge_base):
    """The seed articles imported by the real importer."""
    from meetings.services.articles import import_paths

    summary = import_paths(paths=[SEED_ARTICLES])
    assert summary.failed == 0, summary.errors
    return summary


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a browser Playwright would download; flags for a closed network as root.
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
