from django import template
from haystack.query import SearchQuerySet

from articles.search.backend import SearchIndexUnavailable

register = template.Library()


@register.simple_tag(takes_context=True)
def with_param(context, name, value=None):
    """This page's query string with one parameter set, or dropped when value is None; back on page 1."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if value is None or value == "":
        query.pop(name, None)
    else:
        query[name] = value
    return f"?{query.urlencode()}" if query else "?"


@register.simple_tag
def related_articles(article, count=5):
    """Articles sharing the most telling words with this one, read from the index: no database query."""
    try:
        return list(SearchQuerySet().more_like_this(article)[:count])
    except SearchIndexUnavailable:
        return []
