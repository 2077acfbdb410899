"""Titles without bylines on single-spaced pages: told from subheads by what they are and what
surrounds them, not by spacing. Every line of these pages is one blank line apart, as the paper
prints; every snippet is fictional.
"""

import datetime
import unittest

from articles.parsing import parse_issue

DATE = datetime.date(2025, 5, 20)
HEADER = "株洲日报\n\n2025年5月20日 星期二\n第23999期 今日4版\n\n"

# Two stories that talk of different things, each long enough to tell what it talks of.
BUSES = [
    "今年以来，市公交集团新开通定制公交线路十二条，连接主城区与各大工业园区，早晚高峰发车间隔缩短到十分钟。",
    "公交集团负责人介绍，定制公交采取一人一座、站点直达的方式运行，乘客可在手机上预约座位，票价与普通线路相同。",
    "家住荷塘区的工人小周说，过去上班要换乘两次，如今坐上直达车，每天能多睡半个小时。",
]
LIBRARY = [
    "市图书馆少儿阅览室暑期延长开放时间，每晚开放到九点，并新增绘本两千册，吸引不少家长带着孩子前来借阅。",
    "馆内志愿者每周六下午举办故事会，讲述民间传说和科普知识，报名名额常常在一天之内约满。",
    "一位带着女儿来借书的母亲说，孩子在这里爱上了读书，每周都嚷着要来换一批新书。",
]


def page(*lines):
    return parse_issue(HEADER + "\n\n".join(lines) + "\n", date=DATE)


def headlines(issue):
    return [article.headline for article in issue.articles]


class WhatTheTitleIsTests(unittest.TestCase):
    def test_a_headline_carrying_its_column_label_opens_a_story(self):
        issue = page("公交线路再加密", *BUSES, "让孩子们爱上图书馆（街谈巷议）", *LIBRARY)
        self.assertEqual(headlines(issue), ["公交线路再加密", "让孩子们爱上图书馆（街谈巷议）"])
        self.assertEqual(issue.articles[1].column, "街谈巷议")

    def test_a_kicker_that_leads_into_its_headline_opens_a_story(self):
        issue = page("公交线路再加密", *BUSES, "市图书馆暑期延时开放——", "夜读时光更长了", *LIBRARY)
        self.assertEqual(headlines(issue), ["公交线路再加密", "夜读时光更长了"])
        self.assertEqual(issue.articles[1].kicker, "市图书馆暑期延时开放——")

    def test_a_title_over_an_opening_box_opens_a_story(self):
        issue = page("公交线路再加密", *BUSES, "夜读时光更长了", "核心阅读", *LIBRARY)
        self.assertEqual(headlines(issue), ["公交线路再加密", "夜读时光更长了"])
        self.assertEqual(issue.articles[1].paragraphs[0], "核心阅读")


class WhatSurroundsItTests(unittest.TestCase):
    def test_a_title_in_a_series_with_the_pages_signed_titles_opens_a_story(self):
        # The two stories talk of the same thing: only the shape of the second title tells it apart.
        issue = page(
            "荷塘区 定制公交通园区",
            "株洲日报记者/林小禾",
            *BUSES,
            "芦淞区 公交站点再加密",
            *BUSES[1:],
            BUSES[0],
        )
        self.assertEqual(headlines(issue), ["荷塘区 定制公交通园区", "芦淞区 公交站点再加密"])

    def test_a_title_under_which_the_text_talks_of_something_else_opens_a_story(self):
        issue = page("公交线路再加密", *BUSES, "夜读时光更长了", *LIBRARY)
        self.assertEqual(headlines(issue), ["公交线路再加密", "夜读时光更长了"])

    def test_a_subhead_that_goes_on_talking_of_the_same_thing_stays_in_its_story(self):
        issue = page("公交线路再加密", *BUSES[:2], "上班路更顺了", BUSES[2], BUSES[0])
        (article,) = issue.articles
        self.assertIn("上班路更顺了", article.paragraphs)

    def test_parallel_subheads_of_one_story_stay_in_it(self):
        issue = page(
            "公交线路再加密",
            *BUSES[:2],
            "线路更密",
            "十二条定制线路连起工业园区",
            *LIBRARY[:2],
            "座位更稳",
            "一人一座预约乘车",
            BUSES[2],
            LIBRARY[2],
        )
        (article,) = issue.articles
        self.assertIn("线路更密", article.paragraphs)
        self.assertIn("座位更稳", article.paragraphs)

    def test_what_both_sides_name_in_latin_letters_tells_that_they_talk_of_one_thing(self):
        # Few characters in common, one brand and one product: the subhead stays in its story.
        issue = page(
            "Lumio发布新款智能音箱",
            "本月，Lumio在株洲发布新款智能音箱Lumio Echo，支持方言识别，能控制家中灯光和窗帘。",
            "Lumio负责人介绍，新品采用自研芯片，待机功耗降低一半，售价较上一代下调两百元。",
            "首批产品已在各大商场上架，不少市民前来体验，现场还设置了互动区。",
            "门锁也能听懂话",
            "同场亮相的Lumio门锁可与Echo联动，主人到家前，门锁会提前通知Echo打开空调。",
            "这款门锁支持指纹、人脸两种开锁方式，电池续航可达一年，安装只需半小时。",
            "Lumio表示，今年还将推出更多联动Echo的家居产品。",
        )
        (article,) = issue.articles
        self.assertIn("门锁也能听懂话", article.paragraphs)

    def test_a_speakers_name_under_a_subhead_keeps_the_voice_in_its_story(self):
        issue = page(
            "公交线路再加密",
            *BUSES,
            "让出行更方便",
            "市公交集团总经理 方知远",
            *LIBRARY,
        )
        (article,) = issue.articles
        self.assertIn("让出行更方便", article.paragraphs)


class WhatTheTitleBlockHoldsTests(unittest.TestCase):
    """Where spacing does not set a title block apart, what belongs to it is read from what each
    line is: a deck opens the text, a long kicker opens the page with its title."""

    def test_the_deck_under_a_headline_its_label_closes_opens_the_text(self):
        deck = "市图书馆少儿阅览室延长开放时间，新增绘本两千册，孩子们暑假多了一个读书的好去处"
        issue = page("公交线路再加密", *BUSES, "让孩子们爱上图书馆（街谈巷议）", deck, *LIBRARY)
        self.assertEqual(headlines(issue), ["公交线路再加密", "让孩子们爱上图书馆（街谈巷议）"])
        self.assertTrue(issue.articles[1].paragraphs[0].startswith(deck))

    def test_a_line_no_longer_than_a_headline_under_a_labelled_one_is_the_headline(self):
        issue = page(
            "公交线路再加密", *BUSES, "让孩子们爱上图书馆（街谈巷议）", "暑假读书，有了好去处", *LIBRARY
        )
        self.assertEqual(headlines(issue), ["公交线路再加密", "暑假读书，有了好去处"])
        self.assertEqual(issue.articles[1].kicker, "让孩子们爱上图书馆（街谈巷议）")

    def test_the_bullets_under_a_title_open_the_text(self):
        (article,) = page(
            "公交线路再加密", "●新开通定制公交线路十二条", "●早晚高峰发车间隔缩短到十分钟", *BUSES
        ).articles
        self.assertEqual((article.kicker, article.headline), ("", "公交线路再加密"))
        self.assertEqual(
            article.paragraphs[:2], ["●新开通定制公交线路十二条", "●早晚高峰发车间隔缩短到十分钟"]
        )

    def test_a_comma_line_right_over_the_dateline_ends_the_title(self):
        (article,) = page(
            "市图书馆暑期延时开放——",
            "夜读时光长，孩子有去处",
            "本报株洲5月19日电 （记者林小禾）" + LIBRARY[0],
            *LIBRARY[1:],
        ).articles
        self.assertEqual(
            (article.kicker, article.headline), ("市图书馆暑期延时开放——", "夜读时光长，孩子有去处")
        )

    def test_a_comma_line_over_the_dateline_is_the_first_subhead_where_more_of_its_form_follow(self):
        (article,) = page(
            "公交线路再加密",
            "线路更密,出行更便捷",
            "本报株洲5月19日电 （记者林小禾）" + BUSES[0],
            BUSES[1],
            "座位更稳,乘车更舒心",
            BUSES[2],
        ).articles
        self.assertEqual(article.headline, "公交线路再加密")
        self.assertEqual(article.paragraphs[0], "线路更密,出行更便捷")

    def test_a_kicker_too_long_for_a_title_line_opens_the_page_with_its_title(self):
        kicker = "市公交集团今年新开通定制公交线路十二条连接主城区与各大工业园区并把早晚高峰发车间隔由二十分钟缩短到十分钟以内让上班族出行更方便"
        (article,) = page(
            kicker, "公交线路再加密", "本报株洲5月19日电 （记者林小禾）" + BUSES[0], *BUSES[1:]
        ).articles
        self.assertEqual((article.kicker, article.headline), (kicker, "公交线路再加密"))


class WhatTheStoryAroundItPrintsTests(unittest.TestCase):
    def test_a_photo_reports_credit_with_its_agency_closes_the_story(self):
        issue = page(
            "江边晨练",
            "5月19日清晨，市民在湘江风光带晨练，跑步、打太极的人络绎不绝，江边一派生机。",
            "方知远 周宁摄影报道（湘江影像）",
            "夜读时光更长了",
            *LIBRARY,
        )
        self.assertEqual(headlines(issue), ["江边晨练", "夜读时光更长了"])
        self.assertEqual(issue.articles[0].bylines, [("摄影", "方知远"), ("摄影", "周宁")])
        self.assertEqual(issue.articles[1].doubts, [])

    def test_a_line_that_leads_into_a_storys_parallel_subheads_stays_in_it(self):
        issue = page(
            "公交线路再加密",
            *BUSES,
            "出行之变，从哪里看得出来？",
            "线路·更密",
            "定制线路连起工业园区",
            *LIBRARY,
            "座位·更稳",
            "一人一座预约乘车",
            *BUSES[:2],
            "站点·更近",
            "公交站点开到家门口",
            *LIBRARY[1:],
        )
        self.assertEqual(headlines(issue), ["公交线路再加密"])
        self.assertIn("线路·更密", issue.articles[0].paragraphs)

    def test_the_briefs_of_a_roundup_are_its_own(self):
        issue = page("本市简讯", "公交线路再加密", *BUSES, "夜读时光更长了", *LIBRARY, "江边夜市开张", *BUSES)
        (article,) = issue.articles
        self.assertEqual(article.headline, "本市简讯")
        self.assertEqual(article.paragraphs[0], "公交线路再加密")
        self.assertIn("夜读时光更长了", article.paragraphs)
        self.assertEqual(article.doubts, [])
