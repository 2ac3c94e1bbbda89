"""Container readers (JSONL, WARC, WET; gzip and zstd) and the JSONL shard writer with resume."""

from __future__ import annotations

import gzip
import json
import uuid
from pathlib import Path

import pytest

from cleaner.containers import (
    ContainerError,
    JsonlFields,
    ReadError,
    detect_format,
    read_container,
    read_jsonl,
    read_warc,
    sniff_compression,
)
from cleaner.model import Document
from cleaner.pipeline import Config
from cleaner.shards import STATE_FILE, ShardError, ShardWriter, resume_point
from cleaner.stream import StreamJob, clean_stream

PAGE = (
    "<html><head><title>Tide tables</title></head><body><nav>Home | News | About</nav>"
    "<article><h1>Tide tables</h1><p>The harbour publishes its tide tables every spring, and the"
    " fishermen read them closely before the season opens.</p><p>This year the spring tides"
    " arrive early, so the first boats will leave in the second week of March.</p></article>"
    "<footer>Copyright 2024</footer></body></html>"
)


def zstd_compress(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- WARC helpers: written by hand so the tests need no WARC library to build inputs


def warc_record(kind: str, url: str, payload: bytes, content_type: str, record_id: str | None = None) -> bytes:
    rid = record_id or f"<urn:uuid:{uuid.uuid4()}>"
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {rid}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def sample_warc() -> bytes:
    http = "application/http; msgtype=response"
    return b"".join(
        [
            warc_record("warcinfo", "", b"software: test\r\n", "application/warc-fields"),
            warc_record(
                "request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n", "application/http; msgtype=request"
            ),
            warc_record("response", "https://a.example/1", http_response(PAGE.encode()), http, "<urn:uuid:page-1>"),
            warc_record("response", "https://a.example/logo.png", http_response(b"\x89PNG...", "image/png"), http),
            warc_record(
                "response",
                "https://a.example/2",
                http_response(
                    "<html><body><p>Caf\xe9 cr\xe8me</p></body></html>".encode("cp1252"),
                    "text/html; charset=windows-1252",
                ),
                http,
                "<urn:uuid:page-2>",
            ),
        ]
    )


def sample_wet() -> bytes:
    return b"".join(
        [
            warc_record("warcinfo", "", b"software: test\r\n", "application/warc-fields"),
            warc_record(
                "conversion",
                "https://b.example/x",
                "First line\nSecond line é\n".encode(),
                "text/plain",
                "<urn:uuid:wet-1>",
            ),
        ]
    )


BACKENDS = ["fastwarc", "warcio"]


def need(backend: str) -> None:
    pytest.importorskip("fastwarc.warc" if backend == "fastwarc" else "warcio")


# --- JSONL ---------------------------------------------------------------------


def test_jsonl_reads_text_html_ids_urls_and_keeps_other_fields(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": "hello", "url": "https://x.example/a", "lang": "en"},
            {"id": 7, "html": PAGE},
            {"text": "no id here"},
        ],
    )
    docs = list(read_jsonl(path))
    assert [d.id for d in docs] == ["a", "7", "in:3"]
    assert docs[0].text == "hello" and docs[0].html is None
    assert docs[0].url == "https://x.example/a" and docs[0].meta == {"lang": "en"}
    assert docs[1].html == PAGE and docs[1].text == ""
    assert docs[0].source == f"{path}:1"


def test_jsonl_configurable_and_dotted_field_names(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"content": "body", "metadata": {"url": "https://x.example/", "dump": "CC"}, "doc_id": "d1"},
        ],
    )
    fields = JsonlFields(text="content", url="metadata.url", id="doc_id")
    (doc,) = read_jsonl(path, fields)
    assert (doc.id, doc.text, doc.url) == ("d1", "body", "https://x.example/")
    assert doc.meta == {"metadata": {"dump": "CC"}}


def test_jsonl_bad_lines_become_errors_and_the_stream_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"id": "1", "text": "ok"}\n{not json\n[1, 2]\n{"id": "x"}\n{"text": 5}\n'
        b'\n{"id": "2", "text": "caf\xe9"}\n{"id": "3", "text": "fine"}'
    )
    items = list(read_jsonl(path))
    errors = [i for i in items if isinstance(i, ReadError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert [e.position for e in errors] == [2, 3, 4, 5]
    assert all(e.source == str(path) and e.message for e in errors)
    assert [d.id for d in docs] == ["1", "2", "3"]
    assert docs[1].meta["encoding_errors"] == "replaced"


def test_jsonl_oversized_line_is_skipped_not_loaded(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "big", "text": "x" * 5000}, {"id": "small", "text": "y"}])
    items = list(read_jsonl(path, max_bytes=1000))
    assert isinstance(items[0], ReadError) and "limit" in items[0].message and items[0].position == 1
    assert isinstance(items[1], Document) and items[1].id == "small"


@pytest.mark.parametrize("compress", ["gzip", "zstd"])
@pytest.mark.parametrize("name", ["in.jsonl.gz", "in.jsonl.zst", "in.jsonl", "in.data"])
def test_compressed_jsonl_by_magic_bytes_whatever_the_suffix(tmp_path: Path, compress: str, name: str) -> None:
    raw = b'{"id": "a", "text": "hello"}\n{"id": "b", "text": "world"}\n'
    data = gzip.compress(raw) if compress == "gzip" else zstd_compress(raw)
    path = tmp_path / name
    path.write_bytes(data)
    assert sniff_compression(path) == compress
    assert detect_format(path) == "jsonl"
    assert [d.id for d in read_container(path)] == ["a", "b"]


def test_truncated_gzip_gives_an_error_item(tmp_path: Path) -> None:
    raw = b"".join(json.dumps({"id": str(i), "text": "t" * 200}).encode() + b"\n" for i in range(200))
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(raw)[:-400])
    items = list(read_container(path))
    assert isinstance(items[-1], ReadError)
    assert all(isinstance(i, Document) for i in items[:-1]) and items[:-1]


def test_reader_is_lazy(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": "t"} for i in range(1000)])
    stream = read_jsonl(path)
    assert next(stream).id == "0"  # a generator: nothing beyond the first line needs reading


def test_unknown_container_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(b"just some bytes")
    assert detect_format(path) is None
    with pytest.raises(ContainerError):
        read_container(path)


# --- WARC / WET ----------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("compress", ["none", "gzip", "zstd"])
def test_warc_html_responses_become_documents(tmp_path: Path, backend: str, compress: str) -> None:
    need(backend)
    data = sample_warc()
    if compress == "gzip":
        data = gzip.compress(data)
    elif compress == "zstd":
        data = zstd_compress(data)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    docs = list(read_warc(path, backend=backend))  # type: ignore[arg-type]
    assert all(isinstance(d, Document) for d in docs)
    assert [(d.id, d.url) for d in docs] == [
        ("<urn:uuid:page-1>", "https://a.example/1"),
        ("<urn:uuid:page-2>", "https://a.example/2"),
    ]
    assert docs[0].html == PAGE and docs[0].text == ""
    assert "Café crème" in docs[1].html  # declared charset honoured


@pytest.mark.parametrize("backend", BACKENDS)
def test_per_record_gzip_members(tmp_path: Path, backend: str) -> None:
    need(backend)
    http = "application/http; msgtype=response"
    members = [
        gzip.compress(warc_record("response", f"https://a.example/{i}", http_response(PAGE.encode()), http))
        for i in range(3)
    ]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    assert [d.url for d in read_warc(path, backend=backend)] == [f"https://a.example/{i}" for i in range(3)]  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_wet_conversions_become_text_documents(tmp_path: Path, backend: str) -> None:
    need(backend)
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(gzip.compress(sample_wet()))
    (doc,) = read_container(path, backend=backend)  # type: ignore[arg-type]
    assert isinstance(doc, Document)
    assert (doc.id, doc.url, doc.html) == ("<urn:uuid:wet-1>", "https://b.example/x", None)
    assert doc.text == "First line\nSecond line é\n"


@pytest.mark.parametrize("backend", BACKENDS)
def test_truncated_warc_ends_with_an_error_item(tmp_path: Path, backend: str) -> None:
    need(backend)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(sample_warc())[:-60])
    items = list(read_warc(path, backend=backend))  # type: ignore[arg-type]
    assert any(isinstance(i, ReadError) for i in items) or len(items) < 2


def test_warc_detected_by_content_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_bytes(gzip.compress(sample_warc()))
    assert detect_format(path) == "warc"


def test_oversized_warc_record_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(sample_warc())
    items = list(read_warc(path, max_bytes=40))
    assert [i.position for i in items if isinstance(i, ReadError) and "limit" in i.message] == [3, 5]


# --- shards --------------------------------------------------------------------


def rows(n: int) -> list[dict]:
    return [{"id": str(i), "text": f"document {i} " + "x" * (i % 7 * 10)} for i in range(n)]


def test_shards_bounded_by_docs_and_named_deterministically(tmp_path: Path) -> None:
    with ShardWriter(tmp_path, max_bytes=None, max_docs=4) as writer:
        for row in rows(10):
            writer.write(row)
    names = sorted(p.name for p in tmp_path.glob("part-*.jsonl"))
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    counts = [len((tmp_path / n).read_text().splitlines()) for n in names]
    assert counts == [4, 4, 2]


def test_shards_bounded_by_bytes_never_split_a_row(tmp_path: Path) -> None:
    limit = 200
    with ShardWriter(tmp_path, max_bytes=limit) as writer:
        for row in rows(30):
            writer.write(row)
    shards = sorted(tmp_path.glob("part-*.jsonl"))
    assert len(shards) > 1
    ids = []
    for shard in shards:
        assert shard.stat().st_size <= limit
        ids += [json.loads(line)["id"] for line in shard.read_text().splitlines()]
    assert ids == [str(i) for i in range(30)]


def test_interrupted_writer_leaves_only_complete_shards(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), ShardWriter(tmp_path, max_bytes=None, max_docs=3) as writer:
        for i, row in enumerate(rows(10)):
            if i == 7:
                raise RuntimeError("crash")
            writer.write(row)
    assert sorted(p.name for p in tmp_path.glob("part-*")) == ["part-00000.jsonl", "part-00001.jsonl"]
    assert not list(tmp_path.glob(".*.part"))
    point = resume_point(tmp_path, max_bytes=None, max_docs=3)
    assert (point.next_index, point.inputs_done, point.docs) == (2, 6, 6)


def test_resume_ignores_temp_files_and_unrecorded_shards(tmp_path: Path) -> None:
    with ShardWriter(tmp_path, max_bytes=None, max_docs=2) as writer:
        for row in rows(4):
            writer.write(row)
    (tmp_path / ".part-00002.jsonl.abc.part").write_text('{"id": "half"')
    (tmp_path / "part-00002.jsonl").write_text('{"id": "stray"}\n')
    point = resume_point(tmp_path, max_bytes=None, max_docs=2)
    assert point.next_index == 2 and point.inputs_done == 4
    assert not (tmp_path / ".part-00002.jsonl.abc.part").exists()
    assert not (tmp_path / "part-00002.jsonl").exists()


def test_resume_refuses_other_settings(tmp_path: Path) -> None:
    with ShardWriter(tmp_path, max_bytes=None, max_docs=2) as writer:
        writer.write({"id": "1"})
    with pytest.raises(ShardError):
        resume_point(tmp_path, max_bytes=None, max_docs=3)


def clean_into_shards(source: Path, out: Path, *, resume: bool, stop_after: int | None = None) -> None:
    """The CLI's container path (`cleaner.stream.clean_stream`), interrupted after ``stop_after`` documents."""
    job = StreamJob(source=source, out=out, shard_bytes=1500, resume=resume)
    seen = resume_point(out, max_bytes=1500, max_docs=None).inputs_done if resume and out.is_dir() else 0

    def on_outcome(_: object) -> None:
        nonlocal seen
        seen += 1
        if stop_after is not None and seen == stop_after:
            raise KeyboardInterrupt

    clean_stream(job, Config(), on_outcome)


def test_interrupted_then_resumed_run_is_byte_identical(tmp_path: Path) -> None:
    body = (
        "The committee met on Tuesday to discuss the new budget for the town library, which has"
        " been closed for repairs since the spring floods damaged its lower floor."
    )
    source_rows: list[dict | str] = []
    for i in range(40):
        if i % 9 == 4:
            source_rows.append("{broken")
        elif i % 11 == 6:
            source_rows.append({"id": f"e{i}", "text": ""})
        else:
            source_rows.append(
                {"id": f"d{i}", "url": f"https://news.example/{i}", "text": f"Story {i}\n{body} Report {i}.\n"}
            )
    source = write_jsonl(tmp_path / "in.jsonl", source_rows)

    whole = tmp_path / "whole"
    clean_into_shards(source, whole, resume=False)
    resumed = tmp_path / "resumed"
    for stop in (7, 19, 26):
        with pytest.raises(KeyboardInterrupt):
            clean_into_shards(source, resumed, resume=True, stop_after=stop)
    clean_into_shards(source, resumed, resume=True)

    names = sorted(p.name for p in whole.iterdir())
    assert len(names) > 3 and names == sorted(p.name for p in resumed.iterdir())
    for name in names:
        assert (whole / name).read_bytes() == (resumed / name).read_bytes(), name
    ids = [
        json.loads(line)["id"]
        for name in names
        if name != STATE_FILE
        for line in (whole / name).read_text().splitlines()
    ]
    assert ids[0] == "d0" and len(ids) == len(set(ids))
