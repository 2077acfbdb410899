"""/healthz tells a load balancer whether this server can serve pages and searches."""

from pathlib import Path

from django.test import TestCase
from haystack import connections

from .base import SAMPLES, fresh_index, import_paths, index_all


class HealthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        import_paths(SAMPLES)
        index_all()

    def test_a_healthy_server_says_so(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "search": "ok"})
        self.assertIn("no-cache", response.headers["Cache-Control"])

    def test_a_missing_search_index_is_reported_and_the_pages_still_work(self):
        index = Path(connections["default"].options["PATH"])
        moved = index.with_suffix(".moved")
        index.rename(moved)
        self.addCleanup(moved.rename, index)
        connections["default"].reset_sessions()
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "ok")
        self.assertIn("rebuild_index", response.json()["search"])
        self.assertEqual(self.client.get("/").status_code, 200)
