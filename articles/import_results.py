"""What an import did with each file, saying itself as the operator reads it (gettext: their language).

The importer (articles/importer.py) gives one outcome per file: an
`ImportResult` (created, updated, unchanged, or parsed by a dry run), an
`Explanation` (--explain) or a `Refusal`. Each one's `describe()` is the
report's text for it: a line per file, and for an updated issue a line per
story added, removed, merged, retitled or moved, per person or section
removed, and per field where an editor's correction hides what the file now
says (which article and which field, never the texts).
"""

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from .models import date_kwargs

STATUS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "parsed": gettext_lazy("parsed"),
}


def changes_said(created, changed, removed):
    """The articles an import added, changed and removed: what it did, not what the files hold."""
    return gettext("%(created)d new, %(changed)d changed, %(removed)d removed") % {
        "created": created,
        "changed": changed,
        "removed": removed,
    }


@dataclass
class Difference:
    """A field where an editor's correction hides what the file now says: short, never whole texts."""

    # issue, page, article; absent (an edited article the file no longer has); merged (an edited
    # article the file now prints inside another)
    kind: str
    what: str  # the issue's date, the page's number, the article's headline
    field: str
    label: str  # the field's name in Chinese

    def describe(self):
        chinese = translation.get_language() == "zh-hans"
        facts = {"what": self.what, "field": self.label if chinese else self.field.replace("_", " ")}
        if self.kind == "absent":
            return gettext("《%(what)s》: kept, edited but not in the file") % facts
        if self.kind == "merged":
            return (
                gettext(
                    "《%(what)s》: an editor's corrections of it no longer show, the file prints it inside another"
                )
                % facts
            )
        if self.kind == "issue":
            return gettext("issue %(what)s %(field)s: an editor's correction differs from the file") % facts
        if self.kind == "page":
            return gettext("page %(what)s %(field)s: an editor's correction differs from the file") % facts
        return gettext("《%(what)s》 %(field)s: an editor's correction differs from the file") % facts


@dataclass
class StoryChange:
    """A story the import added, removed, merged into another, retitled or moved to another page."""

    kind: str  # added, restored (at an address it had before), changed, removed, merged, retitled, moved
    headline: str  # as it was (added: as it is)
    url: str  # its address, before the import for all but an added one
    # merged: the article it went into; retitled: the new headline; moved: the same headline.
    other_headline: str = ""
    other_url: str = ""  # merged, moved: the address the old one now leads to

    def describe(self):
        facts = {
            "headline": self.headline,
            "url": self.url,
            "other": self.other_headline,
            "other_url": self.other_url,
        }
        if self.kind == "added":
            return gettext("added 《%(headline)s》 %(url)s") % facts
        if self.kind == "restored":
            return gettext("restored 《%(headline)s》 at its former URL %(url)s") % facts
        if self.kind == "changed":
            return gettext("changed 《%(headline)s》 %(url)s") % facts
        if self.kind == "removed":
            return gettext("removed 《%(headline)s》: %(url)s answers 410 Gone") % facts
        if self.kind == "merged":
            return gettext("merged 《%(headline)s》 into 《%(other)s》: %(url)s → %(other_url)s") % facts
        if self.kind == "retitled":
            return gettext("《%(headline)s》 is now 《%(other)s》: %(url)s (its URL kept)") % facts
        return gettext("moved 《%(headline)s》 to another page: %(url)s → %(other_url)s") % facts


@dataclass
class ImportResult:
    path: Path
    status: str  # created, updated, unchanged, parsed (dry run)
    issue: object = None  # the Issue stored
    # The parse, kept only while the run reports the file: a long run would hold every issue.
    parsed: object = None
    pages: int = 0
    articles: int = 0
    doubtful: int = 0  # articles whose bounds the parser was unsure of
    created: int = 0
    changed: int = 0  # stories the file matched whose text it changed
    removed: int = 0  # stories it no longer prints apart (removed, or merged into another)
    # Where an editor's correction and the file now differ.
    differ: list[Difference] = field(default_factory=list)
    stories: list[StoryChange] = field(default_factory=list)
    # {a name the file printed before: the names it now prints in its place}
    renamed_people: dict = field(default_factory=dict)
    # People and sections no article or page names any more, removed; (old, new) names corrected.
    people_removed: list[str] = field(default_factory=list)
    people_renamed: list[tuple[str, str]] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    changed_article_ids: list[int] = field(default_factory=list)
    removed_article_ids: list[int] = field(default_factory=list)
    # The file's path relative to the folder imported (its name, when given alone).
    source_name: str = ""
    imported_at: object = None  # when the import stored it: the time of the file's text on each row it gave
    moved_from: object = None  # the issue's date before the file dated it otherwise
    refused = False

    def as_json(self):
        """The parse as `--dry-run --json` prints it."""
        return self.parsed.as_json(self.path.name)

    def describe(self):
        """The file's line, and for an updated issue what changed in it."""
        label = f"{self.parsed.date:%Y-%m-%d}"
        if self.parsed.number:
            label += " " + gettext("no. %(number)d") % {"number": self.parsed.number}
        if self.parsed.date_source == "inferred":
            label += " " + gettext("(date inferred from the text, to be confirmed)")
        facts = {"status": STATUS[self.status], "name": self.source_name, "label": label}
        if self.status == "unchanged":
            return gettext("%(status)s %(name)s: %(label)s, already imported") % facts
        facts["counts"] = self._counts()
        lines = [gettext("%(status)s %(name)s: %(label)s, %(counts)s") % facts]
        if self.status == "updated":
            lines += self._moved()
            lines += [change.describe() for change in self.stories]
            lines += self._forgotten()
        lines += [difference.describe() for difference in self.differ]
        return "\n  ".join(lines)

    def _counts(self):
        """The file's pages and articles; for an updated issue, first what the import changed of them."""
        counts = [
            ngettext("%(count)d page", "%(count)d pages", self.pages) % {"count": self.pages},
            ngettext("%(count)d article", "%(count)d articles", self.articles) % {"count": self.articles},
        ]
        if self.doubtful:
            counts.append(
                ngettext(
                    "%(count)d to check for where it starts or ends",
                    "%(count)d to check for where they start or end",
                    self.doubtful,
                )
                % {"count": self.doubtful}
            )
        counts = gettext(", ").join(counts)
        if self.status != "updated":
            return counts
        return gettext("%(changes)s (%(counts)s in all)") % {"changes": self.changes(), "counts": counts}

    def changes(self):
        return changes_said(self.created, self.changed, self.removed)

    def _moved(self):
        """The file dates the issue otherwise: every URL of it moved."""
        if self.moved_from is None or self.issue is None:
            return []
        old, new = (
            reverse("articles:issue", kwargs=date_kwargs(day)) for day in (self.moved_from, self.issue.date)
        )
        return [
            gettext(
                "the issue is dated %(date)s now, not %(old)s: its URLs moved, %(old_url)s → %(new_url)s "
                "(the old ones answer 301)"
            )
            % {"date": self.issue.date, "old": self.moved_from, "old_url": old, "new_url": new}
        ]

    def _forgotten(self):
        """People and sections no article or page names any more (an earlier parser's misreadings)."""
        lines = []
        if self.people_removed:
            lines.append(
                gettext("people no article names any more, removed (their pages answer 404): %(names)s")
                % {"names": "、".join(self.people_removed)}
            )
        for old, new in self.people_renamed:
            old_url, new_url = (reverse("articles:person", args=[name]) for name in (old, new))
            lines.append(
                gettext("%(old)s is printed %(new)s now: %(old_url)s → %(new_url)s")
                % {"old": old, "new": new, "old_url": unquote(old_url), "new_url": unquote(new_url)}
            )
        if self.sections_removed:
            lines.append(
                gettext("sections no page names any more, removed: %(names)s")
                % {"names": "、".join(self.sections_removed)}
            )
        return lines


@dataclass
class Explanation:
    """A file's lines, each with what the parser took it for (--explain), and what it found in all."""

    name: str
    lines: list  # the parser's ExplainedLine rows: role, blank lines before it, text, the people taken
    issue: object  # the parse: its pages and articles, and the articles in doubt
    refused = False

    def describe(self):
        # A blank line where the dump has one, two at most: two set a title block apart.
        said = [f"== {self.name}"]
        for line in self.lines:
            taken = f"  → {line.taken}" if line.taken else ""
            role = gettext(ROLES[line.role]) if line.role in ROLES else line.role
            said += [""] * min(line.gap, 2) + [f"{_pad(role, ROLE_WIDTH)} | {line.text}{taken}"]
        return "\n".join([*said, "", *self.summary()])

    def summary(self):
        """The pages and articles the parse found, and each article in doubt by its headline."""
        articles = self.issue.articles
        doubtful = [article for article in articles if article.doubts]
        said = [
            gettext("%(pages)s, %(articles)s, %(doubtful)d in doubt")
            % {
                "pages": ngettext("%(count)d page", "%(count)d pages", len(self.issue.pages))
                % {"count": len(self.issue.pages)},
                "articles": ngettext("%(count)d article", "%(count)d articles", len(articles))
                % {"count": len(articles)},
                "doubtful": len(doubtful),
            }
        ]
        return said + [
            gettext("in doubt: 《%(headline)s》: %(doubts)s")
            % {"headline": article.headline, "doubts": gettext("; ").join(article.doubts)}
            for article in doubtful
        ]


# What --explain calls each line, by the parser's name for its role (plain Python, in English).
ROLES = {
    "masthead": gettext_noop("masthead"),
    "page header": gettext_noop("page header"),
    "doubt": gettext_noop("doubt"),
    "column": gettext_noop("column"),
    "kicker": gettext_noop("kicker"),
    "headline": gettext_noop("headline"),
    "subtitle": gettext_noop("subtitle"),
    "subhead": gettext_noop("subhead"),
    "title": gettext_noop("title"),
    "body": gettext_noop("body"),
    "caption": gettext_noop("caption"),
    "credit": gettext_noop("credit"),
    "byline": gettext_noop("byline"),
    "bare_name": gettext_noop("byline"),
    "author": gettext_noop("byline"),
    "end_byline": gettext_noop("byline"),
    "author note": gettext_noop("author note"),
    "author_note": gettext_noop("author note"),
    "dateline": gettext_noop("dateline"),
    "wire": gettext_noop("dateline"),
    "jump": gettext_noop("jump"),
    "jump_to": gettext_noop("jump"),
    "jump_from": gettext_noop("jump"),
    "box": gettext_noop("box"),
    "see also": gettext_noop("see also"),
    "see_also": gettext_noop("see also"),
    "source": gettext_noop("credit"),
    "staff": gettext_noop("credit"),
    "page_ref": gettext_noop("page reference"),
    "note": gettext_noop("note"),
    "news": gettext_noop("news"),
    "commentary": gettext_noop("commentary"),
    "photo": gettext_noop("photo"),
    "guide": gettext_noop("guide"),
    "editor_note": gettext_noop("editor's note"),
    "notice": gettext_noop("notice"),
    "ad": gettext_noop("ad"),
}
# The role column's width in a terminal's cells (a Chinese character takes two).
ROLE_WIDTH = 12


def _pad(text, width):
    """`text` right-aligned in `width` cells of a terminal."""
    cells = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return " " * max(width - cells, 0) + text


@dataclass
class Refusal:
    """A file that cannot be imported, and why; the run goes on with the next."""

    path: Path
    reason: str
    refused = True

    def describe(self):
        return gettext("refused %(path)s: %(reason)s") % {"path": self.path, "reason": self.reason}
