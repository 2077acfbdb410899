"""Test settings: the real settings, with a throwaway data directory and fast hashing."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Always a throwaway directory: tests must never touch a real archive or its search index.
os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="portal-test-")
atexit.register(shutil.rmtree, os.environ["PORTAL_DATA_DIR"], ignore_errors=True)

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# whitenoise looks for collected files at start-up; give it an empty folder.
STATIC_ROOT = Path(os.environ["PORTAL_DATA_DIR"]) / "static"
STATIC_ROOT.mkdir()
# Pages are rendered afresh in tests (query counts); tests/test_caching.py turns the cache on.
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
# The search tests run on the FTS5 index whatever the environment says; tests/test_search_opensearch.py
# runs them again on the OpenSearch node that OPENSEARCH_TEST_URL names, if it names one.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "zhsearch.backend.FTS5Engine",
        "PATH": str(DATA_DIR / "search.sqlite3"),  # noqa: F405
        "FACETS": SEARCH_FACETS,  # noqa: F405
        # Rebuilds in this process: forking beside the live server's threads is asking for trouble.
        "WORKERS": 1,
    }
}
# The whole suite's JSON requests come from one address within minutes: the JSON API's rate limit
# stays out of their way. tests/test_api_limits.py sets its own.
API_RATE = "100000/m"
