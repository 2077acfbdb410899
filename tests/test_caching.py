"""Busy pages come from the cache until an import or an edit changes them."""

import datetime
import io
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.test import TestCase, override_settings

from articles.models import Article, Issue

from .base import PAGES_CACHE, SAMPLES, import_paths


@override_settings(CACHES=PAGES_CACHE)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLES)

    def setUp(self):
        caches["pages"].clear()

    def test_a_repeat_visit_is_served_from_the_cache(self):
        first = self.client.get("/")
        with self.assertNumQueries(1):  # only: when did the archive last change?
            second = self.client.get("/")
        self.assertEqual(second.content, first.content)

    def test_an_import_shows_at_once(self):
        self.assertContains(self.client.get("/"), "2024年3月14日")
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        text = (SAMPLES / "sample-2024-03-14.txt").read_text(encoding="utf-8")
        newer = folder / "newer.txt"
        newer.write_text(
            text.replace("2024年3月14日 星期四", "2024年3月20日 星期三").replace("23599", "23605")
        )
        import_paths(newer)
        self.assertContains(self.client.get("/"), "2024年3月20日")

    def test_an_edit_shows_at_once_on_the_article_page(self):
        article = Article.objects.stories().first()
        url = article.get_absolute_url()
        self.assertContains(self.client.get(url), article.headline)
        article.headline = "编辑改过的标题"
        article.save()
        self.assertContains(self.client.get(url), "编辑改过的标题")

    def test_json_and_html_are_cached_apart(self):
        html = self.client.get("/2024/03/12/")
        response = self.client.get("/2024/03/12/?format=json")
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(html.headers["Content-Type"], "text/html; charset=utf-8")


@override_settings(CACHES=PAGES_CACHE)
class RemovalTests(TestCase):
    """A removed issue leaves the archive-wide lists at once, whoever removes it and whatever it held."""

    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLES)

    def setUp(self):
        caches["pages"].clear()

    def edit_another_issue(self):
        """The archive changes after the issue to remove: its own stamp is no longer the newest."""
        article = Article.objects.stories().filter(page__issue__date="2023-11-08").first()
        article.headline = "编辑改过的标题"
        article.save()

    def test_removing_an_issue_that_held_no_articles_shows_at_once(self):
        Issue.objects.create(
            date=datetime.date(2024, 3, 1), source_name="empty.txt", source_checksum="0" * 64
        )
        self.edit_another_issue()
        self.assertContains(self.client.get("/2024/03/"), 'href="/2024/03/01/"')
        call_command("remove_issues", "--date", "2024-03-01", stdout=io.StringIO())
        self.assertNotContains(self.client.get("/2024/03/"), 'href="/2024/03/01/"')

    def test_an_issue_deleted_in_the_admin_leaves_the_calendar_and_the_archive_at_once(self):
        self.edit_another_issue()
        issue = Issue.objects.get(date="2024-03-12")
        self.assertContains(self.client.get("/2024/03/"), 'href="/2024/03/12/"')
        self.assertContains(self.client.get("/2023/11/08/"), 'href="/2024/03/12/"')
        archive = self.client.get("/archive/").content
        self.client.force_login(User.objects.create_superuser("boss", password="a-long-admin-password"))
        response = self.client.post(f"/admin/articles/issue/{issue.pk}/delete/", {"post": "yes"})
        self.assertRedirects(response, "/admin/articles/issue/")
        self.assertFalse(Issue.objects.filter(pk=issue.pk).exists())
        self.assertNotContains(self.client.get("/2024/03/"), 'href="/2024/03/12/"')
        # The issue before it linked it as the next one.
        self.assertNotContains(self.client.get("/2023/11/08/"), 'href="/2024/03/12/"')
        # The month's count of issues went down by one.
        self.assertNotEqual(self.client.get("/archive/").content, archive)
