"""zhsearch, the search engine, as a package of its own: it ships its tests, which pass wherever it is
installed."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "zhsearch"


class EnginePackageTests(SimpleTestCase):
    def test_it_builds_with_its_tests_and_they_pass_outside_the_project(self):
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            source, lib, elsewhere = work / "source", work / "lib", work / "elsewhere"
            shutil.copytree(
                ENGINE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
            )
            elsewhere.mkdir()
            # What a wheel holds (build_py) and what pip reads of its extras (egg_info), without the network.
            build = [sys.executable, "-c", "from setuptools import setup; setup()", "-q"]
            build += ["build_py", "--build-lib", str(lib), "egg_info", "--egg-base", str(work)]
            subprocess.run(build, cwd=source, check=True, capture_output=True)
            extras = (next(work.glob("*.egg-info")) / "requires.txt").read_text()
            self.assertRegex(extras, r"\[test\]\npytest\b[^\n]*\npytest-django\b")
            environment = {
                name: value
                for name, value in os.environ.items()
                if name not in ("DJANGO_SETTINGS_MODULE", "OPENSEARCH_TEST_URL", "PYTHONPATH")
            }
            result = subprocess.run(
                [sys.executable, "-m", "pytest", "--pyargs", "zhsearch", "-q", "-p", "no:cacheprovider"],
                cwd=elsewhere,
                env={**environment, "PYTHONPATH": str(lib), "PYTHONDONTWRITEBYTECODE": "1"},
                capture_output=True,
                text=True,
                timeout=600,
            )
        self.assertEqual(result.returncode, 0, result.stdout[-3000:] + result.stderr[-3000:])
        self.assertRegex(result.stdout, r"\b[1-9]\d* passed")
