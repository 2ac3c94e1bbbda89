"""De-spinning: the spun sample comes back, clean text never changes, spans and cases hold."""

from __future__ import annotations

import difflib
import json
import os
import pickle
from pathlib import Path

import pytest

from cleaner.despin import DespinResources, despin, load_despin_resources
from cleaner.despin_bench import EXPECTED, SPUN_SAMPLE, canonical_lines, clean_texts, restoration
from cleaner.despin_data import PhraseMatcher

SHARED = Path(os.environ.get("CLEANER_SHARED", Path(__file__).resolve().parents[2] / "shared"))

# Word runs of 002 still spun after reversal (our output, hand expectation). Each needs context a
# bigram model cannot supply, or is a swap too ambiguous for a table row (see the report).
KNOWN_MISSES = {
    ("Management", "Leadership"),
    ("decide", "commit"),
    ("ensure", "guarantee"),
    ("finish", "end"),
    ("offers", "deals"),
    ("speaking,”", "talking,”"),
    ("wants", "needs"),
}


@pytest.fixture(scope="module")
def resources() -> DespinResources:
    return load_despin_resources()


@pytest.fixture(scope="module")
def shared() -> Path:
    if not (SHARED / "samples").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def forced(resources: DespinResources, *lines: str) -> list[str]:
    return despin(list(lines), resources, threshold=0).lines


def test_spun_sample_is_detected_and_restored(resources: DespinResources, shared: Path) -> None:
    spun = canonical_lines((shared / "samples" / SPUN_SAMPLE).read_text(encoding="utf-8"))
    expected = canonical_lines(EXPECTED.read_text(encoding="utf-8"))
    outcome = despin(spun, resources)
    assert outcome.spun
    assert outcome.score > 50
    text = "\n".join(outcome.lines)
    for phrase in (
        "is meeting with Russian Foreign Minister",
        "between the two countries",
        "national security adviser",
        "Middle East special envoy",
        "World War II",
        "Munich Security Conference",
        "The Associated Press",
        "boots on the ground",
        "a phone call last week",
        "three years ago",
        "will be joined",
        "told Russian state media",
        "focus on",
        "the new administration",
        "likely to",
        "obviously the Americans at the table",
    ):
        assert phrase in text, phrase
    score = restoration(spun, expected, outcome.lines)
    assert score["recall"] >= 0.9
    assert score["precision"] >= 0.9


def remaining_differences(got: list[str], expected: list[str]) -> set[tuple[str, str]]:
    """(our words, expected words) for every word run where the output still differs."""
    diffs = set()
    for got_line, want_line in zip(got, expected, strict=True):
        a, b = got_line.split(), want_line.split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag != "equal":
                diffs.add((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return diffs


def test_spun_sample_misses_are_only_the_documented_ones(resources: DespinResources, shared: Path) -> None:
    spun = canonical_lines((shared / "samples" / SPUN_SAMPLE).read_text(encoding="utf-8"))
    expected = canonical_lines(EXPECTED.read_text(encoding="utf-8"))
    got = despin(spun, resources).lines
    assert remaining_differences(got, expected) <= KNOWN_MISSES


def test_clean_texts_have_no_word_changed(resources: DespinResources, shared: Path) -> None:
    texts = clean_texts(shared)
    assert len(texts) >= 185
    for name, lines in texts.items():
        outcome = despin(lines, resources)
        assert not outcome.spun, (name, outcome.evidence)
        assert outcome.changes == []
        assert outcome.lines == lines


HARD_NEGATIVES = [
    "The UN General Assembly voted on the resolution on Tuesday.",
    "New safety regulations take effect next month, officials said.",
    "He stated in court that he had never met the defendant.",
    "Related Topics",
    "The meeting between the two leaders lasted three hours.",
    "Three years in the past decade were the warmest on record.",
    "The National Security Council will meet on Friday.",
    "Prices will likely be higher next year, analysts said.",
]


def test_hard_negatives_stay_in_a_clean_document(resources: DespinResources) -> None:
    outcome = despin(HARD_NEGATIVES, resources)
    assert not outcome.spun
    assert outcome.lines == HARD_NEGATIVES
    assert outcome.changes == []


def test_capitalised_names_survive_even_when_forced(resources: DespinResources) -> None:
    lines = [
        "The UN General Assembly voted on the resolution.",
        "New safety regulations take effect next month.",
        "Related Topics",
        "The Football Association fined the club.",
    ]
    assert forced(resources, *lines) == lines


def test_case_follows_the_source_span(resources: DespinResources) -> None:
    assert forced(resources, "International locations agreed.") == ["Countries agreed."]
    assert forced(resources, "He met NATIONWIDE SAFETY officials.") == ["He met NATIONAL SECURITY officials."]
    assert forced(resources, "The Nationwide Safety Adviser spoke.") == ["The National Security Adviser spoke."]
    assert forced(resources, "the nationwide safety adviser spoke.") == ["the national security adviser spoke."]


def test_inflections_follow(resources: DespinResources) -> None:
    assert forced(resources, "Officials are assembly in Riyadh.") == ["Officials are meeting in Riyadh."]
    assert forced(resources, "He held two telephone names.") == ["He held two phone calls."]
    assert forced(resources, "She gave attention to jobs.") == ["She focused on jobs."]
    assert forced(resources, "He gives attention to jobs.") == ["He focuses on jobs."]
    assert forced(resources, "They are giving attention to jobs.") == ["They are focusing on jobs."]
    assert forced(resources, "Many international locations joined.") == ["Many countries joined."]


def test_context_rows_need_their_context(resources: DespinResources) -> None:
    assert forced(resources, "It happened five years in the past.") == ["It happened five years ago."]
    assert forced(resources, "We learn from mistakes in the past.") == ["We learn from mistakes in the past."]
    assert forced(resources, "Prices rose 5 p.c in March.") == ["Prices rose 5 percent in March."]


def test_one_pass_matcher_longest_match_wins(resources: DespinResources) -> None:
    assert isinstance(resources.table, PhraseMatcher)
    outcome = despin(["Troops put boots on the bottom of the hill in World Struggle II."], resources, threshold=0)
    assert outcome.lines == ["Troops put boots on the ground of the hill in World War II."]
    assert [c.rule for c in outcome.changes] == ["despin.phrase.ground", "despin.phrase.world-war-2"]
    assert despin(["It is the brand new plan."], resources, threshold=0).changes[0].rule == "despin.phrase.the-new"


def test_threshold_gate(resources: DespinResources, shared: Path) -> None:
    one_signature = ["The Related Press reported the story on Monday.", "Nothing else here looks odd at all."]
    outcome = despin(one_signature, resources)
    assert not outcome.spun and outcome.changes == [] and outcome.lines == one_signature
    spun = canonical_lines((shared / "samples" / SPUN_SAMPLE).read_text(encoding="utf-8"))
    assert not despin(spun, resources, threshold=10_000).spun
    assert despin(spun, resources).evidence["signatures"]["despin.phrase.world-war-2"] == 1


def test_changes_carry_spans_in_the_original_line(resources: DespinResources, shared: Path) -> None:
    spun = canonical_lines((shared / "samples" / SPUN_SAMPLE).read_text(encoding="utf-8"))
    outcome = despin(spun, resources)
    assert outcome.changes
    for change in outcome.changes:
        assert spun[change.line][change.start : change.end] == change.old
        assert change.rule.startswith(("despin.phrase.", "despin.context:"))
    for index, line in enumerate(spun):
        rebuilt, cursor = [], 0
        for change in (c for c in outcome.changes if c.line == index):
            rebuilt += [line[cursor : change.start], change.new]
            cursor = change.end
        rebuilt.append(line[cursor:])
        assert "".join(rebuilt) == outcome.lines[index]
    assert len(outcome.lines) == len(spun)
    for line in outcome.lines:
        assert "\n" not in line and line == line.strip() and "  " not in line
    json.dumps(outcome.evidence)


def test_general_mechanism_uses_context(resources: DespinResources) -> None:
    from cleaner.despin import _context_candidate

    assert resources.thesaurus and resources.bigrams
    assert _context_candidate(resources, "coronary", "failure", None) is None
    assert _context_candidate(resources, "the", "problem", "of") is None


def test_resources_pickle(resources: DespinResources) -> None:
    clone = pickle.loads(pickle.dumps(resources))
    lines = ["Officials are assembly with the International Minister in World Struggle II."]
    assert despin(lines, clone, threshold=0).lines == despin(lines, resources, threshold=0).lines


def test_extra_dirs_add_rows(resources: DespinResources, tmp_path: Path) -> None:
    (tmp_path / "extra.tsv").write_text("zorble\tflurbish gadget\tfine gadget\tn\t3\t\n", encoding="utf-8")
    extended = load_despin_resources([tmp_path])
    assert extended.rows == resources.rows + 1
    assert despin(["Two flurbish gadgets."], extended, threshold=0).lines == ["Two fine gadgets."]


HELD_OUT_STYLE = {
    "crime": (
        [
            "A person was shot and killed early Sunday morning, in keeping with the Metropolis Police Division.",
            "Officers responded to studies of gunfire close to the intersection at round 2:15 a.m., police stated in a press launch.",
            "The sufferer was pronounced useless. A second sufferer was taken to an area hospital with non-life-threatening accidents.",
            "No arrests have been made. Anybody with data is requested to name the tip line.",
            "The capturing is the third within the neighborhood this yr, in keeping with native officers.",
        ],
        [
            "according to the City Police Department",
            "Officers responded to reports of gunfire near the intersection at around 2:15 a.m., police said in a press release.",
            "The victim was pronounced dead. A second victim was taken to a local hospital with non-life-threatening injuries.",
            "Anyone with information is asked to call the tip line.",
            "The shooting is the third in the neighborhood this year, according to local officials.",
        ],
    ),
    "politics": (
        [
            "Home Republicans on Wednesday handed a invoice that would cut back federal spending by billions of {dollars}.",
            "The measure, which handed 217-215, now heads to the Senate, the place it’s anticipated to fail.",
            "Speaker Kevin McCarthy advised reporters the vote despatched a transparent message that Republicans are critical about reducing the deficit.",
            "Lawmakers have till the top of the month to go a spending bundle and keep away from a authorities shutdown.",
        ],
        [
            "House Republicans on Wednesday passed a bill that would cut back federal spending by billions of dollars.",
            "which passed 217-215, now heads to the Senate, where it’s expected to fail.",
            "told reporters the vote sent a clear message that Republicans are serious about reducing the deficit.",
            "Lawmakers have until the end of the month to pass a spending package and avoid a government shutdown.",
        ],
    ),
    "sports": (
        [
            "The Lakers beat the Warriors 120-115, with LeBron James scoring 35 factors.",
            "James, who has been coping with a foot harm, performed 38 minutes. “We got here out robust,” James stated after the sport.",
            "The win snapped a three-game shedding streak for the Lakers, who sit ninth within the Western Convention standings.",
        ],
        [
            "scoring 35 points.",
            "James, who has been dealing with a foot injury, played 38 minutes. “We came out strong,” James said after the game.",
            "The win snapped a three-game losing streak for the Lakers, who sit ninth in the Western Conference standings.",
        ],
    ),
    "weather-health-tech": (
        [
            "The Nationwide Climate Service issued a twister warning for a number of counties Tuesday afternoon.",
            "Forecasters stated extreme thunderstorms may carry damaging winds and huge hail.",
            "The examine, printed within the journal Nature, adopted greater than 10,000 adults over a interval of 20 years.",
            "Apple unveiled its newest iPhone on Tuesday, boasting a sooner chip and an improved digital camera system.",
        ],
        [
            "The National Weather Service issued a tornado warning",
            "Forecasters said severe thunderstorms may bring damaging winds and large hail.",
            "The study, published in the journal Nature, followed more than 10,000 adults over a period of 20 years.",
            "Apple unveiled its latest iPhone on Tuesday, boasting a faster chip and an improved camera system.",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(HELD_OUT_STYLE))
def test_other_spun_news_is_detected_and_restored(resources: DespinResources, name: str) -> None:
    lines, wanted = HELD_OUT_STYLE[name]
    outcome = despin(lines, resources)
    assert outcome.spun
    text = "\n".join(outcome.lines)
    for phrase in wanted:
        assert phrase in text, phrase


def test_document_swaps_need_two_rows(resources: DespinResources) -> None:
    outcome = despin(HELD_OUT_STYLE["crime"][0], resources)
    assert "officers" not in outcome.evidence["document_swaps"]
    spun = [
        "Rubio met the nationwide safety adviser at the Munich Safety Convention.",
        "They spoke about safety ensures and Europe’s safety in World Struggle II terms.",
        "The Related Press reported the telephone name final week.",
    ]
    outcome = despin(spun, resources)
    assert outcome.evidence["document_swaps"]["safety"] == "security"
    assert outcome.lines[1] == "They spoke about security guarantees and Europe’s security in World War II terms."
    assert any(c.rule.startswith("despin.context:document swaps safety>security") for c in outcome.changes)


def test_table_rows_have_unique_ids_and_six_columns() -> None:
    from cleaner.despin_data import DESPIN_DIRS, iter_table_rows

    table = next(d for d in DESPIN_DIRS if d.is_dir()) / "phrases.tsv"
    ids = [row[0] for row in iter_table_rows(table)]
    assert len(ids) == len(set(ids)) > 1000
    for line in table.read_text(encoding="utf-8").splitlines():
        assert line.startswith("#") or not line or line.count("\t") == 5, line


def test_a_short_spun_snippet_is_caught(resources: DespinResources) -> None:
    lines = ["The Related Press reported the telephone name on Monday."]
    outcome = despin(lines, resources)
    assert outcome.spun
    assert outcome.lines == ["The Associated Press reported the phone call on Monday."]


def test_core_works_without_the_thesaurus_and_counts(resources: DespinResources) -> None:
    from dataclasses import replace

    bare = replace(resources, thesaurus={}, unigrams={}, bigrams={})
    lines = ["Rubio is assembly with the International Minister after World Struggle II ended."]
    assert despin(lines, bare, threshold=0).lines == [
        "Rubio is meeting with the Foreign Minister after World War II ended."
    ]


def test_the_restoration_data_loads_only_for_a_spun_page() -> None:
    from pathlib import Path

    from cleaner import clean_text, pipeline

    pipeline._despin_resources.cache_clear()
    clean = clean_text("The council met on Monday and approved the budget for the new library.\n" * 3)
    assert not clean.spin["spun"]
    assert pipeline._despin_resources.cache_info().currsize == 0  # detection needs the signatures only
    spun = Path(__file__).resolve().parents[1] / "examples" / "dumps" / "misc" / "spun-copy.txt"
    restored = clean_text(spun.read_text(encoding="utf-8"))
    assert restored.spin["spun"] and restored.changes
    assert pipeline._despin_resources.cache_info().currsize == 1
