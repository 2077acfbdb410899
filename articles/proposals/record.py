"""The public record of an article's corrections: how its text differs from the printed one, and
each change an editor made to it, when, and whether a reader proposed it.

Read from the revisions `Corrected.correcting` keeps (django-reversion): the row as each change
left it, with its captions. An import's revision (no user) is the file speaking, not a correction.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from ..history import char_diff
from ..models import Article, Caption
from .models import READER_CORRECTION

# Characters of an inserted or deleted run shown before it is cut (a split takes half a story).
LONG_RUN = 200


@dataclass
class Entry:
    """One correction: when, whether a reader proposed it, and [(label, diff)] of the fields it changed."""

    when: object
    by_reader: bool
    changes: list = field(default_factory=list)


def label(name):
    return Article.RELATED_LABELS.get(name) or str(Article._meta.get_field(name).verbose_name)


def flat(name, value):
    """A text field's value as one text; the captions one a line."""
    if name == "captions":
        return "\n".join(text for text, credit in value or ())
    return value or ""


def diffs(pairs):
    """[(label, diff)] of the fields whose two values differ; long runs cut to their start and length."""
    return [
        (label(name), [clip(kind, text) for kind, text in char_diff(flat(name, before), flat(name, after))])
        for name, (before, after) in pairs.items()
        if flat(name, before) != flat(name, after)
    ]


def clip(kind, text):
    if kind in ("del", "ins") and len(text) > LONG_RUN:
        return kind, f"{text[:LONG_RUN]}…（共{len(text)}字）"
    return kind, text


def against_print(article):
    """[(label, diff)] from the printed text to the text readers read now."""
    return diffs(article.both_texts())


def history(article):
    """Each correction of the article's text, the newest first (Entry)."""
    versions = list(
        Version.objects.get_for_object(article)
        .select_related("revision")
        .prefetch_related("revision__version_set")
        .order_by("pk")
    )
    caption_type = ContentType.objects.get_for_model(Caption).pk
    entries, before = [], None
    for version in versions:
        state = _state(version, article.pk, caption_type)
        revision = version.revision
        if before is not None and revision.user_id is not None:
            changes = diffs({name: (before[name], state[name]) for name in state})
            if changes:
                by_reader = revision.comment.startswith(READER_CORRECTION)
                entries.append(Entry(revision.date_created, by_reader, changes))
        before = state
    return entries[::-1]


def _state(version, article_id, caption_type):
    values = version.field_dict
    state = {name: values.get(name, "") for name in Article.TEXT_FIELDS if name != "captions"}
    captions = [
        v.field_dict
        for v in version.revision.version_set.all()
        if v.content_type_id == caption_type and str(v.field_dict.get("article_id")) == str(article_id)
    ]
    state["captions"] = [
        [c["text"], c["credit"]] for c in sorted(captions, key=lambda c: c.get("position", 0))
    ]
    return state
