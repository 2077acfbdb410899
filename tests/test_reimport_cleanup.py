"""People and sections an earlier import created wrongly are cleaned up by a re-import with --force.

An earlier parser read fragments of an author's description as people, a role word glued to a
name as part of it, and a box label as a page's section. The issue is first stored as that parser
gave it back (the file's own parse, with those misreadings put in), then imported again with the
real command and --force, as an operator does after a parser upgrade.
"""

import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.management import call_command

from articles.importer import read_issue_file, store_issue
from articles.models import Article, FormerName, Person, Section

from .base import AdminTestCase, form_data, fresh_index

# A fictional issue of two pages, written for these tests.
ISSUE = """\
株洲日报

2025年7月8日 星期二 第23905期 今日2版

要闻

责任编辑：林小禾 美术编辑：陈一鸣

城东新建三座口袋公园 市民家门口有了休闲去处

株洲日报全媒体记者/周晓岚 通讯员/易安

六月初的傍晚，城东片区新建的三座口袋公园里，散步的老人、追逐的孩子和跳绳的少年把不大的场地衬得格外热闹。这三座公园都建在拆除违建后腾出的边角地块上。

据城东街道负责人介绍，公园建设前，街道先后开了六场居民议事会，按照居民的意见增设了儿童沙池、健身步道和遮阳廊架。

评论

责任编辑：肖一帆 美术编辑：杜小川

让口袋公园装下更多烟火气

□ 林晓

口袋公园虽小，却连着千家万户的日常。建一座公园不难，难的是让它真正成为居民愿意来、留得住的地方。

这就要求建设者多听居民的意见，把座椅放在老人需要歇脚的地方，把沙池留给孩子，把树荫留给夏天。

（作者为本市某职业技术学院副教授）
"""
# What the earlier parser made of the commentary's author description and of the reporter's credit.
FRAGMENTS = [("作者", "为本市某职"), ("作者", "业技术学院"), ("作者", "副教授")]
GLUED = "周晓岚整理"


class CleanupTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="cleanup-"))
        cls.addClassCleanup(shutil.rmtree, cls.folder)
        cls.path = cls.folder / "2025-07-08.txt"
        cls.path.write_text(ISSUE, encoding="utf-8")
        parsed, checksum = read_issue_file(cls.path)
        park, comment = parsed.articles
        park.bylines = [("全媒体记者", GLUED), ("通讯员", "易安")]
        comment.bylines = [("作者", "林晓"), *FRAGMENTS]
        parsed.pages[1].section = "(视频"
        fresh_index()
        store_issue(parsed, checksum, cls.path.name)
        cls.editor = User.objects.create_user("lihua", password="a-long-editor-password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="editors"))

    def force(self):
        out = StringIO()
        with mock.patch.dict(os.environ, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            call_command("import_issues", "--force", str(self.path), stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_the_misread_people_are_there_before(self):
        self.assertEqual(self.client.get("/person/为本市某职/").status_code, 200)
        self.assertTrue(Section.objects.filter(name="(视频").exists())

    def test_people_no_article_names_any_more_are_gone_and_their_pages_answer_404(self):
        out = self.force()
        for _, name in FRAGMENTS:
            self.assertFalse(Person.objects.filter(name=name).exists(), name)
            self.assertEqual(self.client.get(f"/person/{name}/").status_code, 404, name)
        self.assertNotContains(self.client.get("/people/"), "为本市某职")
        self.assertIn("为本市某职", out)

    def test_a_name_the_file_now_prints_corrected_leads_to_the_person(self):
        out = self.force()
        self.assertFalse(Person.objects.filter(name=GLUED).exists())
        person = Person.objects.get(name="周晓岚")
        self.assertRedirects(self.client.get(f"/person/{GLUED}/"), person.get_absolute_url(), status_code=301)
        self.assertIn(f"/person/{GLUED}/ → /person/周晓岚/", out)

    def test_a_section_no_page_has_any_more_is_gone(self):
        slug = Section.objects.get(name="(视频").slug
        self.force()
        self.assertFalse(Section.objects.filter(name="(视频").exists())
        self.assertEqual(self.client.get(f"/section/{slug}/").status_code, 404)
        self.assertEqual(Article.objects.get(kind="commentary").page.section.name, "评论")

    def test_bylines_an_editor_corrected_are_kept(self):
        comment = Article.objects.get(kind="commentary")
        change = f"/admin/articles/article/{comment.pk}/change/"
        data = form_data(self.client.get(change))
        # The editor deletes the second fragment and keeps the rest as they were.
        data["bylines-2-DELETE"] = "on"
        self.assertEqual(self.client.post(change, data).status_code, 302)
        self.force()
        comment.refresh_from_db()
        self.assertEqual(
            [[b.role, b.person.name] for b in comment.bylines.all()],
            [["作者", "林晓"], ["作者", "为本市某职"], ["作者", "副教授"]],
        )
        self.assertEqual(self.client.get("/person/为本市某职/").status_code, 200, "an editor's choice")
        self.assertFalse(Person.objects.filter(name="业技术学院").exists())

    def test_the_urls_of_the_stories_stay(self):
        urls = {a.pk: a.get_absolute_url() for a in Article.objects.all()}
        self.force()
        self.assertEqual({a.pk: a.get_absolute_url() for a in Article.objects.all()}, urls)

    def test_a_person_an_editor_renamed_keeps_the_old_names_redirect_when_corrected_again(self):
        person = Person.objects.get(name=GLUED)
        FormerName.objects.create(name="周小岚", person=person)
        self.force()
        person = Person.objects.get(name="周晓岚")
        self.assertRedirects(self.client.get("/person/周小岚/"), person.get_absolute_url(), status_code=301)
