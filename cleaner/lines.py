"""Boilerplate verdicts for the lines no explicit rule decided.

Each line gets a prose score from features that need no site knowledge
(length, closing punctuation, capitalisation, separators, furniture
vocabulary). The article is the contiguous region that maximises the summed
score: prose inside, furniture outside, in the manner of body-text extraction.
Everything outside the region is furniture; inside it, only lines that look
like furniture on their own with high confidence are dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

EDGE_MIN = 1.0
BARRIER_SCORE = -1.5
SWITCH_COST = 12.0
# A short line printed twice on one page is a menu item or teaser, not prose.
REPEAT_PENALTY = 3.0
REPEAT_MAX_WORDS = 20
LONG_LINE = 40

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL_CHARS = frozenset(""".!?…:;"”’»)]。！？」』""")
_BULLET_CHARS = frozenset("•·▪●◦‣∙*–—-")
_SEPARATORS = re.compile(r"\s[|•·/»›]\s")
_DIGIT = re.compile("[0-9]")
STRIP = "\"'“”‘’()[]{}.,:;!?|•·»«›‹-–—"
FURNITURE_WORDS = frozenset(
    [
        "subscribe",
        "subscribers",
        "newsletter",
        "newsletters",
        "signin",
        "signup",
        "login",
        "register",
        "cookies",
        "cookie",
        "privacy",
        "copyright",
        "advertisement",
        "advertise",
        "advertising",
        "sponsored",
        "related",
        "recommended",
        "trending",
        "comments",
        "comment",
        "menu",
        "share",
        "tweet",
        "follow",
    ]
)
FURNITURE_PHRASES = (
    "sign in",
    "sign up",
    "log in",
    "all rights reserved",
    "click here",
    "read more",
    "terms of use",
    "terms of service",
    "most popular",
    "skip to",
    "download the app",
    "follow us",
)
_PHRASES = re.compile("|".join(re.escape(p) for p in FURNITURE_PHRASES))


class LineFeatures(NamedTuple):
    words: int
    chars: int
    terminal: bool
    title_case: float
    bullet: bool
    separators: int
    digit_share: float
    furniture_words: int


# What the region search sees of a line a rule already dropped (only its score matters).
BARRIER_FEATURES = LineFeatures(0, 0, False, 0.0, False, 0, 0.0, 0)


def word_count(line: str, tokens: list[str]) -> int:
    """Words in a line; scripts written without spaces count two characters a word."""
    words = len(tokens)
    if not line.isascii():
        cjk = len(CJK.findall(line))
        if cjk > words:
            words = max(words, cjk // 2)
    return words


@functools.lru_cache(maxsize=1 << 15)
def features(line: str) -> LineFeatures:
    """Cheap per-line evidence; the fine-grained counts only matter for short lines.

    Cached: menus, footers and teasers repeat within a page and across a site's pages.
    """
    tokens = line.split()
    words = word_count(line, tokens)
    terminal = line[-1:] in _TERMINAL_CHARS
    if words >= LONG_LINE:
        return LineFeatures(words, len(line), terminal, 0.0, False, 0, 0.0, 0)
    alpha = upper = furniture = 0
    for t in tokens:
        c = t[0]
        if c.isalpha():
            alpha += 1
            if c.isupper():
                upper += 1
        if t.strip(STRIP).lower() in FURNITURE_WORDS:
            furniture += 1
    furniture += len(set(_PHRASES.findall(line.lower())))
    digits = len(_DIGIT.findall(line))
    return LineFeatures(
        words=words,
        chars=len(line),
        terminal=terminal,
        title_case=round(upper / alpha, 2) if alpha else 0.0,
        bullet=line[:1] in _BULLET_CHARS and line[1:2].isspace(),
        separators=len(_SEPARATORS.findall(line)) if words > 2 else 0,
        digit_share=round(digits / max(1, len(line) - line.count(" ")), 2),
        furniture_words=furniture,
    )


def prose_score(f: LineFeatures) -> float:
    """Positive for article prose, negative for page furniture."""
    score = min(f.words, 40) / 8.0
    if f.terminal:
        score += 1.5 if f.words >= 4 else 0.3
    else:
        score -= 1.5
    if f.words < 4:
        score -= 2.0
    if f.title_case > 0.7 and f.words < 15 and not f.terminal:
        score -= 1.0
    if f.bullet:
        score -= 1.0
    if f.separators >= 2:
        score -= 2.0
    if f.digit_share > 0.3:
        score -= 1.5
    score -= 1.5 * min(f.furniture_words, 2) * (1.0 if f.words < 25 else 0.3)
    return round(score, 2)


def _weak_edge(f: LineFeatures, score: float) -> bool:
    """A heading-like line at the region's edge belongs to the furniture around it
    (teaser headlines, section labels), not to the article."""
    return not f.terminal and score < EDGE_MIN


@dataclass
class LineCall:
    """The heuristic's decision on one line, with the evidence `explain` shows."""

    keep: bool
    reason: str
    score: float
    features: LineFeatures
    in_region: bool


def main_region(scores: list[float]) -> tuple[int, int]:
    """Indexes (first, last) of the contiguous run with the largest total score (Kadane)."""
    best, best_span = float("-inf"), (0, -1)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def segments(scores: list[float], switch_cost: float) -> list[tuple[int, int]]:
    """Best set of article blocks: maximise the summed score of lines inside blocks,
    where the first block is free and each further block costs ``switch_cost``.

    A three-state Viterbi pass (before the article, inside a block, between
    blocks), linear time. A huge switch cost gives the single maximum-sum region;
    a moderate one lets an article resume after an inline newsletter box or teaser.
    """
    n = len(scores)
    if n == 0:
        return []
    neg = float("-inf")
    before, inside, between = 0.0, scores[0], neg
    back: list[tuple[int, int, int]] = [(0, 0, 2)]  # predecessor state of (before, inside, between)
    for s in scores[1:]:
        resume = between - switch_cost
        if before >= inside and before >= resume:
            prev_in, best_in = 0, before
        elif inside >= resume:
            prev_in, best_in = 1, inside
        else:
            prev_in, best_in = 2, resume
        if inside >= between:
            back.append((0, prev_in, 1))
            between = inside
        else:
            back.append((0, prev_in, 2))
        inside = best_in + s
    finals = (before, inside, between)
    state = max(range(3), key=lambda k: finals[k])
    flags = [False] * n
    for i in range(n - 1, -1, -1):
        flags[i] = state == 1
        state = back[i][state]
    blocks, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            blocks.append((start, i - 1))
            start = None
    return blocks


def judge(feats: list[LineFeatures], scores: list[float]) -> list[LineCall]:
    """Keep-or-drop for each line (non-empty, rule-surviving, canonical lines)."""
    if not feats:
        return []
    inside = [False] * len(feats)
    for first, last in segments(scores, SWITCH_COST):
        while first < last and _weak_edge(feats[first], scores[first]):
            first += 1
        while last > first and _weak_edge(feats[last], scores[last]):
            last -= 1
        if first == last and _weak_edge(feats[first], scores[first]):
            continue
        for i in range(first, last + 1):
            inside[i] = True
    return [
        LineCall(keep, "inside an article block" if keep else "outside the article blocks", s, f, keep)
        for f, s, keep in zip(feats, scores, inside, strict=True)
    ]
