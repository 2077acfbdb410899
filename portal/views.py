"""The site's own error views: Django's renders 500.html with no context at all, and a bare English
"403 Forbidden" where there is no 403.html; an editor's errors look like the admin around them."""

from django.contrib import admin
from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token

from .context_processors import paper


def _in_admin(request):
    return request.path.startswith(reverse("admin:index"))


def _error_page(request, name):
    """The admin's own page (its header, user links and sidebar) under /admin/, else the site's."""
    if _in_admin(request):
        return loader.render_to_string(f"admin/{name}", admin.site.each_context(request), request)
    return loader.render_to_string(name, request=request)


@requires_csrf_token
def permission_denied(request, exception):
    return HttpResponseForbidden(_error_page(request, "403.html"))


@requires_csrf_token
def page_not_found(request, exception):
    return HttpResponseNotFound(_error_page(request, "404.html"))


@requires_csrf_token
def server_error(request):
    """500.html with the paper's name and nothing else: no request context that could fail again."""
    return HttpResponseServerError(loader.render_to_string("500.html", paper()))
