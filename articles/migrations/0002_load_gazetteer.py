from django.db import migrations

from articles.gazetteer import load_districts


def load(apps, schema_editor):
    load_districts(apps.get_model("articles", "District"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
