"""Keep the District table in step with the gazetteer the project ships."""

from .parsing.gazetteer import DEFAULT_PATH, Gazetteer


def load_districts(District, path=DEFAULT_PATH):
    """Create or update one District per unit of the gazetteer; returns how many."""
    units = Gazetteer.from_file(path).units
    for position, unit in enumerate(units):
        District.objects.update_or_create(
            name=unit.name,
            defaults={
                "slug": unit.slug,
                "kind": unit.kind,
                "position": position,
                "aliases": list(unit.aliases),
                "places": list(unit.places),
            },
        )
    return len(units)
