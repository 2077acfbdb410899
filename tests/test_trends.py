"""词频趋势: each word's matches per month, counted as the search counts them, over the archive's span."""

import csv
import datetime
import io
import re
from html import unescape

from django.test import TestCase

from .base import fresh_index, index_all, make_article


def day(text):
    return datetime.date.fromisoformat(text)


class TrendCountsTests(TestCase):
    """Articles in January, March and May 2022 (none in February or April), on the FTS5 index."""

    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article("社区疫情防控有序", "志愿者守在小区门口。", date=day("2022-01-05"), districts=["醴陵市"])
        make_article("春耕备耕忙", "疫情期间，农机手下田。", date=day("2022-01-20"))
        make_article("長沙客商來株", "一行人考察陶瓷企業。", date=day("2022-03-02"), districts=["醴陵市"])
        make_article("油茶林里采果忙", "茶农忙着采摘。", date=day("2022-03-15"))
        make_article("长沙至株洲城际列车加密", "疫情防控措施调整后客流回升。", date=day("2022-03-28"))
        make_article("湘江风光带", "市民在江边散步。", date=day("2022-05-09"), bylines=[("记者", "刘毅")])
        index_all()

    def trend(self, *terms, **params):
        response = self.client.get("/trends/", {"q": list(terms), **params, "format": "json"})
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def search_count(self, url):
        response = self.client.get(f"{url}&format=json")
        self.assertEqual(response.status_code, 200)
        return response.json()["count"]

    def test_each_point_counts_what_its_search_finds(self):
        data = self.trend("疫情", "长沙", "茶")
        self.assertEqual(data["periods"], ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05"])
        for series in data["series"]:
            for period, count, url in zip(data["periods"], series["counts"], series["search"], strict=True):
                with self.subTest(term=series["term"], period=period):
                    self.assertEqual(count, self.search_count(url))
        self.assertEqual(data["series"][0]["counts"], [2, 0, 1, 0, 0])

    def test_a_share_is_of_every_article_of_its_month(self):
        data = self.trend("疫情")
        self.assertEqual(data["articles"], [2, 0, 3, 0, 1])
        self.assertEqual(data["series"][0]["shares"], [1.0, None, 1 / 3, None, 0.0])

    def test_words_are_found_folded_and_as_substrings_as_the_search_finds_them(self):
        # 長沙 (traditional) is 长沙; 茶 is in 油茶 and 茶农; a phrase in quotes stays whole.
        data = self.trend("长沙", "茶", '"疫情防控"')
        self.assertEqual(
            [s["counts"] for s in data["series"]], [[0, 0, 2, 0, 0], [0, 0, 1, 0, 0], [1, 0, 1, 0, 0]]
        )

    def test_filters_narrow_the_counts_and_what_they_are_a_share_of(self):
        data = self.trend("疫情", district="醴陵市")
        self.assertEqual(data["filters"], {"district": "醴陵市", "section": "", "reporter": ""})
        self.assertEqual(data["articles"], [1, 0, 1, 0, 0])
        self.assertEqual(data["series"][0]["counts"], [1, 0, 0, 0, 0])
        self.assertIn("district=%E9%86%B4%E9%99%B5%E5%B8%82", data["series"][0]["search"][0])
        self.assertEqual(self.trend("江边", reporter="刘毅")["articles"], [0, 0, 0, 0, 1])

    def test_a_long_span_is_counted_by_year_unless_months_are_asked_for(self):
        make_article("十年前的报道", "疫情一词尚未出现。", date=day("2010-06-01"))
        index_all()
        data = self.trend("疫情")
        self.assertEqual(data["by"], "year")
        self.assertEqual(data["periods"][0], "2010")
        self.assertEqual(data["periods"][-1], "2022")
        self.assertEqual(data["series"][0]["counts"][0], 1)
        self.assertEqual(data["series"][0]["counts"][-1], 3)
        self.assertEqual(len(self.trend("疫情", by="month")["periods"]), 12 * 12 + 5 - 5)

    def test_more_than_five_words_are_refused_with_a_message(self):
        response = self.client.get("/trends/", {"q": list("一二三四五六"), "format": "json"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"], ["一次最多比较5个词，这里有6个。"])
        page = self.client.get("/trends/", {"q": list("一二三四五六")})
        self.assertContains(page, "一次最多比较5个词")

    def test_the_csv_has_a_row_per_month_and_a_count_and_share_per_word(self):
        response = self.client.get("/trends/", {"q": ["疫情", "长沙"], "format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        text = response.content.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(text[1:])))
        self.assertEqual(
            rows[0], ["period", "articles", "疫情 count", "疫情 share", "长沙 count", "长沙 share"]
        )
        self.assertEqual(rows[1], ["2022-01", "2", "2", "1.000000", "0", "0.000000"])
        self.assertEqual(rows[2], ["2022-02", "0", "0", "", "0", ""])

    def test_the_page_draws_a_line_per_word_whose_points_link_to_their_search(self):
        response = self.client.get("/trends/", {"q": ["疫情", "长沙"]})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        svg = html[html.index('<svg class="trend-svg"') : html.index("</svg>", html.index("trend-svg"))]
        self.assertEqual(svg.count('<path class="series'), 2)
        links = [unescape(link) for link in re.findall(r'<a href="([^"]+)" tabindex="-1">', svg)]
        self.assertEqual(len(links), 2 * 3)  # three months with articles; none in February or April
        self.assertIn("/search/?q=%E7%96%AB%E6%83%85&start=2022-01-01&end=2022-01-31", links)
        # The table says the same, for a screen reader and a keyboard.
        self.assertIn('<table class="chart-data trend-table">', html)
        self.assertIn("2022年1月", html)

    def test_without_words_the_page_explains_itself(self):
        response = self.client.get("/trends/")
        self.assertContains(response, "怎样使用")
        self.assertNotContains(response, "trend-svg")
