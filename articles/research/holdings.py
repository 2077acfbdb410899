"""关于本馆藏: what the archive holds and what it lacks, read from the issues and their pages.

An issue says how many pages it printed (今日N版, `page_count`); the archive
holds the pages it was given. Issue numbers (期号) run on from issue to
issue, so a jump between two held issues names the issues missing between
them, when no more are missing than the days between them could hold.
"""

import datetime
import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, Max, Sum
from django.urls import reverse

from articles.models import Article, District, Issue, Page, Person, Section, Tally
from articles.proposals.models import Proposal

# How the archive's text came to be: the importer's way, true of any issue it holds.
TEXT_SOURCE = (
    "每期报纸以各版的纯文本文件入库（不是扫描图像的文字识别）。导入程序按报纸的排版习惯把各版切分成文章，"
    "识别引题、标题、副题、署名、区县、图片说明和转版；切分有疑问的文章进入编辑的审核队列。"
    "编辑的更正不会覆盖原文：导出的数据同时给出原文和更正后的文字。馆藏不含版面图像和照片，只有图片说明。"
)


@dataclass(frozen=True)
class Year:
    year: int
    months: list[int]
    issues: int
    printed: int  # pages the issues say they printed, of those that say
    held: int  # pages the archive holds
    incomplete: int  # issues with fewer pages held than printed

    @property
    def month_links(self):
        """(month, URL) of each month held: one reverse() a year, a month's URL being its year's and the month."""
        year = reverse("articles:year", args=[self.year])
        return [(month, f"{year}{month:02d}/") for month in self.months]


class Held(NamedTuple):
    """An issue as the archive holds it: a row, made an `Issue` only when a page of the lists shows it."""

    pk: int
    date: datetime.date
    number: int | None
    printed: int | None  # the pages it says it printed (今日N版), if it says
    held: int  # the pages the archive holds

    @property
    def issue(self):
        return Issue(pk=self.pk, date=self.date, number=self.number, page_count=self.printed)

    @property
    def is_incomplete(self):
        return bool(self.printed and self.held < self.printed)

    def get_absolute_url(self):
        return self.issue.get_absolute_url()


@dataclass(frozen=True)
class Gap:
    """Issues missing between two held ones, named by their numbers."""

    after: Held
    before: Held

    @property
    def numbers(self):
        return (self.after.number + 1, self.before.number - 1)

    @property
    def count(self):
        return self.before.number - self.after.number - 1


class Holdings:
    """The archive readers browse (samples only while there is no real issue), counted.

    Every issue is read as a row, not a model: an archive of decades holds tens of thousands.
    """

    @cached_property
    def issues(self):
        """Every issue as `Held`, oldest first: one query."""
        rows = (
            Issue.objects.public()
            .values("pk", "date", "number", "page_count")
            .annotate(held=Count("pages"))
            .order_by("date")
            .values_list("pk", "date", "number", "page_count", "held")
        )
        return [Held(*row) for row in rows]

    @cached_property
    def years(self):
        found = {}
        for issue in self.issues:
            year = found.setdefault(
                issue.date.year, {"months": set(), "issues": 0, "printed": 0, "held": 0, "incomplete": 0}
            )
            year["months"].add(issue.date.month)
            year["issues"] += 1
            year["printed"] += issue.printed or 0
            year["held"] += issue.held
            year["incomplete"] += issue.is_incomplete
        return [Year(number, sorted(y.pop("months")), **y) for number, y in sorted(found.items())]

    @property
    def months(self):
        return sum(len(year.months) for year in self.years)

    @cached_property
    def incomplete(self):
        """Issues holding fewer pages than they printed, oldest first (each lists its missing pages when shown)."""
        return [issue for issue in self.issues if issue.is_incomplete]

    @cached_property
    def unknown_page_count(self):
        """Issues whose text does not say how many pages they printed."""
        return sum(1 for issue in self.issues if not issue.printed)

    @cached_property
    def gaps(self):
        """Runs of issue numbers missing between two held issues, oldest first."""
        numbered = [issue for issue in self.issues if issue.number]
        found = []
        for after, before in itertools.pairwise(numbered):
            missing = before.number - after.number - 1
            if 0 < missing < (before.date - after.date).days:
                found.append(Gap(after, before))
        return found

    @property
    def missing_issues(self):
        return sum(gap.count for gap in self.gaps)

    @cached_property
    def counts(self):
        # The archive's articles as Tally keeps them: counting every article costs a pass over them all.
        kinds = dict(
            Tally.objects.public()
            .filter(scope=Tally.Scope.ARCHIVE, month__isnull=True)
            .values_list("key")
            .annotate(n=Sum("count"))
            .order_by()
        )
        articles = Article.objects.public()
        return {
            "issues": len(self.issues),
            "pages": sum(issue.held for issue in self.issues),
            "articles": sum(kinds.values()),
            "stories": kinds.get(Tally.STORIES, 0),
            "corrected": articles.exclude(source={}).count(),
            "reader_corrections": Proposal.objects.accepted().filter(article__in=articles).count(),
            "people": Person.objects.filter(pk__in=Tally.objects.keys_counted(Tally.Scope.PERSON)).count(),
            "sections": Section.objects.filter(
                pk__in=Tally.objects.keys_counted(Tally.Scope.SECTION)
            ).count(),
            "districts": District.objects.count(),
        }

    @cached_property
    def first(self):
        return self.issues[0].date if self.issues else None

    @cached_property
    def last(self):
        return self.issues[-1].date if self.issues else None

    @cached_property
    def last_change(self):
        """When anything the archive holds last changed."""
        return Issue.objects.public().aggregate(last=Max("updated_at"))["last"]


def missing_pages(incomplete):
    """(Held, [missing page numbers]) of a page of `Holdings.incomplete`, in one query."""
    held = {}
    pages = Page.objects.filter(issue__in=[entry.pk for entry in incomplete])
    for issue, number in pages.values_list("issue", "number"):
        held.setdefault(issue, set()).add(number)
    return [
        (entry, [n for n in range(1, entry.printed + 1) if n not in held.get(entry.pk, set())])
        for entry in incomplete
    ]
