"""A reader's search of the archive: the words, parsed once, and the filters, searched in the index."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from haystack.query import SearchQuerySet

from articles.models import Article
from zhsearch.text import UserQuery, words

# The facets the search page shows beside the results, besides the years.
FACETS = ("districts", "section")
# The years the search page counts: any the paper can have printed.
YEARS = {"start_date": datetime.date(1900, 1, 1), "end_date": datetime.date(2100, 12, 31), "gap_by": "year"}
# Filters on the index's exact (untokenized) fields.
EXACT = {
    "district": "districts_exact",
    "section": "section_exact",
    "reporter": "reporters_exact",
    "kind": "kind_exact",
}


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
    by_date: bool = False
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
        """{"districts", "section", "year": [(value, count)]} over every match, the years newest first."""
        counts = self.results.facet_counts()
        years = [(int(year), n) for year, n in reversed(counts["dates"]["date"])]
        return {**counts["fields"], "year": years}

    @property
    def titles_then_newest(self):
        """Too many matches to rank them all: those with the words in the title block come first, then the newest."""
        return self.results.query.titles_then_newest()

    def month_counts(self):
        """{"YYYY-MM": n}: the words as typed (never their jieba words) counted by month, each month's
        count the one a search of that month finds (词频趋势, articles/research/forms.py)."""
        return self._search(self.words).query.month_counts()

    @cached_property
    def _found(self):
        """(results, fallback): the words as typed, or all of their jieba words if the whole is not found."""
        found = self._search(self.words)
        if self.words.single_word and not found.count():
            parts = words(self.words.terms[0])
            if len(parts) > 1:
                return self._search(UserQuery(terms=parts)), parts
        return found, []

    def _search(self, query):
        results = SearchQuerySet(using=self.using).models(Article).highlight()
        searched = query.terms or query.excluded
        if searched:
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
        for name in FACETS:
            results = results.facet(name)
        results = results.date_facet("date", **YEARS)
        if self.by_date or not searched:  # without words, the newest articles the filters leave
            results = results.order_by("-date")
        return results
