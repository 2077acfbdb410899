"""History with django-reversion, for the admin and the importer alike, and what a change did.

Nothing is stored for an object until it first changes; then its state
before the change is stored first ("导入时的版本"), so the change shows as
a difference and can be undone. Editors' changes carry their name; an
import that changed an article's text is a revision by "导入".
"""

import difflib
from contextlib import contextmanager

import reversion
from reversion.models import Version

IMPORTED = "导入时的版本"
IMPORT = "导入"
# Characters of unchanged text kept around each changed run.
CONTEXT = 15


def keep_imported_version(obj):
    """Store the state an editor or an import is about to change, if nothing of it is stored yet."""
    if not Version.objects.get_for_object(obj).exists():
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            reversion.set_comment(IMPORTED)


@contextmanager
def revision(user, comment, *objects):
    """One revision by `user` (None: the importer); outside any other revision block, or the two merge."""
    for obj in objects:
        keep_imported_version(obj)
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield
        for obj in objects:
            if obj.pk is not None:
                reversion.add_to_revision(obj)


def char_diff(before, after):
    """The changed runs of two texts, by character (Chinese has no spaces), each in a little context.

    [(kind, text)] with kind "same", "gap" (unchanged text left out), "del" or "ins".
    """
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            text = before[i1:i2]
            head = text[:CONTEXT] if n > 0 else ""
            tail = text[-CONTEXT:] if n < len(opcodes) - 1 else ""
            if len(text) <= 2 * CONTEXT and n > 0 and n < len(opcodes) - 1:
                parts.append(("same", text))
                continue
            if head:
                parts.append(("same", head))
            if len(text) > len(head) + len(tail):
                parts.append(("gap", "…"))
            if tail:
                parts.append(("same", tail))
            continue
        if i2 > i1:
            parts.append(("del", before[i1:i2]))
        if j2 > j1:
            parts.append(("ins", after[j1:j2]))
    return parts
