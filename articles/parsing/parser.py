"""Read one issue's text dump into pages and articles.

The dumps keep the printed order of a page but none of its layout, so the
parse leans on what every story prints: a byline or a dateline right under
its title block. Each such anchor starts an article whose title block is
the run of short lines just above it; what follows, up to the next title
block, is its body. Editor's notes, ads, guide entries and photo stories
have markers of their own and are cut out around them.
"""

import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from . import patterns as p
from .dates import date_from_filename, infer_date
from .document import Caption, ParsedArticle, ParsedIssue, ParsedPage, ParseError
from .gazetteer import default_gazetteer
from .text import clean_lines

TITLE_MAX = 60
LONG_TITLE_MAX = 100  # a title line set apart by blank lines
HEADER_MAX_LINES = 8

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
AD_REACH = 6  # lines an ad's title may stand above its 公益广告 mark
AD_LINE_MAX = 120  # an ad's lines are short; a longer one is the story before it
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
    DATELINE: "dateline",
    WIRE: "dateline",
    JUMP_TO: "jump",
    JUMP_FROM: "jump",
}
ANCHORS = (BYLINE, DATELINE, BARE_NAME, WIRE, AUTHOR)
# What may stand in a title block besides its titles: a byline under the headline.
TITLE_BLOCK = (TITLE, BYLINE, AUTHOR, BARE_NAME)
TITLE_BLOCK_MAX = 6  # column, kicker, headline, subtitle and a byline or two


@dataclass
class Line:
    text: str
    kind: str = BODY
    gap: int = 0
    data: object = None
    role: str = ""  # what the parse took the line for, for `explain_issue`


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


def parse_issue(text, *, filename="", date=None, gazetteer=None) -> ParsedIssue:
    """Parse a decoded dump. `date` is the operator's --date; the file name may hold one too."""
    return _parse(_lines(text), text, filename, date, gazetteer or default_gazetteer())


def explain_issue(text, *, filename="", date=None, gazetteer=None):
    """Each line of a dump with what the parse took it for: [(role, blank lines above, text)]."""
    lines = _lines(text)
    _parse(lines, text, filename, date, gazetteer or default_gazetteer())
    return [(line.role or line.kind, line.gap, line.text) for line in lines]


def _parse(lines, text, filename, date, gazetteer):
    if not lines:
        raise ParseError("the file holds no text")
    issue = ParsedIssue()
    lines = _read_masthead(lines, issue)
    _date_issue(issue, text, filename, date)
    pages = list(_split_pages(lines))
    for _, _, page_lines in pages:
        _classify(page_lines, gazetteer)
    breaks = _blank_lines_part_stories([line for _, _, page_lines in pages for line in page_lines])
    for number, (section, editors, page_lines) in enumerate(pages, start=1):
        explicit = p.SECTION_PAGE.match(section)
        if explicit:
            number = int(explicit["n1"] or explicit["n2"] or explicit["n3"])
            section = section[explicit.end() :].strip()
        page = ParsedPage(number=number, section=section, editors=editors)
        page.articles = _read_page(page_lines, gazetteer, breaks)
        issue.pages.append(page)
    _fill_continuation_titles(issue)
    if not issue.articles:
        raise ParseError("no article could be found in the text")
    return issue


def _lines(text):
    """The text's lines, each with the blank lines above it: 0 none, 1 as between
    paragraphs, 2 more than between paragraphs (a break), whatever spacing the dump uses."""
    result, gap = [], 0
    for raw in clean_lines(text):
        if not raw:
            gap += 1
            continue
        result.append(Line(raw, gap=gap))
        gap = 0
    # Between paragraphs: the commonest gap between two lines that each end a sentence.
    gaps = Counter(
        line.gap
        for above, line in itertools.pairwise(result)
        if p.ends_sentence(above.text) and p.ends_sentence(line.text)
    )
    paragraph_gap = gaps.most_common(1)[0][0] if gaps else 1
    for line in result:
        line.gap = 0 if line.gap == 0 else 1 if line.gap <= paragraph_gap else 2
    return result


def _read_masthead(lines, issue):
    """Consume the masthead lines at the top of page one into the issue."""
    count = 0
    for line in lines[:12]:
        if not p.is_masthead(line.text):
            break
        text = line.text
        if (m := p.MASTHEAD_DATE.search(text)) and issue.date is None:
            try:
                issue.date = datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
                issue.date_source = "masthead"
            except ValueError:
                raise ParseError(f"the masthead prints an impossible date: {m.group(0)}") from None
        if m := p.ISSUE_NUMBER.search(text):
            issue.number = int(m.group(1))
        if m := p.PAGE_COUNT.search(text):
            issue.page_count = int(m.group(1))
        if m := p.LUNAR.search(text):
            issue.lunar_date = m.group(0)
        line.role = "masthead"
        count += 1
    return lines[count:]


def _date_issue(issue, text, filename, date):
    if issue.date:
        return
    if date:
        issue.date, issue.date_source = date, "option"
    elif named := date_from_filename(filename):
        issue.date, issue.date_source = named, "filename"
    else:
        inferred, evidence = infer_date(text)
        if inferred is None:
            raise ParseError(
                f"no date for this issue: no masthead, no date in the file name, and {evidence}; "
                "pass --date YYYY-MM-DD"
            )
        issue.date, issue.date_source, issue.date_evidence = inferred, "inferred", evidence


def _split_pages(lines):
    """Yield (section, editors, lines) per page; a page header starts a page."""
    starts = []
    for i, line in enumerate(lines):
        if len(line.text) > 80 or not p.EDITORS.search(line.text):
            continue
        if p.EDITORS_LINE.match(line.text) and p.PAGE_EDITOR.match(line.text):
            has_section = i > 0 and _is_section_name(lines[i - 1].text)
            starts.append((i - 1 if has_section else i, i))
        elif (
            (found := p.EDITORS.search(line.text))
            and _is_section_name(line.text[: found.start()])
            and p.PAGE_EDITOR.match(line.text[found.start() :])
        ):
            starts.append((i, i))
    bounds = [s for s, _ in starts]
    if not starts or starts[0][0] > 0:
        yield "", [], lines[: bounds[0] if bounds else len(lines)]
    for n, (start, editors_at) in enumerate(starts):
        end = bounds[n + 1] if n + 1 < len(bounds) else len(lines)
        editors_line = lines[editors_at].text
        lines[start].role = lines[editors_at].role = "page header"
        if start < editors_at:
            section = lines[start].text
        else:
            found = p.EDITORS.search(editors_line)
            section = editors_line[: found.start()].strip()
        yield section.strip(" :：·"), p.read_editors(editors_line), lines[editors_at + 1 : end]


def _is_section_name(text):
    text = text.strip()
    return 0 < len(text) <= 16 and not p.ends_sentence(text) and not p.read_byline(text)


def _classify(lines, gazetteer):
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
        elif (credit := p.read_credit(text)) is not None:
            line.kind, line.data = CREDIT, credit
        elif caption := p.read_caption(text):
            line.kind, line.data = CAPTION, caption
        elif byline := p.read_byline(text):
            line.kind, line.data = BYLINE, byline
        elif dateline := p.read_dateline(text):
            line.kind, line.data = DATELINE, dateline
        elif (wire := p.read_wire_dateline(text)) is not None:
            line.kind, line.data = WIRE, wire
        elif (closing := p.read_end_byline(text)) is not None:
            line.kind, line.data = END_BYLINE, closing
        elif author := p.read_author(text):
            line.kind, line.data = AUTHOR, author
        elif p.AUTHOR_NOTE.match(text):
            line.kind, line.data = END_BYLINE, []
        elif p.AD_MARK.search(text) and len(text) <= 30:
            line.kind = AD
        elif _is_title(text):
            line.kind = TITLE
    for i, line in enumerate(lines):
        if line.kind == TITLE and _is_bare_name(lines, i, gazetteer):
            line.kind, line.data = BARE_NAME, [("作者", line.text)]
        elif line.kind in (BYLINE, AUTHOR) and i and lines[i - 1].kind == BODY:
            # Under body text a byline closes the story above it: 本报记者 张三摄影报道.
            line.kind = END_BYLINE
        elif line.kind == WIRE and i and lines[i - 1].kind not in (TITLE, CAPTION, JUMP_FROM):
            line.kind = BODY


def _blank_lines_part_stories(lines):
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


def _is_title(text):
    if len(text) > TITLE_MAX:
        return False
    if p.ends_sentence(text):
        # Headlines may ask, exclaim or trail off: 一把手开年在忙啥？
        return bool(re.search(r"(?:[？?！!]|……)$", text)) and len(text) <= 30 and "。" not in text
    return not (text.endswith((":", "：")) and len(text) > 12)


def _is_bare_name(lines, i, gazetteer):
    """A columnist's name alone under a title: 李支国."""
    text = lines[i].text
    if not re.fullmatch(r"[\u3400-\u9fff]{2,3}", text) or text in gazetteer.owner:
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


def _read_page(lines, gazetteer, breaks=False):
    items = _segment(lines, breaks)
    articles = [_build(item, lines, gazetteer) for item in items]
    _place_captions(items, articles, lines)
    _carry_page_column(items, articles, lines)
    for article in articles:
        article.paragraphs = join_cut_paragraphs(article.paragraphs)
        article.districts = gazetteer.districts_of(
            " ".join((article.kicker, article.headline, article.subtitle)),
            "\n".join(article.paragraphs + [c.text for c in article.captions]),
        )
    return [a for a in articles if a.headline or a.paragraphs]


def _segment(lines, breaks=False):
    """Cut a page into items: (kind, start, end, anchor).

    A story starts at its title block: the run of title lines above a byline or
    dateline, or, where blank lines set title blocks apart, any such block.
    """
    starts = {}  # start index → Item
    claimed = set()
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
    if not breaks:
        for start, end in _unsigned_title_runs(lines, claimed):
            starts.setdefault(start, Item("news", start, -1, header_end=end, unsigned=True))
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
    return sorted(items + gaps, key=lambda it: it.start)


def _unsigned_title_runs(lines, claimed):
    """Title blocks with no byline under them that still open a story.

    Among paragraphs one blank line apart, a short line may be a subhead or the
    headline of a story printed without a byline (a brief, wire copy). It is a
    headline when what stands above it closes a story (a byline or credit at
    the end, a jump, the top of the page) or when it is a whole title block:
    a kicker or a —— subtitle with it.
    """
    i = 0
    while i < len(lines):
        if lines[i].kind != TITLE or i in claimed:
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end].kind == TITLE and end not in claimed and end - i < 4:
            end += 1
        follows_body = end < len(lines) and lines[end].kind == BODY and len(lines[end].text) >= 30
        evidence = 2 if i == 0 or lines[i - 1].kind in (END_BYLINE, CREDIT, JUMP_TO) else 0
        evidence += end - i >= 2
        evidence += any(line.text.startswith(("——", "--")) for line in lines[i + 1 : end])
        if follows_body and evidence >= 2:
            yield i, end
        i = end


def _in_title_block(line, opening=False):
    if line.kind == BODY:
        return len(line.text) <= LONG_TITLE_MAX and not p.ends_sentence(line.text)
    return line.kind == TITLE or (not opening and line.kind in TITLE_BLOCK)


def _block_item(lines, start, end):
    """The story a title block set apart by blank lines opens."""
    item = Item("news", start, -1, header_end=end)
    for line in lines[start:end]:
        if line.kind == BODY:
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
    """A credit line closing a short title and a paragraph or two is a photo story."""
    j = i - 1
    paragraphs = 0
    while j >= 0 and lines[j].kind == BODY and paragraphs < 3:
        paragraphs += 1
        j -= 1
    if paragraphs and j >= 0 and lines[j].kind == TITLE and len(lines[j].text) <= 30:
        return j
    return None


def _build(item, lines, gazetteer):
    article = ParsedArticle(kind=item.kind)
    span = lines[item.start : item.end]
    if item.kind in ("guide", "editor_note", "notice", "ad"):
        for line in span:
            line.role = item.kind
    if item.kind == "guide":
        return _build_guide(span)
    if item.kind == "editor_note":
        article.headline = "编者按"
        rest = p.EDITOR_NOTE.sub("", span[0].text, count=1).strip()
        article.paragraphs = ([rest] if rest else []) + [ln.text for ln in span[1:]]
        return article
    if item.kind == "notice":
        article.headline = span[0].text
        article.paragraphs = [ln.text for ln in span[1:]]
        return article
    if item.kind == "ad":
        article.headline = span[0].text if span[0].kind == TITLE else "广告"
        body = span[1:] if span[0].kind == TITLE else span
        article.paragraphs = [ln.text for ln in body if ln.kind != AD and ln.kind != CREDIT]
        return article

    header_end = (item.anchor - item.start) if item.anchor is not None else 0
    if item.header_end is not None:
        header_end = item.header_end - item.start
    elif item.kind == "photo":
        header_end = 1
    elif item.anchor is None:
        # No byline: the leading title lines are the title block.
        while header_end < len(span) and span[header_end].kind in (TITLE, CAPTION, JUMP_FROM):
            header_end += 1
        if header_end == len(span):
            header_end = 0
    header = span[:header_end]
    titles = [ln.text for ln in header if ln.kind == TITLE]
    roles = title_roles(titles, gazetteer, set_apart=item.header_end is not None and not item.unsigned)
    (article.column, article.kicker, article.headline, article.subtitle, subheads) = _title_fields(
        titles, roles
    )
    for line, role in zip((ln for ln in header if ln.kind == TITLE), roles, strict=True):
        line.role = role
    for line in header:
        line.role = line.role or LINE_ROLES.get(line.kind, line.kind)
    article.captions = [Caption(*ln.data) for ln in header if ln.kind == CAPTION]
    article.bylines = list(item.bylines)
    article.paragraphs = list(subheads)

    body = span[header_end:]
    for line in body:
        line.role = LINE_ROLES.get(line.kind, line.kind)
    if item.anchor is not None:
        anchor = body[0]
        body = body[1:]
        if anchor.kind == DATELINE and anchor.data[1]:
            article.paragraphs.append(anchor.data[1])
        elif anchor.kind == WIRE:
            article.paragraphs.append(anchor.text)
    for line in body:
        if line.kind == CAPTION:
            article.captions.append(Caption(*line.data))
        elif line.kind == JUMP_TO:
            article.continues_on = line.data
        elif line.kind == JUMP_FROM:
            article.continued_from = line.data
        elif (
            line.kind == CREDIT
            and item.kind != "photo"
            and article.captions
            and not article.captions[-1].credit
        ):
            article.captions[-1].credit = line.text
        elif line.kind == BYLINE and not article.bylines:
            article.bylines = list(line.data)
        else:
            text = line.text
            if m := p.JUMP_FROM.match(text):
                article.continued_from = int(m["page"])
                text = text[m.end() :].strip()
            if m := p.JUMP_TO_TAIL.search(text):
                article.continues_on = int(m["page"])
                text = text[: m.start()].strip()
            if line.kind in (END_BYLINE, CREDIT) and line.data and not article.bylines:
                article.bylines = [(role, name) for role, name in line.data if name]
            if text:
                article.paragraphs.append(text)
    for line in header:
        if line.kind == JUMP_FROM:
            article.continued_from = line.data
    if not article.headline and article.paragraphs:
        article.headline = _headline_from(article.paragraphs[0])
    article.doubts = _doubts(item, article, body)
    return article


# What makes the parser unsure of an article's bounds (editors see these in the review queue).
NO_BYLINE = "未见署名或电头，按标题分篇"
NO_BODY = "只有标题，没有正文"
TITLES_INSIDE = "正文很长且夹有标题样式的行，可能是几篇稿件"
LONG_BODY = 2000


def _doubts(item, article, body):
    if item.kind not in ("news", "commentary"):
        return []
    doubts = []
    if item.anchor is None and not article.bylines:
        doubts.append(NO_BYLINE)
    if not article.paragraphs:
        doubts.append(NO_BODY)
    elif (
        item.header_end is None
        and len(article.body) > LONG_BODY
        and sum(1 for line in body if line.kind == TITLE) >= 2
    ):
        doubts.append(TITLES_INSIDE)
    return doubts


def _build_guide(span):
    """Guide entries become one guide article each; the first holds them all."""
    entries, current = [], []
    for line in span[1:]:
        if line.kind == PAGE_REF:
            if current:
                entries.append((current, line.data))
            current = []
        else:
            current.append(line.text)
    article = ParsedArticle(kind="guide", headline="导读")
    for texts, page in entries:
        title = texts[0]
        subtitle = " ".join(t for t in texts[1:])
        article.paragraphs.append(f"{title} {subtitle} （{page:02d}版）".replace("  ", " "))
    if len(entries) == 1:
        texts, page = entries[0]
        article.headline = texts[0]
        article.subtitle = " ".join(texts[1:])
        article.paragraphs = []
        article.continues_on = page
    return article


def _headline_from(paragraph):
    first = re.split(r"[。！？，,；]", paragraph, maxsplit=1)[0]
    return first[:30]


KICKER_END = re.compile(r"(?:[:：]|——|—|-{2})$")
KICKER_VERB = re.compile(
    r"(?:强调|指出|要求|表示|提出|部署|宣布|调研|检查|出席|会见|主持|考察|慰问|调度)[^\s]{0,6}$"
)


COLUMN_LABEL = re.compile(r"[(（](?P<label>[^()（）]{2,30}(?:[(（][^()（）]{1,6}[)）])?)[)）]$")


def read_title_block(titles, gazetteer=None, set_apart=False):
    """Split a title block into (column, kicker, headline, subtitle, subheads).

    A bracketed label closing the headline, (人民时评), is also its column when
    nothing else is.
    """
    return _title_fields(titles, title_roles(titles, gazetteer, set_apart))


def _title_fields(titles, roles):
    parts = {role: [t for t, r in zip(titles, roles, strict=True) if r == role] for role in set(roles)}
    headline = " ".join(parts.get("headline", []))
    column = " ".join(parts.get("column", []))
    if not column and (label := COLUMN_LABEL.search(headline)):
        column = label["label"]
    return (
        column,
        " ".join(parts.get("kicker", [])),
        headline,
        " ".join(parts.get("subtitle", [])),
        parts.get("subhead", []),
    )


def title_roles(titles, gazetteer=None, set_apart=False):
    """What each line of a title block is: column, kicker, headline, subtitle or subhead.

    Subtitles open with —— or are a short 某某出席 line; a slogan of short
    groups (学思想 强党性 重实践) is a column wherever it stands; above the
    headline, a line that reads as a sentence, a place, or ends with a colon
    or a dash is a kicker, and a banner or a short label is a column. A last
    line with a comma under a headline is the body's first subhead. Where blank
    lines set the block apart from the body (`set_apart`), the block holds no
    subhead, every line above the headline is a kicker and only a —— line is a
    subtitle.
    """
    gazetteer = gazetteer or default_gazetteer()
    roles, core = [], []
    for n, line in enumerate(titles):
        if (core and line.startswith(("——", "—", "--", "－－"))) or (
            core and not set_apart and p.SUBTITLE_ATTENDANCE.match(line)
        ):
            roles.append("subtitle")
        elif core and p.SLOGAN.match(line):
            roles.append("column")
        else:
            roles.append("")
            core.append(n)
    if (
        not set_apart
        and len(core) > 1
        and re.search(r"[,，]", titles[core[-1]])
        and len(titles[core[-1]]) <= 20
    ):
        roles[core.pop()] = "subhead"
    if core:
        roles[core[-1]] = "headline"
    kicker = False
    for n in core[:-1]:
        kicker = kicker or set_apart or _reads_as_kicker(titles[n], gazetteer)
        roles[n] = "kicker" if kicker else "column"
    return roles


def _reads_as_kicker(line, gazetteer):
    if KICKER_END.search(line) or re.search(r"[,，、;；]", line) or KICKER_VERB.search(line):
        return True
    if gazetteer.pattern.fullmatch(line) or re.fullmatch(rf"(?:{gazetteer.pattern.pattern})+", line):
        return True
    return " " not in line and len(line) > 10


def _place_captions(items, articles, lines):
    """A caption printed between two stories goes with the one it describes."""
    for n in range(1, len(items)):
        previous, current = articles[n - 1], articles[n]
        if items[n].kind not in ("news", "commentary", "photo") or not current.captions:
            continue
        leading = _leading_captions(items[n], lines)
        for caption in current.captions[:leading]:
            if _overlap(caption.text, previous) > _overlap(caption.text, current):
                previous.captions.append(caption)
                current.captions.remove(caption)


def _leading_captions(item, lines):
    count = 0
    for line in lines[item.start : item.end]:
        if line.kind != CAPTION:
            break
        count += 1
    return count


def _overlap(text, article):
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    pairs = {pair for pair in pairs if re.fullmatch(r"[\u3400-\u9fff]{2}", pair)}
    haystack = article.headline + article.kicker + "".join(article.paragraphs)
    return sum(1 for pair in pairs if pair in haystack)


def _carry_page_column(items, articles, lines):
    """A banner over the top of a page runs over every story under it."""
    if not articles or not items or items[0].start != 0 or not articles[0].column:
        return
    if lines[0].kind != TITLE or lines[0].text != articles[0].column:
        return
    column = articles[0].column
    for article in articles[1:]:
        if article.kind in ("news", "photo", "commentary") and not article.column:
            article.column = column


def _fill_continuation_titles(issue):
    """A continuation (▶上接01版) with no title of its own takes its story's."""
    by_page = {page.number: page for page in issue.pages}
    for page in issue.pages:
        for article in page.articles:
            if article.continued_from and article.continued_from in by_page:
                source = next(
                    (a for a in by_page[article.continued_from].articles if a.continues_on == page.number),
                    None,
                )
                if not source:
                    continue
                if not article.headline or article.headline == _headline_from(
                    article.paragraphs[0] if article.paragraphs else ""
                ):
                    article.headline = source.headline
                article.bylines = article.bylines or list(source.bylines)


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
        if joined and _is_cut(joined[-1]):
            joined[-1] += paragraph
        else:
            joined.append(paragraph)
    return joined


def _is_cut(paragraph):
    if TERMINAL.search(paragraph):
        return False
    if re.search(r"[,，、“‘(（《0-9A-Za-z]$", paragraph) or re.search(r"[。！？]", paragraph):
        return True
    return len(paragraph) >= 40 or len(re.findall(r"[,，、；;]", paragraph)) >= 2
