"""The query language (query.py) as OpenSearch's query DSL.

A text term is found as a substring of the folded text (see opensearch.py):
one character is a token of `folded.<field>`, two or more the phrase of
their pairs in `folded.<field>.pairs`. Conditions on other fields filter
without scoring, so BM25 ranks by the text alone.
"""

from dataclasses import dataclass, field

from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError

from .exceptions import QuerySyntaxError
from .layout import CONTENT, db_value
from .query import conjuncts
from .text import UserQuery, fold, user_query

MATCH_NONE = {"match_none": {}}


def folded(value):
    """A text as the index holds it: folded, each run of spaces one space."""
    return " ".join(fold(str(value or "")).split())


@dataclass
class CompiledDSL:
    query: dict
    driver: UserQuery | None  # the part of the reader's words that ranks the results (UserQuery.ranked_by)
    highlights: list[str] = field(default_factory=list)  # every term to mark in snippets


class DSLCompiler:
    def __init__(self, schema):
        self.schema = schema
        self.boosts = dict(schema.text)
        self.highlights = []

    def compile(self, tree):
        driver = next((child for child in conjuncts(tree) if self._drives(child)), None)
        query = self._node(tree)
        ranked = self._user_query(driver).ranked_by()[0] if driver else None
        return CompiledDSL(query, ranked, self.highlights)

    def _drives(self, node):
        return (
            node[0] == "leaf"
            and node[1] == CONTENT
            and node[2] not in ("in", "or")
            and isinstance(node[3], str | UserQuery)
            and self._user_query(node).ranked_by()[0] is not None
        )

    def _user_query(self, leaf):
        _, _, lookup, value = leaf
        return user_query(lookup, value)

    # Text -------------------------------------------------------------------

    def term_in(self, term, fields):
        """Any of the text `fields` contains the term; each weighs its boost in BM25."""
        term = folded(term)
        if not term:
            return MATCH_NONE
        queries = []
        for name in fields:
            boost = self.boosts.get(name, 1.0)
            if len(term) == 1:
                queries.append({"term": {f"folded.{name}": {"value": term, "boost": boost}}})
            else:
                queries.append({"match_phrase": {f"folded.{name}.pairs": {"query": term, "boost": boost}}})
        return queries[0] if len(queries) == 1 else {"bool": {"should": queries, "minimum_should_match": 1}}

    def all_terms_in(self, terms, fields):
        return {"bool": {"must": [self.term_in(term, fields) for term in terms]}}

    def any_term_in(self, terms, fields):
        return {"bool": {"should": [self.term_in(term, fields) for term in terms], "minimum_should_match": 1}}

    def _text_fields(self, name):
        return list(self.boosts) if name == CONTENT else [name]

    def _restricted(self, fields, word):
        """The fields a word is sought in alone, as the FTS5 backend can seek it (sql.TextMatch)."""
        if len(folded(word)) < 2 and not set(fields) <= set(self.schema.titles):
            raise QuerySyntaxError(
                f"a term of one character cannot be sought in {', '.join(fields)} alone: "
                "the index keeps which fields hold single characters for the title block only"
            )
        return list(fields)

    def _clauses(self, query, fields):
        """The conditions of a UserQuery's words: all terms, a word of each group, each field's words."""
        clauses = [self.term_in(term, fields) for term in query.terms]
        clauses += [self.any_term_in(group, fields) for group in query.any_of]
        clauses += [self.term_in(word, self._restricted(f, word)) for f, word in query.in_fields]
        return clauses

    def _text_leaf(self, name, lookup, value):
        fields = self._text_fields(name)
        if lookup in ("in", "or"):
            values = [str(v) for v in value]
            self.highlights.extend(values)
            if not values:
                return MATCH_NONE
            return self.any_term_in(values, fields)
        query = self._user_query(("leaf", name, lookup, value))
        self.highlights.extend(query.words)
        # What ranks the matches is scored; the rest only filters them, as the FTS5 backend ranks.
        ranked, rest = query.ranked_by()
        clauses = {}
        if ranked is not None:
            clauses["must"] = self._clauses(ranked, fields)
        if rest.sought:
            clauses["filter"] = self._clauses(rest, fields)
        if query.excluded:
            clauses["must_not"] = [self.term_in(term, fields) for term in query.excluded]
            clauses.setdefault("filter", [{"match_all": {}}])
        return {"bool": clauses} if clauses else {"match_all": {}}

    # The tree ---------------------------------------------------------------

    def _node(self, node):
        kind = node[0]
        if kind == "all":
            return {"match_all": {}}
        if kind == "and":
            return {"bool": {"must": [self._node(child) for child in node[1]]}}
        if kind == "or":
            return {"bool": {"should": [self._node(child) for child in node[1]], "minimum_should_match": 1}}
        if kind == "not":
            # Inside a filter: what is left out adds nothing to the score of what is kept.
            return {"bool": {"filter": [{"bool": {"must_not": [self._node(node[1])]}}]}}
        _, name, lookup, value = node
        if name == CONTENT or name in self.boosts:
            return self._text_leaf(name, lookup, value)
        return {"bool": {"filter": [self._compare(name, lookup, value)]}}

    def _kind(self, name):
        if name in (ID, DJANGO_CT, DJANGO_ID) or name in self.schema.multi:
            return "string"
        if name not in dict(self.schema.columns):
            raise SearchBackendError(f"the index has no field {name!r} to filter, sort or facet by")
        return self.schema.field_type(name)

    def _compare(self, name, lookup, value):
        kind = self._kind(name)

        def convert(v):
            return bool(v) if kind == "boolean" else db_value(kind, v)

        if lookup == "in":
            return {"terms": {name: [convert(v) for v in value]}}
        if lookup == "range":
            return {"range": {name: {"gte": convert(value[0]), "lte": convert(value[1])}}}
        if lookup in ("gt", "gte", "lt", "lte"):
            return {"range": {name: {lookup: convert(value)}}}
        if lookup == "startswith":
            return {"prefix": {name: str(value)}}
        if lookup in ("endswith", "contains"):
            escaped = str(value).replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
            pattern = f"*{escaped}" if lookup == "endswith" else f"*{escaped}*"
            return {"wildcard": {name: {"value": pattern}}}
        return {"term": {name: convert(value)}}
