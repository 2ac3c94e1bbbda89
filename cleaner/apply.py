"""Applying rule data (generic and site rules) to a document's lines.

Explicit rules are decisive: a line a rule drops is gone whatever the
heuristics think of it. Each decision carries the rule's id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import ahocorasick
import regex

from cleaner.model import Change
from cleaner.rules import Rule


@dataclass
class RuleOutcome:
    """Per-line decisions of the explicit rules over a list of canonical lines."""

    dropped: dict[int, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _search(pattern: regex.Pattern, line: str, rule: Rule, timeout: float) -> bool:
    if rule.trusted:
        return pattern.search(line) is not None
    return pattern.search(line, timeout=timeout) is not None


_PHASES = ("keep_between", "drop_block", "drop_line", "drop_regex")


def apply_rules(lines: list[str], rules: tuple[Rule, ...], timeout: float = 0.05) -> tuple[list[str], RuleOutcome]:
    """Run rules over ``lines`` (empty strings are blank lines, ignored).

    Replacements run first, in file order (they change the text the others
    see); then keep_between, drop_block, drop_line and drop_regex rules, each
    phase in file order. One Aho-Corasick pass over the replaced lines finds,
    for every rule with a literal prefilter (`contains`), the lines worth
    running its regex on. A user rule whose regex exceeds ``timeout`` seconds
    on a line is abandoned for this document and reported in ``errors``.
    """
    out = RuleOutcome()
    lines = list(lines)
    live = [i for i, line in enumerate(lines) if line]
    folded = [line.casefold() for line in lines]  # for the literal prefilters; kept in step with replacements
    whole = "\n".join(folded)
    for rule in rules:
        if rule.kind == "replace" and (not rule.contains or any(c in whole for c in rule.contains)):
            changes = len(out.changes)
            _guarded(rule, out, timeout, _apply_one, rule, lines, folded, live, out, timeout, None)
            if len(out.changes) != changes:
                whole = "\n".join(folded)
    later = tuple(r for r in rules if r.kind != "replace")
    candidates = _candidates(later, folded, live)
    for phase in _PHASES:
        for k, rule in enumerate(later):
            if rule.kind != phase:
                continue
            if phase in ("keep_between", "drop_block"):  # these count positions among the surviving lines
                live = [i for i in live if i not in out.dropped]
            found = candidates[k] if rule.contains else None
            if phase == "drop_regex":
                _guarded(rule, out, timeout, _apply_regex, rule, lines, live, out, timeout, found)
            else:
                _guarded(rule, out, timeout, _apply_one, rule, lines, folded, live, out, timeout, found)
    return lines, out


def _guarded(rule: Rule, out: RuleOutcome, timeout: float, step: Callable[..., None], *args: object) -> None:
    """Run one rule's step; a user regex that times out skips the rule, not the document."""
    try:
        step(*args)
    except TimeoutError:
        out.errors.append(f"rule {rule.id} ({rule.file}) took over {timeout}s on one line and was skipped")


@functools.lru_cache(maxsize=64)
def _literal_re(contains: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(c) for c in contains))


@functools.lru_cache(maxsize=32)
def _literal_index(rules: tuple[Rule, ...]) -> ahocorasick.Automaton | None:
    """One Aho-Corasick automaton over every rule's `contains` literals, so a single
    pass over a line names the rules whose regex is worth running on it."""
    owners: dict[str, set[int]] = {}
    for k, rule in enumerate(rules):
        for literal in rule.contains:
            owners.setdefault(literal, set()).add(k)
    if not owners:
        return None
    automaton = ahocorasick.Automaton()
    for literal, ks in owners.items():
        automaton.add_word(literal, frozenset(ks))
    automaton.make_automaton()
    return automaton


def _candidates(rules: tuple[Rule, ...], folded: list[str], live: list[int]) -> dict[int, list[int]]:
    """For each rule with a literal prefilter, the live lines (in order) that pass it."""
    automaton = _literal_index(rules)
    found: dict[int, list[int]] = {k: [] for k, rule in enumerate(rules) if rule.contains}
    if automaton is None:
        return found
    for i in live:
        hits: set[int] = set()
        for _, ks in automaton.iter(folded[i]):
            hits |= ks
        for k in hits:
            found[k].append(i)
    return found


def _apply_regex(
    rule: Rule, lines: list[str], live: list[int], out: RuleOutcome, timeout: float, found: list[int] | None
) -> None:
    """A drop_regex rule over the live lines, or only over ``found``, those its literal prefilter passed."""
    search = rule.pattern.search if rule.trusted else functools.partial(rule.pattern.search, timeout=timeout)
    limit = rule.max_chars
    for i in live if found is None else found:
        if i in out.dropped:
            continue
        line = lines[i]
        if limit is not None and len(line) > limit:
            continue
        if search(line) is not None:
            _drop(out, i, rule)


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
        literals = _literal_re(rule.contains) if rule.contains else None
        for i in live:
            if (literals is None or literals.search(folded[i])) and _replace(rule, lines, i, out, timeout):
                folded[i] = lines[i].casefold()
    elif rule.kind == "drop_block":
        for start, end in _blocks(rule, lines, live, timeout, found):
            for i in live[start : end + 1]:
                _drop(out, i, rule)
    elif rule.kind == "keep_between":
        starts = [k for k, i in enumerate(live) if _search(rule.start, lines[i], rule, timeout)]
        if not starts:
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


def _blocks(
    rule: Rule, lines: list[str], live: list[int], timeout: float, found: list[int] | None
) -> list[tuple[int, int]]:
    """Positions (in ``live``) of each start..end block; an open block runs to the end.
    Only lines in ``found`` (when given) can start a block."""
    blocks: list[tuple[int, int]] = []
    if found is None:
        starts = {k for k, i in enumerate(live) if _search(rule.start, lines[i], rule, timeout)}
    else:
        position = {i: k for k, i in enumerate(live)}
        starts = {position[i] for i in found if i in position and _search(rule.start, lines[i], rule, timeout)}
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
