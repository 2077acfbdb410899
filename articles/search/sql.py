"""The FTS5 backend's query language, and how it becomes SQL.

Haystack joins query fragments with AND, OR, NOT and parentheses; each
fragment here is `field__filter=<JSON value>` (the shape of haystack's own
repr), `field:"value"` (haystack's narrow() convention) or `*`. A parsed
query compiles to a WHERE clause over the `documents` table, with text
conditions answered by the FTS5 tables:

- `grams` (trigram tokenizer) for terms of three characters or more;
- `chars` (every character and every pair of neighbours a token) for terms
  of one or two, each a single token;
- `title_grams` and `title_chars`, the same over the title block alone
  (Schema.titles), which find title matches without reading the bodies'
  long lists.

All hold folded text, so all answer "does the text contain this string".
Conditions on the date that orders results (Schema.recency) become bounds
on the rowid, which the index assigns in date order (store.py): FTS5 then
skips what lies outside them.
"""

import datetime
import json
import re
from dataclasses import dataclass

from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SearchBackendError

from .text import FOLDING, UserQuery, fold, parse_query, short_token

CONTENT = "content"
LAYOUT = 5  # the tables' shape: a new one needs a rebuilt index
# A rowid is the day of the document's date (its ordinal) times DAY, plus its arrival that day.
DAY = 1 << 32
LAST_ROWID = (1 << 63) - 1
TEXT_TYPES = ("string", "ngram", "edge_ngram")


@dataclass(frozen=True)
class Schema:
    """Where each index field lives in the SQLite file.

    Single-valued text fields that are indexed and not faceted are full
    text: columns of both FTS5 tables, their haystack `boost` their BM25
    weight. Other indexed single-valued fields are columns of `documents`;
    multi-valued ones are rows of `multi`. Stored values are kept, as they
    were, in `stored`.
    """

    text: tuple[tuple[str, float], ...]
    columns: tuple[tuple[str, str], ...]
    multi: tuple[str, ...]

    @classmethod
    def from_fields(cls, fields):
        text, columns, multi = [], [], []
        for field in fields.values():
            name = field.index_fieldname
            if not field.indexed:
                continue
            if field.is_multivalued:
                multi.append(name)
            elif field.field_type in TEXT_TYPES and not field.faceted and not hasattr(field, "facet_for"):
                text.append((name, float(field.boost)))
            else:
                columns.append((name, field.field_type))
        return cls(tuple(text), tuple(sorted(columns)), tuple(sorted(multi)))

    @property
    def fingerprint(self):
        return json.dumps([LAYOUT, FOLDING, [name for name, _ in self.text], self.columns, self.multi])

    @property
    def weights(self):
        """BM25's column weights: each text field's boost."""
        return ", ".join(str(weight) for _, weight in self.text)

    @property
    def titles(self):
        """The title block: the text fields of the heaviest weight, if it is above 1 (kicker, headline, subtitle).

        A match in any of them ranks first, as a reader sees them as one title.
        """
        top = max((weight for _, weight in self.text), default=1.0)
        return tuple(name for name, weight in self.text if weight == top) if top > 1 else ()

    @property
    def recency(self):
        """The first date field: rowids follow it (store.py), and newer wins a tie.

        A datetime would not do: rowids count whole days.
        """
        return next((name for name, kind in self.columns if kind == "date"), None)

    def field_type(self, name):
        return dict(self.columns).get(name, "string")

    def column(self, name):
        """The SQL of a field's column in `documents` d."""
        if name not in dict(self.columns):
            raise SearchBackendError(f"the index has no field {name!r} to filter, sort or facet by")
        return f'd."f_{name}"'


def db_value(kind, value):
    """A Python value as the index stores it (dates as ISO text)."""
    if value is None:
        return None
    if kind == "date" and isinstance(value, datetime.date | str):
        return str(value.isoformat() if hasattr(value, "isoformat") else value)[:10]
    if kind == "datetime" and hasattr(value, "isoformat"):
        return value.isoformat()
    if kind in ("integer", "boolean"):
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


# Parsing ------------------------------------------------------------------

TOKEN = re.compile(r'\s*(?:(\()|(\))|(AND|OR|NOT)\b|(\*)|(\w+)__(\w+)=|(\w+):(?="))')
DECODER = json.JSONDecoder()


class QuerySyntaxError(ValueError):
    pass


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


# Compiling ----------------------------------------------------------------


TABLES = ("grams", "chars")
TITLE_TABLES = ("title_grams", "title_chars")


class TextMatch:
    """Full-text terms, each found as a substring in any or one text field (of the `tables`)."""

    def __init__(self, terms, field=None, tables=TABLES):
        self.field, self.tables = field, tables
        folded = [fold(term) for term in terms]
        self.long = [term for term in folded if len(term) >= 3]
        self.short = [term for term in folded if len(term) < 3]

    def __bool__(self):
        return bool(self.long or self.short)

    def grams(self, connector="AND"):
        return self._expression([_quote(term) for term in self.long], connector)

    def chars(self, connector="AND"):
        return self._expression([_quote(short_token(term)) for term in self.short], connector)

    def expressions(self, connector="AND"):
        """(table, MATCH expression) of both FTS5 tables; an expression is empty where no term is for it."""
        return list(zip(self.tables, (self.grams(connector), self.chars(connector)), strict=True))

    def _expression(self, phrases, connector):
        expression = f" {connector} ".join(phrases)
        return f"{self.field} : ({expression})" if self.field and phrases else expression

    def conditions(self, connector="AND", target="d.rowid"):
        """SQL conditions on a document's rowid, with their parameters."""
        parts, params = [], []
        for table, expression in self.expressions(connector):
            if expression:
                parts.append(f"{target} IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
                params.append(expression)
        return f" {connector} ".join(parts), params


def _quote(term):
    return '"' + term.replace('"', '""') + '"'


def day(value):
    """The ordinal of a date, datetime or ISO text; 0 for none."""
    if not value:
        return 0
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.toordinal()


def rowid_bounds(lookup, value):
    """The rowids of the documents whose date meets `date__<lookup>=value`, or None if no bounds say it."""
    if lookup == "range":
        return day(value[0]) * DAY, (day(value[1]) + 1) * DAY - 1
    first, last = day(value) * DAY, (day(value) + 1) * DAY - 1
    return {
        "exact": (first, last),
        "gte": (first, LAST_ROWID),
        "gt": (last + 1, LAST_ROWID),
        "lte": (DAY, last),
        "lt": (DAY, first - 1),
    }.get(lookup)


@dataclass
class Compiled:
    where: str
    params: list
    ranking: TextMatch | None  # what every result contains: drives the query and its BM25 score
    query: UserQuery | None  # the reader's query behind it, for the exact-phrase tier
    highlights: list[str]  # every term to mark in snippets
    bounds: tuple[int, int] = (0, LAST_ROWID)  # the rowids that the date conditions leave


class Compiler:
    def __init__(self, schema):
        self.schema = schema
        self.highlights = []

    def compile(self, tree):
        """The WHERE clause, less the first text that every result must contain: that drives the query."""
        children = conjuncts(tree)
        bounds = (0, LAST_ROWID)
        for child in list(children):
            if child[0] == "leaf" and child[1] == self.schema.recency:
                found = rowid_bounds(*child[2:])
                if found:
                    bounds = (max(bounds[0], found[0]), min(bounds[1], found[1]))
                    children.remove(child)
        driver = next((child for child in children if self._drives(child)), None)
        ranking = query = None
        if driver:
            query = self._user_query(driver)
            ranking = self._text(driver[1], query.terms)
            self.highlights.extend(query.terms)
            children = [child for child in children if child is not driver]
            if query.excluded:
                children.append(("not", ("leaf", driver[1], "or", query.excluded)))
        where, params = self._and(children)
        return Compiled(where, params, ranking, query, self.highlights, bounds)

    def _drives(self, node):
        return (
            node[0] == "leaf"
            and self._is_text(node[1])
            and isinstance(node[3], str)
            and bool(self._user_query(node).terms)
        )

    def _is_text(self, field):
        return field == CONTENT or field in dict(self.schema.text)

    def _text(self, field, terms):
        return TextMatch(terms, None if field == CONTENT else field)

    def _user_query(self, leaf):
        _, _, lookup, value = leaf
        if lookup == "exact":
            return UserQuery(terms=[str(value)], quoted=True)
        return parse_query(str(value))

    def _and(self, nodes):
        parts, params = [], []
        for node in nodes:
            sql, node_params = self._node(node)
            parts.append(sql)
            params += node_params
        return (" AND ".join(f"({part})" for part in parts) or "1"), params

    def _node(self, node):
        kind = node[0]
        if kind == "all":
            return "1", []
        if kind == "and":
            return self._and(node[1])
        if kind == "or":
            compiled = [self._node(child) for child in node[1]]
            return " OR ".join(f"({sql})" for sql, _ in compiled), [p for _, ps in compiled for p in ps]
        if kind == "not":
            sql, params = self._node(node[1])
            return f"NOT ({sql})", params
        return self._leaf(*node[1:])

    def _leaf(self, field, lookup, value):
        if self._is_text(field):
            return self._text_leaf(field, lookup, value)
        if field in (ID, DJANGO_CT):
            return self._compare(f"d.{field}", "string", lookup, value)
        if field in self.schema.multi:
            sql, params = self._compare("m.value", "string", lookup, value)
            return f"d.rowid IN (SELECT m.doc FROM multi m WHERE m.field = ? AND {sql})", [field, *params]
        return self._compare(self.schema.column(field), self.schema.field_type(field), lookup, value)

    def _text_leaf(self, field, lookup, value):
        if lookup in ("in", "or"):
            self.highlights.extend(str(v) for v in value)
            sql, params = self._text(field, [str(v) for v in value]).conditions("OR")
            return sql or "0", params
        query = self._user_query(("leaf", field, lookup, value))
        self.highlights.extend(query.terms)
        sql, params = self._text(field, query.terms).conditions()
        parts = [sql] if sql else []
        if query.excluded:
            excluded, excluded_params = self._text(field, query.excluded).conditions("OR")
            parts.append(f"NOT ({excluded})")
            params += excluded_params
        return " AND ".join(parts) or "1", params

    def _compare(self, target, kind, lookup, value):
        if lookup == "in":
            values = [db_value(kind, v) for v in value]
            return f"{target} IN ({', '.join('?' * len(values))})", values
        if lookup == "range":
            return f"{target} BETWEEN ? AND ?", [db_value(kind, value[0]), db_value(kind, value[1])]
        operators = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
        if lookup in operators:
            return f"{target} {operators[lookup]} ?", [db_value(kind, value)]
        patterns = {"startswith": "{}%", "endswith": "%{}", "contains": "%{}%"}
        if lookup in patterns:
            escaped = str(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return f"{target} LIKE ? ESCAPE '\\'", [patterns[lookup].format(escaped)]
        return f"{target} = ?", [db_value(kind, value)]
