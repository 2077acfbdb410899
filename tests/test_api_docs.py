"""/api/ documents every JSON the portal serves: each example answers, with exactly the fields documented."""

import gzip
import json
import shutil
import tempfile
from pathlib import Path

from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from articles.research.apidocs import ENDPOINTS, MANIFEST_FIELDS, documented
from articles.research.export import FIELDS, ArchiveExport

from .base import ReaderTestCase, fresh_index, index_all

NAMESPACES = {"articles": "", "search": "search:", "research": "research:"}
# Routes that serve no page of data: a redirect, files, feeds and the documentation itself
# (/api/ documents the citation files, the feeds and the exported files apart).
NOT_PAGES = {
    "jump",
    "favicon",
    "sitemap",
    "sitemap-section",
    "cite",
    "api",
    "data-feed",
    "data-file",
    "data-changes-file",
}


def named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from named_routes(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and namespace in NAMESPACES:
            yield namespace, entry.name


class ApiDocumentationTests(ReaderTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        fresh_index()
        index_all()

    def test_every_page_that_answers_with_json_is_documented(self):
        pages = {
            name
            for namespace, name in named_routes()
            if name not in NOT_PAGES and "feed" not in name and "atom" not in name
        }
        self.assertEqual(pages - {endpoint.key for endpoint in ENDPOINTS}, set())

    def test_each_example_answers_with_exactly_the_fields_documented(self):
        examples = documented()
        self.assertEqual([item["endpoint"] for item in examples], list(ENDPOINTS))
        for item in examples:
            endpoint = item["endpoint"]
            with self.subTest(endpoint=endpoint.key, example=item["example"]):
                self.assertIsNotNone(item["example"])
                response = self.client.get(item["example"])
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertEqual(set(response.json()), set(endpoint.fields))

    def test_the_manifest_and_each_exported_line_hold_the_fields_documented(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        manifest = ArchiveExport(folder).run()
        self.assertEqual(set(manifest), set(MANIFEST_FIELDS))
        with gzip.open(folder / manifest["files"][0]["name"], "rt", encoding="utf-8") as file:
            self.assertEqual(set(json.loads(file.readline())), set(FIELDS))

    def test_the_page_shows_each_endpoint_its_example_its_fields_and_the_limits(self):
        with override_settings(API_RATE="60/m"):
            response = self.client.get("/api/")
        self.assertEqual(response.status_code, 200)
        for item in documented():
            self.assertContains(response, f'<h3 id="{item["endpoint"].key}-heading">')
            self.assertContains(response, f'<a href="{item["example"]}">'.replace("&", "&amp;"))
        self.assertContains(response, "<dt>next_cursor</dt>", html=True)
        self.assertContains(response, "60/m")
        self.assertContains(response, "429 Too Many Requests")
