"""Chinese text for the search index: folding, the reader's query, and jieba.

Folding maps every character to exactly one character (full-width to
half-width, traditional to simplified, upper to lower case) and mends the
misprints the project names (ZHSEARCH_MISPRINTS), so a folded text is as long as its original: a match
found in the folded text marks the same characters of the original.
"""

import logging
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from html import escape

import jieba
import opencc
from django.conf import settings
from django.db import DatabaseError
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

log = logging.getLogger(__name__)


@cache
def misprints():
    """ZHSEARCH_MISPRINTS: {wrong: right}, words of the same length; a search for either finds both."""
    found = getattr(settings, "ZHSEARCH_MISPRINTS", {})
    return {wrong: right for wrong, right in found.items() if len(wrong) == len(right)}


def folding():
    """What folding depends on: an index folded otherwise must be rebuilt.

    (So must one built by another fold(): raise layout.LAYOUT when it changes.)
    """
    return (
        f"opencc {opencc.__version__}, unicode {unicodedata.unidata_version}, {sorted(misprints().items())}"
    )


# The indexes of pairs and single characters (FTS5's `ascii` tokenizer) keep every non-ASCII
# character in its tokens but drop ASCII spaces and punctuation; each of those
# stands in as a private-use character of its own, so that every character
# counts and "北斗" never matches "北,斗".
_ASCII_MARKS = {code: chr(0xE000 + code) for code in range(128) if not chr(code).isalnum()}


@cache
def _fold_table():
    """Each character of the Basic Multilingual Plane folded, as a string indexed by code point.

    str.translate looks every character up: in a string it never misses,
    where a dict of only the characters that change would miss on most.
    """
    t2s = opencc.OpenCC("t2s.json")
    table = []
    for code in range(0x10000):
        char = chr(code)
        folded = char if 0xD800 <= code <= 0xDFFF else unicodedata.normalize("NFKC", char).lower()
        if len(folded) == 1 and "\u3400" <= folded <= "\u9fff":
            folded = t2s.convert(folded)
        table.append(folded if len(folded) == 1 else char)
    return "".join(table)


def fold(text: str) -> str:
    """The text as the index sees it; always as long as the text itself."""
    text = text.translate(_fold_table())
    for wrong, right in misprints().items():
        text = text.replace(wrong, right)
    return text


def short_token(folded_term: str) -> str:
    """Folded text with each ASCII space or punctuation mark a character of its own (_ASCII_MARKS)."""
    return folded_term.translate(_ASCII_MARKS)


def pairs(folded: str) -> str:
    """Every pair of neighbouring characters, as a token: the index of terms of two characters and more.

    A two-character term is one token; a longer one the phrase of its pairs
    (老旧小区: 老旧 旧小 小区), which FTS5 finds by their positions.
    """
    marked = short_token(folded)
    return " ".join(map(operator.add, marked, marked[1:]))


def singles(folded: str) -> str:
    """Every character, as a token: the index of one-character terms."""
    return " ".join(short_token(folded))


def is_cjk(char):
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


@dataclass
class UserQuery:
    """What a reader typed: words and "quoted phrases" to find, -words to leave out, words any one of
    which will do (油茶 OR 黄桃), and words sought in some fields alone (标题:油茶, when the caller
    names such a prefix)."""

    terms: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    quoted: bool = False
    # Groups of alternatives: each group needs one of its words at least.
    any_of: list[list[str]] = field(default_factory=list)
    # (fields, word): the word must be in one of these fields.
    in_fields: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.terms or self.excluded or self.any_of or self.in_fields)

    @property
    def sought(self):
        """Whether it asks for text at all (a query of -words alone leaves out and finds nothing)."""
        return bool(self.terms or self.any_of or self.in_fields)

    @property
    def words(self):
        """Every word it looks for, to mark in what it finds."""
        return [
            *self.terms,
            *(word for group in self.any_of for word in group),
            *(w for _, w in self.in_fields),
        ]

    @property
    def phrase(self):
        """The terms as one run of text, for ranking exact phrases first."""
        phrase = ""
        for term in self.terms:
            glue = "" if not phrase or (is_cjk(phrase[-1]) and is_cjk(term[0])) else " "
            phrase += glue + term
        return phrase

    @property
    def single_word(self):
        """One unquoted run of text: the kind of query that may fall back to its words."""
        return (
            len(self.terms) == 1
            and not self.excluded
            and not self.quoted
            and not self.any_of
            and not self.in_fields
        )

    def ranked_by(self):
        """The part of the query that ranks its matches, the same on every backend, and what is left.

        Every term, if it has terms; else the words of its first fields; else its first group of
        alternatives whose words are all of one character or all longer (an index of single
        characters keeps no positions to rank them by alongside the others). None when nothing can
        rank: the matches are then newest first. Returns (part, rest): the part a UserQuery of
        `terms`, or of one group `any_of`, or of `in_fields` all in the same fields; `rest` a
        UserQuery of the other conditions.
        """
        if self.terms:
            return UserQuery(terms=self.terms, quoted=self.quoted), replace(self, terms=[], quoted=False)
        if self.in_fields:
            fields = self.in_fields[0][0]
            part = [(f, word) for f, word in self.in_fields if f == fields]
            rest = [(f, word) for f, word in self.in_fields if f != fields]
            return UserQuery(in_fields=part), replace(self, in_fields=rest)
        for n, group in enumerate(self.any_of):
            if len({len(word) > 1 for word in group}) == 1:
                return UserQuery(any_of=[group]), replace(self, any_of=self.any_of[:n] + self.any_of[n + 1 :])
        return None, self


# A part of a query: an optional minus, an optional prefix (标题:), then "a phrase" (or ＂…＂) or a run
# of text; “curly quotes” around a whole word quote it too. Possessive: a long run is read once.
QUERY_PART = re.compile(r'([-－]?)((?:[^\s"＂:：]++[:：])?+)["＂]([^"＂]*+)["＂]|(\S++)')
# Between two words: either will do.
OR = {"OR", "|", "｜"}


def parse_query(text: str, fields=None) -> UserQuery:
    """The reader's words as a UserQuery.

    `fields` maps prefixes a reader may put before a word (标题:油茶 or 标题："城中村 改造") to the
    index fields that word is then sought in alone, e.g. {"标题": ("title",)}. Between two words,
    OR (or | and ｜, within a word too: 油茶|黄桃) makes them alternatives; next to an excluded or
    prefixed word it is ignored.
    """
    fields = fields or {}
    query = UserQuery()
    groups = []  # runs of plain words, each a group of alternatives
    joining = False  # an OR stands between the last plain word and the next
    for minus, prefix, phrase, word in QUERY_PART.findall(text):
        if word in OR:
            joining = bool(groups) and joining is not None
            continue
        excluded, quoted = bool(minus), not word
        if quoted:
            term = " ".join(phrase.split())
        else:
            if word[0] in "-－" and len(word) > 1:
                excluded, word = True, word[1:]
            prefix, colon, rest = word.partition(":") if ":" in word else word.partition("：")
            prefix, word = (prefix + colon, rest) if colon and prefix in fields and rest else ("", word)
            if len(word) > 2 and word[0] == "“" and word[-1] == "”":
                quoted, word = True, word[1:-1]
            term = word.strip('"＂')  # a quote left open
        query.quoted = query.quoted or quoted
        name = prefix[:-1]
        if not term:
            continue
        if name in fields and not excluded:
            query.in_fields.append((tuple(fields[name]), term))
            joining = None
        elif excluded:
            query.excluded.append(term)
            joining = None
        else:
            if prefix:  # a prefix no field answers to is text like any other
                term = prefix + term
            alternatives = [term] if quoted else [t for t in re.split("[|｜]", term) if t]
            if joining:
                groups[-1].extend(alternatives)
            else:
                groups.append(alternatives)
            joining = False
    for group in groups:
        group = list(dict.fromkeys(group))
        if len(group) == 1:
            query.terms.append(group[0])
        else:
            query.any_of.append(group)
    return query


def misprints_in(text):
    """The misprints (ZHSEARCH_MISPRINTS) a search for this text also finds, or finds the text in:
    [(wrong, right)] for each pair either word of which the text holds."""
    return [(wrong, right) for wrong, right in misprints().items() if wrong in text or right in text]


def user_query(lookup, value):
    """What a text condition asks for: a reader's words (parsed here if not yet), or one exact phrase."""
    if isinstance(value, UserQuery):
        return value
    if lookup == "exact":
        return UserQuery(terms=[str(value)], quoted=True)
    return parse_query(str(value))


@cache
def segmenter():
    """jieba, with the project's vocabulary (ZHSEARCH_VOCABULARY) as words."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    learn_words()
    return jieba.dt


@cache
def _vocabulary():
    path = getattr(settings, "ZHSEARCH_VOCABULARY", None)
    return import_string(path) if path else None


# What the vocabulary hook last answered with: it is asked only for the words added since.
_learned_up_to = None


def learn_words():
    """Add to jieba the words the project's vocabulary has gained since it was last asked.

    ZHSEARCH_VOCABULARY names a callable `vocabulary(since)` returning
    `(words, marker)`: with `since=None` every word, otherwise the words
    added after `marker`, which it returned the time before. Names a
    dictionary lacks (林大桥 is otherwise 林 / 大桥) then stay whole.
    Returns the words added, for processes forked before (add_words).
    """
    global _learned_up_to
    vocabulary = _vocabulary()
    if vocabulary is None:
        return []
    try:
        words, marker = vocabulary(_learned_up_to)
    except DatabaseError as error:  # a database not migrated yet: the words come when it is
        log.warning("jieba loads no vocabulary: %s", error)
        return []
    words = list(words)
    add_words(words)
    _learned_up_to = marker
    return words


def add_words(words):
    for word in words:
        jieba.add_word(word)


@cache
def _keyword_extractor():
    segmenter()
    # Imported when keywords are first wanted (or by preload()): it loads its word weights.
    from jieba import analyse

    return analyse


def preload():
    """Load jieba's dictionaries and the folding table now, before a server forks its workers.

    They take a while to load and much memory, which forked workers then share.
    """
    _fold_table()
    _keyword_extractor()


def words(text: str) -> list[str]:
    """jieba's words of a run of text, without spaces and punctuation; names imported since count."""
    tokenizer = segmenter()
    learn_words()
    return [word for word in tokenizer.lcut(text) if any(c.isalnum() for c in word)]


# Keywords come from the opening of a text (a title block's and its text's): it names what a
# document is about, and jieba's time grows with the text it reads.
KEYWORDS_FROM = 100


@lru_cache(maxsize=512)
def keywords(text: str, count: int = 8) -> list[str]:
    """The most telling words of the text's first KEYWORDS_FROM characters, for related documents.

    jieba's words (without its guesses at unknown words, the slow part) of
    two characters or more, each counted and weighed by jieba's IDF, as its
    TF-IDF keywords are; alike weights in the order of the words.
    """
    tfidf = _keyword_extractor().default_tfidf
    found = Counter(
        word
        for word in segmenter().cut(text[:KEYWORDS_FROM], HMM=False)
        if len(word) > 1 and any(c.isalpha() for c in word) and word.lower() not in tfidf.stop_words
    )
    weight = tfidf.idf_freq.get
    ranked = sorted(found.items(), key=lambda item: -item[1] * weight(item[0], tfidf.median_idf))
    return [word for word, _ in ranked[:count]]


def highlight(text: str, terms, width: int | None = None) -> str:
    """The text as HTML with every term marked; cut to its best `width` characters if given.

    Terms are found in the folded text and marked in the original, which
    is cut and escaped before any tag is added: a snippet never splits a
    character or a tag.
    """
    text = " ".join(text.split())
    spans = _spans(fold(text), {fold(term) for term in terms if term.strip()})
    start, end = 0, len(text)
    if width and len(text) > width:
        start = _best_window(spans, width)
        end = min(len(text), start + width)
    html, position = [], start
    for left, right in spans:
        left, right = max(left, start), min(right, end)
        if left >= right or left < position:
            continue
        html += [escape(text[position:left]), "<mark>", escape(text[left:right]), "</mark>"]
        position = right
    html.append(escape(text[position:end]))
    return mark_safe(("…" if start else "") + "".join(html) + ("…" if end < len(text) else ""))


def _spans(folded, terms):
    spans = []
    for term in terms:
        found = folded.find(term)
        while found != -1 and len(spans) < 500:
            spans.append((found, found + len(term)))
            found = folded.find(term, found + 1)
    merged = []
    for left, right in sorted(spans):
        if merged and left <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(right, merged[-1][1]))
        else:
            merged.append((left, right))
    return merged


def _best_window(spans, width, lead=16):
    """Where a window of `width` characters covers the most matches: one pass over the spans, in order."""
    best, best_count, first, past = 0, 0, 0, 0
    for left, _ in spans:
        start = max(0, left - lead)
        while spans[first][0] < start:
            first += 1
        past = max(past, first)
        while past < len(spans) and spans[past][0] < start + width:
            past += 1
        if past - first > best_count:
            best, best_count = start, past - first
    return best
