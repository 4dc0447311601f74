"""Serving: health check, production settings, and the docker-compose file (no Docker engine here)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_check_deploy_is_clean_with_production_values():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for the browser tests
        "DEBUG": "false",
        "SECRET_KEY": "a-real-production-key-4f8a9c2e1b7d6f3a0e5c8b9d2a1f4e7c6b3a9d8e",
        "ALLOWED_HOSTS": "diplo.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "diplo.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_docker_compose_defines_db_and_web_as_documented():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert db["image"] == "postgres:16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    # Shared buffers sized for an archive larger than PostgreSQL's default of 128 MB holds, set by the host's owner.
    assert db["command"] == ["postgres", "-c", "shared_buffers=${POSTGRES_SHARED_BUFFERS:-1GB}"]
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "8000:8000" in web["ports"]
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= set(web["environment"])
    for step in ("migrate", "import_articles fixtures/articles", "gunicorn diplo.wsgi:application"):
        assert step in web["command"]
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements.txt" in dockerfile and "gunicorn" in dockerfile
    # The image writes no bytecode as it runs, so it must hold diplo's compiled: each process compiled it otherwise.
    assert "PYTHONDONTWRITEBYTECODE=1" in dockerfile and "python -m compileall -q diplo meetings" in dockerfile


# --- Deployment mistakes refused at start-up -------------------------------------------------------

STRONG_KEY = "a-real-production-key-4f8a9c2e1b7d6f3a0e5c8b9d2a1f4e7c6b3a9d8e"


def _environment(**values: str) -> dict[str, str]:
    """The production settings with ``values``, and no key or debug flag inherited from the suite."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DEBUG", "HTTPS"} and not k.startswith("SECURE_")
    }
    return {
        **inherited,
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "diplo.settings",
        "ALLOWED_HOSTS": "diplo.example.org,testserver",
        **values,
    }


def _manage(*args: str, **values: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=_environment(**values), capture_output=True, text=True
    )


def _get(path: str, *, secure: bool = False, **values: str) -> subprocess.CompletedProcess:
    """GET ``path`` through the test client in a server process configured by ``values``; prints status, headers
    and body."""
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        f"r = Client().get({path!r}, secure={secure!r}); "
        "print(json.dumps({'status': r.status_code, 'headers': dict(r.headers), 'body': r.content.decode()}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=_environment(**values), capture_output=True, text=True
    )


def test_without_a_secret_key_and_debug_off_the_server_refuses_to_start():
    result = _manage("check", "--deploy", DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "django-insecure-dev-only-key-do-not-use-in-production",  # the old fallback in diplo/settings.py
        "change-me-in-production-this-is-only-for-local-compose",  # the old docker-compose default
        "change-me",  # .env.example's placeholder
    ],
)
def test_a_key_published_in_the_repository_is_refused(key):
    result = _manage("check", "--deploy", DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is a key published in the diplo repository" in result.stderr


def test_a_short_key_is_refused():
    result = _manage("check", "--deploy", DEBUG="false", SECRET_KEY="s3cret-but-short")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_the_wsgi_application_gunicorn_serves_refuses_to_load_without_a_key():
    result = subprocess.run(
        [sys.executable, "-c", "import diplo.wsgi"],
        cwd=REPO,
        env=_environment(DEBUG="false"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_commands_that_sign_nothing_run_without_a_key():
    """Checks and migrations sign nothing: only the doors that serve (and ``check --deploy``) need the key."""
    assert _manage("check", DEBUG="false").returncode == 0
    result = _manage("makemigrations", "--check", "--dry-run", DEBUG="false")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_development_with_debug_on_runs_without_a_key():
    result = _manage("check", "--deploy", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_docker_compose_has_no_default_key_and_refuses_to_start_without_one():
    web = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["web"]
    # ${SECRET_KEY:?…}: compose stops with the message when the variable is unset or empty.
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "SECRET_KEY=build-only" not in (REPO / "Dockerfile").read_text()


def test_healthz_says_one_word_when_the_database_is_down_and_logs_why():
    # A port nothing listens on: the database is really unreachable, nothing is faked.
    result = _get(
        "/healthz",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        HTTPS="false",
        DATABASE_URL="postgres://diplo:hunter2@127.0.0.1:9/diplo_secret_name",
    )
    answer = json.loads(result.stdout)
    assert answer["status"] == 503
    assert json.loads(answer["body"]) == {"status": "unavailable"}
    for detail in ("127.0.0.1", "diplo_secret_name", "hunter2", "connection"):
        assert detail not in answer["body"]
    # The operator finds the reason in the log.
    assert "healthz: the database does not answer" in result.stderr and "127.0.0.1" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/meetings/", "/admin/login/", "/healthz"])
def test_every_page_has_a_strict_content_security_policy_and_a_permissions_policy(client, path):
    response = client.get(path)
    policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_public_pages_carry_no_inline_script_or_style(client, imported_seeds):
    # What the policy would block: an inline <script> or style attribute in a page diplo serves.
    for path in ["/", "/meetings/", "/people/", "/organizations/", "/readouts/", "/articles/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html, path
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, (path, tag)


def _connection_options(database_url: str) -> str:
    """The PostgreSQL options the production settings give the database connection for ``database_url``."""
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.DATABASES['default']['OPTIONS'].get('options', ''))"
    environment = _environment(DATABASE_URL=database_url, SECRET_KEY=STRONG_KEY, DEBUG="false")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_connections_run_without_jit_or_parallel_workers_unless_the_database_url_says_otherwise():
    """And with server-side cursors (the exports') planned for all their rows."""
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    compose_url = compose["services"]["web"]["environment"]["DATABASE_URL"]
    defaults = "-c jit=off -c max_parallel_workers_per_gather=0 -c cursor_tuple_fraction=1"
    assert _connection_options(compose_url) == defaults
    # A URL's own options are kept beside them; one that sets any itself decides.
    assert _connection_options("postgres://diplo@db:5432/diplo?options=-c%20work_mem%3D64MB") == (
        f"-c work_mem=64MB {defaults}"
    )
    assert _connection_options("postgres://diplo@db:5432/diplo?options=-c%20jit%3Don") == (
        "-c jit=on -c max_parallel_workers_per_gather=0 -c cursor_tuple_fraction=1"
    )
    assert (
        _connection_options("postgres://diplo@db:5432/diplo?options=-c%20max_parallel_workers_per_gather%3D2")
        == "-c max_parallel_workers_per_gather=2 -c jit=off -c cursor_tuple_fraction=1"
    )


def test_hsts_is_a_month_without_subdomains_or_preload_by_default():
    answer = json.loads(_get("/healthz", secure=True, DEBUG="false", SECRET_KEY=STRONG_KEY).stdout)
    assert answer["headers"]["Strict-Transport-Security"] == "max-age=2592000"


def test_hsts_max_age_subdomains_and_preload_come_from_the_environment():
    answer = json.loads(
        _get(
            "/healthz",
            secure=True,
            DEBUG="false",
            SECRET_KEY=STRONG_KEY,
            SECURE_HSTS_SECONDS="63072000",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
            SECURE_HSTS_PRELOAD="true",
        ).stdout
    )
    assert answer["headers"]["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/", ""])
def test_an_admin_login_with_a_refused_next_lands_on_the_admin(client, next_url):
    from meetings.tests.factories import PASSWORD, EditorFactory

    editor = EditorFactory()
    response = client.post(
        f"/admin/login/?next={next_url}", {"username": editor.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
