"""The printed forms the paper uses, as regular expressions, and readers for them.

Both punctuation widths occur in the dumps (`,` and `，`, `(` and `（`), and the
paper's own name is sometimes misprinted as 株州日报.
"""

import re

from .names import plausible_name

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
# What a person did, printed after their name: 本报记者 徐锦庚整理, 程远州采写. It is part of the
# role, never of the name.
ROLE_ACTIONS = ("采访整理", "整理", "采写", "撰文", "口述", "执笔", "编译", "翻译")
ACTION = "(?:" + "|".join(ROLE_ACTIONS) + ")"
# Words that may follow a name in a credit without being part of it.
AFTER_NAME = rf"(?:{ACTION}|摄影报道|摄影|摄|供图|报道)"
# A printed name: two to four characters that are not a role word or a credit verb, a transliterated
# name joined by · (伊姆兰·汗), or single characters spaced out to fill the column (朱 磊). A name ends
# where the credit says so: a space, a mark, a bracket, a role or credit word, the end. A run of five
# or more characters is a sentence, not a name, and the whole credit fails. Every repetition over
# names is atomic or possessive: a long paragraph that opens with 记者 must fail in one pass.
NAME = (
    rf"(?>(?:[{HAN}] ){{1,2}}[{HAN}](?=[\s、,，)）]|{AFTER_NAME}|$)"
    rf"|(?:(?!{ROLE})[{HAN}]){{1,8}}(?:[·・][{HAN}]{{1,8}})++"
    rf"|(?:(?!{ROLE}|{AFTER_NAME})[{HAN}]){{2,4}})"
    rf"(?=[\s、,，;；)）/／]|{AFTER_NAME}|{ROLE}|$)"
)
NAMES = rf"{NAME}(?:\s*+[、,，]?+\s*+{NAME})*+"
OPEN = r"[(（]"
CLOSE = r"[)）]"
# Agencies whose people sign photos and wire copy.
AGENCY = r"(?:新华社|中新社|人民日报|本报)"

# 全媒体记者/刘毅 通讯员/陈君 — roles each followed by one or more names.
CREDIT_GROUP = rf"{ROLE}\s*+[/／]?+\s*+{NAMES}(?:\s*+{ACTION})?+"
CREDITS = rf"{CREDIT_GROUP}(?:\s*+{CREDIT_GROUP})*+"
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
# A byline printed at the end of a story, in brackets: （记者 方知远）, （本报记者林小禾、周宁）,
# （据新华社电  记者齐健）, （本报东京10月19日电）, （综合本报记者某某、某某报道）, （执笔：某某）.
END_BYLINE = re.compile(
    rf"^{OPEN}\s*+(?:据|综合)?+\s*+(?:{AGENCY}[{HAN}、]{{0,40}}?(?:\d{{1,2}}月\d{{1,2}}日)?电?\s*+)?"
    rf"(?:(?P<credits>{CREDITS})|(?P<action>{ACTION})\s*+[:：]\s*+(?P<names>{NAMES}))?+\s*+(?:报道)?+\s*+{CLOSE}$"
)
# A commentary's author: □ 张三, 文/张三, 本报评论员, （作者为……）.
AUTHOR_LINE = re.compile(
    rf"^(?:[□■◎]\s*+(?P<boxed>{NAMES})|文\s*+[/／]\s*+(?P<written>{NAMES})|(?P<staff>本报评论员|本报特约评论员))$"
)
# The author's description closing a commentary: （作者为某大学教授）. It names no one, unless a
# reporter wrote it up: （作者为某大学教授，本报记者某某采访整理）.
AUTHOR_NOTE = re.compile(rf"^{OPEN}(?P<note>作者(?:系|为|是|单位[:：])[^()（）]{{2,160}}){CLOSE}$")
NOTE_WRITER = re.compile(
    rf"^(?:本报|新华社)?+(?:驻[{HAN}]{{1,10}}?)?(?P<credits>{ROLE}\s*+{NAMES}\s*+{ACTION})$"
)
CREDIT_TOKEN = re.compile(rf"(?P<role>{ROLE})\s*+(?P<slash>[/／])?|(?P<name>{NAME})|(?P<action>{ACTION})")

# Photo credits: 记者/王军 摄 · 通讯员供图 · 株洲日报·掌上株洲通讯员/李钰 供图 · (资料图)
CREDIT = (
    rf"(?:{PAPER}|{AGENCY})?+\s*+(?:{ROLE}\s*+[/／]?+\s*+)?+(?:{NAME}(?:\s++{NAME})*+\s*+)?+"
    r"(?:摄影?|供图|提供|制图|翻拍|(?<=社)发)"
)
CAPTION = re.compile(rf"^[▲△▼]?\s*(?P<text>.+?[。！!？?）)”])\s*(?P<credit>{CREDIT})[。.]?$")
# A credit line may name the agency the picture came through: 某某摄（湘江影像）.
CREDIT_ONLY = re.compile(rf"^(?P<credit>{CREDIT})(?:\s*+{OPEN}[^()（）]{{1,10}}{CLOSE})?+[。.]?$")
# Credits printed with a colon at the end of a story or a page: 制图：某某, 本版摄影：某某 版式设计：某某,
# （执笔：某某）. Only those who wrote the text are its bylines.
CREDIT_LABEL = r"(?:本版|本期)?(?:摄影|图片|制图|插图|漫画|版式设计|设计|采访整理|整理|执笔|撰文|采写)"
COLON_CREDITS = re.compile(rf"^{OPEN}?(?:\s*{CREDIT_LABEL}\s*[:：][^:：]{{1,40}}?)+{CLOSE}?$")
COLON_WRITER = re.compile(rf"(?P<action>{ACTION})\s*+[:：]\s*+(?P<names>{NAMES})")
# A drawing and its verse, each signed: 某 某图 某 某文.
DRAWING_AND_VERSE = re.compile(
    rf"^(?P<drawn>[{HAN}](?: ?[{HAN}]){{1,3}}) ?图 (?P<written>[{HAN}](?: ?[{HAN}]){{1,3}}) ?文$"
)
# Photographers signing a photo report without a role, with the agency or column the photos came
# through: 某某 某某摄影报道, 某某摄影报道（湘江影像）.
PHOTO_REPORTERS = re.compile(rf"^(?P<names>{NAMES})\s*+摄影报道(?:\s*+{OPEN}[^()（）]{{1,10}}{CLOSE})?+$")
# A chart's source, under the chart inside a story: 数据来源：某某.
SOURCE_NOTE = re.compile(r"^[(（]?(?:数据|资料|图表)?来源\s*[:：]")
PHOTOGRAPHERS = re.compile(rf"^(?P<names>{NAME}(?:\s++{NAME})*+)\s*+摄")
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
# The labels of boxes printed inside a story: a box's heading, never a title, a subhead or a name.
# The first few open a story, right under its title.
OPENING_BOXES = ("核心阅读", "内容提要", "阅读提示", "导语", "引子", "引言")
BOXES = (
    *OPENING_BOXES,
    "小贴士",
    "贴士",
    "温馨提示",
    "链接",
    "相关链接",
    "新闻链接",
    "背景链接",
    "知识链接",
    "延伸阅读",
    "相关阅读",
    "背景",
    "新闻背景",
    "源流",
    "记者手记",
    "采访手记",
    "编后",
    "编后语",
    "短评",
    "点评",
    "专家点评",
    "花絮",
    "小知识",
    "名词解释",
    "人物小传",
    "名家寄语",
    "数说",
    "声音",
    "各方声音",
    "小资料",
    "资料",
    "图说",
)
BOX_LABEL = re.compile(r"^[【\[［〖]?(?P<label>" + "|".join(BOXES) + r")[】\]］〗]?[:：]?$")
# A pointer to another page closing a story: （相关报道见第五版）.
SEE_ALSO = re.compile(r"^[(（][^()（）]{0,8}见(?:本报)?第?[\d一二三四五六七八九十]{1,3}版[)）]$")


def people(credits: str, role: str | None = None, vouched=False) -> list[tuple[str, str]]:
    """`全媒体记者/刘毅 通讯员/陈君 李钰` → [(全媒体记者, 刘毅), (通讯员, 陈君), (通讯员, 李钰)].

    What a person did stays with the role as printed: `本报记者 徐锦庚整理` → (记者整理, 徐锦庚).
    Only a role printed with its slash (通讯员/晓宁), or a caller that knows the structure
    (`vouched`), vouches for a name that does not read as a person's full name by itself: a given
    name alone is a real credit there, and a fragment anywhere else.
    """
    groups = [[role, vouched, []]] if role else []  # [role, printed with a slash, names]
    for match in CREDIT_TOKEN.finditer(credits):
        if match["role"]:
            groups.append([match["role"], bool(match["slash"]) or vouched, []])
        elif match["name"] and groups:
            groups[-1][2].append(match["name"].replace(" ", ""))
        elif match["action"] and groups:
            groups[-1][0] += match["action"]
    return [
        (group_role, name)
        for group_role, slashed, names in groups
        for name in names
        if slashed or plausible_name(name)
    ]


# Bylines, credits and captions are short lines; a long paragraph is never tried against them.
BYLINE_MAX = 80
END_BYLINE_MAX = 120  # a wire closer may list several cities and a dozen reporters
AUTHOR_NOTE_MAX = 200
CAPTION_MAX = 200


def read_byline(line: str):
    """The people of a byline line, else None: a line that names no one is no byline (记者手记), nor
    an ad's credit (制图/某某 公益广告)."""
    match = BYLINE_LINE.match(line) if len(line) <= BYLINE_MAX and not AD_MARK.search(line) else None
    return (people(match["credits"]) or None) if match else None


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
    match = END_BYLINE.match(line) if len(line) <= END_BYLINE_MAX else None
    if not match:
        return None
    if match["credits"]:
        return people(match["credits"])
    return people(match["names"], match["action"]) if match["names"] else []


def read_photo_reporters(line: str):
    """The photographers of a photo report signed without a role (某某 某某摄影报道), else None."""
    match = PHOTO_REPORTERS.match(line) if len(line) <= BYLINE_MAX else None
    return people(match["names"], "摄影") if match else None


def read_author_note(line: str):
    """(the description without its brackets, the reporter who wrote it up) of a line closing a
    commentary, （作者为某大学教授，本报记者某某采访整理）, else None."""
    match = AUTHOR_NOTE.match(line) if len(line) <= AUTHOR_NOTE_MAX else None
    if not match:
        return None
    note = match["note"].strip()
    last_clause = re.split(r"[，,；;]", note)[-1].strip()
    writer = NOTE_WRITER.match(last_clause)
    # The clause spells out who did what (本报记者某某采访整理): it vouches for the name it holds.
    return note, people(writer["credits"], vouched=True) if writer else []


def read_author(line: str):
    """A commentary's author line: □ 张三, 文/张三, 本报评论员."""
    match = AUTHOR_LINE.match(line) if len(line) <= BYLINE_MAX else None
    if not match:
        return None
    if match["staff"]:
        return [("评论员", match["staff"])]
    if match["written"]:
        return people(match["written"], "作者", vouched=True)
    return people(match["boxed"], "作者")


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
    if len(line) <= BYLINE_MAX and (drawing := DRAWING_AND_VERSE.match(line)):
        return people(drawing["drawn"], "图") + people(drawing["written"], "文")
    match = CREDIT_ONLY.match(line) if len(line) <= BYLINE_MAX else None
    if not match:
        return None
    found = []
    for person in CREDIT_PERSON.finditer(match["credit"]):
        found += people(person.group(0))
    if not found and (unsigned := PHOTOGRAPHERS.match(match["credit"])):
        found = people(unsigned["names"], "摄影")  # 某某摄: the photographer, printed without a role
    return found


def read_staff_credits(line: str):
    """The writers named by a line of colon credits closing a story or a page (本版摄影：某某
    版式设计：某某 / 采访整理：某某), else None. Photographers and designers are no bylines."""
    if len(line) > BYLINE_MAX or not COLON_CREDITS.match(line):
        return None
    found = []
    for writer in COLON_WRITER.finditer(line):
        found += people(writer["names"], writer["action"], vouched=True)
    return found


def read_editors(line: str) -> list[tuple[str, str]]:
    """`责任编辑:王小川 美术编辑:李一帆` → [(责任编辑, 王小川), (美术编辑, 李一帆)]."""
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
