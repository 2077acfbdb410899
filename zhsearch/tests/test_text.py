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


class QueryLanguageTests(SimpleTestCase):
    FIELDS = {"题": ("title", "lead"), "签": ("signed",)}

    def test_or_between_words_makes_them_alternatives(self):
        query = parse_query("长沙 油茶 OR 黄桃 ｜ 茶叶 醴陵", self.FIELDS)
        self.assertEqual(query.terms, ["长沙", "醴陵"])
        self.assertEqual(query.any_of, [["油茶", "黄桃", "茶叶"]])
        self.assertEqual(parse_query("油茶|黄桃").any_of, [["油茶", "黄桃"]])
        self.assertEqual(parse_query('"城中 村" OR 黄桃').any_of, [["城中 村", "黄桃"]])

    def test_or_without_a_word_on_each_side_is_no_alternative(self):
        self.assertEqual(parse_query("OR 油茶").terms, ["油茶"])
        self.assertEqual(parse_query("油茶 OR").terms, ["油茶"])
        self.assertEqual(parse_query("油茶 OR -黄桃").terms, ["油茶"])
        self.assertEqual(parse_query("or").terms, ["or"], "only OR in capitals joins")

    def test_a_prefix_the_caller_names_seeks_the_word_in_its_fields(self):
        query = parse_query('题:油茶 签：刘毅 题:"城中 村" 时间:3点', self.FIELDS)
        self.assertEqual(
            query.in_fields,
            [(("title", "lead"), "油茶"), (("signed",), "刘毅"), (("title", "lead"), "城中 村")],
        )
        self.assertEqual(query.terms, ["时间:3点"])
        self.assertEqual(parse_query("题:油茶").terms, ["题:油茶"], "no prefixes named")

    def test_every_word_sought_is_marked_and_only_plain_words_fall_back(self):
        query = parse_query("醴陵 题:油茶 黄桃 OR 茶叶", self.FIELDS)
        self.assertEqual(query.words, ["醴陵", "黄桃", "茶叶", "油茶"])
        self.assertFalse(parse_query("黄桃 OR 茶叶").single_word)
        self.assertFalse(parse_query("题:油茶", self.FIELDS).single_word)

    def test_what_ranks_is_every_term_else_the_first_fields_words_else_a_group(self):
        ranked, rest = parse_query("题:油茶 醴陵 黄桃 OR 茶叶", self.FIELDS).ranked_by()
        self.assertEqual((ranked.terms, rest.terms, rest.any_of), (["醴陵"], [], [["黄桃", "茶叶"]]))
        ranked, rest = parse_query("题:油茶 签:刘毅", self.FIELDS).ranked_by()
        self.assertEqual(
            (ranked.in_fields, rest.in_fields), ([(("title", "lead"), "油茶")], [(("signed",), "刘毅")])
        )
        ranked, rest = parse_query("茶 OR 黄桃 桃 OR 梨").ranked_by()
        self.assertEqual((ranked.any_of, rest.any_of), ([["桃", "梨"]], [["茶", "黄桃"]]))

    def test_a_long_query_is_read_in_one_pass(self):
        self.assertEqual(len(parse_query("标" * 100_000 + ":").terms), 1)


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
