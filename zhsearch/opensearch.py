"""OpenSearch, the search past one machine: the FTS5 backend's promises on a cluster.

Give the connection the node's URL (and INDEX_NAME, "zhsearch" by default)
and run `python manage.py rebuild_index --noinput`. The node needs no plugin.

Each text field is indexed as Python folds it (text.fold: width, case,
traditional characters, the misprints named in ZHSEARCH_MISPRINTS), in
`folded.<field>` with every character a token and in `folded.<field>.pairs`
with every pair of neighbouring characters a token, spaces and punctuation
included. A one-character term is then one token, a longer one the phrase
of its pairs: a query finds exactly the documents that contain it, as a
substring search would, in any language (the `standard` tokenizer with
`cjk_bigram` would drop punctuation, so "北斗" would find "北，斗", and keep
Latin words whole, so "cb" would not find "CBA"). The originals are kept in
`_source` for the results; the folded copies are not stored.

Ranking is the FTS5 backend's: a match in the title block (the text fields
of the highest boost) first, then the exact phrase, then BM25 with the
fields' boosts, the newest breaking ties. Facets and counts are exact: the
node counts every match. Snippets are marked in Python, as the FTS5 backend
does.

The index name is an alias: rebuild_index (and clear_index) build a new
index beside the old one and lead the alias to it in one step, once it holds
every document written to it, so readers never see a partial index; a
rebuild that fails deletes its partial index (asking again while the node
refuses, and saying so if it never agrees) and leaves the old one serving.
A write never creates a missing index.

Writes go in bulk requests of at most BULK_BYTES (and 500 documents): a node
with a small heap refuses a request it has no room for (HTTP 429, a circuit
breaker or a full queue), whole or item by item. What it refused is sent
again, after BULK_BACKOFF seconds, then twice as long each time, up to
BULK_RETRIES times.

Search is a dependency pages can lose. Every request carries a short
timeout (TIMEOUT for a search, RELATED_TIMEOUT for more_like_this, which a
page may leave out, WRITE_TIMEOUT for the writes and scans of updates and
rebuilds, which no reader waits for), and a caller may cut them further
(`within`). URL may list several nodes of a cluster, comma-separated: a
request that meets one that refuses the connection or does not answer in
time is sent to another, and that node is not asked again for RETRY_AFTER
seconds. When no node answers, a circuit breaker (pybreaker) trips: for
RETRY_AFTER seconds the cluster is not asked at all and every request fails
at once, then one is let through to see whether it is back. So one node
lost costs the request that finds it out one more try (and at most a timeout
when the node hangs), never the cluster. Haystack keeps a backend per
thread, so each worker process learns of a failed node once.
"""

import json
import logging
import os
import threading
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pybreaker
from django.core.serializers.json import DjangoJSONEncoder
from haystack import connections
from haystack.backends import BaseEngine, log_query
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model
from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as NodeConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from . import text
from .base import SearchBackend
from .exceptions import SearchIndexUnavailable, SearchNodeUnavailable
from .layout import Schema
from .query import TreeSearchQuery, as_tree
from .query_dsl import DSLCompiler, folded

__all__ = ["OpenSearchEngine"]

log = logging.getLogger(__name__)

LAYOUT = 1  # the mapping's shape: a new one needs a rebuilt index
# The index's name (the option INDEX_NAME), and the mapping's `_meta` key that records what it was built for.
INDEX_NAME = META = "zhsearch"
# Seconds a request may take (the options of the same names change them): a search; more_like_this,
# which a page leaves out rather than wait; the writes and scans of updates and rebuilds.
# After a failure the node is not asked again for RETRY_AFTER seconds.
TIMEOUT, RELATED_TIMEOUT, WRITE_TIMEOUT, RETRY_AFTER = 1.0, 0.3, 30.0, 30.0
# A bulk request's largest body (the option BULK_BYTES) and most documents; how often what the node
# refused is sent again (BULK_RETRIES), after how long at first (BULK_BACKOFF, then twice as long each
# time, at most MAX_BACKOFF seconds).
BULK_BYTES, BULK_DOCUMENTS, BULK_RETRIES, BULK_BACKOFF, MAX_BACKOFF = 5_000_000, 500, 8, 1.0, 30.0
# Pages past this many results are not served (OpenSearch's index.max_result_window).
MAX_RESULT_WINDOW = 100_000
# Ranking tiers added to BM25: a title-block match outranks any phrase match, which outranks any BM25 score.
TITLE_TIER, PHRASE_TIER = 1e6, 1e4
FIELD_TYPES = {
    "date": "date",
    "datetime": "date",
    "integer": "long",
    "float": "double",
    "boolean": "boolean",
}
ANALYSIS = {
    "tokenizer": {
        "chars": {"type": "ngram", "min_gram": 1, "max_gram": 1},
        "pairs": {"type": "ngram", "min_gram": 2, "max_gram": 2},
    },
    "analyzer": {
        "chars": {"type": "custom", "tokenizer": "chars"},
        "pairs": {"type": "custom", "tokenizer": "pairs"},
    },
}
FOLDED_FIELD = {
    "type": "text",
    "analyzer": "chars",
    "index_options": "freqs",  # one character is one token: no phrase is ever asked of it
    "fields": {"pairs": {"type": "text", "analyzer": "pairs"}},
}


class OpenSearchSearchBackend(SearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.url = options["URL"]
        self.index_name = options.get("INDEX_NAME", INDEX_NAME)
        self.shards = int(options.get("SHARDS", 1))
        self.replicas = int(options.get("REPLICAS", 0))
        self.client_options = options.get("KWARGS", {})
        self.timeout = float(options.get("TIMEOUT", TIMEOUT))
        self.related_timeout = float(options.get("RELATED_TIMEOUT", RELATED_TIMEOUT))
        self.write_timeout = float(options.get("WRITE_TIMEOUT", WRITE_TIMEOUT))
        self.retry_after = float(options.get("RETRY_AFTER", RETRY_AFTER))
        self.bulk_bytes = int(options.get("BULK_BYTES", BULK_BYTES))
        self.bulk_retries = int(options.get("BULK_RETRIES", BULK_RETRIES))
        self.bulk_backoff = float(options.get("BULK_BACKOFF", BULK_BACKOFF))
        self.hosts = [url.strip() for url in self.url.split(",") if url.strip()]
        # Only a cluster that does not answer counts as a failure (the client has tried each node by
        # then); a missing index or a refused request is an answer.
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=1,
            reset_timeout=self.retry_after,
            exclude=[lambda error: not isinstance(error, NodeConnectionError)],
        )
        self.node = ",".join(without_password(url) for url in self.hosts)
        self._deadline = threading.local()
        self._client, self._client_pid, self._checked = None, None, False

    @property
    def client(self):
        """This process's client: a connection pool is never shared across fork()."""
        if self._client_pid != os.getpid():
            # A request that fails to connect is tried on each other node; one that times out too, when
            # there are others (one node alone that hangs would only be waited for again). A node that
            # failed is left out for RETRY_AFTER seconds, as the breaker leaves out the cluster.
            several = len(self.hosts) > 1
            self._client = OpenSearch(
                hosts=self.hosts,
                timeout=self.write_timeout,
                max_retries=len(self.hosts) - 1 if several else 1,
                retry_on_timeout=several,
                dead_timeout=self.retry_after,
                **self.client_options,
            )
            self._client_pid, self._checked = os.getpid(), False
        return self._client

    @contextmanager
    def within(self, seconds):
        deadline = time.monotonic() + seconds
        outer = getattr(self._deadline, "at", None)
        self._deadline.at = deadline if outer is None else min(outer, deadline)
        try:
            yield
        finally:
            self._deadline.at = outer

    def _timeout(self, longest):
        """A request's timeout: `longest`, cut to what `within` leaves; none left is a node too slow."""
        deadline = getattr(self._deadline, "at", None)
        if deadline is None:
            return longest
        left = deadline - time.monotonic()
        if left <= 0:
            raise SearchNodeUnavailable("the search node does not answer in time", self.node)
        return min(longest, left)

    @property
    def schema(self):
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        return Schema.from_fields(fields)

    # The index ----------------------------------------------------------------

    def build_mapping(self):
        """The index's settings and mapping, from the haystack fields."""
        schema = self.schema
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        properties = {name: {"type": "keyword"} for name in (ID, DJANGO_CT, DJANGO_ID)}
        text_fields = dict(schema.text)
        for field in fields.values():
            name = field.index_fieldname
            if name in text_fields:
                properties[name] = {"type": "text", "index": False}
            else:
                properties[name] = {"type": FIELD_TYPES.get(field.field_type, "keyword")}
                if not field.indexed:
                    properties[name]["index"] = False
        properties["folded"] = {"properties": {name: FOLDED_FIELD for name in text_fields}}
        fingerprint = json.dumps([LAYOUT, text.folding(), properties], sort_keys=True)
        return {
            "settings": {
                "index": {
                    "number_of_shards": self.shards,
                    "number_of_replicas": self.replicas,
                    "max_result_window": MAX_RESULT_WINDOW,
                },
                "analysis": ANALYSIS,
            },
            "mappings": {
                "dynamic": "strict",
                "_meta": {META: fingerprint},
                "_source": {"excludes": ["folded", "folded.*"]},
                "properties": properties,
            },
        }

    def _create(self):
        """A new, empty index of a name of its own: the index name is an alias that leads to one."""
        name = f"{self.index_name}-{uuid.uuid4().hex[:12]}"
        with self.unavailable():
            self.client.indices.create(
                index=name, body=self.build_mapping(), request_timeout=self._timeout(self.write_timeout)
            )
        return name

    def _swap_in(self, name):
        """Lead the index name to `name` and drop what it led to, in one step: readers never see neither."""
        with self.unavailable():
            old = list(self.client.indices.get(index=self.index_name)) if self.exists() else []
            actions = [{"remove_index": {"index": index}} for index in old]
            self.client.indices.update_aliases(
                body={"actions": [*actions, {"add": {"index": name, "alias": self.index_name}}]}
            )
            # The new index holds documents of its own making: no stamps yet.
            self.client.indices.delete(index=self.stamps_index, ignore=404)
        self._checked = False

    def exists(self):
        # local: the node asked answers from its own copy of the cluster state, so a cluster manager
        # that hangs (until the others elect another) does not hang the question with it.
        with self.unavailable():
            return self.client.indices.exists(
                index=self.index_name, local=True, request_timeout=self._timeout(self.timeout)
            )

    def check(self):
        """The index exists and was built for these fields and this folding, once per process."""
        if self._checked:
            return
        with self.unavailable():
            mapping = self.client.indices.get_mapping(
                index=self.index_name, local=True, request_timeout=self._timeout(self.timeout)
            )
        built = next(iter(mapping.values()))["mappings"].get("_meta", {}).get(META)
        if built != self.build_mapping()["mappings"]["_meta"][META]:
            raise SearchIndexUnavailable("the search index was built for other fields or another folding")
        self._checked = True

    @contextmanager
    def unavailable(self):
        """A node that does not answer, or an index it does not have: SearchIndexUnavailable (a 503).

        The reasons name no host: a page may show them to anyone; the message of
        SearchNodeUnavailable names the node for operators. While the breaker is open the node is
        not asked.
        """
        try:
            with self.breaker.calling():
                yield
        except (NodeConnectionError, pybreaker.CircuitBreakerError) as error:
            raise SearchNodeUnavailable("the search node does not answer", self.node) from error
        except NotFoundError as error:
            raise SearchIndexUnavailable("the search index does not exist") from error
        except TransportError as error:
            raise SearchBackendError(f"the search node refused a request: {error}") from error

    def update(self, index, iterable, commit=True):
        # Writes never create a missing index (the node would guess its fields, and an index holding only
        # what is written next would pass for whole): rebuild_index creates it.
        if not self.exists():
            raise SearchIndexUnavailable("the search index does not exist")
        self._write(self.index_name, index, iterable, refresh=commit)

    def _write(self, target, index, iterable, refresh):
        """Index the objects into `target` in bulk; returns how many documents the node took."""
        text_fields = [name for name, _ in self.schema.text]

        def actions():
            for obj in iterable:
                try:
                    document = index.full_prepare(obj)
                except SkipDocument:
                    continue
                document["folded"] = {name: folded(document.get(name)) for name in text_fields}
                yield {
                    "_index": target,
                    "_id": document[ID],
                    "_source": json.loads(json.dumps(document, cls=DjangoJSONEncoder)),
                }

        return self._bulk(actions(), refresh=refresh)

    def _bulk(self, actions, refresh):
        """Send the actions in requests of at most bulk_bytes; what the node refused (429) is sent again.

        Returns how many it took. A document it refused for good, or refused
        past the retries, raises: an index that silently lacks documents
        would pass for whole.
        """
        taken, refused = 0, []
        with self.unavailable():
            for ok, item in helpers.streaming_bulk(
                self.client,
                actions,
                chunk_size=BULK_DOCUMENTS,
                max_chunk_bytes=self.bulk_bytes,
                max_retries=self.bulk_retries,
                initial_backoff=self.bulk_backoff,
                max_backoff=MAX_BACKOFF,
                # Refused items come back as results, so that streaming_bulk sends the refused (429) again.
                raise_on_error=False,
                refresh=refresh,
                request_timeout=self._timeout(self.write_timeout),
            ):
                if ok:
                    taken += 1
                else:
                    refused.append(next(iter(item.values())))
        if refused:
            error = refused[0].get("error")
            if isinstance(error, dict):
                error = f"{error.get('type')}: {error.get('reason')}"
            raise SearchBackendError(
                f"the search node refused {len(refused)} documents ({refused[0].get('status')}): {error}"
            )
        return taken

    def remove(self, obj_or_string, commit=True):
        with self.unavailable():
            self.client.delete(
                index=self.index_name,
                id=get_identifier(obj_or_string),
                refresh=commit,
                ignore=404,
                request_timeout=self._timeout(self.write_timeout),
            )

    def clear(self, models=None, commit=True):
        """The documents of `models` deleted; with none, an empty index (and no stamps) in place of the old."""
        if models is None:
            self._swap_in(self._create())
            return
        # Read and deleted in bulk: delete_by_query is a module that a node may lack.
        query = {
            "query": {"terms": {DJANGO_CT: sorted(get_model_ct(model) for model in models)}},
            "_source": False,
        }
        with self.unavailable():
            timeout = self._timeout(self.write_timeout)
            found = helpers.scan(
                self.client, query=query, index=self.index_name, size=5000, request_timeout=timeout
            )
            deletions = ({"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]} for hit in found)
            self._bulk(deletions, refresh=commit)

    def rebuild(self, index, batches):
        """A new index of the objects in `batches` (iterables), swapped in whole when it is built.

        Searches read the old index until then; what was updated meanwhile
        went to the old one, so a caller catches up afterwards.
        """
        name = self._create()
        try:
            written = sum(self._write(name, index, batch, refresh=False) for batch in batches)
            with self.unavailable():
                self.client.indices.refresh(index=name, request_timeout=self.write_timeout)
                held = self.client.count(index=name, request_timeout=self.write_timeout)["count"]
            if held != written:
                raise SearchBackendError(
                    f"the new index holds {held} of the {written} documents written to it"
                )
            self._swap_in(name)
        except BaseException as error:
            left = self._delete_partial(name)
            if left is not None:
                message = f"the partial index {name} is left on the node, which refused to delete it: {left}"
                log.error("%s", message)
                error.add_note(message)
            raise

    def _delete_partial(self, name):
        """Delete a rebuild's partial index, asking again while the node refuses; the last refusal, if it never agrees.

        The node that refused the writes (a full heap answers 429 to
        anything) may refuse this too for a while.
        """
        for attempt in range(self.bulk_retries + 1):
            if attempt:
                time.sleep(min(MAX_BACKOFF, self.bulk_backoff * 2 ** (attempt - 1)))
            try:
                self.client.indices.delete(index=name, ignore=404, request_timeout=self.write_timeout)
                return None
            except TransportError as error:  # refused, or the node is what failed
                refusal = error
        return refusal

    def document_count(self, model):
        with self.unavailable():
            found = self.client.count(
                index=self.index_name,
                body={"query": {"term": {DJANGO_CT: get_model_ct(model)}}},
                request_timeout=self._timeout(self.timeout),
            )
        return found["count"]

    def indexed_ids(self, model):
        """The primary keys of the model's documents, as text."""
        query = {"query": {"term": {DJANGO_CT: get_model_ct(model)}}, "_source": [DJANGO_ID]}
        with self.unavailable():
            return {
                hit["_source"][DJANGO_ID]
                for hit in helpers.scan(
                    self.client,
                    query=query,
                    index=self.index_name,
                    size=5000,
                    request_timeout=self._timeout(self.write_timeout),
                )
            }

    @property
    def stamps_index(self):
        return f"{self.index_name}-stamps"

    def stamps(self, kind):
        """{key: stamp} as `set_stamps` recorded them: which version of each group of documents is indexed."""
        query = {"query": {"term": {"kind": kind}}}
        with self.unavailable():
            if not self.client.indices.exists(
                index=self.stamps_index, local=True, request_timeout=self._timeout(self.timeout)
            ):
                return {}
            hits = helpers.scan(
                self.client,
                query=query,
                index=self.stamps_index,
                size=5000,
                request_timeout=self._timeout(self.write_timeout),
            )
            return {hit["_source"]["key"]: hit["_source"]["value"] for hit in hits}

    def set_stamps(self, kind, stamps):
        """Record stamps in an index of their own beside the documents', dropped when those are rebuilt."""
        mapping = {
            "settings": {"number_of_shards": 1, "number_of_replicas": self.replicas},
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "kind": {"type": "keyword"},
                    "key": {"type": "keyword"},
                    "value": {"type": "keyword", "index": False},
                },
            },
        }
        actions = [
            {
                "_index": self.stamps_index,
                "_id": f"{kind}:{key}",
                "_source": {"kind": kind, "key": str(key), "value": str(value)},
            }
            for key, value in stamps.items()
        ]
        with self.unavailable():
            timeout = self._timeout(self.write_timeout)
            self.client.indices.create(
                index=self.stamps_index, body=mapping, ignore=400, request_timeout=timeout
            )
            self._bulk(actions, refresh=True)

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
        **kwargs,
    ):
        tree = self._query_tree(query_string, narrow_queries, models, limit_to_registered_models)
        if tree is None:
            return {"results": [], "hits": 0}
        compiled = DSLCompiler(self.schema).compile(tree)
        query = compiled.query
        if not sort_by:
            query = self._ranked(compiled)
        body = {"query": query, "sort": self._sort(sort_by), "track_total_hits": hits is None}
        if hits is None:  # counted here; else by an earlier search of this query
            body["aggs"] = self._aggregations(facets or {}, date_facets or {})
        found = self._search(body, start_offset, end_offset)
        terms = compiled.highlights if highlight else None
        if hits is None:
            hits = found["hits"]["total"]["value"]
            counts = self._facets(found.get("aggregations", {}), facets or {}, date_facets or {}, hits)
        else:
            counts = {"fields": {}, "dates": {}, "queries": {}}
        return {
            "results": self._results(found["hits"]["hits"], result_class, terms),
            "hits": hits,
            "facets": counts,
            # The node ranks every match, however many.
            "titles_then_newest": False,
            "spelling_suggestion": None,
        }

    def month_counts(self, query_string, narrow_queries=None, models=None, limit_to_registered_models=None):
        """{"YYYY-MM": n} of every match: a date histogram by calendar month, no document fetched."""
        tree = self._query_tree(query_string, narrow_queries, models, limit_to_registered_models)
        recency = self.schema.recency
        if tree is None or recency is None:
            return {}
        compiled = DSLCompiler(self.schema).compile(tree)
        histogram = {"field": recency, "calendar_interval": "month", "format": "yyyy-MM", "min_doc_count": 1}
        body = {
            "query": compiled.query,
            "track_total_hits": False,
            "aggs": {"months": {"date_histogram": histogram}},
        }
        found = self._search(body, 0, 0)
        return {
            bucket["key_as_string"]: bucket["doc_count"]
            for bucket in found["aggregations"]["months"]["buckets"]
        }

    def _search(self, body, start_offset, end_offset):
        size = MAX_RESULT_WINDOW if end_offset is None else max(0, end_offset - start_offset)
        size = max(0, min(size, MAX_RESULT_WINDOW - start_offset))
        self.check()
        with self.unavailable():
            return self.client.search(
                index=self.index_name,
                body=body,
                from_=min(start_offset, MAX_RESULT_WINDOW),
                size=size,
                request_timeout=self._timeout(self.timeout),
            )

    def _ranked(self, compiled):
        """The query with the FTS5 backend's tiers: title-block matches, then the exact phrase."""
        user_query = compiled.driver
        if user_query is None:
            return compiled.query
        schema, compiler = self.schema, DSLCompiler(self.schema)
        tiers = []
        # As the FTS5 backend: the title tier for words sought in the whole text, not in some fields.
        if schema.titles and user_query.terms:
            tiers.append(_tier(compiler.all_terms_in(user_query.terms, schema.titles), TITLE_TIER))
        elif schema.titles and user_query.any_of:
            tiers.append(_tier(compiler.any_term_in(user_query.any_of[0], schema.titles), TITLE_TIER))
        if len(user_query.terms) > 1:
            fields = [name for name, _ in schema.text]
            tiers.append(_tier(compiler.term_in(user_query.phrase, fields), PHRASE_TIER))
        return {"bool": {"must": [compiled.query], "should": tiers}}

    def _sort(self, sort_by):
        recency = self.schema.recency
        if not sort_by:
            order = ["_score", *([{recency: "desc"}] if recency else [])]
        else:
            order = []
            for name in sort_by:
                field, direction = name.lstrip("-"), "desc" if name.startswith("-") else "asc"
                order.append({"_score" if field == "score" else field: direction})
        return [*order, {ID: "desc"}]  # a total order, so pages never repeat a result

    def _aggregations(self, facets, date_facets):
        aggregations = {}
        for name, options in facets.items():
            limit = options.get("limit", -1)
            aggregations[f"field_{name}"] = {
                "terms": {
                    "field": name,
                    "size": limit if limit > 0 else 1000,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        for name, options in date_facets.items():
            gap = options["gap_by"]
            bounds = {
                operator: options[key].isoformat()[:10]
                for operator, key in (("gte", "start_date"), ("lte", "end_date"))
                if options.get(key)
            }
            aggregations[f"date_{name}"] = {
                "filter": {"range": {name: bounds}} if bounds else {"match_all": {}},
                "aggs": {
                    "buckets": {
                        "date_histogram": {
                            "field": name,
                            "calendar_interval": gap,
                            "format": {"year": "yyyy", "month": "yyyy-MM", "day": "yyyy-MM-dd"}[gap],
                            "min_doc_count": 1,
                        }
                    }
                },
            }
        return aggregations

    def _facets(self, aggregations, facets, date_facets, hits):
        """The FTS5 backend's shapes: [(value, count)] by field, [(bucket text, count)] by date.

        A field facet with `up_to` is left out past that many matches, as the FTS5 backend leaves it.
        """
        return {
            "fields": {
                name: [(b["key"], b["doc_count"]) for b in aggregations[f"field_{name}"]["buckets"]]
                for name, options in facets.items()
                if options.get("up_to") is None or hits <= options["up_to"]
            },
            "dates": {
                name: [
                    (b["key_as_string"], b["doc_count"])
                    for b in aggregations[f"date_{name}"]["buckets"]["buckets"]
                ]
                for name in date_facets
            },
            "queries": {},
        }

    def _results(self, hits, result_class, terms):
        unified = connections[self.connection_alias].get_unified_index()
        results = []
        for hit in hits:
            source = hit["_source"]
            app_label, model_name = source[DJANGO_CT].split(".")
            index = unified.get_index(haystack_get_model(app_label, model_name))
            fields = {}
            for name, value in source.items():
                if name in (DJANGO_CT, DJANGO_ID):
                    continue
                field = index.fields.get(index.field_map.get(name, name))
                fields[name] = field.convert(value) if field else value
            if terms is not None:
                fields["highlighted"] = self._highlighted(index, fields, terms)
            score = hit["_score"] or 0.0
            results.append(
                (result_class or SearchResult)(app_label, model_name, source[DJANGO_ID], score, **fields)
            )
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
        """Documents sharing the most telling words (jieba's TF-IDF keywords) of an indexed one.

        A page may show them beside a document, and do without them rather than wait: all its requests
        together take at most RELATED_TIMEOUT.
        """
        with self.within(self.related_timeout):
            return self._more_like_this(
                model_instance,
                additional_query_string,
                start_offset,
                end_offset,
                models,
                limit_to_registered_models,
                result_class,
            )

    def _more_like_this(
        self,
        model_instance,
        additional_query_string,
        start_offset,
        end_offset,
        models,
        limit_to_registered_models,
        result_class,
    ):
        identifier = get_identifier(model_instance)
        self.check()
        with self.unavailable():
            found = self.client.get(
                index=self.index_name, id=identifier, ignore=404, request_timeout=self._timeout(self.timeout)
            )
        if not found.get("found"):
            return {"results": [], "hits": 0}
        source = found["_source"]
        schema = self.schema
        words = text.keywords(" ".join(str(source.get(name) or "") for name, _ in schema.text))
        if not words:
            return {"results": [], "hits": 0}
        tree = as_tree(additional_query_string) or ("all",)
        compiler = DSLCompiler(schema)
        compiled = compiler.compile(self._restrict(tree, None, models, limit_to_registered_models))
        fields = [name for name, _ in schema.text]
        # The first words weigh most, as in the FTS5 backend.
        similar = [
            {"constant_score": {"filter": compiler.term_in(word, fields), "boost": weight}}
            for weight, word in enumerate(reversed(words), start=1)
        ]
        body = {
            "query": {
                "bool": {
                    "filter": [compiled.query],
                    "should": similar,
                    "minimum_should_match": 1,
                    "must_not": [{"ids": {"values": [identifier]}}],
                }
            },
            "sort": self._sort(None),
            "track_total_hits": True,
        }
        hits = self._search(body, start_offset, end_offset)
        return {
            "results": self._results(hits["hits"]["hits"], result_class, None),
            "hits": hits["hits"]["total"]["value"],
        }


def without_password(url):
    """The node's URL as an operator may read it: any user name and password left out."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _tier(condition, boost):
    return {"constant_score": {"filter": condition, "boost": boost}}


class OpenSearchEngine(BaseEngine):
    backend = OpenSearchSearchBackend
    query = TreeSearchQuery
