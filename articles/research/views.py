"""The research pages: citation downloads, 词频趋势, the exported files (/data/), 关于本馆藏 and /api/."""

import csv
import io

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from articles.caching import cached_until_changed
from articles.models import Article
from articles.views import MAX_AGE, archive_changed, respond, to_date
from zhsearch.exceptions import SearchIndexUnavailable

from . import serializers
from .apidocs import MANIFEST_FIELDS, documented
from .chart import percent, trend_chart
from .citation import Citation
from .export import FIELDS, MANIFEST, published, published_file
from .holdings import TEXT_SOURCE, Holdings, missing_pages
from .trends import MAX_TERMS, TrendForm

# The issues missing pages or missing between others, a page of each list at a time.
LIST_PER_PAGE = 50
# Exports listed on /data/ (the whole archive and the changes since each day asked).
EXPORTS_PER_PAGE = 20


def cite(request, year, month, day, page, number, format):
    """An article's citation as a file a reference manager imports (RIS, BibTeX, CSL-JSON)."""
    date = to_date(year, month, day)
    found = Article.objects.select_related("page__issue", "page__section").with_bylines()
    article = found.filter(page__issue__date=date, page__number=page, number=number).first() if date else None
    if article is None:
        moved = Article.objects.moved_from(date, page, number) if date else None
        if moved is None:
            raise Http404("没有这篇文章。")
        return redirect(
            "research:cite",
            *(moved.date.year, moved.date.month, moved.date.day, page, moved.number, format),
            permanent=True,
        )
    text, content_type, filename = Citation.of(article, request.build_absolute_uri).download(format)
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, max_age=MAX_AGE)
    return response


def trends(request):
    """/trends/?q=疫情&q=防控: the share of articles per month containing each word; ?format=json or csv."""
    form = TrendForm(request.GET)
    asked = [term for term in request.GET.getlist("q") if term.strip()]
    context = {
        "form": form,
        "trend": None,
        "chart": None,
        "unavailable": None,
        "terms_inputs": asked[:MAX_TERMS] + [""] * (MAX_TERMS - len(asked)),
    }
    status = 200
    if form.is_valid() and form.cleaned_data["q"]:
        trend = form.trend()
        try:  # counted here: an index that cannot answer is a 503, not an error while rendering
            chart, rows = trend_chart(trend), _table_rows(trend)
        except SearchIndexUnavailable as error:
            context["unavailable"], status = error.reason, 503
        else:
            context.update(trend=trend, chart=chart, rows=rows)
    wanted = request.GET.get("format")
    if wanted == "csv" and context["trend"] is not None:
        response = _csv(context["trend"])
    elif wanted in ("json", "csv"):
        status = 400 if form.errors else status
        response = JsonResponse(
            serializers.trend(request, context), status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = render(request, "research/trends.html", context, status=status)
    patch_cache_control(response, max_age=MAX_AGE)
    return response


def _table_rows(trend):
    """The table's rows, each share written as the chart's axis writes it."""
    shares = [share for series in trend.series for share in series.shares if share is not None]
    scale = max(shares, default=0)
    return [
        (
            period,
            total,
            [(count, None if share is None else percent(share, scale), url) for count, share, url in cells],
        )
        for period, total, cells in trend.rows()
    ]


def _csv(trend):
    """The series as CSV, with a byte-order mark: spreadsheets then read the Chinese as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        ["period", "articles", *(f"{term} {what}" for term in trend.terms for what in ("count", "share"))]
    )
    for period, total, cells in trend.rows():
        values = []
        for count, share, _ in cells:
            values += [count, "" if share is None else f"{share:.6f}"]
        writer.writerow([period.key, total, *values])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trends.csv"'
    return response


@cached_until_changed(archive_changed)
def about(request):
    """关于本馆藏: what the archive holds and lacks, how its text came to be, on what terms, since when."""
    holdings = Holdings()
    incomplete = Paginator(holdings.incomplete, LIST_PER_PAGE).get_page(request.GET.get("missing_page"))
    gaps = Paginator(holdings.gaps, LIST_PER_PAGE).get_page(request.GET.get("gaps_page"))
    context = {
        "holdings": holdings,
        "incomplete": incomplete,
        "missing_pages": missing_pages(incomplete.object_list),
        "gaps": gaps,
        "licence": settings.ARCHIVE_LICENCE,
        "text_source": TEXT_SOURCE,
        "exports": published(),
    }
    return respond(request, "research/about.html", context, serializers.about)


def data(request):
    """/data/: the exported files, with their sizes, dates and checksums; ?format=json their manifests."""
    exports = Paginator(published(), EXPORTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"exports": exports, "licence": settings.ARCHIVE_LICENCE}
    return respond(request, "research/data.html", context, serializers.data)


def data_file(request, name, folder=""):
    """An exported file or a manifest, by the name a manifest gives it: nothing else in the folder is served."""
    path = published_file(folder, name)
    if path is None or not path.is_file():
        raise Http404("没有这个文件。")
    is_manifest = name == MANIFEST
    response = FileResponse(
        path.open("rb"),
        as_attachment=not is_manifest,
        filename=name,
        content_type="application/json; charset=utf-8" if is_manifest else "application/gzip",
    )
    response["Last-Modified"] = http_date(path.stat().st_mtime)
    patch_cache_control(response, max_age=MAX_AGE)
    return response


@cached_until_changed(archive_changed)
def api(request):
    """/api/: every JSON the portal serves, with live examples, its paging and its limits."""
    context = {
        "endpoints": documented(),
        "rate": settings.API_RATE,
        "manifest_fields": MANIFEST_FIELDS,
        "fields": FIELDS,
    }
    return render(request, "research/api.html", context)
