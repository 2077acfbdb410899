from axes.apps import AppConfig


class AxesConfig(AppConfig):
    """django-axes under a Chinese name in the admin (its models' names come from articles/locale)."""

    verbose_name = "登录保护"

    def ready(self):
        super().ready()
        # Its rows name themselves in English ("Access Log for …") in the admin's titles and
        # breadcrumbs, and axes has no setting for it.
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
        from django.utils.timezone import localtime

        AccessLog.__str__ = lambda log: (
            f"{log.username} 的登录记录（{localtime(log.attempt_time):%Y-%m-%d %H:%M:%S}）"
        )
        AccessAttempt.__str__ = lambda attempt: f"{attempt.username} 的登录尝试（{attempt.ip_address}）"
        AccessFailureLog.__str__ = lambda failure: (
            f"{failure.username} 的登录失败（{localtime(failure.attempt_time):%Y-%m-%d %H:%M:%S}，{failure.ip_address}）"
        )
