"""/healthz: can this process serve pages (database) and searches (index), and do the two agree?

It answers over plain HTTP too (SECURE_REDIRECT_EXEMPT), so a load balancer
that probes without TLS sees a 503. Anonymous callers see no file paths nor
database errors, only what is wrong.
"""

import datetime

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from haystack import connections
from haystack.exceptions import SearchBackendError
from haystack.query import SearchQuerySet

from zhsearch.exceptions import SearchIndexUnavailable, SearchNodeUnavailable

from .models import Article, Issue

# An import indexes each file right after its commit; a difference older than this is a fault.
INDEX_GRACE = datetime.timedelta(minutes=2)
# A load balancer gives up on a probe that is slow to answer: the search checks, all together, take at most this.
SEARCH_CHECK_SECONDS = 1.5


@never_cache
def healthz(request):
    staff = request.user.is_staff
    checks = {"database": database_state(staff), "search": "ok"}
    with connections["default"].get_backend().within(SEARCH_CHECK_SECONDS):
        try:
            SearchQuerySet().models(Article).filter(content="株洲").count()
        except SearchNodeUnavailable as error:
            # Nothing to rebuild: the node is named to staff only (its address is the network's).
            checks["search"] = f"unavailable: {error if staff else error.reason}"
        except SearchIndexUnavailable as error:
            checks["search"] = f"unavailable: {error}"  # says what to run; names no file
        except (SearchBackendError, OSError) as error:
            checks["search"] = f"unavailable: {error}" if staff else f"unavailable: {type(error).__name__}"
        if checks["database"] == "ok" and checks["search"] == "ok":
            try:
                checks.update(index_state())
            except SearchNodeUnavailable as error:  # gone since the search above
                checks["search"] = f"unavailable: {error if staff else error.reason}"
            except SearchBackendError as error:
                checks["search"] = f"unavailable: {type(error).__name__}"
    healthy = checks["database"] == "ok" and checks["search"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", **checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )


def database_state(staff):
    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            return f"{len(unapplied)} migrations not applied: run `python manage.py migrate`"
    except DatabaseError as error:
        return f"unavailable: {error}" if staff else "unavailable"
    return "ok"


def index_state():
    """The index against the database: a difference that outlives an import is a fault.

    The counts of articles tell what is missing or left over; the newest of
    the issues' stamps the index recorded (indexing.py), set beside the
    database's newest change, tell entries left stale (an update committed
    whose indexing never ran).
    """
    backend = connections["default"].get_backend()
    searchable = connections["default"].get_unified_index().get_index(Article).index_queryset()
    indexed, stored = backend.document_count(Article), searchable.count()
    last_change = Issue.objects.last_change()
    if indexed != stored:
        difference = f"the index holds {indexed} articles, the database {stored}"
        cure = "run `python manage.py update_index --remove`"
    else:
        recorded = backend.stamps("issue")
        # An index that has kept no stamps yet (just rebuilt by an older version) cannot tell.
        newest = max(map(datetime.datetime.fromisoformat, recorded.values()), default=None)
        if newest is None or last_change is None or newest >= last_change:
            return {}
        difference = (
            "the index is behind the database: it was last brought up to date at "
            f"{newest.isoformat(sep=' ', timespec='milliseconds')}, "
            f"the database changed at {last_change.isoformat(sep=' ', timespec='milliseconds')}"
        )
        cure = "the next `import_issues` catches up, or run `python manage.py rebuild_index --noinput`"
    if last_change and timezone.now() - last_change < INDEX_GRACE:
        return {"index": f"{difference}: an import is being indexed"}
    return {"search": f"{difference}: {cure}"}
