"""RSS and Atom feeds, sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET
from unittest import mock

from articles.models import Article, Issue
from articles.sitemaps import ArticleSitemap

from .base import ReaderTestCase

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class FeedTests(ReaderTestCase):
    def test_the_latest_articles_rss_starts_with_the_latest_issue(self):
        response = self.client.get("/feed/")
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        channel = ET.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("language"), "zh-CN")
        first = channel.find("item")
        self.assertEqual(first.findtext("title"), "城区今年新建12处口袋公园")
        self.assertEqual(first.findtext("link"), "http://testserver/2024/03/14/01/1/")
        self.assertIn("Mar 2024", first.findtext("pubDate"))
        self.assertIn("石峰区", [c.text for c in first.findall("category")])

    def test_the_latest_articles_atom(self):
        response = self.client.get("/feed/atom/")
        feed = ET.fromstring(response.content)
        entry = feed.find(f"{ATOM}entry")
        self.assertEqual(entry.find(f"{ATOM}link").get("href"), "http://testserver/2024/03/14/01/1/")
        self.assertIn("汤晓雯", entry.find(f"{ATOM}author").findtext(f"{ATOM}name"))

    def test_a_district_feed_has_only_that_districts_stories(self):
        for url in ("/district/liling/feed/", "/district/liling/feed/atom/"):
            response = self.client.get(url)
            self.assertContains(response, "株洲日报 · 醴陵市")
            self.assertContains(response, "醴陵陶瓷企业一季度订单饱满")
            self.assertNotContains(response, "城区今年新建12处口袋公园")
        self.assertEqual(self.client.get("/district/nowhere/feed/").status_code, 404)

    def test_a_section_feed_has_only_that_sections_stories(self):
        response = self.client.get("/section/民生教育/feed/")
        self.assertContains(response, "我市公交新开2条“通学专线”")
        self.assertNotContains(response, "城区今年新建12处口袋公园")
        self.assertEqual(self.client.get("/section/民生教育/feed/atom/").status_code, 200)

    def test_pages_announce_their_feeds(self):
        self.assertContains(self.client.get("/"), 'type="application/rss+xml"')
        self.assertContains(self.client.get("/district/liling/"), 'href="/district/liling/feed/atom/"')


class SitemapTests(ReaderTestCase):
    def test_the_index_lists_a_sitemap_per_kind_of_page(self):
        response = self.client.get("/sitemap.xml")
        locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
        self.assertIn("http://testserver/sitemap-articles.xml", locations)
        self.assertIn("http://testserver/sitemap-issues.xml", locations)

    def test_the_article_sitemap_lists_stories_with_their_issues_last_change(self):
        response = self.client.get("/sitemap-articles.xml")
        self.assertContains(response, "<loc>http://testserver/2024/03/12/01/1/</loc>")
        self.assertNotContains(
            response, "<loc>http://testserver/2024/03/12/01/3/</loc>", msg_prefix="a guide entry"
        )
        self.assertContains(response, "<lastmod>")

    def test_the_article_sitemap_is_split_into_files_the_index_lists_with_the_newest_change(self):
        with mock.patch.object(ArticleSitemap, "limit", 2):
            index = ET.fromstring(self.client.get("/sitemap.xml").content)
            files = {
                entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
                for entry in index.iter(f"{SITEMAP}sitemap")
            }
            stories = Article.objects.public().stories().count()
            pages = [
                f"http://testserver/sitemap-articles.xml?p={n}" for n in range(2, (stories + 1) // 2 + 1)
            ]
            self.assertTrue(pages)
            for page in pages:
                self.assertIn(page, files)
                urls = ET.fromstring(self.client.get(page.removeprefix("http://testserver")).content)
                self.assertLessEqual(len(list(urls.iter(f"{SITEMAP}url"))), 2)
        newest = Issue.objects.public().latest("updated_at").updated_at
        shown = datetime.datetime.fromisoformat(files["http://testserver/sitemap-articles.xml"])
        self.assertEqual(shown, newest)

    def test_the_other_sitemaps(self):
        self.assertContains(self.client.get("/sitemap-issues.xml"), "http://testserver/2024/03/12/")
        self.assertContains(self.client.get("/sitemap-issue-pages.xml"), "http://testserver/2024/03/12/02/")
        self.assertContains(self.client.get("/sitemap-districts.xml"), "http://testserver/district/liling/")
        self.assertContains(self.client.get("/sitemap-people.xml"), "http://testserver/person/")
        self.assertContains(self.client.get("/sitemap-site.xml"), "http://testserver/archive/")

    def test_robots_txt_points_at_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")
