# The README's two commands: `make run` (set up, load the samples, serve) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run setup test lint browser messages opensearch figures

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_issues --samples articles/samples
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0

run: setup
	$(BIN)/gunicorn --config portal/gunicorn.conf.py portal.wsgi

# The browser tests drive Debian's Chromium; install it (and CJK fonts) when it is missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: $(VENV)/.installed browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest zhsearch

# After changing a translation: the compiled catalogues are committed, so running needs no msgfmt.
messages:
	cd articles && ../$(BIN)/python ../manage.py makemessages -l zh_Hans --ignore "parsing/*"
	msgfmt --check -o articles/locale/zh_Hans/LC_MESSAGES/django.mo articles/locale/zh_Hans/LC_MESSAGES/django.po
	msgfmt --check -o portal/locale/zh_Hans/LC_MESSAGES/django.mo portal/locale/zh_Hans/LC_MESSAGES/django.po
	msgfmt --check -o portal/locale/zh_Hans/LC_MESSAGES/djangojs.mo portal/locale/zh_Hans/LC_MESSAGES/djangojs.po

lint: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# One OpenSearch node on 127.0.0.1:9200, its data in a temporary folder (Ctrl-C stops it and removes
# them); then `OPENSEARCH_TEST_URL=http://127.0.0.1:9200 make test` runs the search tests on it too.
opensearch:
	searchnode/node.sh run

# The benchmark's figures in docs/benchmark.md and README.md, written again from bench/results.json.
figures:
	$(BIN)/python bench/report.py
