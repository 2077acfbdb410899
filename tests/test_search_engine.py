"""The FTS5 backend through haystack's SearchQuerySet: what a query finds, and in which order."""

import datetime
import random
import re

from django.test import TestCase
from haystack.query import SearchQuerySet

from articles.models import Article
from zhsearch.text import fold

from .base import SAMPLES, SEEDS, backend, fresh_index, import_paths, index_all, make_article


def found(query, **filters):
    return [r.headline for r in SearchQuerySet().auto_query(query).filter(**filters)]


class WhatAQueryFindsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article(
            "荷塘区城中村改造项目启动",
            "首批改造涉及三个片区，居民可到社区服务站查看方案。",
            districts=["荷塘区"],
            bylines=[("全媒体记者", "贺知远")],
            captions=["施工队进场前，工人在清点设备。"],
        )
        make_article("城中村面貌一新", "走访城中村发现，道路拓宽以后，老旧管网也完成了改造。")
        make_article("北斗导航走进课堂", "天元区一所中学开设北斗兴趣课，学生自己动手组装接收机。")
        make_article("城北球场迎来新赛季", "城北，斗志昂扬的队员们在雨中完成了训练。")
        make_article("三峡公司召开年度会议", "株洲三峡公司总结去年的发电量，部署今年的检修。")
        make_article("長沙客商來株考察", "一行人參觀了幾家陶瓷企業。")
        make_article("株州日报读者座谈会召开", "二十多位读者对版面提出了建议。")
        make_article("ＣＢＡ季前赛在株洲开打", "球迷早早来到体育馆，厂BA球队也派人观摩。")
        make_article("新茶上市", "茶陵县的茶农忙着采摘明前茶。")
        make_article("老检叨的手之声", "社区里的老检叨开了一家手之声工作室，教居民手语。")
        make_article("陶瓷展开幕", "展会持续三天，门票免费。", kind=Article.Kind.AD)
        index_all()

    def test_it_finds_a_name_in_a_byline_and_a_caption(self):
        self.assertEqual(found("贺知远"), ["荷塘区城中村改造项目启动"])
        self.assertEqual(found("清点设备"), ["荷塘区城中村改造项目启动"])

    def test_it_finds_words_jieba_does_not_know(self):
        self.assertEqual(found("老检叨"), ["老检叨的手之声"])
        self.assertEqual(found("手之声"), ["老检叨的手之声"])

    def test_it_finds_one_and_two_character_terms(self):
        self.assertEqual(found("茶"), ["新茶上市"])
        self.assertEqual(found("北斗"), ["北斗导航走进课堂"])

    def test_two_characters_must_stand_together(self):
        self.assertNotIn("城北球场迎来新赛季", found("北斗"))
        self.assertEqual(found("北，斗"), ["城北球场迎来新赛季"])

    def test_a_query_is_found_as_a_whole_not_as_words_far_apart(self):
        self.assertEqual(found("城中村改造"), ["荷塘区城中村改造项目启动"])

    def test_every_word_of_a_spaced_query_must_appear(self):
        self.assertCountEqual(found("城中村 管网"), ["城中村面貌一新"])

    def test_traditional_and_simplified_characters_find_each_other(self):
        self.assertEqual(found("三峽"), ["三峡公司召开年度会议"])
        self.assertEqual(found("长沙客商"), ["長沙客商來株考察"])
        self.assertEqual(found("陶瓷企业"), ["長沙客商來株考察"])

    def test_full_width_forms_and_case_are_folded(self):
        self.assertEqual(found("cba"), ["ＣＢＡ季前赛在株洲开打"])
        self.assertEqual(found("厂ＢＡ"), ["ＣＢＡ季前赛在株洲开打"])

    def test_the_misprint_zhuzhou_finds_the_right_name_and_back(self):
        self.assertEqual(found("株洲日报"), ["株州日报读者座谈会召开"])
        self.assertCountEqual(
            found("株州"), ["株州日报读者座谈会召开", "三峡公司召开年度会议", "ＣＢＡ季前赛在株洲开打"]
        )

    def test_quoted_phrases_and_excluded_words(self):
        self.assertEqual(found('"城中村改造"'), ["荷塘区城中村改造项目启动"])
        self.assertEqual(found("城中村 -改造项目"), ["城中村面貌一新"])
        self.assertEqual(found("城中村 -“改造项目”"), ["城中村面貌一新"])

    def test_filters_combine_with_the_text(self):
        self.assertEqual(found("陶瓷", kind_exact="ad"), ["陶瓷展开幕"])
        self.assertEqual(found("城中村", districts_exact="荷塘区"), ["荷塘区城中村改造项目启动"])
        self.assertEqual(found("城中村", reporters_exact="贺知远"), ["荷塘区城中村改造项目启动"])


class RankingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article("山区产业调查", "油茶、油茶、油茶：山里的油茶林一年比一年多，油茶加工厂也开了三家。")
        make_article("油茶丰收", "今年雨水足。", date=datetime.date(2023, 11, 8))
        make_article("粮食生产调查", "醴陵的早稻长势好，粮食收购点已经开秤；醴陵各镇的粮食仓储也在扩容。")
        make_article("秋收一线", "醴陵粮食生产总体平稳。")
        make_article("旧闻", "渌口区举行龙舟赛。", date=datetime.date(2022, 6, 3))
        make_article("新闻", "渌口区举行龙舟赛。", date=datetime.date(2024, 6, 10))
        index_all()

    def test_a_headline_match_ranks_first(self):
        self.assertEqual(found("油茶")[0], "油茶丰收")

    def test_filters_keep_the_ranking(self):
        self.assertEqual(found("油茶", kind_exact="news", date__gte=datetime.date(2020, 1, 1))[0], "油茶丰收")

    def test_the_exact_phrase_ranks_before_its_words_apart(self):
        self.assertEqual(found("醴陵 粮食"), ["秋收一线", "粮食生产调查"])

    def test_the_newer_of_two_equal_articles_comes_first(self):
        self.assertEqual(found("龙舟赛"), ["新闻", "旧闻"])

    def test_sorting_by_date_puts_the_newest_first(self):
        results = SearchQuerySet().auto_query("油茶").order_by("-date")
        self.assertEqual([r.headline for r in results], ["山区产业调查", "油茶丰收"])


class TitleBlockRankingTests(TestCase):
    """For a reader the kicker (引题), headline and subtitle (副题) are one title."""

    @classmethod
    def setUpTestData(cls):
        fresh_index()
        body = "竹编合作社的订单多了，竹编合作社又招了学徒；竹编合作社还办了夜校。"
        make_article("手艺人的新生活", body, date=datetime.date(2024, 5, 2))
        make_article(
            "山村新貌", "村里修了路。", kicker="竹编合作社带动三百户增收", date=datetime.date(2023, 1, 5)
        )
        make_article("稻田里的新门路", "鱼苗放进了稻田，稻田养鱼的人多了，稻田养鱼成了新门路。")
        make_article(
            "春耕时节", "农机下田。", subtitle="——稻田养鱼让亩均收入翻番", date=datetime.date(2022, 4, 1)
        )
        index_all()

    def test_a_query_only_in_the_kicker_ranks_as_a_title_match(self):
        self.assertEqual(found("竹编合作社"), ["山村新貌", "手艺人的新生活"])

    def test_a_query_only_in_the_subtitle_ranks_as_a_title_match(self):
        self.assertEqual(found("稻田养鱼"), ["春耕时节", "稻田里的新门路"])


class FacetAndFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article("醴陵瓷博会开幕", "瓷博会展出新品。", districts=["醴陵市"], section="经济")
        make_article(
            "攸县瓷器出口", "瓷器远销海外。", districts=["攸县", "醴陵市"], date=datetime.date(2023, 5, 4)
        )
        make_article(
            "炎陵黄桃", "瓷盘装黄桃。", districts=["炎陵县"], section="经济", date=datetime.date(2022, 8, 1)
        )
        index_all()

    def counts(self, results, name):
        return dict(results.facet_counts()["fields"][name])

    def test_facets_count_districts_sections_and_years_of_the_matches(self):
        results = (
            SearchQuerySet()
            .auto_query("瓷")
            .facet("districts")
            .facet("section")
            .date_facet("date", datetime.date(2000, 1, 1), datetime.date(2100, 1, 1), "year")
        )
        self.assertEqual(self.counts(results, "districts"), {"醴陵市": 2, "攸县": 1, "炎陵县": 1})
        self.assertEqual(self.counts(results, "section"), {"经济": 2, "综合新闻": 1})
        self.assertEqual(results.facet_counts()["dates"]["date"], [("2022", 1), ("2023", 1), ("2024", 1)])

    def test_a_date_range_keeps_what_falls_inside(self):
        results = (
            SearchQuerySet()
            .auto_query("瓷")
            .filter(date__gte=datetime.date(2023, 1, 1), date__lte=datetime.date(2023, 12, 31))
        )
        self.assertEqual([r.headline for r in results], ["攸县瓷器出口"])

    def test_narrowing_by_a_facet_value(self):
        results = SearchQuerySet().auto_query("瓷").narrow('section_exact:"经济"')
        self.assertCountEqual([r.headline for r in results], ["醴陵瓷博会开幕", "炎陵黄桃"])

    def test_a_search_without_words_lists_by_filter(self):
        self.assertEqual(SearchQuerySet().filter(districts_exact="醴陵市").count(), 2)
        self.assertEqual(SearchQuerySet().exclude(districts_exact="醴陵市").count(), 1)


class HighlightTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        padding = "这是一段很长的铺垫文字。" * 30
        make_article(
            "标签<b>与</b>符号 & 引号",
            padding + "展会上的北斗终端卖得最好，<script>不算</script>。" + padding,
        )
        index_all()

    def setUp(self):
        self.result = SearchQuerySet().auto_query("北斗").highlight()[0]

    def test_the_snippet_marks_the_terms_around_the_match(self):
        snippet = self.result.highlighted["text"][0]
        self.assertIn("<mark>北斗</mark>终端", snippet)
        self.assertTrue(snippet.startswith("…") and snippet.endswith("…"))

    def test_the_snippet_escapes_the_text_and_cuts_no_character(self):
        snippet = self.result.highlighted["text"][0]
        self.assertIn("&lt;script&gt;", snippet)
        self.assertEqual(re.sub(r"</?mark>", "", snippet).count("<"), 0)
        plain = re.sub(r"</?mark>", "", snippet).strip("…")
        self.assertIn(plain.replace("&lt;", "<").replace("&gt;", ">"), Article.objects.get().body)

    def test_the_headline_is_escaped_whole(self):
        headline = SearchQuerySet().auto_query("符号").highlight()[0].highlighted["headline"][0]
        self.assertEqual(headline, "标签&lt;b&gt;与&lt;/b&gt;<mark>符号</mark> &amp; 引号")


def substring_matches(articles, query):
    """What a plain substring search over the same fields finds."""
    query = fold(query)
    return {a.pk for a, text in articles if query in text}


def searchable_text(article):
    parts = [article.headline, article.kicker, article.subtitle, article.column, article.body]
    parts += [f"{c.text} {c.credit}" for c in article.captions.all()]
    parts += [f"{b.role}/{b.person.name}" for b in article.bylines.all()]
    return fold("\n".join(parts))


class AgreesWithSubstringSearchTests(TestCase):
    """The promise to the reader: every article that contains the query, and only those."""

    @classmethod
    def setUpTestData(cls):
        fresh_index()
        import_paths(SEEDS, SAMPLES)
        index_all()

    def test_random_pieces_of_the_articles_find_exactly_what_a_substring_search_finds(self):
        articles = [
            (a, searchable_text(a)) for a in Article.objects.prefetch_related("captions", "bylines__person")
        ]
        rng = random.Random(5)
        queries = ["李逸峰", "陈恢清", "株洲", "醴陵", "茶", "北斗", "城中村改造", "渌口区", "株州", "三峽"]
        for length in (1, 2, 3, 4, 5, 8):
            for _ in range(12):
                text = rng.choice(articles)[0].body.replace("\n", "")
                start = rng.randrange(max(1, len(text) - length))
                queries.append(text[start : start + length])
        queries = [
            query
            for query in queries
            if query.strip()
            and '"' not in query
            and not query.startswith(("-", "－", "“"))
            and " " not in query
        ]
        ranked = getattr(backend(), "rank_limit", None)  # FTS5's; OpenSearch ranks every match
        self.addCleanup(setattr, backend(), "rank_limit", ranked)
        # Every match ranked, or past five matches the title block's first and the rest by date.
        for rank_limit in (ranked, 5):
            backend().rank_limit = rank_limit
            for query in queries:
                with self.subTest(query=query, rank_limit=rank_limit):
                    results = [int(r.pk) for r in SearchQuerySet().auto_query(query)]
                    self.assertEqual(len(results), len(set(results)), "an article shown twice")
                    self.assertEqual(set(results), substring_matches(articles, query))
                    self.assertEqual(SearchQuerySet().auto_query(query).count(), len(results))
