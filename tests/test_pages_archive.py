"""往期回顾: the years, each year's month calendars, and a month's issues."""

from collections import Counter

from articles.models import Article, Issue

from .base import ReaderTestCase


class ArchivePageTests(ReaderTestCase):
    def test_it_lists_the_years_newest_first_with_their_months_that_have_issues(self):
        response = self.client.get("/archive/")
        years = [year["year"] for year in response.context["years"]]
        self.assertEqual(
            years, sorted({d.year for d in Issue.objects.values_list("date", flat=True)}, reverse=True)
        )
        self.assertContains(response, '<a href="/2024/">2024年</a>')
        self.assertContains(response, 'href="/2024/03/">3月 <span class="count">3期</span></a>')
        self.assertNotContains(response, 'href="/2024/04/"')

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(2):
            self.client.get("/archive/")

    def test_each_month_counts_its_issues(self):
        response = self.client.get("/archive/")
        shown = {month: n for year in response.context["years"] for month, n in year["months"] if n}
        counted = Counter(day.replace(day=1) for day in Issue.objects.public().values_list("date", flat=True))
        self.assertEqual(shown, dict(counted))


class YearPageTests(ReaderTestCase):
    def test_it_shows_twelve_month_calendars_where_the_issue_days_are_links(self):
        response = self.client.get("/2024/")
        self.assertContains(response, '<table class="calendar">', count=12)
        for url in ("/2024/02/06/", "/2024/03/12/", "/2024/03/13/", "/2024/03/14/"):
            self.assertContains(response, f'href="{url}"')
        self.assertNotContains(response, 'href="/2024/03/11/"')
        self.assertContains(response, '<th scope="col" abbr="星期一">一</th>')
        self.assertContains(response, 'rel="prev" href="/2023/"')

    def test_every_issue_of_the_year_is_linked_by_its_own_url_in_its_calendar_and_in_the_list(self):
        response = self.client.get("/2024/")
        issues = Issue.objects.public().filter(date__year=2024)
        self.assertTrue(issues)
        for issue in issues:
            day = issue.date
            url = issue.get_absolute_url()
            with self.subTest(url=url):
                # Its month's calendar, and the list a phone shows.
                link = f'href="{url}" aria-label="{day.year}年{day.month}月{day.day}日的报纸"'
                self.assertContains(response, link, count=2)
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_year_without_issues_is_a_404_that_links_the_nearest_issues(self):
        response = self.client.get("/2020/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "2020年没有报纸", status_code=404)
        earliest = Issue.objects.earliest()
        self.assertContains(response, f'href="{earliest.get_absolute_url()}"', status_code=404)

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(3):
            self.client.get("/2024/")


class MonthPageTests(ReaderTestCase):
    def test_it_shows_the_month_calendar_and_its_issues_with_the_months_around(self):
        response = self.client.get("/2024/03/")
        self.assertEqual([i.date.day for i in response.context["issues"]], [12, 13, 14])
        self.assertContains(response, "3月12日 星期二")
        self.assertContains(response, "第23597期")
        self.assertContains(response, 'rel="prev" href="/2024/02/"')
        self.assertNotContains(response, 'rel="next"')

    def test_each_day_shows_its_front_page_lead(self):
        response = self.client.get("/2024/03/")
        self.assertContains(
            response,
            '<a class="lead" href="/2024/03/12/01/1/">春潮涌动产业兴 项目建设跑出加速度</a>',
            html=True,
        )
        self.assertContains(
            response, '<a class="lead" href="/2024/03/14/01/1/">城区今年新建12处口袋公园</a>', html=True
        )

    def test_a_days_lead_links_the_story_by_its_number_not_its_place_on_the_page(self):
        lead = self.article("2024-03-12", 1, 1)
        Article.objects.filter(pk=lead.pk).update(number=lead.page.next_article_number())
        lead.refresh_from_db()
        response = self.client.get("/2024/03/")
        self.assertContains(response, f'<a class="lead" href="{lead.get_absolute_url()}">', html=False)
        self.assertEqual(self.client.get(lead.get_absolute_url()).context["article"], lead)

    def test_a_month_without_issues_or_out_of_range_is_a_404(self):
        self.assertContains(self.client.get("/2024/04/"), "2024年4月没有报纸", status_code=404)
        self.assertEqual(self.client.get("/2024/13/").status_code, 404)

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(4):
            self.client.get("/2024/03/")
