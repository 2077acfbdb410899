"""Folding, the reader's query syntax and snippets (text.py)."""

from django.test import SimpleTestCase

from zhsearch.text import fold, highlight, pairs, parse_query, singles


class FoldTests(SimpleTestCase):
    def test_it_folds_width_case_traditional_characters_and_the_misprints_named(self):
        self.assertEqual(fold("ＣＢＡ三峽帐号日報"), "cba三峡账号日报")  # settings.ZHSEARCH_MISPRINTS

    def test_a_folded_text_is_as_long_as_its_original(self):
        text = "㍿①ﬁ…「帐号」İ臺灣　ＡＢＣ"
        self.assertEqual(len(fold(text)), len(text))

    def test_the_indexes_hold_every_pair_and_every_character_spaces_and_punctuation_too(self):
        self.assertEqual(pairs("北斗 a."), "北斗 斗\ue020 \ue020a a\ue02e")
        self.assertEqual(singles("北斗 a."), "北 斗 \ue020 a \ue02e")
        self.assertEqual(pairs("茶"), "")
        self.assertEqual(singles(""), "")


class QueryTests(SimpleTestCase):
    def test_words_phrases_and_exclusions(self):
        query = parse_query('城中村 "new  york" -老检 －茶 “春茶上市”')
        self.assertEqual(query.terms, ["城中村", "new york", "春茶上市"])
        self.assertEqual(query.excluded, ["老检", "茶"])
        self.assertTrue(query.quoted)

    def test_curly_quotes_inside_a_run_of_text_are_text(self):
        self.assertEqual(parse_query("多了。”他说").terms, ["多了。”他说"])

    def test_only_a_single_unquoted_run_may_fall_back_to_its_words(self):
        self.assertTrue(parse_query("醴陵粮食").single_word)
        self.assertFalse(parse_query("醴陵 粮食").single_word)
        self.assertFalse(parse_query('"醴陵粮食"').single_word)

    def test_the_exact_phrase_joins_chinese_without_spaces(self):
        self.assertEqual(parse_query("醴陵 粮食").phrase, "醴陵粮食")
        self.assertEqual(parse_query("new york").phrase, "new york")


class HighlightTests(SimpleTestCase):
    def test_it_marks_the_original_text_where_the_folded_one_matches(self):
        self.assertEqual(
            highlight("帐号的三峽＆A", ["账号", "三峡"]), "<mark>帐号</mark>的<mark>三峽</mark>＆A"
        )

    def test_it_escapes_before_it_marks(self):
        self.assertEqual(
            highlight("<i>茶</i>", ["茶", "i"]),
            "&lt;<mark>i</mark>&gt;<mark>茶</mark>&lt;/<mark>i</mark>&gt;",
        )

    def test_a_snippet_is_the_window_with_the_most_matches(self):
        text = "甲" * 100 + "茶" + "乙" * 100 + "茶叶茶园茶农" + "丙" * 100
        snippet = highlight(text, ["茶"], width=40)
        self.assertEqual(snippet.count("<mark>"), 3)
        self.assertTrue(snippet.startswith("…") and snippet.endswith("…"))
