# Lenin's Government, 1917-1924: a data-driven history course.
#   make book   build the course website into _build/html
#   make test   every check (data, package, notebooks with strict nbval, book, worksheets, browser)
#   make test-fast  the checks without browser, PDF or book build, while you work
# Every target creates .venv from the pinned development lock (requirements-dev.txt, a superset of the runtime lock
# requirements.txt) when it is missing or out of date. The build programs are in tools/ (python -m tools.NAME).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := book/_vendor/widgets/embed.js
AUDIT_TOOLS := node_modules/lighthouse/cli/index.js
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# make execute NB=notebooks/03-terror-and-repression.ipynb runs one notebook (default: every notebook)
NB ?= $(NOTEBOOKS)
LOCK   := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links

.DEFAULT_GOAL := help
.PHONY: help book test test-fast lab execute clean lint lock pages worksheets app bench basemap system-deps audit audit-deps

help:
	@echo "make book        build the course website (_build/html/index.html)"
	@echo "make test        run every check: data, package, strict nbval, book build, worksheet PDFs, browser"
	@echo "make test-fast   the quick checks while you work: data, package, notebook hygiene, strict nbval"
	@echo "make lab         open JupyterLab on the start-here lesson"
	@echo "make execute     re-run every notebook in place to refresh its stored outputs (NB=path for one)"
	@echo "make pages       regenerate the pages made from the data, and the lessons' timings from their seminar plans"
	@echo "make worksheets  the printed editions of every lesson: student worksheet, reader, instructor edition"
	@echo "make app         serve the explorer as a Voila dashboard on localhost"
	@echo "make bench       time notebooks, widget callbacks and the book build"
	@echo "make audit       build the book, then judge every page with Lighthouse and the Nu HTML checker (offline)"
	@echo "make basemap     regenerate data/basemap.csv from Natural Earth (npm world-atlas)"
	@echo "make lock        re-pin requirements.txt and requirements-dev.txt from their .in files, regenerate environment.yml"
	@echo "make clean       remove build output (keeps .venv)"

# ... and the course's JupyterLab defaults (jupyterlab-overrides.json: widget state saved with a lesson, no news feed)
$(STAMP): requirements-dev.txt requirements.txt pyproject.toml jupyterlab-overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m tools.lab_settings
	@touch $@

# The book serves the widget JavaScript itself (no CDN): pinned npm packages, copied next to the pages. The widget
# manager is html-manager's single bundle (embed.js: base, controls and output widgets, no require.js), without its
# source-map comment (the map is not shipped), with the fonts its styles name; widgets-loader.js fetches it on demand.
# The npm packages the audit runs (devDependencies) are not needed here.
$(VENDOR): package.json package-lock.json book/_widgets_src/widgets-loader.js
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf book/_vendor/widgets
	mkdir -p book/_vendor/widgets
	sed '/^\/\/# sourceMappingURL=/d' node_modules/@jupyter-widgets/html-manager/dist/embed.js > $@.tmp
	cp book/_widgets_src/widgets-loader.js book/_vendor/widgets/
	cd node_modules/@jupyter-widgets/html-manager/dist && cp *.woff *.woff2 *.ttf *.eot *.svg $(CURDIR)/book/_vendor/widgets/
	mv $@.tmp $@

# Lighthouse and the Nu HTML checker (vnu-jar), pinned in package.json's devDependencies; after the vendored files,
# whose `npm ci --omit=dev` would remove them.
$(AUDIT_TOOLS): package.json package-lock.json $(VENDOR)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

pages: $(STAMP)
	$(BIN)/python -m tools.pages

book: $(STAMP) $(VENDOR)
	$(BIN)/python -m tools.pages --check
	$(BIN)/jupyter-book build . --builder html --warningiserror --nitpick --keep-going
	@echo "The course is built: open file://$(CURDIR)/_build/html/index.html"

# Chromium (Debian package) prints the worksheet PDFs and drives the browser tests.
system-deps:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "Install Debian's chromium and poppler-utils packages (sudo apt-get install chromium poppler-utils)"; exit 1; fi; }

# Java (Debian's headless runtime) runs the Nu HTML checker in `make audit`.
audit-deps: system-deps
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Install Debian's default-jre-headless package (sudo apt-get install default-jre-headless)"; exit 1; fi; }

# Lighthouse and the Nu checker on the built site, served from localhost, offline; a table per page (tools/audit.py).
audit: book $(AUDIT_TOOLS) audit-deps
	$(BIN)/python -m tools.audit $(AUDIT_ARGS)

test: $(STAMP) $(VENDOR) system-deps
	$(BIN)/python -m pytest

# No browser, no PDF, no book build: the tests marked `browser` or `slow` are left to `make test`.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tools tests notebooks app book/_ext

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00-start-here.ipynb

execute: $(STAMP)
	$(BIN)/python -m tools.execute $(NB)

# The printed editions of every lesson (tools/worksheets.py) from the stored outputs, in worksheets/: it fails,
# naming the lesson and the cell, when a page would print something cut, a NaN, or a worksheet past 8 pages.
worksheets: $(STAMP) system-deps
	$(BIN)/python -m tools.worksheets $(NOTEBOOKS)

# The capstone's explorer alone, as a dashboard (app/explorer.ipynb). Voila reads app/voila.json from the folder it
# starts in, and finds the page template (app/voila/templates/course: no request off the machine) on JUPYTER_PATH.
app: $(STAMP)
	cd app && JUPYTER_PATH=$(CURDIR)/app $(CURDIR)/$(BIN)/voila explorer.ipynb

basemap: $(STAMP) $(VENDOR)
	$(BIN)/python -m tools.basemap

bench: $(STAMP) $(VENDOR)
	$(BIN)/python -m tools.bench

# The runtime lock first; the development lock is constrained to it (-c requirements.txt in requirements-dev.in),
# so both install the same version of every package they share. pip-compile keeps the current pins unless an .in
# file asks for something else (run with `LOCK_ARGS=--upgrade` to move everything to the newest releases).
lock: $(STAMP)
	$(LOCK) $(LOCK_ARGS) -o requirements.txt requirements.in
	$(LOCK) $(LOCK_ARGS) -o requirements-dev.txt requirements-dev.in
	$(BIN)/python -m tools.binder --write

clean:
	rm -rf _build worksheets book/_vendor .pytest_cache .ruff_cache
