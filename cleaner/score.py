"""Scores cleaned text against gold text, the way the article-extraction benchmark does.

Kept apart from `cleaner.bench` so that the measure can be read, tested and reused
on its own. It re-implements the shared reference scorer figure for figure:

* shingle P/R: 4-word shingles of ``\\w+`` tokens (case kept), precision and recall
  per page from a multiset (Counter) intersection, averaged over pages; F1 is taken
  from the two averages, not averaged per page.
* BOW: per-page bag-of-words F1 over lowercased ``\\w+`` tokens, averaged.

Edge cases follow the reference: a text of fewer than four tokens is one shingle of
all its tokens; an empty prediction against an empty gold scores P = R = BOW = 1.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOK = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def tokens(text: str | None) -> list[str]:
    """Word tokens as the benchmark counts them (``\\w+``, Unicode-aware)."""
    return _TOK.findall(text or "")


def shingles(toks: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; short texts become one shingle so they still count."""
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_prf(pred: str | None, gold: str | None) -> tuple[float, float]:
    """Shingle precision and recall of one page (1, 1 when both sides are empty)."""
    p, g = shingles(tokens(pred)), shingles(tokens(gold))
    if not p and not g:
        return 1.0, 1.0
    inter = sum((p & g).values())
    prec = inter / sum(p.values()) if p else 0.0
    rec = inter / sum(g.values()) if g else 0.0
    return prec, rec


def page_bow_f1(pred: str | None, gold: str | None) -> float:
    """Bag-of-words F1 of one page: forgives order and layout, unlike shingles."""
    p = Counter(t.lower() for t in tokens(pred))
    g = Counter(t.lower() for t in tokens(gold))
    if not p and not g:
        return 1.0
    inter = sum((p & g).values())
    if not inter:
        return 0.0
    prec, rec = inter / sum(p.values()), inter / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def f1(p: float, r: float) -> float:
    """Harmonic mean, 0 when both are 0."""
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PageScore:
    """One page's figures; F1 here is per page, used only to rank the worst pages."""

    P: float
    R: float
    BOW: float

    @property
    def F1(self) -> float:
        return f1(self.P, self.R)


def score_page(pred: str | None, gold: str | None) -> PageScore:
    """All per-page figures at once."""
    p, r = page_prf(pred, gold)
    return PageScore(p, r, page_bow_f1(pred, gold))


def aggregate(scores: Iterable[PageScore]) -> dict[str, float]:
    """Corpus figures from per-page ones: P, R, BOW averaged; F1 from averaged P and R."""
    items = list(scores)
    n = len(items)
    if not n:
        return {"n": 0}
    P = sum(s.P for s in items) / n
    R = sum(s.R for s in items) / n
    return {"n": n, "P": P, "R": R, "F1": f1(P, R), "BOW": sum(s.BOW for s in items) / n}


def corpus_scores(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """Same signature and result as the reference ``corpus_scores`` (pairs of pred, gold)."""
    return aggregate(score_page(pred, gold) for pred, gold in pairs)
