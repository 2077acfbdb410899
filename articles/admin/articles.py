"""Articles: the list editors correct from, the edit form, bulk actions, split and merge."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .. import changes
from ..models import Article, Byline, Caption, District, ErrorReport, Page
from .filters import MissingFilter
from .forms import ArticleForm, SetDistrictsForm, SetSectionForm, SplitForm, TextField
from .history import HistoryAdmin
from .index_search import IndexSearch


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["role", "person", "description", "position"]
    autocomplete_fields = ["person"]
    extra = 0


class CaptionInline(admin.TabularInline):
    model = Caption
    fields = ["text", "credit", "position"]
    formfield_overrides = {
        models.TextField: {"form_class": TextField, "widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }
    extra = 0


class ReviewStateFilter(admin.SimpleListFilter):
    title = "审核状态"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", "待审核"), ("reviewed", "已审核"), ("fine", "无需审核")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_review()
        if self.value() == "reviewed":
            return queryset.filter(reviewed_at__isnull=False)
        if self.value() == "fine":
            return queryset.filter(reviewed_at__isnull=True, in_review_queue=False)
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    """A district's articles as an EXISTS: the many-to-many filter's join makes the list DISTINCT,
    which at 100,000 articles costs its count, its page and its date range a scan each."""

    title = "区县"
    parameter_name = "districts__id__exact"

    def lookups(self, request, model_admin):
        return [(str(district.pk), district.name) for district in District.objects.all()]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.naming_district(int(self.value()))
        return queryset


@admin.register(Article)
class ArticleAdmin(IndexSearch, HistoryAdmin):
    form = ArticleForm
    list_display = [
        "issue_date",
        "page_number",
        "section",
        "headline",
        "district_names",
        "byline_names",
        "waits_for_review",
    ]
    list_display_links = ["headline"]
    list_filter = [
        ReviewStateFilter,
        MissingFilter,
        DistrictFilter,
        # Every section, not only those with articles: finding those reads every article.
        ("page__section", admin.RelatedFieldListFilter),
        "kind",
    ]
    date_hierarchy = "date"
    # Newest first, as the date index and the issue's date on each article (Article.date) serve it.
    ordering = ["-date", "page__number", "position"]
    search_fields = ["headline", "body"]  # searched through the index (IndexSearch)
    search_help_text = "按标题或正文查找"
    list_per_page = 50
    show_full_result_count = False
    autocomplete_fields = ["districts"]
    inlines = [BylineInline, CaptionInline]
    readonly_fields = ["placement", "review_state", "corrected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "placement",
                    "kind",
                    "column",
                    "kicker",
                    "headline",
                    "subtitle",
                    "body",
                    "author_note",
                ]
            },
        ),
        ("区县与转版", {"fields": ["districts", "continues_on", "continued_from"]}),
        ("审核", {"fields": ["review_state", "corrected", "needs_review", "mark_reviewed"]}),
    ]
    actions = ["mark_reviewed", "set_districts", "set_section", "merge_selected"]
    history_fields = ArticleForm.Meta.fields
    history_follows = [("署名", "bylines"), ("图片说明", "captions")]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_stored_review_flags()
            .select_related("page__issue", "page__section")
            .with_bylines()
            .prefetch_related("districts")
        )

    def has_add_permission(self, request):
        # Articles come from imports and splits, never from an empty form.
        return False

    @admin.display(description="日期", ordering="date")
    def issue_date(self, article):
        return article.date

    @admin.display(description="版次", ordering="page__number")
    def page_number(self, article):
        return f"{article.page.number:02d}"

    @admin.display(description="版名", ordering="page__section__name")
    def section(self, article):
        return article.page.section or "—"

    @admin.display(description="区县")
    def district_names(self, article):
        return "、".join(d.name for d in article.districts.all()) or "—"

    @admin.display(description="署名")
    def byline_names(self, article):
        return " ".join(str(b) for b in article.bylines.all()) or "—"

    @admin.display(description="审核")
    def waits_for_review(self, article):
        return "待审核" if article.in_review_queue else ""

    @admin.display(description="位置")
    def placement(self, article):
        return format_html(
            '<a href="{}">{}</a> 第{}篇', article.page.get_absolute_url(), article.page, article.position
        )

    @admin.display(description="审核情况")
    def review_state(self, article):
        reasons = "、".join(article.review_reasons) or "无疑点"
        if article.reviewed_at:
            return f"{reasons}；{article.reviewed_by or '—'} 于 {article.reviewed_at:%Y-%m-%d %H:%M} 审核"
        return reasons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            reports = list(obj.error_reports.select_related("resolved_by"))
            context["reader_reports"] = reports
            context["open_reader_reports"] = sum(report.resolved_at is None for report in reports)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving: HistoryAdmin saves each change as a correction (Corrected.correcting), so a re-import keeps it.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if form.cleaned_data.get("mark_reviewed"):
            Article.objects.filter(pk=article.pk).mark_reviewed(request.user)

    # Bulk actions.

    @admin.action(description="标记为已审核", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = Article.objects.filter(pk__in=queryset.values("pk")).mark_reviewed(request.user)
        self.message_user(request, f"已将 {count} 篇文章标记为已审核。", messages.SUCCESS)

    @admin.action(description="设置区县", permissions=["change"])
    def set_districts(self, request, queryset):
        form = SetDistrictsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            districts, replace = form.cleaned_data["districts"], form.cleaned_data["replace"]
            names = "、".join(d.name for d in districts)
            comment = f"批量{'设为' if replace else '加上'}区县：{names}"
            for article in queryset:
                with article.correcting(request.user, comment):
                    if replace:
                        article.districts.set(districts)
                    else:
                        article.districts.add(*districts)
                self.log_change(request, article, comment)
            self.message_user(request, f"已为 {len(queryset)} 篇文章{comment[2:]}。", messages.SUCCESS)
            return None
        return self._action_form(request, queryset, form, "set_districts", "设置区县")

    @admin.action(description="设置版名（整版）", permissions=["change"])
    def set_section(self, request, queryset):
        form = SetSectionForm(request.POST if "apply" in request.POST else None)
        pages = Page.objects.filter(articles__in=queryset).select_related("issue", "section").distinct()
        if form.is_bound and form.is_valid():
            section = form.cleaned_data["section"]
            for page in pages:
                comment = f"第{page.number:02d}版版名由「{page.section or '无'}」改为「{section}」"
                with page.correcting(request.user, comment, also=[page.issue]):
                    page.section = section
            self.message_user(request, f"已将 {len(pages)} 个版面的版名改为「{section}」。", messages.SUCCESS)
            return None
        return self._action_form(request, queryset, form, "set_section", "设置版名", pages=pages)

    @admin.action(description="合并所选的两篇（同版相邻）", permissions=["change"])
    def merge_selected(self, request, queryset):
        first, *rest = queryset.order_by("page", "position")
        nxt = first.page.articles.filter(position__gt=first.position).first()
        if len(rest) != 1 or rest[0] != nxt:
            self.message_user(request, "请选择同一版上相邻的两篇文章。", messages.ERROR)
            return None
        return redirect(self._admin_url("merge", first.pk))

    def _action_form(self, request, queryset, form, action, title, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{action}.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                "form": form,
                "articles": queryset,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                **context,
            },
        )

    # Split and merge: object tools on the edit form.

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/split/",
                self.admin_site.admin_view(self.split_view),
                name="articles_article_split",
            ),
            path(
                "<path:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="articles_article_merge",
            ),
            path(
                "<path:object_id>/reports/<int:report_id>/resolve/",
                self.admin_site.admin_view(self.resolve_report_view),
                name="articles_article_resolve_report",
            ),
        ]
        return urls + super().get_urls()

    def _article_to_change(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("no such article")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def split_view(self, request, object_id):
        article = self._article_to_change(request, object_id)
        if len(article.paragraphs) < 2:
            self.message_user(request, "这篇文章只有一段，无法拆分。", messages.ERROR)
            return redirect(self._admin_url("change", article.pk))
        form = SplitForm(request.POST or None, article=article)
        if request.method == "POST" and form.is_valid():
            headline = form.cleaned_data["headline"]
            comment = f"从第{form.cleaned_data['at'] + 1}段起拆出《{headline}》"
            with changes.together():
                new = article.split(form.cleaned_data["at"], headline, user=request.user, comment=comment)
            # Outside the correction: VersionAdmin's log_* would replace its comment.
            self.log_change(request, article, comment)
            self.log_addition(request, new, f"从《{article.headline}》拆出")
            self.message_user(request, f"已拆出新文章《{headline}》，请核对两篇的署名、区县和图片说明。")
            return redirect(self._admin_url("change", new.pk))
        return self._tool_page(request, article, "split", "拆分文章", form=form)

    def merge_view(self, request, object_id):
        article = self._article_to_change(request, object_id)
        following = article.page.articles.filter(position__gt=article.position).first()
        if following is None:
            self.message_user(request, "这是本版最后一篇，后面没有可合并的文章。", messages.ERROR)
            return redirect(self._admin_url("change", article.pk))
        if request.method == "POST":
            comment = f"并入下一篇《{following.headline}》"
            with changes.together():
                article.merge(following, user=request.user, comment=comment)
            self.log_change(request, article, comment)
            self.message_user(request, f"已把《{following.headline}》并入本文。")
            return redirect(self._admin_url("change", article.pk))
        return self._tool_page(request, article, "merge", "合并文章", following=following)

    @method_decorator(require_POST)
    def resolve_report_view(self, request, object_id, report_id):
        """A reader's report dealt with, from the article's edit form; what the form held comes back as typed."""
        article = self._article_to_change(request, object_id)
        report = get_object_or_404(article.error_reports.open(), pk=report_id)
        with changes.together():
            ErrorReport.objects.filter(pk=report.pk).update(
                resolved_at=timezone.now(), resolved_by=request.user
            )
            # An update sends no signal: the article's place in the review queue follows here.
            changes.changed(pages=[article.page_id])
        notice = "已把这条读者报错标记为已处理。"
        if self.typed_changes(request, article):
            return self.held_form(
                request, article, request.POST, f"{notice}表单里的修改还没有保存：核对后点“保存”。"
            )
        self.message_user(request, notice, messages.SUCCESS)
        return redirect(self._admin_url("change", article.pk))

    def _tool_page(self, request, article, name, title, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{name}.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                "original": article,
                "article": article,
                "has_view_permission": True,
                **context,
            },
        )
