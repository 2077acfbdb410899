"""Doubts where the mistakes are: the parser says which boundary it is unsure of and why, and
says nothing of a story whose only oddity is that it prints no byline. Every snippet is fictional.
"""

import datetime
import unittest

from articles.parsing import parse_issue
from articles.parsing.doubts import NEAR_TITLE, SECOND_DATELINE, WEAK_START

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
    def test_a_story_opened_only_by_a_change_of_subject_is_doubted(self):
        first, second = single_spaced("公交线路再加密", *BUSES, "夜读时光更长了", *LIBRARY).articles
        self.assertEqual(second.headline, "夜读时光更长了")
        self.assertEqual(second.doubts, [WEAK_START])
        self.assertEqual(first.doubts, [])

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
