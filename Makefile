# carbonstd: `make demo` and `make test` work on a fresh machine with Python 3.11 and make.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SRC := src/carbonstd

.PHONY: demo test lint typecheck imports pytest docs bench bench-quick data clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,docs,bench,convert]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m carbonstd demo

test: lint typecheck imports pytest docs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs
	$(BIN)/ruff format --check src tests benchmarks scripts docs

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -q

docs: $(STAMP)
	$(BIN)/sphinx-build -E -W --keep-going -q -b html docs docs/_build/html

bench: $(STAMP)
	$(BIN)/python benchmarks/compare.py

data: $(STAMP)
	$(BIN)/python scripts/convert_data.py --raw ../shared/data --out $(SRC)/data
	$(BIN)/python scripts/convert_refrigerants.py --out $(SRC)/data/factors

clean:
	rm -rf $(VENV) docs/_build .mypy_cache .ruff_cache .hypothesis
