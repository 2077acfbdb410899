import calendar
import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Article, District, Issue, Page, Person, Section

PER_PAGE = 20


def home(request):
    latest = Issue.objects.first()
    front = latest.pages.first() if latest else None
    context = {
        "issue": latest,
        "front_articles": front.articles.stories() if front else [],
        "districts": District.objects.all(),
        "sections": Section.objects.with_article_counts(),
    }
    return render(request, "articles/home.html", context)


def archive(request):
    years = Issue.objects.dates("date", "year", order="DESC")
    return render(request, "articles/archive.html", {"years": years})


def year(request, year):
    days = set(Issue.objects.filter(date__year=year).values_list("date", flat=True))
    if not days:
        raise Http404("no issue in this year")
    months = [
        (month, calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)) for month in range(1, 13)
    ]
    return render(request, "articles/year.html", {"year": year, "months": months, "days": days})


def _issue_or_404(year, month, day):
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Http404("no such date") from None
    return get_object_or_404(Issue, date=date)


def issue(request, year, month, day):
    issue = _issue_or_404(year, month, day)
    pages = issue.pages.select_related("section").prefetch_related("articles")
    return render(request, "articles/issue.html", {"issue": issue, "pages": pages})


def page(request, year, month, day, page):
    issue = _issue_or_404(year, month, day)
    page = get_object_or_404(Page.objects.select_related("section"), issue=issue, number=page)
    articles = page.articles.prefetch_related("bylines__person")
    return render(request, "articles/page.html", {"issue": issue, "page": page, "articles": articles})


def article(request, year, month, day, page, position):
    issue = _issue_or_404(year, month, day)
    article = get_object_or_404(
        Article.objects.select_related("page__issue", "page__section").prefetch_related(
            "bylines__person", "districts", "captions"
        ),
        page__issue=issue,
        page__number=page,
        position=position,
    )
    return render(request, "articles/article.html", {"article": article})


def _listing(request, template, queryset, context):
    paginator = Paginator(queryset.for_lists().newest_first(), PER_PAGE)
    context["page_obj"] = paginator.get_page(request.GET.get("page"))
    return render(request, template, context)


def district(request, slug):
    district = get_object_or_404(District, slug=slug)
    articles = Article.objects.stories().in_district(district)
    return _listing(request, "articles/district.html", articles, {"district": district})


def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.stories().in_section(section)
    return _listing(request, "articles/section.html", articles, {"section": section})


def person(request, name):
    person = get_object_or_404(Person, name=name)
    articles = Article.objects.by_person(person)
    return _listing(request, "articles/person.html", articles, {"person": person})
