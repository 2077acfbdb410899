"""What lists read instead of the whole archive (articles/derived.py): the issue's date on articles
and bylines, the counts per district, section and person, their lists' entries, and the stored
review flags.

Each path that changes what they derive from is played here the way an editor or an operator
plays it (the admin through the test client, the commands), and the counts a reader sees are
checked against the articles counted one by one.
"""

import datetime
import io
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from unittest import mock

from django.core.cache import caches
from django.core.management import call_command
from django.db.models import F
from django.db.models.functions import TruncMonth
from django.test import TestCase, override_settings
from reversion.models import Version

from articles.models import (
    Article,
    Byline,
    District,
    ErrorReport,
    Issue,
    ListEntry,
    Person,
    Section,
    Tally,
)

from .base import (
    PAGES_CACHE,
    SAMPLES,
    AdminTestCase,
    SampleCopyTestCase,
    form_data,
    import_paths,
    make_article,
)


def counted_one_by_one():
    """{(scope, pk): {month: n}} from the articles themselves, as the lists select them."""
    stories = Article.objects.public().stories()
    lists = {Tally.Scope.DISTRICT: {}, Tally.Scope.SECTION: {}, Tally.Scope.PERSON: {}}
    lists[Tally.Scope.ARCHIVE] = {
        Tally.STORIES: stories,
        Tally.OTHER: Article.objects.public().filter(kind__in=Article.NOT_STORIES),
    }
    for district in District.objects.all():
        lists[Tally.Scope.DISTRICT][district.pk] = stories.filter(districts=district)
    for section in Section.objects.all():
        lists[Tally.Scope.SECTION][section.pk] = stories.filter(page__section=section)
    for person in Person.objects.all():
        lists[Tally.Scope.PERSON][person.pk] = (
            Article.objects.public().filter(bylines__person=person).distinct()
        )
    counts = {}
    for scope, keyed in lists.items():
        for key, articles in keyed.items():
            rows = articles.annotate(month=TruncMonth("page__issue__date")).values_list("month", "pk")
            months = {}
            for month, _ in rows:
                months[month] = months.get(month, 0) + 1
            if months:
                counts[scope, key] = months
    return counts


def kept_counts():
    counts = {}
    for scope in Tally.Scope:
        for key in Tally.objects.filter(scope=scope).values_list("key", flat=True).distinct():
            months = {row["month"]: row["count"] for row in Tally.objects.months(scope, key)}
            if months:
                counts[scope, key] = months
    return counts


class CountsMixin:
    def assertCountsRight(self):
        """The kept counts, per month and in all, are the articles counted one by one."""
        expected = counted_one_by_one()
        self.assertEqual(kept_counts(), expected)
        totals = {
            Tally.Scope.DISTRICT: District.objects.with_article_counts(),
            Tally.Scope.SECTION: Section.objects.with_article_counts(),
            Tally.Scope.PERSON: Person.objects.with_article_counts(),
        }
        for scope, rows in totals.items():
            shown = {row.pk: row.article_count for row in rows if row.article_count}
            self.assertEqual(shown, {key: sum(m.values()) for (s, key), m in expected.items() if s == scope})
        self.assertListsRight()

    def assertListsRight(self):
        """Every district's, section's and person's list holds, newest first, the articles that the
        articles' own districts, pages and bylines name, under their dates."""
        articles = Article.objects.all()
        lists = [(articles.in_district(d), articles.filter(districts=d)) for d in District.objects.all()]
        lists += [(articles.in_section(s), articles.filter(page__section=s)) for s in Section.objects.all()]
        lists += [
            (articles.by_person(p), articles.filter(bylines__person=p).distinct())
            for p in Person.objects.all()
        ]
        newest = ["-date", "page__number", "position"]
        for listed, named in lists:
            self.assertEqual(
                list(listed.newest_first().values_list("pk", flat=True)),
                list(named.order_by(*newest).values_list("pk", flat=True)),
            )
        self.assertFalse(ListEntry.objects.exclude(date=F("article__date")).exists())

    def assertDatesRight(self):
        """Every article and byline carries its issue's date."""
        self.assertFalse(Article.objects.exclude(date=F("page__issue__date")).exists())
        self.assertFalse(Byline.objects.exclude(date=F("article__page__issue__date")).exists())


class ImportTests(CountsMixin, AdminTestCase):
    def test_an_import_dates_every_article_and_byline_and_counts_them(self):
        self.assertTrue(Article.objects.exists())
        self.assertDatesRight()
        self.assertCountsRight()

    def test_the_first_real_issue_takes_the_samples_out_of_the_counts(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        # A real issue (not imported as a sample) of another day, from the same fictional text.
        shutil.copy(SAMPLES / "sample-2023-11-08.txt", folder / "2023-11-08.txt")
        sample_counts = kept_counts()
        import_paths(folder)
        self.assertCountsRight()
        self.assertNotEqual(kept_counts(), sample_counts)

    def test_remove_issues_takes_their_articles_out_of_the_counts(self):
        import_paths(SAMPLES / "sample-2023-11-08.txt")
        call_command("remove_issues", "--date", "2024-03-12", stdout=io.StringIO())
        self.assertCountsRight()
        self.assertFalse(Tally.objects.filter(month=datetime.date(2024, 3, 1)).exists())


class ReimportTests(CountsMixin, SampleCopyTestCase):
    def test_a_reimport_that_drops_an_article_counts_it_out(self):
        text = self.copy.read_text(encoding="utf-8")
        headline = self.article(3, 2).headline
        start = text.index(headline)
        end = text.index("\n\n\n", start + len(headline))
        self.copy.write_text(text[:start] + text[end:], encoding="utf-8")
        import_paths(self.copy)
        self.assertFalse(Article.objects.filter(headline=headline).exists())
        self.assertCountsRight()

    def test_a_reimport_keeps_the_editors_corrected_date_on_every_article(self):
        issue = Issue.objects.get(date="2024-03-12")
        data = form_data(self.client.get(self.change_url(issue)))
        data["date"] = "2024-04-02"
        self.client.post(self.change_url(issue), data)
        import_paths(self.copy, force=True)
        issue.refresh_from_db()
        self.assertEqual(issue.date, datetime.date(2024, 4, 2))
        self.assertEqual(set(Article.objects.values_list("date", flat=True)), {issue.date})
        self.assertDatesRight()
        self.assertCountsRight()


class EditorTests(CountsMixin, AdminTestCase):
    def test_a_corrected_issue_date_moves_articles_bylines_and_counts_to_the_new_month(self):
        issue = Issue.objects.get(date="2024-03-12")
        self.edit(issue, date="2024-04-02")
        self.assertDatesRight()
        self.assertEqual(set(Article.objects.values_list("date", flat=True)), {datetime.date(2024, 4, 2)})
        self.assertFalse(Tally.objects.filter(month=datetime.date(2024, 3, 1)).exists())
        self.assertCountsRight()
        district = District.objects.get(name="芦淞区")
        response = self.client.get(district.get_absolute_url(), {"year": 2024, "month": 4})
        self.assertEqual(
            response.context["page_obj"].paginator.count,
            Tally.objects.months("district", district.pk)[0]["count"],
        )

    def test_an_issue_deleted_in_the_admin_leaves_the_counts_and_lists(self):
        import_paths(SAMPLES / "sample-2023-11-08.txt")
        issue = Issue.objects.get(date="2024-03-12")
        self.client.force_login(self.boss)
        response = self.client.post(f"/admin/articles/issue/{issue.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Issue.objects.filter(pk=issue.pk).exists())
        self.assertTrue(Article.objects.exists())
        self.assertCountsRight()

    def test_an_edit_of_districts_bylines_and_kind_is_counted(self):
        article = self.article(2, 2)
        liling = District.objects.get(name="醴陵市")
        self.edit(article, districts=[str(liling.pk)], kind=Article.Kind.COMMENTARY)
        self.assertCountsRight()
        self.edit(article, kind=Article.Kind.AD)
        self.assertCountsRight()

    def test_a_district_deleted_in_the_admin_leaves_the_counts_and_lists(self):
        district = District.objects.filter(articles__isnull=False).first()
        self.client.force_login(self.boss)
        response = self.client.post(f"/admin/articles/district/{district.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(District.objects.filter(pk=district.pk).exists())
        self.assertCountsRight()

    def test_a_section_deleted_in_the_admin_leaves_the_counts_and_lists(self):
        section = Section.objects.get(name="综合·城区")
        self.client.force_login(self.boss)
        response = self.client.post(f"/admin/articles/section/{section.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Section.objects.filter(pk=section.pk).exists())
        self.assertCountsRight()

    def test_a_district_cleared_of_its_articles_from_its_own_side_is_counted_out(self):
        district = District.objects.filter(articles__isnull=False).first()
        district.articles.clear()
        self.assertCountsRight()

    def test_a_byline_removed_inline_is_counted_out(self):
        article = next(a for a in Article.objects.stories() if a.bylines.exists())
        data = form_data(self.client.get(self.change_url(article)))
        data["bylines-0-DELETE"] = "on"
        response = self.client.post(self.change_url(article), data)
        self.assertEqual(response.status_code, 302)
        self.assertCountsRight()

    def test_bulk_districts_and_section_are_counted(self):
        chosen = [self.article(3, 2), self.article(2, 2)]
        liling = District.objects.get(name="醴陵市")
        self.client.post(
            "/admin/articles/article/",
            {
                "action": "set_districts",
                "_selected_action": [str(a.pk) for a in chosen],
                "apply": "1",
                "districts": [str(liling.pk)],
                "replace": "1",
            },
        )
        self.assertCountsRight()
        section = Section.objects.get(name="综合·城区")
        self.client.post(
            "/admin/articles/article/",
            {
                "action": "set_section",
                "_selected_action": [str(self.article(1, 2).pk)],
                "apply": "1",
                "section": str(section.pk),
            },
        )
        self.assertEqual(self.article(1, 2).page.section, section)
        self.assertCountsRight()

    def test_a_split_and_a_merge_are_counted_and_dated(self):
        article = next(a for a in Article.objects.stories() if len(a.paragraphs) > 2 and a.bylines.exists())
        self.client.post(
            f"/admin/articles/article/{article.pk}/split/", {"at": "1", "headline": "拆出的半篇"}
        )
        new = Article.objects.get(headline="拆出的半篇")
        self.assertEqual(new.date, article.page.issue.date)
        self.assertDatesRight()
        self.assertCountsRight()
        self.client.post(f"/admin/articles/article/{article.pk}/merge/")
        self.assertFalse(Article.objects.filter(pk=new.pk).exists())
        self.assertCountsRight()

    def test_a_reverted_article_keeps_its_issues_date(self):
        article = self.article(2, 2)
        self.edit(article, headline="改过的标题")
        self.edit(Issue.objects.get(date="2024-03-12"), date="2024-04-02")
        first = Version.objects.get_for_object(article).order_by("pk").first()
        url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
        self.client.post(url, form_data(self.client.get(url)))
        article.refresh_from_db()
        self.assertEqual(article.date, datetime.date(2024, 4, 2))
        self.assertDatesRight()
        self.assertCountsRight()


class ReviewFlagTests(AdminTestCase):
    def test_a_readers_report_puts_the_article_in_the_queue_and_review_takes_it_out(self):
        article = self.article(2, 2)
        self.assertFalse(Article.objects.review_queue().filter(pk=article.pk).exists())
        response = self.client.post(f"/report/{article.pk}/", {"message": "标题有一个错字", "contact": ""})
        self.assertRedirects(response, f"/report/{article.pk}/thanks/")
        self.assertTrue(Article.objects.review_queue().filter(pk=article.pk).exists())
        Article.objects.filter(pk=article.pk).mark_reviewed(self.editor)
        self.assertFalse(Article.objects.review_queue().filter(pk=article.pk).exists())

    def test_a_report_resolved_in_the_admin_takes_the_article_out_of_the_queue(self):
        article = self.article(2, 2)
        report = ErrorReport.objects.create(article=article, message="日期有误", client_key="k")
        self.assertTrue(Article.objects.review_queue().filter(pk=article.pk).exists())
        self.client.post(
            "/admin/articles/errorreport/", {"action": "resolve", "_selected_action": [str(report.pk)]}
        )
        self.assertFalse(Article.objects.review_queue().filter(pk=article.pk).exists())

    def test_removing_a_byline_that_is_no_name_takes_the_article_out_of_the_queue(self):
        article = self.article(3, 2)
        byline = article.bylines.create(
            person=Person.objects.create(name="为本市某中"), role="作者", position=9
        )
        self.assertEqual(Article.objects.review_queue().get(pk=article.pk).review_reasons, ["署名存疑"])
        byline.delete()
        self.assertFalse(Article.objects.review_queue().filter(pk=article.pk).exists())

    def test_the_stored_flags_agree_with_the_reasons_worked_out_from_the_rows(self):
        computed = {a.pk: a.review_reasons for a in Article.objects.with_review_flags()}
        stored = {a.pk: a.review_reasons for a in Article.objects.with_stored_review_flags()}
        self.assertEqual(stored, computed)
        waiting = {
            pk for pk, a in ((a.pk, a) for a in Article.objects.with_review_flags()) if a.awaits_review
        }
        self.assertEqual(set(Article.objects.awaiting_review().values_list("pk", flat=True)), waiting)


@override_settings(CACHES=PAGES_CACHE)
class RecountTests(CountsMixin, TestCase):
    """An operator's recount (recount_archive) after the counts drifted, e.g. a manual SQL fix."""

    @classmethod
    def setUpTestData(cls):
        import_paths(SAMPLES)

    def setUp(self):
        caches["pages"].clear()

    def shown(self):
        """The counts the reader pages show: the districts, one district's months, the people."""
        districts = self.client.get("/districts/", {"format": "json"}).json()["districts"]
        district = self.client.get(self.district.get_absolute_url(), {"format": "json"}).json()
        people = self.client.get("/people/", {"format": "json"}).json()["people"]
        return (
            {row["name"]: row["article_count"] for row in districts},
            district["per_month"],
            district["years"],
            {row["name"]: row["article_count"] for row in people},
        )

    def drift(self):
        """Rows changed behind the derived counts' back, as a manual SQL fix might leave them."""
        rows = Tally.objects.filter(scope=Tally.Scope.DISTRICT, key=self.district.pk)
        rows.filter(month__isnull=True).update(count=F("count") + 7)
        rows.filter(month__isnull=False).update(count=99)
        person = Person.objects.get(pk=Tally.objects.filter(scope=Tally.Scope.PERSON).values("key")[:1])
        Tally.objects.filter(scope=Tally.Scope.PERSON, key=person.pk).delete()
        # Sample articles that no issue holds.
        Tally.objects.create(
            scope=Tally.Scope.DISTRICT, key=self.district.pk, month=None, sample=True, count=4
        )
        Tally.objects.create(
            scope=Tally.Scope.DISTRICT, key=self.district.pk, month=datetime.date(2019, 1, 1), count=3
        )

    def test_a_recount_puts_right_what_drifted_and_the_pages_show_it_at_once(self):
        self.district = District.objects.get(
            pk=Tally.objects.filter(scope=Tally.Scope.DISTRICT).values("key")[:1]
        )
        right = self.shown()  # now in the cache
        self.drift()
        caches["pages"].clear()
        drifted = self.shown()
        self.assertNotEqual(drifted, right)

        out = io.StringIO()
        with mock.patch.dict(os.environ, {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            call_command("recount_archive", stdout=out)
        self.assertRegex(out.getvalue(), r"^[1-9]\d* count rows corrected\n$")
        self.assertCountsRight()
        self.assertEqual(self.shown(), right)

    def test_a_second_recount_changes_nothing(self):
        call_command("recount_archive", stdout=io.StringIO())
        kept = list(
            Tally.objects.order_by("pk").values_list("pk", "scope", "key", "month", "sample", "count")
        )
        out = io.StringIO()
        with mock.patch.dict(os.environ, {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}):
            call_command("recount_archive", stdout=out)
        self.assertEqual(out.getvalue(), "计数无误，没有改动\n")
        self.assertEqual(
            list(Tally.objects.order_by("pk").values_list("pk", "scope", "key", "month", "sample", "count")),
            kept,
        )


class LongListTests(TestCase):
    """Fifty fictional stories of one district and one reporter over five months, three of a rarely
    named district over three years, and a district no story names: pages deep in the lists."""

    @classmethod
    def setUpTestData(cls):
        for n in range(50):
            day = datetime.date(2022, 1 + n % 5, 1 + n % 7)
            make_article(
                f"虚构的第{n}篇报道",
                "虚构的正文。",
                date=day,
                page=1 + n % 2,
                districts=["荷塘区"],
                bylines=[("记者", "林虚构")],
            )
        for year in (2019, 2020, 2021):
            make_article(
                f"{year}年虚构的山区报道",
                "虚构的正文。",
                date=datetime.date(year, 6, 1),
                districts=["炎陵县"],
            )
        make_article("虚构的广告", "虚构的正文。", kind=Article.Kind.AD, districts=["荷塘区"], section="专版")

    def test_each_page_holds_what_a_plain_slice_of_the_list_holds(self):
        district = District.objects.get(name="荷塘区")
        person = Person.objects.get(name="林虚构")
        section = Section.objects.get(name="综合新闻")
        stories = Article.objects.stories()
        newest = ["-date", "page__number", "position"]
        lists = [
            (district.get_absolute_url(), {}, stories.filter(districts=district)),
            (district.get_absolute_url(), {"year": 2022}, stories.filter(districts=district)),
            (
                district.get_absolute_url(),
                {"year": 2022, "month": 3},
                stories.filter(districts=district, date__month=3),
            ),
            (person.get_absolute_url(), {}, Article.objects.filter(bylines__person=person)),
            (section.get_absolute_url(), {}, stories.filter(page__section=section)),
            (
                section.get_absolute_url(),
                {"year": 2020},
                stories.filter(page__section=section, date__year=2020),
            ),
            ("/district/yanling/", {}, stories.filter(districts__name="炎陵县")),
            ("/district/gaoxinqu/", {}, stories.none()),
        ]
        for url, params, articles in lists:
            expected = list(articles.order_by(*newest).values_list("pk", flat=True))
            for number in range(1, max(1, (len(expected) + 19) // 20) + 1):
                with self.subTest(url=url, params=params, page=number):
                    response = self.client.get(url, {**params, "page": number})
                    self.assertEqual(response.status_code, 200)
                    page = response.context["page_obj"]
                    self.assertEqual(page.paginator.count, len(expected))
                    shown = [article.pk for article in page.object_list]
                    self.assertEqual(shown, expected[(number - 1) * 20 : number * 20])

    def test_a_district_and_a_section_feed_hold_their_newest_articles(self):
        district = District.objects.get(name="荷塘区")
        section = Section.objects.get(name="综合新闻")
        newest = ["-date", "page__number", "position"]
        feeds = [
            ("/district/hetang/feed/", Article.objects.stories().filter(districts=district)),
            ("/district/yanling/feed/", Article.objects.stories().filter(districts__name="炎陵县")),
            ("/section/综合新闻/feed/", Article.objects.stories().filter(page__section=section)),
        ]
        for url, articles in feeds:
            with self.subTest(url=url):
                items = ET.fromstring(self.client.get(url).content).iter("link")
                links = [link.text for link in items][1:]
                expected = [
                    f"http://testserver{a.get_absolute_url()}" for a in articles.order_by(*newest)[:30]
                ]
                self.assertEqual(links, expected)
