"""The search page, /search/?q=…, and its JSON variant (?format=json, same parameters)."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape

from articles.models import District, Person, Section
from articles.serializers import paged_url
from zhsearch.exceptions import SearchIndexUnavailable

from .cursor import date_page, next_cursor
from .forms import SearchForm

PER_PAGE = 20
# The orders a results page links, as it names them.
SORTS = [("", "相关度"), ("date", "新的在前"), ("oldest", "旧的在前")]
# The reporters the search form lists before a search: those with the most articles.
REPORTERS = 30


def search(request):
    form = SearchForm(request.GET)
    context = {
        "form": form,
        "searched": False,
        "page_obj": None,
        "facets": {},
        "fallback": [],
        "titles_then_newest": False,
        "misprints": [],
        "highlighted": "",
        "fewer_words": [],
        "whole_archive": "",
        "sorts": SORTS,
    }
    status = 200
    if form.is_valid() and form.has_query():
        found = form.search()
        try:
            # The Paginator counts the matches (with the facets) and fetches the one page it shows.
            page_obj = Paginator(found.results, PER_PAGE).get_page(request.GET.get("page"))
            if form.by_date and request.GET.get("format") == "json":  # programs page on by date
                if form.cleaned_data["cursor"]:
                    context["date_page"] = date_page(found.results, form.cleaned_data["cursor"], PER_PAGE)
                else:
                    context["next_cursor"] = next_cursor(found.results, list(page_obj), page_obj.end_index())
            context.update(
                searched=True,
                page_obj=page_obj,
                facets=found.facets,
                fallback=found.fallback,
                titles_then_newest=found.titles_then_newest,
                misprints=found.misprints,
                highlighted=found.highlighted,
                fewer_words=found.fewer_words() if not page_obj.paginator.count else [],
                whole_archive=form.whole_archive() if form.has_filters() else "",
            )
            context["reporters_left_out"] = "reporters" not in context["facets"]
        except SearchIndexUnavailable as error:
            context["unavailable"], status = error.reason, 503
    if not context["searched"] and request.GET.get("format") != "json":
        # The lists to pick a district, a section or a reporter from before anything is searched;
        # once it is, the facets of the results are the lists.
        context["facets"] = choices()
    if request.GET.get("format") == "json":
        status = 400 if form.errors else status
        return JsonResponse(
            as_json(request, context), status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "search/search.html", context, status=status)


def choices():
    """{"districts", "section", "reporters": [(name, count)]} across the archive, for the search form."""
    return {
        "districts": [
            (d.name, d.article_count) for d in District.objects.with_article_counts() if d.article_count
        ],
        "section": [(s.name, s.article_count) for s in Section.objects.with_article_counts().as_printed()],
        "reporters": [
            (p.name, p.article_count)
            for p in Person.objects.with_article_counts().order_by("-article_count", "name")[:REPORTERS]
        ],
    }


def as_json(request, context):
    form, page_obj = context["form"], context["page_obj"]
    data = {
        "query": form.cleaned_data.get("q", "") if form.is_valid() else request.GET.get("q", ""),
        "errors": [str(e) for errors in form.errors.values() for e in errors],
        "unavailable": context.get("unavailable"),
        "fallback_words": context["fallback"],
        "misprints": [{"printed": wrong, "meant": right} for wrong, right in context["misprints"]],
        "count": 0,
        "results": [],
        "facets": {
            name: [{"value": v, "count": n} for v, n in counts] for name, counts in context["facets"].items()
        },
        # True when too many match to rank them all: title-block matches first, then the newest.
        "titles_then_newest": context["titles_then_newest"],
    }
    if page_obj is not None:
        data.update(
            count=page_obj.paginator.count,
            page=page_obj.number,
            num_pages=page_obj.paginator.num_pages,
            previous=paged_url(request, page_obj.previous_page_number()) if page_obj.has_previous() else None,
            next=paged_url(request, page_obj.next_page_number()) if page_obj.has_next() else None,
            results=[result_json(request, result) for result in page_obj],
        )
    cursor, date_paged = context.get("next_cursor"), context.get("date_page")
    if date_paged is not None:
        cursor = date_paged.next_cursor
        data.update(
            count=date_paged.count,
            page=None,
            num_pages=None,
            previous=None,
            results=[result_json(request, result) for result in date_paged.results],
        )
    data["next_cursor"] = cursor
    if cursor or date_paged is not None:
        data["next"] = cursor_url(request, cursor) if cursor else None
    return data


def cursor_url(request, cursor):
    query = request.GET.copy()
    query.pop("page", None)
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def result_json(request, result):
    highlighted = result.highlighted or {}
    return {
        "url": request.build_absolute_uri(result.url),
        "headline": result.headline,
        "kicker": result.kicker,
        "subtitle": result.subtitle,
        "date": result.date.isoformat(),
        "page": result.page,
        "section": result.section,
        "districts": result.districts,
        "reporters": result.reporters,
        "kind": result.kind,
        "score": result.score,
        "headline_html": (highlighted.get("headline") or [escape(result.headline)])[0],
        "snippet_html": (highlighted.get("text") or [""])[0],
    }
