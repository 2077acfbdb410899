"""Readers propose corrections from any article: part by part, near the text, protected as reports are,
followed by a private link, and never shown to readers before an editor accepts them."""

from django.test import Client, TestCase, override_settings

from articles.models import Article
from articles.proposals.models import Proposal

from .base import SAMPLE, import_paths

# A paragraph of the 2024-03-12 sample's lift story, with a misprint an editor would fix.
PARAGRAPH = 2
PROPOSED_FIX = "株洲"


class ProposalTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLE)
        cls.article = Article.objects.select_related("page__issue").get(page__number=2, position=2)
        cls.proofread = f"/propose/{cls.article.pk}/"
        cls.paragraph = cls.article.paragraphs[PARAGRAPH]
        cls.url = f"/propose/{cls.article.pk}/body/{PARAGRAPH}/"

    def near(self):
        """The paragraph with two characters changed, as a reader fixing a misprint would send it."""
        return self.paragraph.replace("社区党委", "社区党支部", 1)

    def send(self, text=None, url=None, address="10.2.2.2", note="", fields=None, **headers):
        data = {"text": self.near() if text is None else text, "note": note, **(fields or {})}
        return self.client.post(url or self.url, data, REMOTE_ADDR=address, **headers)


class ProposingTests(ProposalTestCase):
    def test_the_article_page_links_to_correcting_it_part_by_part(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, f'href="{self.proofread}"')

    def test_every_paragraph_title_and_caption_has_its_own_link(self):
        response = self.client.get(self.proofread)
        self.assertContains(response, f'href="/propose/{self.article.pk}/headline/"')
        for n, paragraph in enumerate(self.article.paragraphs):
            self.assertContains(response, f'href="/propose/{self.article.pk}/body/{n}/"')
            self.assertContains(response, f'<p class="proof-text">{paragraph}</p>', html=True)
        captioned = Article.objects.filter(captions__isnull=False).first()
        self.assertContains(
            self.client.get(f"/propose/{captioned.pk}/"), f'href="/propose/{captioned.pk}/captions/0/"'
        )

    def test_the_form_is_prefilled_with_the_paragraph_and_names_the_article(self):
        response = self.client.get(self.url)
        self.assertContains(response, "改正第3段")
        self.assertContains(response, self.article.headline)
        self.assertEqual(response.context["form"]["text"].value(), self.paragraph)
        self.assertContains(response, "csrfmiddlewaretoken")

    def test_a_part_the_article_does_not_have_is_not_found(self):
        for url in [
            f"/propose/{self.article.pk}/body/99/",
            f"/propose/{self.article.pk}/subtitle/",
            f"/propose/{self.article.pk}/headline/0/",
            f"/propose/{self.article.pk}/captions/5/",
            f"/propose/{self.article.pk}/split/0/",
            "/propose/999999/headline/",
        ]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_near_proposal_is_kept_and_the_reader_gets_a_private_link(self):
        response = self.send(note="原报为党支部")
        proposal = Proposal.objects.get()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/propose/status/"))
        token = response["Location"].split("/")[3]
        self.assertNotIn(token, proposal.token_hash)
        self.assertEqual(
            (proposal.article, proposal.part, proposal.index, proposal.original, proposal.proposed),
            (self.article, "body", PARAGRAPH, self.paragraph, self.near()),
        )
        self.assertEqual(proposal.note, "原报为党支部")
        self.assertNotIn("10.2.2.2", proposal.client_key)
        status = self.client.get(response["Location"])
        self.assertContains(status, "谢谢您的更正")
        self.assertContains(status, "待审核")
        self.assertContains(status, f"http://testserver/propose/status/{token}/")
        self.assertEqual(status["Referrer-Policy"], "no-referrer")

    def test_the_proposed_text_is_shown_to_no_reader_before_an_editor_accepts_it(self):
        location = self.send()["Location"]
        for url in [location, self.article.get_absolute_url(), self.proofread, self.url]:
            with self.subTest(url):
                self.assertNotContains(self.client.get(url), "社区党支部")
        self.assertNotContains(self.client.get(self.article.get_absolute_url(), {"format": "json"}), "党支部")

    def test_a_proposal_lands_in_the_review_queue(self):
        self.send()
        queued = Article.objects.review_queue().get(pk=self.article.pk)
        self.assertEqual(queued.review_reasons, ["读者更正建议"])

    def test_a_new_text_rather_than_a_correction_is_refused(self):
        response = self.send(text="这是一段读者自己写的全新文字，与原文毫无关系。" * 3)
        self.assertContains(response, "改动太多")
        self.assertFalse(Proposal.objects.exists())

    def test_an_unchanged_text_a_line_break_and_an_oversized_text_are_refused(self):
        for text, message in [
            (self.paragraph, "文字没有改动"),
            (self.paragraph[:10] + "\r\n" + self.paragraph[10:], "请不要换行"),
            ("字" * 3001, "3000"),
        ]:
            with self.subTest(message):
                self.assertContains(self.send(text=text), message)
        self.assertFalse(Proposal.objects.exists())

    def test_a_short_title_allows_a_few_characters_only(self):
        url = f"/propose/{self.article.pk}/headline/"
        self.assertEqual(self.send(self.article.headline.replace("旧楼", "老楼"), url=url).status_code, 302)
        self.assertContains(self.send("新楼装电梯", url=url), "改动太多")

    def test_a_post_without_the_csrf_token_is_refused(self):
        response = Client(enforce_csrf_checks=True).post(self.url, {"text": self.near()})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Proposal.objects.exists())

    def test_a_filled_honeypot_goes_back_to_the_article_and_keeps_nothing(self):
        response = self.send(fields={"website": "http://spam.example"})
        self.assertRedirects(response, self.article.get_absolute_url())
        self.assertFalse(Proposal.objects.exists())

    @override_settings(PROPOSALS_PER_HOUR=3)
    def test_one_address_may_send_so_many_proposals_an_hour(self):
        for _ in range(3):
            self.assertEqual(self.send().status_code, 302)
        with self.assertLogs("articles.proposals.views", "WARNING"):
            response = self.send()
        self.assertContains(response, "提交过于频繁", status_code=429)
        self.assertEqual(Proposal.objects.count(), 3)
        self.assertEqual(self.send(address="10.2.2.3").status_code, 302)

    @override_settings(PROPOSALS_PER_HOUR=1, PORTAL_PROXY_COUNT=1)
    def test_behind_a_proxy_readers_are_told_apart_by_the_forwarded_address(self):
        self.assertEqual(self.send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.2.2.1").status_code, 302)
        self.assertEqual(self.send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.2.2.2").status_code, 302)
        response = self.send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.2.2.9, 10.2.2.2")
        self.assertEqual(response.status_code, 429)

    def test_an_unknown_status_link_is_not_found(self):
        self.assertEqual(self.client.get("/propose/status/not-a-token/").status_code, 404)

    def test_markup_in_a_note_or_a_proposal_is_kept_as_text(self):
        self.send(text=self.paragraph.replace("社区", "<b>社区</b>", 1), note="<script>alert(1)</script>")
        proposal = Proposal.objects.get()
        self.assertIn("<b>社区</b>", proposal.proposed)
        self.assertEqual(proposal.note, "<script>alert(1)</script>")


class BoundaryTests(ProposalTestCase):
    def post(self, url, **data):
        return self.client.post(url, {"note": "", **data}, REMOTE_ADDR="10.3.3.3")

    def test_a_reader_says_another_story_starts_at_a_paragraph(self):
        response = self.post(f"/propose/{self.article.pk}/split/3/")
        self.assertEqual(response.status_code, 302)
        proposal = Proposal.objects.get()
        self.assertEqual((proposal.kind, proposal.index), ("split", 3))
        self.assertEqual(proposal.original, self.article.paragraphs[3])
        self.assertContains(self.client.get(response["Location"]), "另一篇从这一段开始：从第4段起")

    def test_a_reader_says_two_paragraphs_are_one(self):
        self.assertEqual(self.post(f"/propose/{self.article.pk}/paragraphs/1/").status_code, 302)
        proposal = Proposal.objects.get()
        self.assertEqual(proposal.original, "\n".join(self.article.paragraphs[1:3]))
        last = len(self.article.paragraphs) - 1
        self.assertEqual(self.client.get(f"/propose/{self.article.pk}/paragraphs/{last}/").status_code, 404)

    def test_a_reader_says_the_next_article_is_this_ones(self):
        following = self.article.page.articles.filter(position__gt=self.article.position).first()
        self.assertEqual(self.post(f"/propose/{self.article.pk}/merge/").status_code, 302)
        self.assertEqual(Proposal.objects.get().original, following.headline)
        last = self.article.page.articles.order_by("-position").first()
        self.assertEqual(self.client.get(f"/propose/{last.pk}/merge/").status_code, 404)

    def test_a_reader_says_the_story_continues_on_another_page(self):
        url = f"/propose/{self.article.pk}/continues/"
        self.assertContains(self.post(url, page_number=self.article.page.number), "就是本文所在的版面")
        self.assertEqual(self.post(url, page_number=5).status_code, 302)
        self.assertEqual(Proposal.objects.get().page_number, 5)
