"""引用本文: every article cites itself in GB/T 7714-2015's newspaper form, as RIS, BibTeX and CSL-JSON,
and carries schema.org NewsArticle JSON-LD, each field checked against the article."""

import datetime
import json
import re
from email.utils import parsedate_to_datetime
from html import unescape

from django.test import TestCase, override_settings
from django.utils import timezone

from articles.models import Article

from .base import ReaderTestCase, make_article

URL = "/2024/03/12/01/2/"


def json_ld(html):
    """The JSON-LD blocks of a page, parsed."""
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def cite_text(html):
    """The citations of the 引用本文 block, as a reader selects them."""
    block = html[
        html.index('<section class="cite"') : html.index("</section>", html.index('<section class="cite"'))
    ]
    return [unescape(text) for text in re.findall(r'<p class="citation">(.*?)</p>', block, re.S)]


class CiteThisArticleTests(ReaderTestCase):
    def test_the_page_cites_the_article_printed_and_online_in_gbt7714(self):
        today = timezone.localdate()
        html = self.client.get(URL).content.decode()
        printed, online = cite_text(html)
        self.assertEqual(
            printed,
            "彭志强, 黄思远. 全市春季义务植树活动启动 今春计划栽植苗木30万株[N]. 株洲日报, 2024-03-12(1).",
        )
        self.assertEqual(
            online,
            "彭志强, 黄思远. 全市春季义务植树活动启动 今春计划栽植苗木30万株[N/OL]. 株洲日报, 2024-03-12(1)"
            f"[{today:%Y-%m-%d}]. http://testserver/2024/03/12/01/2/.",
        )

    def test_the_citation_is_text_on_the_page_that_needs_no_script(self):
        html = self.client.get(URL).content.decode()
        self.assertNotIn("<script src", html)
        self.assertEqual(re.findall(r"<script(?: [^>]*)?>", html), ['<script type="application/ld+json">'])
        self.assertIn('<h2 id="cite-heading">引用本文</h2>', html)

    def test_the_downloads_give_the_same_reference_to_reference_managers(self):
        today = timezone.localdate()
        ris = self.client.get(f"{URL}cite.ris")
        self.assertEqual(ris["Content-Type"], "application/x-research-info-systems; charset=utf-8")
        self.assertEqual(ris["Content-Disposition"], 'attachment; filename="news-20240312-01-2.ris"')
        lines = ris.content.decode().split("\r\n")
        self.assertEqual(lines[0], "TY  - NEWS")
        for line in (
            "AU  - 彭志强",
            "AU  - 黄思远",
            "TI  - 全市春季义务植树活动启动 今春计划栽植苗木30万株",
            "T2  - 株洲日报",
            "DA  - 2024/03/12/",
            "SP  - 1",
            "IS  - 23597",
            f"UR  - http://testserver{URL}",
            f"Y2  - {today:%Y/%m/%d}/",
        ):
            self.assertIn(line, lines)
        self.assertEqual(lines[-2:], ["ER  - ", ""])

        bib = self.client.get(f"{URL}cite.bib")
        self.assertEqual(bib["Content-Type"], "application/x-bibtex; charset=utf-8")
        text = bib.content.decode()
        self.assertTrue(text.startswith("@article{news-20240312-01-2,\n"))
        for field in (
            "  author = {{彭志强} and {黄思远}},",
            "  journaltitle = {株洲日报},",
            "  entrysubtype = {newspaper},",
            "  date = {2024-03-12},",
            "  pages = {1},",
            f"  urldate = {{{today:%Y-%m-%d}}},",
        ):
            self.assertIn(field, text.splitlines())

        csl = self.client.get(f"{URL}cite.json")
        self.assertEqual(csl["Content-Type"], "application/vnd.citationstyles.csl+json; charset=utf-8")
        (item,) = csl.json()
        self.assertEqual(item["type"], "article-newspaper")
        self.assertEqual(item["container-title"], "株洲日报")
        self.assertEqual(item["author"], [{"literal": "彭志强"}, {"literal": "黄思远"}])
        self.assertEqual(item["issued"], {"date-parts": [[2024, 3, 12]]})
        self.assertEqual(item["accessed"], {"date-parts": [[today.year, today.month, today.day]]})
        self.assertEqual(
            (item["page"], item["issue"], item["URL"]), ("1", "23597", f"http://testserver{URL}")
        )

    def test_a_download_of_no_article_is_a_404(self):
        self.assertEqual(self.client.get("/2024/03/12/01/99/cite.ris").status_code, 404)
        self.assertEqual(self.client.get(f"{URL}cite.doc").status_code, 404)

    def test_every_article_page_carries_news_article_json_ld_true_to_the_article(self):
        for article in Article.objects.select_related("page__issue", "page__section").order_by("pk")[:60]:
            html = self.client.get(article.get_absolute_url()).content.decode()
            with self.subTest(article=article.get_absolute_url()):
                (data,) = json_ld(html)
                self.assert_news_article(data, article)

    def assert_news_article(self, data, article):
        issue, page = article.page.issue, article.page
        self.assertEqual((data["@context"], data["@type"]), ("https://schema.org", "NewsArticle"))
        self.assertEqual(data["headline"], article.headline)
        alternative = [text for text in (article.kicker, article.subtitle) if text]
        if alternative:
            self.assertEqual(
                data["alternativeHeadline"], alternative[0] if len(alternative) == 1 else alternative
            )
        else:
            self.assertNotIn("alternativeHeadline", data)
        self.assertEqual(data["datePublished"], issue.date.isoformat())
        people = {}
        for byline in article.bylines.select_related("person").order_by("position"):
            people.setdefault(byline.person.name, byline)
        self.assertEqual([a["name"] for a in data["author"]], list(people))
        for author, byline in zip(data["author"], people.values(), strict=True):
            self.assertEqual(author["@type"], "Person")
            self.assertEqual(author.get("jobTitle"), byline.role or None)
            self.assertEqual(author.get("description"), byline.description or None)
            self.assertEqual(author["url"], f"http://testserver{byline.person.get_absolute_url()}")
        self.assertEqual(data["publisher"], {"@type": "Organization", "name": "株洲日报"})
        part_of = data["isPartOf"]
        self.assertEqual(part_of["@type"], "PublicationIssue")
        self.assertEqual(part_of["datePublished"], issue.date.isoformat())
        self.assertEqual(part_of.get("issueNumber"), str(issue.number) if issue.number else None)
        self.assertEqual(part_of["isPartOf"], {"@type": "Periodical", "name": "株洲日报"})
        self.assertEqual(data["printPage"], str(page.number))
        self.assertEqual(data.get("printSection"), page.section.name if page.section_id else None)
        self.assertEqual(data.get("printColumn"), article.column or None)
        self.assertEqual(data["inLanguage"], "zh-CN")
        self.assertEqual(data["url"], f"http://testserver{article.get_absolute_url()}")

    def test_the_page_is_new_each_day_for_its_access_date(self):
        response = self.client.get(URL)
        modified = parsedate_to_datetime(response["Last-Modified"])
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        self.assertGreaterEqual(modified, midnight)


class CitationFormsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            "城区新建口袋公园{12}处",
            "市民有了家门口的好去处。",
            kicker="提质扩容",
            subtitle="今年已完工8处",
            date=datetime.date(2023, 6, 9),
            page=3,
            bylines=[
                ("记者", "刘毅"),
                ("通讯员", "王芳"),
                ("摄影", "刘毅"),
                ("实习生", "张敏"),
                ("摄影", "李强"),
            ],
        )
        Article.objects.filter(pk=cls.article.pk).update(column="民生观察")

    def page(self):
        return self.client.get(self.article.get_absolute_url()).content.decode()

    def test_more_than_three_authors_are_cited_as_the_first_three_and_others(self):
        printed, _ = cite_text(self.page())
        self.assertTrue(
            printed.startswith("刘毅, 王芳, 张敏, 等. 城区新建口袋公园{12}处[N]. 株洲日报, 2023-06-09(3)."),
            printed,
        )

    def test_json_ld_names_each_person_once_with_the_role_printed_and_the_column(self):
        (data,) = json_ld(self.page())
        self.assertEqual(
            [(a["name"], a["jobTitle"]) for a in data["author"]],
            [("刘毅", "记者"), ("王芳", "通讯员"), ("张敏", "实习生"), ("李强", "摄影")],
        )
        self.assertEqual(data["alternativeHeadline"], ["提质扩容", "今年已完工8处"])
        self.assertEqual((data["printColumn"], data["printPage"]), ("民生观察", "3"))

    def test_bibtex_escapes_what_tex_would_read_as_markup(self):
        text = self.client.get(f"{self.article.get_absolute_url()}cite.bib").content.decode()
        self.assertIn(r"  title = {{城区新建口袋公园\{12\}处}},", text.splitlines())
        self.assertIn("  author = {{刘毅} and {王芳} and {张敏} and {李强}},", text.splitlines())

    @override_settings(PAPER_NAME="湘江晚报")
    def test_the_paper_is_the_one_the_settings_name(self):
        printed, _online = cite_text(self.page())
        self.assertIn("[N]. 湘江晚报, 2023-06-09(3).", printed)
        (data,) = json_ld(self.page())
        self.assertEqual(data["publisher"]["name"], "湘江晚报")
        self.assertIn(
            "T2  - 湘江晚报", self.client.get(f"{self.article.get_absolute_url()}cite.ris").content.decode()
        )

    def test_json_ld_cannot_close_its_script_element(self):
        Article.objects.filter(pk=self.article.pk).update(headline="</script><script>alert(1)</script>")
        html = self.page()
        (data,) = json_ld(html)
        self.assertEqual(data["headline"], "</script><script>alert(1)</script>")
        self.assertNotIn("<script>alert", html)
