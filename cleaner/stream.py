"""Cleaning a container (JSONL, WARC, WET; plain, gzip or zstd) into JSONL shards.

Streaming end to end: records are read lazily, cleaned a few chunks at a time
and written to bounded shards, so memory does not grow with the input. Batch
statistics take a first streaming pass. With ``resume`` the run skips every
input that completed shards already cover, and gives byte-identical output.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.batch import Outcome, UsageError, run_documents
from cleaner.containers import ContainerError, JsonlFields, ReadError, read_container
from cleaner.model import Document
from cleaner.pipeline import Config
from cleaner.shards import ShardError, ShardWriter, resume_point
from cleaner.stats import BatchStats, site_key


@dataclass(frozen=True)
class StreamJob:
    source: Path
    out: Path
    fields: JsonlFields = field(default_factory=JsonlFields)
    backend: str = "auto"
    shard_bytes: int | None = 256 * 1024 * 1024
    shard_docs: int | None = None
    resume: bool = False
    keep_empty: bool = False
    batch_stats: bool = True
    jobs: int = 1


def _items(job: StreamJob, config: Config) -> Iterator[Document | ReadError]:
    try:
        return read_container(job.source, fields=job.fields, backend=job.backend, max_bytes=config.max_bytes)
    except ContainerError as exc:
        raise UsageError(str(exc)) from exc


def learn(job: StreamJob, config: Config) -> BatchStats:
    """First pass over the container: per-site recurring lines of the text records."""
    stats = BatchStats()
    for item in _items(job, config):
        if isinstance(item, Document) and item.html is None:
            stats.add(site_key(item.url, item.site_hint), item.text)
    return stats


def clean_stream(job: StreamJob, config: Config, on_outcome: Callable[[Outcome], None]) -> int:
    """Clean every record into shards under ``job.out``; returns how many inputs a
    previous run had already completed (0 without resume)."""
    if job.source.resolve().parent == job.out.resolve() or job.out.resolve() in job.source.resolve().parents:
        raise UsageError(f"output {job.out} holds the input {job.source}; choose a separate folder")
    if job.out.exists() and not job.out.is_dir():
        raise UsageError(f"output {job.out} exists and is not a folder")
    limits = {"max_bytes": job.shard_bytes, "max_docs": job.shard_docs}
    point = None
    if job.resume:
        try:
            point = resume_point(job.out, **limits)
        except ShardError as exc:
            raise UsageError(f"cannot resume in {job.out}: {exc}") from exc
    elif job.out.is_dir() and any(job.out.glob("part-*.jsonl")):
        raise UsageError(f"{job.out} already holds shards; pass --resume to continue that run, or use an empty folder")
    stats = learn(job, config) if job.batch_stats else None
    done = point.inputs_done if point else 0

    def with_furniture() -> Iterator[tuple[Document | ReadError, frozenset[int]]]:
        for item in itertools.islice(_items(job, config), done, None):
            furniture = frozenset()
            if stats is not None and isinstance(item, Document):
                furniture = stats.furniture(site_key(item.url, item.site_hint))
            yield item, furniture

    with ShardWriter(job.out, **limits, resume=point) as writer:
        for outcome in run_documents(with_furniture(), config, jobs=job.jobs):
            if outcome.row is not None and (outcome.row["text"] or job.keep_empty):
                writer.write(outcome.row)
            else:
                writer.skip()
            on_outcome(outcome)
    return done
