"""Doubts where the mistakes are: the parser says which boundary it is unsure of and why, and
says nothing of a story whose only oddity is that it prints no byline. Every snippet is fictional.
"""

import datetime
import unittest

from articles.parsing import parse_issue
from articles.parsing.doubts import CUT_SHORT, NEAR_TITLE, SECOND_DATELINE, THIN_START

from .test_parser_titles import BUSES, HEADER, LIBRARY

DATE = datetime.date(2025, 5, 20)


def single_spaced(*lines):
    return parse_issue(HEADER + "\n\n".join(lines) + "\n", date=DATE)


def set_apart(*stories):
    """Two blank lines around each title block, one between paragraphs."""
    return parse_issue(
        HEADER + "\n\n\n".join("\n\n".join(t) + "\n\n\n" + "\n\n".join(b) for t, b in stories) + "\n",
        date=DATE,
    )


class NoBylineIsNoDoubtTests(unittest.TestCase):
    def test_briefs_and_wire_copy_without_bylines_are_not_doubted(self):
        issue = single_spaced(
            "公交线路再加密",
            *BUSES,
            "（据新华社电）",
            "夜读时光更长了（民生观察）",
            *LIBRARY,
        )
        self.assertEqual(
            [a.headline for a in issue.articles], ["公交线路再加密", "夜读时光更长了（民生观察）"]
        )
        self.assertEqual([a.doubts for a in issue.articles], [[], []])


class BoundaryDoubtsTests(unittest.TestCase):
    def test_a_story_opened_by_a_change_of_subject_with_nothing_against_it_is_not_doubted(self):
        first, second = single_spaced("公交线路再加密", *BUSES, "夜读时光更长了", *LIBRARY).articles
        self.assertEqual(second.headline, "夜读时光更长了")
        self.assertEqual((first.doubts, second.doubts), ([], []))

    def test_a_start_just_over_the_line_against_some_evidence_is_doubted_on_both_sides(self):
        # A title over a speaker's name is how a voice inside a story is printed; the change of
        # subject under it outweighs that by a hair.
        first, second = single_spaced(
            "公交线路再加密", *BUSES, "让孩子们爱上读书", "市图书馆馆长 林小禾", *LIBRARY
        ).articles
        self.assertEqual(second.kicker, "让孩子们爱上读书")
        self.assertEqual(
            second.doubts,
            [
                THIN_START.format(
                    title="让孩子们爱上读书",
                    why="有引题或副题、前后所谈全然不同、标题所说上文未提",
                    against="像是发言人的名字",
                )
            ],
        )
        self.assertEqual(
            first.doubts, [CUT_SHORT.format(title="让孩子们爱上读书", against="像是发言人的名字")]
        )

    def test_the_only_title_like_line_of_a_signed_story_is_doubted(self):
        (article,) = single_spaced(
            "公交线路再加密", "株洲日报记者/林小禾", *BUSES[:2], "上班路更顺了", BUSES[2], BUSES[0]
        ).articles
        self.assertEqual(article.doubts, [NEAR_TITLE.format(title="上班路更顺了", why="是本篇唯一的小标题")])

    def test_a_signed_storys_subheads_in_twos_are_not_doubted(self):
        (article,) = single_spaced(
            "公交线路再加密",
            "株洲日报记者/林小禾",
            *BUSES[:2],
            "上班路更顺了",
            BUSES[2],
            "座位更稳了",
            BUSES[0],
        ).articles
        self.assertEqual(article.doubts, [])

    def test_the_only_subhead_on_the_page_of_a_story_continued_elsewhere_is_not_doubted(self):
        first, _ = single_spaced(
            "公交线路再加密",
            "株洲日报记者/林小禾",
            *BUSES[:2],
            "上班路更顺了",
            BUSES[2],
            "▶下转02版",
            "夜读时光更长了",
            "株洲日报记者/周宁",
            *LIBRARY,
        ).articles
        self.assertEqual(first.doubts, [])

    def test_a_plain_line_after_a_storys_subheads_built_alike_is_doubted(self):
        (article,) = single_spaced(
            "公交线路再加密",
            BUSES[0],
            "线路更密，出行更快",
            BUSES[1],
            "座位更稳，乘车更舒心",
            BUSES[2],
            "站点开到家门口",
            *BUSES[:2],
        ).articles
        self.assertEqual(
            article.doubts, [NEAR_TITLE.format(title="站点开到家门口", why="与本篇其他小标题不同式")]
        )

    def test_a_speech_printed_inside_a_story_is_doubted_on_the_story_that_holds_it(self):
        # Blank lines set titles apart here: two lines printed among paragraphs are no title block,
        # however much they look like one.
        article, _ = set_apart(
            (
                ["公交线路再加密"],
                [*BUSES, "在全市公交工作会议上的讲话", "（2025年5月19日，株洲）", *LIBRARY],
            ),
            (["夜读时光更长了"], LIBRARY),
        ).articles
        self.assertEqual(len(article.doubts), 1)
        self.assertTrue(article.doubts[0].startswith("正文中「在全市公交工作会议上的讲话"), article.doubts)
        self.assertIn("是讲话稿的标题", article.doubts[0])
        self.assertEqual(NEAR_TITLE.split("「")[0], article.doubts[0].split("「")[0])

    def test_among_single_spaced_lines_the_same_speech_is_a_story_of_its_own(self):
        story, speech = single_spaced(
            "公交线路再加密", *BUSES, "在全市公交工作会议上的讲话", "（2025年5月19日，株洲）", *LIBRARY
        ).articles
        self.assertEqual(
            (speech.headline, speech.subtitle), ("在全市公交工作会议上的讲话", "（2025年5月19日，株洲）")
        )
        self.assertEqual((story.doubts, speech.doubts), ([], []))

    def test_a_second_dateline_inside_a_story_is_doubted(self):
        (article,) = single_spaced(
            "公交线路再加密",
            "株洲日报记者/林小禾",
            *BUSES,
            "本报株洲5月19日电 （记者周宁）" + LIBRARY[0],
        ).articles
        self.assertEqual(article.doubts, [SECOND_DATELINE.format(dateline="本报株洲5月19日电")])
        self.assertEqual(article.bylines, [("记者", "林小禾"), ("记者", "周宁")])
