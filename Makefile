# Chorus. `make run` serves the app; `make test` runs the whole suite. Both install what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CLIENT_SOURCES := $(shell find client/src client/public client/index.html client/vite.config.ts client/tsconfig.json -type f 2>/dev/null)

.PHONY: run test test-python test-client lint fmt bench clean chromium migrate demo

$(VENV)/.runtime: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $(VENV)/.runtime

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

client/node_modules/.installed: client/package.json client/package-lock.json
	cd client && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

client/dist/index.html: client/node_modules/.installed $(CLIENT_SOURCES)
	cd client && npx tsc --noEmit && npx vite build --logLevel warn

run: $(VENV)/.runtime client/dist/index.html
	$(BIN)/chorus migrate
	@echo
	@echo "Sign in at http://$(HOST):$(PORT) with one of these demo accounts:"
	@$(BIN)/chorus demo
	@echo
	$(BIN)/chorus serve --host $(HOST) --port $(PORT)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser of its own.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Chromium from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.dev client/dist/index.html chromium test-client test-python

test-client: client/node_modules/.installed
	cd client && npx vitest run

test-python: $(VENV)/.dev client/dist/index.html
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.dev client/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	cd client && npx tsc --noEmit && npx prettier --check src
	$(BIN)/python .ci/check_files.py

fmt: $(VENV)/.dev client/node_modules/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	cd client && npx prettier --write src

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf client/dist .pytest_cache .mypy_cache .ruff_cache
