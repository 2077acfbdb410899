"""Printed stories: title blocks, bylines and datelines, captions, jumps, cut paragraphs.

Each builder returns what a correct parse reads (a `Story`) and the lines the
page prints for it. Where the parser would misread a rare printed shape, the
corpus does not print it; the comments say which.
"""

import re
from dataclasses import dataclass, field

from articles.parsing.patterns import ROLE

from .writer import WORDS, Writer

# Where a paragraph may not be cut: after closing punctuation, or where the
# first half would read as a photo credit.
UNCUTTABLE = set("。！!？?…;；:：”’」』)）】]摄图供影")
CUT_FROM = 61  # a cut line longer than a title can be reads as body text
# A cut line that opens with a role word (记者在现场看到，…) reads as a byline: the parser
# takes any run of short words after 记者 for names. The corpus does not cut such lines.
ROLE_FIRST = re.compile(ROLE)


@dataclass
class Story:
    """One article as a correct parse reads it."""

    kind: str = "news"
    column: str = ""
    kicker: str = ""
    headline: str = ""
    subtitle: str = ""
    bylines: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    captions: list = field(default_factory=list)
    continues_on: int | None = None
    continued_from: int | None = None
    # A wire dateline (新华社长沙3月5日电（记者 …）) opens the first paragraph and stays in its text.
    dateline: str = ""

    @property
    def text_paragraphs(self):
        """The paragraphs as a correct parse reads them: a wire dateline stays in the first."""
        if not self.dateline or not self.paragraphs:
            return self.paragraphs
        return [self.dateline + self.paragraphs[0], *self.paragraphs[1:]]


class StoryPrinter(Writer):
    def cut(self, paragraph):
        """Where the layout breaks a long paragraph mid-sentence, or None."""
        if len(paragraph) < CUT_FROM + 5 or ROLE_FIRST.match(paragraph):
            return None
        at = self.rng.randint(CUT_FROM, len(paragraph) - 3)
        if paragraph[at - 1] in UNCUTTABLE:
            return None
        return at

    def print_body(self, paragraphs, first_line_prefix=""):
        lines = []
        for n, paragraph in enumerate(paragraphs):
            prefix = first_line_prefix if n == 0 else ""
            at = self.cut(paragraph) if self.rng.random() < 0.12 else None
            if at is None:
                lines.append(prefix + paragraph)
            else:
                self.forms["cut"] += 1
                lines += [prefix + paragraph[:at], paragraph[at:]]
        return lines

    def credits(self, reporters=True):
        """A byline's people: reporters first, then correspondents, as the paper prints them."""
        people = []
        if reporters:
            role = self.rng.choice(("全媒体记者",) * 6 + ("记者", "记者", "全媒体首席记者", "见习记者"))
            for _ in range(self.rng.choice((1, 1, 1, 2))):
                people.append((role, self.reporters.pick(self.rng)))
        if not reporters or self.rng.random() < 0.6:
            for _ in range(self.rng.choice((1, 1, 2))):
                people.append(("通讯员", self.correspondents.pick(self.rng)))
        if self.rng.random() < 0.03:
            people.append(("实习生", self.correspondents.pick(self.rng)))
        return list(dict.fromkeys(people))

    @staticmethod
    def credit_text(people, slash=True, joiner=" "):
        groups = []
        for role, name in people:
            if groups and groups[-1][0] == role:
                groups[-1][1].append(name)
            else:
                groups.append((role, [name]))
        mark = "/" if slash else ""
        return " ".join(f"{role}{mark}{joiner.join(names)}" for role, names in groups)

    def anchor(self, story, ctx):
        """The byline line, or the dateline opening the first paragraph: (lines before the body, prefix)."""
        people = self.credits(reporters=self.rng.random() < 0.95)
        story.bylines = people
        text = self.credit_text(people, joiner=self.rng.choice((" ", " ", "、")))
        roll = self.rng.random()
        if roll < 0.35:
            self.forms["byline"] += 1
            paper = self.rng.choice(("株洲日报", "株洲日报", "株洲日报·掌上株洲", ""))
            return [paper + text], ""
        if roll < 0.42:
            self.forms["byline_no_slash"] += 1
            return ["株洲日报" + self.credit_text(people, slash=False)], ""
        if roll < 0.47:
            self.forms["bare_dateline"] += 1
            return [], f"株洲日报{text}）"
        if roll < 0.49:
            self.forms["xinhua"] += 1
            story.bylines = [("记者", name) for _, name in people]
            names = " ".join(name for _, name in people)
            story.dateline = f"新华社长沙{self._slot_md(ctx)}电（记者 {names}）"
            return [], story.dateline
        paper = self.rng.choice(
            ("株洲日报讯",) * 6 + ("株洲日报·掌上株洲讯", "株洲日报", "株州日报讯", "本报讯")
        )
        self.forms["dateline:" + paper] += 1
        space = self.rng.choice(("", " "))
        if self.rng.random() < 0.3:
            return [], f"{paper}({text}){space}"
        return [], f"{paper}（{text}）{space}"

    def caption(self, paragraphs, credit=True):
        sentences = [s + "。" for p in paragraphs for s in p.split("。") if 12 <= len(s) <= 50]
        sentences = [s for s in sentences if not re.search(r"[“”（）()：:]", s)]
        if not sentences:
            return None
        text = self.rng.choice(sentences)
        if not credit:
            return text, ""
        who = self.rng.choice((self.reporters, self.correspondents)).pick(self.rng)
        return text, self.rng.choice(
            (
                f"株洲日报记者/{who} 摄",
                f"株洲日报全媒体记者/{who} 摄",
                f"记者/{who} 摄",
                f"通讯员/{who} 摄",
                "通讯员供图",
                f"株洲日报·掌上株洲通讯员/{who} 供图",
            )
        )

    def news(
        self, day, *, first=False, lead=False, size=None, subheads=0, column=None, kicker=None, ctx=None
    ):
        """A story's truth, its printed title block and byline, and the dateline its body opens with."""
        ctx = self.ctx = ctx or self.context(day)
        story = Story()
        paragraphs = self.body(ctx, size, subheads)
        story.headline = self.say("headlines", ctx)
        title = []
        if column is None and not first and self.rng.random() < 0.06:
            column = self.rng.choice(WORDS["columns"])
        if column:
            story.column = column
            title.append(column)
            self.forms["column"] += 1
        if kicker is None and self.rng.random() < (0.3 if lead else 0.1):
            kicker = self.kicker(ctx)
        if kicker:
            story.kicker = kicker
            title.append(kicker)
        title.append(story.headline)
        if self.rng.random() < (0.35 if lead else 0.05):
            story.subtitle = self.subtitle(ctx)
            title.append(story.subtitle)
        if lead and not column and self.rng.random() < 0.3:
            story.column = self.rng.choice(WORDS["slogans"])
            title.append(story.column)
            self.forms["slogan"] += 1
        lines = []
        if not first and self.rng.random() < 0.05 and (found := self.caption(paragraphs[:1])):
            self.forms["leading_caption"] += 1
            story.captions.append(found)
            lines.append("".join(found))
        lines += title
        if self.rng.random() < 0.1 and (found := self.caption(paragraphs, credit=self.rng.random() < 0.8)):
            self.forms["header_caption"] += 1
            story.captions.append(found)
            lines.append("".join(found) if found[1] else "▲" + found[0])
        before, prefix = self.anchor(story, ctx)
        lines += before
        story.paragraphs = paragraphs
        return story, lines, prefix

    def kicker(self, ctx):
        roll = self.rng.random()
        if roll < 0.4:
            self.forms["kicker_dash"] += 1
            return f"{self._slot_where_short(ctx)}{self._slot_adv(ctx)}推进{self._slot_term(ctx)}——"
        if roll < 0.7:
            self.forms["kicker_verb"] += 1
            who = self.rng.choice(("市委主要负责人", "市政府主要负责人", "市领导"))
            verb = self.rng.choice(WORDS["kicker_verbs"])
            return f"{who}在{self.say('meetings', ctx)}上{verb}"
        unit = ctx.unit or self.places.pick(self.rng)
        self.forms["kicker_place"] += 1
        return unit.name + ("：" if self.rng.random() < 0.5 else "")

    def subtitle(self, ctx):
        if self.rng.random() < 0.25:
            self.forms["subtitle_attendance"] += 1
            return self.rng.choice(WORDS["attendances"])
        return self.say("subtitles", ctx)

    def finish(self, story, lines, prefix, *, last=False):
        """Print the body under the title block, with a trailing caption now and then."""
        lines += self.print_body(story.paragraphs, prefix)
        if self.rng.random() < 0.08 and (found := self.caption(story.paragraphs)):
            if last and self.rng.random() < 0.5:
                self.forms["trailing_caption"] += 1
                lines.append("".join(found))
            else:
                self.forms["triangle_caption"] += 1
                lines += ["▲" + found[0], found[1] or "株洲日报记者/" + self.reporters.pick(self.rng) + " 摄"]
                found = (found[0], lines[-1])
            story.captions.append(found)
        return lines

    def jumped(self, day, to_page, lead):
        """A front-page story that breaks off mid-sentence and goes on on another page."""
        story, lines, prefix = self.news(day, first=lead, lead=lead, size=self.rng.randint(4, 7))
        paragraphs = story.paragraphs
        keep = self.rng.randint(1, len(paragraphs) - 2)
        while keep > 1 and ROLE_FIRST.match(paragraphs[keep]):
            keep -= 1
        if ROLE_FIRST.match(paragraphs[keep]):
            paragraphs[keep] = "与此同时，" + paragraphs[keep]
        broken = paragraphs[keep]
        # Inline, the mark must not leave a line short enough to read as a title.
        inline = len(broken) >= 64 and self.rng.random() < 0.3
        at = max(55 if inline else 10, len(broken) // 2)
        while at < len(broken) - 2 and broken[at - 1] in UNCUTTABLE:
            at += 1
        story.paragraphs = [*paragraphs[:keep], broken[:at]]
        story.continues_on = to_page
        lines += self.print_body(paragraphs[:keep], prefix)
        if inline:
            self.forms["jump_inline"] += 1
            lines.append(broken[:at] + f"▶下转{to_page:02d}版")
        else:
            self.forms["jump"] += 1
            lines += [broken[:at], self.rng.choice((f"▶下转{to_page:02d}版", f"▶▶下转{to_page:02d}版"))]
        rest = Story(
            headline=story.headline,
            bylines=story.bylines,
            paragraphs=[broken[at:], *paragraphs[keep + 1 :]],
            continued_from=1,
        )
        mark = self.rng.choice(("▶上接01版", "▶上接01版", "（上接第1版）"))
        rest_lines = [mark, story.headline, *self.print_body(rest.paragraphs)]
        return story, lines, rest, rest_lines

    def photo(self, day):
        ctx = self.ctx = self.context(day)
        self.forms["photo"] += 1
        headline = self.say("photo_titles", ctx)[:30]
        paragraphs = [self.say("photo_lines", ctx) for _ in range(self.rng.randint(1, 2))]
        role = self.rng.choice(("株洲日报全媒体记者", "株洲日报记者", "通讯员"))
        who = (self.reporters if "记者" in role else self.correspondents).pick(self.rng)
        short_role = role.removeprefix("株洲日报")
        credit = (
            f"{role}/{who} " + self.rng.choice(("摄", "摄影"))
            if short_role != "通讯员"
            else f"通讯员/{who} 摄"
        )
        # The credit closes the photo's text, as printed.
        story = Story(
            kind="photo", headline=headline, bylines=[(short_role, who)], paragraphs=[*paragraphs, credit]
        )
        return story, [headline, *paragraphs, credit]

    def commentary(self, day):
        ctx = self.ctx = self.context(day, local=0.3)
        self.forms["commentary"] += 1
        author = self.columnists.pick(self.rng)
        paragraphs = []
        for _ in range(self.rng.randint(3, 6)):
            count = self.rng.randint(2, 4)
            paragraphs.append("".join(self.say("commentary", ctx) for _ in range(count)))
        headline = self.say("headlines", ctx)
        column = self.rng.choice(WORDS["commentary_columns"])
        story = Story(
            kind="commentary",
            column=column,
            headline=headline,
            bylines=[("作者", author)],
            paragraphs=paragraphs,
        )
        return story, [column, headline, author, *self.print_body(paragraphs)]

    def editor_note(self, day):
        ctx = self.ctx = self.context(day)
        ctx.series = self.rng.choice(WORDS["series"])
        self.forms["editor_note"] += 1
        text = self.say("editor_notes", ctx)
        note = Story(kind="editor_note", headline="编者按", paragraphs=[text])
        ctx.unit = ctx.unit or self.places.pick(self.rng)
        story, lines, prefix = self.news(day, column=ctx.series, kicker=ctx.unit.name, ctx=ctx)
        return note, ["编者按：" + text], story, lines, prefix

    def ad(self):
        self.forms["ad"] += 1
        title, *body = self.rng.choice(WORDS["ads"])
        story = Story(kind="ad", headline=title, paragraphs=body)
        return story, [title, *body, "株洲日报宣", "公益广告"]

    def guide(self, entries):
        """The front page's 导读: one entry is read as a pointer, several as one list."""
        self.forms["guide"] += 1
        lines = ["导读"]
        for story, page in entries:
            lines.append(story.headline)
            if story.subtitle.startswith("——"):
                lines.append(story.subtitle)
            lines.append(f"{page:02d}版")
        if len(entries) == 1:
            (story, page), subtitle = entries[0], entries[0][0].subtitle
            subtitle = subtitle if subtitle.startswith("——") else ""
            return Story(kind="guide", headline=story.headline, subtitle=subtitle, continues_on=page), lines
        paragraphs = []
        for story, page in entries:
            subtitle = story.subtitle if story.subtitle.startswith("——") else ""
            paragraphs.append(f"{story.headline} {subtitle} （{page:02d}版）".replace("  ", " "))
        return Story(kind="guide", headline="导读", paragraphs=paragraphs), lines
