"""Reading raw dumps from disk: walking folders, decoding bytes, finding metadata.

Every problem with one file becomes a `SourceError` for that file, never an
exception that would stop the batch.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from cleaner.model import Document

DUMP_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_URL_LINE = re.compile(r"\AURL:[ \t]*(\S+)[ \t]*(?:\r\n?|\n|\Z)", re.I)
_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.I)


class SourceError(Exception):
    """A dump that cannot be read; the message names the problem, the caller the file."""


@dataclass(frozen=True)
class Skipped:
    """A file in the input tree that is not a dump (counted, not cleaned)."""

    path: Path


def decode_bytes(data: bytes, *, html: bool = False, declared: str | None = None) -> tuple[str, str]:
    """Decode a dump's bytes and return (text, encoding used).

    Order: BOM, strict UTF-8, a charset declared by a sidecar or ``<meta charset>``,
    then charset-normalizer's guess. NUL bytes outside UTF-16/32 mean a binary file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SourceError(f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    if b"\x00" in data:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared else []
    if html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            candidates.append(match.group(1).decode("ascii", "replace"))
    for name in candidates:
        try:
            return data.decode(name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise SourceError("undecodable content (no text encoding fits; binary file?)")
    text = str(best)
    windows = _as_windows_1252(data)
    if windows is not None and mess_ratio(windows) <= best.chaos + 0.01:
        return windows, "cp1252"
    if _control_ratio(text) > 0.05:
        raise SourceError(f"binary file (decodes as {best.encoding} only to control characters)")
    return text, best.encoding


def _as_windows_1252(data: bytes) -> str | None:
    """Windows-1252 (which the web uses for "Latin-1") wins ties among single-byte
    guesses: on short Western text the detector cannot tell it from cp1250 etc."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(text)


def url_from_first_line(text: str) -> tuple[str | None, str]:
    """Split a leading ``URL: https://...`` line off a text dump."""
    match = _URL_LINE.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def host_folder(relative: Path) -> str | None:
    """The nearest enclosing folder named like a host (``dumps/example.com/1.txt``)."""
    for part in reversed(relative.parts[:-1]):
        if _HOST.match(part):
            return part.lower()
    return None


def read_sidecar(path: Path) -> dict:
    """Metadata from ``<file>.json`` or ``<stem>.json`` next to the dump, if any."""
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SourceError(f"sidecar {candidate.name} is not valid JSON: {exc}") from exc
            if not isinstance(data, dict):
                raise SourceError(f"sidecar {candidate.name} must hold a JSON object")
            return data
    return {}


def read_dump(path: Path, root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one dump file into a Document. Raises SourceError for a bad file."""
    root = root or path.parent
    relative = path.relative_to(root)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from exc
    meta = read_sidecar(path)
    kind = DUMP_SUFFIXES.get(path.suffix.lower(), "text")
    text, encoding = decode_bytes(data, html=kind == "html", declared=meta.get("encoding"))
    if kind == "text" and _HTML_START.match(text):
        kind = "html"
    url = meta.get("url")
    if kind == "text":
        first_url, text = url_from_first_line(text)
        url = url or first_url
    meta = {k: v for k, v in meta.items() if k not in {"url", "encoding"}}
    meta["encoding"] = encoding
    return Document(
        id=relative.with_suffix("").as_posix(),
        text=text if kind == "text" else "",
        html=text if kind == "html" else None,
        url=url,
        source=str(path),
        site_hint=host_folder(relative),
        meta=meta,
    )


def walk(root: Path) -> Iterator[Path | Skipped]:
    """Every file under root in a stable order: dumps as paths, the rest as Skipped.

    JSON sidecars of dumps are metadata, neither dumps nor skipped files.
    """
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix.lower() in DUMP_SUFFIXES:
            yield path
        elif path.suffix.lower() == ".json" and _is_sidecar(path):
            continue
        else:
            yield Skipped(path)


def _is_sidecar(path: Path) -> bool:
    stem = path.with_suffix("")
    if stem.suffix.lower() in DUMP_SUFFIXES:
        return stem.is_file()
    return any(path.with_suffix(suffix).is_file() for suffix in DUMP_SUFFIXES)
