"""The article list, its filters and search, the edit form with inline bylines, and the bulk actions."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count
from haystack.query import SearchQuerySet

from articles.models import Article, District, Person, Section

from .base import AdminTestCase, form_data

CHANGELIST = "/admin/articles/article/"


class ArticleListTests(AdminTestCase):
    def listed(self, query=""):
        response = self.client.get(CHANGELIST + query)
        self.assertEqual(response.status_code, 200)
        return {article.pk for article in response.context["cl"].result_list}

    def test_it_lists_date_page_section_headline_districts_bylines_and_review_mark(self):
        response = self.client.get(CHANGELIST)
        self.assertContains(response, "旧楼装上新电梯 居民出门更轻松")
        self.assertContains(response, "综合·城区")
        self.assertContains(response, "芦淞区")
        self.assertContains(response, "全媒体记者/何静怡")
        self.assertContains(response, "2024年3月12日")
        self.assertContains(response, 'class="column-waits_for_review"')

    def test_the_list_runs_a_fixed_number_of_queries(self):
        self.client.get(CHANGELIST)
        with self.assertNumQueries(12):
            self.client.get(CHANGELIST)

    def test_it_filters_by_district(self):
        lukou = District.objects.get(name="渌口区")
        self.assertEqual(self.listed(f"?districts__id__exact={lukou.pk}"), {self.article(2, 3).pk})

    def test_the_district_filter_lists_the_districts_articles_newest_first_as_the_list_does(self):
        district = District.objects.annotate(n=Count("articles")).order_by("-n").first()
        response = self.client.get(CHANGELIST, {"districts__id__exact": district.pk})
        shown = [article.pk for article in response.context["cl"].result_list]
        newest = Article.objects.filter(districts=district).order_by("-date", "page__number", "position")
        self.assertGreater(len(shown), 1)
        self.assertEqual(shown, list(newest.values_list("pk", flat=True)))
        self.assertContains(response, f"{len(shown)} 条结果")

    def test_it_filters_by_section_and_kind(self):
        section = Section.objects.get(name="民生·教育")
        self.assertEqual(len(self.listed(f"?page__section__id__exact={section.pk}")), 3)
        self.assertEqual(self.listed("?kind__exact=ad"), {self.article(1, 6).pk})

    def test_it_filters_by_date(self):
        self.assertEqual(len(self.listed("?date__year=2024&date__month=3")), 13)
        self.assertEqual(self.listed("?date__year=2023"), set())

    def test_it_filters_by_review_state(self):
        # A byline that reads as no one's name waits; a story with no district does not.
        doubtful = Person.objects.create(name="为本市某中")
        self.article(3, 2).bylines.create(person=doubtful, role="作者", position=9)
        waiting = self.listed("?review=waiting")
        self.assertIn(self.article(3, 2).pk, waiting)
        self.assertNotIn(self.article(3, 3).pk, waiting)
        self.assertNotIn(self.article(2, 2).pk, waiting)
        self.assertNotIn(self.article(1, 6).pk, waiting)
        Article.objects.filter(pk=self.article(3, 2).pk).mark_reviewed(self.editor)
        self.assertEqual(self.listed("?review=reviewed"), {self.article(3, 2).pk})
        self.assertIn(self.article(2, 2).pk, self.listed("?review=fine"))

    def test_it_searches_headlines_and_bodies(self):
        self.assertEqual(self.listed("?q=通学专线"), {self.article(3, 2).pk})
        self.assertEqual(self.listed("?q=邱建华"), {self.article(1, 1).pk})

    def test_the_search_reads_the_index_not_the_bodies(self):
        article = self.article(3, 2)
        # A queryset update sends no signal: the index still holds the text as imported.
        Article.objects.filter(pk=article.pk).update(body="只在数据库里的一句话")
        self.assertEqual(self.listed("?q=只在数据库里"), set())
        self.assertEqual(self.listed("?q=通学专线"), {article.pk})

    def test_the_search_keeps_the_date_hierarchy_and_filters(self):
        article = self.article(3, 2)
        self.assertEqual(self.listed("?q=通学专线&date__year=2024&date__month=3"), {article.pk})
        self.assertEqual(self.listed("?q=通学专线&date__year=2023"), set())
        self.assertEqual(self.listed("?q=通学专线&kind__exact=ad"), set())


class ArticleEditTests(AdminTestCase):
    def test_it_saves_a_corrected_headline_and_marks_it_corrected(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯 居民出门更轻松")
        self.assertEqual(article.headline, "老楼装上新电梯 居民出门更轻松")
        self.assertEqual(article.edited_fields, ["headline"])

    def test_line_breaks_as_a_browser_sends_them_are_no_correction(self):
        article = self.article(2, 2)
        body = article.body
        self.edit(article, body=body.replace("\n", "\r\n"))
        self.assertEqual((article.body, article.edited_fields), (body, []))

    def test_an_edit_shows_at_once_on_the_reader_pages(self):
        article = self.article(2, 2)
        self.client.get(article.get_absolute_url())
        self.edit(article, headline="老楼装上新电梯")
        self.assertContains(self.client.get(article.get_absolute_url()), "老楼装上新电梯")
        self.assertContains(self.client.get(article.page.get_absolute_url()), "老楼装上新电梯")

    def test_an_edit_shows_at_once_in_search_results(self):
        article = self.article(2, 2)
        with self.captureOnCommitCallbacks(execute=True):
            self.edit(article, headline="桂园小区加装电梯见成效")
        results = SearchQuerySet().models(Article).auto_query("桂园小区加装电梯见成效")
        self.assertEqual([(r.pk, r.headline) for r in results], [(str(article.pk), "桂园小区加装电梯见成效")])

    def test_an_edit_changes_the_last_modified_of_its_issue(self):
        article = self.article(2, 2)
        before = article.page.issue.updated_at
        self.edit(article, headline="老楼装上新电梯")
        article.page.issue.refresh_from_db()
        self.assertGreater(article.page.issue.updated_at, before)

    def test_it_edits_bylines_inline_and_records_them(self):
        article = self.article(2, 2)
        data = form_data(self.client.get(self.change_url(article)))
        data["bylines-0-role"] = "首席记者"
        data["bylines-1-DELETE"] = "on"
        self.edit_with(article, data)
        self.assertEqual([str(b) for b in article.bylines.all()], ["首席记者/何静怡"])
        self.assertEqual(article.edited_fields, ["bylines"])

    def edit_with(self, article, data):
        response = self.client.post(self.change_url(article), data)
        self.assertEqual(response.status_code, 302, response.context and response.context.get("errors"))
        article.refresh_from_db()

    def test_it_adds_a_byline_for_a_person_created_on_the_fly(self):
        response = self.client.post(
            "/admin/articles/person/add/?_to_field=id&_popup=1", {"name": "欧阳新", "_popup": "1"}
        )
        person = Person.objects.get(name="欧阳新")
        self.assertContains(response, f"&quot;value&quot;: &quot;{person.pk}&quot;")
        article = self.article(3, 2)
        data = form_data(self.client.get(self.change_url(article)))
        data.update(
            {
                "bylines-TOTAL_FORMS": "2",
                "bylines-1-role": "通讯员",
                "bylines-1-person": str(person.pk),
                "bylines-1-position": "1",
            }
        )
        self.edit_with(article, data)
        self.assertEqual([str(b) for b in article.bylines.all()], ["全媒体记者/王思琪", "通讯员/欧阳新"])

    def test_the_person_autocomplete_finds_people_by_name(self):
        response = self.client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": "byline", "field_name": "person", "term": "何静"},
        )
        self.assertEqual([r["text"] for r in response.json()["results"]], ["何静怡"])

    def test_districts_are_chosen_by_autocomplete(self):
        response = self.client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": "article", "field_name": "districts", "term": "醴陵"},
        )
        self.assertEqual([r["text"] for r in response.json()["results"]], ["醴陵市"])
        article = self.article(3, 2)
        data = form_data(self.client.get(self.change_url(article)))
        self.assertContains(self.client.get(self.change_url(article)), "admin-autocomplete")
        data["districts"] = [str(District.objects.get(name="醴陵市").pk)]
        self.edit_with(article, data)
        self.assertEqual([d.name for d in article.districts.all()], ["醴陵市"])
        self.assertEqual(article.edited_fields, ["districts"])

    def test_saving_with_mark_reviewed_clears_the_article_from_the_queue(self):
        article = self.article(3, 2)
        self.edit(article, mark_reviewed="on")
        self.assertEqual(article.reviewed_by, self.editor)
        self.assertFalse(Article.objects.review_queue().filter(pk=article.pk).exists())
        self.assertEqual(article.edited_fields, [])


class BulkActionTests(AdminTestCase):
    def act(self, action, articles, **extra):
        data = {"action": action, ACTION_CHECKBOX_NAME: [str(a.pk) for a in articles], **extra}
        return self.client.post(CHANGELIST, data)

    def test_mark_reviewed_clears_the_selection_from_the_queue(self):
        chosen = [self.article(3, 2), self.article(1, 4)]
        self.act("mark_reviewed", chosen)
        self.assertFalse(Article.objects.review_queue().filter(pk__in=[a.pk for a in chosen]).exists())

    def test_set_districts_asks_then_adds_districts_and_records_them(self):
        chosen = [self.article(3, 2), self.article(2, 2)]
        response = self.act("set_districts", chosen)
        self.assertContains(response, "我市公交新开2条“通学专线”")
        liling = District.objects.get(name="醴陵市")
        self.act("set_districts", chosen, apply="1", districts=[str(liling.pk)], replace="0")
        self.assertEqual([d.name for d in self.article(3, 2).districts.all()], ["醴陵市"])
        self.assertEqual(sorted(d.name for d in self.article(2, 2).districts.all()), ["芦淞区", "醴陵市"])
        self.assertEqual(self.article(2, 2).edited_fields, ["districts"])

    def test_set_districts_can_replace_what_the_importer_found(self):
        liling = District.objects.get(name="醴陵市")
        self.act("set_districts", [self.article(2, 2)], apply="1", districts=[str(liling.pk)], replace="1")
        self.assertEqual([d.name for d in self.article(2, 2).districts.all()], ["醴陵市"])

    def test_set_section_changes_the_whole_page_and_records_it(self):
        section = Section.objects.get(name="综合·城区")
        response = self.act("set_section", [self.article(1, 2)])
        self.assertContains(response, "第01版")
        self.act("set_section", [self.article(1, 2)], apply="1", section=str(section.pk))
        page = self.article(1, 5).page
        self.assertEqual(page.section, section)
        self.assertEqual(page.edited_fields, ["section"])

    def test_bulk_changes_are_in_each_articles_history(self):
        liling = District.objects.get(name="醴陵市")
        self.act("set_districts", [self.article(3, 2)], apply="1", districts=[str(liling.pk)], replace="0")
        history = self.client.get(f"{CHANGELIST}{self.article(3, 2).pk}/history/")
        self.assertContains(history, "批量加上区县：醴陵市")
        self.assertContains(history, "lihua")
