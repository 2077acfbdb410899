"""History and revert with django-reversion, and an editor's corrections beside the file's text.

The first time an editor (or an import) changes an object, its state before
is stored first ("导入时的版本"). Reverting brings back an editor's earlier
values, never an older file's: fields that were no correction then follow
the file as it is now (`Corrected.rebase`).
"""

from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import changes
from ..history import char_diff, keep_imported_version, revision

__all__ = ["HistoryAdmin", "revision", "shown_text"]
# Characters of an inserted or deleted run shown before it is cut.
LONG_RUN = 120
# The file's text beneath a correction: its changes show only where an import made them,
# not where an editor's correction first puts it aside.
SOURCE = "来源文本"


def one_change(view):
    """A POST's writes are counted, flagged and stamped once, at the end of its transaction (articles/changes.py)."""

    @wraps(view)
    def in_one_change(self, request, *args, **kwargs):
        if request.method != "POST":
            return view(self, request, *args, **kwargs)
        with changes.together():
            return view(self, request, *args, **kwargs)

    return in_one_change


class HistoryAdmin(VersionAdmin):
    """VersionAdmin whose history page says what each change did, field by field."""

    object_history_template = "admin/articles/object_history.html"
    history_latest_first = True
    # Fields the history page compares; (label, related name) pairs of followed rows.
    history_fields = ()
    history_follows = ()

    @one_change
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, admin.utils.unquote(object_id))
            if obj is not None:
                keep_imported_version(obj)
                self.before_change(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def before_change(self, request, obj):
        """Note what the file says before an edit or a revert, to tell corrections apart after it."""
        request.source_layer = obj.source_layer()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(request, "reverting", False):
            obj.rebase(request.source_layer)
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        layer = getattr(request, "source_layer", None)
        if layer is not None:
            # After the inlines: bylines and captions are corrections too.
            if getattr(request, "reverting", False):
                obj.rebase(layer, related=True)
            else:
                obj.keep_source(layer)
            obj.save()

    @admin.display(description="编辑更正（与来源文本对照）")
    def corrected(self, obj):
        """Each corrected field: the file's text and the editor's, and a button that drops the correction."""
        if obj.pk is None or not obj.source:
            return "—（全部显示来源文本）"
        rows = format_html_join(
            "",
            '<tr><th scope="row" style="white-space: nowrap">{}</th><td>{}</td><td>{}</td><td><button type="submit" '
            'name="field" value="{}" formaction="{}" class="button" style="white-space: nowrap">恢复为来源文本</button>'
            "</td></tr>",
            (
                (label, shown_text(before), shown_text(after), name, self._admin_url("restore", obj.pk))
                for name, label, before, after in obj.corrections()
            ),
        )
        return format_html(
            '<table class="corrections"><thead><tr><th scope="col">字段</th><th scope="col">来源文本</th>'
            '<th scope="col">编辑的更正（读者看到的）</th><th scope="col"></th></tr></thead><tbody>{}</tbody></table>',
            rows,
        )

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_restore"
        restore = path("<path:object_id>/restore/", self.admin_site.admin_view(self.restore_view), name=name)
        return [restore, *super().get_urls()]

    @method_decorator(require_POST)
    @one_change
    def restore_view(self, request, object_id):
        """Drop one correction ("恢复为来源文本"): the field follows the file again."""
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            raise Http404("no such object")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        name = request.POST.get("field", "")
        if name not in obj.source:
            messages.error(request, "这个字段没有编辑更正。")
            return redirect(self._admin_url("change", obj.pk))
        label = obj.field_label(name)
        comment = f"恢复为来源文本：{label}"
        with transaction.atomic(), revision(request.user, comment, obj):
            obj.restore_source(name)
            self.save_restored(obj)
        self.log_change(request, obj, comment)
        messages.success(request, f"「{label}」已恢复为来源文本。")
        return redirect(self._admin_url("change", obj.pk))

    def save_restored(self, obj):
        obj.save()

    @one_change
    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: its one revision around the whole list would make a bulk
        # action one revision, and reverting one article would revert them all.
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    @one_change
    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None:
            self.before_change(request, obj)
            request.reverting = True
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except IntegrityError:
            messages.error(request, "无法恢复这个版本：它的位置已被别的内容占用，请手动修改。")
            return redirect(self._admin_url("change", object_id))

    @one_change
    def delete_view(self, request, object_id, extra_context=None):
        return super().delete_view(request, object_id, extra_context)

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
    """For each revision id: [(label, diff)] against the object's previous version; see `char_diff`."""
    changes, before = {}, None
    for version in versions:
        state = _state(version, fields, follows, object_id)
        if before is not None:
            changes[version.revision_id] = [
                (label, _clip(char_diff(before.get(label, ""), value)))
                for label, value in state.items()
                if before.get(label, "") != value and (label in before or not label.startswith(SOURCE))
            ]
        before = state
    return changes


def _clip(parts):
    """A long inserted or deleted run (a whole body) shows its start and its length."""
    return [
        (kind, f"{text[:LONG_RUN]}…（共{len(text)}字）" if len(text) > LONG_RUN and kind != "same" else text)
        for kind, text in parts
    ]


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
    # Where an import changed the file's text under an editor's correction.
    for name, value in (values.get("source") or {}).items():
        state[f"{SOURCE}（{model().field_label(name)}）"] = _flat(value)
    return state


def _flat(value):
    if isinstance(value, list):
        return "；".join("/".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    return "" if value is None else str(value)


def shown_text(value):
    """A field's plain value as the side-by-side table shows it."""
    value = _flat(value)
    return Truncator(value).chars(300) if value else "（空）"
