"""Faults: an import killed halfway, and hostile query strings (more in test_faults_*.py)."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.test import TestCase

from .base import ROOT, SAMPLES, fresh_index, import_paths, index_all


class KilledImportTests(TestCase):
    def test_an_import_killed_halfway_leaves_only_whole_issues(self):
        folder = Path(tempfile.mkdtemp(prefix="killed-"))
        self.addCleanup(shutil.rmtree, folder)
        corpus, data = folder / "corpus", folder / "data"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DJANGO_SETTINGS_MODULE="portal.settings", PORTAL_DATA_DIR=str(data))

        def manage(*args, **kwargs):
            return subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                **kwargs,
            )

        subprocess.run(
            [sys.executable, "bench/make_corpus.py", str(corpus), "--articles", "2400", "--seed", "3"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        manage("migrate", "--no-input").wait()
        importer = manage("import_issues", str(corpus), "-v", "2")
        database = data / "portal.sqlite3"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.2)
            with sqlite3.connect(database) as db:
                if db.execute("SELECT COUNT(*) FROM articles_issue").fetchone()[0] >= 3:
                    break
        importer.send_signal(signal.SIGKILL)
        importer.wait()

        expected = json.loads((corpus / "corpus.json").read_text())["files"]
        with sqlite3.connect(database) as db:
            rows = db.execute(
                "SELECT i.source_name, COUNT(a.id) FROM articles_issue i JOIN articles_page p ON p.issue_id = i.id "
                "JOIN articles_article a ON a.page_id = p.id GROUP BY i.id"
            ).fetchall()
            orphan_pages = db.execute(
                "SELECT COUNT(*) FROM articles_page p WHERE NOT EXISTS "
                "(SELECT 1 FROM articles_article a WHERE a.page_id = p.id)"
            ).fetchone()[0]
        self.assertGreaterEqual(len(rows), 3)
        self.assertLess(len(rows), len(expected), "the import was stopped before its end")
        for name, articles in rows:
            self.assertEqual(articles, expected[name], f"{name} is whole")
        self.assertEqual(orphan_pages, 0)

        # The next import finishes the work and indexes whatever the kill left unindexed.
        finished = manage("import_issues", str(corpus))
        finished.communicate(timeout=600)
        self.assertEqual(finished.returncode, 0)
        with sqlite3.connect(database) as db:
            (articles,) = db.execute("SELECT COUNT(*) FROM articles_article").fetchone()
        with sqlite3.connect(data / "search.sqlite3") as index:
            (indexed,) = index.execute("SELECT COUNT(*) FROM documents").fetchone()
        self.assertEqual(indexed, articles)
        self.assertEqual(articles, sum(expected.values()))


HOSTILE = [
    "x" * 10_000,
    "株洲" * 3000,
    "\x00\x01\x1b[31m",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"unbalanced',
    "NEAR(株洲",
    "*",
    "- -- ---",
    "AND OR NOT",
    "株洲 OR",
    "(((",
    "%",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "１２３",
    "",
]


class HostileQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        import_paths(SAMPLES)
        index_all()

    def assertNeverFails(self, url, params):
        response = self.client.get(url, params)
        self.assertLess(response.status_code, 500, f"{url} {params!r}")
        if response.headers["Content-Type"].startswith("text/html"):
            self.assertNotIn(b"<script>alert(1)</script>", response.content)

    def test_search_answers_hostile_queries_with_results_an_empty_list_or_a_4xx(self):
        for query in HOSTILE:
            with self.subTest(query=query[:20]):
                self.assertNeverFails("/search/", {"q": query})
                self.assertNeverFails("/search/", {"q": query, "format": "json"})

    def test_filters_and_page_numbers_out_of_range_never_fail(self):
        bad_values = ["10" * 30, "-1", "0", "abc", "1e9", "\x00", "<b>", "9999-99-99", "2024-13-45"]
        for value in bad_values:
            with self.subTest(value=value):
                for name in (
                    "page",
                    "year",
                    "start",
                    "end",
                    "district",
                    "section",
                    "kind",
                    "sort",
                    "reporter",
                ):
                    self.assertNeverFails("/search/", {"q": "株洲", name: value})
                for url in ("/district/liling/", "/section/综合城区/", "/people/", "/"):
                    self.assertNeverFails(url, {"page": value, "year": value, "format": value})

    def test_malformed_paths_are_not_found(self):
        for url in (
            "/2024/02/30/",
            "/2024/13/01/",
            "/0000/01/01/",
            "/2024/03/12/99/",
            "/2024/03/12/01/999/",
            "/district/nowhere/",
            "/person/%00/",
            "/section/%3Cscript%3E/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
