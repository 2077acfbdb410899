"""Import runs against the database itself: one that takes no writes, and another run importing the same files.

Each test runs `manage.py import_issues` in processes of its own, as an
operator does, on the database engine the suite runs on: a fresh SQLite
file, or the PostgreSQL test database (a TransactionTestCase, so the other
processes see what each commits).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from io import StringIO
from pathlib import Path

import psycopg
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from articles.importer import import_lock

from .base import ROOT, SAMPLES


class ImportRunTestCase(TransactionTestCase):
    # Brings back what the migrations wrote (the gazetteer, the editors group) after each test's flush.
    serialized_rollback = True

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="import-runs-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.data = self.folder / "data"
        self.data.mkdir()
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL"))
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="portal.settings", PORTAL_DATA_DIR=str(self.data), LANG="C.UTF-8"
        )
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
            )
        else:
            self.assertEqual(self.manage("migrate", "--no-input").wait(), 0)

    def manage(self, *args, **env):
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run_manage(self, *args, **env):
        """(exit code, stdout, stderr) of one command run to its end."""
        process = self.manage(*args, **env)
        out, err = process.communicate(timeout=600)
        return process.returncode, out, err


class ReadOnlyDatabaseTests(ImportRunTestCase):
    def make_read_only(self):
        """The database takes no writes: PostgreSQL's read-only transactions, or SQLite's files made immutable."""
        if connection.vendor == "postgresql":
            return {"PGOPTIONS": "-c default_transaction_read_only=on"}
        files = [self.data, *self.data.iterdir()]
        # Root writes any file whatever its mode: the immutable attribute holds for root too.
        if subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True).returncode:
            self.skipTest("chattr +i is needed to make a database read-only for root")
        self.addCleanup(subprocess.run, ["chattr", "-i", *map(str, files)], capture_output=True)
        return {}

    def test_an_import_into_a_database_it_cannot_write_says_so_in_one_line(self):
        code, _out, err = self.run_manage("import_issues", str(SAMPLES / "sample-2024-03-12.txt"))
        self.assertEqual(code, 0, err)
        env = self.make_read_only()
        code, _out, err = self.run_manage("import_issues", str(SAMPLES / "sample-2024-03-13.txt"), **env)
        self.assertEqual(code, 1)
        self.assertNotIn("Traceback", err)
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("CommandError: the database cannot be written ("), err)


class ConcurrentImportTests(ImportRunTestCase):
    def articles_per_issue(self):
        """{source name: articles} as the database holds them, read by a process of its own."""
        code, out, err = self.run_manage(
            "shell",
            "--no-imports",
            "-c",
            "import json; from django.db.models import Count; from articles.models import Issue; "
            "print(json.dumps(dict(Issue.objects.annotate(n=Count('pages__articles'))"
            ".values_list('source_name', 'n'))))",
        )
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_two_runs_importing_the_same_files_at_once_wait_for_each_other_and_refuse_none(self):
        corpus = self.folder / "corpus"
        made = subprocess.run(
            [sys.executable, "bench/make_corpus.py", str(corpus), "--articles", "1500", "--seed", "5"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(made.returncode, 0, made.stderr)
        expected = json.loads((corpus / "corpus.json").read_text())["files"]
        self.assertEqual(self.run_manage("rebuild_index", "--noinput")[0], 0)

        # Their reports go to files: a run blocked on a full pipe would hold its lock and stall the other.
        logs = [(self.folder / f"run{n}.out", self.folder / f"run{n}.err") for n in range(2)]
        runs = []
        for out, err in logs:
            with out.open("w") as stdout, err.open("w") as stderr:
                runs.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "import_issues", str(corpus)],
                        cwd=ROOT,
                        env=self.env,
                        stdout=stdout,
                        stderr=stderr,
                    )
                )
        results = [
            (run.wait(timeout=600), out.read_text(), err.read_text())
            for run, (out, err) in zip(runs, logs, strict=True)
        ]

        for code, out, err in results:
            self.assertEqual(code, 0, err[-3000:])
            for words in ("duplicate key", "UNIQUE constraint", "database refused", "IntegrityError"):
                self.assertNotIn(words, out + err)
        for name in expected:
            created = [out.count(f"created {name}:") for _code, out, _err in results]
            self.assertEqual(
                sorted(created), [0, 1], f"{name} is created by one run, found whole by the other"
            )
        self.assertEqual(self.articles_per_issue(), expected)

    @unittest.skipUnless(
        connection.vendor == "postgresql", "SQLite's writers wait for each other in its busy timeout"
    )
    @override_settings(IMPORT_OTHER_RUN_WAIT=1)
    def test_a_file_another_run_holds_past_the_wait_is_refused_as_such(self):
        sample = SAMPLES / "sample-2024-03-12.txt"
        db = connection.settings_dict
        other_run = psycopg.connect(
            dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
        )
        self.addCleanup(other_run.close)
        other_run.execute("SELECT pg_advisory_lock(%s)", [import_lock(sample.name)])
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("import_issues", str(sample), stdout=StringIO(), stderr=err)
        # Only this file's line: the run may also say it brought the test index up to date first.
        self.assertEqual(
            [line for line in err.getvalue().splitlines() if str(sample) in line],
            [f"refused {sample}: it is being imported by another run; import it again once that run is done"],
        )
        self.assertNotIn("database refused", err.getvalue())
