"""The reader's pages: the paper by date, page and article, and lists by district, section and person.

Every page runs a fixed handful of queries whatever the archive's size, answers
conditional GETs from `Issue.updated_at`, and with ?format=json sends its data
as JSON (articles/serializers.py).
"""

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import patch_cache_control

from . import serializers
from .caching import cached_until_changed
from .models import (
    Article,
    ArticleRedirect,
    Caption,
    District,
    FormerName,
    FormerSectionSlug,
    Issue,
    Page,
    Person,
    Section,
    Tally,
    date_kwargs,
    next_month,
)
from .pagination import MonthPaginator
from .research.citation import cited_today
from .search.query import words_to_mark

PER_PAGE = 20
PEOPLE_PER_PAGE = 100
FRONT_PAGES_PER_PAGE = 12
ON_THIS_DAY = 12
# How long browsers and proxies keep any page without asking. Old issues too: an
# editor's correction must reach readers within minutes, and asking again is a
# cheap 304 (Last-Modified) while nothing changed.
MAX_AGE = 5 * 60


def respond(request, template, context, serialize, *, status=200):
    """The page as HTML, or its data as JSON with ?format=json; both with a Cache-Control."""
    if request.GET.get("format") == "json":
        response = JsonResponse(
            serialize(request, context), status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = render(request, template, context, status=status)
    patch_cache_control(response, max_age=MAX_AGE)
    return response


def to_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def archive_changed(request, *args, **kwargs):
    return Issue.objects.last_change()


def issue_changed(request, year, month, day, **kwargs):
    date = to_date(year, month, day)
    return Issue.objects.last_change_around(date) if date else None


@cached_until_changed(archive_changed)
def home(request):
    issue = Issue.objects.public().first()
    day = issue.date if issue else timezone.localdate()
    context = {
        "issue": issue,
        "front_articles": Article.objects.on_front_page(issue).for_lists() if issue else [],
        "pages": issue.pages.select_related("section").order_by("number") if issue else [],
        "calendar_month": day.replace(day=1),
        "calendar_days": set(
            Issue.objects.public().in_month(day.year, day.month).values_list("date", flat=True)
        ),
        "districts": District.objects.with_article_counts(),
        "sections": Section.objects.with_article_counts().as_printed(),
        "on_this_day_date": day,
        "on_this_day": Article.objects.on_this_day(day).for_lists()[:ON_THIS_DAY],
    }
    return respond(request, "articles/home.html", context, serializers.home)


def favicon(request):
    return redirect(static("favicon.ico"), permanent=True)


def jump(request):
    """The home page's date form: straight to that day's issue, or to its 'no issue' page."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return redirect("articles:archive")
    return redirect("articles:issue", day.year, day.month, day.day)


@cached_until_changed(archive_changed)
def archive(request):
    counts = {row["month"]: row["count"] for row in Issue.objects.public().month_counts()}
    years = sorted({month.year for month in counts}, reverse=True)
    context = {
        "years": [
            {
                "year": year,
                "count": sum(n for month, n in counts.items() if month.year == year),
                "months": [
                    (datetime.date(year, m, 1), counts.get(datetime.date(year, m, 1), 0))
                    for m in range(1, 13)
                ],
            }
            for year in years
        ]
    }
    return respond(request, "articles/archive.html", context, serializers.archive)


@cached_until_changed(archive_changed)
def year(request, year):
    first = to_date(year, 1, 1)  # None for year 0, which no date holds
    days = (
        set(Issue.objects.public().filter(date__year=year).values_list("date", flat=True)) if first else set()
    )
    if not days:
        return missing(request, f"{year}年没有报纸。", near=first)
    years = Issue.objects.public().years()
    context = {
        "year": year,
        "months": [datetime.date(year, m, 1) for m in range(1, 13)],
        "days": days,
        "previous_year": max((y for y in years if y < year), default=None),
        "next_year": min((y for y in years if y > year), default=None),
    }
    return respond(request, "articles/year.html", context, serializers.year)


@cached_until_changed(archive_changed)
def month(request, year, month):
    first = to_date(year, month, 1)
    issues = (
        list(Issue.objects.public().in_month(year, month).with_front_page_lead().order_by("date"))
        if first
        else []
    )
    if not issues:
        return missing(request, f"{year}年{month}月没有报纸。", near=first)
    previous_issue = Issue.objects.public().filter(date__lt=first).first()
    next_issue = Issue.objects.public().filter(date__gt=issues[-1].date).last()
    context = {
        "month": first,
        "issues": issues,
        "days": {issue.date for issue in issues},
        "previous_month": previous_issue.date.replace(day=1) if previous_issue else None,
        "next_month": next_issue.date.replace(day=1) if next_issue else None,
    }
    return respond(request, "articles/month.html", context, serializers.month)


@cached_until_changed(issue_changed)
def issue(request, year, month, day):
    date = to_date(year, month, day)
    issue = Issue.objects.filter(date=date).first() if date else None
    if issue is None:
        moved = Issue.objects.moved_from(date) if date else None
        if moved:
            return redirect(moved, permanent=True)
        return no_issue(request, date)
    stories = Prefetch("articles", queryset=Article.objects.stories().defer("body").order_by("position"))
    # A sample issue, still read at its own address, leads back into the archive as any page does.
    previous_issue, next_issue = Issue.objects.public().nearest(issue.date)
    context = {
        "issue": issue,
        "pages": issue.pages.select_related("section").order_by("number").prefetch_related(stories),
        "previous_issue": previous_issue,
        "next_issue": next_issue,
    }
    return respond(request, "articles/issue.html", context, serializers.issue)


@cached_until_changed(issue_changed)
def page(request, year, month, day, page):
    date, number = to_date(year, month, day), page
    page = Page.objects.select_related("issue", "section").filter(issue__date=date, number=number).first()
    if page is None:
        moved = Issue.objects.moved_from(date) if date else None
        if moved and moved.pages.filter(number=number).exists():
            return redirect("articles:page", **date_kwargs(moved.date), page=number, permanent=True)
        return no_issue_page(request, date, number)
    pages = list(page.issue.pages.select_related("section").order_by("number"))
    articles = list(page.articles.order_by("position").with_bylines())
    # Where each jump leads, as on the article page: one query for the issue's other pages.
    elsewhere = list(Article.objects.in_issue(page.issue).exclude(page=page).for_lists())
    for article in articles:
        article.continues_to = article.continuation(elsewhere)
        article.continued_from_article = article.origin(elsewhere)
    context = {
        "issue": page.issue,
        "page": page,
        "articles": articles,
        "pages": pages,
        "previous_page": next((p for p in reversed(pages) if p.number < page.number), None),
        "next_page": next((p for p in pages if p.number > page.number), None),
    }
    return respond(request, "articles/page.html", context, serializers.page)


# An article shows its related articles from across the archive, so it
# changes when anything is imported, not only when its issue does; and it
# cites itself with today's date as read (引用本文), so it renews each day.
@cached_until_changed(cited_today(archive_changed))
def article(request, year, month, day, page, number):
    date = to_date(year, month, day)
    article = (
        Article.objects.select_related("page__issue", "page__section")
        .with_bylines()
        .prefetch_related("districts", Prefetch("captions", Caption.objects.order_by("position")))
        .filter(page__issue__date=date, page__number=page, number=number)
        .first()
    )
    if article is None:
        moved = Article.objects.moved_from(date, page, number) if date else None
        former = ArticleRedirect.objects.at(date, page, number) if date and not moved else None
        if former and former.article is None:
            return removed(request, former)
        if moved or former:
            return redirect(moved or former.article, permanent=True)
        return no_issue_page(request, date, page, number)
    siblings = list(Article.objects.in_issue(article.page.issue).for_lists().in_print_order())
    previous_article, next_article = article.neighbours(siblings)
    # The issue's pages, read from its articles (already fetched with their pages): 版面导航 and 上一版/下一版.
    pages = sorted({s.page_id: s.page for s in siblings}.values(), key=lambda p: p.number)
    continues_to = article.continuation(siblings)
    if continues_to and article.kind != Article.Kind.GUIDE:
        # The rest of the story, read after its start in one piece: a query for such a story alone.
        continues_to.body = Article.objects.values_list("body", flat=True).get(pk=continues_to.pk)
    context = {
        "article": article,
        # Split once: the page reads them three times, and a story may run to tens of thousands.
        "paragraphs": article.paragraphs,
        "issue": article.page.issue,
        "previous_article": previous_article,
        "next_article": next_article,
        "continues_to": continues_to,
        "continued": continues_to if continues_to and article.kind != Article.Kind.GUIDE else None,
        "continued_from": article.origin(siblings),
        "pages": pages,
        "previous_page": next((p for p in reversed(pages) if p.number < article.page.number), None),
        "next_page": next((p for p in pages if p.number > article.page.number), None),
        # The words of the search a reader came from, marked in the body.
        "marked": words_to_mark(request.GET.get("hl", "")),
    }
    return respond(request, "articles/article.html", context, serializers.article)


def listing(request, template, articles, months, context, serialize):
    """A paginated list of articles newest first, filterable by year and month, with its counts per month.

    `articles` comes from `in_district`, `in_section` or `by_person`; `months` from Tally.
    """
    years = {}
    for row in months:
        years[row["month"].year] = years.get(row["month"].year, 0) + row["count"]
    year = request.GET.get("year", "")
    # A year whose end (the next 1 January) a date can hold: 0000 and 9999 filter nothing.
    year = int(year) if len(year) == 4 and year.isdigit() else None
    year = year if year and datetime.MINYEAR <= year < datetime.MAXYEAR else None
    month = request.GET.get("month", "")
    # A month (a bar of the chart) narrows a year.
    month = int(month) if year and month.isdigit() and 1 <= int(month) <= 12 else None
    listed = months
    if year:
        months = [row for row in months if row["month"].year == year]
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        if month:
            start = datetime.date(year, month, 1)
            end = next_month(start)
        articles = articles.listed_between(start, end)
        listed = [row for row in months if start <= row["month"] < end]
    paginator = MonthPaginator(articles.for_lists().newest_first(), PER_PAGE, listed)
    context |= {
        "page_obj": paginator.get_page(request.GET.get("page")),
        "year": year,
        "month": datetime.date(year, month, 1) if month else None,
        "years": sorted(years.items(), reverse=True),
        "months": months,
    }
    return respond(request, template, context, serialize)


@cached_until_changed(archive_changed)
def district(request, slug):
    district = get_object_or_404(District, slug=slug)
    articles = Article.objects.public().stories().in_district(district)
    months = Tally.objects.months(Tally.Scope.DISTRICT, district.pk)
    context = {"district": district}
    return listing(request, "articles/district.html", articles, months, context, serializers.district)


@cached_until_changed(archive_changed)
def section(request, slug):
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        # A section an editor renamed: its old links lead to its page.
        renamed = get_object_or_404(FormerSectionSlug.objects.select_related("section"), slug=slug)
        return redirect(renamed.section, permanent=True)
    articles = Article.objects.public().stories().in_section(section)
    months = Tally.objects.months(Tally.Scope.SECTION, section.pk)
    if not months:
        # A section no story of the archive is printed under (a misread one, or samples put aside).
        return missing(request, f"没有「{section.name}」版的文章。")
    context = {"section": section}
    return listing(request, "articles/section.html", articles, months, context, serializers.section)


@cached_until_changed(archive_changed)
def person(request, name):
    person = Person.objects.filter(name=name).first()
    if person is None:
        # A name an editor corrected: its old links lead to the person's page.
        renamed = get_object_or_404(FormerName.objects.select_related("person"), name=name)
        return redirect(renamed.person, permanent=True)
    articles = Article.objects.public().by_person(person)
    months = Tally.objects.months(Tally.Scope.PERSON, person.pk)
    if not months:
        # No article of the archive names them (a misread name, or samples put aside).
        return missing(request, f"没有署名{person.name}的文章。")
    context = {"person": person}
    return listing(request, "articles/person.html", articles, months, context, serializers.person)


@cached_until_changed(archive_changed)
def column(request, name):
    """A column (栏目, 今日谈), every article printed under it, newest first."""
    articles = Article.objects.public().stories().filter(column=name).for_lists().newest_first()
    page_obj = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    if not page_obj.paginator.count:
        return missing(request, f"没有「{name}」栏目的文章。")
    context = {"column": name, "page_obj": page_obj}
    return respond(request, "articles/column.html", context, serializers.column)


@cached_until_changed(archive_changed)
def front_pages(request):
    """头版 across dates: each issue's first page with its stories' headlines, newest first."""
    issues = Paginator(Issue.objects.public().order_by("-date"), FRONT_PAGES_PER_PAGE)
    page_obj = issues.get_page(request.GET.get("page"))
    stories = {}
    for story in Article.objects.on_front_pages(page_obj.object_list):
        stories.setdefault(story.page.issue_id, []).append(story)
    for issue in page_obj:
        issue.front_stories = stories.get(issue.pk, [])
    context = {"page_obj": page_obj}
    return respond(request, "articles/front_pages.html", context, serializers.front_pages)


@cached_until_changed(archive_changed)
def districts(request):
    context = {"districts": District.objects.with_article_counts()}
    return respond(request, "articles/districts.html", context, serializers.districts)


@cached_until_changed(archive_changed)
def sections(request):
    context = {"sections": Section.objects.with_article_counts().as_printed()}
    return respond(request, "articles/sections.html", context, serializers.sections)


@cached_until_changed(archive_changed)
def people(request):
    people = Person.objects.with_article_counts().order_by("-article_count", "name")
    context = {"page_obj": Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))}
    return respond(request, "articles/people.html", context, serializers.people)


def missing(request, message, *, near=None, issue=None):
    """A 404 that helps: what is missing, and the nearest issues (or the issue's pages)."""
    before, after = Issue.objects.public().nearest(near) if near else (None, None)
    pages = issue.pages.select_related("section").order_by("number") if issue else []
    context = {"message": message, "before": before, "after": after, "issue": issue, "pages": pages}
    return respond(request, "articles/missing.html", context, serializers.missing, status=404)


def removed(request, gone):
    """410 Gone: a story a corrected file no longer prints; its issue is still there."""
    issue = gone.issue
    context = {
        "message": f"{issue}第{gone.page:02d}版的《{gone.headline}》已从本期删除。"
        if gone.headline
        else f"{issue}第{gone.page:02d}版的这篇文章已从本期删除。",
        "before": None,
        "after": None,
        "issue": issue,
        "pages": issue.pages.select_related("section").order_by("number"),
    }
    return respond(request, "articles/missing.html", context, serializers.missing, status=410)


def no_issue(request, date):
    if date is None:
        return missing(request, "这不是一个有效的日期。")
    return missing(request, f"{date:%Y年%-m月%-d日}没有报纸。", near=date)


def no_issue_page(request, date, page, number=None):
    issue = Issue.objects.filter(date=date).first() if date else None
    if issue is None:
        return no_issue(request, date)
    if issue.page_count and page <= issue.page_count and not issue.pages.filter(number=page).exists():
        # The masthead says the page was printed (今日N版): the archive lacks it, the paper did not.
        return missing(request, f"{issue}的第{page:02d}版本站未收录。", issue=issue)
    what = f"第{page:02d}版第{number}篇" if number else f"第{page:02d}版"
    return missing(request, f"{issue}没有{what}。", issue=issue)
