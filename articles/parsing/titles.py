"""A title block's lines: column (栏目), kicker (引题), headline, subtitle (副题), subheads."""

import re

from . import patterns as p
from .gazetteer import default_gazetteer

KICKER_END = re.compile(r"(?:[:：]|——|—|-{2})$")
KICKER_VERB = re.compile(
    r"(?:强调|指出|要求|表示|提出|部署|宣布|调研|检查|出席|会见|主持|考察|慰问|调度)[^\s]{0,6}$"
)
# When and where a speech was given, in brackets under its title: （2025年5月19日，株洲）.
DATED = re.compile(r"[(（]\d{4}年\d{1,2}月\d{1,2}日[^()（）]{0,12}[)）]")
COLUMN_LABEL = re.compile(r"[(（](?P<label>[^()（）]{2,30}(?:[(（][^()（）]{1,6}[)）])?)[)）]$")


def read_title_block(titles, gazetteer=None, set_apart=False, over_anchor=False):
    """Split a title block into (column, kicker, headline, subtitle, subheads).

    A bracketed label closing the headline, (人民时评), is also its column when
    nothing else is.
    """
    return title_fields(titles, title_roles(titles, gazetteer, set_apart, over_anchor))


def title_fields(titles, roles):
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


def title_roles(titles, gazetteer=None, set_apart=False, over_anchor=False):
    """What each line of a title block is: column, kicker, headline, subtitle or subhead.

    Subtitles open with —— or are a short 某某出席 line or a speech's date in brackets; a slogan of short
    groups (强基础 补短板 惠民生) is a column wherever it stands; above the
    headline, a line that reads as a sentence, a place, or ends with a colon
    or a dash is a kicker, and a banner or a short label is a column. A last
    line with a comma under a headline is the body's first subhead. Where blank
    lines set the block apart from the body (`set_apart`), the block holds no
    subhead, every line above the headline is a kicker and only a —— line is a
    subtitle. A block printed right over its byline or dateline (`over_anchor`), in a story that
    prints no subhead of that form, ends with its title.
    """
    gazetteer = gazetteer or default_gazetteer()
    roles, core = [], []
    for n, line in enumerate(titles):
        dash = line.startswith(("——", "—", "--", "－－"))
        if core and (dash or DATED.fullmatch(line) or (not set_apart and p.SUBTITLE_ATTENDANCE.match(line))):
            roles.append("subtitle")
        elif core and p.SLOGAN.match(line):
            roles.append("column")
        else:
            roles.append("")
            core.append(n)
    if (
        not set_apart
        and not over_anchor
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
