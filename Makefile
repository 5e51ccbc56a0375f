# VIM-kring: `make run` starts the embedded demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails (invitations, reminders) name SITE_URL: by default the address `run` serves.
SITE_URL ?= http://$(HOST):$(PORT)
RUN_ENV = DEBUG=$${DEBUG:-1} SITE_URL=$(SITE_URL)

.PHONY: run test install install-dev lint format deploy-check clean

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
run: $(VENV)/.installed $(VENV)/.deduce-cache
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "VIM-kring draait op http://$(HOST):$(PORT)/ (Ctrl-C stopt)"
	$(RUN_ENV) $(VENV)/bin/uvicorn project.asgi:application --host $(HOST) --port $(PORT) \
		--ws-ping-interval 30 --ws-ping-timeout 120 \
		--ws-per-message-deflate false --no-access-log

test: $(VENV)/.installed $(VENV)/.deduce-cache
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles .test.sqlite3*
