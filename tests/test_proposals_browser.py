"""In headless Chromium: a reader on a phone proposes a correction, an editor decides with one key each
(and without the script, with the buttons), readers see 本文已更正; axe finds nothing on the new pages."""

import os

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect, sync_playwright

from articles.models import Article
from articles.proposals.models import Proposal

from .base import CHROMIUM, CHROMIUM_ARGS, ROOT, SAMPLE, LiveTestCase, import_paths, log_in

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = ROOT / "tests" / "screenshots"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "a-long-editor-password"


class ProposalBrowserTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        import_paths(SAMPLE)
        editor = User.objects.create_user("lihua", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="editors"))
        self.story = Article.objects.select_related("page__issue").get(page__number=2, position=2)
        self.playwright = sync_playwright().start()
        self.addCleanup(self.playwright.stop)
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.addCleanup(self.browser.close)

    def open(self, path, viewport=DESKTOP, **options):
        context = self.browser.new_context(viewport=viewport, locale="zh-CN", **options)
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.live_server_url + path)
        return page

    def propose(self, page, paragraph, change):
        """As a reader: from the article, the paragraph's form, the corrected text, sent."""
        page.goto(self.live_server_url + self.story.get_absolute_url())
        page.get_by_role("link", name="看到错字？逐段改正").click()
        page.get_by_role("link", name=f"改正第{paragraph + 1}段").click()
        box = page.get_by_label("改正后的文字：")
        box.fill(change(box.input_value()))
        page.get_by_role("button", name="提交更正").click()
        page.wait_for_url("**/propose/status/**")
        self.status_path = page.url.replace(self.live_server_url, "").split("?")[0]

    def reader_proposes(self, paragraph, change):
        page = self.open("/", viewport=PHONE)
        self.propose(page, paragraph, change)
        expect(page.get_by_text("谢谢您的更正！")).to_be_visible()
        return Proposal.objects.latest("pk")


class ReaderTests(ProposalBrowserTestCase):
    def test_a_reader_on_a_phone_proposes_a_correction_and_keeps_a_private_link(self):
        page = self.open(self.story.get_absolute_url(), viewport=PHONE)
        self.propose(page, 2, lambda text: text.replace("社区党委", "社区党支部", 1))
        expect(page.get_by_role("heading", level=1)).to_have_text("更正建议的审核结果")
        link = page.locator("code.private-link").inner_text()
        self.assertEqual(link, page.url.split("?")[0])
        expect(page.get_by_text("待审核")).to_be_visible()
        self.assertNotIn("社区党支部", page.content())
        self.assertEqual(Proposal.objects.get().proposed.count("社区党支部"), 1)
        page.get_by_role("link", name=self.story.headline).click()
        self.assertNotIn("社区党支部", page.content())

    def test_the_reader_pages_need_no_script_and_fit_a_phone(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        for path in self.reader_pages(proposal):
            with self.subTest(path):
                page = self.open(path, viewport=PHONE, java_script_enabled=False)
                # JSON-LD (the article's NewsArticle, #27) is data, not a script.
                self.assertEqual(page.locator('script:not([type="application/ld+json"])').count(), 0)
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])

    def test_the_new_reader_pages_meet_wcag_21_aa_in_light_and_dark(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        self.accept(proposal)
        axe = Axe()
        for scheme in ("light", "dark"):
            for path in self.reader_pages(proposal):
                with self.subTest(path=path, scheme=scheme):
                    page = self.open(path, color_scheme=scheme)
                    results = axe.run(page, options=WCAG_21_AA)
                    self.assertEqual(results.violations_count, 0, results.generate_report())

    def test_screenshots_of_the_new_pages_at_phone_and_desktop_size(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        self.accept(proposal)
        SCREENSHOTS.mkdir(exist_ok=True)
        names = [
            "proofread",
            "propose",
            "split",
            "continues",
            "status",
            "article-corrected",
            "corrections",
            "printed",
        ]
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            for scheme in ("light", "dark"):
                for name, path in zip(names, self.reader_pages(proposal), strict=True):
                    page = self.open(path, viewport=viewport, color_scheme=scheme)
                    target = SCREENSHOTS / f"proposal-{name}-{size}-{scheme}.png"
                    page.screenshot(path=target, full_page=True)
                    self.assertGreater(target.stat().st_size, 10_000)

    def reader_pages(self, proposal):
        article = self.story.get_absolute_url()
        return [
            f"/propose/{self.story.pk}/",
            f"/propose/{self.story.pk}/body/2/",
            f"/propose/{self.story.pk}/split/2/",
            f"/propose/{self.story.pk}/continues/",
            self.status_path,
            article,
            f"{article}corrections/",
            f"{article}printed/",
        ]

    def accept(self, proposal):
        page = self.open("/")
        log_in(page, self.live_server_url, "lihua", PASSWORD)
        page.goto(self.live_server_url + proposal.get_absolute_url())
        page.get_by_role("button", name="采纳 A", exact=True).click()
        page.wait_for_selector(".messagelist .success")


class EditorTests(ProposalBrowserTestCase):
    def editor_page(self, **options):
        page = self.open("/", **options)
        log_in(page, self.live_server_url, "lihua", PASSWORD)
        return page

    def test_an_editor_decides_with_one_key_each_and_readers_see_the_correction(self):
        first = self.reader_proposes(
            2, lambda text: text.replace("社区党委", "社区党支部", 1).replace("介绍", "说", 1)
        )
        second = self.reader_proposes(0, lambda text: text.replace("。", "！", 1))
        page = self.editor_page()
        page.goto(f"{self.live_server_url}/admin/articles/proposal/")
        page.get_by_role("link", name="第3段").click()
        page.wait_for_load_state()  # the keys' script is deferred: it listens once the page has loaded
        expect(page.locator("#hunk-1")).to_be_checked()
        page.keyboard.press("2")  # untick the second hunk
        expect(page.locator("#hunk-1")).not_to_be_checked()
        page.keyboard.press("a")
        page.wait_for_url(f"**{second.get_absolute_url()}")
        expect(page.locator(".messagelist .success")).to_contain_text("部分采纳")
        page.keyboard.press("r")
        page.wait_for_url("**/admin/articles/proposal/")
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), ("partly", "rejected"))
        story = Article.objects.get(pk=self.story.pk)
        self.assertIn("社区党支部", story.paragraphs[2])
        self.assertIn("介绍", story.paragraphs[2])

        reader = self.open(self.story.get_absolute_url(), viewport=PHONE)
        expect(reader.get_by_text("本文已更正")).to_be_visible()
        reader.get_by_role("link", name="更正记录").click()
        expect(reader.locator(".correction-history")).to_contain_text("读者更正，编辑审核")
        reader.go_back()
        reader.get_by_role("link", name="印刷原文").click()
        expect(reader.locator(".story-body")).to_contain_text("社区党委")

    def test_the_e_key_edits_and_ctrl_enter_accepts_the_edit(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        page = self.editor_page()
        page.goto(self.live_server_url + proposal.get_absolute_url())
        page.keyboard.press("e")
        box = page.get_by_label("修改后的文字")
        expect(box).to_be_focused()
        box.fill(box.input_value().replace("社区党支部", "社区党总支"))
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(".messagelist .success")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "edited")
        self.assertIn("社区党总支", Article.objects.get(pk=self.story.pk).paragraphs[2])

    def test_without_the_script_the_buttons_decide(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        page = self.editor_page(java_script_enabled=False)
        page.goto(self.live_server_url + proposal.get_absolute_url())
        page.keyboard.press("a")  # nothing: no script
        self.assertTrue(Proposal.objects.get(pk=proposal.pk).is_waiting)
        page.get_by_role("button", name="采纳 A", exact=True).click()
        expect(page.locator(".messagelist .success")).to_contain_text("已采纳")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "accepted")

    def test_the_reasons_note_is_a_text_box_and_not_a_button(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        page = self.editor_page()
        page.goto(self.live_server_url + proposal.get_absolute_url())
        note = page.get_by_label("补充说明（读者可见）")
        background = note.evaluate("box => getComputedStyle(box).backgroundColor")
        page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        self.assertEqual(background, page_background)
        note.fill("第二版原文如此")
        expect(note).to_have_value("第二版原文如此")

    def test_the_editors_new_pages_have_no_accessibility_violations_of_their_own(self):
        proposal = self.reader_proposes(2, lambda text: text.replace("社区党委", "社区党支部", 1))
        page = self.editor_page()
        SCREENSHOTS.mkdir(exist_ok=True)
        for name, path in (
            ("review", proposal.get_absolute_url()),
            ("queue", "/admin/articles/proposal/"),
            ("stats", "/admin/articles/proposal/stats/"),
        ):
            with self.subTest(name):
                page.goto(self.live_server_url + path)
                results = Axe().run(page, context="#content-main", options=WCAG_21_AA)
                self.assertEqual(results.violations_count, 0, results.generate_report())
                page.screenshot(path=SCREENSHOTS / f"proposal-{name}-desktop.png", full_page=True)
