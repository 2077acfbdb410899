from axes.apps import AppConfig


class AxesConfig(AppConfig):
    """django-axes under a Chinese name in the admin (its models' names come from articles/locale)."""

    verbose_name = "登录保护"
