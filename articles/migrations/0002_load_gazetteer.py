import json
from pathlib import Path

from django.db import migrations

# Frozen: the gazetteer as it stood when this migration was written. A later edit to
# articles/data/gazetteer.json reaches the database in a data migration of its own.
GAZETTEER = Path(__file__).with_name("0002_gazetteer.json")


def load(apps, schema_editor):
    District = apps.get_model("articles", "District")
    units = json.loads(GAZETTEER.read_text(encoding="utf-8"))["units"]
    District.objects.bulk_create(
        District(
            name=unit["name"],
            slug=unit["slug"],
            kind=unit["kind"],
            position=position,
            aliases=unit.get("aliases", []),
            places=unit.get("places", []),
        )
        for position, unit in enumerate(units)
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
