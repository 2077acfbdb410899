"""A column (栏目) as a reader meets it: a badge linking to its page, never said twice."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()

# The brackets a headline may carry its column in: 评论标题（街谈巷议）, 【今日谈】评论标题.
CLOSING = ("（{}）", "({})")
OPENING = ("【{}】", "[{}]")


def carried(article):
    """The bracketed column the headline itself prints, or ""."""
    column, headline = article.column, article.headline.strip()
    if not column:
        return ""
    for form in CLOSING:
        if headline.endswith(form.format(column)):
            return form.format(column)
    for form in OPENING:
        if headline.startswith(form.format(column)):
            return form.format(column)
    return ""


@register.filter
def column_badge(article):
    """The column to show above the headline: none when the headline prints it in brackets."""
    return "" if carried(article) else article.column


@register.filter
def headline_with_column(article):
    """The headline, its bracketed column (if it prints one) a link to the column's page."""
    label = carried(article)
    if not label:
        return article.headline
    headline = article.headline.strip()
    link = format_html('<a href="{}">{}</a>', reverse("articles:column", args=[article.column]), label)
    if headline.endswith(label):
        return format_html("{}{}", headline[: -len(label)], link)
    return format_html("{}{}", link, headline[len(label) :])
