"""In headless Chromium: an editor logs in and corrects a headline, and readers see it."""

import os

from django.contrib.auth.models import Group, User
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from playwright.sync_api import sync_playwright

from articles.models import Article

from .base import CHROMIUM, CHROMIUM_ARGS, SAMPLE, import_paths

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class EditorInBrowserTests(StaticLiveServerTestCase):
    # Keep the gazetteer and the editors group, which migrations made, for the tests after this one.
    serialized_rollback = True

    def setUp(self):
        import_paths(SAMPLE)

        editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        editor.groups.add(Group.objects.get(name="editors"))
        self.article = Article.objects.get(page__number=2, position=2)
        # Started per test and stopped before the database is reset: while Playwright runs,
        # this thread's context sees a database connection without the serialized rollback data.
        playwright = sync_playwright().start()
        self.addCleanup(playwright.stop)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.addCleanup(browser.close)
        self.page = browser.new_page()

    def test_an_editor_logs_in_and_corrects_a_headline(self):
        page = self.page
        page.goto(f"{self.live_server_url}/admin/")
        page.fill("#id_username", "lihua")
        page.fill("#id_password", "a-long-editor-password")
        page.click("input[type=submit]")
        page.wait_for_selector("#user-tools")

        page.goto(f"{self.live_server_url}/admin/articles/article/?q=电梯")
        page.click("text=旧楼装上新电梯 居民出门更轻松")
        page.fill("#id_headline", "老楼装上新电梯 居民出门更轻松")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")

        page.goto(self.live_server_url + self.article.get_absolute_url())
        self.assertEqual(page.inner_text("h1"), "老楼装上新电梯 居民出门更轻松")
        self.article.refresh_from_db()
        self.assertEqual(self.article.edited_fields, ["headline"])
