# The two commands a newcomer needs: `make run` and `make test`.
# Both install whatever is missing first and are quick when nothing is.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUN_VERSION := 1.4.5
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install run run-prod test lint format bun chromium db clean bench oidc-deps interop-deps axe-deps

install: $(STAMP) bun

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Reflex would download bun from its own site, which is not reachable here: take it from npm.
bun:
	@command -v bun >/dev/null 2>&1 && bun --version >/dev/null 2>&1 || \
		{ echo "Installing bun $(BUN_VERSION) with npm"; \
		  npm install -g --allow-scripts=bun bun@$(BUN_VERSION) >/dev/null 2>&1 || \
		  npm install -g bun@$(BUN_VERSION); }

# Browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || \
		{ echo "Installing chromium from Debian"; \
		  $(SUDO) apt-get install -y chromium >/dev/null 2>&1 || \
		  { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }; }

# The single sign-on tests run a real OpenID Connect provider (npm oidc-provider, pinned
# in tests/oidc/package-lock.json). The test fixture installs it too; this saves the wait.
oidc-deps:
	@test -d tests/oidc/node_modules || \
		npm ci --prefix tests/oidc --ignore-scripts --no-audit --no-fund

# The interop tests check our credentials with someone else's verifier: Digital Bazaar's
# @digitalbazaar/vc stack, pinned in tests/interop/package-lock.json, run offline.
# Installed again only when the lock file is newer than the last install.
INTEROP_STAMP := tests/interop/node_modules/.interop-installed

interop-deps: $(INTEROP_STAMP)

$(INTEROP_STAMP): tests/interop/package.json tests/interop/package-lock.json
	npm ci --prefix tests/interop --ignore-scripts --no-audit --no-fund
	@touch $@

# The accessibility tests inject Deque's axe-core into every page: pinned in
# tests/axe/package-lock.json, installed again only when the lock file is newer.
AXE_STAMP := tests/axe/node_modules/.axe-installed

axe-deps: $(AXE_STAMP)

$(AXE_STAMP): tests/axe/package.json tests/axe/package-lock.json
	npm ci --prefix tests/axe --ignore-scripts --no-audit --no-fund
	@touch $@

db: install
	$(BIN)/microcred db upgrade
	$(BIN)/microcred seed --if-empty

# Dev mode reloads the backend when a file under the project changes; the SQLite files
# (and their -wal/-shm) change on every request, so data/ stays out of the watch.
RUN_DATA = $(abspath $(or $(DATA_DIR),data))

run: db
	@echo ""
	@echo "  microcred_market is starting. Open http://localhost:$${FRONTEND_PORT:-3000}/"
	@echo ""
	@mkdir -p $(RUN_DATA)
	REFLEX_HOT_RELOAD_EXCLUDE_PATHS=$(RUN_DATA) $(BIN)/reflex run --frontend-port $${FRONTEND_PORT:-3000} --backend-port $${BACKEND_PORT:-8000}

# Production mode serves the compiled front end and the backend on one port. The settings
# read the same PORT (PUBLIC_BASE_URL and API_URL default to it), and so does
# `microcred` when run with it: links it prints lead to this server.
run-prod: db
	@echo "  Building and starting in production mode. Open http://localhost:$${PORT:-8000}/"
	PORT=$${PORT:-8000} $(BIN)/reflex run --env prod --single-port --frontend-port $${PORT:-8000} --backend-port $${PORT:-8000}

# Style, types (mypy settings in pyproject.toml), then the dependency rules of the house
# (import-linter contracts in pyproject.toml).
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One process by default: with two workers (TEST_WORKERS=2: the browser tests as one group
# on one, the rest file by file on the other) the browser tests still lose their pages'
# server now and then (404s, 'cannot connect to server').
test: install chromium lint oidc-deps interop-deps axe-deps
	@mkdir -p data
	$(BIN)/python -m pytest -p no:cacheprovider -n $${TEST_WORKERS:-0} --dist loadgroup --junitxml=data/test-results.xml $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/stacking.py

clean:
	rm -rf .web $(VENV) *.egg-info
