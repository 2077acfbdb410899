"""Bylines are people: what the parser takes for a name, and what it never does.

A byline line, a dateline's brackets, a closing bracket, a bare line under a title: each is a place
where a name can stand, and the parser reads each as what it is. Every snippet is fictional.
"""

import datetime
import unittest

from articles.parsing import parse_issue, plausible_name

DATE = datetime.date(2025, 5, 20)
HEADER = "株洲日报\n\n2025年5月20日 星期二\n第23999期 今日4版\n\n"
OPENING = "今年以来，全市新建口袋公园十二处，市民推门见绿、抬脚进园，周末公园里散步的人多了起来。"


def parse(*lines):
    """One page, every line one blank line apart, as the paper prints."""
    return parse_issue(HEADER + "\n\n".join(lines) + "\n", date=DATE)


def story(*lines):
    return parse(*lines).articles[0]


class AuthorsDescriptionTests(unittest.TestCase):
    def test_it_is_kept_whole_as_the_note_and_never_cut_into_names(self):
        article = story(
            "让口袋公园多起来（城市观察）",
            "□ 江一帆",
            OPENING,
            "公园建起来，更要管起来。",
            "（作者为湘江师范学院城市规划研究中心特聘研究员）",
        )
        self.assertEqual(article.bylines, [("作者", "江一帆")])
        self.assertEqual(article.author_note, "作者为湘江师范学院城市规划研究中心特聘研究员")
        self.assertEqual(article.paragraphs[-1], "（作者为湘江师范学院城市规划研究中心特聘研究员）")

    def test_a_reporter_who_wrote_it_up_is_taken_with_that_role(self):
        article = story(
            "我在株洲教书的二十年（外国友人说）",
            OPENING,
            "（作者为湘江大学外籍教师，本报记者林小禾采访整理）",
        )
        self.assertEqual(article.author_note, "作者为湘江大学外籍教师，本报记者林小禾采访整理")
        self.assertEqual(article.bylines, [("记者采访整理", "林小禾")])

    def test_the_reporter_it_names_is_taken_whatever_their_surname(self):
        article = story("我在株洲教书的二十年", OPENING, "（作者为湘江大学外籍教师，本报记者冒一帆采访整理）")
        self.assertEqual(article.bylines, [("记者采访整理", "冒一帆")])

    def test_a_description_that_names_no_one_gives_no_byline(self):
        article = story("公园管护有新招", OPENING, "（作者为市园林局副局长）")
        self.assertEqual(article.bylines, [])
        self.assertEqual(article.author_note, "作者为市园林局副局长")


class RoleWordsTests(unittest.TestCase):
    def test_what_the_reporter_did_stays_with_the_role_not_the_name(self):
        cases = {
            "（本报记者 方知远整理）": [("记者整理", "方知远")],
            "（本报记者方知远采写）": [("记者采写", "方知远")],
            "（记者 方知远 周 宁采访整理）": [("记者采访整理", "方知远"), ("记者采访整理", "周宁")],
            "（执笔：方知远）": [("执笔", "方知远")],
            "（综合本报记者方知远、周宁报道）": [("记者", "方知远"), ("记者", "周宁")],
        }
        for closing, bylines in cases.items():
            with self.subTest(closing):
                self.assertEqual(story("渡口重开", OPENING, closing).bylines, bylines)

    def test_a_byline_under_the_title_keeps_the_role_word_apart(self):
        article = story("渡口重开", "本报记者 方知远撰文", OPENING)
        self.assertEqual(article.bylines, [("记者撰文", "方知远")])


class GivenNameCreditsTests(unittest.TestCase):
    def test_a_given_name_alone_is_kept_where_the_credit_spells_out_the_role(self):
        article = story("渡口重开", "株洲日报记者/方知远 通讯员/晓宁", OPENING)
        self.assertEqual(article.bylines, [("记者", "方知远"), ("通讯员", "晓宁")])
        dateline = story("渡口重开", f"株洲日报讯(记者/方知远 通讯员/晓宁 周宁) {OPENING}")
        self.assertEqual(dateline.bylines, [("记者", "方知远"), ("通讯员", "晓宁"), ("通讯员", "周宁")])

    def test_a_closing_bracket_vouches_only_for_what_reads_as_a_name(self):
        article = story("渡口重开", OPENING, "（记者 方知远、晓宁）")
        self.assertEqual(article.bylines, [("记者", "方知远")])


class NotNamesTests(unittest.TestCase):
    def test_box_labels_are_never_names(self):
        for label in ("引子", "小贴士", "源流", "【链接】"):
            with self.subTest(label):
                article = story("江边的老码头", label, OPENING)
                self.assertEqual(article.bylines, [])
                self.assertIn(label, article.paragraphs)

    def test_a_short_phrase_in_a_columnists_place_is_no_name(self):
        article = story("江边的老码头", "再出发", OPENING)
        self.assertEqual(article.bylines, [])

    def test_a_rare_surname_in_a_columnists_place_is_a_name(self):
        article = story("夜读偶记", "暨一帆", OPENING)
        self.assertEqual(article.bylines, [("作者", "暨一帆")])

    def test_sentence_fragments_after_a_role_are_no_names(self):
        for line in (
            "记者手记",
            "通讯员队伍不断发展壮大",
            "（记者多方了解获得感安全感持续提升）",
            f"本报记者从市统计局获悉，{OPENING}",
        ):
            with self.subTest(line):
                issue = parse("江边的老码头", OPENING, line, "码头旧貌换新颜。")
                self.assertEqual([article.bylines for article in issue.articles], [[]])

    def test_a_line_cut_inside_a_bracket_is_no_section(self):
        issue = parse("(视频", "责任编辑:王小川", "江边的老码头", "株洲日报记者/方知远", OPENING)
        self.assertNotIn("(视频", [page.section for page in issue.pages])
        self.assertEqual(issue.pages[-1].articles[0].headline, "江边的老码头")


class PhotographersTests(unittest.TestCase):
    def test_a_photo_story_credits_its_photographer(self):
        issue = parse(
            "江上龙舟",
            "5月19日，选手们在江面上竞渡。端午将至，各地龙舟赛热闹起来。",
            "图为选手们奋力划桨。",
            "方知远摄（城市影像）",
            "下一篇稿件",
            "株洲日报记者/周宁",
            OPENING,
        )
        photo = issue.articles[0]
        self.assertEqual((photo.kind, photo.bylines), ("photo", [("摄影", "方知远")]))
        self.assertEqual(photo.paragraphs[-1], "方知远摄（城市影像）")


class PlausibleNameTests(unittest.TestCase):
    def test_names_and_what_is_not_one(self):
        for name in ("方知远", "欧阳一帆", "暨一帆", "伊姆兰·汗", "周 宁"):
            self.assertTrue(plausible_name(name), name)
        for name in ("为湖南省中", "引子", "小贴士", "研究员", "中国人民获", "(视频", "晓宁"):
            self.assertFalse(plausible_name(name), name)
