"""Shared by the admin tests: one imported sample issue, an editor, and a way to post the admin's forms."""

from django import forms
from django.contrib.auth.models import Group, User
from django.test import TestCase

from articles.models import Article

from .base import SAMPLES, import_paths

SAMPLE = SAMPLES / "sample-2024-03-12.txt"


class AdminTestCase(TestCase):
    """The 2024-03-12 sample issue, an editor in the "editors" group and a superuser."""

    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLE)
        cls.editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="editors"))
        cls.boss = User.objects.create_superuser("boss", password="a-long-admin-password")

    def setUp(self):
        self.client.force_login(self.editor)

    @staticmethod
    def article(page, position):
        return Article.objects.get(page__issue__date="2024-03-12", page__number=page, position=position)

    def change_url(self, obj):
        return f"/admin/articles/{obj._meta.model_name}/{obj.pk}/change/"


def form_data(response):
    """The POST data of an admin change form as rendered: its fields, inlines and management forms."""
    data = {}
    all_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        all_forms += list(formset.forms)
        all_forms.append(formset.management_form)
    for form in all_forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if field.show_hidden_initial:
                data[form.add_initial_prefix(name)] = str(value)
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple) and not isinstance(field.widget, forms.Textarea):
                data[key] = [str(getattr(v, "pk", v)) for v in value]
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(getattr(value, "pk", value))
    return data
