# The README's two commands: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= examples/cablegraph.db

.PHONY: run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Parse the bundled pages, ingest them into a fresh database and run example searches.
run: $(STAMP)
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

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/parse_speed.py
	$(BIN)/python benchmarks/store_search.py --docs 20000

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
