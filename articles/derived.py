"""What lists read instead of working it out over the whole archive: counts, dates and review flags.

- `Tally` keeps the articles per district, section and person, per month (the
  chart on each list page) with a row per key for all time beside them.
- `ListEntry` holds each article's place in the lists of its districts, section
  and people, by date, so a list page is a range of one index.
- `Article.date` and `Byline.date` copy the issue's date, so lists sort by an
  index instead of joining every article to its page and issue.
- `Article.review_flags` and `in_review_queue` say which review reasons hold
  (`ArticleQuerySet.refresh_review_flags`), so the review queue is an index;
  `Person.plausible` says whether a name reads as a person's, which one of
  them reads.

Every change to what they derive from notes what it touched, through the
signals below: an article saved or deleted, its bylines and districts, a
page's section, an issue's date, a reader's report. The work runs at once, in
the same transaction as the change, or once at the end of a `kept_once()`
block (an import, a removal), so a reader never sees a count that disagrees
with the list. Queryset updates and bulk creates send no signals: the
importer and the admin's bulk actions note what they change themselves.
Counts that drift all the same (a manual SQL fix) are put right by
`manage.py recount_archive` (`TallyQuerySet.recount_all`), which trusts no row.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Article, Byline, Issue, ListEntry, Page, Tally, month_of
from .parsing import plausible_name

pending = threading.local()


@contextmanager
def kept_once():
    """Recount and re-flag what the block touches once, at its end (an import, a removal)."""
    if getattr(pending, "changes", None) is not None:
        yield  # an outer block does it
        return
    pending.changes = changes = {"days": set(), "pages": set(), "issues": set()}
    try:
        yield
    finally:
        pending.changes = None
    bring_up_to_date(**changes)


def note(days=(), pages=(), issues=()):
    """Articles of these days, pages or issues changed: bring what derives from them up to date."""
    changes = getattr(pending, "changes", None)
    if changes is None:
        bring_up_to_date(set(days), set(pages), set(issues))
        return
    changes["days"].update(days)
    changes["pages"].update(pages)
    changes["issues"].update(issues)


def bring_up_to_date(days, pages, issues):
    months = {month_of(day) for day in days if day}
    if months:
        Tally.objects.recount(months)
    ListEntry.objects.refresh(days)
    pages.discard(None)
    if pages:
        issues |= set(Page.objects.filter(pk__in=pages).values_list("issue_id", flat=True))
    if issues:
        # A whole issue: whether a jump lands depends on the articles of the other pages.
        Article.objects.filter(page__issue__in=issues).refresh_review_flags()


# The issue's date on articles and bylines.


@receiver(pre_save, sender="articles.Article")
def article_takes_issue_date(sender, instance, raw=False, **kwargs):
    # A revert (raw) brings back the date the article had then; the issue's is the one that holds.
    if instance.date is None or raw:
        instance.date = Issue.objects.filter(pages=instance.page_id).values_list("date", flat=True).get()


@receiver(pre_save, sender="articles.Byline")
def byline_takes_article_date(sender, instance, raw=False, **kwargs):
    if instance.date is None or raw:
        instance.date = Article.objects.filter(pk=instance.article_id).values_list("date", flat=True).get()


@receiver(post_save, sender="articles.Issue")
def articles_follow_issue_date(sender, instance, **kwargs):
    """An issue saved under another date moves its articles and bylines there, and their counts."""
    stale = Article.objects.filter(page__issue=instance).exclude(date=instance.date)
    old = set(stale.values_list("date", flat=True).distinct())
    if old:
        stale.update(date=instance.date)
        Byline.objects.filter(article__page__issue=instance).exclude(date=instance.date).update(
            date=instance.date
        )
        note(days={*old, instance.date})


@receiver(pre_save, sender="articles.Person")
def person_name_read(sender, instance, raw=False, **kwargs):
    """Whether the name reads as a person's; a renamed person's articles are flagged again."""
    plausible = plausible_name(instance.name)
    instance.plausibility_changed = instance.pk is not None and plausible != instance.plausible
    instance.plausible = plausible


@receiver(post_save, sender="articles.Person")
def person_changed(sender, instance, **kwargs):
    if getattr(instance, "plausibility_changed", False):
        signed = Article.objects.filter(bylines__person=instance)
        note(pages=set(signed.values_list("page_id", flat=True)))


@receiver(post_delete, sender="articles.Issue")
def issue_deleted(sender, instance, **kwargs):
    note(days=[instance.date])


# What the counts and flags derive from.


@receiver(post_save, sender="articles.Article")
@receiver(post_delete, sender="articles.Article")
def article_changed(sender, instance, **kwargs):
    note(days=[instance.date], pages=[instance.page_id])


@receiver(post_save, sender="articles.Byline")
@receiver(post_delete, sender="articles.Byline")
def byline_changed(sender, instance, **kwargs):
    # None once the article is gone too (a cascade), which notes its own change.
    page = Article.objects.filter(pk=instance.article_id).values_list("page_id", flat=True).first()
    note(days=[instance.date], pages=[page])


@receiver(post_save, sender="articles.ErrorReport")
@receiver(post_delete, sender="articles.ErrorReport")
def report_changed(sender, instance, **kwargs):
    page = Article.objects.filter(pk=instance.article_id).values_list("page_id", flat=True).first()
    note(pages=[page])


@receiver(post_save, sender="articles.Page")
def page_changed(sender, instance, created=False, **kwargs):
    # A new page has no articles yet; a saved one may have another section.
    if not created:
        note(days=[instance.issue.date], pages=[instance.pk])


def districts_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        rows = Article.objects.filter(pk__in=pk_set or ()).values_list("date", "page_id")
        note(days={day for day, _ in rows}, pages={page for _, page in rows})
    else:
        note(days=[instance.date], pages=[instance.page_id])


def connect_districts():
    m2m_changed.connect(districts_changed, sender=Article.districts.through, dispatch_uid="derived_districts")
