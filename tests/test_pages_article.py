"""An article: every printed part, links to its people, page and districts, jumps and neighbours."""

from articles.models import Article

from .base import ReaderTestCase

ARTICLE_QUERIES = 6


class ArticlePageTests(ReaderTestCase):
    def test_it_shows_the_headline_kicker_subtitle_and_column(self):
        response = self.client.get("/2024/03/12/01/1/")
        self.assertContains(response, '">拼经济 抓项目 促发展</a></p>')
        self.assertContains(response, "<h1>春潮涌动产业兴 项目建设跑出加速度</h1>")
        self.assertContains(response, '<p class="subtitle">——我市一季度重点项目建设观察系列报道之二</p>')
        kicker = self.client.get("/2024/03/12/01/4/")
        self.assertContains(kicker, '<p class="kicker">市委主要负责人在全市优化营商环境工作推进会上强调</p>')

    def test_each_byline_links_to_the_persons_page(self):
        response = self.client.get("/2024/03/12/01/2/")
        self.assertContains(
            response, '<span>全媒体记者 <a href="/person/%E5%BD%AD%E5%BF%97%E5%BC%BA/">彭志强</a></span>'
        )
        self.assertContains(response, "通讯员 <a")

    def test_it_shows_the_date_page_section_districts_and_captions(self):
        response = self.client.get("/2024/03/12/01/2/")
        self.assertContains(response, '<time datetime="2024-03-12">2024年3月12日 星期二</time>')
        self.assertContains(response, '<a href="/2024/03/12/01/">第01版</a>')
        self.assertContains(response, '<a href="/district/hetang/">荷塘区</a>')
        self.assertContains(response, "志愿者在湘江风光带补植香樟苗。")
        self.assertContains(response, '<span class="credit">株洲日报记者/彭志强 摄</span>')
        section = self.client.get("/2024/03/12/02/2/")
        self.assertContains(section, "综合·城区</a>")

    def test_the_body_is_in_paragraphs(self):
        article = self.article("2024-03-12", 1, 2)
        response = self.client.get(article.get_absolute_url())
        for paragraph in article.paragraphs:
            self.assertContains(response, f"<p>{paragraph}</p>", html=True)

    def test_a_short_paragraph_without_a_full_stop_is_a_subhead(self):
        response = self.client.get("/2024/03/13/02/2/")
        self.assertContains(response, '<h2 class="subhead">1 抓基地 扩规模</h2>', html=True)
        self.assertContains(response, '<h2 class="subhead">3 树品牌 拓市场</h2>', html=True)
        self.assertNotContains(response, "<p>1 抓基地 扩规模</p>", html=True)

    def test_a_story_may_open_with_a_subhead_when_it_has_others(self):
        page = self.article("2024-03-12", 1, 1).page
        body = (
            "开篇的小标题\n第一段正文写得很长，讲了一件事。\n第二个小标题\n第二段正文也很长，又讲了一件事。"
        )
        story = Article.objects.create(
            page=page, position=99, number=page.next_article_number(), headline="虚构的报道", body=body
        )
        response = self.client.get(story.get_absolute_url())
        self.assertContains(response, '<h2 class="subhead">开篇的小标题</h2>', html=True)
        self.assertContains(response, '<h2 class="subhead">第二个小标题</h2>', html=True)
        story.body = "短短一行\n第一段正文写得很长，讲了一件事。\n第二段正文也很长，又讲了一件事。"
        story.save()
        self.assertNotContains(self.client.get(story.get_absolute_url()), 'class="subhead"')

    def test_a_short_last_paragraph_or_a_sentence_stays_a_paragraph(self):
        signed = self.client.get("/2024/03/13/03/4/")
        self.assertContains(signed, "<p>株洲日报社</p>", html=True)
        self.assertNotContains(signed, 'class="subhead"')
        plain = self.client.get("/2024/03/12/01/2/")
        self.assertNotContains(plain, 'class="subhead"')

    def test_captions_without_their_photos_come_after_the_body(self):
        response = self.client.get("/2024/03/12/01/2/")
        html = response.content.decode()
        self.assertLess(html.index('class="story-body"'), html.index("志愿者在湘江风光带补植香樟苗。"))
        self.assertContains(
            response, '<h2 class="captions-heading" id="captions-heading">图片说明</h2>', html=True
        )

    def test_a_jump_links_to_the_continuation_and_the_continuation_links_back(self):
        response = self.client.get("/2024/03/12/01/1/")
        self.assertContains(response, '<a href="/2024/03/12/02/1/">▶下转02版</a>')
        back = self.client.get("/2024/03/12/02/1/")
        self.assertContains(back, '<a href="/2024/03/12/01/1/">▶上接01版</a>')
        three = self.client.get("/2024/03/13/01/1/")
        self.assertContains(three, '<a href="/2024/03/13/03/1/">▶下转03版</a>')

    def test_a_guide_entry_jumps_to_the_story_it_announces(self):
        response = self.client.get("/2024/03/12/01/3/")
        self.assertContains(response, '<a href="/2024/03/12/03/1/">▶下转03版</a>')

    def test_a_jump_to_a_page_the_archive_lacks_is_not_a_link(self):
        jumps = Article.objects.filter(continues_on__isnull=False).select_related("page__issue")
        lonely = next(a for a in jumps if not a.page.issue.pages.filter(number=a.continues_on).exists())
        response = self.client.get(lonely.get_absolute_url())
        self.assertContains(response, f"▶下转{lonely.continues_on:02d}版<span")
        self.assertContains(response, "该版未收录")

    def test_it_links_the_previous_and_next_stories_of_the_issue_in_print_order(self):
        response = self.client.get("/2024/03/12/01/5/")
        self.assertContains(response, 'rel="prev" href="/2024/03/12/01/4/"')
        self.assertContains(response, 'rel="next" href="/2024/03/12/02/1/"', msg_prefix="past the 公益广告")
        first = self.client.get("/2024/03/12/01/1/")
        self.assertNotContains(first, 'rel="prev"')
        skip_guide = self.client.get("/2024/03/12/01/2/")
        self.assertContains(skip_guide, 'rel="next" href="/2024/03/12/01/4/"')

    def test_it_keeps_its_url_when_an_editor_corrects_the_headline(self):
        article = self.article("2024-03-12", 2, 2)
        url = article.get_absolute_url()
        article.source = {"headline": article.headline}
        article.headline = "旧楼装上了新电梯"
        article.save()
        response = self.client.get(url)
        self.assertContains(response, "<h1>旧楼装上了新电梯</h1>")

    def test_it_keeps_the_related_and_report_includes(self):
        response = self.client.get("/2024/03/12/01/1/")
        self.assertTemplateUsed(response, "articles/includes/related.html")
        self.assertTemplateUsed(response, "articles/includes/report_link.html")

    def test_it_has_a_canonical_url_and_open_graph_tags(self):
        response = self.client.get("/2024/03/12/01/1/", {"utm_source": "x"})
        self.assertContains(response, '<link rel="canonical" href="http://testserver/2024/03/12/01/1/">')
        self.assertContains(response, '<meta property="og:type" content="article">')
        self.assertContains(
            response, '<meta property="og:title" content="春潮涌动产业兴 项目建设跑出加速度">'
        )
        self.assertContains(response, '<meta property="article:published_time" content="2024-03-12">')

    def test_an_article_the_page_lacks_is_a_404_that_lists_the_pages(self):
        response = self.client.get("/2024/03/12/01/99/")
        self.assertContains(response, "没有第01版第99篇", status_code=404)
        self.assertContains(response, 'href="/2024/03/12/01/"', status_code=404)

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(ARTICLE_QUERIES):
            self.client.get("/2024/03/12/01/2/")
        most_bylines = Article.objects.select_related("page__issue").order_by("-bylines__position").first()
        url = most_bylines.get_absolute_url()
        with self.assertNumQueries(ARTICLE_QUERIES):
            self.client.get(url)
