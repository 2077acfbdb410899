"""A search node that hangs (a long GC pause or a network partition looks the same): pages go on.

The node that OPENSEARCH_TEST_URL names (`searchnode/node.sh start`, as .ci/run
does) is stopped with SIGSTOP for a few seconds at a time and always resumed
(SIGCONT) in a cleanup, so the tests after these find it answering. Its pid
is read from `searchnode/target/node-<port>.pid`, which `node.sh start` writes,
and checked against the port the URL names. Measured as a reader feels it,
through Django's test client: pages that do not search wait on the node at
most half a second, search answers its 503 within 2 s, /healthz within 2 s,
and once the node has failed it is not asked again for a while.
"""

import os
import signal
import time
import unittest
from pathlib import Path
from urllib.parse import urlsplit

from django.test import TestCase, override_settings

from articles.models import Article

from .base import ROOT, fresh_index, index_all, make_article
from .test_search_opensearch import ENGINE, INDEX, URL, use_connections

# Short, so the test sees the node asked again once it is back.
RETRY_AFTER = 3


def node_pid():
    """The pid of the node that serves OPENSEARCH_TEST_URL, if `node.sh start` of this checkout started it."""
    if not URL:
        return None
    port = urlsplit(URL.split(",")[0]).port or 9200
    pid_file = ROOT / "searchnode" / "target" / f"node-{port}.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text())
    try:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    return (
        pid
        if b"portal.searchnode.SearchNode" in command_line and str(port).encode() in command_line
        else None
    )


PID = node_pid()
if os.environ.get("CI") == "true" and URL and not PID:
    raise RuntimeError(
        f"CI tests a hung node: searchnode/target/node-<port>.pid must hold the pid of the node at {URL}"
    )


@unittest.skipUnless(
    PID,
    "no OpenSearch node to stop: set OPENSEARCH_TEST_URL to a node started by searchnode/node.sh start "
    "from this checkout (its pid is read from searchnode/target/node-<port>.pid)",
)
@override_settings(
    HAYSTACK_CONNECTIONS={
        "default": {"ENGINE": ENGINE, "URL": URL, "INDEX_NAME": INDEX, "RETRY_AFTER": RETRY_AFTER}
    }
)
class HungNodeTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(use_connections)  # run after the settings are restored (cleanups run last first)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        use_connections()
        fresh_index()
        cls.article = make_article(
            "醴陵瓷博会开幕", "釉下五彩瓷和陶瓷茶具最受客商欢迎，瓷博会还设了陶瓷茶具专区。"
        )
        make_article("陶瓷茶具走俏海外", "醴陵的陶瓷茶具今年出口增长，釉下五彩瓷订单排到了年底。")
        index_all()

    def setUp(self):
        use_connections()  # a backend of its own: a breaker that has seen no failure yet
        # The node answers, and the article page shows what it finds (jieba's dictionary loaded).
        self.assertContains(self.client.get(self.article.get_absolute_url()), "陶瓷茶具走俏海外")
        self.assertEqual(self.client.get("/search/", {"q": "瓷"}).status_code, 200)

    def hang_node(self):
        os.kill(PID, signal.SIGSTOP)
        self.addCleanup(os.kill, PID, signal.SIGCONT)

    def resume_node(self):
        os.kill(PID, signal.SIGCONT)

    def timed(self, url, params=None):
        started = time.monotonic()
        response = self.client.get(url, params or {})
        return response, time.monotonic() - started

    def test_an_article_page_waits_on_a_hung_node_at_most_half_a_second(self):
        self.hang_node()
        for attempt in ("first, the node asked", "then, the node not asked"):
            with self.subTest(attempt):
                response, elapsed = self.timed(self.article.get_absolute_url())
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, self.article.headline)
                self.assertNotContains(response, "相关报道")  # left out rather than waited for
                self.assertLess(elapsed, 0.5)

    def test_pages_that_never_ask_the_node_do_not_wait_on_it(self):
        self.hang_node()
        for url in ("/", "/2024/03/12/", "/2024/03/12/01/", "/district/liling/", "/archive/"):
            with self.subTest(url=url):
                response, elapsed = self.timed(url)
                self.assertLess(response.status_code, 500)
                self.assertLess(elapsed, 0.5)

    def test_search_answers_503_within_two_seconds_then_at_once(self):
        self.hang_node()
        response, elapsed = self.timed("/search/", {"q": "瓷"})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "搜索暂时不能使用", status_code=503)
        self.assertLess(elapsed, 2)
        response, elapsed = self.timed("/search/", {"q": "瓷", "format": "json"})
        self.assertEqual(response.status_code, 503)
        self.assertIn("does not answer", response.json()["unavailable"])
        self.assertLess(elapsed, 0.1, "the node that failed is not asked again")

    def test_healthz_answers_within_two_seconds_and_names_no_cure_it_does_not_need(self):
        self.hang_node()
        response, elapsed = self.timed("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertLess(elapsed, 2)
        self.assertIn("does not answer", response.json()["search"])
        self.assertNotIn("rebuild_index", response.json()["search"])
        self.assertEqual(response.json()["database"], "ok")

    def test_a_failed_node_is_not_asked_again_for_a_while_then_asked_once_it_is_back(self):
        self.hang_node()
        self.assertEqual(self.timed("/search/", {"q": "瓷"})[0].status_code, 503)
        self.resume_node()
        # Back, but not asked yet: the answer comes at once, and is still the 503.
        response, elapsed = self.timed("/search/", {"q": "瓷"})
        self.assertEqual(response.status_code, 503)
        self.assertLess(elapsed, 0.1)
        self.assertNotContains(self.client.get(self.article.get_absolute_url()), "相关报道")
        time.sleep(RETRY_AFTER)
        response, elapsed = self.timed("/search/", {"q": "瓷"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(self.client.get(self.article.get_absolute_url()), "陶瓷茶具走俏海外")
        self.assertEqual(Article.objects.count(), 2)
