"""Score the dump cleaner on the AEB pages split into two fixed halves, per renderer.

Discipline against tuning to the 181 pages: ideas are developed looking only at
half A (``sha1(ID)`` with an even last hex digit), then confirmed on half B and on
dumps made by other renderers (``benchmarks/render_dumps.py``).

    python benchmarks/split_eval.py [--renders /tmp/aeb-renders] [--set NAME=VALUE ...] [--json OUT]

prints P, R, F1 (the benchmark's definitions, `cleaner.score`) for all pages, half A
and half B, for ``aeb/dump`` and every renderer folder found. ``--set`` overrides a
module constant of ``cleaner.lines`` for this run (experiments, e.g. ``--set SWITCH_COST=10``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

AEB = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "aeb"


def half(pid: str) -> str:
    """'A' or 'B', fixed by the page ID alone."""
    return "A" if int(hashlib.sha1(pid.encode()).hexdigest()[-1], 16) % 2 == 0 else "B"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--renders", type=Path, default=Path("/tmp/aeb-renders"))
    ap.add_argument("--aeb", type=Path, default=AEB)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--only", nargs="+", help="input set names to run (dump, bs4, ...)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--method", default="cleaner", choices=["cleaner", "c4"])
    args = ap.parse_args(argv)

    import importlib

    for item in args.set:
        name, value = item.split("=", 1)
        module_name, _, name = name.rpartition(".")
        module = importlib.import_module("cleaner." + (module_name or "lines"))
        if not hasattr(module, name):
            print(f"no constant {name} in {module.__name__}", file=sys.stderr)
            return 2
        setattr(module, name, type(getattr(module, name))(eval(value)))

    from cleaner import clean_text
    from cleaner.bench import c4_filter
    from cleaner.score import aggregate, score_page

    urls = json.loads((args.aeb / "urls.json").read_text())
    gold = {p.name.split(".")[0]: p.read_text(encoding="utf-8") for p in (args.aeb / "gold").iterdir()}
    sets = {"dump": args.aeb / "dump"}
    if args.renders.is_dir():
        sets.update({d.name: d for d in sorted(args.renders.iterdir()) if d.is_dir()})
    if args.only:
        sets = {k: v for k, v in sets.items() if k in args.only}
    report = {}
    print(f"{'set':<12} {'all P/R/F1':>20} {'half A P/R/F1':>20} {'half B P/R/F1':>20}  ms")
    for name, folder in sets.items():
        scores = {"all": [], "A": [], "B": []}
        per_page = {}
        start = time.perf_counter()
        for path in sorted(folder.glob("*.txt")):
            pid = path.name.split(".")[0]
            if pid not in gold:
                continue
            text = path.read_text(encoding="utf-8")
            out = c4_filter(text) if args.method == "c4" else clean_text(text, url=urls.get(pid)).text
            s = score_page(out, gold[pid])
            scores["all"].append(s)
            scores[half(pid)].append(s)
            per_page[pid] = round(s.F1, 4)
        ms = (time.perf_counter() - start) * 1000 / max(1, len(scores["all"]))
        figs = {k: aggregate(v) for k, v in scores.items()}
        report[name] = {"figures": figs, "per_page_f1": per_page}
        cells = [f"{figs[k]['P']:.3f}/{figs[k]['R']:.3f}/{figs[k]['F1']:.3f}" for k in ("all", "A", "B")]
        print(f"{name:<12} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20}  {ms:.1f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
