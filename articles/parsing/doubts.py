"""What the parser is unsure of, in an editor's words: which boundary of a story, and why.

Each doubt names what would be wrong and the evidence that makes it likely. Nothing is doubted
for what is merely usual: wire copy, briefs and transcripts print no byline.
"""

from . import patterns as p
from .evidence import OPENS_STORY
from .lines import BODY

# What makes the parser unsure of an article's bounds (editors see these in the review queue). Each
# names the boundary in question and why; a story printed without a byline is no doubt by itself.
NO_BODY = "只有标题，没有正文"
WEAK_START = "标题与上文之间只隔一个空行，且上文未以署名结束：可能是上一篇的小标题"
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
}
NEAR_TITLES_SHOWN = 2


def doubts_about(item, article, body, breaks):
    """Why the parser is unsure of where this story starts or ends, if it is."""
    if item.kind not in ("news", "commentary"):
        return []
    doubts = []
    if not article.paragraphs:
        doubts.append(NO_BODY)
    if item.unsigned and item.finding is not None and not item.finding.strong:
        doubts.append(WEAK_START)
    near = [(title, finding) for title, finding in item.near_titles if _near_enough(finding, breaks)]
    for title, finding in near[:NEAR_TITLES_SHOWN]:
        why = "、".join(WHY[reason] for reason in finding.reasons if reason in WHY)
        doubts.append(NEAR_TITLE.format(title=_shorten(title), why=why))
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


def _near_enough(finding, breaks):
    """Whether a title-like run inside a story is worth an editor's look. Where blank lines set
    titles apart, a run printed among paragraphs is a subhead unless what it is speaks against it
    (a speech's title, a column label), not only what surrounds it (a roundup's briefs change subject
    at each of theirs); among single-spaced lines, one that opens talk of something else is worth a
    look."""
    if breaks:
        return finding.points > OPENS_STORY and finding.strong
    return finding.points > 0 and ("new subject" in finding.reasons or "other subject" in finding.reasons)


def _shorten(text, limit=16):
    return text if len(text) <= limit else text[:limit] + "…"
