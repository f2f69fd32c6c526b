# Chorus. `make run` serves the app; `make test` runs the whole suite. Both install what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CLIENT_SOURCES := $(shell find client/src client/public client/index.html client/vite.config.ts client/lingui.config.ts client/tsconfig.json -type f 2>/dev/null)

.PHONY: run test test-python test-client lint fmt bench clean chromium export-packages migrate demo

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

run: $(VENV)/.runtime client/dist/index.html export-packages
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

# The exports: WeasyPrint lays the PDF out with Pango; Amiri shapes Arabic, WenQuanYi Micro Hei
# covers Chinese and Japanese; poppler-utils reads PDFs back in tests and screenshots.
EXPORT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-hosny-amiri \
  fonts-wqy-microhei poppler-utils
export-packages:
	@missing=$$(for p in $(EXPORT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	test -z "$$missing" || { \
	  echo "Installing from Debian for the exports:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    $$missing >/dev/null; }

test: $(VENV)/.dev client/dist/index.html chromium export-packages test-client test-python

test-client: client/node_modules/.installed
	cd client && npx vitest run

# The suite runs on parallel workers, one per core by default (PYTEST_WORKERS=0 runs it in this
# process). Each test file runs whole, in its order, on one worker: module-scoped servers are
# started once and tests that build on each other's steps keep their order.
PYTEST_WORKERS ?= logical
test-python: $(VENV)/.dev client/dist/index.html
	$(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

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

# Every scenario runs, and the target fails at the end if any of them missed its targets:
# steady state at 100 clients (the three servers, and memory), at 1,000 (Chorus and the Node
# reference), the reconnect storm at 1,000 and at 5,000 clients, then exports under editing.
bench: $(VENV)/.dev export-packages
	@failed=0; \
	$(BIN)/python bench/run.py $(BENCH_ARGS) || failed=1; \
	$(BIN)/python bench/run.py --large --targets chorus,node --memory-rooms 0 || failed=1; \
	$(BIN)/python bench/run.py --storm --rooms 200 --typing-share 0.2 --targets chorus,node \
	  --memory-rooms 0 || failed=1; \
	$(BIN)/python bench/run.py --storm --rooms 1000 --typing-share 0.2 --targets chorus,node \
	  --memory-rooms 0 || failed=1; \
	$(BIN)/python bench/exports.py || failed=1; \
	$(BIN)/python bench/threads.py || failed=1; \
	exit $$failed

clean:
	rm -rf client/dist .pytest_cache .mypy_cache .ruff_cache
