from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "报纸档案"

    def ready(self):
        from . import derived

        derived.connect_districts()
