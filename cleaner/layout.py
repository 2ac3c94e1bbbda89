"""Undoing hard line wrapping, so that one paragraph is one line again.

Text-mode browsers and some scrapers (lynx -dump, w3m, `fmt`) break paragraphs
at a fixed width. Judged line by line, such a paragraph looks like a run of
short lines without closing punctuation, which is what menus look like. A page
is taken as wrapped when many of its lines end just short of one width and
almost none are longer, and some of those lines break off mid-sentence (paragraphs
one per line can end near one width too, as a short article often does); then a
line is joined to the next one exactly when the next line's first word would not
have fitted after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from cleaner.compiled import speedups

MIN_WIDTH = 40
MAX_WIDTH = 120
BAND = 12
MIN_BAND_SHARE = 0.35
MAX_OVER_SHARE = 0.03
MIN_LINES = 8
MIN_CONTINUED = 2
MIN_CONTINUED_SHARE = 0.2
_NEW_ITEM = tuple("•·▪●◦‣∙*–—-+>|")


def wrap_width(lengths: list[int]) -> int | None:
    """The width a text was wrapped at, or None when it does not look wrapped."""
    ordered = sorted(lengths)
    blank = bisect_right(ordered, 0)
    total = len(ordered) - blank
    if total < MIN_LINES:
        return None

    def at_most(k: int) -> int:  # the non-blank lines no longer than k
        return bisect_right(ordered, k) - blank

    if (total - at_most(MIN_WIDTH - BAND - 1)) / total < MIN_BAND_SHARE:
        return None
    if (total - at_most(MAX_WIDTH)) / total > MAX_OVER_SHARE:
        return None  # too many lines overflow even the widest width, so every narrower one
    best, best_share = None, 0.0
    for width in range(MIN_WIDTH, MAX_WIDTH + 1):
        if (total - at_most(width)) / total > MAX_OVER_SHARE:
            continue
        share = (at_most(width) - at_most(width - BAND - 1)) / total
        if share > best_share:
            best, best_share = width, share
    return best if best_share >= MIN_BAND_SHARE else None


def _starts_item(line: str) -> bool:
    if line.startswith(_NEW_ITEM):
        return True
    head = line.split(" ", 1)[0]
    return len(head) <= 4 and head[:-1].isdigit() and head[-1:] in ".)"


def _overflows(length: int, line: str, width: int) -> bool:
    """Whether ``line``, not a new list item, starts with a word that would not have
    fitted after a line of ``length`` characters: the wrapping moved it down."""
    return not _starts_item(line) and length + 1 + len(line.split(" ", 1)[0]) > width


def _breaks_mid_sentence(raw_lengths: list[int], lines: list[str], width: int) -> bool:
    """Whether enough lines in the band are cut mid-sentence: the line has no stop at
    its end and the next line, whose first word would not have fitted, starts in lower
    case (or in a script without case). At least ``MIN_CONTINUED`` such lines and
    ``MIN_CONTINUED_SHARE`` of the band. Hard-wrapped prose has them on most band
    lines; paragraphs one per line end with a stop, and lists and headings start
    their next line in capitals."""
    band = continued = 0
    for i, n in enumerate(raw_lengths):
        if not lines[i] or not width - BAND <= n <= width:
            continue
        band += 1
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            nxt
            and lines[i][-1] not in _STOP_END
            and nxt[0].isalpha()
            and not nxt[0].isupper()
            and _overflows(n, nxt, width)
        ):
            continued += 1
    return continued >= MIN_CONTINUED and continued >= MIN_CONTINUED_SHARE * band


def unwrap(raw: list[str], lines: list[str]) -> tuple[list[str], dict[int, int]]:
    """Join wrapped lines. ``raw`` gives the original lengths, ``lines`` the canonical text.

    Returns the lines, same length, with each paragraph's text on its first line and
    "" on the lines joined into it, and a map from each joined line to that first line.
    """
    stripped = list(map(str.rstrip, raw))
    tabbed = "\t" in "".join(stripped)  # one scan: expandtabs leaves a line without tabs as it is
    lengths = [len(line.expandtabs()) for line in stripped] if tabbed else list(map(len, stripped))
    width = wrap_width(lengths)
    if width is None or not _breaks_mid_sentence(lengths, lines, width):
        return lines, {}

    def glue(_head: str, i: int, line: str) -> str | None:
        return " " if _overflows(lengths[i - 1], line, width) else None

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
_STOP_END = frozenset('.!?…:;。！？"”’»')
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
    if line[0].islower() and not _o_bullet(previous, line):
        return " "
    return None


def _o_bullet(previous: str, line: str) -> bool:
    """'o Item' under a list item ('* Section', '+ Item', 'o Item'): the bullet text
    renderers (inscriptis, lynx) give a nested list's items, not the Portuguese or
    Spanish word continuing a sentence ('disse que' / 'o Brasil')."""
    return (
        line[:2] == "o "
        and (line[2:3].isupper() or line[2:3].isdigit())
        and (previous.startswith(_NEW_ITEM) or previous[:2] == "o ")
    )


def rejoin_fragments(
    lines: list[str], joined: dict[int, int], raw: list[str] | None = None
) -> tuple[list[str], dict[int, int]]:
    """Join a line to the line right before it when it continues that line's sentence:
    it starts with a lower-case letter or closing punctuation after a line without a
    stop, or follows an opening bracket. Only in documents where this happens at least
    ``MIN_FRAGMENTS`` times (the renderer's doing, not a one-off line break).

    ``joined`` holds the lines `unwrap` already joined (blank here, not a paragraph
    break). Returns the lines, same length, with the joined text on the first line and
    "" on the lines joined into it, and ``joined`` extended with each joined line's head.

    With the ``raw`` lines, a line also continues on the next one when the text node
    ended in a space ('Below, we analyze the stats for the ' / 'Cleveland Browns') or
    the next one starts with a single space ('Palm Bay (1-0):' / ' Tolivert 25
    points.'): a renderer that breaks at every text node keeps the space the source had
    around an inline tag, while a block's text ends in a line break and indentation,
    which comes out as a blank line between the two. Such pairs also count towards
    ``MIN_FRAGMENTS``; neither counts nor joins on pages most of whose lines are
    indented (a layout renderer's indentation and padding).
    """
    pairs = _fragment_pairs(lines, MIN_FRAGMENTS)
    spaced = raw is not None and _spaced_pairs(lines, raw, MIN_FRAGMENTS - pairs) and not _indented(raw)
    if pairs < MIN_FRAGMENTS and not spaced:
        return lines, joined
    if not spaced:
        return _join_runs(lines, joined, lambda head, _, line: continues(head, line))

    def glue(head: str, i: int, line: str) -> str | None:
        sep = continues(head, line)
        if sep is None and _spaced(raw[i - 1], raw[i]) and _may_continue(head, line):
            return " "
        return sep

    return _join_runs(lines, joined, glue)


def _spaced(previous: str, line: str) -> bool:
    """Whether the raw ``previous`` line ends in one whitespace character or the raw
    ``line`` starts with a single space (more is indentation, padding or Markdown's line
    break)."""
    if previous[-1:].isspace():
        return not previous[-2:-1].isspace()
    return line[:1] == " " and not line[1:2].isspace()


def _may_continue(head: str, line: str) -> bool:
    """Whether a spaced ``line`` may continue ``head``'s sentence: not a list item, not
    after a number or a word in capitals (a count, a date, a kicker: 'RANDY ANDY' /
    ' Andrew parties in ...'), not a heading in capitals itself."""
    last = head[-1]
    if last.isupper() or last.isdigit() or _starts_item(line):
        return False
    return not (line.isupper() and " " in line)


def _fragment_pairs_python(lines: list[str], enough: int) -> int:
    """How many pairs of adjacent non-blank ``lines`` `continues` joins, counted up to
    ``enough`` (the twin of the compiled `cleaner._speedups.fragment_pairs`)."""
    pairs = 0
    for a, b in pairwise(lines):
        if pairs >= enough:
            break
        if a and b and continues(a, b) is not None:
            pairs += 1
    return pairs


def _spaced_pairs_python(lines: list[str], raw: list[str], enough: int) -> bool:
    """Whether at least ``enough`` (>= 1) pairs of adjacent non-blank lines are `_spaced`
    (``lines`` and ``raw`` have one length; the twin of the compiled
    `cleaner._speedups.spaced_pairs`)."""
    found = 0
    for k in range(1, len(raw)):
        if lines[k - 1] and lines[k] and _spaced(raw[k - 1], raw[k]):
            found += 1
            if found >= max(1, enough):
                return True
    return False


# The compiled helper takes `continues`' character sets as strings; it checks a line's
# first character against the bullets, so each bullet must be one character.
_OPEN_CHARS, _CLOSE_CHARS, _STOP_CHARS = ("".join(chars) for chars in (_OPEN_END, _CLOSE_START, _STOP_END))
_ITEM_CHARS = "".join(_NEW_ITEM)
assert all(len(bullet) == 1 for bullet in _NEW_ITEM)


def _fragment_pairs_compiled(lines: list[str], enough: int) -> int:
    """`_fragment_pairs_python`, counted by the compiled helper."""
    return speedups.fragment_pairs(lines, enough, _OPEN_CHARS, _CLOSE_CHARS, _STOP_CHARS, _ITEM_CHARS)


# On most pages no fragment is joined, and these counts over every pair of lines are all
# the work `rejoin_fragments` does: the helper does it when it was built.
_fragment_pairs = _fragment_pairs_python if speedups is None else _fragment_pairs_compiled
_spaced_pairs = _spaced_pairs_python if speedups is None else speedups.spaced_pairs


def _indented(raw: list[str]) -> bool:
    """Whether most non-blank lines start with whitespace: a layout renderer's indentation
    and padding (inscriptis, Markdown lists), where spaces say nothing about text nodes."""
    starts = [line[:1].isspace() for line in raw if line and not line.isspace()]
    return 2 * sum(starts) > len(starts)


# A Markdown table's delimiter row ('---|---|---', '| :--- | ---: |'), as html2text writes it.
# Only the form without outer pipes: a table with outer pipes ('|---|---|') is the one our
# HTML path writes into its output, which must come out of the text path unchanged.
_TABLE_DELIMITER = re.compile(r":?-{3,}:?(?:\s*\|\s*:?-{3,}:?)+")
_CELL_BORDER = re.compile(r"\s*\|\s*")


def markdown_tables(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Markdown tables written by a renderer such as html2text (delimiter row '---|---').
    The delimiter row is to be dropped (it is no text; the caller drops it, and it still
    separates blocks); the cell borders in the header row above it and in the rows below
    it (up to a line without a '|') become spaces, so that a table row is judged by its
    words rather than as a menu of separated items. A line with '|' but no delimiter row
    next to its table ('Home | News | Sport') is not touched. Returns the lines and,
    per changed index, 'delimiter' or 'row'."""
    # C-level scans settle the common case: one character is found many times faster than
    # a string of them, and every delimiter row holds a '|'.
    joined = "\n".join(lines)
    if "|" not in joined or "---" not in joined:
        return lines, {}
    out, what = list(lines), {}
    for d, line in enumerate(lines):
        if "---" not in line or "|" not in line or not _TABLE_DELIMITER.fullmatch(line):
            continue
        what[d] = "delimiter"  # stays in the lines: dropped, it still separates blocks
        rows = [d - 1] if d and "|" in lines[d - 1] else []
        k = d + 1
        while k < len(lines) and "|" in lines[k] and not _TABLE_DELIMITER.fullmatch(lines[k]):
            rows.append(k)
            k += 1
        for r in rows:
            if r not in what:
                out[r], what[r] = " ".join(_CELL_BORDER.sub(" ", lines[r]).split()), "row"
    return out, what


# A bullet or separator alone on a line ('*', '•', '|'): a renderer that puts every text
# node on its own line writes the glyph of '<b>*</b>Only the top 12 ...' apart from its item.
# Judged alone it is a one-character furniture line that cuts the article's notes off;
# html-text and inscriptis write it in front of the item. Joined to the next line when
# that line follows it directly (no blank line: nothing in the source between the two).
BULLET_GLYPHS = frozenset("*•·»|/–—-")


def bullet_lines(lines: list[str], joined: dict[int, int], raw: list[str]) -> tuple[list[str], dict[int, int]]:
    """Join each line that is only a `BULLET_GLYPHS` character, unindented in the ``raw``
    dump, to the line right after it ('*' / 'Only the top 12 ...' becomes '* Only the top
    12 ...'). Not an indented glyph (a layout renderer's bullet of an empty list item:
    inscriptis writes '  * ' for each), nor a glyph before another one (a run of empty
    items). Returns the lines, same length, with "" on each joined line, and ``joined``
    extended with its head."""
    if BULLET_GLYPHS.isdisjoint(lines):  # one C-level pass settles most pages
        return lines, joined
    heads = [i for i, line in enumerate(lines[:-1]) if len(line) == 1 and line in BULLET_GLYPHS]
    heads = [
        i
        for i in heads
        if lines[i + 1] and lines[i + 1][0] not in BULLET_GLYPHS and not raw[i][:1].isspace() and i + 1 not in joined
    ]
    if not heads:
        return lines, joined
    out, joined = list(lines), dict(joined)
    for i in heads:
        out[i], out[i + 1] = f"{out[i]} {out[i + 1]}", ""
        joined[i + 1] = i
    return out, joined


# Table cells one per line: a renderer that puts every text node on its own line
# (BeautifulSoup ``get_text("\n")``) writes a table row as its cells, one a line, and the
# source's whitespace between the tags as blank lines: the same small number between the
# cells of a row (the whitespace between two <td>) and more between rows (between </tr>
# and <tr>). Judged line by line, a standings table is hundreds of one-word lines that
# cut the article around it. A grid is at least `GRID_MIN_ROWS` consecutive rows of the
# same `GRID_MIN_CELLS`..`GRID_MAX_CELLS` cells, the gap inside every row the same and
# every gap between rows larger. Cells are short (names, figures): at most
# `GRID_MAX_CELL_WORDS` words, the row's last one (a remark, a stat line) `GRID_MAX_LAST_WORDS`.
# Not grids: pairs (a heading and its paragraph, a question and its answer), paragraphs
# evenly spaced (one gap only), prose lines or captions grouped in threes (a sentence is
# longer than a cell), a menu whose sections differ in size.
GRID_MIN_ROWS = 3
GRID_MIN_CELLS = 3
GRID_MAX_CELLS = 12
GRID_MAX_CELL_WORDS = 6
GRID_MAX_LAST_WORDS = 20


def _cell_words_fit(lines: list[str], cells: list[int], first: int, width: int) -> bool:
    """Whether the ``width`` cells from ``first`` on are short enough for a table row."""
    return len(lines[cells[first + width - 1]].split()) <= GRID_MAX_LAST_WORDS and all(
        len(lines[cells[k]].split()) <= GRID_MAX_CELL_WORDS for k in range(first, first + width - 1)
    )


def grid_rows(lines: list[str], joined: dict[int, int]) -> tuple[list[str], dict[int, int], list[tuple[int, int]]]:
    """Join the cells of each row of a table written one cell a line into one line,
    cells separated by a space, as a renderer keeping rows writes it ('1 Kyle Busch 5040
    5 1'). Lines already joined to an earlier one (in ``joined``, blank here) count as
    blank lines, so a cell cut at an inline tag makes its row irregular: no grid. Returns
    the lines, same length, with each row's text on its first cell's line and "" on the
    others, ``joined`` extended with their head, and each grid's (first, last) line
    indexes: its rows are one table, as if no blank line parted them."""
    cells, starts, value, length, possible = _grid_runs(lines)
    out, joined, grids = lines, joined, []
    r, chain = 0, None
    for candidate in possible:
        if candidate < r:  # inside the grid found before
            continue
        r = candidate
        if chain is None or not chain.holds(r):
            chain = _Chain.walk(r, lines, cells, starts, value, length)
        firsts = chain.rows_from(r)
        if firsts is None:
            continue
        if out is lines:
            out, joined = list(lines), dict(joined)
        span = chain.span
        for first in firsts:
            head = cells[first]
            out[head] = " ".join(lines[cells[k]] for k in range(first, first + span + 1))
            for k in range(first + 1, first + span + 1):
                out[cells[k]] = ""
                joined[cells[k]] = head
        grids.append((cells[firsts[0]], cells[firsts[-1] + span]))
        r = chain.end
    return out, joined, grids


@dataclass
class _Chain:
    """The rows that follow a run where a grid could start (`_grid_runs`): each row's first
    cell (a row every span + 1 cells), whether its cells' words fit a table, and the run
    after it. A later candidate inside the chain, left when the rows from an earlier one
    did not make a grid, has the chain's tail for its rows: walked once, the chain answers
    for all of them, so a long run of rows that do not fit costs time in proportion to it."""

    start: int  # the run the chain was walked from
    span: int
    firsts: list[int]
    end: int  # the run where the walk stopped
    count_from: list[int]  # rows that fit, from each row on
    next_fit: list[int]  # the first row that fits, from each row on (len(firsts) if none)
    last_fit: int

    @classmethod
    def walk(
        cls, r: int, lines: list[str], cells: list[int], starts: list[int], value: list[int], length: list[int]
    ) -> _Chain:
        runs, a, span = len(value), value[r], length[r + 2]
        firsts = [starts[r] + length[r] - span]  # a longer first run: a caption above the header row
        q = r + 2
        while q < runs and value[q] == a and length[q] == span and (q + 1 == runs or value[q + 1] > a):
            firsts.append(starts[q])
            if q + 1 == runs or length[q + 1] != 1:
                break
            q += 2
        fits = [_cell_words_fit(lines, cells, f, span + 1) for f in firsts]
        count_from, next_fit = [0] * (len(firsts) + 1), [len(firsts)] * (len(firsts) + 1)
        for k in range(len(firsts) - 1, -1, -1):
            count_from[k] = count_from[k + 1] + fits[k]
            next_fit[k] = k if fits[k] else next_fit[k + 1]
        last_fit = max((k for k, fit in enumerate(fits) if fit), default=-1)
        return cls(r, span, firsts, q, count_from, next_fit, last_fit)

    def holds(self, r: int) -> bool:
        """Whether ``r``'s rows are this chain's from r on: r is one of its rows' runs,
        and the row after r is in the chain too (so r's rows have the chain's width)."""
        k, odd = divmod(r - self.start, 2)
        return r > self.start and not odd and k + 1 < len(self.firsts)

    def rows_from(self, r: int) -> list[int] | None:
        """The first cells of the grid made by the rows from run ``r`` on that fit (at least
        `GRID_MIN_ROWS`, with no row between them that does not), or None."""
        k = (r - self.start) // 2
        count, first = self.count_from[k], self.next_fit[k]
        if count < GRID_MIN_ROWS or self.last_fit - first + 1 != count:
            return None
        return self.firsts[first : self.last_fit + 1]


GridRuns = tuple[list[int], list[int], list[int], list[int], list[int]]


def _grid_runs_python(lines: list[str]) -> GridRuns:
    """The indexes of the lines with text (the cells); the runs of equal gaps (blank lines
    between consecutive cells), as each run's first gap, its gap and its length; and the
    runs r where a grid could start: a run of the same gap follows one larger gap, and
    its cells could be a row. A row is a run of (cells - 1) equal gaps; rows are parted by
    one larger gap (the twin of the compiled `cleaner._speedups.grid_runs`)."""
    cells = [i for i, line in enumerate(lines) if line]
    if len(cells) < GRID_MIN_ROWS * GRID_MIN_CELLS:
        return cells, [], [], [], []
    gaps = [b - a - 1 for a, b in pairwise(cells)]
    starts = [0, *(j for j in range(1, len(gaps)) if gaps[j] != gaps[j - 1])]
    value = [gaps[j] for j in starts]
    length = [b - a for a, b in pairwise([*starts, len(gaps)])]
    possible = [
        r
        for r in range(len(value) - 2)
        if value[r + 2] == value[r] < value[r + 1]
        and length[r + 1] == 1
        and GRID_MIN_CELLS <= length[r + 2] + 1 <= GRID_MAX_CELLS
        and length[r] >= length[r + 2]
    ]
    return cells, starts, value, length, possible


def _grid_runs_compiled(lines: list[str]) -> GridRuns:
    """`_grid_runs_python`, found by the compiled helper."""
    return speedups.grid_runs(lines, GRID_MIN_ROWS, GRID_MIN_CELLS, GRID_MAX_CELLS)


_grid_runs = _grid_runs_python if speedups is None else _grid_runs_compiled
