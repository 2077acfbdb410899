"""Readers report an error from any article page: a short form, rate-limited, CSRF-protected."""

from django.template.loader import render_to_string
from django.test import Client, TestCase, override_settings

from articles.models import Article, ErrorReport

from .base import SAMPLES, import_paths


class ErrorReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        cls.article = Article.objects.get(page__number=2, position=2)
        cls.url = f"/report/{cls.article.pk}/"

    def send(self, message="电梯数量应为12部", address="10.1.1.1", fields=None, **headers):
        data = {"message": message, "contact": "", **(fields or {})}
        return self.client.post(self.url, data, REMOTE_ADDR=address, **headers)

    def test_the_article_page_links_to_the_report_form(self):
        self.assertContains(self.client.get(self.article.get_absolute_url()), f'href="{self.url}"')

    def test_the_report_link_costs_no_query(self):
        article = Article.objects.select_related("page__issue").get(pk=self.article.pk)
        with self.assertNumQueries(0):
            html = render_to_string("articles/includes/report_link.html", {"article": article})
        self.assertIn(self.url, html)

    def test_the_form_names_the_article(self):
        response = self.client.get(self.url)
        self.assertContains(response, "旧楼装上新电梯 居民出门更轻松")
        self.assertContains(response, "csrfmiddlewaretoken")

    def test_the_form_asks_in_chinese_punctuation_and_dates(self):
        response = self.client.get(self.url)
        self.assertContains(response, '<label for="id_message">哪里有错？</label>', html=True)
        self.assertNotContains(response, "?</label>")
        self.assertContains(response, "2024年3月12日 第02版")
        self.assertNotContains(response, "2024-03-12")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_a_report_is_stored_and_the_reader_thanked_with_a_way_back_to_the_article(self):
        response = self.send()
        thanks = f"/report/{self.article.pk}/thanks/"
        self.assertRedirects(response, thanks)
        page = self.client.get(thanks)
        self.assertContains(page, "谢谢您的指正")
        self.assertContains(page, f'href="{self.article.get_absolute_url()}"')
        report = ErrorReport.objects.get()
        self.assertEqual((report.article, report.message), (self.article, "电梯数量应为12部"))
        self.assertNotIn("10.1.1.1", report.client_key)

    def test_a_report_lands_in_the_review_queue(self):
        self.send()
        queued = Article.objects.review_queue().get(pk=self.article.pk)
        self.assertEqual(queued.review_reasons, ["读者报错"])

    def test_an_empty_report_is_refused(self):
        response = self.send(message="")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ErrorReport.objects.exists())

    def test_a_post_without_the_csrf_token_is_refused(self):
        response = Client(enforce_csrf_checks=True).post(self.url, {"message": "标题有误"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ErrorReport.objects.exists())

    @override_settings(REPORTS_PER_HOUR=5)
    def test_one_address_may_send_five_reports_an_hour(self):
        for n in range(5):
            self.assertEqual(self.send(f"错误{n}").status_code, 302)
        response = self.send("第六条")
        self.assertContains(response, "提交过于频繁", status_code=429)
        self.assertEqual(ErrorReport.objects.count(), 5)
        self.assertEqual(self.send("别的读者", address="10.1.1.2").status_code, 302)

    @override_settings(REPORTS_PER_HOUR=1, PORTAL_PROXY_COUNT=1)
    def test_behind_a_proxy_readers_are_told_apart_by_the_forwarded_address(self):
        self.assertEqual(self.send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.1").status_code, 302)
        self.assertEqual(self.send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.2").status_code, 302)
        response = self.send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.9, 10.1.1.2")
        self.assertEqual(response.status_code, 429)

    def test_a_filled_honeypot_is_thanked_but_not_stored(self):
        self.assertRedirects(
            self.send(fields={"website": "http://spam.example"}), f"/report/{self.article.pk}/thanks/"
        )
        self.assertFalse(ErrorReport.objects.exists())

    def test_an_unknown_article_is_not_found(self):
        self.assertEqual(self.client.get("/report/999999/").status_code, 404)
