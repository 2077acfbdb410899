"""The review queue: doubtful articles with readers' reports beside them, and inferred dates."""

import re

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from .. import changes
from ..models import REVIEW_REASONS, Article, ArticleReview, ErrorReport, Issue, IssueReview
from .filters import MissingFilter
from .index_search import IndexSearch

# The parser (plain Python, English for its logs) says why it dated an issue; editors read Chinese.
INFERRED = re.compile(
    r"inferred from the text: the latest day among the dates it mentions together is (\S+) \(([^)]*)\); "
    r"years named: ([^;]*); dated the day after"
)


def evidence_in_chinese(text):
    """The importer's evidence for an inferred date, as an editor reads it."""
    match = INFERRED.fullmatch(text.strip())
    if match is None:
        return text or "—"
    latest, days, years = match.groups()
    return f"由正文推断：正文一并提到的日期中最晚的一天是{latest}（提到的日子：{days}；提到的年份：{years}），出版日期取其后一天"


@admin.display(description="日期依据")
def evidence(issue):
    return evidence_in_chinese(issue.date_evidence)


class ReasonFilter(admin.SimpleListFilter):
    """The queue's reasons, most urgent first, each with how many articles wait for it."""

    title = "原因"
    parameter_name = "reason"
    REASONS = {reason.key: reason for reason in REVIEW_REASONS}

    def lookups(self, request, model_admin):
        counts = model_admin.get_queryset(request).count_by_reason()
        return [(reason.key, f"{reason.label}（{counts[reason.key]}）") for reason in REVIEW_REASONS]

    def queryset(self, request, queryset):
        if self.value() in self.REASONS:
            return queryset.with_reason(self.REASONS[self.value()])
        return queryset


@admin.register(ArticleReview)
class ArticleReviewAdmin(IndexSearch, admin.ModelAdmin):
    list_display = ["issue_date", "page_label", "headline_link", "reasons", "byline_names", "reports"]
    list_display_links = None
    list_filter = [ReasonFilter, MissingFilter, "kind"]
    date_hierarchy = "date"
    # The most urgent first, then the newest, from the queue's own index (Article.in_review_queue).
    ordering = ["-review_flags", "-date", "page__number", "position"]
    search_fields = ["headline"]  # searched through the index (IndexSearch)
    actions = ["mark_reviewed"]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .review_queue()
            .defer("body")
            .select_related("page__issue", "page__section")
            .with_bylines()
            .prefetch_related("error_reports")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="日期", ordering="date")
    def issue_date(self, article):
        return article.date

    @admin.display(description="版面", ordering="page__number")
    def page_label(self, article):
        return f"第{article.page.number:02d}版 {article.page.section or ''}"

    @admin.display(description="标题")
    def headline_link(self, article):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.headline,
        )

    @admin.display(description="原因")
    def reasons(self, article):
        return "、".join(article.review_reasons)

    @admin.display(description="署名")
    def byline_names(self, article):
        # A name that reads as no one's is marked, so the editor sees which one is in doubt.
        return format_html_join(
            " ",
            "{}/{}{}",
            ((b.role, b.person.name, "" if b.person.plausible else "？") for b in article.bylines.all()),
        )

    @admin.display(description="读者报错")
    def reports(self, article):
        """Each open report's text and time, leading to the reports above the article's edit form."""
        panel = reverse("admin:articles_article_change", args=[article.pk]) + "#reader-reports"
        open_reports = [r for r in article.error_reports.all() if r.resolved_at is None]
        return format_html_join(
            "",
            '<p><a href="{}">{}</a>（{}）</p>',
            ((panel, r.message, localtime(r.created_at).strftime("%Y-%m-%d %H:%M")) for r in open_reports),
        )

    @admin.action(description="标记为已审核", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = Article.objects.filter(pk__in=queryset.values("pk")).mark_reviewed(request.user)
        self.message_user(request, f"已将 {count} 篇文章移出审核队列。", messages.SUCCESS)


@admin.register(IssueReview)
class IssueReviewAdmin(admin.ModelAdmin):
    list_display = ["issue_link", "date_source", evidence, "source_name"]
    list_display_links = None
    actions = ["confirm_dates"]

    def get_queryset(self, request):
        return super().get_queryset(request).needing_review()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="期", ordering="date")
    def issue_link(self, issue):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_issue_change", args=[issue.pk]), issue
        )

    @admin.action(description="确认日期无误", permissions=["change"])
    def confirm_dates(self, request, queryset):
        count = Issue.objects.filter(pk__in=queryset.values("pk")).mark_reviewed(request.user)
        self.message_user(request, f"已确认 {count} 期的日期。", messages.SUCCESS)


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article_link", "message", "contact", "resolved_at", "resolved_by"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["message", "article__headline"]
    readonly_fields = ["article_link", "message", "contact", "created_at", "resolved_at", "resolved_by"]
    fields = readonly_fields
    actions = ["resolve"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__page__issue", "resolved_by")

    def has_add_permission(self, request):
        return False

    @admin.display(description="文章", ordering="article__headline")
    def article_link(self, report):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[report.article_id]),
            report.article,
        )

    @admin.action(description="标记为已处理", permissions=["change"])
    def resolve(self, request, queryset):
        count = queryset.open().update(resolved_at=timezone.now(), resolved_by=request.user)
        # An update sends no signal: the articles' place in the review queue follows here.
        changes.changed(
            pages=Article.objects.filter(pk__in=queryset.values("article")).values_list("page_id", flat=True)
        )
        self.message_user(request, f"已处理 {count} 条读者报错。", messages.SUCCESS)
