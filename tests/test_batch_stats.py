"""Per-site repeated-line learning over a batch of realistic same-site dumps."""

from __future__ import annotations

from pathlib import Path

from cleaner.batch import learn_furniture, plan, run
from cleaner.pipeline import Config
from cleaner.stats import BatchStats, SiteCounts, line_key

DATA = Path(__file__).parent / "data" / "site_batch"


def _make_batch(root: Path) -> Path:
    site = root / "dumps" / "valleyledger.example"
    site.mkdir(parents=True)
    top = (DATA / "furniture_top.txt").read_text()
    bottom = (DATA / "furniture_bottom.txt").read_text()
    for article in sorted(DATA.glob("article*.txt")):
        (site / article.name).write_text(top + "\n" + article.read_text() + bottom)
    return root / "dumps"


def _clean(root: Path, batch_stats: bool) -> dict[str, list[str]]:
    tasks, _ = plan(_make_batch(root), root / "out")
    config = Config(despin=False)
    if batch_stats:
        learn_furniture(tasks, config)
    outcomes = list(run(tasks, config))
    assert not any(o.error for o in outcomes)
    return {Path(o.out).name: Path(o.out).read_text().splitlines() for o in outcomes}


def test_site_furniture_is_learned_and_removed(tmp_path: Path):
    with_stats = _clean(tmp_path / "a", batch_stats=True)
    without = _clean(tmp_path / "b", batch_stats=False)
    bottom = (DATA / "furniture_bottom.txt").read_text().splitlines()
    for name, lines in with_stats.items():
        article = (DATA / name).read_text().splitlines()
        assert lines == article, name
        assert any(line in without[name] for line in bottom), "the case must need batch statistics"
    removed = sum(len(without[n]) - len(with_stats[n]) for n in with_stats)
    assert removed >= 6


def test_other_sites_and_small_sites_learn_nothing():
    stats = BatchStats()
    for n in range(3):
        stats.add("tiny.example", f"Shared footer line for every page.\nUnique paragraph number {n}.")
    assert stats.furniture("tiny.example") == frozenset()
    assert stats.furniture(None) == frozenset() and stats.furniture("unknown.example") == frozenset()


def test_memory_is_capped_per_site():
    counts = SiteCounts()
    for doc in range(50):
        counts.add(
            {line_key(f"shared {k}") for k in range(5)} | {line_key(f"doc {doc} line {k}") for k in range(20)}, 30
        )
    assert len(counts.counts) <= 30
    assert all(counts.counts.get(line_key(f"shared {k}"), 0) >= 40 for k in range(5))


def test_duplicate_pages_do_not_turn_the_article_into_furniture(tmp_path: Path):
    site = tmp_path / "dumps" / "valleyledger.example"
    site.mkdir(parents=True)
    page = (DATA / "furniture_top.txt").read_text() + (DATA / "article1.txt").read_text()
    for n in range(5):
        (site / f"copy{n}.txt").write_text(page)
    tasks, _ = plan(tmp_path / "dumps", tmp_path / "out")
    learn_furniture(tasks, Config(despin=False))
    outcomes = list(run(tasks, Config(despin=False)))
    article = (DATA / "article1.txt").read_text().splitlines()
    assert all(Path(o.out).read_text().splitlines() == article for o in outcomes)


def test_long_lines_are_neither_learned_nor_looked_up():
    from cleaner.stats import MAX_WORDS, learnable

    short = " ".join(["word"] * MAX_WORDS)
    long = short + " more"
    assert learnable(short) and not learnable(long)
    stats = BatchStats()
    for k in range(6):
        stats.add("site.example", f"{short}\n{long}\nArticle {k} text.")
    furniture = stats.furniture("site.example")
    assert line_key(short) in furniture and line_key(long) not in furniture
