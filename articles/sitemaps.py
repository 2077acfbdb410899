"""sitemap.xml: an index of one sitemap per kind of page, each split by Django at 50,000 URLs."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, District, Issue, Page, Person, Section


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


class IssueSitemap(Sitemap):
    def items(self):
        return Issue.objects.public().only("date", "updated_at").order_by("date")

    def lastmod(self, issue):
        return issue.updated_at


class PageSitemap(Sitemap):
    def items(self):
        return (
            Page.objects.filter(issue__in=Issue.objects.public())
            .select_related("issue")
            .only("number", "issue__date", "issue__updated_at")
        )

    def lastmod(self, page):
        return page.issue.updated_at


class ArticleSitemap(Sitemap):
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
