from django import template
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


@register.inclusion_tag("search/includes/facet_select.html")
def facet_select(name, label, counts, current):
    """A filter picked from a list with counts (the facets of the results, or the archive's before a
    search), the current choice kept even where the list lacks it."""
    counts = list(counts or [])
    return {
        "name": name,
        "label": label,
        "counts": counts,
        "current": current or "",
        "unlisted": current if current and current not in {value for value, _ in counts} else "",
    }


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
