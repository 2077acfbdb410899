"""The research pages' JSON: the same data as their HTML, with absolute URLs."""

from django.urls import reverse

from .export import MANIFEST
from .holdings import TEXT_SOURCE


def trend(request, context):
    form, trend = context["form"], context["trend"]
    data = {
        "terms": form.cleaned_data.get("q", []) if form.is_valid() else request.GET.getlist("q"),
        "errors": [str(e) for errors in form.errors.values() for e in errors],
        "unavailable": context["unavailable"],
        "by": None,
        "filters": {},
        "periods": [],
        "articles": [],
        "series": [],
    }
    if trend is not None:
        data.update(
            by=trend.unit,
            filters=trend.filters,
            periods=[period.key for period in trend.periods],
            articles=trend.totals,
            series=[
                {
                    "term": series.term,
                    "counts": series.counts,
                    "shares": series.shares,
                    "search": [request.build_absolute_uri(url) for url in series.search_urls],
                }
                for series in trend.series
            ],
        )
    return data


def paged(request, page_obj, param, key, items):
    """A page of a list whose page number is `param`, its links JSON too."""

    def link(number):
        query = request.GET.copy()
        query[param] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "num_pages": page_obj.paginator.num_pages,
        "previous": link(page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next": link(page_obj.next_page_number()) if page_obj.has_next() else None,
        key: items,
    }


def manifest_url(request, manifest):
    folder = manifest["folder"]
    if folder:
        return request.build_absolute_uri(reverse("research:data-changes-file", args=[folder, MANIFEST]))
    return request.build_absolute_uri(reverse("research:data-file", args=[MANIFEST]))


def about(request, context):
    holdings = context["holdings"]
    return {
        "first_issue": holdings.first.isoformat() if holdings.first else None,
        "last_issue": holdings.last.isoformat() if holdings.last else None,
        "counts": {**holdings.counts, "months": holdings.months},
        "years": [
            {
                "year": year.year,
                "months": year.months,
                "issues": year.issues,
                "pages_printed": year.printed,
                "pages_held": year.held,
                "incomplete_issues": year.incomplete,
            }
            for year in holdings.years
        ],
        "issues_without_page_count": holdings.unknown_page_count,
        "incomplete_issues": paged(
            request,
            context["incomplete"],
            "missing_page",
            "issues",
            [
                {
                    "url": request.build_absolute_uri(entry.issue.get_absolute_url()),
                    "date": entry.issue.date.isoformat(),
                    "number": entry.issue.number,
                    "pages_printed": entry.printed,
                    "pages_held": entry.held,
                    "missing_pages": missing,
                }
                for entry, missing in context["missing_pages"]
            ],
        ),
        "missing_issues": paged(
            request,
            context["gaps"],
            "gaps_page",
            "runs",
            [
                {
                    "after": gap.after.date.isoformat(),
                    "before": gap.before.date.isoformat(),
                    "first_number": gap.numbers[0],
                    "last_number": gap.numbers[1],
                    "count": gap.count,
                }
                for gap in context["gaps"]
            ],
        ),
        "text_source": TEXT_SOURCE,
        "licence": context["licence"],
        "last_changed": holdings.last_change.isoformat() if holdings.last_change else None,
        "exports": [
            {
                "since": manifest["since"],
                "generated_at": manifest["generated_at"],
                "articles": manifest["articles"],
                "manifest": manifest_url(request, manifest),
            }
            for manifest in context["exports"]
        ],
    }


def data(request, context):
    exports = context["exports"]
    return paged(
        request,
        exports,
        "page",
        "exports",
        [
            {
                **{k: v for k, v in manifest.items() if k != "folder"},
                "manifest": manifest_url(request, manifest),
            }
            for manifest in exports
        ],
    )
