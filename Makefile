# diplo: `make run` serves the app with the seed articles imported; `make test` runs the whole suite.
# Both set up what they need (a .venv with pinned packages; Chromium for the browser tests).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/diplo
SHARED ?= ../shared
PYTEST_ARGS ?=
# With DEBUG off diplo refuses to start without a key of its own: local tools that run the
# production settings get a random one per run unless SECRET_KEY is set.
KEY := SECRET_KEY=$${SECRET_KEY:-$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')}

.PHONY: run test test-sqlite test-fast score score-invented bench venv browser check lint schema clean lock

# requirements*.txt are locks with the hash of every file each package may install from: --require-hashes
# refuses a tampered or substituted download, and any package the lock does not list.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

# Rewrite the locks from the pins in requirements*.in (after changing a pin there), with pip-tools in a
# throwaway virtualenv so that it is no dependency of diplo.
PIP_TOOLS := /tmp/diplo-pip-tools
lock:
	test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && $(PIP_TOOLS)/bin/pip install --quiet pip-tools==7.6.2; }
	for name in requirements requirements-dev; do \
		$(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
			--no-emit-find-links --output-file $$name.txt $$name.in || exit 1; done

venv: $(VENV)/.installed

# Browser tests drive Debian's Chromium (Playwright's own browser download is not reachable).
browser:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# Development server on SQLite by default (DATABASE_URL selects PostgreSQL); DEBUG on, as a local server.
run: venv
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py import_articles fixtures/articles
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite on PostgreSQL (DATABASE_URL, default $(PG_URL)), a process per core (pytest-xdist: each has its
# own test database, test_diplo_gw0, ...). One process: make test TEST_PROCESSES=0.
TEST_PROCESSES ?= auto
test: venv browser
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) -m pytest --create-db -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# The same suite on SQLite.
test-sqlite: venv browser
	DATABASE_URL=sqlite:///$(CURDIR)/db-test.sqlite3 $(PY) -m pytest --create-db -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# Extraction quality against the gold annotations in ../shared: seeds, the dev set, and the dev set with every
# person its gold names removed from the knowledge base (what the extractor finds on its own).
score: venv
	$(KEY) $(PY) scripts/score.py --articles $(SHARED)/seeds --gold $(SHARED)/gold
	$(KEY) $(PY) scripts/score.py --articles $(SHARED)/dev/articles --gold $(SHARED)/dev/gold
	$(KEY) $(PY) scripts/score.py --articles $(SHARED)/dev/articles --gold $(SHARED)/dev/gold --blind

# 40 short articles about invented officials of real offices (fixtures/invented), written with their gold by someone
# who never read the extractor: the kind of text the knowledge base cannot know.
score-invented: venv
	$(KEY) $(PY) scripts/score.py --articles fixtures/invented/articles --gold fixtures/invented/gold

# Import speed on PostgreSQL over 400 distinct articles.
bench: venv
	$(KEY) DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) scripts/bench_import.py

check: venv
	$(KEY) $(PY) manage.py check
	$(KEY) $(PY) manage.py makemigrations --check --dry-run
	$(KEY) $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

# Lint and format checks (ruff, configured in pyproject.toml) over the whole project.
lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The API's OpenAPI schema, validated, into schema.yml (also served at /api/schema/).
schema: venv
	$(KEY) $(PY) manage.py spectacular --validate --fail-on-warn --file schema.yml

clean:
	rm -rf $(VENV) db.sqlite3 db-test.sqlite3 test_db-test.sqlite3 staticfiles schema.yml
