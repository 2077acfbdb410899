"""The front door and the guides: the README's two commands first, links that lead somewhere, the
benchmark's figures made from bench/results.json, and no measured figure left in the code's docstrings."""

import ast
import copy
import io
import re
import tokenize
import unittest
from pathlib import Path

from bench.report import DOCS, blocks, load, render

ROOT = Path(__file__).resolve().parent.parent
GUIDES = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
# What goes stale: times, a process's memory, ratios of speed. Sizes of input ("well under 1 MB")
# and schedules ("a fifth of the way through") are not measurements of the code.
MEASURED = re.compile(
    r"\d[\d.,]*\s?(?:µs|ms|min|seconds?|minutes?|MiB|GB)\b"
    r"|\b(?:a|a few|tens of|hundreds of) (?:micro|milli)?seconds?\b(?! apart)"
    r"|\d[\d.,]*\s?(?:×|x|times) (?:faster|slower|as long|as fast|more|less)\b"
    r"|\btimes as (?:long|fast)\b"
    r"|\b(?:half|third|quarter|fifth|tenth|twentieth) (?:faster|slower|less|more|of (?:its|the) time)\b"
)
CODE = ("articles", "zhsearch", "portal", "bench", "searchnode")


def slug(heading):
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def comments_and_docstrings(path):
    """(line, text) of every comment and docstring line of a Python file; of every comment line otherwise."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return [
            (n, line)
            for n, line in enumerate(source.splitlines(), 1)
            if line.lstrip().startswith(("#", "//", "*", "/*"))
        ]
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for node in ast.walk(ast.parse(source)):
        docstring = ast.get_docstring(node, clean=False) if isinstance(node, documented) else None
        if docstring:
            first = node.body[0].lineno
            found += [(first + i, line) for i, line in enumerate(docstring.splitlines())]
    return found


class FrontDoorTests(unittest.TestCase):
    def test_the_readme_opens_with_its_two_commands_and_the_makefile_has_them(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
        self.assertEqual(
            [line.split()[:2] for line in first_block.splitlines()], [["make", "run"], ["make", "test"]]
        )
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        self.assertRegex(makefile, r"(?m)^run: ")
        self.assertRegex(makefile, r"(?m)^test: ")

    def test_the_readme_links_every_guide(self):
        links = set(LINK.findall((ROOT / "README.md").read_text(encoding="utf-8")))
        self.assertEqual({f"docs/{guide.name}" for guide in GUIDES} - links, set())

    def test_every_link_of_the_readme_and_the_guides_leads_to_a_file_and_heading(self):
        for doc in [ROOT / "README.md", ROOT / "bench" / "README.md", *GUIDES]:
            text = FENCE.sub("", doc.read_text(encoding="utf-8"))
            for target in LINK.findall(text):
                if target.startswith(("http://", "https://", "mailto:")):
                    continue
                with self.subTest(doc=doc.name, link=target):
                    path, _, anchor = target.partition("#")
                    resolved = (doc.parent / path).resolve() if path else doc
                    self.assertTrue(resolved.exists(), f"{target} in {doc.name} leads nowhere")
                    if anchor:
                        self.assertIn(anchor, anchors(resolved))


class BenchmarkFiguresTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.results, cls.postgres, cls.million = load()

    def test_the_committed_figures_are_what_report_makes_of_results_json(self):
        for path in DOCS:
            with self.subTest(path=path.name):
                text = path.read_text(encoding="utf-8")
                self.assertEqual(
                    text,
                    render(text, self.results, self.postgres, self.million),
                    f"run `make figures` to write {path.name} again",
                )

    def test_every_block_of_figures_is_in_the_docs(self):
        text = "".join(path.read_text(encoding="utf-8") for path in DOCS)
        for name in blocks(self.results):
            with self.subTest(block=name):
                self.assertEqual(text.count(f"<!-- {name}:start -->"), 1)
                self.assertEqual(text.count(f"<!-- {name}:end -->"), 1)

    def test_other_results_make_other_figures(self):
        other = copy.deepcopy(self.results)
        largest = max(other["sizes"], key=int)
        other["sizes"][largest]["import"]["seconds"] = 400.0
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        made = render(text, other, self.postgres, self.million)
        self.assertIn("| import with indexing | 6.7 min | < 5 min | **no** |", made)
        self.assertNotEqual(made, text)

    def test_a_run_on_postgres_writes_its_own_block_with_the_pages_targets(self):
        postgres = copy.deepcopy(self.results)
        largest = max(postgres["sizes"], key=int)
        postgres["sizes"] = {largest: postgres["sizes"][largest]}
        postgres["sizes"][largest]["database"] = {"engine": "postgresql", "version": "15.99"}
        postgres["sizes"][largest]["pages"]["district"]["p95_ms"] = 4500.5
        block = blocks(self.results, postgres)["benchmark-postgres"]
        self.assertIn("Latest run on PostgreSQL: ", block)
        self.assertIn("PostgreSQL 15.99, SQLite", block)
        self.assertIn("| slowest reader page p95 (district) | 4500.5 ms | < 30 ms | **no** |", block)
        self.assertIn("| slowest admin list p95 (", block)
        self.assertNotIn("search index ÷ the text it holds", block)
        self.assertIn(
            "No run on PostgreSQL is recorded yet", blocks(self.results, None)["benchmark-postgres"]
        )

    def test_a_run_of_a_million_is_held_to_the_goals_of_a_million(self):
        million = copy.deepcopy(self.results)
        largest = max(million["sizes"], key=int)
        figures = million["sizes"][largest]
        million["sizes"] = {"1000000": figures}
        figures["corpus"]["articles"] = 1_000_000
        figures["import"]["seconds"] = 2700.0
        figures["search"]["portal"]["p95_ms"] = 45.0
        figures["search"].pop("substring")
        block = blocks(self.results, self.postgres, million)["benchmark-million"]
        self.assertIn("Targets at 1,000,000 articles:", block)
        self.assertIn("| import with indexing | 45.0 min | < 50 min | yes |", block)
        self.assertIn("every kind of query | 45.0 ms | < 50 ms | yes |", block)
        self.assertNotIn("faster than icontains", block)
        self.assertIn("| slowest reader page p95 (", block)
        self.assertIn(
            "No run of a million articles is recorded yet",
            blocks(self.results, self.postgres, None)["benchmark-million"],
        )


class MeasuredFiguresTests(unittest.TestCase):
    def test_no_docstring_or_comment_holds_a_measured_figure(self):
        found = []
        for folder in CODE:
            for path in sorted((ROOT / folder).rglob("*")):
                if path.suffix not in (".py", ".java", ".sh") or "migrations" in path.parts:
                    continue
                for line, text in comments_and_docstrings(path):
                    if MEASURED.search(text):
                        found.append(f"{path.relative_to(ROOT)}:{line}: {text.strip()}")
        self.assertEqual(found, [], "measured figures go stale: move them to docs/benchmark.md")

    def test_a_measured_figure_is_found(self):
        for text in (
            "costs a fifth more",
            "about a microsecond a match",
            "a second and 60-80 MiB",
            "took 1.6 times as long",
            "import 3.8 min",
            "100× slower",
            "a third of its time",
            "a few milliseconds at a few thousand issues",
            "they cost a second at 100,000 articles",
        ):
            with self.subTest(text=text):
                self.assertRegex(text, MEASURED)
        for text in (
            "a real issue is well under 1 MB",
            "a fifth of the way through it runs rebuild_index",
            "Median and 95th percentile in milliseconds.",
        ):
            with self.subTest(text=text):
                self.assertNotRegex(text, MEASURED)
