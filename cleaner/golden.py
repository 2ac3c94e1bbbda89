"""Golden cases: an input dump, its expected clean text, and optional case settings.

Layout of one case folder::

    golden/<case>/input.txt    (or input.html)
    golden/<case>/expected.txt
    golden/<case>/case.toml    (optional: url, title, rules = [...], despin = false, heuristics = false,
                                known_misses = [["ours", "expected"], ...])

A case passes when cleaning the input gives exactly the expected text, when
cleaning that text again changes nothing, and when the title (if given) matches.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from cleaner.output import write_text_atomic
from cleaner.pipeline import Config, clean_document, clean_text
from cleaner.sources import read_dump


class GoldenError(Exception):
    """A golden case folder that is incomplete or has a bad case.toml."""


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    input: Path
    expected: Path
    settings: dict


def discover(root: Path) -> list[Case]:
    cases = []
    for folder in sorted(p for p in root.rglob("*") if p.is_dir()):
        inputs = sorted(folder.glob("input.*"))
        if not inputs:
            continue
        settings: dict = {}
        toml = folder / "case.toml"
        if toml.exists():
            try:
                settings = tomllib.loads(toml.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise GoldenError(f"{toml}: not valid TOML: {exc}") from exc
        name = folder.relative_to(root).as_posix()
        cases.append(Case(name, folder, inputs[0], folder / "expected.txt", settings))
    return cases


def config_for(case: Case) -> Config:
    rules = tuple(str((case.folder / r).resolve()) for r in case.settings.get("rules", []))
    return Config(
        rule_dirs=rules,
        despin=case.settings.get("despin", True),
        heuristics=case.settings.get("heuristics", True),
        bundled_rules=case.settings.get("bundled_rules", True),
    )


def run_case(case: Case) -> tuple[str, str | None]:
    """The cleaned text and title the current code produces for a case."""
    doc = read_dump(case.input, case.folder)
    if case.settings.get("url"):
        doc.url = case.settings["url"]
    result = clean_document(doc, config_for(case))
    return result.text, result.title


def diff(expected: str, actual: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{name}/expected.txt",
            tofile=f"{name}/actual",
        )
    )


def only_known_misses(actual: str, expected: str, known: list[list[str]]) -> bool:
    """True when the two texts differ only by listed word swaps (ours, expected).

    A case can record that the code does not yet restore some words the hand-written
    expectation restores; any other difference still fails.
    """
    if not known:
        return False
    allowed = {(a, b) for a, b in known}
    ours, theirs = actual.split(), expected.split()
    return len(ours) == len(theirs) and all(a == b or (a, b) in allowed for a, b in zip(ours, theirs, strict=True))


def check(case: Case, update: bool = False) -> list[str]:
    """Problems with one case (empty when it passes). With update, rewrite expected.txt first,
    except where it differs from the output only by the case's listed known misses: that
    expectation was written by hand and is ahead of the code."""
    actual, title = run_case(case)
    known = case.settings.get("known_misses", [])
    if update and not (
        case.expected.exists() and only_known_misses(actual, case.expected.read_text(encoding="utf-8"), known)
    ):
        write_text_atomic(case.expected, actual)
    if not case.expected.exists():
        return [f"{case.expected} is missing (run `cleaner golden check --update` and review it)"]
    expected = case.expected.read_text(encoding="utf-8")
    problems = []
    if actual != expected and not only_known_misses(actual, expected, known):
        problems.append(diff(expected, actual, case.name))
    config = config_for(case)
    if case.input.suffix.lower() in {".html", ".htm"}:
        config = replace(config, heuristics=False)  # the HTML path never runs the text-dump heuristics
    again = clean_text(actual, url=case.settings.get("url"), config=config).text
    if again != actual:
        problems.append("not idempotent: cleaning the output again changes it\n" + diff(actual, again, case.name))
    want_title = case.settings.get("title")
    if want_title is not None and title != want_title:
        problems.append(f"title: expected {want_title!r}, got {title!r}")
    return problems
