"""In headless Chromium: an editor splits an article, merges it back and reverts; readers get the file's current text."""

import os
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, User

from articles.models import Article

from .base import ROOT, SAMPLE, LiveTestCase, browser_page, fresh_index, import_paths, log_in

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SCREENSHOTS = ROOT / "tests" / "screenshots"


class SplitMergeRevertInBrowserTests(LiveTestCase):
    def setUp(self):
        fresh_index()
        folder = Path(tempfile.mkdtemp(prefix="browser-corrections-"))
        self.addCleanup(shutil.rmtree, folder)
        self.copy = folder / SAMPLE.name
        shutil.copy(SAMPLE, self.copy)
        import_paths(self.copy)
        editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        editor.groups.add(Group.objects.get(name="editors"))
        self.article = Article.objects.get(headline__startswith="全市春季义务植树活动启动")
        self.page = browser_page(self)

    def admin(self, path):
        self.page.goto(f"{self.live_server_url}/admin/articles/article/{self.article.pk}/{path}")

    def test_split_merge_back_and_revert_leave_the_files_current_text(self):
        page = self.page
        log_in(page, self.live_server_url, "lihua", "a-long-editor-password")

        self.admin("change/")
        page.click("text=拆分")
        page.fill("#id_headline", "市民带孩子参与植树")
        page.check("input[name=at][value='2']")
        page.click("input[value=拆分]")
        page.wait_for_selector(".messagelist li")

        # Meanwhile the file is corrected and imported again: beneath the split, the source changes.
        text = self.copy.read_text(encoding="utf-8")
        self.copy.write_text(text.replace("600余名志愿者", "700余名志愿者"), encoding="utf-8")
        import_paths(self.copy)

        self.admin("change/")
        # A long body's correction is a character diff: the file's side is all but what was inserted.
        files_side = page.evaluate(
            """() => {
                const diff = document.querySelector("table.corrections .diff").cloneNode(true);
                diff.querySelectorAll("ins").forEach((inserted) => inserted.remove());
                return diff.textContent;
            }"""
        )
        self.assertIn("700余名志愿者", files_side, "the file's text beside the editor's")
        page.screenshot(path=str(SCREENSHOTS / "corrections-form.png"), full_page=True)

        self.admin("merge/")
        page.click("input[value=合并]")
        page.wait_for_selector(".messagelist li")

        self.admin("history/")
        page.screenshot(path=str(SCREENSHOTS / "corrections-history.png"), full_page=True)
        page.click("tr:has-text('导入时的版本') th a")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist li")

        self.article.refresh_from_db()
        page.goto(self.live_server_url + self.article.get_absolute_url())
        body = page.inner_text("article")
        self.assertIn("700余名志愿者", body)
        self.assertNotIn("600余名志愿者", body)
        self.assertIn("意义不一样", body, "the merged-back paragraph is there")
        page.screenshot(path=str(SCREENSHOTS / "corrections-reader.png"), full_page=True)

        page.goto(f"{self.live_server_url}/search/?q=700余名志愿者")
        self.assertIn("全市春季义务植树活动启动", page.inner_text("main"))
        page.goto(f"{self.live_server_url}/search/?q=600余名志愿者")
        self.assertNotIn("全市春季义务植树活动启动", page.inner_text("main"))
        self.assertFalse(Article.objects.filter(headline="市民带孩子参与植树").exists(), "merged back")
        self.assertEqual(self.article.source, {}, "no correction is left behind")
