"""The query language both backends read: a tree of conditions.

A tree is ("and"|"or", [children]), ("not", child), ("leaf", field, lookup,
value) or ("all",). TreeSearchQuery builds it from haystack's filters;
`parse` reads the one string form haystack still hands a backend, its
narrow() queries (`field:"value"`, or `field__lookup=<JSON>` and `*`, the
shape of haystack's own repr, joined by AND, OR, NOT and parentheses).
"""

import json
import re

from haystack import connections
from haystack.backends import SPELLING_SUGGESTION_HAS_NOT_RUN, BaseSearchQuery, SearchNode
from haystack.constants import DEFAULT_ALIAS
from haystack.inputs import BaseInput, Exact, Not

from .exceptions import QuerySyntaxError
from .layout import CONTENT

TOKEN = re.compile(r'\s*(?:(\()|(\))|(AND|OR|NOT)\b|(\*)|(\w+)__(\w+)=|(\w+):(?="))')
DECODER = json.JSONDecoder()


def parse(query_string):
    """The query string as a tree: ("and"|"or", [...]), ("not", x), ("leaf", field, filter, value), ("all",)."""
    tokens = list(_tokens(query_string))
    tree, position = _parse_or(tokens, 0)
    if position != len(tokens):
        raise QuerySyntaxError(f"unexpected {tokens[position]!r} in {query_string!r}")
    return tree


def _tokens(text):
    position = 0
    while position < len(text.rstrip()):
        match = TOKEN.match(text, position)
        if not match:
            raise QuerySyntaxError(f"cannot read {text[position:]!r}")
        opening, closing, word, star, field, lookup, narrow = match.groups()
        position = match.end()
        if field or narrow:
            value, position = DECODER.raw_decode(text, position)
            yield ("leaf", field or narrow, lookup or "exact", value)
        elif star:
            yield ("all",)
        else:
            yield opening or closing or word


def _parse_or(tokens, position):
    children = []
    while True:
        node, position = _parse_and(tokens, position)
        children.append(node)
        if position < len(tokens) and tokens[position] == "OR":
            position += 1
            continue
        return (children[0] if len(children) == 1 else ("or", children)), position


def _parse_and(tokens, position):
    children = []
    while position < len(tokens) and tokens[position] not in (")", "OR"):
        if tokens[position] == "AND":
            position += 1
            continue
        node, position = _parse_unary(tokens, position)
        children.append(node)
    if not children:
        raise QuerySyntaxError("an empty condition")
    return (children[0] if len(children) == 1 else ("and", children)), position


def _parse_unary(tokens, position):
    token = tokens[position]
    if token == "NOT":
        node, position = _parse_unary(tokens, position + 1)
        return ("not", node), position
    if token == "(":
        node, position = _parse_or(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise QuerySyntaxError("a parenthesis is not closed")
        return node, position + 1
    if isinstance(token, tuple):
        return token, position + 1
    raise QuerySyntaxError(f"unexpected {token!r}")


def conjuncts(tree):
    """The conditions that must all hold, nested ANDs flattened."""
    if tree[0] != "and":
        return [tree]
    return [condition for child in tree[1] for condition in conjuncts(child)]


class TreeSearchQuery(BaseSearchQuery):
    """haystack's query handed to the backend as a tree: nothing is written out to be read back.

    Values keep their Python types (sets and querysets become lists); a
    text value may be a UserQuery, what text.parse_query made of a reader's
    words, so that they are parsed once.

    The count, the facets and the order a query's matches take hold for any
    slice of them: the count is asked in a search that ranks none of them,
    and once it is known each slice's search is handed it (`hits`), so the
    backend ranks the slice without counting again. A Paginator over a
    SearchQuerySet thus counts once and ranks only the page it shows.
    """

    def __init__(self, using=DEFAULT_ALIAS):
        super().__init__(using)
        self._titles_then_newest = None

    def matching_all_fragment(self):
        return ("all",)

    def build_query(self):
        return self._tree(self.query_filter) or ("all",)

    def build_params(self, spelling_query=None):
        params = super().build_params(spelling_query)
        if self._hit_count is not None and not self._more_like_this:
            params["hits"] = self._hit_count
            for name in ("facets", "date_facets", "query_facets"):
                params.pop(name, None)
        return params

    def run(self, spelling_query=None, **kwargs):
        counted = self._hit_count is not None
        results = self.backend.search(
            self.build_query(), **{**self.build_params(spelling_query=spelling_query), **kwargs}
        )
        self._results = results.get("results", [])
        if not counted:
            self._hit_count = results.get("hits", 0)
            self._facet_counts = self.post_process_facets(results)
            self._titles_then_newest = results.get("titles_then_newest", False)
        self._spelling_suggestion = results.get("spelling_suggestion")

    def _count(self):
        """Search for the count, the facets and the order alone, unless they are known: no match is ranked."""
        if self._hit_count is None and not self._more_like_this:
            self.run(end_offset=self.start_offset)

    def get_count(self):
        self._count()
        return super().get_count()

    def get_facet_counts(self):
        self._count()
        return super().get_facet_counts()

    def titles_then_newest(self):
        """Whether the matches were too many to rank: those whose title block has every term first, then the newest."""
        self._count()
        return self._titles_then_newest

    def month_counts(self):
        """{"YYYY-MM": n}: the query's matches counted by the month of their date (the backend's `month_counts`)."""
        params = self.build_params()
        return self.backend.month_counts(
            self.build_query(), narrow_queries=params.get("narrow_queries"), models=params.get("models")
        )

    def _reset(self):
        """Forget the results of the last slice; the count, the facets and the order hold for the next."""
        self._results = None
        self._spelling_suggestion = SPELLING_SUGGESTION_HAS_NOT_RUN

    def run_mlt(self, **kwargs):
        """Fetch only the page asked for: haystack gives more_like_this no offsets of its own."""
        kwargs.setdefault("start_offset", self.start_offset)
        kwargs.setdefault("end_offset", self.end_offset)
        super().run_mlt(**kwargs)

    def _tree(self, node):
        children = []
        for child in node.children:
            if isinstance(child, SearchNode):
                subtree = self._tree(child)
            else:
                expression, value = child
                subtree = self._leaf(*node.split_expression(expression), value)
            if subtree:
                children.append(subtree)
        if not children:
            return None
        tree = children[0] if len(children) == 1 else (node.connector.lower(), children)
        return ("not", tree) if node.negated else tree

    def _leaf(self, field, lookup, value):
        negated = isinstance(value, Not)
        if isinstance(value, Exact):
            lookup = "exact"
        if isinstance(value, BaseInput):
            value = value.query_string
        if hasattr(value, "values_list") or isinstance(value, set | tuple):
            value = list(value)
        if field != CONTENT:
            field = connections[self._using].get_unified_index().get_index_fieldname(field)
        leaf = ("leaf", field, lookup, value)
        return ("not", leaf) if negated else leaf


def as_tree(query):
    """The tree of what haystack hands a backend (a tree, or a string from narrow()); None for nothing."""
    if isinstance(query, tuple):
        return query
    return parse(query) if query and query.strip() else None
