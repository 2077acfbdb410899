"""Review reasons as decisions: readers' reports, then boundary doubts, then bylines that read as no
one's name; no district and no byline are filters now. `Person.plausible` says whether a name reads
as a person's, and each article's flags are worked out again in the new order, the most urgent
reason the highest bit, so the queue sorts by them from its index.

The data steps carry their own copy of what they compute (the name rule of articles/parsing/names.py
and the reasons of articles/models.py as they stand), so later changes there cannot change what this
migration did.
"""

import re

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length

NOT_STORIES = ("editor_note", "ad", "guide", "notice")
SHORT_BODY, LONG_BODY = 60, 5000
SURNAMES = frozenset(
    "丁万丛严丰乌乐乔于云亓井亢仇付仝仲任伊伍伏但位何佘余佟佴侯俞信修倪傅储元党全公兰关冀冉农冯况冶冷"
    "冼凌刀刁刘初利劳勾包匡区华卓单南卜卞卢卫印危卿厉原古史叶司吉向吕吴周呼和哈唐商喻国夏奉奚姚姜姬娄"
    "孔孙孟季宁安宋宗官宣宫容宾宿寇富寿封尉尚尤尧尹居屈展屠岑岳崔嵇左巩巫巴帅师席常干平幸庄应庞康廉廖"
    "张强彭徐惠慕戈戎成战戚戴房扈揭支敖敬文斯方於施时旷明易昝晁晋晏普景智暨曲曹曾朱朴权李杜束来杨杭林"
    "柏查柯柳柴栗栾桂桑梁梅植楚楼樊檀欧武段殷母毕毛江池汤汪沈沙浦海涂温游湛滕满漆潘焦熊燕牛牟狄玉王班"
    "琚甄甘田由申白皮盖盘盛相瞿石祁祖祝禹秦程穆窦章童符简管米粟索纪练缪罗羊翁翟耿聂肖胡胥臧舒艾芦芮花"
    "苏苑苗苟范茅茹荆荣莫莽葛董蒋蒙蒲蓝蔡蔺薄薛虞衡衣袁裘裴褚覃解言訾詹计许诸谈谌谢谭谷豆费贺贾赫赵路"
    "车辛辜边达连迟逯邓邝邢那邬邰邱邵邸邹郁郎郑郗郜郝郭都鄢金钟钮钱银门闫闭闵闻阙阚阮阳阴阿陆陈陶隆隋"
    "雍雷霍靳鞠韦韩韶项顾颜饶马骆高魏鲁鲍鲜鹿麦麻黄黎齐龙龚"
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
TRANSLITERATED = re.compile(r"[\u3400-\u9fff]{1,8}(?:[·・][\u3400-\u9fff]{1,8})+")


def plausible(name):
    name = re.sub(r"\s+", "", name)
    if TRANSLITERATED.fullmatch(name):
        return True
    if not HAN_NAME.fullmatch(name):
        return False
    return name[0] in SURNAMES or name.startswith(COMPOUND_SURNAMES)


def read_names(apps, schema_editor):
    Person = apps.get_model("articles", "Person")
    implausible = [
        pk for pk, name in Person.objects.values_list("pk", "name").iterator() if not plausible(name)
    ]
    for start in range(0, len(implausible), 500):
        Person.objects.filter(pk__in=implausible[start : start + 500]).update(plausible=False)


def refill_review_flags(apps, schema_editor):
    """The reasons most urgent first, the first the highest bit: report, doubt, jump, long, short, name."""
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Page = apps.get_model("articles", "Page")
    ErrorReport = apps.get_model("articles", "ErrorReport")
    continuation = Article.objects.filter(
        page__issue=OuterRef("page__issue"),
        page__number=OuterRef("continues_on"),
        continued_from=OuterRef("page__number"),
    )
    target_page = Page.objects.filter(issue=OuterRef("page__issue"), number=OuterRef("continues_on"))
    jump_lands = Q(Exists(continuation)) | Q(Exists(target_page), kind="guide")
    story = ~Q(kind__in=NOT_STORIES)
    Article.objects.update(review_flags=0, in_review_queue=False)
    lengths = Article.objects.annotate(length=Length("body"))
    reasons = [
        Q(Exists(ErrorReport.objects.filter(article=OuterRef("pk"), resolved_at__isnull=True))),
        Q(needs_review=True),
        Q(continues_on__isnull=False) & ~jump_lands,
        story & Q(length__gt=LONG_BODY),
        story & Q(length__lt=SHORT_BODY),
        Q(Exists(Byline.objects.filter(article=OuterRef("pk"), person__plausible=False))),
    ]
    for n, condition in enumerate(reasons):
        bit = 1 << (len(reasons) - 1 - n)
        ids = lengths.filter(condition).values("pk")
        Article.objects.filter(pk__in=ids).update(review_flags=F("review_flags").bitor(bit))
    # A reader's report (the highest bit) waits even on a reviewed article.
    report = 1 << (len(reasons) - 1)
    Article.objects.filter(review_flags__gte=report).update(in_review_queue=True)
    Article.objects.filter(reviewed_at__isnull=True, review_flags__gt=0).update(in_review_queue=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_article_date_tally"),
    ]

    # The schema first: PostgreSQL cannot build an index on a table with updates pending in the same transaction.
    operations = [
        migrations.AddField(
            model_name="person",
            name="plausible",
            field=models.BooleanField(default=True, editable=False, verbose_name="像人名"),
        ),
        migrations.RemoveIndex(model_name="article", name="article_queue_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=Q(in_review_queue=True),
                fields=["review_flags", "date"],
                name="article_queue_idx",
            ),
        ),
        migrations.RunPython(read_names, migrations.RunPython.noop),
        migrations.RunPython(refill_review_flags, migrations.RunPython.noop),
    ]
