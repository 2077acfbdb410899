"""Read one issue's text dump into pages and articles.

The dumps keep the printed order of a page but little of its layout. A story
starts at its title block, and the parser weighs what shows one: blank lines
setting it apart (read against the dump's own spacing between paragraphs), a
byline or dateline under it, what closes the story above it. What follows, up
to the next title block, is its body. Editor's notes, ads, guide entries and
photo stories have markers of their own and are cut out around them.
"""

import datetime
import re
from typing import NamedTuple

from . import patterns as p
from .dates import date_from_filename, infer_date
from .document import Caption, ParsedArticle, ParsedIssue, ParsedPage, ParseError
from .doubts import cut_short, doubts_about, thin_start
from .evidence import Vocabulary
from .gazetteer import default_gazetteer
from .lines import (
    AD,
    BODY,
    BOX,
    BYLINE,
    CAPTION,
    CREDIT,
    DATELINE,
    DESCRIPTION,
    END_BYLINE,
    JUMP_FROM,
    JUMP_TO,
    LINE_ROLES,
    PAGE_REF,
    PEOPLE_LINES,
    STAFF,
    TITLE,
    WIRE,
    classify,
    read_lines,
)
from .paragraphs import join_cut_paragraphs
from .segment import blank_lines_part_stories, segment
from .titles import title_fields, title_roles


def parse_issue(text, *, filename="", date=None, gazetteer=None) -> ParsedIssue:
    """Parse a decoded dump. `date` is the operator's --date; the file name may hold one too."""
    return _parse(read_lines(text), text, filename, date, gazetteer or default_gazetteer())


class ExplainedLine(NamedTuple):
    role: str  # what the parse took the line for; "doubt" for a doubt about the story that follows
    gap: int  # blank lines above it
    text: str
    taken: str = ""  # the people a byline, dateline or credit line gave: 全媒体记者 刘毅 · 通讯员 陈君


def explain_issue(text, *, filename="", date=None, gazetteer=None):
    """Each line of a dump with what the parse took it for, and before each story in doubt, why."""
    lines = read_lines(text)
    _parse(lines, text, filename, date, gazetteer or default_gazetteer())
    explained = []
    for line in lines:
        explained += [ExplainedLine("doubt", line.gap, doubt) for doubt in line.doubts]
        gap = 0 if line.doubts else line.gap
        explained.append(ExplainedLine(line.role or line.kind, gap, line.text, _taken(line)))
    return explained


def _taken(line):
    """What a line gave the story's byline or author's note, in words: 记者 林小禾 · 通讯员 晓宁."""
    if line.kind == DESCRIPTION:
        note, writers = line.data
        return " · ".join([f"作者说明：{note}", *(f"{role} {name}" for role, name in writers)])
    people = line.data[0] if line.kind == DATELINE else line.data
    if line.kind not in PEOPLE_LINES or not isinstance(people, list) or (line.kind == BODY and not people):
        return ""
    return " · ".join(f"{role} {name}" for role, name in people) or "（未署人名）"


def _parse(lines, text, filename, date, gazetteer):
    if not lines:
        raise ParseError("the file holds no text")
    issue = ParsedIssue()
    lines = _read_masthead(lines, issue)
    _date_issue(issue, text, filename, date)
    pages = list(_split_pages(lines))
    for _, _, page_lines in pages:
        classify(page_lines, gazetteer)
    every_line = [line for _, _, page_lines in pages for line in page_lines]
    breaks = blank_lines_part_stories(every_line)
    vocabulary = Vocabulary([line.text for line in every_line])
    for number, (section, editors, page_lines) in enumerate(pages, start=1):
        explicit = p.SECTION_PAGE.match(section)
        if explicit:
            number = int(explicit["n1"] or explicit["n2"] or explicit["n3"])
            section = section[explicit.end() :].strip()
        page = ParsedPage(number=number, section=section, editors=editors)
        page.articles = _read_page(page_lines, gazetteer, breaks, vocabulary)
        issue.pages.append(page)
    _fill_continuation_titles(issue)
    if not issue.articles:
        raise ParseError("no article could be found in the text")
    return issue


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
    return (
        0 < len(text) <= 16
        and not p.ends_sentence(text)
        and not p.read_byline(text)
        and _brackets_balance(text)
    )


def _brackets_balance(text):
    """A section's name is a whole phrase: a line cut inside a bracket, `(视频`, is not one."""
    depth = 0
    for char in text:
        if char in "(（【[":
            depth += 1
        elif char in ")）】]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _read_page(lines, gazetteer, breaks=False, vocabulary=None):
    items = segment(lines, breaks, vocabulary)
    articles = [_build(item, lines, gazetteer, breaks) for item in items]
    _doubt_both_sides(items, articles, lines)
    _place_captions(items, articles, lines)
    _carry_page_column(items, articles, lines)
    for article in articles:
        article.paragraphs = join_cut_paragraphs(article.paragraphs)
        article.districts = gazetteer.districts_of(
            " ".join((article.kicker, article.headline, article.subtitle)),
            "\n".join(article.paragraphs + [c.text for c in article.captions]),
        )
    return [a for a in articles if a.headline or a.paragraphs]


def _build(item, lines, gazetteer, breaks=False):
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
        header_end = 1  # a photo story's title, and the kicker printed above it
        while header_end < len(span) - 1 and span[header_end].kind == TITLE:
            header_end += 1
    elif item.anchor is None:
        # No byline: the leading title lines are the title block.
        while header_end < len(span) and span[header_end].kind in (TITLE, CAPTION, JUMP_FROM):
            header_end += 1
        if header_end == len(span):
            header_end = 0
    header = span[:header_end]
    titles = [ln.text for ln in header if ln.kind == TITLE]
    # A comma line right over the byline or dateline is the body's first subhead only where the
    # story prints more subheads of its form; else it is the last line of the title.
    over_anchor = item.anchor is not None and not any(
        ln.kind == TITLE and re.search(r"[,，]", ln.text) for ln in span[header_end:]
    )
    roles = title_roles(titles, gazetteer, set_apart=item.header_end is not None, over_anchor=over_anchor)
    (article.column, article.kicker, article.headline, article.subtitle, subheads) = title_fields(
        titles, roles
    )
    for line, role in zip((ln for ln in header if ln.kind == TITLE), roles, strict=True):
        line.role = role
    # A box's label printed inside a title block set apart by blank lines reads with the title.
    for line in header:
        if line.kind == BOX:
            article.subtitle = " ".join(filter(None, (article.subtitle, line.text)))
            line.role = "subtitle"
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
        elif line.kind == DESCRIPTION:
            # The description stays in the text as printed, and beside the byline for the author.
            note, writers = line.data
            article.author_note = article.author_note or note
            article.bylines += [writer for writer in writers if writer not in article.bylines]
            article.paragraphs.append(line.text)
        else:
            text = line.text
            if m := p.JUMP_FROM.match(text):
                article.continued_from = int(m["page"])
                text = text[m.end() :].strip()
            if m := p.JUMP_TO_TAIL.search(text):
                article.continues_on = int(m["page"])
                text = text[: m.start()].strip()
            if line.kind in (END_BYLINE, CREDIT, STAFF) and line.data and not article.bylines:
                article.bylines = [(role, name) for role, name in line.data if name]
            elif line.kind == BODY and line.data:
                # A second wire dateline inside the story: its reporters wrote this part of it.
                article.bylines += [person for person in line.data if person not in article.bylines]
            if text:
                article.paragraphs.append(text)
    for line in header:
        if line.kind == JUMP_FROM:
            article.continued_from = line.data
    if not article.headline and article.paragraphs:
        article.headline = _headline_from(article.paragraphs[0])
    article.doubts = doubts_about(item, article, body, breaks)
    span[0].doubts = list(article.doubts)
    return article


def _doubt_both_sides(items, articles, lines):
    """A start in doubt bounds two stories: the one above may run on past it."""
    for n in range(1, len(items)):
        if thin_start(items[n]) and items[n - 1].kind in ("news", "commentary"):
            articles[n - 1].doubts.append(cut_short(items[n], articles[n]))
            lines[items[n - 1].start].doubts = list(articles[n - 1].doubts)


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
    """A continuation (▶上接01版) with no title or byline of its own takes its story's."""
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
