# One obvious way to run things. `make serve` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup validate build serve test test-fast browser-deps node-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

validate: $(STAMP)
	$(BIN)/oerbank validate

build: $(STAMP)
	$(BIN)/oerbank build

serve: $(STAMP)
	$(BIN)/oerbank serve

# Debian's Chromium for the browser tests (no browser downloads are possible here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# lunr.js under Node, for the tests that compare it with the Python-built index (tests only).
node-deps:
	@if ! command -v npm >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --no-audit --no-fund --ignore-scripts --silent

test: $(STAMP) browser-deps node-deps
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(STAMP) node-deps
	$(BIN)/python -m pytest -q -m "not browser"

bench: $(STAMP)
	$(BIN)/python scripts/bench $(ARGS)

clean:
	rm -rf build
