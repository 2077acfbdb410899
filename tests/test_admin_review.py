"""The review queue: doubtful articles with readers' reports beside them, and inferred dates."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from articles.models import REVIEW_REASONS, Article, Byline, ErrorReport, Issue, Person

from .base import SAMPLES, AdminTestCase, form_data, import_paths, seed

QUEUE = "/admin/articles/articlereview/"
ARTICLES = "/admin/articles/article/"
# The session, the user and their permissions (4), the counts per reason, the count and the full
# count, the page, its bylines, its readers' reports and proposals, the date hierarchy's range and days.
QUEUE_QUERIES = 13


class ArticleQueueTests(AdminTestCase):
    def queued(self, query=""):
        response = self.client.get(QUEUE + query)
        self.assertEqual(response.status_code, 200)
        return {article.pk: article.review_reasons for article in response.context["cl"].result_list}

    def sign(self, article, name, role="作者"):
        """A byline an earlier parser might have read out of a sentence."""
        Byline.objects.create(article=article, person=Person.objects.create(name=name), role=role, position=9)

    def test_no_district_or_byline_alone_is_a_reason_to_review(self):
        article = self.article(3, 2)
        article.bylines.all().delete()
        self.assertFalse(article.districts.exists())
        self.assertNotIn(article.pk, self.queued())
        self.assertNotContains(self.client.get(QUEUE), "无区县</td>")

    def test_articles_without_a_district_or_a_byline_are_found_by_a_filter(self):
        article = self.article(3, 2)
        article.bylines.all().delete()
        response = self.client.get(ARTICLES + "?missing=byline&kind__exact=news")
        self.assertEqual([a.pk for a in response.context["cl"].result_list], [article.pk])
        response = self.client.get(ARTICLES + "?missing=district")
        undistricted = Article.objects.filter(page__issue=article.page.issue_id, districts=None)
        self.assertEqual(
            {a.pk for a in response.context["cl"].result_list}, set(undistricted.values_list("pk", flat=True))
        )
        self.assertContains(response, "无区县")

    def test_it_lists_an_article_with_a_short_or_long_body(self):
        article = self.article(2, 2)
        article.body = "只有一句话。"
        article.save()  # the queue reads flags a save brings up to date (articles/derived.py)
        self.assertEqual(self.queued()[article.pk], ["正文过短（6字）"])
        article.body = "很长的正文。" * 1000
        article.save()
        self.assertEqual(self.queued()[article.pk], ["正文过长（6000字）"])

    def test_it_lists_a_byline_that_reads_as_no_ones_name_and_marks_it(self):
        article = self.article(2, 2)
        self.sign(article, "为本市某中")
        self.assertEqual(self.queued()[article.pk], ["署名存疑"])
        self.assertContains(self.client.get(QUEUE), "作者/为本市某中？")
        self.assertNotIn(self.article(2, 3).pk, self.queued(), "real names are fine")

    def test_renaming_the_person_to_a_name_clears_the_doubt(self):
        article = self.article(2, 2)
        self.sign(article, "为本市某中")
        person = Person.objects.get(name="为本市某中")
        self.assertIn(article.pk, self.queued())
        self.client.force_login(self.boss)
        data = form_data(self.client.get(f"/admin/articles/person/{person.pk}/change/"))
        response = self.client.post(f"/admin/articles/person/{person.pk}/change/", {**data, "name": "林晓"})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(article.pk, self.queued())

    def test_it_lists_a_jump_that_leads_nowhere(self):
        article = self.article(2, 2)
        article.continues_on = 3
        article.save()
        self.assertEqual(self.queued()[article.pk], ["转版无着落（下转03版）"])

    def test_a_jump_that_lands_is_fine(self):
        self.assertNotIn("转版无着落（下转02版）", self.queued().get(self.article(1, 1).pk, []))

    def test_it_filters_by_reason(self):
        article = self.article(2, 2)
        article.needs_review = True
        article.save()
        flagged = set(Article.objects.filter(needs_review=True).values_list("pk", flat=True))
        self.assertIn(article.pk, flagged)
        self.assertEqual(set(self.queued("?reason=flagged")), flagged)

    def test_the_most_urgent_come_first_whatever_their_date(self):
        import_paths(SAMPLES / "sample-2024-03-13.txt")
        named = Article.objects.filter(date="2024-03-13").stories().first()
        self.sign(named, "为本市某中")
        doubted = self.article(2, 3)
        doubted.needs_review, doubted.parse_doubts = True, "标题与上文只隔一个空行"
        doubted.save()
        reported = self.article(1, 1)
        ErrorReport.objects.create(article=reported, message="标题有误", client_key="k")
        order = list(self.queued())
        self.assertEqual(order[:3], [reported.pk, doubted.pk, named.pk])

    def test_it_says_how_many_wait_for_each_reason(self):
        self.sign(self.article(2, 2), "为本市某中")
        self.sign(self.article(2, 3), "国有某某公")
        ErrorReport.objects.create(article=self.article(1, 1), message="标题有误", client_key="k")
        response = self.client.get(QUEUE)
        self.assertContains(response, "读者报错（1）")
        self.assertContains(response, "署名存疑（不像人名）（2）")
        self.assertContains(response, "转版无着落（0）")

    def test_each_reason_lists_in_sql_exactly_the_articles_its_row_names(self):
        article = self.article(2, 2)
        self.sign(article, "为本市某中")
        Article.objects.filter(pk=article.pk).update(body="只有一句话。", continues_on=3, needs_review=True)
        ErrorReport.objects.create(article=article, message="标题有误", client_key="k")
        flagged = Article.objects.with_review_flags()
        for reason in REVIEW_REASONS:
            with self.subTest(reason.key):
                said = {a.pk for a in flagged if reason.said_of(a)}
                self.assertEqual(set(flagged.filter(reason.condition).values_list("pk", flat=True)), said)
        self.assertEqual(
            flagged.get(pk=article.pk).review_reasons,
            ["读者报错", "标记待审", "转版无着落（下转03版）", "正文过短（6字）", "署名存疑"],
        )

    def test_a_readers_report_shows_beside_the_article(self):
        article = self.article(2, 2)
        ErrorReport.objects.create(article=article, message="电梯数量应为12部", client_key="k")
        self.assertEqual(self.queued()[article.pk], ["读者报错"])
        self.assertContains(self.client.get(QUEUE), "电梯数量应为12部")

    def test_marking_reviewed_clears_the_article_and_its_reports(self):
        article = self.article(3, 2)
        report = ErrorReport.objects.create(article=article, message="标题有误", client_key="k")
        self.client.post(QUEUE, {"action": "mark_reviewed", ACTION_CHECKBOX_NAME: [str(article.pk)]})
        self.assertNotIn(article.pk, self.queued())
        report.refresh_from_db()
        self.assertEqual(report.resolved_by, self.editor)
        article.refresh_from_db()
        self.assertEqual(article.reviewed_by, self.editor)

    def test_a_new_report_brings_a_reviewed_article_back(self):
        article = self.article(3, 2)
        self.sign(article, "为本市某中")
        Article.objects.filter(pk=article.pk).mark_reviewed(self.editor)
        self.assertNotIn(article.pk, self.queued())
        ErrorReport.objects.create(article=article, message="又发现一处错误", client_key="k")
        self.assertEqual(self.queued()[article.pk], ["读者报错", "署名存疑"])

    def test_the_queue_links_each_article_to_its_edit_form(self):
        article = self.article(3, 2)
        self.sign(article, "为本市某中")
        self.assertContains(self.client.get(QUEUE), self.change_url(article))


class IssueQueueTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_paths(seed("000"))
        cls.inferred = Issue.objects.get(date_needs_review=True)

    def test_it_lists_issues_whose_date_was_inferred_with_the_evidence(self):
        response = self.client.get("/admin/articles/issuereview/")
        self.assertEqual([i.pk for i in response.context["cl"].result_list], [self.inferred.pk])
        self.assertContains(response, "由正文推断：")
        self.assertNotContains(response, self.inferred.date_evidence[:20], msg_prefix="in Chinese")

    def test_confirming_the_date_clears_the_issue(self):
        self.client.post(
            "/admin/articles/issuereview/",
            {"action": "confirm_dates", ACTION_CHECKBOX_NAME: [str(self.inferred.pk)]},
        )
        self.inferred.refresh_from_db()
        self.assertFalse(self.inferred.date_needs_review)
        self.assertEqual(self.inferred.reviewed_by, self.editor)
        response = self.client.get("/admin/articles/issuereview/")
        self.assertEqual(list(response.context["cl"].result_list), [])


class QueueQueryCountTests(AdminTestCase):
    """The queue reads its stored flags: a fixed number of queries however many articles wait."""

    def test_the_queue_runs_a_fixed_number_of_queries(self):
        Article.objects.filter(page__number=2).update(needs_review=True)
        Article.objects.refresh_review_flags()
        self.client.get(QUEUE)
        with self.assertNumQueries(QUEUE_QUERIES):
            self.client.get(QUEUE)
        with self.assertNumQueries(QUEUE_QUERIES):
            self.client.get(QUEUE + "?reason=flagged&missing=district&kind__exact=news")
        import_paths(seed("001"), seed("002"))
        with self.assertNumQueries(QUEUE_QUERIES):
            self.client.get(QUEUE)
