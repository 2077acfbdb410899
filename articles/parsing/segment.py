"""Cut a page's classified lines into items, each of which becomes one article."""

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from . import patterns as p
from .evidence import (
    ABOVE_LINES,
    BELOW_LINES,
    OPENS_STORY,
    ROUNDUP_TITLE,
    SUBJECT_TEXT,
    Finding,
    Vocabulary,
    built_form,
    has_headline_label,
    run_shape,
    series_shape,
    subhead_shaped,
    weigh_shape,
    weigh_subject,
)
from .lines import (
    AD,
    ADDRESS,
    AUTHOR,
    BARE_NAME,
    BODY,
    BOX,
    BYLINE,
    CAPTION,
    CREDIT,
    DATELINE,
    DESCRIPTION,
    END_BYLINE,
    GUIDE,
    JUMP_TO,
    LONG_TITLE_MAX,
    NOTE,
    NOTICE,
    PAGE_REF,
    SEE_ALSO,
    STAFF,
    TITLE,
    WIRE,
)
from .paragraphs import is_cut

HEADER_MAX_LINES = 8
AD_REACH = 6  # lines an ad's title may stand above its 公益广告 mark
AD_LINE_MAX = 120  # an ad's lines are short; a longer one is the story before it
ANCHORS = (BYLINE, DATELINE, BARE_NAME, WIRE, AUTHOR)
# What may stand in a title block besides its titles: a byline under the headline, the label of a
# box printed with the title (人物小传).
TITLE_BLOCK = (TITLE, BYLINE, AUTHOR, BARE_NAME, BOX)
TITLE_BLOCK_MAX = 6  # column, kicker, headline, subtitle and a byline or two
BULLETS = ("●", "◆", "■", "★")
DECK_LINES = 4  # a deck under a headline: a few sentences or bullets
DECK_SENTENCE = re.compile(r"[，,、；;]")  # a clause break: a sentence, never a subtitle or a title
HEADLINE_MAX = 30  # a headline line rarely runs longer; a sentence under one that does is its deck
SCAN_LINES = 24  # lines looked through, at most, for the text on each side of a run of titles
# Lines that close a story: what follows them starts another.
CLOSERS = (END_BYLINE, DESCRIPTION, CREDIT, STAFF, JUMP_TO, SEE_ALSO)


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
        _read_decks(lines)
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
    for start, end, finding in _weigh_title_runs(lines, claimed, starts, vocabulary, accept=not breaks):
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


def _read_decks(lines):
    """Among single-spaced lines, the deck under a headline is text, not more title: the bullets
    (● 某某) printed under a title, and the sentences longer than a headline runs under a headline
    its column label closes (某某（人民时评）), where the label ends the title; a shorter line there
    is the headline the label's line heads. The deck opens the story's text."""
    for i, line in enumerate(lines):
        if line.kind != TITLE:
            continue
        labelled = has_headline_label(line.text)
        n = i + 1
        while n < len(lines) and n - i <= DECK_LINES and lines[n].kind == TITLE:
            text = lines[n].text
            sentence = len(text) > HEADLINE_MAX and DECK_SENTENCE.search(text)
            if not (text.startswith(BULLETS) or (labelled and sentence)):
                break
            lines[n].kind = BODY
            n += 1


def _weigh_title_runs(lines, claimed, tops, vocabulary, accept=True):
    """Every run of title lines that no byline claims, with what shows it to open a story or not.

    Among paragraphs one blank line apart, a short line may be a subhead or the headline of a story
    printed without a byline (a brief, wire copy, a commentary). `evidence` weighs what tells them
    apart: first what each run shows by itself, then its parallels on the page, then, from the top
    of the page down, whether the text under it talks of what the story above it does. `tops` are
    where the stories found by their bylines start; a run that makes `OPENS_STORY` points is one more,
    when `accept`.
    """
    runs = []
    i = 0
    while i < len(lines):
        if lines[i].kind != TITLE or i in claimed:
            i += 1
            continue
        end, titles = i, 0
        while end < len(lines) and end not in claimed and titles < 4:
            if lines[end].kind == TITLE and titles and lines[end].text.startswith(BULLETS):
                break  # the points of a deck under the headline open the text
            if lines[end].kind == TITLE:
                titles, end = titles + 1, end + 1
                if ROUNDUP_TITLE.search(lines[end - 1].text):
                    break  # the title of the first brief follows a roundup's
            elif lines[end].kind == CAPTION and (after := _captions_inside_title_block(lines, end, claimed)):
                end = after
            else:
                break
        under = lines[end] if end < len(lines) else None
        if under is not None and (
            (under.kind == BODY and len(under.text) >= 10)
            or under.kind in (BOX, CAPTION)
            or (under.kind == TITLE and ROUNDUP_TITLE.search(lines[end - 1].text))
        ):
            titles = [line.text for line in lines[i:end] if line.kind == TITLE]
            finding = weigh_shape(
                titles,
                opens_page=i == 0,
                after_closer=i > 0 and lines[i - 1].kind in (*CLOSERS, PAGE_REF, AD),
                box_under=under.kind == BOX and p.BOX_LABEL.match(under.text)["label"] in p.OPENING_BOXES,
                spaced=(lines[i].gap >= 2) + (under.gap >= 2),
            )
            runs.append((i, end, titles, finding))
        i = end
    vouched = [lines[i].text for i in claimed if lines[i].kind == TITLE]
    _weigh_parallels(runs, tops, vouched)
    if accept:
        _weigh_lone_subheads(lines, runs, tops)
    tops = sorted(tops)
    top, roundup = -1, False
    subheads = _Subheads()  # how the subheads of the story above are built
    for start, end, titles, finding in runs:
        story = max(top, tops[bisect.bisect_right(tops, start) - 1] if tops and tops[0] <= start else -1)
        if story != top:
            top, roundup, subheads = story, _opens_roundup(lines, story), _Subheads()
        if roundup and not finding.strong:
            # A roundup's briefs change subject at each of their titles: that opens no story.
            finding.add(0, "brief")
        else:
            weigh_subject(
                finding, titles, _text_above(lines, start, top), _text_below(lines, end), vocabulary
            )
        if accept:
            subheads.weigh(finding, titles)
        yield start, end, finding
        if accept and finding.points >= OPENS_STORY:
            top, roundup, subheads = start, _opens_roundup(lines, start), _Subheads()


class _Subheads:
    """How the subheads of one story so far are built."""

    def __init__(self):
        self.forms = Counter()
        self.built_alike = False  # two or more of them share a form with marks between phrases

    def weigh(self, finding, titles):
        """A story's subheads are built alike (线路更密，出行更快 / 座位更稳，乘车更舒心): a plain
        one-phrase line after them is built as a headline is. The run then counts as one of them,
        unless numbered or leading into its paragraph."""
        form = built_form(titles[-1])
        if self.built_alike and not form and not finding.strong and not finding.against:
            finding.add(1, "unlike")
        if "subhead shape" not in finding.reasons:
            self.forms[form] += 1
            self.built_alike = self.built_alike or (bool(form) and self.forms[form] > 1)


def _opens_roundup(lines, start):
    """Whether the story at `start` is a roundup of briefs, by its title (国内快讯, 本市简讯)."""
    n = start
    while n < len(lines) and n - start < TITLE_BLOCK_MAX and lines[n].kind == TITLE:
        if ROUNDUP_TITLE.search(lines[n].text):
            return True
        n += 1
    return False


def _captions_inside_title_block(lines, i, claimed):
    """Where the captions from line `i` end, when they stand between a column and its headline
    (photos printed inside a title block); else 0."""
    end = i
    while end < len(lines) and lines[end].kind == CAPTION:
        end += 1
    inside = (
        end < len(lines) and end not in claimed and lines[end].kind == TITLE and lines[i - 1].kind == TITLE
    )
    return end if inside else 0


def _weigh_parallels(runs, tops, vouched):
    """Titles of one shape are a series. A run shaped like a title its byline or its own findings
    vouch for (醴陵市 深入企业排忧解难 / 渌口区 为小微企业加油鼓劲) is a title too; runs of one shape
    that nothing vouches for are the parallel subheads of the story they stand in."""
    actors = {series_shape(text) for text in vouched}
    actors |= {series_shape(titles[-1]) for _, _, titles, finding in runs if finding.strong}
    actors.discard(None)
    for _, _, titles, finding in runs:
        if not finding.strong and series_shape(titles[-1]) in actors:
            finding.add(2, "series")
    # Per shape, whether a run of it is vouched for, and how many runs of it stand in each section
    # of the page (between two vouched starts): counted once, so a page of many runs stays linear.
    bounds = sorted(set(tops) | {start for start, _, _, finding in runs if finding.strong})
    vouching, counts = Counter(), Counter()
    for start, _, titles, finding in runs:
        for shape in _shapes(titles):
            vouching[shape] += finding.strong
        for shape in _shapes(titles, tails=True):
            counts[shape, _section(start, bounds)] += 1
    for start, _, titles, finding in runs:
        if finding.strong:
            continue
        if any(vouching[shape] for shape in _shapes(titles)):
            finding.add(2, "series")
        elif any(counts[shape, _section(start, bounds)] > 1 for shape in _shapes(titles, tails=True)):
            finding.add(-2, "parallel subheads")


def _weigh_lone_subheads(lines, runs, stories):
    """A story's subheads come in twos or more: a title-like line that is the only one in a story
    found by its byline (and whole on this page) is more likely the next story's title. `stories`
    are where the stories found by their bylines start."""
    bounds = sorted(set(stories) | {start for start, _, _, finding in runs if finding.strong})
    sections = {}
    for run in runs:
        sections.setdefault(_section(run[0], bounds), []).append(run)
    for number, section in sections.items():
        top = bounds[number - 1] if number else None
        story = stories.get(top) if top is not None else None
        end = bounds[number] if number < len(bounds) else len(lines)
        if (
            len(section) == 1
            and story is not None
            and story.anchor is not None
            and not any(line.kind == JUMP_TO for line in lines[top:end])
        ):
            _, _, titles, finding = section[0]
            if not finding.strong and not finding.against and not is_cut(titles[-1]):
                finding.add(1, "lone")


def _shapes(titles, tails=False):
    """The shapes a run shares with its parallels. With `tails`, also those of each run it ends
    with: a line that leads into the first of a story's parallel subheads is one of them (老街·新貌
    under a question is shaped as 新村·新景 is further on); a title vouches only for its own."""
    runs = [titles[n:] for n in range(len(titles))] if tails else [titles]
    return ({run_shape(run) for run in runs} | {series_shape(titles[-1])}) - {None}


def _section(i, bounds):
    return bisect.bisect_right(bounds, i)


def _text_above(lines, i, top):
    """The story's text above line `i`, back to where the story starts or a line that closes one."""
    texts = []
    for n in range(i - 1, max(top, i - SCAN_LINES, 0) - 1, -1):
        line = lines[n]
        if line.kind in CLOSERS or len(texts) == ABOVE_LINES:
            break
        if line.kind in (BODY, WIRE, DATELINE, TITLE):
            texts.append(line.text)
    return texts


def _text_below(lines, end):
    """The first paragraphs under a run of title lines, up to a closing line, or a title once there
    is enough text to tell what it talks of."""
    texts = []
    for line in lines[end : end + SCAN_LINES]:
        enough = sum(map(len, texts)) >= SUBJECT_TEXT
        if line.kind in CLOSERS or len(texts) == BELOW_LINES or (line.kind == TITLE and enough):
            break
        if line.kind in (BODY, WIRE, DATELINE):
            texts.append(line.text)
    return texts


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
