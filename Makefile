# One obvious way to run things. `make serve` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup validate build serve test test-fast browser-deps bench clean

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

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

bench: $(STAMP)
	$(BIN)/python scripts/bench $(ARGS)

clean:
	rm -rf build
