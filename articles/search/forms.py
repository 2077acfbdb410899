"""The search form: what a reader asks, checked, and made into the search it asks for."""

import datetime
from urllib.parse import urlencode

from django import forms

from articles.models import Article
from zhsearch.text import UserQuery, parse_query

from .query import ArticleSearch

# Prefixes a reader may put before a word in the search box, and the index fields the word is then
# sought in alone: the title block, or the bylines.
TITLE_FIELDS = ("kicker", "headline", "subtitle")
BYLINE_FIELDS = ("bylines",)
FIELD_PREFIXES = {"标题": TITLE_FIELDS, "作者": BYLINE_FIELDS}
SORTS = {"": None, "date": "-date", "oldest": "date"}


class SearchForm(forms.Form):
    """The reader's words (q, with its syntax; and the advanced form's fields), the filters and the order."""

    q = forms.CharField(label="关键词", required=False, max_length=200)
    any = forms.CharField(
        label="任一词", required=False, max_length=200, help_text="空格分开，含其中一个即可"
    )
    title = forms.CharField(label="标题含", required=False, max_length=100)
    byline = forms.CharField(label="署名含", required=False, max_length=40)
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.CharField(label="区县", required=False, max_length=20)
    section = forms.CharField(label="版面", required=False, max_length=50)
    reporter = forms.CharField(label="作者", required=False, max_length=20)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *Article.Kind.choices])
    year = forms.IntegerField(label="年份", required=False, min_value=1, max_value=9999)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("", "相关度"), ("date", "日期（新的在前）"), ("oldest", "日期（旧的在前）")],
    )
    # Date-keyed paging (the JSON's next_cursor): the results on or before a day, past the first
    # few of that day; a page deep in the results costs what the first does (docs/research.md).
    cursor = forms.RegexField(
        r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\.[0-9]{1,6}\Z", label="游标", required=False, max_length=20
    )

    # The words' fields, and the filters a reader picks from the lists beside the results.
    WORDS = ("q", "any", "title", "byline")
    FILTERS = ("start", "end", "district", "section", "reporter", "kind", "year")

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
        if self.is_bound and not self.errors:
            data["words"] = self.words(data)
            short = [
                word for fields, word in data["words"].in_fields if fields == BYLINE_FIELDS and len(word) < 2
            ]
            if short:
                raise forms.ValidationError(
                    f"按署名查找请写至少两个字（“{short[0]}”只有一个字），例如“作者:刘毅”。"
                )
        return data

    @staticmethod
    def words(data):
        """The words of the box and of the advanced form's fields, in one UserQuery, parsed once."""
        query = parse_query(data.get("q") or "", FIELD_PREFIXES)
        alternatives = parse_query(data.get("any") or "").terms
        if len(alternatives) > 1:
            query.any_of.append(alternatives)
        else:
            query.terms += alternatives
        for name, fields in (("title", TITLE_FIELDS), ("byline", BYLINE_FIELDS)):
            query.in_fields += [(fields, word) for word in parse_query(data.get(name) or "").terms]
        return query

    def has_query(self):
        return any(self.cleaned_data.get(name) for name in (*self.WORDS, *self.FILTERS))

    def has_filters(self):
        return any(self.cleaned_data.get(name) for name in self.FILTERS)

    def whole_archive(self):
        """The query string of the same words searched without the filters."""
        return "?" + urlencode(
            {name: self.cleaned_data[name] for name in self.WORDS if self.cleaned_data.get(name)}
        )

    @property
    def by_date(self):
        """Whether the results come newest first: sorted so, or no words to rank by."""
        words = self.cleaned_data.get("words")
        return self.cleaned_data.get("sort") == "date" or not (words and words.sought)

    def search(self, using=None):
        """The search the valid form asks for, the reader's words parsed once: the engine takes the parse as it is."""
        data = self.cleaned_data
        return ArticleSearch(
            words=data.get("words") or UserQuery(),
            start=data["start"],
            end=data["end"],
            year=data["year"],
            district=data["district"],
            section=data["section"],
            reporter=data["reporter"],
            kind=data["kind"],
            order=SORTS[data["sort"]],
            until=data["cursor"][0] if data["cursor"] else None,
            using=using,
        )
