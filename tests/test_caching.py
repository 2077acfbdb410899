"""Busy pages come from the cache until an import or an edit changes them."""

import shutil
import tempfile
from pathlib import Path

from django.core.cache import caches
from django.test import TestCase, override_settings

from articles.models import Article

from .base import SAMPLES, import_paths

PAGES_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-pages"},
}


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
