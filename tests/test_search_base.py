"""Helpers for the search tests (no tests here): fictional articles and a fresh index.

Every article here is invented for the tests. The index is the real FTS5
file in the test run's throwaway data directory; a test class starts from
an empty one (`fresh_index`) and indexes what it made (`index_all`), since a
TestCase's transaction never commits and so never triggers the realtime
indexing.
"""

import datetime

from django.core.management import call_command
from haystack import connections

from articles.models import Article, Byline, Caption, District, Issue, Page, Person, Section
from articles.search.signals import sync_articles


def backend():
    return connections["default"].get_backend()


def fresh_index():
    backend().clear()


def index_all():
    sync_articles(Article.objects.values_list("pk", flat=True))


def rebuild():
    call_command("rebuild_index", interactive=False, verbosity=0)


def make_article(
    headline,
    body="",
    *,
    date=datetime.date(2024, 3, 12),
    page=1,
    section="综合新闻",
    kind=Article.Kind.NEWS,
    districts=(),
    bylines=(),
    captions=(),
    kicker="",
    subtitle="",
):
    issue, _ = Issue.objects.get_or_create(
        date=date, defaults={"source_name": f"test-{date}.txt", "source_checksum": "0" * 64}
    )
    page_obj, _ = Page.objects.get_or_create(
        issue=issue,
        number=page,
        defaults={"section": Section.objects.get_or_create(name=section)[0] if section else None},
    )
    article = Article.objects.create(
        page=page_obj,
        position=page_obj.articles.count() + 1,
        number=page_obj.next_article_number(),
        headline=headline,
        body=body,
        kind=kind,
        kicker=kicker,
        subtitle=subtitle,
    )
    article.districts.set(District.objects.filter(name__in=districts))
    for n, (role, name) in enumerate(bylines):
        person, _ = Person.objects.get_or_create(name=name)
        Byline.objects.create(article=article, person=person, role=role, position=n)
    for n, text in enumerate(captions):
        Caption.objects.create(article=article, text=text, position=n)
    return article
