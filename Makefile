# The two commands: `make run` starts the whole system, `make test` runs the tests.
# Both install what they need first (a virtualenv from PyPI, kcat from Debian).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint setup docs benchmark benchmark-services clean

run: setup
	$(PY) -m deploy.local.run

# Style first: a finding fails the run before the stacks start.
test: lint
	$(PY) -m pytest

# ruff (format, lint, import order, complexity) and mypy, as configured in pyproject.toml.
lint: setup
	$(PY) -m ruff format --check --quiet .
	$(PY) -m ruff check --quiet .
	$(PY) -m mypy

setup: $(VENV)/.installed
	@bash deploy/local/system-packages.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[local,test]"
	touch $@

# Regenerates docs/asyncapi and the JSON Schema snapshots of new contract versions.
docs: setup
	$(PY) -m shared.contract_docs --write

benchmark: setup
	$(PY) -m tests.benchmarks.skeleton_latency

# Each service's sustained rate, SQL statements per event, 2 replicas vs 1, and latency at half the rate.
benchmark-services: setup
	$(PY) -m tests.benchmarks.service_throughput

clean:
	rm -rf .data
