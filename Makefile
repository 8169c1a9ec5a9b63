# Quản lý thi đua – khen thưởng. `make run` serves the app, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := campaign

.PHONY: run test lint e2e bench clean venv

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON)) / Python 3.11 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/flask campaign setup
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check campaign tests bench
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check campaign tests bench

e2e: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
