"""What every zhsearch backend offers: haystack's backend, and the operations that keep an index in step.

haystack's `BaseSearchBackend` declares what a search needs (update, remove,
clear, search, more_like_this). An application that keeps its index in step
with its database needs a few more: whether the index exists, what it holds,
which version of each group of documents it holds (stamps), a whole new
index swapped in at once, and a run of many small updates. `SearchBackend`
declares them, so a caller calls them as they are and never asks a backend
whether it has one; the FTS5 backend (backend.py) and the OpenSearch one
(opensearch.py) implement them all. It also holds what both share: the query
language's restriction to models, and snippets.
"""

from contextlib import contextmanager

from haystack.backends import BaseSearchBackend
from haystack.constants import DJANGO_CT
from haystack.utils import get_model_ct

from . import text
from .query import as_tree

# The characters of the document field's snippet (`highlighted`).
SNIPPET_WIDTH = 120


class SearchBackend(BaseSearchBackend):
    """A haystack backend with the operations that keep an index in step with a database.

    Besides haystack's, `search()` takes `hits`: the count of matches, known
    from an earlier search of the same query (TreeSearchQuery passes it when
    a page follows its count), so the backend does not count the matches
    again nor counts facets. It returns, besides haystack's `results`, `hits`
    and `facets` (field facets as [(value, count)], most first; date facets
    as [(bucket, count)], oldest first, each bucket the date's first 4, 7 or
    10 characters: "2024", "2024-05", "2024-05-01"), `titles_then_newest`:
    whether there were too many matches to rank them all, so that those
    whose title block holds every term come first, ranked, then the rest
    newest first.

    A field facet's options may hold, besides haystack's `limit`, `up_to`: the
    facet is counted only when the matches are at most that many, and is
    otherwise left out of `facets` (a facet of many values, such as authors,
    costs a pass over every match that the FTS5 backend's one pass of few
    values does not).
    """

    def exists(self):
        """Whether the index exists (built, even empty): a write never creates a missing one."""
        raise NotImplementedError

    def document_count(self, model):
        """How many documents of the model the index holds."""
        raise NotImplementedError

    def indexed_ids(self, model):
        """The primary keys of the model's documents, a set of text."""
        raise NotImplementedError

    def stamps(self, kind):
        """{key: stamp} as `set_stamps` recorded them for `kind`, as text; {} when none were."""
        raise NotImplementedError

    def set_stamps(self, kind, stamps):
        """Record which version of each group of documents ({key: stamp}) the index holds.

        Set after the update they describe, they tell a caller which groups a
        crash left out of date: those whose stamp differs from the database's.
        `clear()` drops them with the documents; `clear(models)` keeps them.
        """
        raise NotImplementedError

    def clear(self, models=None, commit=True):
        """Remove the documents of `models`, or with none every document and every stamp."""
        raise NotImplementedError

    def rebuild(self, index, batches):
        """A new index of the objects in `batches` (iterables of them), swapped in whole once it is built.

        Searches read the old index until then, never a part of the new one.
        The new index holds no stamps: the caller sets them for what it read.
        """
        raise NotImplementedError

    def month_counts(self, query_string, narrow_queries=None, models=None, limit_to_registered_models=None):
        """{"YYYY-MM": n}: how many documents the query matches in each month of the date that orders
        them (the schema's `recency`), every match counted, as `search()` counts them; months without
        a match are left out, and so are documents without a date.

        A count over time needs every month at once: one search per month would ask the index as many
        times as the span has months.
        """
        raise NotImplementedError

    @contextmanager
    def pipelined(self):
        """A block of many small updates in a row (a run of imports, file after file).

        A backend may write each update while the caller reads the next
        objects, so a search inside the block may miss the last update; every
        update is written by the block's end, and stamps set meanwhile after the
        updates they follow. Here each update is written as it comes.
        """
        yield

    @contextmanager
    def within(self, seconds):
        """Requests made in the block give up once `seconds` are over (a page that may do without them).

        A file on this machine answers at once; a backend that asks another
        machine cuts each request's timeout to what is left.
        """
        yield

    def _query_tree(self, query_string, narrow_queries, models, limit_to_registered_models):
        """The query as a tree, restricted to the models asked; None when it asks nothing."""
        tree = as_tree(query_string)
        return tree and self._restrict(tree, narrow_queries, models, limit_to_registered_models)

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
