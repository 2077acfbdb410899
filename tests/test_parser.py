"""Each parsing rule on small fictional snippets (no Django)."""

import datetime
import unittest

from articles.parsing import ParseError, decode, join_cut_paragraphs, parse_issue, read_title_block

MASTHEAD = """

ZHUZHOU RIBAO

株洲日报

2025年5月20日 星期二
乙巳年四月廿三 第23999期 今日8版
国内统一连续出版物号CN 43-0005

"""

STORY = """{title}

株洲日报全媒体记者/方晓雨 通讯员/龙一鸣

今年以来,荷塘区宋家桥街道推动老旧小区改造,已完成楼道照明更换,居民们拍手称好,街道还在小区里增设了休息座椅和晾晒架。

小区居民周阿姨说:“现在晚上下楼再也不怕黑了。”
"""


def parse(text, **kwargs):
    kwargs.setdefault("date", datetime.date(2025, 5, 20))
    return parse_issue(text, **kwargs)


class DecodingTests(unittest.TestCase):
    def test_it_reads_utf8_with_a_bom_gbk_and_crlf_alike(self):
        text = MASTHEAD + STORY.format(title="楼道亮了 居民笑了")
        variants = [
            text.encode("utf-8"),
            "\ufeff".encode() + text.encode("utf-8"),
            text.replace("\n", "\r\n").encode("gb18030"),
            text.replace("\n", "\r").encode("gbk"),
        ]
        for data in variants:
            issue = parse_issue(decode(data))
            self.assertEqual(issue.articles[0].headline, "楼道亮了 居民笑了")
            self.assertEqual(issue.date, datetime.date(2025, 5, 20))

    def test_it_folds_full_width_spaces_nbsp_and_tabs(self):
        text = STORY.format(title="\u3000\u3000楼道亮了\u00a0居民笑了\t")
        text = text.replace("今年以来", "\u3000\u3000今年以来")
        article = parse(text).articles[0]
        self.assertEqual(article.headline, "楼道亮了 居民笑了")
        self.assertTrue(article.paragraphs[0].startswith("今年以来"))

    def test_it_refuses_empty_binary_and_unknown_encodings(self):
        for data, message in [
            (b"  \n\n ", "empty"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
            ("Привет, мир! Ещё немного текста.".encode("koi8-r"), "unknown encoding"),
        ]:
            with self.assertRaisesRegex(ParseError, message):
                decode(data)


class MastheadTests(unittest.TestCase):
    def test_it_reads_date_number_page_count_and_lunar_date(self):
        issue = parse_issue(MASTHEAD + STORY.format(title="楼道亮了"))
        self.assertEqual(issue.date, datetime.date(2025, 5, 20))
        self.assertEqual(issue.date_source, "masthead")
        self.assertEqual(issue.number, 23999)
        self.assertEqual(issue.page_count, 8)
        self.assertEqual(issue.lunar_date, "乙巳年四月廿三")
        self.assertEqual(len(issue.articles), 1)

    def test_a_masthead_in_other_words_and_order_still_reads(self):
        text = "株州日报\n\n第24001期 今日12版\n\n2025年5月22日 星期四 农历乙巳年四月廿五\n\n" + STORY.format(
            title="楼道亮了"
        )
        issue = parse_issue(text)
        self.assertEqual(
            (issue.date, issue.number, issue.page_count), (datetime.date(2025, 5, 22), 24001, 12)
        )


class DateTests(unittest.TestCase):
    def test_the_date_option_comes_before_the_file_name(self):
        issue = parse_issue(
            STORY.format(title="楼道亮了"), filename="zz-20250101.txt", date=datetime.date(2025, 5, 20)
        )
        self.assertEqual((issue.date, issue.date_source), (datetime.date(2025, 5, 20), "option"))

    def test_a_date_in_the_file_name_is_used_when_nothing_prints_one(self):
        for name in ("zzrb-2025-05-21.txt", "20250521.txt", "株洲日报_2025_05_21.txt"):
            issue = parse_issue(STORY.format(title="楼道亮了"), filename=name)
            self.assertEqual((issue.date, issue.date_source), (datetime.date(2025, 5, 21), "filename"))

    def test_it_infers_the_date_from_the_days_the_text_mentions(self):
        text = STORY.format(title="楼道亮了").replace("今年以来", "5月18日,2025年全市现场会后")
        issue = parse_issue(text, filename="page.txt")
        self.assertEqual(issue.date, datetime.date(2025, 5, 19))
        self.assertEqual(issue.date_source, "inferred")
        self.assertIn("2025-05-18", issue.date_evidence)

    def test_december_mentions_in_a_january_issue_belong_to_last_year(self):
        text = STORY.format(title="新年新气象").replace(
            "今年以来", "12月30日,项目集中开工;2026年1月1日,新年第一天"
        )
        self.assertEqual(parse_issue(text, filename="x.txt").date, datetime.date(2026, 1, 2))

    def test_a_file_with_no_date_to_be_had_is_refused_with_advice(self):
        with self.assertRaisesRegex(ParseError, "--date"):
            parse_issue(STORY.format(title="楼道亮了"), filename="page.txt")


class PageTests(unittest.TestCase):
    def test_a_page_header_starts_a_page_with_its_section_and_editors(self):
        text = (
            STORY.format(title="第一条新闻")
            + "\n\n综合·城区\n\n责任编辑：刘一 美术编辑:陈二 校对/张三\n\n"
            + STORY.format(title="第二条新闻")
        )
        issue = parse(text)
        self.assertEqual([p.number for p in issue.pages], [1, 2])
        self.assertEqual(issue.pages[1].section, "综合·城区")
        self.assertEqual(
            issue.pages[1].editors, [("责任编辑", "刘一"), ("美术编辑", "陈二"), ("校对", "张三")]
        )
        self.assertEqual(issue.pages[1].articles[0].headline, "第二条新闻")

    def test_a_printed_page_number_is_kept(self):
        text = "03版 县市区新闻\n\n责任编辑:刘一\n\n" + STORY.format(title="新闻")
        self.assertEqual(parse(text).pages[0].number, 3)
        self.assertEqual(parse(text).pages[0].section, "县市区新闻")


class TitleBlockTests(unittest.TestCase):
    def test_kicker_forms(self):
        for kicker in (
            "株洲经开区:",
            "石峰区学林街道深化平安建设——",
            "荷塘区月塘街道",
            "某某在全市工作会议上强调",
        ):
            column, got_kicker, headline, _, _ = read_title_block([kicker, "一条好新闻"])
            self.assertEqual((column, got_kicker, headline), ("", kicker, "一条好新闻"), kicker)

    def test_columns_above_the_headline_and_slogans_below_it(self):
        self.assertEqual(
            read_title_block(["民生实事面对面", "新建口袋公园"])[:3], ("民生实事面对面", "", "新建口袋公园")
        )
        self.assertEqual(
            read_title_block(["走基层 看变化", "村里通了公交"])[:3], ("走基层 看变化", "", "村里通了公交")
        )
        column, _, headline, subtitle, _ = read_title_block(
            ["稳增长见实效", "——一季度经济观察之一", "拼经济 抓项目 促发展"]
        )
        self.assertEqual(
            (column, headline, subtitle), ("拼经济 抓项目 促发展", "稳增长见实效", "——一季度经济观察之一")
        )

    def test_attendance_lines_are_subtitles(self):
        self.assertEqual(read_title_block(["全市春耕现场会召开", "王某某出席"])[3], "王某某出席")

    def test_a_comma_line_under_the_headline_is_the_first_subhead(self):
        *_, headline, _, subheads = read_title_block(["园区一季度开门红", "抓项目,稳增长"])
        self.assertEqual((headline, subheads), ("园区一季度开门红", ["抓项目,稳增长"]))


class BylineTests(unittest.TestCase):
    def bylines(self, line, title="一条新闻"):
        return parse(
            f"{title}\n\n{line}\n\n本报持续关注此事,今年以来全市已经开展了多轮专项检查活动,取得明显成效。\n"
        ).articles[0]

    def test_every_printed_form(self):
        cases = {
            "株洲日报全媒体记者/方晓雨 通讯员/龙一鸣 贺子墨": [
                ("全媒体记者", "方晓雨"),
                ("通讯员", "龙一鸣"),
                ("通讯员", "贺子墨"),
            ],
            "株洲日报全媒体记者方晓雨 龙一鸣 通讯员/贺子墨": [
                ("全媒体记者", "方晓雨"),
                ("全媒体记者", "龙一鸣"),
                ("通讯员", "贺子墨"),
            ],
            "株洲日报·掌上株洲记者/方晓雨 龙一鸣": [("记者", "方晓雨"), ("记者", "龙一鸣")],
            "株州日报全媒体记者/方晓雨 实习生/龙一鸣": [("全媒体记者", "方晓雨"), ("实习生", "龙一鸣")],
        }
        for line, expected in cases.items():
            self.assertEqual(self.bylines(line).bylines, expected, line)

    def test_inline_datelines_are_read_and_removed_from_the_body(self):
        cases = [
            "株洲日报讯(全媒体记者/方晓雨 通讯员/龙一鸣) 5月19日,",
            "株洲日报·掌上株洲讯（记者/方晓雨 通讯员/龙一鸣）5月19日,",
            "株州日报(全媒体记者/方晓雨 通讯员/龙一鸣) 5月19日,",
            "株洲日报全媒体记者/方晓雨 通讯员/龙一鸣)5月19日,",
        ]
        for opening in cases:
            text = f"一条新闻\n\n{opening}全市首批智慧菜场开门迎客,市民可以扫码查看菜品溯源信息。\n"
            article = parse(text).articles[0]
            self.assertEqual(
                article.bylines,
                [("全媒体记者" if "全媒体" in opening else "记者", "方晓雨"), ("通讯员", "龙一鸣")],
                opening,
            )
            self.assertTrue(article.paragraphs[0].startswith("5月19日,全市首批"), opening)

    def test_a_columnists_bare_name_is_the_author(self):
        text = "城事漫谈\n\n公园小而美\n\n苏明远\n\n城市的宏大叙事里,也需要一些小而美的角落,让市民推门就能见绿,抬脚就能散步。\n"
        article = parse(text).articles[0]
        self.assertEqual(
            (article.kind, article.column, article.headline), ("commentary", "城事漫谈", "公园小而美")
        )
        self.assertEqual(article.bylines, [("作者", "苏明远")])


class ItemsTests(unittest.TestCase):
    def test_captions_go_with_the_story_they_describe(self):
        text = (
            STORY.format(title="楼道亮了 居民笑了")
            + "\n\n\n\n宋家桥街道工作人员检查新装的楼道灯。记者/方晓雨 摄\n\n"
            + "醴陵瓷器出海忙\n\n株洲日报全媒体记者/龙一鸣\n\n今年一季度,醴陵日用瓷出口订单同比增长两成,企业正加紧赶制。\n\n"
            + "\n\n\n工人在醴陵一家瓷厂给瓷器上釉。通讯员供图\n"
        )
        first, second = parse(text).articles
        self.assertEqual([c.text for c in first.captions], ["宋家桥街道工作人员检查新装的楼道灯。"])
        self.assertEqual(first.captions[0].credit, "记者/方晓雨 摄")
        self.assertEqual([c.text for c in second.captions], ["工人在醴陵一家瓷厂给瓷器上釉。"])
        self.assertNotIn("摄", first.body)

    def test_notes_ads_guides_and_photo_stories_stand_apart(self):
        text = (
            "导读\n\n全市春季招聘会周六举行\n——200家企业带来5000个岗位\n\n03版\n\n"
            + STORY.format(title="楼道亮了")
            + "\n编者按:\n\n春耕正忙,本报推出系列报道,敬请关注。\n\n"
            + STORY.format(title="春耕一线")
            + "\n油菜花开\n\n\n\n5月的攸县田野里,油菜花海连成一片,吸引游客驻足拍照。\n\n株洲日报通讯员/严小川摄\n\n"
            + "节约用水 从我做起\n\n@株洲人,请拧紧水龙头:\n\n一滴水也是一份心意。\n\n株洲日报宣\n\n制图/许静 公益广告\n"
        )
        kinds = [(a.kind, a.headline) for a in parse(text).articles]
        self.assertEqual(
            kinds,
            [
                ("guide", "全市春季招聘会周六举行"),
                ("news", "楼道亮了"),
                ("editor_note", "编者按"),
                ("news", "春耕一线"),
                ("photo", "油菜花开"),
                ("ad", "节约用水 从我做起"),
            ],
        )
        articles = parse(text).articles
        self.assertEqual(articles[0].continues_on, 3)
        self.assertEqual(articles[4].bylines, [("通讯员", "严小川")])
        self.assertNotIn("编者按", articles[1].body + articles[3].body)
        self.assertNotIn("拧紧水龙头", articles[3].body + articles[4].body)

    def test_jumps_are_recorded_and_the_continuation_takes_the_title(self):
        text = (
            STORY.format(title="项目建设跑出加速度") + "\n▶下转02版\n\n综合\n\n责任编辑:刘一\n\n"
            "▶上接01版\n\n企业负责人说,审批时间比去年缩短了一半,项目可以提前一个月投产。\n"
        )
        issue = parse(text)
        front, continuation = issue.pages[0].articles[0], issue.pages[1].articles[0]
        self.assertEqual(front.continues_on, 2)
        self.assertEqual(continuation.continued_from, 1)
        self.assertEqual(continuation.headline, "项目建设跑出加速度")
        self.assertEqual(continuation.bylines, front.bylines)

    def test_subheads_stay_inside_their_article(self):
        text = STORY.format(title="园区一季度开门红").replace(
            "小区居民周阿姨说", "稳就业,托底线\n\n园区新增岗位1200个。\n\n小区居民周阿姨说"
        )
        articles = parse(text).articles
        self.assertEqual(len(articles), 1)
        self.assertIn("稳就业,托底线", articles[0].paragraphs)


class JoinTests(unittest.TestCase):
    def test_paragraphs_cut_mid_sentence_are_joined(self):
        self.assertEqual(
            join_cut_paragraphs(
                [
                    "全市已建成口袋公园三十余处,新增绿地面积超过十万平方米,市民休闲更加方",
                    "便。下一步还将继续推进。",
                ]
            ),
            ["全市已建成口袋公园三十余处,新增绿地面积超过十万平方米,市民休闲更加方便。下一步还将继续推进。"],
        )
        self.assertEqual(
            join_cut_paragraphs(["醴陵是全国陶瓷重镇,", "日用瓷产量居全国前列。"]),
            ["醴陵是全国陶瓷重镇,日用瓷产量居全国前列。"],
        )

    def test_subheads_and_finished_paragraphs_are_not_joined(self):
        paragraphs = ["稳就业,托底线", "园区新增岗位1200个。", "抓项目强产业", "全年计划实施重点项目50个。"]
        self.assertEqual(join_cut_paragraphs(paragraphs), paragraphs)


class DistrictTests(unittest.TestCase):
    def test_districts_come_from_names_towns_and_streets(self):
        text = STORY.format(title="楼道亮了").replace("荷塘区宋家桥街道", "宋家桥街道")
        text = text.replace("街道还在", "宋家桥街道还在")
        self.assertEqual(parse(text).articles[0].districts, ["荷塘区"])
        once = STORY.format(title="楼道亮了").replace("荷塘区宋家桥街道", "宋家桥街道")
        self.assertEqual(parse(once).articles[0].districts, [], "one passing mention is not enough")
        article = parse(STORY.format(title="雷打石镇山塘变清了")).articles[0]
        self.assertEqual(article.districts, ["荷塘区", "天元区"])

    def test_a_zone_with_its_district_in_brackets_counts_once_and_other_zones_do_not_leak(self):
        text = STORY.format(title="园区新闻").replace(
            "荷塘区宋家桥街道", "株洲高新区(天元区)和醴陵经开区,株洲高新区"
        )
        self.assertEqual(parse(text).articles[0].districts, ["株洲高新区"])


class OtherPrintedFormsTests(unittest.TestCase):
    def test_a_headline_may_ask_or_exclaim(self):
        article = parse(STORY.format(title="“一把手”开年在忙啥？")).articles[0]
        self.assertEqual(article.headline, "“一把手”开年在忙啥？")

    def test_a_dateline_without_credits_still_opens_a_story(self):
        text = "短讯一则\n\n株洲日报讯 5月19日,全市首批智慧菜场开门迎客,市民可扫码查看溯源信息。\n"
        article = parse(text).articles[0]
        self.assertEqual((article.headline, article.bylines), ("短讯一则", []))
        self.assertTrue(article.paragraphs[0].startswith("5月19日"))

    def test_an_uncredited_picture_line_is_a_caption(self):
        text = STORY.format(title="楼道亮了").replace(
            "小区居民周阿姨说", "图为新装的楼道灯。\n\n小区居民周阿姨说"
        )
        article = parse(text).articles[0]
        self.assertEqual([c.text for c in article.captions], ["图为新装的楼道灯。"])

    def test_reported_by_is_not_a_name(self):
        article = parse(STORY.format(title="楼道亮了").replace("龙一鸣", "龙一鸣 报道")).articles[0]
        self.assertEqual(article.bylines, [("全媒体记者", "方晓雨"), ("通讯员", "龙一鸣")])

    def test_more_masthead_furniture_is_read_as_masthead(self):
        text = (
            "株洲日报\n\nZHUZHOU DAILY\n\n中共株洲市委机关报\n\n2025年5月20日 星期二 第23999期 今日8版\n\n"
            + STORY.format(title="楼道亮了")
        )
        issue = parse_issue(text)
        self.assertEqual((issue.date, issue.number), (datetime.date(2025, 5, 20), 23999))
        self.assertEqual([a.headline for a in issue.articles], ["楼道亮了"])
