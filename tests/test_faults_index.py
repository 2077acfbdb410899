"""Faults between the database and the search index: a crash after a commit, a deleted or damaged index, a rebuild.

The database and the index never disagree for long: the next import catches
up, /healthz says when they differ, a missing index is never started again
partial, and rebuild_index swaps a whole new file in, which every reader
sees at its next search.
"""

import datetime
import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import TestCase, override_settings
from haystack import connections

from articles.importer import import_file
from articles.models import Article, Issue
from zhsearch.backend import FTS5SearchBackend

from .base import SAMPLES, backend, fresh_index, import_paths, index_all, rebuild

INDEX = Path(connections["default"].options["PATH"])


def delete_index():
    """Delete the index file as an operator's `rm` would, the file a link leads to included."""
    target = Path(os.path.realpath(INDEX))
    for path in {INDEX, target}:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def found(text, backend=None):
    """How many articles hold the text, as the search page asks."""
    backend = backend or connections["default"].get_backend()
    return backend.search(f'content__content="{text}"')["hits"]


def a_worker():
    """A second reader of the same file, as another gunicorn worker would be."""
    return FTS5SearchBackend("default", **connections["default"].options)


def age_the_archive():
    """The last import was long ago: a difference now is a fault, not an import being indexed."""
    Issue.objects.update(updated_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))


def all_happened_minutes_ago(minutes):
    """Move every change, in the database and in the index's stamps, `minutes` into the past."""
    ago = datetime.timedelta(minutes=minutes)
    Issue.objects.update(updated_at=F("updated_at") - ago)
    recorded = backend().stamps("issue")
    backend().set_stamps(
        "issue",
        {pk: (datetime.datetime.fromisoformat(stamp) - ago).isoformat() for pk, stamp in recorded.items()},
    )


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
class IndexFaultTests(TestCase):
    def setUp(self):
        self.addCleanup(fresh_index)
        fresh_index()

    def test_articles_committed_but_never_indexed_are_indexed_by_the_next_import(self):
        # A test's transaction never commits, so these are as a kill -9 between commit and indexing leaves them.
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        fresh_index()
        self.assertEqual(found("通学专线"), 0)
        age_the_archive()
        health = self.client.get("/healthz")
        self.assertEqual(health.status_code, 503)
        self.assertIn("the index holds 0 articles", health.json()["search"])

        err = StringIO()
        call_command("import_issues", str(SAMPLES / "sample-2024-03-12.txt"), stdout=StringIO(), stderr=err)
        self.assertIn("indexed again", err.getvalue())
        self.assertGreater(found("通学专线"), 0)
        self.assertEqual(backend().document_count(Article), Article.objects.count())
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_an_update_committed_but_never_indexed_is_indexed_by_the_next_import(self):
        folder = Path(tempfile.mkdtemp(prefix="stale-"))
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "issue.txt"
        path.write_text((SAMPLES / "sample-2024-03-12.txt").read_text(encoding="utf-8"), encoding="utf-8")
        import_paths(path)
        self.assertGreater(found("全程跟踪服务"), 0)
        # The file changes; the importer stores it, and the process dies before the index hears of it
        # (in a test the transaction never commits, so the indexing after the commit never runs).
        path.write_text(
            path.read_text(encoding="utf-8").replace("全程跟踪服务", "全程跟进服务"), encoding="utf-8"
        )
        self.assertEqual(import_file(path).status, "updated")
        self.assertGreater(found("全程跟踪服务"), 0, "the index still holds the old text")

        import_paths(path)  # unchanged, but the index is behind its issue
        self.assertEqual(found("全程跟踪服务"), 0)
        self.assertGreater(found("全程跟进服务"), 0)

    def test_healthz_reports_entries_left_stale_by_an_update_that_was_never_indexed(self):
        folder = Path(tempfile.mkdtemp(prefix="stale-"))
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "issue.txt"
        path.write_text((SAMPLES / "sample-2024-03-12.txt").read_text(encoding="utf-8"), encoding="utf-8")
        import_paths(path)
        # An import updates the issue, and dies before the index hears of it.
        path.write_text(
            path.read_text(encoding="utf-8").replace("全程跟踪服务", "全程跟进服务"), encoding="utf-8"
        )
        self.assertEqual(import_file(path).status, "updated")
        self.assertEqual(self.client.get("/healthz").status_code, 200, "an import may be being indexed")
        all_happened_minutes_ago(3)
        self.assertEqual(backend().document_count(Article), Article.objects.count(), "the counts agree")
        health = self.client.get("/healthz")
        self.assertEqual(health.status_code, 503)
        self.assertIn("behind the database", health.json()["search"])
        import_paths(path)  # the next import catches up
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_healthz_stays_healthy_after_an_issue_is_removed(self):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        # An issue that held no articles: its removal changes the neighbours' pages, not their articles.
        Issue.objects.create(
            date=datetime.date(2024, 3, 13), source_name="empty.txt", source_checksum="0" * 64
        )
        with self.captureOnCommitCallbacks(execute=True):
            call_command("remove_issues", "--date", "2024-03-13", stdout=StringIO())
        all_happened_minutes_ago(3)
        health = self.client.get("/healthz")
        self.assertEqual(health.status_code, 200, health.json())

    def test_a_deleted_index_is_never_started_again_partial(self):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        index_all()
        delete_index()
        with self.assertRaisesMessage(CommandError, "rebuild_index"):
            call_command("import_issues", str(SAMPLES / "sample-2024-03-13.txt"), verbosity=0)
        self.assertFalse(INDEX.exists())
        self.assertFalse(Issue.objects.filter(date=datetime.date(2024, 3, 13)).exists())
        health = self.client.get("/healthz")
        self.assertEqual(health.status_code, 503)
        self.assertNotIn(str(INDEX.parent), health.content.decode())
        search = self.client.get("/search/", {"q": "株洲", "format": "json"})
        self.assertEqual(search.status_code, 503)
        self.assertNotIn(str(INDEX.parent), search.content.decode())

        rebuild()
        self.assertEqual(backend().document_count(Article), Article.objects.count())
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_an_empty_archive_gets_its_index_with_the_first_import(self):
        delete_index()
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        self.assertTrue(INDEX.exists())
        self.assertEqual(backend().document_count(Article), Article.objects.count())

    def test_rebuild_index_repairs_a_damaged_file(self):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        delete_index()
        INDEX.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
        self.assertEqual(self.client.get("/search/", {"q": "株洲"}).status_code, 503)
        rebuild()
        self.assertGreater(found("通学专线"), 0)
        self.assertEqual(self.client.get("/search/", {"q": "通学专线"}).status_code, 200)

    def test_readers_see_the_old_index_until_the_swap_and_the_new_one_right_after(self):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        fresh_index()  # the index lacks what was imported: the rebuild will add it
        worker = a_worker()
        self.assertEqual(found("通学专线", worker), 0)
        with worker.file.transaction(write=False) as db:
            before = db.execute("SELECT count(*) FROM documents").fetchone()[0]
            rebuild()  # meanwhile, in another connection
            during = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        self.assertEqual(during, before, "a reader in the middle of a search keeps the whole old index")
        self.assertGreater(found("通学专线", worker), 0, "the worker reads the new file, no restart")
        self.assertEqual(worker.document_count(Article), Article.objects.count())

    def test_a_rebuild_leaves_one_index_file_behind(self):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        rebuild()
        rebuild()
        files = sorted(
            p.name for p in INDEX.parent.glob(f"{INDEX.name}*") if not p.name.endswith(("-wal", "-shm"))
        )
        self.assertEqual(len(files), 2, files)  # the link and the file it leads to
        self.assertGreater(found("通学专线"), 0)
