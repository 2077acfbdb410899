"""A reader's proposal as a character-level change: the fewest edits, hunks that rebuild the text, hunks
placed again on a text an editor changed since, and a refusal that costs little on any text."""

import random
import time
import unittest

from articles.proposals.diff import Hunk, apply, edit_script, edits, hunks, rebase


def fewest_edits(a, b):
    """Characters deleted plus inserted, by the textbook table (small texts only)."""
    table = [[i + j if i == 0 or j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            same = a[i - 1] == b[j - 1]
            table[i][j] = table[i - 1][j - 1] if same else 1 + min(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


class EditScriptTests(unittest.TestCase):
    def test_a_misprinted_character_is_one_replacement(self):
        script = edit_script("株州市石峰区", "株洲市石峰区", 10)
        self.assertEqual([op for op in script if op[0] != "equal"], [("replace", 1, 2, 1, 2)])
        self.assertEqual(hunks("株洲市石峰区", script), [Hunk(1, 2, "洲")])

    def test_it_finds_the_fewest_edits_and_its_hunks_rebuild_the_text(self):
        rng = random.Random(28)
        for _ in range(2000):
            a = "".join(rng.choice("株洲州市的了") for _ in range(rng.randint(0, 10)))
            b = "".join(rng.choice("株洲州市的了") for _ in range(rng.randint(0, 10)))
            script = edit_script(a, b, 100)
            with self.subTest(a=a, b=b):
                self.assertEqual(edits(script), fewest_edits(a, b))
                self.assertEqual(apply(a, hunks(b, script)), b)
                if edits(script):
                    self.assertIsNone(edit_script(a, b, edits(script) - 1))

    def test_a_text_further_than_the_bound_is_refused(self):
        self.assertIsNone(edit_script("市政府召开常务会议", "今天天气很好", 6))
        self.assertIsNone(edit_script("短", "短" * 20, 6))

    def test_refusing_a_long_repetitive_or_shuffled_text_stays_quick(self):
        rng = random.Random(7)
        shuffled = list("的了" * 1500)
        rng.shuffle(shuffled)
        cases = [
            ("的了" * 1500, "".join(shuffled)),
            ("的" * 3000, "".join("了" if n % 20 == 0 else "的" for n in range(3000))),
            ("的了" * 1500, "的" * 1500 + "了" * 1500),
        ]
        for a, b in cases:
            started = time.perf_counter()
            self.assertIsNone(edit_script(a, b, 200))
            # difflib's SequenceMatcher takes seconds on the first and minutes on the second; a bound
            # generous enough for a busy machine.
            self.assertLess(time.perf_counter() - started, 2)


class RebaseTests(unittest.TestCase):
    ORIGINAL = "株州市召开会议，部署今年的重点工作。"

    def proposal(self, proposed):
        return hunks(proposed, edit_script(self.ORIGINAL, proposed, 20))

    def test_hunks_follow_text_inserted_before_them(self):
        on_original = self.proposal("株洲市召开会议，部署今年的重点工作。")
        current = "本报讯 株州市召开会议，部署今年的重点工作。"
        placed = rebase(self.ORIGINAL, current, on_original, 100)
        self.assertEqual(apply(current, placed), "本报讯 株洲市召开会议，部署今年的重点工作。")

    def test_a_hunk_where_the_editor_changed_the_text_no_longer_applies_and_the_others_do(self):
        on_original = self.proposal("株洲市召开会议，部署今年的重要工作。")
        self.assertEqual(len(on_original), 2)
        current = "株州市召开会议，部署明年的重点任务。"
        placed = rebase(self.ORIGINAL, current, on_original, 100)
        self.assertIsNotNone(placed[0])
        self.assertIsNone(placed[1])  # 点 → 要 touched 重点工作, which the editor rewrote beside it
        self.assertEqual(apply(current, [placed[0]]), "株洲市召开会议，部署明年的重点任务。")

    def test_a_rewritten_text_takes_no_hunk(self):
        on_original = self.proposal("株洲市召开会议，部署今年的重点工作。")
        self.assertEqual(rebase(self.ORIGINAL, "另一段完全不同的文字", on_original, 5), [None])
