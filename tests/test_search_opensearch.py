"""The search behaviour tests again, on a real OpenSearch node: one suite, two engines.

Each class here is a behaviour test class of the FTS5 backend run as it is,
with haystack's connection pointed at the node that OPENSEARCH_URL names
(`searchnode/node.sh start` or `make opensearch` starts one; .ci/run does).
Without it they are skipped. Tests about the FTS5 file itself (its path,
damaging it, the window of the newest matches) stay FTS5's alone; the node's
own ways of failing are tested at the end.
"""

import os
import unittest

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article
from articles.search.backend import SearchIndexUnavailable

from . import test_search_engine as engine
from . import test_search_index as indexing
from . import test_search_page as page
from . import test_search_window as window
from .test_search_base import backend, fresh_index, index_all, make_article, rebuild

URL = os.environ.get("OPENSEARCH_URL")
# An index of this test run's own, so runs sharing a node never see each other's documents.
INDEX = f"portal-test-{os.getpid()}"
ENGINE = "articles.search.opensearch.OpenSearchEngine"
if os.environ.get("CI") == "true" and not URL:
    raise RuntimeError(
        "CI runs the search tests on OpenSearch too: .ci/run starts a node and sets OPENSEARCH_URL"
    )


def use_connections():
    """haystack reads its connections when it starts; point it at what the settings say now."""
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")


def on_node(url, needs_node=True):
    """A class decorator: the class's tests search through OpenSearch at `url`."""

    def decorate(cls):
        setup = cls.setUpClass.__func__

        @classmethod
        def setUpClass(cls):
            override = override_settings(
                HAYSTACK_CONNECTIONS={"default": {"ENGINE": ENGINE, "URL": url, "INDEX_NAME": INDEX}}
            )
            override.enable()
            cls.addClassCleanup(use_connections)
            cls.addClassCleanup(override.disable)
            use_connections()
            setup(cls)

        cls.setUpClass = setUpClass
        if not needs_node:
            return cls
        return unittest.skipUnless(
            URL, "no OpenSearch node: set OPENSEARCH_URL (searchnode/node.sh start prints it)"
        )(cls)

    return decorate


def teardown_module():
    if URL:
        with override_settings(
            HAYSTACK_CONNECTIONS={"default": {"ENGINE": ENGINE, "URL": URL, "INDEX_NAME": INDEX}}
        ):
            use_connections()
            backend().client.indices.delete(index=INDEX, ignore=404)
        use_connections()


# What a query finds, and in which order ------------------------------------


@on_node(URL)
class WhatAQueryFindsTests(engine.WhatAQueryFindsTests):
    pass


@on_node(URL)
class RankingTests(engine.RankingTests):
    pass


@on_node(URL)
class TitleBlockRankingTests(engine.TitleBlockRankingTests):
    pass


@on_node(URL)
class FacetAndFilterTests(engine.FacetAndFilterTests):
    pass


@on_node(URL)
class HighlightTests(engine.HighlightTests):
    pass


@on_node(URL)
class AgreesWithSubstringSearchTests(engine.AgreesWithSubstringSearchTests):
    pass


@on_node(URL)
class ManyMatchesTests(window.WindowTests):
    """The FTS5 window tests: on OpenSearch every match is ranked and counted, so the same results hold."""

    # The FTS5 backend counts districts and sections over its window; OpenSearch counts every match.
    test_district_and_section_counts_say_they_cover_the_newest = None
    test_the_page_tells_the_reader_what_the_counts_cover = None

    def test_district_and_section_counts_cover_every_match(self):
        counts = SearchQuerySet().auto_query("油茶").facet("section").facet_counts()
        self.assertNotIn("counted", counts)
        self.assertEqual(sum(n for _, n in counts["fields"]["section"]), 9)


# The search page and its JSON ---------------------------------------------


@on_node(URL)
class SearchPageTests(page.SearchPageTests):
    pass


@on_node(URL)
class RelatedArticlesTests(page.RelatedArticlesTests):
    pass


# The index follows the database -------------------------------------------


@on_node(URL)
class RealtimeIndexTests(indexing.RealtimeIndexTests):
    pass


@on_node(URL)
class ImportIndexTests(indexing.ImportIndexTests):
    pass


@on_node(URL)
class IndexCommandTests(indexing.IndexCommandTests):
    """rebuild_index and update_index on the node; a "damaged" index is one the node no longer has."""

    test_the_index_is_a_file_of_its_own_in_the_data_directory = None

    def damage_index(self):
        backend().client.indices.delete(index=INDEX)

    def test_update_index_indexes_what_was_saved_without_signals(self):
        rebuild()
        article = Article.objects.get(headline="攸县油茶")
        Article.objects.filter(pk=article.pk).update(body="油茶林里一片繁忙。")  # no signal
        self.assertEqual(indexing.found("繁忙"), [])
        call_command("update_index", verbosity=0)
        self.assertEqual(indexing.found("繁忙"), ["攸县油茶"])


@on_node(URL)
class SeveralWritersTests(indexing.SeveralWritersTests):
    pass


@on_node(URL)
class MissingIndexTests(page.MissingIndexTests):
    def setUp(self):
        backend().client.indices.delete(index=INDEX, ignore=404)
        self.addCleanup(fresh_index)


# The node's own ways of failing --------------------------------------------


@on_node(URL)
class MappingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fresh_index()
        make_article("長沙客商來株考察", "一行人參觀了幾家陶瓷企業。", kicker="引题")
        index_all()

    def test_results_show_the_text_as_printed_and_the_node_keeps_no_folded_copy(self):
        result = SearchQuerySet().auto_query("长沙")[0]
        self.assertEqual((result.headline, result.kicker), ("長沙客商來株考察", "引题"))
        source = backend().client.search(index=INDEX)["hits"]["hits"][0]["_source"]
        self.assertNotIn("folded", source)

    def test_an_index_built_for_other_fields_asks_for_a_rebuild(self):
        mapping = backend().build_mapping()
        mapping["mappings"]["_meta"]["portal"] = "an older layout"
        client = backend().client
        client.indices.delete(index=INDEX)
        client.indices.create(index=INDEX, body=mapping)
        self.addCleanup(index_all)
        self.addCleanup(fresh_index)
        connections.reload("default")
        with self.assertRaisesMessage(SearchIndexUnavailable, "built for other fields"):
            SearchQuerySet().auto_query("长沙").count()


# Port 9 (discard) has no listener on 127.0.0.1: the node is down.
@on_node("http://127.0.0.1:9", needs_node=False)
class NodeDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article("醴陵瓷博会开幕", "瓷博会展出新品。")

    def test_search_answers_503_with_a_message_and_the_rest_of_the_site_works(self):
        response = self.client.get("/search/", {"q": "瓷"})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "搜索暂时不能使用", status_code=503)
        data = self.client.get("/search/", {"q": "瓷", "format": "json"}).json()
        self.assertIn("does not answer", data["unavailable"])
        self.assertEqual(self.client.get(self.article.get_absolute_url()).status_code, 200)

    def test_healthz_reports_the_node(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertIn("does not answer", response.json()["search"])

    def test_an_edit_is_saved_and_logged(self):
        with self.assertLogs("articles.search.signals", "ERROR"), self.captureOnCommitCallbacks(execute=True):
            self.article.body = "瓷博会展出了新品。"
            self.article.save()
        self.assertEqual(Article.objects.get().body, "瓷博会展出了新品。")
