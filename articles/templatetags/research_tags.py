"""Template helpers of the research pages: an article's citation and JSON-LD, the trend chart."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.research.citation import Citation, json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def citation_of(context, article):
    """The article's Citation, its URLs absolute for the request's host."""
    return Citation.of(article, context["request"].build_absolute_uri)


@register.simple_tag
def news_article_json_ld(citation):
    """The schema.org NewsArticle of a citation, as a <script> of JSON-LD (data, never run)."""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(json_ld(citation.news_article()))
    )
