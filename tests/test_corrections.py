"""Editors' corrections as a layer over the source file: through the admin's views and the import command.

Each class is one case an editor met: a revert that brought back stale text,
a split and merge that locked the body, a split that moved other articles'
URLs, a history that showed no difference, and samples mixed with the real
archive.
"""

import datetime
import os
import re
from io import StringIO
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation
from haystack.query import SearchQuerySet
from reversion.models import Version

from articles.corrections import IMPORTED
from articles.models import Article, ArticleRedirect, District, ErrorReport, Issue, Section

from .base import (
    ROOT,
    SAMPLE,
    SAMPLES,
    AdminTestCase,
    SampleCopyTestCase,
    form_data,
    fresh_index,
    index_all,
    seed,
)
from .test_archive_counts import CountsMixin


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command(*[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


class CopyTestCase(SampleCopyTestCase):
    """The sample's copy, changed and imported again with the command."""

    def change_file(self, old, new):
        text = self.copy.read_text(encoding="utf-8")
        self.assertIn(old, text)
        self.copy.write_text(text.replace(old, new), encoding="utf-8")
        out, err = run("import_issues", self.copy)
        self.assertIn("updated", out, err)
        return out

    def revert(self, obj, version):
        url = f"/admin/articles/{obj._meta.model_name}/{obj.pk}/history/{version.pk}/"
        response = self.client.post(url, form_data(self.client.get(url)))
        self.assertEqual(response.status_code, 302)
        obj.refresh_from_db()

    def split(self, article, at, headline):
        self.client.post(
            f"/admin/articles/article/{article.pk}/split/", {"at": str(at), "headline": headline}
        )
        return Article.objects.get(headline=headline)

    def merge(self, article):
        response = self.client.post(f"/admin/articles/article/{article.pk}/merge/")
        self.assertEqual(response.status_code, 302)


class RevertTests(CopyTestCase):
    """Case 1: a revert restores an editor's earlier state, never an older file; --force re-parses."""

    def test_reverting_to_the_imported_version_shows_the_files_current_text(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        self.change_file("小区已有5台电梯投用", "小区已有6台电梯投用")
        self.change_file("小区已有6台电梯投用", "小区已有7台电梯投用")
        imported = Version.objects.get_for_object(article).get(revision__comment=IMPORTED)
        self.revert(article, imported)
        self.assertIn("小区已有7台电梯投用", article.body, "the file's latest text, not the first import's")
        self.assertEqual(article.headline, "旧楼装上新电梯 居民出门更轻松", "the editor's headline is undone")
        self.assertEqual(article.source, {}, "nothing of it is a correction any more")
        self.assertContains(self.client.get(article.get_absolute_url()), "小区已有7台电梯投用")

    def test_a_revert_keeps_the_corrections_of_the_version_it_restores(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        self.edit(article, headline="老楼装上电梯")
        first_edit = Version.objects.get_for_object(article).filter(revision__user=self.editor).last()
        self.change_file("小区已有5台电梯投用", "小区已有6台电梯投用")
        self.revert(article, first_edit)
        self.assertEqual(article.headline, "老楼装上新电梯")
        self.assertIn("小区已有6台电梯投用", article.body)
        self.assertEqual(article.source, {"headline": "旧楼装上新电梯 居民出门更轻松"})

    def test_force_parses_an_unchanged_file_again(self):
        article = self.article(2, 2)
        Article.objects.filter(pk=article.pk).update(body="旧解析器留下的残缺正文")
        out, _ = run("import_issues", self.copy)
        self.assertIn("unchanged", out)
        out, _ = run("import_issues", "--force", self.copy)
        self.assertIn("updated", out)
        article.refresh_from_db()
        self.assertIn("小区已有5台电梯投用", article.body)


class SplitMergeTests(CopyTestCase):
    """Case 2: a split and a merge mark only what changed; corrections can be seen and dropped."""

    def test_a_split_then_a_merge_back_leaves_no_correction(self):
        article = self.article(1, 2)
        body = article.body
        self.split(article, 2, "市民带孩子参与植树")
        article.refresh_from_db()
        self.assertIn("body", article.edited_fields)
        self.merge(article)
        article.refresh_from_db()
        self.assertEqual(article.body, body)
        self.assertEqual(article.source, {})
        self.assertContains(self.client.get(self.change_url(article)), "全部显示来源文本")

    def test_after_a_split_and_merge_back_a_changed_file_is_applied_and_reported_shortly(self):
        article = self.article(1, 2)
        self.split(article, 2, "市民带孩子参与植树")
        self.merge(article)
        old = article.paragraphs[-1][:12]
        out = self.change_file(old, "虚构的改动" + old)
        article.refresh_from_db()
        self.assertIn("虚构的改动", article.body)
        self.assertTrue(all(len(line) < 200 for line in out.splitlines()), out)

    def test_a_split_off_half_stays_after_its_article_through_a_reimport(self):
        article = self.article(1, 2)
        new = self.split(article, 2, "市民带孩子参与植树")
        self.change_file("600余名志愿者", "700余名志愿者")
        article.refresh_from_db()
        new.refresh_from_db()
        self.assertEqual(new.position, article.position + 1)
        self.merge(article)
        article.refresh_from_db()
        self.assertFalse(Article.objects.filter(pk=new.pk).exists())
        self.assertIn("意义不一样", article.body)

    def test_the_file_changes_beneath_a_correction_and_the_report_names_it(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        out = self.change_file("旧楼装上新电梯 居民出门更轻松", "旧楼加装电梯 居民出门更轻松")
        article.refresh_from_db()
        self.assertEqual(article.headline, "老楼装上新电梯")
        self.assertEqual(article.source, {"headline": "旧楼加装电梯 居民出门更轻松"})
        self.assertIn("《老楼装上新电梯》 headline: an editor's correction differs from the file", out)
        self.assertNotIn("小区已有", out, "never whole bodies")

    def test_an_editor_sees_both_values_and_drops_a_correction(self):
        article = self.article(2, 2)
        self.edit(article, headline="老楼装上新电梯")
        page = self.client.get(self.change_url(article))
        self.assertContains(page, "<td>旧楼装上新电梯 居民出门更轻松</td><td>老楼装上新电梯</td>", html=False)
        self.assertContains(page, "恢复为来源文本")
        self.assertContains(self.client.get(article.get_absolute_url()), "老楼装上新电梯")
        response = self.client.post(f"/admin/articles/article/{article.pk}/restore/", {"field": "headline"})
        self.assertRedirects(response, self.change_url(article))
        self.assertContains(
            self.client.get(article.get_absolute_url()), "<h1>旧楼装上新电梯 居民出门更轻松</h1>"
        )
        article.refresh_from_db()
        self.assertEqual((article.headline, article.source), ("旧楼装上新电梯 居民出门更轻松", {}))
        self.change_file("旧楼装上新电梯 居民出门更轻松", "旧楼加装电梯 居民出门更轻松")
        article.refresh_from_db()
        self.assertEqual(article.headline, "旧楼加装电梯 居民出门更轻松", "it follows the file again")

    def test_an_issues_corrected_date_can_be_dropped_too(self):
        issue = Issue.objects.get()
        self.edit(issue, date="2024-03-11")
        self.assertEqual(issue.source, {"date": "2024-03-12"})
        self.client.post(f"/admin/articles/issue/{issue.pk}/restore/", {"field": "date"})
        issue.refresh_from_db()
        self.assertEqual((str(issue.date), issue.source), ("2024-03-12", {}))


class StableUrlTests(CopyTestCase):
    """Case 3: every article URL answers for life, with the article or a 301 to it."""

    def walk(self, urls):
        for url, pk in urls.items():
            response = self.client.get(url)
            if response.status_code == 301:
                response = self.client.get(response["Location"])
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.context["article"].pk, self.joined.get(pk, pk), url)

    def test_every_url_survives_a_split_a_merge_and_a_date_correction(self):
        urls = {a.get_absolute_url(): a.pk for a in Article.objects.select_related("page__issue")}
        self.joined = {}
        self.split(self.article(1, 2), 2, "市民带孩子参与植树")
        self.walk(urls)
        first, second = self.article(2, 2), self.article(2, 3)
        self.merge(first)
        self.joined[second.pk] = first.pk
        self.walk(urls)
        self.edit(Issue.objects.get(), date="2024-03-11")
        self.walk(urls)
        moved = self.client.get("/2024/03/12/")
        self.assertRedirects(moved, "/2024/03/11/", status_code=301)
        self.assertRedirects(self.client.get("/2024/03/12/02/"), "/2024/03/11/02/", status_code=301)

    def test_a_split_off_piece_gets_a_new_number_and_others_keep_theirs(self):
        later = self.article(1, 3)
        url = later.get_absolute_url()
        new = self.split(self.article(1, 2), 2, "市民带孩子参与植树")
        self.assertEqual(self.client.get(url).context["article"].pk, later.pk)
        self.assertNotIn(new.get_absolute_url(), [url])
        self.assertEqual(
            new.number, max(Article.objects.filter(page=new.page).values_list("number", flat=True))
        )

    def test_a_merged_away_number_is_never_given_again(self):
        first, second = self.article(2, 3), self.article(2, 4)
        self.merge(first)
        new = self.split(first, 1, "又拆出的一篇")
        self.assertGreater(new.number, second.number)
        self.assertTrue(ArticleRedirect.objects.filter(number=second.number, article=first).exists())


class HistoryDiffTests(CopyTestCase):
    """Case 4: history shows the characters that changed, and imports appear in it as changes by 导入."""

    def history(self, article):
        return self.client.get(f"/admin/articles/article/{article.pk}/history/")

    def test_a_body_edit_shows_the_changed_characters_in_context(self):
        article = self.article(2, 2)
        self.edit(article, body=article.body.replace("小区已有5台电梯投用", "小区已有五台电梯投用"))
        response = self.history(article)
        self.assertContains(response, "小区已有<del>5</del><ins>五</ins>台电梯投用")
        self.assertNotContains(response, article.paragraphs[0], msg_prefix="not the whole body")

    def test_a_reimport_appears_as_a_change_by_the_import(self):
        article = self.article(2, 2)
        self.change_file("小区已有5台电梯投用", "小区已有6台电梯投用")
        response = self.history(article)
        self.assertContains(response, "<td>导入</td>")
        self.assertContains(response, "<del>5</del><ins>6</ins>台电梯投用")

    def test_an_unchanged_article_of_a_changed_file_gets_no_history(self):
        untouched = self.article(1, 1)
        self.change_file("小区已有5台电梯投用", "小区已有6台电梯投用")
        self.assertFalse(Version.objects.get_for_object(untouched).exists())


class RemoveIssuesTests(CopyTestCase):
    """Case 5: issues can be removed, with what hangs on them."""

    def test_dry_run_lists_and_removes_nothing(self):
        out, _ = run("remove_issues", "--date", "2024-03-12", "--dry-run")
        self.assertIn("2024-03-12 sample-2024-03-12.txt: 13 articles", out)
        self.assertTrue(Issue.objects.exists())

    def test_it_removes_an_issue_with_its_reports_corrections_and_search_entries(self):
        fresh_index()
        index_all()
        article = self.article(2, 2)
        ErrorReport.objects.create(article=article, message="错字", client_key="k")
        self.edit(article, headline="老楼装上新电梯")
        self.assertTrue(SearchQuerySet().auto_query("电梯投用").count())
        with self.captureOnCommitCallbacks(execute=True):
            run("remove_issues", "--source", SAMPLE.name)
        self.assertFalse(Issue.objects.exists())
        self.assertFalse(ErrorReport.objects.exists())
        self.assertEqual(SearchQuerySet().auto_query("电梯投用").count(), 0)

    def test_it_takes_a_date_range(self):
        run("import_issues", SAMPLES / "sample-2024-03-13.txt")
        run("remove_issues", "--start", "2024-03-13", "--end", "2024-03-31")
        self.assertEqual([str(i.date) for i in Issue.objects.all()], ["2024-03-12"])


class SampleTests(TestCase):
    """Case 5: samples are marked, and step aside once a real issue is in the archive."""

    def setUp(self):
        fresh_index()
        with self.captureOnCommitCallbacks(execute=True):
            run("import_issues", "--samples", SAMPLES)

    def import_real(self):
        with self.captureOnCommitCallbacks(execute=True):
            run("import_issues", seed("004"))
        return Issue.objects.get(is_sample=False)

    def test_samples_are_marked_in_the_database_and_on_their_pages(self):
        self.assertFalse(Issue.objects.filter(is_sample=False).exists())
        article = Article.objects.filter(page__issue__date="2024-03-12").first()
        for url in ["/", "/2024/03/12/", "/2024/03/12/01/", article.get_absolute_url()]:
            self.assertContains(self.client.get(url), "样刊", msg_prefix=url)
        district = (
            article.districts.first() or Article.objects.exclude(districts=None).first().districts.first()
        )
        self.assertContains(self.client.get(district.get_absolute_url()), "样刊")

    def test_feed_items_from_samples_say_so(self):
        self.assertContains(self.client.get("/feed/"), "【样刊】")

    def test_search_results_from_samples_say_so(self):
        response = self.client.get("/search/?q=增殖放流")
        self.assertContains(response, '<span class="sample-mark">样刊</span>')

    def test_a_real_issue_puts_the_samples_aside(self):
        real = self.import_real()
        home = self.client.get("/")
        self.assertEqual(home.context["issue"], real)
        self.assertNotContains(home, "样刊")
        sample_words = "增殖放流"
        self.assertEqual(SearchQuerySet().auto_query(sample_words).count(), 0)
        self.assertNotIn("2024/03/12", self.client.get("/feed/").content.decode())
        self.assertNotIn("2024/03/12", self.client.get("/sitemap-articles.xml").content.decode())
        for district in (
            Article.objects.filter(page__issue__is_sample=True)
            .values_list("districts__slug", flat=True)
            .distinct()[:3]
        ):
            if district:
                listing = self.client.get(f"/district/{district}/")
                self.assertNotContains(listing, "样刊", msg_prefix=district)
        sample = Article.objects.filter(page__issue__is_sample=True).first()
        self.assertContains(
            self.client.get(sample.get_absolute_url()), "样刊", msg_prefix="still readable, marked"
        )

    def test_samples_load_only_into_an_archive_without_real_issues(self):
        self.import_real()
        run("remove_issues", "--samples")
        out, _ = run("import_issues", "--samples", SAMPLES)
        self.assertIn("sample issues are not loaded", out)
        self.assertFalse(Issue.objects.filter(is_sample=True).exists())


class OneLanguageTests(CopyTestCase):
    """The import report in one language, with plurals; the admin's evidence and django-axes in Chinese."""

    def test_the_report_is_wholly_chinese_in_a_chinese_locale(self):
        with mock.patch.dict(os.environ, {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            out, _ = run("import_issues", self.copy, SAMPLES / "sample-2024-03-13.txt")
        self.assertIn("未变 sample-2024-03-12.txt：2024-03-12 第23597期，已导入过", out)
        self.assertIn("新导入 sample-2024-03-13.txt：2024-03-13 第23598期，3 版，12 篇文章", out)
        self.assertIn("共 2 个文件：", out)
        words = [
            w for w in out.replace("sample-", "").replace(".txt", "").split() if w.isascii() and w.isalpha()
        ]
        self.assertEqual(words, [], out)

    def test_remove_issues_speaks_the_same_language(self):
        with mock.patch.dict(os.environ, {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            out, _ = run("remove_issues", "--date", "2024-03-12", "--dry-run")
        self.assertEqual(
            out, "2024-03-12 sample-2024-03-12.txt：13 篇文章\n将删除 1 期（试运行：什么都没有删除）\n"
        )
        with mock.patch.dict(os.environ, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            out, _ = run("remove_issues", "--date", "2024-03-12", "--dry-run")
        self.assertIn("1 issue would be removed", out)

    def test_a_refusal_is_chinese_too(self):
        empty = self.folder / "empty.txt"
        empty.write_bytes(b"")
        err = StringIO()
        chinese = mock.patch.dict(os.environ, {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
        with chinese, self.assertRaises(CommandError) as refused:
            call_command("import_issues", str(empty), stdout=StringIO(), stderr=err)
        self.assertIn(f"拒绝 {empty}：文件是空的", err.getvalue())
        self.assertEqual(str(refused.exception), "1 个文件中有 1 个被拒绝")

    def test_the_english_report_gets_its_plurals_right(self):
        with mock.patch.dict(os.environ, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            one, _ = run("import_issues", self.copy)
            two, _ = run("import_issues", self.copy, SAMPLES / "sample-2024-03-13.txt")
        self.assertIn("1 file: 1 unchanged; articles: 0 new, 0 changed, 0 removed", one)
        self.assertIn("2 files: 1 created, 1 unchanged; articles: 12 new, 0 changed, 0 removed", two)
        self.assertIn("3 pages, 12 articles", two)

    def test_the_evidence_column_is_chinese(self):
        Issue.objects.update(
            date_needs_review=True,
            date_evidence="inferred from the text: the latest day among the dates it mentions together is "
            "2024-03-11 (03-10, 03-11); years named: 2024; dated the day after",
        )
        response = self.client.get("/admin/articles/issuereview/")
        self.assertContains(response, "由正文推断：正文一并提到的日期中最晚的一天是2024-03-11")
        self.assertNotContains(response, "inferred from the text")

    def test_the_committed_catalogues_are_compiled_from_their_sources(self):
        # The .mo files are committed (msgfmt need not be installed): each must hold every .po translation.
        for po in [
            *ROOT.glob("articles/locale/*/LC_MESSAGES/django.po"),
            *ROOT.glob("portal/locale/*/*/django.po"),
        ]:
            pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po.read_text(encoding="utf-8"), re.M)
            self.assertGreater(len(pairs), 10, po)
            with translation.override("zh-hans"):
                for msgid, msgstr in pairs:
                    self.assertEqual(
                        translation.gettext(msgid.replace('\\"', '"')), msgstr, f"{po}: make messages"
                    )

    def test_the_admin_stays_chinese_for_an_english_browser(self):
        response = self.client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "修改密码")
        self.assertNotContains(response, "Change password")

    def test_django_axes_screens_are_chinese(self):
        self.client.force_login(User.objects.get(username="boss"))
        self.assertContains(self.client.get("/admin/"), "登录保护")
        response = self.client.get("/admin/axes/accessattempt/")
        self.assertContains(response, "登录尝试")
        self.assertNotContains(response, "Access attempts")


class CorrectingTests(CountsMixin, AdminTestCase):
    """Case 6: a correction is the model's own API, whoever makes it: the admin, split and merge, a script."""

    def test_a_correction_is_kept_as_one_revision_by_its_editor(self):
        article = self.article(2, 2)
        with article.correcting(self.editor, "改正标题"):
            article.headline = "老楼装上新电梯"
            article.districts.set([District.objects.get(name="醴陵市")])
        article.refresh_from_db()
        self.assertEqual(
            article.source, {"headline": "旧楼装上新电梯 居民出门更轻松", "districts": ["芦淞区"]}
        )
        versions = Version.objects.get_for_object(article).order_by("pk")
        self.assertEqual([v.revision.comment for v in versions], [IMPORTED, "改正标题"])
        self.assertEqual(versions.last().revision.user, self.editor)
        self.assertEqual(versions.last().field_dict["headline"], "老楼装上新电梯")
        self.assertContains(self.client.get(article.get_absolute_url()), "老楼装上新电梯")
        self.assertCountsRight()

    def test_changing_a_field_back_drops_its_correction(self):
        article = self.article(2, 2)
        with article.correcting(self.editor, "改正标题"):
            article.headline = "老楼装上新电梯"
        with article.correcting(self.editor, "改回标题"):
            article.headline = "旧楼装上新电梯 居民出门更轻松"
        article.refresh_from_db()
        self.assertEqual(article.source, {})

    def test_a_correction_that_fails_leaves_nothing_behind(self):
        article = self.article(2, 2)
        with self.assertRaises(ValueError), article.correcting(self.editor, "改正标题"):
            article.headline = "老楼装上新电梯"
            article.save()
            raise ValueError("the editor's change cannot be made")
        article.refresh_from_db()
        self.assertEqual((article.headline, article.source), ("旧楼装上新电梯 居民出门更轻松", {}))
        self.assertFalse(Version.objects.get_for_object(article).exists())

    def test_a_revert_is_a_correction_over_the_file_as_it_is_now(self):
        article = self.article(2, 2)
        with article.correcting(self.editor, "改正标题"):
            article.headline = "老楼装上新电梯"
            article.bylines.filter(position=1).delete()
        imported = Version.objects.get_for_object(article).get(revision__comment=IMPORTED)
        with article.correcting(self.editor, "恢复导入时的版本"):
            article.revert_to(imported)
        article.refresh_from_db()
        self.assertEqual(article.headline, "旧楼装上新电梯 居民出门更轻松")
        self.assertEqual([str(b) for b in article.bylines.all()], ["全媒体记者/何静怡", "通讯员/龙小勇"])
        self.assertEqual(article.source, {})
        self.assertCountsRight()

    def test_an_issues_corrected_date_moves_its_urls_and_its_pages_keep_their_corrections(self):
        issue = Issue.objects.get()
        page = issue.pages.get(number=2)
        with issue.correcting(self.editor, "改正日期"):
            issue.date = datetime.date(2024, 3, 11)
            page.section = Section.objects.create(name="城区新闻")
            page.save()
        self.assertRedirects(self.client.get("/2024/03/12/"), "/2024/03/11/", status_code=301)
        page.refresh_from_db()
        self.assertEqual(page.source, {"section": "综合·城区"})
        self.assertEqual(set(Article.objects.values_list("date", flat=True)), {datetime.date(2024, 3, 11)})
        self.assertCountsRight()

    def test_split_and_merge_are_corrections_by_their_editor(self):
        article = self.article(1, 2)
        body = article.body
        new = article.split(2, "市民带孩子参与植树", user=self.editor, comment="拆出一篇")
        article.refresh_from_db()
        self.assertEqual(article.source, {"body": body})
        article.merge(new, user=self.editor, comment="并回")
        article.refresh_from_db()
        self.assertEqual((article.body, article.source), (body, {}))
        comments = [v.revision.comment for v in Version.objects.get_for_object(article).order_by("pk")]
        self.assertEqual(comments, [IMPORTED, "拆出一篇", "并回"])
        self.assertTrue(
            all(
                v.revision.user == self.editor
                for v in Version.objects.get_for_object(article).order_by("pk")[1:]
            )
        )
        self.assertCountsRight()
