"""The printed forms the paper uses, as regular expressions, and readers for them.

Both punctuation widths occur in the dumps (`,` and `，`, `(` and `（`), and the
paper's own name is sometimes misprinted as 株州日报.
"""

import re

HAN = r"\u3400-\u9fff"
PAPER = r"(?:株[洲州]日报(?:[·・]?掌上株[洲州])?|本报)"
ROLES = (
    "全媒体首席记者",
    "全媒体记者",
    "首席记者",
    "见习记者",
    "特约记者",
    "摄影记者",
    "记者",
    "通讯员",
    "实习生",
    "见习生",
    "特约撰稿人",
    "撰稿",
    "摄影",
    "制图",
    "作者",
)
ROLE = "(?:" + "|".join(ROLES) + ")"
# A printed name: two to five characters that are not a role word or a credit verb, or
# single characters spaced out to fill the column (朱 磊). Every repetition over names is atomic
# or possessive: a long paragraph that opens with 记者 must fail in one pass, never backtrack.
NAME = (
    rf"(?>(?:[{HAN}] ){{1,2}}[{HAN}](?=[\s、,，)）]|摄|供图|报道|$)"
    rf"|(?:(?!{ROLE}|摄|供图|报道)[{HAN}·]){{2,5}})"
)
NAMES = rf"{NAME}(?:\s*+[、,，]?+\s*+{NAME})*+"
OPEN = r"[(（]"
CLOSE = r"[)）]"
# Agencies whose people sign photos and wire copy.
AGENCY = r"(?:新华社|中新社|人民日报|本报)"

# 全媒体记者/刘毅 通讯员/陈君 — roles each followed by one or more names.
CREDITS = rf"{ROLE}\s*+[/／]?+\s*+{NAMES}(?:\s++{ROLE}\s*+[/／]?+\s*+{NAMES})*+"
BYLINE_LINE = re.compile(rf"^{PAPER}?+\s*+(?P<credits>{CREDITS})\s*+(?:摄影报道|报道)?$")
DATELINE = re.compile(
    rf"^(?:{PAPER}讯?\s*+{OPEN}\s*+(?P<credits>{CREDITS})\s*+(?:报道)?\s*+{CLOSE}"
    rf"|{PAPER}\s*+(?P<bare>{CREDITS})\s*+{CLOSE}"
    rf"|{PAPER}讯(?=\s*\S))"
    r"\s*+(?P<rest>.*)$"
)
# A wire dateline opens the first paragraph and stays in it: 本报北京1月9日电 （记者姜洁）,
# 新华社北京9月30日电, 央视网消息（新闻联播）：. The people in its brackets are the story's byline.
WIRE_DATELINE = re.compile(
    rf"^(?:(?:{AGENCY}|[{HAN}]{{2,6}}社)[{HAN}A-Za-z·]{{0,12}}?(?:\d{{1,2}}月\d{{1,2}}日)?电"
    rf"(?:\s*+{OPEN}\s*+(?:记者|(?P<role>{ROLE}))?\s*+(?P<names>{NAMES})\s*+{CLOSE})?"
    rf"|[{HAN}]{{2,6}}消息(?:{OPEN}[^()（）]{{1,12}}{CLOSE})?[:：])"
)
# A byline printed at the end of a story, in brackets: （记者 朱基钗）, （本报记者田俊荣、何聪）,
# （据新华社电  记者齐健）, （本报东京10月19日电）.
END_BYLINE = re.compile(
    rf"^{OPEN}\s*+(?:据\s*+)?(?:{AGENCY}[{HAN}]{{0,10}}?(?:\d{{1,2}}月\d{{1,2}}日)?电?\s*+)?"
    rf"(?:(?P<role>{ROLE})\s*+[/／]?+\s*+(?P<names>{NAMES}))?\s*+{CLOSE}$"
)
# A commentary's author: □ 张三, 文/张三, 本报评论员, （作者为……）.
AUTHOR_LINE = re.compile(
    rf"^(?:[□■◎]\s*+(?P<boxed>{NAMES})|文\s*+[/／]\s*+(?P<written>{NAMES})|(?P<staff>本报评论员|本报特约评论员))$"
)
AUTHOR_NOTE = re.compile(rf"^{OPEN}作者(?:系|为|是)[^)）]{{2,80}}{CLOSE}$")
PERSON_TOKEN = re.compile(rf"(?P<role>{ROLE})|(?P<name>{NAME})")

# Photo credits: 记者/王军 摄 · 通讯员供图 · 株洲日报·掌上株洲通讯员/李钰 供图 · (资料图)
CREDIT = (
    rf"(?:{PAPER}|{AGENCY})?+\s*+(?:{ROLE}\s*+[/／]?+\s*+)?+(?:{NAME}(?:\s++{NAME})*+\s*+)?+"
    r"(?:摄影?|供图|提供|制图|翻拍|(?<=社)发)"
)
CAPTION = re.compile(rf"^[▲△▼]?\s*(?P<text>.+?[。！!？?）)”])\s*(?P<credit>{CREDIT})[。.]?$")
CREDIT_ONLY = re.compile(rf"^(?P<credit>{CREDIT})[。.]?$")
CREDIT_PERSON = re.compile(rf"(?P<role>{ROLE})\s*+[/／]?+\s*+(?P<names>{NAME}(?:\s++{NAME})*+)")

JUMP_TO = re.compile(r"^[▶►>→]*\s*[(（]?\s*下转\s*第?\s*0*(?P<page>\d{1,2})\s*版\s*[)）]?$")
JUMP_TO_TAIL = re.compile(r"\s*[▶►>→]+\s*[(（]?\s*下转\s*第?\s*0*(?P<page>\d{1,2})\s*版\s*[)）]?$")
JUMP_FROM = re.compile(r"^[▶►>→]*\s*[(（]?\s*上接\s*第?\s*0*(?P<page>\d{1,2})\s*版\s*[)）]?\s*")
PAGE_REF = re.compile(r"^(?:见)?第?\s*0*(?P<page>\d{1,2})\s*版$")

EDITOR_ROLE = r"(?:责任编辑|美术编辑|责任校对|版式设计|图片编辑|值班编辑|责编|美编|校对|版式|编辑)"
EDITORS = re.compile(rf"{EDITOR_ROLE}\s*[:：/]")
EDITOR_NAME = rf"(?>(?:(?!{EDITOR_ROLE})[{HAN}·]){{1,5}})"
EDITORS_LINE = re.compile(rf"^(?:{EDITOR_ROLE}\s*+[:：/]\s*+{EDITOR_NAME}(?:[ 、]{EDITOR_NAME})*+\s*+)++$")
# The editor in charge heads a page; a 版式设计 or 制图 credit alone closes a story.
PAGE_EDITOR = re.compile(r"^(?:责任编辑|责编|值班编辑|编辑)\s*[:：/]")
# A page number printed with the section name: 02版 综合·城区 / 第2版：要闻 / A03
SECTION_PAGE = re.compile(
    r"^(?:第\s*0*(?P<n1>\d{1,2})\s*版|0*(?P<n2>\d{1,2})\s*版|A0*(?P<n3>\d{1,2}))\s*[:：·]?\s*"
)

MASTHEAD_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
MASTHEAD_TOKENS = re.compile(
    r"ZHUZHOU\s*RIBAO|株[洲州]日报|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|星期[一二三四五六日天]|周[一二三四五六日]"
    r"|(?:农历)?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年[正一二三四五六七八九十冬腊闰]+月[初十廿卅一二三四五六七八九十]+"
    r"|第\s*\d+\s*期|今日\s*\d+\s*版|(?:国内统一)?连续出版物号\s*CN\s*[\d-]+|CN\s*43\s*-\s*\d+"
    r"|邮发代号\s*[\d-]+|总第\s*\d+\s*期|ZHUZHOU\s*DAILY|中共株[洲州]市委机关报|株[洲州]日报社出版"
    r"|(?:https?://)?www\.[\w.]+",
    re.IGNORECASE,
)
ISSUE_NUMBER = re.compile(r"(?<!总)第\s*(\d+)\s*期")
PAGE_COUNT = re.compile(r"今日\s*(\d+)\s*版")
LUNAR = re.compile(
    r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年[正一二三四五六七八九十冬腊闰]+月[初十廿卅一二三四五六七八九十]+"
)

SLOGAN = re.compile(rf"^[{HAN}]{{2,4}}(?: [{HAN}]{{2,4}}){{2,5}}$")
SUBTITLE_ATTENDANCE = re.compile(rf"^[{HAN}、 ]{{2,14}}(?:出席|参加|陪同|出席并讲话|主持|讲话|参加活动)$")
ENDS_SENTENCE = re.compile(r"(?:[。！!？?；;…,，、]|[。！!？?…][”’」』)）]?)$")
EDITOR_NOTE = re.compile(r"^[【\[]?编者按[】\]]?\s*[:：]?\s*")
AD_MARK = re.compile(r"公益广告|株[洲州]日报宣|^广告$|广告热线")
NOTICE_MARK = re.compile(r"^(?:本报|本刊)?(?:启事|声明|公告|通告|特别说明|更正|致歉|更正启事|征稿启事)$")
GUIDE_MARK = re.compile(r"^(?:导读|本期导读|今日导读|要闻导读)$")


def people(credits: str, role: str | None = None) -> list[tuple[str, str]]:
    """`全媒体记者/刘毅 通讯员/陈君 李钰` → [(全媒体记者, 刘毅), (通讯员, 陈君), (通讯员, 李钰)]."""
    found = []
    for match in PERSON_TOKEN.finditer(credits):
        if match["role"]:
            role = match["role"]
        elif role:
            found.append((role, match["name"].replace(" ", "")))
    return found


# Bylines, credits and captions are short lines; a long paragraph is never tried against them.
BYLINE_MAX = 80
CAPTION_MAX = 200


def read_byline(line: str):
    match = BYLINE_LINE.match(line) if len(line) <= BYLINE_MAX else None
    return people(match["credits"]) if match else None


def read_dateline(line: str):
    """(bylines, rest of the paragraph) when a paragraph opens with the paper's 讯 dateline."""
    match = DATELINE.match(line)
    if not match:
        return None
    credits = match["credits"] or match["bare"] or ""
    return people(credits), match["rest"].strip()


def read_wire_dateline(line: str):
    """The bylines of a paragraph that opens with a wire dateline (本报北京1月9日电), else None."""
    match = WIRE_DATELINE.match(line)
    if not match:
        return None
    return people(match["names"], match["role"] or "记者") if match["names"] else []


def read_end_byline(line: str):
    """The people of a bracketed byline closing a story, else None."""
    match = END_BYLINE.match(line) if len(line) <= BYLINE_MAX else None
    if not match:
        return None
    return people(match["names"], match["role"]) if match["names"] else []


def read_author(line: str):
    """A commentary's author line: □ 张三, 文/张三, 本报评论员."""
    match = AUTHOR_LINE.match(line) if len(line) <= BYLINE_MAX else None
    if not match:
        return None
    if match["staff"]:
        return [("评论员", match["staff"])]
    return people(match["boxed"] or match["written"], "作者")


def read_caption(line: str):
    """(text, credit) for a photo caption line, else None."""
    match = CAPTION.match(line) if len(line) <= CAPTION_MAX else None
    if match and len(match["text"]) <= 150:
        return match["text"].strip(), match["credit"].strip()
    if line.startswith(("▲", "△", "图为")) and len(line) <= 150:
        return line.lstrip("▲△ ").strip(), ""
    return None


def read_credit(line: str):
    """The people of a credit-only line (株洲日报通讯员/罗铭摄), else None."""
    match = CREDIT_ONLY.match(line) if len(line) <= BYLINE_MAX else None
    if not match:
        return None
    found = []
    for person in CREDIT_PERSON.finditer(match["credit"]):
        found += people(person["names"], person["role"])
    return found


def read_editors(line: str) -> list[tuple[str, str]]:
    """`责任编辑:胡乐 美术编辑:王玺` → [(责任编辑, 胡乐), (美术编辑, 王玺)]."""
    parts = re.split(rf"({EDITOR_ROLE})\s*[:：/]\s*", line)
    return [
        (role, name)
        for role, names in zip(parts[1::2], parts[2::2], strict=True)
        for name in re.split(r"[ 、]+", names.strip())
        if name
    ]


def is_masthead(line: str) -> bool:
    """A line made only of masthead pieces: date, weekday, lunar date, 期号, 今日N版, CN."""
    rest = MASTHEAD_TOKENS.sub("", line)
    return bool(MASTHEAD_TOKENS.search(line)) and not re.sub(r"[\s·|｜/,，。]", "", rest)


def ends_sentence(line: str) -> bool:
    return bool(ENDS_SENTENCE.search(line))
