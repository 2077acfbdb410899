"""Who is asking: the reader's address, behind the proxies the deployment declares."""

from django.conf import settings
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
