"""Date-keyed paging of results newest first (the JSON API's cursor): a day, and how many of its results
were already seen.

`?cursor=2024-03-12.7` asks for the results on or before 12 March 2024, past
the first seven of that day. The search is bounded by the day, so the
offset is at most one day's results however deep the page: a page far down
costs what the first does, where ?page= makes the index step over every
result before it. Newer articles imported meanwhile do not shift the pages.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DatePage:
    results: list
    count: int  # the results on or before the cursor's day
    next_cursor: str | None


def date_page(results, cursor, per_page):
    """The page a cursor (day, skip) names of `results` (newest first, bounded by the day)."""
    _, skip = cursor
    items = list(results[skip : skip + per_page])
    return DatePage(items, results.count(), next_cursor(results, items, skip + len(items)))


def next_cursor(results, page, end):
    """The cursor of the page after `page`, which ends at offset `end` of `results`; None after the last.

    Its day is the last result's; every result newer than that day comes before it, so the results
    of that day seen so far are `end` less those newer ones.
    """
    if not page or end >= results.count():
        return None
    day = page[-1].date
    newer = results.filter(date__gt=day).count()
    return f"{day.isoformat()}.{end - newer}"
