"""Scale benchmark: throughput, --jobs scaling and peak memory on the shared bench pages.

    python benchmarks/scale.py                 # everything, 10,000 vs 100,000 docs for memory
    python benchmarks/scale.py --memory-docs 2000,20000 --skip-warc   # quicker

Figures (all in one run, on this machine). Single-process rates use CPU time
(time.process_time), so a busy machine does not understate pages/s per core;
the --jobs ratio is wall-clock by nature and needs otherwise idle cores.
* text path: pages/s in one process (= per core), the bench dumps repeated;
* HTML path: cleaner.clean_html vs trafilatura.extract on the same pages, same run;
* --jobs 1 vs 2 through cleaner.batch.run on a folder of repeated dumps, and the ratio;
* peak RSS (ru_maxrss, in a fresh subprocess each) streaming N documents from a
  generated JSONL through containers -> clean_document -> shards;
* WARC reading, FastWARC vs warcio (the measurement behind cleaner.containers' choice).

Skips (exit 0) when the shared bench folder is absent.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BENCH = Path(os.environ.get("CLEANER_BENCH", Path(__file__).resolve().parents[1].parent / "shared/bench/aeb"))


def load_pages(folder: Path, pattern: str, gz: bool = False) -> list[tuple[str, str]]:
    pages = []
    for path in sorted(folder.glob(pattern)):
        data = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
        pages.append((path.name.split(".")[0], data.decode("utf-8", errors="replace")))
    return pages


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def bench_text(dumps: list[tuple[str, str]], min_pages: int) -> tuple[int, float]:
    from cleaner import clean_text
    from cleaner.sources import url_from_first_line

    prepared = [url_from_first_line(text) for _, text in dumps]
    clean_text(prepared[0][1], url=prepared[0][0])  # load rules outside the timing
    total, n, seconds = max(min_pages, len(prepared)), 0, 0.0
    while n < total:
        # The pages repeat, and a page seen before would find all its line scores in a
        # shared memo: each round gets an empty one of its own, as if the pages were new.
        scores: dict = {}
        start = time.process_time()
        for url, text in prepared[: total - n]:
            clean_text(text, url=url, scores=scores)
            n += 1
        seconds += time.process_time() - start
    return n, seconds


def bench_html(pages: list[tuple[str, str]]) -> dict[str, float]:
    import trafilatura

    from cleaner import clean_html

    clean_html(pages[0][1])
    out: dict[str, float] = {}
    runs = {
        "cleaner.clean_html": lambda html: clean_html(html),
        "trafilatura.extract": lambda html: trafilatura.extract(html),
        "trafilatura.extract(fast)": lambda html: trafilatura.extract(html, fast=True),
    }
    for name, fn in runs.items():
        start = time.process_time()
        for _, html in pages:
            fn(html)
        out[name] = rate(len(pages), time.process_time() - start)
    return out


def bench_jobs(dump_dir: Path, copies: int, tmp: Path) -> dict[int, float]:
    from cleaner.batch import plan, run
    from cleaner.pipeline import Config

    tree = tmp / "jobs-input"
    for i in range(copies):
        shutil.copytree(dump_dir, tree / f"copy{i:03d}")
    tasks, _ = plan(tree, None)
    config = Config()
    out = {}
    for jobs in (1, 2):
        start = time.perf_counter()
        done = sum(1 for _ in run(tasks, config, jobs=jobs))
        out[jobs] = rate(done, time.perf_counter() - start)
    shutil.rmtree(tree)
    return out


def make_jsonl(dumps: list[tuple[str, str]], n: int, path: Path) -> None:
    from cleaner.sources import url_from_first_line

    with open(path, "w", encoding="utf-8") as fh:
        for i, (name, text) in zip(range(n), itertools.cycle(dumps)):
            url, body = url_from_first_line(text)
            fh.write(json.dumps({"id": f"{name}-{i}", "url": url, "text": body}) + "\n")


def memory_child(source: str, out: str) -> None:
    """Stream one container through the cleaner into shards; print docs and peak RSS (MB)."""
    from cleaner.containers import ReadError, read_container
    from cleaner.pipeline import Config, clean_document
    from cleaner.shards import ShardWriter

    config = Config()
    docs = 0
    with ShardWriter(Path(out), max_bytes=64 * 1024 * 1024) as writer:
        for item in read_container(source):
            if isinstance(item, ReadError):
                writer.skip()
                continue
            writer.write(clean_document(item, config).json_row())
            docs += 1
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"docs": docs, "peak_mb": _vm_hwm_kb(peak_kb) / 1024, "ru_maxrss_mb": peak_kb / 1024}))


def _vm_hwm_kb(fallback: int) -> int:
    """This process's own peak RSS. On Linux ru_maxrss keeps the parent's high-water mark
    across fork+exec, so a child of a big parent reports the parent's size; VmHWM does not."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return fallback


def bench_memory(dumps: list[tuple[str, str]], sizes: list[int], tmp: Path) -> dict[int, tuple[float, float, float]]:
    out = {}
    for n in sizes:
        source = tmp / f"mem-{n}.jsonl"
        make_jsonl(dumps, n, source)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(source), str(tmp / f"mem-out-{n}")],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        out[n] = (row["peak_mb"], row["ru_maxrss_mb"], rate(row["docs"], seconds))
        source.unlink()
        shutil.rmtree(tmp / f"mem-out-{n}", ignore_errors=True)
    return out


def bench_warc(pages: list[tuple[str, str]], n: int, tmp: Path) -> dict[str, dict[str, float]]:
    from cleaner.containers import read_warc

    path = tmp / "bench.warc"
    with open(path, "wb") as fh:
        for i, (_, html) in zip(range(n), itertools.cycle(pages)):
            body = html.encode("utf-8")
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            head = (
                f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
                f"WARC-Target-URI: https://bench.example/{i}\r\n"
                f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
            )
            fh.write(head.encode() + http + b"\r\n\r\n")
    variants = {"plain": path}
    gz = tmp / "bench.warc.gz"
    gz.write_bytes(gzip.compress(path.read_bytes(), 6))
    variants["gzip"] = gz
    try:
        import zstandard

        zst = tmp / "bench.warc.zst"
        zst.write_bytes(zstandard.ZstdCompressor().compress(path.read_bytes()))
        variants["zstd"] = zst
    except ImportError:
        pass
    out: dict[str, dict[str, float]] = {}
    for backend in ("fastwarc", "warcio"):
        try:
            __import__("fastwarc.warc" if backend == "fastwarc" else "warcio")
        except ImportError:
            continue
        for name, file in variants.items():
            start = time.process_time()
            count = sum(1 for _ in read_warc(file, backend=backend))  # type: ignore[arg-type]
            out.setdefault(backend, {})[name] = rate(count, time.process_time() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--text-pages", type=int, default=2000, help="pages cleaned for the text-path rate")
    parser.add_argument("--jobs-copies", type=int, default=4, help="copies of the dump folder for --jobs 1 vs 2")
    parser.add_argument("--memory-docs", default="10000,100000", help="document counts for peak memory")
    parser.add_argument("--warc-records", type=int, default=2000)
    parser.add_argument("--skip-warc", action="store_true")
    parser.add_argument("--memory-child", nargs=2, metavar=("SOURCE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return 0
    if not (BENCH / "dump").is_dir():
        print(f"skipped: no shared bench folder at {BENCH}")
        return 0
    dumps = load_pages(BENCH / "dump", "*.txt")
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="cleaner-scale-") as name:
        tmp = Path(name)
        # Memory first, while this parent process is still small (its children fork from it).
        sizes = [int(s) for s in args.memory_docs.split(",") if s]
        memory = bench_memory(dumps, sizes, tmp)
        html = load_pages(BENCH / "html", "*.html.gz", gz=True)
        n, seconds = bench_text(dumps, args.text_pages)
        rows.append(("text path, 1 process (pages/s per CPU-second)", f"{rate(n, seconds):,.0f}  ({n} pages)"))
        print(*rows[-1], sep=": ", flush=True)
        for label, value in bench_html(html).items():
            rows.append((f"HTML path {label} (pages/s CPU)", f"{value:,.1f}"))
            print(*rows[-1], sep=": ", flush=True)
        jobs = bench_jobs(BENCH / "dump", args.jobs_copies, tmp)
        rows.append(("batch.run --jobs 1 (files/s)", f"{jobs[1]:,.0f}"))
        rows.append(("batch.run --jobs 2 (files/s)", f"{jobs[2]:,.0f}"))
        rows.append(("--jobs 2 / --jobs 1", f"{jobs[2] / jobs[1]:.2f}x  (cpus: {os.cpu_count()})"))
        print(*rows[-1], sep=": ", flush=True)
        for size, (peak, maxrss, docs_per_s) in memory.items():
            rows.append(
                (
                    f"peak RSS streaming {size:,} docs",
                    f"{peak:,.1f} MB VmHWM, {maxrss:,.1f} MB ru_maxrss ({docs_per_s:,.0f} docs/s wall)",
                )
            )
            print(*rows[-1], sep=": ", flush=True)
        if len(sizes) >= 2:
            small, large = memory[sizes[0]][0], memory[sizes[-1]][0]
            rows.append((f"peak RSS {sizes[-1]:,} / {sizes[0]:,}", f"{large / small:.3f}"))
        if not args.skip_warc:
            for backend, by_kind in bench_warc(html, args.warc_records, tmp).items():
                for kind, value in by_kind.items():
                    rows.append((f"WARC read {backend} {kind} (records/s CPU)", f"{value:,.0f}"))
    width = max(len(label) for label, _ in rows)
    print("\ncleaner scale benchmark")
    print("-" * (width + 30))
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
