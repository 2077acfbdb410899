"""Every URL a reader or a bot can send answers 200, 301/302, 400 or 404, never 500.

The walk reads the routes from the URL configuration itself, so a route
added later is walked too: each converter takes a value that exists and
values out of every range (year 0, month 13, a page number past any integer
column), and each page takes out-of-range query parameters (years, months,
dates, page numbers, filters). The admin, for editors behind a login, is
left out.
"""

import re

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver

from articles.models import Article, Section

from .base import SAMPLE, import_paths

ANSWERS = {200, 301, 302, 400, 404}
# Each converter: a value that names something, then values out of its range.
EDGES = {
    "yyyy": ["0000", "0001", "9999"],
    "nn": ["00", "13", "32", "99"],
    "int": ["0", "2147483648", "9223372036854775808", "99999999999999999999999"],
    "slug": ["nowhere", "x" * 300],
    "name": ["没有这个版", "%3Cscript%3E", "x" * 300],
    "person": ["没有这个人", "a/b/c", "x" * 300],
    "str": ["nothing", "x" * 300],
    "citeformat": ["doc", "x" * 300],
}
QUERIES = [
    {"year": "0000"},
    {"year": "0001"},
    {"year": "9999"},
    {"year": "9999", "month": "12"},
    {"year": "0000", "month": "1"},
    {"year": "10000"},
    {"year": "-1"},
    {"month": "13"},
    {"month": "0"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "99999999999999999999"},
    {"page": "abc"},
    {"p": "0"},
    {"p": "99999999999999999999"},
    {"date": "0000-01-01"},
    {"date": "0001-01-01"},
    {"date": "9999-12-31"},
    {"date": "2024-02-30"},
    {"q": "株洲", "start": "0001-01-01", "end": "9999-12-31"},
    {"q": "株洲", "year": "9999"},
    {"q": "株洲", "year": "1"},
    {"q": "株洲", "page": "99999999999999999999"},
    {"format": "json", "year": "9999", "month": "12", "page": "99999999999999999999"},
]


def routes(resolver=None, prefix=""):
    """(route, {name: converter}) of every pattern a reader's request may meet, the admin left out."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern.converters


class RouteWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLE)
        article = Article.objects.stories().select_related("page__issue").first()
        section = Section.objects.filter(pages__isnull=False).first()
        person = article.bylines.first().person if article.bylines.exists() else None
        day = article.page.issue.date
        cls.existing = {
            "yyyy": f"{day:%Y}",
            "nn": f"{day:%m}",
            "int": str(article.pk),
            "slug": "liling",
            "name": section.slug,
            "person": person.name if person else "刘毅",
            "str": "articles",
            "citeformat": "ris",
        }

    def setUp(self):
        # Every failure in the list, each as the 500 a reader would get.
        self.client.raise_request_exception = False

    def paths(self, route, converters):
        """The route with existing values, and with each converter's out-of-range values in turn."""
        names = re.findall(r"<(?:(\w+):)?(\w+)>", route)

        def build(values):
            path = route
            for (kind, name), value in zip(names, values, strict=True):
                path = path.replace(f"<{kind}:{name}>" if kind else f"<{name}>", value, 1)
            return "/" + path

        kinds = [kind or "str" for kind, _ in names]
        existing = [self.existing[kind] for kind in kinds]
        yield build(existing)
        for position, kind in enumerate(kinds):
            for edge in EDGES[kind]:
                yield build([*existing[:position], edge, *existing[position + 1 :]])
        if kinds:
            yield build([EDGES[kind][0] for kind in kinds])
            yield build([EDGES[kind][-1] for kind in kinds])

    def test_no_route_answers_500_whatever_its_path_or_query_holds(self):
        failures, walked = [], set()
        for route, converters in routes():
            walked.add(route)
            for number, path in enumerate(self.paths(route, converters)):
                for query in [{}] + (QUERIES if number == 0 else []):
                    response = self.client.get(path, query)
                    if response.status_code not in ANSWERS:
                        failures.append(f"{response.status_code} {path} {query}")
        self.assertIn("<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/<int:number>/", walked)
        self.assertIn("search/", walked)
        self.assertIn("report/<int:article_id>/", walked)
        self.assertEqual(failures, [], "\n".join(failures))
