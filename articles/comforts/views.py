"""Reader comforts: a text size that is remembered, an article's short permalink and its QR code.

The size is a cookie, set by a link that comes back to the page, and read by a
small stylesheet of its own: the article page stays the same for every reader,
so the pages cache keeps one copy of it, and no script is needed.
"""

import io

import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from articles.models import Article

from .links import TEXT_SIZE_COOKIE, TEXT_SIZES, short_url

# A year: a reader's preference outlives their visit.
TEXT_SIZE_SECONDS = 365 * 24 * 3600
# The QR code and the short link never change for an article: kept a day by browsers and proxies.
SHARE_MAX_AGE = 24 * 3600


@require_GET
def short_link(request, article_id):
    article = get_object_or_404(Article.objects.select_related("page__issue"), pk=article_id)
    return redirect(article, permanent=True)


@require_GET
def qr_code(request, article_id):
    """The short permalink as a QR code, an SVG drawn here: no service elsewhere sees the reader."""
    article = get_object_or_404(Article.objects.only("pk"), pk=article_id)
    svg = io.BytesIO()
    segno.make(short_url(request, article), error="m").save(
        svg, kind="svg", scale=4, border=2, title="本文短链接的二维码", dark="#000", light="#fff"
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    patch_cache_control(response, max_age=SHARE_MAX_AGE)
    return response


@require_GET
def text_size(request):
    """Remember the size picked (any other value goes back to the default), then back to the page."""
    size = request.GET.get("size", "")
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = redirect(back)
    if size in TEXT_SIZES:
        response.set_cookie(TEXT_SIZE_COOKIE, size, max_age=TEXT_SIZE_SECONDS, samesite="Lax")
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response


@require_GET
def text_size_css(request):
    """The story's text scale for this reader (none for the default), and the size in use marked."""
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "")
    size = size if size in TEXT_SIZES else ""
    css = f":root {{ --story-scale: {TEXT_SIZES[size]}; }}\n" if size else ""
    # The size in use stands out in the control.
    css += f'.text-size a[data-size="{size}"] {{ font-weight: 700; text-decoration: none; }}\n'
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # Asked again on every page (a cheap 304 from its ETag), kept by this reader's browser alone.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response
