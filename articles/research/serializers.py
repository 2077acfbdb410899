"""The research pages' JSON: the same data as their HTML, with absolute URLs."""


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
