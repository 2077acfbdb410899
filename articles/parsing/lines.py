"""A dump's lines: their spacing, and what kind of line each one is by itself."""

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from . import patterns as p
from .names import plausible_name
from .text import clean_lines, indented_lines

TITLE_MAX = 60
INDENTED_SHARE = 0.6  # of a dump's paragraphs, for it to be one that indents them
LONG_TITLE_MAX = 100  # a title line set apart by blank lines
ADDRESS = re.compile(r"@|https?://|www\.")  # an address to write to: a notice's line, never a title

# Line kinds
BODY, TITLE, CAPTION, CREDIT, BYLINE, DATELINE, BARE_NAME = (
    "body",
    "title",
    "caption",
    "credit",
    "byline",
    "dateline",
    "bare_name",
)
JUMP_TO, JUMP_FROM, GUIDE, PAGE_REF, NOTE, NOTICE, AD = (
    "jump_to",
    "jump_from",
    "guide",
    "page_ref",
    "note",
    "notice",
    "ad",
)
WIRE, END_BYLINE, AUTHOR = "wire", "end_byline", "author"
DESCRIPTION, BOX, SOURCE, SEE_ALSO, STAFF = "author_note", "box", "source", "see_also", "staff"
# How `explain_issue` names a line of each kind inside a story.
LINE_ROLES = {
    BODY: "body",
    TITLE: "subhead",
    CAPTION: "caption",
    CREDIT: "credit",
    BYLINE: "byline",
    AUTHOR: "byline",
    BARE_NAME: "byline",
    END_BYLINE: "byline",
    DESCRIPTION: "author note",
    DATELINE: "dateline",
    WIRE: "dateline",
    JUMP_TO: "jump",
    JUMP_FROM: "jump",
    BOX: "box",
    SOURCE: "credit",
    STAFF: "credit",
    SEE_ALSO: "see also",
}


# Lines that close a story: what follows them starts another.
CLOSERS = (END_BYLINE, DESCRIPTION, CREDIT, STAFF, JUMP_TO, SEE_ALSO)
# Lines whose data is the people they name.
PEOPLE_LINES = (BYLINE, DATELINE, WIRE, END_BYLINE, AUTHOR, BARE_NAME, CREDIT, STAFF, BODY)


@dataclass
class Line:
    text: str
    kind: str = BODY
    gap: int = 0
    data: object = None
    role: str = ""  # what the parse took the line for, for `explain_issue`
    indented: bool = False  # opens with an indent, in a dump that indents its paragraphs
    doubts: list = field(default_factory=list)  # the doubts of the story this line opens


def read_lines(text):
    """The text's lines, each with the blank lines above it: 0 none, 1 as between
    paragraphs, 2 more than between paragraphs (a break), whatever spacing the dump uses."""
    result, gap = [], 0
    for raw, indented in zip(clean_lines(text), indented_lines(text), strict=True):
        if not raw:
            gap += 1
            continue
        result.append(Line(raw, gap=gap, indented=indented))
        gap = 0
    # Between paragraphs: the commonest gap between two lines that each end a sentence.
    gaps = Counter(
        line.gap
        for above, line in itertools.pairwise(result)
        if p.ends_sentence(above.text) and p.ends_sentence(line.text)
    )
    paragraph_gap = gaps.most_common(1)[0][0] if gaps else 1
    # A dump that indents its paragraphs prints its titles flush: there an indented line is text.
    sentences = [line for line in result if len(line.text) >= 20 and p.ends_sentence(line.text)]
    indents = sum(line.indented for line in sentences) >= INDENTED_SHARE * max(len(sentences), 1)
    for line in result:
        line.gap = 0 if line.gap == 0 else 1 if line.gap <= paragraph_gap else 2
        line.indented = line.indented and indents
    return result


def classify(lines, gazetteer):
    for line in lines:
        text = line.text
        if m := p.JUMP_TO.match(text):
            line.kind, line.data = JUMP_TO, int(m["page"])
        elif (m := p.JUMP_FROM.match(text)) and not text[m.end() :].strip():
            line.kind, line.data = JUMP_FROM, int(m["page"])
        elif p.GUIDE_MARK.match(text):
            line.kind = GUIDE
        elif m := p.PAGE_REF.match(text):
            line.kind, line.data = PAGE_REF, int(m["page"])
        elif p.EDITOR_NOTE.match(text):
            line.kind = NOTE
        elif p.NOTICE_MARK.match(text):
            line.kind = NOTICE
        elif p.BOX_LABEL.match(text):
            line.kind = BOX
        elif p.SEE_ALSO.match(text):
            line.kind = SEE_ALSO
        elif (credit := p.read_credit(text)) is not None:
            line.kind, line.data = CREDIT, credit
        elif (staff := p.read_staff_credits(text)) is not None:
            line.kind, line.data = STAFF, staff
        elif caption := p.read_caption(text):
            line.kind, line.data = CAPTION, caption
        elif byline := p.read_byline(text):
            line.kind, line.data = BYLINE, byline
        elif dateline := p.read_dateline(text):
            line.kind, line.data = DATELINE, dateline
        elif (wire := p.read_wire_dateline(text)) is not None:
            line.kind, line.data = WIRE, wire
        elif description := p.read_author_note(text):
            line.kind, line.data = DESCRIPTION, description
        elif (closing := p.read_end_byline(text)) is not None:
            line.kind, line.data = END_BYLINE, closing
        elif (photographers := p.read_photo_reporters(text)) is not None:
            line.kind, line.data = END_BYLINE, photographers
        elif author := p.read_author(text):
            line.kind, line.data = AUTHOR, author
        elif p.SOURCE_NOTE.match(text) and len(text) <= p.BYLINE_MAX:
            line.kind = SOURCE
        elif p.AD_MARK.search(text) and len(text) <= 30:
            line.kind = AD
        elif _is_title(text) and not line.indented:
            line.kind = TITLE
    for i, line in enumerate(lines):
        if line.kind == TITLE and _is_bare_name(lines, i, gazetteer):
            line.kind, line.data = BARE_NAME, [("作者", line.text)]
        elif line.kind in (BYLINE, AUTHOR) and i and lines[i - 1].kind == BODY:
            # Under body text a byline closes the story above it: 本报记者 张三摄影报道.
            line.kind = END_BYLINE
        elif line.kind == WIRE and i and lines[i - 1].kind not in (TITLE, CAPTION, JUMP_FROM):
            line.kind = BODY


def _is_title(text):
    # A full stop inside the line, an address to write to: a deck or a notice, never a title.
    if len(text) > TITLE_MAX or "。" in text[:-1] or ADDRESS.search(text):
        return False
    if p.ends_sentence(text):
        # Headlines may ask, exclaim or trail off: 一把手开年在忙啥？
        return bool(re.search(r"(?:[？?！!]|……)$", text)) and len(text) <= 30 and "。" not in text
    return not (text.endswith((":", "：")) and len(text) > 12)


def _is_bare_name(lines, i, gazetteer):
    """A columnist's name alone under a title: 李支国.

    Nothing but its place vouches for such a line, so it must also read as a person's name: a box's
    label or a short phrase in the same place is not one.
    """
    text = lines[i].text
    if not re.fullmatch(r"[\u3400-\u9fff]{2,3}", text) or text in gazetteer.owner:
        return False
    if not plausible_name(text):
        return False
    if text.endswith(("区", "县", "市", "镇", "乡", "村", "街道", "报道", "新闻")):
        return False
    before = lines[i - 1] if i else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    return (
        before is not None
        and before.kind == TITLE
        and after is not None
        and after.kind == BODY
        and len(after.text) >= 30
    )
