"""The home page: the latest front page, a calendar, districts and sections, 历史上的今天."""

import datetime

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from articles.models import Article, District, Issue, Section

from .base import ReaderTestCase, make_article

HOME_QUERIES = 8


class FaviconTests(SimpleTestCase):
    def test_favicon_ico_leads_to_the_static_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(response, static("favicon.ico"), status_code=301, fetch_redirect_response=False)
        self.assertTrue(finders.find("favicon.ico"))


class HomePageTests(ReaderTestCase):
    def test_it_shows_the_latest_issue_and_its_front_page_headlines_in_print_order(self):
        response = self.client.get("/")
        self.assertContains(response, '<html lang="zh-CN">')
        self.assertContains(response, "2024年3月14日")
        self.assertContains(response, "星期四")
        self.assertContains(response, "第23599期")
        self.assertContains(response, 'href="/2024/03/14/"')
        front = [a.headline for a in response.context["front_articles"]]
        self.assertEqual(front[0], "城区今年新建12处口袋公园")
        self.assertNotIn("荷塘区“15分钟便民生活圈”地图上线", front, "a guide entry is not a front-page story")
        self.assertContains(response, 'href="/2024/03/14/01/1/"')
        self.assertContains(response, "第02版 综合·城区")

    def test_it_lists_every_district_and_the_sections_with_their_story_counts(self):
        response = self.client.get("/")
        hetang = District.objects.get(slug="hetang")
        stories = Article.objects.stories().in_district(hetang).count()
        self.assertContains(
            response, f'<a href="/district/hetang/">荷塘区 <span class="count">{stories}</span></a>'
        )
        section = Section.objects.get(name="综合·城区")
        count = Article.objects.stories().in_section(section).count()
        self.assertContains(
            response, f'<a href="{section.get_absolute_url()}">综合·城区 <span class="count">{count}</span>'
        )
        self.assertEqual(len(response.context["districts"]), District.objects.count())

    def test_a_district_without_stories_is_not_a_link(self):
        nowhere = District.objects.get(slug="gaoxinqu")
        for article in nowhere.articles.all():
            article.districts.remove(nowhere)
        response = self.client.get("/")
        self.assertNotContains(response, f'href="{nowhere.get_absolute_url()}"')
        self.assertContains(response, '<span class="count">0</span>')

    def test_the_footer_leaves_the_json_hint_to_the_api_page(self):
        response = self.client.get("/")
        self.assertNotContains(response, "?format=json")

    def test_it_shows_the_front_page_stories_of_this_calendar_day_in_earlier_years(self):
        response = self.client.get("/")
        self.assertContains(response, "历史上的今天")
        earlier = list(response.context["on_this_day"])
        self.assertTrue(earlier)
        self.assertEqual({a.page.issue.date.isoformat() for a in earlier}, {"2023-03-14"})
        self.assertContains(response, f'href="{earlier[0].get_absolute_url()}"')

    def test_this_calendar_day_reaches_back_to_every_earlier_year_newest_first(self):
        for year in (1952, 1987, 2008):
            make_article(f"{year}年的虚构头条", "虚构的正文。", date=datetime.date(year, 3, 14))
        make_article("前一天的虚构头条", "虚构的正文。", date=datetime.date(2008, 3, 13))
        response = self.client.get("/")
        dates = [a.page.issue.date.isoformat() for a in response.context["on_this_day"]]
        self.assertEqual(dates[-3:], ["2008-03-14", "1987-03-14", "1952-03-14"])
        self.assertEqual(set(dates[:-3]), {"2023-03-14"})

    def test_the_calendar_links_the_days_of_the_latest_month_that_have_an_issue(self):
        response = self.client.get("/")
        for day in (12, 13, 14):
            self.assertContains(response, f'href="/2024/03/{day}/"')
        self.assertNotContains(response, 'href="/2024/03/15/"')
        self.assertContains(response, 'aria-current="date">14</a>')
        self.assertContains(response, '<a href="/2024/03/">2024年3月</a>')

    def test_the_date_form_goes_to_that_days_issue_or_back_to_the_archive(self):
        self.assertRedirects(self.client.get("/date/", {"date": "2024-02-06"}), "/2024/02/06/")
        self.assertRedirects(
            self.client.get("/date/", {"date": "2024-02-05"}), "/2024/02/05/", target_status_code=404
        )
        self.assertRedirects(self.client.get("/date/", {"date": "昨天"}), "/archive/")

    def test_the_header_has_the_search_box_and_the_archive_and_district_links(self):
        response = self.client.get("/")
        self.assertContains(response, 'role="search"')
        self.assertContains(response, 'method="get"')
        self.assertContains(response, 'name="q"')
        self.assertContains(response, '<a href="/archive/">往期回顾</a>')
        self.assertContains(response, '<a href="/districts/">区县</a>')
        self.assertContains(response, 'class="skip-link" href="#main"')
        self.assertContains(response, '<main id="main"')

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(HOME_QUERIES):
            self.client.get("/")

    def test_an_empty_archive_says_how_to_fill_it(self):
        Issue.objects.all().delete()
        response = self.client.get("/")
        self.assertContains(response, "尚无报纸")
        self.assertContains(response, "import_issues")

    def test_it_is_cached_by_last_modified(self):
        # Changed an hour ago: Last-Modified is sent once the second of the last change is over.
        Issue.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
        response = self.client.get("/")
        self.assertIn("max-age=300", response["Cache-Control"])
        again = self.client.get("/", headers={"if-modified-since": response["Last-Modified"]})
        self.assertEqual(again.status_code, 304)


class LeapDayTests(TestCase):
    def test_a_leap_days_issue_looks_back_to_the_leap_days_of_earlier_years(self):
        for day in ("2016-02-29", "2020-02-29", "2021-02-28", "2021-03-01", "2024-02-29"):
            make_article(f"{day}的虚构头条", "虚构的正文。", date=datetime.date.fromisoformat(day))
        response = self.client.get("/")
        self.assertEqual(response.context["issue"].date, datetime.date(2024, 2, 29))
        dates = [a.page.issue.date.isoformat() for a in response.context["on_this_day"]]
        self.assertEqual(dates, ["2020-02-29", "2016-02-29"])
