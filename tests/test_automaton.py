"""The Aho-Corasick tables the compiled helper scans with (`cleaner.automaton`) find
exactly what `ahocorasick_rs` finds: every match, overlapping ones included."""

from __future__ import annotations

from pathlib import Path

import ahocorasick_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import automaton, lines
from cleaner.apply import casefold
from cleaner.pipeline import Config, rules_for

ROOT = Path(__file__).resolve().parent.parent


def _literals() -> list[str]:
    rules = rules_for(Config()).generic
    return list(dict.fromkeys(literal for rule in rules for literal in rule.contains))


def _expected(patterns: list[str], text: str) -> list[tuple[int, int, int]]:
    found = ahocorasick_rs.AhoCorasick(patterns).find_matches_as_indexes(text, overlapping=True)
    return sorted(found, key=lambda m: (m[2], m[0]))


@pytest.mark.parametrize("name", ["rule literals", "vocabulary"])
def test_matches_equal_ahocorasick_on_real_pages(name):
    patterns = _literals() if name == "rule literals" else list(lines._NEEDLES)
    table = automaton.build(patterns)
    files = sorted(ROOT.glob("golden/**/input.*"))[:40]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        text = casefold(text) if name == "rule literals" else lines._lexicon_view(text)
        assert automaton.matches(table, text) == _expected(patterns, text), path


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("abé©…𝐀\u212a "), min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text(st.sampled_from("abé©…𝐀\u212a \nx"), max_size=40),
)
def test_matches_equal_ahocorasick_on_any_text(patterns, text):
    """Patterns that overlap, nest and share prefixes and suffixes, in several scripts
    (one-, two-, three- and four-byte characters), over text with line breaks."""
    patterns = [p for p in patterns if "\n" not in p]
    assert automaton.matches(automaton.build(patterns), text) == _expected(patterns, text)


def test_a_pattern_inside_another_is_reported_with_it():
    table = automaton.build(["he", "she", "hers", "e"])
    assert automaton.matches(table, "ushers") == [(0, 2, 4), (1, 1, 4), (3, 3, 4), (2, 2, 6)]


def test_patterns_must_be_non_empty_lines():
    with pytest.raises(ValueError, match="non-empty"):
        automaton.build(["ok", ""])
    with pytest.raises(ValueError, match="newline"):
        automaton.build(["two\nlines"])


@pytest.mark.skipif(lines._speedups is None, reason="the C helper was not built (no compiler)")
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("abé©…𝐀\u212a "), min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
    st.text(st.sampled_from("abé©…𝐀\u212a \nx"), max_size=40),
)
def test_the_compiled_scan_finds_what_the_tables_say(patterns, text):
    """The helper's scan, through `rule_candidates` with one rule per pattern: the lines
    where each pattern matches, as the tables walked in Python find them."""
    table = automaton.build(patterns)
    n_lines = text.count("\n") + 1
    owners = bytes(int(k == r) for k in range(len(patterns)) for r in range(len(patterns)))
    expected = [set() for _ in patterns]
    for pattern, start, _ in automaton.matches(table, text):
        expected[pattern].add(text.count("\n", 0, start))
    found = lines._speedups.rule_candidates(table.tables, text, owners, len(patterns), n_lines)
    assert found == [sorted(lines_of) for lines_of in expected]


def test_tables_too_big_for_two_byte_transitions_use_four():
    """The rule literals and the vocabulary fit two-byte transitions (half the memory a scan
    reads); a set whose states x classes pass 65,536 falls back to four bytes, and both
    scans still find what ahocorasick_rs finds."""
    assert automaton.build(_literals()).tables[7] == automaton.build(list(lines._NEEDLES)).tables[7] == 2
    words = [f"{a}{b}{c}{d}" for a in "abcdefghij" for b in "klmnopqrst" for c in "uvwxyzábcd" for d in "efghi"]
    table = automaton.build(words)
    assert table.tables[7] == 4
    text = " ".join(words[::7]) + "\n" + "".join(words[3::11])
    assert automaton.matches(table, text) == _expected(words, text)
    if lines._speedups is not None:
        owners = bytes([1]) * len(words)  # one rule that lists every word
        found = lines._speedups.rule_candidates(table.tables, text, owners, 1, 2)
        assert found == [[0, 1]]
        owners = bytes(int(k == 0) for k in range(len(words)))  # a rule with the first word alone
        assert lines._speedups.rule_candidates(table.tables, text, owners, 1, 2) == [[0]]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("abz é-"), min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text(st.sampled_from("abzABZ é-É\u212a\n@[`{"), max_size=40),
)
def test_an_ascii_case_insensitive_automaton_matches_as_on_the_lowered_text(patterns, text):
    """ASCII capitals read as lower case (the neighbours of 'A' and 'Z' in ASCII do not),
    and nothing else changes: the Kelvin sign and 'É' stay what they are."""
    table = automaton.build(patterns, ascii_case_insensitive=True)
    lowered = "".join(c.lower() if c.isascii() else c for c in text)
    assert automaton.matches(table, text) == _expected(patterns, lowered)


def test_an_ascii_case_insensitive_automaton_refuses_capitals():
    with pytest.raises(ValueError, match="no ASCII capital"):
        automaton.build(["ok", "No"], ascii_case_insensitive=True)
