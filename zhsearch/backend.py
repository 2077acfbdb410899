"""A haystack backend on SQLite's FTS5: substring search in Chinese over an index of character pairs.

The index is its own SQLite file (HAYSTACK_CONNECTIONS["default"]["PATH"],
see store.py), so it serves whatever database the portal runs on. A query
finds what contains its text, as a substring search would (sql.py), in the
text folded for width, case, traditional characters and misprints (text.py);
BM25 ranks every match, the title block (kicker, headline, subtitle)
weighing most, with matches in the title block and exact phrases first and
the newest breaking ties; the count and every facet cover every match.
"""

import functools
import math
import multiprocessing
import os
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from haystack import connections
from haystack.backends import BaseEngine, log_query
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model

from . import text
from .base import SearchBackend
from .exceptions import SearchIndexUnavailable
from .layout import TITLE_TABLES, Schema, db_value
from .query import TreeSearchQuery, as_tree
from .sql import Compiler, TextMatch
from .store import IndexFile, folded, opening, prepare, unpack
from .text import short_token

__all__ = ["FTS5Engine", "SearchIndexUnavailable"]

SIMILAR_SCAN = 300
# Every match is ranked by BM25 while there are at most this many (the connection's
# RANK_LIMIT): ranking costs far more a match than counting, so past this the page's
# time would grow with the archive.
RANK_LIMIT = 20_000
# The FTS5 table that keeps no positions, so no BM25 of its own (layout.py).
UNRANKED = "chars"


class FTS5SearchBackend(SearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.path = Path(options["PATH"])
        self.timeout = options.get("TIMEOUT", 30)
        self.rank_limit = options.get("RANK_LIMIT", RANK_LIMIT)
        self.counted = options.get("FACETS")
        self.workers = options.get("WORKERS", os.cpu_count() or 1)
        self._ready = None  # inside pipelined(): hands documents to the preparing process
        self._pending = None  # the entries of the last update, not written yet
        self._after = []  # writes that follow the pending entries (their stamps)

    @cached_property
    def file(self):
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        return IndexFile(self.path, Schema.from_fields(fields, self.counted), self.timeout)

    @property
    def schema(self):
        return self.file.schema

    def update(self, index, iterable, commit=True):
        """Index the objects; a queryset is read inside the write lock, so the last writer wins.

        Inside pipelined() the objects are read at once and written at the next update.
        """
        stored = _stored_fields(index)
        if self._ready is not None:
            job = self._ready(self.schema, list(_documents(index, iterable)), stored, text.learn_words())
            self._drain()
            self._pending = job
            return
        with self.file.transaction(write=True) as db:
            text.learn_words()  # names imported since: keywords keep them whole
            for document in _documents(index, iterable):
                self.file.write(db, prepare(self.schema, document, stored))

    @contextmanager
    def pipelined(self):
        """Within the block, each update is made ready in another process and written at the next one.

        For many small updates in a row (an import's files): this process goes
        on reading the next objects while another folds and tokenizes the last.
        A search meanwhile misses the last update; what a crash leaves out, the
        stamps tell (they are written after the entries they describe).
        """
        text.preload()  # before forking: the process shares jieba and the folding table
        with _preparing(self.workers - 1) as ready:
            self._ready = ready
            try:
                yield
                self._drain()
            finally:
                self._ready = self._pending = None
                self._after = []

    def _drain(self):
        """Write the pending entries, and what waits on them."""
        if self._pending is not None:
            self._write(self.file, self._pending())
            self._pending = None
        while self._after:
            self._after.pop(0)()

    def rebuild(self, index, batches):
        """A new index of the objects in `batches` (iterables), swapped in whole when it is built.

        With WORKERS above one (the machine's cores by default), processes of
        their own make the documents ready (store.prepare: folding, tokens,
        keywords) while this one reads the next batch and writes the last.
        """
        stored = _stored_fields(index)
        text.preload()  # before forking: the workers share jieba and the folding table

        def build(new):
            # One transaction: FTS5 writes its pending terms out at each commit, as segments to merge.
            with (
                _preparing(self.workers if self.workers > 1 else 0) as ready,
                new.transaction(write=True) as db,
            ):
                pending = None
                for batch in batches:
                    documents = list(_documents(index, batch))
                    job = ready(self.schema, documents, stored)
                    if pending is not None:
                        new.append(db, pending())
                    pending = job
                if pending is not None:
                    new.append(db, pending())

        self.file.replace_with(build)

    def _write(self, file, entries):
        with file.transaction(write=True) as db:
            for entry in entries:
                file.write(db, entry)

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
        if self._pending is not None:
            self._after.append(functools.partial(self.file.set_stamps, kind, stamps))
        else:
            self.file.set_stamps(kind, stamps)

    def remove(self, obj_or_string, commit=True):
        self._drain()
        with self.file.transaction(write=True) as db:
            self.file.delete_where(db, ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        self._drain()
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
        tree = self._query_tree(query_string, narrow_queries, models, limit_to_registered_models)
        if tree is None:
            return {"results": [], "hits": 0}
        compiled = Compiler(self.schema).compile(tree)
        with self.file.transaction(write=False) as db:
            combos = self._tally(db, compiled)
            count = sum(combos.values())
            limit = -1 if end_offset is None else max(0, end_offset - start_offset)
            titles_first = self._titles_first(compiled, sort_by, count)
            if sort_by or not compiled.ranking:
                page = self._sorted(db, compiled, sort_by or [f"-{self.schema.recency}"], limit, start_offset)
            elif titles_first or (self._titled(compiled) and not compiled.ranking.long):
                # Single characters have no BM25 (`chars` keeps no positions): the order is the same.
                page = self._titles_then_newest(db, compiled, limit, start_offset)
            else:
                page = self._ranked(db, compiled, limit, start_offset)
            rows = self._stored(db, page)
            counts = self._facets(db, compiled, combos, facets or {}, date_facets or {})
        if titles_first:  # so the page can say how it is ordered
            counts["titles_then_newest"] = {"rank_limit": self.rank_limit}
        terms = compiled.highlights if highlight else None
        return {
            "results": self._results(rows, result_class, terms),
            "hits": count,
            "facets": counts,
            "spelling_suggestion": None,
        }

    def _source(self, match, bounds, scored=False, documents=True):
        """FROM the documents that contain `match` within the rowid bounds: (SQL, params, rowid SQL, score SQL).

        The FTS5 tables come first (CROSS JOIN keeps that order), the first
        driving, and `documents` d, which the other conditions filter, last.
        The score is BM25's over the tables that keep positions (`chars`
        does not: its terms add nothing). Without text to match, `documents` alone.
        """
        if not match:
            source = "(SELECT rowid FROM documents WHERE rowid BETWEEN ? AND ?) b CROSS JOIN documents d USING (rowid)"
            return source, list(bounds), "b.rowid", "0.0"
        tables = [(table, expression) for table, expression in match.expressions() if expression]
        weights = "" if match.tables == TITLE_TABLES else f", {self.schema.weights}"
        joins, params, scores = [], [], []
        for n, (table, expression) in enumerate(tables):
            score = ""
            if scored and table != UNRANKED:
                score = f", bm25({table}{weights}) AS score"
                scores.append(f"t{n}.score")
            subquery = (
                f"(SELECT rowid{score} FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?) t{n}"
            )
            joins.append(f"{subquery} ON t{n}.rowid = t0.rowid" if n else subquery)
            params += [expression, *bounds]
        if documents:
            joins.append("documents d ON d.rowid = t0.rowid")
        return " CROSS JOIN ".join(joins), params, "t0.rowid", " + ".join(scores) or "0.0"

    def _tally(self, db, compiled):
        """{combo: how many matches have it}: every match counted, in one pass over them and `tally`.

        The combos come as one list and are counted here: SQLite's GROUP BY
        would sort every match first, which the count does not need.
        """
        source, params, rowid, _ = self._source(
            compiled.ranking, compiled.bounds, documents=compiled.where != "1"
        )
        (found,) = db.execute(
            f"SELECT group_concat(tl.combo) FROM {source} CROSS JOIN tally tl ON tl.rowid = {rowid} "
            f"WHERE {compiled.where}",
            [*params, *compiled.params],
        ).fetchone()
        return {int(combo): n for combo, n in Counter(found.split(",")).items()} if found else {}

    def _titled(self, compiled):
        """Whether the title block's matches rank first: a query of the whole text, on an index with titles."""
        ranking = compiled.ranking
        return bool(ranking and not ranking.field and self.schema.titles and compiled.query)

    def _titles_first(self, compiled, sort_by, count):
        """Whether too many match to rank them all (`rank_limit`), so the title block's rank first, then the newest.

        Scoring costs time for every match: past the limit the bodies' BM25
        is left out. Only words of one or two characters in a large
        share of the archive come to that.
        """
        return not sort_by and count > self.rank_limit and self._titled(compiled)

    def _ranked(self, db, compiled, limit, start_offset):
        """[(rowid, score)] of the page, every match ranked.

        The matches whose title block has every term first, then those with
        the exact phrase, then by BM25 (the title block's boost its weight),
        the newest: as the OpenSearch backend ranks them. The title block's
        matches are ranked by a pass of their own, and the rest only if the
        page reaches past them: BM25 is what costs, and a page that lies
        among the title matches scores no other.
        """
        if not self._titled(compiled):
            return self._ranked_among(db, compiled, None, limit, start_offset)
        titles = TextMatch(compiled.query.terms, tables=TITLE_TABLES)
        return self._titles_then_others(
            db,
            compiled,
            titles,
            lambda limit, offset: self._ranked_among(db, compiled, ("IN", titles), limit, offset),
            lambda titled, limit, offset: self._ranked_among(
                db, compiled, ("NOT IN", titles) if titled else None, limit, offset
            ),
            limit,
            start_offset,
        )

    def _titles_then_others(self, db, compiled, titles, in_titles, others, limit, start_offset):
        """The page: the title block's matches, `in_titles(limit, offset)`, then `others(titled, limit, offset)`.

        How many matches the title block has (`titled`) is counted only when
        the page reaches past them.
        """
        page, titled = [], 0
        source, params, _, _ = self._source(titles, compiled.bounds, documents=False)
        if db.execute(f"SELECT 1 FROM {source} LIMIT 1", params).fetchone():
            page = in_titles(limit, start_offset)
            if len(page) == limit:
                return page
            titled = (
                start_offset + len(page) if page or not start_offset else self._count(db, compiled, titles)
            )
        remaining = limit - len(page) if limit >= 0 else -1
        return page + others(titled, remaining, max(0, start_offset - titled))

    def _count(self, db, compiled, match):
        """How many documents contain `match` and meet the query's other conditions."""
        source, params, _, _ = self._source(match, compiled.bounds, documents=compiled.where != "1")
        (count,) = db.execute(
            f"SELECT count(*) FROM {source} WHERE {compiled.where}", [*params, *compiled.params]
        ).fetchone()
        return count

    def _ranked_among(self, db, compiled, tier, limit, start_offset):
        """[(rowid, score)] of the matches `IN` or `NOT IN` the documents of a tier's match, ranked.

        The tier is a condition of the outer query ("+" keeps SQLite from
        handing it to FTS5 as a lookup per rowid), so BM25 scores only what it
        lets through.
        """
        source, params, rowid, score = self._source(
            compiled.ranking, compiled.bounds, scored=True, documents=compiled.where != "1"
        )
        where, where_params = [f"({compiled.where})"], list(compiled.params)
        if tier:
            operator, match = tier
            members, member_params, member_rowid, _ = self._source(match, compiled.bounds, documents=False)
            where.append(f"+{rowid} {operator} (SELECT {member_rowid} FROM {members})")
            where_params += member_params
        order = []
        order_params = self._phrase(compiled, rowid, order)
        order = ", ".join([*order, score, f"{rowid} DESC"])
        return db.execute(
            f"SELECT {rowid}, {score} FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, *where_params, *order_params, limit, start_offset],
        ).fetchall()

    def _phrase(self, compiled, rowid, order):
        """Add the exact-phrase tier to `order` for a query of several terms; returns its parameters."""
        query = compiled.query
        if not query or len(query.terms) < 2:
            return []
        condition, params = TextMatch([query.phrase]).conditions(target=rowid)
        order.append(f"({condition}) DESC")
        return params

    def _titles_then_newest(self, db, compiled, limit, start_offset):
        """[(rowid, score)] of the page past `rank_limit`: the title block's matches ranked, then the newest."""
        filtered = compiled.where != "1"
        titles = TextMatch(compiled.query.terms, tables=TITLE_TABLES)

        def in_titles(limit, offset):
            source, params, rowid, score = self._source(
                titles, compiled.bounds, scored=True, documents=filtered
            )
            order = []
            order_params = self._phrase(compiled, rowid, order)
            order = ", ".join([*order, score, f"{rowid} DESC"])
            return db.execute(
                f"SELECT {rowid}, {score} FROM {source} WHERE {compiled.where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, *compiled.params, *order_params, limit, offset],
            ).fetchall()

        def newest(titled, limit, offset):
            source, params, rowid, _ = self._source(compiled.ranking, compiled.bounds, documents=filtered)
            where, params = [f"({compiled.where})"], [*params, *compiled.params]
            if titled:
                bare, bare_params, bare_rowid, _ = self._source(titles, compiled.bounds, documents=False)
                where.append(f"{rowid} NOT IN (SELECT {bare_rowid} FROM {bare})")
                params += bare_params
            return db.execute(
                f"SELECT {rowid}, 0.0 FROM {source} WHERE {' AND '.join(where)} "
                f"ORDER BY {rowid} DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()

        return self._titles_then_others(db, compiled, titles, in_titles, newest, limit, start_offset)

    def _sorted(self, db, compiled, sort_by, limit, start_offset):
        """[(rowid, score)] of the page in the order asked; the date that orders rowids needs no sort."""
        source, params, rowid, score = self._source(
            compiled.ranking, compiled.bounds, scored="score" in {name.lstrip("-") for name in sort_by}
        )
        terms = []
        for name in sort_by:
            field, direction = name.lstrip("-"), "DESC" if name.startswith("-") else "ASC"
            if field == "score":
                terms.append(f"{score} {direction}")
            elif field == self.schema.recency:
                terms.append(f"{rowid} {direction}")
            else:
                terms.append(f"{self.schema.column(field)} {direction}")
        terms.append(f"{rowid} DESC")  # rowids follow dates: the newest first
        return db.execute(
            f"SELECT {rowid}, {score} FROM {source} WHERE {compiled.where} "
            f"ORDER BY {', '.join(terms)} LIMIT ? OFFSET ?",
            [*params, *compiled.params, limit, start_offset],
        ).fetchall()

    def _facets(self, db, compiled, combos, facets, date_facets):
        """Field and date facets, each counting every match; those of `tally` from its counts at no cost."""
        counts = {"fields": {}, "dates": {}, "queries": {}}
        tallied = functools.cache(functools.partial(self._tallied, db, combos))
        for name, options in facets.items():
            if name in self.schema.counted:
                position = self.schema.counted.index(name) + 1
                rows = sorted(
                    ((value, n) for (at, value), n in tallied().items() if at == position),
                    key=lambda item: (-item[1], item[0]),
                )
            else:
                rows = self._field_facet(db, compiled, name)
            limit = options.get("limit", -1)
            counts["fields"][name] = rows[:limit] if limit and limit > 0 else rows
        for name, options in date_facets.items():
            counts["dates"][name] = self._date_facet(db, compiled, tallied, name, options)
        return counts

    def _tallied(self, db, combos):
        """{(position, value): how many matches have it}: position 0 the year, then each counted field."""
        keys = self.file.combos(db, combos)
        tallied = defaultdict(int)
        for combo, n in combos.items():
            for key in keys[combo]:
                tallied[key] += n
        return tallied

    def _field_facet(self, db, compiled, name):
        """[(value, count)] of a field `tally` does not count, in a pass of its own over every match."""
        if name in self.schema.multi:
            source, params, rowid, _ = self._source(
                compiled.ranking, compiled.bounds, documents=compiled.where != "1"
            )
            statement = (
                f"SELECT m.value, count(*) FROM {source} CROSS JOIN multi m ON m.doc = {rowid} AND m.field = ? "
                f"WHERE {compiled.where} GROUP BY 1 ORDER BY 2 DESC, 1"
            )
            return [tuple(row) for row in db.execute(statement, [*params, name, *compiled.params])]
        source, params, _, _ = self._source(compiled.ranking, compiled.bounds)
        target = self.schema.column(name)
        statement = (
            f"SELECT {target}, count(*) FROM {source} WHERE ({compiled.where}) AND {target} IS NOT NULL "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return [tuple(row) for row in db.execute(statement, [*params, *compiled.params])]

    def _date_facet(self, db, compiled, tallied, name, options):
        """[(bucket, count)] of every match, the bucket the date's first 4, 7 or 10 characters."""
        width = {"year": 4, "month": 7, "day": 10}[options["gap_by"]]
        first, last = (
            db_value("date", options.get(key))[:width] if options.get(key) else None
            for key in ("start_date", "end_date")
        )
        if name == self.schema.recency and width == 4:
            rows = [(year, n) for (at, year), n in tallied().items() if at == 0]
        else:
            source, params, _, _ = self._source(compiled.ranking, compiled.bounds)
            target = f"substr({self.schema.column(name)}, 1, {width})"
            rows = db.execute(
                f"SELECT {target}, count(*) FROM {source} WHERE ({compiled.where}) AND {target} IS NOT NULL "
                "GROUP BY 1",
                [*params, *compiled.params],
            )
        return sorted(
            (bucket, count)
            for bucket, count in rows
            if bucket and count and (first is None or bucket >= first) and (last is None or bucket <= last)
        )

    def _stored(self, db, page):
        """(id, django_ct, django_id, stored fields, score) of each (rowid, score) of the page, in order."""
        stored = {}
        for start in range(0, len(page), 500):
            rowids = [rowid for rowid, _ in page[start : start + 500]]
            stored.update(
                (row[0], (*row[1:4], unpack(row[4])))
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
            for name, value in data.items():
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
        """Documents whose keywords (their title block's, found when each was indexed) are this one's.

        This one's keywords are its opening's, title block and text (jieba
        reads its first KEYWORDS_FROM characters). Each word looks only at the newest SIMILAR_SCAN documents that have
        it (FTS5 walks rowids downwards and stops), so related documents cost
        the same however large the archive and however common the word; the
        rarer a word among the keywords, the more it weighs (its IDF).
        """
        tree = as_tree(additional_query_string) or ("all",)
        compiled = Compiler(self.schema).compile(
            self._restrict(tree, None, models, limit_to_registered_models)
        )
        limit = -1 if end_offset is None else max(0, end_offset - start_offset)
        with self.file.transaction(write=False) as db:
            found = db.execute(
                "SELECT d.rowid, s.data FROM documents d JOIN stored s ON s.rowid = d.rowid WHERE d.id = ?",
                [get_identifier(model_instance)],
            ).fetchone()
            # Keywords come from the opening alone: a story of a million characters is not folded whole.
            texts = folded(self.schema, unpack(found[1]), text.KEYWORDS_FROM) if found else {}
            words = (
                [short_token(word) for word in text.keywords(opening(self.schema, texts))] if found else []
            )
            if not words:
                return {"results": [], "hits": 0}
            (total,) = db.execute("SELECT count(*) FROM tally").fetchone()
            scores = Counter()
            lowest, highest = compiled.bounds
            for word in words:
                found_in = [
                    rowid
                    for (rowid,) in db.execute(
                        "SELECT rowid FROM keywords WHERE keywords MATCH ? AND rowid BETWEEN ? AND ? "
                        f"ORDER BY rowid DESC LIMIT {SIMILAR_SCAN}",
                        [f'"{word}"', lowest, highest],
                    )
                ]
                # Its IDF among the keywords (a word in SIMILAR_SCAN documents or more counts as in that many).
                weight = math.log(1 + total / len(found_in)) if found_in else 0
                for rowid in found_in:
                    scores[rowid] += weight
            scores.pop(found[0], None)
            if compiled.where != "1" and scores:
                kept = set()
                candidates = list(scores)
                for start in range(0, len(candidates), 500):
                    chunk = candidates[start : start + 500]
                    kept.update(
                        rowid
                        for (rowid,) in db.execute(
                            f"SELECT d.rowid FROM documents d WHERE d.rowid IN ({', '.join('?' * len(chunk))}) "
                            f"AND ({compiled.where})",
                            [*chunk, *compiled.params],
                        )
                    )
                scores = Counter({rowid: score for rowid, score in scores.items() if rowid in kept})
            ranked = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))
            end = None if limit < 0 else start_offset + limit
            rows = self._stored(db, [(rowid, -score) for rowid, score in ranked[start_offset:end]])
        return {"results": self._results(rows, result_class, None), "hits": len(ranked)}


def _stored_fields(index):
    return {f.index_fieldname for f in index.fields.values() if f.stored and not hasattr(f, "facet_for")}


def _documents(index, objects):
    """haystack's prepared document of each object, but those the index skips."""
    for obj in objects:
        try:
            yield index.full_prepare(obj)
        except SkipDocument:
            continue


def _prepare_all(schema, documents, stored, words=()):
    text.add_words(words)  # learned by the process that forked this one since
    return [prepare(schema, document, stored) for document in documents]


@contextmanager
def _preparing(workers):
    """ready(schema, documents, stored[, words]) -> a call that returns their Entries.

    In a pool of `workers` processes, or, with none, here when the call is made.
    """
    if workers < 1:
        yield lambda *args: functools.partial(_prepare_all, *args)
        return
    # Forked, the workers inherit what is loaded here; they read no database and write no index.
    with multiprocessing.get_context("fork").Pool(workers) as pool:

        def ready(schema, documents, stored, words=()):
            size = max(1, len(documents) // (workers * 4))
            chunks = [documents[start : start + size] for start in range(0, len(documents), size)]
            job = pool.starmap_async(_prepare_all, [(schema, chunk, stored, words) for chunk in chunks])
            return lambda: [entry for part in job.get() for entry in part]

        yield ready


class FTS5Engine(BaseEngine):
    backend = FTS5SearchBackend
    query = TreeSearchQuery
