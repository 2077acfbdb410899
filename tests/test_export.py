"""export_archive and /data/: the archive as gzipped JSON Lines per year, read back and compared with the
database; a manifest with counts, sizes and checksums; only what changed since a day; never the samples."""

import datetime
import gzip
import hashlib
import json
import shutil
import tempfile
import tracemalloc
from pathlib import Path
from xml.etree import ElementTree

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.models import Article, Issue
from articles.research.export import ArchiveExport

from .base import SAMPLES, import_archive, import_paths, make_article, seed


def temporary_folder(test):
    folder = Path(tempfile.mkdtemp(prefix="export-"))
    test.addCleanup(shutil.rmtree, folder, ignore_errors=True)
    return folder


def export(folder, since=None, *args):
    """Run the command; returns the manifest it wrote (the changes' own, with `since`)."""
    if since:
        args = ("--since", since.isoformat(), *args)
    call_command("export_archive", "--out", str(folder), *args, verbosity=0)
    written = folder / f"changes-since-{since:%Y-%m-%d}" if since else folder
    return json.loads((written / "manifest.json").read_text(encoding="utf-8"))


def lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_archive()
        cls.editor = User.objects.create_user("editor", is_staff=True)

    def setUp(self):
        self.folder = temporary_folder(self)

    def test_the_export_read_back_line_by_line_is_the_database(self):
        manifest = export(self.folder, None, "--base-url", "https://paper.example.cn/")
        read = {}
        for entry in manifest["files"]:
            for line in lines(self.folder / entry["name"]):
                self.assertEqual(line["date"][:4], str(entry["year"]))
                self.assertNotIn(line["id"], read, "every article once")
                read[line["id"]] = line
        articles = Article.objects.select_related("page__issue", "page__section").prefetch_related(
            "bylines__person", "districts", "captions"
        )
        self.assertEqual(set(read), {article.pk for article in articles})
        for article in articles:
            line = read[article.pk]
            with self.subTest(article=article.get_absolute_url()):
                issue, page = article.page.issue, article.page
                self.assertEqual(line["url"], f"https://paper.example.cn{article.get_absolute_url()}")
                self.assertEqual(
                    (line["date"], line["issue_number"], line["page"], line["position"]),
                    (issue.date.isoformat(), issue.number, page.number, article.position),
                )
                self.assertEqual(line["section"], page.section.name if page.section else None)
                self.assertEqual(
                    [
                        line[name]
                        for name in ("kind", "column", "kicker", "headline", "subtitle", "author_note")
                    ],
                    [
                        article.kind,
                        article.column,
                        article.kicker,
                        article.headline,
                        article.subtitle,
                        article.author_note,
                    ],
                )
                self.assertEqual(line["body"], article.body)
                self.assertEqual(line["text_sha256"], hashlib.sha256(article.body.encode()).hexdigest())
                bylines = sorted(article.bylines.all(), key=lambda b: b.position)
                self.assertEqual(
                    line["bylines"],
                    [{"role": b.role, "name": b.person.name, "description": b.description} for b in bylines],
                )
                self.assertCountEqual(line["districts"], [d.name for d in article.districts.all()])
                captions = sorted(article.captions.all(), key=lambda c: c.position)
                self.assertEqual(line["captions"], [{"text": c.text, "credit": c.credit} for c in captions])
                self.assertEqual(
                    (line["continues_on"], line["continued_from"]),
                    (article.continues_on, article.continued_from),
                )
                self.assertEqual((line["corrected_fields"], line["as_printed"]), ([], {}))
                self.assertEqual(datetime.datetime.fromisoformat(line["changed_at"]), article.changed_at)

    def test_the_manifest_counts_sizes_and_checksums_each_file(self):
        with override_settings(ARCHIVE_LICENCE="CC BY-NC 4.0，由报社授权。"):
            manifest = export(self.folder)
        self.assertEqual(manifest["schema_version"], 1)
        self.assertEqual(manifest["licence"], "CC BY-NC 4.0，由报社授权。")
        self.assertEqual(manifest["paper"], "株洲日报")
        self.assertIsNone(manifest["since"])
        years = sorted({day.year for day in Issue.objects.values_list("date", flat=True)})
        self.assertEqual([entry["year"] for entry in manifest["files"]], years)
        for entry in manifest["files"]:
            path = self.folder / entry["name"]
            self.assertEqual(entry["name"], f"articles-{entry['year']}.jsonl.gz")
            self.assertEqual(entry["bytes"], path.stat().st_size)
            self.assertEqual(entry["sha256"], hashlib.sha256(path.read_bytes()).hexdigest())
            self.assertEqual(entry["articles"], len(lines(path)))
            self.assertEqual(entry["articles"], Article.objects.filter(date__year=entry["year"]).count())
        self.assertEqual(manifest["articles"], Article.objects.count())
        self.assertIn("text_sha256", manifest["fields"])

    def test_an_editors_correction_is_exported_with_the_text_as_printed(self):
        article = Article.objects.get(page__issue__date="2024-03-12", page__number=1, position=2)
        printed = article.headline
        with article.correcting(self.editor, "改正标题"):
            article.headline = "全市春季义务植树活动正式启动"
        export(self.folder)
        (line,) = [line for line in lines(self.folder / "articles-2024.jsonl.gz") if line["id"] == article.pk]
        self.assertEqual(line["headline"], "全市春季义务植树活动正式启动")
        self.assertEqual(line["corrected_fields"], ["headline"])
        self.assertEqual(line["as_printed"], {"headline": printed})

    def test_since_a_day_only_what_changed_is_exported_in_a_folder_of_its_own(self):
        article = Article.objects.get(page__issue__date="2024-03-12", page__number=1, position=2)
        Article.objects.update(changed_at=timezone.now() - datetime.timedelta(days=30))
        with article.correcting(self.editor, "改正正文"):
            article.body = article.body + "\n（本报记者补充）"
        today = timezone.localdate()
        manifest = export(self.folder, today)
        self.assertEqual(manifest["since"], today.isoformat())
        folder = self.folder / f"changes-since-{today:%Y-%m-%d}"
        self.assertEqual([entry["name"] for entry in manifest["files"]], ["articles-2024.jsonl.gz"])
        self.assertEqual([line["id"] for line in lines(folder / "articles-2024.jsonl.gz")], [article.pk])
        self.assertFalse(
            (self.folder / "articles-2024.jsonl.gz").exists(), "the whole archive's files are apart"
        )
        tomorrow = export(self.folder, today + datetime.timedelta(days=1))
        self.assertEqual((tomorrow["articles"], tomorrow["files"]), (0, []))

    def test_a_day_that_is_no_day_is_refused_with_a_message(self):
        with self.assertRaisesMessage(CommandError, "--since must be a day, YYYY-MM-DD, not '2024-13-01'"):
            call_command("export_archive", "--out", str(self.folder), "--since", "2024-13-01", verbosity=0)

    def test_an_export_run_again_on_the_same_archive_writes_the_same_files_and_keeps_their_dates(self):
        first = export(self.folder)
        again = export(self.folder)
        self.assertEqual(first["files"], again["files"])


class SamplesApartTests(TestCase):
    def test_sample_issues_are_never_exported(self):
        folder = temporary_folder(self)
        import_paths(SAMPLES / "sample-2024-03-12.txt", samples=True)
        self.assertTrue(Article.objects.exists())
        self.assertEqual(export(folder)["files"], [])
        import_paths(seed("00"))
        manifest = export(folder)
        exported = {line["id"] for entry in manifest["files"] for line in lines(folder / entry["name"])}
        self.assertEqual(
            exported, set(Article.objects.filter(page__issue__is_sample=False).values_list("pk", flat=True))
        )
        self.assertTrue(exported)


class ConstantMemoryTests(TestCase):
    """The export holds one chunk of articles at a time: four times the articles, no more memory."""

    @classmethod
    def setUpTestData(cls):
        cls.pages = [
            make_article(f"第{n}天", "正文", date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n)).page
            for n in range(20)
        ]

    def grow(self, count):
        """Articles of four hundred characters each, until the archive holds `count`."""
        have = Article.objects.count()
        Article.objects.bulk_create(
            Article(
                page=self.pages[n % len(self.pages)],
                date=self.pages[n % len(self.pages)].issue.date,
                position=100 + n,
                number=100 + n,
                headline=f"第{n}条消息",
                body="正文" * 200,
            )
            for n in range(have, count)
        )

    def peak(self, folder):
        tracemalloc.start()
        try:
            ArchiveExport(folder, chunk_size=25).run()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def test_the_exports_memory_does_not_grow_with_the_archive(self):
        folder = temporary_folder(self)
        self.peak(folder)  # what a first export loads once, whatever the archive
        self.grow(400)
        smaller = self.peak(folder)
        self.grow(1600)
        larger = self.peak(folder)
        self.assertEqual(json.loads((folder / "manifest.json").read_text())["articles"], 1600)
        self.assertLess(larger, smaller * 1.2, f"{smaller} bytes at 400 articles, {larger} at 1,600")


@override_settings(EXPORT_DIR=Path(tempfile.gettempdir()) / "portal-test-exports-data")
class DataPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLES)

    def setUp(self):
        from django.conf import settings

        self.folder = settings.EXPORT_DIR
        shutil.rmtree(self.folder, ignore_errors=True)
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.manifest = export(self.folder)

    def test_the_page_lists_each_file_with_its_size_date_and_checksum(self):
        response = self.client.get("/data/")
        self.assertEqual(response.status_code, 200)
        for entry in self.manifest["files"]:
            self.assertContains(response, f'href="/data/{entry["name"]}"')
            self.assertContains(response, entry["sha256"])
            self.assertContains(response, f'<td class="number">{entry["bytes"]}</td>', html=False)
        self.assertContains(response, 'href="/data/manifest.json"')
        data = self.client.get("/data/", {"format": "json"}).json()
        self.assertEqual(data["exports"][0]["files"], self.manifest["files"])
        self.assertEqual(data["exports"][0]["manifest"], "http://testserver/data/manifest.json")

    def test_a_listed_file_downloads_as_written_and_nothing_else_is_served(self):
        entry = self.manifest["files"][0]
        response = self.client.get(f"/data/{entry['name']}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/gzip")
        body = b"".join(response.streaming_content)
        self.assertEqual(hashlib.sha256(body).hexdigest(), entry["sha256"])
        manifest = self.client.get("/data/manifest.json")
        self.assertEqual(manifest["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(json.loads(b"".join(manifest.streaming_content))["files"], self.manifest["files"])
        (self.folder / "notes.txt").write_text("not published")
        self.assertEqual(self.client.get("/data/notes.txt").status_code, 404)
        self.assertEqual(self.client.get("/data/.articles-2024.jsonl.gz.part").status_code, 404)
        self.assertEqual(self.client.get("/data/changes-since-2024-01-01/manifest.json").status_code, 404)

    def test_the_feed_announces_each_file_and_a_file_written_anew(self):
        def entries():
            feed = ElementTree.fromstring(self.client.get("/data/feed/").content)
            atom = "{http://www.w3.org/2005/Atom}"
            return {entry.find(f"{atom}id").text for entry in feed.iter(f"{atom}entry")}

        before = entries()
        self.assertEqual(len(before), len(self.manifest["files"]))
        Article.objects.filter(date__year=2024).update(headline="改写的标题")
        export(self.folder)
        after = entries()
        self.assertEqual(len(after - before), 1, "the year that changed, announced again")
