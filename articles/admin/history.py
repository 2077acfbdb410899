"""History and revert with django-reversion: who changed what, when, and a way back.

The importer writes no revisions, so the first time an editor touches an
object its imported state is stored first ("导入时的版本"); reverting to it
undoes every correction.
"""

from contextlib import contextmanager

import reversion
from django.contrib import admin, messages
from django.db import IntegrityError, models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import Truncator
from reversion.admin import VersionAdmin
from reversion.models import Version

IMPORTED = "导入时的版本"


def keep_imported_version(obj):
    """Store the state an editor is about to change, if nothing of it is stored yet."""
    if not Version.objects.get_for_object(obj).exists():
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            reversion.set_comment(IMPORTED)


@contextmanager
def revision(user, comment, *objects):
    """One revision by `user`; call it outside any other revision block, or the two merge."""
    for obj in objects:
        keep_imported_version(obj)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield
        for obj in objects:
            if obj.pk is not None:
                reversion.add_to_revision(obj)


class HistoryAdmin(VersionAdmin):
    """VersionAdmin whose history page says what each change did, field by field."""

    object_history_template = "admin/articles/object_history.html"
    history_latest_first = True
    # Fields the history page compares; (label, related name) pairs of followed rows.
    history_fields = ()
    history_follows = ()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, admin.utils.unquote(object_id))
            if obj is not None:
                keep_imported_version(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: its one revision around the whole list would make a bulk
        # action one revision, and reverting one article would revert them all.
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except IntegrityError:
            messages.error(request, "无法恢复这个版本：它的位置已被别的内容占用，请手动修改。")
            return redirect(self._admin_url("change", object_id))

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None and getattr(response, "context_data", None):
            versions = Version.objects.get_for_object(obj).select_related("revision").order_by("pk")
            changes = describe_changes(list(versions), self.history_fields, self.history_follows, obj.pk)
            for action in response.context_data["action_list"]:
                action["changes"] = changes.get(action["revision"].id, [])
        return response

    def _admin_url(self, view, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def describe_changes(versions, fields, follows, object_id):
    """For each revision id: [(label, before, after)] against the object's previous version."""
    changes, before = {}, None
    for version in versions:
        state = _state(version, fields, follows, object_id)
        if before is not None:
            changes[version.revision_id] = [
                (label, _short(before[label]), _short(value))
                for label, value in state.items()
                if before.get(label) != value
            ]
        before = state
    return changes


def _state(version, fields, follows, object_id):
    model = version._model
    values = version.field_dict
    state = {}
    for name in fields:
        field = model._meta.get_field(name)
        value = values.get(field.attname)
        if isinstance(field, models.ManyToManyField):
            names = field.related_model.objects.in_bulk(value or [])
            value = "、".join(sorted(str(names[pk]) for pk in names))
        elif field.choices:
            value = dict(field.flatchoices).get(value, value)
        state[str(field.verbose_name)] = "" if value is None else str(value)
    for label, related in follows:
        fk = model._meta.get_field(related).field.attname
        rows = [
            v
            for v in version.revision.version_set.all()
            if v._model is model._meta.get_field(related).related_model
            and str(v.field_dict[fk]) == str(object_id)
        ]
        state[label] = "；".join(
            v.object_repr for v in sorted(rows, key=lambda v: v.field_dict.get("position", 0))
        )
    return state


def _short(value):
    return Truncator(value).chars(80) if value else "（空）"
