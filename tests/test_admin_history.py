"""History: every change with who, when and what, and a way to put an earlier version back."""

from reversion.models import Version

from .base import AdminTestCase, form_data


class HistoryTests(AdminTestCase):
    def history(self, article):
        return self.client.get(f"/admin/articles/article/{article.pk}/history/")

    def test_it_keeps_the_imported_version_before_the_first_edit(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        comments = [v.revision.comment for v in Version.objects.get_for_object(article).order_by("pk")]
        self.assertEqual(comments[0], "导入时的版本")
        self.assertEqual(len(comments), 2)

    def test_the_history_says_who_when_and_what_changed(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        self.edit(article, **{"bylines-0-role": "首席记者"})
        response = self.history(article)
        self.assertContains(response, "<td>lihua</td>", count=2, html=False)
        self.assertContains(response, "<del>旧</del><ins>老</ins>楼装上新电梯<del> 居民出门更轻松</del>")
        self.assertContains(response, "<del>全媒体</del><ins>首席</ins>记者/何静怡；通讯员/龙小勇")
        self.assertContains(response, "导入")

    def test_it_puts_the_imported_version_back_with_its_bylines(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯", **{"bylines-1-DELETE": "on"})
        imported = Version.objects.get_for_object(article).order_by("pk").first()
        url = f"/admin/articles/article/{article.pk}/history/{imported.pk}/"
        form = self.client.get(url)
        self.assertContains(form, "旧楼装上新电梯 居民出门更轻松")
        article.refresh_from_db()
        self.assertEqual(article.headline, "老楼装上新电梯", "looking at a version changes nothing")
        self.assertEqual(self.client.post(url, form_data(form)).status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.headline, "旧楼装上新电梯 居民出门更轻松")
        self.assertEqual([str(b) for b in article.bylines.all()], ["全媒体记者/何静怡", "通讯员/龙小勇"])
        self.assertContains(self.client.get(article.get_absolute_url()), "旧楼装上新电梯 居民出门更轻松")

    def test_an_issue_has_a_history_too(self):
        issue = self.article(1, 1).page.issue
        data = form_data(self.client.get(self.change_url(issue)))
        data["lunar_date"] = "甲辰年二月初三日"
        self.client.post(self.change_url(issue), data)
        response = self.client.get(f"/admin/articles/issue/{issue.pk}/history/")
        self.assertContains(response, "甲辰年二月初三<ins>日</ins>")
