"""Districts, sections and people: their indexes, and each one's articles with a chart and a year filter."""

import datetime
from unittest import mock

from django.db.models import Count
from django.test import TestCase

from articles import views
from articles.models import Article, District, Person, Section

from .base import ReaderTestCase, make_article

# The stamp, the district (section, person), its counts per month from Tally, the page of articles.
LIST_QUERIES = 4


class DistrictPageTests(ReaderTestCase):
    def test_it_lists_the_districts_stories_newest_first(self):
        response = self.client.get("/district/hetang/")
        self.assertContains(response, "<h1>荷塘区</h1>")
        articles = list(response.context["page_obj"])
        hetang = District.objects.get(slug="hetang")
        self.assertEqual(len(articles), Article.objects.stories().in_district(hetang).count())
        dates = [a.page.issue.date for a in articles]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertContains(response, f'href="{articles[0].get_absolute_url()}"')

    def test_it_draws_a_chart_of_articles_per_month_with_a_title_on_each_bar(self):
        response = self.client.get("/district/hetang/")
        self.assertContains(response, '<svg class="month-chart"')
        self.assertContains(response, 'aria-hidden="true"', msg_prefix="the table says it to a screen reader")
        self.assertContains(response, "<title>2024年3月：")

    def test_the_chart_has_a_table_of_the_counts_and_each_bar_links_to_its_month(self):
        response = self.client.get("/district/hetang/")
        self.assertContains(response, '<table class="chart-data">')
        self.assertContains(response, "<caption>每月文章数 ")
        self.assertContains(
            response, '<a href="?year=2024&amp;month=3"', count=2, msg_prefix="a bar and a cell"
        )

    def test_the_month_filter_keeps_that_months_articles(self):
        response = self.client.get("/district/hetang/", {"year": "2024", "month": "3"})
        dates = [a.page.issue.date for a in response.context["page_obj"]]
        self.assertTrue(dates)
        self.assertTrue(all((d.year, d.month) == (2024, 3) for d in dates))
        self.assertContains(response, "2024年3月的文章")
        self.assertContains(
            response, '<link rel="canonical" href="http://testserver/district/hetang/?year=2024&amp;month=3">'
        )

    def test_the_year_filter_keeps_that_years_articles_and_its_months(self):
        response = self.client.get("/district/hetang/", {"year": "2023"})
        self.assertTrue(all(a.page.issue.date.year == 2023 for a in response.context["page_obj"]))
        self.assertContains(response, 'aria-current="true">2023年')
        self.assertContains(response, "2023年12月")
        self.assertNotContains(response, "2024年3月：")
        self.assertContains(response, '<a href="?year=2024">2024年')

    def test_a_district_no_story_names_shows_an_empty_list_in_the_same_queries(self):
        nowhere = District.objects.get(slug="gaoxinqu")
        for article in nowhere.articles.all():
            article.districts.remove(nowhere)
        with self.assertNumQueries(LIST_QUERIES):
            response = self.client.get(nowhere.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '全部文章 <span class="count">0篇</span>')
        self.assertNotContains(response, '<svg class="month-chart"')

    def test_an_unknown_district_is_a_404(self):
        self.assertEqual(self.client.get("/district/nowhere/").status_code, 404)

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/district/hetang/")
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/district/liling/", {"year": "2024"})
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/district/hetang/", {"year": "2024", "month": "3"})


class PaginationTests(ReaderTestCase):
    def test_the_page_links_keep_the_year_filter(self):
        with mock.patch.object(views, "PER_PAGE", 2):
            response = self.client.get("/district/hetang/", {"year": "2024"})
            self.assertContains(response, '<a rel="next" href="?year=2024&amp;page=2">')
            second = self.client.get("/district/hetang/", {"year": "2024", "page": "2"})
        self.assertContains(second, '<a rel="prev" href="?year=2024&amp;page=1">')
        self.assertContains(second, "第 2 / 2 页")

    def test_a_page_past_the_end_shows_the_last(self):
        with mock.patch.object(views, "PER_PAGE", 2):
            response = self.client.get("/section/综合城区/", {"page": "99"})
        self.assertEqual(
            response.context["page_obj"].number, response.context["page_obj"].paginator.num_pages
        )


class SectionPageTests(ReaderTestCase):
    def test_it_lists_the_sections_stories_newest_first(self):
        section = Section.objects.get(name="综合·城区")
        response = self.client.get(section.get_absolute_url())
        self.assertContains(response, "<h1>综合·城区</h1>")
        self.assertEqual(
            response.context["page_obj"].paginator.count,
            Article.objects.stories().in_section(section).count(),
        )
        self.assertContains(response, 'type="application/atom+xml"')

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/section/综合城区/")

    def test_a_section_no_page_is_printed_under_is_a_404(self):
        section = Section.objects.create(name="（视频")
        self.assertEqual(self.client.get(section.get_absolute_url()).status_code, 404)


class PersonPageTests(ReaderTestCase):
    def test_it_lists_the_persons_articles_newest_first(self):
        person = Person.objects.get(name="彭志强")
        response = self.client.get(person.get_absolute_url())
        self.assertContains(response, "<h1>彭志强</h1>")
        self.assertContains(response, 'href="/2024/03/12/01/2/"')

    def test_an_unknown_person_is_a_404(self):
        self.assertEqual(self.client.get("/person/无名氏/").status_code, 404)

    def test_a_person_no_article_names_is_a_404(self):
        person = Person.objects.get(name="彭志强")
        person.bylines.all().delete()
        self.assertContains(
            self.client.get(person.get_absolute_url()), "没有署名彭志强的文章", status_code=404
        )

    def test_it_runs_a_fixed_number_of_queries(self):
        busiest = Person.objects.with_article_counts().order_by("-article_count").first()
        url = busiest.get_absolute_url()
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get(url)


class IndexPageTests(ReaderTestCase):
    def test_the_district_index_lists_every_district_with_its_story_count(self):
        response = self.client.get("/districts/")
        self.assertContains(response, '<a href="/district/liling/">醴陵市</a>')
        self.assertEqual(len(response.context["districts"]), District.objects.count())
        self.assertContains(response, 'aria-current="page">区县</a>')

    def test_the_section_index_lists_the_sections_that_have_stories(self):
        response = self.client.get("/sections/")
        self.assertContains(response, "民生·教育")

    def test_a_district_no_story_names_is_listed_without_a_link(self):
        nowhere = District.objects.get(slug="gaoxinqu")
        for article in nowhere.articles.all():
            article.districts.remove(nowhere)
        response = self.client.get("/districts/")
        self.assertNotContains(response, f'href="{nowhere.get_absolute_url()}"')
        self.assertContains(response, "高新区")
        self.assertContains(response, '<a href="/district/liling/">醴陵市</a>')

    def test_the_section_index_runs_in_the_order_the_paper_prints_its_pages(self):
        response = self.client.get("/sections/")
        shown = [section.name for section in response.context["sections"]]
        usual = {}
        for section in Section.objects.filter(name__in=shown):
            numbers = list(section.pages.values_list("number", flat=True))
            usual[section.name] = max(sorted(set(numbers)), key=numbers.count)
        self.assertEqual([usual[name] for name in shown], sorted(usual[name] for name in shown))
        # By code point 民生·教育 (page 3) would come before 综合·城区 (page 2).
        self.assertLess(shown.index("综合·城区"), shown.index("民生·教育"))

    def test_a_section_counts_its_stories_not_its_ads(self):
        section = Section.objects.get(name="综合·城区")
        before = Article.objects.stories().in_section(section).count()
        make_article(
            "虚构的广告", "虚构的广告词。", date=datetime.date(2024, 3, 12), page=2, kind=Article.Kind.AD
        )
        response = self.client.get("/sections/")
        self.assertContains(response, f'<span class="count">{before}篇</span>')
        counted = {s.name: s.article_count for s in response.context["sections"]}
        self.assertEqual(counted["综合·城区"], before)

    def test_the_people_index_puts_the_most_published_first(self):
        response = self.client.get("/people/")
        counts = [p.article_count for p in response.context["page_obj"]]
        self.assertEqual(counts, sorted(counts, reverse=True))

    def test_the_people_index_lists_everyone_with_articles_and_no_one_else_most_first_then_by_name(self):
        Person.objects.create(name="林无稿")
        response = self.client.get("/people/", {"format": "json"})
        shown = [(row["name"], row["article_count"]) for row in response.json()["people"]]
        signed = Person.objects.annotate(n=Count("bylines__article", distinct=True)).filter(n__gt=0)
        expected = sorted(((p.name, p.n) for p in signed), key=lambda row: (-row[1], row[0]))
        self.assertEqual(shown, expected[: views.PEOPLE_PER_PAGE])
        self.assertNotIn("林无稿", [name for name, _ in shown])

    def test_they_run_a_fixed_number_of_queries(self):
        for url, queries in (("/districts/", 2), ("/sections/", 2), ("/people/", 3)):
            with self.assertNumQueries(queries):
                self.client.get(url)


class LongChartTests(TestCase):
    def test_a_chart_over_decades_has_a_row_per_year_and_a_bar_and_a_cell_per_month_with_articles(self):
        for day in ("1988-05-03", "1988-05-20", "2004-11-02", "2024-01-15"):
            make_article(
                "虚构的报道",
                "虚构的正文。",
                date=datetime.date.fromisoformat(day),
                bylines=[("记者", "林虚构")],
            )
        response = self.client.get("/person/林虚构/")
        self.assertContains(response, '<text class="year"', count=3)
        self.assertContains(response, '<tr><th scope="row">', count=3)
        self.assertContains(response, "<title>1988年5月：2篇</title>")
        self.assertContains(
            response, '<a href="?year=2004&amp;month=11"', count=2, msg_prefix="a bar and a cell"
        )
        self.assertContains(response, 'aria-label="2024年1月：1篇">1</a></td>')
        self.assertContains(response, '<td><span class="muted">0</span></td>', count=3 * 12 - 3)
        self.assertContains(response, "各月篇数（表格，共4篇）")
