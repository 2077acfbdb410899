"""The engine's own tests: one small model of notes, a throwaway database and index."""

import atexit
import shutil
import tempfile
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="zhsearch-test-"))
atexit.register(shutil.rmtree, DATA, ignore_errors=True)

SECRET_KEY = "zhsearch tests"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = ["django.contrib.contenttypes", "haystack", "zhsearch.tests"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA / "notes.sqlite3")}}
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "zhsearch.backend.FTS5Engine", "PATH": str(DATA / "index.sqlite3")},
}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.RealtimeSignalProcessor"
ZHSEARCH_VOCABULARY = "zhsearch.tests.models.vocabulary"
ZHSEARCH_MISPRINTS = {"帐号": "账号"}
