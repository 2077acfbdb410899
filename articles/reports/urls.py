from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # /report/1234/
    path("<int:article_id>/", views.new, name="new"),
    # /report/1234/thanks/
    path("<int:article_id>/thanks/", views.thanks, name="thanks"),
]
