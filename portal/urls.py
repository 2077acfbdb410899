from django.contrib import admin
from django.urls import include, path

from articles.health import healthz

from .views import server_error

urlpatterns = [
    # /healthz
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("search/", include("articles.search.urls")),
    path("report/", include("articles.reports.urls")),
    path("", include("articles.urls")),
]

handler500 = server_error
