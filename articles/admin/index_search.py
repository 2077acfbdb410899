"""The admin's search box through the search index, never a scan of every body."""

import datetime

from django.contrib import messages
from django.db.models import Max, Min
from haystack.query import SearchQuerySet

from ..models import Article, District, Section, next_month

# How many of the newest matches a search lists. An editor looking for one story adds words,
# dates or a filter (which narrow the search itself) rather than paging past hundreds.
MATCHES = 300


class IndexSearch:
    """search_fields shows the box; the articles come from the search index, newest first.

    The list's date hierarchy and its district, section and kind filters narrow the
    search in the index; the review filters apply to the matches it returns.
    """

    def get_search_results(self, request, queryset, search_term):
        words = search_term.strip()
        if not words:
            return queryset, False
        matches = narrowed(SearchQuerySet().models(Article).auto_query(words), request.GET).order_by("-date")
        # Primary keys alone: the index then leaves every match's stored fields unread.
        ids = [int(pk) for pk in matches.values_list("pk", flat=True)[:MATCHES]]
        # The search that found them counted them too: count() asks the index no more.
        if len(ids) == MATCHES and (total := matches.count()) > MATCHES:
            messages.info(
                request,
                f"共有 {total} 篇文章含有「{words}」，下面是最新的 {MATCHES} 篇；"
                "加上词语、日期或筛选条件可以缩小范围。",
            )
        # Their dates bound them too: the date hierarchy's first and last date are then a range of
        # the date index, where PostgreSQL walks it from the oldest article testing every id.
        days = Article.objects.filter(pk__in=ids).aggregate(first=Min("date"), last=Max("date"))
        bounds = {"date__range": (days["first"], days["last"])} if ids else {}
        return queryset.filter(pk__in=ids, **bounds), False


def narrowed(matches, params):
    """The admin's own filters, as the index's filters."""
    day = [params.get(f"date__{part}", "") for part in ("year", "month", "day")]
    if day[0].isdigit():
        year, month, date = int(day[0]), int(day[1]) if day[1].isdigit() else None, None
        try:
            if month and day[2].isdigit():
                date = datetime.date(year, month, int(day[2]))
                matches = matches.filter(date__gte=date, date__lte=date)
            elif month:
                start = datetime.date(year, month, 1)
                end = next_month(start) - datetime.timedelta(days=1)
                matches = matches.filter(date__gte=start, date__lte=end)
            else:
                matches = matches.filter(
                    date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
                )
        except ValueError:
            pass  # the admin itself reports a date it cannot read
    for param, model, field in (
        ("districts__id__exact", District, "districts_exact"),
        ("page__section__id__exact", Section, "section_exact"),
    ):
        if params.get(param, "").isdigit():
            name = model.objects.filter(pk=params[param]).values_list("name", flat=True).first()
            matches = matches.filter(**{field: name or ""})
    if params.get("kind__exact"):
        matches = matches.filter(kind_exact=params["kind__exact"])
    return matches
