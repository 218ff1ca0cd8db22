# The two commands of the README: `make run` and `make test`. Everything else follows from them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test lint bench clean translations lock roadmaps docs screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv --without-pip $(VENV)

# uv installs from the locks (several times faster than pip, same hashes); it is pinned, and
# this Python's pip installs it into the virtualenv (or, with a pip older than 22.3, the
# virtualenv's own pip).
UV_VERSION := 0.13.8
UV := $(BIN)/uv
$(UV): | $(BIN)/python
	$(PYTHON) -m pip --python $(BIN)/python install --quiet "uv==$(UV_VERSION)" 2>/dev/null \
		|| { $(BIN)/python -m ensurepip --default-pip >/dev/null \
		     && $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"; }

MO := parcours/translations/en/LC_MESSAGES/messages.mo

# Installs come from the lock files: every package at the version CI tested, checked against
# its hash; then the project itself, resolving nothing (--no-deps). `pip check` fails when
# pyproject.toml asks for a package the lock lacks: run `make lock`.
UV_INTO := --python $(BIN)/python

$(VENV)/.installed: pyproject.toml requirements.lock | $(UV)
	$(UV) pip install --quiet $(UV_INTO) --require-hashes -r requirements.lock
	$(UV) pip install --quiet $(UV_INTO) --no-deps -e .
	$(UV) pip check --quiet $(UV_INTO)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements-dev.lock | $(UV)
	$(UV) pip install --quiet $(UV_INTO) --require-hashes -r requirements-dev.lock
	$(UV) pip install --quiet $(UV_INTO) --no-deps -e .
	$(UV) pip check --quiet $(UV_INTO)
	@touch $@ $(VENV)/.installed

# Refresh the locks from pyproject.toml's ranges (newest versions that fit, for Python 3.11 and
# later on any platform, with hashes), then `make test` and commit them. One package only:
# make lock UV_ARGS="--upgrade-package flask".
UV_ARGS ?= --upgrade
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --no-header --quiet

lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(UV_ARGS) \
		-o requirements-dev.lock
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -c requirements-dev.lock \
		-o requirements.lock

# Compiled translations are built, not committed.
$(MO): parcours/translations/en/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile -d parcours/translations

# After adding or changing a UI string: refresh the catalogue, then translate the new entries.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header \
		-o parcours/translations/messages.pot .
	$(BIN)/pybabel update -i parcours/translations/messages.pot -d parcours/translations \
		--no-fuzzy-matching

run: $(VENV)/.installed $(MO)
	$(BIN)/flask --app app db upgrade
	PARCOURS_INSECURE_COOKIES=1 $(BIN)/flask --app app run --host 127.0.0.1 --port $(PORT)

# One pytest-xdist worker per core (TEST_WORKERS=1 for one process), a test file per worker at a
# time: a file's browser, server and database fixtures are made once. The longest kinds of file
# go first (tests/conftest.py's SLOW_FIRST), in that order (--no-loadscope-reorder), so that the
# workers end together.
TEST_WORKERS ?= auto
test: $(VENV)/.installed-dev $(MO)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The reference organisations' roadmaps (tests/roadmaps/expected/*.txt), written again from the
# current content: read their diff after a content change and commit them with it.
roadmaps: $(VENV)/.installed-dev
	$(BIN)/python -m tests.roadmaps.generate

# Ruff; mypy on the package; import-linter's layers (pyproject.toml: the engine is pure,
# blueprints import neither each other nor the factory); the questionnaires. CI runs it first.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy parcours
	$(BIN)/lint-imports
	$(BIN)/python -m parcours.engine questionnaires

# The documentation (docs/, mkdocs.yml) as a site in site/. --strict: a link to a page or an
# anchor that does not exist fails the build; CI runs it after lint.
docs: $(VENV)/.installed-dev
	$(BIN)/mkdocs build --strict --quiet

# The README's three screenshots, taken again by the browser test that checks those pages
# (tests/e2e/test_docs_images.py) into docs/img/: look at them, then commit them.
screenshots: $(VENV)/.installed-dev $(MO)
	PARCOURS_DOCS_IMAGES=docs/img $(BIN)/python -m pytest -p no:xdist -q tests/e2e/test_docs_images.py

# The benchmarks' tools, from Debian's packages when they are missing: wrk (requests/s) and
# Chromium (the PDF's anchor). Without root and without them, those rows say they were skipped.
BENCH_TOOLS := $(if $(shell command -v wrk),,wrk) $(if $(wildcard /usr/bin/chromium),,chromium)

bench: $(VENV)/.installed-dev $(MO)
	@if [ -n "$(strip $(BENCH_TOOLS))" ]; then \
		echo "bench: installing $(strip $(BENCH_TOOLS))"; \
		( [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		  apt-get install -y -qq --no-install-recommends $(BENCH_TOOLS) >/dev/null ) \
		|| echo "bench: could not install $(strip $(BENCH_TOOLS)) (run as root, or install them)"; \
	fi
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis site
