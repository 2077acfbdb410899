"""The newspaper: Issue → Page → Article, with bylines, captions and districts."""

import calendar
import datetime
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Length, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .corrections import Corrected, VersionIncomplete, keep_imported_version, stored_fields

# The earliest year 历史上的今天 looks back to: before any paper in the archive.
FIRST_YEAR = 1900


def same_day_in_earlier_years(day):
    """The same calendar day in every year from FIRST_YEAR on (29 February in leap years only).

    Named by their dates, which the date indexes find: a month and a day taken apart in SQL call
    Python from SQLite for every row.
    """
    years = range(FIRST_YEAR, day.year)
    if (day.month, day.day) == (2, 29):
        years = [year for year in years if calendar.isleap(year)]
    return [day.replace(year=year) for year in years]


class MonthOf(TruncMonth):
    """The first day of a date's month. On SQLite in its own string functions: TruncMonth calls a
    Python function from SQLite for every row (/archive/ counts every issue by month)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"substr({sql}, 1, 8) || '01'", params


def hidden_issue():
    """Sample issues (样刊) once a real issue exists: readers' lists leave them out."""
    return Q(is_sample=True) & Q(Exists(Issue.objects.filter(is_sample=False)))


class DistrictQuerySet(models.QuerySet):
    def with_article_counts(self):
        # Kept in Tally (articles/derived.py): counting the archive's articles on every page costs too much.
        return self.annotate(article_count=Tally.objects.total(Tally.Scope.DISTRICT))


class District(models.Model):
    """A county-level unit of Zhuzhou, or a zone the paper reports on as a place."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "市辖区"
        CITY = "city", "县级市"
        COUNTY = "county", "县"
        ZONE = "zone", "园区"

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField("网址名（拼音）", unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)
    aliases = models.JSONField("别称", default=list, blank=True)
    places = models.JSONField("辖区地名", default=list, blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "区县"
        verbose_name_plural = "区县"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:district", args=[self.slug])


class SectionQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def with_article_counts(self):
        """Sections with stories, each with its count."""
        return self.filter(pk__in=Tally.objects.keys_counted(Tally.Scope.SECTION)).annotate(
            article_count=Tally.objects.total(Tally.Scope.SECTION)
        )

    def as_printed(self):
        """In the order the paper prints them: by the page each is most often on (`usual_page`), then by name."""
        usual = (
            Page.objects.filter(section=OuterRef("pk"))
            .order_by()
            .values("number")
            .annotate(n=Count("pk"))
            .order_by("-n", "number")
            .values("number")[:1]
        )
        return self.annotate(usual_page=Subquery(usual)).order_by(
            F("usual_page").asc(nulls_last=True), "name"
        )


class Section(models.Model):
    """A page's 版名 (综合·城区, 要闻 …): pages and articles are browsed by it."""

    name = models.CharField("版名", max_length=50, unique=True)
    slug = models.SlugField("网址名", max_length=60, unique=True, allow_unicode=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "版面栏目"
        verbose_name_plural = "版面栏目"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])

    def natural_key(self):
        # A page's versions name its section, so a revert finds it again (or makes it anew) by name.
        return (self.name,)

    def free_slug(self):
        """The name slugified, numbered when another section's name slugifies alike ((视频 and （视频)."""
        base = (slugify(self.name, allow_unicode=True) or "section")[:50]
        others = Section.objects.exclude(pk=self.pk) if self.pk else Section.objects.all()
        taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
        candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
        return next(slug for slug in candidates if slug not in taken)

    def follow_name(self):
        """The section was renamed: its URL follows the new name, and the old URL answers with a 301."""
        old, new = self.slug, self.free_slug()
        if new == old:
            return
        self.slug = new
        self.save(update_fields=["slug"])
        # A URL is the section's own before it is anyone's former one.
        FormerSectionSlug.objects.filter(slug=new).delete()
        FormerSectionSlug.objects.update_or_create(slug=old, defaults={"section": self})


class PersonQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def stored(self, value):
        """The person a version names: by name (made anew if an import removed them since), or by
        number in versions saved before they named people."""
        if isinstance(value, list):
            return self.filter(name=value[0]).first() or self.made_anew(value[0])
        found = self.filter(pk=value).first()
        if found is None:
            raise VersionIncomplete(f"署名中的作者（编号 {value}）")
        return found

    def made_anew(self, name):
        """A person a revert brings back, numbered after the last one rather than by the database's
        sequence: the revision page shows the revert in a transaction it rolls back, and the form it
        posts must name the person by the same number when the revert is made (PostgreSQL's sequences
        are not rolled back; SQLite's are)."""
        last = self.aggregate(last=Max("pk"))["last"] or 0
        person = self.create(pk=last + 1, name=name)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)
        return person

    def with_article_counts(self):
        """People with articles, each with its count."""
        return self.filter(pk__in=Tally.objects.keys_counted(Tally.Scope.PERSON)).annotate(
            article_count=Tally.objects.total(Tally.Scope.PERSON)
        )


class Person(models.Model):
    """A reporter, correspondent, photographer or columnist, by printed name."""

    name = models.CharField("姓名", max_length=20, unique=True)
    # Whether the name reads as a person's (parsing.plausible_name), kept with the name by
    # articles/derived.py: an article signed by an implausible name waits in the review queue.
    plausible = models.BooleanField("像人名", default=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "作者"
        verbose_name_plural = "作者"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:person", args=[self.name])

    def natural_key(self):
        # A byline's versions name its person, so a revert finds them again (or makes them anew) by name.
        return (self.name,)

    def remember_name(self, old_name):
        """The person was renamed from `old_name`: its URL answers with a 301 to the new one."""
        if old_name and old_name != self.name:
            FormerName.objects.filter(name=self.name).delete()
            FormerName.objects.update_or_create(name=old_name, defaults={"person": self})


class Reviewed(models.Model):
    """Who cleared a row from the review queue, and when."""

    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="审核人",
    )

    class Meta:
        abstract = True


class IssueQuerySet(models.QuerySet):
    def touch(self):
        """Tell the cached pages of these issues, and the archive-wide lists, that something changed.

        Reader pages are cached, and answer conditional GETs, by their issues'
        `updated_at` (caching.py); the lists across the archive follow the
        newest issue's. articles/changes.py calls this for every change.
        """
        newest = Issue.objects.order_by("-date").values("pk")[:1]
        changed = Q(pk__in=self.values("pk")) | Q(pk__in=newest)
        return Issue.objects.filter(changed).update(updated_at=timezone.now())

    def public(self):
        """What readers browse: sample issues only while the archive has no real one."""
        return self.exclude(hidden_issue())

    def on_this_day(self, day):
        """Issues of the same calendar day in earlier years (历史上的今天)."""
        return self.filter(date__in=same_day_in_earlier_years(day))

    def needing_review(self):
        return self.filter(date_needs_review=True)

    def nearest(self, day):
        """The issues just before and just after a day (either may be None)."""
        before = self.filter(date__lt=day).order_by("-date").first()
        after = self.filter(date__gt=day).order_by("date").first()
        return before, after

    def in_month(self, year, month):
        return self.filter(date__year=year, date__month=month)

    def years(self):
        """The years with an issue, oldest first.

        Read from the dates themselves: QuerySet.dates() truncates each date by calling Python
        from SQLite, once for every issue.
        """
        return sorted({day.year for day in self.values_list("date", flat=True)})

    def month_counts(self):
        """Issues per month, oldest first: [{"month": date, "count": n}, …]."""
        return (
            self.annotate(month=MonthOf("date")).values("month").annotate(count=Count("pk")).order_by("month")
        )

    def last_change(self):
        """When anything in the archive last changed: the Last-Modified of pages drawn from all of it."""
        return self.aggregate(last=Max("updated_at"))["last"]

    def around(self, day):
        """The issue of `day` (if any) and the issues just before and after it, in one queryset."""
        earlier = self.filter(date__lt=day).order_by("-date").values("date")[:1]
        later = self.filter(date__gt=day).order_by("date").values("date")[:1]
        return self.filter(Q(date=day) | Q(date=Subquery(earlier)) | Q(date=Subquery(later)))

    def last_change_around(self, day):
        """When the pages of one issue last changed, in one query.

        They show the issue and link its neighbours, so a neighbour imported
        or corrected later changes them too.
        """
        return self.around(day).aggregate(last=Max("updated_at"))["last"]

    def with_front_page_lead(self):
        """Issues with the headline and address of their front page's first story, in the same query."""
        leads = Article.objects.stories().filter(page__issue=OuterRef("pk")).in_print_order()
        return self.annotate(
            lead_headline=Subquery(leads.values("headline")[:1]),
            lead_page=Subquery(leads.values("page__number")[:1]),
            lead_number=Subquery(leads.values("number")[:1]),
        )

    def moved_from(self, date):
        """The issue published under `date` before its date was corrected, if any."""
        return self.filter(moved_from__date=date).first()

    def mark_reviewed(self, user):
        """The editor confirmed each issue's date: it leaves the review queue."""
        return self.update(date_needs_review=False, reviewed_at=timezone.now(), reviewed_by=user)


@reversion.register()
class Issue(Reviewed, Corrected):
    SOURCE_FIELDS = ("date", "number", "page_count", "lunar_date")
    # How the file dated the issue goes with the date a revert brings back.
    REVERTED_WITH = ("date_source", "date_needs_review", "date_evidence")

    class DateSource(models.TextChoices):
        MASTHEAD = "masthead", "报头"
        OPTION = "option", "导入参数"
        FILENAME = "filename", "文件名"
        INFERRED = "inferred", "正文推断"
        EDITOR = "editor", "编辑更正"

    date = models.DateField("出版日期", unique=True)
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    page_count = models.PositiveSmallIntegerField("今日版数", null=True, blank=True)
    lunar_date = models.CharField("农历", max_length=20, blank=True)
    date_source = models.CharField(
        "日期来源", max_length=10, choices=DateSource.choices, default=DateSource.MASTHEAD
    )
    date_needs_review = models.BooleanField("日期待确认", default=False)
    date_evidence = models.TextField("日期依据", blank=True)
    source_name = models.CharField("源文件", max_length=255, unique=True)
    source_checksum = models.CharField("源文件校验和", max_length=64)
    is_sample = models.BooleanField("样刊", default=False, editable=False)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        verbose_name = "期"
        verbose_name_plural = "期"
        indexes = [
            # Last-Modified and the page cache key of every reader page: MAX(updated_at).
            models.Index(fields=["updated_at"], name="issue_updated_idx"),
            # The admin's issue list filtered by 样刊, newest first.
            models.Index(fields=["is_sample", "date"], name="issue_sample_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(number__isnull=False), name="unique_issue_number"
            ),
            models.CheckConstraint(
                condition=Q(page_count__isnull=True) | Q(page_count__gte=1),
                name="issue_page_count_positive",
            ),
        ]

    def __str__(self):
        label = f"{self.date:%Y年%-m月%-d日}"
        return f"{label} 第{self.number}期" if self.number else label

    def get_absolute_url(self):
        return reverse("articles:issue", kwargs=date_kwargs(self.date))

    @contextmanager
    def correcting(self, user, comment="", *, also=()):
        """`Corrected.correcting`, with the issue's pages corrected along (the admin edits them on the
        issue's form), and its former date leading to the new one."""
        if self.correction is not None:
            yield self
            return
        moved_from = self.date
        pages = {}
        for page in self.pages.select_related("section"):
            pages[page.pk] = page.source_layer()
            # Each page's history starts, as the issue's does, with the page as the import gave it.
            keep_imported_version(page)
        with super().correcting(user, comment, also=also):
            yield self
            for page in self.pages.select_related("section").filter(pk__in=pages):
                kept = page.source
                page.keep_source(pages[page.pk])
                if page.source != kept:
                    page.save(update_fields=["source"])
            self.remember_date(moved_from)

    def keep_source(self, layer):
        super().keep_source(layer)
        if "date" in self.source:
            # A corrected date is final: it leaves the review queue.
            self.date_source = self.DateSource.EDITOR
            self.date_needs_review = False

    def restore_related_rows(self, version, fields):
        """The pages edited with the issue (in the same revision), as it stored them over the file as it is now."""
        for part in version.revision.version_set.all():
            if part._model is not Page or stored_fields(part).get("issue") != self.pk:
                continue
            page = self.pages.filter(pk=part.object_id).select_related("section").first()
            if page is not None:
                layer = page.source_layer()
                page.restore_fields(stored_fields(part))
                page.rebase(layer)
                page.save()

    def remember_date(self, old_date):
        """The issue moved from `old_date`: links to that date answer with a 301 to the new one."""
        if old_date and old_date != self.date:
            MovedIssue.objects.filter(date=self.date).delete()
            MovedIssue.objects.update_or_create(date=old_date, defaults={"issue": self})


# Not following its articles: a revert would delete any article a later import added.
@reversion.register(use_natural_foreign_keys=True)
class Page(Corrected):
    SOURCE_FIELDS = ("section", "editors")

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="pages", verbose_name="期")
    number = models.PositiveSmallIntegerField("版次")
    section = models.ForeignKey(
        Section, models.SET_NULL, null=True, blank=True, related_name="pages", verbose_name="版名"
    )
    editors = models.JSONField("编辑", default=list, blank=True)

    class Meta:
        ordering = ["issue", "number"]
        verbose_name = "版面"
        verbose_name_plural = "版面"
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="unique_page_per_issue"),
            models.CheckConstraint(condition=Q(number__gte=1), name="page_number_positive"),
        ]
        indexes = [
            # /sections/ and the home page order sections by the page each is most often printed on.
            models.Index(fields=["section", "number"], name="page_section_number_idx"),
        ]

    def __str__(self):
        label = f"{self.issue.date:%Y-%m-%d} 第{self.number:02d}版"
        return f"{label} {self.section}" if self.section_id else label

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={**date_kwargs(self.issue.date), "page": self.number})

    def related_object(self, name, value):
        return Section.objects.get_or_create(name=value)[0] if value else None

    def next_article_number(self):
        """A number no article of this page had: a stale link never opens another article."""
        former = ArticleRedirect.objects.filter(issue=self.issue_id, page=self.number)
        used = [
            self.articles.aggregate(n=Max("number"))["n"] or 0,
            former.aggregate(n=Max("number"))["n"] or 0,
        ]
        return max(used) + 1


def waiting_proposals():
    """Readers' proposals waiting for an editor. Their model (articles/proposals/models.py) stands on this
    module: reached through the article's relation to it, never imported here."""
    return Article._meta.get_field("proposals").related_model.objects.waiting()


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """What readers browse and search: articles of sample issues only while there is no real one.

        Tested on each article's issue (NOT EXISTS), which PostgreSQL plans as an anti-join beside
        a list's walk of its index: a NOT IN over the hidden articles made it read and hash every
        article of the archive for a page deep in a list.
        """
        return self.exclude(Exists(Issue.objects.filter(hidden_issue(), pk=OuterRef("page__issue"))))

    def for_lists(self):
        """What a list of articles shows, in one query."""
        return self.select_related("page__issue", "page__section").defer("body")

    def newest_first(self):
        """Newest first; a list (`in_district`, `in_section`, `by_person`) by its entries' dates,
        which its index holds in order."""
        date = "listed_on" if "listed_on" in self.query.annotations else "date"
        return self.order_by(f"-{date}", "page__number", "position")

    def in_print_order(self):
        return self.order_by("page__number", "position")

    def in_issue(self, issue):
        return self.filter(page__issue=issue)

    def on_front_page(self, issue):
        """The stories of an issue's first page (usually 第01版), in print order."""
        first = Page.objects.filter(issue=issue).order_by("number").values("pk")[:1]
        return self.filter(page=Subquery(first)).stories().in_print_order()

    def on_front_pages(self, issues):
        """The stories of these issues' first pages, in print order, in one query (the gallery of 头版)."""
        first = Page.objects.filter(issue=OuterRef("page__issue")).order_by("number").values("number")[:1]
        return (
            self.filter(page__issue__in=[issue.pk for issue in issues], page__number=Subquery(first))
            .stories()
            .for_lists()
            .in_print_order()
        )

    def on_this_day(self, day):
        """Front-page stories of this calendar day in earlier years (历史上的今天).

        Found by their own dates (the issue's, which articles/derived.py keeps on each): asked
        for by their issues, PostgreSQL walks the articles newest first, expecting front pages
        of those days soon.
        """
        days = same_day_in_earlier_years(day)
        return self.public().filter(date__in=days, page__number=1).stories().newest_first()

    def with_bylines(self):
        """Each article's bylines with their people, in print order, in one more query."""
        return self.prefetch_related(
            Prefetch("bylines", Byline.objects.select_related("person").order_by("position"))
        )

    def stories(self):
        """Articles a reader browses; guide entries, notes and ads are apart."""
        return self.exclude(kind__in=Article.NOT_STORIES)

    # The three lists below walk ListEntry's index, which holds each list in date order: a page
    # is a short range of it, however few or many articles the list holds. They annotate
    # `listed_on`, the entry's date.

    def listed(self, scope, key):
        return self.filter(list_entries__scope=scope, list_entries__key=key).annotate(
            listed_on=F("list_entries__date")
        )

    def in_district(self, district):
        return self.listed(Tally.Scope.DISTRICT, district.pk)

    def in_section(self, section):
        return self.listed(Tally.Scope.SECTION, section.pk)

    def by_person(self, person):
        return self.listed(Tally.Scope.PERSON, person.pk)

    def naming_district(self, district):
        """Articles that name a district, each tested with an EXISTS as another index walks: the
        admin's filter, whose count and date hierarchy then read the articles' date index alone,
        where joining the list entries would read every one of the district's articles."""
        links = Article.districts.through.objects.filter(article=OuterRef("pk"), district=district)
        return self.filter(Exists(links))

    def listed_between(self, start, end):
        return self.filter(listed_on__gte=start, listed_on__lt=end)

    def dates(self, field_name, kind, order="ASC"):
        """The admin's date hierarchy: the distinct days from the date index, truncated here.

        QuerySet.dates() truncates in SQL, which on SQLite calls a Python function for
        every article; the distinct days of an archive are a few thousand.
        """
        if field_name != "date" or kind not in ("year", "month", "day"):
            return super().dates(field_name, kind, order)
        days = self.order_by().values_list("date", flat=True).distinct()
        keep = {"year": {"month": 1, "day": 1}, "month": {"day": 1}, "day": {}}[kind]
        return sorted({day.replace(**keep) for day in days}, reverse=order == "DESC")

    def needing_review(self):
        return self.filter(needs_review=True)

    def moved_from(self, date, page, number):
        """The article an old link names under its issue's former date, if the issue moved."""
        issue = Issue.objects.filter(date=date).first() or Issue.objects.moved_from(date)
        if issue is None or issue.date == date:
            return None
        return self.filter(page__issue=issue, page__number=page, number=number).first()

    def with_review_flags(self):
        """Annotate what makes an article doubtful; `review_reasons` reads these."""
        continuation = Article.objects.filter(
            page__issue=OuterRef("page__issue"),
            page__number=OuterRef("continues_on"),
            continued_from=OuterRef("page__number"),
        )
        # A guide entry points at the page of its story, which need not say where it came from.
        target_page = Page.objects.filter(issue=OuterRef("page__issue"), number=OuterRef("continues_on"))
        jump_lands = Q(Exists(continuation)) | Q(Exists(target_page), kind=Article.Kind.GUIDE)
        return self.annotate(
            has_implausible_byline=Exists(
                Byline.objects.filter(article=OuterRef("pk"), person__plausible=False)
            ),
            body_length=Length("body"),
            jump_lands=ExpressionWrapper(jump_lands, output_field=models.BooleanField()),
            has_open_report=Exists(ErrorReport.objects.open().filter(article=OuterRef("pk"))),
            has_waiting_proposal=Exists(waiting_proposals().filter(article=OuterRef("pk"))),
        )

    def with_stored_review_flags(self):
        """The annotations of `with_review_flags()`, read back from `review_flags`: no joins, for lists."""
        bits = self.alias(
            **{f"{reason.key}_bit": F("review_flags").bitand(reason.bit) for reason in REVIEW_REASONS}
        )

        def holds(key, negated=False):
            condition = Q(**{f"{key}_bit__gt": 0})
            return ExpressionWrapper(~condition if negated else condition, output_field=models.BooleanField())

        return bits.annotate(
            has_implausible_byline=holds("implausible"),
            body_length=Length("body"),
            jump_lands=holds("jump", negated=True),
            has_open_report=holds("report"),
            has_waiting_proposal=holds("proposal"),
        )

    def review_queue(self):
        """Unreviewed articles with a doubtful trait, and any article a reader reported."""
        return self.with_stored_review_flags().awaiting_review()

    def most_urgent_first(self):
        """The queue's order: the most urgent reason first (REVIEW_REASONS' order), then the newest.

        Each reason's bit is worth more than all the bits after it together, so the stored
        flags sort as the reasons do, from the queue's own index.
        """
        return self.order_by("-review_flags", "-date", "page__number", "position")

    def count_by_reason(self):
        """{reason key: how many of these articles it holds for}, in one query."""
        bits = {f"{reason.key}_bit": F("review_flags").bitand(reason.bit) for reason in REVIEW_REASONS}
        counts = self.alias(**bits).aggregate(
            **{reason.key: Count("pk", filter=Q(**{f"{reason.key}_bit__gt": 0})) for reason in REVIEW_REASONS}
        )
        return {reason.key: counts[reason.key] for reason in REVIEW_REASONS}

    def without_district(self):
        return self.exclude(Exists(Article.districts.through.objects.filter(article=OuterRef("pk"))))

    def without_byline(self):
        return self.exclude(Exists(Byline.objects.filter(article=OuterRef("pk"))))

    def awaiting_review(self):
        """The review queue, as `refresh_review_flags` stored it (its index serves the admin's list)."""
        return self.filter(in_review_queue=True)

    def with_reason(self, reason):
        """Articles for which one of `REVIEW_REASONS` holds, by the stored flags."""
        return self.alias(has_reason=F("review_flags").bitand(reason.bit)).filter(has_reason__gt=0)

    def refresh_review_flags(self):
        """Store which review reasons hold for each article, and whether it waits in the queue.

        The reasons need joins and each body's length: worked out over the archive on every
        list, they would cost each list more as the archive grows. articles/derived.py calls
        this for every issue a change touches.
        """
        changed = defaultdict(list)
        for article in self.with_review_flags().defer("body").order_by():
            flags = sum(reason.bit for reason in REVIEW_REASONS if reason.said_of(article))
            queued = article.awaits_review
            if (flags, queued) != (article.review_flags, article.in_review_queue):
                changed[flags, queued].append(article.pk)
        for (flags, queued), pks in changed.items():
            Article.objects.filter(pk__in=pks).update(review_flags=flags, in_review_queue=queued)

    @transaction.atomic
    def mark_reviewed(self, user):
        """Clear the articles from the review queue, with the reports readers sent on them."""
        ErrorReport.objects.open().filter(article__in=self).update(
            resolved_at=timezone.now(), resolved_by=user
        )
        count = self.update(needs_review=False, reviewed_at=timezone.now(), reviewed_by=user)
        Article.objects.filter(pk__in=self.values("pk")).refresh_review_flags()
        return count


def article_key(article):
    """A key that survives re-layout: the kind and the opening words of the text (Article.import_key).

    `article` is an Article or the parser's article: a re-import finds the row by it.
    """
    text = article.body or article.headline
    text = re.sub(r"\W", "", unicodedata.normalize("NFKC", text))[:40]
    return hashlib.sha1(f"{article.kind}:{text}".encode()).hexdigest()


@reversion.register(follow=("bylines", "captions"))
class Article(Reviewed, Corrected):
    class Kind(models.TextChoices):
        NEWS = "news", "消息"
        PHOTO = "photo", "图片新闻"
        COMMENTARY = "commentary", "评论"
        EDITOR_NOTE = "editor_note", "编者按"
        AD = "ad", "广告"
        GUIDE = "guide", "导读"
        NOTICE = "notice", "启事"

    NOT_STORIES = (Kind.EDITOR_NOTE, Kind.AD, Kind.GUIDE, Kind.NOTICE)
    # Fields an editor may correct; a re-import never overwrites a corrected one.
    SOURCE_FIELDS = (
        "kind",
        "column",
        "kicker",
        "headline",
        "subtitle",
        "body",
        "districts",
        "bylines",
        "captions",
        "continues_on",
        "continued_from",
        "author_note",
    )
    RELATED_LABELS = {"districts": "区县", "bylines": "署名", "captions": "图片说明"}
    # The fields that print text a reader reads (not the article's place, kind or people): a
    # correction of any of them is on the public record.
    TEXT_FIELDS = ("column", "kicker", "headline", "subtitle", "body", "captions", "author_note")
    # The stories a merge took in go with the text a revert brings back: without them, the next import
    # prints them apart again.
    REVERTED_WITH = ("merged_keys",)
    # Bodies outside these lengths (characters) are likely cut apart or run together.
    SHORT_BODY = 60
    LONG_BODY = 5000

    page = models.ForeignKey(Page, models.CASCADE, related_name="articles", verbose_name="版面")
    position = models.PositiveSmallIntegerField("版内顺序")
    # The article's number in its URL, /2024/02/06/01/3/: given once, never reused on the page,
    # so a split, a merge or a re-import moves no other article's link.
    number = models.PositiveSmallIntegerField("编号")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.NEWS)
    column = models.CharField("栏目", max_length=100, blank=True)
    kicker = models.CharField("引题", max_length=200, blank=True)
    headline = models.CharField("标题", max_length=200)
    subtitle = models.CharField("副题", max_length=200, blank=True)
    body = models.TextField("正文", blank=True, help_text="每段一行。")
    continues_on = models.PositiveSmallIntegerField("下转版次", null=True, blank=True)
    continued_from = models.PositiveSmallIntegerField("上接版次", null=True, blank=True)
    # The author's description printed at the end of a commentary (作者为……), when no one byline
    # is told to be the author's; otherwise it is that byline's description.
    author_note = models.CharField("作者简介", max_length=200, blank=True)
    # The issue's date, kept equal to page.issue.date (articles/derived.py): lists sort and count
    # on it without joining every article to its page and issue.
    date = models.DateField("出版日期", editable=False)
    districts = models.ManyToManyField(District, blank=True, related_name="articles", verbose_name="区县")
    import_key = models.CharField(max_length=40, blank=True, editable=False)
    # Cut from another article by an editor: no file has it yet, and an import keeps it.
    split_off = models.BooleanField("编辑拆出", default=False, editable=False)
    needs_review = models.BooleanField("待审核", default=False)
    # Why the importer was unsure where this article starts or ends (the parser's doubts).
    parse_doubts = models.CharField("分篇疑点", max_length=200, blank=True, editable=False)
    merged_keys = models.JSONField("并入文章的导入键", default=list, blank=True, editable=False)
    # Which of REVIEW_REASONS hold (bits) and whether the article waits in the review queue:
    # kept by refresh_review_flags (articles/derived.py), read by the queue and its filters.
    review_flags = models.PositiveSmallIntegerField("审核疑点", default=0, editable=False)
    in_review_queue = models.BooleanField("在审核队列中", default=False, editable=False)
    # When what readers see of it last changed (its text, names, places, date or page): set by
    # articles/changes.py for every change that names it; the export of what changed reads it.
    changed_at = models.DateTimeField("最后更改", default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["page", "position"]
        verbose_name = "文章"
        verbose_name_plural = "文章"
        constraints = [
            models.UniqueConstraint(fields=["page", "position"], name="unique_article_position"),
            models.UniqueConstraint(fields=["page", "number"], name="unique_article_number"),
        ]
        indexes = [
            # The review queue lists flagged articles.
            models.Index(fields=["needs_review"], name="article_review_idx", condition=Q(needs_review=True)),
            # Re-import matches articles of an issue by their key.
            models.Index(fields=["import_key"], name="article_import_key_idx"),
            # Section and kind filters on lists and search.
            models.Index(fields=["kind"], name="article_kind_idx"),
            # Section counts (home, /sections/) read each page's kinds from this index alone.
            models.Index(fields=["page", "kind"], name="article_page_kind_idx"),
            # Lists newest first (历史上的今天, the latest articles' feed), the admin's list and date
            # hierarchy, and the month recounts of articles/derived.py. With the ids (which SQLite's
            # indexes hold anyway), PostgreSQL's admin district filter counts and spans a
            # district's articles from the index, never reading the articles' rows.
            models.Index(fields=["date", "page", "id"], name="article_date_idx"),
            # A column's page (/column/今日谈/) lists its articles newest first.
            models.Index(fields=["column", "date"], name="article_column_date_idx"),
            # The review queue most urgent first (its flags), then newest; its count, reason filter
            # and counts per reason, all from this index alone.
            models.Index(
                fields=["review_flags", "date"],
                name="article_queue_idx",
                condition=Q(in_review_queue=True),
            ),
            # The queue's date hierarchy: its days in order. Without it SQLite reads them off
            # article_date_idx, testing every article of the archive for the queue.
            models.Index(fields=["date"], name="article_queue_date_idx", condition=Q(in_review_queue=True)),
            # export_archive --since: the articles changed since a day.
            models.Index(fields=["changed_at"], name="article_changed_idx"),
            # 关于本馆藏 counts the corrected articles: the few of them, without reading every row.
            models.Index(fields=["date"], name="article_corrected_idx", condition=~Q(source={})),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse(
            "articles:article",
            kwargs={**date_kwargs(self.page.issue.date), "page": self.page.number, "number": self.number},
        )

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n") if p.strip()]

    @property
    def full_title(self):
        return " ".join(part for part in (self.kicker, self.headline, self.subtitle) if part)

    def printed_texts(self):
        """{field: its value as printed} of each text field corrected since (TEXT_FIELDS order); {} when
        the article reads as printed. From the row alone: the JSON, the feeds and the search index
        read it for every article they hold."""
        return {name: self.source[name] for name in self.TEXT_FIELDS if name in self.source}

    def both_texts(self):
        """{field: (as printed, as corrected)} of each text field corrected since print: the public
        record (本文已更正) and any export that carries both texts read this. Reads the captions
        (prefetch them) when they were corrected."""
        return {name: (printed, self.shown(name)) for name, printed in self.printed_texts().items()}

    @property
    def is_corrected(self):
        """Whether readers read a text other than the printed one (本文已更正)."""
        return any(name in self.source for name in self.TEXT_FIELDS)

    def author_notes(self, bylines):
        """The author's descriptions printed at the end of the text: its bylines' (in print order), then its own."""
        return [b.description for b in bylines if b.description] + (
            [self.author_note] if self.author_note else []
        )

    @property
    def print_key(self):
        """Where the article stands in its issue's print order."""
        return (self.page.number, self.position)

    def same_headline(self, other):
        return "".join(self.headline.split()) == "".join(other.headline.split())

    # The three below look among `siblings`, the issue's articles with their pages, which
    # a page fetches once for all its articles.

    def neighbours(self, siblings):
        """The stories just before and after this one in the issue's print order."""
        stories = [s for s in siblings if s.kind not in self.NOT_STORIES]
        before = [s for s in stories if s.print_key < self.print_key]
        after = [s for s in stories if s.print_key > self.print_key]
        return (before[-1] if before else None), (after[0] if after else None)

    def continuation(self, siblings):
        """Where a `▶下转02版` jump lands: the article on that page that says it continues from here.

        A guide entry (导读) has no such mark on its target, so the same headline
        on that page will do. None when the page is not in the archive.
        """
        if not self.continues_on:
            return None
        there = [s for s in siblings if s.page.number == self.continues_on and s.pk != self.pk]
        marked = [s for s in there if s.continued_from == self.page.number]
        for candidates in ([s for s in marked if s.same_headline(self)], marked):
            if candidates:
                return candidates[0]
        return next((s for s in there if s.same_headline(self) and s.kind != self.Kind.GUIDE), None)

    def origin(self, siblings):
        """Where a `▶上接01版` continuation began: the article that jumps here."""
        if not self.continued_from:
            return None
        there = [s for s in siblings if s.page.number == self.continued_from and s.pk != self.pk]
        marked = [s for s in there if s.continues_on == self.page.number and s.kind != self.Kind.GUIDE]
        same = [s for s in marked if s.same_headline(self)]
        return (same or marked or [None])[0]

    @property
    def review_reasons(self):
        """Why the article waits for review; needs the annotations of `with_review_flags()`."""
        return [said for reason in REVIEW_REASONS if (said := reason.said_of(self))]

    @property
    def awaits_review(self):
        """Whether `awaiting_review()` would list it; needs the same annotations."""
        return any(
            (reason.outlives_review or self.reviewed_at is None) and reason.said_of(self)
            for reason in REVIEW_REASONS
        )

    def related_value(self, name):
        if name == "districts":
            return sorted(d.name for d in self.districts.all())
        if name == "bylines":
            # [role, name], with the description third where there is one.
            return [[b.role, b.person.name, *filter(None, [b.description])] for b in self.bylines.all()]
        return [[c.text, c.credit] for c in self.captions.all()]

    def restore_related_rows(self, version, fields):
        """The districts, bylines and captions `version` stored, each byline and caption under its own
        number again: a revert's form and its save name the same rows."""
        chosen = set(fields.get("districts") or ())
        districts = list(District.objects.filter(pk__in=chosen))
        if len(districts) != len(chosen):
            raise VersionIncomplete(District._meta.verbose_name)
        parts = {Byline: [], Caption: []}
        for part in version.revision.version_set.all():
            if part._model in parts and (stored := stored_fields(part)).get("article") == self.pk:
                parts[part._model].append((int(part.object_id), stored))
        bylines = [
            Byline(
                pk=pk,
                article=self,
                person=Person.objects.stored(stored["person"]),
                role=stored["role"],
                description=stored.get("description", ""),
                position=stored.get("position", 0),
                date=self.date,
            )
            for pk, stored in parts[Byline]
        ]
        captions = [
            Caption(
                pk=pk, article=self, text=stored["text"], credit=stored["credit"], position=stored["position"]
            )
            for pk, stored in parts[Caption]
        ]
        self.districts.set(districts)
        self.bylines.all().delete()
        self.captions.all().delete()
        Byline.objects.bulk_create(bylines)
        Caption.objects.bulk_create(captions)
        for name in ("bylines", "captions", "districts"):
            getattr(self, "_prefetched_objects_cache", {}).pop(name, None)

    def set_related_value(self, name, value):
        if name == "districts":
            self.districts.set(District.objects.filter(name__in=value))
        elif name == "bylines":
            self.bylines.all().delete()
            signed = {}
            for role, person, *description in value:
                signed.setdefault((role, person), description[0] if description else "")
            Byline.objects.bulk_create(
                Byline(
                    article=self,
                    person=Person.objects.get_or_create(name=person)[0],
                    role=role,
                    description=description,
                    position=n,
                    date=self.date,
                )
                for n, ((role, person), description) in enumerate(signed.items())
            )
        else:
            self.captions.all().delete()
            Caption.objects.bulk_create(
                Caption(article=self, text=text, credit=credit, position=n)
                for n, (text, credit) in enumerate(value)
            )

    def split(self, at, headline, *, user=None, comment=""):
        """Cut the body before paragraph `at` into a new article right after this one; returns it.

        The importer ran two stories together; both halves keep the bylines,
        districts and captions. The new half is the editor's own (no file has
        it yet, so an import keeps it); this one's shortened body is a
        correction by `user`, which a merge back undoes.
        """
        paragraphs = self.paragraphs
        if not 0 < at < len(paragraphs):
            raise ValueError("the split point must leave paragraphs on both sides")
        with self.correcting(user, comment):
            self.shift_positions_after(self.position, 1)
            new = Article.objects.create(
                page=self.page,
                date=self.date,
                position=self.position + 1,
                number=self.page.next_article_number(),
                kind=self.kind,
                column=self.column,
                headline=headline,
                body="\n".join(paragraphs[at:]),
                continues_on=self.continues_on,
                import_key=self._split_key("\n".join(paragraphs[at:])),
                split_off=True,
            )
            new.districts.set(self.districts.all())
            Byline.objects.bulk_create(
                Byline(
                    article=new,
                    person_id=b.person_id,
                    role=b.role,
                    description=b.description,
                    position=b.position,
                    date=new.date,
                )
                for b in self.bylines.all()
            )
            Caption.objects.bulk_create(
                Caption(article=new, text=c.text, credit=c.credit, position=c.position)
                for c in self.captions.all()
            )
            self.body = "\n".join(paragraphs[:at])
            self.continues_on = None
            # In the same revision, with the bylines and captions it was given.
            reversion.add_to_revision(new)
        return new

    def _split_key(self, body):
        """The key the importer would give the new half, so a corrected file matches it."""
        key = article_key(Article(kind=self.kind, body=body, headline=""))
        if Article.objects.filter(page__issue=self.page.issue_id, import_key=key).exists():
            key = article_key(Article(kind=self.kind, body=f"{body}:split", headline=""))
        return key

    def merge(self, other, *, user=None, comment=""):
        """Append the next article of the page, which the importer cut off from this one: a correction by `user`.

        Its bylines, captions and districts join this article's (those it
        already has are not doubled, so merging back a split restores the
        text exactly); its import key is remembered so a re-import does not
        bring it back on its own, and its URL answers with this article's.
        """
        if (
            other.page_id != self.page_id
            or other != self.page.articles.filter(position__gt=self.position).first()
        ):
            raise ValueError("only the next article on the same page can be merged")
        with self.correcting(user, comment, also=[other]):
            self.body = "\n".join(part for part in (self.body, other.body) if part)
            if other.continues_on and not self.continues_on:
                self.continues_on = other.continues_on
            have = set(self.bylines.values_list("person_id", "role"))
            new_bylines = [b for b in other.bylines.all() if (b.person_id, b.role) not in have]
            Byline.objects.bulk_create(
                Byline(
                    article=self,
                    person_id=b.person_id,
                    role=b.role,
                    description=b.description,
                    position=len(have) + n,
                    date=self.date,
                )
                for n, b in enumerate(new_bylines)
            )
            have = set(self.captions.values_list("text", "credit"))
            captions = [c for c in other.captions.all() if (c.text, c.credit) not in have]
            first = len(have)
            Caption.objects.bulk_create(
                Caption(article=self, text=c.text, credit=c.credit, position=first + n)
                for n, c in enumerate(captions)
            )
            self.districts.add(*other.districts.all())
            # A split-off half has no key of the file's own; remembering it would only shadow text.
            if not other.split_off:
                self.merged_keys = [*self.merged_keys, other.import_key, *other.merged_keys]
            position = other.position
            other.retire(into=self)
            self.shift_positions_after(position, -1)

    def retire(self, into=None):
        """Delete the article; its address answers for life: a 301 to `into`, where its text went,
        or with none a 410 that links its issue. Readers' reports and proposals follow the text."""
        if into is not None:
            self.error_reports.update(article=into)
            self.proposals.update(article=into)
        ArticleRedirect.objects.filter(article=self).update(article=into)
        ArticleRedirect.objects.create(
            issue_id=self.page.issue_id,
            page=self.page.number,
            number=self.number,
            article=into,
            headline=self.headline,
        )
        self.delete()

    def shift_positions_after(self, position, by):
        """Move the page's later articles by `by` places; two steps keep positions unique."""
        later = Article.objects.filter(page=self.page_id, position__gt=position)
        later.update(position=F("position") + 20000)
        Article.objects.filter(page=self.page_id, position__gt=20000 + position).update(
            position=F("position") - 20000 + by
        )


@dataclass(frozen=True)
class ReviewReason:
    """One reason an article waits for review: the queue's SQL, the row's words and the admin's filter.

    `doubt` (a filter) and `says` (the row's words, None when the reason does
    not hold) both read the annotations of `ArticleQuerySet.with_review_flags()`;
    the admin's queue filters by `key` under `label`.
    """

    key: str
    label: str
    doubt: Q
    says: Callable[[Article], str | None]
    # A story's byline, districts and length: guide entries, notes and ads have none to check.
    stories_only: bool = False
    # A reader's report waits even on an article an editor already reviewed.
    outlives_review: bool = False

    @property
    def condition(self):
        return self.doubt & ~Q(kind__in=Article.NOT_STORIES) if self.stories_only else self.doubt

    @property
    def bit(self):
        """Its bit in `Article.review_flags`: the first reason, the most urgent, has the highest."""
        return 1 << (len(REVIEW_REASONS) - 1 - REVIEW_REASONS.index(self))

    def said_of(self, article):
        if self.stories_only and article.kind in Article.NOT_STORIES:
            return None
        return self.says(article)


def _flagged(article):
    if not article.needs_review:
        return None
    # The importer flags an article when the parser doubted where it starts or ends.
    return f"分篇存疑：{article.parse_doubts}" if article.parse_doubts else "标记待审"


# What waits for an editor's decision, the most urgent first: what readers reported or proposed, then
# where a story may start or end elsewhere, then a byline that reads as no one's name. An article with
# no district or no byline is common and fine (briefs, wire copy): the admin filters by them instead.
REVIEW_REASONS = (
    ReviewReason(
        "report",
        "读者报错",
        Q(has_open_report=True),
        lambda article: "读者报错" if article.has_open_report else None,
        outlives_review=True,
    ),
    ReviewReason(
        "proposal",
        "读者更正建议",
        Q(has_waiting_proposal=True),
        lambda article: "读者更正建议" if article.has_waiting_proposal else None,
        outlives_review=True,
    ),
    ReviewReason("flagged", "标记待审（含分篇存疑）", Q(needs_review=True), _flagged),
    ReviewReason(
        "jump",
        "转版无着落",
        Q(continues_on__isnull=False, jump_lands=False),
        lambda article: (
            f"转版无着落（下转{article.continues_on:02d}版）"
            if article.continues_on is not None and not article.jump_lands
            else None
        ),
    ),
    ReviewReason(
        "long",
        "正文过长",
        Q(body_length__gt=Article.LONG_BODY),
        lambda article: (
            f"正文过长（{article.body_length}字）" if article.body_length > Article.LONG_BODY else None
        ),
        stories_only=True,
    ),
    ReviewReason(
        "short",
        "正文过短",
        Q(body_length__lt=Article.SHORT_BODY),
        lambda article: (
            f"正文过短（{article.body_length}字）" if article.body_length < Article.SHORT_BODY else None
        ),
        stories_only=True,
    ),
    ReviewReason(
        "implausible",
        "署名存疑（不像人名）",
        Q(has_implausible_byline=True),
        lambda article: "署名存疑" if article.has_implausible_byline else None,
    ),
)


@reversion.register(use_natural_foreign_keys=True)
class Byline(models.Model):
    """One contributor of an article, in print order: 全媒体记者/刘毅."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, models.PROTECT, related_name="bylines", verbose_name="姓名")
    role = models.CharField("身份", max_length=20)
    # The author's description as printed at the end of a commentary (作者为……): no name, a title.
    description = models.CharField("简介", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    # The article's date (articles/derived.py keeps it): a person's page walks their bylines newest first.
    date = models.DateField("出版日期", editable=False)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "署名"
        verbose_name_plural = "署名"
        constraints = [
            models.UniqueConstraint(fields=["article", "person", "role"], name="unique_byline_per_article"),
        ]
        indexes = [
            # /person/<name>/ newest first, and the month recounts of articles/derived.py.
            models.Index(fields=["person", "date"], name="byline_person_date_idx"),
            models.Index(fields=["date"], name="byline_date_idx"),
        ]

    def __str__(self):
        return f"{self.role}/{self.person.name}"


@reversion.register()
class Caption(models.Model):
    """A photo caption printed with an article, with its credit (记者/王军 摄)."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="captions")
    text = models.TextField("图片说明")
    credit = models.CharField("图片来源", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "图片说明"
        verbose_name_plural = "图片说明"

    def __str__(self):
        return self.text


class ErrorReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def sent_since(self, client_key, since):
        return self.filter(client_key=client_key, created_at__gte=since)


class ErrorReport(models.Model):
    """A reader's note that an article has a mistake; it waits beside the article in the review queue."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="error_reports", verbose_name="文章")
    message = models.TextField("错误说明", max_length=1000)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    # A keyed hash of the sender's address: enough to rate-limit, without keeping the address.
    client_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="处理人",
    )

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = "读者报错"
        verbose_name_plural = "读者报错"
        indexes = [
            # The report form's rate limit counts one client's recent reports.
            models.Index(fields=["client_key", "created_at"], name="report_client_idx"),
            # The review queue looks for open reports of each article.
            models.Index(fields=["article"], name="report_open_idx", condition=Q(resolved_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.article}：{self.message[:30]}"


class ArticleRedirectQuerySet(models.QuerySet):
    def at(self, date, page, number):
        """The redirect of an address, its issue found by its date or a date it had before."""
        issue = Issue.objects.filter(date=date).first() or Issue.objects.moved_from(date)
        found = self.filter(issue=issue, page=page, number=number) if issue else self.none()
        return found.select_related("issue", "article__page__issue").first()


class ArticleRedirect(models.Model):
    """An article's address that outlived it, kept as django.contrib.redirects keeps a path: a 301 to
    the article its text went to (merged into it, or re-laid out onto another page), or with no
    article a 410 Gone that links its issue (a story a corrected file no longer prints)."""

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="former_articles", verbose_name="期")
    page = models.PositiveSmallIntegerField("版次")
    number = models.PositiveSmallIntegerField("编号")
    article = models.ForeignKey(
        Article, models.SET_NULL, null=True, blank=True, related_name="redirects", verbose_name="文章"
    )
    headline = models.CharField("原标题", max_length=200, blank=True)

    objects = ArticleRedirectQuerySet.as_manager()

    class Meta:
        verbose_name = "文章转址"
        verbose_name_plural = "文章转址"
        constraints = [
            # An old link's lookup, and the numbers a page never gives again.
            models.UniqueConstraint(fields=["issue", "page", "number"], name="unique_redirect_number"),
        ]

    def __str__(self):
        return f"{self.issue} 第{self.page:02d}版 {self.number} → {self.article or '已删除'}"


class MovedIssue(models.Model):
    """A date an issue was published under before an editor or a corrected file moved it."""

    date = models.DateField("原日期", unique=True)
    issue = models.ForeignKey(Issue, models.CASCADE, related_name="moved_from", verbose_name="期")

    class Meta:
        verbose_name = "期的原日期"
        verbose_name_plural = "期的原日期"

    def __str__(self):
        return f"{self.date} → {self.issue}"


class FormerName(models.Model):
    """A name a person was listed under before an editor renamed them: /person/<old name>/ redirects."""

    name = models.CharField("原姓名", max_length=20, unique=True)
    person = models.ForeignKey(Person, models.CASCADE, related_name="former_names", verbose_name="作者")

    class Meta:
        verbose_name = "作者的原姓名"
        verbose_name_plural = "作者的原姓名"

    def __str__(self):
        return f"{self.name} → {self.person}"


class FormerSectionSlug(models.Model):
    """The slug of a section's URL before an editor renamed it: /section/<old slug>/ redirects."""

    slug = models.SlugField("原网址名", max_length=60, unique=True, allow_unicode=True)
    section = models.ForeignKey(Section, models.CASCADE, related_name="former_slugs", verbose_name="版面栏目")

    class Meta:
        verbose_name = "版面栏目的原网址名"
        verbose_name_plural = "版面栏目的原网址名"

    def __str__(self):
        return f"{self.slug} → {self.section}"


class ArticleReview(Article):
    """The review queue's view of articles: the admin lists `Article.objects.review_queue()`."""

    class Meta:
        proxy = True
        verbose_name = "待审核文章"
        verbose_name_plural = "待审核文章"


class IssueReview(Issue):
    """The review queue's view of issues whose date the importer had to infer."""

    class Meta:
        proxy = True
        verbose_name = "待确认日期的期"
        verbose_name_plural = "待确认日期的期"


def date_kwargs(day: datetime.date):
    return {"year": day.year, "month": day.month, "day": day.day}


def month_of(day):
    return day.replace(day=1)


def next_month(month):
    return (month + datetime.timedelta(days=32)).replace(day=1)


class TallyQuerySet(models.QuerySet):
    def public(self):
        """Counts readers see: sample issues' articles only while the archive has no real issue."""
        return self.exclude(Q(sample=True) & Q(Exists(Issue.objects.filter(is_sample=False))))

    def months(self, scope, key):
        """[{"month": date, "count": n}] oldest first, months with articles only."""
        rows = self.public().filter(scope=scope, key=key, month__isnull=False)
        rows = rows.values("month").annotate(n=Sum("count")).order_by("month")
        return [{"month": row["month"], "count": row["n"]} for row in rows if row["n"]]

    def keys_counted(self, scope):
        """The keys with articles in all, as a subquery: one pass over their rows, where filtering
        on `total()` would count each key again (/people/ lists thousands)."""
        return self.public().filter(scope=scope, month__isnull=True, count__gt=0).values("key")

    def total(self, scope):
        """An expression for annotating districts, sections or people with their article count."""
        rows = self.public().filter(scope=scope, key=OuterRef("pk"), month__isnull=True)
        return Coalesce(Subquery(rows.values("key").annotate(n=Sum("count")).values("n")), 0)

    def recount(self, months):
        """Count these months again from the articles; the all-time rows move by the difference.

        Rows are compared, not replaced: an import touches a few keys of a month, and rewriting
        the month's hundreds of rows and re-adding every key's months would make each file's
        cost grow with the archive rather than with what the file changed.
        """
        moved = defaultdict(int)
        for month in sorted(months):
            old = self._kept(self.filter(month=month))
            new = self._counted(month)
            self._write(month, old, new)
            for row in old.keys() | new.keys():
                moved[row] += new.get(row, 0) - old.get(row, (None, 0))[1]
        moved = {row: n for row, n in moved.items() if n}
        if moved:
            old = self._kept(
                self.filter(
                    month__isnull=True, scope__in={row[0] for row in moved}, key__in={row[1] for row in moved}
                )
            )
            new = {row: old.get(row, (None, 0))[1] + n for row, n in moved.items()}
            self._write(None, {row: old[row] for row in new if row in old}, new)

    def recount_all(self):
        """Count every month and the all-time rows again from the articles, and write the lists'
        entries again; returns how many rows changed.

        `recount` trusts the rows it is not asked about; this trusts none, for an operator whose
        counts drifted (a manual SQL fix, a bulk write that noted nothing): `manage.py
        recount_archive`. One transaction, so the all-time rows are the sum of the months written
        with them; the pages that show counts renew when any changed. A second run changes nothing.
        """
        with transaction.atomic():
            days = Article.objects.order_by().values_list("date", flat=True).distinct()
            kept = self.filter(month__isnull=False).order_by().values_list("month", flat=True).distinct()
            totals = defaultdict(int)
            changed = 0
            for month in sorted({month_of(day) for day in days} | set(kept)):
                new = self._counted(month)
                changed += self._write(month, self._kept(self.filter(month=month)), new)
                for row, n in new.items():
                    totals[row] += n
            changed += self._write(None, self._kept(self.filter(month__isnull=True)), totals)
            # The lists' entries drift with the counts (both copy the same rows).
            changed += ListEntry.objects.refresh_all()
            if changed:
                # No issue changed, but the lists and list pages show the counts.
                Issue.objects.none().touch()
        return changed

    @staticmethod
    def _kept(rows):
        """{(scope, key, sample): (pk, count)} of these Tally rows."""
        return {
            (scope, key, sample): (pk, n)
            for pk, scope, key, sample, n in rows.values_list("pk", "scope", "key", "sample", "count")
        }

    def _counted(self, month):
        """{(scope, key, sample): articles} of one month, from the articles."""
        within = {"date__gte": month, "date__lt": next_month(month)}
        stories = Article.objects.filter(**within).exclude(kind__in=Article.NOT_STORIES)
        sample = "page__issue__is_sample"
        grouped = {
            # Only stories count in a district's or section's list; a person's lists every kind.
            Tally.Scope.DISTRICT: stories.filter(districts__isnull=False).values_list("districts", sample),
            Tally.Scope.SECTION: stories.filter(page__section__isnull=False).values_list(
                "page__section", sample
            ),
            Tally.Scope.PERSON: Byline.objects.filter(**within).values_list("person", f"article__{sample}"),
            Tally.Scope.ARCHIVE: Article.objects.filter(**within).values_list(
                Case(When(kind__in=Article.NOT_STORIES, then=Tally.OTHER), default=Tally.STORIES), sample
            ),
        }
        counted = {}
        for scope, keys in grouped.items():
            # Two bylines of one person on one article (reporter and photographer) count once.
            n = Count("article", distinct=True) if scope == Tally.Scope.PERSON else Count("pk")
            for key, is_sample, count in keys.annotate(n=n).order_by():
                counted[scope, key, is_sample] = count
        return counted

    def _write(self, month, old, new):
        """Make the rows of `month` (None: all time) say `new`, where `old` holds {row: (pk, count)}.

        Returns how many rows it removed, changed or added.
        """
        gone = [pk for row, (pk, _) in old.items() if not new.get(row)]
        self.filter(pk__in=gone).delete()
        changed = [(n, old[row][0]) for row, n in new.items() if row in old and n and old[row][1] != n]
        if changed:
            # One statement run for each row: bulk_update's CASE over hundreds of rows costs more to build.
            table, count = (connection.ops.quote_name(name) for name in (self.model._meta.db_table, "count"))
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET {count} = %s WHERE id = %s", changed)
        added = self.bulk_create(
            Tally(scope=row[0], key=row[1], month=month, sample=row[2], count=n)
            for row, n in new.items()
            if n and row not in old
        )
        return len(gone) + len(changed) + len(added)


class Tally(models.Model):
    """Articles per district, section or person, and in the whole archive, per month (and, with no month, in all).

    What the lists count, kept by articles/derived.py whenever what they count changes;
    `manage.py recount_archive` counts them all again if they ever drift.
    """

    class Scope(models.TextChoices):
        DISTRICT = "district", "区县"
        SECTION = "section", "版面栏目"
        PERSON = "person", "作者"
        # The whole archive's articles (关于本馆藏), keyed STORIES or OTHER.
        ARCHIVE = "archive", "馆藏"

    # The keys of ARCHIVE: stories, and the editor's notes, guides, notices and ads.
    STORIES, OTHER = 1, 0

    scope = models.CharField(max_length=10, choices=Scope.choices)
    # The district's, section's or person's pk.
    key = models.PositiveIntegerField()
    # The first day of the month; None for all time.
    month = models.DateField(null=True)
    # Counted apart, so that the samples leave the counts when the first real issue arrives.
    sample = models.BooleanField(default=False)
    count = models.PositiveIntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = "文章计数"
        verbose_name_plural = "文章计数"
        constraints = [
            # A list's chart reads its key's months in order.
            models.UniqueConstraint(
                fields=["scope", "key", "month", "sample"],
                condition=Q(month__isnull=False),
                name="unique_tally_month",
            ),
            # The counts beside districts, sections and people.
            models.UniqueConstraint(
                fields=["scope", "key", "sample"], condition=Q(month__isnull=True), name="unique_tally_total"
            ),
        ]
        indexes = [
            # A recount replaces one month's rows.
            models.Index(fields=["month"], name="tally_month_idx"),
        ]

    def __str__(self):
        return f"{self.scope} {self.key} {self.month or '全部'}: {self.count}"


class ListEntryQuerySet(models.QuerySet):
    def refresh(self, days):
        """Make the entries of these days' articles say what their districts, pages and bylines say."""
        days = {day for day in days if day}
        return self._sync(date__in=days) if days else 0

    def refresh_all(self):
        """Every month's entries again from the rows they copy; returns how many entries changed."""
        days = Article.objects.order_by().values_list("date", flat=True).distinct()
        kept = self.order_by().values_list("date", flat=True).distinct()
        changed = 0
        for month in sorted({month_of(day) for day in (*days, *kept)}):
            changed += self._sync(date__gte=month, date__lt=next_month(month))
        return changed

    def _sync(self, **dated):
        """Add and remove entries of the articles `dated` selects until they match the rows; returns
        how many changed. Compared rather than rewritten, so a day edited again leaves the rest be."""
        # By their own dates: an entry of an article that moved to another day, or one written while
        # a deletion's cascade had not yet reached its article, is one of the day's until removed.
        kept = {
            (scope, key, day, article): pk
            for pk, scope, key, day, article in self.filter(**dated).values_list(
                "pk", "scope", "key", "date", "article"
            )
        }
        articles = Article.objects.filter(**dated).order_by()
        rows = (
            (
                Tally.Scope.DISTRICT,
                articles.filter(districts__isnull=False).values_list("districts", "date", "pk"),
            ),
            (
                Tally.Scope.SECTION,
                articles.filter(page__section__isnull=False).values_list("page__section", "date", "pk"),
            ),
            # One entry for a person who signs an article twice (reporter and photographer).
            (
                Tally.Scope.PERSON,
                Byline.objects.filter(**dated).order_by().values_list("person", "date", "article"),
            ),
        )
        listed = {(scope, key, day, article) for scope, values in rows for key, day, article in values}
        gone = [pk for row, pk in kept.items() if row not in listed]
        self.filter(pk__in=gone).delete()
        added = self.bulk_create(
            ListEntry(scope=scope, key=key, date=day, article_id=article)
            for scope, key, day, article in listed
            if (scope, key, day, article) not in kept
        )
        return len(gone) + len(added)


class ListEntry(models.Model):
    """An article's place in the list of a district, a section or a person, under its date.

    Kept by articles/derived.py beside Tally, from the same changes. Every kind of article has
    entries; a district's and a section's pages list the stories among them, as Tally counts.
    """

    scope = models.CharField(max_length=10, choices=Tally.Scope.choices)
    # The district's, section's or person's pk.
    key = models.PositiveIntegerField()
    # The article's date.
    date = models.DateField()
    article = models.ForeignKey(Article, models.CASCADE, related_name="list_entries")

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "列表条目"
        verbose_name_plural = "列表条目"
        indexes = [
            # /district/<slug>/, /section/<slug>/, /person/<name>/ and their feeds newest first:
            # a page is a range of one key's entries.
            models.Index(fields=["scope", "key", "date", "article"], name="list_entry_idx"),
            # articles/derived.py brings a day's entries up to date after every change.
            models.Index(fields=["date"], name="list_entry_date_idx"),
        ]

    def __str__(self):
        return f"{self.scope} {self.key} {self.date}: {self.article_id}"
