"""Reading on a phone and a desktop in real headless Chromium: what reaches the first screen."""

import datetime

from playwright.sync_api import expect

from .base import make_article
from .test_browser import PHONE, BrowserTestCase


class PhoneScreenTests(BrowserTestCase):
    def test_a_year_page_on_a_phone_reaches_its_issues_in_a_screen_or_two(self):
        page = self.open("/2024/", viewport=PHONE)
        first = page.get_by_role("link", name="2024年2月6日的报纸")
        expect(first).to_be_visible()
        self.assertLess(first.bounding_box()["y"], PHONE["height"])
        self.assertLess(page.evaluate("document.documentElement.scrollHeight"), 2 * PHONE["height"])

    def test_a_page_with_many_pages_around_it_shows_its_first_article_on_the_first_phone_screen(self):
        for number in range(1, 19):
            make_article(
                f"虚构的第{number}版头条", "虚构的正文。", date=datetime.date(2024, 1, 5), page=number
            )
        page = self.open("/2024/01/05/18/", viewport=PHONE)
        headline = page.locator(".page-articles h2").first
        self.assertLess(
            headline.bounding_box()["y"],
            PHONE["height"] / 2,
            "the first article comes before the page list ends",
        )
        # The page list is one row that scrolls by itself; the page never scrolls sideways.
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        nav = page.get_by_role("navigation", name="版面导航")
        expect(nav.get_by_role("link", name="第17版 综合新闻")).to_be_attached()


class ReaderComfortTests(BrowserTestCase):
    def story_text_size(self, page):
        return float(page.evaluate("getComputedStyle(document.querySelector('.story-body p')).fontSize")[:-2])

    def test_a_text_size_picked_is_kept_on_the_next_article_until_changed(self):
        page = self.open("/2024/03/12/01/1/", viewport=PHONE)
        default = self.story_text_size(page)
        with page.expect_navigation(url=self.live_server_url + "/2024/03/12/01/1/"):
            page.get_by_role("link", name="大", exact=True).click()
        self.assertGreater(self.story_text_size(page), default * 1.2)
        page.goto(self.live_server_url + "/2024/03/12/01/2/")
        self.assertGreater(self.story_text_size(page), default * 1.2)
        with page.expect_navigation(url=self.live_server_url + "/2024/03/12/01/2/"):
            page.get_by_role("link", name="中", exact=True).click()
        self.assertEqual(self.story_text_size(page), default)

    def test_each_marked_word_leads_to_the_next(self):
        page = self.open("/2024/03/12/01/1/?hl=%E9%A1%B9%E7%9B%AE", viewport=PHONE)
        page.get_by_role("link", name="跳到第一处").click()
        self.assertTrue(page.url.endswith("#hl-1"))
        page.locator("#hl-1 + a.hl-next").click()
        self.assertTrue(page.url.endswith("#hl-2"))
        expect(page.locator("mark:target")).to_have_text("项目")
        # On the screen once the page has scrolled to it (smoothly, where the reader allows motion).
        expect(page.locator("#hl-2")).to_be_in_viewport()
