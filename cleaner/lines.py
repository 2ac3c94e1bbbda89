"""Boilerplate verdicts for the lines no explicit rule decided.

Each line gets a prose score from features that need no site knowledge
(length, closing punctuation, capitalisation, separators, furniture
vocabulary). The article is the contiguous region that maximises the summed
score: prose inside, furniture outside, in the manner of body-text extraction.
Everything outside the region is furniture; inside it, only lines that look
like furniture on their own with high confidence are dropped.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

EDGE_MIN = 1.0

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL = re.compile(r"""[.!?…:;"”’»)\]。！？」』]$""")
_BULLET = re.compile(r"^[•·▪●◦‣∙*–—-]\s")
_SEPARATORS = re.compile(r"\s[|•·/»›]\s")
_DIGITS = re.compile(r"\d")
_FURNITURE_WORDS = re.compile(
    r"(?i)\b(?:subscribe|newsletter|sign in|sign up|log in|login|register|cookies?|privacy|copyright|"
    r"all rights reserved|advertisement|advertise|share this|follow us|related|recommended|trending|"
    r"click here|comments?|terms of (?:use|service)|read more|most popular|sponsored|download the app|"
    r"skip to|menu|newsletters)\b"
)


@dataclass(frozen=True)
class LineFeatures:
    words: int
    chars: int
    terminal: bool
    title_case: float
    bullet: bool
    separators: int
    digit_share: float
    furniture_words: int

    def as_dict(self) -> dict:
        return asdict(self)


def features(line: str) -> LineFeatures:
    tokens = line.split()
    words = len(tokens)
    cjk = len(_CJK.findall(line)) if not line.isascii() else 0
    if cjk > words:
        words = max(words, cjk // 2)
    alpha = [t for t in tokens if t[:1].isalpha()]
    title = sum(1 for t in alpha if t[:1].isupper()) / len(alpha) if alpha else 0.0
    digits = len(_DIGITS.findall(line))
    return LineFeatures(
        words=words,
        chars=len(line),
        terminal=bool(_TERMINAL.search(line)),
        title_case=round(title, 2),
        bullet=bool(_BULLET.match(line)),
        separators=len(_SEPARATORS.findall(line)),
        digit_share=round(digits / max(1, len(line.replace(" ", ""))), 2),
        furniture_words=len(_FURNITURE_WORDS.findall(line)),
    )


def prose_score(f: LineFeatures) -> float:
    """Positive for article prose, negative for page furniture."""
    score = min(f.words, 40) / 8.0
    if f.terminal:
        score += 1.5 if f.words >= 4 else 0.3
    else:
        score -= 1.0
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


def judge(lines: list[str]) -> list[LineCall]:
    """Keep-or-drop for each line (all non-empty, rule-surviving, canonical lines)."""
    feats = [features(line) for line in lines]
    scores = [prose_score(f) for f in feats]
    if not lines:
        return []
    first, last = main_region(scores)
    while first < last and _weak_edge(feats[first], scores[first]):
        first += 1
    while last > first and _weak_edge(feats[last], scores[last]):
        last -= 1
    calls = []
    for i, (f, s) in enumerate(zip(feats, scores)):
        inside = first <= i <= last
        if inside:
            calls.append(LineCall(True, "inside main region", s, f, True))
        else:
            calls.append(LineCall(False, "outside main region", s, f, False))
    return calls
