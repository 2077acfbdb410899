"""The "editors" group: exactly what correcting the archive needs.

Editors view and change articles, bylines, captions, issues and pages, add
people met in bylines, work the review queue and readers' reports. They
cannot add or delete issues or articles, change districts or sections, or
manage users. Add a person with `manage.py shell` (see the README) or in
the admin as a superuser: staff status plus the group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "editors"
PERMISSIONS = {
    "article": ["view", "change"],
    "byline": ["view", "add", "change", "delete"],
    "caption": ["view", "add", "change", "delete"],
    "person": ["view", "add", "change"],
    "issue": ["view", "change"],
    "page": ["view", "change"],
    "district": ["view"],
    "section": ["view"],
    "errorreport": ["view", "change", "delete"],
    "articlereview": ["view", "change"],
    "issuereview": ["view", "change"],
}


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    if permissions.count() != len(codenames):
        raise RuntimeError("a permission of the editors group is missing")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
