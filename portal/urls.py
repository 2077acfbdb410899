from django.contrib import admin
from django.urls import include, path

from articles.health import healthz

from .views import page_not_found, permission_denied, server_error

urlpatterns = [
    # /healthz (and /healthz/: a load balancer may be set up with either)
    path("healthz", healthz, name="healthz"),
    path("healthz/", healthz),
    path("admin/", admin.site.urls),
    path("search/", include("articles.search.urls")),
    path("report/", include("articles.reports.urls")),
    path("propose/", include("articles.proposals.urls")),
    path("", include("articles.comforts.urls")),
    path("", include("articles.urls")),
    # For researchers (#27): citations, 词频趋势, the exported files, 关于本馆藏, the API's documentation.
    path("", include("articles.research.urls")),
]

handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error
