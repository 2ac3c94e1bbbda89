"""Train the line classifier shipped in cleaner/data/line_model.json.

Data: a folder with ``dump/ID.txt`` (whole-page text dumps) and ``gold/ID.txt``
(the article), such as the public article-extraction benchmark
(``../shared/bench/aeb``, MIT licence). Each line the rules leave is labelled by
whether its 4-word shingles are in the gold article.

Prints the held-out figures of a 5-fold cross-validation by page (the model for
each fold never sees the pages it is scored on), then trains on all pages and
writes the model. Usage::

    python scripts/train_line_model.py [DATA_DIR] [--out cleaner/data/line_model.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

from cleaner.linemodel import (
    CONTEXT_FEATURES,
    MODEL_FILE,
    OWN_FEATURES,
    LineModel,
    context_vectors,
    keep_mask,
    own_vectors,
)
from cleaner.pipeline import Config, clean_text
from cleaner.score import corpus_scores

TOK = re.compile(r"\w+")
FOLDS = 5


def shingles(toks: list[str]) -> set[tuple[str, ...]]:
    if len(toks) < 4:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}


def load_pages(data: Path) -> list[dict]:
    """Rule-surviving lines of every dump, with labels and weights."""
    config = Config(heuristics=False, despin=False)
    pages = []
    for dump in sorted((data / "dump").glob("*.txt")):
        gold_path = data / "gold" / dump.name
        if not gold_path.exists():
            continue
        gold = gold_path.read_text(encoding="utf-8")
        gold_sh = shingles(TOK.findall(gold))
        gold_lines = {" ".join(x.split()) for x in gold.splitlines()}
        lines = clean_text(dump.read_text(encoding="utf-8"), config=config).text.splitlines()
        labels, weights = [], []
        for line in lines:
            toks = TOK.findall(line)
            if len(toks) >= 4:
                sh = shingles(toks)
                labels.append(len(sh & gold_sh) / len(sh) >= 0.5)
            else:
                labels.append(line in gold_lines)
            weights.append(np.sqrt(len(toks) + 1.0))
        pages.append(
            {
                "x": own_vectors(lines),
                "id": dump.stem,
                "lines": lines,
                "y": np.array(labels, float),
                "w": np.array(weights),
                "gold": gold,
            }
        )
    return pages


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """Weighted L2-regularised logistic regression by Newton's method (IRLS)."""
    beta = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + reg @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def train(pages: list[dict]) -> LineModel:
    own_x = [p["x"] for p in pages]
    y = np.concatenate([p["y"] for p in pages])
    w = np.concatenate([p["w"] for p in pages])
    own_w = fit_logistic(np.vstack(own_x)[:, :-1], y, w)
    ctx = [context_vectors(x[:, :-1] @ own_w, x, x[:, -1])[0] for x in own_x]
    ctx_w = fit_logistic(np.vstack(ctx), y, w)
    ctx2 = [context_vectors(c @ ctx_w, x, x[:, -1])[0] for c, x in zip(ctx, own_x, strict=True)]
    second_w = fit_logistic(np.vstack(ctx2), y, w)
    model = LineModel(own_w, ctx_w, second_w, 0.5, {})
    best = max((evaluate(replace(model, threshold=t), pages)["F1"], t) for t in np.arange(0.2, 0.71, 0.05))
    return replace(model, threshold=round(float(best[1]), 2))


def evaluate(model: LineModel, pages: list[dict]) -> dict:
    pairs = []
    for page in pages:
        keep, _, _ = keep_mask(model, page["lines"], own_x=page["x"])
        pairs.append(("\n".join(line for line, k in zip(page["lines"], keep, strict=True) if k), page["gold"]))
    return corpus_scores(pairs)


def fold_of(page_id: str) -> int:
    return int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % FOLDS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "aeb"
    parser.add_argument("data", nargs="?", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    if not (args.data / "dump").is_dir():
        print(f"error: no dump/ folder under {args.data}", file=sys.stderr)
        return 2
    pages = load_pages(args.data)
    print(f"{len(pages)} pages, {sum(len(p['lines']) for p in pages)} lines")
    held_out = []
    for fold in range(FOLDS):
        test = [p for p in pages if fold_of(p["id"]) == fold]
        model = train([p for p in pages if fold_of(p["id"]) != fold])
        scores = evaluate(model, test)
        held_out.append((len(test), scores))
        print(
            f"fold {fold}: {len(test)} pages  P {scores['P']:.3f}  R {scores['R']:.3f}  F1 {scores['F1']:.3f}  (threshold {model.threshold})"
        )
    n = sum(k for k, _ in held_out)
    p = sum(k * s["P"] for k, s in held_out) / n
    r = sum(k * s["R"] for k, s in held_out) / n
    cv = {"P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r), 4), "pages": n}
    print(f"held-out (5-fold by page): P {cv['P']:.3f}  R {cv['R']:.3f}  F1 {cv['F1']:.3f}")
    model = train(pages)
    payload = {
        "own_features": list(OWN_FEATURES),
        "context_features": list(CONTEXT_FEATURES),
        "own_weights": [round(float(v), 6) for v in model.own_weights],
        "context_weights": [round(float(v), 6) for v in model.context_weights],
        "second_weights": [round(float(v), 6) for v in model.second_weights],
        "threshold": model.threshold,
        "info": {
            "trained": date.today().isoformat(),
            "data": args.data.name,
            "pages": len(pages),
            "cross_validation": cv,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (threshold {model.threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
