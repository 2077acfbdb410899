"""Pages of an article list whose counts per month Tally keeps: no COUNT, and no long OFFSET."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .models import next_month


class MonthPaginator(Paginator):
    """A list newest first by its `listed_on` date, with its articles per month from Tally.

    The count is the months' sum, and a page reads only the months it spans: a page deep in a
    list of ten thousand articles skips the newer months by their counts instead of reading past
    every article in them, and the older ones are out of its range, so no database's planner
    sorts the rest of the list to find where the page ends.
    """

    def __init__(self, object_list, per_page, months):
        super().__init__(object_list, per_page)
        self.months = sorted(((row["month"], row["count"]) for row in months), reverse=True)

    @cached_property
    def count(self):
        return sum(n for _, n in self.months)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        last = min(bottom + self.per_page, self.count) - 1
        articles, skipped, start = self.object_list, 0, bottom
        for month, n in self.months:
            if skipped <= bottom < skipped + n:
                articles = articles.filter(listed_on__lt=next_month(month))
                start = bottom - skipped
            if skipped <= last < skipped + n:
                articles = articles.filter(listed_on__gte=month)
                break
            skipped += n
        return self._get_page(articles[start : start + self.per_page], number, self)
