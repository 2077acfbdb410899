"""The lists bylines and districts are chosen from, each searchable for the autocomplete widgets."""

from django.contrib import admin
from django.db.models import Count

from ..models import District, Person, Section
from .display import DeletionSummary


@admin.register(Person)
class PersonAdmin(DeletionSummary, admin.ModelAdmin):
    list_display = ["name", "byline_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(byline_count=Count("bylines")).order_by("name")

    @admin.display(description="署名次数", ordering="byline_count")
    def byline_count(self, person):
        return person.byline_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            obj.remember_name(form.initial["name"])


@admin.register(District)
class DistrictAdmin(DeletionSummary, admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Section)
class SectionAdmin(DeletionSummary, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    # The URL follows the name (Section.follow_name): an editor renames, never re-slugs.
    readonly_fields = ["slug"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            obj.follow_name()
