"""Searches that match many articles: every match ranked and counted, and past the rank limit.

The FTS5 backend ranks every match by BM25 while there are at most
RANK_LIMIT of them; past it (a word of one or two characters in a large
share of the archive) the title block's matches come first, ranked, then
the rest newest first. Counts and facets always cover every match. These
tests shrink the limit to three so a handful of fictional articles shows
what a reader sees when a word is in tens of thousands of them.
"""

import datetime

from django.test import TestCase
from haystack.query import SearchQuerySet

from .base import backend, fresh_index, index_all, make_article

# Created out of date order on purpose: the index must order them by date all the same.
DATES = [
    datetime.date(2022, 3, 1),
    datetime.date(2024, 5, 2),
    datetime.date(2021, 7, 3),
    datetime.date(2023, 1, 4),
    datetime.date(2024, 1, 5),
    datetime.date(2021, 2, 6),
    datetime.date(2023, 9, 7),
    datetime.date(2022, 11, 8),
]
YEARS = {"start_date": datetime.date(2000, 1, 1), "end_date": datetime.date(2100, 1, 1), "gap_by": "year"}


def ids(results):
    return [result.pk for result in results]


class WindowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        for n, date in enumerate(DATES):
            make_article(
                f"第{n}篇",
                f"乡亲们在山坡上种油茶，这是第{n}篇的正文。",
                date=date,
                districts=["攸县"] if n % 2 else ["茶陵县"],
                section="经济" if n < 4 else "农村",
            )
        cls.titled = make_article("油茶丰收", "山里的果子熟了。", date=datetime.date(2020, 10, 9))
        make_article("无关", "今天没有别的新闻。", date=datetime.date(2024, 6, 1))
        index_all()

    def setUp(self):
        self.full = ids(SearchQuerySet().auto_query("油茶"))
        self.full_by_date = ids(SearchQuerySet().auto_query("油茶").order_by("-date"))
        rank_limit = getattr(backend(), "rank_limit", None)
        backend().rank_limit = 3
        self.addCleanup(setattr, backend(), "rank_limit", rank_limit)

    def test_the_count_stays_exact(self):
        self.assertEqual(SearchQuerySet().auto_query("油茶").count(), 9)
        self.assertEqual(SearchQuerySet().auto_query("油茶").filter(districts_exact="攸县").count(), 4)

    def test_the_pages_show_every_match_once(self):
        results = SearchQuerySet().auto_query("油茶")
        pages = [ids(results[start : start + 2]) for start in range(0, 10, 2)]
        shown = [pk for page in pages for pk in page]
        self.assertEqual(len(shown), 9)
        self.assertCountEqual(shown, self.full)

    def test_a_headline_match_comes_first_however_old(self):
        self.assertEqual(SearchQuerySet().auto_query("油茶")[0].pk, str(self.titled.pk))

    def test_past_the_headline_matches_the_rest_follow_newest_first(self):
        results = list(SearchQuerySet().auto_query("油茶"))
        self.assertEqual(results[0].pk, str(self.titled.pk))
        self.assertEqual([r.date for r in results[1:]], sorted(DATES, reverse=True))

    def test_sorting_by_date_is_the_same_as_without_a_window(self):
        self.assertEqual(ids(SearchQuerySet().auto_query("油茶").order_by("-date")), self.full_by_date)
        self.assertEqual(
            [r.date for r in SearchQuerySet().auto_query("油茶").order_by("-date")],
            sorted([*DATES, datetime.date(2020, 10, 9)], reverse=True),
        )

    def test_year_counts_cover_every_match(self):
        counts = SearchQuerySet().auto_query("油茶").date_facet("date", **YEARS).facet_counts()
        self.assertEqual(
            counts["dates"]["date"], [("2020", 1), ("2021", 2), ("2022", 2), ("2023", 2), ("2024", 2)]
        )
        narrowed = (
            SearchQuerySet()
            .auto_query("油茶")
            .filter(districts_exact="茶陵县")
            .date_facet("date", **YEARS)
            .facet_counts()
        )
        self.assertEqual(narrowed["dates"]["date"], [("2021", 1), ("2022", 1), ("2023", 1), ("2024", 1)])

    def test_year_counts_include_an_old_headline_match(self):
        results = (
            SearchQuerySet()
            .auto_query("油茶")
            .exclude(date__range=(datetime.date(2021, 1, 1), datetime.date(2023, 6, 30)))
        )
        self.assertEqual(results.count(), 4)
        self.assertEqual(
            results.date_facet("date", **YEARS).facet_counts()["dates"]["date"],
            [("2020", 1), ("2023", 1), ("2024", 2)],
        )

    def test_district_and_section_counts_cover_every_match(self):
        counts = SearchQuerySet().auto_query("油茶").facet("section").facet("districts").facet_counts()
        self.assertEqual(counts["fields"]["section"], [("农村", 4), ("经济", 4), ("综合新闻", 1)])
        self.assertEqual(counts["fields"]["districts"], [("攸县", 4), ("茶陵县", 4)])
        narrowed = SearchQuerySet().auto_query("油茶").filter(section_exact="经济").facet("districts")
        self.assertEqual(narrowed.facet_counts()["fields"]["districts"], [("攸县", 2), ("茶陵县", 2)])

    def test_date_conditions_keep_what_they_say(self):
        def dates(**filters):
            return sorted(r.date for r in SearchQuerySet().auto_query("油茶").filter(**filters))

        self.assertEqual(dates(date=datetime.date(2023, 1, 4)), [datetime.date(2023, 1, 4)])
        self.assertEqual(dates(date__gt=datetime.date(2024, 1, 5)), [datetime.date(2024, 5, 2)])
        self.assertEqual(
            dates(date__lt=datetime.date(2021, 7, 3)), [datetime.date(2020, 10, 9), datetime.date(2021, 2, 6)]
        )
        self.assertEqual(
            dates(date__range=(datetime.date(2023, 1, 4), datetime.date(2023, 9, 7))),
            [datetime.date(2023, 1, 4), datetime.date(2023, 9, 7)],
        )

    def test_the_page_tells_the_reader_how_it_orders_too_many_to_rank(self):
        response = self.client.get("/search/", {"q": "油茶"})
        self.assertContains(response, '共找到 <span class="count">9</span> 篇文章', html=False)
        self.assertContains(response, "其余按日期排列，新的在前")
        data = self.client.get("/search/", {"q": "油茶", "format": "json"}).json()
        self.assertIs(data["titles_then_newest"], True)
        self.assertEqual(data["count"], 9)
        self.assertIn({"value": 2021, "count": 2}, data["facets"]["year"])
        self.assertIn({"value": "攸县", "count": 4}, data["facets"]["districts"])


class EveryMatchRankedTests(TestCase):
    """Within the rank limit BM25 ranks every match, however old: not only the newest."""

    @classmethod
    def setUpTestData(cls):
        fresh_index()
        cls.best = make_article(
            "山区的秋天", "擂茶擂茶擂茶，一家人围坐喝擂茶。", date=datetime.date(2019, 4, 1)
        )
        for n in range(12):
            make_article(
                f"第{n}篇", f"集市上的小吃很多，其中有一碗擂茶，还有别的第{n}样。", date=DATES[n % 8]
            )
        cls.titled = make_article("擂茶飘香", "说的是别的事。", date=datetime.date(2018, 1, 1))
        index_all()

    def test_the_title_match_first_then_the_body_that_says_it_most_however_old(self):
        results = list(SearchQuerySet().auto_query("擂茶"))
        self.assertEqual(len(results), 14)
        self.assertEqual([r.pk for r in results[:2]], [str(self.titled.pk), str(self.best.pk)])

    def test_the_page_says_nothing_of_an_order_by_date(self):
        response = self.client.get("/search/", {"q": "擂茶"})
        self.assertNotContains(response, "其余按日期排列")
        self.assertIs(
            self.client.get("/search/", {"q": "擂茶", "format": "json"}).json()["titles_then_newest"], False
        )
