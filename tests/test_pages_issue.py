"""An issue: 版面导航, 标题导航, the issues around it, caching, and helpful 404s."""

import datetime

from django.utils import timezone
from django.utils.http import http_date

from articles.models import Issue

from .base import ReaderTestCase

ISSUE_QUERIES = 6


class IssuePageTests(ReaderTestCase):
    def test_it_lists_the_pages_with_their_sections(self):
        response = self.client.get("/2024/03/12/")
        self.assertContains(response, "版面导航")
        self.assertContains(response, '<a href="/2024/03/12/01/">第01版 头版</a>')
        self.assertContains(response, '<a href="/2024/03/12/02/">第02版 综合·城区</a>')
        self.assertContains(response, '<a href="/2024/03/12/03/">第03版 民生·教育</a>')
        self.assertContains(response, "农历甲辰年二月初三")

    def test_it_lists_every_pages_story_titles_but_not_guides_or_ads(self):
        response = self.client.get("/2024/03/12/")
        self.assertContains(response, "标题导航")
        self.assertContains(response, '<a href="/2024/03/12/02/2/">旧楼装上新电梯 居民出门更轻松</a>')
        self.assertContains(response, '<a href="/2024/03/12/03/1/">春季招聘会本周六在芦淞区举行</a>')
        self.assertNotContains(response, "/2024/03/12/01/3/", msg_prefix="the 导读 entry")
        self.assertNotContains(response, "节约用水", msg_prefix="the 公益广告")

    def test_it_links_the_previous_and_next_issues(self):
        response = self.client.get("/2024/03/12/")
        self.assertContains(response, 'rel="prev" href="/2024/02/06/"')
        self.assertContains(response, 'rel="next" href="/2024/03/13/"')
        latest = self.client.get("/2024/03/14/")
        self.assertNotContains(latest, 'rel="next"')

    def test_a_date_without_an_issue_says_so_and_links_the_nearest_issues(self):
        response = self.client.get("/2024/03/01/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "2024年3月1日没有报纸", status_code=404)
        self.assertContains(response, 'href="/2024/02/06/"', status_code=404)
        self.assertContains(response, 'href="/2024/03/12/"', status_code=404)
        self.assertContains(response, '<meta name="robots" content="noindex">', status_code=404)

    def test_an_impossible_date_is_a_404_too(self):
        response = self.client.get("/2024/02/30/")
        self.assertContains(response, "不是一个有效的日期", status_code=404)

    def test_it_names_the_printed_pages_the_archive_lacks(self):
        response = self.client.get("/2024/03/12/")
        self.assertContains(response, "今日8版")
        self.assertContains(response, "本站收录其中3版，缺第04、05、06、07、08版。")
        unknown = self.client.get("/2023/01/02/")
        self.assertNotContains(unknown, "本站收录其中", msg_prefix="no 今日N版 printed: nothing to compare")

    def test_an_inferred_date_is_marked_as_waiting_for_review(self):
        issue = Issue.objects.filter(date_needs_review=True).first()
        self.assertContains(self.client.get(issue.get_absolute_url()), "尚待核实")

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(ISSUE_QUERIES):
            self.client.get("/2024/03/12/")
        with self.assertNumQueries(ISSUE_QUERIES):
            self.client.get("/2023/01/02/")


class IssueCachingTests(ReaderTestCase):
    def setUp(self):
        # The archive last changed an hour ago: Last-Modified is sent once the second of a change is over.
        self.past = timezone.now() - datetime.timedelta(hours=1)
        Issue.objects.update(updated_at=self.past)

    def test_it_answers_a_repeat_visit_with_304_until_the_issue_changes(self):
        response = self.client.get("/2024/03/12/")
        self.assertTrue(response.has_header("ETag"))
        since = response["Last-Modified"]
        self.assertEqual(
            self.client.get("/2024/03/12/", headers={"if-modified-since": since}).status_code, 304
        )
        Issue.objects.filter(date="2024-03-12").update(updated_at=self.past + datetime.timedelta(minutes=5))
        self.assertEqual(
            self.client.get("/2024/03/12/", headers={"if-modified-since": since}).status_code, 200
        )

    def test_a_changed_neighbour_changes_the_page_that_links_it(self):
        since = http_date((self.past + datetime.timedelta(minutes=1)).timestamp())
        self.assertEqual(
            self.client.get("/2024/03/12/", headers={"if-modified-since": since}).status_code, 304
        )
        Issue.objects.filter(date="2024-03-13").update(updated_at=self.past + datetime.timedelta(minutes=5))
        self.assertEqual(
            self.client.get("/2024/03/12/", headers={"if-modified-since": since}).status_code, 200
        )
        Issue.objects.filter(date="2024-03-14").update(updated_at=self.past + datetime.timedelta(minutes=10))
        later = http_date((self.past + datetime.timedelta(minutes=6)).timestamp())
        self.assertEqual(
            self.client.get("/2024/03/12/", headers={"if-modified-since": later}).status_code, 304
        )

    def test_old_and_new_issues_are_kept_for_minutes_so_corrections_reach_readers(self):
        self.assertIn("max-age=300", self.client.get("/2024/03/12/")["Cache-Control"])
        today = timezone.localdate()
        Issue.objects.filter(date="2024-03-14").update(date=today)
        self.assertIn("max-age=300", self.client.get(f"/{today:%Y/%m/%d}/")["Cache-Control"])
