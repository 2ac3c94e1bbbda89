"""The trained line classifier: feature vectors, the shipped weights, prediction.

Two stacked logistic models, in the manner of jusText's context smoothing:

1. *own*: how much a line on its own looks like article prose (length, closing
   punctuation, capitalisation, function words, digits, links, furniture words);
2. *context*: the own scores of the neighbourhood (window means, the main prose
   region found by maximum-sum search, distance to it, position in the page).

Weights live in ``cleaner/data/line_model.json``, written by
``scripts/train_line_model.py`` from public data; nothing is learned at run time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cleaner.lines import STRIP, main_region, page_features, prose_scores, word_count

MODEL_FILE = Path(__file__).resolve().parent / "data" / "line_model.json"

_TERMINAL_STOP = re.compile(r"""[.!?…。！？]["”’»)\]]?$""")
_TERMINAL_QUOTE = re.compile(r"""["”’»]$""")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|de|fr|it|br|ru)\b", re.I)
_HANDLE = re.compile(r"(?:^|\s)@\w|\w@\w+\.\w")
_DATE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|\b\d+ (?:min(?:ute)?s?|hours?|days?|weeks?) ago\b"
)
_BULLET = re.compile(r"^[•·▪●◦‣∙*–—-]\s|^\d{1,2}[.)]\s")
_SEPARATOR = re.compile(r"\s[|•·/»›]\s")
_NOT_DIGITS = str.maketrans("", "", "0123456789")

# The most frequent function words of the languages news is mostly written in;
# prose is full of them, menus and teasers hardly have any.
FUNCTION_WORDS = frozenset(
    """the a an and or but of to in on at for with by from as is are was were be been has have had
    that this it its he she they we you his her their our not will would said says who which than
    der die das und oder ist sind war ein eine einer nicht mit von zu den dem des auf für sich auch
    le la les et ou est sont un une des du de en dans pour par sur pas que qui au aux il elle ils
    el los las y o es son una del al por con para lo se su sus como más pero
    il lo gli e è sono della delle di da per che non con si una
    o os as e é são um uma do da dos das em no na para com não que se
    de het een en is zijn van te op voor met niet dat die
    и в не на что с по как это он она они к из за от а но то же""".split()
)
FURNITURE_WORDS = frozenset(
    """subscribe subscribers newsletter newsletters login register cookies cookie privacy copyright
    advertisement advertise advertising sponsored related recommended trending comments comment menu share
    shares tweet follow reply replies votes rating sign""".split()
)

OWN_FEATURES = (
    "bias",
    "log_words",
    "short",
    "very_long",
    "terminal_stop",
    "terminal_quote",
    "terminal_colon",
    "no_terminal",
    "title_case",
    "all_caps",
    "starts_lower",
    "bullet",
    "separators",
    "digit_share",
    "furniture",
    "urlish",
    "handle",
    "date",
    "ellipsis",
    "function_share",
    "comma_rate",
    "mean_word_len",
    "duplicate",
)
CONTEXT_FEATURES = (
    "bias",
    "own",
    "mean1",
    "mean3",
    "mean7",
    "prose_near",
    "in_region",
    "outside_dist",
    "prev",
    "next",
    "log_words",
    "no_terminal",
    "region_share",
    "hand",
    "hand_region",
)


def own_vector(line: str, duplicate: bool) -> list[float]:
    """Features of one canonical line that need no neighbours and no site knowledge."""
    tokens = line.split()
    words = word_count(line, tokens)
    alpha = upper = func = furn = commas = letters = 0
    for t in tokens[:60]:
        c = t[0]
        if c.isalpha():
            alpha += 1
            upper += c.isupper()
        w = t.strip(STRIP).lower()
        func += w in FUNCTION_WORDS
        furn += w in FURNITURE_WORDS
        letters += len(w)
        commas += t.endswith(",")
    n = min(words, 60) or 1
    last = line[-1] if line else ""
    digits = len(line) - len(line.translate(_NOT_DIGITS))
    stop = bool(_TERMINAL_STOP.search(line))
    quote = not stop and bool(_TERMINAL_QUOTE.search(line))
    colon = last in ":;"
    return [
        1.0,
        math.log1p(words),
        float(words < 4),
        float(len(line) > 400),
        float(stop),
        float(quote),
        float(colon),
        float(not (stop or quote or colon)),
        upper / alpha if alpha else 0.0,
        float(line.isupper() and alpha >= 2),
        float(line[:1].islower()),
        float(bool(_BULLET.match(line))),
        min(len(_SEPARATOR.findall(line)), 3) / 3,
        digits / max(1, len(line) - line.count(" ")),
        min(furn, 3) / 3,
        float(bool(_URLISH.search(line))),
        float(bool(_HANDLE.search(line))),
        float(bool(_DATE.search(line))),
        float(line.endswith(("…", "..."))),
        func / n,
        commas / n,
        min(letters / n, 12.0) / 12.0,
        float(duplicate),
    ]


def own_vectors(lines: list[str]) -> np.ndarray:
    """Own features of every line, plus the hand-written prose score as the last column."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    prose = prose_scores(page_features(lines)).tolist() if lines else []
    rows = [[*own_vector(line, counts[line] > 1), prose[k]] for k, line in enumerate(lines)]
    return np.array(rows, dtype=float).reshape(-1, len(OWN_FEATURES) + 1)


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    padded = np.concatenate([[0.0], np.cumsum(values)])
    n = len(values)
    idx = np.arange(n)
    lo = np.clip(idx - radius, 0, n)
    hi = np.clip(idx + radius + 1, 0, n)
    return (padded[hi] - padded[lo]) / (hi - lo)


def context_vectors(own: np.ndarray, own_x: np.ndarray, hand: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """Neighbourhood features from the own scores, plus the hand-written prose score
    and its main region (`cleaner.lines`); also returns the model's main region."""
    n = len(own)
    if n == 0:
        return np.zeros((0, len(CONTEXT_FEATURES))), (0, -1)
    clipped = np.clip(own, -4.0, 4.0)
    first, last = main_region(clipped.tolist())
    idx = np.arange(n)
    inside = (idx >= first) & (idx <= last)
    dist = np.where(idx < first, first - idx, np.where(idx > last, idx - last, 0))
    prose = (own > 1.0).astype(float)
    prev = np.concatenate([[0.0], clipped[:-1]])
    nxt = np.concatenate([clipped[1:], [0.0]])
    region_share = np.full(n, (last - first + 1) / n)
    hand_first, hand_last = main_region(hand.tolist())
    hand_inside = ((idx >= hand_first) & (idx <= hand_last)).astype(float)
    return (
        np.column_stack(
            [
                np.ones(n),
                clipped,
                _window_mean(clipped, 1),
                _window_mean(clipped, 3),
                _window_mean(clipped, 7),
                _window_mean(prose, 5),
                inside.astype(float),
                np.minimum(dist, 30) / 30,
                prev,
                nxt,
                own_x[:, OWN_FEATURES.index("log_words")],
                own_x[:, OWN_FEATURES.index("no_terminal")],
                region_share,
                np.clip(hand, -4.0, 4.0),
                hand_inside,
            ]
        ),
        (first, last),
    )


@dataclass(frozen=True)
class LineModel:
    own_weights: np.ndarray
    context_weights: np.ndarray
    second_weights: np.ndarray
    threshold: float
    info: dict

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> LineModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["own_features"]) != OWN_FEATURES or tuple(data["context_features"]) != CONTEXT_FEATURES:
            raise ValueError(f"{path}: feature list does not match this version of cleaner; retrain the model")
        return cls(
            np.array(data["own_weights"]),
            np.array(data["context_weights"]),
            np.array(data["second_weights"]),
            float(data["threshold"]),
            data["info"],
        )

    def predict(
        self, lines: list[str], own_x: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
        """Per line: own score (logit), keep probability, and the main region.

        The context model runs twice: the second round smooths the first round's
        scores, so evidence spreads further than one window.
        """
        if own_x is None:
            own_x = own_vectors(lines)
        own = own_x[:, :-1] @ self.own_weights
        hand = own_x[:, -1]
        ctx, _ = context_vectors(own, own_x, hand)
        ctx2, region = context_vectors(ctx @ self.context_weights, own_x, hand)
        prob = 1.0 / (1.0 + np.exp(-(ctx2 @ self.second_weights)))
        return own, prob, region


def keep_mask(
    model: LineModel, lines: list[str], rounds: int = 4, own_x: np.ndarray | None = None
) -> tuple[list[bool], np.ndarray, np.ndarray]:
    """Which lines to keep; re-judges the survivors until stable, so cleaning is idempotent.

    Returns the mask, the first-pass own scores and the first-pass keep probabilities.
    """
    keep = [True] * len(lines)
    live = list(range(len(lines)))
    if own_x is None:
        own_x = own_vectors(lines)
    own0 = prob0 = np.zeros(0)
    for round_ in range(rounds):
        if not live:
            break
        own, prob, _ = model.predict([lines[i] for i in live], own_x[live])
        if round_ == 0:
            own0, prob0 = own, prob
        survivors = [i for i, p in zip(live, prob.tolist(), strict=True) if p >= model.threshold]
        for i in set(live) - set(survivors):
            keep[i] = False
        if len(survivors) == len(live):
            break
        live = survivors
    return keep, own0, prob0
