"""Who is asking: the reader's address, behind the proxies the deployment declares, and how much
they sent lately. Readers' error reports and correction proposals share both."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac


def client_ip(request):
    """REMOTE_ADDR, or the address PORTAL_PROXY_COUNT trusted proxies put in X-Forwarded-For.

    Only the proxies' own entries (counted from the right) are trusted; what
    a client writes into the header itself stands further left.
    """
    count = settings.PORTAL_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request):
    """A keyed hash of the address: it counts a reader's reports without storing where they came from."""
    return salted_hmac("articles.reports.client", client_ip(request)).hexdigest()


def sent_too_many(request, rows, per_hour):
    """(the reader's key, whether they sent `per_hour` of `rows` in the past hour already).

    `rows` is a queryset of what readers send (reports, proposals) with `sent_since(key, since)`;
    counted in the database, which every app server shares and a test's transaction undoes.
    """
    key = client_key(request)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    return key, rows.sent_since(key, hour_ago).count() >= per_hour
