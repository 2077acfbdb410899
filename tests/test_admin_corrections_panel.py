"""The edit form's corrections beside the file's text, and 恢复为来源文本 that loses nothing typed.

The panel shows short texts whole and long ones as the history's character
diff in context, so the correction is always in sight. Restoring a field puts
the file's text back into the form (in place, saved with the rest); the
server does it when the browser runs no script, and a field of rows (bylines,
captions, districts) is restored at once only when nothing else was typed.
"""

import re

from articles.models import Article

from .base import AdminTestCase, form_data


class PanelTests(AdminTestCase):
    def test_short_corrections_show_both_texts_whole(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        page = self.client.get(self.change_url(article))
        self.assertContains(page, "<td>旧楼装上新电梯 居民出门更轻松</td><td>老楼装上新电梯</td>", html=False)

    def test_a_correction_late_in_a_long_body_shows_as_a_diff_in_context(self):
        article = self.article(2, 2)
        self.assertGreater(len(article.body), 300)
        self.edit(article, body=article.body.replace("确保居民用得安心", "确保居民用得放心"))
        page = self.client.get(self.change_url(article))
        self.assertContains(page, "确保居民用得<del>安</del><ins>放</ins>心", html=False)
        self.assertContains(page, f"来源文本 {len(article.body)} 字，更正后 {len(article.body)} 字")
        panel = page.content.decode().split('<table class="corrections">')[1].split("</table>")[0]
        self.assertNotIn(article.paragraphs[0], re.sub(r"<[^>]*>", "", panel), "not the whole body twice")

    def test_a_correction_of_rows_shows_them_named(self):
        article = self.article(2, 2)
        self.edit(article, **{"bylines-0-role": "首席记者"})
        page = self.client.get(self.change_url(article))
        self.assertContains(
            page,
            "<td>全媒体记者/何静怡；通讯员/龙小勇</td><td>首席记者/何静怡；通讯员/龙小勇</td>",
            html=False,
        )

    def test_each_field_of_text_carries_the_files_text_for_a_restore_in_place(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯", **{"bylines-0-role": "首席记者"})
        page = self.client.get(self.change_url(article))
        self.assertContains(page, 'data-source-text="旧楼装上新电梯 居民出门更轻松"')
        self.assertContains(page, 'value="bylines"', count=1)
        self.assertContains(page, "data-source-text", count=1, msg_prefix="rows are restored by the server")
        self.assertContains(page, "admin/articles/restore_in_place.js")


class RestoreWithoutScriptTests(AdminTestCase):
    """The button posts the whole form: what the editor typed comes back, with the field restored in it."""

    def restore(self, article, field, **typed):
        data = form_data(self.client.get(self.change_url(article)))
        data.update(typed, field=field)
        return self.client.post(f"/admin/articles/article/{article.pk}/restore/", data)

    def test_restoring_a_field_keeps_a_subtitle_typed_but_not_saved(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        response = self.restore(article, "headline", subtitle="一个还没保存的副题")
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertEqual(form["subtitle"].value(), "一个还没保存的副题")
        self.assertEqual(form["headline"].value(), "旧楼装上新电梯 居民出门更轻松")
        self.assertContains(response, "「标题」已换成来源文本，还没有保存")
        self.assertContains(response, 'action="/admin/articles/article/')
        article.refresh_from_db()
        self.assertEqual((article.headline, article.subtitle), ("老楼装上新电梯", ""), "nothing saved yet")
        saved = self.client.post(self.change_url(article), form_data(response))
        self.assertEqual(saved.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.headline, "旧楼装上新电梯 居民出门更轻松")
        self.assertEqual(article.subtitle, "一个还没保存的副题")
        self.assertEqual(article.edited_fields, ["subtitle"])

    def test_rows_are_not_restored_over_other_unsaved_input_which_is_kept(self):
        article = self.article(2, 2)
        self.edit(article, **{"bylines-0-role": "首席记者"})
        response = self.restore(article, "bylines", subtitle="一个还没保存的副题")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "表单里还有没保存的修改")
        self.assertEqual(response.context["adminform"].form["subtitle"].value(), "一个还没保存的副题")
        article.refresh_from_db()
        self.assertEqual(article.edited_fields, ["bylines"])

    def test_rows_are_restored_at_once_when_nothing_else_was_typed(self):
        article = self.article(2, 2)
        self.edit(article, **{"bylines-0-role": "首席记者"})
        response = self.restore(article, "bylines")
        self.assertRedirects(response, self.change_url(article))
        article.refresh_from_db()
        self.assertEqual([str(b) for b in article.bylines.all()], ["全媒体记者/何静怡", "通讯员/龙小勇"])
        self.assertEqual(article.source, {})

    def test_an_issues_date_is_restored_in_place_too(self):
        issue = self.article(1, 1).page.issue
        self.edit(issue, date="2024-03-11")
        data = form_data(self.client.get(self.change_url(issue)))
        data.update(field="date", lunar_date="甲辰年二月初三日")
        response = self.client.post(f"/admin/articles/issue/{issue.pk}/restore/", data)
        form = response.context["adminform"].form
        self.assertEqual(
            (form["date"].value(), form["lunar_date"].value()), ("2024-03-12", "甲辰年二月初三日")
        )
        self.assertEqual(Article.objects.filter(date="2024-03-11").count(), 13, "nothing saved yet")
