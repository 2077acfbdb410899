"""Splitting an article the importer ran together, and merging two it cut apart."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from articles.models import Article, ErrorReport

from .base import AdminTestCase


def snapshot(article):
    return {
        "bylines": [str(b) for b in article.bylines.all()],
        "districts": [d.name for d in article.districts.all()],
        "captions": [c.text for c in article.captions.all()],
    }


class SplitTests(AdminTestCase):
    def test_the_split_page_offers_each_paragraph_as_a_starting_point(self):
        article = self.article(1, 2)
        response = self.client.get(f"/admin/articles/article/{article.pk}/split/")
        self.assertContains(response, "第2段：")
        self.assertContains(response, "第3段：")
        self.assertNotContains(response, "第1段：")

    def test_it_splits_an_article_keeping_bylines_districts_and_captions_on_both(self):
        article = self.article(1, 2)
        kept = snapshot(article)
        paragraphs = article.paragraphs
        later = self.article(1, 3).pk
        response = self.client.post(
            f"/admin/articles/article/{article.pk}/split/", {"at": "2", "headline": "市民带孩子参与植树"}
        )
        new = Article.objects.get(headline="市民带孩子参与植树")
        self.assertRedirects(response, self.change_url(new))
        article.refresh_from_db()
        self.assertEqual(article.paragraphs, paragraphs[:2])
        self.assertEqual(new.paragraphs, paragraphs[2:])
        self.assertEqual((new.page, new.position), (article.page, 3))
        self.assertEqual(Article.objects.get(pk=later).position, 4)
        self.assertEqual(snapshot(new), kept)
        self.assertEqual(snapshot(article), kept)
        self.assertIn("body", article.edited_fields)
        self.assertTrue(new.split_off, "the new half is the editor's own: an import keeps it")

    def test_the_new_half_is_on_the_reader_pages_at_once(self):
        article = self.article(1, 2)
        self.client.post(
            f"/admin/articles/article/{article.pk}/split/", {"at": "1", "headline": "拆出的新文章"}
        )
        new = Article.objects.get(headline="拆出的新文章")
        self.assertContains(self.client.get(new.get_absolute_url()), "拆出的新文章")

    def test_a_one_paragraph_article_cannot_be_split(self):
        article = self.article(1, 3)
        response = self.client.get(f"/admin/articles/article/{article.pk}/split/", follow=True)
        self.assertContains(response, "无法拆分")

    def test_the_split_is_in_the_history(self):
        article = self.article(1, 2)
        self.client.post(
            f"/admin/articles/article/{article.pk}/split/", {"at": "1", "headline": "拆出的新文章"}
        )
        self.assertContains(
            self.client.get(f"/admin/articles/article/{article.pk}/history/"), "拆出《拆出的新文章》"
        )


class MergeTests(AdminTestCase):
    def test_the_merge_page_shows_both_articles(self):
        article = self.article(2, 2)
        response = self.client.get(f"/admin/articles/article/{article.pk}/merge/")
        self.assertContains(response, "旧楼装上新电梯")
        self.assertContains(response, "渌口区春耕备耕有序推进")

    def test_it_merges_the_next_article_keeping_bylines_districts_and_captions(self):
        first, second = self.article(2, 2), self.article(2, 3)
        body = f"{first.body}\n{second.body}"
        a, b = snapshot(first), snapshot(second)
        last = self.article(2, 4).pk
        ErrorReport.objects.create(article=second, message="作者名字有误", client_key="k")
        self.client.post(f"/admin/articles/article/{first.pk}/merge/")
        first.refresh_from_db()
        self.assertFalse(Article.objects.filter(pk=second.pk).exists())
        self.assertEqual(first.body, body)
        merged = snapshot(first)
        self.assertEqual(merged["bylines"], a["bylines"] + b["bylines"])
        self.assertEqual(sorted(merged["districts"]), sorted(a["districts"] + b["districts"]))
        self.assertEqual(merged["captions"], a["captions"] + b["captions"])
        self.assertEqual(Article.objects.get(pk=last).position, 3)
        self.assertEqual(first.merged_keys, [second.import_key])
        self.assertEqual(first.edited_fields, ["body", "districts", "bylines", "captions"])
        self.assertEqual(first.error_reports.get().message, "作者名字有误")

    def test_the_last_article_of_a_page_has_nothing_to_merge(self):
        article = self.article(2, 4)
        response = self.client.post(f"/admin/articles/article/{article.pk}/merge/", follow=True)
        self.assertContains(response, "后面没有可合并的文章")

    def test_the_merge_action_takes_two_neighbours_to_the_merge_page(self):
        chosen = [str(self.article(2, 2).pk), str(self.article(2, 3).pk)]
        response = self.client.post(
            "/admin/articles/article/", {"action": "merge_selected", ACTION_CHECKBOX_NAME: chosen}
        )
        self.assertRedirects(response, f"/admin/articles/article/{chosen[0]}/merge/")

    def test_the_merge_action_refuses_articles_that_are_not_neighbours(self):
        chosen = [str(self.article(2, 2).pk), str(self.article(2, 4).pk)]
        response = self.client.post(
            "/admin/articles/article/",
            {"action": "merge_selected", ACTION_CHECKBOX_NAME: chosen},
            follow=True,
        )
        self.assertContains(response, "请选择同一版上相邻的两篇文章")
        self.assertEqual(Article.objects.filter(page=self.article(2, 2).page).count(), 4)
