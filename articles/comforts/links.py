"""What the reader comforts' views and the article page's tags share: the sizes, the cookie, the short link."""

from django.urls import reverse

# The sizes a reader picks from, and how much larger than the default each sets the story's text.
TEXT_SIZES = {"small": "0.9", "large": "1.25", "larger": "1.5"}
TEXT_SIZE_COOKIE = "text_size"


def short_url(request, article):
    """An article's short permalink, absolute: what a reader shares, and the QR code holds."""
    return request.build_absolute_uri(reverse("comforts:short", args=[article.pk]))
