"""Issues: a masthead, then pages under their headers, one file a day."""

import datetime
from dataclasses import dataclass, field

from .stories import StoryPrinter
from .writer import WORDS

WEEKDAYS = "一二三四五六日"
# Some issues print half-width punctuation; their truth stays full-width (compare through this).
HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";"})
# The share of days with a special section (两会特刊 …): sections with a few dozen articles in all.
SPECIAL_SECTION_DAYS = 0.004


@dataclass
class Page:
    number: int
    section: str = ""
    editors: list = field(default_factory=list)
    stories: list = field(default_factory=list)


@dataclass
class Day:
    date: datetime.date
    number: int
    pages: list
    text: str

    @property
    def filename(self):
        return f"zzrb-{self.date:%Y-%m-%d}.txt"

    @property
    def stories(self):
        return [story for page in self.pages for story in page.stories]


class Corpus(StoryPrinter):
    """`Corpus(seed).issues(articles)`: days in order until that many articles are printed."""

    def __init__(self, seed=1, start=datetime.date(2019, 1, 1), first_number=None):
        super().__init__(seed)
        # 期号 count the days, as the paper's do, so archives of other start days fit together.
        if first_number is None:
            first_number = 21700 + (start - datetime.date(2019, 1, 1)).days
        self.start, self.first_number = start, first_number

    def issues(self, articles):
        """Days in order until `articles` articles are written."""
        left, day, number = articles, self.start, self.first_number
        while left > 0:
            issue = self.issue(day, number, left)
            left -= len(issue.stories)
            yield issue
            day += datetime.timedelta(days=1)
            number += 1

    def issue(self, day, number, left):
        page_count = 4 if day.weekday() == 6 else (12 if self.rng.random() < 0.03 else 8)
        counts = []
        for _ in range(page_count):
            take = min(self.rng.randint(6, 10), left)
            if take:
                counts.append(take)
            left -= take
        sections = self.rng.sample(WORDS["sections"], len(counts) - 1)
        if sections and self.rng.random() < SPECIAL_SECTION_DAYS:
            sections[-1] = self.rng.choice(WORDS["special_sections"])
        pages = [Page(1)] + [
            Page(n, section, self.page_editors()) for n, section in enumerate(sections, start=2)
        ]
        targets = [n for n in range(2, len(counts) + 1)]
        jumps = sorted(
            self.rng.sample(targets, min(len(targets), self.rng.choice((0, 1, 1, 2)), counts[0] - 1))
        )
        page_lines = {}
        continuations = {}
        front_blocks = []
        for n, to_page in enumerate(jumps):
            story, lines, rest, rest_lines = self.jumped(day, to_page, lead=n == 0)
            front_blocks.append((story, lines))
            continuations[to_page] = (rest, rest_lines)
        for page in pages[1:]:
            page_lines[page.number] = self.inner_page(day, page, counts[page.number - 1], continuations)
        page_lines[1] = self.front_page(day, pages, counts[0], front_blocks)
        half = self.rng.random() < 0.08
        text = self.masthead(day, number, len(pages))
        for page in pages:
            if page.number > 1:
                text += self.page_header(page)
            text += "\n\n".join(page_lines[page.number]) + "\n\n"
        if half:
            self.forms["half_width"] += 1
            text = text.translate(HALF_WIDTH)
        return Day(day, number, pages, text)

    def front_page(self, day, pages, count, blocks):
        page = pages[0]
        stories, lines = [], []
        for story, printed in blocks:
            stories.append(story)
            lines.append(printed)
        if not blocks:
            story, printed, prefix = self.news(day, first=True, lead=True, size=self.rng.randint(2, 5))
            stories.append(story)
            lines.append(self.finish(story, printed, prefix))
        ad = count - len(stories) >= 4 and self.rng.random() < 0.2
        guide = count - len(stories) >= 3 and self.rng.random() < 0.5
        while len(stories) < count - ad - guide:
            story, printed, prefix = self.news(day, size=self.rng.randint(1, 3))
            stories.append(story)
            lines.append(self.finish(story, printed, prefix))
        if guide:
            inside = [
                (s, p.number)
                for p in pages[1:]
                for s in p.stories
                if s.kind == "news" and not s.continued_from
            ]
            if inside:
                entries = self.rng.sample(inside, min(len(inside), self.rng.choice((1, 1, 2, 3))))
                story, printed = self.guide(entries)
                at = min(2, len(stories))
                stories.insert(at, story)
                lines.insert(at, printed)
            else:
                story, printed, prefix = self.news(day, size=1)
                stories.append(story)
                lines.append(self.finish(story, printed, prefix))
        if ad:
            # An ad's mark reaches up a few short lines for its title: end the story above on a long paragraph.
            long = ""
            while len(long) <= 130:
                long += self.sentence(self.ctx)
            stories[-1].paragraphs.append(long)
            lines[-1].append(stories[-1].paragraphs[-1])
            story, printed = self.ad()
            stories.append(story)
            lines.append(printed)
        page.stories = stories
        return ["\n\n".join(block) for block in lines]

    def inner_page(self, day, page, count, continuations):
        stories, blocks = [], []
        if page.number in continuations:
            self.forms["continuation"] += 1
            rest, printed = continuations[page.number]
            stories.append(rest)
            blocks.append(printed)
        elif count >= 3 and self.rng.random() < 0.06:
            note, note_lines, story, lines, prefix = self.editor_note(day)
            stories += [note, story]
            blocks += [note_lines, self.finish(story, lines, prefix)]
        while len(stories) < count:
            first, last = not stories, len(stories) == count - 1
            roll = self.rng.random()
            if roll < 0.06:
                story, printed = self.photo(day)
            elif roll < 0.1 and not first:
                story, printed = self.commentary(day)
            else:
                feature = self.rng.random() < 0.1
                story, printed, prefix = self.news(
                    day,
                    first=first,
                    size=self.rng.randint(8, 16) if feature else None,
                    subheads=self.rng.choice((2, 3)) if feature else 0,
                )
                if feature:
                    self.forms["subheads"] += 1
                printed = self.finish(story, printed, prefix, last=last)
            stories.append(story)
            blocks.append(printed)
        page.stories = stories
        return ["\n\n".join(block) for block in blocks]

    def page_editors(self):
        editors = [("责任编辑", self.editors.pick(self.rng)), ("美术编辑", self.editors.pick(self.rng))]
        if self.rng.random() < 0.1:
            editors.append(("校对", self.editors.pick(self.rng)))
        return editors

    def page_header(self, page):
        colon = self.rng.choice(("：", "：", ":"))
        editors = " ".join(f"{role}{colon}{name}" for role, name in page.editors)
        if self.rng.random() < 0.15:
            self.forms["one_line_header"] += 1
            return f"{page.section} {editors}\n\n"
        return f"{page.section}\n\n{editors}\n\n"

    def masthead(self, day, number, pages):
        date = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
        if self.rng.random() < 0.5:
            lines = [date, f"第{number}期 今日{pages}版"]
        else:
            lines = [f"{date} 第{number}期 今日{pages}版"]
        return (
            "\n\nZHUZHOU RIBAO\n\n株洲日报\n\n" + "\n\n".join(lines) + "\n国内统一连续出版物号CN 43-0005\n\n"
        )
