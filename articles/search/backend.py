"""A haystack backend on SQLite's FTS5: substring search in Chinese, in milliseconds.

The index is its own SQLite file (HAYSTACK_CONNECTIONS["default"]["PATH"],
see store.py), so it serves whatever database the portal runs on. A query
finds what contains its text, as a substring search would (sql.py), in the
text folded for width, case, traditional characters and misprints (text.py);
BM25 ranks it, the headline weighing most, with matches in the headline and
exact phrases first and the newest breaking ties.
"""

import json
from functools import cached_property
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from haystack import connections
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery, log_query
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.inputs import BaseInput, Exact, Not
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model

from . import sql, text
from .sql import Compiler, Schema, TextMatch
from .store import IndexFile, SearchIndexUnavailable

__all__ = ["FTS5Engine", "SearchIndexUnavailable"]

SNIPPET_WIDTH = 120
SIMILAR_SCAN = 1000


class FTS5SearchBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.path = Path(options["PATH"])
        self.timeout = options.get("TIMEOUT", 30)

    @cached_property
    def file(self):
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        return IndexFile(self.path, Schema.from_fields(fields), self.timeout)

    @property
    def schema(self):
        return self.file.schema

    def update(self, index, iterable, commit=True):
        """Index the objects; a queryset is read inside the write lock, so the last writer wins."""
        stored = {
            f.index_fieldname for f in index.fields.values() if f.stored and not hasattr(f, "facet_for")
        }
        with self.file.transaction(write=True) as db:
            for obj in iterable:
                try:
                    document = index.full_prepare(obj)
                except SkipDocument:
                    continue
                self.file.write(db, document, stored)

    def remove(self, obj_or_string, commit=True):
        with self.file.transaction(write=True) as db:
            self.file.delete_where(db, ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        if models is None:
            self.file.recreate()
            return
        with self.file.transaction(write=True) as db:
            for model in models:
                self.file.delete_where(db, DJANGO_CT, get_model_ct(model))

    # Searching -------------------------------------------------------------

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        highlight=False,
        facets=None,
        date_facets=None,
        narrow_queries=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if not query_string or not query_string.strip():
            return {"results": [], "hits": 0}
        tree = self._restrict(sql.parse(query_string), narrow_queries, models, limit_to_registered_models)
        compiled = Compiler(self.schema).compile(tree)
        with self.file.transaction(write=False) as db:
            hits = self._collect(db, compiled)
            rows = self._page(db, self._order(compiled, sort_by), start_offset, end_offset)
            counts = self._facets(db, facets or {}, date_facets or {})
        terms = compiled.highlights if highlight else None
        return {
            "results": self._results(rows, result_class, terms),
            "hits": hits,
            "facets": counts,
            "spelling_suggestion": None,
        }

    def _restrict(self, tree, narrow_queries, models, limit_to_registered_models):
        parts = [tree, *(sql.parse(query) for query in narrow_queries or ())]
        if models:
            choices = sorted(get_model_ct(model) for model in models)
        elif limit_to_registered_models is not False:
            choices = self.build_models_list()
        else:
            choices = None
        if choices is not None:
            parts.append(("leaf", DJANGO_CT, "in", choices))
        return ("and", parts)

    def _empty_hits(self, db):
        """This connection's own `hits`, emptied; returns the SQL of the columns it copies from `documents` d."""
        columns = "".join(f', "f_{name}"' for name, _ in self.schema.columns)
        db.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS hits (rowid INTEGER PRIMARY KEY, score REAL, title INTEGER{columns})"
        )
        db.execute("DELETE FROM hits")
        return columns.replace(', "', ', d."')

    def _collect(self, db, compiled):
        """Gather the matching documents, scored, in the temporary table `hits`.

        `hits` is `documents` cut down to the matches, with their BM25 score
        and whether the headline matched: the full-text match runs once, and
        the count, the page and the facets then read `hits` alone. The text
        that every result contains drives the query: its FTS5 tables come
        first in the join (CROSS JOIN keeps that order), the other
        conditions filter what they find.
        """
        columns = self._empty_hits(db)
        source, score, title, params = "documents d", "0.0", "0", []
        ranking = compiled.ranking
        if ranking:
            matches = [(t, e) for t, e in (("grams", ranking.grams()), ("chars", ranking.chars())) if e]
            first = matches[0][0][0]
            joins = []
            for table, expression in matches:
                alias = table[0]
                match = (
                    f"(SELECT rowid, bm25({table}, {self.schema.weights}) AS score, "
                    f"bm25({table}, {self.schema.title_weights}) < 0 AS title "
                    f"FROM {table} WHERE {table} MATCH ?) {alias}"
                )
                joins.append(match if alias == first else f"{match} ON {alias}.rowid = {first}.rowid")
                params.append(expression)
            source = " CROSS JOIN ".join([*joins, f"documents d ON d.rowid = {first}.rowid"])
            score = " + ".join(f"{table[0]}.score" for table, _ in matches)
            title = " OR ".join(f"{table[0]}.title" for table, _ in matches)
        db.execute(
            f"INSERT INTO hits SELECT d.rowid, {score}, {title}{columns} FROM {source} WHERE {compiled.where}",
            [*params, *compiled.params],
        )
        return db.execute("SELECT count(*) FROM hits").fetchone()[0]

    def _order(self, compiled, sort_by):
        """ORDER BY for `hits` d: the headline and exact-phrase tiers, BM25, the newest; or as asked."""
        terms, params = [], []
        if sort_by:
            for name in sort_by:
                field, direction = name.lstrip("-"), "DESC" if name.startswith("-") else "ASC"
                terms.append(
                    f"d.score {direction}" if field == "score" else f"{self.schema.column(field)} {direction}"
                )
        else:
            query = compiled.query
            if query and len(query.terms) > 1:
                # Several words: all of them in the headline first, then all of them as one phrase.
                for tier in (TextMatch(query.terms, self.schema.title), TextMatch([query.phrase])):
                    condition, condition_params = tier.conditions()
                    terms.append(f"({condition}) DESC")
                    params += condition_params
            else:
                terms.append("d.title DESC")
        terms.append("d.score")
        if self.schema.recency:
            terms.append(f"{self.schema.column(self.schema.recency)} DESC")
        terms.append("d.rowid DESC")
        return ", ".join(terms), params

    def _facets(self, db, facets, date_facets):
        counts = {"fields": {}, "dates": {}, "queries": {}}
        for name, options in facets.items():
            limit = options.get("limit", -1)
            if name in self.schema.multi:
                statement = (
                    "SELECT m.value, count(*) FROM hits d CROSS JOIN multi m ON m.doc = d.rowid AND m.field = ? "
                    "GROUP BY m.value ORDER BY 2 DESC, 1 LIMIT ?"
                )
                rows = db.execute(statement, [name, limit])
            else:
                target = self.schema.column(name)
                statement = (
                    f"SELECT {target}, count(*) FROM hits d "
                    f"WHERE {target} IS NOT NULL GROUP BY {target} ORDER BY 2 DESC, 1 LIMIT ?"
                )
                rows = db.execute(statement, [limit])
            counts["fields"][name] = [tuple(row) for row in rows]
        for name, options in date_facets.items():
            width = {"year": 4, "month": 7, "day": 10}[options["gap_by"]]
            target = f"substr({self.schema.column(name)}, 1, {width})"
            statement = (
                f"SELECT {target}, count(*) FROM hits d WHERE {target} IS NOT NULL GROUP BY 1 ORDER BY 1"
            )
            counts["dates"][name] = [tuple(row) for row in db.execute(statement)]
        return counts

    def _page(self, db, order, start_offset, end_offset):
        """(id, django_ct, django_id, stored fields, score) of each hit on the page, in order."""
        order, order_params = order
        limit = -1 if end_offset is None else max(0, end_offset - start_offset)
        page = db.execute(
            f"SELECT d.rowid, d.score FROM hits d ORDER BY {order} LIMIT ? OFFSET ?",
            [*order_params, limit, start_offset],
        ).fetchall()
        stored = {}
        for start in range(0, len(page), 500):
            rowids = [rowid for rowid, _ in page[start : start + 500]]
            stored.update(
                (row[0], row[1:])
                for row in db.execute(
                    "SELECT d.rowid, d.id, d.django_ct, d.django_id, s.data FROM documents d "
                    f"JOIN stored s ON s.rowid = d.rowid WHERE d.rowid IN ({', '.join('?' * len(rowids))})",
                    rowids,
                )
            )
        return [(*stored[rowid], score) for rowid, score in page]

    def _results(self, rows, result_class, terms):
        unified = connections[self.connection_alias].get_unified_index()
        results = []
        for row in rows:
            identifier, django_ct, django_id, data, score = row
            model = haystack_get_model(*django_ct.split("."))
            index = unified.get_index(model)
            fields = {ID: identifier}
            for name, value in json.loads(data).items():
                field = index.fields.get(index.field_map.get(name, name))
                fields[name] = field.convert(value) if field else value
            if terms is not None:
                content = index.get_content_field()
                fields["highlighted"] = {
                    name: [
                        text.highlight(
                            fields.get(name) or "", terms, SNIPPET_WIDTH if name == content else None
                        )
                    ]
                    for name, _ in self.schema.text
                }
            results.append((result_class or SearchResult)(*django_ct.split("."), django_id, score, **fields))
        return results

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Documents sharing the most telling words (jieba's TF-IDF keywords) of a stored one."""
        tree = sql.parse(additional_query_string) if additional_query_string else ("all",)
        compiled = Compiler(self.schema).compile(
            self._restrict(tree, None, models, limit_to_registered_models)
        )
        with self.file.transaction(write=False) as db:
            found = db.execute(
                "SELECT d.rowid, s.data FROM documents d JOIN stored s ON s.rowid = d.rowid WHERE d.id = ?",
                [get_identifier(model_instance)],
            ).fetchone()
            if found is None:
                return {"results": [], "hits": 0}
            data = json.loads(found[1])
            words = text.keywords(" ".join(str(data.get(name) or "") for name, _ in self.schema.text))
            hits = self._collect_similar(db, found[0], words, compiled)
            rows = self._page(db, self._order(compiled, None), start_offset, end_offset)
        return {"results": self._results(rows, result_class, None), "hits": hits}

    def _collect_similar(self, db, rowid, words, compiled):
        """Gather in `hits` the other documents sharing the most telling words, the first words weighing most.

        Each word looks only at the newest SIMILAR_SCAN documents that have
        it (FTS5 walks rowids downwards and stops), so related articles cost
        the same however large the archive and however common the word.
        """
        columns = self._empty_hits(db)
        parts, params = [], []
        for weight, word in enumerate(reversed(words), start=1):
            match = TextMatch([word])
            table, expression = ("grams", match.grams()) if match.long else ("chars", match.chars())
            parts.append(
                f"SELECT rowid, {weight} AS weight FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? "
                f"ORDER BY rowid DESC LIMIT {SIMILAR_SCAN})"
            )
            params.append(expression)
        if not parts:
            return 0
        db.execute(
            f"INSERT INTO hits SELECT s.rowid, -sum(s.weight), 0{columns} FROM ({' UNION ALL '.join(parts)}) s "
            f"JOIN documents d ON d.rowid = s.rowid WHERE s.rowid != ? AND ({compiled.where}) GROUP BY s.rowid",
            [*params, rowid, *compiled.params],
        )
        return db.execute("SELECT count(*) FROM hits").fetchone()[0]


class FTS5SearchQuery(BaseSearchQuery):
    def matching_all_fragment(self):
        return "*"

    def run_mlt(self, **kwargs):
        """Fetch only the page asked for: haystack gives more_like_this no offsets of its own."""
        kwargs.setdefault("start_offset", self.start_offset)
        kwargs.setdefault("end_offset", self.end_offset)
        super().run_mlt(**kwargs)

    def boost_fragment(self, boost_word, boost_value):
        return ""  # weights live on the fields (their `boost`), not in queries

    def build_query_fragment(self, field, filter_type, value):
        if hasattr(value, "values_list"):
            value = list(value)
        negate = isinstance(value, Not)
        if isinstance(value, Exact):
            filter_type = "exact"
        if isinstance(value, BaseInput):
            value = value.query_string
        if isinstance(value, set | tuple):
            value = list(value)
        if field != sql.CONTENT:
            field = connections[self._using].get_unified_index().get_index_fieldname(field)
        fragment = f"{field}__{filter_type}={json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)}"
        return f"NOT ({fragment})" if negate else fragment


class FTS5Engine(BaseEngine):
    backend = FTS5SearchBackend
    query = FTS5SearchQuery
