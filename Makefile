# Every target sets itself up: a fresh machine needs only Python >= 3.11.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= out/facts.db
SHARED ?= ../shared

.PHONY: run test score conformance bench lint clean setup

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## make run: the pipeline on the bundled corpus into out/facts.db, with a summary
run: $(STAMP)
	mkdir -p out
	$(BIN)/vnfacts run corpus/ --db $(DB)

## make test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline extractors tests scripts

clean:
	rm -rf out .pytest_cache
