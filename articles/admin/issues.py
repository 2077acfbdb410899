"""Issues with their pages: a corrected date or number moves the issue's URLs and search entries.

The pages are edited on the issue's form, and corrected with it (`Issue.correcting`).
"""

from django.contrib import admin

from ..models import Issue, Page
from .display import yes_no
from .history import HistoryAdmin, shown_text
from .review import evidence


class PageInline(admin.TabularInline):
    model = Page
    fields = ["number", "section", "editors", "file_says"]
    readonly_fields = ["number", "file_says"]
    autocomplete_fields = ["section"]
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="来源文本（编辑更正过的字段）")
    def file_says(self, page):
        """What the file says where an editor corrected the page: clearing the correction is typing it back."""
        return (
            "；".join(f"{label}：{shown_text(source)}" for _, label, source, _ in page.corrections()) or "—"
        )


@admin.register(Issue)
class IssueAdmin(HistoryAdmin):
    list_display = ["date", "number", "page_count", "date_source", "needs_review", "sample", "source_name"]
    list_filter = ["date_needs_review", "date_source", "is_sample"]
    date_hierarchy = "date"
    search_fields = ["source_name", "=number"]
    fields = [
        "date",
        "number",
        "page_count",
        "lunar_date",
        "date_source",
        evidence,
        "source_name",
        "sample",
        "corrected",
        "imported_at",
        "updated_at",
    ]
    readonly_fields = [
        "date_source",
        evidence,
        "source_name",
        "sample",
        "corrected",
        "imported_at",
        "updated_at",
    ]
    inlines = [PageInline]
    history_fields = ["date", "number", "page_count", "lunar_date", "date_source", "date_needs_review"]

    def has_add_permission(self, request):
        # Issues come from imports.
        return False

    @admin.display(description="日期待确认", ordering="date_needs_review")
    def needs_review(self, issue):
        return yes_no(issue.date_needs_review)

    @admin.display(description="样刊", ordering="is_sample")
    def sample(self, issue):
        return yes_no(issue.is_sample)


@admin.register(Page)
class PageAdmin(HistoryAdmin):
    """A page on its own: its section and editors, its corrections and its history (pages are also edited
    on their issue's form)."""

    list_display = ["issue", "number", "section", "editor_names"]
    list_select_related = ["issue", "section"]
    list_filter = [("section", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "issue__date"
    ordering = ["-issue__date", "number"]
    list_per_page = 50
    fields = ["issue", "number", "section", "editors", "corrected"]
    readonly_fields = ["issue", "number", "corrected"]
    autocomplete_fields = ["section"]
    history_fields = ["section", "editors"]

    def has_add_permission(self, request):
        # Pages come from imports; only a superuser deletes one (with its issue, or alone).
        return False

    @admin.display(description="编辑")
    def editor_names(self, page):
        return " ".join("/".join(editor) for editor in page.editors) or "—"
