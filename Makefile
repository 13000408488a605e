# The README's two commands: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= examples/cablegraph.db

.PHONY: run demo test lint typecheck unit bench soak clean browser-deps export-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Parse, ingest and search the bundled pages, then serve the workbench (Ctrl-C stops it).
run: demo
	@echo; echo "Cablegraph workbench: http://127.0.0.1:8000/  (Ctrl-C to stop)"
	$(BIN)/cablegraph serve --db $(DB) --port 8000

## The same without the server: parse, ingest into a fresh database, example searches.
demo: $(STAMP)
	$(BIN)/cablegraph parse examples/pages --format text
	rm -rf $(DB) $(DB)-wal $(DB)-shm $(DB).index
	$(BIN)/cablegraph ingest examples/pages --db $(DB)
	@for q in "Stalin" "перемирие" "Kaesong" "Kim Il Sung" "No. 26044" "21.XI.1951"; do \
	  echo; echo "== cablegraph search \"$$q\""; \
	  $(BIN)/cablegraph search "$$q" --db $(DB) --limit 3 | head -8; \
	done
	@echo; echo "== cablegraph thread wda:110374"; $(BIN)/cablegraph thread wda:110374 --db $(DB)

## Everything: lint, strict types, tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

# The browser tests drive Debian's chromium through npm playwright-core (no browser download).
browser-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  [ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund); \
	else echo "npm is not installed: the browser tests will be skipped"; fi

## citation-js, which reads the RIS export in tests/export (npm; skipped without npm).
export-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  [ -d tests/export/js/node_modules/@citation-js/plugin-ris ] || (cd tests/export/js && npm ci --no-audit --no-fund); \
	else echo "npm is not installed: the citation-js test will be skipped"; fi

unit: $(STAMP) browser-deps export-deps
	$(BIN)/pytest

## Benchmarks (docs/benchmarks.md); `make bench DOCS=1000000` for the million. Last line: JSON summary.
DOCS ?= 20000
bench: $(STAMP)
	$(BIN)/python benchmarks/parse_speed.py
	$(BIN)/python benchmarks/link_export.py --docs $(DOCS)
	$(BIN)/python benchmarks/scale.py --docs $(DOCS) --backend sqlite --backend postgresql-tantivy --backend postgresql

## The long reliability tier: fuzzing at length, 500 kills, API fuzzing, Chromium XSS, load; prints a table.
soak: $(STAMP) browser-deps
	$(BIN)/python benchmarks/soak.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
