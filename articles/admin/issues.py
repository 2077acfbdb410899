"""Issues with their pages: a corrected date or number moves the issue's URLs and search entries."""

import reversion
from django.contrib import admin

from ..models import Article, Issue, Page
from ..search.signals import index_on_commit
from .history import HistoryAdmin

# Registered by hand, not through the inline: following the pages would make a revert
# delete any page a later import added, and its articles with it.
reversion.register(Page)
reversion.register(Issue)


class PageInline(admin.TabularInline):
    model = Page
    fields = ["number", "section", "editors"]
    readonly_fields = ["number"]
    autocomplete_fields = ["section"]
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


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
        "date_evidence",
        "source_name",
        "corrected",
        "imported_at",
        "updated_at",
    ]
    readonly_fields = [
        "date_source",
        "date_evidence",
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

    @admin.display(description="编辑更正过的字段（重新导入不会覆盖）")
    def corrected(self, issue):
        return "、".join(str(Issue._meta.get_field(n).verbose_name) for n in issue.edited_fields) or "—"

    def save_model(self, request, obj, form, change):
        obj.record_edits(set(form.changed_data) & {"date", "number", "page_count", "lunar_date"})
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for page_form in formset.forms:
            if page_form.has_changed():
                page_form.instance.record_edits(page_form.changed_data)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The date is in every article's URL and index entry. A save sends a signal the index
        # hears, but a revert saves raw rows, which send none.
        index_on_commit(Article.objects.filter(page__issue=form.instance).values_list("pk", flat=True))
