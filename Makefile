# The two commands: `make demo` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python example_project/manage.py

.PHONY: demo test fuzz browser-test lint types format docs messages compilemessages wheel dist bench load tox clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres,test,docs,example,deploy,lint,browser,types,dist]"
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

## fuzz: the schemathesis fuzz tests (tests/test_fuzz.py) at length: FUZZ_EXAMPLES examples
##       per operation (100), FUZZ_STEPS steps per stateful run (50), a random seed that it
##       prints; FUZZ_SEED=<seed> replays a run (SQLite, or the database in DATABASE_URL)
FUZZ_EXAMPLES ?= 100
FUZZ_STEPS ?= 50
fuzz: $(STAMP)
	@seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "Fuzzing with seed $$seed (replay: make fuzz FUZZ_SEED=$$seed)"; \
	FUZZ_SEED=$$seed FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_STEPS=$(FUZZ_STEPS) \
		$(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py --hypothesis-seed=$$seed

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

## messages: extract the messages of the code into the catalog of LANGUAGE (fr by default),
##           keeping its translations (needs GNU gettext); see docs/translations.rst
LANGUAGE ?= fr
messages: $(STAMP)
	cd django_musiclib && $(abspath $(BIN))/django-admin makemessages --locale $(LANGUAGE) --no-obsolete

## compilemessages: compile every catalog (django.po) into the django.mo that Django reads
compilemessages: $(STAMP)
	cd django_musiclib && $(abspath $(BIN))/django-admin compilemessages

bench: $(STAMP)
	$(BIN)/python bench/scale.py

## load: the example project in production (gunicorn, PostgreSQL of DATABASE_URL, Redis when
##       it answers) under 32 clients for 60 s; docs/deployment.rst has the figures. A quick run:
##       make load LOAD_ARGS="--duration 5 --warmup 1 --clients 4 --songs 300"
load: $(STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

wheel: $(STAMP)
	$(BIN)/python -m build --outdir dist .

## dist: build the sdist and the wheel into dist/, check them (twine, their contents), and
##       follow the README's Quickstart with the wheel in a new project
dist: $(STAMP)
	PYTHON=$(BIN)/python bash .ci/dist

# pyenv, where present, lends tox every Python it has installed.
PYENV_PATH = $(shell for v in $$(pyenv versions --bare 2>/dev/null | grep '^3\.'); do printf '%s:' "$$(pyenv root)/versions/$$v/bin"; done)

tox: $(STAMP)
	$(BIN)/python -m pip install --quiet tox
	PATH="$(PYENV_PATH)$$PATH" $(BIN)/tox

clean:
	rm -rf $(VENV) build dist docs/_build *.egg-info .mypy_cache example_project/db.sqlite3 artifacts
