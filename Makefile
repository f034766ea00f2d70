# Lenin's Government, 1917-1924: a data-driven history course.
#   make book   build the course website into _build/html
#   make test   every check (data, package, notebooks with strict nbval, book, browser)
# Every target creates .venv from the pinned lock (requirements.txt) when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := book/_vendor/widgets/embed-amd.js
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.DEFAULT_GOAL := help
.PHONY: help book test lab execute clean lint lock pages worksheets app bench basemap system-deps

help:
	@echo "make book        build the course website (_build/html/index.html)"
	@echo "make test        run every check: data, package, strict nbval, book build, browser"
	@echo "make lab         open JupyterLab on the start-here lesson"
	@echo "make execute     re-run every notebook in place to refresh its stored outputs"
	@echo "make pages       regenerate the pages made from the data (codebook, glossary, people, timeline, bibliography)"
	@echo "make worksheets  student and instructor editions of every lesson (notebooks and PDFs)"
	@echo "make app         serve the explorer as a Voila dashboard on localhost"
	@echo "make bench       time notebooks, widget callbacks and the book build"
	@echo "make basemap     regenerate data/basemap.csv from Natural Earth (npm world-atlas)"
	@echo "make lock        re-pin requirements.txt from requirements.in and regenerate environment.yml"
	@echo "make clean       remove build output (keeps .venv)"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The book serves the widget JavaScript itself (no CDN): pinned npm packages, copied next to the pages.
$(VENDOR): package.json package-lock.json book/_widgets_src/widgets-config.js
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p book/_vendor/widgets
	cp node_modules/requirejs/require.js book/_vendor/widgets/require.js
	cp node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js book/_widgets_src/widgets-config.js book/_vendor/widgets/
	mkdir -p book/_vendor/widgets/@jupyter-widgets/html-manager/dist
	cd node_modules/@jupyter-widgets/html-manager/dist && cp *.woff *.woff2 *.ttf *.eot *.svg \
	  $(CURDIR)/book/_vendor/widgets/@jupyter-widgets/html-manager/dist/ && cp *.woff *.woff2 *.ttf *.eot *.svg \
	  $(CURDIR)/book/_vendor/widgets/@jupyter-widgets/
	@touch $@

pages: $(STAMP)
	$(BIN)/python -m leningov.pages

book: $(STAMP) $(VENDOR)
	$(BIN)/python -m leningov.pages --check
	$(BIN)/jupyter-book build . --builder html --warningiserror --nitpick --keep-going
	@echo "The course is built: open file://$(CURDIR)/_build/html/index.html"

# Chromium (Debian package) prints the worksheet PDFs and drives the browser tests.
system-deps:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "Install Debian's chromium and poppler-utils packages (sudo apt-get install chromium poppler-utils)"; exit 1; fi; }

test: $(STAMP) $(VENDOR) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00-start-here.ipynb

execute: $(STAMP)
	$(BIN)/python -m leningov.execute $(NOTEBOOKS)

worksheets: $(STAMP) system-deps
	$(BIN)/python -m leningov.worksheets $(NOTEBOOKS)

app: $(STAMP)
	$(BIN)/voila notebooks/07-capstone-explorer.ipynb --no-browser --port=8866 --Voila.ip=127.0.0.1

basemap: $(STAMP) $(VENDOR)
	$(BIN)/python -m leningov.basemap

bench: $(STAMP) $(VENDOR)
	$(BIN)/python -m leningov.bench

lock:
	$(PYTHON) -m venv /tmp/leningov-lock && /tmp/leningov-lock/bin/pip install --quiet pip-tools
	/tmp/leningov-lock/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/python -m leningov.binder --write

clean:
	rm -rf _build worksheets book/_vendor .pytest_cache .ruff_cache
