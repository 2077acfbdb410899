"""Template helpers of the reader's pages: page names, month calendars, the per-month chart, canonical URLs."""

import calendar
import datetime
import html
from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from zhsearch.text import highlight

register = template.Library()

WEEKDAYS = "一二三四五六日"
# Query parameters that make a different page of a list; everything else
# (format=json, tracking) leaves the canonical URL alone.
CANONICAL_PARAMS = ("year", "month", "page")


@register.filter
def weekday(day):
    """星期二: the reader's pages are Chinese whatever language the browser asks for."""
    return f"星期{WEEKDAYS[day.weekday()]}" if day else ""


@register.filter
def page_label(number):
    """第01版, as the paper prints it."""
    return f"第{int(number):02d}版"


@register.filter
def page_title(page):
    """第02版 综合·城区; the front page often prints no section name."""
    if page is None:
        return ""
    if page.section_id:
        return f"{page_label(page.number)} {page.section.name}"
    return f"{page_label(page.number)} 头版" if page.number == 1 else page_label(page.number)


@register.filter
def page_title_parts(page):
    """`page_title` as HTML whose section name a narrow page list may hide from the eye (not from a screen reader)."""
    label, _, name = page_title(page).partition(" ")
    return format_html('{}<span class="page-name"> {}</span>', label, name) if name else label


def issue_links(days):
    """{day: (url, label)} of the days with an issue: one reverse() a month, not one a day.

    An issue's URL is its month's and the day (urls.py nests them): a year page links every
    day of twelve calendars and of the phone's list, and reverse() for each was its costliest part.
    """
    months, links = {}, {}
    for day in days:
        month = months.get((day.year, day.month))
        if month is None:
            month = months[day.year, day.month] = reverse("articles:month", args=[day.year, day.month])
        links[day] = (f"{month}{day.day:02d}/", f"{day.year}年{day.month}月{day.day}日")
    return links


CALENDAR_DAY = '<td class="has-issue"><a href="{}" aria-label="{}的报纸"{}>{}</a></td>'


@register.inclusion_tag("includes/calendar.html")
def month_calendar(month, days, current=None, link_caption=True):
    """A month as a table: the days with an issue are links to it.

    Each week's cells are written here, not by the template's tags: a year page has twelve
    months of them, and tags for every day were its costliest part.
    """
    links = issue_links(d for d in days if (d.year, d.month) == (month.year, month.month))

    def cell(day):
        if day.month != month.month:
            return "<td></td>"
        if day not in links:
            return f"<td>{day.day}</td>"
        url, label = links[day]
        return format_html(
            CALENDAR_DAY, url, label, mark_safe(' aria-current="date"') if day == current else "", day.day
        )

    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return {
        "month": month,
        "weekdays": WEEKDAYS,
        "weeks": [mark_safe("".join(cell(day) for day in week)) for week in weeks],
        # A month without an issue has no page to link to.
        "link_caption": link_caption and bool(links),
    }


@register.inclusion_tag("includes/year_days.html")
def year_days(days):
    """A year's issues as a short list, month by month: what a phone shows instead of twelve calendars.

    Each month's links are written here, as `month_calendar` writes its cells.
    """
    months = {}
    for day, (url, label) in sorted(issue_links(days).items()):
        months.setdefault(day.replace(day=1), []).append(
            format_html('<li><a href="{}" aria-label="{}的报纸">{}</a></li>', url, label, day.day)
        )
    return {"months": [(month, len(chips), mark_safe("".join(chips))) for month, chips in months.items()]}


# The chart's grid in SVG units, drawn at its own size (never scaled down on a
# phone): a row per year, twelve month slots, the year in a gutter on the left.
CHART_GUTTER = 56
CHART_SLOT = 25
CHART_PLOT = 40
CHART_HEADROOM = 14  # for the count above the tallest bar
CHART_ROW = CHART_HEADROOM + CHART_PLOT + 8
# A bar (a link with a tooltip) and its cell in the table, written here rather than by the
# template: a list of many years has hundreds of bars, and the template's tags for each of
# them cost more than the rest of its page.
CHART_BAR = (
    '<a href="{url}" tabindex="-1"><title>{label}：{count}篇</title>'
    '<rect class="bar" x="{x}" y="{y}" width="{width}" height="{height}"/>'
    '<text class="count" x="{center}" y="{y}" dy="-3">{count}</text></a>'
)
CHART_CELL = '<td><a href="{url}" aria-label="{label}：{count}篇">{count}</a></td>'
CHART_EMPTY_CELL = mark_safe('<td><span class="muted">0</span></td>')


@register.inclusion_tag("includes/month_chart.html")
def month_chart(months, year=None, chart_id="chart"):
    """A bar chart of articles per month, drawn server-side as SVG, with the same counts as a table.

    `months` are rows of `month_counts()`. A row per year (only `year`'s
    when the list is filtered to it), so labels never crowd or get cut
    whatever the span; each bar links to its month of the list.
    """
    counts = {row["month"]: row["count"] for row in months}
    years = [year] if year else sorted({month.year for month in counts})
    highest = max(counts.values(), default=0) or 1
    rows = []
    for n, row_year in enumerate(years):
        top = n * CHART_ROW
        baseline = top + CHART_HEADROOM + CHART_PLOT
        bars, cells = [], []
        for m in range(1, 13):
            count = counts.get(datetime.date(row_year, m, 1), 0)
            if not count:
                cells.append(CHART_EMPTY_CELL)
                continue
            height = max(2, round(CHART_PLOT * count / highest))
            x = CHART_GUTTER + (m - 1) * CHART_SLOT
            bar = {"url": f"?year={row_year}&month={m}", "label": f"{row_year}年{m}月", "count": count}
            bars.append(
                format_html(
                    CHART_BAR,
                    **bar,
                    x=x + 3,
                    y=baseline - height,
                    width=CHART_SLOT - 6,
                    height=height,
                    center=x + CHART_SLOT // 2,
                )
            )
            cells.append(format_html(CHART_CELL, **bar))
        rows.append(
            {
                "year": row_year,
                "bars": mark_safe("".join(bars)),
                "cells": mark_safe("".join(cells)),
                "baseline": baseline,
                "label_y": baseline - CHART_PLOT // 2,
                "total": sum(counts.get(datetime.date(row_year, m, 1), 0) for m in range(1, 13)),
            }
        )
    height = len(rows) * CHART_ROW
    return {
        "chart_id": chart_id,
        "rows": rows,
        "months": range(1, 13),
        "width": CHART_GUTTER + 12 * CHART_SLOT,
        "height": height + 14,
        "month_label_y": height + 8,
        "month_labels": [(m, CHART_GUTTER + (m - 1) * CHART_SLOT + CHART_SLOT // 2) for m in range(1, 13)],
        "year_label_x": CHART_GUTTER - 6,
        "total": sum(row["total"] for row in rows),
    }


@register.simple_tag
def missing_pages(issue, pages):
    """The numbers of the pages the issue printed (今日N版) that the archive does not have."""
    have = {page.number for page in pages}
    return [number for number in range(1, (issue.page_count or 0) + 1) if number not in have]


# A subhead (小标题) as the body holds it: a short paragraph that ends no sentence.
SUBHEAD_MAX = 30
SENTENCE_ENDS = tuple("。！？!?；;…：:，,、”’」』）)")


def subheads(paragraphs):
    """Where the body's subheads stand among its paragraphs.

    The parser keeps subheads as paragraphs of their own; they are the short
    ones with no sentence-ending punctuation. The last paragraph is never
    one (a short last line is a signature or a credit), and the first only
    when the story has others: a lone short opening line may be a dateline.
    """
    last = len(paragraphs) - 1
    found = [
        n
        for n, text in enumerate(paragraphs)
        # The cheapest test first: most paragraphs hold a full stop.
        if "。" not in text
        and n < last
        and len(text.strip()) <= SUBHEAD_MAX
        and not text.rstrip().endswith(SENTENCE_ENDS)
    ]
    return [] if found == [0] else found


@register.filter
def story_html(paragraphs, marked=()):
    """The body as HTML, subheads as <h2> and paragraphs as <p>, escaped and joined at once; the
    `marked` words in <mark> (zhsearch's highlight, which escapes).

    A template loop costs per paragraph, and the importer takes stories of
    tens of thousands: the paragraphs (which hold no line break) are escaped
    in one pass and joined a run at a time, a run ending at each subhead.
    """
    paragraphs = list(paragraphs)
    if marked:
        escaped = [highlight(paragraph, marked) for paragraph in paragraphs]
    else:
        escaped = html.escape("\n".join(paragraphs), quote=False).split("\n") if paragraphs else []
    parts, start = [], 0
    for n in [*subheads(paragraphs), len(escaped)]:
        if n > start:
            parts.append("<p>" + "</p>\n<p>".join(escaped[start:n]) + "</p>")
        if n < len(escaped):
            parts.append(f'<h2 class="subhead">{escaped[n]}</h2>')
        start = n + 1
    # Every paragraph is escaped above.
    return mark_safe("\n".join(parts))


@dataclass(frozen=True)
class MarkedStory:
    html: str
    marks: int


@register.simple_tag
def marked_story(paragraphs, words):
    """The body as story_html makes it with `words` marked, each mark an anchor (#hl-1, #hl-2 …)
    followed by a link to the next, the last's back to the first: a reader goes from one to the
    next without script."""
    body = story_html(paragraphs, words)
    if not words:
        return MarkedStory(body, 0)
    pieces = body.split("<mark>")
    marks = len(pieces) - 1
    parts = [pieces[0]]
    for n, piece in enumerate(pieces[1:], 1):
        word, _, rest = piece.partition("</mark>")
        after, label = (n + 1, "下一处") if n < marks else (1, "回到第一处")
        parts.append(
            f'<mark id="hl-{n}">{word}</mark><a class="hl-next" href="#hl-{after}">'
            f'<span aria-hidden="true">{"↓" if n < marks else "↑"}</span>'
            f'<span class="visually-hidden">{label}</span></a>{rest}'
        )
    # The pieces are story_html's escaped text and marks.
    return MarkedStory(mark_safe("".join(parts)), marks)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: no format or tracking parameters, no page=1."""
    request = context.get("request")
    if request is None:
        return ""
    query = {
        key: request.GET[key]
        for key in CANONICAL_PARAMS
        if request.GET.get(key) and not (key == "page" and request.GET[key] == "1")
    }
    return request.build_absolute_uri(request.path + (f"?{urlencode(query)}" if query else ""))
