"""A haystack backend on SQLite's FTS5: substring search in Chinese, in milliseconds.

The index is its own SQLite file (HAYSTACK_CONNECTIONS["default"]["PATH"]),
so it serves whatever database the portal runs on. It has four tables:

- `documents`: one row per indexed object, its stored fields as JSON and a
  column for each field the search filters, sorts or facets by;
- `multi`: the values of multi-valued fields (districts, reporters);
- `grams`: FTS5 with the trigram tokenizer over the folded full text;
- `chars`: FTS5 over the same text with one token per character, which
  answers one- and two-character terms as phrases ("北 斗").

Writes run in one IMMEDIATE transaction each, in WAL mode with a busy
timeout, so gunicorn workers and an import can write at once without
losing an update. See sql.py for the query language and text.py for folding.
"""

import json
import logging
import os
import sqlite3
import threading
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from haystack import connections
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery, log_query
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.inputs import BaseInput, Exact, Not
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model

from . import sql
from .sql import Compiler, Schema, TextMatch, column, db_value
from .text import fold, highlight, keywords, spaced

log = logging.getLogger(__name__)

SNIPPET_WIDTH = 120


class SearchIndexUnavailable(SearchBackendError):
    """The index file is missing, damaged or built for other fields: rebuild it."""

    def __init__(self, reason):
        super().__init__(f"{reason}; run `python manage.py rebuild_index --noinput` to build it")
        self.reason = reason


class FTS5SearchBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.path = Path(options["PATH"])
        self.timeout = options.get("TIMEOUT", 30)
        self.local = threading.local()

    @cached_property
    def schema(self):
        return Schema.from_fields(connections[self.connection_alias].get_unified_index().all_searchfields())

    # The file --------------------------------------------------------------

    def _connect(self, create):
        """This thread's connection, to an index built for the current fields."""
        local = self.local
        if getattr(local, "pid", None) != os.getpid():  # never share a connection across fork()
            local.db, local.pid = None, os.getpid()
        if local.db is None:
            if not create and not self.path.exists():
                raise SearchIndexUnavailable(f"the search index {self.path} does not exist")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA temp_store=MEMORY")
                found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.OperationalError as error:
                if "no such table" not in str(error):
                    raise
                found = None
            if found is None and create:
                self._create(db, replace=False)
            elif found is None:
                raise SearchIndexUnavailable(f"the search index {self.path} has not been built")
            elif found[0] != self.schema.fingerprint:
                raise SearchIndexUnavailable(f"the search index {self.path} was built for other fields")
            local.db = db
        return local.db

    def _create(self, db, replace):
        """Create the tables; `replace` drops what was there, an index of other fields or none."""
        text = ", ".join(f'"{name}"' for name, _ in self.schema.text)
        columns = "".join(f', "f_{name}"' for name, _ in self.schema.columns)
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found and not replace:  # another process created it meanwhile
            db.execute("COMMIT")
            return
        for table in ("documents", "stored", "multi", "grams", "chars"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in (
            # Small rows, for filtering and sorting; the stored fields are apart, read for one page only.
            f"""CREATE TABLE documents (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                django_ct TEXT NOT NULL, django_id TEXT NOT NULL{columns})""",
            "CREATE TABLE stored (rowid INTEGER PRIMARY KEY, data TEXT NOT NULL)",
            """CREATE TABLE multi (doc INTEGER NOT NULL, field TEXT NOT NULL, value,
                PRIMARY KEY (field, value, doc)) WITHOUT ROWID""",
            "CREATE INDEX multi_doc ON multi (doc)",
            f"CREATE VIRTUAL TABLE grams USING fts5({text}, tokenize = 'trigram')",
            f"""CREATE VIRTUAL TABLE chars USING fts5({text},
                tokenize = 'unicode61 remove_diacritics 0', content = '')""",
            # Filters, facets and sorting by date, section, kind, year.
            *(
                f'CREATE INDEX "documents_{name}" ON documents ("f_{name}")'
                for name, _ in self.schema.columns
            ),
        ):
            db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [self.schema.fingerprint])
        db.execute("COMMIT")

    @contextmanager
    def _transaction(self, write):
        try:
            db = self._connect(create=write)
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.DatabaseError as error:
            raise self._unavailable(error) from None
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _unavailable(self, error):
        """A damaged or vanished index; other errors (busy past the timeout, a bug) stay as they are."""
        damaged = ("no such table", "no such column", "malformed", "not a database", "disk I/O")
        if isinstance(error, sqlite3.OperationalError) and not any(words in str(error) for words in damaged):
            return error
        self.local.db = None
        return SearchIndexUnavailable(f"the search index {self.path} cannot be used ({error})")

    # Writing ---------------------------------------------------------------

    def update(self, index, iterable, commit=True):
        """Index the objects; a queryset is read inside the write lock, so the last writer wins."""
        stored = {
            f.index_fieldname for f in index.fields.values() if f.stored and not hasattr(f, "facet_for")
        }
        with self._transaction(write=True) as db:
            for obj in iterable:
                try:
                    document = index.full_prepare(obj)
                except SkipDocument:
                    continue
                self._write(db, document, stored)

    def _write(self, db, document, stored):
        found = db.execute("SELECT rowid FROM documents WHERE id = ?", [document[ID]]).fetchone()
        if found:
            self._delete(db, found[0])
        data = json.dumps(
            {k: v for k, v in document.items() if k in stored}, cls=DjangoJSONEncoder, ensure_ascii=False
        )
        names = [name for name, _ in self.schema.columns]
        values = [db_value(kind, document.get(name)) for name, kind in self.schema.columns]
        columns = "".join(f', "f_{name}"' for name in names)
        rowid = db.execute(
            f"INSERT INTO documents (rowid, id, django_ct, django_id{columns}) "
            f"VALUES ({', '.join('?' * (4 + len(names)))})",
            [found[0] if found else None, document[ID], document[DJANGO_CT], document[DJANGO_ID], *values],
        ).lastrowid
        db.execute("INSERT INTO stored VALUES (?, ?)", [rowid, data])
        texts = [fold(str(document.get(name) or "")) for name, _ in self.schema.text]
        self._insert_text(db, "grams", rowid, texts)
        self._insert_text(db, "chars", rowid, [spaced(text) for text in texts])
        for name in self.schema.multi:
            for value in document.get(name) or ():
                db.execute(
                    "INSERT OR IGNORE INTO multi VALUES (?, ?, ?)", [rowid, name, db_value("string", value)]
                )

    def _insert_text(self, db, table, rowid, texts, command=None):
        names = ", ".join(f'"{name}"' for name, _ in self.schema.text)
        head, values = (f"{table}, rowid", [command, rowid]) if command else ("rowid", [rowid])
        marks = ", ".join("?" * (len(values) + len(texts)))
        db.execute(f"INSERT INTO {table} ({head}, {names}) VALUES ({marks})", [*values, *texts])

    def _delete(self, db, rowid):
        names = ", ".join(f'"{name}"' for name, _ in self.schema.text)
        old = db.execute(f"SELECT {names} FROM grams WHERE rowid = ?", [rowid]).fetchone()
        if old:
            # `chars` keeps no text of its own: it is told exactly what it indexed.
            self._insert_text(db, "chars", rowid, [spaced(text or "") for text in old], command="delete")
        for statement in (
            "DELETE FROM grams WHERE rowid = ?",
            "DELETE FROM multi WHERE doc = ?",
            "DELETE FROM stored WHERE rowid = ?",
            "DELETE FROM documents WHERE rowid = ?",
        ):
            db.execute(statement, [rowid])

    def remove(self, obj_or_string, commit=True):
        with self._transaction(write=True) as db:
            found = db.execute("SELECT rowid FROM documents WHERE id = ?", [get_identifier(obj_or_string)])
            for (rowid,) in found.fetchall():
                self._delete(db, rowid)

    def clear(self, models=None, commit=True):
        if models is None:
            self._recreate()
            return
        with self._transaction(write=True) as db:
            for model in models:
                found = db.execute("SELECT rowid FROM documents WHERE django_ct = ?", [get_model_ct(model)])
                for (rowid,) in found.fetchall():
                    self._delete(db, rowid)

    def _recreate(self):
        """An empty index for the current fields, in place of whatever was there, even a damaged file."""
        self.local.db = None
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            self._create(db, replace=True)
        except sqlite3.DatabaseError as error:
            db.close()
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise
            log.warning("replacing the damaged search index %s (%s)", self.path, error)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            self._create(db, replace=True)
        db.execute("VACUUM")  # give back the space of what was dropped
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA temp_store=MEMORY")
        self.local.db, self.local.pid = db, os.getpid()

    def optimize(self):
        with self._transaction(write=True) as db:
            for table in ("grams", "chars"):
                db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

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
        order, order_params = self._order(compiled, sort_by)
        limit = -1 if end_offset is None else max(0, end_offset - start_offset)
        with self._reading() as db:
            hits = self._collect(db, compiled)
            page = db.execute(
                f"SELECT h.rowid, h.score FROM hits h JOIN documents d ON d.rowid = h.rowid "
                f"ORDER BY {order} LIMIT ? OFFSET ?",
                [*order_params, limit, start_offset],
            ).fetchall()
            rows = self._stored(db, page)
            counts = self._facets(db, facets or {}, date_facets or {})
        terms = compiled.highlights if highlight else None
        return {
            "results": self._results(rows, result_class, terms),
            "hits": hits,
            "facets": counts,
            "spelling_suggestion": None,
        }

    @contextmanager
    def _reading(self):
        """One snapshot for the count, the page and the facets."""
        with self._transaction(write=False) as db:
            try:
                yield db
            except sqlite3.DatabaseError as error:
                raise self._unavailable(error) from None

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

    def _collect(self, db, compiled):
        """Gather the matching documents and their BM25 score in the temporary table `hits`.

        The full-text match runs once; the count, the page and the facets
        then read `hits`. The text that every result contains drives the
        query: its FTS5 tables come first in the join (CROSS JOIN keeps that
        order), the other conditions filter what they find.
        """
        db.execute("CREATE TEMP TABLE IF NOT EXISTS hits (rowid INTEGER PRIMARY KEY, score REAL)")
        db.execute("DELETE FROM hits")
        sources, params, scores, where = [], [], [], [compiled.where]
        ranking = compiled.ranking
        if ranking:
            for table, expression in (("grams", ranking.grams()), ("chars", ranking.chars())):
                if expression:
                    sources.append(
                        f"(SELECT rowid, bm25({table}, {self.schema.weights}) AS score "
                        f"FROM {table} WHERE {table} MATCH ?) {table[0]}"
                    )
                    params.append(expression)
                    scores.append(f"{table[0]}.score")
            confirmations, confirmation_params = ranking.confirmations()
            where += confirmations
            params += compiled.params + confirmation_params
        else:
            params += compiled.params
        joins = (
            " CROSS JOIN ".join(
                [
                    sources[0],
                    *(f"{source} ON {source[-1]}.rowid = {sources[0][-1]}.rowid" for source in sources[1:]),
                ]
            )
            if sources
            else ""
        )
        source = (
            f"FROM {joins} CROSS JOIN documents d ON d.rowid = {sources[0][-1]}.rowid"
            if sources
            else "FROM documents d"
        )
        conditions = " AND ".join(f"({condition})" for condition in where)
        score = " + ".join(scores) or "0.0"
        db.execute(f"INSERT INTO hits SELECT d.rowid, {score} {source} WHERE {conditions}", params)
        return db.execute("SELECT count(*) FROM hits").fetchone()[0]

    def _order(self, compiled, sort_by):
        """ORDER BY for `hits` h and documents d: title and exact-phrase tiers, BM25, the newest; or as asked."""
        terms, params = [], []
        if sort_by:
            for name in sort_by:
                field, direction = name.lstrip("-"), "DESC" if name.startswith("-") else "ASC"
                terms.append(f"h.score {direction}" if field == "score" else f"{column(field)} {direction}")
        else:
            ranking, query = compiled.ranking, compiled.query
            tiers = []
            if ranking and self.schema.title:
                tiers.append(ranking.scoped(self.schema.title))
            if query and len(query.terms) > 1:
                tiers.append(TextMatch(self.schema, [query.phrase]))
            for tier in tiers:
                condition, condition_params = tier.conditions(target="h.rowid")
                terms.append(f"({condition}) DESC")
                params += condition_params
        terms.append("h.score")
        if self.schema.recency:
            terms.append(f"{column(self.schema.recency)} DESC")
        terms.append("h.rowid DESC")
        return ", ".join(terms), params

    def _facets(self, db, facets, date_facets):
        counts = {"fields": {}, "dates": {}, "queries": {}}
        for name, options in facets.items():
            limit = options.get("limit", -1)
            if name in self.schema.multi:
                statement = (
                    "SELECT m.value, count(*) FROM hits h JOIN multi m ON m.doc = h.rowid AND m.field = ? "
                    "GROUP BY m.value ORDER BY 2 DESC, 1 LIMIT ?"
                )
                rows = db.execute(statement, [name, limit])
            else:
                target = column(name)
                statement = (
                    f"SELECT {target}, count(*) FROM hits h JOIN documents d ON d.rowid = h.rowid "
                    f"WHERE {target} IS NOT NULL GROUP BY {target} ORDER BY 2 DESC, 1 LIMIT ?"
                )
                rows = db.execute(statement, [limit])
            counts["fields"][name] = [tuple(row) for row in rows]
        for name, options in date_facets.items():
            width = {"year": 4, "month": 7, "day": 10}[options["gap_by"]]
            target = f"substr({column(name)}, 1, {width})"
            statement = (
                f"SELECT {target}, count(*) FROM hits h JOIN documents d ON d.rowid = h.rowid "
                f"WHERE {target} IS NOT NULL GROUP BY 1 ORDER BY 1"
            )
            counts["dates"][name] = [tuple(row) for row in db.execute(statement)]
        return counts

    def _stored(self, db, page):
        """(id, django_ct, django_id, stored fields, score) of each (rowid, score), in order."""
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
                        highlight(fields.get(name) or "", terms, SNIPPET_WIDTH if name == content else None)
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
        with self._reading() as db:
            found = db.execute(
                "SELECT d.rowid, s.data FROM documents d JOIN stored s ON s.rowid = d.rowid WHERE d.id = ?",
                [get_identifier(model_instance)],
            ).fetchone()
        if found is None:
            return {"results": [], "hits": 0}
        rowid, data = found[0], json.loads(found[1])
        match = TextMatch(
            self.schema, keywords(" ".join(str(data.get(name) or "") for name, _ in self.schema.text))
        )
        tree = sql.parse(additional_query_string) if additional_query_string else ("all",)
        compiled = Compiler(self.schema).compile(
            self._restrict(tree, None, models, limit_to_registered_models)
        )
        scored, params = [], []
        for table, expression in (("grams", match.grams("OR")), ("chars", match.chars("OR"))):
            if expression:
                scored.append(
                    f"{table[0]} AS MATERIALIZED (SELECT rowid, bm25({table}, {self.schema.weights}) AS score "
                    f"FROM {table} WHERE {table} MATCH ?)"
                )
                params.append(expression)
        if not scored:
            return {"results": [], "hits": 0}
        union = " UNION ALL ".join(f"SELECT rowid, score FROM {name[0]}" for name in scored)
        source = (
            f"WITH {', '.join(scored)}, s AS (SELECT rowid, sum(score) AS score FROM ({union}) GROUP BY rowid) "
            f"SELECT {{}} FROM s JOIN documents d ON d.rowid = s.rowid JOIN stored ON stored.rowid = s.rowid "
            f"WHERE d.rowid != ? AND {compiled.where}"
        )
        params += [rowid, *compiled.params]
        recency = f", {column(self.schema.recency)} DESC" if self.schema.recency else ""
        limit = -1 if end_offset is None else max(0, end_offset - start_offset)
        with self._reading() as db:
            hits = db.execute(source.format("count(*)"), params).fetchone()[0]
            rows = db.execute(
                source.format("d.id, d.django_ct, d.django_id, stored.data, s.score")
                + f" ORDER BY s.score{recency} LIMIT ? OFFSET ?",
                [*params, limit, start_offset],
            ).fetchall()
        return {"results": self._results(rows, result_class, None), "hits": hits}


class FTS5SearchQuery(BaseSearchQuery):
    def matching_all_fragment(self):
        return "*"

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
