"""Read one issue's text dump into pages and articles.

The dumps keep the printed order of a page but none of its layout, so the
parse leans on what every story prints: a byline or a dateline right under
its title block. Each such anchor starts an article whose title block is
the run of short lines just above it; what follows, up to the next title
block, is its body. Editor's notes, ads, guide entries and photo stories
have markers of their own and are cut out around them.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import patterns as p
from .dates import date_from_filename, infer_date
from .document import Caption, ParsedArticle, ParsedIssue, ParsedPage, ParseError
from .gazetteer import default_gazetteer
from .text import clean_lines

TITLE_MAX = 60
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
AD_REACH = 6  # lines an ad's title may stand above its 公益广告 mark
AD_LINE_MAX = 120  # an ad's lines are short; a longer one is the story before it
ANCHORS = (BYLINE, DATELINE, BARE_NAME)


@dataclass
class Line:
    text: str
    kind: str = BODY
    gap: int = 0
    data: object = None


@dataclass
class Item:
    """A stretch of a page's lines that becomes one article."""

    kind: str
    start: int
    end: int
    anchor: int | None = None
    bylines: list = field(default_factory=list)


def parse_issue(text, *, filename="", date=None, gazetteer=None) -> ParsedIssue:
    """Parse a decoded dump. `date` is the operator's --date; the file name may hold one too."""
    gazetteer = gazetteer or default_gazetteer()
    lines = _lines(text)
    if not lines:
        raise ParseError("the file holds no text")
    issue = ParsedIssue()
    lines = _read_masthead(lines, issue)
    _date_issue(issue, text, filename, date)
    for number, (section, editors, page_lines) in enumerate(_split_pages(lines), start=1):
        explicit = p.SECTION_PAGE.match(section)
        if explicit:
            number = int(explicit["n1"] or explicit["n2"] or explicit["n3"])
            section = section[explicit.end() :].strip()
        page = ParsedPage(number=number, section=section, editors=editors)
        page.articles = _read_page(page_lines, gazetteer)
        issue.pages.append(page)
    _fill_continuation_titles(issue)
    if not issue.articles:
        raise ParseError("no article could be found in the text")
    return issue


def _lines(text):
    result, gap = [], 0
    for raw in clean_lines(text):
        if not raw:
            gap += 1
            continue
        result.append(Line(raw, gap=gap))
        gap = 0
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
        if p.EDITORS_LINE.match(line.text):
            has_section = i > 0 and _is_section_name(lines[i - 1].text)
            starts.append((i - 1 if has_section else i, i))
        elif (found := p.EDITORS.search(line.text)) and _is_section_name(line.text[: found.start()]):
            starts.append((i, i))
    bounds = [s for s, _ in starts]
    if not starts or starts[0][0] > 0:
        yield "", [], lines[: bounds[0] if bounds else len(lines)]
    for n, (start, editors_at) in enumerate(starts):
        end = bounds[n + 1] if n + 1 < len(bounds) else len(lines)
        editors_line = lines[editors_at].text
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
        elif p.AD_MARK.search(text) and len(text) <= 30:
            line.kind = AD
        elif _is_title(text):
            line.kind = TITLE
    for i, line in enumerate(lines):
        if line.kind == TITLE and _is_bare_name(lines, i, gazetteer):
            line.kind, line.data = BARE_NAME, [("作者", line.text)]


def _is_title(text):
    if len(text) > TITLE_MAX:
        return False
    if p.ends_sentence(text):
        # Headlines may ask or exclaim: 一把手开年在忙啥？
        return bool(re.search(r"[？?！!]$", text)) and len(text) <= 30 and "。" not in text
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


def _read_page(lines, gazetteer):
    _classify(lines, gazetteer)
    items = _segment(lines)
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


def _segment(lines):
    """Cut a page into items: (kind, start, end, anchor)."""
    starts = {}  # start index → Item
    claimed = set()
    for i, line in enumerate(lines):
        if line.kind in ANCHORS:
            start = i
            titles = 0
            while start > 0 and lines[start - 1].kind in (TITLE, CAPTION) and start - 1 not in claimed:
                if lines[start - 1].kind == TITLE:
                    titles += 1
                if titles > HEADER_MAX_LINES:
                    break
                start -= 1
            kind = "commentary" if line.kind == BARE_NAME else "news"
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
            starts[start] = Item("photo", start, i + 1, anchor=None, bylines=line.data)
            claimed.update(range(start, i + 1))
    items = [starts[k] for k in sorted(starts)]
    # Lines before the first item: a continuation, or a story with no byline.
    first = items[0].start if items else len(lines)
    if first > 0:
        items.insert(0, Item("news", 0, first))
    for n, item in enumerate(items):
        following = items[n + 1].start if n + 1 < len(items) else len(lines)
        if item.end == -1 or item.end > following:
            item.end = following
        elif item.end < following:
            # Lines after a bounded item (a guide, an ad) and before the next one.
            items.append(Item("news", item.end, following))
    return sorted(items, key=lambda it: it.start)


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
    if item.kind == "photo":
        header_end = 1
    elif item.anchor is None:
        # No byline: the leading title lines are the title block.
        while header_end < len(span) and span[header_end].kind in (TITLE, CAPTION, JUMP_FROM):
            header_end += 1
        if header_end == len(span):
            header_end = 0
    header = span[:header_end]
    titles = [ln.text for ln in header if ln.kind == TITLE]
    (article.column, article.kicker, article.headline, article.subtitle, subheads) = read_title_block(
        titles, gazetteer
    )
    article.captions = [Caption(*ln.data) for ln in header if ln.kind == CAPTION]
    article.bylines = list(item.bylines)
    article.paragraphs = list(subheads)

    body = span[header_end:]
    if item.anchor is not None:
        anchor = body[0]
        body = body[1:]
        if anchor.kind == DATELINE and anchor.data[1]:
            article.paragraphs.append(anchor.data[1])
    for line in body:
        if line.kind == CAPTION:
            article.captions.append(Caption(*line.data))
        elif line.kind == JUMP_TO:
            article.continues_on = line.data
        elif line.kind == JUMP_FROM:
            article.continued_from = line.data
        elif line.kind == CREDIT:
            if item.kind != "photo" and article.captions and not article.captions[-1].credit:
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
            if text:
                article.paragraphs.append(text)
    for line in header:
        if line.kind == JUMP_FROM:
            article.continued_from = line.data
    if not article.headline and article.paragraphs:
        article.headline = _headline_from(article.paragraphs[0])
    return article


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


def read_title_block(titles, gazetteer=None):
    """Split a title block into (column, kicker, headline, subtitle, subheads).

    Subtitles open with —— or are a short 某某出席 line; a slogan of short
    groups (学思想 强党性 重实践) is a column wherever it stands; above the
    headline, a line that reads as a sentence, a place, or ends with a colon
    or a dash is a kicker, and a banner or a short label is a column. A last
    line with a comma under a headline is the body's first subhead.
    """
    gazetteer = gazetteer or default_gazetteer()
    columns, kickers, subtitles, core = [], [], [], []
    for line in titles:
        if (core and line.startswith(("——", "—", "--", "－－"))) or (
            core and p.SUBTITLE_ATTENDANCE.match(line)
        ):
            subtitles.append(line)
        elif core and p.SLOGAN.match(line):
            columns.append(line)
        else:
            core.append(line)
    subheads = []
    if len(core) > 1 and re.search(r"[,，]", core[-1]) and len(core[-1]) <= 20:
        subheads.append(core.pop())
    headline = core[-1] if core else ""
    above = []
    for line in core[:-1]:
        if _reads_as_kicker(line, gazetteer) or kickers:
            kickers.append(line)
        else:
            above.append(line)
    column = " ".join(above + columns)
    return column, " ".join(kickers), headline, " ".join(subtitles), subheads


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
