"""A reader's search of the archive: the words, parsed once, and the filters, searched in the index."""

import datetime
from dataclasses import dataclass, replace
from functools import cached_property

from django.conf import settings
from haystack.query import SearchQuerySet

from articles.models import Article
from zhsearch.text import UserQuery, misprints_in, parse_query, words

# The facets the search page shows beside the results, besides the years and reporters: each a list
# with counts to pick from. Reporters are many (a pass over every match of their own, not the index's
# one pass over a few values): the page lists those with the most matches, when the matches are at
# most settings.SEARCH_REPORTERS_UP_TO.
FACETS = {"districts": {}, "section": {}}
REPORTERS = {"limit": 15}
# The years the search page counts: any the paper can have printed.
YEARS = {"start_date": datetime.date(1900, 1, 1), "end_date": datetime.date(2100, 12, 31), "gap_by": "year"}
# Filters on the index's exact (untokenized) fields.
EXACT = {
    "district": "districts_exact",
    "section": "section_exact",
    "reporter": "reporters_exact",
    "kind": "kind_exact",
}
# At most this many words are marked in an article a result leads to.
MARKED_WORDS = 10
# A word jieba finds in a run of text that was not found whole is searched instead only if it is
# this long: a single character (不, 的) is in nearly every article.
FALLBACK_WORD = 2


@dataclass(frozen=True)
class ArticleSearch:
    """What a reader asks (SearchForm.search() makes one), and what the index answers.

    `results` is lazy: a Paginator counts them (with the facets, in one
    search) and fetches the page it shows. Without words, the filters list
    the newest articles.
    """

    words: UserQuery
    start: datetime.date | None = None
    end: datetime.date | None = None
    year: int | None = None
    district: str = ""
    section: str = ""
    reporter: str = ""
    kind: str = ""
    order: str | None = None  # "-date", "date", or None: by relevance
    until: datetime.date | None = None  # a cursor's day: the results on or before it
    using: str | None = None  # the haystack connection; its router's choice when None

    @property
    def results(self):
        """The matching articles, a SearchQuerySet of results with their snippets."""
        return self._found[0]

    @property
    def fallback(self):
        """The words searched instead when a run of text was not found as a whole (醴陵粮食 → 醴陵 粮食), or []."""
        return self._found[1]

    @property
    def facets(self):
        """{"districts", "section", "year": [(value, count)]} over every match, the years newest first, and
        "reporters" when there are at most settings.SEARCH_REPORTERS_UP_TO matches."""
        counts = self.results.facet_counts()  # {} from a backend that found nothing to count
        years = [(int(year), n) for year, n in reversed(counts.get("dates", {}).get("date", []))]
        return {**counts.get("fields", {}), "year": years}

    @property
    def titles_then_newest(self):
        """Too many matches to rank them all: those with the words in the title block come first, then the newest."""
        return self.results.query.titles_then_newest()

    @property
    def misprints(self):
        """[(wrong, right)]: misprints the paper repeats (株州 for 株洲) that the words are searched as one with."""
        return misprints_in(" ".join(self.words.words))

    @property
    def highlighted(self):
        """The words to mark in an article a result leads to (its ?hl=), as one query parse_query reads."""
        return " ".join(f'"{word}"' if len(word.split()) > 1 else word for word in self.words.words)

    def fewer_words(self):
        """Searches of fewer words to offer when nothing is found: each word alone (a run of text: its
        jieba words of two characters or more), and any one of them."""
        query = self.words
        found = query.terms + [word for group in query.any_of for word in group]
        if query.single_word:
            found = [word for word in words(query.terms[0]) if len(word) >= FALLBACK_WORD]
        found = list(dict.fromkeys(found))
        if len(found) < 2 and not query.in_fields and not query.excluded:
            return []
        return [*found[:5], *([" OR ".join(found[:5])] if len(found) > 1 else [])]

    def month_counts(self):
        """{"YYYY-MM": n}: the words as typed (never their jieba words) counted by month, each month's
        count the one a search of that month finds (词频趋势, articles/research/forms.py)."""
        return self._search(self.words).query.month_counts()

    @cached_property
    def _found(self):
        """(results, fallback): the words as typed, or all of their longer jieba words if the whole is not found."""
        found = self._search(self.words)
        if self.words.single_word and not found.count():
            parts = [word for word in words(self.words.terms[0]) if len(word) >= FALLBACK_WORD]
            if len(parts) > 1:
                return self._search(replace(self.words, terms=parts)), parts
        return found, []

    def _search(self, query):
        results = SearchQuerySet(using=self.using).models(Article).highlight()
        if query:
            results = results.filter(content=query)
        if self.start:
            results = results.filter(date__gte=self.start)
        if self.end:
            results = results.filter(date__lte=self.end)
        if self.year:
            results = results.filter(
                date__gte=datetime.date(self.year, 1, 1), date__lte=datetime.date(self.year, 12, 31)
            )
        if self.until:
            results = results.filter(date__lte=self.until)
        for name, index_field in EXACT.items():
            if getattr(self, name):
                results = results.filter(**{index_field: getattr(self, name)})
        for name, options in FACETS.items():
            results = results.facet(name, **options)
        results = results.facet("reporters", **REPORTERS, up_to=settings.SEARCH_REPORTERS_UP_TO)
        results = results.date_facet("date", **YEARS)
        order = self.order or (None if query.sought else "-date")  # without words, the newest articles
        if order:
            results = results.order_by(order)
        return results


def words_to_mark(text):
    """The words an article marks for a reader who arrives from a search result (its ?hl=, what
    ArticleSearch.highlighted wrote): every word sought, a phrase's words one by one."""
    found = [part for word in parse_query(text[:200]).words for part in word.split()]
    return list(dict.fromkeys(found))[:MARKED_WORDS]
