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

A row's own copies (the dates, `plausible`) are set as it is saved; the
counts and flags that many rows feed are brought up to date by
`bring_up_to_date`, which articles/changes.py runs for every change, in the
change's own transaction. Counts that drift all the same (a manual SQL fix)
are put right by `manage.py recount_archive` (`TallyQuerySet.recount_all`),
which trusts no row.
"""

from .models import Article, Byline, Issue, ListEntry, Page, Tally, month_of
from .parsing import plausible_name


def bring_up_to_date(days, pages, issues):
    """Articles of these days, pages or issues changed: count their months again and re-flag their issues."""
    months = {month_of(day) for day in days if day}
    if months:
        Tally.objects.recount(months)
    ListEntry.objects.refresh(days)
    issues = set(issues) | set(Page.objects.filter(pk__in=pages).values_list("issue_id", flat=True))
    if issues:
        # A whole issue: whether a jump lands depends on the articles of the other pages.
        Article.objects.filter(page__issue__in=issues).refresh_review_flags()


def take_issue_date(article, reverted=False):
    # A revert brings back the date the article had then; the issue's is the one that holds.
    if article.date is None or reverted:
        article.date = Issue.objects.filter(pages=article.page_id).values_list("date", flat=True).get()


def take_article_date(byline, reverted=False):
    if byline.date is None or reverted:
        byline.date = Article.objects.filter(pk=byline.article_id).values_list("date", flat=True).get()


def follow_issue_date(issue):
    """An issue saved under another date moves its articles and bylines there; returns the days they left."""
    stale = Article.objects.filter(page__issue=issue).exclude(date=issue.date)
    old = set(stale.values_list("date", flat=True).distinct())
    if old:
        stale.update(date=issue.date)
        Byline.objects.filter(article__page__issue=issue).exclude(date=issue.date).update(date=issue.date)
    return old


def read_name(person):
    """Whether the name reads as a person's; returns whether that changed for a person already saved."""
    plausible = plausible_name(person.name)
    changed = person.pk is not None and plausible != person.plausible
    person.plausible = plausible
    return changed
