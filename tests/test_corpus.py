"""The benchmark corpus: the same archive for a seed, read back exactly by the parser and the importer."""

import datetime
import hashlib
import json
import math
import statistics
import subprocess
import sys
import tempfile
import unittest
from collections import Counter
from pathlib import Path

from django.test import TestCase

from articles.models import Article, Issue
from articles.parsing import default_gazetteer, parse_issue
from bench.corpus import HALF_WIDTH, Corpus
from bench.corpus.writer import WORDS

from .base import ROOT, import_paths

# Every printed form the corpus promises; 1,500 articles of seed 1 print each at least once.
FORMS = (
    "byline",
    "byline_no_slash",
    "bare_dateline",
    "xinhua",
    "dateline:株洲日报讯",
    "dateline:株洲日报·掌上株洲讯",
    "dateline:株州日报讯",
    "dateline:株洲日报",
    "dateline:本报讯",
    "cut",
    "jump",
    "jump_inline",
    "continuation",
    "leading_caption",
    "header_caption",
    "triangle_caption",
    "trailing_caption",
    "column",
    "slogan",
    "kicker_dash",
    "kicker_verb",
    "kicker_place",
    "subtitle_attendance",
    "subheads",
    "photo",
    "commentary",
    "editor_note",
    "guide",
    "ad",
    "one_line_header",
    "half_width",
)


def same(text):
    """Some issues print half-width punctuation; the truth is kept full-width."""
    return (text or "").translate(HALF_WIDTH).replace(" ", "")


def texts(seed, articles):
    return [day.text for day in Corpus(seed=seed).issues(articles)]


class CorpusTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.corpus = Corpus(seed=1)
        cls.days = list(cls.corpus.issues(1500))

    def test_it_writes_the_same_archive_for_the_same_seed(self):
        self.assertEqual(texts(3, 400), texts(3, 400))
        self.assertNotEqual(texts(3, 400), texts(4, 400))

    def test_it_does_not_depend_on_the_interpreter_hash_seed(self):
        script = (
            "import hashlib; from bench.corpus import Corpus; "
            "print(hashlib.sha256(''.join(d.text for d in Corpus(seed=2).issues(300)).encode()).hexdigest())"
        )
        digests = {
            subprocess.run(
                [sys.executable, "-c", script],
                cwd=ROOT,
                env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for hash_seed in ("1", "2")
        }
        expected = hashlib.sha256("".join(texts(2, 300)).encode()).hexdigest()
        self.assertEqual(digests, {expected + "\n"})

    def test_it_writes_exactly_the_articles_asked_for(self):
        for articles in (1, 7, 61, 500):
            with self.subTest(articles=articles):
                days = list(Corpus(seed=9).issues(articles))
                self.assertEqual(sum(len(day.stories) for day in days), articles)

    def test_it_prints_every_form_the_parser_must_read(self):
        for form in FORMS:
            with self.subTest(form=form):
                self.assertGreater(self.corpus.forms[form], 0)

    def test_it_runs_one_issue_a_day_with_the_weekday_and_a_rising_number(self):
        for n, day in enumerate(self.days):
            self.assertEqual(day.date, datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
            self.assertEqual(day.number, self.days[0].number + n)
            self.assertIn(f"星期{'一二三四五六日'[day.date.weekday()]}", day.text[:200])
        per_day = sum(len(day.stories) for day in self.days) / len(self.days)
        self.assertTrue(50 <= per_day <= 70, per_day)

    def test_the_parser_reads_back_every_issue_exactly(self):
        for day in self.days:
            parsed = parse_issue(day.text, filename=day.filename)
            with self.subTest(issue=day.filename):
                self.assertEqual((parsed.date, parsed.number), (day.date, day.number))
                self.assertEqual(parsed.page_count, len(day.pages))
                self.assertEqual(
                    [(p.number, p.section, [tuple(e) for e in p.editors]) for p in parsed.pages],
                    [(p.number, p.section, [tuple(e) for e in p.editors]) for p in day.pages],
                )
                self.assertEqual(len(parsed.articles), len(day.stories))
            for story, article in zip(day.stories, parsed.articles, strict=False):
                with self.subTest(issue=day.filename, headline=story.headline):
                    self.assertEqual(self.read(article), self.truth(story))

    @staticmethod
    def read(article):
        return {
            "kind": article.kind,
            "title": [
                same(article.column),
                same(article.kicker),
                same(article.headline),
                same(article.subtitle),
            ],
            "bylines": [tuple(b) for b in article.bylines],
            "paragraphs": [same(p) for p in article.paragraphs],
            "captions": [(same(c.text), same(c.credit)) for c in article.captions],
            "jumps": (article.continues_on, article.continued_from),
        }

    @staticmethod
    def truth(story):
        return {
            "kind": story.kind,
            "title": [same(story.column), same(story.kicker), same(story.headline), same(story.subtitle)],
            "bylines": [tuple(b) for b in story.bylines],
            "paragraphs": [same(p) for p in story.text_paragraphs],
            "captions": [(same(text), same(credit)) for text, credit in story.captions],
            "jumps": (story.continues_on, story.continued_from),
        }


class CorpusShapeTests(unittest.TestCase):
    """The shapes that make a real archive slow to list and search, in 20,000 articles of seed 1."""

    @classmethod
    def setUpClass(cls):
        days = list(Corpus(seed=1).issues(20_000))
        cls.pages = [page for day in days for page in day.pages]
        cls.stories = [story for page in cls.pages for story in page.stories]
        cls.news = [story for story in cls.stories if story.kind == "news"]

    def test_districts_run_from_most_stories_to_a_tiny_share_and_one_to_none(self):
        gazetteer = default_gazetteer()
        named = Counter(
            unit
            for story in self.stories
            for unit in gazetteer.districts_of(story.headline, "\n".join(story.paragraphs))
        )
        shares = sorted((named[unit.name] / len(self.stories) for unit in gazetteer.units), reverse=True)
        self.assertGreater(shares[0], 0.25)
        self.assertEqual(shares[-1], 0, "a unit no story names")
        self.assertTrue(0 < shares[-2] < 0.002, shares)
        self.assertTrue(0 < shares[-3] < 0.002, shares)

    def test_a_few_reporters_sign_thousands_of_articles_and_most_people_a_handful(self):
        signed = Counter(name for story in self.stories for name in dict(story.bylines).values())
        counts = sorted(signed.values(), reverse=True)
        self.assertGreater(counts[0], 2000)
        self.assertGreater(counts[2], 1000)
        self.assertGreater(len(counts), 1000)
        self.assertLessEqual(counts[len(counts) // 2], 5, "the median person signs a handful")

    def test_story_lengths_are_log_normal_with_a_tail_of_several_thousand_characters(self):
        lengths = sorted(sum(len(p) for p in story.paragraphs) for story in self.news)
        logs = [math.log(n) for n in lengths]
        fitted = statistics.NormalDist(statistics.mean(logs), statistics.stdev(logs))
        self.assertTrue(400 < statistics.median(lengths) < 600)
        for q in (0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
            with self.subTest(quantile=q):
                measured = lengths[int(q * len(lengths))]
                self.assertAlmostEqual(measured / math.exp(fitted.inv_cdf(q)), 1, delta=0.15)
        self.assertGreater(sum(n > 5000 for n in lengths), 10)
        self.assertLessEqual(lengths[-1], 10_500)

    def test_the_common_characters_are_in_nearly_every_story(self):
        for character in "的中是在":
            with self.subTest(character=character):
                having = sum(character in story.headline + "".join(story.paragraphs) for story in self.news)
                self.assertGreater(having / len(self.news), 0.75)
        having = sum("的" in "".join(story.paragraphs) for story in self.news)
        self.assertGreater(having / len(self.news), 0.95)

    def test_a_special_section_has_a_few_dozen_stories_at_most(self):
        per_section = Counter(page.section for page in self.pages if page.section for _ in page.stories)
        special = {name: per_section[name] for name in WORDS["special_sections"] if per_section[name]}
        self.assertTrue(special)
        self.assertTrue(all(n < 50 for n in special.values()), special)
        self.assertTrue(all(n > 1000 for name, n in per_section.items() if name in WORDS["sections"]))


def make_corpus(*args):
    """bench/make_corpus.py as the benchmark runs it: its own process, from the repository's root."""
    return subprocess.run(
        [sys.executable, "bench/make_corpus.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


class MakeCorpusScriptTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls.tmp.name) / "corpus"
        made = make_corpus(str(cls.out), "--articles", "300", "--seed", "2")
        assert made.returncode == 0, made.stderr
        import_paths(cls.out)
        cls.days = list(Corpus(seed=2).issues(300))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.tmp.cleanup()

    def test_it_writes_one_file_per_day_named_with_the_date(self):
        self.assertEqual(sorted(p.name for p in self.out.glob("*.txt")), [d.filename for d in self.days])
        self.assertEqual((self.out / self.days[0].filename).read_text(), self.days[0].text)

    def test_its_manifest_counts_every_file_and_article(self):
        manifest = json.loads((self.out / "corpus.json").read_text())
        self.assertEqual(manifest["articles"], 300)
        self.assertEqual(manifest["files"], {d.filename: len(d.stories) for d in self.days})

    def test_it_refuses_a_directory_that_already_holds_issues(self):
        refused = make_corpus(str(self.out), "--articles", "10")
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(
            refused.stderr,
            f"make_corpus: {self.out} already holds .txt files; give an empty or new directory\n",
        )

    def test_it_refuses_a_start_that_is_not_a_date(self):
        refused = make_corpus(str(self.out / "other"), "--start", "2019-13-01")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--start: must be YYYY-MM-DD, not '2019-13-01'", refused.stderr)
        self.assertFalse((self.out / "other").exists())

    def test_the_importer_stores_every_article_with_its_headline_and_byline(self):
        self.assertEqual(Issue.objects.count(), len(self.days))
        self.assertEqual(Article.objects.count(), 300)
        for day in self.days:
            stored = Article.objects.filter(page__issue__date=day.date).prefetch_related("bylines__person")
            with self.subTest(issue=day.filename):
                self.assertEqual(
                    [
                        (a.kind, same(a.headline), [(b.role, b.person.name) for b in a.bylines.all()])
                        for a in stored.order_by("page__number", "position")
                    ],
                    [(s.kind, same(s.headline), [tuple(b) for b in s.bylines]) for s in day.stories],
                )
