"""Reading an article as a reader arrives at it: the searched words marked, the printed paper around it."""

import datetime
import re

from django.urls import reverse

from articles.models import Article, Issue

from .base import ReaderTestCase


class FoundWordsTests(ReaderTestCase):
    """A search result's link carries the words searched (?hl=); the article marks them and links each to the next."""

    def setUp(self):
        self.story = self.article("2024-03-12", 1, 1)

    def test_the_searched_words_are_marked_in_the_body_each_with_an_anchor(self):
        response = self.client.get(self.story.get_absolute_url(), {"hl": "项目 塔吊"})
        body = response.content.decode().split('class="story-body"')[1].split("</div>")[0]
        marks = re.findall(r'<mark id="hl-(\d+)">(.*?)</mark>', body)
        self.assertEqual(marks[0], ("1", "塔吊"))
        self.assertEqual([int(n) for n, _ in marks], list(range(1, len(marks) + 1)))
        self.assertEqual({word for _, word in marks}, {"项目", "塔吊"})
        self.assertEqual(len(marks), self.story.body.count("项目") + self.story.body.count("塔吊"))

    def test_each_mark_links_to_the_next_and_the_note_to_the_first(self):
        response = self.client.get(self.story.get_absolute_url(), {"hl": "项目"})
        page = response.content.decode()
        count = self.story.body.count("项目")
        self.assertIn(f"共 {count} 处", page)
        self.assertIn('<a href="#hl-1">跳到第一处</a>', page)
        for n in range(1, count):
            self.assertIn(f'<mark id="hl-{n}">项目</mark><a class="hl-next" href="#hl-{n + 1}"', page)
        self.assertIn(f'<mark id="hl-{count}">项目</mark><a class="hl-next" href="#hl-1"', page)

    def test_a_phrase_and_any_of_words_are_marked_as_their_words(self):
        response = self.client.get(self.story.get_absolute_url(), {"hl": '"重点 项目" OR 塔吊'})
        body = response.content.decode().split('class="story-body"')[1]
        # Words next to each other are one mark (重点项目).
        self.assertRegex(body, r'<mark id="hl-\d+">重点项目</mark>')
        self.assertIn(">塔吊</mark>", body)

    def test_words_not_in_the_body_are_said_and_nothing_marked(self):
        response = self.client.get(self.story.get_absolute_url(), {"hl": "瓷博会"})
        self.assertContains(response, "正文中没有“瓷博会”")
        self.assertNotContains(response, "<mark")

    def test_without_hl_the_page_is_as_before_and_marks_no_markup_from_the_query(self):
        plain = self.client.get(self.story.get_absolute_url())
        self.assertNotContains(plain, "<mark")
        self.assertNotContains(plain, "跳到第一处")
        hostile = self.client.get(self.story.get_absolute_url(), {"hl": "<script>项目"})
        self.assertNotContains(hostile, "<script>项目")

    def test_the_canonical_url_leaves_the_words_out(self):
        response = self.client.get(self.story.get_absolute_url(), {"hl": "项目"})
        self.assertContains(
            response, f'<link rel="canonical" href="http://testserver{self.story.get_absolute_url()}">'
        )


class PrintedPaperTests(ReaderTestCase):
    """From an article, the printed paper around it: the pages before and after, every page of the issue."""

    def test_it_links_the_previous_and_next_pages_of_the_issue(self):
        story = self.article("2024-03-12", 2, 1)
        response = self.client.get(story.get_absolute_url())
        self.assertContains(
            response, '<a rel="prev" href="/2024/03/12/01/"><span class="dir">‹ 上一版</span>'
        )
        self.assertContains(
            response, '<a rel="next" href="/2024/03/12/03/"><span class="dir">下一版 ›</span>'
        )
        first = self.client.get(self.article("2024-03-12", 1, 1).get_absolute_url())
        self.assertNotContains(first, "上一版")
        self.assertContains(first, "下一版 ›")

    def test_it_lists_the_issues_pages_with_its_own_current(self):
        story = self.article("2024-03-12", 2, 1)
        response = self.client.get(story.get_absolute_url())
        nav = response.content.decode().split('aria-labelledby="page-nav-h"')[1].split("</nav>")[0]
        numbers = re.findall(r'href="/2024/03/12/(\d\d)/"', nav)
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(len(numbers), story.page.issue.pages.count())
        self.assertIn('href="/2024/03/12/02/" aria-current="page"', nav)


class ContinuedStoryTests(ReaderTestCase):
    """A story the paper continues on another page (▶下转02版) reads in one piece from its start."""

    def setUp(self):
        self.start = self.article("2024-03-12", 1, 1)
        self.rest = self.article("2024-03-12", 2, 1)
        self.assertEqual(self.start.continues_on, 2)

    def test_the_start_shows_the_continuation_after_its_own_text(self):
        response = self.client.get(self.start.get_absolute_url())
        page = response.content.decode()
        continued = page.split('class="continued"')[1].split("</section>")[0]
        for paragraph in self.rest.paragraphs[1:]:
            self.assertIn(paragraph, continued)
        self.assertIn(f'href="{self.rest.get_absolute_url()}"', continued)
        self.assertLess(page.index(self.start.paragraphs[0]), page.index(self.rest.paragraphs[-1]))

    def test_the_continuation_offers_the_whole_story_from_its_start(self):
        response = self.client.get(self.rest.get_absolute_url())
        self.assertContains(response, f'<a href="{self.start.get_absolute_url()}#continued">从头读全文</a>')

    def test_the_continuation_costs_one_query(self):
        from .test_pages_article import ARTICLE_QUERIES

        with self.assertNumQueries(ARTICLE_QUERIES + 1):
            self.client.get(self.start.get_absolute_url())
        with self.assertNumQueries(ARTICLE_QUERIES):
            self.client.get(self.rest.get_absolute_url())


class ColumnTests(ReaderTestCase):
    """A column (栏目) links to its page, every article under it newest first; a badge says it once."""

    def setUp(self):
        self.story = self.article("2024-03-12", 1, 1)
        self.assertEqual(self.story.column, "拼经济 抓项目 促发展")

    def test_the_column_badge_links_to_the_column_page(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertContains(
            response,
            '<p class="column"><a href="/column/%E6%8B%BC%E7%BB%8F%E6%B5%8E%20%E6%8A%93%E9%A1%B9%E7%9B%AE%20%E4%BF%83%E5%8F%91%E5%B1%95/">拼经济 抓项目 促发展</a></p>',
        )

    def test_the_column_page_lists_its_articles_newest_first(self):
        older = Article.objects.create(
            page=self.story.page,
            position=90,
            number=self.story.page.next_article_number(),
            headline="虚构的栏目文章",
            column=self.story.column,
            body="虚构正文。",
        )
        Article.objects.filter(pk=older.pk).update(date="2020-01-01")
        response = self.client.get(reverse("articles:column", args=[self.story.column]))
        self.assertContains(response, "<h1>拼经济 抓项目 促发展</h1>", html=True)
        page = response.content.decode()
        self.assertLess(page.index(self.story.headline), page.index("虚构的栏目文章"))
        self.assertEqual(self.client.get(reverse("articles:column", args=["没有这个栏目"])).status_code, 404)

    def test_a_column_the_headline_carries_in_brackets_is_not_said_again(self):
        self.story.headline = "虚构的评论标题（街谈巷议）"
        self.story.column = "街谈巷议"
        self.story.save()
        response = self.client.get(self.story.get_absolute_url())
        self.assertNotContains(response, '<p class="column">')
        self.assertContains(
            response, '<a href="/column/%E8%A1%97%E8%B0%88%E5%B7%B7%E8%AE%AE/">（街谈巷议）</a>'
        )
        page = self.client.get(self.story.page.get_absolute_url())
        self.assertNotContains(
            page, '<p class="column"><a href="/column/%E8%A1%97%E8%B0%88%E5%B7%B7%E8%AE%AE/">'
        )


class FrontPagesTests(ReaderTestCase):
    """头版 across dates: each issue's front page with its stories' headlines, newest first, paginated."""

    def test_it_shows_each_issues_front_page_stories_newest_first(self):
        response = self.client.get(reverse("articles:front_pages"))
        page = response.content.decode()
        lead = self.article("2024-03-14", 1, 1)
        self.assertIn(f'href="{lead.page.get_absolute_url()}"', page)
        self.assertIn(lead.headline, page)
        self.assertLess(page.index("2024年3月14日"), page.index("2024年3月12日"))

    def test_it_is_paginated_in_a_fixed_number_of_queries(self):
        from articles.views import FRONT_PAGES_PER_PAGE

        # Issues held without their pages (a file of the masthead alone) still show, by their date.
        Issue.objects.bulk_create(
            Issue(
                date=datetime.date(2001, 1, 1) + datetime.timedelta(days=n),
                source_name=f"{n}.txt",
                source_checksum="x",
            )
            for n in range(FRONT_PAGES_PER_PAGE)
        )
        with self.assertNumQueries(4):
            response = self.client.get(reverse("articles:front_pages"), {"page": 2})
        self.assertContains(response, "第 2 / ")
        self.assertEqual(
            response.content.decode().count('class="front-page"'),
            Issue.objects.count() - FRONT_PAGES_PER_PAGE,
        )
