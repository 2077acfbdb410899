"""The reader's pages in real headless Chromium: the main path, the calendar, phones, keyboards, axe.

Debian's chromium (installed by .ci/run) is driven by Playwright; screenshots
of the main pages at phone and desktop size go to tests/screenshots/.
"""

import os

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect, sync_playwright

from articles.models import Article, Person

from .base import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveTestCase, import_archive

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
    "month": "/2024/03/",
    "search": "/search/?q=%E6%A0%AA%E6%B4%B2",
    "article-marked": "/2024/03/12/01/1/?hl=%E9%A1%B9%E7%9B%AE",
    "column": "/column/%E6%8B%BC%E7%BB%8F%E6%B5%8E%20%E6%8A%93%E9%A1%B9%E7%9B%AE%20%E4%BF%83%E5%8F%91%E5%B1%95/",
    "front-pages": "/front-pages/",
    "search-any": "/search/?q=%E6%B2%B9%E8%8C%B6+OR+%E6%A0%AA%E6%B4%B2&sort=date",
}
# Every kind of page a reader meets, for the screenshots (the person's is added at run time).
EVERY_PAGE = {
    **MAIN_PAGES,
    "year": "/2024/",
    "continuation": "/2024/03/12/02/1/",
    "article-continued": "/2024/03/12/01/1/",
    "section": "/section/%E7%BB%BC%E5%90%88%E5%9F%8E%E5%8C%BA/",
    "district-long": "/district/liling/",
    "search-fallback": "/search/?q=%E9%87%8F%E5%AD%90%E8%AE%A1%E7%AE%97%E6%9C%BA",
    "search-empty": "/search/",
    "not-found": "/2024/03/01/",
}
SCHEMES = ("light", "dark")
# The lines an element's text takes: its text's boxes, grouped by how high they sit.
LINES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top).sort((a, b) => a - b);
  return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 8).length;
}"""
# WCAG's contrast ratio of a mark's background against the page's.
MARK_AGAINST_PAGE = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const mark = getComputedStyle(document.querySelector("mark")).backgroundColor;
  const page = getComputedStyle(document.body).backgroundColor;
  const [hi, lo] = [lum(mark), lum(page)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""
# Each text of the chart: inside the picture, and apart from every other.
CHART_TEXT_PROBLEMS = """svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBoundingClientRect()]);
  const problems = [];
  for (const [text, r] of texts) {
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) problems.push("cut: " + text);
  }
  texts.forEach(([a, r], i) => texts.slice(i + 1).forEach(([b, s]) => {
    if (r.left < s.right - 0.5 && s.left < r.right - 0.5 && r.top < s.bottom - 0.5 && s.top < r.bottom - 0.5) problems.push(a + " overlaps " + b);
  }));
  return problems;
}"""
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


class BrowserTestCase(LiveTestCase):
    """Each test: a fresh import of the archive, and its own Chromium."""

    def setUp(self):
        super().setUp()
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

    def test_the_month_chart_is_a_table_to_a_screen_reader_and_its_bars_open_their_month(self):
        page = self.open("/district/hetang/")
        self.assertGreater(page.locator("svg.month-chart").bounding_box()["height"], 50)
        page.get_by_text("各月篇数").click()
        table = page.get_by_role("table", name="每月文章数")
        expect(table).to_be_visible()
        table.get_by_role("link", name="2024年3月").click()
        self.assertPath(page, "/district/hetang/?year=2024&month=3")
        expect(page.get_by_role("heading", name="2024年3月的文章")).to_be_visible()
        page = self.open("/district/hetang/")
        page.locator("svg.month-chart a").last.click()
        self.assertIn("month=", page.url)
        self.assertIn("的文章", page.get_by_role("heading", level=2).first.text_content())

    def test_the_chart_labels_are_neither_cut_nor_overlapping(self):
        sections = [
            a.get_attribute("href") for a in self.open("/sections/").locator("main .count-list a").all()
        ]
        person = Person.objects.with_article_counts().order_by("-article_count").first().get_absolute_url()
        for viewport in (PHONE, DESKTOP):
            for path in [
                "/district/liling/",
                "/district/hetang/",
                "/district/hetang/?year=2023",
                person,
                *sections,
            ]:
                with self.subTest(path=path, width=viewport["width"]):
                    chart = self.open(path, viewport=viewport).locator("svg.month-chart")
                    self.assertEqual(chart.evaluate(CHART_TEXT_PROBLEMS), [])
                    self.assertGreaterEqual(chart.locator("text.label").count(), 12, "month labels")


class PhoneTests(BrowserTestCase):
    def test_the_search_page_has_one_search_box_and_no_label_or_button_breaks_on_a_phone(self):
        page = self.open("/search/?q=%E5%8F%A3%E8%A2%8B%E5%85%AC%E5%9B%AD", viewport=PHONE)
        self.assertEqual(page.locator("input[type=search]:visible").count(), 1)
        for element in page.locator(".search-query label, .search-query button").all():
            self.assertEqual(element.evaluate(LINES), 1, element.text_content())
        main = page.locator("main").evaluate(
            "m => m.getBoundingClientRect().right - parseFloat(getComputedStyle(m).paddingRight)"
        )
        self.assertLessEqual(
            page.locator(".search-query button").bounding_box()["x"]
            + page.locator(".search-query button").bounding_box()["width"],
            main + 0.5,
        )
        home = self.open("/", viewport=PHONE)
        self.assertEqual(home.locator(".site-search button").evaluate(LINES), 1)

    def test_related_dates_and_the_footer_links_do_not_break_on_a_phone(self):
        page = self.open("/2024/03/12/01/1/", viewport=PHONE)
        dates = page.locator(".related-date").all()
        self.assertTrue(dates)
        for element in [*dates, *page.locator(".site-footer a").all()]:
            self.assertEqual(element.evaluate(LINES), 1, element.text_content())

    def test_the_story_starts_on_the_first_phone_screen_however_many_captions_it_has(self):
        article = (
            Article.objects.annotate(n=Count("captions")).order_by("-n").select_related("page__issue").first()
        )
        self.assertGreaterEqual(article.n, 3)
        page = self.open(article.get_absolute_url(), viewport=PHONE)
        first = page.locator(".story-body > *").first.bounding_box()
        # A third of the first screen at least is the story, and no caption stands before it.
        self.assertLess(first["y"], PHONE["height"] * 2 / 3)
        for caption in page.locator(".caption").all():
            self.assertGreater(caption.bounding_box()["y"], first["y"])

    def test_the_page_list_is_on_the_first_phone_screen_of_a_page(self):
        page = self.open("/2024/03/12/02/", viewport=PHONE)
        nav = page.get_by_role("navigation", name="版面导航").bounding_box()
        self.assertLess(nav["y"] + 80, PHONE["height"])

    def test_the_favicon_is_served(self):
        page = self.open("/")
        response = page.request.get(self.live_server_url + "/favicon.ico")
        self.assertTrue(response.ok)
        self.assertIn("icon", response.headers["content-type"])

    def test_no_main_page_scrolls_sideways_on_a_phone(self):
        for path in [*MAIN_PAGES.values(), "/2024/", "/2024/03/", "/people/", "/2024/03/01/"]:
            with self.subTest(path):
                page = self.open(path, viewport=PHONE)
                width = page.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(width, PHONE["width"])

    def test_screenshots_of_every_kind_of_page_at_phone_and_desktop_size_light_and_dark(self):
        SCREENSHOTS.mkdir(exist_ok=True)
        person = Person.objects.with_article_counts().order_by("-article_count").first().get_absolute_url()
        captions = Article.objects.annotate(n=Count("captions")).order_by("-n").select_related("page__issue")
        pages = {**EVERY_PAGE, "person": person, "article-captions": captions.first().get_absolute_url()}
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            for scheme in SCHEMES:
                for name, path in pages.items():
                    page = self.open(path, viewport=viewport, color_scheme=scheme)
                    target = SCREENSHOTS / f"{name}-{size}-{scheme}.png"
                    page.screenshot(path=target, full_page=True)
                    self.assertGreater(target.stat().st_size, 10_000)


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

    def test_marked_terms_stand_out_from_the_page_and_their_text_from_the_mark(self):
        axe = Axe()
        for scheme in SCHEMES:
            with self.subTest(scheme=scheme):
                page = self.open(MAIN_PAGES["search"], color_scheme=scheme)
                self.assertGreater(page.locator("mark").count(), 0)
                results = axe.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
                self.assertEqual(results.violations_count, 0, results.generate_report())
                checked = [
                    node
                    for rule in results.response["passes"]
                    for node in rule["nodes"]
                    if "mark" in " ".join(map(str, node["target"]))
                ]
                self.assertTrue(checked, "axe measured the marks")
                self.assertGreaterEqual(page.evaluate(MARK_AGAINST_PAGE), 3)

    def test_print_hides_the_site_furniture(self):
        page = self.open(MAIN_PAGES["article"])
        page.emulate_media(media="print")
        expect(page.locator(".site-search")).to_be_hidden()
        for furniture in (".prevnext", ".reader-tools", ".page-nav"):
            for element in page.locator(furniture).all():
                expect(element).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # Printed, the article says where it came from, its short link included.
        expect(page.locator(".print-source")).to_be_visible()
        expect(page.locator(".print-source")).to_contain_text("/a/")
