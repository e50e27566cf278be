# The two commands: `make demo` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python example_project/manage.py

.PHONY: demo test browser-test lint types format docs wheel dist bench tox clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres,test,docs,example,lint,browser,types,dist]"
	touch $(STAMP)

## demo: migrate, load the demo catalog and serve the example project: the listening page
##       at http://127.0.0.1:8000/ and the API at http://127.0.0.1:8000/api/
demo: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

## test: the whole suite with Django's user model and with a custom email user model
##       (SQLite, or the PostgreSQL database in DATABASE_URL)
test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --ds tests.settings_email_user

## browser-test: the listening page, the API docs and the admin in headless Chromium
##               (Debian's chromium and chromium-driver); screenshots in artifacts/browser/
browser-test: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider browser_tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## types: mypy with django-stubs and djangorestframework-stubs over django_musiclib/
types: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

bench: $(STAMP)
	$(BIN)/python bench/scale.py

wheel: $(STAMP)
	$(BIN)/python -m build --outdir dist .

## dist: build the sdist and the wheel into dist/, check them (twine, their contents), and
##       follow the README's Quickstart with the wheel in a new project
dist: $(STAMP)
	PYTHON=$(BIN)/python bash .ci/dist

# pyenv, where present, lends tox every Python it has installed.
PYENV_PATH := $(shell for v in $$(pyenv versions --bare 2>/dev/null | grep '^3\.'); do printf '%s:' "$$(pyenv root)/versions/$$v/bin"; done)

tox: $(STAMP)
	$(BIN)/python -m pip install --quiet tox
	PATH="$(PYENV_PATH)$$PATH" $(BIN)/tox

clean:
	rm -rf $(VENV) build dist docs/_build *.egg-info .mypy_cache example_project/db.sqlite3 artifacts
