"""Streaming readers for container files: JSONL, WARC and WET, plain or gzip/zstd-compressed.

Every reader is a generator of `Document` or `ReadError` items, one record at a
time, so memory stays flat however large the file. A bad record (malformed
JSON, an undecodable page, a truncated archive) becomes a `ReadError` for that
record and the stream goes on: one broken line must not cost a whole crawl.

WARC parsing uses FastWARC when it is installed and warcio otherwise. Measured
through this module (records to decoded Documents, 5,000 bench pages, 870 MB):
FastWARC 2,413 / 1,018 / 1,500 records/s on plain / .gz / .zst against warcio's
1,538 / 441 / 1,164; `benchmarks/scale.py` repeats the comparison.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from cleaner.model import Document
from cleaner.sources import DEFAULT_MAX_BYTES, SourceError, decode_bytes

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# zstd skippable frames (used by .warc.zst for the dictionary) start with 0x184D2A5?.
_ZSTD_SKIPPABLE = re.compile(rb"[\x50-\x5f]\x2a\x4d\x18")
_COMPRESSED_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_WARC_SUFFIXES = {".warc", ".wet", ".arc"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = re.compile(rb"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([-\w.:]+)", re.I)

Compression = Literal["gzip", "zstd", "none"]
Format = Literal["jsonl", "warc"]
Backend = Literal["auto", "fastwarc", "warcio"]


@dataclass(frozen=True)
class ReadError:
    """One record that could not be read; the stream carries on after it.

    ``position`` is the 1-based line number for JSONL and the 1-based record
    number (counting every record, warcinfo included) for WARC/WET.
    """

    source: str
    position: int
    message: str


Item = Document | ReadError


@dataclass(frozen=True)
class JsonlFields:
    """Which JSON keys hold the text, HTML, url and id (dotted paths reach into objects)."""

    text: str = "text"
    html: str = "html"
    url: str = "url"
    id: str = "id"


class ContainerError(Exception):
    """A container that cannot be opened at all (missing file, unknown format)."""


# --- compression -----------------------------------------------------------------


def sniff_compression(path: Path) -> Compression:
    """Compression by magic bytes, falling back to the suffix for files too short to tell."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC) or (len(head) == 4 and _ZSTD_SKIPPABLE.fullmatch(head)):
        return "zstd"
    if len(head) >= 2:
        return "none"
    return _COMPRESSED_SUFFIXES.get(path.suffix.lower(), "none")  # type: ignore[return-value]


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading, transparently decompressing gzip or zstd."""
    kind = sniff_compression(path)
    if kind == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if kind == "zstd":
        try:
            import zstandard
        except ImportError as exc:
            raise ContainerError(f"{path} is zstd-compressed; install the 'zstandard' package") from exc
        raw = open(path, "rb")  # noqa: SIM115 - closed with the reader (closefd)
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, buffer_size=1 << 16)  # type: ignore[arg-type]
    return open(path, "rb")


def detect_format(path: Path) -> Format | None:
    """JSONL or WARC, by suffix (inside any compression suffix) and then by the first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSED_SUFFIXES:
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _JSONL_SUFFIXES:
        return "jsonl"
    if suffixes and suffixes[-1] in _WARC_SUFFIXES:
        return "warc"
    try:
        with open_binary(path) as fh:
            head = fh.read(64)
    except (OSError, EOFError, ContainerError, zlib.error, ValueError):
        return None
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    return None


def is_container(path: Path) -> bool:
    """True for a file the CLI should stream records from rather than treat as one dump."""
    return path.is_file() and detect_format(path) is not None


def read_container(
    path: Path | str,
    *,
    fields: JsonlFields | None = None,
    backend: Backend = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """Stream the records of any supported container, choosing the reader by format."""
    path = Path(path)
    if not path.is_file():
        raise ContainerError(f"{path} is not a file")
    kind = detect_format(path)
    if kind == "jsonl":
        return read_jsonl(path, fields, max_bytes=max_bytes)
    if kind == "warc":
        return read_warc(path, backend=backend, max_bytes=max_bytes)
    raise ContainerError(f"{path}: not JSONL, WARC or WET (by suffix or content)")


# --- JSONL -----------------------------------------------------------------------


def _get(row: dict[str, Any], key: str) -> Any:
    if key in row:
        return row[key]
    node: Any = row
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _drop(row: dict[str, Any], key: str) -> None:
    if key in row:
        del row[key]
        return
    *parents, last = key.split(".")
    node: Any = row
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def read_jsonl(
    path: Path | str,
    fields: JsonlFields | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """One Document per JSON line; other keys of the object are kept in ``meta``.

    A line longer than ``max_bytes`` is skipped without being held in memory.
    A record without an id gets ``<file stem>:<line>``, stable across runs.
    """
    path = Path(path)
    fields = fields or JsonlFields()
    source = str(path)
    stem = path.name.split(".")[0]
    try:
        handle = open_binary(path)
    except (OSError, ContainerError) as exc:
        yield ReadError(source, 0, f"cannot open: {exc}")
        return
    with handle:
        lineno = 0
        while True:
            try:
                line = handle.readline(max_bytes + 1)
            except Exception as exc:  # OSError, EOFError, zlib.error, zstandard.ZstdError: a broken file
                yield ReadError(source, lineno + 1, f"cannot read further (corrupt or truncated file): {exc}")
                return
            if not line:
                return
            lineno += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                if _skip_rest_of_line(handle):
                    yield ReadError(source, lineno, f"line is over the {max_bytes:,}-byte limit (--max-bytes)")
                    continue
                yield ReadError(source, lineno, "line is over the byte limit and the file ends inside it")
                return
            if not line.strip():
                continue
            item = _jsonl_record(line, fields, source, lineno, stem)
            yield item


def _skip_rest_of_line(handle: IO[bytes]) -> bool:
    """Consume up to the next newline in bounded chunks; False if the file ended first."""
    while True:
        chunk = handle.readline(1 << 20)
        if not chunk:
            return False
        if chunk.endswith(b"\n"):
            return True


def _jsonl_record(line: bytes, fields: JsonlFields, source: str, lineno: int, stem: str) -> Item:
    meta: dict[str, Any] = {}
    try:
        text_line = line.decode("utf-8")
    except UnicodeDecodeError:
        text_line = line.decode("utf-8", errors="replace")
        meta["encoding_errors"] = "replaced"
    try:
        row = json.loads(text_line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return ReadError(source, lineno, f"not valid JSON: {exc}")
    if not isinstance(row, dict):
        return ReadError(source, lineno, f"expected a JSON object, got {type(row).__name__}")
    text, html = _get(row, fields.text), _get(row, fields.html)
    if text is not None and not isinstance(text, str):
        return ReadError(source, lineno, f"field {fields.text!r} is not a string")
    if html is not None and not isinstance(html, str):
        return ReadError(source, lineno, f"field {fields.html!r} is not a string")
    if text is None and html is None:
        return ReadError(source, lineno, f"no {fields.text!r} or {fields.html!r} field")
    doc_id, url = _get(row, fields.id), _get(row, fields.url)
    for key in {fields.text, fields.html, fields.url, fields.id}:
        _drop(row, key)
    meta.update(row)
    return Document(
        id=str(doc_id) if doc_id not in (None, "") else f"{stem}:{lineno}",
        text=text if html is None and text is not None else "",
        html=html if html is not None else None,
        url=str(url) if url not in (None, "") else None,
        source=f"{source}:{lineno}",
        meta=meta,
    )


# --- WARC / WET ------------------------------------------------------------------


def warc_backend(backend: Backend = "auto") -> Literal["fastwarc", "warcio"]:
    """The WARC library to use: FastWARC when installed (measured faster), else warcio."""
    if backend != "auto":
        return backend
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError:
        return "warcio"
    return "fastwarc"


def read_warc(
    path: Path | str,
    *,
    backend: Backend = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """HTML responses become ``Document(html=...)``, WET conversions ``Document(text=...)``.

    Other records (requests, metadata, images, PDFs) are passed over silently:
    they are not pages. The id is the WARC-Record-ID and the url the
    WARC-Target-URI, both unchanged.
    """
    path = Path(path)
    chosen = warc_backend(backend)
    records = _fastwarc_records(path, max_bytes) if chosen == "fastwarc" else _warcio_records(path, max_bytes)
    source = str(path)
    number = 0
    while True:
        try:
            raw = next(records)
        except StopIteration:
            return
        except Exception as exc:  # each library has its own error types for a broken archive
            yield ReadError(source, number + 1, f"cannot read further (corrupt or truncated archive): {exc}")
            return
        number += 1
        if isinstance(raw, str):
            yield ReadError(source, number, raw)
            continue
        if raw is None:
            continue
        yield _warc_document(raw, source, number)


@dataclass
class _Raw:
    """What both WARC libraries are reduced to, so decoding happens in one place."""

    kind: str
    record_id: str | None
    url: str | None
    content_type: str | None
    body: bytes
    date: str | None


def _wanted(kind: str, content_type: str | None) -> bool:
    if kind == "conversion":
        return True
    if kind in ("response", "resource"):
        return content_type is None or content_type.split(";")[0].strip().lower() in _HTML_TYPES
    return False


def _fastwarc_records(path: Path, max_bytes: int) -> Iterator[_Raw | str | None]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    names = {
        int(WarcRecordType.response): "response",
        int(WarcRecordType.resource): "resource",
        int(WarcRecordType.conversion): "conversion",
    }
    with open(path, "rb") as fh:
        # Every record type, so record numbers match warcio's and count what a user sees.
        for record in ArchiveIterator(fh, parse_http=True, auto_decode="all"):
            kind = names.get(int(record.record_type), "other")
            headers = record.headers
            content_type = record.http_content_type if record.is_http else headers.get("Content-Type")
            if kind == "response" and not record.is_http:
                yield None
                continue
            if not _wanted(kind, content_type):
                yield None
                continue
            body = record.reader.read(max_bytes + 1)
            if len(body) > max_bytes:
                yield f"record is over the {max_bytes:,}-byte limit (--max-bytes)"
                continue
            yield _Raw(
                kind,
                headers.get("WARC-Record-ID"),
                headers.get("WARC-Target-URI"),
                content_type,
                body,
                headers.get("WARC-Date"),
            )


def _warcio_records(path: Path, max_bytes: int) -> Iterator[_Raw | str | None]:
    from warcio.archiveiterator import ArchiveIterator

    with open_binary(path) as fh:
        for record in ArchiveIterator(fh, arc2warc=True):
            kind = record.rec_type
            headers = record.rec_headers
            content_type = None
            if kind == "response":
                if record.http_headers is None:
                    yield None
                    continue
                content_type = record.http_headers.get_header("Content-Type")
            elif kind in ("resource", "conversion"):
                content_type = headers.get_header("Content-Type")
            if not _wanted(kind, content_type):
                yield None
                continue
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield f"record is over the {max_bytes:,}-byte limit (--max-bytes)"
                continue
            yield _Raw(
                kind,
                headers.get_header("WARC-Record-ID"),
                headers.get_header("WARC-Target-URI"),
                content_type,
                body,
                headers.get_header("WARC-Date"),
            )


def _warc_document(raw: _Raw, source: str, number: int) -> Item:
    declared = None
    if raw.content_type:
        match = _CHARSET.search(raw.content_type)
        declared = match.group(1) if match else None
    is_html = raw.kind != "conversion"
    if is_html and raw.content_type is None and not _HTML_SNIFF.match(raw.body[:2048]):
        return ReadError(source, number, "record has no Content-Type and does not look like HTML")
    try:
        text, encoding = decode_bytes(raw.body, html=is_html, declared=declared)
    except SourceError as exc:
        return ReadError(source, number, str(exc))
    meta: dict[str, Any] = {"encoding": encoding, "warc_type": raw.kind}
    if raw.date:
        meta["warc_date"] = raw.date
    return Document(
        id=raw.record_id or f"{Path(source).name.split('.')[0]}:{number}",
        text="" if is_html else text,
        html=text if is_html else None,
        url=raw.url or None,
        source=f"{source}#{number}",
        meta=meta,
    )
