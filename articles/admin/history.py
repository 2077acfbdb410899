"""History and revert with django-reversion, and an editor's corrections beside the file's text.

Every change an editor saves here is a correction of the row (`Corrected.correcting`):
the edit form, a revert, a correction dropped. The first time an editor (or an
import) changes an object, its state before is stored first ("导入时的版本").
Reverting brings back an editor's earlier values, never an older file's: fields
that were no correction then follow the file as it is now (`Corrected.revert_to`).
"""

import copy
import json
from functools import wraps

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import changes
from ..corrections import IMPORT, VersionIncomplete, stored_fields
from ..history import char_diff
from .display import DeletionSummary

__all__ = ["HistoryAdmin", "shown_text"]
# Characters of an inserted or deleted run shown before it is cut.
LONG_RUN = 120
# Corrections this long or shorter show whole beside the file's text; longer ones as their differences.
SHORT_TEXT = 200
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


class Unsaved(Exception):
    """A form that saved nothing (shown again with its errors, or a version only looked at): its change is undone."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class HistoryAdmin(DeletionSummary, VersionAdmin):
    """VersionAdmin whose saves are corrections, and whose history page says what each change did."""

    object_history_template = "admin/articles/object_history.html"
    history_latest_first = True

    class Media:
        css = {"all": ["admin/articles/desk.css"]}
        js = ["admin/articles/restore_in_place.js"]

    # Fields the history page compares; (label, related name) pairs of followed rows.
    history_fields = ()
    history_follows = ()

    @one_change
    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "POST" else None
        if obj is None:
            return super().change_view(request, object_id, form_url, extra_context)
        try:
            # The revision's comment is the change message the admin logs.
            with obj.correcting(request.user):
                response = super().change_view(request, object_id, form_url, extra_context)
                if response.status_code != 302:
                    raise Unsaved(response)
                obj.refresh_from_db()  # the form saved its own copy of the row, inlines and all
        except Unsaved as unsaved:
            return unsaved.response
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version as a change form over the file as it is now; saving the form reverts to it.

        Looking changes nothing: the revert shown is undone once the page is rendered. A version that
        cannot be put back (VersionIncomplete) is shown as it was, read only, with the reason.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("no such object")
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        version = get_object_or_404(versions, pk=version_id)
        # Versions of one minute are many when an editor works quickly: the second and the author tell them apart.
        comment = f"恢复到 {version_label(version.revision)} 的版本"
        context = {"title": comment, "revert": True}
        try:
            with changes.together(), obj.correcting(request.user, comment):
                obj.revert_to(version)
                response = self.changeform_view(
                    request, object_id, request.path, {**context, **(extra_context or {})}
                )
                if request.method != "POST" or response.status_code != 302:
                    response.template_name = self.revision_form_template or self._reversion_get_template_list(
                        "revision_form.html"
                    )
                    response.render()
                    raise Unsaved(response)
                reversion.set_comment(comment)  # the change message logged with the form replaced it
                obj.refresh_from_db()
        except Unsaved as unsaved:
            return unsaved.response
        except VersionIncomplete as missing:
            return self.unrestorable_view(request, obj, version, str(missing))
        except IntegrityError:
            messages.error(request, "无法恢复这个版本：它的位置已被别的内容占用，请手动修改。")
            return redirect(self._admin_url("change", object_id))
        return response

    def unrestorable_view(self, request, obj, version, missing):
        """A version that names a row gone since, by number alone: what it says, and why it stays as it is."""
        fields = _state(version, self.history_fields, self.history_follows, obj.pk)
        return TemplateResponse(
            request,
            "admin/articles/version_unrestorable.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{version_label(version.revision)} 的版本",
                "opts": self.model._meta,
                "original": obj,
                "version": version,
                "missing": missing,
                "fields": fields.items(),
            },
        )

    @admin.display(description="编辑更正（与来源文本对照）")
    def corrected(self, obj):
        """Each corrected field: the file's text and the editor's, and a button that drops the correction."""
        if obj.pk is None or not obj.source:
            return "—（全部显示来源文本）"
        rows = [correction_row(obj, *correction) for correction in obj.corrections()]
        return render_to_string(
            "admin/articles/corrections_panel.html",
            {"rows": rows, "restore_url": self._admin_url("restore", obj.pk)},
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        held = getattr(request, "held_data", None)
        if held is None:
            return form

        class Held(form):
            """The form over what the editor typed (`held_form`)."""

            def __init__(self, *args, **kwargs):
                super().__init__(held, *args, **kwargs)

        return Held

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        held = getattr(request, "held_data", None)
        if held is not None:
            kwargs["data"] = held.copy()
        return kwargs

    def held_form(self, request, obj, data, notice):
        """The edit form over `data`, as typed and saved nothing, with `notice` above it.

        Rendered as the form is shown (a GET over a copy of the request), so nothing is saved;
        it posts to the edit form as usual.
        """
        messages.warning(request, notice)
        held = copy.copy(request)
        held.method = "GET"
        held.held_data = data
        return self.changeform_view(held, str(obj.pk), self._admin_url("change", obj.pk))

    def typed_changes(self, request, obj):
        """What the posted edit form changes of the saved row: its fields' names, and the related names
        of the inlines changed. None when no edit form was posted."""
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form = self.get_form(request, obj, change=True, fields=fields)(
            request.POST, request.FILES, instance=obj
        )
        if not any(name in request.POST for name in form.fields):
            return None
        changed = set(form.changed_data)
        for formset, inline in self.get_formsets_with_inlines(request, obj):
            bound = formset(**self.get_formset_kwargs(request, obj, inline, formset.get_default_prefix()))
            if bound.has_changed():
                changed.add(bound.fk.remote_field.get_accessor_name())
        return changed

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_restore"
        restore = path("<path:object_id>/restore/", self.admin_site.admin_view(self.restore_view), name=name)
        return [restore, *super().get_urls()]

    @method_decorator(require_POST)
    @one_change
    def restore_view(self, request, object_id):
        """Drop one correction ("恢复为来源文本") and nothing the editor typed.

        Posted alone (the field's name), the correction is dropped at once. Posted with the edit
        form (its button, where the page runs no script), a field of text comes back into the form
        in place, to be saved with the rest; a field of rows (bylines, captions, districts, a section)
        is dropped at once only when nothing else was typed, else the form comes back as typed,
        with a warning.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("no such object")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        name = request.POST.get("field", "")
        if name not in obj.source:
            messages.error(request, "这个字段没有编辑更正。")
            return redirect(self._admin_url("change", obj.pk))
        label = obj.field_label(name)
        typed = self.typed_changes(request, obj)
        if typed is not None and in_place(obj, name):
            data = request.POST.copy()
            data[name] = form_value(obj.source[name])
            notice = f"「{label}」已换成来源文本，还没有保存：核对后点“保存”。表单里其他没保存的修改都还在。"
            return self.held_form(request, obj, data, notice)
        if typed and typed - {name}:
            notice = f"表单里还有没保存的修改，「{label}」没有恢复：请先保存这些修改，再点“恢复为来源文本”。"
            return self.held_form(request, obj, request.POST, notice)
        comment = f"恢复为来源文本：{label}"
        with obj.correcting(request.user, comment):
            obj.restore_source(name)
        self.log_change(request, obj, comment)
        messages.success(request, f"「{label}」已恢复为来源文本。")
        return redirect(self._admin_url("change", obj.pk))

    @one_change
    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: its one revision around the whole list would make a bulk
        # action one revision, and reverting one article would revert them all.
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    @one_change
    def delete_view(self, request, object_id, extra_context=None):
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and getattr(response, "context_data", None):
            versions = Version.objects.get_for_object(obj).select_related("revision").order_by("pk")
            changes = describe_changes(list(versions), self.history_fields, self.history_follows, obj.pk)
            for action in response.context_data["action_list"]:
                action["changes"] = changes.get(action["revision"].id, [])
        return response

    def _admin_url(self, view, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def in_place(obj, name):
    """Whether a field's text goes back into its form field (not a field of rows or a related row)."""
    return name not in obj.RELATED_LABELS and not obj._meta.get_field(name).is_relation


def form_value(value):
    """A plain JSON value as its form field takes it."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def correction_row(obj, name, label, before, after):
    """One row of the corrections panel: both texts, their differences where long, the restore button's text."""
    before_text, after_text = _flat(before), _flat(after)
    long = max(len(before_text), len(after_text)) > SHORT_TEXT
    return {
        "name": name,
        "label": label,
        "before": before_text,
        "after": after_text,
        "diff": _clip(char_diff(before_text, after_text)) if long else None,
        "in_place": in_place(obj, name),
        "form_value": form_value(before),
    }


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


def version_label(revision):
    """A version as editors name it: its second and its author ("导入" for an import)."""
    author = revision.user.get_username() if revision.user else IMPORT
    return f"{localtime(revision.date_created):%Y-%m-%d %H:%M:%S} {author}"


def _state(version, fields, follows, object_id):
    """{label: text} of what a version stored, read from its JSON: rows gone since leave it readable."""
    model = version._model
    values = stored_fields(version)
    state = {}
    for name in fields:
        field = model._meta.get_field(name)
        value = values.get(name)
        if isinstance(field, models.ManyToManyField):
            names = field.related_model.objects.in_bulk(value or [])
            value = "、".join(sorted(str(names[pk]) for pk in names))
        elif field.is_relation and value is not None:
            value = value[0] if isinstance(value, list) else _named(field.related_model, value)
        elif field.choices:
            value = dict(field.flatchoices).get(value, value)
        state[str(field.verbose_name)] = _flat(value)
    for label, related in follows:
        relation = model._meta.get_field(related)
        rows = [
            (stored_fields(v), v.object_repr)
            for v in version.revision.version_set.all()
            if v._model is relation.related_model
        ]
        mine = [(row, text) for row, text in rows if str(row.get(relation.field.name)) == str(object_id)]
        state[label] = "；".join(text for row, text in sorted(mine, key=lambda r: r[0].get("position", 0)))
    # Where an import changed the file's text under an editor's correction.
    for name, value in (values.get("source") or {}).items():
        state[f"{SOURCE}（{model().field_label(name)}）"] = _flat(value)
    return state


def _named(model, pk):
    found = model.objects.filter(pk=pk).first()
    return str(found) if found is not None else f"（编号 {pk}，已删除）"


def _flat(value):
    if isinstance(value, list):
        return "；".join("/".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    return "" if value is None else str(value)


def shown_text(value):
    """A field's plain value as the side-by-side table shows it."""
    value = _flat(value)
    return Truncator(value).chars(300) if value else "（空）"
