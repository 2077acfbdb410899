"""The trend's chart, drawn on the server as SVG: a line per word, a point per period linking to its search.

The geometry is made here and the markup of the points too (format_html): a
chart of ten years by month has hundreds of points, and a template tag for
each would cost more than the rest of the page. The picture is for the eye
and the mouse; the table beside it says the same to a screen reader.
"""

import math

from django.utils.html import format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 34
# Year labels at least this far apart (SVG units), so they never run together.
LABEL_SPACING = 44
POINT = (
    '<a href="{url}" tabindex="-1"><title>{title}</title>'
    '<circle class="point" cx="{x}" cy="{y}" r="3.5"/></a>'
)


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × a power of ten at or above `value` (at most 1: all articles)."""
    if value <= 0:
        return 0.01
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12:
            return min(1.0, step * power)
    return 1.0


def percent(share, scale):
    """A share as the axis and the table write it: more decimals when the shares are small."""
    digits = 0 if scale >= 0.1 else 1 if scale >= 0.01 else 2
    return f"{share * 100:.{digits}f}%"


def trend_chart(trend):
    """What templates/research/includes/trend_chart.html draws of a Trend."""
    periods = trend.periods
    count = len(periods)
    if not count or not trend.series:
        return None
    shares = [share for series in trend.series for share in series.shares if share is not None]
    scale = nice_ceiling(max(shares, default=0))
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(n):
        return round(LEFT + (n + 0.5) * width / count, 1)

    def y(share):
        return round(TOP + height * (1 - share / scale), 1)

    lines = []
    for number, series in enumerate(trend.series, start=1):
        path, points, gap = [], [], True
        for n, share in enumerate(series.shares):
            if share is None:  # no article at all that period: the line breaks
                gap = True
                continue
            path.append(f"{'M' if gap else 'L'}{x(n)} {y(share)}")
            gap = False
            title = (
                f"{series.term} · {periods[n].label}：{series.counts[n]}篇，"
                f"占{trend.totals[n]}篇的{percent(share, scale)}"
            )
            points.append(format_html(POINT, url=series.search_urls[n], title=title, x=x(n), y=y(share)))
        lines.append(
            {
                "number": number,
                "term": series.term,
                "path": " ".join(path),
                "points": mark_safe("".join(points)),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + height,
        "lines": lines,
        "y_ticks": [(y(scale * step / 4), percent(scale * step / 4, scale)) for step in range(5)],
        "x_ticks": _x_ticks(periods, x),
        "label_y": TOP + height + 20,
    }


def _x_ticks(periods, x):
    """(x, label) of the years (by month: at each January, and the first period), spaced apart."""
    starts = [(n, period) for n, period in enumerate(periods) if n == 0 or period.first.month == 1]
    if len(periods) <= 12 and len(periods[0].key) == 7:  # a year or less by month: the months
        return [(x(n), f"{period.first.month}月") for n, period in enumerate(periods)]
    ticks, last = [], None
    for n, period in starts:
        if last is None or x(n) - last >= LABEL_SPACING:
            ticks.append((x(n), f"{period.first.year}"))
            last = x(n)
    return ticks
