"""The datatrove step: runs under LocalPipelineExecutor and survives the pickling other executors do."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")  # datatrove's JsonlReader/JsonlWriter need it

from datatrove.data import Document as DTDocument
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.datatrove_step import CleanerStep, looks_like_html
from cleaner.pipeline import Config

BODY = (
    "The harbour publishes its tide tables every spring, and the fishermen read them closely"
    " before the season opens. This year the spring tides arrive early, so the first boats will"
    " leave in the second week of March."
)
TEXT_PAGE = f"Home\nNews\nAbout us\nTide tables for the new season\n{BODY}\nShare on Facebook\nCopyright 2024\n"
HTML_PAGE = (
    "<!doctype html><html><head><title>Tide tables</title></head><body><nav><a href='/'>Home</a></nav>"
    f"<article><h1>Tide tables</h1><p>{BODY}</p><p>{BODY}</p></article><footer>Copyright 2024</footer></body></html>"
)


def write_input(folder: Path) -> None:
    folder.mkdir()
    rows = [
        {"id": "text-1", "text": TEXT_PAGE, "metadata": {"url": "https://harbour.example/tides"}},
        {"id": "html-1", "text": HTML_PAGE, "metadata": {"url": "https://harbour.example/tides.html"}},
        {"id": "empty-1", "text": "   \n\n", "metadata": {"url": "https://harbour.example/blank"}},
    ]
    (folder / "input.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def read_output(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                out[row["id"]] = row
    return out


@pytest.mark.parametrize("keep_empty", [False, True])
def test_local_executor_cleans_text_and_html(tmp_path: Path, keep_empty: bool) -> None:
    write_input(tmp_path / "in")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanerStep(keep_empty=keep_empty),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    rows = read_output(tmp_path / "out")
    assert ("empty-1" in rows) is keep_empty
    text, html = rows["text-1"], rows["html-1"]
    assert BODY in text["text"] and "Share on Facebook" not in text["text"]
    assert BODY in html["text"] and "<p>" not in html["text"] and "Copyright" not in html["text"]
    for row in (text, html):
        meta = row["metadata"]
        assert {"title", "site", "lines_removed", "rules", "spin"} <= set(meta)
        assert meta["url"].startswith("https://harbour.example/")
        assert meta["site"] == "harbour.example"
    assert text["metadata"]["lines_removed"] > 0
    if keep_empty:
        assert rows["empty-1"].get("text", "") == ""  # the JsonlWriter leaves out empty fields


def test_step_pickles_before_and_after_running() -> None:
    """Slurm pickles the executor with dill and Ray with cloudpickle: no unpicklable state."""
    step = CleanerStep(Config(heuristics=True), metadata_prefix="cleaner_")
    for dumps, loads in _picklers():
        copy = loads(dumps(step))
        docs = list(copy.run(iter([DTDocument(text=TEXT_PAGE, id="a", metadata={"url": "https://h.example/x"})])))
        assert docs and docs[0].metadata["cleaner_site"] == "h.example"
        loads(dumps(copy))


def _picklers() -> list:
    found = [(pickle.dumps, pickle.loads)]
    for name in ("dill", "cloudpickle"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        found.append((module.dumps, module.loads))
    return found


def test_html_detection_and_overrides() -> None:
    assert looks_like_html(HTML_PAGE)
    assert looks_like_html("  <div class='x'>hi</div>")
    assert not looks_like_html(TEXT_PAGE)
    assert not looks_like_html("a < b and <p> later")
    flagged = DTDocument(text="plain words", id="f", metadata={"is_html": True})
    assert CleanerStep().is_html(flagged)
    assert not CleanerStep(html="never").is_html(DTDocument(text=HTML_PAGE, id="h"))
    with pytest.raises(ValueError):
        CleanerStep(html="sometimes")  # type: ignore[arg-type]


def test_metadata_prefix_and_dropping(tmp_path: Path) -> None:
    step = CleanerStep(metadata_prefix="c_")
    docs = [DTDocument(text=TEXT_PAGE, id="a"), DTDocument(text="\n\n", id="b")]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["a"]
    assert "c_title" in out[0].metadata and "title" not in out[0].metadata
    assert step.stats["dropped"].total == 1


def test_two_stage_batch_statistics(tmp_path: Path) -> None:
    """Stage 1 counts recurring lines per site over two input files; stage 2 drops them."""
    from cleaner.datatrove_step import FurnitureStatsStep

    data = Path(__file__).parent / "data" / "site_batch"
    top, bottom = (data / "furniture_top.txt").read_text(), (data / "furniture_bottom.txt").read_text()
    articles = sorted(data.glob("article*.txt"))
    (tmp_path / "in").mkdir()
    for part, chunk in enumerate((articles[:3], articles[3:])):
        rows = [
            {
                "id": a.stem,
                "text": top + "\n" + a.read_text() + bottom,
                "metadata": {"url": f"https://valleyledger.example/{a.stem}"},
            }
            for a in chunk
        ]
        (tmp_path / "in" / f"part{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    stats = str(tmp_path / "stats")
    stage1 = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), FurnitureStatsStep(stats)],
        tasks=2,
        logging_dir=str(tmp_path / "logs1"),
    )
    stage2 = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanerStep(Config(despin=False), stats_folder=stats),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        logging_dir=str(tmp_path / "logs2"),
        depends=stage1,
    )
    stage2.run()
    assert len(list((tmp_path / "stats").glob("*.json.gz"))) == 2
    rows = read_output(tmp_path / "out")
    assert set(rows) == {a.stem for a in articles}
    for a in articles:
        assert rows[a.stem]["text"].splitlines() == a.read_text().splitlines()
        assert rows[a.stem]["metadata"]["rules"].get("batch.repeated", 0) >= 3


def test_ray_executor_runs_the_two_stage_pipeline_unchanged(tmp_path: Path) -> None:
    """The same steps under datatrove's RayPipelineExecutor, on a local Ray instance
    (the tasks run in Ray worker processes, so the steps travel by cloudpickle)."""
    ray = pytest.importorskip("ray")
    from datatrove.executor import RayPipelineExecutor

    from cleaner.datatrove_step import FurnitureStatsStep

    write_input(tmp_path / "in")
    stats = str(tmp_path / "stats")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        stage1 = RayPipelineExecutor(
            pipeline=[JsonlReader(str(tmp_path / "in")), FurnitureStatsStep(stats)],
            tasks=1,
            logging_dir=str(tmp_path / "logs1"),
            mem_per_cpu_gb=0.5,
        )
        stage2 = RayPipelineExecutor(
            pipeline=[
                JsonlReader(str(tmp_path / "in")),
                CleanerStep(Config(despin=False), stats_folder=stats),
                JsonlWriter(str(tmp_path / "out")),
            ],
            tasks=1,
            logging_dir=str(tmp_path / "logs2"),
            depends=stage1,
            mem_per_cpu_gb=0.5,
        )
        stage2.run()
    finally:
        ray.shutdown()
    assert len(list((tmp_path / "stats").glob("*.json.gz"))) == 1  # stage 1 ran on Ray too
    rows = read_output(tmp_path / "out")
    assert set(rows) == {"text-1", "html-1"}
    assert BODY in rows["text-1"]["text"] and "Share on Facebook" not in rows["text-1"]["text"]
    assert rows["html-1"]["metadata"]["site"] == "harbour.example"
