from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    # /search/?q=醴陵&district=醴陵市&start=2024-01-01&sort=date (and &format=json)
    path("", views.search, name="search"),
]
