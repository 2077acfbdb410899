"""A page of an issue: its section, editors, articles in print order, pages around it."""

from .base import ReaderTestCase

# The page, its issue's pages, its articles, their bylines, and the articles its jumps lead to.
PAGE_QUERIES = 6


class PagePageTests(ReaderTestCase):
    def test_it_shows_the_section_and_the_editors(self):
        response = self.client.get("/2024/03/12/02/")
        self.assertContains(response, "<h1>第02版 综合·城区</h1>")
        self.assertContains(
            response, '<a href="/section/%E7%BB%BC%E5%90%88%E5%9F%8E%E5%8C%BA/">综合·城区</a>'
        )
        self.assertContains(response, "<span>责任编辑 肖蓉</span>")
        self.assertContains(response, "<span>美术编辑 杜川</span>")

    def test_it_lists_every_article_in_print_order_with_kicker_and_bylines(self):
        response = self.client.get("/2024/03/12/02/")
        self.assertEqual([a.position for a in response.context["articles"]], [1, 2, 3, 4])
        self.assertContains(response, '<a href="/2024/03/12/02/2/">旧楼装上新电梯 居民出门更轻松</a>')
        self.assertContains(response, "芦淞区建宁街道加快老旧小区改造——")
        self.assertContains(response, "<span>全媒体记者 何静怡</span>")

    def test_the_front_page_shows_its_guide_entries_and_jumps(self):
        response = self.client.get("/2024/03/12/01/")
        self.assertContains(response, '<p class="kind">导读</p>')
        self.assertContains(response, "▶下转02版")

    def test_every_jump_is_a_link_to_where_the_story_goes_on_or_came_from(self):
        front = self.client.get("/2024/03/12/01/")
        self.assertContains(front, '<a href="/2024/03/12/02/1/">▶下转02版</a>', html=True)
        self.assertContains(front, '<a href="/2024/03/12/03/1/">▶下转03版</a>', html=True, msg_prefix="导读")
        second = self.client.get("/2024/03/12/02/")
        self.assertContains(second, '<a href="/2024/03/12/01/1/">▶上接01版</a>', html=True)

    def test_a_jump_to_a_page_the_archive_lacks_says_so(self):
        response = self.client.get("/2023/01/02/01/")
        self.assertContains(response, "▶下转04版")
        self.assertContains(response, "该版未收录")

    def test_it_links_the_pages_before_and_after_and_marks_itself_in_the_page_list(self):
        response = self.client.get("/2024/03/12/02/")
        self.assertContains(response, 'rel="prev" href="/2024/03/12/01/"')
        self.assertContains(response, 'rel="next" href="/2024/03/12/03/"')
        self.assertContains(
            response,
            '<a href="/2024/03/12/02/" aria-current="page">第02版<span class="page-name"> 综合·城区</span></a>',
        )

    def test_a_page_the_issue_lacks_is_a_404_that_lists_the_pages_it_has(self):
        response = self.client.get("/2024/03/12/09/")
        self.assertContains(response, "没有第09版", status_code=404)
        self.assertContains(response, 'href="/2024/03/12/03/"', status_code=404)

    def test_a_page_the_masthead_says_was_printed_but_the_archive_lacks_was_not_collected(self):
        response = self.client.get("/2024/03/12/07/")  # 今日8版: printed, not held
        self.assertContains(response, "第07版本站未收录", status_code=404)
        self.assertNotContains(response, "没有第07版", status_code=404)
        beyond = self.client.get("/2024/03/12/09/")
        self.assertContains(beyond, "没有第09版", status_code=404)

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get("/2024/03/12/01/")
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get("/2023/01/02/01/")
