"""How a query (query.py) becomes SQL over the index file (layout.py).

A query compiles to a WHERE clause over the `documents` table, with text
conditions answered by the FTS5 tables:

- `words` (every pair of neighbouring characters a token, with positions)
  for terms of two characters or more: one token, or the phrase of its pairs;
- `chars` (every character a token) for terms of one;
- `title_words` and `title_chars`, the same over the title block alone
  (Schema.titles), which find title matches without reading the bodies'
  long lists.

All hold folded text, so all answer "does the text contain this string".
Conditions on the date that orders results (Schema.recency) become bounds
on the rowid, which the index assigns in date order (store.py): FTS5 then
skips what lies outside them.
"""

from dataclasses import dataclass

from haystack.constants import DJANGO_CT, ID

from .layout import CONTENT, LAST_ROWID, TABLES, TITLE_TABLES, db_value, rowid_bounds
from .query import conjuncts
from .text import UserQuery, fold, pairs, short_token, user_query


class TextMatch:
    """Full-text terms, each found as a substring in any or one text field (of the `tables`)."""

    def __init__(self, terms, field=None, tables=TABLES):
        self.field, self.tables = field, tables
        folded = [fold(term) for term in terms]
        self.long = [term for term in folded if len(term) >= 2]
        self.short = [term for term in folded if len(term) < 2]

    def __bool__(self):
        return bool(self.long or self.short)

    def words(self, connector="AND"):
        return self._expression([_quote(pairs(term)) for term in self.long], connector, self.field)

    def chars(self, connector="AND"):
        # The body's `chars` knows no columns (detail=none): there a one-character term is found
        # in any field. The title block's has them.
        field = self.field if self.tables == TITLE_TABLES else None
        return self._expression([_quote(short_token(term)) for term in self.short], connector, field)

    def expressions(self, connector="AND"):
        """(table, MATCH expression) of both FTS5 tables; an expression is empty where no term is for it."""
        return list(zip(self.tables, (self.words(connector), self.chars(connector)), strict=True))

    def _expression(self, phrases, connector, field):
        expression = f" {connector} ".join(phrases)
        return f"{field} : ({expression})" if field and phrases else expression

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
            and isinstance(node[3], str | UserQuery)
            and bool(self._user_query(node).terms)
        )

    def _is_text(self, field):
        return field == CONTENT or field in dict(self.schema.text)

    def _text(self, field, terms):
        return TextMatch(terms, None if field == CONTENT else field)

    def _user_query(self, leaf):
        _, _, lookup, value = leaf
        return user_query(lookup, value)

    def _and(self, nodes):
        parts, params = [], []
        for node in nodes:
            sql, node_params = self._node(node)
            if sql != "1":  # what always holds is no condition: "1" alone tells the backend so
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
