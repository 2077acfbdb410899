"""Runs of title lines among paragraphs one blank line apart, weighed: which of them open a story.

Where spacing sets no title block apart, a short line may be a subhead or the headline of a story
printed without a byline. What tells them apart is weighed here (`evidence` says how much each
finding counts): what a run is, its place, its parallels on the page, what the story it stands in
prints as subheads, and whether the text under it talks of something else than the story above.
"""

import bisect
import re
from collections import Counter

from . import patterns as p
from .evidence import (
    ABOVE_LINES,
    BELOW_LINES,
    OPENS_STORY,
    ROUNDUP_TITLE,
    SUBJECT_TEXT,
    built_form,
    has_headline_label,
    run_shape,
    series_shape,
    weigh_shape,
    weigh_subject,
)
from .lines import AD, BODY, BOX, CAPTION, CLOSERS, DATELINE, JUMP_TO, PAGE_REF, TITLE, WIRE
from .paragraphs import is_cut

RUN_MAX = 4  # title lines in one run: column, kicker, headline, subtitle
BULLETS = ("●", "◆", "■", "★")
DECK_LINES = 4  # a deck under a headline: a few sentences or bullets
DECK_SENTENCE = re.compile(r"[，,、；;]")  # a clause break: a sentence, never a subtitle or a title
HEADLINE_MAX = 30  # a headline line rarely runs longer; a sentence under one that does is its deck
SCAN_LINES = 24  # lines looked through, at most, for the text on each side of a run of titles


def read_decks(lines):
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


def weigh_title_runs(lines, claimed, tops, vocabulary, accept=True):
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
        while end < len(lines) and end not in claimed and titles < RUN_MAX:
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
    while n < len(lines) and n - start < RUN_MAX and lines[n].kind == TITLE:
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
    vouch for (荷塘区 定制公交通园区 / 芦淞区 公交站点再加密) is a title too; runs of one shape
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
