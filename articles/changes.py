"""The one path from a change to readers: what derives from it, the cached pages, the search index.

Every write names what it touched to `changed()`: the listeners below do it
for every saved or deleted row, and writers that send no signals (queryset
updates and bulk creates: the importer's) do it themselves. The change then
reaches readers in three steps, in this order:

1. What derives from it (derived.py: the lists' counts, the review flags), in
   the change's own transaction: a reader never sees a count that disagrees
   with the list it counts, and a rollback takes both back.
2. The stamps the cached pages are keyed by (the issues' `updated_at`,
   caching.py), in the same transaction, after what they cover: the pages
   renew at the commit, together with the rows and counts they show. Written
   after the commit instead, a process killed in between would leave pages
   answering with what the database no longer says (304 to a conditional
   GET), and nothing would tell the index that the issue changed
   (`indexing.catch_up` compares these stamps).
3. The search index, once the transaction has committed (indexing.py): it is
   no part of the database's transaction, and indexing before the commit would
   let search find what a rollback then takes away. It reads the rows as
   committed, so it holds what the counts and pages already say.

Inside a `together()` block (an import's file, a removal, an admin request)
the first two steps run once at the block's end rather than for every row,
and the third once after its commit. What waits for that commit is kept in
one thread-local record (`pending`), which a commit's one callback empties.
"""

import functools
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from . import derived, indexing
from .models import Article, Byline, Caption, District, ErrorReport, Issue, Page, Person, Section


@dataclass
class Change:
    """What one write, or a block of them, touched (see `changed`)."""

    articles: set = field(default_factory=set)
    days: set = field(default_factory=set)
    pages: set = field(default_factory=set)
    issues: set = field(default_factory=set)
    written: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.articles or self.days or self.pages or self.issues)

    def add(self, other):
        self.articles |= other.articles
        self.days |= other.days
        self.pages |= other.pages
        self.issues |= other.issues
        self.written.update(other.written)


class Pending(threading.local):
    """This thread's open `together()` block, and what waits for the next commit to reach the index."""

    def __init__(self):
        self.block = None
        self.articles = set()
        self.issues = set()


pending = Pending()


def changed(articles=(), *, days=(), pages=(), issues=(), written=()):
    """These rows changed: bring derived data, the cached pages and the search index up to date, in that order.

    `articles` (a queryset or primary keys): articles whose text, place or
    names changed, or that are gone: the index reads them again after the
    commit, and their issues' pages renew. `days`: days whose articles were
    added, removed, moved or signed otherwise: the months the lists count.
    `pages`, `issues`: pages and issues whose articles' review reasons may have
    changed: their issues are flagged again, and their pages renew. `written`:
    articles among `articles` as this transaction wrote them, with the lists
    the index reads (`ArticleIndex.as_written`): indexed as they are, without
    being read back.
    """
    if hasattr(articles, "values_list"):
        articles = articles.values_list("pk", flat=True)
    change = Change(
        set(articles),
        set(days) - {None},
        set(pages) - {None},
        set(issues) - {None},
        {article.pk: article for article in written},
    )
    if pending.block is None:
        settle(change)
    else:
        pending.block.add(change)


@contextmanager
def together():
    """One transaction whose changes are counted, flagged and stamped once, at its end; nested, the outer's."""
    if pending.block is not None:
        yield
        return
    with transaction.atomic():
        pending.block = block = Change()
        try:
            yield
        finally:
            pending.block = None
        settle(block)


def settle(change):
    """Steps 1 and 2 now, in the current transaction; step 3 when it commits."""
    if not change:
        return
    derived.bring_up_to_date(change.days, change.pages, change.issues)
    pending.issues |= stamp(change)
    pending.articles |= change.articles
    transaction.on_commit(functools.partial(index_committed, change.written))


def stamp(change):
    """Renew the cached pages of the issues the change touched and the lists across the archive (the
    newest issue's stamp), and mark the articles it named as changed now; returns those issues."""
    if change.articles:
        Article.objects.filter(pk__in=change.articles).update(changed_at=timezone.now())
    touched = Q(pk__in=change.issues) | Q(pages__in=change.pages) | Q(pages__articles__in=change.articles)
    newest = Issue.objects.order_by("-date").values("pk")[:1]
    issues = set(Issue.objects.filter(touched | Q(pk__in=newest)).values_list("pk", flat=True))
    Issue.objects.filter(pk__in=issues).touch()
    return issues


def index_committed(written):
    """Step 3: everything pending reaches the index; the first callback after a commit takes it all."""
    articles, issues = pending.articles, pending.issues
    if not (articles or issues):
        return
    pending.articles, pending.issues = set(), set()
    try:
        indexing.follow(articles, issues, written)
    except BaseException:
        pending.articles |= articles  # the next commit tries again
        pending.issues |= issues
        raise


# The listeners: every saved or deleted row names what it touched. A revert saves raw rows,
# which are changes like any other.


@receiver(pre_save, sender=Article)
def article_takes_issue_date(sender, instance, raw=False, **kwargs):
    derived.take_issue_date(instance, reverted=raw)


@receiver(pre_save, sender=Byline)
def byline_takes_article_date(sender, instance, raw=False, **kwargs):
    derived.take_article_date(instance, reverted=raw)


@receiver(pre_save, sender=Person)
def person_name_read(sender, instance, **kwargs):
    instance.plausibility_changed = derived.read_name(instance)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, **kwargs):
    changed([instance.pk], days=[instance.date], pages=[instance.page_id])


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
def byline_changed(sender, instance, **kwargs):
    # None once the article is gone too (a cascade), which names its own change.
    page = Article.objects.filter(pk=instance.article_id).values_list("page_id", flat=True).first()
    changed([instance.article_id], days=[instance.date], pages=[page])


@receiver(post_save, sender=Caption)
@receiver(post_delete, sender=Caption)
def caption_changed(sender, instance, **kwargs):
    changed([instance.article_id])


@receiver(post_save, sender=ErrorReport)
@receiver(post_delete, sender=ErrorReport)
def report_changed(sender, instance, **kwargs):
    # Readers see nothing of it; the review queue does.
    changed(pages=Article.objects.filter(pk=instance.article_id).values_list("page_id", flat=True))


def articles_named(articles):
    """What `changed()` needs of these articles: themselves, their days and their pages."""
    rows = list(articles.values_list("pk", "date", "page_id"))
    return {
        "articles": [pk for pk, _, _ in rows],
        "days": {day for _, day, _ in rows},
        "pages": {page for _, _, page in rows},
    }


@receiver(m2m_changed, sender=Article.districts.through)
def districts_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            changed([instance.pk], days=[instance.date], pages=[instance.page_id])
    elif action == "pre_clear":
        # A clear from the district's side names no articles: they are read while still linked.
        instance.articles_cleared = articles_named(instance.articles.all())
    elif action == "post_clear":
        changed(**instance.__dict__.pop("articles_cleared", {}))
    elif action.startswith("post_"):
        changed(**articles_named(Article.objects.filter(pk__in=pk_set or ())))


# A district's or a section's links go without signals of their own when it is deleted (the through
# rows cascade, pages are set to no section): its articles are read while they still name it.


@receiver(pre_delete, sender=District)
def district_deleting(sender, instance, **kwargs):
    instance.articles_named = articles_named(Article.objects.filter(districts=instance))


@receiver(pre_delete, sender=Section)
def section_deleting(sender, instance, **kwargs):
    instance.articles_named = articles_named(Article.objects.filter(page__section=instance))


@receiver(post_delete, sender=District)
@receiver(post_delete, sender=Section)
def named_row_deleted(sender, instance, **kwargs):
    changed(**instance.__dict__.pop("articles_named", {}))


@receiver(post_save, sender=Issue)
def issue_changed(sender, instance, created=False, **kwargs):
    # Its date is in every article's URL and index entry, and the lists count them by it.
    left = derived.follow_issue_date(instance)
    if not created:
        days = {*left, instance.date} if left else ()
        changed(Article.objects.filter(page__issue=instance), days=days, issues=[instance.pk])


@receiver(post_delete, sender=Issue)
def issue_deleted(sender, instance, **kwargs):
    # Whatever it held, even nothing: the archive-wide lists and its neighbours' pages showed it.
    changed(days=[instance.date], issues=Issue.objects.around(instance.date).values_list("pk", flat=True))


@receiver(post_save, sender=Page)
def page_changed(sender, instance, created=False, **kwargs):
    # A new page has no articles yet; a saved one may have another section.
    if not created:
        changed(Article.objects.filter(page=instance), days=[instance.issue.date], pages=[instance.pk])


@receiver(post_save, sender=Person)
def person_changed(sender, instance, created=False, **kwargs):
    # A new person signs no article yet; a renamed one is in their articles' index entries.
    if created:
        return
    signed = Article.objects.filter(bylines__person=instance)
    # A name that now reads otherwise (as a person's, or not) flags their articles again.
    again = getattr(instance, "plausibility_changed", False)
    changed(signed, pages=signed.values_list("page_id", flat=True) if again else ())


@receiver(post_save, sender=Section)
def section_changed(sender, instance, created=False, **kwargs):
    if not created:
        changed(Article.objects.filter(page__section=instance))


@receiver(post_save, sender=District)
def district_changed(sender, instance, created=False, **kwargs):
    if not created:
        changed(Article.objects.filter(districts=instance))
