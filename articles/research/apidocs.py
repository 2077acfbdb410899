"""What /api/ documents: every JSON the portal serves, its parameters and fields, each with a live example.

The fields are declared here once; tests/test_api_docs.py fetches every
example and checks that its JSON has exactly the fields documented, so the
page cannot drift from what the portal sends.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from articles.models import Article, District, Person, Section, Tally

ISSUE = {
    "url": "本期网址",
    "date": "出版日期 YYYY-MM-DD",
    "number": "期号（未印时为 null）",
    "page_count": "本期印了几个版（未印时为 null）",
    "lunar_date": "农历日期",
    "date_needs_review": "日期是否由导入程序推断、待编辑确认",
}
LISTED = {
    "year": "筛选的年份（?year=）或 null",
    "years": "各年篇数：[{year, article_count}]",
    "per_month": "各月篇数：[{month: YYYY-MM, article_count}]",
    "count": "文章总数",
    "page": "当前页码",
    "num_pages": "总页数",
    "previous": "上一页的网址（JSON）或 null",
    "next": "下一页的网址（JSON）或 null",
    "articles": "本页文章：[{url, kind, column, kicker, headline, subtitle, date, page, section}]",
}
PAGED = {
    "count": "总数",
    "page": "当前页码",
    "num_pages": "总页数",
    "previous": "上一页的网址（JSON）或 null",
    "next": "下一页的网址（JSON）或 null",
}


@dataclass(frozen=True)
class Endpoint:
    key: str
    title: str
    path: str  # as a reader writes it
    what: str
    fields: dict
    params: dict = field(default_factory=dict)


ENDPOINTS = (
    Endpoint(
        "home",
        "首页",
        "/",
        "最新一期、头版文章、历史上的今天、区县和版面及其篇数。",
        {
            "latest_issue": "最新一期（字段同“一期”）",
            "pages": "最新一期各版：[{url, number, section}]",
            "front_page": "头版文章",
            "on_this_day": "历史上的今天：往年同日的头版文章",
            "districts": "区县及其篇数：[{name, url, article_count}]",
            "sections": "版面及其篇数：[{name, url, article_count}]",
        },
    ),
    Endpoint(
        "archive",
        "往期回顾",
        "/archive/",
        "每年每月的期数。",
        {"years": "[{year, issue_count, months: [{month, issue_count}]}]"},
    ),
    Endpoint(
        "year", "一年", "/2024/", "一年中有报纸的日期。", {"year": "年份", "dates": "有报纸的日期 YYYY-MM-DD"}
    ),
    Endpoint(
        "month",
        "一月",
        "/2024/03/",
        "一月中的各期。",
        {"year": "年份", "month": "月份", "issues": "各期（字段同“一期”）"},
    ),
    Endpoint(
        "issue",
        "一期",
        "/2024/03/12/",
        "一期的各版和文章，以及前后两期。",
        {
            **ISSUE,
            "previous_issue": "上一期或 null",
            "next_issue": "下一期或 null",
            "pages": "各版：[{url, number, section, articles: [{url, headline, kind}]}]",
        },
    ),
    Endpoint(
        "page",
        "一版",
        "/2024/03/12/01/",
        "一版的文章（含署名）、编辑和前后两版。",
        {
            "url": "本版网址",
            "number": "版次",
            "section": "版名或 null",
            "issue": "所属一期",
            "editors": "责任编辑等：[{role, name}]",
            "previous_page": "上一版或 null",
            "next_page": "下一版或 null",
            "articles": "[{url, position, kind, column, kicker, headline, subtitle, bylines}]",
        },
    ),
    Endpoint(
        "article",
        "一篇文章",
        "/2024/03/12/01/3/",
        "文章的全部文字和它在报纸上的位置。",
        {
            "url": "文章网址（永久）",
            "kind": "类别",
            "column": "栏目",
            "kicker": "引题",
            "headline": "标题",
            "subtitle": "副题",
            "date": "出版日期",
            "page": "所在一版：{url, number, section}",
            "section": "版名或 null",
            "position": "在本版中的顺序",
            "issue": "所属一期",
            "bylines": "署名：[{role, name, url, description}]",
            "districts": "区县：[{name, url}]",
            "captions": "图片说明：[{text, credit}]",
            "paragraphs": "正文各段",
            "author_note": "不属于某个署名的作者简介",
            "continues_on": "下转版次或 null",
            "continues_to": "转到的文章网址或 null",
            "continued_from": "上接版次或 null",
            "continued_from_article": "接自的文章网址或 null",
            "previous_article": "本期上一篇的网址或 null",
            "next_article": "本期下一篇的网址或 null",
            "corrected": "本文已更正：读者所见的文字是否不同于印出的文字",
            "as_printed": "已更正的各项印出时的文字（键同本文：headline、paragraphs、captions 等），未更正为 null",
        },
    ),
    Endpoint(
        "corrections",
        "一篇文章的更正记录",
        "/2024/03/12/01/3/corrections/",
        "本文已更正：读者所见文字与印出文字之差，以及每次更正的日期和差异。",
        {
            "article": "文章网址",
            "corrected": "读者所见的文字是否不同于印出的文字",
            "corrections_by_readers": "读者提出并经编辑采纳的更正次数",
            "against_print": "与印出文字之差：[{field, diff: [{kind, text}]}]",
            "history": "每次更正：[{date, by_reader, changes: [{field, diff}]}]",
        },
    ),
    Endpoint(
        "printed",
        "一篇文章印出时的文字",
        "/2024/03/12/01/3/printed/",
        "报纸印出的文字，不含此后的更正。",
        {
            "article": "文章网址",
            "kicker": "引题",
            "headline": "标题",
            "subtitle": "副题",
            "column": "栏目",
            "paragraphs": "正文各段",
            "captions": "图片说明：[{text, credit}]",
            "author_note": "作者简介",
        },
    ),
    Endpoint(
        "districts",
        "区县",
        "/districts/",
        "全部区县及其篇数。",
        {"districts": "[{name, url, article_count}]"},
    ),
    Endpoint(
        "district",
        "一个区县的文章",
        "/district/liling/",
        "涉及该区县的文章，新的在前，按年、月筛选。",
        {"district": "{name, url}", **LISTED},
        {"year": "年份，如 2024", "month": "月份 1–12（须同时给 year）", "page": "页码"},
    ),
    Endpoint(
        "sections",
        "版面",
        "/sections/",
        "有文章的版面及其篇数。",
        {"sections": "[{name, url, article_count}]"},
    ),
    Endpoint(
        "section",
        "一个版面的文章",
        "/section/综合城区/",
        "该版面的文章，新的在前。",
        {"section": "{name, url}", **LISTED},
        {"year": "年份", "month": "月份（须同时给 year）", "page": "页码"},
    ),
    Endpoint(
        "people",
        "作者",
        "/people/",
        "有署名文章的作者，篇数多的在前，每页一百人。",
        {**PAGED, "people": "[{name, url, article_count}]"},
        {"page": "页码"},
    ),
    Endpoint(
        "person",
        "一位作者的文章",
        "/person/刘毅/",
        "署有该作者名字的文章，新的在前。",
        {"person": "{name, url}", **LISTED},
        {"year": "年份", "month": "月份（须同时给 year）", "page": "页码"},
    ),
    Endpoint(
        "column",
        "一个栏目的文章",
        "/column/今日谈/",
        "在该栏目下刊出的文章，新的在前，每页二十篇。",
        {"column": "栏目名", **PAGED, "articles": LISTED["articles"]},
        {"page": "页码"},
    ),
    Endpoint(
        "front_pages",
        "历年头版",
        "/front-pages/",
        "每一期的头版及其文章，新的在前。",
        {
            **PAGED,
            "issues": "本页各期：[{url, date, number, page_count, lunar_date, date_needs_review, front_page: [文章，字段同列表]}]",
        },
        {"page": "页码"},
    ),
    Endpoint(
        "search",
        "搜索",
        "/search/?q=醴陵",
        "与搜索页相同的结果：找出含有所查文字的文章，每个匹配都计数。",
        {
            "query": "所查文字",
            "errors": "参数错误的说明（此时状态码为 400）",
            "unavailable": "索引不可用的原因（此时状态码为 503）或 null",
            "fallback_words": "整句查不到时改查的各个词，否则为 []",
            "misprints": "所查文字含报上常见误印（如“株州”）时与正字一并查找：[[误印, 正字]]，否则为 []",
            "count": "匹配的文章数（用 cursor 时为该日及更早的匹配数）",
            "results": "本页结果：[{url, headline, kicker, subtitle, date, page, section, districts, reporters, kind, score, headline_html, snippet_html}]",
            "facets": "分面计数：{year, districts, section, reporters: [{value, count}]}（匹配过多时不含 reporters）",
            "titles_then_newest": "匹配太多时为 true：标题含有所查文字的排在前，其余按日期",
            "page": "当前页码（用 cursor 时为 null）",
            "num_pages": "总页数（用 cursor 时为 null）",
            "previous": "上一页的网址或 null",
            "next": "下一页的网址或 null（按日期排序时为游标网址）",
            "next_cursor": "按日期排序时下一页的游标，否则为 null",
        },
        {
            "q": "所查文字：空格分开的词须同时出现，加引号查整句，-词 排除，A OR B 任一即可，标题:词 与 作者:人名 只查标题或署名；繁体、全角自动换算",
            "any, title, byline": "高级搜索：任一词（空格分开）、标题含、署名含",
            "start, end": "日期范围 YYYY-MM-DD",
            "year": "年份",
            "district, section, reporter, kind": "按区县、版面、作者、类别筛选（名称须完全相同）",
            "sort": "date：按日期，新的在前；oldest：旧的在前；不给：按相关度",
            "page": "页码（按相关度时用）",
            "cursor": "按日期翻页的游标（来自上一页的 next_cursor）：深处的页和第一页一样快",
        },
    ),
    Endpoint(
        "trends",
        "词频趋势",
        "/trends/?q=醴陵&q=攸县",
        "每月（或每年）含有各词的文章数及其占全部文章的比例；加 format=csv 得 CSV。",
        {
            "terms": "所查的词",
            "errors": "参数错误的说明（此时状态码为 400）",
            "unavailable": "索引不可用的原因（此时状态码为 503）或 null",
            "by": "month 或 year",
            "filters": "{district, section, reporter}",
            "periods": "各月（YYYY-MM）或各年（YYYY），覆盖馆藏的全部时间",
            "articles": "每个时段的全部文章数（比例的分母）",
            "series": "每个词：[{term, counts, shares, search}]，shares 在该时段没有文章时为 null，search 为该时段的搜索网址",
        },
        {
            "q": "词或短语，可重复，最多五个；用法与搜索相同",
            "district, section, reporter": "筛选（分母也随之筛选）",
            "by": "month 或 year；不给时跨度超过十年按年",
        },
    ),
    Endpoint(
        "about",
        "关于本馆藏",
        "/about/",
        "馆藏的年份、月份、期数、缺版和缺期、计数、文本来源、使用条件和最后更新时间。",
        {
            "first_issue": "最早一期的日期",
            "last_issue": "最新一期的日期",
            "counts": "{issues, months, pages, articles, stories, corrected, reader_corrections, people, sections, districts}",
            "years": "[{year, months, issues, pages_printed, pages_held, incomplete_issues}]",
            "issues_without_page_count": "没有印出版数的期数",
            "incomplete_issues": "缺版的期（分页，参数 missing_page）：{count, page, num_pages, issues: [{url, date, number, pages_printed, pages_held, missing_pages}]}",
            "missing_issues": "按期号推断缺少的期（分页，参数 gaps_page）：{count, page, num_pages, runs: [{after, before, first_number, last_number, count}]}",
            "text_source": "文本是怎样得到的",
            "licence": "使用条件",
            "last_changed": "馆藏最后更改的时间",
            "exports": "导出的文件：[{since, generated_at, articles, manifest}]",
        },
        {"missing_page": "缺版列表的页码", "gaps_page": "缺期列表的页码"},
    ),
    Endpoint(
        "data",
        "数据下载",
        "/data/",
        "导出的文件及其清单（每页二十份清单）。",
        {**PAGED, "exports": "各份清单（字段同 manifest.json），另有 manifest：其网址"},
        {"page": "页码"},
    ),
)

# The exports' manifest, a file of its own rather than a page: documented beside the pages.
MANIFEST_FIELDS = {
    "schema_version": "文件格式的版本；字段含义改变时加一",
    "paper": "报纸名称",
    "generated_at": "导出时间",
    "since": "只含此日以来更改的文章时为该日，否则为 null",
    "licence": "使用条件",
    "articles": "文章总数",
    "files": "[{name, year, articles, bytes, sha256, written_at}]",
    "fields": "每行 JSON 的字段及其含义",
}


def examples():
    """{endpoint key: a page of this archive to show it with}: the newest story and what it belongs to."""
    article = Article.objects.public().stories().select_related("page__issue").newest_first().first()
    if article is None:
        return {}
    issue = article.page.issue
    counted = {
        scope: model.objects.filter(pk__in=Tally.objects.keys_counted(scope)).first()
        for scope, model in (
            (Tally.Scope.DISTRICT, District),
            (Tally.Scope.SECTION, Section),
            (Tally.Scope.PERSON, Person),
        )
    }
    word = {"q": article.headline[:2]}
    found = {
        "home": reverse("articles:home"),
        "archive": reverse("articles:archive"),
        "year": reverse("articles:year", args=[issue.date.year]),
        "month": reverse("articles:month", args=[issue.date.year, issue.date.month]),
        "issue": issue.get_absolute_url(),
        "page": article.page.get_absolute_url(),
        "article": article.get_absolute_url(),
        "corrections": f"{article.get_absolute_url()}corrections/",
        "printed": f"{article.get_absolute_url()}printed/",
        "districts": reverse("articles:districts"),
        "sections": reverse("articles:sections"),
        "people": reverse("articles:people"),
        "search": f"{reverse('search:search')}?{urlencode(word)}",
        "front_pages": reverse("articles:front_pages"),
        "trends": f"{reverse('research:trends')}?{urlencode(word)}",
        "about": reverse("research:about"),
        "data": reverse("research:data"),
    }
    for key, scope in (
        ("district", Tally.Scope.DISTRICT),
        ("section", Tally.Scope.SECTION),
        ("person", Tally.Scope.PERSON),
    ):
        if counted[scope] is not None:
            found[key] = counted[scope].get_absolute_url()
    column = Article.objects.public().stories().exclude(column="").values_list("column", flat=True).first()
    if column:
        found["column"] = reverse("articles:column", args=[column])
    return found


def documented():
    """Each endpoint with its example as JSON (None where this archive has nothing to show it with)."""
    found = examples()
    return [{"endpoint": endpoint, "example": _as_json(found.get(endpoint.key))} for endpoint in ENDPOINTS]


def _as_json(url):
    if url is None:
        return None
    return url + ("&" if "?" in url else "?") + "format=json"
