"""A haystack backend on SQLite's FTS5: substring search in Chinese over an index of character pairs.

The index is its own SQLite file (the connection's PATH, see store.py), so
it serves whatever database the project runs on. A query finds what
contains its text, as a substring search would, in the text folded for
width, case, traditional characters and misprints (text.py); BM25 ranks
every match, the title block (the text fields of the highest boost)
weighing most, with matches in the title block and exact phrases first and
the newest breaking ties; the count and every facet cover every match.
Every statement a search runs is built in sql.py; this module decides which
to run, and in which order.
"""

import concurrent.futures
import datetime
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

from . import sql, text
from .base import SearchBackend
from .exceptions import SearchIndexUnavailable
from .layout import Schema, db_value
from .query import TreeSearchQuery, as_tree
from .sql import Compiler, Statements
from .store import IndexFile, folded, opening, prepare, unpack
from .text import short_token

__all__ = ["FTS5Engine", "SearchIndexUnavailable"]

# What haystack's values() and values_list() may ask of a result without its stored fields.
WITHOUT_STORED = {"id", "django_ct", "django_id", "score", "pk"}

SIMILAR_SCAN = 300
# Every match is ranked by BM25 while there are at most this many (the connection's
# RANK_LIMIT): ranking costs far more a match than counting, so past this the page's
# time would grow with the index.
RANK_LIMIT = 20_000


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
        self._writer = None  # inside pipelined(): the thread that writes them
        self._writing = None  # the write it is doing (a Future)

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
            self._hand_over()
            self._pending = job
            return
        with self.file.transaction(write=True) as db:
            text.learn_words()  # words the vocabulary gained since: keywords keep them whole
            for document in _documents(index, iterable):
                self.file.write(db, prepare(self.schema, document, stored))

    @contextmanager
    def pipelined(self):
        """Within the block, each update is made ready in another process and written by a thread.

        For many small updates in a row (files imported one after another): this
        thread goes on reading the next objects while another process folds and
        tokenizes the last, and a thread of its own writes the one before (SQLite
        lets go of the GIL while FTS5 adds the terms). One write at a time, in
        order: an update waits for the write before the last, and the block's end
        for them all. A search meanwhile misses the last updates; what a crash
        leaves out, the stamps tell (they are written after the entries they describe).
        """
        text.preload()  # before forking: the process shares jieba and the folding table
        with (
            _preparing(self.workers - 1) as ready,
            concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="fts5-writer") as writer,
        ):
            self._ready, self._writer = ready, writer
            try:
                yield
                self._drain()
            finally:
                self._ready = self._pending = self._writer = self._writing = None
                self._after = []

    def _hand_over(self):
        """Have the writer write the pending entries and what waits on them, once its last write is done.

        The last write's error is raised here, at the update after it.
        """
        self._wait()
        if self._pending is not None or self._after:
            pending, after = self._pending, self._after
            self._pending, self._after = None, []
            self._writing = self._writer.submit(self._write_in_order, pending, after)

    def _write_in_order(self, pending, after):
        if pending is not None:
            self._write(self.file, pending())
        for write in after:
            write()

    def _drain(self):
        """Write the pending entries and what waits on them, and wait until they are written."""
        if self._writer is None:
            self._write_in_order(self._pending, self._after)
            self._pending, self._after = None, []
            return
        self._hand_over()
        self._wait()

    def _wait(self):
        """Wait for the writer's write, if one is under way, raising its error."""
        if self._writing is not None:
            self._writing.result()
            self._writing = None

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
        if self._pending is not None or self._writing is not None:
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
        hits=None,
        fields=None,
        **kwargs,
    ):
        tree = self._query_tree(query_string, narrow_queries, models, limit_to_registered_models)
        if tree is None:
            return {"results": [], "hits": 0}
        compiled = Compiler(self.schema).compile(tree)
        statements = Statements(self.schema, compiled)
        counts = {"fields": {}, "dates": {}, "queries": {}}
        with self.file.transaction(write=False) as db:
            if hits is None:  # counted here; else by an earlier search of this query
                combos = self._tally(db, statements)
                hits = sum(combos.values())
                counts = self._facets(db, statements, combos, facets or {}, date_facets or {})
            limit = -1 if end_offset is None else max(0, end_offset - start_offset)
            titles_first = self._titles_first(compiled, sort_by, hits)
            if limit == 0:
                page = []
            elif sort_by or not compiled.ranking:
                page = self._page(
                    db, statements.sorted(sort_by or [f"-{self.schema.recency}"], limit, start_offset)
                )
            elif titles_first or (self._titled(compiled) and not compiled.ranking.long):
                # Single characters have no BM25 (`chars` keeps no positions): the order is the same.
                page = self._titles_then_newest(db, statements, limit, start_offset)
            else:
                page = self._ranked(db, statements, limit, start_offset)
            rows = self._stored(db, page, unpacked=not fields or not set(fields) <= WITHOUT_STORED)
        terms = compiled.highlights if highlight else None
        return {
            "results": self._results(rows, result_class, terms),
            "hits": hits,
            "facets": counts,
            "titles_then_newest": titles_first,
            "spelling_suggestion": None,
        }

    def month_counts(self, query_string, narrow_queries=None, models=None, limit_to_registered_models=None):
        """{"YYYY-MM": n} of every match, counted by the day its rowid holds: its date is never read."""
        tree = self._query_tree(query_string, narrow_queries, models, limit_to_registered_models)
        if tree is None or self.schema.recency is None:
            return {}
        statements = Statements(self.schema, Compiler(self.schema).compile(tree))
        with self.file.transaction(write=False) as db:
            days = db.execute(*statements.per_day()).fetchall()
        months = Counter()
        for day, count in days:
            if day > 0:  # 0: a document without a date
                months[datetime.date.fromordinal(day).strftime("%Y-%m")] += count
        return dict(sorted(months.items()))

    def _page(self, db, statement):
        """[(rowid, score)] of a page."""
        return db.execute(*statement).fetchall()

    def _tally(self, db, statements):
        """{combo: how many matches have it}: every match counted, in one pass over them and `tally`."""
        (found,) = db.execute(*statements.tally()).fetchone()
        return {int(combo): n for combo, n in Counter(found.split(",")).items()} if found else {}

    def _titled(self, compiled):
        """Whether the title block's matches rank first: a query of the whole text, on an index with titles."""
        ranking = compiled.ranking
        return bool(ranking and not ranking.restricted and self.schema.titles and compiled.query)

    def _titles_first(self, compiled, sort_by, count):
        """Whether too many match to rank them all (`rank_limit`), so the title block's rank first, then the newest.

        Scoring costs time for every match: past the limit the bodies' BM25
        is left out. Only words of one or two characters in a large
        share of the index come to that.
        """
        return not sort_by and count > self.rank_limit and self._titled(compiled)

    def _ranked(self, db, statements, limit, start_offset):
        """[(rowid, score)] of the page, every match ranked.

        The matches whose title block has every term first, then those with
        the exact phrase, then by BM25 (the title block's boost its weight),
        the newest: as the OpenSearch backend ranks them. The title block's
        matches are ranked by a pass of their own, and the rest only if the
        page reaches past them: BM25 is what costs, and a page that lies
        among the title matches scores no other.
        """
        if not self._titled(statements.compiled):
            return self._page(db, statements.ranked(None, limit, start_offset))
        titles = statements.titles()
        return self._titles_then_others(
            db,
            statements,
            titles,
            lambda limit, offset: self._page(db, statements.ranked(("IN", titles), limit, offset)),
            lambda titled, limit, offset: self._page(
                db, statements.ranked(("NOT IN", titles) if titled else None, limit, offset)
            ),
            limit,
            start_offset,
        )

    def _titles_then_newest(self, db, statements, limit, start_offset):
        """[(rowid, score)] of the page past `rank_limit`: the title block's matches ranked, then the newest."""
        titles = statements.titles()
        return self._titles_then_others(
            db,
            statements,
            titles,
            lambda limit, offset: self._page(db, statements.in_titles(titles, limit, offset)),
            lambda titled, limit, offset: self._page(
                db, statements.newest(titles if titled else None, limit, offset)
            ),
            limit,
            start_offset,
        )

    def _titles_then_others(self, db, statements, titles, in_titles, others, limit, start_offset):
        """The page: the title block's matches, `in_titles(limit, offset)`, then `others(titled, limit, offset)`.

        How many matches the title block has (`titled`) is counted only when
        the page reaches past them.
        """
        page, titled = [], 0
        if db.execute(*statements.any_of(titles)).fetchone():
            page = in_titles(limit, start_offset)
            if len(page) == limit:
                return page
            if page or not start_offset:
                titled = start_offset + len(page)
            else:
                (titled,) = db.execute(*statements.count(titles)).fetchone()
        remaining = limit - len(page) if limit >= 0 else -1
        return page + others(titled, remaining, max(0, start_offset - titled))

    def _facets(self, db, statements, combos, facets, date_facets):
        """Field and date facets, each counting every match; those of `tally` from its counts at no cost."""
        counts = {"fields": {}, "dates": {}, "queries": {}}
        tallied = functools.cache(functools.partial(self._tallied, db, combos))
        hits = sum(combos.values())
        for name, options in facets.items():
            if options.get("up_to") is not None and hits > options["up_to"]:
                continue  # too many matches to count this facet at no cost to the page (base.SearchBackend)
            if name in self.schema.counted:
                position = self.schema.counted.index(name) + 1
                rows = sorted(
                    ((value, n) for (at, value), n in tallied().items() if at == position),
                    key=lambda item: (-item[1], item[0]),
                )
            else:
                rows = [tuple(row) for row in db.execute(*statements.field_facet(name))]
            limit = options.get("limit", -1)
            counts["fields"][name] = rows[:limit] if limit and limit > 0 else rows
        for name, options in date_facets.items():
            counts["dates"][name] = self._date_facet(db, statements, tallied, name, options)
        return counts

    def _tallied(self, db, combos):
        """{(position, value): how many matches have it}: position 0 the year, then each counted field."""
        keys = self.file.combos(db, combos)
        tallied = defaultdict(int)
        for combo, n in combos.items():
            for key in keys[combo]:
                tallied[key] += n
        return tallied

    def _date_facet(self, db, statements, tallied, name, options):
        """[(bucket, count)] of every match, the bucket the date's first 4, 7 or 10 characters."""
        width = {"year": 4, "month": 7, "day": 10}[options["gap_by"]]
        first, last = (
            db_value("date", options.get(key))[:width] if options.get(key) else None
            for key in ("start_date", "end_date")
        )
        if name == self.schema.recency and width == 4:
            rows = [(year, n) for (at, year), n in tallied().items() if at == 0]
        else:
            rows = db.execute(*statements.date_facet(name, width))
        return sorted(
            (bucket, count)
            for bucket, count in rows
            if bucket and count and (first is None or bucket >= first) and (last is None or bucket <= last)
        )

    def _stored(self, db, page, unpacked=True):
        """(id, django_ct, django_id, stored fields, score) of each (rowid, score) of the page, in order.

        Not `unpacked`, the stored fields are left unread: a list of primary keys needs none.
        """
        stored = {}
        for start in range(0, len(page), 500):
            rowids = [rowid for rowid, _ in page[start : start + 500]]
            if unpacked:
                rows = db.execute(*sql.stored(rowids))
                stored.update((row[0], (*row[1:4], unpack(row[4]))) for row in rows)
            else:
                stored.update((row[0], (*row[1:4], {})) for row in db.execute(*sql.identified(rowids)))
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
        reads its first KEYWORDS_FROM characters). Each word looks only at the
        newest SIMILAR_SCAN documents that have it (FTS5 walks rowids
        downwards and stops), so related documents cost the same however
        large the index and however common the word; the rarer a word among
        the keywords, the more it weighs (its IDF).
        """
        tree = as_tree(additional_query_string) or ("all",)
        compiled = Compiler(self.schema).compile(
            self._restrict(tree, None, models, limit_to_registered_models)
        )
        statements = Statements(self.schema, compiled)
        limit = -1 if end_offset is None else max(0, end_offset - start_offset)
        with self.file.transaction(write=False) as db:
            found = db.execute(*sql.document(get_identifier(model_instance))).fetchone()
            # Keywords come from the opening alone: a text of a million characters is not folded whole.
            texts = folded(self.schema, unpack(found[1]), text.KEYWORDS_FROM) if found else {}
            words = (
                [short_token(word) for word in text.keywords(opening(self.schema, texts))] if found else []
            )
            if not words:
                return {"results": [], "hits": 0}
            (total,) = db.execute(*sql.DOCUMENTS).fetchone()
            scores = Counter()
            for word in words:
                found_in = [rowid for (rowid,) in db.execute(*statements.with_keyword(word, SIMILAR_SCAN))]
                # Its IDF among the keywords (a word in SIMILAR_SCAN documents or more counts as in that many).
                weight = math.log(1 + total / len(found_in)) if found_in else 0
                for rowid in found_in:
                    scores[rowid] += weight
            scores.pop(found[0], None)
            if statements.filtered and scores:
                kept = set()
                candidates = list(scores)
                for start in range(0, len(candidates), 500):
                    chunk = candidates[start : start + 500]
                    kept.update(rowid for (rowid,) in db.execute(*statements.meeting_conditions(chunk)))
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
