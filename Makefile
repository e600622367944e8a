# Lineside: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck bench clean db-down chromium

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

HOST ?= 127.0.0.1
PORT ?= 8000

# The service on the demo company: API (2 uvicorn workers) and one queue worker; Ctrl-C stops all.
run: $(STAMP)
	$(VENV)/bin/lineside db up
	$(VENV)/bin/lineside demo load
	exec $(VENV)/bin/lineside serve --host $(HOST) --port $(PORT) --workers 2 --with-worker

test: lint chromium
	$(PY) -m pytest -q -p no:cacheprovider -n 2 tests

# The console's browser tests drive Debian's chromium; CI (root, Debian) installs it here.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the console's browser tests"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	else \
	  echo "Browser tests will be skipped: /usr/bin/chromium is missing and we are not root"; \
	  echo "  (install it with: sudo apt-get install -y chromium)"; \
	fi

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
