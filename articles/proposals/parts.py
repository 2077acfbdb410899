"""The parts of an article a reader may correct: the title block, each paragraph, each caption.

A part is a field and, for the body and the captions, an index among its paragraphs or captions
(from 0). Its text is read and written here, so a proposal, its review and its acceptance name
the same thing the same way.
"""

from django.http import Http404

# The title block, one text each.
SINGLE = ("kicker", "headline", "subtitle")
BODY = "body"
CAPTIONS = "captions"
NAMES = {"kicker": "引题", "headline": "标题", "subtitle": "副题", BODY: "正文", CAPTIONS: "图片说明"}


def texts(article, part):
    """The part's texts as a reader sees them: one for a title field (none when the article prints
    none), the paragraphs of the body, the captions."""
    if part in SINGLE:
        value = getattr(article, part)
        return [value] if value else []
    if part == BODY:
        return article.paragraphs
    if part == CAPTIONS:
        return [text for text, credit in article.shown(CAPTIONS)]
    raise ValueError(f"no such part: {part}")


def text_of(article, part, index):
    """The text a reader asks to correct, or a 404 when the article has no such part."""
    found = texts(article, part) if part in NAMES else []
    n = 0 if part in SINGLE else index
    if n is None or not 0 <= n < len(found) or (part in SINGLE and index is not None):
        raise Http404("no such part")
    return found[n]


def label(part, index):
    """标题, 第3段, 第1条图片说明."""
    if part == BODY:
        return f"第{index + 1}段"
    if part == CAPTIONS:
        return f"第{index + 1}条图片说明"
    return NAMES[part]


def write(article, part, index, text):
    """Within `article.correcting()`: the part now says `text`."""
    if part in SINGLE:
        setattr(article, part, text)
    elif part == BODY:
        lines = article.body.split("\n")
        line = _line_of_paragraph(lines, index)
        lines[line] = text
        article.body = "\n".join(lines)
    else:
        captions = article.shown(CAPTIONS)
        captions[index][0] = text
        article.show(CAPTIONS, captions)


def join_paragraphs(article, index):
    """Within `article.correcting()`: paragraph `index` and the next are one, as printed before a line
    was cut in two."""
    lines = article.body.split("\n")
    first, second = _line_of_paragraph(lines, index), _line_of_paragraph(lines, index + 1)
    # The second's indent (全角空格) began a paragraph the print never had.
    lines[first : second + 1] = [lines[first] + lines[second].lstrip()]
    article.body = "\n".join(lines)


def _line_of_paragraph(lines, index):
    """The body's line that holds paragraph `index` (blank lines are no paragraphs)."""
    return [n for n, line in enumerate(lines) if line.strip()][index]
