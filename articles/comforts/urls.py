from django.urls import path

from . import views

app_name = "comforts"

urlpatterns = [
    # /a/1234/: an article's short permalink
    path("a/<int:article_id>/", views.short_link, name="short"),
    # /a/1234/qr.svg: its QR code
    path("a/<int:article_id>/qr.svg", views.qr_code, name="qr"),
    # /text-size/?size=large&next=/2024/02/06/01/3/
    path("text-size/", views.text_size, name="text_size"),
    # /text-size.css: the reader's size, for the article page
    path("text-size.css", views.text_size_css, name="text_size_css"),
]
