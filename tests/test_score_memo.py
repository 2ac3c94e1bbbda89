"""The line-score memo that the documents of one process share (`pipeline.SCORE_MEMO_LINES`)
when the compiled helper is missing; with the helper, it carries the lines that survived the
region search to the pass over our own output, and is read only when it holds every line."""

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
def test_the_compiled_scoring_reads_the_memo_only_when_every_line_is_there(monkeypatch):
    page = ["A line of the article that reads as prose, with a full stop.", "Home | News | Sport", "Share"]
    known = dict(zip(page[:2], zip(*lines._scored(page[:2]), strict=True), strict=True))
    assert lines.line_scores(page, known) == lines._scored(page)  # one line missing: all scored
    assert len(known) == 2  # and nothing stored

    def not_scored(_):
        raise AssertionError("scored, though every line was in the memo")

    monkeypatch.setattr(lines, "_scored", not_scored)
    assert lines.line_scores(page[:2], known) == tuple(map(list, zip(*known.values(), strict=True)))


@pytest.mark.skipif(lines._speedups is None, reason="the C helper was not built (no compiler)")
def test_the_compiled_path_remembers_what_survived_the_region_search():
    """With the helper, the memo holds the lines the region search kept, so that the pass
    over our own output finds its lines there; their scores are the helper's."""
    region_dropped = 0
    for path in EXAMPLES:
        pipeline._SCORE_MEMO.clear()
        result = clean_text(path.read_text(encoding="utf-8"))
        output = result.text.splitlines()
        remembered = [line for line in output if line in pipeline._SCORE_MEMO]
        assert len(remembered) >= len(output) // 2
        memo = [pipeline._SCORE_MEMO[line] for line in remembered]
        assert memo == list(zip(*lines._scored(remembered), strict=True))
        region = [v.new_text or " ".join(v.text.split()) for v in result.lines if v.rule == "heuristic.region"]
        assert not any(line in pipeline._SCORE_MEMO for line in region if line not in output)
        region_dropped += len(region)
    assert region_dropped  # the region search dropped lines on these pages, and none is remembered
