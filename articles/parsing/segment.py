"""Cut a page's classified lines into items, each of which becomes one article."""

import bisect
from dataclasses import dataclass, field

from . import patterns as p
from .evidence import OPENS_STORY, Finding, Vocabulary, subhead_shaped
from .lines import (
    AD,
    ADDRESS,
    AUTHOR,
    BARE_NAME,
    BODY,
    BOX,
    BYLINE,
    CAPTION,
    CLOSERS,
    CREDIT,
    DATELINE,
    GUIDE,
    LONG_TITLE_MAX,
    NOTE,
    NOTICE,
    PAGE_REF,
    TITLE,
    WIRE,
)
from .titleruns import read_decks, weigh_title_runs

HEADER_MAX_LINES = 8
AD_REACH = 6  # lines an ad's title may stand above its 公益广告 mark
AD_LINE_MAX = 120  # an ad's lines are short; a longer one is the story before it
ANCHORS = (BYLINE, DATELINE, BARE_NAME, WIRE, AUTHOR)
# What may stand in a title block besides its titles: a byline under the headline, the label of a
# box printed with the title (人物小传).
TITLE_BLOCK = (TITLE, BYLINE, AUTHOR, BARE_NAME, BOX)
TITLE_BLOCK_MAX = 6  # column, kicker, headline, subtitle and a byline or two


@dataclass
class Item:
    """A stretch of a page's lines that becomes one article."""

    kind: str
    start: int
    end: int
    anchor: int | None = None
    bylines: list = field(default_factory=list)
    header_end: int | None = None  # where a title block set apart by blank lines ends
    unsigned: bool = False  # a story found with no byline or dateline under its title
    finding: Finding | None = None  # what showed an unsigned story's title to be one
    # Title runs inside this story that look like another's title, but not enough: (text, finding).
    near_titles: list = field(default_factory=list)


def blank_lines_part_stories(lines):
    """Whether this dump sets each title block apart with blank lines above and below.

    Many dumps do (two blank lines around a title block, one between paragraphs);
    then a title block needs no byline to start a story, and a short line between
    single blank lines is a subhead. Others print every line one blank apart.
    """
    blocks = _title_blocks(lines)
    return len(blocks) >= 2 and len(blocks) * 4 >= sum(1 for line in lines if line.gap >= 2)


def _title_blocks(lines):
    """(start, end) of each run of title lines with a blank-line break above and below.

    Set apart like this, a title line may run longer than a title printed
    among paragraphs: a kicker that lists a leader's whole itinerary.
    """
    blocks, i = [], 0
    while i < len(lines):
        if not _in_title_block(lines[i], opening=True) or (i and lines[i].gap < 2):
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].gap < 2 and _in_title_block(lines[end]):
            end += 1
        if end - i <= TITLE_BLOCK_MAX and (end == len(lines) or lines[end].gap >= 2):
            blocks.append((i, end))
        i = end
    return blocks


def segment(lines, breaks=False, vocabulary=None):
    """Cut a page into items: (kind, start, end, anchor).

    A story starts at its title block: the run of title lines above a byline or
    dateline, or, where blank lines set title blocks apart, any such block.
    """
    starts = {}  # start index → Item
    claimed = set()
    if not breaks:
        read_decks(lines)
    if breaks:
        for start, end in _title_blocks(lines):
            starts[start] = _block_item(lines, start, end)
            claimed.update(range(start, starts[start].anchor + 1 if starts[start].anchor else end))
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        if line.kind in ANCHORS:
            start = i
            titles = 0
            while (
                start > 0
                and lines[start - 1].kind in (TITLE, CAPTION)
                and start - 1 not in claimed
                and not (breaks and lines[start].gap >= 2)
            ):
                if lines[start - 1].kind == TITLE:
                    titles += 1
                if titles > HEADER_MAX_LINES:
                    break
                start -= 1
            if breaks and lines[start].gap < 2:
                continue  # inside a story: a dateline or byline of a brief it quotes
            if not breaks and start < i and _long_kicker(lines, start - 1, claimed):
                start -= 1
                lines[start].kind = TITLE
            kind = "commentary" if line.kind in (BARE_NAME, AUTHOR) else "news"
            bylines = line.data[0] if line.kind == DATELINE else line.data
            starts[start] = Item(kind, start, -1, anchor=i, bylines=bylines)
            claimed.update(range(start, i + 1))
        elif line.kind == NOTE:
            starts[i] = Item("editor_note", i, -1)
        elif line.kind == NOTICE:
            starts[i] = Item("notice", i, -1)
        elif line.kind == GUIDE:
            starts[i] = Item("guide", i, _guide_end(lines, i))
        elif line.kind == AD and i not in claimed:
            start = _ad_start(lines, i, claimed)
            end = i + 1
            while end < len(lines) and lines[end].kind in (AD, CREDIT):
                end += 1
            starts[start] = Item("ad", start, end)
            claimed.update(range(start, end))
        elif line.kind == CREDIT and _photo_story_start(lines, i) is not None:
            start = _photo_story_start(lines, i)
            if start in starts:  # a title block set apart: its story is this photo's
                starts[start].kind, starts[start].end, starts[start].bylines = "photo", i + 1, line.data
            else:
                starts[start] = Item("photo", start, i + 1, anchor=None, bylines=line.data)
            claimed.update(range(start, i + 1))
    vocabulary = vocabulary or Vocabulary([line.text for line in lines])
    near = []  # title runs inside a story that were weighed and found wanting
    for start, end, finding in weigh_title_runs(lines, claimed, starts, vocabulary, accept=not breaks):
        if finding.points >= OPENS_STORY and not breaks:
            starts.setdefault(start, Item("news", start, -1, header_end=end, unsigned=True, finding=finding))
        elif finding.points > 0:
            near.append((start, end, finding))
    items = [starts[k] for k in sorted(starts)]
    # Lines before the first item: a continuation, or a story with no byline.
    first = items[0].start if items else len(lines)
    if first > 0:
        items.insert(0, Item("news", 0, first))
    gaps = []
    for n, item in enumerate(items):
        following = items[n + 1].start if n + 1 < len(items) else len(lines)
        if item.end == -1 or item.end > following:
            item.end = following
        elif item.end < following:
            # Lines after a bounded item (a guide, an ad) and before the next one.
            gaps.append(Item("news", item.end, following))
        # An item that begins inside another's title block cuts it short: what the cut
        # item kept of its title and anchor is all it has.
        if item.anchor is not None and item.anchor >= item.end:
            item.anchor = None
        if item.header_end is not None:
            item.header_end = min(item.header_end, item.end)
    items = sorted(items + gaps, key=lambda it: it.start)
    item_starts = [item.start for item in items]
    for start, end, finding in near:
        host = items[bisect.bisect_right(item_starts, start) - 1] if items else None
        if host is not None and host.start < start < host.end:
            host.near_titles.append(
                (" ".join(line.text for line in lines[start:end] if line.kind == TITLE), finding)
            )
    return items


def _long_kicker(lines, i, claimed):
    """Whether line `i`, too long for a title among paragraphs, is the kicker of the title under it:
    it ends no sentence, and no text of a story stands above it (it opens the page, or follows a
    line that closes a story)."""
    line = lines[i] if i >= 0 else None
    if (
        line is None
        or i in claimed
        or line.kind != BODY
        or not _in_title_block(line)
        or ADDRESS.search(line.text)
    ):
        return False
    return i == 0 or lines[i - 1].kind in CLOSERS


def _in_title_block(line, opening=False):
    if line.kind == BODY:
        return len(line.text) <= LONG_TITLE_MAX and not p.ends_sentence(line.text)
    return line.kind == TITLE or (not opening and line.kind in TITLE_BLOCK)


def _block_item(lines, start, end):
    """The story a title block set apart by blank lines opens."""
    item = Item("news", start, -1, header_end=end)
    for line in lines[start:end]:
        if line.kind == BODY:  # a long title line, known for one by the space around its block
            line.kind = TITLE
        if line.kind in (BYLINE, AUTHOR, BARE_NAME):
            item.bylines += line.data
            if line.kind != BYLINE:
                item.kind = "commentary"
    if end < len(lines) and lines[end].kind in (DATELINE, WIRE, BYLINE):
        item.anchor = end
        item.bylines += lines[end].data[0] if lines[end].kind == DATELINE else lines[end].data
    return item


def _ad_start(lines, i, claimed):
    """An ad opens on the highest short title line among the short lines above its mark."""
    start = i
    for back in range(i - 1, max(-1, i - 1 - AD_REACH), -1):
        line = lines[back]
        if back in claimed or line.kind not in (TITLE, BODY) or len(line.text) > AD_LINE_MAX:
            break
        if line.kind == TITLE:
            start = back
    return start


def _guide_end(lines, i):
    """A guide block runs through its entries, each closing on a page reference (04版)."""
    pos, end = i + 1, i + 1
    while pos < len(lines):
        ref = next((j for j in range(pos, min(pos + 4, len(lines))) if lines[j].kind == PAGE_REF), None)
        if ref is None:
            break
        pos = end = ref + 1
    return end


def _photo_story_start(lines, i):
    """A credit line closing a short title and a paragraph or two (and their captions) is a photo story."""
    j = i - 1
    paragraphs = captions = 0
    while j >= 0 and lines[j].kind in (BODY, CAPTION) and paragraphs < 3 and captions < 3:
        paragraphs += lines[j].kind == BODY
        captions += lines[j].kind == CAPTION
        j -= 1
    if not (paragraphs and j >= 0 and lines[j].kind == TITLE and len(lines[j].text) <= 30):
        return None
    if subhead_shaped(lines[j].text):  # 3 抓项目 促发展: a numbered part of the story above
        return None
    # A kicker printed above its title starts the story with it.
    top = j
    while top > 0 and j - top < 2 and lines[top - 1].kind == TITLE and lines[top].gap < 2:
        top -= 1
    return top
