"""Columns in the admin's lists that read the same in Chinese as the rest of the screen."""

from django.apps import apps
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst

YES_NO = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "不详")}


def yes_no(value):
    """Django's ticks and crosses, their alt text in Chinese (Django's own say "True" and "False")."""
    icon, said = YES_NO[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), said)


class DeletionSummary:
    """A delete confirmation lists what an editor would miss: not the rows kept for the lists
    (ListEntry) nor the links of many-to-many fields, which go with their row and which Django
    names in English ("Article-district relationship: Article_districts object (1)")."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        hidden = [model for model in apps.get_models(include_auto_created=True) if _bookkeeping(model)]
        prefixes = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in hidden)
        names = {model._meta.verbose_name_plural for model in hidden}
        model_count = {name: count for name, count in model_count.items() if name not in names}
        return _without(to_delete, prefixes), model_count, perms_needed, protected


def _bookkeeping(model):
    return model._meta.auto_created or model._meta.label == "articles.ListEntry"


def _without(items, prefixes):
    kept = []
    for item in items:
        if isinstance(item, list):
            item = _without(item, prefixes)
            if item:
                kept.append(item)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept
