from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "报纸档案"

    def ready(self):
        from . import changes  # noqa: F401  (connects the listeners of the one path from a change to readers)

        # Readers' proposals: a model of this app kept beside its feature (articles/proposals/), on top
        # of articles.models, which reaches it through its relation and never imports it.
        from .proposals import models  # noqa: F401
