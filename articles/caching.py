"""Busy pages served from the cache until the archive changes.

Django's `cache_page` keys a page by its URL only, so it cannot know that an
import or an editor's correction in another process changed what the page
shows. Here the key also holds the moment the archive (or the issue) last
changed, read from `Issue.updated_at` as the Last-Modified header is: any
change anywhere makes a new key in every process, whatever the cache
backend, and the old entries simply expire.

Last-Modified counts whole seconds, so a page sent within the second of its
last change could change again within that second, and a client asking
If-Modified-Since would be told nothing changed. Such a page goes without
Last-Modified until its second is over; its ETag (ConditionalGetMiddleware's,
from the content) still revalidates it.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.views.decorators.http import last_modified


def cached_until_changed(changed):
    """Answer conditional GETs from `changed`, and keep rendered 200s in the pages cache."""

    def changed_once(request, *args, **kwargs):
        """The conditional GET and the cache key ask once per request."""
        if not hasattr(request, "archive_changed_at"):
            request.archive_changed_at = changed(request, *args, **kwargs)
        return request.archive_changed_at

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            stamp = changed_once(request, *args, **kwargs)
            # Pages hold absolute URLs (JSON, canonical links): one host's or scheme's copy is not another's.
            url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
            key = f"page:{stamp.timestamp() if stamp else 0}:{url}"
            cache = caches["pages"]
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    if hasattr(response, "render") and callable(response.render):
                        response.add_post_render_callback(
                            lambda r: cache.set(key, r, settings.PAGE_CACHE_SECONDS)
                        )
                    else:
                        cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            return response

        def settled_change(request, *args, **kwargs):
            stamp = changed_once(request, *args, **kwargs)
            return stamp if stamp and stamp < timezone.now().replace(microsecond=0) else None

        return last_modified(settled_change)(cached_view)

    return decorator
