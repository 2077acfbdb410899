"""Keep the District table in step with the gazetteer the project ships."""

import json

from .parsing.gazetteer import DEFAULT_PATH


def load_districts(District, path=DEFAULT_PATH):
    """Create or update one District per unit of the gazetteer; returns how many."""
    units = json.loads(path.read_text(encoding="utf-8"))["units"]
    for position, unit in enumerate(units):
        District.objects.update_or_create(
            name=unit["name"],
            defaults={
                "slug": unit["slug"],
                "kind": unit["kind"],
                "position": position,
                "aliases": unit.get("aliases", []),
                "places": unit.get("places", []),
            },
        )
    return len(units)
