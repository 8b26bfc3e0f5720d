# The two commands: `make run` starts the whole system, `make test` runs the tests.
# Both install what they need first: a virtualenv from PyPI, and from Debian what
# deploy/local/system-packages.sh lists for each (kcat and Prometheus; the tests also
# Chromium and a font).
# Python packages come from the hashed lock files in requirements/ only; `make lock`
# rewrites them after pyproject.toml's dependencies change (CONTRIBUTING.md).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
# The extras `make run` and `make test` install (the image installs none).
DEV_EXTRAS := local test
UV_COMPILE := $(VENV)/bin/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: run test lint setup lock docs benchmark benchmark-services clean

# Ctrl-C, SIGTERM (make passes it on) and a closed terminal (SIGHUP) stop everything it started.
run: setup
	@bash deploy/local/system-packages.sh run
	$(PY) -m deploy.local.run

# Style first: a finding fails the run before the stacks start. Two processes: one runs the
# tests on the session's stack, the other the unit tests and the reliability suite's private
# stacks (tests/conftest.py); most of either's time is waiting on a broker or a fault.
test: lint
	@bash deploy/local/system-packages.sh test
	$(PY) -m pytest -n 2

# ruff (format, lint, import order, complexity) and mypy, as configured in pyproject.toml.
lint: setup
	$(PY) -m ruff format --check --quiet .
	$(PY) -m ruff check --quiet .
	$(PY) -m mypy

setup: $(VENV)/.installed

# Every package (pip and setuptools too) from the lock, each checked against its hash;
# then the project itself, which may fetch nothing more.
$(VENV)/.installed: pyproject.toml $(DEV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-locks from pyproject.toml: keeps every pin that still fits and adds what is new;
# `make lock UPGRADE=--upgrade` moves every package to its newest release. The image's
# lock first, then the development one constrained by it, so both run the same versions.
lock: $(VENV)/.installed
	$(UV_COMPILE) $(UPGRADE) pyproject.toml requirements/build.in -o $(RUNTIME_LOCK)
	$(UV_COMPILE) $(UPGRADE) $(addprefix --extra ,$(DEV_EXTRAS)) -c $(RUNTIME_LOCK) \
		pyproject.toml requirements/build.in -o $(DEV_LOCK)

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
