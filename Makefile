# Candour — developer commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: help install assets run seed test test-sqlite lint browser-deps clean security stress

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/flask: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/flask assets ## Install Python and front-end dependencies

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

intake/static/candour.css: node_modules/.package-lock.json scripts/candour.scss scripts/build-assets.mjs
	node scripts/build-assets.mjs

assets: intake/static/candour.css ## Build the stylesheet from GOV.UK Frontend

run: install ## Install, migrate, seed the demo (first time only) and serve on http://$(HOST):$(PORT)
	CANDOUR_SECURE_COOKIES=false $(BIN)/flask db upgrade
	CANDOUR_SECURE_COOKIES=false CANDOUR_BASE_URL=http://$(HOST):$(PORT) $(BIN)/flask seed demo --if-empty
	@echo "Candour is running at http://$(HOST):$(PORT)/  (team sign-in: http://$(HOST):$(PORT)/team/sign-in)"
	CANDOUR_SECURE_COOKIES=false CANDOUR_BASE_URL=http://$(HOST):$(PORT) $(BIN)/flask run --host $(HOST) --port $(PORT)

seed: install ## Add the demo team and demo reports to an empty database
	CANDOUR_SECURE_COOKIES=false $(BIN)/flask db upgrade
	CANDOUR_SECURE_COOKIES=false CANDOUR_BASE_URL=http://$(HOST):$(PORT) $(BIN)/flask seed demo

browser-deps: ## Install Debian's Chromium (browser tests) and DejaVu fonts (case bundle PDF) (needs root)
	@(test -x /usr/bin/chromium && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf) || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null)

lint: install ## ruff (lint and format) and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy intake triage

test: install browser-deps ## Install everything and run the whole suite (SQLite, PostgreSQL, browser)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory security
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory stress

# bandit fails on high-severity findings; pip-audit on known vulnerabilities in the installed
# packages (Candour itself is editable and not on PyPI). Set PIP_AUDIT_FLAGS=--strict to also fail
# when a package could not be checked (e.g. no route to PyPI's JSON API).
PIP_AUDIT_FLAGS ?=
security: install ## bandit (high severity) and pip-audit (known vulnerabilities)
	$(BIN)/bandit -q -r intake triage seeds -lll
	$(BIN)/pip-audit --local --skip-editable --progress-spinner off $(PIP_AUDIT_FLAGS)

# Small sizes for CI; see benchmarks/load.py and benchmarks/faults.py for full-size runs. Each
# starts its own PostgreSQL cluster, Redis and gunicorn on free ports and stops them afterwards.
stress: install ## Load and fault scripts at a small size (private PostgreSQL, Redis, gunicorn)
	$(BIN)/python -m benchmarks.load --workers 2 --reporters 4 --count 8 --bare-duration 2
	$(BIN)/python -m benchmarks.faults --workers 2 --reporters 4 --duration 20

clean: ## Remove the virtualenv, node modules and built assets
	rm -rf $(VENV) node_modules intake/static/candour.css intake/static/vendor
