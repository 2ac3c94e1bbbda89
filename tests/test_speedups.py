"""The compiled helpers (`cleaner._speedups`) against their NumPy twins.

The pipeline uses the compiled versions when the build could compile them and the NumPy
ones otherwise; cleaning must not depend on which. Both run here on real pages and on
arbitrary input, and must agree exactly.
"""

from __future__ import annotations

from pathlib import Path

import ahocorasick_rs
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import automaton, lines
from cleaner.repair import split_lines

ROOT = Path(__file__).resolve().parent.parent
compiled = pytest.mark.skipif(lines._speedups is None, reason="the C helper was not built (no compiler)")


def _raw_pages() -> list[list[str]]:
    """Golden inputs and examples as split, blank and indented lines kept."""
    files = sorted(ROOT.glob("golden/**/input.*")) + sorted(ROOT.glob("examples/**/*.txt"))
    pages = [split_lines(f.read_bytes().decode("utf-8", "replace")) for f in files]
    assert len(pages) > 50
    return pages


def _real_pages() -> list[list[str]]:
    """The same pages without their blank lines."""
    return [[line for line in page if line] for page in _raw_pages()]


def _text(page: list[str]) -> str:
    return "\n".join(page) + "\n"


@compiled
def test_compiled_counts_equal_the_numpy_counts_on_real_pages():
    for page in _real_pages():
        expected = lines._line_counts_numpy(_text(page))
        assert np.array_equal(lines._line_counts_compiled(_text(page)), expected), page[:3]


@compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.sampled_from(" •·|/»›-*.!?…:;。।」”’)]0123456789AaZzÉéİ泰ภ𝐀𝐝"),
                st.characters(blacklist_characters="\n"),
            ),
            max_size=40,
        ),
        max_size=12,
    )
)
def test_compiled_counts_equal_the_numpy_counts_on_any_text(page):
    text = _text(page)
    assert np.array_equal(lines._line_counts_compiled(text), lines._line_counts_numpy(text))


@compiled
def test_text_after_the_last_newline_ends_no_line():
    for text in ("", "no newline", "one\ntail • | x"):
        assert np.array_equal(lines._line_counts_compiled(text), lines._line_counts_numpy(text))
    assert lines._line_counts_compiled("one\ntail").shape == (1, len(lines.COUNT_FIELDS))


def test_counts_of_a_known_line():
    row = dict(zip(lines.COUNT_FIELDS, lines._line_counts(_text(["• Read More | Sports 2024 泰国"]))[0], strict=True))
    counts = {name: int(value) for name, value in row.items()}
    assert counts == {
        "chars": 28,
        "words": 7,
        "alpha_initials": 4,
        "upper_initials": 3,
        "unspaced": 2,
        "digits": 4,
        "spaces": 6,
        "separators": 1,
        "last": ord("国"),
        "bullet_start": 1,
    }


def test_page_features_refuse_lines_with_line_breaks():
    with pytest.raises(ValueError, match="line breaks"):
        lines.page_features(["one\ntwo"])


def _rule_sets() -> list[tuple]:
    from cleaner.pipeline import Config, rules_for

    ruleset = rules_for(Config())
    generic = tuple(rule for rule in ruleset.generic if rule.kind != "replace")
    sites = [tuple(rule for rule in site.rules if rule.kind != "replace") + generic for site in ruleset.sites]
    return [generic, *sites]


def _both_candidates(rules: tuple, page: list[str]) -> tuple[dict, dict] | None:
    """The compiled scan's candidates, and the twin's from `ahocorasick_rs`'s matches."""
    from cleaner import apply

    whole = "\n".join(page).casefold()
    lengths = [len(line) for line in whole.split("\n")]
    index = apply._literal_index(rules)
    matches = ahocorasick_rs.AhoCorasick(index.literals).find_matches_as_indexes(whole, overlapping=True)
    if not matches:
        return None
    found = lines._speedups.rule_candidates(index.automaton.tables, whole, index.owners, len(rules), len(lengths))
    return {k: found[k] for k in index.prefiltered}, apply._candidates_numpy(index, matches, lengths, len(rules))


@compiled
def test_compiled_rule_candidates_equal_the_numpy_ones_on_real_pages():
    compared = 0
    for rules in _rule_sets():
        for page in _real_pages():
            pair = _both_candidates(rules, page)
            if pair is not None:
                assert pair[0] == pair[1], page[:3]
                compared += 1
    assert compared > 50


@compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(
                    ["by ", "2", "©", "[", "subscribe", "photo", "ago", "read more", "getty", "é", "\u212a"]
                ),
                st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=5),
            ),
            max_size=8,
        ).map("".join),
        min_size=1,
        max_size=10,
    )
)
def test_compiled_rule_candidates_equal_the_numpy_ones_on_any_lines(page):
    pair = _both_candidates(_rule_sets()[0], page)
    if pair is not None:
        assert pair[0] == pair[1]


@compiled
def test_rule_candidates_refuses_tables_that_do_not_fit():
    tables = automaton.build(["ab", "b"]).tables
    with pytest.raises(ValueError, match="literals x rules"):
        lines._speedups.rule_candidates(tables, "ab\n", b"\x01\x00\x01", 2, 2)
    with pytest.raises(ValueError, match="do not fit"):
        lines._speedups.rule_candidates((b"\x00", *tables[1:]), "ab\n", b"\x01\x00\x01\x00", 2, 2)
    with pytest.raises(TypeError, match="tables"):
        lines._speedups.rule_candidates(tables[:5], "ab\n", b"\x01\x00\x01\x00", 2, 2)
    assert lines._speedups.rule_candidates(tables, "ab\nb", b"\x01\x00\x00\x01", 2, 2) == [[0], [0, 1]]


def _both_lexicon_counts(page: list[str]) -> tuple[list, list] | None:
    text = _text(page)
    lengths = np.array([len(line) for line in page], dtype=np.int64)
    ends = np.cumsum(lengths + 1) - 1
    short = np.array([len(line.split()) < lines.LONG_LINE for line in page])
    lowered = lines._lexicon_view(text)
    matches = lines._LEXICON.find_matches_as_indexes(lowered, overlapping=True)
    if not matches:
        return None
    counts = lines._speedups.lexicon_counts(
        lines._LEXICON_TABLES, lowered, text, ends.tolist(), lines._NEEDLE_KINDS, short, lines.STRIP
    )
    compiled = np.frombuffer(counts, dtype=np.int64).reshape(2, len(page))
    python = lines._lexicon_counts_python(text, lowered, matches, ends, short)
    return [a.tolist() for a in compiled], [a.tolist() for a in python]


@compiled
def test_compiled_lexicon_counts_equal_the_python_ones_on_real_pages():
    compared = 0
    for page in _real_pages():
        pair = _both_lexicon_counts(page)
        if pair is not None:
            assert pair[0] == pair[1], page[:3]
            compared += 1
    assert compared > 50


_VOCABULARY = [*lines.FURNITURE_WORDS, *lines.FURNITURE_PHRASES, *lines.SITE_TALK]


@compiled
@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(_VOCABULARY),
                st.sampled_from(_VOCABULARY).map(str.upper),
                st.sampled_from([w for w in _VOCABULARY if "k" in w]).map(lambda w: w.replace("k", "\u212a")),
                st.sampled_from([" ", "  ", "(", ")", ":", "«", "»", "—", "-", "x", "3", "é", "İ", "’", "|", "."]),
                st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=4),
            ),
            max_size=12,
        ).map(lambda parts: " ".join("".join(parts).split())),
        min_size=1,
        max_size=8,
    )
)
def test_compiled_lexicon_counts_equal_the_python_ones_on_any_lines(page):
    """Needles glued to punctuation or letters, in capitals, with a Kelvin sign for a 'k',
    repeated on a line, on long and short lines."""
    pair = _both_lexicon_counts(page)
    if pair is not None:
        assert pair[0] == pair[1]


def test_lexicon_counts_of_known_lines():
    page = [
        "Share | Tweet | Comments (3)",
        "Sign in to read more",
        "By using our site, you agree to our use of cookies.",
    ]
    text = _text(page)
    lengths = np.array([len(line) for line in page], dtype=np.int64)
    furniture, talk = lines._lexicon_hits(text, np.cumsum(lengths + 1) - 1, np.array([True, True, True]))
    assert furniture.tolist() == [3, 2, 1]  # share, tweet, comments; sign in, read more; cookies
    assert talk.tolist() == [0, 0, 4]  # by using, our site, you agree, use of cookies


def _canonical_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()] or [""]


@compiled
def test_compiled_line_scores_equal_the_numpy_ones_on_real_pages():
    """Scores, terminal flags and table rows, on every golden input and example: these
    pages hold captions, excerpts cut off by '…' and '[...]', quotes closing sentences,
    tables, CJK and bulleted menus."""
    for page in _real_pages():
        page = [" ".join(line.split()) for line in page]
        assert lines._scored(page) == lines._scored_numpy(page), page[:3]


_SCORE_PIECES = [
    *_VOCABULARY,
    *lines._EXCERPT_MARKS,
    *"….!?:;。」”’)]\"'*|•·/»›-–—0123456789",
    "...",
    " ... ",
    "A",
    "Word",
    "word",
    "泰",
    "ภาษา",
    "𝐀",
    "ß",
    "2024",
    "(AP)",
    "“Quote.”",
    "suppor…",
    "in 2019…",
    "in 2019...",
    "ภาษา…",
    "泰…",
    "ภาษา...",
]


@compiled
def test_compiled_line_scores_equal_the_numpy_ones_on_endings():
    """Each way a line can end: a stop behind closers, an ellipsis glued to a letter, to
    each digit, to a CJK or a Thai character, or spaced, and the excerpt marks."""
    endings = ["…", "...", " …", " ...", *lines._EXCERPT_MARKS, ".”", "?’)", "」", "*", ":)", " (AP)", "]"]
    glued = ["a", "Z", "é", "泰", "ภ", "𝐀", "", *"0123456789"]
    page = [f"Some words before the end of the line {c}{end}" for c in glued for end in endings]
    page += [c + end for c in glued for end in endings]
    assert lines._scored(page) == lines._scored_numpy(page)


@compiled
@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(_SCORE_PIECES),
                st.sampled_from(_SCORE_PIECES).map(str.upper),
                st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=3),
            ),
            max_size=60,
        ).map(lambda parts: " ".join(" ".join(parts).split())),
        min_size=1,
        max_size=8,
    )
)
def test_compiled_line_scores_equal_the_numpy_ones_on_any_lines(page):
    """Lines short and long (past `LONG_LINE` words), ending in stops, closers, ellipses
    glued to a letter, a digit or a CJK character, with separators, digits and vocabulary."""
    assert lines._scored(page) == lines._scored_numpy(page)


@compiled
def test_compiled_line_scores_follow_the_weights():
    """The compiled formula reads `ScoreWeights`, so tuning a weight needs no C."""
    page = ["Home | News | Sports", "A short sentence here.", "Share on Facebook"]
    heavier = lines.WEIGHTS._replace(separators_penalty=5.0, furniture=0.5)
    text = _text(page)
    args = (text, lines._lexicon_view(text), lines._LEXICON_TABLES, lines._CLASSES, lines._NEEDLE_KINDS, lines.STRIP)
    compiled, _, _ = lines._speedups.line_scores(*args, heavier)
    assert compiled == lines.prose_scores(lines.page_features(page), heavier).tolist()
    assert compiled != lines._speedups.line_scores(*args, lines.WEIGHTS)[0]
    # The word counts that bound short lines and table rows, too.
    rows = ["Round 3 Ferrari 25 points", "Round 4 Mercedes 18 points and a fastest lap at Monza"]
    text = _text(rows)
    args = (text, lines._lexicon_view(text), lines._LEXICON_TABLES, lines._CLASSES, lines._NEEDLE_KINDS, lines.STRIP)
    bounds = lines.WEIGHTS._replace(long_line=8, table_min_words=6)
    compiled = lines._speedups.line_scores(*args, bounds)
    assert list(compiled) == list(lines._scored_numpy(rows, bounds))
    assert compiled[2] == [False, False]  # one row too short, the other a long line
    assert lines._speedups.line_scores(*args, lines.WEIGHTS)[2] == [True, True]
    with pytest.raises(ValueError, match="ScoreWeights"):
        lines._speedups.line_scores(*args, tuple(lines.WEIGHTS)[:-1])


def test_line_scores_refuse_lines_with_line_breaks():
    with pytest.raises(ValueError, match="line breaks"):
        lines.line_scores(["one\ntwo"], {})


@compiled
@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(min_value=-8, max_value=8, allow_nan=False).map(lambda x: round(x, 2)),
            st.sampled_from([0.0, -1.5, 1.5, -2.5, 5.0, 0.3]),  # ties between states are common
            st.integers(min_value=-3, max_value=3),
        ),
        max_size=60,
    ),
    st.sampled_from([lines.SWITCH_COST, 0.0, 3.0, 1e9]),
)
def test_compiled_segments_equal_the_python_segments(scores, switch_cost):
    assert lines._speedups.segments(scores, switch_cost) == lines._segments_python(scores, switch_cost)


@compiled
def test_compiled_segments_on_real_pages():
    """The region search's input on real pages: the prose scores of their lines."""
    for page in _real_pages():
        if page:
            scores = lines.prose_scores(lines.page_features(page)).tolist()
            compiled_blocks = lines._speedups.segments(scores, lines.SWITCH_COST)
            assert compiled_blocks == lines._segments_python(scores, lines.SWITCH_COST)


def test_segments_refuse_what_is_not_a_number():
    with pytest.raises(TypeError):
        lines.segments([1.0, "x"], lines.SWITCH_COST)


@compiled
@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(" \n\t\u00a0\u2003\u3000\x1f\x0b\x85ab\u200bé"), max_size=12))
def test_compiled_squash_check_equals_the_python_one(text):
    from cleaner import repair

    assert lines._speedups.needs_squash(text) is repair._needs_squash_python(text)


@compiled
def test_compiled_squash_check_on_real_pages():
    from cleaner import repair

    for page in _real_pages():
        for text in (_text(page), "\n".join(page), "  " + "\n".join(page[:3])):
            assert lines._speedups.needs_squash(text) is repair._needs_squash_python(text)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aZ é É ß ﬁ Σ ς \u212a İ ’ — 1 \n 𝐀 𐐀 ǅ ŉ \u0345"), max_size=20))
def test_casefold_equals_str_casefold(text):
    """The compiled fold where only ASCII capitals fold, str.casefold otherwise."""
    from cleaner.apply import casefold

    assert casefold(text) == text.casefold()


def test_casefold_of_real_pages():
    from cleaner.apply import casefold

    for page in _real_pages():
        assert casefold(_text(page)) == _text(page).casefold()


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aZ é É ß Σ ς \u212a İ ’ ' — 1 \n 𝐀 𐐀 ǅ"), max_size=20))
def test_despin_lower_view_equals_str_lower(text):
    """The de-spinning view: str.lower, same length (a character lowering to two stays),
    curly apostrophes straightened, whichever way it is computed."""
    from cleaner.despin import _lower_view

    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    assert _lower_view(text) == lowered.replace("’", "'")


@compiled
def test_compiled_screened_characters_equal_the_python_ones_on_real_pages():
    from cleaner import repair

    files = sorted(ROOT.glob("golden/**/input.*")) + sorted(ROOT.glob("examples/**/*.txt"))
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        for part in (text, text[: repair._LONG_TEXT - 1]):  # the twin has a short-text path
            assert sorted(repair._screened(part)) == sorted(repair._screened_python(part)), path


@compiled
@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.sampled_from("ab &Â\u00f4\u00f5\x00\x1f\x7f\x9f\ufffdﬀ\u0370Ж\u04ff\u0500╔\u200b\u2060\ufeff\u00ad\ud800😀"),
        max_size=1200,
    )
)
def test_compiled_screened_characters_equal_the_python_ones(text):
    """The screen's ranges at their edges, astral characters (never screened), a lone
    surrogate, and texts on both sides of the twin's long-text path."""
    from cleaner import repair

    found = repair._screened(text)
    assert sorted(found) == sorted(repair._screened_python(text))
    assert list(found) == sorted(set(found))


@compiled
@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("aAzZ `{@[é𝐀 \u212a"), max_size=12), max_size=10),
    st.integers(min_value=0, max_value=4),
)
def test_compiled_few_lowercase_equals_the_python_one(page, limit):
    """Letters at the edges of a to z (and the characters just outside them), capitals,
    accented and astral letters, the Kelvin sign."""
    from cleaner import apply

    indexes = list(range(len(page)))[::-1]
    assert lines._speedups.few_lowercase(page, indexes, limit) == apply._few_lowercase_python(page, indexes, limit)


@compiled
def test_compiled_few_lowercase_on_real_pages():
    from cleaner import apply

    for page in _real_pages():
        indexes = list(range(len(page)))
        for limit in (0, 2, 5):
            expected = apply._few_lowercase_python(page, indexes, limit)
            assert lines._speedups.few_lowercase(page, indexes, limit) == expected
    with pytest.raises(IndexError, match="out of range"):
        lines._speedups.few_lowercase(["a"], [1], 2)


@compiled
def test_compiled_fragment_and_spaced_pairs_on_real_pages():
    from cleaner import layout

    joined = 0
    for raw in _raw_pages():
        canon = [" ".join(line.split()) for line in raw]
        for enough in (0, 1, 3, 10_000):
            assert layout._fragment_pairs_compiled(canon, enough) == layout._fragment_pairs_python(canon, enough)
            expected = layout._spaced_pairs_python(canon, raw, enough)
            assert lines._speedups.spaced_pairs(canon, raw, enough) is expected
        joined += layout._fragment_pairs_python(canon, 3) == 3
    assert joined  # a page with fragments to join is among them
    with pytest.raises(ValueError, match="one length"):
        lines._speedups.spaced_pairs(["a", "b"], ["a"], 1)


@compiled
@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["o ", "o", " ", "  ", "\t", "\xa0", "a", "A", "5", "é", "ß", "ǅ", "ª", "Ω", "泰", "𝐝"])
            | st.sampled_from(sorted({*'([{“‘«,.;:!?)]}%”’»…。！？"', *"•·▪●◦‣∙*–—-+>|"})),
            max_size=6,
        ).map("".join),
        max_size=12,
    ),
    st.integers(min_value=-1, max_value=4),
)
@example(["  ", "x"], 1)  # two whitespace characters alone: not one space at the end
@example(["x", " \t"], 1)  # a space, then more whitespace: indentation, not one space
@example(["* Item", "o Sub"], 1)  # an 'o' bullet under a list item does not continue it
@example(["* Item", "o 1 more"], 1)  # nor does one that starts with a digit
@example(["oz", "o Sub"], 1)  # 'oz' is no 'o' bullet, so 'o Sub' continues it
def test_compiled_fragment_and_spaced_pairs_equal_the_python_ones(raw, enough):
    """Lines opening and closing on every character `continues` and `_spaced` look at:
    brackets, stops, lower case in and outside ASCII, a titlecase letter, 'o ' bullets
    under list items, spaces and other whitespace at either end, blank lines."""
    from cleaner import layout

    canon = [line.strip() for line in raw]
    assert layout._fragment_pairs_compiled(canon, enough) == layout._fragment_pairs_python(canon, enough)
    assert lines._speedups.spaced_pairs(canon, raw, enough) is layout._spaced_pairs_python(canon, raw, enough)
    full = ["x"] * len(raw)  # every raw pair counts, whatever its text
    assert lines._speedups.spaced_pairs(full, raw, enough) is layout._spaced_pairs_python(full, raw, enough)


@compiled
def test_compiled_grid_runs_on_real_pages():
    from cleaner import layout

    found = 0
    for raw in _raw_pages():
        canon = [" ".join(line.split()) for line in raw]
        assert layout._grid_runs_compiled(canon) == layout._grid_runs_python(canon)
        found += bool(layout.grid_rows(canon, {})[2])
    assert found  # a page with a grid is among them
    with pytest.raises(TypeError, match="lines must be str"):
        lines._speedups.grid_runs(["a", None], 3, 3, 12)


def _grid_page(gaps: list[int]) -> list[str]:
    """A cell, then each gap's blank lines and the next cell."""
    page = ["cell"]
    for gap in gaps:
        page += [""] * gap + ["cell"]
    return page


@compiled
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([0, 0, 1, 1, 1, 2, 2, 3, 5]), max_size=40), st.integers(0, 3))
@example([0, 0, 1, 0, 0, 1, 0, 0], 0)  # three rows of three cells
@example([1, 1, 3, 1, 1, 3, 1, 1], 0)  # the same, two blank lines apart
@example([0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0], 0)  # a caption above the header row; a last row cut short
@example([0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0], 0)  # two larger gaps in a row end the rows
@example([0, 1, 0, 1, 0, 1, 0], 0)  # two-cell rows: too narrow
@example([0] * 11 + [1] + [0] * 11 + [1] + [0] * 11, 0)  # twelve cells a row: the widest
@example([0] * 12 + [1] + [0] * 12 + [1] + [0] * 12, 0)  # thirteen: too wide
@example([0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 0], 0)  # a larger gap inside: two separate tables of two rows
@example([0, 0, 1, 0, 0], 0)  # eight cells: too few for three rows of three
def test_compiled_grid_runs_equal_the_python_ones(gaps, lead):
    """Pages built from the gaps between cells: runs of equal gaps, rows parted by larger
    ones, first runs longer than a row (a caption), rows too narrow or too wide."""
    from cleaner import layout

    page = [""] * lead + _grid_page(gaps)
    assert layout._grid_runs_compiled(page) == layout._grid_runs_python(page)


@compiled
@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(sorted(_VOCABULARY)) | st.sampled_from(["K", "\u212a", "\u0130", "é", ".", "|", "2024"]),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
@example([["SUBSCRIBE", "to", "our", "NEWSLETTER"], ["Share", "On", "Facebook"]], None)
@example([["Coo\u212aie", "Policy"], ["subscribe"]], None)  # a Kelvin sign, lowered to 'k' as str.lower does
def test_compiled_scoring_reads_ascii_capitals_as_the_vocabulary_does(words, rng):
    """The vocabulary's automaton reads the page itself, ASCII capitals as lower case;
    the scores are those of the scoring without the helper, which lowers the page first
    and finds the vocabulary with ahocorasick_rs."""
    if rng is not None:
        words = [
            [w.upper() if rng.random() < 0.3 else w.title() if rng.random() < 0.3 else w for w in line]
            for line in words
        ]
    page = [" ".join(" ".join(line).split()) or "x" for line in words]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lines, "_speedups", None)
        patch.setattr(lines, "_line_counts", lines._line_counts_numpy)
        expected = lines._scored(page)
    assert lines._scored(page) == expected
