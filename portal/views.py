"""The site's own error view: Django's renders 500.html with no context at all."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .context_processors import paper


@requires_csrf_token
def server_error(request):
    """500.html with the paper's name and nothing else: no request context that could fail again."""
    return HttpResponseServerError(loader.render_to_string("500.html", paper()))
