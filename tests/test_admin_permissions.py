"""Who reaches the admin and what an editor may do there; repeated failed logins lock out."""

from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.test import override_settings

from articles.models import Issue

from .base import AdminTestCase

EDITING = {
    "view_article", "change_article",
    "view_byline", "add_byline", "change_byline", "delete_byline",
    "view_caption", "add_caption", "change_caption", "delete_caption",
    "view_person", "add_person", "change_person",
    "view_issue", "change_issue",
    "view_page", "change_page",
    "view_district", "view_section",
    "view_errorreport", "change_errorreport", "delete_errorreport",
    "view_articlereview", "change_articlereview",
    "view_issuereview", "change_issuereview",
    "view_proposal", "change_proposal",
}  # fmt: skip


class EditorsGroupTests(AdminTestCase):
    def test_the_migration_gives_editors_exactly_the_editing_permissions(self):
        group = Group.objects.get(name="editors")
        self.assertEqual(set(group.permissions.values_list("codename", flat=True)), EDITING)
        self.assertFalse(group.permissions.exclude(content_type__app_label="articles").exists())

    def test_an_editor_reaches_every_part_of_the_editing(self):
        issue = self.article(1, 1).page.issue
        for url in [
            "/admin/",
            "/admin/articles/article/",
            self.change_url(self.article(1, 1)),
            f"/admin/articles/article/{self.article(1, 1).pk}/history/",
            f"/admin/articles/article/{self.article(1, 2).pk}/split/",
            f"/admin/articles/article/{self.article(1, 2).pk}/merge/",
            "/admin/articles/issue/",
            self.change_url(issue),
            "/admin/articles/articlereview/",
            "/admin/articles/issuereview/",
            "/admin/articles/errorreport/",
            "/admin/articles/proposal/",
            "/admin/articles/proposal/stats/",
            "/admin/articles/person/add/",
        ]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_an_editor_cannot_manage_users_or_delete_issues(self):
        issue = self.article(1, 1).page.issue
        for url in [
            "/admin/auth/user/",
            "/admin/auth/group/",
            f"/admin/articles/issue/{issue.pk}/delete/",
            f"/admin/articles/article/{self.article(1, 1).pk}/delete/",
            "/admin/articles/issue/add/",
            "/admin/articles/district/add/",
            "/admin/articles/article/recover/",
        ]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertNotContains(self.client.get("/admin/"), "/admin/auth/")

    def test_an_editor_cannot_delete_an_issue_by_bulk_action(self):
        issue = self.article(1, 1).page.issue
        self.client.post(
            "/admin/articles/issue/",
            {"action": "delete_selected", "_selected_action": [str(issue.pk)], "post": "yes"},
        )
        self.assertTrue(Issue.objects.filter(pk=issue.pk).exists())

    def test_a_superuser_can_manage_users(self):
        self.client.force_login(self.boss)
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 200)


class AnonymousTests(AdminTestCase):
    def setUp(self):
        pass

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        for url in ["/admin/", "/admin/articles/article/", self.change_url(self.article(1, 1))]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/admin/login/"))

    def test_an_anonymous_visitor_cannot_post_an_edit(self):
        article = self.article(1, 1)
        self.client.post(self.change_url(article), {"headline": "被篡改的标题"})
        article.refresh_from_db()
        self.assertNotEqual(article.headline, "被篡改的标题")

    def test_a_user_who_is_not_staff_cannot_log_in_to_the_admin(self):
        reader = User.objects.create_user("reader", password="a-long-reader-password")
        reader.groups.add(Group.objects.get(name="editors"))
        response = self.client.post(
            "/admin/login/",
            {"username": "reader", "password": "a-long-reader-password"},
            REMOTE_ADDR="10.0.0.9",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_an_editor_logs_in_with_the_right_password(self):
        response = self.client.post(
            "/admin/login/?next=/admin/", {"username": "lihua", "password": "a-long-editor-password"}
        )
        self.assertRedirects(response, "/admin/")


@override_settings(AXES_FAILURE_LIMIT=5)
class LockoutTests(AdminTestCase):
    def setUp(self):
        pass

    def log_in(self, password, address="10.0.0.7"):
        return self.client.post(
            "/admin/login/?next=/admin/", {"username": "lihua", "password": password}, REMOTE_ADDR=address
        )

    def test_repeated_failed_logins_lock_the_name_out_from_that_address(self):
        for _ in range(4):
            self.assertEqual(self.log_in("wrong").status_code, 200)
        response = self.log_in("wrong")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "登录已暂停", status_code=429)
        response = self.log_in("a-long-editor-password")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_the_lockout_of_a_name_reaches_every_address(self):
        for _ in range(5):
            self.log_in("wrong")
        self.assertEqual(self.log_in("a-long-editor-password", address="10.0.0.8").status_code, 429)

    def test_a_successful_login_forgets_earlier_failures(self):
        for _ in range(4):
            self.log_in("wrong")
        self.log_in("a-long-editor-password")
        self.assertFalse(AccessAttempt.objects.filter(username="lihua").exists())
