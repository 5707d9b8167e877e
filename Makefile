# Teilhabe – the two sacred commands are `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi
export TEILHABE_ENV ?= development

.PHONY: run test test-browser lint setup db demo browser-deps bench clean help translations assets

help:
	@echo "make run    – set up everything, migrate, load demo content, serve on http://$(HOST):$(PORT)"
	@echo "make test   – set up everything and run the whole test suite (browser tests need chromium)"
	@echo "make test-browser – only the real-browser journeys and accessibility checks"
	@echo "make browser-deps – install the system Chromium the browser tests drive (Debian/Ubuntu, root)"
	@echo "make lint   – ruff check, ruff format --check, mypy and the import contracts (import-linter)"
	@echo "make translations – extract UI strings into the English catalog (then translate the new entries)"
	@echo "make assets – build the CSS bundle, font subsets and hashed files (make run/test do it)"
	@echo "make bench  – benchmarks: directory, review queue, page weight, CPU per request, HTTP throughput, Lighthouse"

CATALOG := app/translations/en/LC_MESSAGES/messages
# Babel skips folders starting with "_" unless told otherwise, which hid templates/_macros/;
# tests/i18n_support.py extracts with the same list.
BABEL_IGNORE_DIRS := .* __pycache__ node_modules

# Built assets (app/static/build/, not in git): PurgeCSS drops the KERN rules no template uses,
# then app/assets/build.py subsets the fonts, bundles, hashes and pre-compresses. Rebuilt when
# a template, a class-bearing Python file or a source asset changes.
ASSET_MANIFEST := app/static/build/manifest.json
ASSET_SOURCES  := $(shell find templates app forms -name '*.html' -o -name '*.py' -o -name '*.css' -o -name '*.js' -o -name '*.svg' 2>/dev/null | grep -v '^app/static/build')

setup: $(VENV)/.installed node_modules/.installed $(CATALOG).mo $(ASSET_MANIFEST)

assets: $(ASSET_MANIFEST)

$(ASSET_MANIFEST): $(ASSET_SOURCES) purgecss.config.cjs $(VENV)/.installed node_modules/.installed
	npm run --silent build:css
	$(BIN)/python -m app.assets.build

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The first `make run` writes a git-ignored .env (development, generated SECRET_KEY), so the
# README's `flask --app wsgi ...` commands work as written in this checkout. Never overwritten.
.env: | $(VENV)/.installed
	$(BIN)/python -m app.core.devenv .env

db: setup .env
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask seed-demo --members 60 --seed 1 --if-empty --demo-accounts

# The mail worker runs beside the web server (requests only queue mail) and stops with it.
run: demo
	@$(BIN)/flask outbox work & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# pytest-xdist spreads the suite over every core; each worker has its own PostgreSQL database.
# loadgroup keeps tests marked with one xdist_group (the two-node cluster) on one worker.
test: setup
	$(BIN)/python -m pytest -n auto --dist loadgroup

# Browser tests drive the system Chromium (never `playwright install`); screenshots land in
# test-artifacts/screenshots/. Without chromium they are skipped (a failure when CI=true).
test-browser: setup
	$(BIN)/python -m pytest tests/browser

browser-deps:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The compiled catalog is a build artefact (.gitignored); the tests compile it too.
$(CATALOG).mo: $(CATALOG).po $(VENV)/.installed
	$(BIN)/pybabel compile -d app/translations

# After adding or changing UI strings: merge them into the .po, translate the new (empty or
# fuzzy) entries, then `make test` (tests/test_i18n.py fails while any is missing).
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs "$(BABEL_IGNORE_DIRS)" --project Teilhabe -o $(VENV)/messages.pot .
	$(BIN)/pybabel update -i $(VENV)/messages.pot -d app/translations --ignore-obsolete
	$(BIN)/pybabel compile -d app/translations

# The shape of the house: style, types and the import contracts (pyproject.toml).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Benchmarks print figures, never assert them (README, "Performance"). PostgreSQL is included
# when TEST_DATABASE_URL is set; bench/throughput.py installs wrk from Debian when it is missing;
# bench/lighthouse.py drives the system Chromium (make browser-deps) with the npm lighthouse.
bench: setup
	$(BIN)/python bench/weight.py
	$(BIN)/python bench/directory.py
	$(BIN)/python bench/review_queue.py
	$(BIN)/python bench/cpu.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache test-artifacts .build app/static/build
