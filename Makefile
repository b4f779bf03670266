# Two commands do everything on a fresh machine: `make run` and `make test`.
# Both create .venv when it is missing and reinstall only when the project's files change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint types workflow byte-code unit ui bench pyz exe wheelhouse clean

# pytest-xdist: one worker per core and two more, because many tests spend their time waiting
# (tmux, Pilot waiting for the app to go idle, child processes). Back to back on 2 cores on
# 2026-11-27 the suite took 105-107 s with 3 workers, 97-100 s with 4 and 96 s with 5, using the
# same CPU each time: more workers only fill the waits (the README has today's figures). A file
# whose tests share one build (the single file, the executable) is kept on one worker by its
# xdist_group mark, so it is built once.
WORKERS  ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 2)")
PARALLEL := -n $(WORKERS) --dist loadgroup
# Byte code is written while the tests run even where PYTHONDONTWRITEBYTECODE is set (it is on our
# build machines): else pytest rewrites and compiles every test module again in each worker, and
# each breather the tests start compiles what it imports (0.75 CPU-s a worker, measured).
PYTEST   := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

run: $(RUN_STAMP)
	$(BIN)/breather $(ARGS)

# Everything: format, lint, types, the CI workflow, and every test (the slow ones too: tmux,
# builds, processes).
test: $(TEST_STAMP) lint types workflow byte-code
	$(PYTEST) $(PARALLEL)

# breather's byte code, written once before the tests start about 150 breathers of their own:
# where PYTHONDONTWRITEBYTECODE is set (it is on our build machines) each would otherwise compile
# every module again (about 0.1 s of CPU each time). Stale files are rewritten, fresh ones kept.
byte-code: $(TEST_STAMP)
	$(BIN)/python -m compileall -q src

lint: $(TEST_STAMP)
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/ruff check src tests bench tools

# Types as each system sees them: CI runs on Windows and macOS too, where the standard library
# lacks some of what Linux has (os.fork, signal.SIGKILL...). Each has its own cache, kept warm.
types: $(TEST_STAMP)
	$(BIN)/mypy --strict src tests bench tools
	$(BIN)/mypy --strict --platform win32 --cache-dir .mypy_cache/win32 src tests bench tools
	$(BIN)/mypy --strict --platform darwin --cache-dir .mypy_cache/darwin src tests bench tools

# The CI workflow, offline: against GitHub's workflow schema, then actionlint (expressions, the
# matrix, actions' inputs, and shellcheck on every `run:` script; the venv's shellcheck first).
workflow: $(TEST_STAMP)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/ci.yml
	@if [ -x $(BIN)/actionlint ]; then \
		echo 'actionlint .github/workflows/ci.yml'; \
		PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/actionlint .github/workflows/ci.yml; \
	elif [ -n "$$CI" ]; then \
		echo 'actionlint is not installed (requirements-dev.txt): CI must run it'; exit 1; \
	else \
		echo 'actionlint has no wheel for this system (Intel Mac): only the schema was checked'; \
	fi

# The fast lane while working: tests/unit, every test there not marked slow (no app on a screen,
# no build, no real terminal). `make ui` adds the app driven with Pilot and the SVG snapshots.
unit: $(TEST_STAMP) byte-code
	$(PYTEST) $(PARALLEL) -m "not slow" tests/unit

ui: $(TEST_STAMP) byte-code
	$(PYTEST) $(PARALLEL) tests/ui

# Benchmarks report numbers; they never fail a build (a failing one is reported and the rest
# run). Each goal of issue 13 is a ratio to a floor measured in the same run; the last lines
# sum them up. The tmux ones take a few minutes; bench/requirements.txt brings breathe-cli.
BENCH_RESULTS := $(VENV)/bench-goals.jsonl
bench: $(TEST_STAMP)
	-$(BIN)/python -m pip install --quiet --requirement bench/requirements.txt \
		|| echo "bench: breathe-cli could not be installed; its comparison is skipped"
	rm -f $(BENCH_RESULTS)
	-BENCH_RESULTS=$(BENCH_RESULTS) $(BIN)/python bench/startup.py
	-BENCH_RESULTS=$(BENCH_RESULTS) bench/animation
	-$(BIN)/python bench/memory.py
	-$(BIN)/python bench/loading.py
	-$(BIN)/python bench/plain_timing.py
	-$(BIN)/python bench/sound_timing.py
	-$(BIN)/python bench/hostile.py
	-$(BIN)/python bench/fuzz.py
	-$(BIN)/python bench/hardening.py
	-$(BIN)/python bench/executable.py
	$(BIN)/python bench/goals.py $(BENCH_RESULTS)

# One file holding breather, its exercises and its pure-Python dependencies: dist/breather.pyz.
pyz: $(RUN_STAMP)
	$(BIN)/python tools/build_pyz.py --output dist/breather.pyz

# One executable with Python inside, for machines with no Python: dist/breather (breather.exe on
# Windows). Built for the system it runs on; needs PyInstaller (requirements-dev.txt).
exe: $(TEST_STAMP)
	$(BIN)/python tools/build_exe.py --output-dir dist

# breather's wheel and every dependency's wheel, for installing with no network.
wheelhouse: $(RUN_STAMP)
	rm -rf dist/wheelhouse
	$(BIN)/python -m pip wheel --quiet --wheel-dir dist/wheelhouse .

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(TEST_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --requirement requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache .hypothesis
