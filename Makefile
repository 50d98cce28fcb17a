# ConvDims: build, serve and test. Two commands on a fresh machine:
#   make serve   install what is needed, build, serve at http://127.0.0.1:8000/
#   make test    install what is needed (Debian chromium too), run every suite
# Installs are idempotent: they re-run only when a pin file changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory
# Material prints an end-of-life banner on every build otherwise.
export NO_MKDOCS_2_WARNING := 1

PYTHON    ?= python3
VENV      ?= .venv
BIN       := $(VENV)/bin
PIP       := $(BIN)/python -m pip --disable-pip-version-check
CHROMIUM  ?= /usr/bin/chromium

# Where the site is served from. Instant navigation only engages when the page's
# origin matches site_url, so `make site` / `make serve` use the local address and
# the Pages workflow passes the project-pages URL (https://<user>.github.io/<repo>/).
SITE_URL  ?= http://127.0.0.1:8000/
SITE_DIR  ?= site
# test-browser builds the site for a sub-path and serves it there (tests/browser).
# A free port, chosen once per make run (the site is built for the URL it is served at).
ifeq ($(origin BROWSER_PORT),undefined)
BROWSER_PORT := $(shell $(PYTHON) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endif
BROWSER_SUBPATH  ?= /convdims/
BROWSER_SITE_URL ?= http://127.0.0.1:$(BROWSER_PORT)$(BROWSER_SUBPATH)
BROWSER_SITE_DIR ?= build/site-subpath

PY_STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help install serve site test test-native test-pyodide test-browser chromium clean reference-env fuzz

help:
	@echo "make serve         install, build and serve at http://127.0.0.1:8000/"
	@echo "make test          install (chromium too), then test-native, test-pyodide, test-browser"
	@echo "make site          build the site into $(SITE_DIR)/ (SITE_URL=$(SITE_URL))"
	@echo "make test-native   pytest tests/ -m 'not browser'"
	@echo "make test-pyodide  the tests/calculator suite inside Pyodide under Node"
	@echo "make test-browser  Playwright + Debian Chromium against the site under $(BROWSER_SUBPATH)"
	@echo "make reference-env real Keras 3 + PyTorch + torchinfo in $(REF_VENV)/ (fixture generators, benchmarks)"
	@echo "make fuzz          random CNN scripts, real Keras / torch vs the calculator (FUZZ_N=300 FUZZ_SEED=0)"

# ---- installs -----------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	@echo "Installing Python requirements into $(VENV) ..."
	$(PIP) install -q --require-hashes -r requirements.txt
	$(PIP) install -q --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@echo "Installing npm packages (pyodide, katex) ..."
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(PY_STAMP) $(NODE_STAMP)

# The reference environment (real Keras 3.15.1 on torch 2.13.0 CPU, torchinfo 1.8.0): fixture
# generators and bench/bench_calculator.py run in it. Never needed by `make test`.
REF_VENV  ?= .venv-reference
REF_STAMP := $(REF_VENV)/.installed

$(REF_STAMP): requirements-reference.txt
	$(PYTHON) -m venv $(REF_VENV)
	$(REF_VENV)/bin/python -m pip --disable-pip-version-check install -q -r requirements-reference.txt
	@touch $@

reference-env: $(REF_STAMP)

# Differential fuzzing against the real libraries (tests/fixtures/fuzz_reference.py): prints
# each disagreement and keeps its script in build/fuzz/. A tool, not a test.
FUZZ_N    ?= 300
FUZZ_SEED ?= 0
fuzz: install $(REF_STAMP)
	KERAS_BACKEND=torch $(REF_VENV)/bin/python tests/fixtures/fuzz_reference.py keras $(FUZZ_N) --seed $(FUZZ_SEED)
	$(REF_VENV)/bin/python tests/fixtures/fuzz_reference.py torch $(FUZZ_N) --seed $(FUZZ_SEED)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian chromium ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# ---- site ---------------------------------------------------------------------

site: install
	SITE_URL=$(SITE_URL) $(BIN)/mkdocs build --strict -d $(SITE_DIR)

serve: install
	CONVDIMS_PYC=0 SITE_URL=$(SITE_URL) $(BIN)/mkdocs serve -a 127.0.0.1:8000

# ---- tests --------------------------------------------------------------------

# Every suite runs even when an earlier one fails (the full picture in one CI run); the
# exit status is non-zero if any failed.
test: install chromium
	@failed=""; \
	$(MAKE) test-native  || failed="$$failed test-native"; \
	$(MAKE) test-pyodide || failed="$$failed test-pyodide"; \
	$(MAKE) test-browser || failed="$$failed test-browser"; \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi; \
	echo "All test suites passed."

test-native: install
	$(BIN)/python -m pytest tests/ -q -m "not browser"

test-pyodide: install
	node tests/pyodide/run.mjs

test-browser: install
	SITE_URL=$(BROWSER_SITE_URL) $(BIN)/mkdocs build --strict -d $(BROWSER_SITE_DIR)
	CONVDIMS_SITE_DIR=$(BROWSER_SITE_DIR) CONVDIMS_BASE_PATH=$(BROWSER_SUBPATH) \
	CONVDIMS_PORT=$(BROWSER_PORT) CONVDIMS_CHROMIUM=$(CHROMIUM) \
	  $(BIN)/python -m pytest tests/browser -q -m browser

clean:
	rm -rf $(SITE_DIR) build dist *.egg-info .pytest_cache
