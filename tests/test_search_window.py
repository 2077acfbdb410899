"""Searches that match more than the backend ranks: the newest window, headline matches, exact counts.

The backend ranks and counts by district and section only the newest
WINDOW matches (and the newest WINDOW whose headline has the words); these
tests shrink the window to three so a handful of fictional articles shows
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
        window = backend().window
        backend().window = 3
        self.addCleanup(setattr, backend(), "window", window)

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

    def test_past_the_ranked_ones_the_rest_follow_newest_first(self):
        results = list(SearchQuerySet().auto_query("油茶"))
        ranked, rest = results[:4], results[4:]  # the headline match and the newest three
        self.assertCountEqual([r.date for r in ranked[1:]], sorted(DATES, reverse=True)[:3])
        self.assertEqual([r.date for r in rest], sorted(DATES, reverse=True)[3:])

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

    def test_year_counts_include_an_old_headline_match_past_the_window(self):
        """The newest three and the old headline match are every match here: the years count all four."""
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

    def test_district_and_section_counts_say_they_cover_the_newest(self):
        counts = SearchQuerySet().auto_query("油茶").facet("section").facet_counts()
        self.assertEqual(counts["counted"], {"section": 3})
        self.assertEqual(sum(n for _, n in counts["fields"]["section"]), 3)

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

    def test_the_page_tells_the_reader_what_the_counts_cover(self):
        response = self.client.get("/search/", {"q": "油茶"})
        self.assertContains(response, '共找到 <span class="count">9</span> 篇文章', html=False)
        self.assertContains(response, "只计最新的 3 篇")
        self.assertContains(response, "更早的按日期排在后面")
        data = self.client.get("/search/", {"q": "油茶", "format": "json"}).json()
        self.assertEqual(data["facets_counted"], 3)
        self.assertEqual(data["count"], 9)
        self.assertIn({"value": 2021, "count": 2}, data["facets"]["year"])
