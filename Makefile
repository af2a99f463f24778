# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test chromium migrate bench clean cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	$(BIN)/python -c "import core, channels"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	$(BIN)/python -c "import pytest_asyncio"
	touch $@

install: $(VENV)/.installed

# The browser tests (the HTML report, the web pages: tests/support/chromium.py, tests/support/browser.py)
# need headless Chromium: Debian's package, installed when it is missing and we are root with apt-get;
# otherwise (or if the install fails) a note, and those tests skip loudly (fail under CI).
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium (apt-get) for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "chromium could not be installed: the browser tests will skip (fail under CI)"; \
	else echo "chromium is missing and cannot be installed here (not root, or no apt-get):" \
	  "the browser tests will skip (fail under CI)"; fi

install-test: $(VENV)/.installed-test chromium

migrate: install
	$(BIN)/complaintdesk db upgrade

run: migrate
	$(BIN)/complaintdesk serve

# The type check covers the packages that are clean so far (issue 14 adds core and channels).
test: install-test
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache

# A local cluster: N serve processes on PostgreSQL + Redis behind HAProxy on loopback (issue 19;
# docs/operations.md, "Production deployment"). `make cluster PROCESSES=3 CLUSTER_ARGS=--port=8080`
PROCESSES ?= 3
cluster: install
	@command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install -y haproxy"; exit 2; }
	$(BIN)/python -m scripts.cluster --processes $(PROCESSES) $(CLUSTER_ARGS)
