"""Template helpers of readers' corrections: the record's addresses and counts, diffs as HTML."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..models import date_kwargs

register = template.Library()


@register.simple_tag
def article_url(article, name):
    """The address of one of an article's own pages (corrections, printed), beside the article's."""
    kwargs = {**date_kwargs(article.page.issue.date), "page": article.page.number, "number": article.number}
    return reverse(f"articles:{name}", kwargs=kwargs)


@register.simple_tag
def reader_corrections(article):
    """How many of the article's corrections readers proposed."""
    return article.proposals.accepted().count()


# A screen reader says what is deleted and inserted; the colours say it to the eye.
DIFF_PARTS = {
    "del": '<del><span class="visually-hidden">［删去］</span>{}</del>',
    "ins": '<ins><span class="visually-hidden">［加上］</span>{}</ins>',
    "gap": '<span class="diff-gap" title="未改动的文字从略">{}</span>',
    "same": "{}",
}


@register.filter
def diff_html(parts):
    """[(kind, text)] (articles/history.py char_diff) as HTML, every text escaped."""
    return format_html_join("", "{}", ((format_html(DIFF_PARTS[kind], text),) for kind, text in parts))


@register.simple_tag
def waiting_proposals(article):
    """How many of the article's proposals wait for an editor (its edit form's link to them)."""
    return article.proposals.waiting().count()
