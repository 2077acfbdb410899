"""A correction made in the admin survives every later import of the same file."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from articles.importer import import_file
from articles.models import Article, District, Issue, Section

from .base import SAMPLE, SampleCopyTestCase


def differences(result):
    return [(d.kind, d.what, d.field) for d in result.differ]


class ReimportTests(SampleCopyTestCase):
    """Each test changes the sample's copy and imports it again."""

    def reimport_changed(self, old="目前，小区已有5台电梯投用", new="目前，小区已有6台电梯投用"):
        text = self.copy.read_text(encoding="utf-8")
        self.assertIn(old, text)
        self.copy.write_text(text.replace(old, new), encoding="utf-8")
        result = import_file(self.copy)
        self.assertEqual(result.status, "updated")
        return result

    def test_it_keeps_an_edited_headline_on_reimport_and_says_so(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯 居民出门更轻松")
        result = self.reimport_changed()
        article.refresh_from_db()
        self.assertEqual(article.headline, "老楼装上新电梯 居民出门更轻松")
        self.assertIn("已有6台电梯投用", article.body, "the file's other change lands")
        self.assertIn(("article", "老楼装上新电梯 居民出门更轻松", "headline"), differences(result))

    def test_it_keeps_inline_bylines_and_captions_on_reimport(self):
        article = self.article(2, 3)
        self.edit(article, **{"bylines-1-DELETE": "on", "captions-0-text": "农机手在田间作业"})
        self.reimport_changed()
        article.refresh_from_db()
        self.assertEqual([str(b) for b in article.bylines.all()], ["全媒体记者/谭丽"])
        self.assertEqual([c.text for c in article.captions.all()], ["农机手在田间作业"])

    def test_it_keeps_districts_set_by_the_bulk_action_on_reimport(self):
        liling = District.objects.get(name="醴陵市")
        article = self.article(2, 2)
        self.client.post(
            "/admin/articles/article/",
            {
                "action": "set_districts",
                ACTION_CHECKBOX_NAME: [str(article.pk)],
                "apply": "1",
                "districts": [str(liling.pk)],
                "replace": "1",
            },
        )
        self.reimport_changed()
        self.assertEqual([d.name for d in article.districts.all()], ["醴陵市"])

    def test_it_keeps_a_corrected_issue_date_on_reimport(self):
        issue = Issue.objects.get(source_name=SAMPLE.name)
        self.edit(issue, date="2024-03-11")
        result = self.reimport_changed()
        issue.refresh_from_db()
        self.assertEqual(str(issue.date), "2024-03-11")
        self.assertEqual(issue.date_source, Issue.DateSource.EDITOR)
        self.assertIn(("issue", "2024-03-11", "date"), differences(result))

    def test_both_halves_of_a_split_survive_reimport(self):
        article = self.article(1, 2)
        self.client.post(
            f"/admin/articles/article/{article.pk}/split/", {"at": "2", "headline": "市民带孩子参与植树"}
        )
        self.reimport_changed()
        article.refresh_from_db()
        self.assertEqual(len(article.paragraphs), 2)
        new = Article.objects.get(headline="市民带孩子参与植树")
        self.assertEqual(len(new.paragraphs), 1)
        self.assertEqual([str(b) for b in new.bylines.all()], ["全媒体记者/彭志强", "通讯员/黄思远"])

    def test_a_merge_stays_merged_on_reimport(self):
        first, second = self.article(2, 3), self.article(2, 4)
        first.merge(second)
        count = Article.objects.filter(page=first.page).count()
        self.reimport_changed()
        first.refresh_from_db()
        self.assertEqual(Article.objects.filter(page=first.page).count(), count)
        self.assertIn(second.body[:20], first.body)
        self.assertFalse(Article.objects.filter(page=first.page, body=second.body).exists())

    def test_it_keeps_a_corrected_page_section_on_reimport(self):
        page = self.article(2, 2).page
        with page.correcting(self.editor, "改正版名"):
            page.section = Section.objects.create(name="城区新闻")
        result = self.reimport_changed()
        page.refresh_from_db()
        self.assertEqual(page.section.name, "城区新闻")
        self.assertIn(("page", "02", "section"), differences(result))
