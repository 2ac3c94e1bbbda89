"""Same-process A/B: the cleaner of this tree against the code of another revision.

    python benchmarks/ab.py --base cca6956               # this tree against cca6956, helper built for both
    python benchmarks/ab.py --base HEAD --pure-base      # the helper against its Python twins
    python benchmarks/ab.py --base cca6956 --flush-mb 32 # the CPU caches flushed before every call

Why this way: `python -m cleaner.bench` times each method once per page, and on a shared
host its medians move by 10 to 50% between runs, more than most single changes gain. Here
the two versions run in one process on the same pages, each page cleaned by both in
alternating order, and the fastest of ``--rounds`` rounds is kept per page and version, so
a busy spell slows both alike. Printed: each version's median time per page, the ratio of
the medians, the median of the per-page ratios and the ratio of the totals (new / base),
and how many pages the two versions clean differently (text, or any line's verdict: its
action, rule or new text), so that a change meant only to be faster shows it is.

The base revision's ``cleaner`` and ``rules`` are taken with ``git archive`` into a
temporary folder and imported as ``cleaner_base``; its C helper is compiled there unless
``--pure-base`` (then the base runs on the Python twins). Skips (exit 0) when the shared
bench folder is absent.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("CLEANER_BENCH", ROOT.parent / "shared/bench/aeb"))
# The package's own name where the base's sources import it (``from cleaner.x``,
# ``import cleaner``, ``"cleaner.stats"`` for importlib).
_OWN_NAME = re.compile(r"(?<=from )cleaner\b|(?<=import )cleaner\b|(?<=\")cleaner(?=\.)")


def base_package(revision: str, folder: Path, pure: bool) -> None:
    """Put ``revision``'s package into ``folder`` as ``cleaner_base`` (its rules beside it,
    where the package looks for them), with its C helper compiled unless ``pure``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "cleaner", "rules"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "cleaner_base"
    (folder / "cleaner").rename(package)
    for source in package.rglob("*.py"):
        source.write_text(_OWN_NAME.sub("cleaner_base", source.read_text(encoding="utf-8")), encoding="utf-8")
    for built in package.glob("_speedups*.so"):  # never a binary built for the work tree
        built.unlink()
    if not pure and (package / "_speedups.c").exists():
        target = package / f"_speedups{sysconfig.get_config_var('EXT_SUFFIX')}"
        compiler = sysconfig.get_config_var("CC") or "cc"
        flags = ["-O3", "-shared", "-fPIC", f"-I{sysconfig.get_paths()['include']}"]
        subprocess.run([*compiler.split(), *flags, str(package / "_speedups.c"), "-o", str(target)], check=True)


def load_pages(folder: Path, urls_file: Path | None) -> list[tuple[str, str | None]]:
    urls = json.loads(urls_file.read_text(encoding="utf-8")) if urls_file and urls_file.exists() else {}
    return [(path.read_text(encoding="utf-8"), urls.get(path.stem)) for path in sorted(folder.glob("*.txt"))]


def compare(base, new, pages: list[tuple[str, str | None]], rounds: int, flush_mb: int) -> dict[str, float]:
    """The fastest time of each page per version over ``rounds``, the two versions called
    in alternating order; with ``flush_mb``, that many MB are written before every call."""
    junk = bytearray(flush_mb << 20)
    for module in (base, new):
        module.clean_text(*pages[0])  # load the rules and resources outside the timing
    best = {"base": [float("inf")] * len(pages), "new": [float("inf")] * len(pages)}
    outputs: dict[str, list] = {"base": [None] * len(pages), "new": [None] * len(pages)}
    for r in range(rounds):
        memos = {"base": {}, "new": {}}  # each round a fresh score memo, as if the pages were new
        for k, (text, url) in enumerate(pages):
            for name in ("base", "new") if (k + r) % 2 else ("new", "base"):
                if flush_mb:
                    junk[::64] = bytes(len(junk[::64]))
                module = base if name == "base" else new
                start = time.process_time()
                result = module.clean_text(text, url, scores=memos[name])
                best[name][k] = min(best[name][k], time.process_time() - start)
                if r == 0:
                    outputs[name][k] = (result.text, [(v.action, v.rule, v.new_text) for v in result.lines])
    old_median, new_median = statistics.median(best["base"]), statistics.median(best["new"])
    return {
        "base median ms": old_median * 1e3,
        "new median ms": new_median * 1e3,
        "ratio of medians": new_median / old_median,
        "median per-page ratio": statistics.median(n / o for n, o in zip(best["new"], best["base"], strict=True)),
        "ratio of totals": sum(best["new"]) / sum(best["base"]),
        "pages cleaned differently": sum(a != b for a, b in zip(outputs["base"], outputs["new"], strict=True)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the revision to compare against (git)")
    parser.add_argument("--pure-base", action="store_true", help="run the base on the Python twins (no C helper)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--flush-mb", type=int, default=0, help="MB written before every call to flush the caches")
    parser.add_argument("--input", type=Path, default=BENCH / "dump", help="a folder of .txt dumps")
    parser.add_argument("--urls", type=Path, default=BENCH / "urls.json", help="JSON: file stem -> URL")
    args = parser.parse_args(argv)
    if not args.input.is_dir():
        print(f"skipped: {args.input} not found")
        return 0
    pages = load_pages(args.input, args.urls)
    with tempfile.TemporaryDirectory() as folder:
        base_package(args.base, Path(folder), args.pure_base)
        sys.path.insert(0, folder)
        import cleaner_base.pipeline as base

        import cleaner.pipeline as new

        if (sys.modules["cleaner_base.compiled"].speedups is None) != args.pure_base:
            print("error: the base's C helper did not come out as asked", file=sys.stderr)
            return 2
        figures = compare(base, new, pages, args.rounds, args.flush_mb)
    helper = "Python twins" if args.pure_base else "C helper"
    print(f"{len(pages)} pages, {args.rounds} rounds; base {args.base} ({helper}) against this tree")
    for name, value in figures.items():
        print(f"{name:26s} {value:.3f}" if isinstance(value, float) else f"{name:26s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
