"""Measure de-spinning: restoration on the spun sample, false edits on clean text, gate speed.

    python -m cleaner.despin_bench [--shared PATH]

Needs ../shared (or CLEANER_SHARED); the expectation for the spun sample is the hand-written
tests/fixtures/despin/002_expected.txt.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import re
import statistics
import time
from pathlib import Path

from cleaner.despin import DespinResources, despin, load_despin_resources, spin_score

PROJECT = Path(__file__).resolve().parents[1]
SPUN_SAMPLE = "002_5e05ce3c1b2ba9ab.txt"
CLEAN_SAMPLES = ("000_", "001_", "003_", "004_")
EXPECTED = PROJECT / "tests" / "fixtures" / "despin" / "002_expected.txt"
_TOKEN = re.compile(r"\S+")


def shared_dir() -> Path:
    """../shared next to the project, or CLEANER_SHARED."""
    return Path(os.environ.get("CLEANER_SHARED", PROJECT.parent / "shared"))


def canonical_lines(text: str) -> list[str]:
    """One paragraph per line, whitespace collapsed: the form despin() is given."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def clean_texts(shared: Path) -> dict[str, list[str]]:
    """The 181 gold texts and the four clean samples, as canonical lines."""
    texts = {
        p.name: canonical_lines(p.read_text(encoding="utf-8"))
        for p in sorted((shared / "bench/aeb/gold").glob("*.txt"))
    }
    for prefix in CLEAN_SAMPLES:
        for p in sorted((shared / "samples").glob(prefix + "*.txt")):
            texts[p.name] = canonical_lines(p.read_text(encoding="utf-8"))
    return texts


def word_edits(before: list[str], after: list[str]) -> set[tuple[int, int, int, str]]:
    """(line, first word, last word, new words) for every replaced word run."""
    edits = set()
    for index, (a, b) in enumerate(zip(before, after, strict=True)):
        wa, wb = _TOKEN.findall(a), _TOKEN.findall(b)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
            if tag != "equal":
                edits.add((index, i1, i2, " ".join(wb[j1:j2])))
    return edits


def restoration(spun: list[str], expected: list[str], got: list[str]) -> dict[str, float]:
    """Share of the expected word changes reproduced exactly, and the share of our edits that were expected."""
    want = word_edits(spun, expected)
    have = word_edits(spun, got)
    want_words = sum(max(i2 - i1, 1) for _, i1, i2, _ in want)
    hit_words = sum(max(i2 - i1, 1) for e in want & have for _, i1, i2, _ in [e])
    have_words = sum(max(i2 - i1, 1) for _, i1, i2, _ in have)
    return {
        "expected_changed_words": want_words,
        "restored_words": hit_words,
        "recall": hit_words / want_words if want_words else 1.0,
        "edited_words": have_words,
        "precision": hit_words / have_words if have_words else 1.0,
    }


def false_edits(texts: dict[str, list[str]], resources: DespinResources, forced: bool) -> dict[str, object]:
    """Words changed per 10,000 words of clean text, split by table and context mechanism."""
    words = 0
    table = context = 0
    docs_spun = 0
    examples: list[str] = []
    for name, lines in texts.items():
        words += sum(len(line.split()) for line in lines)
        outcome = despin(lines, resources, threshold=0.0 if forced else None)
        docs_spun += outcome.spun
        for change in outcome.changes:
            n = max(len(change.old.split()), 1)
            if change.rule.startswith("despin.context"):
                context += n
            else:
                table += n
            if len(examples) < 400:
                examples.append(f"{name}: {change.old!r} -> {change.new!r} [{change.rule}]")
    per = 10000.0 / max(words, 1)
    return {
        "words": words,
        "docs_spun": docs_spun,
        "table_per_10k": table * per,
        "context_per_10k": context * per,
        "total_per_10k": (table + context) * per,
        "examples": examples,
    }


def synthetic_spin(
    texts: dict[str, list[str]], resources: DespinResources, rate: float = 0.15, seed: int = 5
) -> dict[str, float]:
    """Spin clean text like a naive spinner (common word -> rarer thesaurus synonym), then measure
    how many words the context mechanism alone restores and how many of its edits are right.

    Optimistic in one way (the spinner draws from our own thesaurus) and pessimistic in another
    (no phrase table), so it measures the general mechanism, not the whole reversal.
    """
    forward: dict[str, list[str]] = {}
    for spun, originals in resources.thesaurus.items():
        for original in originals:
            if resources.unigrams.get(spun, 0) < resources.unigrams.get(original, 0):
                forward.setdefault(original, []).append(spun)
    rng = random.Random(seed)
    table_off = DespinResources(
        table=resources.signatures,
        signatures=resources.signatures,
        rows=0,
        thesaurus=resources.thesaurus,
        unigrams=resources.unigrams,
        bigrams=resources.bigrams,
        bigram_floor=resources.bigram_floor,
        corpus_size=resources.corpus_size,
        common_count=resources.common_count,
    )
    swapped = restored = edits = right = 0
    for lines in texts.values():
        spun_lines, truth = [], []
        for line in lines:
            out, swaps, cursor = [], {}, 0
            for m in re.finditer(r"[a-z]+", line):
                word = m.group()
                if word in forward and rng.random() < rate and (m.start() == 0 or line[m.start() - 1] == " "):
                    new = rng.choice(forward[word])
                    out.append(line[cursor : m.start()])
                    start = sum(map(len, out))
                    out.append(new)
                    swaps[start] = word
                    cursor = m.end()
            out.append(line[cursor:])
            spun_lines.append("".join(out))
            truth.append(swaps)
        swapped += sum(map(len, truth))
        outcome = despin(spun_lines, table_off, threshold=0.0)
        for change in outcome.changes:
            if not change.rule.startswith("despin.context"):
                continue
            edits += 1
            if truth[change.line].get(change.start) == change.new.lower():
                right += 1
                restored += 1
    return {
        "swapped": swapped,
        "restored": restored,
        "recall": restored / swapped if swapped else 0.0,
        "edits": edits,
        "precision": right / edits if edits else 1.0,
    }


def gate_ms(pages: list[list[str]], resources: DespinResources, repeat: int = 5) -> float:
    """Median cost of the detection gate per page, in milliseconds."""
    times = []
    for lines in pages:
        text = "\n".join(lines)
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            spin_score(text, resources)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=shared_dir())
    parser.add_argument("--examples", type=int, default=0, help="print this many forced-mode false edits")
    args = parser.parse_args()
    start = time.perf_counter()
    resources = load_despin_resources()
    print(
        f"resources: {resources.rows} table rows, {len(resources.thesaurus)} thesaurus entries, loaded in {time.perf_counter() - start:.2f}s"
    )
    spun = canonical_lines((args.shared / "samples" / SPUN_SAMPLE).read_text(encoding="utf-8"))
    expected = canonical_lines(EXPECTED.read_text(encoding="utf-8"))
    outcome = despin(spun, resources)
    r = restoration(spun, expected, outcome.lines)
    print(f"002 spun sample: score {outcome.score:.1f}, spun={outcome.spun}, {len(outcome.changes)} changes")
    print(
        f"  restored {r['restored_words']}/{r['expected_changed_words']} expected changed words "
        f"(recall {r['recall']:.1%}); {r['edited_words']} words edited, precision {r['precision']:.1%}"
    )
    texts = clean_texts(args.shared)
    for forced in (False, True):
        fe = false_edits(texts, resources, forced)
        mode = "forced (threshold bypassed)" if forced else "gated"
        print(
            f"clean text, {mode}: {len(texts)} docs, {fe['words']} words, {fe['docs_spun']} judged spun; "
            f"false edits per 10k words: table {fe['table_per_10k']:.2f}, context {fe['context_per_10k']:.2f}, "
            f"total {fe['total_per_10k']:.2f}"
        )
        if forced and args.examples:
            for line in fe["examples"][: args.examples]:
                print("   ", line)
    syn = synthetic_spin(texts, resources)
    print(
        f"synthetic spin of the clean texts (context mechanism only): {syn['swapped']} words swapped, "
        f"{syn['restored']} restored (recall {syn['recall']:.1%}), {syn['edits']} edits, precision {syn['precision']:.1%}"
    )
    print(
        f"gate time per page (median): clean {gate_ms(list(texts.values()), resources):.3f} ms, spun {gate_ms([spun], resources):.3f} ms"
    )


if __name__ == "__main__":
    main()
