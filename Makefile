# The two commands of the README:
#   make demo   create the environment and run the embedded main job on the bundled example clinic
#   make test   create the environment (with the test tools and every extra) and run ruff, mypy, pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# torch's CPU build (2.13.0 lies on disk on the project's machines; a bare `torch` would pull a CUDA build)
TORCH  := torch==2.13.0

.PHONY: demo test system lint typecheck unit bench clean

demo: $(VENV)/.base
	$(BIN)/carelayer demo

test: $(VENV)/.dev system lint typecheck unit

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

# Debian packages the tests drive for real (Chromium for the console's browser tests)
system:
	sh scripts/system-packages.sh

unit: $(VENV)/.dev system
	$(BIN)/pytest

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/retrieval.py
	$(BIN)/python benchmarks/retrieval.py --embeddings minilm

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[dev,st]'
	touch $(VENV)/.base $@

clean:
	rm -rf $(VENV) .carelayer .mypy_cache .pytest_cache .ruff_cache
