"""The FTS5 backend on a project of its own: notes with titles, dates and tags, and words."""

import datetime
from contextlib import contextmanager

from django.core.management import call_command
from django.test import TestCase
from haystack import connections
from haystack.query import SQ, SearchQuerySet

from zhsearch.exceptions import QuerySyntaxError, SearchIndexUnavailable
from zhsearch.text import parse_query, words

from .models import Note, Word

DAY = datetime.date(2024, 5, 1)


def backend():
    return connections["default"].get_backend()


def note(title, body="", *, days_ago=0, tags=(), kind="note"):
    return Note.objects.create(
        title=title, body=body, date=DAY - datetime.timedelta(days=days_ago), tags=list(tags), kind=kind
    )


def titles(results):
    return [result.title for result in results]


@contextmanager
def statements():
    """The SQL statements this thread runs on the FTS5 index file in the block (FTS5's own among them)."""
    seen = []
    db = backend().file.connect(create=False)
    db.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        db.set_trace_callback(None)


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        backend().clear()
        note("春茶上市", "茶农忙着采摘明前茶。", days_ago=3, tags=["农业"])
        note("城北球场", "城北，斗志昂扬的队员们在雨中训练。", days_ago=2, tags=["体育"])
        note("北斗课堂", "学生动手组装北斗接收机。", days_ago=1, tags=["教育", "科技"])
        note("账号安全提示", "请勿向陌生人透露帐号和密码。", days_ago=5, tags=["科技"])
        note("茶园里的课堂", "老师带学生走进春茶茶园。", days_ago=10, tags=["教育"], kind="brief")
        note("雨中训练", "球场上，队员冒雨训练。北斗星下的夜训。", days_ago=0, tags=["体育"])
        call_command("rebuild_index", interactive=False, verbosity=0)

    def search(self, text):
        return SearchQuerySet().models(Note).filter(content=parse_query(text))

    def test_a_term_of_any_length_is_found_as_a_substring(self):
        self.assertCountEqual(titles(self.search("茶")), ["春茶上市", "茶园里的课堂"])
        self.assertCountEqual(titles(self.search("接收机")), ["北斗课堂"])

    def test_two_characters_must_stand_together(self):
        self.assertNotIn("城北球场", titles(self.search("北斗")))
        self.assertEqual(titles(self.search("北，斗")), ["城北球场"])

    def test_a_title_match_ranks_first_then_the_rest(self):
        self.assertEqual(titles(self.search("北斗"))[0], "北斗课堂")
        self.assertEqual(titles(self.search("课堂")), ["北斗课堂", "茶园里的课堂"])  # alike: newest first

    def test_pages_run_on_across_the_title_matches(self):
        whole = titles(self.search("北斗"))
        self.assertEqual(whole, ["北斗课堂", "雨中训练"])
        self.assertEqual(
            [titles(self.search("北斗")[n : n + 1]) for n in range(3)], [whole[:1], whole[1:], []]
        )

    def test_primary_keys_alone_come_in_the_order_of_the_whole_results(self):
        self.assertEqual(
            list(self.search("北斗").values_list("pk", flat=True)),
            [str(result.pk) for result in self.search("北斗")],
        )
        self.assertEqual(list(self.search("北斗").values_list("title", flat=True)), ["北斗课堂", "雨中训练"])

    def test_month_counts_count_every_match_by_the_month_of_its_date(self):
        self.assertEqual(self.search("茶").query.month_counts(), {"2024-04": 2})
        self.assertEqual(self.search("训练").query.month_counts(), {"2024-04": 1, "2024-05": 1})
        everything = SearchQuerySet().models(Note)
        self.assertEqual(everything.query.month_counts(), {"2024-04": 5, "2024-05": 1})
        tagged = everything.filter(tags="科技")
        self.assertEqual(tagged.query.month_counts(), {"2024-04": 2})
        # As the search counts them: the same month, the same number.
        april = self.search("训练").filter(date__gte=datetime.date(2024, 4, 1), date__lt=DAY)
        self.assertEqual(april.count(), self.search("训练").query.month_counts()["2024-04"])
        self.assertEqual(self.search("量子").query.month_counts(), {})

    def test_misprints_named_in_the_settings_find_each_other(self):
        self.assertEqual(titles(self.search("帐号")), ["账号安全提示"])

    def test_excluded_words_and_quoted_phrases(self):
        self.assertEqual(titles(self.search("训练 -北斗")), ["城北球场"])
        self.assertEqual(titles(self.search('"春茶茶园"')), ["茶园里的课堂"])

    def test_filters_on_dates_and_fields_and_their_negation(self):
        recent = self.search("训练").filter(date__gte=DAY - datetime.timedelta(days=1))
        self.assertEqual(titles(recent), ["雨中训练"])
        self.assertEqual(titles(self.search("课堂").filter(kind="brief")), ["茶园里的课堂"])
        self.assertEqual(titles(self.search("课堂").exclude(kind="brief")), ["北斗课堂"])
        either = SearchQuerySet().models(Note).filter(SQ(tags="农业") | SQ(tags="体育")).order_by("-date")
        self.assertEqual(titles(either), ["雨中训练", "城北球场", "春茶上市"])

    def test_counts_and_facets_cover_every_match(self):
        results = (
            SearchQuerySet()
            .models(Note)
            .filter(content="课")
            .facet("tags")
            .date_facet(
                "date",
                start_date=datetime.date(2024, 1, 1),
                end_date=datetime.date(2024, 12, 31),
                gap_by="month",
            )
        )
        self.assertEqual(results.count(), 2)
        counts = results.facet_counts()
        self.assertEqual(dict(counts["fields"]["tags"]), {"教育": 2, "科技": 1})
        self.assertEqual(counts["dates"]["date"], [("2024-04", 2)])

    def test_a_facet_of_many_values_may_be_counted_only_for_few_matches(self):
        results = SearchQuerySet().models(Note).filter(content="课").facet("tags", up_to=2).facet("kind")
        self.assertEqual(dict(results.facet_counts()["fields"]["tags"]), {"教育": 2, "科技": 1})
        more = SearchQuerySet().models(Note).filter(content="课").facet("tags", up_to=1).facet("kind")
        self.assertNotIn("tags", more.facet_counts()["fields"])
        self.assertEqual(dict(more.facet_counts()["fields"]["kind"]), {"note": 1, "brief": 1})

    def test_snippets_mark_the_terms_in_the_original_text(self):
        result = self.search("帐号").highlight()[0]
        self.assertIn("<mark>帐号</mark>", result.highlighted["text"][0])

    def test_the_query_reaches_the_backend_as_a_tree_not_a_string(self):
        query = self.search("北斗").filter(date__lte=DAY).query.build_query()
        self.assertEqual(query[0], "and")
        self.assertEqual(query[1][1][:3], ("leaf", "date", "lte"))

    def test_narrow_queries_in_haystack_s_string_form_still_work(self):
        self.assertEqual(titles(self.search("课堂").narrow('kind:"brief"')), ["茶园里的课堂"])

    def test_more_like_this_finds_notes_sharing_their_telling_words(self):
        similar = titles(SearchQuerySet().models(Note).more_like_this(Note.objects.get(title="城北球场")))
        self.assertEqual(similar[0], "雨中训练")


# The caller's prefixes: the title block's field, and the body (the document field) alone.
FIELDS = {"题": ("title",), "文": ("text",)}


class QueryLanguageTests(TestCase):
    """Alternatives, words sought in some fields alone, and the oldest first, in the structure a caller hands over."""

    @classmethod
    def setUpTestData(cls):
        backend().clear()
        note("春茶上市", "茶农忙着采摘明前茶。", days_ago=3)
        note("城北球场", "城北，斗志昂扬的队员们在雨中训练。", days_ago=2)
        note("北斗课堂", "学生动手组装北斗接收机，春茶时节也不停课。", days_ago=1)
        note("雨中训练", "球场上，队员冒雨训练。", days_ago=0)
        call_command("rebuild_index", interactive=False, verbosity=0)

    def search(self, text):
        return SearchQuerySet().models(Note).filter(content=parse_query(text, FIELDS))

    def test_any_of_several_words_will_do(self):
        self.assertCountEqual(titles(self.search("明前茶 OR 接收机")), ["春茶上市", "北斗课堂"])
        self.assertCountEqual(titles(self.search("明前茶|接收机")), ["春茶上市", "北斗课堂"])
        self.assertEqual(titles(self.search("春茶 明前茶｜接收机 -北斗")), ["春茶上市"])

    def test_alternatives_of_one_character_and_longer_together(self):
        self.assertCountEqual(
            titles(self.search("茶 OR 球场")), ["春茶上市", "北斗课堂", "城北球场", "雨中训练"]
        )

    def test_a_title_match_of_either_word_ranks_first(self):
        self.assertEqual(titles(self.search("春茶 OR 接收机"))[0], "春茶上市")

    def test_a_word_in_one_field_alone(self):
        self.assertEqual(titles(self.search("题:春茶")), ["春茶上市"])
        self.assertEqual(titles(self.search("文:春茶")), ["北斗课堂"])
        self.assertEqual(titles(self.search("题:北 文:北斗")), ["北斗课堂"])
        self.assertEqual(titles(self.search('题："雨中训练"')), ["雨中训练"])
        self.assertEqual(titles(self.search("题:训练 球场")), ["雨中训练"])

    def test_a_word_of_one_character_in_a_field_without_single_character_columns_is_refused(self):
        with self.assertRaisesMessage(QuerySyntaxError, "one character"):
            self.search("文:茶").count()

    def test_the_oldest_first(self):
        self.assertEqual(
            titles(self.search("训练 OR 春茶").order_by("date")),
            ["春茶上市", "城北球场", "北斗课堂", "雨中训练"],
        )

    def test_what_a_query_marks_in_its_results(self):
        result = self.search("题:春茶 明前茶 OR 队员").highlight()[0]
        self.assertIn("<mark>春茶</mark>", result.highlighted["title"][0])
        self.assertIn("<mark>明前茶</mark>", result.highlighted["text"][0])


class IndexFileTests(TestCase):
    def setUp(self):
        backend().clear()

    def test_a_missing_index_says_so_rather_than_answering_nothing(self):
        backend().file.remove()
        with self.assertRaises(SearchIndexUnavailable):
            SearchQuerySet().models(Note).filter(content="茶").count()

    def test_a_rebuild_swaps_in_a_whole_new_index(self):
        note("新的一天", "清晨的茶园")
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.assertEqual(titles(SearchQuerySet().models(Note).filter(content="清晨")), ["新的一天"])
        self.assertEqual(backend().document_count(Note), 1)

    def test_an_edit_moves_a_document_between_facet_counts_and_keeps_its_place_that_day(self):
        first = note("春耕", "田里的茶", tags=["农业"], kind="brief")
        note("春耕二", "田里的茶", tags=["农业"])
        first.tags, first.kind = ["教育"], "note"
        first.save()
        results = SearchQuerySet().models(Note).filter(content="茶").facet("tags").facet("kind")
        self.assertEqual(dict(results.facet_counts()["fields"]["tags"]), {"农业": 1, "教育": 1})
        self.assertEqual(dict(results.facet_counts()["fields"]["kind"]), {"note": 2})
        self.assertEqual(titles(results.order_by("-date")), ["春耕二", "春耕"])  # the later arrival first

    def test_a_rebuild_in_worker_processes_indexes_the_same(self):
        for n in range(30):
            note(f"第{n}条", f"清晨的茶园，第{n}行。", days_ago=n, tags=["农业"])
        self.addCleanup(setattr, backend(), "workers", backend().workers)
        found = {}
        index = connections["default"].get_unified_index().get_index(Note)
        notes = list(Note.objects.order_by("pk"))
        for workers in (1, 2):
            backend().workers = workers
            backend().rebuild(index, [notes[start : start + 7] for start in range(0, len(notes), 7)])
            results = SearchQuerySet().models(Note).filter(content="茶园").facet("tags")
            found[workers] = (titles(results), results.facet_counts())
        self.assertEqual(found[1], found[2])
        self.assertEqual(len(found[2][0]), 30)

    def test_a_rebuild_indexes_what_updates_one_at_a_time_would(self):
        # Several a day (their order that day), two tags that make combos, a note given twice.
        notes = [
            note(
                f"第{n}条",
                f"清晨的茶园，第{n % 3}行。",
                days_ago=n % 4,
                tags=[["农业"], ["教育", "科技"]][n % 2],
            )
            for n in range(12)
        ]
        notes[3].title = "第3条改过"
        given = [*notes, notes[3]]
        index = connections["default"].get_unified_index().get_index(Note)

        def found():
            results = SearchQuerySet().models(Note).filter(content="茶园").facet("tags")
            return (
                titles(results),
                titles(results.order_by("-date")),
                results.facet_counts()["fields"],
                backend().document_count(Note),
                titles(SearchQuerySet().models(Note).more_like_this(notes[5])),
            )

        backend().rebuild(index, [given[:5], given[5:]])
        rebuilt = found()
        backend().clear()
        for each in given:
            backend().update(index, [each])
        self.assertEqual(rebuilt, found())
        self.assertEqual(rebuilt[3], 12)
        self.assertIn("第3条改过", rebuilt[0])

    def test_a_pipelined_run_writes_each_update_behind_the_next_and_all_by_its_end(self):
        notes = [note(f"第{n}条", f"清晨的茶园，第{n}行。", days_ago=n) for n in range(4)]
        index = connections["default"].get_unified_index().get_index(Note)
        backend().clear()
        self.addCleanup(setattr, backend(), "workers", backend().workers)
        backend().workers = 2  # one process of its own makes the documents ready
        with backend().pipelined():
            for n, each in enumerate(notes):
                backend().update(index, [each])
                backend().set_stamps("note", {each.pk: f"v{each.pk}"})
                stamps = len(backend().stamps("note"))
                written = backend().document_count(Note)
                # The last update is being made ready, the one before it may be being written,
                # every earlier one is written.
                self.assertIn(written, (max(0, n - 1), n))
                # A stamp says its document is indexed: it waits for it.
                self.assertLessEqual(stamps, written)
                self.assertGreaterEqual(stamps, max(0, n - 1))
        self.assertEqual(backend().document_count(Note), 4)
        self.assertEqual(backend().stamps("note"), {str(n.pk): f"v{n.pk}" for n in notes})
        results = SearchQuerySet().models(Note).filter(content="茶园")
        self.assertCountEqual(titles(results), [n.title for n in notes])


class VocabularyTests(TestCase):
    def test_words_the_project_adds_are_kept_whole_even_after_the_first_search(self):
        self.assertNotIn("林大桥", words("林大桥来了"))
        Word.objects.create(text="林大桥")
        self.assertIn("林大桥", words("林大桥来了"))


class IndexOperationsTests(TestCase):
    """The operations a caller keeps its index in step with (zhsearch.base.SearchBackend)."""

    def setUp(self):
        backend().clear()

    def test_clearing_models_deletes_their_documents_alone_and_keeps_the_stamps(self):
        note("春茶上市", "茶农忙着采摘明前茶。")
        Word.objects.create(text="春茶")
        backend().set_stamps("note", {"1": "v1"})
        backend().clear([Word])
        self.assertEqual((backend().document_count(Note), backend().document_count(Word)), (1, 0))
        self.assertEqual(titles(SearchQuerySet().models(Note).filter(content="春茶")), ["春茶上市"])
        self.assertEqual(backend().stamps("note"), {"1": "v1"})

    def test_clearing_everything_empties_the_index_and_its_stamps(self):
        note("春茶上市", "茶农忙着采摘明前茶。")
        Word.objects.create(text="春茶")
        backend().set_stamps("note", {"1": "v1"})
        backend().clear()
        self.assertTrue(backend().exists())
        self.assertEqual((backend().document_count(Note), backend().document_count(Word)), (0, 0))
        self.assertEqual(backend().stamps("note"), {})

    def test_it_lists_the_documents_it_holds_by_primary_key(self):
        first, second = note("春茶上市"), note("北斗课堂")
        Word.objects.create(text="春茶")
        self.assertEqual(backend().indexed_ids(Note), {str(first.pk), str(second.pk)})

    def test_a_rebuild_holds_the_objects_given_and_no_stamps_of_the_old_index(self):
        notes = [note(f"第{n}条", "清晨的茶园", days_ago=n) for n in range(3)]
        backend().set_stamps("note", {"1": "v1"})
        index = connections["default"].get_unified_index().get_index(Note)
        backend().rebuild(index, [notes[:2], notes[2:]])
        self.assertEqual(backend().document_count(Note), 3)
        self.assertEqual(backend().stamps("note"), {})

    def test_a_pipelined_run_has_written_every_update_by_its_end(self):
        notes = [note(f"第{n}条", "清晨的茶园", days_ago=n) for n in range(3)]
        backend().clear()
        index = connections["default"].get_unified_index().get_index(Note)
        with backend().pipelined():
            for each in notes:
                backend().update(index, [each])
        self.assertCountEqual(
            titles(SearchQuerySet().models(Note).filter(content="茶园")), [n.title for n in notes]
        )


class CountingTests(TestCase):
    """A query's count, facets and order hold for every slice: counted once, each page ranked alone."""

    @classmethod
    def setUpTestData(cls):
        backend().clear()
        note("北斗课堂", "学生动手组装北斗接收机。", days_ago=1, tags=["教育"])
        note("茶园里的课堂", "老师带学生走进春茶茶园。", days_ago=10, tags=["教育"])
        note("雨中训练", "课堂之外，队员冒雨训练。", days_ago=0, tags=["体育"])
        call_command("rebuild_index", interactive=False, verbosity=0)

    def test_a_counted_query_ranks_each_page_without_counting_again(self):
        results = SearchQuerySet().models(Note).filter(content=parse_query("课堂")).facet("tags")
        with statements() as counting:
            self.assertEqual(results.count(), 3)
        with statements() as paging:
            first, second = titles(results[0:2]), titles(results[2:3])
            tags = dict(results.facet_counts()["fields"]["tags"])
        self.assertEqual(first + second, ["北斗课堂", "茶园里的课堂", "雨中训练"])
        self.assertEqual(tags, {"教育": 2, "体育": 1})
        self.assertEqual([s for s in counting if "bm25(" in s], [])  # counting ranks nothing
        self.assertEqual([s for s in paging if " tally " in s], [])  # and the pages count nothing

    def test_primary_keys_alone_are_listed_without_reading_the_stored_fields(self):
        results = SearchQuerySet().models(Note).filter(content=parse_query("课堂"))
        with statements() as keys:
            self.assertEqual(len(list(results.values_list("pk", flat=True))), 3)
        with statements() as titled:
            self.assertEqual(len(list(results.all().values_list("title", flat=True))), 3)
        self.assertEqual([s for s in keys if " stored " in s], [])
        self.assertNotEqual([s for s in titled if " stored " in s], [])

    def test_the_query_says_when_there_were_too_many_matches_to_rank(self):
        self.addCleanup(setattr, backend(), "rank_limit", backend().rank_limit)
        results = SearchQuerySet().models(Note).filter(content=parse_query("课堂"))
        self.assertIs(results.query.titles_then_newest(), False)
        backend().rank_limit = 2
        results = results.all()
        self.assertIs(results.query.titles_then_newest(), True)
        self.assertEqual(titles(results), ["北斗课堂", "茶园里的课堂", "雨中训练"])  # titles, then the newest
        self.assertIs(results.order_by("-date").query.titles_then_newest(), False)
