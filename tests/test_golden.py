"""Every golden case passes: exact expected text, idempotent, right title."""

from __future__ import annotations

import pytest

from cleaner import golden
from cleaner.pipeline import Config, clean_document
from cleaner.sources import read_dump

from .conftest import PROJECT

CASES = golden.discover(PROJECT / "golden")


def test_there_are_golden_cases_for_every_rule_kind_and_the_samples():
    names = {c.name for c in CASES}
    for kind in ("drop_line", "drop_regex", "drop_block", "keep_between", "replace"):
        assert f"rules/{kind}" in names
    assert sum(1 for n in names if n.startswith("samples/")) == 5


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case):
    assert golden.check(case) == []


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("rules/")], ids=lambda c: c.name)
def test_site_rule_cases_depend_on_their_rule(case):
    """Each rule-kind case must fail without its site rule file, so it tests the rule."""
    doc = read_dump(case.input, case.folder)
    if case.settings.get("url"):
        doc.url = case.settings["url"]
    without = clean_document(doc, Config()).text
    assert without != case.expected.read_text(encoding="utf-8")
