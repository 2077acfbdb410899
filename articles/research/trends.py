"""词频趋势: the share of articles per month (or year) that contain a word, over the archive's whole span.

Each word or phrase is searched as the search page searches it (the same
parse, substring semantics and folding, the same filters), and its matches
are counted by the search engine per month (`month_counts`), exactly: a
month's count is the count the search page shows for that word and month.
The share is that count over all the articles of the month that the same
filters leave. Words are never replaced by their jieba words here, as the
search page does when a run of text is found nowhere: a trend counts what
was asked.
"""

import calendar
import datetime
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.db.models import Max, Min
from django.urls import reverse

from articles.models import Issue
from articles.search.query import ArticleSearch
from zhsearch.text import UserQuery, parse_query

# How many words one chart compares, and how long each may be.
MAX_TERMS = 5
MAX_TERM_LENGTH = 50
# A span of more years than this is drawn by year: by month, its points would crowd.
MONTHS_UP_TO_YEARS = 10
FILTERS = ("district", "section", "reporter")


class TermsInput(forms.TextInput):
    """Every value of a repeated parameter (?q=疫情&q=防控)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []


class TermsField(forms.Field):
    """Up to MAX_TERMS words or phrases, blanks dropped, each once."""

    widget = TermsInput

    def to_python(self, value):
        values = [value] if isinstance(value, str) else value or []
        return list(dict.fromkeys(" ".join(v.split()) for v in values if v and v.strip()))

    def validate(self, terms):
        super().validate(terms)
        if len(terms) > MAX_TERMS:
            raise forms.ValidationError(f"一次最多比较{MAX_TERMS}个词，这里有{len(terms)}个。")
        for term in terms:
            if len(term) > MAX_TERM_LENGTH:
                raise forms.ValidationError(f"“{term[:10]}…”太长：每个词最多{MAX_TERM_LENGTH}个字。")
            if not parse_query(term).terms:
                raise forms.ValidationError(f"“{term}”只有要排除的词，没有要统计的词。")


class TrendForm(forms.Form):
    q = TermsField(label="词语", required=False)
    district = forms.CharField(label="区县", required=False, max_length=20)
    section = forms.CharField(label="版面", required=False, max_length=50)
    reporter = forms.CharField(label="作者", required=False, max_length=20)
    by = forms.ChoiceField(
        label="时间单位", required=False, choices=[("", "自动"), ("month", "按月"), ("year", "按年")]
    )

    def trend(self, using=None):
        """The Trend the valid form asks for."""
        data = self.cleaned_data
        return Trend(terms=data["q"], **{name: data[name] for name in FILTERS}, by=data["by"], using=using)


@dataclass(frozen=True)
class Period:
    """A month or a year of the chart: its key ("2024-03", "2024"), first and last day."""

    key: str
    first: datetime.date
    last: datetime.date

    @property
    def label(self):
        return f"{self.first.year}年{self.first.month}月" if len(self.key) == 7 else f"{self.first.year}年"


@dataclass(frozen=True)
class Series:
    term: str
    counts: list[int]
    shares: list[float | None]  # None where the period has no article at all
    search_urls: list[str]


@dataclass(frozen=True)
class Trend:
    """The trend of some words over the archive's span, under the filters; counted on first use."""

    terms: list[str]
    district: str = ""
    section: str = ""
    reporter: str = ""
    by: str = ""  # "month", "year", or "" to choose by the span
    using: str | None = None  # the haystack connection

    @cached_property
    def span(self):
        """(first, last) day of the archive readers browse, or None while it is empty."""
        found = Issue.objects.public().aggregate(first=Min("date"), last=Max("date"))
        return (found["first"], found["last"]) if found["first"] else None

    @cached_property
    def unit(self):
        if self.by:
            return self.by
        if self.span and self.span[1].year - self.span[0].year >= MONTHS_UP_TO_YEARS:
            return "year"
        return "month"

    @cached_property
    def periods(self):
        if not self.span:
            return []
        first, last = self.span
        if self.unit == "year":
            return [
                Period(f"{year}", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
                for year in range(first.year, last.year + 1)
            ]
        periods, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            end = calendar.monthrange(year, month)[1]
            periods.append(
                Period(f"{year}-{month:02d}", datetime.date(year, month, 1), datetime.date(year, month, end))
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return periods

    @cached_property
    def totals(self):
        """Articles per period under the filters: what each share is a share of."""
        return self._counted(UserQuery())

    @cached_property
    def series(self):
        found = []
        for term in self.terms:
            counts = self._counted(parse_query(term))
            shares = [
                count / total if total else None for count, total in zip(counts, self.totals, strict=True)
            ]
            urls = [self.search_url(term, period) for period in self.periods]
            found.append(Series(term, counts, shares, urls))
        return found

    @property
    def filters(self):
        return {name: getattr(self, name) for name in FILTERS}

    def search_url(self, term, period):
        """The search page of a term in one period, with the trend's filters: it counts what the trend counts."""
        params = {"q": term, "start": period.first.isoformat(), "end": period.last.isoformat()}
        params |= {name: value for name, value in self.filters.items() if value}
        return f"{reverse('search:search')}?{urlencode(params)}"

    def _counted(self, words):
        """The matches of `words` in each period, counted by the search engine month by month."""
        months = ArticleSearch(words=words, using=self.using, **self.filters).month_counts()
        width = 4 if self.unit == "year" else 7
        counted = {}
        for month, count in months.items():
            counted[month[:width]] = counted.get(month[:width], 0) + count
        return [counted.get(period.key, 0) for period in self.periods]

    def rows(self):
        """(period, total, [(count, share, search URL) of each term]) for the table and the CSV."""
        return [
            (
                period,
                self.totals[n],
                [(series.counts[n], series.shares[n], series.search_urls[n]) for series in self.series],
            )
            for n, period in enumerate(self.periods)
        ]
