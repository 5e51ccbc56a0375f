# VIM-kring: `make run` starts the embedded demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails (invitations, reminders) name SITE_URL: by default the address `run` serves.
SITE_URL ?= http://$(HOST):$(PORT)
RUN_ENV = DEBUG=$${DEBUG:-1} SITE_URL=$(SITE_URL)

.PHONY: run test install install-dev lint format deploy-check clean build serve worker checker beat test-production

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

# Deduce builds its lookup cache (~1 min, ~1.2 GB peak) on first use: do it once at install.
$(VENV)/.deduce-cache: $(VENV)/.installed
	$(PY) -m incidents.deidentify --build-cache
	touch $@

install install-dev: $(VENV)/.installed $(VENV)/.deduce-cache

# uvicorn: about half daphne's CPU per websocket delivery (DESIGN.md). Its keepalive ping is set
# deliberately long so a busy sender's pong, queued behind work, is not taken for a dead peer;
# per-message compression is off: it cost a deflate per member per event (profiled).
# `manage.py serve` adds the websocket frame limit from the settings (LIVE_MAX_MESSAGE_BYTES).
run: $(VENV)/.installed $(VENV)/.deduce-cache
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "VIM-kring draait op http://$(HOST):$(PORT)/ (Ctrl-C stopt)"
	$(RUN_ENV) $(PY) manage.py serve --host $(HOST) --port $(PORT) \
		--ws-ping-interval 30 --ws-ping-timeout 120 \
		--ws-per-message-deflate false --no-access-log

test: $(VENV)/.installed $(VENV)/.deduce-cache
	$(PY) -m pytest $(PYTEST_ARGS)

# The production shape without Docker (what the image runs; see README "Production shape").
# `build` writes staticfiles/ and compiles translations in this folder, as the image does.
build: $(VENV)/.installed
	PYTHON=$(PY) sh bin/build

serve: $(VENV)/.installed
	PYTHON=$(PY) sh bin/serve

worker: $(VENV)/.installed
	$(PY) -m celery -A project worker --queues celery --loglevel INFO

checker: $(VENV)/.installed
	$(PY) -m celery -A project worker --queues checker --pool threads --concurrency 2 \
		--hostname checker@%h --loglevel INFO

beat: $(VENV)/.installed
	mkdir -p .cache && $(PY) -m celery -A project beat --schedule .cache/celerybeat-schedule --loglevel INFO

# The production smoke test alone (needs PostgreSQL, Redis, Chromium and gettext).
test-production: $(VENV)/.installed $(VENV)/.deduce-cache
	$(PY) -m pytest tests/e2e/test_production.py $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles .test.sqlite3*
