# realtime-events: spec/ -> codegen -> generated/. The first target run creates .venv by itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-dev

.PHONY: generate check lint typecheck test docs golden clean

$(INSTALLED): requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

## generate: regenerate generated/ (package and docs) from spec/
generate: $(INSTALLED)
	$(PY) -m codegen generate

## check: fail if generated/ differs from what spec/ yields
check: $(INSTALLED)
	$(PY) -m codegen check

## lint: ruff over the generator, the tests and the generated package
lint: $(INSTALLED)
	$(VENV)/bin/ruff check codegen tests
	$(VENV)/bin/ruff format --check codegen tests
	$(VENV)/bin/ruff check --config codegen/ruff-generated.toml generated
	$(VENV)/bin/ruff format --check --config codegen/ruff-generated.toml generated

## typecheck: mypy --strict over the generator and the generated package
typecheck: $(INSTALLED)
	$(VENV)/bin/mypy --strict codegen
	cd generated && ../$(VENV)/bin/mypy --strict --cache-dir ../.mypy_cache/generated realtime_events

## test: drift check, lint, typecheck and the test suite
test: check lint typecheck
	$(PY) -m pytest

## docs: regenerate the Markdown reference (it is generated with the package)
docs: generate
	@echo "Reference: generated/docs/index.md"

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

## golden: refresh the checked-in output of the mini spec after an intended generator change
golden: $(INSTALLED)
	$(PY) -m codegen generate --spec tests/specs/mini --out tests/golden/mini
