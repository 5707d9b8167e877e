# Teilhabe – the two sacred commands are `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi
export TEILHABE_ENV ?= development

.PHONY: run test lint setup db demo browser-deps bench clean help

help:
	@echo "make run    – set up everything, migrate, load demo content, serve on http://$(HOST):$(PORT)"
	@echo "make test   – set up everything and run the whole test suite"
	@echo "make lint   – ruff check"
	@echo "make bench  – directory benchmark (1,000 and 100,000 members)"

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

db: setup
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask seed-demo --members 60 --seed 1 --if-empty

run: demo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/directory.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache test-artifacts
