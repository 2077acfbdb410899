"""Every screen an editor or operator reads is Chinese when the language is Chinese.

Renders every admin page (the index, each model's list, add form, edit form, history, one of its
versions and its delete confirmation, the review queue, the error pages) through the real admin,
and the import and explain reports under a Chinese locale, and fails on an English word: an
ASCII word that is not a name, a number or a code.
"""

import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from articles.models import District, ErrorReport

from .base import SAMPLE, AdminTestCase, LiveTestCase, browser_page, log_in, seed
from .test_import import refused, run
from .test_import_doubts import UNSIGNED
from .test_import_report import REALTEXT

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHINESE = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

# A word is English unless it is a code (upper case, as HTTP or URL), part of an address, a file's
# name or a number, or a name the test gave (its users).
WORD = re.compile(r"[A-Za-z][A-Za-z']+")
NOT_WORDS = re.compile(
    r"""(?:https?://|/)[^\s"'<>（）《》]*+"""  # an address or a path
    r"""|[\w-]+\.(?:txt|csv|json|html|xml|py)\b"""  # a file's name
    r"""|\b[A-Z][A-Z0-9]++\b"""  # a code: HTTP, URL, ID, FTS5
    r"""|[\w.+-]++@[\w.-]++"""  # an address to write to
    r"""|(?<![A-Za-z])[A-Za-z]*+[0-9][A-Za-z0-9_]*+"""  # a code with a digit: md5, pbkdf2_sha256
    r"""|[A-Za-z0-9+/]++\*"""  # the shown start of a password's salt or hash: 48****
    r"""|《[^》]*+》"""  # a headline, as the paper printed it
    r"""|--[a-z-]++"""  # a command's option
    r"""|<unknown>"""  # what django-axes stores for a login that sent no browser or path
)
# Attributes a reader of the screen hears or sees.
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}


class VisibleText(HTMLParser):
    """The text a page shows or reads aloud: its text, titles, labels and buttons; no script or style."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_words(text, names=()):
    """The English words of a text shown to an editor."""
    words = WORD.findall(NOT_WORDS.sub(" ", text))
    return sorted({word for word in words if word not in names})


class ChineseTestCase(AdminTestCase):
    # The test's users and group, the browser they log in with, the districts' pinyin (in their
    # URLs), and the keys Django's selection hint names as the keyboard prints them.
    names = ("lihua", "boss", "editors", "Chromium", "Control", "Command", "Mac")

    def setUp(self):
        super().setUp()
        self.names += tuple(District.objects.values_list("slug", flat=True))

    def assertChinese(self, response, url):
        parser = VisibleText()
        parser.feed(response.content.decode())
        self.assertEqual(english_words(" ".join(parser.parts), self.names), [], url)

    def get_chinese(self, url, status=200):
        response = self.client.get(url, follow=False)
        self.assertEqual(response.status_code, status, url)
        self.assertChinese(response, url)
        return response


class AdminPagesTests(ChineseTestCase):
    def setUp(self):
        super().setUp()
        self.client = Client(HTTP_USER_AGENT="Chromium/131")
        self.client.force_login(self.boss)
        article = self.article(1, 1)
        ErrorReport.objects.create(article=article, message="第二段的人名写错了", contact="")

    def model_pages(self, model_admin):
        opts = model_admin.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{name}_changelist")
        if model_admin.has_add_permission(self.request()):
            yield reverse(f"{name}_add")
        obj = model_admin.get_queryset(self.request()).first()
        if obj is None:
            return
        yield reverse(f"{name}_change", args=[obj.pk])
        yield reverse(f"{name}_history", args=[obj.pk])
        if model_admin.has_delete_permission(self.request(), obj):
            yield reverse(f"{name}_delete", args=[obj.pk])

    def request(self):
        request = self.client.get("/admin/").wsgi_request
        request.user = self.boss
        return request

    def test_every_admin_page_is_chinese(self):
        urls = ["/admin/", "/admin/articles/", "/admin/auth/", "/admin/password_change/"]
        for model_admin in admin.site._registry.values():
            urls += self.model_pages(model_admin)
        for url in urls:
            with self.subTest(url=url):
                self.get_chinese(url)

    def test_the_review_queue_with_a_readers_report_is_chinese(self):
        self.get_chinese("/admin/articles/articlereview/")
        self.get_chinese("/admin/articles/articlereview/?reason=report")

    def test_a_version_in_the_history_is_chinese(self):
        article = self.article(1, 1)
        self.edit(article, headline="编辑改过的标题")
        history = self.get_chinese(self.change_url(article).replace("change/", "history/"))
        versions = re.findall(r'href="([^"]*/history/\d+/)"', history.content.decode())
        self.assertTrue(versions)
        for url in versions:
            with self.subTest(url=url):
                self.get_chinese(url)


class ErrorPagesTests(ChineseTestCase):
    def test_a_page_an_editor_may_not_open_says_so_in_chinese(self):
        response = self.get_chinese("/admin/auth/user/add/", status=403)
        self.assertContains(response, "没有权限", status_code=403)

    def test_an_admin_address_that_does_not_exist_says_so_in_chinese(self):
        self.get_chinese("/admin/articles/article/999999/split/", status=404)
        self.get_chinese("/admin/no-such-page/", status=404)

    @override_settings(DEBUG=False)
    def test_the_server_error_page_is_chinese(self):
        self.client.raise_request_exception = False
        with mock.patch("articles.admin.review.ArticleReviewAdmin.get_queryset", side_effect=RuntimeError):
            self.get_chinese("/admin/articles/articlereview/", status=500)


class ReportsTests(ChineseTestCase):
    def run_chinese(self, *args, **options):
        with mock.patch.dict(os.environ, CHINESE):
            out, err = run(*args, **options)
        return out + err

    def test_the_import_report_is_chinese(self):
        out = self.run_chinese(seed("004"))
        self.assertEqual(english_words(out), [], out)

    def test_the_explain_report_is_chinese(self):
        folder = Path(tempfile.mkdtemp(prefix="explain-"))
        self.addCleanup(shutil.rmtree, folder)
        doubtful = folder / "2025-05-20.txt"
        doubtful.write_text(UNSIGNED, encoding="utf-8")
        out = self.run_chinese(
            SAMPLE, seed("004"), REALTEXT / "rmrb-20191020.txt", doubtful, explain=True, dry_run=True
        )
        # Each line as the file prints it follows its role and a bar: the paper's text, not ours.
        ours = [line.partition(" | ")[0] for line in out.splitlines()]
        self.assertEqual(english_words("\n".join(ours)), [])
        self.assertIn("\n        正文 | ", out)
        self.assertIn("\n        存疑 | 正文中又有电头「本报株洲5月19日电」", out)
        self.assertIn("\n1 版，2 篇文章，其中 1 篇存疑\n存疑：《社区食堂开业》：正文中又有电头", out)
        self.assertIn("\n3 版，13 篇文章，其中 0 篇存疑\n", out)

    def test_a_refusal_is_chinese(self):
        folder = Path(tempfile.mkdtemp(prefix="undated-"))
        self.addCleanup(shutil.rmtree, folder)
        undated = folder / "undated.txt"
        undated.write_text("这是一段没有日期也没有报头的文字。\n\n又一段文字。\n", encoding="utf-8")
        with mock.patch.dict(os.environ, CHINESE):
            err = refused(self, undated)
        self.assertIn("这一期没有日期：没有报头，文件名里没有日期", err)
        self.assertEqual(english_words(err.replace(str(undated), "")), [], err)


class ScriptsInBrowserTests(LiveTestCase):
    """What the admin's scripts write into a page (the permissions' two-box chooser) is Chinese too."""

    def setUp(self):
        User.objects.create_superuser("boss", password="a-long-admin-password")
        self.page = browser_page(self)
        self.page.set_viewport_size({"width": 1280, "height": 800})

    def test_the_permissions_chooser_is_chinese(self):
        log_in(self.page, self.live_server_url, "boss", "a-long-admin-password")
        self.page.goto(f"{self.live_server_url}/admin/auth/group/add/")
        self.page.wait_for_selector("#id_permissions_add_all")
        text = self.page.inner_text("#content-main")
        self.assertIn("全选权限", text)
        self.assertEqual(english_words(text, ChineseTestCase.names), [])
