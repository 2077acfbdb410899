"""Reader comforts on the article page: a text size that is remembered, a short permalink and its QR code, print."""

from .base import ReaderTestCase
from .test_pages_article import ARTICLE_QUERIES


class TextSizeTests(ReaderTestCase):
    """The size is a cookie set by a link that comes back; the page itself is the same for everyone (cached)."""

    def setUp(self):
        self.story = self.article("2024-03-12", 1, 2)
        self.url = self.story.get_absolute_url()

    def test_the_article_offers_the_sizes_each_coming_back_to_it(self):
        response = self.client.get(self.url)
        self.assertContains(
            response,
            f'href="/text-size/?size=large&amp;next={self.url}" rel="nofollow" data-size="large">大</a>',
        )
        self.assertContains(response, '<link rel="stylesheet" href="/text-size.css">')

    def test_a_size_picked_is_remembered_and_the_reader_sent_back(self):
        response = self.client.get("/text-size/", {"size": "large", "next": self.url})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(response.cookies["text_size"].value, "large")
        css = self.client.get("/text-size.css")
        self.assertEqual(css["Content-Type"], "text/css; charset=utf-8")
        self.assertIn("--story-scale: 1.25", css.content.decode())
        self.assertIn('.text-size a[data-size="large"] { font-weight: 700;', css.content.decode())
        self.assertIn("Cookie", css["Vary"])
        self.assertIn("private", css["Cache-Control"])

    def test_the_default_size_sets_nothing_and_a_foreign_next_goes_home(self):
        default = self.client.get("/text-size.css").content.decode()
        self.assertNotIn("--story-scale", default)
        self.assertIn('.text-size a[data-size=""] { font-weight: 700;', default)
        response = self.client.get("/text-size/", {"size": "huge", "next": "https://example.com/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["text_size"].value, "")

    def test_the_page_is_the_same_whatever_the_size_and_keeps_its_query_count(self):
        plain = self.client.get(self.url).content
        self.client.get("/text-size/", {"size": "large", "next": self.url})
        with self.assertNumQueries(ARTICLE_QUERIES):
            self.assertEqual(self.client.get(self.url, {"fresh": 1}).status_code, 200)
        self.assertEqual(self.client.get(self.url).content, plain)


class ShareLinkTests(ReaderTestCase):
    def setUp(self):
        self.story = self.article("2024-03-12", 1, 2)

    def test_the_short_link_redirects_permanently_to_the_article(self):
        response = self.client.get(f"/a/{self.story.pk}/")
        self.assertRedirects(
            response, self.story.get_absolute_url(), status_code=301, fetch_redirect_response=False
        )
        self.assertEqual(self.client.get("/a/999999/").status_code, 404)

    def test_the_article_shows_its_short_link_and_qr_code(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertContains(
            response, f'<a href="/a/{self.story.pk}/">http://testserver/a/{self.story.pk}/</a>'
        )
        self.assertContains(response, f'src="/a/{self.story.pk}/qr.svg"')

    def test_the_qr_code_is_an_svg_drawn_on_the_server(self):
        response = self.client.get(f"/a/{self.story.pk}/qr.svg")
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        self.assertTrue(response.content.startswith(b"<?xml") or response.content.startswith(b"<svg"))
        self.assertIn(b"<path", response.content)
        self.assertEqual(self.client.get("/a/999999/qr.svg").status_code, 404)


class PrintTests(ReaderTestCase):
    def test_a_printed_article_ends_with_where_it_came_from(self):
        story = self.article("2024-03-12", 1, 2)
        response = self.client.get(story.get_absolute_url())
        source = response.content.decode().split('class="print-source"')[1].split("</p>")[0]
        self.assertIn("株洲日报", source)
        self.assertIn("2024年3月12日", source)
        self.assertIn("第01版", source)
        self.assertIn(f"http://testserver/a/{story.pk}/", source)
