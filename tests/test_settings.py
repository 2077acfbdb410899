"""Settings read from the environment; production refuses to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings", PORTAL_DATA_DIR=os.environ["PORTAL_DATA_DIR"], **env
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


class SettingsTests(SimpleTestCase):
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = manage("check", PORTAL_ENV="production")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY is not set", result.stderr)

    def test_production_passes_the_deployment_checklist(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            PORTAL_ENV="production",
            DJANGO_SECRET_KEY="k" * 20 + "-production-test-key-" + "z" * 30,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_a_fresh_checkout_runs_with_no_environment_and_debug_off(self):
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.DEBUG, settings.TIME_ZONE, "
            "settings.LANGUAGE_CODE, settings.DATABASES['default']['ENGINE'])",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.split(), ["False", "Asia/Shanghai", "zh-hans", "django.db.backends.sqlite3"]
        )

    def test_a_bad_boolean_is_a_clear_error(self):
        result = manage("check", DJANGO_DEBUG="maybe")
        self.assertIn("DJANGO_DEBUG must be true or false", result.stderr)

    def test_the_paper_and_site_names_come_from_the_environment(self):
        show = "from django.conf import settings; print(settings.PAPER_NAME, settings.SITE_NAME)"
        self.assertEqual(
            manage("shell", "--no-imports", "-c", show).stdout.split(), ["株洲日报", "株洲日报数字报档案"]
        )
        self.assertEqual(
            manage("shell", "--no-imports", "-c", show, PORTAL_PAPER_NAME="湘江晚报").stdout.split(),
            ["湘江晚报", "湘江晚报数字报档案"],
        )
        named = manage(
            "shell", "--no-imports", "-c", show, PORTAL_PAPER_NAME="湘江晚报", PORTAL_SITE_NAME="湘江晚报"
        )
        self.assertEqual(named.stdout.split(), ["湘江晚报", "湘江晚报"])

    def test_a_blank_paper_name_is_a_clear_error(self):
        result = manage("check", PORTAL_PAPER_NAME="  ")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("PORTAL_PAPER_NAME must be one line of text, not ''", result.stderr)
