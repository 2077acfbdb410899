"""The newspaper: Issue → Page → Article, with bylines, captions and districts."""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import slugify


class District(models.Model):
    """A county-level unit of Zhuzhou, or a zone the paper reports on as a place."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "市辖区"
        CITY = "city", "县级市"
        COUNTY = "county", "县"
        ZONE = "zone", "园区"

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)
    aliases = models.JSONField("别称", default=list, blank=True)
    places = models.JSONField("辖区地名", default=list, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "区县"
        verbose_name_plural = "区县"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:district", args=[self.slug])


class SectionQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=Count("pages__articles")).filter(article_count__gt=0)


class Section(models.Model):
    """A page's 版名 (综合·城区, 要闻 …): pages and articles are browsed by it."""

    name = models.CharField("版名", max_length=50, unique=True)
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "版面栏目"
        verbose_name_plural = "版面栏目"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or f"section-{self.name}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])


class Person(models.Model):
    """A reporter, correspondent, photographer or columnist, by printed name."""

    name = models.CharField("姓名", max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "作者"
        verbose_name_plural = "作者"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:person", args=[self.name])


class IssueQuerySet(models.QuerySet):
    def on_this_day(self, day):
        """Issues of the same calendar day in earlier years (历史上的今天)."""
        return self.filter(date__month=day.month, date__day=day.day, date__lt=day)

    def needing_review(self):
        return self.filter(date_needs_review=True)


class Issue(models.Model):
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
    edited_fields = models.JSONField("编辑更正的字段", default=list, blank=True, editable=False)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        verbose_name = "期"
        verbose_name_plural = "期"
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


class Page(models.Model):
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

    def __str__(self):
        label = f"{self.issue.date:%Y-%m-%d} 第{self.number:02d}版"
        return f"{label} {self.section}" if self.section_id else label

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={**date_kwargs(self.issue.date), "page": self.number})


class ArticleQuerySet(models.QuerySet):
    def for_lists(self):
        """What a list of articles shows, in one query."""
        return self.select_related("page__issue", "page__section").defer("body")

    def newest_first(self):
        return self.order_by("-page__issue__date", "page__number", "position")

    def stories(self):
        """Articles a reader browses; guide entries, notes and ads are apart."""
        return self.exclude(kind__in=Article.NOT_STORIES)

    def in_district(self, district):
        return self.filter(districts=district)

    def in_section(self, section):
        return self.filter(page__section=section)

    def by_person(self, person):
        return self.filter(bylines__person=person).distinct()

    def published_in(self, year):
        return self.filter(page__issue__date__year=year)

    def needing_review(self):
        return self.filter(needs_review=True)


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "消息"
        PHOTO = "photo", "图片新闻"
        COMMENTARY = "commentary", "评论"
        EDITOR_NOTE = "editor_note", "编者按"
        AD = "ad", "广告"
        GUIDE = "guide", "导读"

    NOT_STORIES = (Kind.EDITOR_NOTE, Kind.AD, Kind.GUIDE)
    # Fields an editor may correct; a re-import never overwrites a corrected one.
    EDITABLE_FIELDS = (
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
    )

    page = models.ForeignKey(Page, models.CASCADE, related_name="articles", verbose_name="版面")
    position = models.PositiveSmallIntegerField("版内顺序")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.NEWS)
    column = models.CharField("栏目", max_length=100, blank=True)
    kicker = models.CharField("引题", max_length=200, blank=True)
    headline = models.CharField("标题", max_length=200)
    subtitle = models.CharField("副题", max_length=200, blank=True)
    body = models.TextField("正文", blank=True, help_text="每段一行。")
    continues_on = models.PositiveSmallIntegerField("下转版次", null=True, blank=True)
    continued_from = models.PositiveSmallIntegerField("上接版次", null=True, blank=True)
    districts = models.ManyToManyField(District, blank=True, related_name="articles", verbose_name="区县")
    import_key = models.CharField(max_length=40, blank=True, editable=False)
    edited_fields = models.JSONField("编辑更正的字段", default=list, blank=True, editable=False)
    needs_review = models.BooleanField("待审核", default=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["page", "position"]
        verbose_name = "文章"
        verbose_name_plural = "文章"
        constraints = [
            models.UniqueConstraint(fields=["page", "position"], name="unique_article_position"),
        ]
        indexes = [
            # The review queue lists flagged articles.
            models.Index(fields=["needs_review"], name="article_review_idx", condition=Q(needs_review=True)),
            # Re-import matches articles of an issue by their key.
            models.Index(fields=["import_key"], name="article_import_key_idx"),
            # Section and kind filters on lists and search.
            models.Index(fields=["kind"], name="article_kind_idx"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse(
            "articles:article",
            kwargs={**date_kwargs(self.page.issue.date), "page": self.page.number, "position": self.position},
        )

    @property
    def date(self):
        return self.page.issue.date

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n") if p.strip()]

    @property
    def full_title(self):
        return " ".join(part for part in (self.kicker, self.headline, self.subtitle) if part)


class Byline(models.Model):
    """One contributor of an article, in print order: 全媒体记者/刘毅."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, models.PROTECT, related_name="bylines", verbose_name="姓名")
    role = models.CharField("身份", max_length=20)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "署名"
        verbose_name_plural = "署名"
        constraints = [
            models.UniqueConstraint(fields=["article", "person", "role"], name="unique_byline_per_article"),
        ]

    def __str__(self):
        return f"{self.role}/{self.person.name}"


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


def date_kwargs(day: datetime.date):
    return {"year": day.year, "month": day.month, "day": day.day}
