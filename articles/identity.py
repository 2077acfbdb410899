"""Which stored article each article of a re-imported file is: one story, one identity, for life.

Plain Python, no Django. The importer hands over the issue's stored articles
(as the file printed them last time) and the file's articles now, each in
print order, and learns which are the same story, which stored ones the file
now prints inside another (a merge), and which are new or gone. A story keeps
its identity, and so its URL and its editor's corrections, when its opening,
its headline or both change: a typo fixed in the dump is no new story.

Stories are matched as a whole issue, in three steps:

1. the same text on the same page, then the same key (the opening words,
   `models.article_key`): the same story at once, in print order where several
   share one (a story printed twice);
2. for the rest, the text's similarity: the character pairs of the title
   block and body the two have in common (Dice's coefficient), the closest
   pairs first, the nearer in print order where two are as close;
3. a stored story left over whose text the file now prints inside another
   article was merged into it; one an editor merged into another stays there
   when the file still prints it apart.

Candidates for step 2 come from the pairs of characters few articles share, so
the work grows with the issue's text, not with the square of its articles.
"""

import heapq
import re
import unicodedata
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

# Dice's coefficient from which two articles are one story: a typo or a new headline leaves it
# near 1 and each half of a story cut in two near 2/3, while two stories on one subject share far
# fewer pairs of characters.
SAME_STORY = 0.5
# The share of a stored story's pairs found in another article from which its text went there.
CONTAINED = 0.8
# Shorter texts are matched by key or similarity only: a few pairs are found anywhere.
CONTAINED_MIN_PAIRS = 20
# A stored story looks for itself among the file's articles that share a sample of its telling
# pairs of characters: this many of them, each in at most COMMON of the file's articles (a pair
# in more says little of which one a story is).
SAMPLE = 32
COMMON = 50
# The file's articles a stored story is compared with, the most of those pairs in common first;
# with none in common, the nearest on its page.
CANDIDATES = 6
# Similarities are compared in steps of 1/CLOSE: within one step print order decides (the halves
# of a story cut in two are about as close to it).
CLOSE = 10


@dataclass(frozen=True)
class Story:
    """What matching reads of an article, stored or in the file."""

    key: str
    kind: str
    page: int
    text: str  # the title block and the body, as the file printed them
    # A stored article only: the import keys of the articles an editor merged into it, and its
    # text since (the merged body), which holds theirs.
    merged_keys: tuple[str, ...] = ()
    merged_text: str = ""
    # A stored article only: an editor's own (a split-off half), which the file may or may not print.
    editors_own: bool = False


@dataclass
class Matching:
    """The result, by index into the two sequences handed over."""

    same: dict[int, int] = field(default_factory=dict)  # the file's article -> the stored one
    merged: dict[int, int] = field(default_factory=dict)  # a stored article -> the file's that took it in
    # The file's articles an editor's merge holds already -> the stored article that holds them.
    absorbed: dict[int, int] = field(default_factory=dict)
    compared: int = 0  # pairs whose similarity was worked out

    def added(self, new):
        return [i for i in range(len(new)) if i not in self.same and i not in self.absorbed]

    def gone(self, old):
        matched = set(self.same.values())
        return [j for j in range(len(old)) if j not in matched and j not in self.merged]


def pairs(text):
    """The set of neighbouring characters of a text, its punctuation and spaces left out."""
    folded = re.sub(r"\W", "", unicodedata.normalize("NFKC", text))
    if len(folded) < 2:
        return {folded} if folded else set()
    return set(map(str.__add__, folded, folded[1:]))


def dice(a, b, common):
    return 2 * common / (len(a) + len(b)) if a or b else 0.0


def match(old, new):
    """Match the stored stories `old` with the file's `new`, both sequences of Story in print order."""
    result = Matching()
    _by_key(old, new, result)
    found = set(result.same.values())
    waiting_old = [j for j in range(len(old)) if j not in found]
    waiting_new = [i for i in range(len(new)) if i not in result.same and i not in result.absorbed]
    if not waiting_old:
        # Nothing stored is left to find (a new issue, or every story where it was): only an
        # editor's merge may hold what the file now prints apart.
        _merged_by_an_editor(old, new, waiting_new, {}, result)
        return result
    new_pairs = [pairs(story.text) for story in new]
    old_pairs = {j: pairs(old[j].text) for j in waiting_old}
    scored = _candidates(old, new, old_pairs, new_pairs, waiting_old, result)
    _by_similarity(old, new, scored, waiting_new, result)
    _merged_by_the_file(old, new, old_pairs, scored, result)
    waiting_new = [i for i in waiting_new if i not in result.same]
    _merged_by_an_editor(old, new, waiting_new, dict(enumerate(new_pairs)), result)
    return result


def _by_key(old, new, result):
    """Step 1: the same text on the same page, then equal keys, each in print order; and the keys an
    editor's merge holds. The text comes first because keys of a story printed twice are told apart
    by their order: a correction to one printing's opening would hand its key to the other."""
    by_text, by_key = defaultdict(deque), defaultdict(deque)
    held = {}
    for j, story in enumerate(old):
        by_text[story.page, story.text].append(j)
        by_key[story.key].append(j)
        held.update(dict.fromkeys(story.merged_keys, j))
    taken = set()
    for i, story in enumerate(new):
        j = _first_untaken(by_text.get((story.page, story.text)), taken)
        if j is not None:
            result.same[i] = j
            taken.add(j)
    for i, story in enumerate(new):
        if i in result.same:
            continue
        j = _first_untaken(by_key.get(story.key), taken)
        if j is not None:
            result.same[i] = j
            taken.add(j)
        elif story.key in held:
            result.absorbed[i] = held[story.key]


def _first_untaken(waiting, taken):
    """The first of `waiting` not taken, dropping those taken on the way (each is dropped once)."""
    while waiting:
        j = waiting.popleft()
        if j not in taken:
            return j
    return None


def _candidates(old, new, old_pairs, new_pairs, waiting_old, result):
    """{(stored, file's): (dice, share of the stored pairs in the file's)} for the likely pairs."""
    frequency = Counter()
    for found in new_pairs:
        frequency.update(found)
    telling = {pair for pair, count in frequency.items() if count <= COMMON}
    # A sample of each stored story's telling pairs, the same for the same text: the first in code order.
    sample = {j: heapq.nsmallest(SAMPLE, old_pairs[j] & telling) for j in waiting_old}
    wanted = set().union(*sample.values())
    postings = defaultdict(list)
    for i, found in enumerate(new_pairs):
        for pair in found & wanted:
            postings[pair].append(i)
    on_page = defaultdict(list)
    for i, story in enumerate(new):
        on_page[story.page].append(i)
    scale = max(len(new), 1) / max(len(old), 1)
    scored = {}
    for j in waiting_old:
        mine = old_pairs[j]
        hits = Counter(i for pair in sample[j] for i in postings[pair])
        chosen = [i for i, _ in hits.most_common(CANDIDATES)]
        if not chosen:
            chosen = sorted(on_page[old[j].page], key=lambda i: abs(j * scale - i))[:CANDIDATES]
        for i in chosen:
            common = len(mine & new_pairs[i])
            result.compared += 1
            scored[j, i] = (dice(mine, new_pairs[i], common), common / len(mine) if mine else 0.0)
    return scored


def _by_similarity(old, new, scored, waiting_new, result):
    """Step 2: the closest pairs first; among as close, the same kind, the same page, the nearer place."""
    waiting = set(waiting_new)
    scale = max(len(new), 1) / max(len(old), 1)
    ranked = sorted(
        (
            (
                -round(similarity * CLOSE),
                old[j].kind != new[i].kind,
                abs(old[j].page - new[i].page),
                abs(j * scale - i),
            ),
            j,
            i,
        )
        for (j, i), (similarity, _) in scored.items()
        if similarity >= SAME_STORY and i in waiting
    )
    taken = set()
    for _, j, i in ranked:
        if j not in taken and i in waiting:
            result.same[i] = j
            taken.add(j)
            waiting.discard(i)


def _merged_by_the_file(old, new, old_pairs, scored, result):
    """Step 3: a stored story left over whose text the file prints inside another article."""
    matched = set(result.same.values())
    best = {}
    for (j, i), (_, share) in scored.items():
        if j in matched or old[j].editors_own or i in result.absorbed:
            continue
        if (
            len(old_pairs[j]) >= CONTAINED_MIN_PAIRS
            and share >= CONTAINED
            and share > best.get(j, (0, None))[0]
        ):
            best[j] = (share, i)
    result.merged.update({j: i for j, (_, i) in best.items()})


def _merged_by_an_editor(old, new, waiting, known, result):
    """A file's article left over that an editor merged into a stored one stays there.

    `waiting` are the indexes of the file's articles left over, `known` the pairs worked out already.
    """
    holders = [(j, pairs(story.merged_text)) for j, story in enumerate(old) if story.merged_keys]
    if not holders:
        return
    for i in waiting:
        mine = known[i] if i in known else pairs(new[i].text)
        if i in result.absorbed or len(mine) < CONTAINED_MIN_PAIRS:
            continue
        for j, held in holders:
            result.compared += 1
            if len(mine & held) / len(mine) >= CONTAINED:
                result.absorbed[i] = j
                break
