"""The import_issues command end to end: seeds, samples, bad input, re-imports."""

import datetime
import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import translation

from articles.importer import Importer, ImportRefused, SamplesDeclined
from articles.models import Article, Byline, Issue, Page, Person

from .base import SAMPLES, SEEDS, fresh_index, import_paths, seed

GOLD = json.loads((SEEDS.parent / "gold" / "seeds.json").read_text(encoding="utf-8"))["files"]


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_issues", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(test, *args, **options):
    """Run a command that must fail; returns what it said on stderr."""
    err = StringIO()
    with test.assertRaises(CommandError) as caught:
        call_command("import_issues", *[str(a) for a in args], stdout=StringIO(), stderr=err, **options)
    return err.getvalue() + str(caught.exception)


class TempDirMixin:
    def setUp(self):
        super().setUp()
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name, content):
        path = self.dir / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path


class SeedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SEEDS)

    def test_every_seed_becomes_an_issue_with_its_pages_and_articles(self):
        self.assertEqual(Issue.objects.count(), 5)
        for name, gold in GOLD.items():
            issue = Issue.objects.get(source_name=name)
            self.assertEqual(issue.pages.count(), len(gold["pages"]), name)
            stories = Article.objects.filter(page__issue=issue).stories()
            self.assertEqual(stories.count(), len(gold["articles"]), name)

    def test_the_masthead_issue_has_its_printed_date_number_and_page_count(self):
        issue = Issue.objects.get(date=datetime.date(2024, 2, 6))
        self.assertEqual((issue.number, issue.page_count, issue.date_source), (23562, 8, "masthead"))
        self.assertFalse(issue.date_needs_review)

    def test_undated_seeds_get_an_inferred_date_within_the_editors_window_to_be_confirmed(self):
        for name, gold in GOLD.items():
            if gold["issue"]["date"]:
                continue
            issue = Issue.objects.get(source_name=name)
            low, high = gold["issue"]["date_window"]
            self.assertTrue(low <= issue.date.isoformat() <= high, name)
            self.assertTrue(issue.date_needs_review)
            self.assertEqual(issue.date_source, "inferred")
            self.assertIn("mentions", issue.date_evidence)

    def test_articles_match_the_editors_record_field_by_field(self):
        for name, headline in [
            ("004_021a3cd9acbad4a7.txt", "动真碰硬解难题 推动发展解民忧"),
            ("002_83df26c1926cabee.txt", "以奋斗之姿推动经济高质量发展"),
            ("003_e09f9dc8a635df41.txt", "告别与出发"),
        ]:
            gold = next(a for a in GOLD[name]["articles"] if a["headline"] == headline)
            article = Article.objects.get(page__issue__source_name=name, headline=headline)
            self.assertEqual(article.kicker or None, gold["kicker"])
            self.assertEqual(article.subtitle or None, gold["subtitle"])
            self.assertEqual(article.column or None, gold["column"])
            self.assertEqual(article.kind, gold["kind"])
            self.assertEqual([[b.role, b.person.name] for b in article.bylines.all()], gold["bylines"])
            districts = {d.name for d in article.districts.all()}
            self.assertLessEqual(set(gold["districts"]), districts, headline)
            self.assertLessEqual(districts, set(gold["districts"] + gold["districts_optional"]), headline)
            self.assertTrue(article.body.startswith(gold["lead"]))
            self.assertIn(gold["last"], article.body)
            for caption in gold["captions"]:
                self.assertIn(caption, [c.text for c in article.captions.all()])
            if gold["continued_to"]:
                self.assertEqual(article.continues_on, int(gold["continued_to"]))

    def test_a_reporter_is_one_person_across_issues(self):
        person = Person.objects.get(name="李逸峰")
        self.assertGreaterEqual(Article.objects.by_person(person).count(), 3)

    def test_editors_notes_ads_and_guides_are_kept_apart(self):
        kinds = set(Article.objects.values_list("kind", flat=True))
        self.assertTrue({"editor_note", "ad", "guide", "photo", "commentary", "news"} <= kinds)
        note = Article.objects.get(kind="editor_note")
        self.assertNotIn(note.body[:20], "".join(Article.objects.stories().values_list("body", flat=True)))


class SampleImportTests(TestCase):
    def test_the_demo_samples_load_with_pages_sections_and_jumps(self):
        out, _ = run(SAMPLES)
        self.assertIn("4 created", out)
        self.assertEqual(Issue.objects.count(), 4)
        self.assertEqual(Issue.objects.latest().date, datetime.date(2024, 3, 14))
        self.assertTrue(Page.objects.filter(section__name="综合·城区").exists())
        jump = Article.objects.stories().filter(continues_on__isnull=False).first()
        continuation = Article.objects.get(
            page__issue=jump.page.issue, page__number=jump.continues_on, continued_from=jump.page.number
        )
        self.assertEqual(continuation.headline, jump.headline)
        self.assertTrue(Article.objects.filter(body__contains="虚构").exists(), "samples are marked")


class ReimportTests(TempDirMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.path = self.dir / "2024-03-12.txt"
        shutil.copy(SAMPLES / "sample-2024-03-12.txt", self.path)
        run(self.path)

    def test_importing_the_same_file_again_changes_nothing_and_says_so(self):
        before = Issue.objects.get().updated_at
        ids = sorted(Article.objects.values_list("pk", flat=True))
        out, _ = run(self.path)
        self.assertIn("unchanged", out)
        self.assertEqual(Issue.objects.get().updated_at, before)
        self.assertEqual(sorted(Article.objects.values_list("pk", flat=True)), ids)

    def test_a_changed_file_updates_its_issue_in_place(self):
        article = Article.objects.get(headline="我市公交新开2条“通学专线”")
        text = self.path.read_text(encoding="utf-8")
        self.path.write_text(
            text.replace("我市公交新开2条“通学专线”", "我市公交新开3条“通学专线”"), encoding="utf-8"
        )
        out, _ = run(self.path)
        self.assertIn("updated", out)
        article.refresh_from_db()
        self.assertEqual(article.headline, "我市公交新开3条“通学专线”")
        self.assertEqual(Issue.objects.count(), 1)

    def test_an_editors_correction_survives_a_changed_file_and_is_reported(self):
        article = Article.objects.get(headline="我市公交新开2条“通学专线”")
        with article.correcting(None, "改正标题"):
            article.headline = "我市公交开通两条通学专线"
        issue = Issue.objects.get()
        with issue.correcting(None, "改正日期"):
            issue.date = datetime.date(2024, 3, 11)
        text = self.path.read_text(encoding="utf-8")
        self.path.write_text(
            text.replace("我市公交新开2条“通学专线”", "我市公交新开3条“通学专线”"), encoding="utf-8"
        )
        out, _ = run(self.path)
        article.refresh_from_db()
        self.assertEqual(article.headline, "我市公交开通两条通学专线")
        self.assertEqual(Issue.objects.get().date, datetime.date(2024, 3, 11))
        self.assertIn(
            "《我市公交开通两条通学专线》 headline: an editor's correction differs from the file", out
        )
        self.assertNotIn("我市公交新开3条", out, "short: the headline shown, not the file's text")

    def test_an_edited_article_the_file_no_longer_has_is_kept(self):
        article = Article.objects.get(headline="我市公交新开2条“通学专线”")
        article.source = {"districts": []}
        article.save()
        text = self.path.read_text(encoding="utf-8")
        start = text.index("我市公交新开2条")
        end = text.index("荷塘区中小学开设")
        self.path.write_text(text[:start] + text[end:], encoding="utf-8")
        out, _ = run(self.path)
        self.assertTrue(Article.objects.filter(pk=article.pk).exists())
        self.assertIn("《我市公交新开2条“通学专线”》: kept, edited but not in the file", out)


class BadInputTests(TempDirMixin, TestCase):
    def assertRefused(self, path, message):
        said = refused(self, path)
        self.assertIn(str(path.name if isinstance(path, Path) else path), said)
        self.assertIn(message, said)
        self.assertNotIn("Traceback", said)
        self.assertEqual(Issue.objects.count(), 0)

    def test_an_empty_file(self):
        self.assertRefused(self.write("2024-01-01.txt", "\n\n  \n"), "empty")

    def test_a_binary_file(self):
        self.assertRefused(self.write("2024-01-01.txt", b"\x00\x01\x02PK\x03\x04" * 50), "binary")

    def test_text_in_an_unknown_encoding(self):
        self.assertRefused(
            self.write("2024-01-01.txt", "Привет мир, это не китайский текст".encode("koi8-r")),
            "unknown encoding",
        )

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_a_file_larger_than_a_sane_limit(self):
        self.assertRefused(self.write("2024-01-01.txt", "株洲" * 2000), "larger than")

    def test_a_directory_with_no_text_files(self):
        (self.dir / "notes.md").write_text("x")
        self.assertRefused(self.dir, "no .txt files")

    def test_a_path_that_does_not_exist(self):
        self.assertRefused(self.dir / "missing", "no such file or directory")

    def test_a_file_with_no_date_to_be_had(self):
        text = "一条新闻\n\n株洲日报全媒体记者/方晓雨\n\n今年以来,街道推动老旧小区改造,居民们拍手称好。\n"
        self.assertRefused(self.write("page.txt", text), "--date")

    def test_two_files_claiming_the_same_issue_and_page_and_the_other_files_still_import(self):
        shutil.copy(seed("004"), self.dir / "a.txt")
        shutil.copy(seed("004"), self.dir / "b.txt")
        shutil.copy(SAMPLES / "sample-2024-03-13.txt", self.dir / "c.txt")
        said = refused(self, self.dir)
        self.assertIn("b.txt", said)
        self.assertIn("issue 2024-02-06 page 01 is already imported from a.txt", said)
        self.assertEqual(sorted(Issue.objects.values_list("source_name", flat=True)), ["a.txt", "c.txt"])
        self.assertIn("1 of 3 files were refused", said)

    def test_a_file_that_fails_leaves_nothing_behind(self):
        shutil.copy(seed("004"), self.dir / "a.txt")
        run(self.dir / "a.txt")
        clash = seed("004").read_text(encoding="utf-8").replace("2024年2月6日 星期二", "2024年2月7日 星期三")
        said = refused(self, self.write("b.txt", clash))
        self.assertIn("issue number 23562 is already used", said)
        self.assertEqual(Issue.objects.count(), 1)
        self.assertEqual(Page.objects.count(), 1)
        self.assertFalse(Byline.objects.exclude(article__page__issue__source_name="a.txt").exists())


class OptionTests(TempDirMixin, TestCase):
    def test_dry_run_writes_nothing_and_json_prints_the_parse(self):
        out, _ = run(SEEDS, dry_run=True, json=True)
        parsed = json.loads(out)
        self.assertEqual(len(parsed), 5)
        self.assertEqual(parsed[-1]["issue"]["date"], "2024-02-06")
        self.assertEqual(set(parsed[0]), {"source", "issue", "pages", "articles"})
        self.assertEqual(Issue.objects.count(), 0)

    def test_the_date_option_dates_a_file_that_prints_none(self):
        path = self.write(
            "page.txt", "一条新闻\n\n株洲日报全媒体记者/方晓雨\n\n今年以来,街道推动老旧小区改造。\n"
        )
        run(path, date=datetime.date(2021, 6, 1))
        issue = Issue.objects.get()
        self.assertEqual((issue.date, issue.date_source), (datetime.date(2021, 6, 1), "option"))

    def test_a_malformed_date_option_is_refused(self):
        with self.assertRaisesMessage(CommandError, "--date must be YYYY-MM-DD"):
            call_command("import_issues", str(SAMPLES), "--date", "6/1/2021", stdout=StringIO())


class ImporterTests(TempDirMixin, TestCase):
    """The importer without its command, as a script or another command drives it; what it did says itself."""

    def setUp(self):
        super().setUp()
        fresh_index()

    def test_it_imports_file_by_file_and_each_result_describes_itself(self):
        self.write("2024-03-12.txt", (SAMPLES / "sample-2024-03-12.txt").read_bytes())
        self.write("empty.txt", b"")
        importer = Importer()
        files = importer.collect([self.dir])
        self.assertEqual(list(files.values()), ["2024-03-12.txt", "empty.txt"])
        self.assertEqual(importer.prepare(), [])
        with translation.override("en"):
            said = [outcome.describe() for outcome in importer.run(files)]
            self.assertEqual(
                said,
                [
                    "created 2024-03-12.txt: 2024-03-12 no. 23597, 3 pages, 13 articles",
                    f"refused {self.dir / 'empty.txt'}: the file is empty",
                ],
            )
            self.assertEqual(
                importer.summary(), "2 files: 1 created, 1 refused; articles: 13 new, 0 changed, 0 removed"
            )
            self.assertEqual(importer.refusals(), "1 of 2 files were refused")
        self.assertEqual(Article.objects.filter(page__issue__date="2024-03-12").count(), 13)

    def test_an_updated_issue_names_the_stories_it_added_removed_and_retitled(self):
        path = self.write("2024-03-12.txt", (SAMPLES / "sample-2024-03-12.txt").read_bytes())
        importer = Importer()
        list(importer.run(importer.collect([path])))
        text = path.read_text(encoding="utf-8").replace(
            "我市公交新开2条“通学专线”", "我市公交新开3条“通学专线”"
        )
        path.write_text(text, encoding="utf-8")
        importer = Importer()
        for result in importer.run(importer.collect([path])):  # each said as it is done
            with translation.override("en"):
                lines = result.describe().splitlines()
            with translation.override("zh-hans"):
                chinese = result.describe()
        self.assertEqual(
            lines[0],
            "updated 2024-03-12.txt: 2024-03-12 no. 23597, 0 new, 1 changed, 0 removed (3 pages, 13 articles in all)",
        )
        self.assertEqual(
            lines[1:],
            [
                "  《我市公交新开2条“通学专线”》 is now 《我市公交新开3条“通学专线”》: /2024/03/12/03/2/ (its URL kept)"
            ],
        )
        self.assertIn("改题为", chinese)

    def test_a_run_that_cannot_write_is_refused_whole(self):
        importer = Importer(samples=True)
        import_paths(seed("004"))
        with self.assertRaises(SamplesDeclined):
            importer.prepare()
        with self.assertRaises(ImportRefused):
            Importer().collect([self.dir / "missing"])
