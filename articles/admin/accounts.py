"""Users and groups as Django's admin has them, with their permissions named in Chinese.

Django stores each permission's name in English when it makes it ("Can change article"), and its
ticks say "True"; an operator granting an editor rights reads them here.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from .display import DeletionSummary, yes_no

ACTIONS = {"add": "可以增加", "change": "可以修改", "delete": "可以删除", "view": "可以查看"}


def permission_label(permission):
    """ "报纸档案 | 文章 | 可以修改文章": the app and model by their (translated) names, the action in Chinese."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is None or action not in ACTIONS or model_name != model._meta.model_name:
        return str(permission)
    return f"{permission.content_type} | {ACTIONS[action]}{model._meta.verbose_name}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class ChinesePermissions:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class ChineseGroupAdmin(DeletionSummary, ChinesePermissions, GroupAdmin):
    pass


@admin.register(User)
class ChineseUserAdmin(DeletionSummary, ChinesePermissions, UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "staff"]

    @admin.display(description="工作人员状态", ordering="is_staff")
    def staff(self, user):
        return yes_no(user.is_staff)
