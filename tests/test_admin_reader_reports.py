"""Readers' error reports where an editor works: on the article's edit form (text, date, status, a
button to resolve each) and in the review queue, each leading to the form."""

import datetime

from django.utils import timezone

from articles.models import Article, ErrorReport

from .base import AdminTestCase, form_data

QUEUE = "/admin/articles/articlereview/"


class ReaderReportsOnTheEditFormTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.reported = self.article(2, 2)
        self.report = ErrorReport.objects.create(
            article=self.reported, message="第二段的电梯台数写错了", contact="读者王先生", client_key="k"
        )
        ErrorReport.objects.filter(pk=self.report.pk).update(
            created_at=timezone.make_aware(datetime.datetime(2024, 3, 13, 9, 30))
        )
        self.old = ErrorReport.objects.create(
            article=self.reported, message="标题里多了一个字", client_key="k", resolved_by=self.boss
        )
        ErrorReport.objects.filter(pk=self.old.pk).update(
            resolved_at=timezone.make_aware(datetime.datetime(2024, 3, 12, 18, 5))
        )

    def resolve_url(self, report):
        return f"/admin/articles/article/{self.reported.pk}/reports/{report.pk}/resolve/"

    def test_the_edit_form_shows_each_report_with_its_text_date_and_status(self):
        response = self.client.get(self.change_url(self.reported))
        self.assertContains(response, 'id="reader-reports"')
        self.assertContains(response, "读者报错（1 条待处理）")
        self.assertContains(response, "第二段的电梯台数写错了")
        self.assertContains(response, "2024-03-13 09:30")
        self.assertContains(response, "读者王先生")
        self.assertContains(response, "待处理")
        self.assertContains(response, "标题里多了一个字")
        self.assertContains(response, "已处理（boss，2024-03-12 18:05）")
        self.assertContains(response, f'formaction="{self.resolve_url(self.report)}"', count=1)

    def test_an_article_without_reports_shows_no_panel(self):
        self.assertNotContains(self.client.get(self.change_url(self.article(2, 3))), 'id="reader-reports"')

    def test_a_report_is_resolved_from_the_edit_form(self):
        self.assertIn(self.reported.pk, Article.objects.awaiting_review().values_list("pk", flat=True))
        response = self.client.post(self.resolve_url(self.report))
        self.assertRedirects(response, self.change_url(self.reported))
        self.report.refresh_from_db()
        self.assertEqual(self.report.resolved_by, self.editor)
        self.assertNotIn(self.reported.pk, Article.objects.awaiting_review().values_list("pk", flat=True))
        self.assertContains(self.client.get(self.change_url(self.reported)), "读者报错（0 条待处理）")

    def test_resolving_a_report_keeps_what_was_typed_on_the_form(self):
        data = form_data(self.client.get(self.change_url(self.reported)))
        data["subtitle"] = "一个还没保存的副题"
        response = self.client.post(self.resolve_url(self.report), data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["adminform"].form["subtitle"].value(), "一个还没保存的副题")
        self.assertContains(response, "表单里的修改还没有保存")
        self.report.refresh_from_db()
        self.assertIsNotNone(self.report.resolved_at)

    def test_another_articles_report_is_not_resolved_here(self):
        other = ErrorReport.objects.create(article=self.article(2, 3), message="别的文章", client_key="k")
        self.assertEqual(self.client.post(self.resolve_url(other)).status_code, 404)


class ReaderReportsInTheQueueTests(AdminTestCase):
    def test_the_queue_shows_each_open_reports_text_leading_to_the_edit_forms_panel(self):
        article = self.article(2, 2)
        ErrorReport.objects.create(article=article, message="第二段的电梯台数写错了", client_key="k")
        response = self.client.get(QUEUE)
        self.assertContains(response, "第二段的电梯台数写错了")
        self.assertContains(response, f'href="{self.change_url(article)}#reader-reports"')
