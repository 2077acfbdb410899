from django.urls import path, register_converter

from . import parts, views


class PartConverter:
    """A part of an article a reader may correct (parts.NAMES)."""

    regex = "|".join(parts.NAMES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PartConverter, "part")

app_name = "proposals"

urlpatterns = [
    # /propose/1234/ (the article part by part, each with its link)
    path("<int:article_id>/", views.proofread, name="proofread"),
    # /propose/1234/headline/
    path("<int:article_id>/<part:part>/", views.propose_text, name="text"),
    # /propose/1234/body/3/ (paragraphs and captions from 0)
    path("<int:article_id>/<part:part>/<int:index>/", views.propose_text, name="text"),
    # /propose/1234/split/3/ (another story starts with paragraph 3)
    path("<int:article_id>/split/<int:index>/", views.propose_boundary, {"kind": "split"}, name="split"),
    # /propose/1234/paragraphs/3/ (paragraphs 3 and 4 are one)
    path(
        "<int:article_id>/paragraphs/<int:index>/",
        views.propose_boundary,
        {"kind": "paragraphs"},
        name="paragraphs",
    ),
    # /propose/1234/merge/ (the next article of the page is this one's)
    path("<int:article_id>/merge/", views.propose_boundary, {"kind": "merge"}, name="merge"),
    # /propose/1234/continues/ (the story continues on another page)
    path("<int:article_id>/continues/", views.propose_boundary, {"kind": "continues"}, name="continues"),
    # /propose/status/Zm9vYmFy…/ (the reader's private link)
    path("status/<str:token>/", views.status, name="status"),
]
