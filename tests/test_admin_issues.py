"""Issues with their pages inline; a corrected date moves the issue's URLs and search entries."""

import datetime

from articles.models import Issue, Section

from .base import SAMPLE, AdminTestCase, form_data, import_paths


class IssueEditTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.issue = Issue.objects.get(date="2024-03-12")

    def edit(self, **changes):
        super().edit(self.issue, **changes)

    def test_the_issue_form_shows_its_pages_inline(self):
        response = self.client.get(self.change_url(self.issue))
        self.assertContains(response, "综合·城区")
        self.assertEqual(response.context["inline_admin_formsets"][0].formset.total_form_count(), 3)

    def test_a_corrected_date_moves_the_issue_and_its_articles_urls(self):
        article = self.article(2, 2)
        old_url = article.get_absolute_url()
        self.edit(date="2024-03-11")
        self.assertEqual(self.issue.date, datetime.date(2024, 3, 11))
        article.refresh_from_db()
        self.assertEqual(article.get_absolute_url(), "/2024/03/11/02/2/")
        self.assertContains(self.client.get(article.get_absolute_url()), "旧楼装上新电梯")
        self.assertNotEqual(self.client.get(old_url).status_code, 200)

    def test_a_corrected_date_is_final(self):
        self.issue.date_needs_review = True
        self.issue.save()
        self.edit(date="2024-03-11")
        self.assertEqual(self.issue.edited_fields, ["date"])
        self.assertEqual(self.issue.date_source, Issue.DateSource.EDITOR)
        self.assertFalse(self.issue.date_needs_review)

    def test_a_date_another_issue_has_is_refused(self):
        Issue.objects.create(date="2024-03-11", source_name="other.txt", source_checksum="x")
        data = form_data(self.client.get(self.change_url(self.issue)))
        data["date"] = "2024-03-11"
        response = self.client.post(self.change_url(self.issue), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("date", response.context["adminform"].form.errors)

    def test_a_corrected_number_is_recorded(self):
        self.edit(number="23600")
        self.assertEqual((self.issue.number, self.issue.edited_fields), (23600, ["number"]))

    def test_a_page_section_changed_inline_is_recorded_on_the_page(self):
        section = Section.objects.get(name="民生·教育")
        self.edit(**{"pages-1-section": str(section.pk)})
        page = self.issue.pages.get(number=2)
        self.assertEqual((page.section, page.edited_fields), (section, ["section"]))
        self.assertEqual(self.issue.pages.get(number=3).edited_fields, [])


class SampleColumnTests(AdminTestCase):
    """The issue list says which issues are 样刊 and lists them alone on asking."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_paths(SAMPLE.with_name("sample-2024-03-13.txt"))
        Issue.objects.filter(date="2024-03-13").update(is_sample=True)

    def test_the_list_has_a_sample_column_and_filter(self):
        response = self.client.get("/admin/articles/issue/")
        self.assertContains(response, '<th scope="col" class="sortable column-sample">', html=False)
        self.assertContains(response, 'alt="是"', count=1)
        self.assertContains(response, "?is_sample__exact=1")
        samples = self.client.get("/admin/articles/issue/?is_sample__exact=1")
        self.assertEqual(
            [issue.date for issue in samples.context["cl"].result_list], [datetime.date(2024, 3, 13)]
        )
