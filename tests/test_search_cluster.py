"""A search cluster that survives a node: searches go on while one of three nodes dies, and it rejoins.

The cluster that OPENSEARCH_CLUSTER_TEST_URL names (its three nodes' URLs,
comma-separated, as `searchnode/cluster.sh start` prints them; .ci/run starts
one) holds the samples' index with a replica of each shard. A node is killed
with SIGKILL while the search page is asked again and again through Django's
test client: every search is answered with every match (the one that meets
the dead node is sent to another), the circuit breaker stays closed, and
`cluster.sh start` starts the node again on its own data folder, after
which the cluster is green again. A node that hangs (SIGSTOP, always resumed
in a cleanup) costs the search that meets it a timeout, never a 503.

Each node's pid is read from `searchnode/target/cluster-<first port>/<port>.pid`,
which `cluster.sh start` writes, and checked against the port.

Without a cluster, one live node listed after a dead address shows what one
dead node may cost: nothing.

A web server of several (docs/scaling.md, "Scaling out") keeps nothing in
PORTAL_DATA_DIR: with the database elsewhere and OPENSEARCH_URL listing the
cluster, a migrate, a rebuild, an import and a search, each in a process of its
own as on a server, leave the folder empty.
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path
from urllib.parse import urlsplit

from django.test import TestCase, override_settings
from opensearchpy import OpenSearch

from .base import ROOT, SAMPLES, backend, import_paths, rebuild
from .test_search_opensearch import ENGINE, INDEX, URL, drop_index, use_connections

CLUSTER_URL = os.environ.get("OPENSEARCH_CLUSTER_TEST_URL")
NODE_URLS = [url.strip() for url in (CLUSTER_URL or "").split(",") if url.strip()]
CLUSTER_SCRIPT = ROOT / "searchnode" / "cluster.sh"
# Short, so that a test sees the breaker's state change within it.
RETRY_AFTER = 3
# A search answered within this many seconds is answered: the one that meets a hung node waits out
# one search timeout (a second) before another node answers it.
ANSWERED_WITHIN = 3.0


def port(url):
    return urlsplit(url).port


def pid_file(url):
    """The file `cluster.sh start` wrote the pid of the node at `url` to, if this checkout started it."""
    found = sorted((ROOT / "searchnode" / "target").glob(f"cluster-*/{port(url)}.pid"))
    return found[0] if found else None


def node_pid(url):
    """The pid of the node at `url`, if `cluster.sh start` of this checkout started it and it runs."""
    path = pid_file(url)
    if path is None:
        return None
    pid = int(path.read_text())
    try:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    return (
        pid
        if b"portal.searchnode.SearchNode" in command_line and str(port(url)).encode() in command_line
        else None
    )


CLUSTER = len(NODE_URLS) == 3 and all(node_pid(url) for url in NODE_URLS)
if os.environ.get("CI") == "true" and CLUSTER_URL and not CLUSTER:
    raise RuntimeError(
        f"CI tests a cluster: {CLUSTER_URL} must name three nodes that searchnode/cluster.sh started"
    )


def on_nodes(url):
    """The class's searches go to the nodes at `url` (comma-separated), the index with a replica."""
    engine = {"ENGINE": ENGINE, "URL": url, "INDEX_NAME": INDEX, "REPLICAS": 1, "RETRY_AFTER": RETRY_AFTER}
    return override_settings(HAYSTACK_CONNECTIONS={"default": engine})


class SearchStream:
    """The search page asked again and again; each answer's time, status and count kept."""

    QUERIES = ["株洲", "醴陵", "茶"]

    def __init__(self, test):
        self.test, self.answers = test, []
        self.counts = self.each_count()

    def each_count(self):
        """Each query's count, as the search page answers it now."""
        return {q: self.search(q)[2] for q in self.QUERIES}

    def search(self, q):
        started = time.monotonic()
        response = self.test.client.get("/search/", {"q": q, "format": "json"})
        return started, response.status_code, response.json()["count"], time.monotonic() - started

    def run(self, until):
        """Search until `until()` holds, then thirty times more; the answers that were wrong or late."""
        n, more = 0, None
        while more is None or n < more:
            if more is None and until():
                more = n + 30
            q = self.QUERIES[n % len(self.QUERIES)]
            self.answers.append((q, *self.search(q)))
            n += 1
        return [
            answer
            for answer in self.answers
            if answer[2] != 200 or answer[3] != self.counts[answer[0]] or answer[4] > ANSWERED_WITHIN
        ]


@unittest.skipUnless(
    CLUSTER,
    "no cluster: set OPENSEARCH_CLUSTER_TEST_URL to the three URLs searchnode/cluster.sh start prints",
)
class NodeLostTests(TestCase):
    @classmethod
    def setUpClass(cls):
        override = on_nodes(CLUSTER_URL)
        override.enable()
        cls.addClassCleanup(use_connections)
        cls.addClassCleanup(override.disable)
        cls.addClassCleanup(drop_index)
        use_connections()
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        import_paths(*sorted(SAMPLES.glob("*.txt")))
        rebuild()

    def setUp(self):
        use_connections()  # a backend of its own: a breaker that has seen no failure yet
        self.wait_for_green()

    def admin(self):
        """A client of the cluster's own, for what an operator would ask: who holds what, the health."""
        return OpenSearch(hosts=NODE_URLS, timeout=30, max_retries=len(NODE_URLS) - 1, retry_on_timeout=True)

    def wait_for_green(self):
        # The client reads a `timeout` as its own unless request_timeout is given too.
        health = self.admin().cluster.health(
            wait_for_status="green",
            wait_for_nodes=3,
            wait_for_no_relocating_shards=True,
            timeout="90s",
            request_timeout=100,
        )
        self.assertEqual(health["status"], "green", health)

    def node_holding_the_primary(self):
        """The URL of the node that holds the index's primary shard."""
        admin = self.admin()
        index = next(iter(admin.indices.get(index=INDEX)))
        primary = next(s for s in admin.cat.shards(index=index, format="json") if s["prirep"] == "p")
        nodes = admin.nodes.info(metric="http")["nodes"].values()
        address = next(n["http"]["publish_address"] for n in nodes if n["name"] == primary["node"])
        return next(url for url in NODE_URLS if port(url) == int(address.rsplit(":", 1)[1]))

    def nodes_in_the_cluster(self):
        return self.admin().cluster.health()["number_of_nodes"]

    def test_every_search_is_answered_while_a_node_dies_and_the_node_rejoins(self):
        url = self.node_holding_the_primary()
        pid = node_pid(url)
        stream = SearchStream(self)
        killed = []

        def kill():
            killed.append(time.monotonic())
            os.kill(pid, signal.SIGKILL)

        threading.Timer(1.0, kill).start()
        # Searches before the kill, across it, and on until the cluster has let the node go.
        wrong = stream.run(until=lambda: killed and self.nodes_in_the_cluster() == 2)
        self.assertEqual(wrong, [])
        self.assertTrue(any(started < killed[0] for _, started, *_ in stream.answers))
        self.assertGreaterEqual(sum(started > killed[0] for _, started, *_ in stream.answers), 30)
        self.assertEqual(backend().breaker.current_state, "closed")

        started = subprocess.run(
            [str(CLUSTER_SCRIPT), "start"],
            env={**os.environ, "OPENSEARCH_PORT": pid_file(url).parent.name.removeprefix("cluster-")},
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(started.returncode, 0, started.stderr)
        self.wait_for_green()
        # The node that came back answers searches itself, once its JVM has warmed up (a fresh one,
        # on a loaded machine, may take longer than a search's timeout over its first requests).
        OpenSearch(hosts=[url], timeout=30).search(index=INDEX, body={"query": {"match_all": {}}}, size=0)
        with on_nodes(url):
            use_connections()
            self.assertEqual(SearchStream(self).counts, stream.counts)

    def test_a_cluster_manager_that_hangs_costs_a_search_a_timeout_not_an_answer(self):
        # The worst node to hang: the elected cluster manager, which the others wait on for the
        # cluster's state until they elect another. It is made to hold no copy of the index, so that
        # the searches' shards are on the two nodes that answer.
        admin = self.admin()
        index = next(iter(admin.indices.get(index=INDEX)))
        manager = admin.cat.cluster_manager(format="json")[0]["node"]
        admin.indices.put_settings(index=index, body={"index.routing.allocation.exclude._name": manager})
        self.addCleanup(
            lambda: self.admin().indices.put_settings(
                index=index, body={"index.routing.allocation.exclude._name": None}
            )
        )
        self.wait_for_green()
        holders = {s["node"] for s in admin.cat.shards(index=index, format="json")}
        self.assertNotIn(manager, holders)
        nodes = admin.nodes.info(metric="http")["nodes"].values()
        address = next(n["http"]["publish_address"] for n in nodes if n["name"] == manager)
        url = next(url for url in NODE_URLS if port(url) == int(address.rsplit(":", 1)[1]))
        pid = node_pid(url)
        os.kill(pid, signal.SIGSTOP)
        self.addCleanup(os.kill, pid, signal.SIGCONT)
        stream = SearchStream(self)
        began = time.monotonic()
        wrong = stream.run(until=lambda: time.monotonic() - began > 4)
        os.kill(pid, signal.SIGCONT)
        self.assertEqual(wrong, [])
        self.assertEqual(backend().breaker.current_state, "closed")


# A search as a server's own process makes it, through the whole stack.
SEARCH = (
    "from django.test import Client;"
    "r = Client(HTTP_HOST='localhost').get('/search/', {'q': '株洲', 'format': 'json'});"
    "print(r.status_code, r.json()['count'])"
)


@unittest.skipUnless(
    CLUSTER,
    "no cluster: set OPENSEARCH_CLUSTER_TEST_URL to the three URLs searchnode/cluster.sh start prints",
)
class WebServerKeepsNothingLocallyTests(unittest.TestCase):
    def test_a_server_on_a_shared_database_and_the_cluster_writes_nothing_to_its_data_folder(self):
        data, database = (Path(tempfile.mkdtemp()) for _ in range(2))
        self.addCleanup(subprocess.run, ["rm", "-rf", str(data), str(database)])
        index = f"{INDEX}-server"
        server = {
            "PORTAL_DATA_DIR": str(data),
            # A database the servers share (PostgreSQL in production): not in the data folder.
            "DATABASE_URL": f"sqlite:///{database / 'portal.sqlite3'}",
            "OPENSEARCH_URL": CLUSTER_URL,
            "OPENSEARCH_INDEX": index,
            "OPENSEARCH_REPLICAS": "1",
        }
        environ = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL"))
        }

        def on_the_server(*args):
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env={**environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **server},
                capture_output=True,
                text=True,
                timeout=300,
            )

        admin = OpenSearch(hosts=NODE_URLS, timeout=30)
        self.addCleanup(admin.indices.delete, index=f"{index}*", expand_wildcards="all")
        sample = sorted(SAMPLES.glob("*.txt"))[0]
        for step in (["migrate"], ["rebuild_index", "--noinput"], ["import_issues", str(sample)]):
            done = on_the_server(*step)
            self.assertEqual(done.returncode, 0, done.stderr)
        searched = on_the_server("shell", "-c", SEARCH)
        self.assertEqual(searched.returncode, 0, searched.stderr)
        status, count = searched.stdout.splitlines()[-1].split()
        self.assertEqual(status, "200", searched.stdout)
        self.assertGreater(int(count), 0)
        self.assertEqual(sorted(path.name for path in data.iterdir()), [])
        replicas = admin.indices.get_settings(index=index)
        self.assertEqual([s["settings"]["index"]["number_of_replicas"] for s in replicas.values()], ["1"])


# A port no node listens on (9, discard): a node of the list that is down.
DEAD = "http://127.0.0.1:9"


@unittest.skipUnless(URL, "no OpenSearch node: set OPENSEARCH_TEST_URL (searchnode/node.sh start prints it)")
class DeadNodeInTheListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with on_nodes(URL):
            use_connections()
            import_paths(*sorted(SAMPLES.glob("*.txt")))
            rebuild()
        use_connections()

    def setUp(self):
        self.addCleanup(use_connections)

    def test_one_dead_node_of_the_list_costs_no_search_and_opens_no_breaker(self):
        with on_nodes(f"{DEAD},{URL}"):
            use_connections()
            stream = SearchStream(self)
            began = time.monotonic()
            wrong = stream.run(until=lambda: time.monotonic() - began > 1)
            self.assertEqual(wrong, [])
            self.assertEqual(backend().breaker.current_state, "closed")

    def test_when_no_node_of_the_list_answers_search_is_unavailable_and_not_asked_again(self):
        with on_nodes(f"{DEAD},http://127.0.0.1:7"):
            use_connections()
            response = self.client.get("/search/", {"q": "株洲", "format": "json"})
            self.assertEqual(response.status_code, 503)
            self.assertIn("does not answer", response.json()["unavailable"])
            self.assertEqual(backend().breaker.current_state, "open")

    @classmethod
    def tearDownClass(cls):
        with on_nodes(URL):
            use_connections()
            drop_index()
        use_connections()
        super().tearDownClass()
