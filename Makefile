# The two commands a user needs: `make report` and `make test`. `make help` lists them all.
# Everything runs in a local virtual environment (.venv) created with the Python on PATH:
# no root, no conda, no system fonts needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
KERNEL := policy-corpus

.DEFAULT_GOAL := help
.PHONY: help install report test lint lab lock clean bench

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml requirements.lock
	@echo "Creating the environment in $(VENV) (first run: a few minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" > /dev/null
	@# In a git checkout, strip notebook outputs on commit (a filter in .git/, not global).
	@if [ -d .git ]; then $(BIN)/nbstripout --install; fi
	@touch $@

install: $(INSTALLED)  ## create .venv with the pinned packages and the Jupyter kernel

report: $(INSTALLED)  ## run the five notebooks and write reports/ (HTML, PDF, tables, figures)
	$(BIN)/policy-corpus run

test: $(INSTALLED) lint  ## lint, type-check and run the whole test suite
	$(BIN)/python -m pytest

lint: $(INSTALLED)  ## ruff (lint and format check) and mypy
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/nbstripout --verify notebooks/*.ipynb

# BENCH_ARGS=--with-10000 adds the 10,000-document corpus (about 15 minutes more).
BENCH_ARGS ?=
bench: $(INSTALLED)  ## time the whole chain (PDF included) on 5, 124 and 1,000 synthetic documents
	$(BIN)/python scripts/bench_whole.py --documents 5 124 1000 $(BENCH_ARGS)

# Lab runs in the user's browser, which may have no CJK font: a custom.css in Lab's config folder
# brings the bundled one. The config folder is the environment's (.venv/etc/jupyter), so your own
# ~/.jupyter is left as it is (and not read by `make lab`).
LAB_CONFIG := $(abspath $(VENV))/etc/jupyter
lab: $(INSTALLED)  ## open JupyterLab on the project with the project's kernel
	@$(BIN)/python -m policy_corpus.fonts $(LAB_CONFIG)/custom > /dev/null
	JUPYTER_CONFIG_DIR=$(LAB_CONFIG) $(BIN)/jupyter lab --notebook-dir=. --LabApp.custom_css=True \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root)

# Resolve with the oldest Python 3.11 at hand (LOCK_PYTHON=/usr/bin/python3 is Debian's 3.11.2):
# a pin resolved on a newer 3.11.x can require it (soupsieve 4.x needs 3.11.5).
LOCK_PYTHON ?= $(PYTHON)
lock:  ## re-pin requirements.lock from pyproject.toml (after changing dependencies)
	rm -rf $(VENV)-lock && $(LOCK_PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip
	$(VENV)-lock/bin/python -m pip install --quiet -e '.[dev]'
	$(VENV)-lock/bin/python -m pip freeze --exclude-editable --exclude policy-corpus > requirements.lock
	rm -rf $(VENV)-lock

clean:  ## remove generated tables and reports (keeps raw data and .venv)
	rm -f data/processed/*.parquet
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
