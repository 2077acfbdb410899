from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("search/", include("articles.search.urls")),
    path("report/", include("articles.reports.urls")),
    path("", include("articles.urls")),
]
