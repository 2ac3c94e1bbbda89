"""The line-score memo that the documents of one process share (`pipeline.SCORE_MEMO_LINES`)
when the compiled helper is missing; with the helper, scoring costs less than the memo."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import lines, pipeline
from cleaner.pipeline import clean_text

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "dumps").rglob("*.txt"))


def _outcome(text: str) -> tuple:
    result = clean_text(text)
    return result.text, [(v.action, v.rule, v.reason, v.new_text) for v in result.lines]


@pytest.fixture
def without_helper(monkeypatch):
    """Score with the NumPy twins, the path that uses the memo."""
    monkeypatch.setattr(lines, "_speedups", None)
    monkeypatch.setattr(lines, "_line_counts", lines._line_counts_numpy)


def test_a_document_cleans_the_same_with_a_cold_or_a_warm_memo(without_helper):
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    assert len(texts) >= 3
    pipeline._SCORE_MEMO.clear()
    cold = [_outcome(text) for text in texts]
    warm = [_outcome(text) for text in reversed(texts)][::-1]  # every line already scored
    assert warm == cold


def test_the_memo_stays_bounded(monkeypatch, without_helper):
    monkeypatch.setattr(pipeline, "SCORE_MEMO_LINES", 40)
    pipeline._SCORE_MEMO.clear()
    sizes = []
    for k in range(30):
        clean_text("\n".join(f"Paragraph {k}.{j} of a page, long enough to be prose in an article." for j in range(20)))
        sizes.append(len(pipeline._SCORE_MEMO))
    assert max(sizes) < 40 + 2 * 20  # emptied before a document once it holds 40 lines
    assert min(sizes[2:]) < 40
    assert max(sizes) >= 40  # it does fill


@pytest.mark.skipif(lines._speedups is None, reason="the C helper was not built (no compiler)")
def test_the_compiled_scoring_does_not_consult_the_memo():
    pipeline._SCORE_MEMO.clear()
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    assert [_outcome(text) for text in texts]
    assert not pipeline._SCORE_MEMO
