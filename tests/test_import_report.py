"""What a re-import says it did: the articles it changed counted (not every article of the file), each
article added, changed, removed or moved named, and every URL that changed, old and new.

Runs over a copy of the samples and of real published text (../shared/realtext), changed as a
corrected file would be; the stories a test removes are found in the database, never written here.
"""

import datetime
import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.test import TestCase

from articles.models import Article, Issue

from .base import ROOT, SAMPLE, fresh_index, seed
from .test_import import run

REALTEXT = (ROOT.parent / "shared" / "realtext" / "pd-2019-10").resolve()
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
CHINESE = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


class ReportTestCase(TestCase):
    def setUp(self):
        fresh_index()
        self.dir = Path(tempfile.mkdtemp(prefix="import-report-"))
        self.addCleanup(shutil.rmtree, self.dir)

    def copy(self, path):
        shutil.copy(path, self.dir / path.name)
        return self.dir / path.name

    def change(self, path, old, new):
        text = path.read_text(encoding="utf-8")
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run_in(self, language, *paths, **options):
        with mock.patch.dict(os.environ, language):
            out, _ = run(*paths, **options)
        return out.splitlines()


class CountsTests(ReportTestCase):
    def test_a_reimport_that_changed_one_article_says_one_and_names_it(self):
        path = self.copy(SAMPLE)
        run(path)
        self.change(path, "小区已有5台电梯投用", "小区已有6台电梯投用")
        article = Article.objects.get(page__number=2, position=2)
        lines = self.run_in(ENGLISH, path)
        self.assertEqual(
            lines[0],
            "updated sample-2024-03-12.txt: 2024-03-12 no. 23597, 0 new, 1 changed, 0 removed "
            "(3 pages, 13 articles in all)",
        )
        self.assertEqual(lines[1], f"  changed 《{article.headline}》 {article.get_absolute_url()}")
        self.assertEqual(lines[-1], "1 file: 1 updated; articles: 0 new, 1 changed, 0 removed")
        self.change(path, "小区已有6台电梯投用", "小区已有7台电梯投用")
        lines = self.run_in(CHINESE, path)
        self.assertEqual(
            lines[0],
            "已更新 sample-2024-03-12.txt：2024-03-12 第23597期，新增 0 篇，改动 1 篇，删除 0 篇（共 3 版，13 篇文章）",
        )
        self.assertEqual(lines[-1], "共 1 个文件：已更新 1 个；文章新增 0 篇，改动 1 篇，删除 0 篇")

    def test_an_unchanged_file_and_a_new_one_count_only_the_new_articles(self):
        path = self.copy(SAMPLE)
        run(path)
        lines = self.run_in(ENGLISH, path, self.copy(SAMPLE.with_name("sample-2024-03-13.txt")))
        self.assertEqual(lines[-1], "2 files: 1 created, 1 unchanged; articles: 12 new, 0 changed, 0 removed")

    def test_a_dry_run_counts_the_articles_it_parsed(self):
        lines = self.run_in(ENGLISH, self.copy(SAMPLE), dry_run=True)
        self.assertEqual(lines[-1], "1 file: 1 parsed; 13 articles")


class RealTextTests(ReportTestCase):
    """A real issue, one story struck from its file and one sentence corrected."""

    def test_a_story_struck_from_a_real_issue_is_named_with_its_url_and_the_rest_counted(self):
        path = self.copy(REALTEXT / "rmrb-20191020.txt")
        run(path)
        articles = list(Article.objects.select_related("page__issue").order_by("page__number", "position"))
        gone, edited = articles[len(articles) // 2], articles[1]
        text = path.read_text(encoding="utf-8")
        start = text.index(gone.headline)
        end = text.index(gone.paragraphs[-1][-20:], start) + 20
        sentence = edited.paragraphs[1][:12]
        path.write_text(
            (text[:start] + text[end:]).replace(sentence, "虚构的改动" + sentence, 1), encoding="utf-8"
        )
        lines = self.run_in(CHINESE, path)
        self.assertIn("新增 0 篇，改动 1 篇，删除 1 篇", lines[0])
        self.assertIn(f"  删除《{gone.headline}》：{gone.get_absolute_url()} 今后答复 410（已删除）", lines)
        self.assertIn(f"  改动《{edited.headline}》 {edited.get_absolute_url()}", lines)
        self.assertEqual(lines[-1], "共 1 个文件：已更新 1 个；文章新增 0 篇，改动 1 篇，删除 1 篇")
        self.assertEqual(self.client.get(gone.get_absolute_url()).status_code, 410)


class MovedIssueTests(ReportTestCase):
    def test_an_issue_the_file_now_dates_otherwise_says_its_urls_moved(self):
        path = self.copy(seed("000"))
        run(path)
        issue = Issue.objects.get()
        self.assertEqual(issue.date_source, "inferred")
        later = issue.date + datetime.timedelta(days=1)
        masthead = f"株洲日报\n\n{later.year}年{later.month}月{later.day}日 星期一\n\n"
        path.write_text(masthead + path.read_text(encoding="utf-8"), encoding="utf-8")
        lines = self.run_in(ENGLISH, path)
        old, new = f"/{issue.date:%Y/%m/%d}/", f"/{later:%Y/%m/%d}/"
        self.assertIn(
            f"  the issue is dated {later} now, not {issue.date}: its URLs moved, {old} → {new} "
            "(the old ones answer 301)",
            lines,
        )
        self.assertRedirects(self.client.get(old), new, status_code=301)
