"""Template helpers of the reader's pages: page names, month calendars, the per-month chart, canonical URLs."""

import calendar
import datetime
from urllib.parse import urlencode

from django import template

register = template.Library()

WEEKDAYS = "一二三四五六日"
# Query parameters that make a different page of a list; everything else
# (format=json, tracking) leaves the canonical URL alone.
CANONICAL_PARAMS = ("year", "page")


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


@register.inclusion_tag("includes/calendar.html")
def month_calendar(month, days, current=None, link_caption=True):
    """A month as a table: the days with an issue are links to it."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return {
        "month": month,
        "weekdays": WEEKDAYS,
        "weeks": [[day if day.month == month.month else None for day in week] for week in weeks],
        "days": days,
        "current": current,
        # A month without an issue has no page to link to.
        "link_caption": link_caption and any((d.year, d.month) == (month.year, month.month) for d in days),
    }


def _months_between(first, last):
    month = first
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


@register.inclusion_tag("includes/month_chart.html")
def month_chart(months, year=None, chart_id="chart"):
    """A small bar chart of articles per month, drawn server-side as SVG.

    `months` are rows of `month_counts()`; a year shows its twelve months,
    otherwise the chart spans the first to the last month with articles.
    """
    counts = {row["month"]: row["count"] for row in months}
    if year:
        span = [datetime.date(year, m, 1) for m in range(1, 13)]
    elif counts:
        span = list(_months_between(min(counts), max(counts)))
    else:
        span = []
    short = len(span) <= 24
    slot = 32 if short else 8
    plot = 90
    highest = max(counts.values(), default=0) or 1
    bars = []
    for n, month in enumerate(span):
        count = counts.get(month, 0)
        height = round(plot * count / highest) if count else 0
        starts_year = month.month == 1 or n == 0
        bars.append(
            {
                "month": month,
                "count": count,
                "x": n * slot + 2,
                "y": 16 + plot - height,
                "width": slot - 4,
                "height": height,
                "center": n * slot + slot // 2,
                "label": f"{month.month}" if short else "",
                "year_label": f"{month.year}年"
                if starts_year and (short or month.month == 1 or n == 0)
                else "",
            }
        )
    total = sum(counts.get(month, 0) for month in span)
    busiest = max(bars, key=lambda bar: bar["count"]) if total else None
    return {
        "chart_id": chart_id,
        "bars": bars,
        "width": max(len(span), 12) * slot,
        "height": 16 + plot + (32 if short else 18),
        "baseline": 16 + plot,
        "label_y": 16 + plot + 14,
        "year_y": 16 + plot + (28 if short else 14),
        "show_counts": short,
        "first": span[0] if span else None,
        "last": span[-1] if span else None,
        "total": total,
        "busiest": busiest,
    }


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
