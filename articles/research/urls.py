from django.urls import path, register_converter

from . import feeds, views


class CitationFormatConverter:
    """The citation files an article offers: RIS, BibTeX, CSL-JSON."""

    regex = "ris|bib|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CitationFormatConverter, "citeformat")

app_name = "research"

# After articles.urls, whose converters (yyyy, nn) these patterns use.
urlpatterns = [
    # /2024/02/06/01/3/cite.ris (also cite.bib, cite.json: CSL-JSON)
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/<int:number>/cite.<citeformat:format>",
        views.cite,
        name="cite",
    ),
    # /trends/?q=疫情&q=防控&district=醴陵市 (and &format=json, &format=csv)
    path("trends/", views.trends, name="trends"),
    # /about/ (关于本馆藏; ?missing_page=2, ?gaps_page=2)
    path("about/", views.about, name="about"),
    # /api/ (what every JSON of the portal holds)
    path("api/", views.api, name="api"),
    # /data/ (the exported files)
    path("data/", views.data, name="data"),
    # /data/feed/ (Atom: new exported files)
    path("data/feed/", feeds.ExportsFeed(), name="data-feed"),
    # /data/articles-2024.jsonl.gz, /data/manifest.json
    path("data/<str:name>", views.data_file, name="data-file"),
    # /data/changes-since-2026-11-01/articles-2024.jsonl.gz
    path("data/<str:folder>/<str:name>", views.data_file, name="data-changes-file"),
]
