"""The reader's pages in real headless Chromium: the main path, the calendar, phones, keyboards, axe.

Debian's chromium (installed by .ci/run) is driven by Playwright; screenshots
of the main pages at phone and desktop size go to tests/screenshots/.
"""

import os

from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from articles.gazetteer import load_districts
from articles.models import District

from .base import CHROMIUM, CHROMIUM_ARGS, ROOT
from .test_pages_base import import_archive

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = ROOT / "tests" / "screenshots"
MAIN_PAGES = {
    "home": "/",
    "issue": "/2024/03/12/",
    "page": "/2024/03/12/02/",
    "article": "/2024/03/12/01/2/",
    "district": "/district/hetang/",
    "archive": "/archive/",
}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


class BrowserTestCase(StaticLiveServerTestCase):
    """Each test: the gazetteer, a fresh import of the archive, and its own Chromium.

    A live-server test empties every table when it ends. The gazetteer is
    loaded here rather than restored by serialized_rollback, which fails once
    another live-server test's flush has remade the content types.
    """

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        # The tests after these expect the gazetteer that migrations load.
        load_districts(District)

    def setUp(self):
        load_districts(District)
        # The search index lives outside the database, so the flush leaves the last test's articles in it.
        call_command("clear_index", interactive=False, verbosity=0)
        import_archive()
        # A browser per test, started once the database is ready: Playwright's
        # event loop would otherwise give the ORM another connection object.
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

    def assertPath(self, page, path):
        self.assertEqual(page.url, self.live_server_url + path)


class ReadingTests(BrowserTestCase):
    def test_a_reader_goes_from_home_to_an_issue_a_page_an_article_and_its_reporter(self):
        page = self.open("/")
        page.get_by_role("link", name="阅读本期全部版面").click()
        self.assertPath(page, "/2024/03/14/")
        page.get_by_role("link", name="2024年3月13日").click()
        self.assertPath(page, "/2024/03/13/")
        page.get_by_role("navigation", name="版面导航").get_by_role("link", name="第02版 县市区新闻").click()
        self.assertPath(page, "/2024/03/13/02/")
        page.get_by_role("link", name="黄桃园里春管忙").click()
        self.assertPath(page, "/2024/03/13/02/3/")
        expect(page.get_by_role("heading", level=1)).to_have_text("黄桃园里春管忙")
        page.get_by_role("link", name="阳小娟").click()
        self.assertPath(page, "/person/%E9%98%B3%E5%B0%8F%E5%A8%9F/")
        expect(page.get_by_role("heading", level=1)).to_have_text("阳小娟")
        expect(page.get_by_role("link", name="黄桃园里春管忙")).to_be_visible()

    def test_a_jump_leads_to_the_continuation_and_back(self):
        page = self.open("/2024/03/12/01/1/")
        page.get_by_role("link", name="▶下转02版").click()
        self.assertPath(page, "/2024/03/12/02/1/")
        page.get_by_role("link", name="▶上接01版").click()
        self.assertPath(page, "/2024/03/12/01/1/")

    def test_the_calendar_and_the_date_form_open_a_days_issue(self):
        page = self.open("/")
        page.get_by_role("link", name="2024年3月12日的报纸").click()
        self.assertPath(page, "/2024/03/12/")
        page = self.open("/")
        page.get_by_label("跳到日期").fill("2024-02-06")
        page.get_by_role("button", name="查看").click()
        self.assertPath(page, "/2024/02/06/")
        page = self.open("/2024/")
        expect(page.get_by_role("link", name="2024年3月11日的报纸")).to_have_count(0)
        page.get_by_role("link", name="2024年2月6日的报纸").click()
        self.assertPath(page, "/2024/02/06/")

    def test_the_district_chart_is_a_picture_with_a_name(self):
        page = self.open("/district/hetang/")
        chart = page.get_by_role("img", name="每月文章数")
        expect(chart).to_be_visible()
        self.assertGreater(chart.bounding_box()["height"], 50)


class PhoneTests(BrowserTestCase):
    def test_no_main_page_scrolls_sideways_on_a_phone(self):
        for path in [*MAIN_PAGES.values(), "/2024/", "/2024/03/", "/people/", "/2024/03/01/"]:
            with self.subTest(path):
                page = self.open(path, viewport=PHONE)
                width = page.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(width, PHONE["width"])

    def test_screenshots_of_the_main_pages_at_phone_and_desktop_size(self):
        SCREENSHOTS.mkdir(exist_ok=True)
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            for name, path in MAIN_PAGES.items():
                page = self.open(path, viewport=viewport)
                target = SCREENSHOTS / f"{name}-{size}.png"
                page.screenshot(path=target, full_page=True)
                self.assertGreater(target.stat().st_size, 10_000)
        page = self.open(MAIN_PAGES["article"], viewport=PHONE, color_scheme="dark")
        page.screenshot(path=SCREENSHOTS / "article-phone-dark.png", full_page=True)


class KeyboardAndAccessibilityTests(BrowserTestCase):
    def test_the_first_tab_shows_the_skip_link_which_jumps_to_the_main_content(self):
        page = self.open("/2024/03/12/")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="跳到正文")
        expect(skip).to_be_focused()
        self.assertGreaterEqual(skip.bounding_box()["y"], 0)
        page.keyboard.press("Enter")
        self.assertEqual(page.evaluate("document.activeElement.id"), "main")
        page.keyboard.press("Tab")
        self.assertEqual(page.evaluate("document.activeElement.textContent"), "首页")

    def test_the_keyboard_reaches_the_search_box_and_follows_links(self):
        page = self.open("/")
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "q":
                break
        expect(page.get_by_label("搜索文章")).to_be_focused()
        page.keyboard.type("口袋公园")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=*")
        self.assertIn("q=%E5%8F%A3%E8%A2%8B%E5%85%AC%E5%9B%AD", page.url)
        page = self.open("/2024/03/12/")
        page.get_by_role("link", name="第02版 综合·城区").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/2024/03/12/02/")

    def test_the_main_pages_meet_wcag_21_aa_in_light_and_dark(self):
        axe = Axe()
        for scheme in ("light", "dark"):
            for name, path in MAIN_PAGES.items():
                with self.subTest(page=name, scheme=scheme):
                    page = self.open(path, color_scheme=scheme)
                    results = axe.run(page, options=WCAG_21_AA)
                    self.assertEqual(results.violations_count, 0, results.generate_report())

    def test_print_hides_the_site_furniture(self):
        page = self.open(MAIN_PAGES["article"])
        page.emulate_media(media="print")
        expect(page.locator(".site-search")).to_be_hidden()
        expect(page.locator(".prevnext")).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
