"""What every template may name: the paper and the site (PORTAL_PAPER_NAME, PORTAL_SITE_NAME)."""

from django.conf import settings


def paper(request=None):
    return {"paper_name": settings.PAPER_NAME, "site_name": settings.SITE_NAME}
