"""One path from a change to readers (articles/changes.py): whoever writes, the counts, the cached
pages and the search index follow.

Each writer is played as an editor or an operator plays it (the admin through the test client, the
commands), with the page cache on: a page read before the change is cached, and must show the
change after it. Search is asked after the change's commit.
"""

import io

from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from haystack.query import SearchQuerySet
from reversion.models import Version

from articles.models import Article, District, Issue, Person

from .base import PAGES_CACHE, SAMPLE, SampleCopyTestCase, form_data, fresh_index, import_paths, index_all
from .test_archive_counts import CountsMixin

CHANGELIST = "/admin/articles/article/"


def found(words, **filters):
    return sorted(result.headline for result in SearchQuerySet().auto_query(words).filter(**filters))


@override_settings(CACHES=PAGES_CACHE)
class WriterTests(CountsMixin, SampleCopyTestCase):
    def setUp(self):
        super().setUp()
        fresh_index()
        index_all()
        caches["pages"].clear()
        self.liling = District.objects.get(name="醴陵市")
        self.lusong = District.objects.get(name="芦淞区")
        # Read once before each change, so that what the tests read after it comes from the cache
        # unless the change renewed it.
        self.lift = self.article(2, 2)
        self.watched = [
            self.lift.get_absolute_url(),
            "/2024/03/12/02/",
            self.liling.get_absolute_url(),
            self.lusong.get_absolute_url(),
        ]
        for url in self.watched:
            self.client.get(url)

    def shown(self, url):
        return self.client.get(url).content.decode()

    def test_an_edit_in_the_form(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.edit(self.lift, headline="老楼装上新电梯", districts=[str(self.liling.pk)])
        self.assertIn("老楼装上新电梯", self.shown(self.lift.get_absolute_url()))
        self.assertIn("老楼装上新电梯", self.shown(self.liling.get_absolute_url()))
        self.assertEqual(found("老楼装上新电梯", districts_exact="醴陵市"), ["老楼装上新电梯"])
        self.assertCountsRight()

    def test_a_byline_added_inline(self):
        reporter = Person.objects.create(name="晏知秋")
        data = form_data(self.client.get(self.change_url(self.lift)))
        added = int(data["bylines-TOTAL_FORMS"])
        data.update(
            {
                "bylines-TOTAL_FORMS": str(added + 1),
                f"bylines-{added}-role": "特约记者",
                f"bylines-{added}-person": str(reporter.pk),
                f"bylines-{added}-position": "5",
            }
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.change_url(self.lift), data)
        self.assertEqual(response.status_code, 302)
        self.assertIn("晏知秋", self.shown(self.lift.get_absolute_url()))
        self.assertIn(self.lift.headline, self.shown(reporter.get_absolute_url()))
        self.assertEqual(found("晏知秋"), [self.lift.headline])
        self.assertCountsRight()

    def test_a_bulk_action(self):
        chosen = [self.lift, self.article(3, 2)]
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                CHANGELIST,
                {
                    "action": "set_districts",
                    "_selected_action": [str(a.pk) for a in chosen],
                    "apply": "1",
                    "districts": [str(self.liling.pk)],
                    "replace": "0",
                },
            )
        self.assertIn("醴陵市", self.shown(self.lift.get_absolute_url()))
        listed = self.shown(self.liling.get_absolute_url())
        self.assertTrue(all(a.headline in listed for a in chosen), listed)
        self.assertEqual(found("电梯", districts_exact="醴陵市"), [self.lift.headline])
        self.assertEqual(found("公交", districts_exact="醴陵市"), [chosen[1].headline])
        self.assertCountsRight()

    def test_a_split(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/admin/articles/article/{self.lift.pk}/split/", {"at": "2", "headline": "加装电梯后"}
            )
        new = Article.objects.get(headline="加装电梯后")
        self.assertIn("加装电梯后", self.shown("/2024/03/12/02/"))
        self.assertEqual(found(new.paragraphs[0][:12]), ["加装电梯后"])
        self.assertCountsRight()

    def test_a_merge(self):
        first, second = self.article(2, 3), self.article(2, 4)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/articles/article/{first.pk}/merge/")
        self.assertNotIn(second.headline, self.shown("/2024/03/12/02/"))
        self.assertEqual(found(second.paragraphs[0][:12]), [first.headline])
        self.assertCountsRight()

    def test_a_revert(self):
        self.edit(self.lift, headline="老楼装上新电梯", districts=[str(self.liling.pk)])
        for url in self.watched:
            self.client.get(url)
        imported = Version.objects.get_for_object(self.lift).order_by("pk").first()
        url = f"/admin/articles/article/{self.lift.pk}/history/{imported.pk}/"
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(url, form_data(self.client.get(url))).status_code, 302)
        self.assertIn("旧楼装上新电梯", self.shown(self.lift.get_absolute_url()))
        self.assertNotIn("电梯", self.shown(self.liling.get_absolute_url()))
        self.assertEqual(found("旧楼装上新电梯"), ["旧楼装上新电梯 居民出门更轻松"])
        self.assertEqual(found("电梯", districts_exact="醴陵市"), [])
        self.assertCountsRight()

    def test_a_restored_field(self):
        self.edit(self.lift, districts=[str(self.liling.pk)])
        for url in self.watched:
            self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/articles/article/{self.lift.pk}/restore/", {"field": "districts"})
        self.assertNotIn(self.lift.headline, self.shown(self.liling.get_absolute_url()))
        self.assertEqual(found("电梯", districts_exact="醴陵市"), [])
        self.assertEqual(found("电梯", districts_exact="芦淞区"), [self.lift.headline])
        self.assertCountsRight()

    def test_an_import(self):
        text = self.copy.read_text(encoding="utf-8")
        self.copy.write_text(
            text.replace("小区已有5台电梯投用", "小区已有9台电梯投用").replace(
                "旧楼装上新电梯 居民出门更轻松", "旧楼加装电梯 居民出门更轻松"
            ),
            encoding="utf-8",
        )
        with self.captureOnCommitCallbacks(execute=True):
            import_paths(self.copy)
        self.assertIn("小区已有9台电梯投用", self.shown(self.lift.get_absolute_url()))
        self.assertIn("旧楼加装电梯", self.shown("/2024/03/12/02/"))
        self.assertEqual(found("9台电梯"), ["旧楼加装电梯 居民出门更轻松"])
        self.assertCountsRight()

    def test_remove_issues(self):
        with self.captureOnCommitCallbacks(execute=True):
            call_command("remove_issues", "--source", SAMPLE.name, stdout=io.StringIO())
        self.assertEqual(self.client.get(self.lift.get_absolute_url()).status_code, 404)
        self.assertNotIn(self.lift.headline, self.shown(self.lusong.get_absolute_url()))
        self.assertEqual(SearchQuerySet().count(), 0)
        self.assertCountsRight()

    def test_a_readers_report_and_its_resolution(self):
        self.client.post(f"/report/{self.lift.pk}/", {"message": "标题有一个错字", "contact": ""})
        self.assertTrue(Article.objects.review_queue().filter(pk=self.lift.pk).exists())
        report = self.lift.error_reports.get()
        self.client.post(
            "/admin/articles/errorreport/", {"action": "resolve", "_selected_action": [str(report.pk)]}
        )
        self.assertFalse(Article.objects.review_queue().filter(pk=self.lift.pk).exists())


@override_settings(CACHES=PAGES_CACHE)
class OrderTests(CountsMixin, SampleCopyTestCase):
    """Derived data and the cached pages' stamps in the change's transaction; the index after its commit."""

    def setUp(self):
        super().setUp()
        fresh_index()
        index_all()
        caches["pages"].clear()

    def test_counts_and_pages_follow_before_the_commit_and_search_after_it(self):
        lift = self.article(2, 2)
        liling = District.objects.get(name="醴陵市")
        self.client.get(liling.get_absolute_url())
        with self.captureOnCommitCallbacks() as after_commit:
            self.edit(lift, headline="老楼装上新电梯", districts=[str(liling.pk)])
        self.assertCountsRight()
        self.assertContains(self.client.get(liling.get_absolute_url()), "老楼装上新电梯")
        self.assertEqual(found("老楼装上新电梯"), [], "the index waits for the commit")
        for callback in after_commit:
            callback()
        self.assertEqual(found("老楼装上新电梯"), ["老楼装上新电梯"])

    def test_an_editors_save_is_indexed_once_after_its_commit(self):
        lift = self.article(2, 2)
        with self.captureOnCommitCallbacks() as after_commit:
            self.edit(lift, headline="老楼装上新电梯", districts=[District.objects.get(name="醴陵市").pk])
        self.assertEqual(len(after_commit), 1)

    def test_an_import_is_counted_and_stamped_once(self):
        text = self.copy.read_text(encoding="utf-8")
        self.copy.write_text(text.replace("小区已有5台电梯投用", "小区已有9台电梯投用"), encoding="utf-8")
        before = Issue.objects.get().updated_at
        with self.captureOnCommitCallbacks() as after_commit:
            import_paths(self.copy)
        self.assertGreater(Issue.objects.get().updated_at, before)
        self.assertEqual(len(after_commit), 1)
        self.assertCountsRight()


class DeletedInTheAdminTests(CountsMixin, SampleCopyTestCase):
    def test_an_issue_deleted_in_the_admin_leaves_counts_and_search(self):
        fresh_index()
        index_all()
        self.client.force_login(User.objects.get(username="boss"))
        issue = Issue.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/articles/issue/{issue.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SearchQuerySet().count(), 0)
        self.assertCountsRight()

    def test_a_district_deleted_in_the_admin_leaves_counts_and_search(self):
        fresh_index()
        index_all()
        self.client.force_login(User.objects.get(username="boss"))
        lusong = District.objects.get(name="芦淞区")
        headline = lusong.articles.first().headline
        self.assertEqual(found(headline, districts_exact="芦淞区"), [headline])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/articles/district/{lusong.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(found(headline, districts_exact="芦淞区"), [])
        self.assertEqual(found(headline), [headline])
        self.assertCountsRight()
