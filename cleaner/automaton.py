"""Aho-Corasick automata as flat tables, for the compiled helper's scans of a page.

`ahocorasick_rs` finds the same matches, but hands each one back as a Python tuple. On
a page the rule literals and the vocabulary match a few hundred times, and making and
reading those tuples costs more than the scan itself. The compiled helper walks these
tables over the page's characters (as UTF-8 bytes) and uses each match where it finds
it. Without the helper, `ahocorasick_rs` does the matching.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Automaton:
    """A deterministic Aho-Corasick automaton over bytes, every match reported
    (overlapping ones included). ``tables`` is what the compiled helper reads:

    - a class per byte (256 bytes; class 0 for the bytes no pattern holds);
    - the row width: the classes, plus a last column that is -1 for a state where
      patterns end, else 0;
    - the transitions, state x width int32, each already multiplied by the width;
    - per state, where its patterns start in the next table (states + 1 int32);
    - the patterns ending at each state, by index into ``patterns``;
    - each pattern's length in characters.
    """

    patterns: tuple[str, ...]
    tables: tuple[bytes, int, bytes, bytes, bytes, bytes]


def build(patterns: Sequence[str]) -> Automaton:
    """The automaton of ``patterns`` (non-empty strings without a newline)."""
    if not all(patterns) or any("\n" in p for p in patterns):
        raise ValueError("patterns must be non-empty and hold no newline")
    encoded = [p.encode("utf-8") for p in patterns]
    used = sorted({b for e in encoded for b in e})
    classes = np.zeros(256, dtype=np.uint8)
    classes[used] = np.arange(1, len(used) + 1)
    width = len(used) + 2  # class 0, the used bytes, the match flag
    children: list[dict[int, int]] = [{}]
    ends: list[list[int]] = [[]]
    for k, pattern in enumerate(encoded):
        state = 0
        for byte in pattern:
            c = int(classes[byte])
            if c not in children[state]:
                children[state][c] = len(children)
                children.append({})
                ends.append([])
            state = children[state][c]
        ends[state].append(k)
    n = len(children)
    delta = np.zeros((n, width), dtype=np.int64)
    fail = [0] * n
    queue = deque(children[0].values())
    delta[0, list(children[0])] = list(children[0].values())
    while queue:  # breadth first: a state's fallback is complete before its children's
        state = queue.popleft()
        ends[state] = sorted({*ends[state], *ends[fail[state]]})
        delta[state] = delta[fail[state]]
        for c, child in children[state].items():
            fail[child] = int(delta[fail[state], c])
            delta[state, c] = child
            queue.append(child)
    delta *= width
    delta[:, width - 1] = [-1 if found else 0 for found in ends]
    first = np.cumsum([0, *map(len, ends)]).astype(np.int32)
    ids = np.array([k for found in ends for k in found], dtype=np.int32)
    lengths = np.array([len(p) for p in patterns], dtype=np.int32)
    tables = (
        classes.tobytes(),
        width,
        delta.astype(np.int32).tobytes(),
        first.tobytes(),
        ids.tobytes(),
        lengths.tobytes(),
    )
    return Automaton(tuple(patterns), tables)


def matches(automaton: Automaton, text: str) -> list[tuple[int, int, int]]:
    """Every (pattern, start, end) match in ``text``, in the order the compiled scan
    reports them (by end, then pattern): the tables walked in Python, for tests and
    for whoever reads the tables."""
    classes, width, delta_bytes, first_bytes, ids_bytes, lengths_bytes = automaton.tables
    delta = np.frombuffer(delta_bytes, dtype=np.int32).tolist()
    first = np.frombuffer(first_bytes, dtype=np.int32).tolist()
    ids = np.frombuffer(ids_bytes, dtype=np.int32).tolist()
    lengths = np.frombuffer(lengths_bytes, dtype=np.int32).tolist()
    found, state = [], 0
    for end, char in enumerate(text, 1):
        for byte in char.encode("utf-8", "surrogatepass"):
            state = delta[state + classes[byte]]
        if delta[state + width - 1] < 0:
            row = state // width
            found += [(k, end - lengths[k], end) for k in ids[first[row] : first[row + 1]]]
    return found
