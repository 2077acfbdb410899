"""What a change did, as the admin's history shows it: the changed runs of two texts, by character.

The revisions themselves are kept by `Corrected.correcting` (articles/corrections.py).
"""

import difflib

# Characters of unchanged text kept around each changed run.
CONTEXT = 15


def char_diff(before, after, opcodes=None):
    """The changed runs of two texts, by character (Chinese has no spaces), each in a little context.

    [(kind, text)] with kind "same", "gap" (unchanged text left out), "del" or "ins". `opcodes`, as
    difflib gives them, when the caller has them (a reader's proposal, compared within a bound).
    """
    if opcodes is None:
        opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    parts = []
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
