"""The search form: what a reader asks, checked, and made into the search it asks for."""

import datetime

from django import forms

from articles.models import Article
from zhsearch.text import parse_query

from .query import ArticleSearch


class SearchForm(forms.Form):
    """The reader's words (q), the filters and the order."""

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
    # Date-keyed paging (the JSON's next_cursor): the results on or before a day, past the first
    # few of that day; a page deep in the results costs what the first does (docs/research.md).
    cursor = forms.RegexField(
        r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\.[0-9]{1,6}\Z", label="游标", required=False, max_length=20
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期晚于截止日期，没有这样的时间段。请检查日期。")
        if data.get("cursor"):
            day, _, skip = data["cursor"].partition(".")
            try:
                data["cursor"] = (datetime.date.fromisoformat(day), int(skip))
            except ValueError:
                raise forms.ValidationError("游标（cursor）中的日期无效。") from None
            if data.get("q") and data.get("sort") != "date":
                raise forms.ValidationError("游标（cursor）只用于按日期排序（sort=date）的结果。")
        return data

    @property
    def by_date(self):
        """Whether the results come newest first: sorted so, or no words to rank by."""
        return self.cleaned_data.get("sort") == "date" or not self.cleaned_data.get("q")

    def has_query(self):
        return any(self.cleaned_data.get(name) for name in self.fields if name not in ("sort", "cursor"))

    def search(self, using=None):
        """The search the valid form asks for, the reader's words parsed once: the engine takes the parse as it is."""
        data = self.cleaned_data
        return ArticleSearch(
            words=parse_query(data["q"]),
            start=data["start"],
            end=data["end"],
            year=data["year"],
            district=data["district"],
            section=data["section"],
            reporter=data["reporter"],
            kind=data["kind"],
            by_date=data["sort"] == "date",
            until=data["cursor"][0] if data["cursor"] else None,
            using=using,
        )
