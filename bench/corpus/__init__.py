"""A fictional archive of the paper in the dumps' text layout, for benchmarks.

`Corpus(seed).issues(articles)` yields one `Day` per issue date: its text, laid
out as the dumps are (masthead, page headers, title blocks with columns,
kickers and subtitles, every printed byline form, captions, jumps, paragraphs
cut mid-sentence), and what a correct parse of it reads (`Day.pages`), so a
test can hold the parser to it. One private random.Random drives it all: a
seed always gives the same archive. Words and sentence patterns are our own,
in words.json; places come from the gazetteer.
"""

from .issues import HALF_WIDTH, Corpus, Day, Page
from .stories import Story

__all__ = ["HALF_WIDTH", "Corpus", "Day", "Page", "Story"]
