"""The search page /search/, its JSON variant, and 相关报道 on the article page."""

import datetime
import re
from pathlib import Path

from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from haystack import connections

from articles.models import Person
from zhsearch.text import preload

from .base import backend, fresh_index, index_all, make_article


def search(client, **params):
    return client.get(reverse("search:search"), params)


def headlines(response):
    return [
        re.sub(r"<[^>]+>", "", h)
        for h in re.findall(r'class="headline" href="[^"]+">(.*?)</a>', response.text)
    ]


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article(
            "醴陵瓷博会开幕",
            "来自各地的客商参观了瓷博会的釉下五彩瓷。",
            districts=["醴陵市"],
            section="经济",
            bylines=[("全媒体记者", "贺知远")],
        )
        make_article("攸县瓷器出口", "瓷器远销海外。", districts=["攸县"], date=datetime.date(2023, 5, 4))
        make_article("醴陵早稻开镰", "醴陵各镇的稻田一片金黄，粮食收购点已经开秤。", districts=["醴陵市"])
        for n in range(23):
            make_article(
                f"社区活动第{n + 1}期",
                "社区组织居民参加义诊。",
                date=datetime.date(2022, 1, 1) + datetime.timedelta(n),
            )
        index_all()

    def test_the_page_lists_matching_articles_with_marked_snippets(self):
        response = search(self.client, q="瓷博会")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(headlines(response), ["醴陵瓷博会开幕"])
        self.assertContains(response, "参观了<mark>瓷博会</mark>的")
        self.assertContains(response, '共找到 <span class="count">1</span> 篇')

    def test_the_results_come_from_the_index_without_a_database_query(self):
        search(self.client, q="瓷")  # loads what a process loads once
        with self.assertNumQueries(0):
            self.assertEqual(search(self.client, q="瓷", district="攸县").status_code, 200)

    def test_filters_narrow_the_results(self):
        self.assertEqual(headlines(search(self.client, q="瓷", district="攸县")), ["攸县瓷器出口"])
        self.assertEqual(headlines(search(self.client, q="瓷", section="经济")), ["醴陵瓷博会开幕"])
        self.assertEqual(headlines(search(self.client, q="瓷", reporter="贺知远")), ["醴陵瓷博会开幕"])
        self.assertEqual(
            headlines(search(self.client, q="瓷", start="2023-01-01", end="2023-12-31")), ["攸县瓷器出口"]
        )
        self.assertEqual(headlines(search(self.client, q="瓷", kind="ad")), [])

    def test_a_reporters_name_finds_their_articles_and_no_snippet_shows_byline_tokens(self):
        response = search(self.client, q="贺知远")
        self.assertEqual(headlines(response), ["醴陵瓷博会开幕"])
        for query in ("贺知远", "瓷博会", "全媒体记者"):
            with self.subTest(query):
                response = search(self.client, q=query, format="json")
                snippets = [re.sub("</?mark>", "", r["snippet_html"]) for r in response.json()["results"]]
                self.assertFalse([s for s in snippets if "/" in s or "记者" in s], snippets)

    def test_an_impossible_date_range_gets_a_message_not_an_error(self):
        response = search(self.client, q="瓷", start="2024-03-01", end="2023-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "起始日期晚于截止日期")
        self.assertEqual(headlines(response), [])

    def test_facet_links_narrow_the_search_and_go_back_to_page_one(self):
        response = search(self.client, q="瓷", page="1")
        self.assertContains(response, f'href="?{escape(urlencode({"q": "瓷", "district": "攸县"}))}"')
        self.assertContains(response, f'href="?{escape(urlencode({"q": "瓷", "year": 2023}))}"')
        narrowed = search(self.client, q="瓷", district="醴陵市")
        self.assertContains(narrowed, "✕ 不限区县")

    def test_it_sorts_by_relevance_or_by_date(self):
        self.assertEqual(headlines(search(self.client, q="醴陵"))[0], "醴陵早稻开镰")
        self.assertEqual(
            headlines(search(self.client, q="瓷", sort="date")), ["醴陵瓷博会开幕", "攸县瓷器出口"]
        )

    def test_results_come_a_page_at_a_time(self):
        first, second = search(self.client, q="义诊"), search(self.client, q="义诊", page="2")
        self.assertEqual(len(headlines(first)), 20)
        self.assertEqual(len(headlines(second)), 3)
        self.assertContains(first, "第 1 / 2 页")

    def test_a_page_of_results_counts_the_matches_once_and_ranks_that_page_alone(self):
        search(self.client, q="义诊")  # loads what a process loads once
        statements = []
        index_file = backend().file.connect(create=False)
        index_file.set_trace_callback(statements.append)
        self.addCleanup(index_file.set_trace_callback, None)
        response = search(self.client, q="义诊", page="2")
        self.assertEqual(len(headlines(response)), 3)
        self.assertContains(response, '共找到 <span class="count">23</span> 篇')
        self.assertEqual(len([s for s in statements if " tally " in s]), 1)  # the count and facets
        self.assertEqual(len([s for s in statements if "bm25(" in s]), 1)  # the second page's 20 to 23

    def test_a_run_of_text_not_found_falls_back_to_its_words_and_says_so(self):
        response = search(self.client, q="醴陵粮食")
        self.assertContains(response, "没有找到“醴陵粮食”。以下是同时包含“醴陵”、“粮食”的结果。")
        self.assertEqual(headlines(response), ["醴陵早稻开镰"])

    def test_the_fallback_knows_a_reporter_imported_after_jieba_loaded(self):
        search(self.client, q="醴陵粮食")  # jieba is loaded now
        # A pk past any a rolled-back test may have left: jieba learns names by increasing pk.
        Person.objects.create(pk=10**9, name="林大桥")
        make_article("石峰区开展义务植树", "植树节这天，记者林大桥在现场看到，志愿者干劲十足。")
        index_all()
        response = search(self.client, q="林大桥植树节")
        self.assertContains(response, "以下是同时包含“林大桥”、“植树节”的结果")
        self.assertEqual(headlines(response), ["石峰区开展义务植树"])

    def test_a_fallback_that_finds_nothing_promises_no_results(self):
        response = search(self.client, q="量子计算机")
        self.assertContains(response, '共找到 <span class="count">0</span> 篇')
        self.assertNotContains(response, "以下是")
        self.assertContains(response, "没有找到“量子计算机”，也没有同时包含“量子”、“计算机”的文章。")

    def test_the_search_page_has_one_search_box(self):
        for params in ({}, {"q": "瓷博会"}):
            response = search(self.client, **params)
            self.assertEqual(response.content.decode().count('type="search"'), 1)

    def test_nothing_found_shows_help(self):
        response = search(self.client, q="不存在的词语")
        self.assertContains(response, "没有找到符合条件的文章")

    def test_the_empty_page_explains_how_to_search(self):
        self.assertContains(search(self.client), "怎样搜索")

    def test_the_json_variant_has_the_results_facets_and_pages(self):
        data = search(self.client, q="瓷博会", format="json").json()
        self.assertEqual(data["count"], 1)
        self.assertEqual(data["results"][0]["headline"], "醴陵瓷博会开幕")
        self.assertTrue(data["results"][0]["url"].startswith("http://testserver/2024/03/12/01/"))
        self.assertIn("参观了<mark>瓷博会</mark>", data["results"][0]["snippet_html"])
        data = search(self.client, q="瓷", format="json").json()
        self.assertIn({"value": "攸县", "count": 1}, data["facets"]["districts"])
        paged = search(self.client, q="义诊", format="json").json()
        self.assertEqual((paged["page"], paged["num_pages"]), (1, 2))
        self.assertIn("page=2", paged["next"])

    def test_the_json_variant_says_what_is_wrong_with_a_request(self):
        response = search(self.client, q="瓷", start="2024-03-01", end="2023-01-01", format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("起始日期晚于截止日期", response.json()["errors"][0])


class MissingIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article("醴陵瓷博会开幕", "瓷博会展出新品。")

    def setUp(self):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{backend().path}{suffix}").unlink(missing_ok=True)
        connections.reload("default")
        self.addCleanup(fresh_index)

    def test_a_missing_index_gives_a_message_and_the_rest_of_the_site_works(self):
        response = search(self.client, q="瓷")
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "rebuild_index", status_code=503)
        self.assertEqual(self.client.get(self.article.get_absolute_url()).status_code, 200)

    def test_rebuild_index_brings_search_back(self):
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.assertEqual(headlines(search(self.client, q="瓷")), ["醴陵瓷博会开幕"])


class RelatedArticlesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        cls.article = make_article(
            "醴陵瓷博会开幕", "釉下五彩瓷和陶瓷茶具最受客商欢迎，瓷博会还设了陶瓷茶具专区。"
        )
        make_article("陶瓷茶具走俏海外", "醴陵的陶瓷茶具今年出口增长，釉下五彩瓷订单排到了年底。")
        make_article("春耕备耕", "渌口区的农机手忙着检修机器。")
        cls.jumping = make_article("陶瓷茶具展销", "釉下五彩瓷和陶瓷茶具摆满了展台，客商排队订货。")
        cls.jumping.continues_on = 2
        cls.jumping.save()
        cls.continuation = make_article(
            "陶瓷茶具展销", "陶瓷茶具的订单排到了年底，釉下五彩瓷也卖空了。", page=2
        )
        cls.continuation.continued_from = 1
        cls.continuation.save()
        index_all()
        preload()  # as a server does before it forks

    def test_the_article_page_shows_related_reports(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "相关报道")
        self.assertContains(response, "陶瓷茶具走俏海外")
        self.assertNotContains(response, "春耕备耕")

    def test_related_reports_never_list_the_storys_own_continuation(self):
        for article, other in ((self.jumping, self.continuation), (self.continuation, self.jumping)):
            response = self.client.get(article.get_absolute_url())
            related = response.content.decode().split('id="related-heading"')[1].split("</section>")[0]
            self.assertIn("陶瓷茶具走俏海外", related)
            self.assertNotIn(other.get_absolute_url(), related)

    def test_related_reports_come_from_the_index_without_a_database_query(self):
        with self.assertNumQueries(0):
            html = render_to_string("articles/includes/related.html", {"article": self.article})
        self.assertIn("陶瓷茶具走俏海外", html)
