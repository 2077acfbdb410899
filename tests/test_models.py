"""The data model: constraints, names, URLs and the gazetteer it ships."""

import datetime
import json

from django.db import IntegrityError, transaction
from django.test import TestCase

from articles.models import Article, Byline, District, Issue, Page, Person, Section
from articles.parsing import default_gazetteer
from articles.parsing.gazetteer import DEFAULT_PATH

COUNTY_LEVEL = ["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "醴陵市", "攸县", "茶陵县", "炎陵县"]
ZONES = ["株洲经开区", "株洲高新区"]


class ModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.issue = Issue.objects.create(
            date=datetime.date(2024, 2, 6),
            number=23562,
            page_count=8,
            source_name="a.txt",
            source_checksum="x",
        )
        cls.section = Section.objects.create(name="综合·城区")
        cls.page = Page.objects.create(issue=cls.issue, number=2, section=cls.section)
        cls.article = Article.objects.create(
            page=cls.page, position=3, number=3, headline="楼道亮了", body="一\n二"
        )
        cls.person = Person.objects.create(name="方晓雨")
        Byline.objects.create(article=cls.article, person=cls.person, role="全媒体记者")

    def test_names_read_as_the_paper_prints_them(self):
        self.assertEqual(str(self.issue), "2024年2月6日 第23562期")
        self.assertEqual(str(self.page), "2024-02-06 第02版 综合·城区")
        self.assertEqual(str(self.article.bylines.get()), "全媒体记者/方晓雨")
        self.assertEqual(self.article.paragraphs, ["一", "二"])

    def test_urls_are_readable_and_stable_when_the_headline_changes(self):
        self.assertEqual(self.issue.get_absolute_url(), "/2024/02/06/")
        self.assertEqual(self.page.get_absolute_url(), "/2024/02/06/02/")
        url = self.article.get_absolute_url()
        self.assertEqual(url, "/2024/02/06/02/3/")
        self.article.headline = "楼道灯亮了"
        self.article.save()
        self.assertEqual(self.article.get_absolute_url(), url)
        self.assertEqual(self.section.slug, "综合城区")
        self.assertEqual(self.person.get_absolute_url(), "/person/%E6%96%B9%E6%99%93%E9%9B%A8/")
        self.assertEqual(District.objects.get(name="醴陵市").get_absolute_url(), "/district/liling/")

    def test_an_issue_date_and_number_are_unique(self):
        for values in ({"date": self.issue.date}, {"date": datetime.date(2024, 2, 7), "number": 23562}):
            with self.assertRaises(IntegrityError), transaction.atomic():
                Issue.objects.create(source_name="b.txt", source_checksum="y", **values)

    def test_a_page_number_is_unique_in_its_issue_and_positive(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Page.objects.create(issue=self.issue, number=2)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Page.objects.create(issue=self.issue, number=0)

    def test_an_article_position_is_unique_on_its_page(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.create(page=self.page, position=3, number=4, headline="重复")

    def test_querysets_filter_what_the_pages_list(self):
        district = District.objects.get(name="荷塘区")
        self.article.districts.add(district)
        self.assertEqual(list(Article.objects.in_district(district)), [self.article])
        self.assertEqual(list(Article.objects.in_section(self.section)), [self.article])
        self.assertEqual(list(Article.objects.by_person(self.person)), [self.article])
        self.assertEqual(
            list(Section.objects.with_article_counts().values_list("article_count", flat=True)), [1]
        )


class ArticleInIssueTests(TestCase):
    """Row logic the article and page views share: print order and jumps between pages."""

    @classmethod
    def setUpTestData(cls):
        issue = Issue.objects.create(date=datetime.date(2024, 5, 8), source_name="b.txt", source_checksum="x")
        front, inner = (Page.objects.create(issue=issue, number=n) for n in (1, 2))

        def article(page, position, headline, **fields):
            return Article.objects.create(
                page=page, position=position, number=position, headline=headline, **fields
            )

        cls.jump = article(front, 1, "新桥 合龙", continues_on=2)
        cls.guide = article(front, 2, "新桥合龙", kind=Article.Kind.GUIDE, continues_on=2)
        cls.other = article(inner, 1, "菜市场改造完工")
        cls.rest = article(inner, 2, "新桥合龙", continued_from=1)
        cls.siblings = list(Article.objects.in_issue(issue).select_related("page").in_print_order())

    def test_neighbours_are_the_stories_before_and_after_in_print_order(self):
        self.assertEqual(self.jump.neighbours(self.siblings), (None, self.other))
        self.assertEqual(self.other.neighbours(self.siblings), (self.jump, self.rest))

    def test_a_jump_and_its_guide_entry_land_on_the_rest_of_the_story(self):
        self.assertEqual(self.jump.continuation(self.siblings), self.rest)
        self.assertEqual(self.guide.continuation(self.siblings), self.rest)
        self.assertIsNone(self.other.continuation(self.siblings))

    def test_the_rest_of_a_story_leads_back_to_its_start_not_to_the_guide(self):
        self.assertEqual(self.rest.origin(self.siblings), self.jump)
        self.assertIsNone(self.jump.origin(self.siblings))


class GazetteerTests(TestCase):
    def test_every_county_level_unit_and_zone_is_loaded(self):
        self.assertEqual(list(District.objects.values_list("name", flat=True)), COUNTY_LEVEL + ZONES)
        self.assertEqual(District.objects.get(name="渌口区").aliases, ["渌口", "株洲县"])

    def test_every_town_or_street_maps_to_exactly_one_unit(self):
        units = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))["units"]
        owners = {}
        for unit in units:
            for place in unit["places"]:
                owners.setdefault(place, []).append(unit["name"])
        self.assertGreater(len(owners), 150)
        self.assertEqual({p: o for p, o in owners.items() if len(o) != 1}, {})
        names = {u["name"] for u in units} | {a for u in units for a in u["aliases"]}
        self.assertEqual(names & set(owners), set())

    def test_the_city_is_covered_not_only_the_samples(self):
        owner = default_gazetteer().owner
        for place, unit in {
            "学林街道": "石峰区",
            "雷打石镇": "天元区",
            "白关镇": "芦淞区",
            "茨菇塘街道": "荷塘区",
            "南洲镇": "渌口区",
            "浦口镇": "醴陵市",
            "酒埠江镇": "攸县",
            "火田镇": "茶陵县",
            "霞阳镇": "炎陵县",
        }.items():
            self.assertEqual(owner[place], unit, place)
        for unit in COUNTY_LEVEL:
            places = [p for p, o in owner.items() if o == unit and p.endswith(("镇", "乡", "街道"))]
            self.assertGreaterEqual(len(places), 4, unit)
