"""The library function other pipelines call."""

from __future__ import annotations

import pickle

from cleaner import Config, clean_text

from .conftest import PROJECT


def test_config_is_picklable_and_clean_text_works_without_cli():
    config = pickle.loads(
        pickle.dumps(Config(despin=False, rule_dirs=(str(PROJECT / "golden" / "rules" / "drop_line" / "rules"),)))
    )
    raw = (PROJECT / "golden" / "rules" / "drop_line" / "input.txt").read_text()
    result = clean_text(raw.split("\n", 1)[1], url="https://dailyledger.example/x", config=config)
    assert "Get the Daily Ledger app" not in result.text
    assert result.site == "dailyledger.example"
    assert "site.dailyledger.example.promo-lines" in result.rules_fired()
    assert pickle.loads(pickle.dumps(result)).text == result.text


def test_empty_and_whitespace_input():
    assert clean_text("").text == ""
    assert clean_text("\n \n\t").text == ""


def test_output_is_canonical_and_idempotent():
    raw = (next((PROJECT / "golden" / "samples").glob("004*")) / "input.txt").read_text()
    once = clean_text(raw).text
    assert once.endswith("\n") and not once.endswith("\n\n") and "\n\n" not in once
    assert clean_text(once).text == once
