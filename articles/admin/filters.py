"""Filters the article lists share."""

from django.contrib import admin


class MissingFilter(admin.SimpleListFilter):
    """Articles without a district or without a byline: common and fine (briefs, wire copy), so
    something an editor looks for, not a reason to review."""

    title = "缺少"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("district", "无区县"), ("byline", "无署名")]

    def queryset(self, request, queryset):
        if self.value() == "district":
            return queryset.stories().without_district()
        if self.value() == "byline":
            return queryset.stories().without_byline()
        return queryset
