# realtime-events: spec/ -> codegen -> generated/. The first target run creates .venv by itself,
# and the first one that needs Node (test, typecheck, bench) installs node_modules with npm ci.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-dev
NODE_INSTALLED := node_modules/.installed
TSC := node_modules/.bin/tsc

# pytest's workers: one per core (pytest-xdist); a module whose fixtures are costly stays on one.
PYTEST_PARALLEL := -n auto --dist loadgroup

.PHONY: generate check lint typecheck quick test pythons docs golden bench fuzz mutate clean vendor \
	ts-build ts-pack upstream diff changelog

$(INSTALLED): requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# The Node tools (TypeScript, @asyncapi/parser), exactly as package-lock.json pins them; install
# scripts are not run (none of the tools needs one).
$(NODE_INSTALLED): package.json package-lock.json
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null \
		|| { echo "Node 20+ and npm are needed (node --version)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

## generate: regenerate generated/ (every target of codegen/targets) from spec/, and
## spec/COVERAGE.md from the reference facts (what `make upstream` also refreshes)
generate: $(INSTALLED)
	$(PY) -m codegen generate
	$(PY) -m codegen upstream --coverage

## check: fail if generated/ differs from what spec/ yields
check: $(INSTALLED)
	$(PY) -m codegen check

# The upstream descriptions `make upstream` compares the catalogue with: the repository's copy of
# the published OpenAPI document's Realtime part, and the openai package requirements-dev.txt pins.
UPSTREAM := tests/reference/openapi-realtime-2026-08-21.json sdk

## upstream: what differs between the catalogue and upstream (the OpenAPI document, the openai
## package), and spec/COVERAGE.md refreshed; a report: findings (exit 1) do not fail it, a tool
## that cannot run (exit 2) does
upstream: $(INSTALLED)
	$(PY) -m codegen upstream $(UPSTREAM) --coverage || [ $$? -eq 1 ]
## diff: what the edits of spec/ in the working tree break, against HEAD, for the wire and for
## generated code (DIFF_ARGS="--against REF --format json --fail-on breaking --check-version" ...)
diff: $(INSTALLED)
	$(PY) -m codegen diff $(DIFF_ARGS)

## changelog: spec/CHANGELOG.md and spec/history.json from the releases spec/releases.yaml lists
## (reads them from git)
changelog: $(INSTALLED)
	$(PY) -m codegen changelog

## lint: ruff over the generator, the tests, the examples and the generated package
lint: $(INSTALLED)
	$(VENV)/bin/ruff check codegen tests examples noxfile.py
	$(VENV)/bin/ruff format --check codegen tests examples noxfile.py
	$(VENV)/bin/ruff check --config codegen/ruff-generated.toml generated
	$(VENV)/bin/ruff format --check --config codegen/ruff-generated.toml generated

## typecheck: mypy --strict over the generator, the examples and the generated Python packages;
## tsc over the fixed TypeScript modules
typecheck: $(INSTALLED) $(NODE_INSTALLED)
	$(VENV)/bin/mypy --strict codegen noxfile.py
	MYPYPATH=generated $(VENV)/bin/mypy --strict --cache-dir .mypy_cache/examples examples
	cd generated && ../$(VENV)/bin/mypy --strict --cache-dir ../.mypy_cache/generated realtime_events
	cd generated/pydantic && ../../$(VENV)/bin/mypy --config-file ../../codegen/mypy-pydantic.ini \
		--cache-dir ../../.mypy_cache/pydantic realtime_events_pydantic
	$(TSC) -p codegen/targets/typescript/runtime

DOCS_INSTALLED := $(VENV)/.installed-docs
# Debian's Chromium, for the browser test: Playwright cannot download a browser of its own here.
CHROMIUM := /usr/bin/chromium

$(DOCS_INSTALLED): requirements-docs.txt $(INSTALLED)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-docs.txt
	@touch $@

$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then \
		echo "$(CHROMIUM) is missing: install Debian's chromium (sudo apt-get install --no-install-recommends chromium)"; \
		exit 1; \
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

## ts-build: compile generated/typescript into its dist/ (not committed)
ts-build: $(NODE_INSTALLED)
	$(TSC) -p generated/typescript

# Where ts-pack writes the tarball.
TS_PACK_DIR ?= build
TS_STAGE = $(TS_PACK_DIR)/.typescript-package

## ts-pack: the npm tarball of the TypeScript package, $(TS_PACK_DIR)/realtime-events-X.Y.Z.tgz,
## compiled afresh in a scratch copy (no stale dist/ file can ship), with the README and LICENSE;
## `npm install ./realtime-events-X.Y.Z.tgz` installs it anywhere
ts-pack: $(NODE_INSTALLED)
	rm -rf $(TS_STAGE) && mkdir -p $(TS_STAGE)
	cp -R generated/typescript/package.json generated/typescript/tsconfig.json \
		generated/typescript/README.md generated/typescript/src LICENSE $(TS_STAGE)/
	$(TSC) -p $(TS_STAGE)
	cd $(TS_STAGE) && npm pack --pack-destination .. --silent --loglevel=error
	rm -rf $(TS_STAGE)

## quick: after each edit, in under a minute: ruff, the generator's tests on the mini spec
## (golden output, spec errors, loading, naming, registry, emit, cache, cli) and the package's
## own tests (tests/bindings/), leaving out the full-corpus and whole-session ones (-m "not slow")
quick: $(INSTALLED)
	$(VENV)/bin/ruff check codegen tests examples noxfile.py
	$(VENV)/bin/ruff format --check codegen tests examples noxfile.py
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not slow" tests/generator tests/bindings \
		--ignore=tests/generator/test_adversarial_spec.py

## test: drift check, lint, typecheck, the TypeScript build, the whole test suite in parallel
## (the docs site in headless Chromium included), then tests/bindings/ on CPython 3.11-3.13
test: check lint typecheck ts-build $(DOCS_INSTALLED) $(CHROMIUM)
	$(PY) -m pytest $(PYTEST_PARALLEL)
	@$(MAKE) --no-print-directory pythons

# nox's sessions, one per CPython (noxfile.py); `make pythons` runs them at the same time, each
# in one process, with each session's output kept together.
NOX_SESSIONS := package-3.11 package-3.12 package-3.13

## pythons: tests/bindings/ on every CPython 3.11-3.13 alone (nox; each interpreter must be found)
pythons: $(INSTALLED)
	@$(MAKE) --no-print-directory -j $(words $(NOX_SESSIONS)) --output-sync=target \
		$(addprefix nox-,$(NOX_SESSIONS))

nox-%: $(INSTALLED)
	$(PY) -m nox --session $*

## docs: regenerate the reference and build it into site/ with MkDocs (strict, fully offline)
docs: generate $(DOCS_INSTALLED)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet --config-file generated/docs/mkdocs.yml
	@echo "Site: site/index.html (to browse it: python3 -m http.server --directory site)"

## vendor: copy the package into your code, e.g. make vendor DEST=../app/src (gives ../app/src/realtime_events/)
vendor: $(INSTALLED)
	@test -n "$(DEST)" || { echo "usage: make vendor DEST=<folder that is to hold realtime_events/>" >&2; exit 2; }
	$(PY) -m codegen vendor --to "$(DEST)"

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .nox site test-output node_modules .mutation \
		generated/typescript/dist build

BENCH_INSTALLED := $(VENV)/.installed-bench

$(BENCH_INSTALLED): requirements-bench.txt $(INSTALLED)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

## bench: decode speed, memory, import and generation time against json, openai and msgspec,
## and the TypeScript decoder against JSON.parse
bench: $(BENCH_INSTALLED) ts-build
	$(PY) -m tests.benchmarks

## fuzz: a long fuzzing run of parse_event with a new seed (make test runs a short, fixed one)
fuzz: $(INSTALLED)
	FUZZ_SEED=$${FUZZ_SEED:-random} FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-20000} \
		$(PY) -m pytest tests/bindings/test_fuzz.py -q -p no:cacheprovider

MUTATE_INSTALLED := $(VENV)/.installed-mutate

$(MUTATE_INSTALLED): requirements-mutate.txt $(INSTALLED)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-mutate.txt
	@touch $@

## mutate: mutation testing (mutmut) of the runtime, the dispatcher, emit, lower, the Python
## target's decoder building and codegen diff's rules and rule engine; writes
## tests/mutation/RESULTS.md (not part of make test).
## MUTATE_ARGS=--again reruns only the last run's survivors, with the tests written since
mutate: $(MUTATE_INSTALLED)
	$(PY) -m tests.mutation $(MUTATE_ARGS)

## golden: refresh the checked-in output of the mini spec after an intended generator change
golden: $(INSTALLED)
	$(PY) -m codegen generate --spec tests/specs/mini --out tests/golden/mini
