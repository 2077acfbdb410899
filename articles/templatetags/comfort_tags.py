from django import template

from articles.comforts.links import short_url

register = template.Library()

# The sizes as the control names them (TEXT_SIZES, and "" the default), smallest first.
SIZE_LABELS = {"small": "小", "": "中", "large": "大", "larger": "特大"}


@register.simple_tag(takes_context=True)
def article_short_url(context, article):
    """The article's short permalink, absolute: what a reader shares, and the QR code holds."""
    return short_url(context["request"], article)


@register.simple_tag
def text_sizes():
    return SIZE_LABELS.items()
