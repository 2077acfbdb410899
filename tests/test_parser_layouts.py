"""The parser on layouts the seeds do not show: stories without bylines, bylines anywhere,
boxes, subheads, bracketed columns, and lines built to make a regular expression backtrack.

Every snippet is fictional.
"""

import datetime
import random
import time
import unittest

from articles.parsing import ParseError, explain_issue, parse_issue
from articles.parsing import patterns as p
from articles.parsing.doubts import NO_BODY

DATE = datetime.date(2025, 5, 20)
HEADER = "株洲日报\n\n2025年5月20日 星期二\n第23999期 今日4版\n\n\n"


def blocks(*stories):
    """Stories laid out as many dumps do: two blank lines around each title block, one between paragraphs."""
    return HEADER + "\n\n\n".join(
        "\n\n".join(title) + "\n\n\n" + "\n\n".join(paragraphs) for title, paragraphs in stories
    )


class StoriesSetApartByBlankLinesTests(unittest.TestCase):
    def test_each_title_block_opens_a_story_without_a_byline(self):
        text = blocks(
            (
                ["湘江风光带新添三座驿站"],
                ["沿江的三座驿站本周开放，市民可在此歇脚、饮水。", "驿站由社区志愿者轮流值守。"],
            ),
            (["晚稻育秧进入高峰"], ["连日晴好，各地抢抓农时育秧。", "农技人员深入田间指导。"]),
            (["江边夜市开张"], ["首批四十个摊位昨晚迎客。"]),
        )
        issue = parse_issue(text, date=DATE)
        self.assertEqual(
            [a.headline for a in issue.articles],
            ["湘江风光带新添三座驿站", "晚稻育秧进入高峰", "江边夜市开张"],
        )
        self.assertEqual(
            issue.articles[1].paragraphs, ["连日晴好，各地抢抓农时育秧。", "农技人员深入田间指导。"]
        )

    def test_what_counts_is_more_blank_lines_than_between_paragraphs(self):
        text = blocks(
            (
                ["湘江风光带新添三座驿站"],
                [
                    "沿江的三座驿站本周开放。",
                    "市民可在此歇脚、饮水。",
                    "小标题一行",
                    "驿站由社区志愿者轮流值守。",
                ],
            ),
            (["晚稻育秧进入高峰"], ["连日晴好，各地抢抓农时育秧。", "农技人员深入田间指导。"]),
        )
        spread = text.replace("\n\n", "\n\n\n")  # one blank line more everywhere
        expected = [(a.headline, a.paragraphs) for a in parse_issue(text, date=DATE).articles]
        self.assertEqual(len(expected), 2)
        self.assertEqual(
            [(a.headline, a.paragraphs) for a in parse_issue(spread, date=DATE).articles], expected
        )

    def test_subheads_between_single_blank_lines_stay_in_their_story(self):
        text = blocks(
            (
                ["老街换新颜"],
                [
                    "今年春天，老街完成了改造。",
                    "路面平整了",
                    "青石板路面全部翻新，排水沟重新砌筑。",
                    "店铺回来了",
                ],
            ),
            (["下一篇稿件"], ["这是另一篇稿件的正文。"]),
        )
        first, second = parse_issue(text, date=DATE).articles
        self.assertEqual(first.headline, "老街换新颜")
        self.assertIn("路面平整了", first.paragraphs)
        self.assertIn("店铺回来了", first.paragraphs)
        self.assertEqual(second.headline, "下一篇稿件")

    def test_a_kicker_above_and_a_dash_subtitle_below_the_headline(self):
        text = blocks(
            (
                ["市政府常务会议研究部署夏季防汛工作", "守牢安全底线", "——全市防汛工作综述之一"],
                ["本报株洲5月19日电 （记者林小禾）19日，市政府召开常务会议。"],
            )
        )
        article = parse_issue(text, date=DATE).articles[0]
        self.assertEqual(article.kicker, "市政府常务会议研究部署夏季防汛工作")
        self.assertEqual(article.headline, "守牢安全底线")
        self.assertEqual(article.subtitle, "——全市防汛工作综述之一")
        self.assertEqual(article.bylines, [("记者", "林小禾")])
        self.assertTrue(article.paragraphs[0].startswith("本报株洲5月19日电"))

    def test_a_bracketed_label_after_the_headline_is_its_column(self):
        article = parse_issue(
            blocks((["让小区议事会常开常新（街谈巷议）"], ["议事会开得好不好，居民说了算。"])), date=DATE
        ).articles[0]
        self.assertEqual(article.headline, "让小区议事会常开常新（街谈巷议）")
        self.assertEqual(article.column, "街谈巷议")

    def test_a_box_under_the_title_belongs_to_its_story(self):
        text = blocks(
            (["山村通了公交"], ["核心阅读", "三条线路连起十二个村。", "清晨六点，第一班车准时出发。"]),
            (["下一篇"], ["正文。"]),
        )
        article = parse_issue(text, date=DATE).articles[0]
        self.assertEqual(article.headline, "山村通了公交")
        self.assertEqual(article.paragraphs[0], "核心阅读")

    def test_a_photo_story_keeps_its_credit_and_its_photographer(self):
        text = blocks(
            (["图片报道"], ["5月19日，孩子们在公园里放风筝。", "本报记者  罗  晴摄"]),
            (["下一篇"], ["正文。"]),
        )
        article = parse_issue(text, date=DATE).articles[0]
        self.assertEqual(article.kind, "photo")
        self.assertEqual(article.paragraphs[-1], "本报记者 罗 晴摄")
        self.assertEqual(article.bylines, [("记者", "罗晴")])


class BylinesWhereverPrintedTests(unittest.TestCase):
    def story(self, title, paragraphs):
        return parse_issue(blocks((title, paragraphs)), date=DATE).articles[0]

    def test_a_byline_line_under_the_headline_with_spaced_out_names(self):
        article = self.story(["夜校里的银发学员", "本报记者  孟  川"], ["周三晚上，社区夜校的教室坐满了人。"])
        self.assertEqual(article.bylines, [("记者", "孟川")])
        self.assertEqual(article.headline, "夜校里的银发学员")

    def test_a_bracketed_byline_at_the_end_stays_in_the_text(self):
        article = self.story(["渡口重开"], ["停航两年的渡口昨天恢复通航。", "（记者 方知远 周  宁）"])
        self.assertEqual(article.bylines, [("记者", "方知远"), ("记者", "周宁")])
        self.assertEqual(article.paragraphs[-1], "（记者 方知远 周 宁）")

    def test_wire_copy_credits_the_agency(self):
        article = self.story(
            ["外地新闻一则"],
            ["新华社长沙5月19日电 今年以来，全省新开工项目增多。", "（据新华社电  记者邱远山）"],
        )
        self.assertEqual(article.bylines, [("记者", "邱远山")])

    def test_a_wire_photo_credit_names_no_one_but_closes_the_caption(self):
        text = blocks(
            (["江上龙舟"], ["▲ 5月19日，选手们在江面上竞渡。新华社发", "端午将至，各地举行龙舟赛。"]),
            (["下一篇"], ["正文。"]),
        )
        article = parse_issue(text, date=DATE).articles[0]
        self.assertEqual(
            [(c.text, c.credit) for c in article.captions], [("5月19日，选手们在江面上竞渡。", "新华社发")]
        )

    def test_a_commentarys_author(self):
        for line, bylines in [
            ("□ 江一帆", [("作者", "江一帆")]),
            ("文/江一帆", [("作者", "江一帆")]),
            ("本报评论员", [("评论员", "本报评论员")]),
        ]:
            with self.subTest(line):
                article = self.story(["把实事办到群众心坎上", line], ["办实事，贵在实。"])
                self.assertEqual(article.kind, "commentary")
                self.assertEqual(article.bylines, bylines)

    def test_a_paragraph_that_merely_opens_with_reporter_is_body_text(self):
        text = (
            HEADER
            + "江畔新闻\n\n株洲日报记者/林小禾\n\n记者从市农业农村局了解到，全市早稻长势为近年同期最好，预计再获丰收。\n"
        )
        article = parse_issue(text, date=DATE).articles[0]
        self.assertEqual(article.bylines, [("记者", "林小禾")])
        self.assertTrue(article.paragraphs[0].startswith("记者从市农业农村局了解到"))


class UnsignedStoriesAmongSingleBlankLinesTests(unittest.TestCase):
    def test_a_title_block_after_a_closing_byline_opens_a_story(self):
        text = HEADER.replace("\n\n\n", "\n\n") + "\n\n".join(
            [
                "社区食堂开业",
                "株洲日报记者/林小禾",
                "社区食堂今天开业，老人用餐享受优惠，首日接待一百二十人次。",
                "（记者 林小禾）",
                "全市开展消防演练",
                "昨天，全市二十个小区同时开展消防演练，居民参与热情很高，演练持续一个小时。",
            ]
        )
        first, second = parse_issue(text, date=DATE).articles
        self.assertEqual(second.headline, "全市开展消防演练")
        # The closing byline above vouches for it: a story printed without a byline is no doubt.
        self.assertEqual((first.doubts, second.doubts), ([], []))

    def test_a_lone_short_line_inside_a_signed_story_is_a_subhead(self):
        text = HEADER.replace("\n\n\n", "\n\n") + "\n\n".join(
            [
                "老旧小区焕新",
                "株洲日报记者/林小禾",
                "今年全市改造老旧小区四十个，惠及居民一万余户，工程将在年底前完工。",
                "加装电梯",
                "已有十二部电梯投入使用，居民上下楼方便多了，不少老人第一次下楼遛弯。",
            ]
        )
        (article,) = parse_issue(text, date=DATE).articles
        self.assertIn("加装电梯", article.paragraphs)

    def test_a_continuation_found_by_its_jump_is_not_doubted(self):
        text = HEADER.replace("\n\n\n", "\n\n") + "\n\n".join(
            [
                "社区食堂开业",
                "株洲日报记者/林小禾",
                "社区食堂今天开业，老人用餐享受优惠，首日接待一百二十人次，",
                "▶下转02版",
                "民生",
                "责任编辑:王小川",
                "▶上接01版",
                "街坊们说，家门口有了食堂，吃饭不用再发愁。",
            ]
        )
        continuation = parse_issue(text, date=DATE).pages[1].articles[0]
        self.assertEqual(continuation.headline, "社区食堂开业")
        self.assertEqual(continuation.bylines, [("记者", "林小禾")])
        self.assertEqual(continuation.doubts, [])

    def test_a_title_with_no_body_says_so(self):
        text = blocks((["下期预告"], ["正文。"]))
        text += "\n\n\n最后一行标题\n"
        articles = parse_issue(text, date=DATE).articles
        self.assertEqual(articles[-1].headline, "最后一行标题")
        self.assertIn(NO_BODY, articles[-1].doubts)


class ExplainTests(unittest.TestCase):
    def test_it_names_what_each_line_was_taken_for(self):
        text = (
            HEADER
            + "综合\n\n责任编辑:王小川\n\n\n"
            + blocks((["引题一行——", "主标题", "——副题"], ["第一段。", "小标题", "第二段。"]))[len(HEADER) :]
        )
        roles = {line.text: line.role for line in explain_issue(text, filename="x.txt")}
        self.assertEqual(roles["2025年5月20日 星期二"], "masthead")
        self.assertEqual(roles["责任编辑:王小川"], "page header")
        self.assertEqual(roles["引题一行——"], "kicker")
        self.assertEqual(roles["主标题"], "headline")
        self.assertEqual(roles["——副题"], "subtitle")
        self.assertEqual(roles["小标题"], "subhead")
        self.assertEqual(roles["第二段。"], "body")


class LinearTimeTests(unittest.TestCase):
    """Lines that open like a byline or a dateline and run on as a sentence are read in one pass."""

    OPENINGS = (
        *p.ROLES,
        "本报",
        "本报记者",
        "株洲日报",
        "株州日报",
        "株洲日报记者/",
        "株洲日报讯(",
        "株洲日报讯（全媒体记者/",
        "本报讯",
        "新华社",
        "新华社北京5月19日电（记者",
        "本报长沙5月19日电 （记者",
        "（记者",
        "（本报记者",
        "（据新华社电 记者",
        "□ ",
        "文/",
        "▲",
        "责任编辑:",
        "（作者为",
        "（作者为某大学教授，本报记者",
        "（执笔：",
        "（综合本报记者",
        "本版摄影：",
        "采访整理：",
        "数据来源：",
        "某某 某某",
    )

    def test_every_reader_answers_at_once_on_ten_thousand_characters(self):
        rng = random.Random(20250520)
        readers = (
            p.read_byline,
            p.read_dateline,
            p.read_wire_dateline,
            p.read_end_byline,
            p.read_author,
            p.read_credit,
            p.read_staff_credits,
            p.read_photo_reporters,
            p.read_author_note,
            p.read_caption,
            p.BOX_LABEL.match,
            p.SEE_ALSO.match,
            p.is_masthead,
            p.EDITORS_LINE.match,
        )
        for opening in self.OPENINGS:
            for length in (60, 80, 200, 2_000, 10_000):
                pieces = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length)]
                for n in range(2, length, 7):
                    pieces[n] = rng.choice(" 、，·")
                line = opening + "".join(pieces)
                started = time.perf_counter()
                for read in readers:
                    read(line)
                elapsed = time.perf_counter() - started
                # A few milliseconds on an idle machine; backtracking takes minutes. The bound leaves
                # room for a machine shared with other work.
                self.assertLess(elapsed, 0.5, f"{opening!r} + {length} characters took {elapsed:.3f} s")

    def test_a_whole_page_of_such_paragraphs_parses_in_linear_time(self):
        paragraph = "记者从市农业农村局了解到，" + "全市各类农作物长势为近年同期最好，" * 4 + "丰收在望。"
        text = HEADER + "江畔新闻\n\n株洲日报记者/林小禾\n\n" + "\n\n".join([paragraph] * 2_000)
        started = time.perf_counter()
        parse_issue(text, date=DATE)
        self.assertLess(time.perf_counter() - started, 5)

    def test_a_page_of_title_like_lines_among_paragraphs_is_weighed_in_linear_time(self):
        # Every short line is a run of titles to weigh: its shape against the page's, the text on
        # either side of it. A page of thousands must not weigh each against all the others.
        lines = ["江畔新闻"]
        for n in range(2_000):
            lines += [
                f"第{n % 9 + 1}组 新村新貌",
                "今年以来，全市推动老旧小区改造，已完成楼道照明更换，居民们拍手称好。",
                f"荷塘区 夜市开张{n}",
                "市民在夜市里逛吃，摊主们忙个不停，街道还增设了休息座椅和晾晒架。",
            ]
        started = time.perf_counter()
        parse_issue(HEADER + "\n\n".join(lines), date=DATE)
        self.assertLess(time.perf_counter() - started, 5)

    def test_a_page_of_decks_subheads_built_alike_and_briefs_is_read_in_linear_time(self):
        # What tells a title block and a story's subheads apart on a single-spaced page: decks under
        # labelled headlines, subheads built alike, lines unlike them, a roundup's briefs, bylines.
        paragraph = "今年以来，全市推动老旧小区改造，已完成楼道照明更换，居民们拍手称好。"
        lines = ["本市简讯"]
        for n in range(1_000):
            lines += [f"夜市开张{n}", paragraph]
        for n in range(1_000):
            lines += [
                f"老街换新颜{n}（城市观察）",
                "老街改造完成了路面翻新、管线入地和立面整治，居民们出门走路更方便也更舒心了",
                paragraph,
                f"路面{n % 7}平了，出行更顺",
                paragraph,
                f"管线{n % 5}埋了，街景更美",
                paragraph,
                f"店铺回来了{n}",
                paragraph,
                "株洲日报记者/林小禾",
            ]
        started = time.perf_counter()
        parse_issue(HEADER + "\n\n".join(lines), date=DATE)
        self.assertLess(time.perf_counter() - started, 5)


class AnyLayoutTests(unittest.TestCase):
    """Whatever order a dump's lines come in, the parser reads it or says why not; it never crashes."""

    LINES = (
        "株洲日报",
        "2025年5月20日 星期二",
        "第23999期 今日4版",
        "综合",
        "责任编辑:王小川",
        "责任编辑:王小川 美术编辑:李一帆",
        "版式设计：周小满",
        "老街换新颜",
        "——副题一行",
        "引题一行：",
        "强基础 补短板 惠民生 促发展",
        "林一凡出席",
        "株洲日报全媒体记者/林小禾 通讯员/周宁",
        "本报记者  孟  川",
        "株洲日报讯(全媒体记者/方知远)今天开会。",
        "本报长沙5月9日电 （记者江一帆）今天开会。",
        "新华社长沙5月19日电 今天。",
        "（记者 方知远）",
        "（据新华社电）",
        "（作者为某大学教授）",
        "□ 江一帆",
        "文/江一帆",
        "本报评论员",
        "今年以来，全市推动老旧小区改造，已完成楼道照明更换，居民们拍手称好。",
        "短句，",
        "这是一段没有结尾的长段落被排版切断在这里然后继续写下去的文字内容还没完",
        "▲ 孩子们在公园放风筝。株洲日报记者/罗晴 摄",
        "本报记者  罗  晴摄",
        "▶▶下转02版",
        "▶上接01版",
        "编者按：这是编者按。",
        "公益广告",
        "导读",
        "见第3版",
        "启事",
        "核心阅读",
        "图片报道",
        "小标题",
    )

    def test_random_layouts_parse_or_are_refused_with_a_reason(self):
        rng = random.Random(20250520)
        for _ in range(2_000):
            text = "".join(
                rng.choice(self.LINES) + "\n" * rng.choice((1, 1, 2, 2, 3)) for _ in range(rng.randint(1, 40))
            )
            try:
                issue = parse_issue(text, date=DATE)
            except ParseError:
                continue
            for article in issue.articles:
                self.assertTrue(article.headline or article.paragraphs, text)
