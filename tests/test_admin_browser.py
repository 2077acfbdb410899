"""In headless Chromium: an editor logs in and corrects a headline, and readers see it."""

import os

from django.contrib.auth.models import Group, User

from articles.models import Article

from .base import SAMPLE, LiveTestCase, browser_page, import_paths, log_in

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class EditorInBrowserTests(LiveTestCase):
    def setUp(self):
        import_paths(SAMPLE)

        editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        editor.groups.add(Group.objects.get(name="editors"))
        self.article = Article.objects.get(page__number=2, position=2)
        self.page = browser_page(self)

    def test_an_editor_logs_in_and_corrects_a_headline(self):
        page = self.page
        log_in(page, self.live_server_url, "lihua", "a-long-editor-password")

        page.goto(f"{self.live_server_url}/admin/articles/article/?q=电梯")
        page.click("text=旧楼装上新电梯 居民出门更轻松")
        page.fill("#id_headline", "老楼装上新电梯 居民出门更轻松")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")

        page.goto(self.live_server_url + self.article.get_absolute_url())
        self.assertEqual(page.inner_text("h1"), "老楼装上新电梯 居民出门更轻松")
        self.article.refresh_from_db()
        self.assertEqual(self.article.edited_fields, ["headline"])
