"""sitemap.xml: an index of one sitemap per kind of page, each split into files of a few thousand URLs.

Django renders each of a sitemap's URLs through a template: a file of the protocol's 50,000 would
take seconds to serve, on every crawler's visit (docs/benchmark.md).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Article, District, Issue, Page, Person, Section

URLS_PER_FILE = 2000


class StaticSitemap(Sitemap):
    def items(self):
        return [
            "articles:home",
            "articles:archive",
            "articles:districts",
            "articles:sections",
            "articles:people",
        ]

    def location(self, name):
        return reverse(name)


class IssuesChanged:
    """The index's lastmod of a sitemap of issues' contents: their newest change, asked of the
    database once instead of Django's default, which reads every item of the sitemap for its maximum."""

    limit = URLS_PER_FILE

    def get_latest_lastmod(self):
        return Issue.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class IssueSitemap(IssuesChanged, Sitemap):
    def items(self):
        return Issue.objects.public().only("date", "updated_at").order_by("date")

    def lastmod(self, issue):
        return issue.updated_at


class PageSitemap(IssuesChanged, Sitemap):
    def items(self):
        return (
            Page.objects.filter(issue__in=Issue.objects.public())
            .select_related("issue")
            .only("number", "issue__date", "issue__updated_at")
        )

    def lastmod(self, page):
        return page.issue.updated_at


class ArticleSitemap(IssuesChanged, Sitemap):
    def items(self):
        return (
            Article.objects.public()
            .stories()
            .select_related("page__issue")
            .only("number", "page__number", "page__issue__date", "page__issue__updated_at")
            .order_by("pk")
        )

    def lastmod(self, article):
        return article.page.issue.updated_at


class DistrictSitemap(Sitemap):
    def items(self):
        return District.objects.all()


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.with_article_counts()


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.with_article_counts().order_by("name")


SITEMAPS = {
    "site": StaticSitemap,
    "issues": IssueSitemap,
    "issue-pages": PageSitemap,
    "articles": ArticleSitemap,
    "districts": DistrictSitemap,
    "sections": SectionSitemap,
    "people": PersonSitemap,
}
