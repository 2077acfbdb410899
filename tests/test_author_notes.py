"""An author's description (（作者为……）, printed at the end of a commentary) kept with the byline.

It names no one: it is the author's affiliation and title. It is stored as the
description of the article's author byline (or, when no one byline is told to
be the author, of the article), shown under the text as the paper prints it,
in the article's JSON, found by search, kept through re-imports and corrected
in the admin. The parser fills `ParsedArticle.author_note`; these tests hand
the importer the issue as the parser gives it back.
"""

import datetime
import hashlib

from haystack.query import SearchQuerySet

from articles.importer import store_issue
from articles.models import Article, Byline
from articles.parsing import ParsedArticle, ParsedIssue, ParsedPage

from .base import AdminTestCase, form_data, fresh_index

NOTE = "作者为本市某职业技术学院副教授"
BODY = [
    "城市的温度，藏在一个个细节里。",
    "公交站台加装的座椅，让等车的老人不再久站。",
    "细节见真情，也见作风。",
]


def commentary(bylines, author_note=NOTE, headline="城市温度见于细节"):
    return ParsedArticle(
        kind="commentary", headline=headline, bylines=bylines, paragraphs=list(BODY), author_note=author_note
    )


def issue(*articles):
    return ParsedIssue(
        date=datetime.date(2025, 7, 1),
        date_source="masthead",
        number=23900,
        pages=[ParsedPage(number=4, section="评论", articles=list(articles))],
    )


def store(parsed, force=False):
    checksum = hashlib.sha256(repr(parsed).encode()).hexdigest()
    return store_issue(parsed, checksum, "2025-07-01.txt", force=force)


class AuthorNoteTests(AdminTestCase):
    """One commentary, signed by its author, with the author's description at its end."""

    def setUp(self):
        super().setUp()
        # The index is a file of its own, which a test's rollback leaves as the last test made it.
        fresh_index()

    def store_and_index(self, parsed, force=False):
        with self.captureOnCommitCallbacks(execute=True):
            store(parsed, force=force)
        return Article.objects.get(headline="城市温度见于细节")

    def test_it_is_the_authors_bylines_description_never_a_name(self):
        article = self.store_and_index(issue(commentary([("作者", "林晓")])))
        byline = Byline.objects.get(article=article)
        self.assertEqual((byline.person.name, byline.description), ("林晓", NOTE))
        self.assertEqual(article.author_note, "")
        self.assertFalse(Byline.objects.filter(person__name__contains="教授").exists())

    def test_the_article_page_shows_it_under_the_text_as_printed(self):
        article = self.store_and_index(issue(commentary([("作者", "林晓")])))
        response = self.client.get(article.get_absolute_url())
        # What a reader sees: the page's body (the head's JSON-LD names the author's description too).
        html = response.content.decode().partition("</head>")[2]
        self.assertIn(f'<p class="author-note">（{NOTE}）</p>', html)
        self.assertLess(html.index(BODY[-1]), html.index(NOTE), "under the text")

    def test_the_json_gives_it_with_the_byline(self):
        article = self.store_and_index(issue(commentary([("作者", "林晓")])))
        data = self.client.get(article.get_absolute_url(), {"format": "json"}).json()
        self.assertEqual(data["bylines"][0]["name"], "林晓")
        self.assertEqual(data["bylines"][0]["description"], NOTE)
        self.assertEqual(data["author_note"], "")

    def test_with_no_one_byline_the_author_it_is_the_articles(self):
        parsed = issue(commentary([("全媒体记者", "林晓"), ("通讯员", "周宁")]))
        article = self.store_and_index(parsed)
        self.assertEqual(article.author_note, NOTE)
        self.assertEqual(list(article.bylines.values_list("description", flat=True)), ["", ""])
        self.assertContains(
            self.client.get(article.get_absolute_url()), f'<p class="author-note">（{NOTE}）</p>'
        )
        self.assertEqual(
            self.client.get(article.get_absolute_url(), {"format": "json"}).json()["author_note"], NOTE
        )

    def test_search_finds_it_and_its_snippet_reads_as_printed(self):
        self.store_and_index(issue(commentary([("作者", "林晓")])))
        results = SearchQuerySet().models(Article).auto_query("职业技术学院").highlight()
        self.assertEqual([r.headline for r in results], ["城市温度见于细节"])
        snippet = results[0].highlighted["text"][0].replace("<mark>", "").replace("</mark>", "")
        self.assertIn(f"（{NOTE}）", snippet)
        self.assertNotIn("林晓", snippet, "bylines are searched, never cut into a snippet")

    def test_an_editors_correction_of_it_survives_a_reimport(self):
        article = self.store_and_index(issue(commentary([("作者", "林晓")])))
        change = f"/admin/articles/article/{article.pk}/change/"
        data = form_data(self.client.get(change))
        data["bylines-0-description"] = "作者为本市某学院教授"
        self.assertEqual(self.client.post(change, data).status_code, 302)
        self.store_and_index(
            issue(commentary([("作者", "林晓")], author_note=NOTE + "、硕士生导师")), force=True
        )
        byline = Byline.objects.get(article=article)
        self.assertEqual(byline.description, "作者为本市某学院教授")
        article.refresh_from_db()
        self.assertEqual(article.source["bylines"], [["作者", "林晓", NOTE + "、硕士生导师"]])

    def test_a_reimport_takes_a_new_description_where_no_editor_spoke(self):
        self.store_and_index(issue(commentary([("作者", "林晓")])))
        article = self.store_and_index(
            issue(commentary([("作者", "林晓")], author_note="作者为本市某学院教授"))
        )
        self.assertEqual(Byline.objects.get(article=article).description, "作者为本市某学院教授")
