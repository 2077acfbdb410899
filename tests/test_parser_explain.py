"""`import_issues --dry-run --explain` shows, on each byline, dateline and credit line, the people
it gave, and before each story in doubt, the doubt. Every snippet is fictional."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase

from .test_parser_titles import BUSES, HEADER, LIBRARY

PAGE = "\n\n".join(
    [
        "公交线路再加密",
        "株洲日报全媒体记者/林小禾 通讯员/晓宁",
        *BUSES,
        "夜读时光更长了",
        *LIBRARY,
        "（作者为市图书馆馆员，本报记者方知远采访整理）",
    ]
)


class ExplainTests(SimpleTestCase):
    def explain(self, text):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        (folder / "2025-05-20.txt").write_text(HEADER + text, encoding="utf-8")
        out = StringIO()
        call_command("import_issues", str(folder), dry_run=True, explain=True, stdout=out)
        return out.getvalue().splitlines()

    def test_each_byline_line_shows_the_names_and_roles_it_gave(self):
        lines = self.explain(PAGE)
        self.assertIn(
            "      byline | 株洲日报全媒体记者/林小禾 通讯员/晓宁  → 全媒体记者 林小禾 · 通讯员 晓宁", lines
        )
        self.assertIn(
            " author note | （作者为市图书馆馆员，本报记者方知远采访整理）"
            "  → 作者说明：作者为市图书馆馆员，本报记者方知远采访整理 · 记者采访整理 方知远",
            lines,
        )

    def test_a_story_in_doubt_is_marked_with_its_doubt_above_its_title(self):
        lines = self.explain(
            "\n\n".join(["公交线路再加密", *BUSES, "让孩子们爱上读书", "市图书馆馆长 林小禾", *LIBRARY])
        )
        kicker = lines.index("      kicker | 让孩子们爱上读书")
        self.assertEqual(
            lines[kicker - 1],
            "       doubt | 「让孩子们爱上读书」另起一篇所据不足（有引题或副题、前后所谈全然不同、"
            "标题所说上文未提，但像是发言人的名字）：可能是上一篇的小标题",
        )
        self.assertEqual(
            lines[lines.index("    headline | 公交线路再加密") - 1],
            "       doubt | 下文「让孩子们爱上读书」另起一篇所据不足（像是发言人的名字）：本篇可能延续到其后",
        )
        self.assertEqual(sum(line.startswith("       doubt |") for line in lines), 2)
