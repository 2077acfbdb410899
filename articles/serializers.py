"""Serializers of the reader's pages (?format=json): the page's data for other programs.

Each function takes the request and the context its view built, so the JSON
runs the same queries as the HTML and never drifts from it. URLs are absolute.
"""


def url(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url()) if obj else None


def paged_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def issue_summary(request, issue):
    if issue is None:
        return None
    return {
        "url": url(request, issue),
        "date": issue.date.isoformat(),
        "number": issue.number,
        "page_count": issue.page_count,
        "lunar_date": issue.lunar_date,
        "date_needs_review": issue.date_needs_review,
    }


def page_summary(request, page):
    if page is None:
        return None
    return {
        "url": url(request, page),
        "number": page.number,
        "section": page.section.name if page.section else None,
    }


def article_summary(request, article):
    """What a list shows of an article; needs the page, its issue and section loaded (for_lists())."""
    if article is None:
        return None
    return {
        "url": url(request, article),
        "kind": article.kind,
        "column": article.column,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "date": article.page.issue.date.isoformat(),
        "page": article.page.number,
        "section": article.page.section.name if article.page.section else None,
    }


def counted(request, objects):
    return [{**named(request, o), "article_count": o.article_count} for o in objects]


def paginated(request, page_obj, key, item):
    return {
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "num_pages": page_obj.paginator.num_pages,
        "previous": paged_url(request, page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next": paged_url(request, page_obj.next_page_number()) if page_obj.has_next() else None,
        key: [item(request, obj) for obj in page_obj],
    }


def home(request, context):
    return {
        "latest_issue": issue_summary(request, context["issue"]),
        "pages": [page_summary(request, page) for page in context["pages"]],
        "front_page": [article_summary(request, a) for a in context["front_articles"]],
        "on_this_day": [article_summary(request, a) for a in context["on_this_day"]],
        "districts": counted(request, context["districts"]),
        "sections": counted(request, context["sections"]),
    }


def archive(request, context):
    return {
        "years": [
            {
                "year": year["year"],
                "issue_count": year["count"],
                "months": [{"month": month.month, "issue_count": n} for month, n in year["months"] if n],
            }
            for year in context["years"]
        ]
    }


def year(request, context):
    return {"year": context["year"], "dates": sorted(day.isoformat() for day in context["days"])}


def month(request, context):
    return {
        "year": context["month"].year,
        "month": context["month"].month,
        "issues": [issue_summary(request, issue) for issue in context["issues"]],
    }


def issue(request, context):
    return {
        **issue_summary(request, context["issue"]),
        "previous_issue": issue_summary(request, context["previous_issue"]),
        "next_issue": issue_summary(request, context["next_issue"]),
        "pages": [
            {
                **page_summary(request, page),
                "articles": [
                    {"url": url(request, a), "headline": a.headline, "kind": a.kind}
                    for a in page.articles.all()
                ],
            }
            for page in context["pages"]
        ],
    }


def bylines(request, article):
    return [
        {"role": b.role, "name": b.person.name, "url": url(request, b.person), "description": b.description}
        for b in article.bylines.all()
    ]


def page(request, context):
    page = context["page"]
    return {
        **page_summary(request, page),
        "issue": issue_summary(request, context["issue"]),
        "editors": [{"role": role, "name": name} for role, name in page.editors],
        "previous_page": page_summary(request, context["previous_page"]),
        "next_page": page_summary(request, context["next_page"]),
        "articles": [
            {
                "url": url(request, a),
                "position": a.position,
                "kind": a.kind,
                "column": a.column,
                "kicker": a.kicker,
                "headline": a.headline,
                "subtitle": a.subtitle,
                "bylines": bylines(request, a),
            }
            for a in context["articles"]
        ],
    }


def article(request, context):
    a = context["article"]
    return {
        **article_summary(request, a),
        "position": a.position,
        "issue": issue_summary(request, context["issue"]),
        "page": page_summary(request, a.page),
        "bylines": bylines(request, a),
        "districts": [{"name": d.name, "url": url(request, d)} for d in a.districts.all()],
        "captions": [{"text": c.text, "credit": c.credit} for c in a.captions.all()],
        "paragraphs": a.paragraphs,
        # The author's description when no one byline holds it (作者为……).
        "author_note": a.author_note,
        "continues_on": a.continues_on,
        "continues_to": url(request, context["continues_to"]),
        "continued_from": a.continued_from,
        "continued_from_article": url(request, context["continued_from"]),
        "previous_article": url(request, context["previous_article"]),
        "next_article": url(request, context["next_article"]),
        # 本文已更正: what the paper printed of each text field corrected since (Article.printed_texts).
        "corrected": a.is_corrected,
        "as_printed": as_printed(a),
    }


def as_printed(article):
    """The printed values of an article's corrected text fields, shaped as the article's own keys."""
    printed = {}
    for name, value in article.printed_texts().items():
        if name == "body":
            printed["paragraphs"] = [p for p in value.split("\n") if p.strip()]
        elif name == "captions":
            printed["captions"] = [{"text": text, "credit": credit} for text, credit in value]
        else:
            printed[name] = value
    return printed or None


def listing(request, context):
    return {
        "year": context["year"],
        "years": [{"year": year, "article_count": n} for year, n in context["years"]],
        "per_month": [
            {"month": row["month"].strftime("%Y-%m"), "article_count": row["count"]}
            for row in context["months"]
        ],
        **paginated(request, context["page_obj"], "articles", article_summary),
    }


def named(request, obj):
    return {"name": obj.name, "url": url(request, obj)}


def district(request, context):
    return {"district": named(request, context["district"]), **listing(request, context)}


def section(request, context):
    return {"section": named(request, context["section"]), **listing(request, context)}


def person(request, context):
    return {"person": named(request, context["person"]), **listing(request, context)}


def column(request, context):
    return {
        "column": context["column"],
        **paginated(request, context["page_obj"], "articles", article_summary),
    }


def front_page(request, issue):
    return {
        **issue_summary(request, issue),
        "front_page": [article_summary(request, article) for article in issue.front_stories],
    }


def front_pages(request, context):
    return paginated(request, context["page_obj"], "issues", front_page)


def person_count(request, person):
    return {**named(request, person), "article_count": person.article_count}


def districts(request, context):
    return {"districts": counted(request, context["districts"])}


def sections(request, context):
    return {"sections": counted(request, context["sections"])}


def people(request, context):
    return paginated(request, context["page_obj"], "people", person_count)


def missing(request, context):
    return {
        "error": context["message"],
        "nearest_before": issue_summary(request, context["before"]),
        "nearest_after": issue_summary(request, context["after"]),
        "issue": issue_summary(request, context["issue"]),
    }
