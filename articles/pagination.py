"""Pages of an article list whose counts per month Tally keeps: no COUNT, and no long OFFSET."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .models import next_month


class MonthPaginator(Paginator):
    """A list newest first by its `listed_on` date, with its articles per month from Tally.

    The count is the months' sum, and a page starts reading at the month it begins in: a page
    deep in a list of ten thousand articles skips the newer months by their counts instead of
    reading past every article in them.
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
        articles, skipped = self.object_list, 0
        for month, n in self.months:
            if skipped + n > bottom:
                articles = articles.filter(listed_on__lt=next_month(month))
                break
            skipped += n
        start = bottom - skipped
        return self._get_page(articles[start : start + self.per_page], number, self)
