"""?format=json: every list and the article as JSON, with absolute URLs."""

from unittest import mock

from articles import views
from articles.models import Article, District

from .base import ReaderTestCase


class JsonTests(ReaderTestCase):
    def test_the_article_has_every_printed_part(self):
        data = self.get_json("/2024/03/12/01/2/")
        self.assertEqual(data["headline"], "全市春季义务植树活动启动 今春计划栽植苗木30万株")
        self.assertEqual(data["url"], "http://testserver/2024/03/12/01/2/")
        self.assertEqual(data["date"], "2024-03-12")
        self.assertEqual(data["page"]["number"], 1)
        self.assertEqual(data["issue"]["number"], 23597)
        self.assertEqual(
            data["bylines"][0],
            {
                "role": "全媒体记者",
                "name": "彭志强",
                "url": "http://testserver/person/%E5%BD%AD%E5%BF%97%E5%BC%BA/",
                "description": "",
            },
        )
        self.assertEqual(data["author_note"], "")
        self.assertEqual(data["districts"], [{"name": "荷塘区", "url": "http://testserver/district/hetang/"}])
        self.assertEqual(
            data["captions"], [{"text": "志愿者在湘江风光带补植香樟苗。", "credit": "株洲日报记者/彭志强 摄"}]
        )
        self.assertTrue(data["paragraphs"][0].startswith("3月11日"))
        self.assertEqual(data["previous_article"], "http://testserver/2024/03/12/01/1/")
        self.assertEqual(data["next_article"], "http://testserver/2024/03/12/01/4/")

    def test_the_article_json_links_its_jump(self):
        data = self.get_json("/2024/03/12/01/1/")
        self.assertEqual(data["continues_on"], 2)
        self.assertEqual(data["continues_to"], "http://testserver/2024/03/12/02/1/")
        back = self.get_json("/2024/03/12/02/1/")
        self.assertEqual(back["continued_from_article"], "http://testserver/2024/03/12/01/1/")

    def test_the_home_page(self):
        data = self.get_json("/")
        self.assertEqual(data["latest_issue"]["date"], "2024-03-14")
        self.assertEqual(data["front_page"][0]["headline"], "城区今年新建12处口袋公园")
        self.assertEqual({a["date"] for a in data["on_this_day"]}, {"2023-03-14"})
        liling = District.objects.get(slug="liling")
        count = Article.objects.stories().in_district(liling).count()
        self.assertIn(
            {"name": "醴陵市", "url": "http://testserver/district/liling/", "article_count": count},
            data["districts"],
        )

    def test_the_archive_year_and_month(self):
        self.assertIn(2022, [y["year"] for y in self.get_json("/archive/")["years"]])
        self.assertIn("2024-03-12", self.get_json("/2024/")["dates"])
        month = self.get_json("/2024/03/")
        self.assertEqual([i["date"] for i in month["issues"]], ["2024-03-12", "2024-03-13", "2024-03-14"])

    def test_the_issue_and_the_page(self):
        issue = self.get_json("/2024/03/12/")
        self.assertEqual([p["number"] for p in issue["pages"]], [1, 2, 3])
        self.assertEqual(issue["pages"][1]["section"], "综合·城区")
        self.assertEqual(issue["next_issue"]["date"], "2024-03-13")
        page = self.get_json("/2024/03/12/02/")
        self.assertEqual(
            page["editors"], [{"role": "责任编辑", "name": "肖蓉"}, {"role": "美术编辑", "name": "杜川"}]
        )
        self.assertEqual([a["position"] for a in page["articles"]], [1, 2, 3, 4])

    def test_a_list_is_paginated_with_links_that_stay_json(self):
        with mock.patch.object(views, "PER_PAGE", 2):
            data = self.get_json("/district/hetang/", year="2024")
        self.assertEqual(data["district"], {"name": "荷塘区", "url": "http://testserver/district/hetang/"})
        self.assertEqual((data["count"], data["num_pages"], len(data["articles"])), (3, 2, 2))
        self.assertEqual(data["next"], "http://testserver/district/hetang/?year=2024&format=json&page=2")
        self.assertEqual(data["per_month"], [{"month": "2024-03", "article_count": 3}])

    def test_the_section_person_and_index_lists(self):
        self.assertEqual(self.get_json("/section/综合城区/")["section"]["name"], "综合·城区")
        self.assertEqual(
            self.get_json("/person/彭志强/")["articles"][0]["url"], "http://testserver/2024/03/12/01/2/"
        )
        self.assertEqual(len(self.get_json("/districts/")["districts"]), 11)
        self.assertIn("民生·教育", [s["name"] for s in self.get_json("/sections/")["sections"]])
        self.assertTrue(self.get_json("/people/")["people"])

    def test_a_missing_issue_answers_404_with_the_nearest_issues(self):
        response = self.client.get("/2024/03/01/", {"format": "json"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["nearest_after"]["date"], "2024-03-12")
