"""The `cleaner` command as a user runs it: real folders, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT

ARTICLE = next((PROJECT / "golden" / "samples").glob("004*/input.txt"))
PROSE = "Le conseil municipal a voté mardi un budget qui augmente de douze pour cent les crédits des bibliothèques."


def cleaner(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    src = tmp_path / "dumps"
    (src / "sub" / "deeper").mkdir(parents=True)
    sample = ARTICLE.read_bytes()
    (src / "a.txt").write_bytes(sample)
    (src / "sub" / "b.txt").write_bytes(sample.replace(b"\n", b"\r\n"))
    (src / "sub" / "deeper" / "latin1.txt").write_bytes(PROSE.encode("latin-1"))
    (src / "sub" / "empty.txt").write_bytes(b"")
    (src / "sub" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (src / "notes.md").write_text("not a dump")
    return src


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_batch_with_bad_files(batch: Path, tmp_path: Path):
    before = _snapshot(batch)
    out = tmp_path / "out"
    proc = cleaner("clean", str(batch), str(out), "--report", str(tmp_path / "report.jsonl"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "image.txt" in proc.stderr and "binary" in proc.stderr
    assert (out / "sub" / "deeper" / "latin1.txt").read_text(encoding="utf-8") == PROSE + "\n"
    a = (out / "a.txt").read_text(encoding="utf-8")
    assert a.startswith("The United States and Russia moved toward") and "Facebook Twitter" not in a
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == a
    assert (out / "sub" / "empty.txt").read_text() == ""
    assert not (out / "sub" / "image.txt").exists()
    assert not list(out.rglob("*.part"))
    rows = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text().splitlines()]
    assert len(rows) == 5
    bad = next(r for r in rows if r["id"].endswith("image.txt"))
    assert "binary" in bad["error"]
    good = next(r for r in rows if r["id"] == "a.txt" or r["id"] == "a")
    assert good["lines_removed"] > 0 and "generic.share-bar" in good["rules"]
    assert _snapshot(batch) == before


def test_missing_input_is_usage_error(tmp_path: Path):
    proc = cleaner("clean", str(tmp_path / "nope"), str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("where", ["same", "inside", "contains"])
def test_output_overlapping_input_is_refused(batch: Path, tmp_path: Path, where: str):
    before = _snapshot(batch)
    target = {"same": batch, "inside": batch / "out", "contains": tmp_path}[where]
    proc = cleaner("clean", str(batch), str(target), cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert _snapshot(batch) == before


def test_jsonl_output_and_jobs(batch: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    proc = cleaner("clean", str(batch), str(out), "--format", "jsonl", "--jobs", "2", "-q", cwd=tmp_path)
    assert proc.returncode == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "sub/b", "sub/deeper/latin1", "sub/empty"]
    first = rows[0]
    assert first["title"] == "U.S.-Russia Talks in Saudi Arabia Set to Go Beyond Ukraine"
    assert first["source"].endswith("a.txt") and first["text"].startswith("The United States")
    assert any(r["rule"] == "generic.share-bar" for r in first["removed"])


def test_malformed_rules_are_usage_errors(batch: Path, tmp_path: Path):
    rules = tmp_path / "myrules"
    (rules / "sites").mkdir(parents=True)
    (rules / "sites" / "bad.example.toml").write_text(
        '[[rule]]\nid = "broken"\nkind = "drop_regex"\npattern = "(unclosed"\n'
    )
    proc = cleaner("clean", str(batch), str(tmp_path / "out"), "--rules", str(rules), cwd=tmp_path)
    assert proc.returncode == 2
    assert "bad.example.toml" in proc.stderr and "broken" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_option_is_usage_error(batch: Path, tmp_path: Path):
    proc = cleaner("clean", str(batch), str(tmp_path / "out"), "--jobs", "zero", cwd=tmp_path)
    assert proc.returncode == 2


def test_explain_shows_verdicts_rules_and_evidence(tmp_path: Path):
    sample = ARTICLE
    proc = cleaner("explain", str(sample), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "generic.share-bar" in text and "heuristic.region" in text and "title" in text
    assert "score" in text and "+ " in text and "- " in text
    proc = cleaner("explain", str(sample), "--json", cwd=tmp_path)
    payload = json.loads(proc.stdout)
    kept = [row for row in payload["lines"] if row["action"] == "kept"]
    assert kept and all(row["evidence"]["region"] for row in kept)


def test_explain_on_binary_file_names_it(batch: Path, tmp_path: Path):
    proc = cleaner("explain", str(batch / "sub" / "image.txt"), cwd=tmp_path)
    assert proc.returncode == 1 and "image.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_golden_command_reports_diff_and_exit_code(tmp_path: Path):
    case = tmp_path / "golden" / "one"
    case.mkdir(parents=True)
    (case / "input.txt").write_text("A first paragraph that is long enough to be an article line, with a full stop.\n")
    (case / "expected.txt").write_text("Something else entirely.\n")
    proc = cleaner("golden", "check", str(tmp_path / "golden"), cwd=tmp_path)
    assert proc.returncode == 1
    assert "-Something else entirely." in proc.stdout and "+A first paragraph" in proc.stdout
    proc = cleaner("golden", "check", str(tmp_path / "golden"), "--update", cwd=tmp_path)
    assert proc.returncode == 0
    assert cleaner("golden", "check", str(tmp_path / "golden"), cwd=tmp_path).returncode == 0


def _jsonl(path: Path, rows: list) -> Path:
    import gzip

    text = "".join((json.dumps(r) if isinstance(r, dict) else r) + "\n" for r in rows)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def test_jsonl_container_into_shards(tmp_path: Path):
    article = ARTICLE.read_text(encoding="utf-8")
    rows = [{"doc": {"id": f"n{i}", "link": f"https://potusnews.com/{i}", "body": article}} for i in range(3)]
    source = _jsonl(tmp_path / "dump.jsonl.gz", [*rows, "{not json", {"doc": {"id": "x"}}])
    out = tmp_path / "shards"
    args = ["clean", str(source), str(out), "--text-field", "doc.body", "--url-field", "doc.link"]
    proc = cleaner(
        *args, "--id-field", "doc.id", "--shard-docs", "2", "--report", str(tmp_path / "r.jsonl"), cwd=tmp_path
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "not valid JSON" in proc.stderr
    shards = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl"]
    docs = [json.loads(line) for p in shards for line in p.read_text().splitlines()]
    assert [d["id"] for d in docs] == ["n0", "n1", "n2"]
    assert all(
        d["url"].startswith("https://potusnews.com/") and d["text"].startswith("The United States") for d in docs
    )
    assert len((tmp_path / "r.jsonl").read_text().splitlines()) == 5
    again = cleaner(*args, cwd=tmp_path)
    assert again.returncode == 2 and "--resume" in again.stderr
    resumed = cleaner(*args, "--id-field", "doc.id", "--shard-docs", "2", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0 and [p.read_bytes() for p in sorted(out.glob("part-*.jsonl"))] == [
        p.read_bytes() for p in shards
    ]


def test_folder_resume_skips_complete_outputs(batch: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert cleaner("clean", str(batch), str(out), "-q", cwd=tmp_path).returncode == 1
    marker = out / "a.txt"
    marker.write_text("kept from the first run\n")
    proc = cleaner("clean", str(batch), str(out), "--resume", cwd=tmp_path)
    assert proc.returncode == 1 and "already done" in proc.stderr
    assert marker.read_text() == "kept from the first run\n"


def test_rules_command_lists_bundled_and_site_rules(tmp_path: Path):
    site_rules = PROJECT / "golden" / "rules" / "replace" / "rules"
    proc = cleaner("rules", "--rules", str(site_rules), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "generic.share-bar" in proc.stdout and "site.dailyledger.example.inline-ad-marker" in proc.stdout
    proc = cleaner("rules", "--site", "nowhere.example", cwd=tmp_path)
    assert proc.returncode == 2 and "no site rules" in proc.stderr


def test_explain_prints_bracketed_text_literally(tmp_path: Path):
    case = PROJECT / "golden" / "rules" / "replace"
    proc = cleaner("explain", str(case / "input.txt"), "--rules", str(case / "rules"), cwd=tmp_path)
    assert proc.returncode == 0 and "' [AD] ' → ' '" in proc.stdout
