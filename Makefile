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

## make conformance: peer test suites (Duckling, dateparser, NeMo) for dates and numbers
conformance: $(STAMP)
	$(BIN)/python scripts/conformance_dates.py
	$(BIN)/python scripts/conformance_numbers.py

## make bench: throughput against the baselines (a script that prints figures); three
## alternating 1-/N-worker end-to-end pairs, since one wall-clock pair is noisy here
bench: $(STAMP)
	$(BIN)/python scripts/bench.py --repeat 3

## make score: the pipeline on exactly the gold articles, scored against gold/ (the CI-gated
## development set) and against gold/heldout/ (a blind set the extractors were never tuned on)
GOLD_DB ?= out/gold.db
HELDOUT_DB ?= out/heldout.db
score: $(STAMP)
	mkdir -p out
	rm -f $(GOLD_DB) $(GOLD_DB)-wal $(GOLD_DB)-shm $(HELDOUT_DB) $(HELDOUT_DB)-wal $(HELDOUT_DB)-shm
	$(BIN)/vnfacts gold run --gold gold --db $(GOLD_DB)
	$(BIN)/vnfacts score --gold gold --db $(GOLD_DB)
	$(BIN)/vnfacts gold run --gold gold/heldout --db $(HELDOUT_DB)
	@echo "== held-out (blind) set: reported, not gated =="
	$(BIN)/vnfacts score --gold gold/heldout --db $(HELDOUT_DB)
	$(BIN)/python scripts/ner_baseline.py --gold gold
	$(BIN)/python scripts/ner_baseline.py --gold gold/heldout
	$(BIN)/python scripts/ner_baseline.py --gold gold/general
	$(BIN)/python scripts/ner_baseline.py --gold gold/general/heldout

## make gate: gold files valid, then fail when a kind's value F1 is below gold/thresholds.json
.PHONY: gate
gate: $(STAMP)
	$(BIN)/vnfacts gold check --gold gold
	$(BIN)/vnfacts gold check --gold gold/heldout
	mkdir -p out
	rm -f $(GOLD_DB) $(GOLD_DB)-wal $(GOLD_DB)-shm
	$(BIN)/vnfacts gold run --gold gold --db $(GOLD_DB)
	$(BIN)/vnfacts score --gold gold --db $(GOLD_DB) --thresholds gold/thresholds.json

lint: $(STAMP)
	$(BIN)/ruff check pipeline extractors tests scripts

clean:
	rm -rf out .pytest_cache
