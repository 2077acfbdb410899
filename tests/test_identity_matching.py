"""articles/identity.py alone: which stored story each of a file's articles is, on a whole issue.

The re-import suite (test_reimport_identity.py) runs each case through the
command; these pin what the command cannot show: the work grows with the
issue, not with the square of its articles, and close calls go by print order.
"""

import random

from django.test import SimpleTestCase

from articles.identity import CANDIDATES, Story, match

# Characters to write fictional stories with: every story its own mix of them.
HAN = "城乡社区学校医院道路公园河流桥梁企业工厂农田村镇街道居民志愿服务文化体育交通环境安全教育卫生科技产业项目建设改造"


def story_text(seed, length=300):
    rng = random.Random(seed)
    return "".join(rng.choice(HAN) for _ in range(length))


def issue(count, page_size=12, change=None):
    """`count` fictional stories in print order; `change(n, text)` rewrites the text of story n."""
    stories = []
    for n in range(count):
        text = story_text(n)
        if change:
            text = change(n, text)
        stories.append(Story(key=text[:40], kind="news", page=1 + n // page_size, text=text))
    return stories


class MatchTests(SimpleTestCase):
    def test_every_story_of_a_large_issue_whose_openings_all_changed_is_itself(self):
        old = issue(400)
        new = issue(400, change=lambda n, text: "改" + text[1:])
        result = match(old, new)
        self.assertEqual(result.same, {n: n for n in range(400)})
        self.assertLessEqual(result.compared, CANDIDATES * 400, "linear in the issue, not quadratic")

    def test_an_unchanged_issue_is_matched_by_its_keys_alone(self):
        result = match(issue(300), issue(300))
        self.assertEqual(result.same, {n: n for n in range(300)})
        self.assertEqual(result.compared, 0)

    def test_a_story_printed_twice_keeps_its_copies_in_print_order(self):
        text = story_text("twice")
        old = [Story("a", "news", 1, text), Story("b", "news", 1, story_text(1)), Story("c", "news", 2, text)]
        new = [
            Story("x", "news", 1, "新" + text),
            Story("b", "news", 1, story_text(1)),
            Story("y", "news", 2, "新" + text),
        ]
        self.assertEqual(match(old, new).same, {0: 0, 1: 1, 2: 2})

    def test_a_story_cut_in_two_stays_with_its_first_half(self):
        text = story_text("whole", 600)
        old = [Story("w", "news", 1, text)]
        new = [Story("h1", "news", 1, "标题" + text[:300]), Story("h2", "news", 1, "另题" + text[300:])]
        result = match(old, new)
        self.assertEqual(result.same, {0: 0})
        self.assertEqual(result.added(new), [1])

    def test_two_stories_run_together_become_one_and_the_other_went_into_it(self):
        first, second = story_text("first"), story_text("second")
        old = [Story("f", "news", 1, first), Story("s", "news", 1, second)]
        new = [Story("fs", "news", 1, first + second)]
        result = match(old, new)
        self.assertEqual(result.same, {0: 0})
        self.assertEqual(result.merged, {1: 0})
        self.assertEqual(result.gone(old), [])

    def test_a_different_story_in_the_same_place_is_a_new_one(self):
        old = [Story("a", "news", 1, story_text("old story"))]
        new = [Story("b", "news", 1, story_text("another story"))]
        result = match(old, new)
        self.assertEqual(
            (result.same, result.merged, result.gone(old), result.added(new)), ({}, {}, [0], [0])
        )

    def test_a_short_story_gone_is_not_taken_for_merged_into_a_long_one(self):
        long_text = story_text("long", 2000)
        old = [Story("l", "news", 1, long_text), Story("s", "photo", 1, long_text[500:512])]
        new = [Story("l", "news", 1, long_text)]
        self.assertEqual(match(old, new).gone(old), [1])

    def test_a_story_an_editor_merged_stays_merged_when_its_text_changes(self):
        first, second = story_text("first"), story_text("second")
        old = [Story("f", "news", 1, first, merged_keys=("s",), merged_text=first + second)]
        new = [Story("f", "news", 1, first), Story("s2", "news", 1, "改" + second[1:])]
        result = match(old, new)
        self.assertEqual(result.absorbed, {1: 0})
        self.assertEqual(result.added(new), [])

    def test_an_editors_split_off_half_is_never_taken_for_merged(self):
        text = story_text("whole", 600)
        old = [Story("w", "news", 1, text), Story("half", "news", 1, text[300:], editors_own=True)]
        result = match(old, [Story("w", "news", 1, text)])
        self.assertEqual(result.merged, {})
        self.assertEqual(result.gone(old), [1])
