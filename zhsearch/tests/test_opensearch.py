"""The same tests on an OpenSearch node, when OPENSEARCH_TEST_URL names one (`pip install "zhsearch[opensearch]"`)."""

import os
import unittest

from django.conf import settings
from django.test import override_settings
from haystack import connections

from . import test_backend

URL = os.environ.get("OPENSEARCH_TEST_URL")
INDEX = f"zhsearch-test-{os.getpid()}"


def use_connections():
    """haystack reads its connections when it starts; point it at what the settings say now."""
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")


class OnNode:
    """A test class of test_backend, its searches and writes on the node."""

    @classmethod
    def setUpClass(cls):
        engine = {"ENGINE": "zhsearch.opensearch.OpenSearchEngine", "URL": URL, "INDEX_NAME": INDEX}
        override = override_settings(HAYSTACK_CONNECTIONS={"default": engine})
        override.enable()
        cls.addClassCleanup(use_connections)
        cls.addClassCleanup(override.disable)
        cls.addClassCleanup(lambda: test_backend.backend().clear())
        use_connections()
        super().setUpClass()


@unittest.skipUnless(URL, "no OpenSearch node: set OPENSEARCH_TEST_URL")
class OpenSearchTests(OnNode, test_backend.SearchTests):
    pass


@unittest.skipUnless(URL, "no OpenSearch node: set OPENSEARCH_TEST_URL")
class OpenSearchOperationsTests(OnNode, test_backend.IndexOperationsTests):
    pass


@unittest.skipUnless(URL, "no OpenSearch node: set OPENSEARCH_TEST_URL")
class OpenSearchQueryLanguageTests(OnNode, test_backend.QueryLanguageTests):
    pass
