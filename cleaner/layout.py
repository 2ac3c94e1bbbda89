"""Undoing hard line wrapping, so that one paragraph is one line again.

Text-mode browsers and some scrapers (lynx -dump, w3m, `fmt`) break paragraphs
at a fixed width. Judged line by line, such a paragraph looks like a run of
short lines without closing punctuation, which is what menus look like. A page
is taken as wrapped when many of its lines end just short of one width and
almost none are longer; then a line is joined to the next one exactly when the
next line's first word would not have fitted after it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate, pairwise

MIN_WIDTH = 40
MAX_WIDTH = 120
BAND = 12
MIN_BAND_SHARE = 0.35
MAX_OVER_SHARE = 0.03
MIN_LINES = 8
_NEW_ITEM = tuple("•·▪●◦‣∙*–—-+>|")


def wrap_width(lengths: list[int]) -> int | None:
    """The width a text was wrapped at, or None when it does not look wrapped."""
    lengths = [n for n in lengths if n]
    total = len(lengths)
    if total < MIN_LINES:
        return None
    hist = [0] * (max(max(lengths), MAX_WIDTH) + 1)
    for n in lengths:
        hist[n] += 1
    at_most = list(accumulate(hist))  # at_most[k]: lines no longer than k
    if (total - at_most[MIN_WIDTH - BAND - 1]) / total < MIN_BAND_SHARE:
        return None
    best, best_share = None, 0.0
    for width in range(MIN_WIDTH, MAX_WIDTH + 1):
        if (total - at_most[width]) / total > MAX_OVER_SHARE:
            continue
        share = (at_most[width] - at_most[width - BAND - 1]) / total
        if share > best_share:
            best, best_share = width, share
    return best if best_share >= MIN_BAND_SHARE else None


def _starts_item(line: str) -> bool:
    if line.startswith(_NEW_ITEM):
        return True
    head = line.split(" ", 1)[0]
    return len(head) <= 4 and head[:-1].isdigit() and head[-1:] in ".)"


def unwrap(raw: list[str], lines: list[str]) -> tuple[list[str], dict[int, int]]:
    """Join wrapped lines. ``raw`` gives the original lengths, ``lines`` the canonical text.

    Returns the lines, same length, with each paragraph's text on its first line and
    "" on the lines joined into it, and a map from each joined line to that first line.
    """
    width = wrap_width([len(line.expandtabs()) if "\t" in line else len(line) for line in map(str.rstrip, raw)])
    if width is None:
        return lines, {}

    def glue(_head: str, i: int, line: str) -> str | None:  # the next word would not have fitted
        if _starts_item(line):
            return None
        previous = len(raw[i - 1].rstrip().expandtabs())
        return " " if previous + 1 + len(line.split(" ", 1)[0]) > width else None

    return _join_runs(lines, {}, glue)


def _join_runs(
    lines: list[str], joined: dict[int, int], glue: Callable[[str, int, str], str | None]
) -> tuple[list[str], dict[int, int]]:
    """Join each line to the head line of its run when ``glue(head text, index, line)``
    gives the glue; a blank line ends a run unless it is in ``joined`` (a line an
    earlier step already joined). Returns the lines, same length, with "" on each
    joined line, and ``joined`` extended with each joined line's head."""
    out = list(lines)
    joined = dict(joined)
    head = None
    for i, line in enumerate(lines):
        if not line:
            if i not in joined:
                head = None
            continue
        if head is not None:
            sep = glue(out[head], i, line)
            if sep is not None:
                out[head] = f"{out[head]}{sep}{line}"
                out[i] = ""
                joined[i] = head
                continue
        head = i
    return out, joined


# Inline fragments: renderers that put every text node on its own line
# (BeautifulSoup ``get_text("\n")``, lxml ``itertext``, XPath ``//text()``) cut a
# paragraph at each link or emphasis: "Drinking plenty of" / "water" / "throughout the
# day ...". Judged line by line those pieces look like menu items.
_STOP_END = frozenset(".!?…:;。！？\"”’»")
_CLOSE_START = frozenset(",.;:!?)]}”’»%")
_OPEN_END = frozenset("([{“‘«")
MIN_FRAGMENTS = 3


def continues(previous: str, line: str) -> str | None:
    """The glue ("" or " ") when ``line`` continues the sentence of ``previous``, else None."""
    if previous[-1] in _OPEN_END:
        return ""
    if line[0] in _CLOSE_START:
        return ""
    if previous[-1] in _STOP_END:
        return None
    if line[0].islower():
        return " "
    return None


def rejoin_fragments(lines: list[str], joined: dict[int, int]) -> tuple[list[str], dict[int, int]]:
    """Join a line to the line right before it when it continues that line's sentence:
    it starts with a lower-case letter or closing punctuation after a line without a
    stop, or follows an opening bracket. Only in documents where this happens at least
    ``MIN_FRAGMENTS`` times (the renderer's doing, not a one-off line break).

    ``joined`` holds the lines `unwrap` already joined (blank here, not a paragraph
    break). Returns the lines, same length, with the joined text on the first line and
    "" on the lines joined into it, and ``joined`` extended with each joined line's head.
    """
    pairs = 0
    for a, b in pairwise(lines):  # `continues`, inlined: this runs over every line of every page
        if a and b and (a[-1] in _OPEN_END or b[0] in _CLOSE_START or (a[-1] not in _STOP_END and b[0].islower())):
            pairs += 1
            if pairs == MIN_FRAGMENTS:
                break
    else:
        return lines, joined
    return _join_runs(lines, joined, lambda head, _, line: continues(head, line))
