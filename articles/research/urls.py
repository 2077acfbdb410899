from django.urls import path, register_converter

from . import views


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
]
