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
        self.assertNotContains(response, "以下是")
        self.assertContains(response, "没有找到“量子计算机”，也没有同时包含“量子”、“计算机”的文章。", count=1)
        self.assertNotContains(response, "共找到")

    def test_the_search_page_has_one_search_box(self):
        for params in ({}, {"q": "瓷博会"}):
            response = search(self.client, **params)
            self.assertEqual(response.content.decode().count('type="search"'), 1)

    def test_nothing_found_shows_help(self):
        response = search(self.client, q="不存在的词语")
        self.assertContains(response, "可以试试")
        self.assertContains(response, "检查有没有错别字")

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


class SearchSyntaxPageTests(TestCase):
    """What readers type (alternatives, title and byline words, the oldest first) and what the page says back."""

    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article(
            "油茶林里采摘忙",
            "攸县的油茶进入采摘期。",
            districts=["攸县"],
            section="经济",
            bylines=[("记者", "贺知远")],
            date=datetime.date(2023, 11, 8),
        )
        make_article(
            "炎陵黄桃上市",
            "果农忙着分拣装箱，黄桃远销各地。",
            districts=["炎陵县"],
            section="经济",
            bylines=[("通讯员", "林晓")],
            date=datetime.date(2024, 7, 20),
        )
        make_article("株州日报读者座谈会召开", "读者谈起这些年的变化。", date=datetime.date(2022, 5, 1))
        make_article(
            "社区义诊",
            "医生为居民义诊，还讲了油茶的吃法。",
            section="民生",
            bylines=[("记者", "贺知远")],
            date=datetime.date(2024, 1, 10),
        )
        make_article(
            "城区早稻开镰",
            "醴陵各镇的稻田一片金黄，粮食收购点已经开秤。",
            districts=["醴陵市"],
            date=datetime.date(2024, 8, 1),
        )
        index_all()

    def test_any_of_several_words_will_do_typed_or_in_its_own_field(self):
        self.assertCountEqual(headlines(search(self.client, q="黄桃 OR 义诊")), ["炎陵黄桃上市", "社区义诊"])
        self.assertCountEqual(headlines(search(self.client, q="黄桃|义诊")), ["炎陵黄桃上市", "社区义诊"])
        self.assertCountEqual(headlines(search(self.client, any="黄桃 义诊")), ["炎陵黄桃上市", "社区义诊"])
        self.assertEqual(headlines(search(self.client, q="居民", any="黄桃 义诊")), ["社区义诊"])

    def test_a_word_in_the_title_alone(self):
        self.assertEqual(headlines(search(self.client, q="标题:油茶")), ["油茶林里采摘忙"])
        self.assertEqual(headlines(search(self.client, q="标题：油茶")), ["油茶林里采摘忙"])
        self.assertEqual(headlines(search(self.client, title="油茶")), ["油茶林里采摘忙"])
        self.assertCountEqual(headlines(search(self.client, q="油茶")), ["油茶林里采摘忙", "社区义诊"])

    def test_a_name_in_the_byline_alone(self):
        self.assertCountEqual(headlines(search(self.client, q="作者:贺知远")), ["油茶林里采摘忙", "社区义诊"])
        self.assertEqual(headlines(search(self.client, byline="林晓")), ["炎陵黄桃上市"])
        self.assertEqual(headlines(search(self.client, q="作者:贺知远 标题:义诊")), ["社区义诊"])

    def test_a_byline_word_of_one_character_is_refused_with_a_reason(self):
        response = search(self.client, q="作者:贺")
        self.assertContains(response, "按署名查找请写至少两个字")
        self.assertEqual(headlines(response), [])
        self.assertEqual(search(self.client, q="作者:贺", format="json").status_code, 400)

    def test_the_oldest_first_as_well_as_the_newest(self):
        self.assertEqual(
            headlines(search(self.client, q="油茶 OR 黄桃 OR 义诊", sort="oldest")),
            ["油茶林里采摘忙", "社区义诊", "炎陵黄桃上市"],
        )
        self.assertEqual(
            headlines(search(self.client, q="油茶 OR 黄桃 OR 义诊", sort="date")),
            ["炎陵黄桃上市", "社区义诊", "油茶林里采摘忙"],
        )
        response = search(self.client, q="油茶", sort="oldest")
        self.assertContains(response, "<strong>旧的在前</strong>")
        self.assertContains(
            response, f'href="?{escape(urlencode({"q": "油茶", "sort": "date"}))}">新的在前</a>'
        )

    def test_district_section_and_reporter_are_picked_from_lists_with_counts(self):
        response = search(self.client, q="油茶 OR 黄桃")
        html = response.content.decode()
        for name, option in (
            ("district", "攸县（1）"),
            ("section", "经济（2）"),
            ("reporter", "贺知远（2）"),
        ):
            with self.subTest(name):
                select = html.split(f'<select name="{name}">')[1].split("</select>")[0]
                self.assertIn(option, select)
        self.assertContains(
            response, f'href="?{escape(urlencode({"q": "油茶 OR 黄桃", "reporter": "林晓"}))}"'
        )
        empty = search(self.client).content.decode()
        self.assertIn("贺知远（2）", empty.split('<select name="reporter">')[1].split("</select>")[0])
        self.assertIn("醴陵市（1）", empty.split('<select name="district">')[1].split("</select>")[0])

    def test_reporters_are_listed_only_for_few_enough_matches_and_the_page_says_so(self):
        with self.settings(SEARCH_REPORTERS_UP_TO=2):
            response = search(self.client, q="油茶 OR 黄桃 OR 义诊")
        self.assertEqual(len(headlines(response)), 3)
        self.assertContains(response, "作者不逐一列出")
        self.assertNotContains(response, "贺知远（")
        self.assertNotContains(search(self.client, q="油茶"), "作者不逐一列出")

    def test_a_picked_reporter_narrows_the_results_and_stays_picked(self):
        response = search(self.client, q="油茶", reporter="贺知远")
        self.assertCountEqual(headlines(response), ["油茶林里采摘忙", "社区义诊"])
        self.assertContains(response, '<option value="贺知远" selected>贺知远（2）</option>', html=True)

    def test_the_heading_shows_the_query_as_typed(self):
        response = search(self.client, q='"城区早稻"')
        self.assertContains(response, '<span class="typed-query">&quot;城区早稻&quot;</span> 共找到')
        self.assertNotContains(response, "“&quot;")

    def test_a_misprint_the_words_are_searched_as_one_with_is_said(self):
        for query in ("株州日报", "株洲日报"):
            with self.subTest(query):
                response = search(self.client, q=query)
                self.assertEqual(headlines(response), ["株州日报读者座谈会召开"])
                self.assertContains(response, "“株州”是报上偶有的误印，搜索时与“株洲”视为同一写法", count=1)
        self.assertNotContains(search(self.client, q="油茶"), "误印")

    def test_nothing_found_is_said_once_with_fewer_words_and_the_whole_archive_offered(self):
        response = search(self.client, q="油茶 量子", district="炎陵县")
        self.assertContains(response, "没有找到", count=1)
        self.assertNotContains(response, "共找到")
        self.assertContains(response, 'href="?q=%E6%B2%B9%E8%8C%B6">油茶</a>')
        self.assertContains(response, ">油茶 OR 量子</a>")
        self.assertContains(response, f'href="?{escape(urlencode({"q": "油茶 量子"}))}">在整个档案中搜索</a>')

    def test_no_fallback_searches_single_characters(self):
        response = search(self.client, q="醴陵的粮食")
        self.assertContains(response, "以下是同时包含“醴陵”、“粮食”的结果")
        self.assertNotContains(response, "“的”")
        alone = search(self.client, q="不醴陵")  # jieba: 不 / 醴陵, one word of two characters
        self.assertEqual(headlines(alone), [])
        self.assertNotContains(alone, "以下是")
        self.assertNotContains(alone, ">不</a>")

    def test_result_links_carry_the_words_to_mark_in_the_article(self):
        response = search(self.client, q="标题:油茶 采摘期")
        self.assertContains(response, "?hl=%E9%87%87%E6%91%98%E6%9C%9F%20%E6%B2%B9%E8%8C%B6")

    def test_the_form_before_a_search_costs_three_queries_and_a_results_page_none(self):
        search(self.client, q="油茶")  # loads what a process loads once
        with self.assertNumQueries(3):  # the districts, sections and reporters to pick from
            search(self.client)
        with self.assertNumQueries(0):
            search(self.client, q="油茶 OR 黄桃", sort="oldest", reporter="贺知远")


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
