"""The index follows the database: edits, deletes, imports, rebuilds, several writers at once."""

import datetime
import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, Byline, Caption, District, Issue, Page, Person, Section
from articles.search_indexes import ArticleIndex
from zhsearch.exceptions import SearchIndexUnavailable

from .base import SAMPLES, backend, fresh_index, import_paths, index_all, make_article, rebuild, seed


def found(query, **filters):
    return [r.headline for r in SearchQuerySet().auto_query(query).filter(**filters)]


def stored_documents():
    """{pk: every stored field} of each article the index holds, its searchable text included."""
    return {result.pk: result.get_stored_fields() for result in SearchQuerySet().models(Article)}


class RealtimeIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        cls.article = make_article("荷塘区开展义诊", "社区医生为居民量血压。", section="民生")
        index_all()

    def test_an_edit_shows_in_search_when_it_is_saved(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.article.headline = "荷塘区开展健康义诊"
            self.article.body = "社区医生为居民测血糖。"
            self.article.save()
        self.assertEqual(found("测血糖"), ["荷塘区开展健康义诊"])
        self.assertEqual(found("量血压"), [])

    def test_new_bylines_captions_and_districts_reach_the_index(self):
        with self.captureOnCommitCallbacks(execute=True):
            Byline.objects.create(
                article=self.article, person=Person.objects.create(name="贺知远"), role="记者"
            )
            Caption.objects.create(article=self.article, text="医生在测量血压。")
            self.article.districts.add(District.objects.get(name="荷塘区"))
        self.assertEqual(found("贺知远"), ["荷塘区开展义诊"])
        self.assertEqual(found("测量血压"), ["荷塘区开展义诊"])
        self.assertEqual(found("义诊", districts_exact="荷塘区"), ["荷塘区开展义诊"])

    def test_a_deleted_article_leaves_the_index(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.article.delete()
        self.assertEqual(found("义诊"), [])

    def test_renaming_a_section_or_a_reporter_reaches_their_articles(self):
        person = Person.objects.create(name="贺知远")
        with self.captureOnCommitCallbacks(execute=True):
            Byline.objects.create(article=self.article, person=person, role="记者")
        with self.captureOnCommitCallbacks(execute=True):
            Section.objects.filter(name="民生").update(name="民生·健康")  # no signal: the save below has one
            section = Section.objects.get(name="民生·健康")
            section.save()
            person.name = "贺致远"
            person.save()
        self.assertEqual(found("义诊", section_exact="民生·健康"), ["荷塘区开展义诊"])
        self.assertEqual(found("贺致远"), ["荷塘区开展义诊"])

    def test_a_corrected_issue_date_reaches_its_articles(self):
        issue = self.article.page.issue
        with self.captureOnCommitCallbacks(execute=True):
            issue.date = datetime.date(2024, 3, 11)
            issue.save()
        result = SearchQuerySet().auto_query("义诊")[0]
        self.assertEqual((result.date, result.url), (issue.date, "/2024/03/11/01/1/"))


class ImportIndexTests(TestCase):
    def setUp(self):
        fresh_index()
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)

    def test_an_import_is_indexed_when_its_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            import_paths(SAMPLES / "sample-2024-03-13.txt")
        self.assertTrue(callbacks)
        self.assertEqual(len(found("增殖放流")), Article.objects.filter(body__contains="增殖放流").count())
        self.assertEqual(SearchQuerySet().count(), Article.objects.count())

    def test_an_import_indexes_its_articles_as_written_without_reading_them_back(self):
        for path in seed("001"), seed("004"):
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                import_paths(path)
            with CaptureQueriesContext(connection) as queries:
                for callback in callbacks:  # what the file's commit runs
                    callback()
            self.assertEqual([q["sql"] for q in queries if '"articles_article"."body"' in q["sql"]], [])
        imported = stored_documents()
        self.assertEqual(len(imported), Article.objects.count())
        rebuild()
        self.assertEqual(imported, stored_documents())
        self.assertTrue(any(document["reporters"] for document in imported.values()))
        self.assertTrue(any(document["districts"] for document in imported.values()))

    def test_a_reimport_removes_the_articles_its_file_no_longer_has(self):
        path = self.dir / "issue.txt"
        shutil.copy(SAMPLES / "sample-2024-03-13.txt", path)
        with self.captureOnCommitCallbacks(execute=True):
            import_paths(path)
        # The same issue, now with other articles.
        other = (SAMPLES / "sample-2024-03-12.txt").read_text(encoding="utf-8")
        other = other.replace("2024年3月12日 星期二", "2024年3月13日 星期三").replace(
            "第23597期", "第23598期"
        )
        path.write_text(other, encoding="utf-8")
        with self.captureOnCommitCallbacks(execute=True):
            import_paths(path)
        self.assertEqual(found("增殖放流"), [])
        self.assertTrue(found("义务植树"))
        self.assertEqual(SearchQuerySet().count(), Article.objects.count())


class IndexCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article("炎陵黄桃上市", "果农忙着分拣装箱。")
        make_article("攸县油茶", "油茶林挂满果实。")

    def setUp(self):
        fresh_index()

    def test_rebuild_index_indexes_every_article(self):
        rebuild()
        self.assertEqual(SearchQuerySet().count(), 2)
        self.assertEqual(found("分拣"), ["炎陵黄桃上市"])

    def test_update_index_with_remove_drops_what_the_database_lost(self):
        rebuild()
        with self.captureOnCommitCallbacks(execute=False):
            Article.objects.filter(headline="攸县油茶").delete()
        call_command("update_index", remove=True, verbosity=0)
        self.assertEqual([r.headline for r in SearchQuerySet()], ["炎陵黄桃上市"])

    def test_the_index_is_a_file_of_its_own_in_the_data_directory(self):
        self.assertEqual(backend().path, settings.DATA_DIR / "search.sqlite3")

    def damage_index(self):
        index = backend().file
        if getattr(index.local, "db", None) is not None:
            # Closed first, as a crash would leave it: closing writes its journal back into the file.
            index.local.db.close()
        path = Path(os.path.realpath(index.path))  # after a rebuild, the path is a link to the file
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.write_bytes(b"this is not a database" * 100)
        connections.reload("default")

    def test_rebuild_index_repairs_a_damaged_index(self):
        self.damage_index()
        with self.assertRaises(SearchIndexUnavailable):
            found("黄桃")
        rebuild()
        self.assertEqual(found("黄桃"), ["炎陵黄桃上市"])

    def test_an_edit_is_saved_and_logged_when_the_index_is_damaged(self):
        self.damage_index()
        article = Article.objects.get(headline="攸县油茶")
        with self.assertLogs("articles.indexing", "ERROR"), self.captureOnCommitCallbacks(execute=True):
            article.body = "油茶林里一片繁忙。"
            article.save()
        rebuild()
        self.assertEqual(found("繁忙"), ["攸县油茶"])


def unsaved_article(pk, headline, body):
    """An article with its page, issue and (empty) relations in memory: indexing it reads no database."""
    issue = Issue(date=datetime.date(2024, 3, 12), source_name="x.txt", source_checksum="0")
    page = Page(issue=issue, number=1, section=Section(name="测试"))
    article = Article(pk=pk, page=page, position=pk, number=pk, headline=headline, body=body)
    return ArticleIndex.as_written(article, bylines=[], captions=[], districts=[])


def write_articles(worker):
    """One process's share: its own articles one transaction each, and the shared one again and again."""
    index = connections["default"].get_unified_index().get_index(Article)
    for n in range(20):
        pk = 1000 * worker + n
        backend().update(
            index, [unsaved_article(pk, f"并发写入{worker}号{n}篇", f"进程{worker}写的第{n}篇稿件")]
        )
        backend().update(index, [unsaved_article(1, f"共用稿件{worker}", "各个进程轮流改写的稿件")])
        if n % 5 == 4:
            backend().remove(f"articles.article.{pk}")
    return worker


class SeveralWritersTests(SimpleTestCase):
    # Indexing finds keywords with jieba, which first reads its vocabulary (reporters' names) from the database.
    databases = {"default"}

    def setUp(self):
        fresh_index()

    def test_several_processes_writing_at_once_lose_no_update(self):
        with multiprocessing.get_context("fork").Pool(4) as pool:
            self.assertEqual(sorted(pool.map(write_articles, range(1, 5))), [1, 2, 3, 4])
        self.assertEqual(SearchQuerySet().auto_query("并发写入").count(), 4 * 16)
        for worker in range(1, 5):
            self.assertEqual(SearchQuerySet().auto_query(f"进程{worker}写的").count(), 16)
        self.assertEqual(len(SearchQuerySet().auto_query("轮流改写")), 1)
        self.assertEqual(SearchQuerySet().auto_query("改写").count(), 1)
