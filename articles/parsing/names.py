"""Whether a string the parser took for a byline reads as a person's name.

Bylines are where a misread line does the most harm: a fragment of a
sentence becomes a "reporter" with a page of their own. A name as the paper
prints it is two to four Han characters opening with a surname, a compound
surname, or a transliterated name joined by ·. A given name printed alone
(通讯员/晓宁) is a real credit, but not one the parser can tell from a
fragment by its shape: callers decide what a structure vouches for.
"""

import re

# The surnames of nearly every reporter, editor and correspondent: the common single-character
# surnames of mainland China, most frequent first.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪"
    "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎"
    "甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝"
    "区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸"
    "雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀"
    "衣信展阴昝智幸奉植衡富尧闭由寿郗訾旷言暨莽琚韶刀达佴钮巨"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "令狐",
    "夏侯",
    "端木",
    "澹台",
    "万俟",
    "西门",
)
HAN_NAME = re.compile(r"[\u3400-\u9fff]{2,4}")
# 伊姆兰·汗, 阿卜杜勒·阿齐兹: transliterated names keep the interpunct.
TRANSLITERATED = re.compile(r"[\u3400-\u9fff]{1,8}(?:[·・][\u3400-\u9fff]{1,8})+")


def plausible_name(name: str) -> bool:
    """Whether `name` reads as a person's full name as printed (spaces ignored)."""
    name = re.sub(r"\s+", "", name)
    if TRANSLITERATED.fullmatch(name):
        return True
    if not HAN_NAME.fullmatch(name):
        return False
    return name[0] in SURNAMES or name.startswith(COMPOUND_SURNAMES)
