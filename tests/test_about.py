"""关于本馆藏: the years, months and issues held, the pages printed and held, what is missing, the counts,
where the text came from, the licence and when the archive last changed; linked from every page."""

import datetime
from unittest import mock

from django.test import TestCase, override_settings

from articles.models import Article, Issue, Page, Section
from articles.research import views

from .base import SAMPLES, SEEDS, ReaderTestCase, import_paths, make_article


class AboutTheArchiveTests(ReaderTestCase):
    def test_it_counts_what_the_archive_holds(self):
        data = self.get_json("/about/")
        issues = Issue.objects.public()
        self.assertEqual(data["counts"]["issues"], issues.count())
        self.assertEqual(data["counts"]["pages"], Page.objects.count())
        self.assertEqual(data["counts"]["articles"], Article.objects.count())
        self.assertEqual(data["counts"]["stories"], Article.objects.stories().count())
        self.assertEqual(data["first_issue"], issues.order_by("date").first().date.isoformat())
        self.assertEqual(data["last_issue"], "2024-03-14")
        year = next(y for y in data["years"] if y["year"] == 2024)
        self.assertEqual(
            year["months"],
            sorted({day.month for day in issues.filter(date__year=2024).values_list("date", flat=True)}),
        )
        self.assertEqual(year["issues"], issues.filter(date__year=2024).count())
        self.assertEqual(year["pages_held"], Page.objects.filter(issue__date__year=2024).count())
        self.assertEqual(data["last_changed"], Issue.objects.last_change().isoformat())

    def test_an_edit_of_an_articles_kind_moves_it_between_the_counts(self):
        before = self.get_json("/about/")["counts"]
        article = Article.objects.stories().first()
        article.kind = Article.Kind.EDITOR_NOTE
        article.save()
        after = self.get_json("/about/")["counts"]
        self.assertEqual(after["articles"], before["articles"])
        self.assertEqual(after["stories"], before["stories"] - 1)
        self.assertEqual(after["stories"], Article.objects.stories().count())

    def test_the_page_says_where_the_text_came_from_and_on_what_terms(self):
        with override_settings(ARCHIVE_LICENCE="经株洲日报社授权，仅供研究使用。"):
            response = self.client.get("/about/")
        self.assertContains(response, "<h1>关于本馆藏</h1>", html=True)
        self.assertContains(response, "经株洲日报社授权，仅供研究使用。")
        self.assertContains(response, "纯文本文件入库")
        self.assertContains(response, '<a href="/2024/">2024年</a>', html=True)
        self.assertContains(response, '<a href="/2024/03/">3月</a>', html=True)

    def test_every_page_links_it_from_its_footer(self):
        for url in ("/", "/archive/", "/2024/03/12/01/2/", "/search/?q=株洲", "/trends/", "/1999/01/01/"):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                footer = html[html.index('<footer class="site-footer">') :]
                self.assertIn('<a href="/about/">关于本馆藏</a>', footer)
                self.assertIn('<a href="/api/">API</a>', footer)

    def test_the_page_runs_a_fixed_handful_of_queries(self):
        self.client.get("/about/")
        with self.assertNumQueries(10):
            self.client.get("/about/")


class SamplesBesideRealIssuesTests(TestCase):
    def test_the_samples_count_until_the_first_real_issue_arrives(self):
        import_paths(SAMPLES, samples=True)
        counts = self.client.get("/about/", {"format": "json"}).json()["counts"]
        self.assertEqual(counts["articles"], Article.objects.count())
        self.assertEqual(counts["issues"], Issue.objects.count())
        import_paths(SEEDS)
        counts = self.client.get("/about/", {"format": "json"}).json()["counts"]
        real = Article.objects.exclude(page__issue__is_sample=True)
        self.assertLess(real.count(), Article.objects.count())
        self.assertEqual(counts["articles"], real.count())
        self.assertEqual(counts["stories"], real.stories().count())
        self.assertEqual(counts["issues"], Issue.objects.filter(is_sample=False).count())
        self.assertEqual(counts["pages"], Page.objects.filter(issue__is_sample=False).count())


class MissingPagesAndIssuesTests(TestCase):
    """Issues 100 (four pages printed, two held), 101 and 104 (the two between missing), 105 (printing
    no page count)."""

    @classmethod
    def setUpTestData(cls):
        section = Section.objects.create(name="要闻")
        for number, day, pages, printed in (
            (100, 1, 2, 4),
            (101, 2, 1, 1),
            (104, 5, 1, 1),
            (105, 6, 1, None),
        ):
            article = make_article(
                f"第{number}期头条", "正文。", date=datetime.date(2023, 5, day), section=section.name
            )
            Issue.objects.filter(pk=article.page.issue_id).update(number=number, page_count=printed)
            for page in range(2, pages + 1):
                Page.objects.create(issue=article.page.issue, number=page)

    def test_an_issue_holding_fewer_pages_than_it_printed_is_listed_with_the_missing_pages(self):
        data = self.client.get("/about/", {"format": "json"}).json()
        (incomplete,) = data["incomplete_issues"]["issues"]
        self.assertEqual(
            {
                key: incomplete[key]
                for key in ("date", "number", "pages_printed", "pages_held", "missing_pages")
            },
            {
                "date": "2023-05-01",
                "number": 100,
                "pages_printed": 4,
                "pages_held": 2,
                "missing_pages": [3, 4],
            },
        )
        self.assertEqual(data["issues_without_page_count"], 1)
        self.assertContains(self.client.get("/about/"), "印4版，收藏2版，缺第03版、第04版")

    def test_a_jump_in_issue_numbers_names_the_issues_missing_between(self):
        data = self.client.get("/about/", {"format": "json"}).json()
        self.assertEqual(
            data["missing_issues"]["runs"],
            [
                {
                    "after": "2023-05-02",
                    "before": "2023-05-05",
                    "first_number": 102,
                    "last_number": 103,
                    "count": 2,
                }
            ],
        )
        self.assertContains(self.client.get("/about/"), "第102至103期（2期）")

    def test_the_lists_of_what_is_missing_are_paginated(self):
        Issue.objects.filter(number=105).update(number=107, page_count=3, date=datetime.date(2023, 5, 9))
        with mock.patch.object(views, "LIST_PER_PAGE", 1):
            first = self.client.get("/about/", {"format": "json"}).json()
            second = self.client.get("/about/", {"format": "json", "missing_page": 2, "gaps_page": 2}).json()
        self.assertEqual(
            (first["incomplete_issues"]["num_pages"], first["missing_issues"]["num_pages"]), (2, 2)
        )
        self.assertEqual(second["incomplete_issues"]["issues"][0]["number"], 107)
        self.assertEqual(second["missing_issues"]["runs"][0]["first_number"], 105)
        self.assertIn("missing_page=2", first["incomplete_issues"]["next"])
