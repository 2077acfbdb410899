"""Shared by the reader-page tests: the samples and the seeds, and one more issue a year before."""

import shutil
import tempfile
from pathlib import Path

from django.test import TestCase

from articles.models import Article

from .base import SAMPLES, SEEDS, import_paths

# The busiest data the repository has, so that an N+1 query shows in the counts.
LATEST = "2024-03-14"


def import_archive():
    """The four samples, the five seeds, and a copy of a sample as 2023-03-14 (for 历史上的今天)."""
    import_paths(SAMPLES, SEEDS)
    folder = Path(tempfile.mkdtemp())
    try:
        # Its text has no masthead, so the file name gives the date.
        shutil.copy(SAMPLES / "sample-2023-11-08.txt", folder / "sample-2023-03-14.txt")
        import_paths(folder)
    finally:
        shutil.rmtree(folder)


class ReaderTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_archive()

    @staticmethod
    def article(date, page, position):
        return Article.objects.select_related("page__issue").get(
            page__issue__date=date, page__number=page, position=position
        )

    def get_json(self, url, **params):
        response = self.client.get(url, {**params, "format": "json"})
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()
