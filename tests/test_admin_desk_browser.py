"""In headless Chromium at 1280×800, as an editor works: restore a field without losing what was typed
(with and without the page's script), read a long correction, find a reader's report, open a split's
version. Screenshots go to tests/screenshots/desk-*.png."""

import os
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, User
from reversion.models import Version

from articles.models import Article, ErrorReport

from .base import ROOT, SAMPLE, LiveTestCase, browser_page, import_paths, log_in

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SCREENSHOTS = ROOT / "tests" / "screenshots"
DESK = {"width": 1280, "height": 800}
FILE_HEADLINE = "旧楼装上新电梯 居民出门更轻松"


class DeskInBrowserTests(LiveTestCase):
    def setUp(self):
        folder = Path(tempfile.mkdtemp(prefix="browser-desk-"))
        self.addCleanup(shutil.rmtree, folder)
        shutil.copy(SAMPLE, folder / SAMPLE.name)
        import_paths(folder / SAMPLE.name)
        self.editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        self.editor.groups.add(Group.objects.get(name="editors"))
        self.article = Article.objects.get(page__number=2, position=2)
        with self.article.correcting(self.editor, "改标题"):
            self.article.headline = "老楼装上新电梯"
        self.page = browser_page(self)
        self.page.set_viewport_size(DESK)

    def open(self, page, path="change/"):
        log_in(page, self.live_server_url, "lihua", "a-long-editor-password")
        page.goto(f"{self.live_server_url}/admin/articles/article/{self.article.pk}/{path}")

    def restore_headline_keeping_a_typed_subtitle(self, page):
        self.open(page)
        page.fill("#id_subtitle", "一个还没保存的副题")
        page.click("table.corrections button:has-text('恢复为来源文本')")
        page.wait_for_function(f"document.querySelector('#id_headline').value === '{FILE_HEADLINE}'")
        self.assertEqual(page.input_value("#id_subtitle"), "一个还没保存的副题")

    def save_and_check(self, page):
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        self.article.refresh_from_db()
        self.assertEqual(self.article.headline, FILE_HEADLINE)
        self.assertEqual(self.article.subtitle, "一个还没保存的副题")
        self.assertEqual(self.article.edited_fields, ["subtitle"])

    def test_restoring_a_field_in_place_keeps_what_was_typed(self):
        page = self.page
        self.restore_headline_keeping_a_typed_subtitle(page)
        self.assertIn("/change/", page.url, "no page was left: the field was restored in place")
        self.assertIn("已换成来源文本", page.inner_text("table.corrections"))
        page.screenshot(path=str(SCREENSHOTS / "desk-restore-in-place.png"))
        self.save_and_check(page)

    def test_without_the_script_the_form_comes_back_as_typed_with_the_field_restored(self):
        page = self.page.context.browser.new_page(java_script_enabled=False, viewport=DESK)
        self.addCleanup(page.close)
        self.restore_headline_keeping_a_typed_subtitle(page)
        self.assertIn("还没有保存", page.inner_text(".messagelist"))
        page.screenshot(path=str(SCREENSHOTS / "desk-restore-without-script.png"))
        self.save_and_check(page)

    def test_headline_and_subtitle_inputs_are_wide_enough_for_a_headline(self):
        page = self.page
        self.open(page)
        for field in ("#id_headline", "#id_subtitle", "#id_kicker"):
            width = page.locator(field).bounding_box()["width"]
            self.assertGreater(width, 500, field)
        page.screenshot(path=str(SCREENSHOTS / "desk-edit-form.png"), full_page=True)

    def test_a_fix_late_in_a_long_body_is_in_sight_beside_the_restore_button(self):
        body = self.article.body
        with self.article.correcting(self.editor, "改正文"):
            self.article.body = body.replace("确保居民用得安心", "确保居民用得放心")
        page = self.page
        self.open(page)
        row = page.locator("table.corrections tr:has-text('正文')")
        self.assertEqual(row.locator(".diff del").inner_text(), "安")
        self.assertEqual(row.locator(".diff ins").inner_text(), "放")
        self.assertTrue(row.locator(".diff ins").is_visible())
        row.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "desk-long-correction.png"))

    def test_a_readers_report_is_on_the_edit_form_and_resolved_there(self):
        ErrorReport.objects.create(article=self.article, message="第二段的电梯台数写错了", client_key="k")
        page = self.page
        self.open(page)
        panel = page.locator("#reader-reports")
        self.assertIn("第二段的电梯台数写错了", panel.inner_text())
        self.assertIn("待处理", panel.inner_text())
        page.screenshot(path=str(SCREENSHOTS / "desk-reader-report.png"))
        panel.locator("button:has-text('标记为已处理')").click()
        page.wait_for_selector(".messagelist .success")
        self.assertIn("已处理", page.locator("#reader-reports").inner_text())
        self.assertIsNotNone(ErrorReport.objects.get().resolved_at)

    def test_the_version_a_split_saved_opens_and_reverts(self):
        page = self.page
        self.open(page, "split/")
        page.fill("#id_headline", "拆出的虚构新文章")
        page.check("input[name=at][value='2']")
        page.click("input[value=拆分]")
        page.wait_for_selector(".messagelist li")
        page.goto(f"{self.live_server_url}/admin/articles/article/{self.article.pk}/merge/")
        page.click("input[value=合并]")
        page.wait_for_selector(".messagelist li")
        page.goto(f"{self.live_server_url}/admin/articles/article/{self.article.pk}/history/")
        page.screenshot(path=str(SCREENSHOTS / "desk-history.png"), full_page=True)
        page.click("tr:has-text('拆出') th a")
        self.assertIn("恢复到", page.inner_text("h1"))
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        self.assertNotIn("缺少依赖", page.inner_text("body"))
        latest = Version.objects.get_for_object(self.article).latest("pk").revision
        self.assertTrue(latest.comment.startswith("恢复到"), latest.comment)
