"""Sentences for the corpus: names, places and our own word lists, filled fast.

Patterns are strings with slots ('{where}{term}{act}'); each slot is a
`_slot_NAME` method. Lists are drawn with Zipf-like weights, so some words are
everywhere and a long tail is rare, as in a real archive. The shapes that make
an archive slow to list and search are drawn as a real paper's are
(docs/benchmark.md says why each): the places stories are about, how many
articles each reporter signs, how long stories run.
"""

import datetime
import json
import math
import re
from bisect import bisect
from collections import Counter
from itertools import accumulate, islice
from pathlib import Path
from random import Random

from articles.parsing import default_gazetteer

WORDS = json.loads((Path(__file__).resolve().parent / "words.json").read_text(encoding="utf-8"))
SLOT = re.compile(r"\{(\w+)\}")
HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
PATTERNS = (
    "leads", "events", "generic", "closing", "headlines", "photo_titles", "photo_lines",
    "commentary", "subtitles", "subheads", "quotes", "meetings", "editor_notes",
)  # fmt: skip

# The units stories are about, most often first: each about half as often as the one before, so
# the last few are in a tiny share of the archive (a list that must reach far back to fill a
# page). 株洲高新区 is left out: a unit no story names.
DISTRICTS_BY_SHARE = (
    "天元区", "荷塘区", "芦淞区", "石峰区", "醴陵市", "攸县", "渌口区", "株洲经开区", "茶陵县", "炎陵县",
)  # fmt: skip
DISTRICT_RATIO = 0.5
# Staff reporters sign most stories, a few of them thousands; correspondents are many, most
# with a handful. Zipf weights 1/rank**skew over each group.
REPORTERS, REPORTER_SKEW = 300, 1.0
CORRESPONDENTS, CORRESPONDENT_SKEW = 3000, 1.1
# A news story's body in characters: log-normal (median, sigma of its log), cut at the longest.
LENGTH_MEDIAN, LENGTH_SIGMA, LENGTH_MAX = 480, 0.85, 10_000


class Pool:
    """Items drawn with Zipf-like weights: the first few often, the tail rarely.

    `weights` (one per item) replace the Zipf weights.
    """

    def __init__(self, items, skew=0.9, weights=None):
        self.items = list(items)
        if weights is None:
            weights = [1 / (rank + 1) ** skew for rank in range(len(self.items))]
        self.cumulative = list(accumulate(weights))

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def compile_pattern(text):
    """'{where}{term}{act}' → literal and slot names in turn, filled without str.format's cost."""
    return SLOT.split(text)


class Context:
    """What one article is about: its topic and place, and the day it reports."""

    def __init__(self, topic, unit, town, day):
        self.topic, self.unit, self.town, self.day = topic, unit, town, day


class Writer:
    def __init__(self, seed=1):
        self.rng = Random(seed)
        self.forms = Counter()  # how often each printed form was written, for tests
        self.gazetteer = default_gazetteer()
        self.units = list(self.gazetteer.units)
        by_name = {unit.name: unit for unit in self.units}
        self.places = Pool(
            [by_name[name] for name in DISTRICTS_BY_SHARE],
            weights=[DISTRICT_RATIO**rank for rank in range(len(DISTRICTS_BY_SHARE))],
        )
        self.towns = {
            u.name: [p for p in u.places if p.endswith(("街道", "镇", "乡", "园"))] for u in self.units
        }
        self.patterns = {key: [compile_pattern(t) for t in WORDS[key]] for key in PATTERNS}
        self.topics = {
            name: {
                "terms": Pool(topic["terms"]),
                "short": Pool([t for t in topic["terms"] if len(t) <= 4 and HAN_ONLY.fullmatch(t)]),
                "orgs": Pool(topic["orgs"], 0.5),
                "acts": Pool(topic["acts"], 0.5),
                "sentences": [compile_pattern(s) for s in topic["sentences"]],
            }
            for name, topic in WORDS["topics"].items()
        }
        self.topic_names = list(self.topics)
        self.surnames = Pool(WORDS["surnames"], 0.6)
        names = iter(self._names(REPORTERS + CORRESPONDENTS + 40 + 40))
        self.reporters = Pool(islice(names, REPORTERS), REPORTER_SKEW)
        self.correspondents = Pool(islice(names, CORRESPONDENTS), CORRESPONDENT_SKEW)
        self.editors = Pool(islice(names, 40), 0.5)
        self.columnists = Pool(names, 0.6)
        self.brands = Pool(
            [a + b for a in WORDS["brand_chars"] for b in WORDS["brand_chars"] if a != b][:3000], 0.4
        )
        self.slots = {
            name[len("_slot_") :]: getattr(self, name) for name in dir(self) if name.startswith("_slot_")
        }

    # Names

    def _name(self):
        given = self.rng.choice(WORDS["given"])
        if self.rng.random() < 0.7:
            given += self.rng.choice(WORDS["given"])
        return self.surnames.pick(self.rng) + given

    def _names(self, count):
        names = {}  # a dict keeps the order drawn; a set's would change with PYTHONHASHSEED
        while len(names) < count:
            name = self._name()
            if not self.gazetteer.pattern.search(name):
                names[name] = None
        return list(names)

    # Filling patterns

    def fill(self, parts, ctx):
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            out.append(self.slots[parts[i]](ctx))
            out.append(parts[i + 1])
        return "".join(out)

    def say(self, key, ctx):
        return self.fill(self.rng.choice(self.patterns[key]), ctx)

    def _slot_where(self, ctx):
        if ctx.unit is None:
            return self.rng.choice(("我市", "全市", "市区"))
        roll = self.rng.random()
        if ctx.town and roll < 0.3:
            return ctx.unit.name + ctx.town
        if ctx.town and roll < 0.45:
            return ctx.town
        return ctx.unit.name

    def _slot_where_short(self, ctx):
        if ctx.unit is None:
            return "我市"
        return self.rng.choice((ctx.unit.name, *ctx.unit.aliases[:1]))

    def _slot_term(self, ctx):
        if self.rng.random() < 0.02:
            return self.brands.pick(self.rng) + self.rng.choice(WORDS["rare_kinds"])
        return self.topics[ctx.topic]["terms"].pick(self.rng)

    def _slot_term2(self, ctx):
        topic = ctx.topic if self.rng.random() < 0.7 else self.rng.choice(self.topic_names)
        return self.topics[topic]["terms"].pick(self.rng)

    def _slot_term_short(self, ctx):
        return self.topics[ctx.topic]["short"].pick(self.rng)

    _slot_term_short2 = _slot_term_short

    def _slot_org(self, ctx):
        return self.topics[ctx.topic]["orgs"].pick(self.rng)

    def _slot_act(self, ctx):
        return self.topics[ctx.topic]["acts"].pick(self.rng)

    def _slot_company(self, ctx):
        prefix = self.rng.choice(("湖南", "株洲", ""))
        return prefix + self._slot_company_short(ctx) + self.rng.choice(WORDS["company_forms"])

    def _slot_company_short(self, ctx):
        return self.brands.pick(self.rng) + self.rng.choice(WORDS["company_kinds"])

    def _slot_n(self, ctx):
        return str(int(2 + 998 * self.rng.random() ** 3))

    _slot_n2 = _slot_n

    def _slot_n_item(self, ctx):
        ctx.item = getattr(ctx, "item", 0) + 1
        return str(ctx.item)

    def _slot_pct(self, ctx):
        return f"{self.rng.uniform(1, 40):.1f}"

    def _slot_month(self, ctx):
        return str(self.rng.randint(1, max(1, ctx.day.month - 1)))

    def _slot_md(self, ctx):
        before = ctx.day - datetime.timedelta(days=1)
        return f"{before.month}月{before.day}日"

    def _slot_md2(self, ctx):
        return self.rng.choice(("昨天", "近日", self._slot_md(ctx)))

    def _slot_age(self, ctx):
        return str(self.rng.randint(60, 91))

    def _slot_floor(self, ctx):
        return str(self.rng.randint(3, 7))

    def _slot_person(self, ctx):
        return self._name()

    def _slot_group(self, ctx):
        return self.rng.choice(WORDS["groups"])

    def _slot_speaker(self, ctx):
        return self.rng.choice(WORDS["speakers"])

    def _slot_official(self, ctx):
        return self.rng.choice(WORDS["officials"])

    def _slot_unit(self, ctx):
        return self.rng.choice(WORDS["numbers_units"])

    def _slot_adv(self, ctx):
        return self.rng.choice(WORDS["adverbs"])

    def _slot_series(self, ctx):
        return getattr(ctx, "series", None) or self.rng.choice(WORDS["series"])

    def _slot_ordinal(self, ctx):
        return self.rng.choice(WORDS["ordinals"])

    def _slot_short1(self, ctx):
        return self.rng.choice(WORDS["subhead_words"])

    _slot_short2 = _slot_short1

    def _slot_event(self, ctx):
        return self.say("events", ctx)

    def _slot_quote(self, ctx):
        return self.say("quotes", ctx)

    # Bodies

    def context(self, day, topic=None, local=0.7):
        unit = self.places.pick(self.rng) if self.rng.random() < local else None
        town = self.rng.choice(self.towns[unit.name]) if unit and self.towns[unit.name] else None
        return Context(topic or self.rng.choice(self.topic_names), unit, town, day)

    def sentence(self, ctx):
        roll = self.rng.random()
        if roll < 0.45:
            return self.fill(self.rng.choice(self.topics[ctx.topic]["sentences"]), ctx)
        if roll < 0.9:
            return self.say("generic", ctx)
        quote = self.say("quotes", ctx)
        speaker = self._slot_speaker(ctx) + self._name()
        if self.rng.random() < 0.5:
            return f"“{quote}”{speaker}说。"
        return f"{speaker}告诉记者：“{quote}”"

    def paragraph(self, ctx, sentences=None):
        count = sentences or self.rng.choice((1, 2, 3, 3, 3, 4, 4))
        return "".join(self.sentence(ctx) for _ in range(count))

    def length(self):
        """A news story's length in characters, drawn from the log-normal of a paper's stories."""
        drawn = self.rng.lognormvariate(math.log(LENGTH_MEDIAN), LENGTH_SIGMA)
        return min(LENGTH_MAX, round(drawn))

    def body(self, ctx, middle, subheads=0):
        """A lead, then `middle` paragraphs (among `subheads` subheads), or enough of them to run
        to `self.length()` characters when `middle` is None; then a closing sentence now and then."""
        paragraphs = [self.say("leads", ctx) + self.paragraph(ctx, self.rng.randint(0, 2))]
        if middle is None:
            length, written = self.length(), len(paragraphs[0])
            # A lead and one paragraph at the least: the shortest stories the paper prints as news.
            while written < length or len(paragraphs) < 2:
                paragraphs.append(self.paragraph(ctx))
                written += len(paragraphs[-1])
        elif subheads:
            ctx.item = 0
            per = max(1, middle // subheads)
            for _ in range(subheads):
                paragraphs.append(self.say("subheads", ctx))
                paragraphs.extend(self.paragraph(ctx) for _ in range(per))
        else:
            paragraphs.extend(self.paragraph(ctx) for _ in range(middle))
        if self.rng.random() < 0.6:
            paragraphs.append(self.say("closing", ctx))
        return paragraphs
