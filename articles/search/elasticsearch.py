"""Elasticsearch 7, the search past one machine: haystack's own backend with Chinese analysis.

Set ELASTICSEARCH_URL (and ELASTICSEARCH_INDEX, default "portal") and run
`python manage.py rebuild_index --noinput`. The cluster needs the IK analysis
plugin (elasticsearch-analysis-ik, the version of the cluster), whose
`ik_max_word` tokenizer cuts the text into every word it knows and
`ik_smart` cuts a query into its likeliest words. Both are wrapped to fold as
the FTS5 backend does: full-width forms (`cjk_width`), case, and the paper's
misprint 株州. Traditional characters need the STConvert plugin as well.

The headline is searched with the text (`copy_to`) and weighs more (its
haystack `boost`); highlights come back HTML-escaped, marked with <mark>.
"""

import copy

from haystack import connections
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

from .sql import Schema
from .text import MISPRINTS

ANALYSIS = {
    "char_filter": {
        "misprints": {
            "type": "mapping",
            "mappings": [f"{wrong} => {right}" for wrong, right in MISPRINTS.items()],
        },
    },
    "analyzer": {
        "chinese": {
            "type": "custom",
            "char_filter": ["misprints"],
            "tokenizer": "ik_max_word",
            "filter": ["cjk_width", "lowercase"],
        },
        "chinese_search": {
            "type": "custom",
            "char_filter": ["misprints"],
            "tokenizer": "ik_smart",
            "filter": ["cjk_width", "lowercase"],
        },
    },
}


def _with_chinese_analysis(settings):
    settings = copy.deepcopy(settings)
    analysis = settings["settings"]["analysis"]
    analysis.setdefault("char_filter", {}).update(ANALYSIS["char_filter"])
    analysis["analyzer"].update(ANALYSIS["analyzer"])
    return settings


class ChineseElasticsearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = _with_chinese_analysis(Elasticsearch7SearchBackend.DEFAULT_SETTINGS)
    DEFAULT_FIELD_MAPPING = {"type": "text", "analyzer": "chinese", "search_analyzer": "chinese_search"}

    def build_schema(self, fields):
        content_field_name, mapping = super().build_schema(fields)
        for field_mapping in mapping.values():
            if field_mapping.get("type") == "keyword":
                field_mapping.pop("search_analyzer", None)
        for name, _ in Schema.from_fields(fields).text:
            if name != content_field_name:
                mapping[name]["copy_to"] = content_field_name
        return content_field_name, mapping

    def build_search_kwargs(self, query_string, highlight=False, **kwargs):
        search_kwargs = super().build_search_kwargs(query_string, highlight=highlight, **kwargs)
        if highlight:
            content = connections[self.connection_alias].get_unified_index().document_field
            search_kwargs["highlight"].update(
                encoder="html",
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                fields={content: {"fragment_size": 120}, "headline": {"number_of_fragments": 0}},
            )
        return search_kwargs


class ChineseElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = ChineseElasticsearchBackend
