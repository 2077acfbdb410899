"""Text from a file or an editor reaches a feed reader only as text, in every feed the portal serves.

A reader decodes the XML, then renders an RSS <description> or an Atom
<summary type="html"> as HTML: markup in an article must arrive there escaped
once more, so the reader shows it as the characters it is.
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.test import TestCase

from articles.models import Section

from .base import make_article

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '<script>alert(1)</script><a href="javascript:alert(2)">点这里</a><img src=x onerror=alert(3)>'


class Markup(HTMLParser):
    """The elements and attributes a reader's HTML renderer would make of a text."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


class FeedEscapingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            "城区公园新添健身步道",
            f"市民在留言中贴了一段代码：{MARKUP}\n步道全长三公里。",
            section="综合新闻",
            districts=["醴陵市"],
        )
        cls.section = Section.objects.get(name="综合新闻")

    def feeds(self):
        yield "/feed/", "rss"
        yield "/feed/atom/", "atom"
        yield "/district/liling/feed/", "rss"
        yield "/district/liling/feed/atom/", "atom"
        yield f"{self.section.get_absolute_url()}feed/", "rss"
        yield f"{self.section.get_absolute_url()}feed/atom/", "atom"

    def rendered_summary(self, url, kind):
        """The story's summary as the reader's HTML renderer gets it, with the type the feed declares."""
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)
        if kind == "rss":
            item = root.find("channel/item")
            return item.findtext("description"), "html"
        summary = root.find(f"{ATOM}entry/{ATOM}summary")
        return summary.text, summary.get("type", "text")

    def test_markup_in_an_article_reaches_every_feed_as_text(self):
        for url, kind in self.feeds():
            with self.subTest(url=url):
                summary, summary_type = self.rendered_summary(url, kind)
                if summary_type == "html":
                    self.assertEqual(Markup(summary).tags, [], "no element a reader would render")
                    self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", summary)
                else:
                    self.assertEqual(summary_type, "text")
                    self.assertIn("<script>alert(1)</script>", summary)

    def test_the_summary_still_reads_as_the_article_does(self):
        summary, _type = self.rendered_summary("/feed/atom/", "atom")
        self.assertTrue(summary.startswith("市民在留言中贴了一段代码："), summary)
        self.assertIn("点这里", summary)
