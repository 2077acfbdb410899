"""Every statement a search runs over the index file (layout.py), built from the query (query.py).

A query compiles (`Compiler`) to a WHERE clause over the `documents` table,
with text conditions answered by the FTS5 tables:

- `words` (every pair of neighbouring characters a token, with positions)
  for terms of two characters or more: one token, or the phrase of its pairs;
- `chars` (every character a token) for terms of one;
- `title_words` and `title_chars`, the same over the title block alone
  (Schema.titles), which find title matches without reading the bodies'
  long lists.

All hold folded text, so all answer "does the text contain this string".
Conditions on the date that orders results (Schema.recency) become bounds
on the rowid, which the index assigns in date order (store.py): FTS5 then
skips what lies outside them. `Statements` builds every statement a search
runs from the compiled query: the count and facets, each order of a page,
the stored fields of its results, and related documents. (The file's
tables and its writes are store.py's.)
"""

from dataclasses import dataclass

from haystack.constants import DJANGO_CT, ID

from .exceptions import QuerySyntaxError
from .layout import CONTENT, DAY, LAST_ROWID, TABLES, TITLE_TABLES, db_value, rowid_bounds
from .query import conjuncts
from .text import UserQuery, fold, pairs, short_token, user_query


class TextMatch:
    """Full-text terms, all (or, with connector OR, any) found as substrings of the text.

    In every text field, or in `fields` alone: the title block's fields are sought in its own
    tables (`title_words`, `title_chars`), whose columns both tables know; other fields in the
    body's, where only `words` knows columns (`chars` keeps none, detail=none), so a term of one
    character cannot be sought in them alone.
    """

    def __init__(self, terms, fields=None, tables=TABLES, connector="AND", titles=()):
        folded = [fold(term) for term in terms]
        self.long = [term for term in folded if len(term) >= 2]
        self.short = [term for term in folded if len(term) < 2]
        self.connector = connector
        self.fields, self.tables = None, tables
        if fields:
            fields = tuple(dict.fromkeys(fields))
            if titles and set(fields) <= set(titles):
                self.tables = TITLE_TABLES
                self.fields = None if set(fields) == set(titles) else fields
            else:
                if self.short:
                    raise QuerySyntaxError(
                        f"a term of one character cannot be sought in {', '.join(fields)} alone: "
                        "the index keeps which fields hold single characters for the title block only"
                    )
                self.fields = fields

    def __bool__(self):
        return bool(self.long or self.short)

    @property
    def restricted(self):
        """Sought in some fields alone (the title block, or others), not the whole text."""
        return self.fields is not None or self.tables == TITLE_TABLES

    def in_titles(self):
        """The same terms sought in the title block alone."""
        return TextMatch([*self.long, *self.short], tables=TITLE_TABLES, connector=self.connector)

    def words(self, connector=None):
        phrases = [_quote(pairs(term)) for term in self.long]
        return self._expression(phrases, connector or self.connector, self.fields)

    def chars(self, connector=None):
        # The body's `chars` knows no columns (detail=none); the title block's has them.
        phrases = [_quote(short_token(term)) for term in self.short]
        return self._expression(phrases, connector or self.connector, self.fields)

    def expressions(self, connector=None):
        """(table, MATCH expression) of both FTS5 tables; an expression is empty where no term is for it."""
        return list(zip(self.tables, (self.words(connector), self.chars(connector)), strict=True))

    def _expression(self, phrases, connector, fields):
        expression = f" {connector} ".join(phrases)
        if fields and phrases:
            return "{" + " ".join(fields) + "} : (" + expression + ")"
        return expression

    def conditions(self, connector=None, target="d.rowid"):
        """SQL conditions on a document's rowid, with their parameters."""
        connector = connector or self.connector
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
    query: UserQuery | None  # the part of the reader's query behind it, for the exact-phrase tier
    highlights: list[str]  # every term to mark in snippets
    bounds: tuple[int, int] = (0, LAST_ROWID)  # the rowids that the date conditions leave


class Compiler:
    def __init__(self, schema):
        self.schema = schema
        self.highlights = []

    def compile(self, tree):
        """The WHERE clause, less the text that ranks the matches (UserQuery.ranked_by): that drives the query."""
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
            query, rest = self._user_query(driver).ranked_by()
            ranking = self._match(driver[1], query)
            self.highlights.extend(query.words)
            children = [child for child in children if child is not driver]
            if rest:
                children.append(("leaf", driver[1], "contains", rest))
        where, params = self._and(children)
        return Compiled(where, params, ranking, query, self.highlights, bounds)

    def _drives(self, node):
        return (
            node[0] == "leaf"
            and self._is_text(node[1])
            and node[2] not in ("in", "or")
            and isinstance(node[3], str | UserQuery)
            and self._user_query(node).ranked_by()[0] is not None
        )

    def _is_text(self, field):
        return field == CONTENT or field in dict(self.schema.text)

    def _text(self, field, terms, connector="AND"):
        return TextMatch(
            terms, None if field == CONTENT else [field], connector=connector, titles=self.schema.titles
        )

    def _match(self, field, part):
        """The TextMatch of a part of a query (UserQuery.ranked_by): its terms, its fields' words, or a group."""
        if part.terms:
            return self._text(field, part.terms)
        if part.in_fields:
            fields = part.in_fields[0][0]
            return TextMatch([word for _, word in part.in_fields], fields, titles=self.schema.titles)
        return self._text(field, part.any_of[0], "OR")

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
        self.highlights.extend(query.words)
        matches = [self._text(field, query.terms)]
        matches += [self._text(field, group, "OR") for group in query.any_of]
        by_fields = {}
        for fields, word in query.in_fields:
            by_fields.setdefault(fields, []).append(word)
        matches += [
            TextMatch(words, fields, titles=self.schema.titles) for fields, words in by_fields.items()
        ]
        parts, params = [], []
        for match in matches:
            sql, match_params = match.conditions()
            if sql:
                parts.append(f"({sql})")
                params += match_params
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


# The FTS5 table that keeps no positions, so no BM25 of its own (layout.py).
UNRANKED = "chars"


class Statements:
    """Every statement a search of one compiled query runs, each as (SQL, parameters).

    A FROM (`source`) puts the FTS5 tables first (CROSS JOIN keeps that
    order), the first driving, and `documents` d, which the other conditions
    filter, last; the query's rowid bounds bound each table.
    """

    def __init__(self, schema, compiled):
        self.schema, self.compiled = schema, compiled
        # A WHERE of "1" asks nothing of `documents`: the text's tables alone answer.
        self.filtered = compiled.where != "1"

    def source(self, match, scored=False, documents=True):
        """FROM the documents that contain `match` within the rowid bounds: (SQL, params, rowid SQL, score SQL).

        The score is BM25's over the tables that keep positions (`chars`
        does not: its terms add nothing). Without text to match, `documents` alone.
        """
        bounds = self.compiled.bounds
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

    def titles(self):
        """What ranks the query, sought in the title block alone."""
        return self.compiled.ranking.in_titles()

    # The count and the facets ------------------------------------------------

    def tally(self):
        """Every match's combo (`tally`), as one list: its length is the count, its combos the counted facets.

        One list counted in Python: SQLite's GROUP BY would sort every match
        first, which the count does not need.
        """
        compiled = self.compiled
        source, params, rowid, _ = self.source(compiled.ranking, documents=self.filtered)
        return (
            f"SELECT group_concat(tl.combo) FROM {source} CROSS JOIN tally tl ON tl.rowid = {rowid} "
            f"WHERE {compiled.where}",
            [*params, *compiled.params],
        )

    def field_facet(self, name):
        """(value, count) of a field `tally` does not count, in a pass of its own over every match."""
        compiled = self.compiled
        if name in self.schema.multi:
            source, params, rowid, _ = self.source(compiled.ranking, documents=self.filtered)
            return (
                f"SELECT m.value, count(*) FROM {source} CROSS JOIN multi m ON m.doc = {rowid} AND m.field = ? "
                f"WHERE {compiled.where} GROUP BY 1 ORDER BY 2 DESC, 1",
                [*params, name, *compiled.params],
            )
        source, params, _, _ = self.source(compiled.ranking)
        target = self.schema.column(name)
        return (
            f"SELECT {target}, count(*) FROM {source} WHERE ({compiled.where}) AND {target} IS NOT NULL "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            [*params, *compiled.params],
        )

    def date_facet(self, name, width):
        """(bucket, count) of every match, the bucket the date's first `width` characters."""
        compiled = self.compiled
        source, params, _, _ = self.source(compiled.ranking)
        target = f"substr({self.schema.column(name)}, 1, {width})"
        return (
            f"SELECT {target}, count(*) FROM {source} WHERE ({compiled.where}) AND {target} IS NOT NULL "
            "GROUP BY 1",
            [*params, *compiled.params],
        )

    def per_day(self):
        """(day, count) of every match, the day the ordinal its rowid holds (layout.DAY).

        Read from the rowids alone: no document's date is looked up, and with no other condition
        no document is read at all.
        """
        compiled = self.compiled
        if not compiled.ranking and not self.filtered:
            return (
                f"SELECT rowid / {DAY}, count(*) FROM documents WHERE rowid BETWEEN ? AND ? GROUP BY 1",
                list(compiled.bounds),
            )
        source, params, rowid, _ = self.source(compiled.ranking, documents=self.filtered)
        return (
            f"SELECT {rowid} / {DAY}, count(*) FROM {source} WHERE {compiled.where} GROUP BY 1",
            [*params, *compiled.params],
        )

    def any_of(self, match):
        """A row if any document in the bounds contains `match` (the query's other conditions aside)."""
        source, params, _, _ = self.source(match, documents=False)
        return f"SELECT 1 FROM {source} LIMIT 1", params

    def count(self, match):
        """How many documents contain `match` and meet the query's other conditions."""
        source, params, _, _ = self.source(match, documents=self.filtered)
        return f"SELECT count(*) FROM {source} WHERE {self.compiled.where}", [*params, *self.compiled.params]

    # A page: (rowid, score) in each order ------------------------------------

    def ranked(self, tier, limit, offset):
        """The matches `IN` or `NOT IN` the documents of a tier's match (`tier`: (operator, match) or None), ranked.

        The tier is a condition of the outer query ("+" keeps SQLite from
        handing it to FTS5 as a lookup per rowid), so BM25 scores only what
        it lets through.
        """
        compiled = self.compiled
        source, params, rowid, score = self.source(compiled.ranking, scored=True, documents=self.filtered)
        where, where_params = [f"({compiled.where})"], list(compiled.params)
        if tier:
            operator, match = tier
            members, member_params, member_rowid, _ = self.source(match, documents=False)
            where.append(f"+{rowid} {operator} (SELECT {member_rowid} FROM {members})")
            where_params += member_params
        order, order_params = self._order(rowid, score)
        return (
            f"SELECT {rowid}, {score} FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, *where_params, *order_params, limit, offset],
        )

    def in_titles(self, titles, limit, offset):
        """The title block's matches (`titles`), ranked by its BM25 alone."""
        compiled = self.compiled
        source, params, rowid, score = self.source(titles, scored=True, documents=self.filtered)
        order, order_params = self._order(rowid, score)
        return (
            f"SELECT {rowid}, {score} FROM {source} WHERE {compiled.where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, *compiled.params, *order_params, limit, offset],
        )

    def newest(self, titles, limit, offset):
        """The matches newest first, but those in the title block (`titles`, when not None)."""
        compiled = self.compiled
        source, params, rowid, _ = self.source(compiled.ranking, documents=self.filtered)
        where, params = [f"({compiled.where})"], [*params, *compiled.params]
        if titles is not None:
            bare, bare_params, bare_rowid, _ = self.source(titles, documents=False)
            where.append(f"{rowid} NOT IN (SELECT {bare_rowid} FROM {bare})")
            params += bare_params
        return (
            f"SELECT {rowid}, 0.0 FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {rowid} DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def sorted(self, sort_by, limit, offset):
        """The matches in the order asked (`-date`, `score`); the date that orders rowids needs no sort."""
        compiled = self.compiled
        source, params, rowid, score = self.source(
            compiled.ranking, scored="score" in {name.lstrip("-") for name in sort_by}
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
        return (
            f"SELECT {rowid}, {score} FROM {source} WHERE {compiled.where} "
            f"ORDER BY {', '.join(terms)} LIMIT ? OFFSET ?",
            [*params, *compiled.params, limit, offset],
        )

    def _order(self, rowid, score):
        """ORDER BY: the exact phrase first (a query of several terms), then the score, then the newest."""
        query, order, params = self.compiled.query, [], []
        if query and len(query.terms) >= 2:
            condition, params = TextMatch([query.phrase]).conditions(target=rowid)
            order.append(f"({condition}) DESC")
        return ", ".join([*order, score, f"{rowid} DESC"]), params

    # Related documents ---------------------------------------------------------

    def with_keyword(self, word, scan):
        """The newest `scan` documents in the bounds whose keywords have the word."""
        lowest, highest = self.compiled.bounds
        return (
            "SELECT rowid FROM keywords WHERE keywords MATCH ? AND rowid BETWEEN ? AND ? "
            f"ORDER BY rowid DESC LIMIT {int(scan)}",
            [f'"{word}"', lowest, highest],
        )

    def meeting_conditions(self, rowids):
        """Those of the rowids whose documents meet the query's conditions."""
        return (
            f"SELECT d.rowid FROM documents d WHERE d.rowid IN ({_marks(len(rowids))}) "
            f"AND ({self.compiled.where})",
            [*rowids, *self.compiled.params],
        )


def stored(rowids):
    """(rowid, id, django_ct, django_id, stored fields packed) of the documents of these rowids."""
    return (
        "SELECT d.rowid, d.id, d.django_ct, d.django_id, s.data FROM documents d "
        f"JOIN stored s ON s.rowid = d.rowid WHERE d.rowid IN ({_marks(len(rowids))})",
        list(rowids),
    )


def identified(rowids):
    """(rowid, id, django_ct, django_id) of the documents of these rowids."""
    return (
        f"SELECT rowid, id, django_ct, django_id FROM documents WHERE rowid IN ({_marks(len(rowids))})",
        list(rowids),
    )


def document(identifier):
    """(rowid, stored fields packed) of the document of this haystack id."""
    return (
        "SELECT d.rowid, s.data FROM documents d JOIN stored s ON s.rowid = d.rowid WHERE d.id = ?",
        [identifier],
    )


# How many documents the index holds.
DOCUMENTS = ("SELECT count(*) FROM tally", [])


def _marks(count):
    return ", ".join("?" * count)
