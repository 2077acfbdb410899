"""Deep result pages by date: the JSON's cursor walks every result newest first, as the pages do, each
page bounded by its day."""

import datetime
from unittest import mock

from django.test import TestCase

from articles.search import views

from .base import fresh_index, index_all, make_article


class DateCursorTests(TestCase):
    """Nineteen articles with 油茶 over four days (seven on the 13th), two without."""

    @classmethod
    def setUpTestData(cls):
        fresh_index()
        for day, count in ((10, 3), (11, 5), (13, 7), (14, 4)):
            for n in range(count):
                make_article(
                    f"油茶第{day}日{n}", "茶农忙。", date=datetime.date(2024, 3, day), page=1 + n % 2
                )
        make_article("城区道路", "修路。", date=datetime.date(2024, 3, 13))
        make_article("春耕", "下田。", date=datetime.date(2024, 3, 12))
        index_all()

    def get(self, url=None, **params):
        response = self.client.get(url, {**params, "format": "json"} if params else None)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def walk(self, first):
        """Every result, following `next` from the first page."""
        seen, data, pages = [], first, 1
        while True:
            seen += [result["url"] for result in data["results"]]
            if not data["next"]:
                return seen, pages
            data = self.get(data["next"].replace("http://testserver", ""))
            pages += 1

    def test_following_the_cursor_gives_every_result_once_in_the_pages_order(self):
        with mock.patch.object(views, "PER_PAGE", 4):
            by_cursor, pages = self.walk(self.get("/search/", q="油茶", sort="date"))
            by_page = [
                result["url"]
                for number in range(1, 6)
                for result in self.get("/search/", q="油茶", sort="date", page=number)["results"]
            ]
        self.assertEqual(len(by_cursor), 19)
        self.assertEqual(len(set(by_cursor)), 19)
        self.assertEqual(by_cursor, by_page)
        self.assertEqual(pages, 5)

    def test_a_cursor_names_a_day_and_the_results_of_it_already_seen(self):
        with mock.patch.object(views, "PER_PAGE", 4):
            first = self.get("/search/", q="油茶", sort="date")
            self.assertEqual(first["next_cursor"], "2024-03-14.4")  # the 14th's four, then the 13th's
            second = self.get("/search/", q="油茶", sort="date", cursor=first["next_cursor"])
            self.assertEqual(second["next_cursor"], "2024-03-13.4")
            self.assertEqual((second["page"], second["num_pages"], second["count"]), (None, None, 19))
            self.assertTrue(all(r["date"] == "2024-03-13" for r in second["results"]))
            third = self.get("/search/", q="油茶", sort="date", cursor=second["next_cursor"])
            self.assertEqual([r["date"] for r in third["results"]], ["2024-03-13"] * 3 + ["2024-03-11"])

    def test_without_words_the_newest_articles_page_on_by_cursor_too(self):
        with mock.patch.object(views, "PER_PAGE", 10):
            every, _ = self.walk(self.get("/search/", kind="news"))
        self.assertEqual(len(every), 21)

    def test_relevance_pages_by_number_and_refuses_a_cursor(self):
        data = self.get("/search/", q="油茶")
        self.assertIsNone(data["next_cursor"])
        response = self.client.get("/search/", {"q": "油茶", "cursor": "2024-03-13.2", "format": "json"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"], ["游标（cursor）只用于按日期排序（sort=date）的结果。"])
        bad = self.client.get(
            "/search/", {"q": "油茶", "sort": "date", "cursor": "2024-02-30.1", "format": "json"}
        )
        self.assertEqual(bad.status_code, 400)
