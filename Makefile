# Pacta: `make run` serves the site with the dataset, `make serve` as in production, `make test` runs the suite
# (the browser tests too where a Chromium is found), `make test-browser` the browser tests alone,
# `make bench` times the site at size (bench/README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local runs only: DEBUG on, SQLite unless DATABASE_URL is set.
RUN_ENV := DJANGO_DEBUG=1
# The suite runs on one worker a core (pytest-xdist); `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run serve test test-browser lint format check messages install install-dev migrate load bench bench-smoke bench-venv clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Pacta needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input

load: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_dataset

run: load
	$(RUN_ENV) $(BIN)/python manage.py ensure_admin
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# As in production: DEBUG off, static files collected for WhiteNoise, gunicorn (gunicorn.conf.py) on 127.0.0.1:$(PORT).
# Serves the database as it is (no migrate, no load); needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (README).
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=0 exec $(BIN)/gunicorn --bind 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests alone (tests/browser/: Playwright driving Chromium, axe-core, screenshots in var/screenshots/),
# two workers. They need a Chromium: Debian's `chromium` package, or PLAYWRIGHT_CHROMIUM=/path/to/chrome.
test-browser: install-dev
	$(BIN)/python -m pytest -m browser -n 2 tests/browser

# The benchmark's own tools, apart from the project's requirements: Datasette, to serve the same SQLite file beside Pacta.
BENCH_VENV := var/bench-venv
DATASETTE_VERSION := 0.65.5

$(BENCH_VENV)/bin/datasette:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet datasette==$(DATASETTE_VERSION)

bench-venv: $(BENCH_VENV)/bin/datasette

# Every page at size against the bare page and Datasette, 20 clients at once, one worker's memory: about 15 minutes.
# BENCH_ARGS="--database-url sqlite:////tmp/demo100k.sqlite3" times an existing database instead of generating one.
bench: install bench-venv
	$(BIN)/python bench/size.py $(BENCH_ARGS)

# The same on 1,000 agreements, one request a page, a few seconds of each run: every page type must answer 200
# through gunicorn beside Datasette (the exit status says so). Under a minute; CI runs it so the benchmark never rots.
bench-smoke: install bench-venv
	$(BIN)/python bench/size.py --agreements 1000 --rounds 1 --warmup 0 --clients 4 --seconds 3 --memory-requests 30

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev
	$(RUN_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Interface text: extract every marked string into locale/es/LC_MESSAGES/django.po (keeping the translations), then
# compile django.mo, which is committed so that a fresh machine needs no gettext. Run again after translating.
# Needs GNU gettext (Debian: gettext). The suite checks the .po is complete and the .mo matches it.
messages: install
	$(RUN_ENV) $(BIN)/python manage.py makemessages -l es --no-obsolete $(foreach dir,.venv var staticfiles bench tests,--ignore=$(dir))
	$(RUN_ENV) $(BIN)/python manage.py compilemessages -l es $(foreach dir,.venv var staticfiles,--ignore=$(dir))

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 var
