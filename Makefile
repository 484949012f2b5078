# Wegwijzer: `make run` starts everything, `make test` tests everything. `make help` lists targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON311 ?= python3.11
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA_PY := $(RASA_VENV)/bin/python
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: help env venv venv-rasa db api lock lines train actions rasa run run-scaled servers test test-api test-rasa test-stack lint bench clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

env: .env ## write .env from .env.example with a random channel token

.env: .env.example
	@if [ -f .env ]; then touch .env; else \
	  token=$$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n'); \
	  sed "s/^CHANNEL_TOKEN=.*/CHANNEL_TOKEN=$$token/" .env.example > .env; \
	  echo "Wrote .env with a new random CHANNEL_TOKEN."; fi

venv: $(VENV)/.installed ## create the Python 3.11 environment (API, tests, tooling)

# Both environments install exactly the versions and files in requirements/*.lock (with their
# hashes); pyproject.toml says what the project asks for, `make lock` writes the lock files.
$(VENV)/.installed: pyproject.toml requirements/api.lock
	@echo "==> Creating $(VENV) (Python 3.11: API, tests, tooling)"
	@test -x $(PY) || $(PYTHON311) -m venv $(VENV)
	@$(PY) -m pip install $(PIP_QUIET) --require-hashes -r requirements/api.lock
	@$(PY) -m pip install $(PIP_QUIET) --no-deps -e .
	@touch $@

venv-rasa: $(RASA_VENV)/.installed ## create the Python 3.10 environment (Rasa, actions)

$(RASA_VENV)/.installed: pyproject.toml requirements/rasa.lock
	@echo "==> Creating $(RASA_VENV) (Python 3.10: Rasa 3.6.21, rasa-sdk, language detection); this takes a few minutes the first time"
	@test -x $(RASA_PY) || "$$(scripts/find-python310)" -m venv $(RASA_VENV)
	@$(RASA_PY) -m pip install $(PIP_QUIET) --require-hashes -r requirements/rasa.lock
	@$(RASA_PY) -m pip install $(PIP_QUIET) --no-deps -e .
	@scripts/build-e5 $(RASA_PY)
	@touch $@

db: venv env ## migrate the database and load the landscape seed
	@$(PY) -m api.cli import

api: db ## serve the API alone on API_PORT (default 8000)
	@$(PY) -m scripts.stack --only api

lock: venv ## write requirements/*.lock (every dependency pinned, with hashes) from pyproject.toml
	@$(VENV)/bin/uv pip compile pyproject.toml --extra api --extra dev --generate-hashes --quiet \
	  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu -o requirements/api.lock
	@$(VENV)/bin/uv pip compile pyproject.toml --extra rasa --generate-hashes --quiet \
	  --python-version 3.10 --python-platform x86_64-unknown-linux-gnu -o requirements/rasa.lock

lines: venv ## write the national lines (bot responses, gateway fallback, widget) from the seed
	@$(PY) -m scripts.lines

train: venv-rasa ## train the Rasa model into models/ (skipped when nothing changed)
	@$(RASA_PY) -m bot.train

run: venv venv-rasa env db train ## start the whole stack and print the URL (Ctrl-C stops it)
	@if [ "$(STACK)" = scaled ]; then $(MAKE) --no-print-directory run-scaled; else $(PY) -m scripts.stack; fi

servers: ## install redis-server, postgresql, haproxy and chromium from Debian's packages when missing
	@scripts/install-servers

run-scaled: venv venv-rasa env train servers ## PostgreSQL, Redis, 2 Rasa, 2 gateways behind haproxy (var/scaled)
	@$(PY) -m scripts.stack --scaled

test: venv venv-rasa env train servers ## run every test (unit, bot, gateway, browser, scaled stack)
	@$(PY) -m scripts.test_all

test-api: venv env ## only the API/engine tests (no Rasa, no browser)
	@$(PY) -m pytest tests/api -q

lint: venv ## ruff and mypy
	@$(VENV)/bin/ruff check api actions bot bench scripts tests
	@$(VENV)/bin/ruff format --check api actions bot bench scripts tests
	@$(VENV)/bin/mypy api actions

bench: venv venv-rasa env train servers ## run the benchmarks and write bench/report.md
	@$(PY) -m bench.run

clean: ## remove environments, models, databases and test artefacts
	rm -rf $(VENV) $(RASA_VENV) models var test-artifacts bench/out .pytest_cache .mypy_cache .ruff_cache
