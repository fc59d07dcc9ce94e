# Every target creates the virtual environment and installs the project when needed,
# so a fresh clone needs nothing but `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DIR ?= .demo
# The demo coach's own caseload: every synthetic participant is theirs, so the demo account on the local
# sync server may send all of them (DEMO_PER_COACH=60 spreads a big vault over more, local-only, coaches).
DEMO_PARTICIPANTS ?= 150
DEMO_PER_COACH ?= $(DEMO_PARTICIPANTS)

.PHONY: run test lint bench demo deps clean translations screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

deps:
	./scripts/system-deps.sh

# A demo vault with synthetic participants; its passphrase is "demo-passphrase" (see README).
$(DEMO_DIR)/coachdesk.key: | $(STAMP)
	COACHDESK_PASSPHRASE=demo-passphrase $(BIN)/coachdesk init --data-dir $(DEMO_DIR)
	COACHDESK_PASSPHRASE=demo-passphrase $(BIN)/coachdesk demo-data --data-dir $(DEMO_DIR) \
		--participants $(DEMO_PARTICIPANTS) --per-coach $(DEMO_PER_COACH)

demo: $(DEMO_DIR)/coachdesk.key

# The app on the demo vault, signed in to a local sync server (127.0.0.1:$(DEMO_SERVER_PORT), data in
# $(DEMO_SERVER_DIR)/, accounts demo-coach and demo-supervisor, password demo-password) that stops with it.
DEMO_SERVER_DIR ?= .demo-server
DEMO_SERVER_PORT ?= 8765
run: $(STAMP) deps demo
	$(BIN)/python scripts/demo_server.py --server-dir $(DEMO_SERVER_DIR) \
		--port $(DEMO_SERVER_PORT) --vault $(DEMO_DIR) -- $(BIN)/coachdesk --data-dir $(DEMO_DIR)

lint: $(STAMP)
	$(BIN)/ruff check coachdesk tests bench
	$(BIN)/mypy

test: $(STAMP) deps lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

translations: $(STAMP)
	$(BIN)/python scripts/translations.py

# Every main view rendered offscreen from a throwaway synthetic vault, for the README.
screenshots: $(STAMP) deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --out docs/screenshots

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
