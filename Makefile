# The front door. `make run` sets everything up and runs the main job; `make test` runs all tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test bench lint clean

$(BIN)/labexport: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/labexport

run: setup
	$(BIN)/labexport build

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_parse.py

clean:
	rm -rf $(VENV) data/processed/*.csv
