"""/healthz: can this process serve pages (database) and searches (index)?"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from haystack.exceptions import SearchBackendError
from haystack.query import SearchQuerySet

from .models import Article


@never_cache
def healthz(request):
    checks = {"database": "ok", "search": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        checks["database"] = f"unavailable: {error}"
    try:
        SearchQuerySet().models(Article).filter(content="株洲").count()
    except (SearchBackendError, OSError) as error:
        checks["search"] = f"unavailable: {error}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503
    )
