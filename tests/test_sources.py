"""Reading real dumps: encodings, BOMs, binary files, size limit, URL and site hints."""

from __future__ import annotations

import codecs
import json

import pytest

from cleaner.sources import Skipped, SourceError, decode_bytes, read_dump, walk

PROSE = (
    "Le maire a annoncé mercredi que la bibliothèque municipale resterait ouverte tout l'été, à la demande des élèves."
)


def test_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(PROSE.encode("latin-1"))
    assert read_dump(path, tmp_path).text == PROSE


def test_cp1251_file_is_decoded(tmp_path):
    text = "Мэр города заявил в среду, что городская библиотека будет открыта всё лето по просьбе школьников."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert read_dump(path, tmp_path).text == text


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_bom_is_honoured_and_stripped(tmp_path, bom, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + PROSE.encode(encoding))
    assert read_dump(path, tmp_path).text == PROSE


def test_binary_file_is_an_error(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(SourceError, match="binary"):
        read_dump(path, tmp_path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(SourceError, match="over the 100-byte limit"):
        read_dump(path, tmp_path, max_bytes=100)


def test_empty_file_reads_as_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_dump(path, tmp_path).text == ""


def test_url_first_line_and_host_folder(tmp_path):
    folder = tmp_path / "news.example.org" / "2025"
    folder.mkdir(parents=True)
    path = folder / "a.txt"
    path.write_text("URL: https://news.example.org/a\r\nBody line.\r\n")
    doc = read_dump(path, tmp_path)
    assert doc.url == "https://news.example.org/a"
    assert doc.text == "Body line.\r\n"
    assert doc.site_hint == "news.example.org"
    assert doc.id == "news.example.org/2025/a"


def test_sidecar_metadata(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Body.")
    (tmp_path / "a.txt.json").write_text(json.dumps({"url": "https://x.example/a", "lang": "en"}))
    doc = read_dump(path, tmp_path)
    assert doc.url == "https://x.example/a" and doc.meta["lang"] == "en"


def test_bad_sidecar_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Body.")
    (tmp_path / "a.json").write_text("{not json")
    with pytest.raises(SourceError, match=r"sidecar a\.json"):
        read_dump(path, tmp_path)


def test_html_detected_by_content_and_meta_charset(tmp_path):
    html = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9</p></body></html>'
    path = tmp_path / "page.txt"
    path.write_bytes(html.encode("cp1252"))
    doc = read_dump(path, tmp_path)
    assert doc.html is not None and "Café" in doc.html
    assert decode_bytes("naïve".encode())[0] == "naïve"


def test_walk_skips_other_files_but_not_sidecars(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.txt.json").write_text("{}")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.HTML").write_text("<p>x</p>")
    items = list(walk(tmp_path))
    assert [p.name for p in items if not isinstance(p, Skipped)] == ["a.txt", "b.HTML"]
    assert [s.path.name for s in items if isinstance(s, Skipped)] == ["notes.md"]
