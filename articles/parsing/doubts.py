"""What the parser is unsure of, in an editor's words: which boundary of a story, and why.

A doubt is the parser's own uncertainty, read from the evidence it weighed for each boundary: a
story started on a score just over the line with some evidence against it (both stories that
boundary bounds are in question), a line left inside a story on a score just under the line, a
second dateline. Nothing is doubted for what is merely usual: wire copy, briefs and transcripts
print no byline, and a subhead changes subject, or runs two lines, as often as a title does.
"""

from . import patterns as p
from .evidence import OPENS_STORY
from .lines import BODY

# What makes the parser unsure of an article's bounds (editors see these in the review queue). Each
# names the boundary in question and why.
NO_BODY = "只有标题，没有正文"
THIN_START = "「{title}」另起一篇所据不足（{why}，但{against}）：可能是上一篇的小标题"
CUT_SHORT = "下文「{title}」另起一篇所据不足（{against}）：本篇可能延续到其后"
NEAR_TITLE = "正文中「{title}」也像标题（{why}）：可能是另一篇稿件的开头"
SECOND_DATELINE = "正文中又有电头「{dateline}」：可能是另一篇稿件的开头"
# What the evidence found, in the editor's words.
WHY = {
    "top": "位于版首",
    "closer": "上文以署名或图片说明结束",
    "label": "带栏目标签",
    "box": "下有提要",
    "series": "与本版标题同式",
    "notice": "是启事公告",
    "speech": "是讲话稿的标题",
    "block": "有引题或副题",
    "subtitle": "有副题",
    "kicker": "有引题",
    "other subject": "前后所谈全然不同",
    "new subject": "前后所谈不同",
    "unmentioned": "标题所说上文未提",
    "spaced": "与正文间空行较宽",
    "lone": "是本篇唯一的小标题",
    "unlike": "与本篇其他小标题不同式",
    "speaker": "像是发言人的名字",
    "subhead shape": "像是编号或引出下文的小标题",
    "parallel subheads": "与本篇其他小标题同式",
}
# Findings about the story a line stands in: the only title-like line of a story found by its
# byline, or one built unlike the story's subheads. A line they single out that falls just short of
# a title is worth an editor's look; one that merely changes subject, or runs two lines, is not.
SINGLED_OUT = ("lone", "unlike")
NEAR_TITLES_SHOWN = 2


def doubts_about(item, article, body, breaks):
    """Why the parser is unsure of where this story starts or ends, if it is."""
    if item.kind not in ("news", "commentary"):
        return []
    doubts = []
    if not article.paragraphs:
        doubts.append(NO_BODY)
    if thin_start(item):
        doubts.append(
            THIN_START.format(
                title=_shorten(_top_line(article)),
                why=_why(item.finding.reasons, exclude=item.finding.against),
                against=_why(item.finding.against),
            )
        )
    near = [(title, finding) for title, finding in item.near_titles if _near_enough(finding, breaks)]
    for title, finding in near[:NEAR_TITLES_SHOWN]:
        doubts.append(NEAR_TITLE.format(title=_shorten(title), why=_why(finding.reasons)))
    for line in body:
        # A wire dateline (本报北京10月9日电) opening a paragraph after the first; 本台消息： opens a
        # paragraph as often as a story.
        dateline = (
            p.WIRE_DATELINE.match(line.text) if line.kind == BODY and isinstance(line.data, list) else None
        )
        if dateline and "电" in dateline.group(0):
            opening = dateline.group(0)
            doubts.append(SECOND_DATELINE.format(dateline=opening[: opening.index("电") + 1]))
            break
    return doubts


def cut_short(item, article):
    """The doubt of the story above one whose start is in doubt: it may run on past that start."""
    return CUT_SHORT.format(title=_shorten(_top_line(article)), against=_why(item.finding.against))


def thin_start(item):
    """Whether this story was started on a score just over the line, against some evidence, with no
    finding that alone opens a story (a column label, a closing byline above)."""
    finding = item.finding
    return (
        item.unsigned
        and finding is not None
        and finding.points == OPENS_STORY
        and bool(finding.against)
        and not finding.strong
    )


def _near_enough(finding, breaks):
    """Whether a title-like run inside a story is worth an editor's look. Where blank lines set
    titles apart, a run printed among paragraphs is a subhead unless what it is speaks against it
    (a speech's title, a column label), not only what surrounds it (a roundup's briefs change subject
    at each of theirs). Among single-spaced lines, one its story singles out that falls just short
    of a title, with nothing against it."""
    if breaks:
        return finding.points > OPENS_STORY and finding.strong
    return (
        finding.points == OPENS_STORY - 1
        and not finding.against
        and any(reason in SINGLED_OUT for reason in finding.reasons)
    )


def _top_line(article):
    """Where a story starts: the top line of its title block."""
    return next(filter(None, (article.column, article.kicker, article.headline)), "")


def _why(reasons, exclude=()):
    return "、".join(WHY[reason] for reason in reasons if reason in WHY and reason not in exclude)


def _shorten(text, limit=16):
    return text if len(text) <= limit else text[:limit] + "…"
