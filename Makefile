# The front door. `make run` sets everything up and builds the latest month's reports;
# `make test` sets everything up (Debian's chromium included) and runs all tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser axe run test bench bench-reports fuzz eval notebooks clean

$(BIN)/labexport: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,intake]"
	touch $@

setup: $(BIN)/labexport

# Browser tests drive Debian's chromium through Playwright (Playwright's own download is not used).
# Noto Sans (fonts-noto-core) prints the briefing PDFs, every Vietnamese diacritic included.
browser:
	@{ [ -x $(CHROMIUM) ] && [ -d /usr/share/fonts/truetype/noto ]; } || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	  chromium fonts-dejavu-core fonts-noto-core; }

# The accessibility tests inject axe-core (npm) into every page; node_modules/ is not committed.
AXE := node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	npm install --prefix . --no-save --no-package-lock --no-audit --no-fund --silent axe-core@4
	@test -f $@

run: setup
	$(BIN)/labexport monthly
	@echo "reports: reports/index.html"

test: setup browser $(AXE)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy labexport
	LABEXPORT_REQUIRE_BROWSER=1 $(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_parse.py

bench-reports: setup
	$(BIN)/python benchmarks/bench_reports.py

fuzz: setup
	$(BIN)/python benchmarks/fuzz_reader.py --n 10000

# Recall and precision of the reader on the fixture bulletins and variants of them.
eval: setup
	$(BIN)/python benchmarks/eval_reader.py

notebooks: setup
	$(BIN)/python tools/make_notebooks.py

clean:
	rm -rf $(VENV) data/processed/*.csv reports/*/ reports/index.html
