"""The region search behind the line heuristics."""

from __future__ import annotations

import random

from cleaner.lines import main_region, segments


def test_segments_with_a_huge_switch_cost_is_the_maximum_sum_region():
    rng = random.Random(0)
    for _ in range(500):
        scores = [round(rng.uniform(-5, 5), 1) for _ in range(rng.randint(1, 30))]
        if max(scores) <= 0:
            continue
        (first, last), (kadane_first, kadane_last) = segments(scores, 1e9)[0], main_region(scores)
        assert sum(scores[first : last + 1]) == sum(scores[kadane_first : kadane_last + 1])


def test_an_article_resumes_after_an_inline_box_only_when_worth_the_switch():
    scores = [5, 5, -2, -2, 5, 5]
    assert segments(scores, 3) == [(0, 1), (4, 5)]
    assert segments(scores, 5) == [(0, 5)]
    assert segments([6, 6, -9, -9, -9, 2], 4) == [(0, 1)]
