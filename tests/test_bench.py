"""The benchmark must score exactly as the shared reference does, and never crash on a bad method."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

import cleaner
from cleaner import bench
from cleaner.score import corpus_scores, page_bow_f1, page_prf, shingles, tokens

SHARED = bench.default_root()
REFERENCE = SHARED.parent / "score.py"

# (pred, gold, P, R, BOW) worked out by hand.
HAND_CASES = [
    ("the cat sat on the mat", "the cat sat on the mat", 1.0, 1.0, 1.0),
    ("", "", 1.0, 1.0, 1.0),
    ("", "one two three four five", 0.0, 0.0, 0.0),
    ("one two three four five", "", 0.0, 0.0, 0.0),
    # under four tokens: one shingle of all tokens
    ("Hello world", "Hello world", 1.0, 1.0, 1.0),
    ("Hello world", "hello world", 0.0, 0.0, 1.0),  # shingles keep case, BOW does not
    # 6 tokens -> 3 shingles, 2 shared with the 5-token gold (2 shingles)
    ("a b c d e menu", "a b c d e", 2 / 3, 1.0, 2 * (5 / 6) / (5 / 6 + 1)),
    # repeats count as a multiset: 2 pred shingles equal, gold has it once
    ("x y z w x y z", "x y z w", 1 / 4, 1.0, 2 * (4 / 7) / (4 / 7 + 1)),
    # punctuation is not a token; Unicode letters are
    ("Ça va, très bien! 2024", "Ça va très bien 2024", 1.0, 1.0, 1.0),
]


def _reference() -> ModuleType | None:
    """The shared scorer, loaded by path (the project must not import it)."""
    if not REFERENCE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_reference_score", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("pred", "gold", "p", "r", "bow"), HAND_CASES)
def test_scorer_hand_cases(pred: str, gold: str, p: float, r: float, bow: float) -> None:
    assert page_prf(pred, gold) == pytest.approx((p, r))
    assert page_bow_f1(pred, gold) == pytest.approx(bow)
    ref = _reference()
    if ref is not None:
        assert page_prf(pred, gold) == ref.page_prf(pred, gold)
        assert page_bow_f1(pred, gold) == ref.page_bow_f1(pred, gold)


def test_corpus_f1_comes_from_averaged_p_and_r() -> None:
    # page 1: P=1, R=1; page 2: P=0, R=0 -> averages 0.5/0.5, F1 0.5
    pairs = [("a b c d", "a b c d"), ("a b c d", "e f g h")]
    got = corpus_scores(pairs)
    assert got == {"n": 2, "P": 0.5, "R": 0.5, "F1": 0.5, "BOW": 0.5}
    assert corpus_scores([]) == {"n": 0}
    ref = _reference()
    if ref is not None:
        assert got == ref.corpus_scores(pairs)


def test_shingles_and_tokens() -> None:
    assert tokens("It's 3.5 km—far") == ["It", "s", "3", "5", "km", "far"]
    assert sum(shingles(tokens("a b c d e")).values()) == 2
    assert shingles([]) == {}


def test_equals_reference_on_shared_data() -> None:
    """Same numbers as the reference file on all 181 real pages, for two baselines."""
    ref = _reference()
    if ref is None or not (SHARED / "dump").is_dir():
        pytest.skip("shared benchmark data not present")
    pages, _ = bench.load_pages(SHARED / "dump", SHARED / "gold")
    assert len(pages) > 100
    for method in (lambda t: t, bench.c4_filter):
        pairs = [(method(p.data), p.gold) for p in pages]
        assert corpus_scores(pairs) == ref.corpus_scores(pairs)
    # and the figures the benchmark prints come from the same scorer
    run = bench.run_method(bench.Method("c4", bench.DUMP, lambda: bench.c4_filter), pages)
    assert run.figures == ref.corpus_scores((bench.c4_filter(p.data), p.gold) for p in pages)


def test_c4_filter_keeps_sentences_drops_furniture() -> None:
    dump = "\n".join(
        [
            "Home  News  Sport",
            "Share this",
            "The council voted to close the library on Friday.",
            "  “We are devastated,” said one reader.”  ",
            "Is this the end of the story?",
            "Please enable JavaScript to view the comments.",
            "Read our privacy policy and terms of use.",
            "The council voted to close the library on Friday.",
            "Ok.",
        ]
    )
    assert bench.c4_filter(dump).splitlines() == [
        "The council voted to close the library on Friday.",
        "“We are devastated,” said one reader.”",
        "Is this the end of the story?",
    ]


# ---------------------------------------------------------------- fixtures for the CLI

ARTICLE = (
    "The city council voted on Tuesday to keep the old library open for another year.\n"
    "Residents had collected more than four thousand signatures in two weeks.\n"
    "“It is the heart of the neighbourhood,” said Maria Lopez, who organised the petition."
)
FURNITURE = "Home\nNews\nSport\nSubscribe now\nShare on Facebook\n© 2024 Daily Example. All rights reserved."
SECOND = "Heavy rain is expected across the region over the weekend, forecasters said on Friday."


def _dump(title: str, body: str) -> str:
    return f"{title}\n\n{FURNITURE}\n\n{body}\n\nMost read\nWeather\nSport\n"


def _html(title: str, body: str) -> str:
    paras = "".join(f"<p>{line}</p>" for line in body.splitlines())
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>© 2024 Daily Example. All rights reserved.</footer></body></html>"
    )


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    dumps, html, gold = tmp_path / "dump", tmp_path / "html", tmp_path / "gold"
    for d in (dumps, html, gold):
        d.mkdir()
    (gold / "p1.txt").write_text(ARTICLE, encoding="utf-8")
    (gold / "p2.txt").write_text(SECOND, encoding="utf-8")
    (dumps / "p1.txt").write_text(_dump("Library saved", ARTICLE), encoding="utf-8")
    (dumps / "p2.txt").write_text(_dump("Rain", SECOND), encoding="utf-8")
    (dumps / "orphan.txt").write_text("no gold for this one", encoding="utf-8")
    (dumps / "notes.md").write_text("not an input", encoding="utf-8")
    (html / "p1.html.gz").write_bytes(gzip.compress(_html("Library saved", ARTICLE).encode()))
    (html / "p2.htm").write_text(_html("Rain", SECOND), encoding="utf-8")
    urls = tmp_path / "urls.json"
    urls.write_text(json.dumps({"p1": "https://example.com/a/library", "p2": "https://example.com/b/rain"}))
    return {"dump": dumps, "html": html, "gold": gold, "urls": urls, "root": tmp_path}


def test_load_pages_matches_ids_and_reads_gzip(corpus: dict[str, Path]) -> None:
    urls = json.loads(corpus["urls"].read_text())
    pages, warnings = bench.load_pages(corpus["dump"], corpus["gold"], urls)
    assert [(p.id, p.kind, p.url) for p in pages] == [
        ("p1", "dump", "https://example.com/a/library"),
        ("p2", "dump", "https://example.com/b/rain"),
    ]
    assert any("no gold" in w for w in warnings)
    html, _ = bench.load_pages(corpus["html"], corpus["gold"], urls, limit=1)
    assert [(p.id, p.kind) for p in html] == [("p1", "html")]
    assert "<article>" in html[0].data


def test_cli_dump_set_table_json_and_worst_pages(
    corpus: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "bench.json"
    saved = tmp_path / "saved"
    argv = [
        "--input", str(corpus["dump"]), "--gold", str(corpus["gold"]), "--urls", str(corpus["urls"]),
        "--methods", "raw", "c4", "--json", str(out), "--per-page", "raw", "--worst", "1",
        "--save-outputs", str(saved),
    ]  # fmt: skip
    assert bench.main(argv) == 0
    printed = capsys.readouterr().out
    assert "| dump | raw | 2 |" in printed
    assert "| dump | c4 | 2 |" in printed
    assert "worst 1 pages for raw" in printed
    report = json.loads(out.read_text())
    rows = {m["method"]: m for m in report["methods"]}
    assert set(rows) == {"raw", "c4"}
    assert rows["raw"]["R"] == 1.0 and rows["raw"]["P"] < 1.0
    assert rows["c4"]["P"] > rows["raw"]["P"]
    assert {"median_ms", "pages_per_s", "F1", "BOW"} <= set(rows["c4"])
    assert [p["id"] for p in rows["c4"]["pages"]] == ["p1", "p2"]
    assert report["speed_ratios"] == []  # no pair from RATIOS ran
    assert (saved / "c4" / "p1.txt").read_text(encoding="utf-8") == bench.c4_filter(_dump("Library saved", ARTICLE))


def test_cli_html_set_runs_trafilatura(corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("trafilatura")
    argv = ["--input", str(corpus["html"]), "--gold", str(corpus["gold"]), "--methods", "trafilatura", "raw"]
    assert bench.main(argv) == 0
    captured = capsys.readouterr()
    assert "| html | trafilatura | 2 |" in captured.out
    assert "| dump | raw" not in captured.out  # no dump inputs given: skipped with a warning
    assert "raw need dump inputs" in captured.err


def test_cleaner_methods_call_the_package_with_url(
    corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stand-in for the package: the bench passes text and url, and reads ``.text``."""
    calls: list[tuple[str, str | None]] = []

    def fake_clean_text(text: str, url: str | None = None, config: object = None, **_: object) -> SimpleNamespace:
        calls.append(("text", url))
        return SimpleNamespace(text=bench.c4_filter(text), title=None)

    def fake_clean_html(html: str | bytes, url: str | None = None, config: object = None) -> SimpleNamespace:
        calls.append(("html", url))
        return SimpleNamespace(text=ARTICLE if "Library" in str(html) else SECOND, title=None)

    monkeypatch.setattr(cleaner, "clean_text", fake_clean_text, raising=False)
    monkeypatch.setattr(cleaner, "clean_html", fake_clean_html, raising=False)
    monkeypatch.setattr(bench, "default_root", lambda: corpus["root"])
    assert bench.main(["--methods", "cleaner", "cleaner-html", "c4"]) == 0
    printed = capsys.readouterr().out
    assert "| html | cleaner-html | 2 | 1.000 | 1.000 | 1.000 | 1.000 |" in printed
    assert "cleaner / c4:" in printed
    assert ("text", "https://example.com/a/library") in calls
    assert ("html", "https://example.com/b/rain") in calls


def test_failing_methods_become_error_rows(corpus: dict[str, Path]) -> None:
    pages, _ = bench.load_pages(corpus["dump"], corpus["gold"])

    def cannot_load() -> bench.Extractor:
        raise ImportError("no module named 'nothing'")

    def flaky(text: str, url: str | None) -> str:
        if "Rain" in text:
            raise ValueError("boom")
        return text

    broken = bench.run_method(bench.Method("broken", bench.DUMP, cannot_load), pages)
    assert broken.error is not None and "ImportError" in broken.error
    partial = bench.run_method(bench.Method("flaky", bench.DUMP, lambda: flaky), pages)
    assert partial.error is None
    assert set(partial.page_errors) == {"p2"}
    assert partial.scores[1].R == 0.0  # the failed page counts as empty output
    always = bench.run_method(bench.Method("always", bench.DUMP, lambda: lambda t, u: 1 / 0), pages)
    assert always.error is not None
    table = bench.format_table([broken, partial, always])
    assert "| dump | broken | ERROR: ImportError" in table
    assert "flaky (1 pages raised)" in table
    assert "| dump | always | ERROR:" in table


def test_no_arguments_without_shared_data_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "default_root", lambda: tmp_path / "absent")
    assert bench.main([]) == 2
    assert "no benchmark data" in capsys.readouterr().err


def test_bad_arguments_exit_2(corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--input", str(corpus["dump"])]) == 2
    assert bench.main(["--input", str(corpus["dump"]), "--gold", str(corpus["gold"]), "--methods", "nope"]) == 2
    assert "unknown method" in capsys.readouterr().err


def test_default_root_is_beside_the_project() -> None:
    assert Path(cleaner.__file__).resolve().parents[1].parent / "shared" / "bench" / "aeb" == SHARED


def test_batch_stats_hook_adds_nobatch_row(
    corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once the package offers batch statistics, ``cleaner`` uses them and ``cleaner-nobatch`` does not."""
    seen: list[frozenset[str]] = []

    def furniture_stats(texts: list[str], urls: list[str | None]) -> list[tuple[str, ...]]:
        assert len(texts) == len(urls) == 2
        return [("Home", "News", "Sport")] * len(texts)

    memos: list[int] = []

    def fake_clean_text(
        text: str, url: str | None = None, furniture: frozenset[str] = frozenset(), scores: dict | None = None
    ) -> SimpleNamespace:
        seen.append(frozenset(furniture))
        memos.append(id(scores))
        return SimpleNamespace(text="\n".join(x for x in text.splitlines() if x not in furniture))

    stats_module = ModuleType("fake_batch_stats")
    stats_module.furniture_stats = furniture_stats  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_batch_stats", stats_module)
    monkeypatch.setattr(bench, "BATCH_STATS", ("fake_batch_stats", "furniture_stats"))
    monkeypatch.setattr(cleaner, "clean_text", fake_clean_text, raising=False)
    assert [m.name for m in bench.methods()][:4] == ["raw", "c4", "cleaner", "cleaner-nobatch"]
    argv = ["--input", str(corpus["dump"]), "--gold", str(corpus["gold"]), "--methods", "cleaner", "cleaner-nobatch"]
    assert bench.main(argv) == 0
    printed = capsys.readouterr().out
    assert "| dump | cleaner | 2 |" in printed and "| dump | cleaner-nobatch | 2 |" in printed
    assert frozenset({"Home", "News", "Sport"}) in seen and frozenset() in seen
    assert len(set(memos)) == 2  # each method its own memo of line scores


def test_methods_are_interleaved_without_sharing_a_page(corpus: dict[str, Path]) -> None:
    """Fair timing on a busy machine: every method cleans one page before any cleans its
    next, never the page another method has just cleaned (that page would still be in the
    caches), and warms up on the page it times last. The records come back in page order."""
    (corpus["dump"] / "p3.txt").write_text(_dump("Harbour works", SECOND), encoding="utf-8")
    (corpus["gold"] / "p3.txt").write_text(SECOND, encoding="utf-8")
    pages, _ = bench.load_pages(corpus["dump"], corpus["gold"])
    page_of = {p.data[:7]: p.id for p in pages}
    calls: list[tuple[str, str]] = []

    def tracer(name: str) -> bench.Extractor:
        def run(text: str, url: str | None) -> str:
            calls.append((name, page_of[text[:7]]))
            return text

        return run

    chosen = [bench.Method(n, bench.DUMP, lambda n=n: tracer(n)) for n in ("a", "b", "c")]
    runs = bench.run_methods(chosen, pages)
    assert [r.method for r in runs] == ["a", "b", "c"]
    assert calls[:3] == [("a", "p3"), ("b", "p1"), ("c", "p2")]  # warm-up, untimed
    assert calls[3:] == [
        *[("a", "p1"), ("b", "p2"), ("c", "p3")],
        *[("b", "p3"), ("c", "p1"), ("a", "p2")],
        *[("c", "p2"), ("a", "p3"), ("b", "p1")],
    ]
    for run in runs:
        assert run.pages == ["p1", "p2", "p3"]
        assert [s.F1 for s in run.scores] == [bench.score_page(p.data, p.gold).F1 for p in pages]


def _load_benchmark_script(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_heldout_takes_the_pages_that_have_an_expected_text(tmp_path: Path) -> None:
    import io
    import tarfile

    heldout = _load_benchmark_script("heldout")
    files = {
        "tests/data/html/news_one.html": b"<html><title>One</title><p>First story.</p></html>",
        "tests/data/txt/news_one.txt": b"First story.",
        "tests/data/metadata/news_one.json": json.dumps({"url": "https://example.com/one"}).encode(),
        "tests/data/html/front_page.html": b"<html><p>No expected text for this one.</p></html>",
        "tests/data/html/news_two.html": b"<html><p>Second story.</p></html>",
        "tests/data/txt/news_two.txt": "Second story, ünïcode.".encode(),
        "newspaper4k/__init__.py": b"",
    }
    sdist = tmp_path / "newspaper4k-0.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"newspaper4k-0.0/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    out = tmp_path / "out"
    assert heldout.extract_pages(sdist, out) == 2
    assert sorted(p.name for p in (out / "html").iterdir()) == ["news_one.html", "news_two.html"]
    assert (out / "gold" / "news_two.txt").read_text(encoding="utf-8") == "Second story, ünïcode."
    assert json.loads((out / "urls.json").read_text(encoding="utf-8")) == {"news_one": "https://example.com/one"}
