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
from haystack.backends import BaseSearchQuery, SearchNode
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
    """

    def matching_all_fragment(self):
        return ("all",)

    def build_query(self):
        return self._tree(self.query_filter) or ("all",)

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
