# Lineside: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck bench clean db-down

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/lineside db up
	$(VENV)/bin/lineside demo load
	$(VENV)/bin/lineside shortages --plant LKS

test: lint
	$(PY) -m pytest -q -p no:cacheprovider -n 2 tests

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy agent tools domain governance api bots evals cli sample_data

bench: $(STAMP)
	$(PY) -m benchmarks.projection_bench

db-down: $(STAMP)
	$(VENV)/bin/lineside db down

clean:
	rm -rf $(VENV) .pgdata .pgrun
