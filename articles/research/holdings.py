"""关于本馆藏: what the archive holds and what it lacks, read from the issues and their pages.

An issue says how many pages it printed (今日N版, `page_count`); the archive
holds the pages it was given. Issue numbers (期号) run on from issue to
issue, so a jump between two held issues names the issues missing between
them, when no more are missing than the days between them could hold.
"""

import itertools
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q

from articles.models import Article, District, Issue, Page, Person, Section, Tally, hidden_issue
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


@dataclass(frozen=True)
class Incomplete:
    """An issue the archive holds only part of."""

    issue: Issue
    printed: int
    held: int


@dataclass(frozen=True)
class Gap:
    """Issues missing between two held ones, named by their numbers."""

    after: Issue
    before: Issue

    @property
    def numbers(self):
        return (self.after.number + 1, self.before.number - 1)

    @property
    def count(self):
        return self.before.number - self.after.number - 1


class Holdings:
    """The archive readers browse (samples only while there is no real issue), counted."""

    @cached_property
    def issues(self):
        """Every issue, oldest first, with the pages held (`held`): one query."""
        return list(
            Issue.objects.public()
            .annotate(held=Count("pages"))
            .order_by("date")
            .only("date", "number", "page_count", "updated_at", "is_sample")
        )

    @cached_property
    def years(self):
        found = {}
        for issue in self.issues:
            year = found.setdefault(
                issue.date.year, {"months": set(), "issues": 0, "printed": 0, "held": 0, "incomplete": 0}
            )
            year["months"].add(issue.date.month)
            year["issues"] += 1
            year["printed"] += issue.page_count or 0
            year["held"] += issue.held
            year["incomplete"] += bool(issue.page_count and issue.held < issue.page_count)
        return [Year(number, sorted(y.pop("months")), **y) for number, y in sorted(found.items())]

    @property
    def months(self):
        return sum(len(year.months) for year in self.years)

    @cached_property
    def incomplete(self):
        """Issues holding fewer pages than they printed, oldest first (each lists its missing pages when shown)."""
        return [
            Incomplete(issue, issue.page_count, issue.held)
            for issue in self.issues
            if issue.page_count and issue.held < issue.page_count
        ]

    @cached_property
    def unknown_page_count(self):
        """Issues whose text does not say how many pages they printed."""
        return sum(1 for issue in self.issues if not issue.page_count)

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
        articles = Article.objects.public()
        # Every article counted from an index alone, less those of the hidden sample issues, found
        # from their pages: public() tests each article's issue, a join for every article.
        every, hidden = (
            queryset.aggregate(
                articles=Count("pk"), stories=Count("pk", filter=~Q(kind__in=Article.NOT_STORIES))
            )
            for queryset in (
                Article.objects.all(),
                Article.objects.filter(
                    page__in=Page.objects.filter(issue__in=Issue.objects.filter(hidden_issue()))
                ),
            )
        )
        return {
            "issues": len(self.issues),
            "pages": sum(issue.held for issue in self.issues),
            **{name: every[name] - hidden[name] for name in every},
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
        return max((issue.updated_at for issue in self.issues), default=None)


def missing_pages(incomplete):
    """(Incomplete, [missing page numbers]) of a page of `Holdings.incomplete`, in one query."""
    held = {}
    pages = Page.objects.filter(issue__in=[entry.issue.pk for entry in incomplete])
    for issue, number in pages.values_list("issue", "number"):
        held.setdefault(issue, set()).add(number)
    return [
        (entry, [n for n in range(1, entry.printed + 1) if n not in held.get(entry.issue.pk, set())])
        for entry in incomplete
    ]
