"""The optional trained line classifier: it loads, and it separates menus from prose."""

from __future__ import annotations

import pytest

pytest.importorskip("numpy")

from cleaner import Config, clean_text
from cleaner.linemodel import CONTEXT_FEATURES, OWN_FEATURES, LineModel

from .conftest import PROJECT


def test_shipped_model_matches_feature_lists_and_reports_held_out_figures():
    model = LineModel.load()
    assert len(model.own_weights) == len(OWN_FEATURES)
    assert len(model.context_weights) == len(model.second_weights) == len(CONTEXT_FEATURES)
    cv = model.info["cross_validation"]
    assert 0 < cv["F1"] <= 1 and cv["pages"] > 100


def test_model_keeps_article_and_drops_menu():
    raw = (next((PROJECT / "golden" / "samples").glob("004*")) / "input.txt").read_text()
    result = clean_text(raw, config=Config(line_model=True, despin=False))
    body = result.text.splitlines()
    assert any(line.startswith("The United States and Russia moved toward") for line in body)
    assert "Subscribe to Updates" not in body and "Leave A Reply Cancel Reply" not in body
    assert all(v.rule == "heuristic.line-model" for v in result.lines if v.rule and v.rule.startswith("heuristic.l"))
