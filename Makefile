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
	$(BIN)/python scripts/bench_link.py

## make same-facts BASE=rev: a full run over ../shared/corpus and corpus/ at BASE and at this
## tree, every fact compared (a refactor must print "identical")
BASE ?= main
.PHONY: same-facts
same-facts: $(STAMP)
	$(BIN)/python scripts/same_facts.py --base $(BASE)

## make score-links: the pipeline on ../shared/corpus, corpus/ and the development general
## news, `vnfacts link`, then person-link precision/recall and series points against gold/links/
.PHONY: score-links
score-links: $(STAMP)
	$(BIN)/python scripts/score_links.py --build out/links.db

## make score: the pipeline on exactly the gold articles of each set, scored in every mode
## (strict, span, value, record; per-field accuracy; outcomes). gold/ and gold/general/ are
## the development sets (CI-gated); gold/heldout/ and gold/general/heldout/ are blind sets the
## extractors were never tuned on (reported, and guarded against regression by `make gate`).
GOLD_SETS ?= gold gold/heldout gold/general gold/general/heldout
score: $(STAMP)
	mkdir -p out
	@for g in $(GOLD_SETS); do \
	  db=out/$$(echo $$g | tr / _).db; rm -f $$db $$db-wal $$db-shm; \
	  echo "== $$g =="; \
	  $(BIN)/vnfacts gold run --gold $$g --db $$db >/dev/null || exit 1; \
	  $(BIN)/vnfacts score --gold $$g --db $$db || exit 1; \
	done
	@for g in $(GOLD_SETS); do $(BIN)/python scripts/ner_baseline.py --gold $$g || exit 1; done
	@echo "== value and record F1 per set (the README's table) =="
	$(BIN)/python scripts/score_table.py $(GOLD_SETS)

## make gate: gold files valid; fail when a development set's value or record F1 is below
## its thresholds.json, or a held-out set's figure drops below its recorded baseline
.PHONY: gate
gate: $(STAMP)
	@for g in $(GOLD_SETS) gold/general/agreement gold/general/agreement/first; do \
	  $(BIN)/vnfacts gold check --gold $$g || exit 1; done
	mkdir -p out
	@for g in gold gold/general; do \
	  db=out/gate_$$(echo $$g | tr / _).db; rm -f $$db $$db-wal $$db-shm; \
	  $(BIN)/vnfacts gold run --gold $$g --db $$db >/dev/null || exit 1; \
	  $(BIN)/vnfacts score --gold $$g --db $$db --mode value --mode record \
	    --thresholds $$g/thresholds.json >/dev/null || exit 1; \
	done
	@for g in gold/heldout gold/general/heldout; do \
	  db=out/gate_$$(echo $$g | tr / _).db; rm -f $$db $$db-wal $$db-shm; \
	  $(BIN)/vnfacts gold run --gold $$g --db $$db >/dev/null || exit 1; \
	  $(BIN)/vnfacts score --gold $$g --db $$db --mode value --mode record \
	    --baseline $$g/heldout-baseline.json >/dev/null || exit 1; \
	done

## make baselines: re-record the held-out sets' figures (only when a change is meant to move them)
.PHONY: baselines
baselines: $(STAMP)
	mkdir -p out
	@for g in gold/heldout gold/general/heldout; do \
	  db=out/gate_$$(echo $$g | tr / _).db; rm -f $$db $$db-wal $$db-shm; \
	  $(BIN)/vnfacts gold run --gold $$g --db $$db >/dev/null || exit 1; \
	  $(BIN)/vnfacts score --gold $$g --db $$db --mode value --baseline $$g/heldout-baseline.json \
	    --write-baseline >/dev/null || exit 1; \
	done

## make agree: agreement of the 10 double-labelled general articles (docs/agreement.md)
.PHONY: agree
agree: $(STAMP)
	$(BIN)/vnfacts gold agree gold/general/agreement/first gold/general/agreement

## make test-fast: the quick lane (no process pool, no browser, no ../shared; under a minute)
.PHONY: test-fast
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not shared and not browser and not pool"

lint: $(STAMP)
	$(BIN)/ruff check pipeline extractors tests scripts

clean:
	rm -rf out .pytest_cache
