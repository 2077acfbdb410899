"""The public record of corrections: 本文已更正 on the article with what changed and when, the text as
printed a click away, both texts in the JSON and the feeds, and search by either text. An accepted
proposal reaches readers through the one change path: the cached pages and the index follow."""

import xml.etree.ElementTree as ET

from django.test import override_settings

from articles.models import Article
from articles.proposals.models import Proposal

from .base import PAGES_CACHE, AdminTestCase, fresh_index, index_all

MISPRINT, FIX = "社区党委", "社区党支部"


class RecordTestCase(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.story = cls.article(2, 2)

    def accept_a_proposal(self, article=None, find=MISPRINT, fix=FIX):
        """A reader proposes through the form and an editor accepts it through the review page."""
        article = article or self.story
        n = next(i for i, p in enumerate(article.paragraphs) if find in p)
        self.client.logout()
        self.client.post(
            f"/propose/{article.pk}/body/{n}/",
            {"text": article.paragraphs[n].replace(find, fix, 1), "note": ""},
            REMOTE_ADDR="10.8.8.8",
        )
        self.client.force_login(self.editor)
        proposal = Proposal.objects.latest("pk")
        form = self.client.get(proposal.get_absolute_url()).context["form"]
        response = self.client.post(
            proposal.get_absolute_url(), {"seen": form["seen"].value(), "hunks": ["0"], "decision": "accept"}
        )
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        return article

    def url(self, article, page):
        return f"{article.get_absolute_url()}{page}/"


class NoticeTests(RecordTestCase):
    def test_a_corrected_article_says_so_and_links_its_record_and_printed_text(self):
        story = self.accept_a_proposal()
        response = self.client.get(story.get_absolute_url())
        self.assertContains(response, "本文已更正")
        self.assertContains(response, "读者更正 1 处")
        self.assertContains(response, f'href="{self.url(story, "corrections")}"')
        self.assertContains(response, f'href="{self.url(story, "printed")}"')
        self.assertContains(response, FIX)

    def test_an_article_as_printed_says_nothing(self):
        self.assertNotContains(self.client.get(self.story.get_absolute_url()), "本文已更正")

    def test_the_record_lists_each_correction_with_its_date_and_a_diff(self):
        story = self.accept_a_proposal()
        with story.correcting(self.editor, "编辑改正标题"):
            story.headline = story.headline.replace("旧楼", "老楼")
        response = self.client.get(self.url(story, "corrections"))
        history = response.context["history"]
        self.assertEqual([entry.by_reader for entry in history], [False, True])
        self.assertContains(response, "读者更正，编辑审核")
        self.assertContains(response, "编辑更正")
        self.assertContains(response, '<del><span class="visually-hidden">［删去］</span>委</del>', html=True)
        self.assertContains(
            response, '<ins><span class="visually-hidden">［加上］</span>支部</ins>', html=True
        )
        self.assertContains(response, "其中 1 处由读者提出、编辑审核")
        against = dict(response.context["against_print"])
        self.assertEqual(set(against), {"标题", "正文"})

    def test_an_import_is_no_correction_on_the_record(self):
        story = self.accept_a_proposal()
        with story.correcting(None, "导入"):
            story.subtitle = "导入时改的副题"
        self.assertEqual(len(self.client.get(self.url(story, "corrections")).context["history"]), 1)

    def test_the_printed_text_is_one_click_away(self):
        story = self.accept_a_proposal()
        response = self.client.get(self.url(story, "printed"))
        self.assertContains(response, MISPRINT)
        self.assertNotContains(response, FIX)
        self.assertContains(response, f"<h1>{story.headline}</h1>", html=True)
        self.assertContains(response, "这是本文在报纸上印出的文字")

    def test_markup_in_a_corrected_text_is_escaped_on_the_record(self):
        story = self.article(2, 3)
        with story.correcting(self.editor, "编辑改正"):
            story.headline = "<script>alert(1)</script>" + story.headline
        for page in ("corrections", "printed"):
            with self.subTest(page):
                response = self.client.get(self.url(story, page))
                self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(self.client.get(self.url(story, "corrections")), "&lt;script&gt;")


class AboutTests(RecordTestCase):
    def test_about_counts_the_corrections_readers_made(self):
        self.assertEqual(self.client.get("/about/?format=json").json()["counts"]["reader_corrections"], 0)
        self.accept_a_proposal()
        self.client.logout()
        self.assertEqual(self.client.get("/about/?format=json").json()["counts"]["reader_corrections"], 1)
        self.assertContains(
            self.client.get("/about/"),
            '<tr><th scope="row">读者提出并经编辑采纳的更正</th><td class="number">1</td></tr>',
            html=True,
        )


class BothTextsTests(RecordTestCase):
    def test_the_json_carries_both_texts(self):
        story = self.accept_a_proposal()
        data = self.client.get(story.get_absolute_url(), {"format": "json"}).json()
        self.assertTrue(data["corrected"])
        self.assertIn(FIX, "".join(data["paragraphs"]))
        self.assertIn(MISPRINT, "".join(data["as_printed"]["paragraphs"]))
        plain = self.client.get(self.article(2, 3).get_absolute_url(), {"format": "json"}).json()
        self.assertEqual((plain["corrected"], plain["as_printed"]), (False, None))
        record = self.client.get(self.url(story, "corrections"), {"format": "json"}).json()
        self.assertEqual(record["corrections_by_readers"], 1)
        self.assertTrue(record["history"][0]["by_reader"])

    def test_the_model_gives_both_texts_for_an_export(self):
        story = self.accept_a_proposal()
        printed, corrected = story.both_texts()["body"]
        self.assertIn(MISPRINT, printed)
        self.assertIn(FIX, corrected)

    def test_the_feeds_carry_both_texts(self):
        story = self.article(1, 1)
        with story.correcting(self.editor, "编辑改正标题"):
            story.headline = story.headline + "（更正）"
        for url in ("/feed/", "/feed/atom/"):
            with self.subTest(url):
                feed = ET.fromstring(self.client.get(url).content)
                text = "".join(feed.itertext())
                self.assertIn("（更正）", text)
                self.assertIn("【本文已更正】印刷版标题：", text)


class SearchBothTextsTests(RecordTestCase):
    """Run again on OpenSearch by tests/test_search_opensearch.py."""

    def test_search_finds_the_corrected_text_and_the_printed_one(self):
        fresh_index()
        story = self.accept_a_proposal()
        index_all()
        for words in (FIX, MISPRINT):
            with self.subTest(words):
                response = self.client.get("/search/", {"q": words})
                self.assertIn(story.get_absolute_url(), [r.url for r in response.context["page_obj"]])


@override_settings(CACHES=PAGES_CACHE)
class ChangePathTests(RecordTestCase):
    def test_an_accepted_proposal_renews_the_cached_page_and_reaches_the_index(self):
        fresh_index()
        index_all()
        url = self.story.get_absolute_url()
        self.assertNotContains(self.client.get(url), FIX)  # now in the cache
        with self.captureOnCommitCallbacks(execute=True):
            self.accept_a_proposal()
        self.assertContains(self.client.get(url), FIX)
        found = self.client.get("/search/", {"q": FIX}).context["page_obj"]
        self.assertEqual([r.url for r in found], [url])
        self.assertEqual(Article.objects.get(pk=self.story.pk).edited_fields, ["body"])
