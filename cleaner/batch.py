"""Cleaning a folder of dumps: mapping inputs to outputs, a process pool, per-file errors.

One bad file becomes an error row; every other file is still cleaned and written.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.containers import ReadError
from cleaner.model import Document, Result
from cleaner.output import write_text_atomic
from cleaner.pipeline import Config, clean_document, rules_for
from cleaner.sources import Skipped, SourceError, read_dump, walk
from cleaner.stats import BatchStats, site_key


class UsageError(Exception):
    """A mistake in how the tool was called (exit code 2)."""


@dataclass
class Task:
    path: Path
    root: Path
    out: Path | None
    furniture: frozenset[int] = frozenset()


@dataclass
class Outcome:
    """What one file produced; small, so it crosses process boundaries cheaply."""

    path: str
    out: str | None
    report: dict[str, Any]
    row: dict[str, Any] | None = None
    error: str | None = None


@dataclass
class Summary:
    files: int = 0
    cleaned: int = 0
    failed: int = 0
    skipped: int = 0
    empty: int = 0
    already_done: int = 0
    spun: int = 0
    lines_in: int = 0
    lines_removed: int = 0
    rules: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if outcome.error:
            self.failed += 1
            self.errors.append((outcome.path, outcome.error))
            return
        self.cleaned += 1
        report = outcome.report
        self.lines_in += report.get("lines_in", 0)
        self.lines_removed += report.get("lines_removed", 0)
        self.rules.update(report.get("rules", {}))
        if report.get("empty"):
            self.empty += 1
        if (report.get("spin") or {}).get("spun"):
            self.spun += 1


def check_paths(input_dir: Path, output: Path, extra: tuple[Path, ...] = ()) -> None:
    """Refuse any layout where an output could land on or inside the input tree."""
    if not input_dir.exists():
        raise UsageError(f"input folder {input_dir} does not exist")
    if not input_dir.is_dir():
        raise UsageError(f"input {input_dir} is not a folder")
    src = input_dir.resolve()
    for target in (output, *extra):
        dst = target.resolve()
        if dst == src or src in dst.parents:
            raise UsageError(f"output {target} is the input folder or inside it; choose a folder outside {input_dir}")
        if dst in src.parents:
            raise UsageError(f"output {target} contains the input folder {input_dir}; choose a separate folder")


def plan(input_dir: Path, output_dir: Path | None) -> tuple[list[Task], list[Skipped]]:
    """Every dump with its output path; names that would collide keep their old suffix."""
    tasks: list[Task] = []
    skipped: list[Skipped] = []
    taken: set[Path] = set()
    for item in walk(input_dir):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        out = None
        if output_dir is not None:
            rel = item.relative_to(input_dir)
            out = output_dir / rel.with_suffix(".txt")
            if out in taken:
                out = output_dir / rel.with_name(rel.name + ".txt")
            taken.add(out)
        tasks.append(Task(item, input_dir, out))
    return tasks, skipped


def learn_furniture(tasks: list[Task], config: Config, stats: BatchStats | None = None) -> BatchStats:
    """First pass: count recurring lines per site over the text dumps, then give
    each task its site's furniture. Unreadable files are left to the second pass."""
    stats = stats or BatchStats()
    sites: list[str | None] = []
    for task in tasks:
        try:
            doc = read_dump(task.path, task.root, max_bytes=config.max_bytes)
        except SourceError:
            sites.append(None)
            continue
        site = site_key(doc.url, doc.site_hint)
        sites.append(site)
        if doc.html is None:
            stats.add(site, doc.text)
    for task, site in zip(tasks, sites, strict=True):
        task.furniture = stats.furniture(site)
    return stats


def run_task(task: Task, config: Config, want_row: bool) -> Outcome:
    """Read, clean and (for tree output) write one file. Never raises for bad input."""
    rel = str(task.path.relative_to(task.root))
    try:
        doc = read_dump(task.path, task.root, max_bytes=config.max_bytes)
    except SourceError as exc:
        return Outcome(rel, None, {"id": rel, "source": str(task.path), "error": str(exc)}, error=str(exc))
    result: Result = clean_document(doc, config, task.furniture)
    report = result.report_row()
    report["empty"] = not result.text
    if task.out is not None:
        if task.out.exists() and task.out.samefile(task.path):
            msg = "output path is the input file itself; refusing to overwrite"
            return Outcome(rel, None, {"id": rel, "error": msg}, error=msg)
        try:
            write_text_atomic(task.out, result.text)
        except OSError as exc:
            msg = f"cannot write {task.out}: {exc.strerror or exc}"
            return Outcome(rel, None, {**report, "error": msg}, error=msg)
    return Outcome(rel, str(task.out) if task.out else None, report, result.json_row() if want_row else None)


def _init_worker(config: Config) -> None:
    rules_for(config)


def _run_chunk(args: tuple[list[Task], Config, bool]) -> list[Outcome]:
    tasks, config, want_row = args
    return [run_task(t, config, want_row) for t in tasks]


def run(
    tasks: list[Task],
    config: Config,
    jobs: int = 1,
    want_row: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Clean every task, yielding outcomes in input order (so JSONL output is stable)."""
    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            outcome = run_task(task, config, want_row)
            if on_done:
                on_done(outcome)
            yield outcome
        return
    jobs = min(jobs, os.cpu_count() or 1, len(tasks))
    size = max(1, min(64, len(tasks) // (jobs * 8) or 1))
    chunks = [(tasks[i : i + size], config, want_row) for i in range(0, len(tasks), size)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(config,)) as pool:
        for outcomes in pool.map(_run_chunk, chunks):
            for outcome in outcomes:
                if on_done:
                    on_done(outcome)
                yield outcome


def clean_one(doc: Document | ReadError, config: Config, furniture: frozenset[int] = frozenset()) -> Outcome:
    """Clean one already-read document (from a container); never raises for bad content.

    A record the reader could not read passes through as an error outcome, so
    outcomes stay one per input item, in order.
    """
    if isinstance(doc, ReadError):
        msg = doc.message
        where = f"{doc.source}#{doc.position}"
        return Outcome(where, None, {"id": where, "source": doc.source, "error": msg}, error=msg)
    try:
        result = clean_document(doc, config, furniture)
    except RecursionError as exc:  # pathological nesting in a page: one document, not the run
        msg = f"cannot clean: {exc}"
        return Outcome(doc.id, None, {"id": doc.id, "url": doc.url, "error": msg}, error=msg)
    report = result.report_row()
    report["empty"] = not result.text
    return Outcome(doc.id, None, report, result.json_row())


def _run_doc_chunk(args: tuple[list[tuple[Document | ReadError, frozenset[int]]], Config]) -> list[Outcome]:
    chunk, config = args
    return [clean_one(doc, config, furniture) for doc, furniture in chunk]


def run_documents(
    items: Iterable[tuple[Document | ReadError, frozenset[int]]], config: Config, jobs: int = 1, chunk: int = 32
) -> Iterator[Outcome]:
    """Clean a stream of documents in input order, with at most a few chunks in flight,
    so memory stays flat however long the stream is."""
    if jobs <= 1:
        for doc, furniture in items:
            yield clean_one(doc, config, furniture)
        return
    chunks = _chunked(items, chunk)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(config,)) as pool:
        pending: deque = deque()
        for batch in chunks:
            pending.append(pool.submit(_run_doc_chunk, (batch, config)))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
