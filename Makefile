# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test system-packages migrate bench clean cluster

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

# Debian packages some tests drive: headless Chromium (the HTML report and the web pages:
# tests/support/chromium.py, tests/support/browser.py) and HAProxy (the cluster fault test,
# tests/faults/test_cluster.py). Installed when missing and we are root with apt-get; otherwise (or if
# the install fails) a note, and those tests skip loudly (fail under CI).
system-packages:
	@missing=""; [ -x $(CHROMIUM) ] || missing="chromium"; \
	command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing$$missing (apt-get) for the browser and cluster tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "$$missing could not be installed: their tests will skip (fail under CI)"; \
	else echo "$$missing missing and cannot be installed here (not root, or no apt-get):" \
	  "their tests will skip (fail under CI)"; fi

install-test: $(VENV)/.installed-test system-packages

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
