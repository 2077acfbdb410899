"""A reader's proposal as a character-level change: how far it is from the text, its hunks, and the
hunks placed again on a text an editor changed since.

Plain Python. The texts come from readers, so nothing here may take time that grows faster than
their length times the edits allowed: difflib's SequenceMatcher compares every occurrence of a
character with every other on a repetitive text, which a reader can send. Myers' algorithm takes
time in proportion to the texts' length times the number of edits, and stops at the bound it is
given, so refusing a text that is far from the original costs no more than accepting a near one;
a count of characters refuses most new texts before it starts.
"""

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Hunk:
    """Replace `before[start:end]` with `text`: one run of changed characters."""

    start: int
    end: int
    text: str

    def shifted(self, by):
        return Hunk(self.start + by, self.end + by, self.text)


def at_least_edits(before, after):
    """A lower bound of the characters deleted plus inserted to turn `before` into `after`, in one pass:
    every character one text has more of than the other must go or come."""
    have, want = Counter(before), Counter(after)
    return sum(((have - want) + (want - have)).values())


def edit_script(before, after, limit):
    """[(tag, i1, i2, j1, j2)] as difflib's get_opcodes gives them ("equal", "replace", "delete",
    "insert"), with at most `limit` characters deleted plus inserted; None if that does not do."""
    if abs(len(before) - len(after)) > limit or at_least_edits(before, after) > limit:
        return None
    # The shared start and end cost one comparison a character; Myers works on what lies between.
    n, m = len(before), len(after)
    head = 0
    while head < n and head < m and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and before[n - 1 - tail] == after[m - 1 - tail]:
        tail += 1
    steps = _myers(before[head : n - tail], after[head : m - tail], limit)
    if steps is None:
        return None
    return _opcodes(["="] * head + steps + ["="] * tail)


def _myers(a, b, limit):
    """The shortest list of steps ("=" keep, "-" delete, "+" insert) from a to b, or None past `limit`."""
    n, m = len(a), len(b)
    bound = min(limit, n + m)
    offset = bound + 1
    furthest = [0] * (2 * bound + 3)  # on diagonal k (x - y), the furthest x reached
    trace = []
    for d in range(bound + 1):
        trace.append(furthest[:])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and furthest[offset + k - 1] < furthest[offset + k + 1]):
                x = furthest[offset + k + 1]
            else:
                x = furthest[offset + k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            furthest[offset + k] = x
            if x >= n and y >= m:
                return _back(trace, offset, n, m)
    return None


def _back(trace, offset, x, y):
    """The steps of the path `_myers` found, read back from the end through each round's furthest points."""
    steps = []
    for d in range(len(trace) - 1, 0, -1):
        furthest = trace[d]
        k = x - y
        down = k == -d or (k != d and furthest[offset + k - 1] < furthest[offset + k + 1])
        before_k = k + 1 if down else k - 1
        before_x = furthest[offset + before_k]
        before_y = before_x - before_k
        # The snake after the step runs from the step's end to (x, y) along the diagonal.
        steps.extend("=" * (x - (before_x if down else before_x + 1)))
        steps.append("+" if down else "-")
        x, y = before_x, before_y
    steps.extend("=" * x)
    steps.reverse()
    return steps


def _opcodes(steps):
    codes = []
    i = j = 0
    n = 0
    while n < len(steps):
        if steps[n] == "=":
            start = n
            while n < len(steps) and steps[n] == "=":
                n += 1
            codes.append(("equal", i, i + n - start, j, j + n - start))
            i, j = i + n - start, j + n - start
            continue
        gone = came = 0
        while n < len(steps) and steps[n] != "=":
            gone += steps[n] == "-"
            came += steps[n] == "+"
            n += 1
        tag = "replace" if gone and came else "delete" if gone else "insert"
        codes.append((tag, i, i + gone, j, j + came))
        i, j = i + gone, j + came
    return codes


def edits(opcodes):
    """Characters deleted plus inserted."""
    return sum((i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")


def hunks(after, opcodes):
    """The changed runs of an edit script of (before, after), as hunks on `before`."""
    return [Hunk(i1, i2, after[j1:j2]) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]


def apply(text, chosen):
    """`text` with the hunks `chosen` (on it, not overlapping) made."""
    parts, at = [], 0
    for hunk in sorted(chosen, key=lambda h: (h.start, h.end)):
        parts += [text[at : hunk.start], hunk.text]
        at = hunk.end
    return "".join([*parts, text[at:]])


def rebase(original, current, on_original, limit):
    """The hunks `on_original` placed on `current`, the text as an editor changed it since: each hunk,
    moved by what was inserted or deleted before it, or None where its characters, or one on either
    side of them, changed (its place is no longer certain). All None if the two texts are further
    apart than `limit`."""
    if original == current:
        return list(on_original)
    script = edit_script(original, current, limit)
    if script is None:
        return [None] * len(on_original)
    kept = [(i1, i2, j1) for tag, i1, i2, j1, j2 in script if tag == "equal"]
    placed = []
    for hunk in on_original:
        low, high = max(hunk.start - 1, 0), min(hunk.end + 1, len(original))
        block = next(((i1, j1) for i1, i2, j1 in kept if i1 <= low and high <= i2), None)
        placed.append(hunk.shifted(block[1] - block[0]) if block else None)
    return placed
