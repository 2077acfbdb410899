"""The engine's tests configure Django themselves (settings.py beside this file), wherever zhsearch is installed.

pip install "zhsearch[test]" && python -m pytest --pyargs zhsearch
"""

import os

import django


def pytest_configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhsearch.tests.settings")
    django.setup()
