"""Serving: health check, production settings, and the docker-compose file (no Docker engine here)."""
import os
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
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_docker_compose_defines_db_and_web_as_documented():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert db["image"] == "postgres:16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
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
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile and "gunicorn" in dockerfile
