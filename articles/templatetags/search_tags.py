from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from haystack.query import SearchQuerySet

from zhsearch.exceptions import SearchIndexUnavailable

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


@register.simple_tag(takes_context=True)
def facet_links(context, name, counts, current):
    """[(value, count, href)]: each value's link, this page's query string with `name` set to it, on page 1.

    Made here, not by a tag per value: a results page shows some sixty values.
    """
    query = context["request"].GET.copy()
    query.pop("page", None)
    query.pop(name, None)
    base = query.urlencode()
    prefix = f"?{base}&" if base else "?"
    current = str(current or "")
    return [
        (value, count, str(value) == current, prefix + urlencode({name: value}))
        for value, count in counts or []
    ]


@register.simple_tag
def facet_options(counts, current):
    """The <option>s of a filter picked from a list with counts (the facets of the results, or the
    archive's before a search), the current choice kept even where the list lacks it."""
    counts = list(counts or [])
    current = str(current or "")
    options = []
    if current and current not in {str(value) for value, _ in counts}:
        options.append(format_html('<option value="{}" selected>{}</option>', current, current))
    options += [
        format_html(
            '<option value="{}"{}>{}（{}）</option>',
            value,
            mark_safe(" selected") if str(value) == current else "",
            value,
            count,
        )
        for value, count in counts
    ]
    return mark_safe("".join(options))


@register.simple_tag
def related_articles(article, *parts, count=5):
    """Articles sharing the most telling words with this one, read from the index: no database query.

    Never the story's own other parts: the `parts` its jumps lead to, and any
    article of the same day with the same headline (a continuation whose jump
    the archive could not follow); one of each story and its guide entry.
    """
    own = {part.get_absolute_url() for part in parts if part}
    try:
        results = list(SearchQuerySet().more_like_this(article)[: count * 2])
    except SearchIndexUnavailable:
        return []
    # A story and its guide entry (导读) or its continuation: one item, never the article's own.
    seen = {(article.date, "".join(article.headline.split()))}
    related = []
    for result in results:
        key = (result.date, "".join((result.headline or "").split()))
        if result.url not in own and key not in seen:
            seen.add(key)
            related.append(result)
    return related[:count]
