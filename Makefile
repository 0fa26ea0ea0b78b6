# LabourDesk: `make run` sets everything up and serves the app; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two workers (pytest-xdist): the machine has two cores. PYTEST_ARGS adds options or test paths.
PYTEST_WORKERS ?= -n 2
export DJANGO_SETTINGS_MODULE := labourdesk.settings

.PHONY: run test setup venv messages lint format check schema demo clean bench

# `make run` keeps the pid of each process it starts and stops exactly those on Ctrl-C, on a TERM
# to make (make passes it on to this shell) or when one of them exits. No job control: `set -m`
# gave each child its own process group, out of reach of `kill 0`, so they outlived make.
# The access log masks the token of the requester's private links (labourdesk/helpdesk/gunicorn.py).
run: setup
	@LABOURDESK_DEMO=$${LABOURDESK_DEMO:-1} $(PY) manage.py demo_setup
	@echo "LabourDesk on http://127.0.0.1:$(PORT)/ (worker and scheduler running; Ctrl-C stops all)"
	@pids=(); stop() { trap - INT TERM EXIT; kill -TERM "$${pids[@]}" 2>/dev/null; wait; }; \
	  trap 'stop; exit 130' INT; trap 'stop; exit 143' TERM; trap stop EXIT; \
	  $(PY) manage.py db_worker --queue-name '*' --no-reload & pids+=($$!); \
	  $(PY) manage.py scheduler & pids+=($$!); \
	  LABOURDESK_DEMO=$${LABOURDESK_DEMO:-1} $(VENV)/bin/gunicorn labourdesk.wsgi \
	    --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
	    --logger-class labourdesk.helpdesk.gunicorn.PrivateLinkMaskingLogger & pids+=($$!); \
	  wait -n; stop

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

# Compile the translation catalogues with Babel (no GNU gettext needed on a fresh machine).
# --use-fuzzy only so that a header left "fuzzy" by makemessages does not skip a whole catalogue;
# test_catalogues refuses fuzzy entries in the complete languages.
messages: venv
	@for po in labourdesk/*/locale/*/LC_MESSAGES/django.po; do \
	  [ -f "$$po" ] || continue; \
	  $(VENV)/bin/pybabel compile --use-fuzzy -i "$$po" -o "$${po%.po}.mo" 2>/dev/null || { echo "cannot compile $$po"; exit 1; }; \
	done

setup: venv messages
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_reference_data -v0

test: venv messages
	@mkdir -p var
	$(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: venv messages
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production SECRET_KEY=$$(python3 -c 'import secrets;print(secrets.token_urlsafe(64))') ALLOWED_HOSTS=example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

# The benchmarks write millions of rows: without DATABASE_URL they use a scratch SQLite file under
# a temporary directory, never the development database. Point DATABASE_URL at a scratch database.
# `make bench` runs every script at a small size and prints one summary table (figure, limit,
# ratio); BENCH_ARGS=--full runs the sizes the issues name.
bench: venv
	@$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,bench]"
	@$(PY) bench/summary.py $(BENCH_ARGS)

clean:
	rm -rf var/labourdesk.sqlite3* var/cache var/mail
