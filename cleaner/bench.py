"""The project's benchmark: cleaner against baselines on the same pages, same process.

``python -m cleaner.bench --input DIR --gold DIR [--urls FILE]`` scores every method
that fits the inputs (text dumps or HTML) against gold article texts and prints P, R,
F1, BOW and speed. With no arguments it runs the shared article-extraction benchmark
(``shared/bench/aeb`` beside the project), both its dump set and its HTML set.

Why it is built this way:

* Every method runs in this one process, one page at a time, each call timed with
  ``time.perf_counter`` around the call alone (reading and scoring are outside).
  All methods are interleaved page by page (dump and HTML alike), so the speed
  ratios printed under the table compare like with like even on a busy machine.
* Each method gets one untimed warm-up call, so lazy imports and first-call caches are
  not billed to one page; the median per page is reported as well as pages/s.
* A method that cannot be imported, or that raises, becomes an error row (a page that
  raises counts as empty output and is reported), never a crash of the whole run.
* The scorer lives in `cleaner.score` and reproduces the shared reference scorer.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cleaner.score import PageScore, aggregate, score_page, tokens

DUMP = "dump"
HTML = "html"
DUMP_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

# A method takes the page input (dump text or HTML text) and the URL, returns text.
Extractor = Callable[[str, "str | None"], str]


@dataclass
class Page:
    """One benchmark page: input, gold and URL, read before any timing starts."""

    id: str
    kind: str
    data: str
    gold: str
    url: str | None = None


@dataclass
class Method:
    """A named way to get article text from one kind of input.

    ``load`` imports what the method needs and returns the per-page callable; it runs
    untimed, and an exception from it turns the method into an error row.
    ``prepare`` is the hook for methods that need all inputs before the per-page calls
    (corpus-level statistics, e.g. a batch mode of the cleaner): it gets the inputs and
    returns the per-page callable; its time is reported separately as ``prepare_s``.
    """

    name: str
    kind: str
    load: Callable[[], Extractor]
    doc: str = ""
    prepare: Callable[[list[Page]], Extractor] | None = None


@dataclass
class Run:
    """The outcome of one method over one set of pages."""

    method: str
    kind: str
    pages: list[str] = field(default_factory=list)
    scores: list[PageScore] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    page_errors: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    prepare_s: float = 0.0

    @property
    def figures(self) -> dict[str, float]:
        return aggregate(self.scores)

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.ms) if self.ms else None

    @property
    def total_s(self) -> float:
        return sum(self.ms) / 1000.0

    @property
    def pages_per_s(self) -> float | None:
        """Throughput including any whole-set preparation (batch statistics)."""
        spent = self.total_s + self.prepare_s
        return len(self.ms) / spent if self.ms and spent > 0 else None

    def summary(self) -> dict[str, Any]:
        """Machine-readable figures, without the per-page detail."""
        out: dict[str, Any] = {"method": self.method, "kind": self.kind, "error": self.error}
        if self.error is None:
            out.update(self.figures)
            out.update(
                median_ms=self.median_ms,
                pages_per_s=self.pages_per_s,
                total_s=self.total_s,
                prepare_s=self.prepare_s,
                page_errors=len(self.page_errors),
            )
        return out


# --------------------------------------------------------------------------- methods

_C4_END = (".", "?", "!", '"', "'", "\u201d", "\u2019")
_C4_POLICY = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)


def c4_filter(text: str, url: str | None = None) -> str:
    """C4's line rules, the baseline any dump cleaner must beat.

    Keeps stripped lines of 3+ words that end in terminal punctuation or a closing
    quote (straight or curly), drops lines that mention javascript or a cookie,
    privacy or terms policy, as C4 does, and keeps a repeated line once (C4's
    de-duplication, which ran across its corpus, reduced to one page). C4's page-level
    rejections (lorem ipsum, curly braces, bad words, fewer than 5 sentences) are left
    out: they blank whole pages, which says nothing about cleaning.
    """
    kept: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) < 3 or not line.endswith(_C4_END) or line in seen:
            continue
        low = line.lower()
        if "javascript" in low or any(p in low for p in _C4_POLICY):
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept)


def _as_text(result: Any) -> str:
    """The cleaner returns a Result with ``.text``; baselines return str or None."""
    if result is None:
        return ""
    if isinstance(result, str):
        return result
    return str(getattr(result, "text", "") or "")


def _load_raw() -> Extractor:
    return lambda text, url: text


def _load_c4() -> Extractor:
    return c4_filter


def _load_cleaner_text() -> Extractor:
    import cleaner

    clean_text = cleaner.clean_text
    scores: dict = {}  # this method's own memo of line scores (see clean_document)
    return lambda text, url: _as_text(clean_text(text, url=url, scores=scores))


def _load_cleaner_html() -> Extractor:
    import cleaner

    clean_html = cleaner.clean_html
    return lambda html, url: _as_text(clean_html(html, url=url))


def _load_trafilatura(fast: bool) -> Callable[[], Extractor]:
    def load() -> Extractor:
        import trafilatura

        def run(html: str, url: str | None) -> str:
            return _as_text(trafilatura.extract(html, url=url, output_format="txt", fast=fast))

        return run

    return load


# The cleaner's batch statistics (lines that recur across a site's pages): a function
# taking all texts and URLs and returning one set of furniture line keys per text. The
# ``cleaner`` row computes the statistics over the whole input set (timed apart, as
# prepare_s, and counted in pages/s); a ``cleaner-nobatch`` row shows the same cleaner
# page by page, without them.
BATCH_STATS = ("cleaner.stats", "furniture_stats")


def _batch_stats() -> Callable[[list[str], list[str | None]], Sequence[Any]] | None:
    """The package's batch-statistics function, or None while it does not exist."""
    module_name, attr = BATCH_STATS
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, attr, None)


def _cleaner_batch_prepare() -> Callable[[list[Page]], Extractor] | None:
    """``Method.prepare`` for the cleaner: statistics over all pages, then per-page calls."""
    stats = _batch_stats()
    if stats is None:
        return None

    def prepare(pages: list[Page]) -> Extractor:
        import cleaner

        per_page = stats([p.data for p in pages], [p.url for p in pages])
        furniture = {p.data: frozenset(f) for p, f in zip(pages, per_page, strict=True)}
        clean_text = cleaner.clean_text
        # Its own memo of line scores: run side by side with cleaner-nobatch, each would
        # otherwise find the lines the other has just scored.
        scores: dict = {}
        return lambda text, url: _as_text(
            clean_text(text, url=url, furniture=furniture.get(text, frozenset()), scores=scores)
        )

    return prepare


def methods() -> list[Method]:
    """All known methods, dump ones first; a new baseline is one entry here."""
    found = [
        Method("raw", DUMP, _load_raw, "the dump as is"),
        Method("c4", DUMP, _load_c4, "C4-style line filter"),
        Method("cleaner", DUMP, _load_cleaner_text, "cleaner.clean_text", _cleaner_batch_prepare()),
        Method("trafilatura", HTML, _load_trafilatura(False), "trafilatura.extract()"),
        Method("trafilatura-fast", HTML, _load_trafilatura(True), "trafilatura.extract(fast=True)"),
        Method("cleaner-html", HTML, _load_cleaner_html, "cleaner.clean_html"),
    ]
    if _batch_stats() is not None:
        found.insert(3, Method("cleaner-nobatch", DUMP, _load_cleaner_text, "cleaner.clean_text, no batch stats"))
    return found


# --------------------------------------------------------------------------- inputs


def page_id(path: Path) -> str:
    """Benchmark ID: the file name up to its first dot."""
    return path.name.split(".", 1)[0]


def input_kind(path: Path) -> str | None:
    """DUMP, HTML or None (not an input) from the file name."""
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return HTML
    if name.endswith(DUMP_SUFFIXES):
        return DUMP
    return None


def read_input(path: Path) -> str:
    """File text; HTML may be gzipped. Decoded as UTF-8, bad bytes replaced."""
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def load_pages(
    input_dir: Path,
    gold_dir: Path,
    urls: dict[str, str] | None = None,
    limit: int | None = None,
) -> tuple[list[Page], list[str]]:
    """Pages with a gold text, sorted by ID, and warnings about files left out."""
    urls = urls or {}
    gold = {page_id(p): p for p in sorted(gold_dir.iterdir()) if p.is_file()}
    pages: list[Page] = []
    warnings: list[str] = []
    seen: set[tuple[str, str]] = set()
    no_gold = 0
    for path in sorted(input_dir.iterdir()):
        kind = input_kind(path)
        if kind is None or not path.is_file():
            continue
        pid = page_id(path)
        if (pid, kind) in seen:
            warnings.append(f"{path.name}: second {kind} input for ID {pid}, skipped")
            continue
        if pid not in gold:
            no_gold += 1
            continue
        seen.add((pid, kind))
        gold_text = gold[pid].read_text(encoding="utf-8", errors="replace")
        pages.append(Page(pid, kind, read_input(path), gold_text, urls.get(pid)))
    if no_gold:
        warnings.append(f"{input_dir}: {no_gold} input file(s) have no gold text, skipped")
    if limit is not None:
        kept: list[Page] = []
        for kind in (DUMP, HTML):
            kept.extend([p for p in pages if p.kind == kind][:limit])
        pages = kept
    return pages, warnings


# --------------------------------------------------------------------------- running


def _start(method: Method, pages: list[Page], warm: Page | None) -> tuple[Run, Extractor | None]:
    """Loads (and prepares) a method, warms it up on the page ``warm``; a loading failure is
    recorded, not raised."""
    run = Run(method.name, method.kind)
    try:
        extract = method.load()
        if method.prepare is not None:
            start = time.perf_counter()
            extract = method.prepare(pages)
            run.prepare_s = time.perf_counter() - start
    except Exception as exc:  # any failure to load is a result
        run.error = f"{type(exc).__name__}: {exc}"
        return run, None
    if warm is not None:
        with contextlib.suppress(Exception):  # the timed loop records it
            extract(warm.data, warm.url)  # warm-up, untimed
    return run, extract


def _timed_call(run: Run, extract: Extractor, page: Page, keep_output: bool) -> None:
    """One timed call, scored; an exception counts as empty output for that page."""
    start = time.perf_counter()
    try:
        out = extract(page.data, page.url)
    except Exception as exc:
        elapsed = time.perf_counter() - start
        out = ""
        run.page_errors[page.id] = f"{type(exc).__name__}: {exc}"
    else:
        elapsed = time.perf_counter() - start
    run.pages.append(page.id)
    run.ms.append(elapsed * 1000.0)
    run.scores.append(score_page(out, page.gold))
    run.outputs.append(out if keep_output else "")


def run_jobs(jobs: Sequence[tuple[Method, list[Page]]], keep_outputs: bool = False) -> list[Run]:
    """Times and scores each method over its pages; never raises for a method's faults.

    Calls are interleaved: one page of every job before any job's next page, the
    order rotated from step to step. A busy spell on a shared machine then slows every
    method alike and the speed ratios stay fair, instead of landing on whichever
    method happened to be running. Each job walks its pages from its own starting
    point, a share of the pages after the previous job's, and warms up on the page it
    will time last: with at least as many pages as jobs, no method cleans the page
    another has just cleaned. It would find that page in the CPU caches, and its lines
    in caches keyed by line, where the other left them (cleaner-nobatch, run right after
    cleaner on the same page, took 0.3 ms less per page for that alone).
    """
    offsets = [k * len(pages) // len(jobs) for k, (_, pages) in enumerate(jobs)]
    started = [
        (*_start(m, pages, pages[offset - 1] if pages else None), pages, offset)
        for (m, pages), offset in zip(jobs, offsets, strict=True)
    ]
    live = [(run, extract, pages, offset) for run, extract, pages, offset in started if extract is not None]
    for i in range(max((len(pages) for _, _, pages, _ in live), default=0)):
        for k in range(len(live)):
            run, extract, pages, offset = live[(i + k) % len(live)]
            if i < len(pages):
                _timed_call(run, extract, pages[(i + offset) % len(pages)], keep_outputs)
    for run, _, pages, offset in live:
        _in_page_order(run, offset)
        if pages and len(run.page_errors) == len(pages):
            run.error = f"every page raised, e.g. {next(iter(run.page_errors.values()))}"
    return [run for run, _, _, _ in started]


def _in_page_order(run: Run, offset: int) -> None:
    """Put a run's per-page records, made from the page at ``offset`` on (wrapping
    round), back in the pages' order: page 0's record is the one made after the last page."""
    if run.pages:
        first = -offset % len(run.pages)
        for name in ("pages", "scores", "ms", "outputs"):
            records = getattr(run, name)
            setattr(run, name, records[first:] + records[:first])


def run_methods(chosen: Sequence[Method], pages: list[Page], keep_outputs: bool = False) -> list[Run]:
    """Several methods over the same pages, interleaved (see `run_jobs`)."""
    return run_jobs([(m, pages) for m in chosen], keep_outputs)


def run_method(method: Method, pages: list[Page], keep_outputs: bool = False) -> Run:
    """One method alone over pages (see `run_methods`)."""
    return run_methods([method], pages, keep_outputs)[0]


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def format_table(runs: Sequence[Run]) -> str:
    """Markdown table, so that it pastes into RESULTS.md as it is."""
    lines = [
        "| input | method | pages | P | R | F1 | BOW | median ms/page | pages/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        if run.error is not None:
            lines.append(f"| {run.kind} | {run.method} | ERROR: {run.error} | | | | | | |")
            continue
        f = run.figures
        name = run.method + (f" ({len(run.page_errors)} pages raised)" if run.page_errors else "")
        lines.append(
            f"| {run.kind} | {name} | {f['n']} | {f['P']:.3f} | {f['R']:.3f} | {f['F1']:.3f} "
            f"| {f['BOW']:.3f} | {_fmt(run.median_ms, '.2f')} | {_fmt(run.pages_per_s, '.1f')} |"
        )
    return "\n".join(lines)


# Speed ratios printed under the table: (numerator, denominator), same run.
RATIOS = (
    ("cleaner-html", "trafilatura"),
    ("cleaner-html", "trafilatura-fast"),
    ("cleaner", "c4"),
    ("cleaner", "trafilatura"),
    ("cleaner", "cleaner-html"),
)


def speed_ratios(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Time ratios between methods measured in this run (total and median per page)."""
    ok = {r.method: r for r in runs if r.error is None and r.ms}
    out = []
    for num, den in RATIOS:
        a, b = ok.get(num), ok.get(den)
        if a is None or b is None or not b.total_s or not b.median_ms:
            continue
        out.append(
            {
                "method": num,
                "versus": den,
                "total_ratio": a.total_s / b.total_s,
                "median_ratio": (a.median_ms or 0.0) / b.median_ms,
                "inputs": a.kind if a.kind == b.kind else f"{a.kind} vs {b.kind}",
            }
        )
    return out


def format_ratios(ratios: list[dict[str, Any]]) -> str:
    """One line per ratio; below 1 means the first method is faster."""
    return "\n".join(
        f"{r['method']} / {r['versus']}: total time x{r['total_ratio']:.2f}, median page x{r['median_ratio']:.2f}"
        for r in ratios
    )


def worst_pages(run: Run, pages: dict[str, Page], n: int) -> str:
    """The n lowest per-page F1 of one method, for whoever tunes it."""
    rows = sorted(zip(run.pages, run.scores, run.ms, run.outputs, strict=True), key=lambda t: (t[1].F1, t[0]))
    lines = [f"worst {min(n, len(rows))} pages for {run.method} ({run.kind}), lowest F1 first:"]
    lines.append(f"{'F1':>5} {'P':>5} {'R':>5} {'BOW':>5} {'ms':>7} {'out/gold words':>14}  id  url")
    for pid, s, ms, out in rows[:n]:
        page = pages[pid]
        words = f"{len(tokens(out))}/{len(tokens(page.gold))}"
        err = f"  RAISED {run.page_errors[pid]}" if pid in run.page_errors else ""
        lines.append(
            f"{s.F1:5.2f} {s.P:5.2f} {s.R:5.2f} {s.BOW:5.2f} {ms:7.1f} {words:>14}  {pid}  {page.url or '-'}{err}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def default_root() -> Path:
    """The shared benchmark folder beside the project checkout.

    Same as ``Path(cleaner.__file__).resolve().parents[1].parent / "shared/bench/aeb"``,
    taken from this module so that it works before the package has an ``__init__``.
    """
    return Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "aeb"


def _parser() -> argparse.ArgumentParser:
    names = ", ".join(m.name for m in methods())
    ap = argparse.ArgumentParser(
        prog="python -m cleaner.bench",
        description="Score the cleaner and baselines against gold article texts.",
    )
    ap.add_argument(
        "--input",
        type=Path,
        action="append",
        help="folder of dumps (*.txt) or HTML (*.html, *.htm, *.html.gz); repeat for several folders",
    )
    ap.add_argument("--gold", type=Path, help="folder of gold texts, matched by ID (name up to first dot)")
    ap.add_argument("--urls", type=Path, help="JSON file mapping ID -> URL")
    ap.add_argument("--methods", nargs="+", metavar="NAME", help=f"methods to run (default: all that fit): {names}")
    ap.add_argument("--limit", type=int, help="first N pages (by ID) of each input kind")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write figures and per-page scores as JSON")
    ap.add_argument(
        "--per-page", nargs="+", metavar="METHOD", default=[], help="print the worst pages (lowest F1) of these methods"
    )
    ap.add_argument("--worst", type=int, default=10, help="how many worst pages --per-page shows")
    ap.add_argument(
        "--save-outputs",
        type=Path,
        metavar="DIR",
        help="write each method's output to DIR/METHOD/ID.txt to read against gold",
    )
    return ap


def _sources(args: argparse.Namespace) -> tuple[list[Path], Path, Path | None] | str:
    """Input folders, gold folder, urls file; or a message saying what is missing."""
    if args.input or args.gold:
        if not (args.input and args.gold):
            return "--input and --gold go together"
        for folder in [*args.input, args.gold]:
            if not folder.is_dir():
                return f"not a folder: {folder}"
        if args.urls is not None and not args.urls.is_file():
            return f"no such file: {args.urls}"
        return list(args.input), args.gold, args.urls
    root = default_root()
    inputs = [root / "dump", root / "html"]
    if not all(p.is_dir() for p in [*inputs, root / "gold"]):
        return f"no benchmark data at {root}; pass --input DIR --gold DIR"
    urls = args.urls if args.urls is not None else root / "urls.json"
    return inputs, root / "gold", urls if urls.is_file() else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 0 on success, 2 on bad arguments or missing data."""
    args = _parser().parse_args(argv)
    src = _sources(args)
    if isinstance(src, str):
        print(f"cleaner.bench: {src}", file=sys.stderr)
        return 2
    inputs, gold_dir, urls_file = src
    urls: dict[str, str] = json.loads(urls_file.read_text(encoding="utf-8")) if urls_file else {}

    pages: list[Page] = []
    for folder in inputs:
        found, warnings = load_pages(folder, gold_dir, urls, args.limit)
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
        pages.extend(found)
    if not pages:
        print("cleaner.bench: no input pages with a gold text", file=sys.stderr)
        return 2

    known = {m.name: m for m in methods()}
    wanted = args.methods or list(known)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        print(f"cleaner.bench: unknown method(s) {', '.join(unknown)}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    by_kind = {k: [p for p in pages if p.kind == k] for k in (DUMP, HTML)}
    keep = bool(args.per_page or args.save_outputs)

    jobs: list[tuple[Method, list[Page]]] = []
    for kind in (DUMP, HTML):
        chosen = [known[n] for n in wanted if known[n].kind == kind]
        names = ", ".join(m.name for m in chosen)
        if chosen and not by_kind[kind]:
            if args.methods:
                print(f"warning: {names} need {kind} inputs; none given", file=sys.stderr)
            continue
        if chosen:
            print(f"running {names} on {len(by_kind[kind])} {kind} pages ...", file=sys.stderr)
        jobs.extend((m, by_kind[kind]) for m in chosen)
    runs = run_jobs(jobs, keep_outputs=keep)

    print(format_table(runs))
    ratios = speed_ratios(runs)
    if ratios:
        print()
        print(format_ratios(ratios))
    for run in runs:
        for pid, msg in run.page_errors.items():
            print(f"error: {run.method} on {pid}: {msg}", file=sys.stderr)

    page_by_kind = {(p.kind, p.id): p for p in pages}
    for name in args.per_page:
        matching = [r for r in runs if r.method == name and r.error is None]
        if not matching:
            print(f"warning: no scores for {name}", file=sys.stderr)
        for run in matching:
            print()
            print(worst_pages(run, {pid: page_by_kind[(run.kind, pid)] for pid in run.pages}, args.worst))

    if args.save_outputs:
        for run in runs:
            folder = args.save_outputs / run.method
            folder.mkdir(parents=True, exist_ok=True)
            for pid, out in zip(run.pages, run.outputs, strict=True):
                (folder / f"{pid}.txt").write_text(out, encoding="utf-8")

    if args.json:
        report = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python -m cleaner.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "inputs": [str(p) for p in inputs],
            "gold": str(gold_dir),
            "methods": [
                {
                    **r.summary(),
                    "pages": [
                        {
                            "id": pid,
                            "P": s.P,
                            "R": s.R,
                            "F1": s.F1,
                            "BOW": s.BOW,
                            "ms": ms,
                            **({"error": r.page_errors[pid]} if pid in r.page_errors else {}),
                        }
                        for pid, s, ms in zip(r.pages, r.scores, r.ms, strict=True)
                    ],
                }
                for r in runs
            ],
            "speed_ratios": ratios,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
