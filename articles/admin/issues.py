"""Issues with their pages: a corrected date or number moves the issue's URLs and search entries."""

import reversion
from django.contrib import admin

from ..models import Issue, Page
from .history import HistoryAdmin, shown_text
from .review import evidence

# Registered by hand, not through the inline: following the pages would make a revert
# delete any page a later import added, and its articles with it.
reversion.register(Page)
reversion.register(Issue)


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
    list_display = ["date", "number", "page_count", "date_source", "date_needs_review", "source_name"]
    list_filter = ["date_needs_review", "date_source"]
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
        "corrected",
        "imported_at",
        "updated_at",
    ]
    readonly_fields = [
        "date_source",
        evidence,
        "source_name",
        "corrected",
        "imported_at",
        "updated_at",
    ]
    inlines = [PageInline]
    history_fields = ["date", "number", "page_count", "lunar_date", "date_source", "date_needs_review"]

    def has_add_permission(self, request):
        # Issues come from imports.
        return False

    def before_change(self, request, obj):
        super().before_change(request, obj)
        request.issue_date = obj.date
        request.page_layers = {page.pk: page.source_layer() for page in obj.pages.select_related("section")}

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        layers = getattr(request, "page_layers", {})
        for page in formset.get_queryset().select_related("section"):
            if page.pk in layers:
                page.keep_source(layers[page.pk])
                page.save(update_fields=["source"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.remember_date(getattr(request, "issue_date", None))
