"""Haystack's Whoosh backend as the popular Chinese tutorials set it up: jieba's ChineseAnalyzer
in place of Whoosh's StemmingAnalyzer on every text field. The tutorials copy
whoosh_backend.py and edit that one line; this subclass builds the same schema.
"""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from jieba.analyse import ChineseAnalyzer
from whoosh.fields import TEXT, Schema


class ChineseWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        analyzer = ChineseAnalyzer()
        own = {}
        for name, field in schema.items():
            if name.startswith("spell_"):
                continue  # made again, with the new analyzer, from its field's spelling=True
            if isinstance(field, TEXT):
                field.analyzer = analyzer
            own[name] = field
        return content_field_name, Schema(**own)


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshBackend
