"""Paragraphs the print layout cut mid-sentence, joined again."""

import re

TERMINAL = re.compile(r"[。！!？?…;；:：”’」』)）】\]]$")


def join_cut_paragraphs(paragraphs):
    """Join paragraphs the print layout cut mid-sentence.

    A paragraph is cut when it stops without closing punctuation and is
    long (a subhead is short), ends on a comma, an enumeration mark, an
    opening quote or a digit, or holds a full stop or two or more commas:
    subheads do neither.
    """
    joined = []
    for paragraph in paragraphs:
        if joined and is_cut(joined[-1]):
            joined[-1] += paragraph
        else:
            joined.append(paragraph)
    return joined


def is_cut(paragraph):
    """Whether the layout cut this paragraph mid-sentence: it goes on in the next."""
    if TERMINAL.search(paragraph):
        return False
    if re.search(r"[,，、“‘(（《0-9A-Za-z]$", paragraph) or re.search(r"[。！？]", paragraph):
        return True
    return len(paragraph) >= 40 or len(re.findall(r"[,，、；;]", paragraph)) >= 2
