"""zhsearch, the search engine, as a package of its own: it ships its tests, which pass wherever it is
installed, and nothing in it speaks of this portal or of newspapers."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "zhsearch"
# What the portal and a newspaper are made of: the engine's code and documentation never need a word of it.
PORTAL_WORDS = re.compile(
    r"株洲|株州|portal|newspaper|\bpapers?\b|kicker|headline|subtitle|article|byline|reporter|district"
    r"|gazetteer|OPENSEARCH_(URL|INDEX)",
    re.IGNORECASE,
)


def engine_files():
    """The engine's source and documentation, as its package ships them (no build output)."""
    for path in sorted(ENGINE.rglob("*")):
        if path.suffix in (".py", ".md", ".toml") and not any(
            part == "build" or part.endswith(".egg-info") for part in path.relative_to(ENGINE).parts
        ):
            yield path


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

    def test_it_names_nothing_of_the_portal_or_of_newspapers(self):
        found = [
            f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in engine_files()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if PORTAL_WORDS.search(line)
        ]
        self.assertEqual(found, [])
