"""A haystack backend on SQLite's FTS5: substring search in Chinese, in milliseconds.

The index is its own SQLite file (HAYSTACK_CONNECTIONS["default"]["PATH"],
see store.py), so it serves whatever database the portal runs on. A query
finds what contains its text, as a substring search would (sql.py), in the
text folded for width, case, traditional characters and misprints (text.py);
BM25 ranks it, the title block (kicker, headline, subtitle) weighing most,
with matches in the title block and exact phrases first and the newest
breaking ties.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from haystack import connections
from haystack.backends import BaseEngine, BaseSearchBackend, log_query
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model

from . import text
from .exceptions import SearchIndexUnavailable
from .layout import DAY, TITLE_TABLES, Schema, db_value
from .query import TreeSearchQuery, as_tree
from .sql import Compiled, Compiler, TextMatch
from .store import IndexFile

__all__ = ["FTS5Engine", "SearchIndexUnavailable"]

SNIPPET_WIDTH = 120
SIMILAR_SCAN = 1000
# How many of the newest matches are ranked and counted by field (the
# connection's WINDOW option): enough for every page a reader turns to.
WINDOW = 500


@dataclass(frozen=True)
class Found:
    """What a search gathered in `hits`: `collected` rows of `count` matches, the `newest` with their columns."""

    compiled: Compiled
    count: int
    collected: int
    newest: int
    years: dict | None = None  # the count by the year of the date (None: no date), when not all are in `hits`

    @property
    def complete(self):
        """Every match is a row of `hits` with its `documents` columns, so facets may count `hits`."""
        return self.newest == self.count


class QueryLanguageBackend(BaseSearchBackend):
    """What every backend of ours shares: the query language and its snippets."""

    def _restrict(self, tree, narrow_queries, models, limit_to_registered_models):
        parts = [tree, *(as_tree(query) for query in narrow_queries or ())]
        registered = set(self.build_models_list())
        if models:
            choices = {get_model_ct(model) for model in models}
        elif limit_to_registered_models is not False:
            choices = registered
        else:
            choices = None
        # The index holds the registered models alone (rebuild_index drops the rest): no need to ask.
        if choices is not None and not choices >= registered:
            parts.append(("leaf", DJANGO_CT, "in", sorted(choices)))
        return ("and", parts)

    def _highlighted(self, index, fields, terms):
        """Each text field with the terms marked; the document field as a snippet around them."""
        content = index.get_content_field()
        return {
            name: [text.highlight(fields.get(name) or "", terms, SNIPPET_WIDTH if name == content else None)]
            for name, _ in self.schema.text
        }


class FTS5SearchBackend(QueryLanguageBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.path = Path(options["PATH"])
        self.timeout = options.get("TIMEOUT", 30)
        self.window = options.get("WINDOW", WINDOW)

    @cached_property
    def file(self):
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        return IndexFile(self.path, Schema.from_fields(fields), self.timeout)

    @property
    def schema(self):
        return self.file.schema

    def update(self, index, iterable, commit=True, file=None):
        """Index the objects; a queryset is read inside the write lock, so the last writer wins."""
        file = file or self.file
        stored = {
            f.index_fieldname for f in index.fields.values() if f.stored and not hasattr(f, "facet_for")
        }
        with file.transaction(write=True) as db:
            for obj in iterable:
                try:
                    document = index.full_prepare(obj)
                except SkipDocument:
                    continue
                file.write(db, document, stored)

    def rebuild(self, index, batches):
        """A new index of the objects in `batches` (iterables), swapped in whole when it is built."""

        def build(new):
            for batch in batches:
                self.update(index, batch, file=new)

        self.file.replace_with(build)

    def exists(self):
        return self.file.exists()

    def indexed_ids(self, model):
        """The primary keys of the model's documents, as text."""
        return self.file.ids(get_model_ct(model))

    def document_count(self, model):
        return self.file.count(get_model_ct(model))

    def stamps(self, kind):
        return self.file.stamps(kind)

    def set_stamps(self, kind, stamps):
        self.file.set_stamps(kind, stamps)

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
        tree = as_tree(query_string)
        if tree is None:
            return {"results": [], "hits": 0}
        tree = self._restrict(tree, narrow_queries, models, limit_to_registered_models)
        compiled = Compiler(self.schema).compile(tree)
        newest_first = not sort_by or list(sort_by) == [f"-{self.schema.recency}"]
        with self.file.transaction(write=False) as db:
            found = self._collect(db, compiled, self.window if newest_first else None, titles=not sort_by)
            rows = self._page(db, found, self._order(compiled, sort_by), start_offset, end_offset)
            counts = self._facets(db, found, facets or {}, date_facets or {})
        terms = compiled.highlights if highlight else None
        return {
            "results": self._results(rows, result_class, terms),
            "hits": found.count,
            "facets": counts,
            "spelling_suggestion": None,
        }

    def _empty_hits(self, db):
        """This connection's own `hits`, emptied; returns the SQL of the columns it copies from `documents` d."""
        columns = "".join(f', "f_{name}"' for name, _ in self.schema.columns)
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS hits "
            f"(rowid INTEGER PRIMARY KEY, score REAL, title REAL, newest INTEGER{columns})"
        )
        db.execute("DELETE FROM hits")
        return columns.replace(', "', ', d."')

    def _source(self, match, bounds, scored=False, documents=True):
        """FROM the documents that contain `match` within the rowid bounds: (SQL, params, rowid SQL, score SQL).

        The FTS5 tables come first (CROSS JOIN keeps that order), the first
        driving, and `documents` d, which the other conditions filter, last.
        Without text to match, `documents` alone.
        """
        if not match:
            source = "(SELECT rowid FROM documents WHERE rowid BETWEEN ? AND ?) b CROSS JOIN documents d USING (rowid)"
            return source, list(bounds), "b.rowid", "0.0"
        tables = [(table, expression) for table, expression in match.expressions() if expression]
        weights = "" if match.tables == TITLE_TABLES else f", {self.schema.weights}"
        joins, params = [], []
        for n, (table, expression) in enumerate(tables):
            score = f", bm25({table}{weights}) AS score" if scored else ""
            subquery = (
                f"(SELECT rowid{score} FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?) t{n}"
            )
            joins.append(f"{subquery} ON t{n}.rowid = t0.rowid" if n else subquery)
            params += [expression, *bounds]
        if documents:
            joins.append("documents d ON d.rowid = t0.rowid")
        score = " + ".join(f"t{n}.score" for n in range(len(tables)))
        return " CROSS JOIN ".join(joins), params, "t0.rowid", score

    def _collect(self, db, compiled, window, titles):
        """Gather the matches, scored, in the temporary table `hits`; returns what was found.

        With a `window`, `hits` holds the newest `window` matches and the
        newest `window` whose title block has every term (`titles`): the words a
        reader types most often are in tens of thousands of articles, and
        scoring them all costs what a reader notices. Ranking, field facets and
        the first pages read `hits`; the count and the date facets stay exact.
        """
        columns = self._empty_hits(db)
        source, params, rowid, score = self._source(compiled.ranking, compiled.bounds, scored=True)
        limit = -1 if window is None else window
        db.execute(
            f"INSERT INTO hits SELECT d.rowid, {score}, 0, 1{columns} FROM {source} WHERE {compiled.where} "
            f"ORDER BY {rowid} DESC LIMIT ?",
            [*params, *compiled.params, limit],
        )
        collected = newest = db.execute("SELECT count(*) FROM hits").fetchone()[0]
        years = None
        if window is None or newest < window:
            count = newest
        elif self.schema.recency:
            years = self._by_year(db, compiled)
            count = sum(years.values())
        else:
            count = self._count(db, compiled, compiled.bounds)
        titled = compiled.ranking and not compiled.ranking.field and self.schema.titles
        if titles and titled:
            # Title matches past the window are ranked, never counted by field: no `documents` columns.
            match = TextMatch(compiled.query.terms, tables=TITLE_TABLES)
            source, params, rowid, score = self._source(
                match, compiled.bounds, scored=True, documents=compiled.where != "1"
            )
            db.execute(
                f"INSERT INTO hits (rowid, score, title, newest) SELECT {rowid}, {score}, {score}, 0 "
                f"FROM {source} WHERE {compiled.where} ORDER BY {rowid} DESC LIMIT ? "
                "ON CONFLICT (rowid) DO UPDATE SET title = excluded.title",
                [*params, *compiled.params, limit],
            )
            collected = db.execute("SELECT count(*) FROM hits").fetchone()[0]
        return Found(compiled, count, collected, newest, years)

    def _count(self, db, compiled, bounds):
        """How many documents match, within the bounds; `documents` is read only if a condition needs it."""
        filtered = compiled.where != "1"
        source, params, _, _ = self._source(compiled.ranking, bounds, documents=filtered)
        return db.execute(
            f"SELECT count(*) FROM {source} WHERE {compiled.where}", [*params, *compiled.params]
        ).fetchone()[0]

    def _order(self, compiled, sort_by):
        """ORDER BY for `hits` d: title-block matches, exact phrases, BM25, the newest; or as asked."""
        terms, params = [], []
        if sort_by:
            for name in sort_by:
                field, direction = name.lstrip("-"), "DESC" if name.startswith("-") else "ASC"
                terms.append(
                    f"d.score {direction}" if field == "score" else f"{self.schema.column(field)} {direction}"
                )
        else:
            terms.append("d.title < 0 DESC")
            query = compiled.query
            if query and len(query.terms) > 1:
                condition, condition_params = TextMatch([query.phrase]).conditions()
                terms.append(f"({condition}) DESC")
                params += condition_params
            terms += ["d.title", "d.score"]
        terms.append("d.rowid DESC")  # rowids follow dates: the newest first
        return ", ".join(terms), params

    def _facets(self, db, found, facets, date_facets):
        """Field facets count the newest matches in `hits`; date facets count every match."""
        counts = {"fields": {}, "dates": {}, "queries": {}}
        if found.newest < found.count:  # each field facet's count of the results it covers
            counts["counted"] = dict.fromkeys(facets, found.newest)
        for name, options in facets.items():
            limit = options.get("limit", -1)
            if name in self.schema.multi:
                statement = (
                    "SELECT m.value, count(*) FROM hits d CROSS JOIN multi m ON m.doc = d.rowid AND m.field = ? "
                    "WHERE d.newest GROUP BY m.value ORDER BY 2 DESC, 1 LIMIT ?"
                )
                rows = db.execute(statement, [name, limit])
            else:
                target = self.schema.column(name)
                statement = (
                    f"SELECT {target}, count(*) FROM hits d "
                    f"WHERE d.newest AND {target} IS NOT NULL GROUP BY {target} ORDER BY 2 DESC, 1 LIMIT ?"
                )
                rows = db.execute(statement, [limit])
            counts["fields"][name] = [tuple(row) for row in rows]
        for name, options in date_facets.items():
            counts["dates"][name] = self._date_facet(db, found, name, options)
        return counts

    def _date_facet(self, db, found, name, options):
        """[(bucket, count)] of every match, the bucket the date's first 4, 7 or 10 characters."""
        width = {"year": 4, "month": 7, "day": 10}[options["gap_by"]]
        first, last = (
            db_value("date", options.get(key))[:width] if options.get(key) else None
            for key in ("start_date", "end_date")
        )
        compiled = found.compiled
        target = f"substr({self.schema.column(name)}, 1, {width})"
        if found.complete:
            rows = db.execute(f"SELECT {target}, count(*) FROM hits d WHERE {target} IS NOT NULL GROUP BY 1")
        elif name == self.schema.recency and width == 4 and found.years is not None:
            rows = [(year, count) for year, count in found.years.items() if year]
        else:
            source, params, _, _ = self._source(compiled.ranking, compiled.bounds)
            rows = db.execute(
                f"SELECT {target}, count(*) FROM {source} WHERE ({compiled.where}) AND {target} IS NOT NULL "
                "GROUP BY 1",
                [*params, *compiled.params],
            )
        return sorted(
            (bucket, count)
            for bucket, count in rows
            if count and (first is None or bucket >= first) and (last is None or bucket <= last)
        )

    def _by_year(self, db, compiled):
        """Every match counted by the year of its date (None: no date) in one pass over the matches."""
        if compiled.where == "1" and compiled.ranking:
            years = dict(self._years_by_rowid(db, compiled))
            if compiled.bounds[0] < DAY:
                years[None] = self._count(db, compiled, (compiled.bounds[0], DAY - 1))
            return years
        source, params, _, _ = self._source(compiled.ranking, compiled.bounds)
        year = f"substr({self.schema.column(self.schema.recency)}, 1, 4)"
        return dict(
            db.execute(
                f"SELECT {year}, count(*) FROM {source} WHERE {compiled.where} GROUP BY 1",
                [*params, *compiled.params],
            )
        )

    def _years_by_rowid(self, db, compiled):
        """Each year's matches counted within its rowids: FTS5 reads no document to count them."""
        lowest, highest = compiled.bounds
        span = [
            db.execute(
                f"SELECT rowid FROM documents WHERE rowid BETWEEN ? AND ? ORDER BY rowid {direction} LIMIT 1",
                [max(lowest, DAY), highest],
            ).fetchone()
            for direction in ("ASC", "DESC")
        ]
        if span[0] is None:
            return []
        first, last = (datetime.date.fromordinal(rowid // DAY).year for (rowid,) in span)
        years = []
        for year in range(first, last + 1):
            bounds = (
                max(lowest, datetime.date(year, 1, 1).toordinal() * DAY),
                min(highest, datetime.date(year + 1, 1, 1).toordinal() * DAY - 1),
            )
            years.append((str(year), self._count(db, compiled, bounds)))
        return years

    def _page(self, db, found, order, start_offset, end_offset):
        """(id, django_ct, django_id, stored fields, score) of each hit on the page, in order.

        The pages past what `hits` holds go on newest first.
        """
        order, order_params = order
        limit = -1 if end_offset is None else max(0, end_offset - start_offset)
        page = []
        if start_offset < found.collected:
            page = db.execute(
                f"SELECT d.rowid, d.score FROM hits d ORDER BY {order} LIMIT ? OFFSET ?",
                [*order_params, limit, start_offset],
            ).fetchall()
        if found.collected < found.count and (limit < 0 or len(page) < limit):
            compiled = found.compiled
            source, params, rowid, _ = self._source(compiled.ranking, compiled.bounds)
            page += db.execute(
                f"SELECT {rowid}, 0.0 FROM {source} WHERE ({compiled.where}) "
                f"AND {rowid} NOT IN (SELECT rowid FROM hits) ORDER BY {rowid} DESC LIMIT ? OFFSET ?",
                [
                    *params,
                    *compiled.params,
                    limit - len(page) if limit >= 0 else -1,
                    max(0, start_offset - found.collected),
                ],
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
                fields["highlighted"] = self._highlighted(index, fields, terms)
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
        tree = as_tree(additional_query_string) or ("all",)
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
            found = Found(compiled, hits, hits, hits)
            rows = self._page(db, found, self._order(compiled, None), start_offset, end_offset)
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
            f"INSERT INTO hits SELECT s.rowid, -sum(s.weight), 0, 1{columns} FROM ({' UNION ALL '.join(parts)}) s "
            "JOIN documents d ON d.rowid = s.rowid WHERE s.rowid != ? AND s.rowid BETWEEN ? AND ? "
            f"AND ({compiled.where}) GROUP BY s.rowid",
            [*params, rowid, *compiled.bounds, *compiled.params],
        )
        return db.execute("SELECT count(*) FROM hits").fetchone()[0]


class FTS5Engine(BaseEngine):
    backend = FTS5SearchBackend
    query = TreeSearchQuery
