"""The Elasticsearch backend's Chinese mapping, pinned: the path past one machine.

Built without a cluster: the client connects only when asked to search.
"""

from django.test import SimpleTestCase
from haystack import connections

from articles.search.elasticsearch import ChineseElasticsearchBackend

CHINESE = {"type": "text", "analyzer": "chinese", "search_analyzer": "chinese_search"}


class ElasticsearchMappingTests(SimpleTestCase):
    def setUp(self):
        self.backend = ChineseElasticsearchBackend(
            "default", URL="http://127.0.0.1:9200", INDEX_NAME="portal"
        )

    def test_the_mapping_analyzes_text_in_chinese_and_keeps_facets_whole(self):
        content_field, mapping = self.backend.build_schema(
            connections["default"].get_unified_index().all_searchfields()
        )
        self.assertEqual(content_field, "text")
        self.assertEqual(
            mapping,
            {
                "django_ct": {"type": "keyword"},
                "django_id": {"type": "keyword"},
                "text": CHINESE,
                "headline": {**CHINESE, "boost": 8, "copy_to": "text"},
                "date": {"type": "date"},
                "section": CHINESE,
                "section_exact": {"type": "keyword"},
                "districts": CHINESE,
                "districts_exact": {"type": "keyword"},
                "reporters": CHINESE,
                "reporters_exact": {"type": "keyword"},
                "kind": CHINESE,
                "kind_exact": {"type": "keyword"},
                "kicker": {**CHINESE, "boost": 8, "copy_to": "text"},
                "subtitle": {**CHINESE, "boost": 8, "copy_to": "text"},
                "page": {"type": "long"},
                "url": {"type": "keyword"},
            },
        )

    def test_the_analyzers_cut_words_with_ik_and_fold_width_case_and_the_misprint(self):
        analysis = self.backend.DEFAULT_SETTINGS["settings"]["analysis"]
        self.assertEqual(
            analysis["analyzer"]["chinese"],
            {
                "type": "custom",
                "char_filter": ["misprints"],
                "tokenizer": "ik_max_word",
                "filter": ["cjk_width", "lowercase"],
            },
        )
        self.assertEqual(analysis["analyzer"]["chinese_search"]["tokenizer"], "ik_smart")
        self.assertEqual(
            analysis["char_filter"]["misprints"], {"type": "mapping", "mappings": ["株州 => 株洲"]}
        )

    def test_highlights_come_back_escaped_and_marked(self):
        highlight = self.backend.build_search_kwargs("株洲", highlight=True)["highlight"]
        self.assertEqual((highlight["encoder"], highlight["pre_tags"]), ("html", ["<mark>"]))
        self.assertIn("text", highlight["fields"])
