"""Every version in a history opens and can be put back: editing sessions walked version by version.

A session does what an editor and the importer do to an article, a page and an
issue in a morning (edit, split, merge, import, restore, revert); then each of
its versions is opened and reverted to, each revert undone before the next.
"""

import json

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from articles.corrections import IMPORTED
from articles.models import Issue, Page, Person, Section

from .base import form_data
from .test_corrections import CopyTestCase


def stored(version):
    return json.loads(version.serialized_data)[0]["fields"]


class VersionWalk(CopyTestCase):
    def history_url(self, obj, version):
        return f"/admin/articles/{obj._meta.model_name}/{obj.pk}/history/{version.pk}/"

    def walk(self, obj):
        """Open each version of `obj` and revert to it (undone after), checking what the editor sees."""
        versions = list(Version.objects.get_for_object(obj).select_related("revision").order_by("pk"))
        self.assertTrue(versions)
        for version in versions:
            with self.subTest(version=version.revision.get_comment()):
                url = self.history_url(obj, version)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, response.get("Location"))
                self.assertContains(response, 'name="_save"')
                with transaction.atomic():
                    posted = self.client.post(url, form_data(response), follow=True)
                    self.assertEqual(posted.redirect_chain[0][1], 302, posted.content[:2000])
                    self.assertContains(posted, "messagelist")
                    self.assertNotContains(posted, "缺少依赖")
                    obj.refresh_from_db()
                    then = stored(version)
                    for name in then.get("source") or {}:
                        if name not in obj.RELATED_LABELS:
                            self.assertEqual(obj.shown(name), obj.stored_value(name, then[name]), name)
                    transaction.set_rollback(True)
                obj.refresh_from_db()
        return versions


class ArticleVersionTests(VersionWalk):
    def test_every_version_of_an_articles_morning_opens_and_reverts(self):
        article = self.article(1, 2)
        self.edit(article, subtitle="一个虚构的副题")
        new = self.split(article, 2, "市民带孩子参与植树")
        self.edit(new, subtitle="拆出后补的副题")
        self.change_file("600余名志愿者", "700余名志愿者")
        self.client.post(f"/admin/articles/article/{article.pk}/restore/", {"field": "subtitle"})
        self.merge(article)
        article.refresh_from_db()
        self.revert(article, Version.objects.get_for_object(article).get(revision__comment__contains="拆出"))
        comments = [v.revision.comment for v in self.walk(article)]
        self.assertEqual(comments[0], IMPORTED)
        for said in ("拆出", "导入", "恢复为来源文本", "并入", "恢复到"):
            self.assertTrue(any(said in comment for comment in comments), said)

    def test_reverting_to_the_split_version_cuts_the_text_again_where_it_stands(self):
        article = self.article(1, 2)
        paragraphs = article.paragraphs
        self.split(article, 2, "市民带孩子参与植树")
        self.merge(article)
        url = article.get_absolute_url()
        self.revert(article, Version.objects.get_for_object(article).get(revision__comment__contains="拆出"))
        self.assertEqual(article.paragraphs, paragraphs[:2])
        self.assertEqual(article.get_absolute_url(), url, "it keeps its place and its address")
        self.assertEqual(article.edited_fields, ["body"])

    def test_the_split_off_half_opens_and_reverts_each_of_its_versions(self):
        article = self.article(1, 2)
        body = article.body
        new = self.split(article, 2, "市民带孩子参与植树")
        self.edit(new, headline="市民带着孩子参与植树")
        self.walk(new)
        self.revert(new, Version.objects.get_for_object(new).order_by("pk").first())
        self.assertEqual(new.headline, "市民带孩子参与植树")
        article.refresh_from_db()
        self.assertNotEqual(article.body, body, "the article it came from is not reverted with it")

    def test_a_version_names_a_reporter_an_import_has_since_removed(self):
        article = self.article(2, 2)
        self.edit(article, **{"bylines-0-role": "首席记者"})
        self.edit(article, **{"bylines-1-person": str(Person.objects.get(name="周文杰").pk)})
        self.change_file("通讯员/龙小勇", "通讯员/龙晓勇")
        self.assertFalse(Person.objects.filter(name="龙小勇").exists())
        self.walk(article)
        edited = Version.objects.get_for_object(article).filter(revision__user=self.editor).earliest("pk")
        self.revert(article, edited)
        self.assertEqual([str(b) for b in article.bylines.all()], ["首席记者/何静怡", "通讯员/龙小勇"])


class IssueAndPageVersionTests(VersionWalk):
    def session(self):
        issue = Issue.objects.get()
        data = form_data(self.client.get(self.change_url(issue)))
        data["lunar_date"] = "甲辰年二月初三日"
        data["pages-0-section"] = str(Section.objects.get_or_create(name="要闻")[0].pk)
        self.assertEqual(self.client.post(self.change_url(issue), data).status_code, 302)
        second = Page.objects.get(number=2)
        self.client.post(
            "/admin/articles/article/",
            {
                "action": "set_section",
                "apply": "1",
                "section": str(Section.objects.get_or_create(name="城区新闻")[0].pk),
                ACTION_CHECKBOX_NAME: [str(a.pk) for a in second.articles.all()],
            },
        )
        self.change_file("美术编辑：杜川", "美术编辑：杜帆")
        self.change_file("今日8版", "今日9版")
        self.client.post(f"/admin/articles/issue/{issue.pk}/restore/", {"field": "lunar_date"})
        issue.refresh_from_db()
        return issue

    def test_every_version_of_an_issues_morning_opens_and_reverts(self):
        issue = self.session()
        self.walk(issue)
        edited = Version.objects.get_for_object(issue).filter(revision__user=self.editor).earliest("pk")
        self.revert(issue, edited)
        self.assertEqual(issue.lunar_date, "甲辰年二月初三日")
        self.assertEqual(issue.page_count, 9, "the file as it is now beneath the editor's correction")
        self.assertEqual(str(issue.pages.get(number=1).section), "要闻", "the page edited with it, too")

    def test_every_version_of_a_page_opens_and_reverts(self):
        self.session()
        for page in Page.objects.all():
            with self.subTest(page=page.number):
                self.walk(page)
        page = Page.objects.get(number=2)
        self.revert(page, Version.objects.get_for_object(page).order_by("pk").first())
        self.assertEqual(str(page.section), "综合·城区")
        self.assertEqual(page.editors, [["责任编辑", "肖蓉"], ["美术编辑", "杜帆"]], "the file as it is now")

    def test_a_page_has_a_history_of_its_own(self):
        self.session()
        page = Page.objects.get(number=2)
        response = self.client.get(f"/admin/articles/page/{page.pk}/history/")
        self.assertContains(response, "<del>综合·</del>城区<ins>新闻</ins>")


class BrokenVersionTests(VersionWalk):
    def test_a_version_that_cannot_be_put_back_opens_read_only_and_says_why(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        imported = Version.objects.get_for_object(article).get(revision__comment=IMPORTED)
        # As versions were saved before they named people: the byline's person by number, since removed.
        byline = imported.revision.version_set.filter(object_repr="通讯员/龙小勇").get()
        data = json.loads(byline.serialized_data)
        data[0]["fields"]["person"] = 999999
        byline.serialized_data = json.dumps(data)
        byline.save()
        url = self.history_url(article, imported)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "只能查看，不能恢复")
        self.assertContains(response, "署名中的作者（编号 999999）")
        self.assertContains(response, "旧楼装上新电梯 居民出门更轻松")
        self.assertNotContains(response, 'name="_save"')
        response = self.client.post(url, form_data(self.client.get(self.change_url(article))))
        self.assertEqual(response.status_code, 200)
        article.refresh_from_db()
        self.assertEqual(article.headline, "老楼装上新电梯", "nothing was reverted")


class VersionLabelTests(VersionWalk):
    def test_a_revert_names_the_version_by_its_second_and_its_author(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        self.edit(article, headline="老楼装上电梯")
        first = Version.objects.get_for_object(article).filter(revision__user=self.editor).earliest("pk")
        when = timezone.localtime(first.revision.date_created)
        label = f"{when:%Y-%m-%d %H:%M:%S} lihua"
        self.assertContains(self.client.get(self.history_url(article, first)), f"恢复到 {label} 的版本")
        self.revert(article, first)
        latest = Version.objects.get_for_object(article).latest("pk")
        self.assertEqual(latest.revision.comment, f"恢复到 {label} 的版本")

    def test_the_imported_version_carries_the_imports_time_not_the_first_edits(self):
        untouched, retold = self.article(1, 3), self.article(2, 2)
        before = timezone.now()
        self.change_file("小区已有5台电梯投用", "小区已有6台电梯投用")
        after = timezone.now()
        self.edit(untouched, headline="虚构的新标题")
        versions = Version.objects.get_for_object(untouched).select_related("revision").order_by("pk")
        imported, edited = (version.revision for version in versions)
        self.assertEqual(imported.comment, IMPORTED)
        self.assertLess(imported.date_created, before, "the import that gave its text, not this one")
        self.assertGreater(edited.date_created, after)
        self.assertContains(
            self.client.get(f"/admin/articles/article/{untouched.pk}/history/"),
            f"{timezone.localtime(imported.date_created):%Y-%m-%d %H:%M:%S}",
        )
        retold_versions = Version.objects.get_for_object(retold).select_related("revision").order_by("pk")
        imported, by_import = (version.revision for version in retold_versions)
        self.assertLess(imported.date_created, before)
        self.assertTrue(before <= by_import.date_created <= after, "the re-import's own time")
