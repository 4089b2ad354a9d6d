# `make serve` and `make test` work on a fresh clone with nothing but python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
STORE ?= ./humasgraph-data

.PHONY: test lint types serve seed bench clean virtuoso test-virtuoso chromium test-browser vendor

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Every check CI runs: lint, types, then the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

types: $(STAMP)
	$(BIN)/mypy

## Load seeds/ into the store (idempotent), then serve GraphQL on http://127.0.0.1:8000/graphql.
serve: seed
	$(BIN)/humasgraph --store $(STORE) serve

seed: $(STAMP)
	$(BIN)/humasgraph --store $(STORE) import seeds/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

## Virtuoso 7 from Debian, for the store contract suite; where it cannot be installed its tests are skipped.
virtuoso:
	@command -v virtuoso-t >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; } || \
	  echo "virtuoso-t is not installed: the Virtuoso contract tests will be skipped" >&2

## The store contract suite against a Virtuoso 7 that the fixture starts (installed first when missing).
test-virtuoso: $(STAMP) virtuoso
	$(BIN)/python -m pytest -q tests/store -k virtuoso

## Debian's Chromium, for the real-browser tests (tests/browser); where it cannot be installed they are skipped.
## Playwright drives this one: `playwright install` (a download of its own browsers) is never run.
chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium is not installed: the browser tests will be skipped" >&2

## The real-browser tests alone (screenshots under pytest's basetemp, in screenshots/).
test-browser: $(STAMP) chromium
	$(BIN)/python -m pytest -q tests/browser

## Refresh the vendored browser libraries (GraphiQL, React) from web/package-lock.json with npm ci.
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache .ruff_cache
