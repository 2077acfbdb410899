"""The search form: what a reader asks, checked, as a SearchQuerySet and a page of it."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from haystack import forms as haystack_forms
from haystack.query import SearchQuerySet

from articles.models import Article
from zhsearch.text import UserQuery, parse_query, words

FACETS = ("districts", "section")
# The years the search page counts: any the paper can have printed.
YEARS = {"start_date": datetime.date(1900, 1, 1), "end_date": datetime.date(2100, 12, 31), "gap_by": "year"}


@dataclass
class Results:
    page: Page
    facets: dict
    # The words searched instead, when the query as a whole was not found.
    fallback: list[str] = field(default_factory=list)
    # Too many results to rank them all: those with the words in the title block come first, then the newest.
    titles_then_newest: bool = False


class SearchForm(haystack_forms.SearchForm):
    """haystack's search form (q) with the page's filters, facets and order."""

    q = forms.CharField(label="关键词", required=False, max_length=200)
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.CharField(label="区县", required=False, max_length=20)
    section = forms.CharField(label="版面", required=False, max_length=50)
    reporter = forms.CharField(label="作者", required=False, max_length=20)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *Article.Kind.choices])
    year = forms.IntegerField(label="年份", required=False, min_value=1, max_value=9999)
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[("", "相关度"), ("date", "日期（新的在前）")]
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("searchqueryset", SearchQuerySet().models(Article).highlight())
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期晚于截止日期，没有这样的时间段。请检查日期。")
        return data

    def has_query(self):
        return any(self.cleaned_data.get(name) for name in self.fields if name != "sort")

    def clean_q(self):
        """The reader's words, parsed here once: the search engine takes the parse as it is."""
        self.query = parse_query(self.cleaned_data["q"])
        return self.cleaned_data["q"]

    def search(self):
        if self.query.terms or self.query.excluded:
            return self.filtered(self.searchqueryset.filter(content=self.query))
        return self.filtered(self.no_query_found())

    def no_query_found(self):
        """Without words, the filters list the newest articles."""
        return self.searchqueryset.order_by("-date")

    def filtered(self, results):
        """The results narrowed by the form's filters, with the facets to count and the order asked."""
        data = self.cleaned_data
        if data["start"]:
            results = results.filter(date__gte=data["start"])
        if data["end"]:
            results = results.filter(date__lte=data["end"])
        if data["year"]:
            results = results.filter(
                date__gte=datetime.date(data["year"], 1, 1), date__lte=datetime.date(data["year"], 12, 31)
            )
        for name, index_field in (
            ("district", "districts_exact"),
            ("section", "section_exact"),
            ("reporter", "reporters_exact"),
            ("kind", "kind_exact"),
        ):
            if data[name]:
                results = results.filter(**{index_field: data[name]})
        for name in FACETS:
            results = results.facet(name)
        results = results.date_facet("date", **YEARS)
        if data["sort"] == "date":
            results = results.order_by("-date")
        return results

    def results(self, page_number, per_page) -> Results:
        """One page of results with the facet counts, in one search.

        A run of text not found as a whole is searched again as its jieba
        words, all of them (醴陵粮食 → 醴陵 粮食).
        """
        page = _page(self.search(), page_number, per_page)
        fallback = []
        if not page.paginator.count and self.query.single_word:
            parts = words(self.query.terms[0])
            if len(parts) > 1:
                fallback = parts
                every_word = self.searchqueryset.filter(content=UserQuery(terms=parts))
                page = _page(self.filtered(every_word), page_number, per_page)
        counts = page.paginator.object_list.facet_counts()
        facets = {
            **counts.get("fields", {}),
            "year": [
                (_year(bucket), n) for bucket, n in reversed(counts.get("dates", {}).get("date", [])) if n
            ],
        }
        return Results(page, facets, fallback, bool(counts.get("titles_then_newest")))


def _year(bucket):
    """The year of a date facet's bucket: "2023" from the FTS5 index, a datetime or (start, end) from others."""
    if isinstance(bucket, tuple | list):
        bucket = bucket[0]
    return bucket.year if hasattr(bucket, "year") else int(str(bucket)[:4])


# Past the last page the Paginator shows the last one; beyond this a number is an attack, not a page.
MAX_PAGE = 100_000


def _page(results, number, per_page):
    """The page, from a search that fetches it with the count and the facets at once."""
    try:
        number = min(max(1, int(number)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    results[(number - 1) * per_page : number * per_page]  # fills the cache the Paginator then reads
    return Paginator(results, per_page).get_page(number)
