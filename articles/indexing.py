"""The one path from a saved change to what readers see: the page cache and the search index.

An article changes through its own row, its bylines, captions and
districts, and through the issue, page, section, person or district it
names. Every change names the articles it touches to `changed()`: signals
do it for saved rows, and the writers that send none (the importer's bulk
writes, the admin's raw reverts, split and merge) call it themselves. The
issues printing those articles get a new stamp at once, so their cached
pages renew (caching.py); a deleted issue (the admin, remove_issues) renews
the archive-wide lists and its neighbours' pages, whether it held articles
or none. When the transaction commits, the articles are read again and
indexed in one batch (an import's new articles as it wrote them, without
reading them back), and the ones gone are removed. An edit in the admin
shows on the site and in search as soon as it is saved; each imported
file's articles are indexed once, after its transaction.

The index also keeps, for each issue, the `updated_at` it last indexed the
issue's articles at (its stamps, read before indexing). A process that dies
between a commit and its indexing leaves an issue whose stamp differs, or
articles the index lacks: `catch_up` finds both.
"""

import functools
import logging
import threading
from contextlib import ExitStack, contextmanager

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from haystack import connection_router, connections
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from zhsearch.exceptions import SearchIndexUnavailable

from .models import Article, Byline, Caption, District, Issue, Page, Person, Section

log = logging.getLogger(__name__)
BATCH = 500
pending = threading.local()

# How a saved row names the articles that print it.
RELATED = {
    Issue: lambda issue: Article.objects.filter(page__issue=issue),
    Page: lambda page: Article.objects.filter(page=page),
    Section: lambda section: Article.objects.filter(page__section=section),
    Person: lambda person: Article.objects.filter(bylines__person=person),
    District: lambda district: Article.objects.filter(districts=district),
}


def changed(articles, written=()):
    """These articles changed (or are gone): their pages renew now, their index entries at commit.

    `articles` is a queryset of them or their primary keys; `written`, see index_on_commit.
    """
    if hasattr(articles, "values_list"):
        articles = articles.values_list("pk", flat=True)
    article_ids = set(articles)
    if not article_ids:
        return
    Issue.objects.filter(pages__articles__in=article_ids).touch()
    index_on_commit(article_ids, written)


def index_on_commit(article_ids, written=()):
    """Bring these articles' index entries up to date when the current transaction commits.

    `written` are articles among them as this transaction saved them, with
    the lists the index reads (ArticleIndex.index_queryset): they are indexed
    as they are, not read back. They go with this commit's callback, so a
    rollback takes them with it.
    """
    if not hasattr(pending, "ids"):
        pending.ids = set()
    pending.ids.update(article_ids)
    transaction.on_commit(functools.partial(flush, {article.pk: article for article in written}))


def flush(written=None):
    """Index what is pending, as the database has it now; the first callback after a commit does it all."""
    article_ids = getattr(pending, "ids", None)
    if not article_ids:
        return
    pending.ids = set()
    try:
        stamps = issue_stamps(Issue.objects.filter(pages__articles__in=article_ids))
        sync_articles(article_ids, written)
        record_stamps(stamps)
    except SearchIndexUnavailable as error:
        # The change is saved; a damaged index takes no writes until rebuild_index, which reads them all.
        log.error("%d articles were not indexed: %s", len(article_ids), error)
    except BaseException:
        pending.ids |= article_ids  # the next commit tries again
        raise


@contextmanager
def pipelined():
    """Index a run of commits (an import's files) through the backends' pipelines.

    Each file's articles are then made ready for the index in another process
    while the next file is parsed and stored, and written to the index at the
    next file's commit (or the block's end).
    """
    with ExitStack() as stack:
        for using in connection_router.for_write():
            stack.enter_context(connections[using].get_backend().pipelined())
        yield


def sync_articles(article_ids, written=None):
    """Make the index agree with the database about these articles: index them, or remove the gone.

    `written` ({pk: article}) holds those just saved, ready to index as they are.
    """
    article_ids = sorted(set(article_ids))
    written = written or {}
    for using in connection_router.for_write():
        index = connections[using].get_unified_index().get_index(Article)
        backend = connections[using].get_backend()
        for start in range(0, len(article_ids), BATCH):
            batch = article_ids[start : start + BATCH]
            # Gone, or left out of search (a sample issue beside real ones): removed.
            searchable = index.index_queryset(using=using).filter(pk__in=batch)
            present = set(searchable.values_list("pk", flat=True))
            ready = [written[pk] for pk in sorted(present & written.keys())]
            if ready:
                backend.update(index, ready)
            if present - written.keys():
                # A queryset, so that the backend reads the articles under its write lock.
                backend.update(
                    index, index.index_queryset(using=using).filter(pk__in=present - written.keys())
                )
            for pk in set(batch) - present:
                backend.remove(get_identifier(Article(pk=pk)))


def catch_up():
    """Index the articles the index lacks and remove those it should not hold; returns how many.

    A process killed between a file's commit and its indexing leaves the two
    apart; the next import (or rebuild_index) brings them together.
    """
    changed = 0
    for using in connection_router.for_write():
        backend = connections[using].get_backend()
        stamps = issue_stamps(Issue.objects.all())
        index = connections[using].get_unified_index().get_index(Article)
        queryset = index.index_queryset(using=using)
        indexed = {int(pk) for pk in backend.indexed_ids(Article)}
        expected = set(queryset.values_list("pk", flat=True))
        missing = expected - indexed
        recorded = backend.stamps("issue")
        if recorded:  # an index that has kept no stamps yet cannot tell what is stale
            stale = [int(pk) for pk, stamp in stamps.items() if recorded.get(pk) != stamp]
            missing |= set(queryset.filter(page__issue__in=stale).values_list("pk", flat=True))
        missing = sorted(missing)
        for start in range(0, len(missing), BATCH):
            backend.update(index, queryset.filter(pk__in=missing[start : start + BATCH]))
        for pk in indexed - expected:
            backend.remove(get_identifier(Article(pk=pk)))
        backend.set_stamps("issue", stamps)
        changed += len(missing) + len(indexed - expected)
    return changed


def issue_stamps(issues):
    """{issue pk: updated_at} as text, the form the index keeps them in."""
    rows = issues.order_by().values_list("pk", "updated_at").distinct()
    return {str(pk): stamp.isoformat() for pk, stamp in rows}


def record_stamps(stamps):
    """The index now holds these issues' articles as of these stamps."""
    for using in connection_router.for_write():
        backend = connections[using].get_backend()
        if stamps:
            backend.set_stamps("issue", stamps)


def require_index():
    """An empty archive gets an empty index; an archive with articles must have its index already.

    A missing index is never started again from what is written next: it would
    hold a few articles and pass for whole.
    """
    for using in connection_router.for_write():
        backend = connections[using].get_backend()
        if backend.exists():
            continue
        count = Article.objects.count()
        if count:
            raise SearchIndexUnavailable(
                f"the search index is missing while the database holds {count} articles"
            )
        backend.clear()


class ArticleSignalProcessor(BaseSignalProcessor):
    def setup(self):
        for model in (Article, Byline, Caption):
            post_save.connect(self.handle_save, sender=model)
            pre_delete.connect(self.handle_delete, sender=model)
        m2m_changed.connect(self.handle_districts, sender=Article.districts.through)
        for model in RELATED:
            post_save.connect(self.handle_related, sender=model)
        post_delete.connect(self.handle_issue_deleted, sender=Issue)

    def teardown(self):
        for model in (Article, Byline, Caption):
            post_save.disconnect(self.handle_save, sender=model)
            pre_delete.disconnect(self.handle_delete, sender=model)
        m2m_changed.disconnect(self.handle_districts, sender=Article.districts.through)
        for model in RELATED:
            post_save.disconnect(self.handle_related, sender=model)
        post_delete.disconnect(self.handle_issue_deleted, sender=Issue)

    def handle_save(self, sender, instance, raw=False, **kwargs):
        if not raw:
            changed([instance.pk if sender is Article else instance.article_id])

    def handle_delete(self, sender, instance, origin=None, **kwargs):
        article_id = instance.pk if sender is Article else instance.article_id
        if isinstance(origin, Issue | Page) or getattr(origin, "model", None) in (Issue, Page):
            # Part of a whole issue or page going: one row at a time would touch the issues thousands of times.
            index_on_commit([article_id])
        else:
            changed([article_id])

    def handle_issue_deleted(self, sender, instance, **kwargs):
        # Whatever it held, even nothing: the archive-wide lists and its neighbours' pages showed it.
        touched = Issue.objects.around(instance.date)
        touched.touch()
        # Their articles are as they were: the index holds them as of the new stamps (health.py reads them).
        touched = Q(pk__in=touched.values("pk")) | Q(pk__in=Issue.objects.order_by("-date").values("pk")[:1])
        transaction.on_commit(lambda: record_stamps(issue_stamps(Issue.objects.filter(touched))))

    def handle_districts(self, sender, instance, action, reverse, pk_set, **kwargs):
        if action.startswith("post_"):
            changed((pk_set or ()) if reverse else [instance.pk])

    def handle_related(self, sender, instance, raw=False, created=False, **kwargs):
        # A new person, section or district is printed by no article yet.
        if not raw and not created:
            changed(RELATED[sender](instance))
