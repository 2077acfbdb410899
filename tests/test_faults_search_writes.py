"""A search node that refuses writes (a small heap under a rebuild): the archive still gets indexed.

A node with little memory answers HTTP 429 to a request it has no room for.
Here the node that OPENSEARCH_TEST_URL names is made to refuse for real, by
its own settings, reset after each test: its in-flight requests breaker
refuses any request larger than a limit (429, as a full heap does), and a
read-only cluster block refuses to delete an index (403). rebuild_index must
keep its bulk requests under BULK_BYTES, send again what the node refused
until it takes it, and, when it fails all the same, leave readers the old
index and delete the partial new one, asking again while the node refuses
and saying so if it never agrees.
"""

import datetime
import threading
from contextlib import contextmanager

from django.core.management import CommandError
from django.test import TestCase, override_settings
from haystack import connections

from articles.models import Article

from .base import backend, make_article, rebuild
from .test_faults_index import found
from .test_search_opensearch import ENGINE, INDEX, URL, on_node, use_connections

# Long articles: a few of them outweigh the requests the node is made to take.
PARAGRAPH = "醴陵的瓷厂今年添了两条窑炉，工人们赶制出口的釉下五彩瓷，订单排到了明年春天。"
ARTICLES = 24
# The node refuses a request of more than half its in-flight limit (it counts each byte twice): under
# SMALL_LIMIT, the articles together; under NO_BULK, any one of them (but not the index's mapping).
SMALL_LIMIT, NO_BULK = "64kb", "16kb"
# Bulk requests of one article or two; quick retries.
OPTIONS = {"BULK_BYTES": 24_000, "BULK_RETRIES": 4, "BULK_BACKOFF": 0.25}


@contextmanager
def connection_options(**options):
    """The test index's connection with these options instead of the class's."""
    engine = {"ENGINE": ENGINE, "URL": URL, "INDEX_NAME": INDEX, **options}
    with override_settings(HAYSTACK_CONNECTIONS={"default": engine}):
        use_connections()
        yield
    use_connections()


def node_settings(**settings):
    """Change the node's cluster settings (a value None restores the default)."""
    body = {"persistent": {name.replace("__", "."): value for name, value in settings.items()}}
    backend().client.cluster.put_settings(body=body)


def refuse_requests_over(limit):
    node_settings(network__breaker__inflight_requests__limit=limit)


def take_every_request():
    node_settings(network__breaker__inflight_requests__limit=None)


def requests_refused():
    """How many requests the node's in-flight requests breaker has refused since it started."""
    stats = backend().client.nodes.stats(metric="breaker")["nodes"]
    return sum(node["breakers"]["in_flight_requests"]["tripped"] for node in stats.values())


def indices_of_the_test():
    """The indices of this test run's documents: the one its index name leads to, and any left beside it."""
    found = backend().client.indices.get(index=f"{INDEX}-*", expand_wildcards="all")
    return sorted(set(found) - {backend().stamps_index})


def later(seconds, call):
    timer = threading.Timer(seconds, call)
    timer.start()
    return timer


@on_node(URL)
class RefusedWritesTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        override = override_settings(
            HAYSTACK_CONNECTIONS={"default": {"ENGINE": ENGINE, "URL": URL, "INDEX_NAME": INDEX, **OPTIONS}}
        )
        override.enable()
        cls.addClassCleanup(use_connections)
        cls.addClassCleanup(override.disable)
        cls.addClassCleanup(
            lambda: backend().client.indices.delete(index=f"{INDEX}-*", expand_wildcards="all")
        )
        use_connections()

    @classmethod
    def setUpTestData(cls):
        for n in range(ARTICLES):
            make_article(f"瓷厂新窑第{n}号", PARAGRAPH * 60, date=datetime.date(2024, 3, n % 28 + 1))

    def setUp(self):
        self.addCleanup(take_every_request)
        self.addCleanup(node_settings, cluster__blocks__read_only=None)
        # Whatever an earlier test left, and a whole index of the articles.
        backend().client.indices.delete(index=f"{INDEX}-*", expand_wildcards="all")
        rebuild()
        self.old_index = indices_of_the_test()
        self.assertEqual(len(self.old_index), 1)

    def test_the_test_articles_outweigh_what_the_node_takes_at_once(self):
        refuse_requests_over(SMALL_LIMIT)
        refusals = requests_refused()
        with connection_options(BULK_RETRIES=0), self.assertRaisesMessage(CommandError, "429"):
            rebuild()
        self.assertEqual(requests_refused(), refusals + 1)

    def test_a_rebuild_sends_requests_small_enough_for_the_node(self):
        make_article("瓷厂又添新窑", PARAGRAPH)
        refuse_requests_over(SMALL_LIMIT)
        refusals = requests_refused()
        rebuild()
        take_every_request()
        self.assertEqual(requests_refused(), refusals)
        self.assertEqual(backend().document_count(Article), ARTICLES + 1)
        self.assertEqual(found("又添新窑"), 1)
        self.assertEqual(found("釉下五彩瓷"), ARTICLES + 1)

    def test_what_the_node_refused_for_a_while_is_sent_again_until_it_takes_it(self):
        make_article("瓷厂又添新窑", PARAGRAPH)

        def refused_for_two_seconds():
            refuse_requests_over(NO_BULK)
            later(2, take_every_request)
            yield list(Article.objects.all())

        index = connections["default"].get_unified_index().get_index(Article)
        refusals = requests_refused()
        backend().rebuild(index, refused_for_two_seconds())
        self.assertGreater(requests_refused(), refusals)
        self.assertEqual(backend().document_count(Article), ARTICLES + 1)
        self.assertEqual(found("又添新窑"), 1)

    def test_a_rebuild_refused_to_the_end_leaves_the_old_index_serving_and_no_partial_one(self):
        make_article("瓷厂又添新窑", PARAGRAPH)
        refuse_requests_over(NO_BULK)
        with self.assertRaises(CommandError) as failed:
            rebuild()
        take_every_request()
        message = str(failed.exception)
        self.assertIn("searches read the index they read before", message)
        self.assertIn("429", message)
        self.assertEqual(indices_of_the_test(), self.old_index)
        self.assertEqual(found("釉下五彩瓷"), ARTICLES)
        self.assertEqual(found("又添新窑"), 0)
        self.assertEqual(
            self.client.get("/search/", {"q": "瓷厂", "format": "json"}).json()["count"], ARTICLES
        )

    def refuse_deletions_then_fail(self, for_seconds=None):
        """Batches for a rebuild: one written, then the node refuses to delete (for a while), then the rebuild fails."""
        yield list(Article.objects.all()[:5])
        node_settings(cluster__blocks__read_only=True)
        if for_seconds:
            later(for_seconds, lambda: node_settings(cluster__blocks__read_only=None))
        raise ConnectionAbortedError("the database went away")

    def test_a_partial_index_the_node_will_not_delete_yet_is_deleted_once_it_agrees(self):
        index = connections["default"].get_unified_index().get_index(Article)
        with self.assertRaisesMessage(ConnectionAbortedError, "the database went away"):
            backend().rebuild(index, self.refuse_deletions_then_fail(for_seconds=1))
        self.assertEqual(indices_of_the_test(), self.old_index)
        self.assertEqual(found("釉下五彩瓷"), ARTICLES)

    def test_a_partial_index_the_node_never_deletes_is_reported_by_name(self):
        index = connections["default"].get_unified_index().get_index(Article)
        with (
            self.assertLogs("zhsearch.opensearch", "ERROR") as logged,
            self.assertRaises(ConnectionAbortedError) as failed,
        ):
            backend().rebuild(index, self.refuse_deletions_then_fail())
        node_settings(cluster__blocks__read_only=None)
        left = sorted(set(indices_of_the_test()) - set(self.old_index))
        self.assertEqual(len(left), 1)
        self.assertIn(f"the partial index {left[0]} is left on the node", failed.exception.__notes__[0])
        self.assertIn("cluster_block_exception", logged.output[0])
        self.assertEqual(found("釉下五彩瓷"), ARTICLES)
