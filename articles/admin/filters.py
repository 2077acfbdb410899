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
        # Of every kind (the kind filter narrows to stories): excluding kinds here would lead SQLite
        # away from the date index, to sort the whole archive.
        if self.value() == "district":
            return queryset.without_district()
        if self.value() == "byline":
            return queryset.without_byline()
        return queryset
