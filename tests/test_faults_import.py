"""Faults in what is imported: files that share a name, files that claim another's issue, bad files.

Every failure inside one file refuses that file with a one-line reason naming
it, and the run goes on to the next file.
"""

import os
import shutil
import tempfile
import threading
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from articles.importer import ImportRefused, read_issue_file
from articles.models import Issue, Section
from articles.parsing import parse_issue as real_parse_issue

from .base import SAMPLES

SAMPLE = (SAMPLES / "sample-2024-03-12.txt").read_text(encoding="utf-8")
# Fictional: a guide line, a quote and a dateline story; the parser once stumbled over it (IndexError).
STUMBLES = (
    "导读\n“这座桥修好以后，我们去镇上赶集只要十分钟了。”68岁的村民龙桂香笑着说。"
    "她说下个月还要带孙子去新开的图书馆看看。\n株洲日报讯（全媒体记者/欧阳晓 通讯员/谭明） 3月13日，"
    "我市首批8个乡村图书驿站开放，覆盖渌口、攸县等地，每个驿站配备图书两千余册。"
)


def issue_text(day, number, section="综合·城区"):
    """The sample issue as if printed on `day` (in May 2024) with `number`."""
    weekday = "一二三四五六日"[(day + 1) % 7]
    return (
        SAMPLE.replace("2024年3月12日 星期二", f"2024年5月{day}日 星期{weekday}")
        .replace("第23597期", f"第{number}期")
        .replace("综合·城区", section)
    )


class ImportFaultTests(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="faults-"))
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name, text):
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run_import(self, *paths):
        """(exit ok, stdout, stderr) of one import_issues run."""
        out, err = StringIO(), StringIO()
        try:
            call_command("import_issues", *[str(p) for p in paths], stdout=out, stderr=err)
        except CommandError as error:
            return False, out.getvalue(), err.getvalue() + str(error)
        return True, out.getvalue(), err.getvalue()

    def assertRefusedInOneLine(self, stderr, path):
        self.assertNotIn("Traceback", stderr)
        lines = [line for line in stderr.splitlines() if str(path) in line]
        self.assertEqual(len(lines), 1, stderr)
        self.assertTrue(lines[0].startswith("refused "), stderr)

    # Names and paths -------------------------------------------------------

    def test_two_files_of_one_name_in_two_folders_are_two_issues(self):
        self.write("dump/2024-05-12/A01.txt", issue_text(12, 30001))
        self.write("dump/2024-05-13/A01.txt", issue_text(13, 30002))
        ok, out, err = self.run_import(self.dir / "dump")
        self.assertTrue(ok, err)
        self.assertEqual(
            sorted(Issue.objects.values_list("source_name", flat=True)),
            ["2024-05-12/A01.txt", "2024-05-13/A01.txt"],
        )
        self.assertEqual(Issue.objects.get(number=30001).pages.count(), 3)
        ok, out, err = self.run_import(self.dir / "dump")
        self.assertTrue(ok, err)
        self.assertEqual(out.count("\nunchanged ") + out.startswith("unchanged "), 2, out)

    def test_two_files_of_one_name_given_one_by_one_never_replace_each_other(self):
        first = self.write("dump/2024-05-12/A01.txt", issue_text(12, 30001))
        second = self.write("dump/2024-05-13/A01.txt", issue_text(13, 30002))
        self.assertTrue(self.run_import(first)[0])
        # Given alone, each is known by its name: the second is another issue under the same name.
        ok, out, err = self.run_import(second)
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, second)
        self.assertIn("2024-05-12", err)
        self.assertEqual(Issue.objects.get().pages.count(), 3)
        # From their folder each is known by its own path: the first is the same source, unchanged.
        ok, out, err = self.run_import(self.dir / "dump")
        self.assertTrue(ok, err)
        self.assertIn("unchanged 2024-05-12/A01.txt", out)
        self.assertIn("created 2024-05-13/A01.txt", out)
        self.assertEqual(Issue.objects.count(), 2)

    def test_a_file_that_claims_an_issue_another_file_holds_is_refused_naming_both(self):
        self.write("day/A01.txt", issue_text(12, 30001))
        self.write("day/B01.txt", issue_text(12, 30001).replace("塔吊林立", "塔吊高耸"))
        ok, _out, err = self.run_import(self.dir / "day")
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, self.dir / "day" / "B01.txt")
        self.assertIn("A01.txt", err)
        self.assertEqual(Issue.objects.get().source_name, "A01.txt")

    def test_one_path_that_now_holds_another_days_issue_replaces_nothing(self):
        inbox = self.write("inbox/today.txt", issue_text(12, 30001))
        self.assertTrue(self.run_import(inbox)[0])
        inbox.write_text(issue_text(13, 30002), encoding="utf-8")
        ok, _out, err = self.run_import(inbox)
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, inbox)
        self.assertEqual(Issue.objects.get().number, 30001)
        self.assertEqual(Issue.objects.get().pages.count(), 3)

    def test_the_same_source_updated_is_updated(self):
        path = self.write("day/A01.txt", issue_text(12, 30001))
        self.assertTrue(self.run_import(self.dir / "day")[0])
        path.write_text(issue_text(12, 30001).replace("塔吊林立", "塔吊高耸"), encoding="utf-8")
        ok, out, err = self.run_import(self.dir / "day")
        self.assertTrue(ok, err)
        self.assertIn("updated A01.txt", out)

    # Bad files -------------------------------------------------------------

    def test_a_file_the_parser_once_stumbled_over_now_imports(self):
        self.write("dump/2024-05-11.txt", STUMBLES)
        ok, out, err = self.run_import(self.dir / "dump")
        self.assertTrue(ok, err)
        self.assertIn("created 2024-05-11.txt", out)

    def test_a_parser_exception_refuses_that_file_and_the_run_goes_on(self):
        # The parser reads every text we know of; a bug it may still hold is played by one file
        # that raises inside it, while the real parser reads the other.
        bad = self.write("dump/2024-05-11.txt", "这份文件让解析器出错")
        self.write("dump/2024-05-12.txt", issue_text(12, 30001))

        def parse_issue(text, **options):
            if "出错" in text:
                raise IndexError("list index out of range")
            return real_parse_issue(text, **options)

        with mock.patch("articles.importer.parse_issue", parse_issue):
            ok, out, err = self.run_import(self.dir / "dump")
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, bad)
        self.assertIn("IndexError", err)
        self.assertIn("created 2024-05-12.txt", out)
        self.assertTrue(Issue.objects.filter(number=30001).exists())

    def test_an_issue_number_too_large_for_the_column_refuses_that_file(self):
        bad = self.write("dump/a.txt", issue_text(11, "12345678901234567890123"))
        self.write("dump/b.txt", issue_text(12, 30001))
        ok, out, err = self.run_import(self.dir / "dump")
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, bad)
        self.assertIn("期号", err)
        self.assertIn("created b.txt", out)

    def test_two_section_names_that_slugify_alike_are_two_sections(self):
        # Half-width and full-width brackets: the names differ, their slugs would not.
        self.write("dump/a.txt", issue_text(12, 30001, section="综合(视频)"))
        self.write("dump/b.txt", issue_text(13, 30002, section="综合（视频）"))
        ok, _out, err = self.run_import(self.dir / "dump")
        self.assertTrue(ok, err)
        sections = Section.objects.filter(name__in=["综合(视频)", "综合（视频）"])
        self.assertEqual(sections.count(), 2)
        self.assertEqual(len({s.slug for s in sections}), 2)
        for section in sections:
            self.assertEqual(self.client.get(section.get_absolute_url()).status_code, 200)

    def test_an_unreadable_file_is_refused_with_the_reason(self):
        path = self.write("secret.txt", issue_text(12, 30001))
        path.chmod(0)
        self.dir.chmod(0o755)  # the folder may be walked: only the file cannot be read
        # Root reads anything: read it as nobody, in a child process.
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child reports through the pipe
            os.close(reader)
            try:
                if os.geteuid() == 0:
                    os.setuid(65534)
                read_issue_file(path)
                message = "read"
            except ImportRefused as error:
                message = f"refused: {error}"
            except BaseException as error:
                message = f"{type(error).__name__}: {error}"
            os.write(writer, message.encode())
            os._exit(0)
        os.close(writer)
        os.waitpid(child, 0)
        with os.fdopen(reader) as pipe:
            message = pipe.read()
        self.assertTrue(message.startswith("refused: "), message)
        self.assertIn("ermission", message)

    def test_a_fifo_is_refused_not_waited_for(self):
        fifo = self.dir / "pipe.txt"
        os.mkfifo(fifo)
        outcome = []

        # The importer refuses in the active language (the import command picks the operator's).
        @translation.override("en")
        def read():
            try:
                read_issue_file(fifo)
            except ImportRefused as error:
                outcome.append(str(error))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(10)
        if reader.is_alive():
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let the stuck reader go
            reader.join(10)
            self.fail("reading a FIFO waited for a writer")
        self.assertEqual(len(outcome), 1)
        self.assertIn("not a regular file", outcome[0])
        ok, _out, err = self.run_import(fifo)
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, fifo)
        # Found in a folder, it is refused too, and the folder's other files import.
        self.write("dump/2024-05-12.txt", issue_text(12, 30001))
        os.mkfifo(self.dir / "dump" / "pipe.txt")
        ok, out, err = self.run_import(self.dir / "dump")
        self.assertFalse(ok)
        self.assertRefusedInOneLine(err, self.dir / "dump" / "pipe.txt")
        self.assertIn("created 2024-05-12.txt", out)

    @translation.override("en")  # the language the assertion reads
    def test_a_device_is_refused_and_the_size_limit_holds_for_what_is_read(self):
        with self.assertRaisesMessage(ImportRefused, "not a regular file"):
            read_issue_file(Path("/dev/zero"))
        big = self.dir / "big.txt"
        big.write_bytes(b"x" * 64)
        with self.settings(IMPORT_MAX_BYTES=63), self.assertRaisesMessage(ImportRefused, "larger than"):
            read_issue_file(big)
