"""The search index's side of a change: articles indexed as the database holds them, and stamps.

articles/changes.py hands over what a committed change touched (`follow`):
the articles are read again and indexed in one batch (an import's new
articles as it wrote them, without reading them back), and the ones gone are
removed. The index also keeps, for each issue, the `updated_at` it last
indexed the issue's articles at (its stamps, read before indexing): a
process that dies between a commit and its indexing leaves an issue whose
stamp differs, or articles the index lacks, and `catch_up` finds both.
"""

import logging
from contextlib import ExitStack, contextmanager

from haystack import connection_router, connections
from haystack.utils import get_identifier

from zhsearch.exceptions import SearchIndexUnavailable

from .models import Article, Issue

log = logging.getLogger(__name__)
BATCH = 500


def follow(article_ids, issue_ids, written=None):
    """After a commit: index these articles as the database has them now, and record these issues' stamps.

    `written` ({pk: article}) holds articles as the committed transaction
    wrote them, with the lists the index reads (ArticleIndex.as_written):
    they are indexed as they are. A damaged or unreachable index is logged,
    not raised: the change is saved, and rebuild_index (or the next import's
    catch_up) brings the index back to it.
    """
    try:
        stamps = issue_stamps(Issue.objects.filter(pk__in=issue_ids))
        sync_articles(article_ids, written)
        record_stamps(stamps)
    except SearchIndexUnavailable as error:
        log.error("%d articles were not indexed: %s", len(article_ids), error)


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
    if not stamps:
        return
    for using in connection_router.for_write():
        connections[using].get_backend().set_stamps("issue", stamps)


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
