"""The paper's name is one setting: set another, and no page, feed or admin screen says 株洲日报."""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.auth.models import User
from django.test import RequestFactory, TestCase, override_settings
from django.urls import get_resolver

from articles.models import District, Person, Section

from .base import fresh_index, index_all, make_article

ATOM = "{http://www.w3.org/2005/Atom}"
DEFAULT = "株洲日报"
OTHER = {"PAPER_NAME": "湘江晚报", "SITE_NAME": "湘江晚报数字报档案"}


class PaperNameTests(TestCase):
    """An archive whose articles never print a paper's name, so whatever names one comes from the portal."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            "城区新建十二处口袋公园",
            "今年城区见缝插绿，新建口袋公园十二处。\n公园里种了油茶和桂花。",
            districts=["荷塘区"],
            bylines=[("记者", "林晓")],
        )
        make_article(
            "油茶丰收", "山上的油茶林挂满了果。", date=datetime.date(2024, 3, 11), districts=["醴陵市"]
        )
        cls.boss = User.objects.create_superuser("boss", password="a-long-admin-password")
        fresh_index()
        index_all()

    def pages(self):
        district = District.objects.get(name="荷塘区")
        section = Section.objects.get(name="综合新闻")
        person = Person.objects.get(name="林晓")
        return [
            "/",
            "/archive/",
            "/2024/",
            "/2024/03/",
            "/2024/03/12/",
            "/2024/03/12/01/",
            self.article.get_absolute_url(),
            "/districts/",
            "/sections/",
            "/people/",
            district.get_absolute_url(),
            section.get_absolute_url(),
            person.get_absolute_url(),
            "/search/?q=油茶",
            f"/report/{self.article.pk}/",
            f"/report/{self.article.pk}/thanks/",
        ]

    def test_a_fresh_checkout_names_zhuzhou_daily(self):
        response = self.client.get("/")
        self.assertContains(response, f"<title>{DEFAULT}数字报档案 · 2024年3月12日</title>", html=True)
        self.assertContains(response, f'<span class="brand-name">{DEFAULT}</span>', html=True)

    @override_settings(**OTHER)
    def test_the_reader_pages_name_the_paper_set(self):
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, DEFAULT)
                self.assertIn("湘江晚报", response.content.decode().split("<title>")[1].split("</title>")[0])

    @override_settings(**OTHER)
    def test_the_error_pages_name_the_paper_set(self):
        missing_issue = self.client.get("/2024/03/13/")
        not_found = self.client.get("/no-such-page/")
        server_error = get_resolver().resolve_error_handler(500)(RequestFactory().get("/"))
        for response in (missing_issue, not_found, server_error):
            with self.subTest(status=response.status_code):
                self.assertNotIn(DEFAULT, response.content.decode())
                self.assertIn("<title>", response.content.decode())
                self.assertIn("湘江晚报", response.content.decode().split("<title>")[1].split("</title>")[0])
        self.assertEqual((missing_issue.status_code, not_found.status_code), (404, 404))
        self.assertEqual(server_error.status_code, 500)

    @override_settings(**OTHER, REPORTS_PER_HOUR=0)
    def test_the_too_many_reports_page_names_the_paper_set(self):
        response = self.client.post(f"/report/{self.article.pk}/", {"message": "标题有误", "contact": ""})
        self.assertEqual(response.status_code, 429)
        self.assertNotContains(response, DEFAULT, status_code=429)
        self.assertContains(response, "湘江晚报", status_code=429)

    @override_settings(**OTHER)
    def test_the_feeds_name_the_paper_set(self):
        district = District.objects.get(name="荷塘区")
        section = Section.objects.get(name="综合新闻")
        titles = {}
        for url in (
            "/feed/",
            "/feed/atom/",
            f"{district.get_absolute_url()}feed/",
            f"{district.get_absolute_url()}feed/atom/",
            f"{section.get_absolute_url()}feed/",
            f"{section.get_absolute_url()}feed/atom/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, DEFAULT)
                feed = ET.fromstring(response.content)
                channel = feed.find("channel")
                titles[url] = (
                    channel.findtext("title") if channel is not None else feed.findtext(f"{ATOM}title")
                )
        self.assertEqual(titles["/feed/"], "湘江晚报 · 最新文章")
        self.assertEqual(titles[f"{district.get_absolute_url()}feed/atom/"], "湘江晚报 · 荷塘区")
        self.assertEqual(titles[f"{section.get_absolute_url()}feed/"], "湘江晚报 · 综合新闻")

    @override_settings(**OTHER)
    def test_the_json_and_sitemaps_name_no_paper(self):
        for url in ("/?format=json", f"{self.article.get_absolute_url()}?format=json", "/sitemap.xml"):
            with self.subTest(url=url):
                self.assertNotContains(self.client.get(url), DEFAULT)

    @override_settings(**OTHER)
    def test_the_admin_names_the_paper_set(self):
        login = self.client.get("/admin/login/")
        self.assertContains(login, "<title>登录 | 湘江晚报编辑后台</title>", html=True)
        self.client.force_login(self.boss)
        for url in (
            "/admin/",
            "/admin/articles/article/",
            f"/admin/articles/article/{self.article.pk}/change/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, DEFAULT)
                self.assertContains(response, "湘江晚报数字报 编辑后台")

    @override_settings(**OTHER, AXES_FAILURE_LIMIT=1)
    def test_the_admin_lockout_page_names_the_paper_set(self):
        response = self.client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "wrong"})
        self.assertEqual(response.status_code, 429)
        self.assertNotContains(response, DEFAULT, status_code=429)
        self.assertContains(
            response, "<title>登录已暂停 | 湘江晚报编辑后台</title>", html=True, status_code=429
        )
