"""Where the parser is unsure of an article's bounds, the import says so and editors see why."""

import os
from unittest import mock

from django.test import TestCase

from articles.models import Article
from articles.parsing.doubts import SECOND_DATELINE

from .test_import import TempDirMixin, run

# Two stories one blank line apart. The second prints no byline, but the closing byline above its
# title vouches for it; the first holds a second dateline, which may open a story run into it.
UNSIGNED = """株洲日报

2025年5月20日 星期二 第23999期 今日4版

社区食堂开业

株洲日报记者/林小禾

社区食堂今天开业，老人用餐享受优惠，首日接待一百二十人次。

本报株洲5月19日电 （记者周宁）昨天，全市二十个小区的物业同时检修了消防设施。

（记者 林小禾）

全市开展消防演练

昨天，全市二十个小区同时开展消防演练，居民参与热情很高，演练持续一个小时。
"""


class ImportDoubtsTests(TempDirMixin, TestCase):
    def test_an_article_whose_bounds_are_in_doubt_waits_for_review_with_the_reason(self):
        run(self.write("2025-05-20.txt", UNSIGNED))
        article = Article.objects.with_review_flags().get(headline="社区食堂开业")
        self.assertTrue(article.needs_review)
        doubt = SECOND_DATELINE.format(dateline="本报株洲5月19日电")
        self.assertIn(f"分篇存疑：{doubt}", article.review_reasons)
        self.assertIn(article, Article.objects.review_queue())
        unsigned = Article.objects.get(headline="全市开展消防演练")
        self.assertFalse(unsigned.needs_review)

    def test_the_report_counts_the_articles_to_check_per_file(self):
        path = self.write("2025-05-20.txt", UNSIGNED)
        with mock.patch.dict(os.environ, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            out, _ = run(path, verbosity=1)
        self.assertIn("2 articles, 1 to check for where it starts or ends", out)

    def test_explain_prints_each_line_with_what_it_was_taken_for(self):
        out, _ = run(self.write("2025-05-20.txt", UNSIGNED), dry_run=True, explain=True)
        self.assertIn("headline | 全市开展消防演练", out)
        self.assertIn("byline | 株洲日报记者/林小禾", out)
        self.assertIn("masthead | 株洲日报", out)
        self.assertFalse(Article.objects.exists())

    def test_a_doubt_the_file_no_longer_gives_leaves_the_queue_on_reimport(self):
        path = self.write("2025-05-20.txt", UNSIGNED)
        run(path)
        # The dump is mended: the brief that ran into the first story is gone.
        mended = "\n".join(line for line in UNSIGNED.split("\n") if "5月19日电" not in line)
        path.write_text(mended, encoding="utf-8")
        run(path)
        article = Article.objects.get(headline="社区食堂开业")
        self.assertEqual(article.parse_doubts, "")
        self.assertFalse(article.needs_review)
        reasons = Article.objects.with_review_flags().get(pk=article.pk).review_reasons
        self.assertFalse(
            [reason for reason in reasons if reason.startswith(("分篇存疑", "标记待审"))], reasons
        )

    def test_a_doubt_a_new_parse_raises_sends_an_unreviewed_article_to_the_queue(self):
        mended = "\n".join(line for line in UNSIGNED.split("\n") if "5月19日电" not in line)
        path = self.write("2025-05-20.txt", mended)
        run(path)
        self.assertFalse(Article.objects.get(headline="社区食堂开业").needs_review)
        path.write_text(UNSIGNED, encoding="utf-8")
        run(path)
        article = Article.objects.get(headline="社区食堂开业")
        self.assertTrue(article.needs_review)
        self.assertIn(article, Article.objects.review_queue())
