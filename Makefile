# Ruamkan: two commands do everything on a fresh machine with python3 and make.
#   make run   - create .venv, install, migrate, load the demo, print logins, serve :8000
#   make test  - the same bootstrap, then the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: venv run test test-fast lint typecheck bench migrate demo messages clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

migrate: venv
	@mkdir -p var
	$(PY) manage.py compilemessages_py
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver $(HOST)

test: venv
	$(PY) manage.py compilemessages_py
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

typecheck: venv
	$(VENV)/bin/mypy

bench: venv
	$(PY) bench/run.py

messages: venv
	$(PY) manage.py makemessages -l th -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages_py

clean:
	rm -rf $(VENV) var/*.sqlite3*
