"""The search behaviour tests again, on a real OpenSearch node: one suite, two engines.

Each class here is a behaviour test class of the FTS5 backend run as it is,
with haystack's connection pointed at the node that OPENSEARCH_TEST_URL names
(`searchnode/node.sh start` or `make opensearch` starts one; .ci/run does).
Without it they are skipped. Tests about the FTS5 file itself (its path,
damaging it, its rank limit) stay FTS5's alone; the node's
own ways of failing are tested at the end.
"""

import os
import unittest

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, Issue
from zhsearch.exceptions import SearchIndexUnavailable
from zhsearch.opensearch import META, OpenSearchSearchBackend

from . import test_corrections_record as corrections
from . import test_faults_index as faults
from . import test_search_cursor as cursor
from . import test_search_engine as engine
from . import test_search_index as indexing
from . import test_search_page as page
from . import test_search_window as window
from . import test_trends as trends
from .base import SAMPLES, backend, fresh_index, import_paths, index_all, make_article, rebuild
from .test_settings import manage

# Not OPENSEARCH_URL: tests that run manage.py in a process of its own pass their environment on,
# and those expect the portal's default, the FTS5 index.
URL = os.environ.get("OPENSEARCH_TEST_URL")
# An index of this test run's own, so runs sharing a node never see each other's documents.
INDEX = f"portal-test-{os.getpid()}"
ENGINE = "zhsearch.opensearch.OpenSearchEngine"
if os.environ.get("CI") == "true" and not URL:
    raise RuntimeError(
        "CI runs the search tests on OpenSearch too: .ci/run starts a node and sets OPENSEARCH_TEST_URL"
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
            URL, "no OpenSearch node: set OPENSEARCH_TEST_URL (searchnode/node.sh start prints it)"
        )(cls)

    return decorate


def drop_index():
    """Delete the test index as an operator would: every index its name leads to."""
    client = backend().client
    if client.indices.exists(index=INDEX):
        client.indices.delete(index=",".join(client.indices.get(index=INDEX)))
    client.indices.delete(index=backend().stamps_index, ignore=404)


def teardown_module():
    if URL:
        with override_settings(
            HAYSTACK_CONNECTIONS={"default": {"ENGINE": ENGINE, "URL": URL, "INDEX_NAME": INDEX}}
        ):
            use_connections()
            drop_index()
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
    """The FTS5 tests of many matches: OpenSearch ranks every match, which orders these few alike."""

    # OpenSearch has no rank limit: it always ranks every match, and the page says nothing of dates.
    test_the_page_tells_the_reader_how_it_orders_too_many_to_rank = None


@on_node(URL)
class EveryMatchRankedTests(window.EveryMatchRankedTests):
    pass


# The search page and its JSON ---------------------------------------------


@on_node(URL)
class SearchPageTests(page.SearchPageTests):
    # It counts the statements the FTS5 file runs.
    test_a_page_of_results_counts_the_matches_once_and_ranks_that_page_alone = None


@on_node(URL)
class SearchSyntaxPageTests(page.SearchSyntaxPageTests):
    pass


@on_node(URL)
class RelatedArticlesTests(page.RelatedArticlesTests):
    pass


@on_node(URL)
class DateCursorTests(cursor.DateCursorTests):
    """The node orders a day's results its own way (by id): the cursor follows whatever order it keeps."""


@on_node(URL)
class TrendCountsTests(trends.TrendCountsTests):
    """词频趋势 counted by the node's date histogram: the same counts as its searches."""


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
        drop_index()

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
class SearchBothTextsTests(corrections.SearchBothTextsTests):
    pass


@on_node(URL)
class MissingIndexTests(page.MissingIndexTests):
    def setUp(self):
        drop_index()
        self.addCleanup(fresh_index)


# The mapping, and the node's own ways of failing ---------------------------

TEXT = {"type": "text", "index": False}
KEYWORD = {"type": "keyword"}
FOLDED = {
    "type": "text",
    "analyzer": "chars",
    "index_options": "freqs",
    "fields": {"pairs": {"type": "text", "analyzer": "pairs"}},
}


class SettingsTests(SimpleTestCase):
    def test_opensearch_url_puts_search_on_the_cluster(self):
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(*settings.HAYSTACK_CONNECTIONS['default'].values())",
            OPENSEARCH_URL="https://search.internal:9200",
            OPENSEARCH_INDEX="archive",
            OPENSEARCH_REPLICAS="1",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.split(),
            [ENGINE, "https://search.internal:9200", "archive", "1", "1"],
        )


class MappingPinTests(SimpleTestCase):
    """The mapping the README documents, pinned; built without a node."""

    def setUp(self):
        self.mapping = OpenSearchSearchBackend("default", URL="http://127.0.0.1:9").build_mapping()

    def test_text_is_kept_as_printed_and_searched_folded_by_characters_and_pairs(self):
        properties = self.mapping["mappings"]["properties"]
        self.assertEqual(
            properties.pop("folded"),
            {
                "properties": dict.fromkeys(
                    ["text", "bylines", "headline", "kicker", "subtitle", "printed"], FOLDED
                )
            },
        )
        self.assertEqual(
            properties,
            {
                "id": KEYWORD,
                "django_ct": KEYWORD,
                "django_id": KEYWORD,
                "text": TEXT,
                "bylines": TEXT,
                "headline": TEXT,
                "kicker": TEXT,
                "subtitle": TEXT,
                "printed": TEXT,
                "date": {"type": "date"},
                "section": KEYWORD,
                "section_exact": KEYWORD,
                "districts": KEYWORD,
                "districts_exact": KEYWORD,
                "reporters": KEYWORD,
                "reporters_exact": KEYWORD,
                "kind": KEYWORD,
                "kind_exact": KEYWORD,
                "page": {"type": "long", "index": False},
                "url": {"type": "keyword", "index": False},
                "sample": {"type": "boolean", "index": False},
            },
        )
        self.assertEqual(self.mapping["mappings"]["_source"], {"excludes": ["folded", "folded.*"]})
        self.assertEqual(self.mapping["mappings"]["dynamic"], "strict")

    def test_the_tokens_are_every_character_and_every_pair_of_neighbours(self):
        analysis = self.mapping["settings"]["analysis"]
        self.assertEqual(
            analysis["tokenizer"],
            {
                "chars": {"type": "ngram", "min_gram": 1, "max_gram": 1},
                "pairs": {"type": "ngram", "min_gram": 2, "max_gram": 2},
            },
        )
        self.assertEqual(analysis["analyzer"]["pairs"], {"type": "custom", "tokenizer": "pairs"})


@on_node(URL)
class IndexFaultTests(faults.IndexFaultTests):
    """The FTS5 index's fault tests on the node: catch up after a crash, never partial, rebuild beside and swap.

    Those about the file itself have their counterparts here, a deleted index being one the node lacks.
    """

    test_a_deleted_index_is_never_started_again_partial = None
    test_an_empty_archive_gets_its_index_with_the_first_import = None
    test_rebuild_index_repairs_a_damaged_file = None
    test_readers_see_the_old_index_until_the_swap_and_the_new_one_right_after = None
    test_a_rebuild_leaves_one_index_file_behind = None

    def test_a_deleted_index_on_the_node_is_never_started_again_partial(self):
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        index_all()
        drop_index()
        with self.assertRaisesMessage(CommandError, "rebuild_index"):
            call_command("import_issues", str(SAMPLES / "sample-2024-03-13.txt"), verbosity=0)
        self.assertFalse(backend().exists())
        self.assertFalse(Issue.objects.filter(date="2024-03-13").exists())
        self.assertEqual(self.client.get("/search/", {"q": "株洲", "format": "json"}).status_code, 503)
        rebuild()
        self.assertEqual(backend().document_count(Article), Article.objects.count())
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_an_empty_archive_gets_its_index_on_the_node_with_the_first_import(self):
        drop_index()
        import_paths(SAMPLES / "sample-2024-03-12.txt")
        self.assertEqual(backend().document_count(Article), Article.objects.count())

    def test_readers_see_the_old_index_until_the_swap_and_one_index_is_left(self):
        make_article("炎陵黄桃上市", "果农忙着分拣装箱。")
        index_all()
        make_article("攸县油茶", "油茶林挂满果实。")
        seen = []

        def batches():
            yield [Article.objects.get(headline="攸县油茶")]
            seen.append((faults.found("油茶"), faults.found("黄桃")))  # built halfway: still the old index
            yield [Article.objects.get(headline="炎陵黄桃上市")]

        index = connections["default"].get_unified_index().get_index(Article)
        backend().rebuild(index, batches())
        self.assertEqual(seen, [(0, 1)])
        self.assertEqual((faults.found("油茶"), faults.found("黄桃")), (1, 1))
        self.assertEqual(len(backend().client.indices.get(index=INDEX)), 1)


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
        mapping["mappings"]["_meta"][META] = "an older layout"
        drop_index()
        backend().client.indices.create(index=INDEX, body=mapping)
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
        self.assertNotIn("rebuild_index", response.json()["search"], "nothing to rebuild: the node is down")
        self.assertNotIn("127.0.0.1", response.json()["search"], "its address is for staff")
        self.client.force_login(User.objects.create_user("ops", is_staff=True))
        staff = self.client.get("/healthz").json()["search"]
        self.assertEqual(staff, "unavailable: the search node does not answer: http://127.0.0.1:9")

    def test_import_names_the_node_once_with_its_address_and_no_traceback(self):
        sample = SAMPLES / "sample-2024-03-12.txt"
        self.assertEqual(manage("migrate", "--no-input").returncode, 0)
        result = manage("import_issues", str(sample), OPENSEARCH_URL="http://portal:secret@127.0.0.1:9")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stderr.splitlines(), ["CommandError: the search node does not answer: http://127.0.0.1:9"]
        )

    def test_an_edit_is_saved_and_logged(self):
        with self.assertLogs("articles.indexing", "ERROR"), self.captureOnCommitCallbacks(execute=True):
            self.article.body = "瓷博会展出了新品。"
            self.article.save()
        self.assertEqual(Article.objects.get().body, "瓷博会展出了新品。")
