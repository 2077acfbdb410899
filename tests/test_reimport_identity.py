"""One story, one identity, for life: a re-import matches the old and new articles of an issue as a whole.

Each case changes the file as a corrected dump would, imports it again with
the real command, and reads what a reader and an editor see: the story's URL,
its text, the editor's corrections made in the admin's change form, the
issue's articles (never two copies of one story), and the import report.
"""

import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from reversion.models import Version

from articles.corrections import IMPORTED
from articles.models import Article, Issue

from .base import AdminTestCase, seed

# A fictional issue of two pages, written for these tests.
ISSUE = """\
株洲日报

2025年6月3日 星期二 第23888期 今日2版

要闻

责任编辑：林小禾 美术编辑：陈一鸣

城东新建三座口袋公园 市民家门口有了休闲去处

株洲日报全媒体记者/周晓岚 通讯员/易安

六月初的傍晚，城东片区新建的三座口袋公园里，散步的老人、追逐的孩子和跳绳的少年把不大的场地衬得格外热闹。这三座公园都建在拆除违建后腾出的边角地块上，每座面积不到两千平方米。

据城东街道负责人介绍，公园建设前，街道先后开了六场居民议事会，按照居民的意见增设了儿童沙池、健身步道和遮阳廊架。为了方便附近学校的学生，公园的开放时间延长到晚上十点。

下一步，城东片区还将利用闲置空地再建两座口袋公园，并在已建成的公园里补种本地树种，让居民出门五分钟就能走进绿地。

湘江西岸防洪堤加固工程进入主体施工

株洲日报全媒体记者/贺明远

记者从市水利部门获悉，湘江西岸防洪堤加固工程日前进入主体施工阶段，施工单位正在对堤身进行灌浆加固，并同步修建堤顶巡查道路。

这段防洪堤建成于上世纪八十年代，部分堤段存在渗水隐患。工程完工后，堤防防洪标准将提高到百年一遇，沿线十二个社区的三万多名居民将因此受益。

为减少施工对出行的影响，施工方采用分段围挡、错峰运输的方式，并在沿江步道设置了临时绕行通道和夜间照明。

全市中小学暑期托管服务开始报名

株洲日报全媒体记者/欧阳小满 通讯员/邝敏

今年暑假，全市将有八十所中小学开设暑期托管班，家长可通过学校公众号为孩子报名，报名截止时间为六月二十日。

托管班以看护为主，每天安排阅读、体育锻炼、兴趣活动和作业辅导，不进行集体补课。托管收费执行成本价，困难家庭的孩子可以免费参加。

教育部门提醒家长，托管期间学校将严格落实接送登记制度，孩子应由家长或指定人员当面接送。

老旧厂房变身文创街区 吸引四十余家小店入驻

株洲日报全媒体记者/龙雨晴

曾经堆满废旧设备的老轴承厂，如今成了年轻人打卡的文创街区。红砖厂房里开起了咖啡馆、手作工坊和独立书店，周末的客流量超过一万人次。

街区运营方介绍，改造保留了厂房的钢结构屋架和老吊车，把车间编号做成了店铺门牌。入驻商户以本地青年创业者为主，头一年租金减半。

文旅部门表示，将把文创街区纳入城市旅游线路，并在节假日组织市集和露天音乐会，带动周边老街的消费。

社会·民生

责任编辑：肖一帆 美术编辑：杜小川

社区食堂开进老小区 八十岁老人吃上热乎饭

株洲日报全媒体记者/唐嘉怡 通讯员/钟立

中午十一点半，河西社区食堂里已经坐满了就餐的老人。一荤两素一汤，八十岁以上老人只需付八元，行动不便的老人还可以预约送餐上门。

社区书记说，食堂由社区提供场地、餐饮企业负责运营，街道按就餐人次给予补贴。开业三个月来，食堂每天供应午餐两百余份，晚餐一百余份。

不少老人说，以前一个人在家懒得做饭，常常一碗面条对付一顿，现在到食堂吃饭，还能和老邻居说说话。

夜间公交专线试运行一周 日均客流破千

株洲日报全媒体记者/邵思远

为方便夜班职工和晚归市民出行，市公交部门开通的两条夜间公交专线试运行一周，日均客流量已经突破一千人次。

两条专线分别连接火车站与城东工业园、汽车站与城南大学城，发车时间为晚上十点至次日凌晨一点，每二十分钟一班。

公交部门表示，将根据试运行期间的客流数据调整站点设置，并在主要站点增设实时到站信息屏。
"""

PARK = "城东新建三座口袋公园 市民家门口有了休闲去处"
LEVEE = "湘江西岸防洪堤加固工程进入主体施工"
SCHOOLS = "全市中小学暑期托管服务开始报名"
FACTORY = "老旧厂房变身文创街区 吸引四十余家小店入驻"
CANTEEN = "社区食堂开进老小区 八十岁老人吃上热乎饭"
BUSES = "夜间公交专线试运行一周 日均客流破千"


class IdentityTestCase(AdminTestCase):
    """The fictional issue imported once; each test changes its file and imports it again."""

    @classmethod
    def setUpTestData(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="identity-"))
        cls.addClassCleanup(shutil.rmtree, cls.folder)
        cls.path = cls.folder / "2025-06-03.txt"
        cls.path.write_text(ISSUE, encoding="utf-8")
        cls.run_import()
        cls.editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="editors"))

    @classmethod
    def run_import(cls, *options):
        out = StringIO()
        with mock.patch.dict(os.environ, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            call_command("import_issues", *options, str(cls.path), stdout=out, stderr=StringIO())
        return out.getvalue()

    def setUp(self):
        super().setUp()
        self.path.write_text(ISSUE, encoding="utf-8")
        self.urls = {a.headline: a.get_absolute_url() for a in self.stories()}

    def reimport(self, *changes):
        """The file with each (old, new) replaced, imported again; returns the report."""
        text = ISSUE
        for old, new in changes:
            self.assertIn(old, text)
            text = text.replace(old, new)
        self.path.write_text(text, encoding="utf-8")
        return self.run_import()

    def stories(self):
        return Article.objects.filter(page__issue__date="2025-06-03").select_related("page__issue")

    def story(self, headline):
        return self.stories().get(headline=headline)

    def read(self, url):
        """The article a reader finds at `url`, following a 301."""
        response = self.client.get(url, follow=True)
        self.assertEqual(response.status_code, 200, url)
        return response.context["article"]

    def assertNoStoryTwice(self):
        """Every paragraph of the issue is printed by one article only."""
        paragraphs = [p for a in self.stories() for p in a.paragraphs]
        self.assertEqual(len(paragraphs), len(set(paragraphs)), "a story is printed twice")


class OpeningChangedTests(IdentityTestCase):
    """A typo fixed in a story's first sentence."""

    TYPO = ("记者从市水利部门获悉", "记者从市水利局获悉")

    def test_the_story_keeps_its_url_and_shows_the_new_opening(self):
        out = self.reimport(self.TYPO)
        article = self.read(self.urls[LEVEE])
        self.assertEqual(article.headline, LEVEE)
        self.assertTrue(article.body.startswith("记者从市水利局获悉"))
        self.assertEqual(self.stories().count(), 6)
        self.assertNoStoryTwice()
        self.assertIn("0 new", out)
        self.assertIn("0 removed", out)
        self.assertTrue(Version.objects.get_for_object(article).filter(revision__comment=IMPORTED).exists())

    def test_an_editors_headline_stays_over_the_new_opening(self):
        article = self.story(LEVEE)
        self.edit(article, headline="西岸防洪堤加固进入主体施工")
        self.reimport(self.TYPO)
        article = self.read(self.urls[LEVEE])
        self.assertEqual(article.headline, "西岸防洪堤加固进入主体施工")
        self.assertTrue(article.body.startswith("记者从市水利局获悉"))
        self.assertEqual(self.stories().count(), 6)
        self.assertNoStoryTwice()

    def test_two_stories_changed_at_once_each_keep_theirs(self):
        self.reimport(self.TYPO, ("今年暑假，全市将有八十所", "今年暑假，全市共有八十所"))
        self.assertTrue(self.read(self.urls[LEVEE]).body.startswith("记者从市水利局获悉"))
        self.assertTrue(self.read(self.urls[SCHOOLS]).body.startswith("今年暑假，全市共有八十所"))
        self.assertEqual(self.stories().count(), 6)


class HeadlineChangedTests(IdentityTestCase):
    NEW = "全市八十所中小学暑期托管开始报名"

    def test_the_story_keeps_its_url_and_the_report_names_both_headlines(self):
        out = self.reimport((SCHOOLS, self.NEW))
        self.assertEqual(self.read(self.urls[SCHOOLS]).headline, self.NEW)
        self.assertEqual(self.stories().count(), 6)
        self.assertIn(f"《{SCHOOLS}》 is now 《{self.NEW}》", out)
        self.assertIn(self.urls[SCHOOLS], out)

    def test_an_editors_headline_stays_and_the_report_says_the_file_differs(self):
        article = self.story(SCHOOLS)
        self.edit(article, headline="暑期托管开始报名")
        out = self.reimport((SCHOOLS, self.NEW))
        article = self.read(self.urls[SCHOOLS])
        self.assertEqual(article.headline, "暑期托管开始报名")
        self.assertEqual(article.source["headline"], self.NEW)
        self.assertIn("《暑期托管开始报名》 headline: an editor's correction differs from the file", out)
        self.assertNoStoryTwice()


class HeadlineAndOpeningChangedTests(IdentityTestCase):
    NEW = "老轴承厂变身文创街区 四十余家小店入驻"
    CHANGES = ((FACTORY, NEW), ("曾经堆满废旧设备的老轴承厂", "曾经堆满废弃设备的老轴承厂"))

    def test_the_story_keeps_its_url(self):
        out = self.reimport(*self.CHANGES)
        article = self.read(self.urls[FACTORY])
        self.assertEqual(article.headline, self.NEW)
        self.assertTrue(article.body.startswith("曾经堆满废弃设备"))
        self.assertEqual(self.stories().count(), 6)
        self.assertIn(f"《{FACTORY}》 is now 《{self.NEW}》", out)

    def test_an_editors_correction_of_the_body_stays_and_the_headline_follows_the_file(self):
        article = self.story(FACTORY)
        self.edit(article, body=article.body.replace("一万人次", "一万余人次"))
        self.reimport(*self.CHANGES)
        article = self.read(self.urls[FACTORY])
        self.assertEqual(article.headline, self.NEW)
        self.assertIn("一万余人次", article.body)
        self.assertIn("曾经堆满废弃设备", article.source["body"], "the file's text beneath the correction")
        self.assertNoStoryTwice()


class SplitTests(IdentityTestCase):
    """The new file prints a story's last paragraph as a story of its own."""

    SECOND = "城东片区还将再建两座口袋公园"
    SPLIT = ("下一步，城东片区", f"{SECOND}\n\n株洲日报全媒体记者/周晓岚\n\n下一步，城东片区")

    def test_the_first_half_keeps_the_url_and_the_second_is_new(self):
        out = self.reimport(self.SPLIT)
        first = self.read(self.urls[PARK])
        self.assertEqual(first.headline, PARK)
        self.assertNotIn("下一步", first.body)
        second = self.story(self.SECOND)
        self.assertTrue(second.body.startswith("下一步，城东片区"))
        self.assertNotIn(second.get_absolute_url(), self.urls.values(), "a number never given before")
        self.assertEqual(self.stories().count(), 7)
        self.assertNoStoryTwice()
        self.assertIn(f"added 《{self.SECOND}》 {second.get_absolute_url()}", out)
        self.assertIn("1 new", out)

    def test_an_editors_headline_stays_on_the_first_half(self):
        self.edit(self.story(PARK), headline="城东三座口袋公园建成")
        self.reimport(self.SPLIT)
        first = self.read(self.urls[PARK])
        self.assertEqual(first.headline, "城东三座口袋公园建成")
        self.assertNotIn("下一步", first.source.get("body", first.body))
        self.assertEqual(self.stories().count(), 7)

    def test_an_editors_split_meets_the_files_own(self):
        article = self.story(PARK)
        self.client.post(f"/admin/articles/article/{article.pk}/split/", {"at": "2", "headline": "再建两座"})
        half = self.story("再建两座")
        self.reimport(self.SPLIT)
        self.assertEqual(
            self.read(half.get_absolute_url()).pk, half.pk, "the editor's half is the file's now"
        )
        self.assertEqual(self.stories().count(), 7)
        self.assertNoStoryTwice()


class MergeTests(IdentityTestCase):
    """The new file prints two stories as one (the second's title block is gone)."""

    MERGE = ("夜间公交专线试运行一周 日均客流破千\n\n株洲日报全媒体记者/邵思远\n\n", "")

    def test_the_first_keeps_its_url_and_the_seconds_answers_with_a_301_to_it(self):
        out = self.reimport(self.MERGE)
        first = self.read(self.urls[CANTEEN])
        self.assertIn("夜班职工", first.body)
        response = self.client.get(self.urls[BUSES])
        self.assertRedirects(response, self.urls[CANTEEN], status_code=301)
        self.assertEqual(self.stories().count(), 5)
        self.assertNoStoryTwice()
        self.assertIn(
            f"merged 《{BUSES}》 into 《{CANTEEN}》: {self.urls[BUSES]} → {self.urls[CANTEEN]}", out
        )

    def test_an_editors_headline_on_the_first_stays(self):
        self.edit(self.story(CANTEEN), headline="河西社区食堂开业三月")
        self.reimport(self.MERGE)
        first = self.read(self.urls[CANTEEN])
        self.assertEqual(first.headline, "河西社区食堂开业三月")
        self.assertIn("夜班职工", first.body)
        self.assertEqual(self.read(self.urls[BUSES]).pk, first.pk)

    def test_an_editors_merge_stays_merged_when_the_second_story_changes(self):
        first = self.story(CANTEEN)
        self.client.post(f"/admin/articles/article/{first.pk}/merge/")
        self.reimport(("为方便夜班职工", "为了方便夜班职工"))
        self.assertEqual(self.stories().count(), 5)
        first.refresh_from_db()
        self.assertIn("为方便夜班职工", first.body, "the editor's text")
        self.assertEqual(self.read(self.urls[BUSES]).pk, first.pk)


class RemovedTests(IdentityTestCase):
    def remove_story(self, *changes):
        start, end = ISSUE.index(FACTORY), ISSUE.index("社会·民生")
        return self.reimport((ISSUE[start:end], ""), *changes)

    def test_its_url_answers_410_with_a_link_to_its_issue(self):
        out = self.remove_story()
        response = self.client.get(self.urls[FACTORY])
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, 'href="/2025/06/03/"', status_code=410)
        self.assertContains(response, FACTORY, status_code=410)
        self.assertEqual(self.stories().count(), 5)
        self.assertIn(f"removed 《{FACTORY}》: {self.urls[FACTORY]} answers 410 Gone", out)
        self.assertIn("1 removed", out)

    def test_an_edited_story_the_file_no_longer_has_is_kept(self):
        self.edit(self.story(FACTORY), headline="老厂房里的文创街区")
        out = self.remove_story()
        self.assertEqual(self.read(self.urls[FACTORY]).headline, "老厂房里的文创街区")
        self.assertIn("《老厂房里的文创街区》: kept, edited but not in the file", out)

    def test_its_number_is_never_given_again(self):
        self.remove_story()
        self.remove_story(("下一步，城东片区", "新的一篇\n\n株洲日报全媒体记者/周晓岚\n\n下一步，城东片区"))
        new = self.story("新的一篇")
        self.assertNotEqual(new.get_absolute_url(), self.urls[FACTORY])
        self.assertEqual(self.client.get(self.urls[FACTORY]).status_code, 410)


class RestoredTests(IdentityTestCase):
    def test_a_story_the_file_prints_again_takes_its_url_back(self):
        start, end = ISSUE.index(FACTORY), ISSUE.index("社会·民生")
        self.reimport((ISSUE[start:end], ""))
        self.assertEqual(self.client.get(self.urls[FACTORY]).status_code, 410)
        out = self.reimport()
        self.assertEqual(self.read(self.urls[FACTORY]).headline, FACTORY)
        self.assertIn(f"restored 《{FACTORY}》 at its former URL {self.urls[FACTORY]}", out)

    def test_a_story_the_file_prints_apart_again_after_a_merge_takes_its_url_back(self):
        self.reimport(MergeTests.MERGE)
        self.reimport()
        self.assertEqual(self.read(self.urls[BUSES]).headline, BUSES)
        self.assertEqual(self.read(self.urls[CANTEEN]).headline, CANTEEN)
        self.assertNotIn("夜班职工", self.story(CANTEEN).body)
        self.assertNoStoryTwice()


class MovedTests(IdentityTestCase):
    """The new file prints a story on another page, its opening corrected too."""

    def test_its_old_url_answers_with_a_301_to_its_new_one(self):
        start, end = ISSUE.index(SCHOOLS), ISSUE.index(FACTORY)
        block = ISSUE[start:end]
        moved = block.replace("今年暑假，全市将有八十所", "今年暑假，全市共有八十所")
        text = ISSUE.replace(block, "").rstrip("\n") + "\n\n" + moved
        out = self.reimport((ISSUE, text))
        article = self.read(self.urls[SCHOOLS])
        self.assertEqual((article.headline, article.page.number), (SCHOOLS, 2))
        self.assertRedirects(self.client.get(self.urls[SCHOOLS]), article.get_absolute_url(), status_code=301)
        self.assertIn(
            f"moved 《{SCHOOLS}》 to another page: {self.urls[SCHOOLS]} → {article.get_absolute_url()}", out
        )
        self.assertEqual(self.stories().count(), 6)


class UnchangedTests(IdentityTestCase):
    def test_a_forced_reimport_of_the_same_file_changes_nothing(self):
        before = {a.pk: (a.number, a.position, a.body) for a in self.stories()}
        out = self.run_import("--force")
        self.assertEqual({a.pk: (a.number, a.position, a.body) for a in self.stories()}, before)
        self.assertIn("0 new, 0 changed, 0 removed", out)
        self.assertFalse(Version.objects.filter(revision__comment=IMPORTED).exists())
        self.assertEqual(Issue.objects.count(), 1)


class SeedTypoTests(IdentityTestCase):
    """The issue's own case on a seed: an editor corrects a headline, then the dump fixes two characters
    in the first sentence of that story and of another. The seed is read from ../shared at test time."""

    @classmethod
    def setUpTestData(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="identity-seed-"))
        cls.addClassCleanup(shutil.rmtree, cls.folder)
        cls.path = cls.folder / seed("004").name
        cls.original = seed("004").read_text(encoding="utf-8")
        cls.path.write_text(cls.original, encoding="utf-8")
        cls.run_import()
        cls.editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="editors"))

    def setUp(self):
        self.client.force_login(self.editor)
        self.path.write_text(self.original, encoding="utf-8")

    def test_both_stories_keep_their_urls_and_the_edited_one_its_headline(self):
        stories = list(Article.objects.stories().filter(page__issue__source_name=self.path.name))
        edited, other = [a for a in stories if len(a.paragraphs[0]) > 20][:2]
        urls = {a.pk: a.get_absolute_url() for a in stories}
        self.edit(edited, headline="编辑改过的标题")
        text = self.original
        for article in (edited, other):
            opening = article.paragraphs[0][:12]
            self.assertEqual(text.count(opening), 1, "an opening the file prints once")
            text = text.replace(opening, opening[:4] + "某某" + opening[6:])
        self.path.write_text(text, encoding="utf-8")
        out = self.run_import()
        self.assertIn("0 new, 2 changed, 0 removed (1 page, 8 articles in all)", out)
        after = list(Article.objects.stories().filter(page__issue__source_name=self.path.name))
        self.assertEqual(len(after), len(stories))
        self.assertEqual({a.pk: a.get_absolute_url() for a in after}, urls)
        self.assertEqual(self.read(urls[edited.pk]).headline, "编辑改过的标题")
        for article in (edited, other):
            self.assertIn("某某", self.read(urls[article.pk]).paragraphs[0])
        paragraphs = [p for a in after for p in a.paragraphs]
        self.assertEqual(len(paragraphs), len(set(paragraphs)), "a story is printed twice")
