"""The JSON API: which requests other sites' scripts may read, and how many one address may make.

Every reader page answers ?format=json (and 词频趋势 ?format=csv): that is the
JSON API, limited per address (the reader's own, behind PORTAL_PROXY_COUNT
proxies, as the error reports count it) by django-ratelimit in the "default"
cache, with a 429 that says when to come back. The JSON, CSV, feeds,
citations and exported files answer cross-origin GETs (django-cors-headers,
asked through its signal); HTML pages and the admin do not.
"""

import re

from corsheaders.signals import check_request_enabled
from django.conf import settings
from django.dispatch import receiver
from django.http import JsonResponse
from django_ratelimit.core import get_usage

from articles.reports.clients import client_ip

FEED = re.compile(r"(?:^|/)feed/(?:atom/)?$")
CITATION = re.compile(r"/cite\.(?:ris|bib|json)$")
DATA = re.compile(r"^/data/")
PERIODS = {"s": "秒", "m": "分钟", "h": "小时", "d": "天"}


def is_api_call(request):
    """A request for data: ?format=json, or ?format=csv."""
    return request.GET.get("format") in ("json", "csv")


def is_for_programs(request):
    """What another site's script may read: the API's JSON and CSV, feeds, citations, exported files."""
    path = request.path_info
    return is_api_call(request) or bool(FEED.search(path) or CITATION.search(path) or DATA.match(path))


@receiver(check_request_enabled)
def cross_origin(sender, request, **kwargs):
    return request.method in ("GET", "HEAD", "OPTIONS") and is_for_programs(request)


def client(group, request):
    return client_ip(request)


class RateLimitMiddleware:
    """At most API_RATE requests of the JSON API from one address; past it, a 429 with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_call(request):
            usage = get_usage(request, group="api", key=client, rate=settings.API_RATE, increment=True)
            if usage and usage["should_limit"]:
                return too_many(usage)
        return self.get_response(request)


def too_many(usage):
    count, period = settings.API_RATE.split("/")
    number, unit = period[:-1], PERIODS[period[-1]]
    retry = max(1, usage["time_left"])
    response = JsonResponse(
        {
            "error": f"请求太频繁：每个地址每{number}{unit}最多{count}次。请在{retry}秒后再试。",
            "limit": settings.API_RATE,
            "retry_after": retry,
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(retry)
    return response
