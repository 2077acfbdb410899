"""Faults in what readers are served: stale pages after an edit, poisoned cache keys, unroutable names.

Every edit that changes what a page shows invalidates it at once, conditional
GETs follow, old person URLs redirect, browsers revalidate old issues, the
page cache keeps hosts and schemes apart, and names of any characters route.
"""

import datetime
import time

from django.core.cache import caches
from django.test import override_settings

from articles.models import Article, District, Issue, Section

from .base import AdminTestCase, form_data
from .test_caching import PAGES_CACHE

LONG_AGO = datetime.datetime(2024, 3, 12, tzinfo=datetime.UTC)


@override_settings(CACHES=PAGES_CACHE, ALLOWED_HOSTS=["testserver", "other.example"])
class StalePageTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.boss)
        caches["pages"].clear()
        # The archive last changed long ago, so a change now shows in Last-Modified.
        Issue.objects.update(updated_at=LONG_AGO)
        self.article = Article.objects.filter(bylines__isnull=False).first()
        self.person = self.article.bylines.first().person
        self.url = self.article.get_absolute_url()

    def rename(self, obj, name):
        """Rename in the admin, as an editor would."""
        url = f"/admin/articles/{obj._meta.model_name}/{obj.pk}/change/"
        response = self.client.post(url, {**form_data(self.client.get(url)), "name": name})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        obj.refresh_from_db()
        self.assertEqual(obj.name, name)

    def assertShowsAtOnce(self, url, old, new, rename):
        self.client.logout()  # readers are anonymous
        first = self.client.get(url)
        self.assertContains(first, old)
        modified = first.headers["Last-Modified"]
        self.client.force_login(self.boss)
        rename()
        self.client.logout()
        again = self.client.get(url)
        self.assertContains(again, new)
        conditional = self.client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
        self.assertEqual(conditional.status_code, 200, "a conditional GET follows the edit")

    def test_renaming_a_person_shows_at_once_on_the_article_page(self):
        self.assertShowsAtOnce(
            self.url, self.person.name, "林晓/改", lambda: self.rename(self.person, "林晓/改")
        )

    def test_renaming_a_section_shows_at_once(self):
        section = self.article.page.section or Section.objects.filter(pages__isnull=False).first()
        page_url = section.pages.first().get_absolute_url()
        self.assertShowsAtOnce(
            page_url, section.name, "改过的版名", lambda: self.rename(section, "改过的版名")
        )

    def test_renaming_a_district_shows_at_once(self):
        district = District.objects.filter(articles__isnull=False).first()
        self.assertShowsAtOnce("/", district.name, "改过的区名", lambda: self.rename(district, "改过的区名"))

    def test_a_renamed_section_moves_to_the_url_of_its_new_name_and_the_old_one_redirects(self):
        section = self.article.page.section or Section.objects.filter(pages__isnull=False).first()
        first_name, first_url = section.name, section.get_absolute_url()
        self.rename(section, "城市新闻")
        self.assertEqual(section.get_absolute_url(), "/section/%E5%9F%8E%E5%B8%82%E6%96%B0%E9%97%BB/")
        self.client.logout()
        self.assertContains(self.client.get(section.get_absolute_url()), "城市新闻")
        self.assertRedirects(self.client.get(first_url), section.get_absolute_url(), status_code=301)
        # Named as it first was, its first URL is its own again, and the one between leads there.
        self.client.force_login(self.boss)
        self.rename(section, first_name)
        self.client.logout()
        self.assertEqual(section.get_absolute_url(), first_url)
        self.assertEqual(self.client.get(first_url).status_code, 200)
        self.assertRedirects(
            self.client.get("/section/%E5%9F%8E%E5%B8%82%E6%96%B0%E9%97%BB/"), first_url, status_code=301
        )

    def test_a_person_renamed_with_a_slash_routes_everywhere(self):
        self.rename(self.person, "林晓/改")
        self.client.logout()
        for url in (
            self.url,
            f"{self.url}?format=json",
            "/sitemap-people.xml",
            self.person.get_absolute_url(),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.person.get_absolute_url(), "/person/%E6%9E%97%E6%99%93/%E6%94%B9/")

    def test_an_old_person_url_redirects_after_a_rename(self):
        old_url = self.person.get_absolute_url()
        self.rename(self.person, "林晓改")
        response = self.client.get(old_url)
        self.assertRedirects(response, self.person.get_absolute_url(), status_code=301)

    def test_browsers_revalidate_an_old_issue(self):
        response = self.client.get(self.url)
        self.assertNotIn("max-age=86400", response.headers["Cache-Control"])
        max_age = int(response.headers["Cache-Control"].split("max-age=")[1].split(",")[0])
        self.assertLessEqual(max_age, 300)

    def test_the_cache_key_covers_host_and_scheme(self):
        self.client.logout()
        poisoned = self.client.get(self.url, {"format": "json"}, HTTP_HOST="other.example")
        self.assertIn("other.example", poisoned.content.decode())
        response = self.client.get(self.url, {"format": "json"})
        self.assertNotIn("other.example", response.content.decode())
        secure = self.client.get(self.url, {"format": "json"}, HTTP_X_FORWARDED_PROTO="https")
        self.assertIn("https://testserver", secure.content.decode())
        response = self.client.get(self.url, {"format": "json"})
        self.assertNotIn("https://", response.content.decode())


class SameSecondEditTests(AdminTestCase):
    """HTTP dates count whole seconds: two edits within one second must not leave a reader the first."""

    def edit_twice_within_one_second(self, url):
        """The page fetched after a first edit, then a second edit in the same second; returns the response."""
        article = self.article(1, 1)
        for _attempt in range(5):
            time.sleep(1 - time.time() % 1)  # at the start of a second, so both edits fall within it
            started = int(time.time())
            article.headline = "第一次修改的标题"
            article.save()
            first = self.client.get(url)
            article.headline = "第二次修改的标题"
            article.save()
            if int(time.time()) == started:
                return first
        self.fail("the machine is too busy to make two edits within one second")

    def revalidate(self, url, first, *, etag=True):
        """Ask again as a client that kept the first response's validators does."""
        headers = {}
        if first.has_header("Last-Modified"):
            headers["if-modified-since"] = first["Last-Modified"]
        if etag and first.has_header("ETag"):
            headers["if-none-match"] = first["ETag"]
        return self.client.get(url, headers=headers)

    def test_a_client_revalidating_by_date_gets_the_second_edit(self):
        self.client.logout()
        url = self.article(1, 1).get_absolute_url()
        first = self.edit_twice_within_one_second(url)
        self.assertContains(first, "第一次修改的标题")
        again = self.revalidate(url, first, etag=False)
        self.assertEqual(again.status_code, 200, "no 304 for a page changed since, within the same second")
        self.assertContains(again, "第二次修改的标题")

    def test_a_client_revalidating_by_etag_and_date_gets_the_second_edit(self):
        self.client.logout()
        url = self.article(1, 1).get_absolute_url()
        first = self.edit_twice_within_one_second(url)
        again = self.revalidate(url, first)
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, "第二次修改的标题")

    def test_once_its_second_is_over_a_page_answers_304_by_date_until_it_changes(self):
        self.client.logout()
        url = self.article(1, 1).get_absolute_url()
        first = self.edit_twice_within_one_second(url)
        time.sleep(1.1)
        settled = self.client.get(url)
        self.assertContains(settled, "第二次修改的标题")
        self.assertEqual(self.revalidate(url, settled, etag=False).status_code, 304)
        self.assertEqual(self.revalidate(url, first, etag=False).status_code, 200)


class HealthOverHttpTests(AdminTestCase):
    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_healthz_answers_plain_http_while_pages_redirect(self):
        self.assertEqual(self.client.get("/").status_code, 301)
        self.assertIn(self.client.get("/healthz").status_code, (200, 503))

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_healthz_with_a_slash_answers_plain_http_too(self):
        response = self.client.get("/healthz/")
        self.assertIn(response.status_code, (200, 503))
        self.assertIn("database", response.json())

    def test_healthz_reports_unapplied_migrations(self):
        from django.db.migrations.recorder import MigrationRecorder

        MigrationRecorder.Migration.objects.filter(app="articles").order_by("-id").first().delete()
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertIn("migrate", response.json()["database"])


@override_settings(AXES_FAILURE_LIMIT=5, PORTAL_PROXY_COUNT=1)
class LockoutTests(AdminTestCase):
    def setUp(self):
        pass

    def log_in(self, name, address, password="wrong"):
        return self.client.post(
            "/admin/login/?next=/admin/",
            {"username": name, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.77, {address}",
        )

    def test_one_name_is_locked_out_from_any_address(self):
        for n in range(5):
            self.log_in("lihua", f"198.51.100.{n}")
        response = self.log_in("lihua", "198.51.100.99", password="a-long-editor-password")
        self.assertEqual(response.status_code, 429)

    def test_one_address_is_locked_out_for_any_name(self):
        for n in range(5):
            self.log_in(f"guess{n}", "198.51.100.7")
        response = self.log_in("lihua", "198.51.100.7", password="a-long-editor-password")
        self.assertEqual(response.status_code, 429)
        # The address is the proxy's, not what the client wrote further left.
        self.assertRedirects(self.log_in("boss", "198.51.100.8", password="a-long-admin-password"), "/admin/")
