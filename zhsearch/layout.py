"""The index file's layout: its tables, how fields map to them, and what a rowid means.

Besides `meta` (what the index was built for), the file has these tables:

- `documents`: one small row per indexed object, with a column for each
  field the search filters, sorts or facets by;
- `stored`: the stored fields as zlib-compressed JSON, read for one page of
  results only (and to take a document out of the FTS5 tables);
- `multi`: the values of multi-valued fields (tags, authors);
- `tally`: each document's `combo`, the id in `combos` of its year and its
  values of the fields counted by facets (Schema.counted): one pass over
  the matches joined to this small table counts them all, and the total;
- `words`: FTS5 over the folded text with every pair of neighbouring
  characters a token, with positions: a two-character term is one token, a
  longer one the phrase of its pairs, ranked by BM25;
- `chars`: FTS5 over the same text with every character a token and only
  which documents have it (detail=none): one-character terms, unranked;
- `title_words` and `title_chars`: the same two over the title block alone
  (Schema.titles), a column each and with
  positions, which find and rank title matches without the bodies' lists;
- `keywords`: each document's most telling words (text.keywords), found
  when it is indexed, for related documents;
- `stamps`: which version of each group of documents the index holds (a
  caller may record each group's last change), so it can find what a crash
  left out of date.

Pairs with positions and characters without them find what a trigram and a
pairs-and-characters index did in a smaller file: a longer term is the
phrase of its pairs, and single characters need no positions.

A document's rowid orders it by date (DAY): FTS5 walks its matches
newest first and stops, counts a date range without reading the rest, and
the newest of several that rank alike wins without a sort.

The FTS5 tables keep no text of their own (the original is in `stored`):
to delete a row they are told what they indexed, the stored text folded
again. So the index records how it folded (Schema.fingerprint), and one
folded otherwise must be rebuilt.
"""

import datetime
import json
from dataclasses import dataclass

from haystack.exceptions import SearchBackendError

from .text import folding

CONTENT = "content"
LAYOUT = 6  # the tables' shape: a new one needs a rebuilt index
# A rowid is the day of the document's date (its ordinal) times DAY, plus its arrival that day.
DAY = 1 << 32
LAST_ROWID = (1 << 63) - 1
TEXT_TYPES = ("string", "ngram", "edge_ngram")
TABLES = ("words", "chars")
TITLE_TABLES = ("title_words", "title_chars")


@dataclass(frozen=True)
class Schema:
    """Where each index field lives in the SQLite file.

    Single-valued text fields that are indexed and not faceted are full
    text: columns of both FTS5 tables, their haystack `boost` their BM25
    weight. Other indexed single-valued fields are columns of `documents`;
    multi-valued ones are rows of `multi`. Stored values are kept, as they
    were, in `stored`.
    """

    text: tuple[tuple[str, float], ...]
    columns: tuple[tuple[str, str], ...]
    multi: tuple[str, ...]
    # The facet fields that `tally` counts in one pass (the connection's FACETS, each a faceted
    # field's name); other facets are counted by a pass of their own. Few values each, as a
    # combination of them is one row of `combos`.
    counted: tuple[str, ...] = ()

    @classmethod
    def from_fields(cls, fields, counted=None):
        text, columns, multi, facets = [], [], [], []
        for field in fields.values():
            name = field.index_fieldname
            if not field.indexed:
                continue
            if field.is_multivalued:
                multi.append(name)
            elif field.field_type in TEXT_TYPES and not field.faceted and not hasattr(field, "facet_for"):
                text.append((name, float(field.boost)))
            else:
                columns.append((name, field.field_type))
            facet_for = getattr(field, "facet_for", None)
            if facet_for and (counted is None or facet_for in counted):
                facets.append(name)
        return cls(tuple(text), tuple(sorted(columns)), tuple(sorted(multi)), tuple(sorted(facets)))

    @property
    def fingerprint(self):
        return json.dumps(
            [LAYOUT, folding(), [name for name, _ in self.text], self.columns, self.multi, self.counted]
        )

    @property
    def weights(self):
        """BM25's column weights: each text field's boost."""
        return ", ".join(str(weight) for _, weight in self.text)

    @property
    def titles(self):
        """The title block: the text fields of the heaviest weight, if it is above 1 (a title and its subheading, say).

        A match in any of them ranks first, as a reader sees them as one title.
        """
        top = max((weight for _, weight in self.text), default=1.0)
        return tuple(name for name, weight in self.text if weight == top) if top > 1 else ()

    @property
    def recency(self):
        """The first date field: rowids follow it (store.py), and newer wins a tie.

        A datetime would not do: rowids count whole days.
        """
        return next((name for name, kind in self.columns if kind == "date"), None)

    def field_type(self, name):
        return dict(self.columns).get(name, "string")

    def column(self, name):
        """The SQL of a field's column in `documents` d."""
        if name not in dict(self.columns):
            raise SearchBackendError(f"the index has no field {name!r} to filter, sort or facet by")
        return f'd."f_{name}"'


def db_value(kind, value):
    """A Python value as the index stores it (dates as ISO text)."""
    if value is None:
        return None
    if kind == "date" and isinstance(value, datetime.date | str):
        return str(value.isoformat() if hasattr(value, "isoformat") else value)[:10]
    if kind == "datetime" and hasattr(value, "isoformat"):
        return value.isoformat()
    if kind in ("integer", "boolean"):
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def day(value):
    """The ordinal of a date, datetime or ISO text; 0 for none."""
    if not value:
        return 0
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.toordinal()


def rowid_bounds(lookup, value):
    """The rowids of the documents whose date meets `date__<lookup>=value`, or None if no bounds say it."""
    if lookup == "range":
        return day(value[0]) * DAY, (day(value[1]) + 1) * DAY - 1
    first, last = day(value) * DAY, (day(value) + 1) * DAY - 1
    return {
        "exact": (first, last),
        "gte": (first, LAST_ROWID),
        "gt": (last + 1, LAST_ROWID),
        "lte": (DAY, last),
        "lt": (DAY, first - 1),
    }.get(lookup)
