"""Applying rule data (generic and site rules) to a document's lines.

Explicit rules are decisive: a line a rule drops is gone whatever the
heuristics think of it. Each decision carries the rule's id.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import ahocorasick_rs
import numpy as np
import regex

from cleaner.automaton import Automaton
from cleaner.automaton import build as build_automaton
from cleaner.compiled import ascii_mapped
from cleaner.compiled import speedups as _speedups
from cleaner.model import Change
from cleaner.rules import Rule


@dataclass
class RuleOutcome:
    """Per-line decisions of the explicit rules over a list of canonical lines."""

    dropped: dict[int, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Block rules (drop_block, keep_between) whose start matched none of the lines: they
    # cannot act on any subset of these lines either.
    unstarted: set[str] = field(default_factory=set)


def _search(pattern: regex.Pattern, line: str, rule: Rule, timeout: float) -> bool:
    if rule.trusted:
        return pattern.search(line) is not None
    return pattern.search(line, timeout=timeout) is not None


_PHASES = ("keep_between", "drop_block", "drop_line", "drop_regex")


def apply_rules(lines: list[str], rules: tuple[Rule, ...], timeout: float = 0.05) -> tuple[list[str], RuleOutcome]:
    """Run rules over ``lines`` (empty strings are blank lines, ignored).

    Replacements run first, in file order (they change the text the others
    see); then keep_between, drop_block, drop_line and drop_regex rules, each
    phase in file order. One Aho-Corasick pass over the lines finds, for every
    rule with a literal prefilter (`contains`), the lines worth running its regex
    on; a replacement that changes a line makes the pass run again. A
    user rule whose regex exceeds ``timeout`` seconds on a line is abandoned for
    this document and reported in ``errors``.
    """
    out = RuleOutcome()
    lines = list(lines)
    live = [i for i, line in enumerate(lines) if line]
    # For the literal prefilters, kept in step with replacements. Case folding maps each
    # character alone (no context, no line break made), so the page folds in one call.
    whole = casefold("\n".join(lines))
    folded = whole.split("\n")
    candidates = _candidates(rules, whole, folded)  # by index in rules
    replacements, others = _phase_order(rules)
    for k, rule in replacements:
        found = candidates.get(k)
        if found == []:  # no line holds one of its literals
            continue
        changes = len(out.changes)
        _guarded(rule, out, timeout, _apply_one, rule, lines, folded, live, out, timeout, found)
        if len(out.changes) != changes:  # the rules yet to run see the replaced lines
            whole = "\n".join(folded)
            candidates = _candidates(rules, whole, folded)
    for k, rule in others:
        phase = rule.kind
        found = candidates[k] if rule.contains else None
        if found == [] and phase in ("drop_block", "drop_regex"):  # no line holds one of its literals
            if phase == "drop_block":
                out.unstarted.add(rule.id)
            continue
        if phase in ("keep_between", "drop_block"):  # these count positions among the surviving lines
            live = [i for i in live if i not in out.dropped]
        if phase == "drop_regex":
            _guarded(rule, out, timeout, _apply_regex, rule, lines, folded, live, out, timeout, found)
        else:
            _guarded(rule, out, timeout, _apply_one, rule, lines, folded, live, out, timeout, found)
    return lines, out


@functools.lru_cache(maxsize=32)
def _phase_order(rules: tuple[Rule, ...]) -> tuple[tuple[tuple[int, Rule], ...], tuple[tuple[int, Rule], ...]]:
    """The replacements, and then the other rules phase by phase (`_PHASES`), each
    with its index in ``rules`` and in file order within its phase."""
    replacements = tuple((k, rule) for k, rule in enumerate(rules) if rule.kind == "replace")
    return replacements, tuple((k, rule) for phase in _PHASES for k, rule in enumerate(rules) if rule.kind == phase)


def casefold(text: str) -> str:
    """``text.casefold()``; the compiled helper folds a page whose only folding characters
    are ASCII capitals (most pages, curly quotes and all) in a fraction of the time."""
    folded = ascii_mapped(text, "casefold")
    return text.casefold() if folded is None else folded


def _guarded(rule: Rule, out: RuleOutcome, timeout: float, step: Callable[..., None], *args: object) -> None:
    """Run one rule's step; a user regex that times out skips the rule, not the document."""
    try:
        step(*args)
    except TimeoutError:
        out.errors.append(f"rule {rule.id} ({rule.file}) took over {timeout}s on one line and was skipped")


@dataclass(frozen=True)
class _LiteralIndex:
    """Every rule's `contains` literals in one Aho-Corasick automaton, and which
    rules list each literal (literals x rules). ``automaton`` is the compiled helper's
    tables when it was built, else an `ahocorasick_rs` automaton."""

    literals: tuple[str, ...]
    automaton: Automaton | ahocorasick_rs.AhoCorasick
    owners: np.ndarray
    prefiltered: tuple[int, ...]  # the rules that have literals


@functools.lru_cache(maxsize=32)
def _literal_index(rules: tuple[Rule, ...]) -> _LiteralIndex | None:
    literals = list(dict.fromkeys(literal for rule in rules for literal in rule.contains))
    if not literals:
        return None
    number = {literal: k for k, literal in enumerate(literals)}
    owners = np.zeros((len(literals), len(rules)), dtype=bool)
    for k, rule in enumerate(rules):
        owners[[number[literal] for literal in rule.contains], k] = True
    if _speedups is not None:
        automaton = build_automaton(literals)
    else:
        automaton = ahocorasick_rs.AhoCorasick(literals, implementation=ahocorasick_rs.Implementation.DFA)
    return _LiteralIndex(tuple(literals), automaton, owners, tuple(k for k, rule in enumerate(rules) if rule.contains))


def _candidates(rules: tuple[Rule, ...], whole: str, folded: list[str]) -> dict[int, list[int]]:
    """For each rule with a literal prefilter, the lines (in order) that pass it.

    One automaton pass over the whole folded page (``whole``: the lines joined by
    newlines, which no literal holds) finds every literal; its hits are mapped to lines,
    and the lines' literals to the rules that list them. Only a non-empty line can hold
    a literal.
    """
    index = _literal_index(rules)
    if index is None:
        return {}
    if isinstance(index.automaton, Automaton):
        lines = _speedups.rule_candidates(index.automaton.tables, whole, index.owners, len(rules), len(folded))
        return {k: lines[k] for k in index.prefiltered}
    matches = index.automaton.find_matches_as_indexes(whole, overlapping=True)
    if not matches:
        return {k: [] for k in index.prefiltered}
    return _candidates_numpy(index, matches, [len(line) for line in folded], len(rules))


def _candidates_numpy(
    index: _LiteralIndex, matches: list[tuple[int, int, int]], lengths: list[int], rules: int
) -> dict[int, list[int]]:
    """`_candidates`'s mapping with array operations, as sorted (rule, line) keys (the
    twin of the compiled `cleaner._speedups.rule_candidates`)."""
    hits = np.fromiter(itertools.chain.from_iterable(matches), dtype=np.int64, count=3 * len(matches)).reshape(-1, 3)
    ends = np.cumsum(np.asarray(lengths, dtype=np.int64) + 1)  # one past each line's newline
    hit, rule = np.nonzero(index.owners[hits[:, 0]])
    n = len(lengths)
    keys = np.unique(rule * n + np.searchsorted(ends, hits[hit, 1], side="right"))
    bounds = np.searchsorted(keys, np.arange(rules + 1) * n).tolist()
    lines = (keys % n).tolist()
    return {k: lines[bounds[k] : bounds[k + 1]] for k in index.prefiltered}


def _apply_regex(
    rule: Rule,
    lines: list[str],
    folded: list[str],
    live: list[int],
    out: RuleOutcome,
    timeout: float,
    found: list[int] | None,
) -> None:
    """A drop_regex rule over the live lines, or only over ``found``, those its literal
    prefilter passed; lines outside its length bounds, with more lowercase letters a to
    z than it allows, or (folded) not starting with one of its `starts_with`, are not tried."""
    search = rule.pattern.search if rule.trusted else functools.partial(rule.pattern.search, timeout=timeout)
    shortest, longest = rule.min_chars, rule.max_chars or sys.maxsize
    starts = rule.starts_with or ""  # every string starts with ""
    dropped = out.dropped
    tried = live if found is None else found
    if rule.max_lowercase is not None:
        tried = _few_lowercase(lines, tried, rule.max_lowercase)
    for i in tried:
        line = lines[i]
        if (
            shortest <= len(line) <= longest
            and i not in dropped
            and folded[i].startswith(starts)
            and search(line) is not None
        ):
            _drop(out, i, rule)


def _few_lowercase(lines: list[str], indexes: list[int], limit: int) -> list[int]:
    """The ``indexes`` of the lines holding at most ``limit`` letters a to z (the compiled
    helper counts them all in one call, stopping early on each line)."""
    if _speedups is not None:
        return _speedups.few_lowercase(lines, indexes, limit)
    return _few_lowercase_python(lines, indexes, limit)


def _few_lowercase_python(lines: list[str], indexes: list[int], limit: int) -> list[int]:
    return [i for i in indexes if ascii_lowercase(lines[i]) <= limit]


_ASCII_LOWERCASE = bytes(range(ord("a"), ord("z") + 1))


def ascii_lowercase(line: str) -> int:
    """How many letters a to z ``line`` holds (counted in its UTF-8 bytes, where these
    bytes stand for nothing else): far cheaper than a regex call."""
    data = line.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _ASCII_LOWERCASE))


def _drop(out: RuleOutcome, index: int, rule: Rule | str) -> None:
    out.dropped.setdefault(index, rule if isinstance(rule, str) else rule.id)


def _apply_one(
    rule: Rule,
    lines: list[str],
    folded: list[str],
    live: list[int],
    out: RuleOutcome,
    timeout: float,
    found: list[int] | None,
) -> None:
    if rule.kind == "drop_line":
        # Lines are canonical (single spaces), so the rule's key is the line itself.
        texts = folded if rule.ignore_case else lines
        if rule.lines.isdisjoint(texts):
            return
        for i in live:
            if texts[i] in rule.lines and i not in out.dropped:
                _drop(out, i, rule)
    elif rule.kind == "replace":
        for i in live if found is None else found:
            if _replace(rule, lines, i, out, timeout):
                folded[i] = lines[i].casefold()
    elif rule.kind == "drop_block":
        starts = _block_starts(rule, lines, live, timeout, found)
        if not starts:
            out.unstarted.add(rule.id)
        for start, end in _blocks(rule, lines, live, timeout, starts):
            for i in live[start : end + 1]:
                _drop(out, i, rule)
    elif rule.kind == "keep_between":
        starts = [k for k, i in enumerate(live) if _search(rule.start, lines[i], rule, timeout)]
        if not starts:
            out.unstarted.add(rule.id)
            return
        first = starts[0]
        last = len(live)
        if rule.end is not None:
            ends = [k for k, i in enumerate(live[first + 1 :], first + 1) if _search(rule.end, lines[i], rule, timeout)]
            if not ends:
                return
            last = ends[0]
        for k, i in enumerate(live):
            if k <= first or k >= last:
                _drop(out, i, rule)


def _block_starts(rule: Rule, lines: list[str], live: list[int], timeout: float, found: list[int] | None) -> set[int]:
    """Positions (in ``live``) of the lines that match a block rule's start; only lines
    in ``found`` (when given) are tried."""
    if found is None:
        return {k for k, i in enumerate(live) if _search(rule.start, lines[i], rule, timeout)}
    starts = set()
    for i in found:  # usually a handful of lines: look up their positions in live
        k = bisect.bisect_left(live, i)
        if k < len(live) and live[k] == i and _search(rule.start, lines[i], rule, timeout):
            starts.add(k)
    return starts


def _blocks(rule: Rule, lines: list[str], live: list[int], timeout: float, starts: set[int]) -> list[tuple[int, int]]:
    """Positions (in ``live``) of each start..end block from the ``starts`` positions;
    an open block runs to the end."""
    blocks: list[tuple[int, int]] = []
    if len(starts) < rule.min_matches:
        return blocks
    k = 0
    while k < len(live):
        if k not in starts:
            k += 1
            continue
        end = len(live) - 1
        if rule.end is not None:
            found = next((j for j in range(k + 1, len(live)) if _search(rule.end, lines[live[j]], rule, timeout)), None)
            if found is None:
                k += 1
                continue
            end = found
        if rule.max_lines is None or end - k + 1 <= rule.max_lines:
            blocks.append((k, end))
            k = end + 1
        else:
            k += 1
    return blocks


def _replace(rule: Rule, lines: list[str], i: int, out: RuleOutcome, timeout: float) -> bool:
    """Apply one replace rule to line ``i``; True when the line changed."""
    line = lines[i]
    kwargs = {} if rule.trusted else {"timeout": timeout}
    matches = list(rule.pattern.finditer(line, **kwargs))
    if not matches:
        return False
    pieces, pos = [], 0
    for m in matches:
        new = m.expand(rule.replacement)
        out.changes.append(Change(line=i, start=m.start(), end=m.end(), old=m.group(), new=new, rule=rule.id))
        pieces += [line[pos : m.start()], new]
        pos = m.end()
    pieces.append(line[pos:])
    lines[i] = " ".join("".join(pieces).split())
    return True
