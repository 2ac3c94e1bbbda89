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
    - the row width: the number of classes;
    - the transitions, state x width, each already multiplied by the width: uint16 when
      they fit (the usual case: half the memory a scan reads), else int32;
    - per state, where its patterns start in the next table (states + 1 int32);
    - the patterns ending at each state, by index into ``patterns``;
    - each pattern's length in characters;
    - where the states at which patterns end begin (they are numbered last, so a scan
      tells a match from the state alone), multiplied by the width;
    - the transitions' size in bytes, 2 or 4.
    """

    patterns: tuple[str, ...]
    tables: tuple[bytes, int, bytes, bytes, bytes, bytes, int, int]


def build(patterns: Sequence[str], ascii_case_insensitive: bool = False) -> Automaton:
    """The automaton of ``patterns`` (non-empty strings without a newline). With
    ``ascii_case_insensitive`` (the patterns then hold no ASCII capital), an ASCII capital
    in the text reads as its lower case: a scan of a page finds what a scan of the page
    with its ASCII capitals lowered finds, at the same offsets, without the lowered copy."""
    if not all(patterns) or any("\n" in p for p in patterns):
        raise ValueError("patterns must be non-empty and hold no newline")
    encoded = [p.encode("utf-8") for p in patterns]
    used = sorted({b for e in encoded for b in e})
    classes = np.zeros(256, dtype=np.uint8)
    classes[used] = np.arange(1, len(used) + 1)
    if ascii_case_insensitive:
        if any(ord("A") <= b <= ord("Z") for b in used):
            raise ValueError("patterns matched without ASCII case hold no ASCII capital")
        classes[ord("A") : ord("Z") + 1] = classes[ord("a") : ord("z") + 1]
    width = len(used) + 1  # class 0 and the used bytes
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
    # States where patterns end come last, in their order: a scan then knows a match by
    # the state's number. The root, where none ends, stays state 0.
    order = [k for k in range(n) if not ends[k]] + [k for k in range(n) if ends[k]]
    number = np.empty(n, dtype=np.int64)
    number[order] = np.arange(n)
    delta = number[delta[order]] * width
    ends = [ends[k] for k in order]
    matching_from = sum(1 for found in ends if not found) * width
    itemsize = 2 if n * width <= 1 << 16 else 4
    first = np.cumsum([0, *map(len, ends)]).astype(np.int32)
    ids = np.array([k for found in ends for k in found], dtype=np.int32)
    lengths = np.array([len(p) for p in patterns], dtype=np.int32)
    tables = (
        classes.tobytes(),
        width,
        delta.astype(np.uint16 if itemsize == 2 else np.int32).tobytes(),
        first.tobytes(),
        ids.tobytes(),
        lengths.tobytes(),
        matching_from,
        itemsize,
    )
    return Automaton(tuple(patterns), tables)


def matches(automaton: Automaton, text: str) -> list[tuple[int, int, int]]:
    """Every (pattern, start, end) match in ``text``, in the order the compiled scan
    reports them (by end, then pattern): the tables walked in Python, for tests and
    for whoever reads the tables."""
    classes, width, delta_bytes, first_bytes, ids_bytes, lengths_bytes, matching_from, itemsize = automaton.tables
    delta = np.frombuffer(delta_bytes, dtype=np.uint16 if itemsize == 2 else np.int32).tolist()
    first = np.frombuffer(first_bytes, dtype=np.int32).tolist()
    ids = np.frombuffer(ids_bytes, dtype=np.int32).tolist()
    lengths = np.frombuffer(lengths_bytes, dtype=np.int32).tolist()
    found, state = [], 0
    for end, char in enumerate(text, 1):
        for byte in char.encode("utf-8", "surrogatepass"):
            state = delta[state + classes[byte]]
        if state >= matching_from:
            row = state // width
            found += [(k, end - lengths[k], end) for k in ids[first[row] : first[row + 1]]]
    return found
