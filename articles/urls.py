from django.urls import path, register_converter

from . import views


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


register_converter(TwoDigitConverter, "nn")
register_converter(YearConverter, "yyyy")

app_name = "articles"

urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /archive/
    path("archive/", views.archive, name="archive"),
    # /2024/
    path("<yyyy:year>/", views.year, name="year"),
    # /2024/02/06/
    path("<yyyy:year>/<nn:month>/<nn:day>/", views.issue, name="issue"),
    # /2024/02/06/01/
    path("<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/", views.page, name="page"),
    # /2024/02/06/01/3/
    path("<yyyy:year>/<nn:month>/<nn:day>/<nn:page>/<int:position>/", views.article, name="article"),
    # /district/liling/
    path("district/<slug:slug>/", views.district, name="district"),
    # /section/综合城区/
    path("section/<str:slug>/", views.section, name="section"),
    # /person/刘毅/
    path("person/<str:name>/", views.person, name="person"),
]
