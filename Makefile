# Two entry points (see README): `make demo` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install clean docs

demo: $(VENV)/.installed
	$(BIN)/budgetkg demo

test: $(VENV)/.installed
	bash scripts/system-deps.sh
	$(BIN)/ruff check src tests
	$(BIN)/mypy src
	$(BIN)/pytest -q

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

docs: $(VENV)/.installed
	$(BIN)/budgetkg ontology docs --output docs/ontology/index.html

clean:
	rm -rf $(VENV) budgetkg-data tests/.fixtures
