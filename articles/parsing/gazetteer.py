"""Which districts an article is about, from the names it prints."""

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.json"


@dataclass(frozen=True)
class Unit:
    name: str
    slug: str
    kind: str
    aliases: tuple[str, ...]
    places: tuple[str, ...]


class Gazetteer:
    """Names of districts, zones, towns and streets, each leading to one unit.

    The longest name wins where names overlap (醴陵经开区 is 醴陵市, not a
    zone), and a unit named again in brackets right after another one
    (株洲高新区(天元区)) counts once, for the first.
    """

    def __init__(self, units):
        self.units = list(units)
        self.owner = {}
        for unit in self.units:
            for name in (unit.name, *unit.aliases, *unit.places):
                self.owner.setdefault(name, unit.name)
        names = sorted(self.owner, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names)
        self.pattern = re.compile(rf"(?P<name>{alternatives})(?P<aside>[(（](?:{alternatives})[)）])?")

    @classmethod
    def from_file(cls, path=DEFAULT_PATH):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            Unit(u["name"], u["slug"], u["kind"], tuple(u.get("aliases", ())), tuple(u.get("places", ())))
            for u in data["units"]
        )

    def mentions(self, text: str) -> Counter:
        return Counter(self.owner[m["name"]] for m in self.pattern.finditer(text or ""))

    def districts_of(self, title: str, body: str) -> list[str]:
        """The units an article is about, in gazetteer order.

        A unit counts when the title names it, or the body names it at least
        twice, and it is not a passing mention beside the article's main
        place (a quarter of the leading unit's mentions at the least).
        """
        score = Counter({name: 2 * n for name, n in self.mentions(title).items()})
        score.update(self.mentions(body))
        if not score:
            return []
        floor = max(2, max(score.values()) / 4)
        return [u.name for u in self.units if score[u.name] >= floor]

    def words(self):
        """Every name, for a segmenter's user dictionary."""
        return list(self.owner)


@cache
def default_gazetteer():
    return Gazetteer.from_file()
