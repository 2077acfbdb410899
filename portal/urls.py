from django.contrib import admin
from django.urls import include, path

from articles.health import healthz

from .views import server_error

urlpatterns = [
    # /healthz (and /healthz/: a load balancer may be set up with either)
    path("healthz", healthz, name="healthz"),
    path("healthz/", healthz),
    path("admin/", admin.site.urls),
    path("search/", include("articles.search.urls")),
    path("report/", include("articles.reports.urls")),
    path("", include("articles.comforts.urls")),
    path("", include("articles.urls")),
]

handler500 = server_error
