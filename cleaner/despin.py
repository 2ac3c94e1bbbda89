"""Detect machine-spun text ("article spinner" output) and restore the original wording.

Detection is one Aho-Corasick pass over the document with the high-precision signatures of the
phrase table ("World Struggle II", "The Related Press"), normalised by length. Only a document
above the threshold is rewritten, so clean text is never touched. Reversal is then

1. the phrase table, matched in one pass, case- and inflection-aware, overlaps resolved to the
   rows covering the most text;
2. the general mechanism for words the table misses:
   - document swaps: a spinner applies one dictionary to the whole text, so a word swap seen in
     two confident table rows ("nationwide safety", "safety ensures" -> "safety" = "security")
     is applied to the same word elsewhere unless the bigram context objects;
   - context candidates: an inverted thesaurus proposes the words a spun word may stand for and
     bigram counts pick one only when every neighbour prefers it by a large margin (an article
     left as "a" before a vowel is extra evidence that the next word was swapped).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cleaner.compiled import ascii_mapped
from cleaner.despin_data import SENTENCE_OPENERS, DespinResources, PhraseMatcher, PhraseRule, load_despin_resources
from cleaner.model import Change

__all__ = ["DespinOutcome", "DespinResources", "despin", "load_despin_resources", "spin_score"]

MIN_WORDS = 300
MIN_DISTINCT_SIGNATURES = 2
MIN_SIGNATURE_WEIGHT = 6.0
CONTEXT_MARGIN = math.log(50.0)
SIDE_MARGIN = math.log(4.0)
ONE_SIDED_MARGIN = math.log(200.0)
RUNNER_UP_MARGIN = math.log(3.0)
ARTICLE_MARGIN = math.log(4.0)
MAPPING_SUPPORT = 3.0
MAPPING_ROWS = 2
MAPPING_MIN_GAIN = -math.log(4.0)
SMALL_WORDS = frozenset(
    ["of", "the", "and", "in", "on", "for", "to", "a", "an", "at", "by", "or", "as", "with", "from"]
)
PERFECT_AUX = frozenset(
    [
        "have",
        "has",
        "had",
        "having",
        "be",
        "been",
        "being",
        "is",
        "are",
        "was",
        "were",
        "get",
        "got",
        "gets",
        "'s",
        "’s",
        "'ve",
        "’ve",
    ]
)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "me",
        "him",
        "her",
        "them",
        "us",
        "my",
        "your",
        "his",
        "their",
        "our",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "nor",
        "so",
        "too",
        "very",
        "just",
        "also",
        "only",
        "there",
        "here",
        "said",
        "says",
        "say",
        "mr",
        "mrs",
        "ms",
        "dr",
        "all",
        "any",
        "some",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "one",
        "two",
        "three",
        "first",
        "last",
        "new",
        "more",
        "most",
        "other",
        "such",
        "same",
        "own",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class DespinOutcome:
    """De-spun lines plus the score and every change, so the report can show why."""

    lines: list[str]
    score: float
    spun: bool
    changes: list[Change] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    rule: PhraseRule
    new: str


def _lower_view(text: str) -> str:
    """Lower-cased text with the same length, apostrophes unified, so offsets stay valid.
    The compiled helper lowers a text whose only capitals are ASCII (most pages) in a
    fraction of str.lower's time."""
    lowered = ascii_mapped(text, "lower")
    if lowered is None:
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("’", "'")


def _left_token(text: str, start: int) -> str:
    """The word or punctuation mark before `start` on the same line ("" at the line start)."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return ""
    j = i
    while j > 0 and (text[j - 1].isalnum() or (text[j - 1] in "'’-" and j > 1 and text[j - 2].isalnum())):
        j -= 1
    return text[j:i] if j < i else text[i - 1]


def _right_token(text: str, end: int) -> str:
    """The word or punctuation mark after `end` on the same line ("" at the line end)."""
    i = end
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    if i >= n or text[i] == "\n":
        return ""
    j = i
    while j < n and (text[j].isalnum() or (text[j] in "'’-" and j + 1 < n and text[j + 1].isalnum())):
        j += 1
    return text[i:j] if j > i else text[i]


def _classes(token: str) -> set[str]:
    """The lower-case token plus the pseudo-classes the table's context column can name."""
    names = {token.lower()}
    if not token or not token[0].isalnum():
        names.add("PUNCT")
    else:
        names.add("WORD")
        if token[0].islower():
            names.add("LOWER")
        elif token[0].isupper():
            names.add("CAP")
        else:
            names.add("NUM")
    if not token or token in SENTENCE_OPENERS:
        names.add("START")
    return names


_PSEUDO_CLASSES = frozenset({"PUNCT", "WORD", "LOWER", "CAP", "NUM", "START"})


def _context_ok(conditions: tuple[tuple[bool, frozenset[str]], ...], token: str) -> bool:
    """Whether ``token`` meets every (positive, words) condition. A condition that names
    words alone asks only whether the lower-case token is one of them: most do, and the
    pseudo-classes (`_classes`) are worked out only for those that name one."""
    names = None
    for positive, words in conditions:
        if words.isdisjoint(_PSEUDO_CLASSES):
            found = token.lower() in words
        else:
            names = _classes(token) if names is None else names
            found = not names.isdisjoint(words)
        if found != positive:
            return False
    return True


def _apply_case(source: str, replacement: str) -> str:
    """Give the replacement the capitalisation pattern of the span it replaces."""
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = source.split(" ")
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        out = [w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(replacement.split(" "))]
        return " ".join(out)
    if source[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _resolve(text: str, start: int, end: int, rule: PhraseRule) -> str | None:
    """The replacement if the rule fires on text[start:end], else None."""
    span = text[start:end]
    left = _left_token(text, start)
    if rule.case_sensitive:
        exact = span.replace("’", "'") == rule.spun
        first_letter_only = not rule.single_word and span[1:].replace("’", "'") == rule.spun[1:]
        if not (exact or first_letter_only):
            return None
    elif rule.single_word and span[:1].isupper() and not (left == "" or left in SENTENCE_OPENERS):
        return None
    if not _context_ok(rule.left, left) or not _context_ok(rule.right, _right_token(text, end)):
        return None
    original = rule.original
    if rule.pp_original and left.lower() in PERFECT_AUX:
        original = rule.pp_original
    if rule.case_sensitive:
        if span[:1].islower() and original[:1].isupper() and rule.spun[:1].isupper():
            return original[:1].lower() + original[1:]
        return original
    return _apply_case(span, original)


def _match(text: str, view: str, matcher: PhraseMatcher) -> list[_Hit]:
    """Table hits on word boundaries whose context holds, overlaps resolved by _best_cover."""
    candidates: list[_Hit] = []
    for key, start, end in matcher.automaton.find_matches_as_indexes(view, overlapping=True):
        last = end - 1
        rules = matcher.rules[key]
        if view[start].isalnum() and start > 0 and view[start - 1].isalnum():
            continue
        if view[last].isalnum() and end < len(view) and view[end].isalnum():
            continue
        for rule in rules:
            new = _resolve(text, start, end, rule)
            if new is not None:
                candidates.append(_Hit(start, end, rule, new))
                break
    return _best_cover(candidates)


def _best_cover(candidates: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits covering the most text, so "Metropolis Police" + "Police Division"
    resolves to the pair of rows that restores both, not whichever starts first."""
    if not candidates:
        return []
    candidates.sort(key=lambda h: (h.end, h.start))
    ends = [h.end for h in candidates]
    score: list[tuple[int, int]] = [(0, 0)]
    back: list[tuple[int, bool]] = [(0, False)]
    for i, hit in enumerate(candidates):
        j = bisect.bisect_right(ends, hit.start, 0, i)
        take = (score[j][0] + hit.end - hit.start, score[j][1] - 1)
        if take > score[i]:
            score.append(take)
            back.append((j, True))
        else:
            score.append(score[i])
            back.append((i, False))
    chosen: list[_Hit] = []
    k = len(candidates)
    while k > 0:
        previous, taken = back[k]
        if taken:
            chosen.append(candidates[k - 1])
        k = previous
    return chosen[::-1]


def spin_score(text: str, resources: DespinResources) -> tuple[float, dict[str, Any]]:
    """Signature weight per 1,000 words (at least MIN_WORDS counted) and the hits behind it."""
    hits = _match(text, _lower_view(text), resources.signatures)
    counts: dict[str, int] = {}
    weight = 0.0
    for hit in hits:
        counts[hit.rule.id] = counts.get(hit.rule.id, 0) + 1
        weight += hit.rule.weight
    words = text.count(" ") + text.count("\n") + 1 if text else 0
    score = 1000.0 * weight / max(words, MIN_WORDS)
    return score, {"signatures": counts, "signature_weight": weight, "words": words}


def _bigram(resources: DespinResources, a: str, b: str) -> float:
    """Bigram count; an unseen pair counts as the list's cut-off, the most it could have been."""
    return float(resources.bigrams.get(f"{a} {b}") or resources.bigram_floor)


def _side_gains(
    resources: DespinResources, prev: str | None, word: str, cand: str, nxt: str | None
) -> list[float] | None:
    """Per-neighbour log ratio of P(neighbour | cand) to P(neighbour | word), for neighbours with evidence.

    Conditioning on the word itself (not the neighbour) keeps frequent, generic candidates
    ("make", "take") from winning on frequency alone. A neighbour seen with neither word is
    skipped; None if only the word was ever seen with it.
    """
    floor = resources.bigram_floor
    u_cand = resources.unigrams.get(cand, floor)
    u_word = resources.unigrams.get(word, floor)
    gains = []
    pairs = []
    if prev is not None:
        pairs.append(((prev, cand), (prev, word)))
    if nxt is not None:
        pairs.append(((cand, nxt), (word, nxt)))
    for pair_cand, pair_word in pairs:
        if " ".join(pair_cand) not in resources.bigrams:
            if " ".join(pair_word) in resources.bigrams:
                return None
            continue
        p_cand = _bigram(resources, *pair_cand) / u_cand
        p_word = _bigram(resources, *pair_word) / u_word
        gains.append(math.log(p_cand) - math.log(p_word))
    return gains


def _variant(a: str, b: str) -> bool:
    """Spelling variants (favor/favour, dialog/dialogue) are not spinner swaps."""
    return a[:4] == b[:4] and abs(len(a) - len(b)) <= 2


def _context_candidate(
    resources: DespinResources, prev: str | None, word: str, nxt: str | None
) -> tuple[str, float] | None:
    """The original `word` most likely stands for, if every neighbour prefers it by a large margin.

    Needs at least one content-word neighbour: "to X" or "a X" says little about X. A spinner
    swaps a common word for a rarer synonym, so very common words are left alone and only
    candidates more frequent than the word are considered.
    """
    candidates = resources.thesaurus.get(word)
    if not candidates or all(n is None or n in STOPWORDS for n in (prev, nxt)):
        return None
    u_word = resources.unigrams.get(word, 0)
    if u_word > resources.common_count:
        return None
    scored: list[tuple[float, str]] = []
    for cand in candidates:
        if cand in STOPWORDS or len(cand) < 3 or _variant(cand, word):
            continue
        if resources.unigrams.get(cand, 0) < u_word:
            continue
        gains = _side_gains(resources, prev, word, cand, nxt)
        if not gains or min(gains) < SIDE_MARGIN:
            continue
        margin = CONTEXT_MARGIN if len(gains) == 2 else ONE_SIDED_MARGIN
        if sum(gains) >= margin:
            scored.append((sum(gains), cand))
    if not scored:
        return None
    scored.sort(reverse=True)
    best_score, best = scored[0]
    if len(scored) > 1 and best_score - scored[1][0] < RUNNER_UP_MARGIN:
        return None
    return best, best_score


def _segments(line: str, hits: list[_Hit]) -> list[tuple[int, int, str, bool]]:
    """The line as (start, end, text, replaced) pieces, replaced pieces carrying their new text."""
    pieces: list[tuple[int, int, str, bool]] = []
    cursor = 0
    for hit in hits:
        if hit.start > cursor:
            pieces.append((cursor, hit.start, line[cursor : hit.start], False))
        pieces.append((hit.start, hit.end, hit.new, True))
        cursor = hit.end
    if cursor < len(line):
        pieces.append((cursor, len(line), line[cursor:], False))
    return pieces


def _vowel_initial(word: str) -> bool:
    """Read with a vowel sound, so "a" before it is an article the spinner forgot to fix."""
    return word[:1] in "aeio" and not word.startswith(("one", "once", "euro", "eu"))


def _article_candidate(resources: DespinResources, word: str, nxt: str | None) -> tuple[str, float] | None:
    """The consonant-initial original of a word left behind "a" ("a international coverage").

    The article is evidence that the word was swapped, so the next word alone may decide, with a
    smaller margin, among the candidates the article allows.
    """
    if nxt is None or nxt in STOPWORDS:
        return None
    scored = []
    for cand in resources.thesaurus.get(word, ()):
        if _vowel_initial(cand) or cand[:1] in "uh" or cand in STOPWORDS or len(cand) < 3:
            continue
        if f"{cand} {nxt}" not in resources.bigrams:
            continue
        gains = _side_gains(resources, None, word, cand, nxt)
        if gains and gains[0] >= ARTICLE_MARGIN:
            scored.append((gains[0], cand))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] - scored[1][0] < RUNNER_UP_MARGIN:
        return None
    return scored[0][1], scored[0][0]


def _document_mapping(hits: list[_Hit]) -> dict[str, tuple[str, float]]:
    """Word swaps the spinner made in this document, read off confident table hits.

    A spinner applies one synonym dictionary to the whole text, so "nationwide safety" ->
    "national security" and "safety ensures" -> "security guarantees" show that "safety" stands
    for "security" elsewhere in the same document too. A swap must be seen in at least two
    different rows, so one ambiguous row ("native officers") does not spread. Returns
    word -> (original, support).
    """
    support: dict[tuple[str, str], float] = {}
    rows: dict[tuple[str, str], set[str]] = {}
    for hit in hits:
        if hit.rule.weight < 1:
            continue
        old_words = _WORD.findall(hit.rule.spun.lower())
        new_words = _WORD.findall(hit.rule.original.lower())
        if len(old_words) != len(new_words):
            continue
        for old, new in zip(old_words, new_words, strict=True):
            if old != new and old not in STOPWORDS and new not in STOPWORDS:
                support[(old, new)] = support.get((old, new), 0.0) + hit.rule.weight
                rows.setdefault((old, new), set()).add(hit.rule.id)
    mapping: dict[str, tuple[str, float]] = {}
    for (old, new), weight in support.items():
        distinct = len(rows[(old, new)])
        if weight >= MAPPING_SUPPORT and distinct >= MAPPING_ROWS and weight > mapping.get(old, ("", 0.0))[1]:
            mapping[old] = (new, weight)
    return mapping


def _context_changes(
    line: str, hits: list[_Hit], resources: DespinResources, mapping: dict[str, tuple[str, float]]
) -> list[tuple[int, int, str, str]]:
    """General-mechanism edits on the words the table left alone: (start, end, new, evidence)."""
    tokens: list[tuple[str, int, int, bool, str]] = []
    for start, _end, text, replaced in _segments(line, hits):
        for m in re.finditer(r"[^\W\d_]+|\d+|[^\w\s]", text):
            if replaced:
                tokens.append((m.group().lower(), -1, -1, False, "x"))
            else:
                tokens.append((m.group().lower(), start + m.start(), start + m.end(), True, m.group()))
    out: list[tuple[int, int, str, str]] = []
    for i, (word, start, end, editable, surface) in enumerate(tokens):
        if not editable or word in STOPWORDS or len(word) < 3 or not _WORD.fullmatch(word):
            continue
        if surface[:1].isupper() and not (i == 0 or tokens[i - 1][0] in SENTENCE_OPENERS):
            continue
        prev = _neighbour(tokens, i, -1, line)
        nxt = _neighbour(tokens, i, 1, line)
        if word in mapping:
            cand, weight = mapping[word]
            gains = _side_gains(resources, prev, word, cand, nxt) if resources.bigrams else []
            if gains is not None and sum(gains) >= MAPPING_MIN_GAIN:
                out.append((start, end, cand, f"despin.context:document swaps {word}>{cand} (support {weight:g})"))
            continue
        if surface[:1].isupper():
            continue
        found = _context_candidate(resources, prev, word, nxt)
        if found is None and prev == "a" and _vowel_initial(word):
            found = _article_candidate(resources, word, nxt)
        if found is None:
            continue
        cand, score = found
        evidence = f"despin.context:{prev or '^'} [{word}>{cand}] {nxt or '$'} e^{score:.1f}"
        out.append((start, end, cand, evidence))
    return out


def _neighbour(tokens: list[tuple[str, int, int, bool, str]], i: int, step: int, line: str) -> str | None:
    """The adjacent word in the same clause (only a space between), else None."""
    j = i + step
    if not 0 <= j < len(tokens):
        return None
    word = tokens[j][0]
    if not _WORD.fullmatch(word):
        return None
    a, b = (tokens[j], tokens[i]) if step < 0 else (tokens[i], tokens[j])
    if a[2] >= 0 and b[1] >= 0 and line[a[2] : b[1]] != " ":
        return None
    if j > 0 and tokens[j - 1][0] in {"'", "’"}:
        return None
    return word


def _rewrite(line: str, edits: list[tuple[int, int, str]]) -> str:
    out = []
    cursor = 0
    for start, end, new in sorted(edits):
        out.append(line[cursor:start])
        out.append(new)
        cursor = end
    out.append(line[cursor:])
    return "".join(out)


def despin(
    lines: list[str],
    resources: DespinResources,
    threshold: float | None = None,
    restoration: Callable[[], DespinResources] | None = None,
) -> DespinOutcome:
    """Score the document; if it is spun, restore the original wording.

    Spun means a score of at least `threshold` (default: the resources' threshold) and, so that
    one stray phrase never rewrites a short page, a signature weight of at least
    MIN_SIGNATURE_WEIGHT from at least MIN_DISTINCT_SIGNATURES different rows. A threshold <= 0
    forces the rewrite, which the benchmark uses to measure false edits on clean text.
    ``resources`` may hold only what detection needs (``load_despin_resources(restoration=False)``);
    ``restoration`` then gives the full resources (with the same signatures) for a spun page.
    """
    text = "\n".join(lines)
    limit = resources.threshold if threshold is None else threshold
    score, evidence = spin_score(text, resources)
    distinct = len(evidence["signatures"])
    enough = distinct >= MIN_DISTINCT_SIGNATURES and evidence["signature_weight"] >= MIN_SIGNATURE_WEIGHT
    spun = limit <= 0 or (score >= limit and enough)
    evidence.update({"threshold": limit, "distinct_signatures": distinct})
    if not spun:
        return DespinOutcome(lines=list(lines), score=round(score, 3), spun=False, evidence=evidence)
    if restoration is not None:
        resources = restoration()
    view = _lower_view(text)
    all_hits = _match(text, view, resources.table)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    per_line: list[list[_Hit]] = [[] for _ in lines]
    for hit in all_hits:
        index = bisect.bisect_right(starts, hit.start) - 1
        offset = starts[index]
        per_line[index].append(_Hit(hit.start - offset, hit.end - offset, hit.rule, hit.new))
    mapping = _document_mapping(all_hits)
    new_lines: list[str] = []
    changes: list[Change] = []
    context_count = 0
    for index, (line, hits) in enumerate(zip(lines, per_line, strict=True)):
        edits = [(h.start, h.end, h.new) for h in hits if h.new != line[h.start : h.end]]
        for h in hits:
            if h.new != line[h.start : h.end]:
                changes.append(Change(index, h.start, h.end, line[h.start : h.end], h.new, h.rule.id))
        if resources.thesaurus or mapping:
            for start, end, new, rule in _context_changes(line, hits, resources, mapping):
                new = _apply_case(line[start:end], new)
                edits.append((start, end, new))
                changes.append(Change(index, start, end, line[start:end], new, rule))
                context_count += 1
        new_lines.append(_rewrite(line, edits) if edits else line)
    changes.sort(key=lambda c: (c.line, c.start))
    evidence.update(
        {
            "table_changes": len(changes) - context_count,
            "context_changes": context_count,
            "document_swaps": {k: v[0] for k, v in sorted(mapping.items())},
        }
    )
    return DespinOutcome(lines=new_lines, score=round(score, 3), spun=True, changes=changes, evidence=evidence)
