"""JSONL output in shards of bounded size, each written atomically, and resuming after a crash.

A shard is written to a temporary file and renamed to ``part-NNNNN.jsonl``
only when full, so a file with a shard's name is always complete. Before the
rename, the shard's entry (documents, bytes, and how many *input* items it
covers) is recorded in ``_shards.json``; resuming trusts an entry only when its
shard file exists. Input items that produced no row (read errors, dropped
documents) still count, via `ShardWriter.skip`, so a resumed run knows exactly
where to restart and writes byte-identical shards.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from cleaner.output import atomic_writer, json_line, write_text_atomic

STATE_FILE = "_shards.json"
_VERSION = 1


class ShardError(Exception):
    """An output folder that cannot be resumed with these settings."""


def shard_name(index: int, prefix: str = "part-", suffix: str = ".jsonl") -> str:
    """Deterministic shard names: part-00000.jsonl, part-00001.jsonl, ..."""
    return f"{prefix}{index:05d}{suffix}"


@dataclass
class ShardInfo:
    name: str
    docs: int
    bytes: int
    inputs_end: int


@dataclass
class ResumePoint:
    """Where a run left off: the complete shards and the input items they cover."""

    shards: list[ShardInfo] = field(default_factory=list)

    @property
    def next_index(self) -> int:
        return len(self.shards)

    @property
    def inputs_done(self) -> int:
        return self.shards[-1].inputs_end if self.shards else 0

    @property
    def docs(self) -> int:
        return sum(s.docs for s in self.shards)


def _settings(max_bytes: int | None, max_docs: int | None, prefix: str, suffix: str) -> dict[str, Any]:
    return {"max_bytes": max_bytes, "max_docs": max_docs, "prefix": prefix, "suffix": suffix}


def clean_temp(folder: Path) -> list[Path]:
    """Delete temporary files left by an interrupted writer (see output.atomic_writer)."""
    removed = []
    if folder.is_dir():
        for tmp in folder.glob(".*.part"):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def resume_point(
    folder: Path,
    *,
    max_bytes: int | None = None,
    max_docs: int | None = None,
    prefix: str = "part-",
    suffix: str = ".jsonl",
) -> ResumePoint:
    """Which shards in ``folder`` are complete, after deleting temporary files.

    Complete means: recorded in the state file, present under its final name,
    and numbered without gaps from 0. Anything after the first missing shard
    (and any shard file that is not recorded) is removed so it is rewritten.
    Raises ShardError if the folder was written with other shard settings,
    because resuming would then not reproduce an uninterrupted run.
    """
    clean_temp(folder)
    state_path = folder / STATE_FILE
    if not state_path.is_file():
        leftovers = sorted(folder.glob(f"{prefix}*{suffix}")) if folder.is_dir() else []
        if leftovers:
            raise ShardError(f"{folder} holds shards but no {STATE_FILE}; it was not written by this tool")
        return ResumePoint()
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        recorded = [ShardInfo(**row) for row in state["shards"]]
        settings = state["settings"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ShardError(f"{state_path} is unreadable: {exc}") from exc
    wanted = _settings(max_bytes, max_docs, prefix, suffix)
    if settings != wanted:
        raise ShardError(f"{folder} was written with shard settings {settings}, not {wanted}; use a new folder")
    complete: list[ShardInfo] = []
    for i, info in enumerate(recorded):
        if info.name != shard_name(i, prefix, suffix) or not (folder / info.name).is_file():
            break
        complete.append(info)
    keep = {info.name for info in complete}
    pattern = re.compile(re.escape(prefix) + r"\d{5,}" + re.escape(suffix))
    for path in folder.iterdir():
        if pattern.fullmatch(path.name) and path.name not in keep:
            path.unlink()
    return ResumePoint(complete)


class ShardWriter:
    """Write JSON rows into shards of at most ``max_bytes`` bytes and/or ``max_docs`` rows.

    A row is never split: a shard closes before the row that would overflow it,
    so only a single oversized row makes a shard bigger than ``max_bytes``.
    Use as a context manager: on an exception the open shard is discarded
    (it will be rewritten on resume); on normal exit it is completed.
    """

    def __init__(
        self,
        folder: Path,
        *,
        max_bytes: int | None = 256 * 1024 * 1024,
        max_docs: int | None = None,
        prefix: str = "part-",
        suffix: str = ".jsonl",
        resume: ResumePoint | None = None,
    ) -> None:
        if (max_bytes is not None and max_bytes < 1) or (max_docs is not None and max_docs < 1):
            raise ValueError("shard limits must be positive")
        self.folder = folder
        self.max_bytes, self.max_docs = max_bytes, max_docs
        self.prefix, self.suffix = prefix, suffix
        self.shards: list[ShardInfo] = list(resume.shards) if resume else []
        self.inputs = resume.inputs_done if resume else 0
        self._ctx: Any = None
        self._handle: IO[str] | None = None
        self._docs = 0
        self._bytes = 0
        folder.mkdir(parents=True, exist_ok=True)

    # -- writing --------------------------------------------------------------

    def write(self, row: dict[str, Any] | str) -> None:
        """Append one row (a dict, or an already serialised JSON line); counts as one input item."""
        line = row if isinstance(row, str) else json_line(row)
        if not line.endswith("\n"):
            line += "\n"
        size = len(line.encode("utf-8"))
        if self._handle is not None and self._full(size):
            self._finish()
        if self._handle is None:
            self._open()
        assert self._handle is not None
        self._handle.write(line)
        self._docs += 1
        self._bytes += size
        self.inputs += 1

    def skip(self, n: int = 1) -> None:
        """Count input items that produced no row, so resume positions stay exact."""
        self.inputs += n

    def _full(self, incoming: int) -> bool:
        if self.max_docs is not None and self._docs >= self.max_docs:
            return True
        return self.max_bytes is not None and self._docs > 0 and self._bytes + incoming > self.max_bytes

    def _open(self) -> None:
        self._ctx = atomic_writer(self.folder / shard_name(len(self.shards), self.prefix, self.suffix))
        self._handle = self._ctx.__enter__()
        self._docs = self._bytes = 0

    def _finish(self) -> None:
        """Record the shard in the state file, then rename it into place (the commit point)."""
        info = ShardInfo(shard_name(len(self.shards), self.prefix, self.suffix), self._docs, self._bytes, self.inputs)
        self._write_state([*self.shards, info])
        ctx, self._ctx, self._handle = self._ctx, None, None
        ctx.__exit__(None, None, None)
        self.shards.append(info)

    def _write_state(self, shards: list[ShardInfo]) -> None:
        state = {
            "version": _VERSION,
            "settings": _settings(self.max_bytes, self.max_docs, self.prefix, self.suffix),
            "shards": [vars(s) for s in shards],
        }
        write_text_atomic(self.folder / STATE_FILE, json.dumps(state, indent=1) + "\n")

    # -- lifecycle ------------------------------------------------------------

    def close(self) -> None:
        """Complete the open shard, if any (an empty run writes only the state file)."""
        if self._handle is not None:
            self._finish()
        else:
            self._write_state(self.shards)

    def abort(self) -> None:
        """Discard the open shard's temporary file; complete shards stay."""
        if self._ctx is not None:
            ctx, self._ctx, self._handle = self._ctx, None, None
            error = ShardError("shard abandoned")
            with contextlib.suppress(ShardError):
                ctx.__exit__(ShardError, error, None)

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
