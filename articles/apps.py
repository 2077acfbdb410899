from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "报纸档案"

    def ready(self):
        from . import changes  # noqa: F401  (connects the listeners of the one path from a change to readers)
