from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.urls.converters import StringConverter
from django.views.generic import TemplateView

from . import feeds, views
from .proposals import views as proposals
from .sitemaps import SITEMAPS


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(TwoDigitConverter):
    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


class PrintedNameConverter(StringConverter):
    """A name as printed: any characters but a slash or a control character (PostgreSQL refuses NUL)."""

    regex = r"[^/\x00-\x1f\x7f]+"


class PersonNameConverter(StringConverter):
    """A person's name as an editor may write it, slashes included (林晓/改); only NUL, which no database keeps, is out."""

    regex = r"[^\x00]+"


register_converter(TwoDigitConverter, "nn")
register_converter(PrintedNameConverter, "name")
register_converter(PersonNameConverter, "person")
register_converter(YearConverter, "yyyy")

app_name = "articles"

# Every page also answers ?format=json with its data (docs/reading.md).
urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /date/?date=2024-02-06 (the home page's date form)
    path("date/", views.jump, name="jump"),
    # /archive/
    path("archive/", views.archive, name="archive"),
    # /2024/
    path("<yyyy:year>/", views.year, name="year"),
    # /2024/02/
    path("<yyyy:year>/<nn:month>/", views.month, name="month"),
    # /2024/02/06/
    path("<yyyy:year>/<nn:month>/<nn:day>/", views.issue, name="issue"),
    # /2024/02/06/01/
    path("<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/", views.page, name="page"),
    # /2024/02/06/01/3/ (3: the article's number on page 01, kept for life)
    path("<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/<int:number>/", views.article, name="article"),
    # /2024/02/06/01/3/corrections/ (本文已更正: what changed and when)
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/<int:number>/corrections/",
        proposals.corrections,
        name="corrections",
    ),
    # /2024/02/06/01/3/printed/ (the text as printed)
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/<int:number>/printed/", proposals.printed, name="printed"
    ),
    # /districts/
    path("districts/", views.districts, name="districts"),
    # /district/liling/
    path("district/<slug:slug>/", views.district, name="district"),
    # /district/liling/feed/
    path("district/<slug:slug>/feed/", feeds.DistrictFeed(), name="district-feed"),
    # /district/liling/feed/atom/
    path("district/<slug:slug>/feed/atom/", feeds.DistrictAtomFeed(), name="district-atom"),
    # /sections/
    path("sections/", views.sections, name="sections"),
    # /section/综合城区/
    path("section/<name:slug>/", views.section, name="section"),
    # /section/综合城区/feed/
    path("section/<name:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    # /section/综合城区/feed/atom/
    path("section/<name:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    # /column/今日谈/
    path("column/<name:name>/", views.column, name="column"),
    # /front-pages/ (头版 across dates)
    path("front-pages/", views.front_pages, name="front_pages"),
    # /people/
    path("people/", views.people, name="people"),
    # /person/刘毅/
    path("person/<person:name>/", views.person, name="person"),
    # /feed/
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    # /feed/atom/
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    # /sitemap.xml (an index of the files below)
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    # /sitemap-articles.xml
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # /favicon.ico (browsers ask for it whatever the page links; whitenoise serves the file)
    path("favicon.ico", views.favicon, name="favicon"),
    # /robots.txt
    path("robots.txt", TemplateView.as_view(template_name="articles/robots.txt", content_type="text/plain")),
]
