"""What tells a story's title from a subhead where every line is one blank line apart.

Spacing says nothing there, and a story printed without a byline shows no anchor under its title. A
title is told by what it is and what surrounds it: what closes the text above (a byline, an
author's note, a credit), what it carries (a column label in brackets, a kicker, a —— subtitle), its
shape beside the page's other titles (a series of parallel titles: 荷塘区 定制公交通园区 /
芦淞区 公交站点再加密, where a story's parallel subheads share a shape among themselves), what
opens under it (a box such as 核心阅读) and whether the text under it talks of something else than
the text above. Each finding weighs one or two points; a run of title lines with two opens a story.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .names import plausible_name

OPENS_STORY = 2  # points a run of title lines needs to open a story
STRONG = ("top", "closer", "label", "box", "series", "notice", "speech")  # findings that alone open a story
AGAINST = ("speaker", "subhead shape", "parallel subheads")  # findings that speak for a subhead

# A column label closing a headline: 让小区议事会常开常新（街谈巷议）, 老街换新颜（某某篇（下））.
HEADLINE_LABEL = re.compile(
    r"[^()（）\s][(（][^()（）]{2,24}(?:[(（][^()（）]{1,6}[)）][^()（）]{0,6})?[)）]$"
)
# Inside a label: not a credit, a date or a page pointer.
NOT_A_LABEL = re.compile(r"摄|供图|电[)）]$|记者|\d{1,2}月\d{1,2}日|见第?\S{1,3}版")
# A subhead that numbers its part or leads into its paragraph: 一、 （二） 3. 第四 / 钻机到了没——
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．\s]"
    r"|第[一二三四五六七八九十]{1,3}[，、,\s])"
)
LEAD_IN = re.compile(r"(?:——|—|[:：])$")
# A voice inside a story: who speaks, under what they said: 某某公司总经理 林小禾, （英国）某某·某某.
SPEAKER = re.compile(
    r"^(?:[\u3400-\u9fff]{4,24}\s+(?P<name>[\u3400-\u9fff](?:\s?[\u3400-\u9fff]){1,3})"
    r"|[\u3400-\u9fff、]{2,24}?(?:长|员|授|师|任|书记|理|事|家|席|官|代表)(?P<lead_name>[\u3400-\u9fff]{2,3})(?:——|—)"
    r"|[(（][\u3400-\u9fff]{1,10}[)）]\s*(?P<foreigner>[\u3400-\u9fff·・]{2,20}))$"
)
# The actor of a title in a series: a place or a body, then what it did: 芦淞区 公交站点再加密.
SERIES_ACTOR = re.compile(
    r"^[\u3400-\u9fff]{2,8}?(?:市|区|县|镇|乡|街道|社区|村|局|委|办|院|厅|部|会|所|站|中心|公司|集团)"
    r"(?P<sep>\s|[:：]\s*)\S"
)
# A kicker that leads into its headline (某某引发热烈反响——) or names who acts in it (某某市检察机关).
KICKER_DASH = re.compile(r"[^—-](?:——|--)$")
ACTOR = re.compile(
    r"[\u3400-\u9fff]{2,14}(?:省|市|区|县|州|镇|乡|街道|社区|村|局|委|院|厅|部|所|中心|公司|集团|机关|大学|学校)"
)
# A notice printed as a story: 某某大学校庆公告; a speech printed whole: 在某某大会上的讲话.
NOTICE_TITLE = re.compile(r"(?:公告|启事|通告|公示)$")
SPEECH_TITLE = re.compile(r"^(?:——)?在[^，。]{2,40}?(?:上|时|之际)的(?:主旨)?(?:讲话|致辞|演讲|发言|报告)$")
# The title of a roundup of briefs, each under a title of its own: 国内快讯, 本市简讯, 要闻速览.
ROUNDUP_TITLE = re.compile(r"(?:快讯|简讯|短讯|速递|速览|集锦|简报)$")
PHRASE_MARKS = re.compile(r"[\s·・:：,，、;；—]++")
QUOTE_MARKS = re.compile(r"[“”\"‘’'《》〈〉「」]")
# Every pair of Han characters, overlapping (一二三: 一二, 二三), found in one pass of the text.
HAN_PAIRS = re.compile(r"(?=([\u3400-\u9fff]{2}))")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}+")
# How alike the text under a run is to the text above it, below which it talks of something else.
NEW_SUBJECT, OTHER_SUBJECT = 0.025, 0.012
UNMENTIONED = 0.01  # how alike a title may be to the story above it and still be new to it
ABOVE_LINES, BELOW_LINES = 6, 4
SUBJECT_TEXT = 100  # characters on each side, at least, to compare what they talk of


@dataclass
class Finding:
    points: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points, reason):
        self.points += points
        self.reasons.append(reason)

    @property
    def strong(self):
        return any(reason in STRONG for reason in self.reasons)

    @property
    def against(self):
        """The findings that speak for a subhead, however many points the run makes."""
        return [reason for reason in self.reasons if reason in AGAINST]


class Vocabulary:
    """How telling each pair of characters is in one issue: rare pairs say what a text is about."""

    def __init__(self, texts):
        counts = Counter()
        for text in texts:
            counts.update(set(_pairs(text)))
        total = max(len(texts), 1)
        self.weight = {pair: math.log(total / n) for pair, n in counts.items()}

    def likeness(self, these, those):
        """Cosine of the two texts' weighted pairs: 0 for nothing in common, 1 for the same words."""
        a, b = self._vector(these), self._vector(those)
        dot = sum(weight * b[pair] for pair, weight in a.items() if pair in b)
        norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
        return dot / norm if norm else 0.0

    def _vector(self, texts):
        counts = Counter()
        for text in texts:
            counts.update(_pairs(text))
        weight = self.weight
        return {pair: n * weight.get(pair, 0.0) for pair, n in counts.items()}


def _pairs(text):
    """The text's terms: each pair of Han characters, and each word in Latin letters (a brand, an
    acronym: Lumio, AI), which says as much of what a text is about."""
    return HAN_PAIRS.findall(text) + LATIN_WORD.findall(text)


def series_shape(text):
    """The shape a title shares with the others of a series (an actor, then what it did), or None."""
    match = SERIES_ACTOR.match(text)
    return ("actor", ":" if re.search("[:：]", match["sep"]) else " ") if match else None


def run_shape(titles):
    """The shape a run shares with its parallels: its length and its first line's pattern of
    characters and marks (线路再加密 and 站点更近了 alike; 老街·新貌 and 新村·新景 alike).
    None for a single plain line, whose shape says too little."""
    pattern = re.sub(r"[\u3400-\u9fff]", "字", re.sub(r"\d", "9", titles[0]))
    if len(titles) == 1 and not re.search(r"[\s·・:：]", titles[0]):
        return None
    return len(titles), pattern


def built_form(text):
    """How a title line is built, by the marks between its phrases: (" ",) for 线路更密 出行更快,
    ("，",) for 座位更稳，乘车更舒心, () for a plain one-phrase line. Quotes and titles' marks count
    for nothing."""
    return tuple(PHRASE_MARKS.findall(QUOTE_MARKS.sub("", text).strip()))


def has_headline_label(text):
    match = HEADLINE_LABEL.search(text)
    return bool(match) and not NOT_A_LABEL.search(match.group(0))


def subhead_shaped(text):
    """A line numbered as a part of its story, or leading into its paragraph."""
    return bool(NUMBERED.match(text) or LEAD_IN.search(text))


def is_speaker(text):
    match = SPEAKER.match(text)
    return bool(match) and (bool(match["foreigner"]) or plausible_name(match["name"] or match["lead_name"]))


def weigh_shape(titles, *, opens_page, after_closer, box_under, spaced=0):
    """What a run of title lines shows by itself and by what stands right around it. `spaced` is
    how many of its two sides a wider blank than between paragraphs sets apart."""
    finding = Finding()
    if opens_page:
        finding.add(2, "top")
    elif after_closer:
        finding.add(2, "closer")
    if spaced:
        finding.add(spaced, "spaced")
    if any(has_headline_label(text) for text in titles):
        finding.add(2, "label")
    if box_under:
        finding.add(2, "box")
    if any(NOTICE_TITLE.search(text) for text in titles):
        finding.add(2, "notice")
    if any(SPEECH_TITLE.match(text) for text in titles):
        finding.add(2, "speech")
    if len(titles) >= 2:
        finding.add(1, "block")
        if any(text.startswith(("——", "--", "－－")) for text in titles[1:]):
            finding.add(1, "subtitle")
        if KICKER_DASH.search(titles[0]) or ACTOR.fullmatch(titles[0]):
            finding.add(1, "kicker")
    if is_speaker(titles[-1]) or (len(titles) >= 2 and is_speaker(titles[0])):
        finding.add(-2, "speaker")
    if len(titles) == 1 and subhead_shaped(titles[0]):
        finding.add(-2, "subhead shape")
    return finding


def weigh_subject(finding, titles, above, below, vocabulary):
    """Whether the text under the run talks of something else than the story above it, and the
    run of something the story above never mentions (a subhead echoes its story's words)."""
    if sum(map(len, above)) < SUBJECT_TEXT or sum(map(len, below)) < SUBJECT_TEXT:
        return  # too little text on a side to tell what it is about
    likeness = vocabulary.likeness(above, below)
    if likeness < OTHER_SUBJECT:
        finding.add(2, "other subject")
    elif likeness < NEW_SUBJECT:
        finding.add(1, "new subject")
    else:
        return
    if vocabulary.likeness(titles, above) < UNMENTIONED:
        finding.add(1, "unmentioned")
