"""Boilerplate verdicts for the lines no explicit rule decided.

Each line gets a prose score from features that need no site knowledge
(length, closing punctuation, capitalisation, separators, furniture
vocabulary). The article is the contiguous region that maximises the summed
score: prose inside, furniture outside, in the manner of body-text extraction.
Everything outside the region is furniture; inside it, only lines that look
like furniture on their own with high confidence are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs
import numpy as np

from cleaner import automaton
from cleaner.compiled import speedups as _speedups

EDGE_MIN = 1.0
BARRIER_SCORE = -1.5
# A line a rule dropped counts as `BARRIER_SCORE`, or as its own prose score when that is
# lower, down to `BARRIER_FLOOR`: recognising a menu item ('Advertisement') by rule must not
# make it a weaker separator than the heuristics alone would, but one dropped line should
# not cut an article as hard as a run of furniture does.
BARRIER_FLOOR = -2.5
SWITCH_COST = 12.0
LONG_LINE = 40
# A block after the article's main block (the one with the largest summed score) is
# kept only when its lines score, on average, at least this share of the main block's
# mean: teaser lists, rules and consent text after an article are prose-like enough to
# pay the switch cost, but thinner than the article.
LATER_BLOCK_RATIO = 0.4
# A teaser excerpt cut off by the CMS ('... with improved Alexa suppor...') does not end a
# sentence, and a long one costs `CUT_OFF_PENALTY` more: a list of them after an article
# otherwise outscores the article. Short ones ('And then…', 'Loading...') only lose the stop.
CUT_OFF_PENALTY = 2.0
CUT_OFF_MIN_CHARS = 50
# A data table or list written one row a line (standings, a schedule, results): a run of
# at least `TABLE_MIN_ROWS` lines with no blank or dropped line between them, each of at
# least `TABLE_MIN_WORDS` words, holding a digit and not ending a sentence. Scored alone,
# each row looks like furniture (no closing stop, capitalised names, many digits), so a
# table inside an article cuts it and the region search can prefer prose-like teasers.
# When a sentence ending in one of `INTRODUCERS` announces the table (right above it, or
# above its header row: 'Standings after 19 of 21 rounds:'), as an article does and a
# teaser list under its label ('Most read') does not, its rows score at least
# `TABLE_ROW_SCORE`: neutral, so the table no longer cuts the article, yet never extends
# it on its own (a 'More on this story:' list of dated headlines after the last paragraph
# stays out). Menus (one to three words) and blank-separated teaser cards are not runs.
TABLE_MIN_ROWS = 5
INTRODUCERS = ":："
TABLE_MIN_WORDS = 4
TABLE_ROW_SCORE = 0.0
# Not extended to lists without digits (tried): raising every line between a prose line
# ending in ':' and the next prose line to `TABLE_ROW_SCORE` (3-20 lines, no dropped line
# between) kept one article list on the benchmark, but also an embedded post there (the
# post and its '— Name (@handle) date' line after a colon), and lost 0.006-0.008 F1 on a
# held-out set with every renderer. Lists at the article's end are trimmed as weak edges
# anyway; keeping those would extend the article into 'You may also like:' teasers.

# Kana, CJK ideographs and Hangul.
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))
CJK = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES) + "]")
# Scripts written without spaces between words, where a word count from spaces makes a
# paragraph look like a menu item: CJK, Thai and Lao, Myanmar, Khmer. Two characters
# count as a word (their words are longer than that, but a paragraph stays long).
_UNSPACED_RANGES = (*_CJK_RANGES, (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))
UNSPACED = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _UNSPACED_RANGES) + "]")
# Sentence stops: with the Latin ones, the Chinese and Japanese full stops, the danda of
# Hindi, Bengali and Nepali ('।', '॥'), the Arabic question mark and the Urdu full stop,
# the Armenian and Ethiopic full stops, Myanmar's '။' and Khmer's '។' (Thai and Lao end
# a sentence with a space, which no line feature can see).
_STOPS = ".!?…:;。！？।॥؟۔։።။។"
# Closers: quotes and brackets, and the asterisks of Markdown emphasis ('**Why now?**').
_CLOSERS = "\"”’»)]」』'*"
_BULLET_CHARS = frozenset("•·▪●◦‣∙*–—-")
STRIP = "\"'“”‘’()[]{}.,:;!?|•·»«›‹-–—"
FURNITURE_WORDS = frozenset(
    [
        "subscribe",
        "subscribers",
        "newsletter",
        "newsletters",
        "signin",
        "signup",
        "login",
        "register",
        "cookies",
        "cookie",
        "privacy",
        "copyright",
        "advertisement",
        "advertise",
        "advertising",
        "sponsored",
        "related",
        "recommended",
        "trending",
        "comments",
        "comment",
        "menu",
        "share",
        "tweet",
        "follow",
    ]
)
FURNITURE_PHRASES = (
    "sign in",
    "sign up",
    "log in",
    "all rights reserved",
    "click here",
    "read more",
    "terms of use",
    "terms of service",
    "most popular",
    "skip to",
    "download the app",
    "follow us",
)
# How a site talks to its reader about itself: consent, legal, account and mailing-list
# prose ("By using our site, you agree to our use of cookies", "No spam, we promise. You
# can unsubscribe at any time"). Counted on lines of any length, as whole words; one
# phrase alone is not evidence (an article may mention a privacy policy), so the penalty
# starts at `SITE_TALK_MIN` phrases in one line.
SITE_TALK = (
    "this site",
    "this website",
    "this web site",
    "our site",
    "our sites",
    "our website",
    "our web site",
    "privacy policy",
    "cookie policy",
    "privacy notice",
    "user agreement",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "terms & conditions",
    "community standards",
    "community guidelines",
    "community rules",
    "comment policy",
    "submission guidelines",
    "use cookies",
    "uses cookies",
    "use of cookies",
    "cookie settings",
    "cookie preferences",
    "allow cookies",
    "accept cookies",
    "your email",
    "your e-mail",
    "email address",
    "e-mail address",
    "your inbox",
    "your account",
    "your browser",
    "your data",
    "your details",
    "your consent",
    "your permission",
    "your privacy",
    "your subscription",
    "your comment",
    "your experience",
    "browsing experience",
    "user experience",
    "your password",
    "unsubscribe",
    "by submitting",
    "by clicking",
    "by continuing",
    "by using",
    "by signing up",
    "by registering",
    "by checking",
    "you agree",
    "i agree",
    "you consent",
    "opt out",
    "opt-out",
    "opt-in",
    "no spam",
    "required fields",
    "activation link",
    "written permission",
    "may not be reproduced",
    "may not be published",
    "registered trademark",
    "affiliate commission",
    "follow him",
    "follow her",
    "your personal data",
    "your personal information",
    "your information",
    "this consent",
    "data protection policy",
    "our newsletter",
    "our newsletters",
)
SITE_TALK_MIN = 2
# ... and only at a density of at least one phrase per `SITE_TALK_WORDS` words, in
# lines of at most `SITE_TALK_MAX_WORDS`: a long paragraph mentions "our site" in
# passing, and a renderer that puts a whole page on one line puts its consent box there too.
SITE_TALK_WORDS = 50
SITE_TALK_MAX_WORDS = 150
SITE_TALK_WEIGHT = 1.5
SITE_TALK_CAP = 4


class LineFeatures(NamedTuple):
    words: int
    chars: int
    terminal: bool
    title_case: float
    bullet: bool
    separators: int
    digit_share: float
    furniture_words: int
    site_talk: int
    cut_off: bool


def word_count(line: str, tokens: list[str]) -> int:
    """Words in a line; scripts written without spaces count two characters a word."""
    words = len(tokens)
    if not line.isascii():
        cjk = len(UNSPACED.findall(line))
        if cjk > words:
            words = max(words, cjk // 2)
    return words


@dataclass(frozen=True)
class PageFeatures:
    """`LineFeatures` of every line of a page, one array per field."""

    words: np.ndarray
    chars: np.ndarray
    terminal: np.ndarray
    title_case: np.ndarray
    bullet: np.ndarray
    separators: np.ndarray
    digit_share: np.ndarray
    furniture_words: np.ndarray
    site_talk: np.ndarray
    cut_off: np.ndarray

    def row(self, k: int) -> LineFeatures:
        return LineFeatures(*(getattr(self, name)[k].item() for name in LineFeatures._fields))


# Character classes, one bit each, looked up for every code point of a page at once.
_SPACE, _NEWLINE, _DIGIT, _SEPARATOR, _STOP, _CLOSER, _BULLET, _UNSPACED, _ALPHA, _UPPER, _CJK = (
    1 << k for k in range(11)
)


def _class_table() -> np.ndarray:
    """Class bits of every BMP code point (astral characters are looked up one by one)."""
    table = np.zeros(0x10000, dtype=np.uint16)
    table[32] |= _SPACE
    table[10] |= _NEWLINE
    table[48:58] |= _DIGIT
    for chars, bit in ((_STOPS, _STOP), (_CLOSERS, _CLOSER), (_BULLET_CHARS, _BULLET), ("|•·/»›", _SEPARATOR)):
        table[[ord(c) for c in chars]] |= bit
    for first, last in _UNSPACED_RANGES:
        table[first : last + 1] |= _UNSPACED
    for first, last in _CJK_RANGES:
        table[first : last + 1] |= _CJK
    letters = [c for c in range(0x10000) if chr(c).isalpha()]
    table[letters] |= _ALPHA
    table[[c for c in letters if chr(c).isupper()]] |= _UPPER
    return table


_CLASSES = _class_table()
# One automaton for both vocabularies, as a DFA (a few kilobytes here): the scan
# costs a few nanoseconds a character.
_FURNITURE_NEEDLES = frozenset((*FURNITURE_WORDS, *FURNITURE_PHRASES))
_NEEDLES = sorted(_FURNITURE_NEEDLES | frozenset(SITE_TALK))
_NEEDLE_IS_FURNITURE = np.array([needle in _FURNITURE_NEEDLES for needle in _NEEDLES])
_NEEDLE_IS_TALK = np.array([needle in SITE_TALK for needle in _NEEDLES])
_LEXICON = ahocorasick_rs.AhoCorasick(_NEEDLES, implementation=ahocorasick_rs.Implementation.DFA)
# The same automaton as tables, for the compiled helper's scans.
_LEXICON_TABLES = automaton.build(_NEEDLES, ascii_case_insensitive=True).tables if _speedups is not None else None
# Per needle, for the compiled counting: 1 a furniture word, 2 a furniture phrase, 4 site talk.
# A furniture word is letters alone, so taking STRIP off its token never cuts into it.
assert all(word.isalpha() for word in FURNITURE_WORDS)
_NEEDLE_KINDS = np.array(
    [(needle in _FURNITURE_NEEDLES) * (2 if " " in needle else 1) + 4 * (needle in SITE_TALK) for needle in _NEEDLES],
    dtype=np.uint8,
)


def _classes(codes: np.ndarray) -> np.ndarray:
    classes = _CLASSES.take(codes, mode="clip")  # an astral character reads U+FFFF, a non-character
    if not len(codes) or codes.max() <= 0xFFFF:
        return classes
    astral = np.flatnonzero(codes > 0xFFFF)
    for k, code in zip(astral.tolist(), codes[astral].tolist(), strict=True):
        c = chr(code)
        classes[k] = (_ALPHA if c.isalpha() else 0) | (_UPPER if c.isalpha() and c.isupper() else 0)
    return classes


def _closed_sentence(line: str) -> bool:
    """A line ending in a closing quote or bracket ends a sentence only when a stop
    comes before the closers: a headline ending in 'a quote’, a caption ending in
    '(Image: X)' or a '[VIDEO]' teaser does not."""
    body = line.rstrip(_CLOSERS + " ")
    return bool(body) and body[-1] in _STOPS


def _cut_off(lines: Sequence[str], tail: np.ndarray) -> np.ndarray:
    """Lines cut off by a teaser list ('... with improved Alexa suppor...'): an ellipsis
    glued to the last word ends an excerpt, not a sentence (a writer's trailing
    ellipsis usually follows a space: 'what a time to be alive ...'). CJK prose trails
    off in '…' glued to its last character, so a CJK character does not count. The
    bracketed ellipsis a CMS appends to an excerpt ('... the author’s […]') cuts a line
    off wherever it stands: a writer does not end a sentence with one. ``tail`` holds
    each line's last code point (0 for an empty line)."""
    ending = ((tail == 0x2026) | (tail == 46) | (tail == 93)).nonzero()[0]
    cut = np.zeros(len(lines), dtype=bool)
    for k in ending.tolist():
        line = lines[k]
        if line[-1] == "]":
            cut[k] = line.endswith(_EXCERPT_MARKS)
            continue
        if line[-1] != "…" and not line.endswith("..."):
            continue
        before = line[-2:-1] if line[-1] == "…" else line[-4:-3]  # the character the ellipsis is glued to
        cut[k] = (before.isalpha() or before in _ASCII_DIGITS) and not CJK.match(before)
    return cut


_ASCII_DIGITS = frozenset("0123456789")
_EXCERPT_MARKS = ("[…]", "[...]", "[ … ]", "[ ... ]")


def _word_char(text: str, k: int) -> bool:
    """Whether position ``k`` of ``text`` holds a letter or an ASCII digit (the
    `_ALPHA` and `_DIGIT` classes)."""
    return 0 <= k < len(text) and (text[k].isalpha() or text[k] in _ASCII_DIGITS)


def _lowered_whole(text: str) -> bool:
    """Whether the vocabulary needs ``text`` lowered by `str.lower`: the needles are
    lowercase ASCII, and the only other character it takes to an ASCII letter is the Kelvin
    sign; 'İ' lowers to two characters, so a page holding one is lowered in ASCII alone."""
    return "\u212a" in text and "\u0130" not in text


def _lexicon_view(text: str) -> str:
    """``text`` lowered for the vocabulary, with the same offsets (`_lowered_whole`).
    Lowering the UTF-8 bytes (ASCII alone) finds the same needles as `str.lower` at a third
    of its cost."""
    if _lowered_whole(text):
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _compiled_view(text: str) -> str:
    """What the compiled helper scans for the vocabulary: the page itself, as its automaton
    reads ASCII capitals as lower case (`_LEXICON_TABLES`), so the same needles match as
    in `_lexicon_view`; lowered as there when `_lowered_whole`."""
    return text.lower() if _lowered_whole(text) else text


def _lexicon_hits(text: str, ends: np.ndarray, short: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One automaton pass over the page; per line, the furniture count (distinct
    furniture phrases, plus each word that is a whole token once the punctuation in
    `STRIP` is taken off its ends; short lines only) and how many `SITE_TALK` phrases
    it holds as whole words."""
    n = len(ends)
    if _speedups is not None:
        view = _compiled_view(text)
        counts = _speedups.lexicon_counts(_LEXICON_TABLES, view, text, ends.tolist(), _NEEDLE_KINDS, short, STRIP)
        furniture, talk = np.frombuffer(counts, dtype=np.int64).reshape(2, n)
        return furniture, talk
    lowered = _lexicon_view(text)
    matches = _LEXICON.find_matches_as_indexes(lowered, overlapping=True)
    if not matches:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    return _lexicon_counts_python(text, lowered, matches, ends, short)


def _lexicon_counts_python(
    text: str, lowered: str, matches: list[tuple[int, int, int]], ends: np.ndarray, short: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`_lexicon_hits`'s counting from the automaton's matches (the twin of the compiled
    `cleaner._speedups.lexicon_counts`)."""
    n = len(ends)
    furniture = np.zeros(n, dtype=np.int64)
    talk = np.zeros(n, dtype=np.int64)
    needle, first, end = (
        np.fromiter(itertools.chain.from_iterable(matches), dtype=np.int64, count=3 * len(matches)).reshape(-1, 3).T
    )
    line = np.searchsorted(ends, end)
    wanted = np.flatnonzero(_NEEDLE_IS_FURNITURE[needle] & short[line])
    line_ends = ends.tolist()
    phrases = set()
    hits = zip(
        needle[wanted].tolist(), line[wanted].tolist(), first[wanted].tolist(), end[wanted].tolist(), strict=True
    )
    for k, lk, at, stop in hits:
        found = _NEEDLES[k]
        if " " in found:
            phrases.add((lk, found))
            continue
        # A word counts when its whole token (between spaces) is the word once the
        # characters in STRIP are taken off the token's ends.
        line_start = line_ends[lk - 1] + 1 if lk else 0
        left, right = lowered.rfind(" ", line_start, at), lowered.find(" ", stop, line_ends[lk])
        token = lowered[left + 1 if left >= 0 else line_start : right if right >= 0 else line_ends[lk]]
        furniture[lk] += token.strip(STRIP) == found
    for lk, _ in phrases:
        furniture[lk] += 1
    own = np.flatnonzero(_NEEDLE_IS_TALK[needle])
    whole = [k for k in own.tolist() if not _word_char(text, int(first[k]) - 1) and not _word_char(text, int(end[k]))]
    if whole:
        talk = np.bincount(line[whole], minlength=n)[:n]
    return furniture, talk


# The columns of `_line_counts`: per line, its length, its words (runs of characters
# between spaces), how many of those start with a letter and with a capital, its
# characters of the unspaced scripts, digits and spaces, its separators with a space on
# both sides, its last code point (0 when empty), and whether it starts with a bullet
# glyph and a space.
COUNT_FIELDS = (
    "chars",
    "words",
    "alpha_initials",
    "upper_initials",
    "unspaced",
    "digits",
    "spaces",
    "separators",
    "last",
    "bullet_start",
)


def _line_counts_numpy(text: str) -> np.ndarray:
    """`COUNT_FIELDS` of every newline-ended line of ``text``, as an (n, fields) int64
    array, from array operations over the page's code points (the reference for
    the compiled `cleaner._speedups.line_counts`)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.flatnonzero(codes == 10)  # each line's newline
    n = len(ends)
    if n == 0:
        return np.zeros((0, len(COUNT_FIELDS)), dtype=np.int64)
    codes = codes[: ends[-1] + 1]  # characters after the last newline end no line
    classes = _classes(codes)
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    lengths = ends - starts

    def per_line(values: np.ndarray) -> np.ndarray:  # a line's sum, its newline included
        return np.add.reduceat(values, starts, dtype=np.int64)

    gap = (classes & (_SPACE | _NEWLINE)).astype(bool)
    initials = np.flatnonzero(~gap & np.concatenate(([True], gap[:-1])))
    initial_line = np.searchsorted(ends, initials)
    separator = (classes & _SEPARATOR).astype(bool)  # counts with a space on both sides
    separator[1:-1] &= (codes[:-2] == 32) & (codes[2:] == 32)
    separator[[0, -1]] = False
    nonempty = lengths > 0
    bullet = (lengths >= 2) & (classes[starts] & _BULLET).astype(bool) & (codes[np.minimum(starts + 1, ends)] == 32)
    columns = {
        "chars": lengths,
        "words": np.bincount(initial_line, minlength=n),
        "alpha_initials": np.bincount(initial_line[(classes[initials] & _ALPHA) > 0], minlength=n),
        "upper_initials": np.bincount(initial_line[(classes[initials] & _UPPER) > 0], minlength=n),
        "unspaced": per_line((classes & _UNSPACED).astype(bool)),
        "digits": per_line((classes & _DIGIT).astype(bool)),
        "spaces": per_line((classes & _SPACE).astype(bool)),
        "separators": per_line(separator),
        "last": np.where(nonempty, codes[np.maximum(ends - 1, 0)], 0),
        "bullet_start": bullet,
    }
    return np.stack([columns[name].astype(np.int64) for name in COUNT_FIELDS], axis=1)


def _line_counts_compiled(text: str) -> np.ndarray:
    counts = _speedups.line_counts(text, _CLASSES)
    return np.frombuffer(counts, dtype=np.int64).reshape(-1, len(COUNT_FIELDS))


_line_counts = _line_counts_compiled if _speedups is not None else _line_counts_numpy


def page_features(lines: Sequence[str], long_line: int = LONG_LINE) -> PageFeatures:
    """Features of every line at once: pure-Python per-line work would cost more
    than all the rest of the cleaning, so the counts come from one pass over the
    page's code points (`_line_counts`) and the features from array operations over
    the lines. Lines must be canonical (single spaces, no line breaks). The
    fine-grained counts are zero for lines of ``long_line`` words or more, where they
    do not matter.
    """
    n = len(lines)
    text = "\n".join(lines) + "\n"
    counts = _line_counts(text)
    if len(counts) != max(n, 1):
        raise ValueError("page_features takes canonical lines, without line breaks")
    lengths, words, alpha, upper, unspaced, digits, spaces, separators, last, bullet_start = counts[:n].T
    # Scripts written without spaces count two characters a word.
    words = np.where(unspaced > words, np.maximum(words, unspaced // 2), words)
    short = words < long_line
    last_classes = _CLASSES.take(last, mode="clip")  # an astral character has no stop or closer class
    terminal = (last_classes & _STOP).astype(bool)
    for k in np.flatnonzero(last_classes & _CLOSER).tolist():
        terminal[k] = _closed_sentence(lines[k])
    cut_off = _cut_off(lines, last)
    terminal &= ~cut_off
    digit_share = _round2(digits / np.maximum(1, lengths - spaces))
    furniture, site_talk = _lexicon_hits(text, np.cumsum(lengths + 1) - 1, short)
    title_case = np.where(short & (alpha > 0), _round2(upper / np.maximum(alpha, 1)), 0.0)
    return PageFeatures(
        words=words,
        chars=lengths,
        terminal=terminal,
        title_case=title_case,
        bullet=short & bullet_start.astype(bool),
        separators=np.where(short & (words > 2), separators, 0),
        digit_share=np.where(short, digit_share, 0.0),
        furniture_words=furniture,
        site_talk=site_talk,
        cut_off=cut_off,
    )


def _round2(values: np.ndarray) -> np.ndarray:
    """``np.round(values, 2)``, which computes exactly this, minus its Python wrapper:
    on a page's few hundred lines the wrapper costs more than the arithmetic."""
    return np.rint(values * 100) / 100


class ScoreWeights(NamedTuple):
    """The terms of the prose score (`prose_scores`): a line earns a point per
    `words_per_point` words (up to `words_cap`) and a bonus for closing a sentence, and
    loses points for what furniture looks like. `long_line` also sets which lines get
    the fine-grained features (`page_features`), and `table_min_words` which can be a
    table row (`table_row`). The compiled `line_scores` is handed these values, in this
    order, and computes the same."""

    words_cap: int = 40
    words_per_point: float = 8.0
    stop: float = 1.5  # a sentence of `few_words` words or more
    short_stop: float = 0.3
    no_stop: float = 1.5
    few_words: int = 4
    few_words_penalty: float = 2.0
    title_case_share: float = 0.7  # capitalised words, in a line of under `title_case_words`
    title_case_words: int = 15
    title_case_penalty: float = 1.0
    bullet_penalty: float = 1.0
    separators: int = 2  # '|', '•', '/' ... between spaces
    separators_penalty: float = 2.0
    digit_share: float = 0.3
    digit_penalty: float = 1.5
    furniture: float = 1.5  # per furniture word or phrase, up to `furniture_cap`
    furniture_cap: int = 2
    furniture_words: int = 25  # a line this long weighs them `furniture_long_factor` as much
    furniture_long_factor: float = 0.3
    site_talk_min: int = SITE_TALK_MIN
    site_talk_words: int = SITE_TALK_WORDS
    site_talk_max_words: int = SITE_TALK_MAX_WORDS
    site_talk: float = SITE_TALK_WEIGHT
    site_talk_cap: int = SITE_TALK_CAP
    cut_off: float = CUT_OFF_PENALTY
    cut_off_min_chars: int = CUT_OFF_MIN_CHARS
    long_line: int = LONG_LINE
    table_min_words: int = TABLE_MIN_WORDS


WEIGHTS = ScoreWeights()


def prose_scores(f: PageFeatures, w: ScoreWeights = WEIGHTS) -> np.ndarray:
    """Positive for article prose, negative for page furniture, per line."""
    words = f.words
    score = np.minimum(words, w.words_cap) / w.words_per_point
    score += np.where(f.terminal, np.where(words >= w.few_words, w.stop, w.short_stop), -w.no_stop)
    score -= w.few_words_penalty * (words < w.few_words)
    score -= w.title_case_penalty * ((f.title_case > w.title_case_share) & (words < w.title_case_words) & ~f.terminal)
    score -= w.bullet_penalty * f.bullet
    score -= w.separators_penalty * (f.separators >= w.separators)
    score -= w.digit_penalty * (f.digit_share > w.digit_share)
    score -= (
        w.furniture
        * np.minimum(f.furniture_words, w.furniture_cap)
        * np.where(words < w.furniture_words, 1.0, w.furniture_long_factor)
    )
    talk = (
        (f.site_talk >= w.site_talk_min) & (f.site_talk * w.site_talk_words >= words) & (words <= w.site_talk_max_words)
    )
    score -= w.site_talk * np.minimum(f.site_talk, w.site_talk_cap) * talk
    score -= w.cut_off * (f.cut_off & (f.chars >= w.cut_off_min_chars))
    return _round2(score)


Scored = tuple[float, bool, bool]


def line_scores(lines: Sequence[str], known: dict[str, Scored]) -> tuple[list[float], list[bool], list[bool]]:
    """Each line's prose score, whether it ends a sentence and whether it could be a
    table row (`table_row`). Features depend on the line alone, so without the compiled
    helper ``known`` caches them by line text: cleaning the output again (and a site's
    repeated lines) then costs nothing. The helper scores a page's lines in less time
    than it takes to look up lines that are not there and store them, so it reads
    ``known`` only when every line is there, and leaves the storing to the caller."""
    if _speedups is not None:
        found = list(map(known.get, lines)) if known and all(map(known.__contains__, lines)) else None
        if not found or None in found:  # ``known`` may be shared and emptied meanwhile
            return _scored(lines) if lines else ([], [], [])
        scores, terminal, rows = zip(*found, strict=True)
        return list(scores), list(terminal), list(rows)
    found = list(map(known.get, lines))
    if None in found:
        missing = list(dict.fromkeys(line for line, s in zip(lines, found, strict=True) if s is None))
        new = dict(zip(missing, zip(*_scored(missing), strict=True), strict=True))
        known.update(new)  # ``known`` may be shared and emptied meanwhile: read ``new``
        found = [s if s is not None else new[line] for line, s in zip(lines, found, strict=True)]
    if not found:
        return [], [], []
    scores, terminal, rows = zip(*found, strict=True)
    return list(scores), list(terminal), list(rows)


def _scored(lines: Sequence[str]) -> tuple[list[float], list[bool], list[bool]]:
    """`line_scores` of canonical lines: `prose_scores`, the terminal flags and `table_row`
    of their `page_features`, which the compiled helper computes in one pass."""
    if _speedups is None:
        return _scored_numpy(lines)
    text = "\n".join(lines) + "\n"
    scored = _speedups.line_scores(text, _compiled_view(text), _LEXICON_TABLES, _CLASSES, _NEEDLE_KINDS, STRIP, WEIGHTS)
    if len(scored[0]) != len(lines):
        raise ValueError("line_scores takes canonical lines, without line breaks")
    return scored


def _scored_numpy(lines: Sequence[str], w: ScoreWeights = WEIGHTS) -> tuple[list[float], list[bool], list[bool]]:
    page = page_features(lines, w.long_line)
    return prose_scores(page, w).tolist(), page.terminal.tolist(), table_row(page, w).tolist()


def table_row(f: PageFeatures, w: ScoreWeights = WEIGHTS) -> np.ndarray:
    """Lines that could be a row of a data table: `TABLE_MIN_WORDS` words or more
    (short of a long line), a digit, and no closing stop (a sentence is not a row, and
    the one that announces a table stays out of it when our output has no blank lines)."""
    return (f.words >= w.table_min_words) & (f.words < w.long_line) & (f.digit_share > 0) & ~f.terminal


def table_runs(rows: Sequence[bool], positions: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) indexes (into ``rows``) of the runs of at least `TABLE_MIN_ROWS`
    table rows, each at the position right after the previous one's (no blank or
    dropped line between)."""
    runs: list[tuple[int, int]] = []
    first = last = -2
    for k in itertools.compress(range(len(rows)), rows):
        if k == last + 1 and positions[k] - positions[last] == 1:
            last = k
            continue
        if last - first + 1 >= TABLE_MIN_ROWS:
            runs.append((first, last))
        first = last = k
    if last - first + 1 >= TABLE_MIN_ROWS:
        runs.append((first, last))
    return runs


def features(line: str) -> LineFeatures:
    """One line's features (for tools and tests; the pipeline scores whole pages)."""
    return page_features([line]).row(0)


def prose_score(f: LineFeatures) -> float:
    """The prose score of one line's features."""
    page = PageFeatures(*(np.array([value]) for value in f))
    return float(prose_scores(page)[0])


def weak_edge(terminal: bool, score: float) -> bool:
    """A heading-like line at the region's edge belongs to the furniture around it
    (teaser headlines, section labels), not to the article."""
    return not terminal and score < EDGE_MIN


def main_region(scores: list[float]) -> tuple[int, int]:
    """Indexes (first, last) of the contiguous run with the largest total score (Kadane)."""
    best, best_span = float("-inf"), (0, -1)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def segments(scores: Sequence[float], switch_cost: float) -> list[tuple[int, int]]:
    """Best set of article blocks: maximise the summed score of lines inside blocks,
    where the first block is free and each further block costs ``switch_cost``.

    A three-state Viterbi pass (before the article, inside a block, between
    blocks), linear time. A huge switch cost gives the single maximum-sum region;
    a moderate one lets an article resume after an inline newsletter box or teaser.
    It runs several times a page: the compiled twin runs when it was built.
    """
    if _speedups is not None:
        return _speedups.segments(scores, switch_cost)
    return _segments_python(scores, switch_cost)


def _segments_python(scores: Sequence[float], switch_cost: float) -> list[tuple[int, int]]:
    n = len(scores)
    if n == 0:
        return []
    neg = float("-inf")
    before, inside, between = 0.0, scores[0], neg
    back: list[tuple[int, int, int]] = [(0, 0, 2)]  # predecessor state of (before, inside, between)
    for s in scores[1:]:
        resume = between - switch_cost
        if before >= inside and before >= resume:
            prev_in, best_in = 0, before
        elif inside >= resume:
            prev_in, best_in = 1, inside
        else:
            prev_in, best_in = 2, resume
        if inside >= between:
            back.append((0, prev_in, 1))
            between = inside
        else:
            back.append((0, prev_in, 2))
        inside = best_in + s
    finals = (before, inside, between)
    state = max(range(3), key=lambda k: finals[k])
    flags = [False] * n
    for i in range(n - 1, -1, -1):
        flags[i] = state == 1
        state = back[i][state]
    blocks, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            blocks.append((start, i - 1))
            start = None
    return blocks


def _trimmed(terminal: list[bool], scores: list[float], first: int, last: int) -> tuple[int, int] | None:
    """A block without the heading-like lines at its edges; None when nothing is left."""
    while first < last and weak_edge(terminal[first], scores[first]):
        first += 1
    while last > first and weak_edge(terminal[last], scores[last]):
        last -= 1
    if first == last and weak_edge(terminal[first], scores[first]):
        return None
    return first, last


def _mean(scores: list[float], block: tuple[int, int], rows: Sequence[bool] = ()) -> float:
    """A block's mean line score; a table's rows (``rows``) do not count unless the
    block is nothing else: their score is a floor, not evidence of prose."""
    if rows and any(rows[block[0] : block[1] + 1]):
        span = range(block[0], block[1] + 1)
        prose = [scores[k] for k in span if not rows[k]] or [scores[k] for k in span]
        return sum(prose) / len(prose)
    return sum(scores[block[0] : block[1] + 1]) / (block[1] - block[0] + 1)


def judge(
    terminal: Sequence[bool], scores: Sequence[float], headline: int | None = None, rows: Sequence[bool] = ()
) -> list[bool]:
    """Keep (inside an article block) or drop, for each line, given whether it ends
    in closing punctuation and its prose score.

    The main block is the one with the largest summed score (below the ``headline``
    index, when one is known and a block lies below it); a block after it is dropped
    when its mean line score is under `LATER_BLOCK_RATIO` of the main block's. The
    means leave out the lines flagged in ``rows`` (a table's rows, `table_runs`)."""
    inside = [False] * len(scores)
    blocks = [b for b in (_trimmed(terminal, scores, *blk) for blk in segments(scores, SWITCH_COST)) if b]
    if len(blocks) > 1 and LATER_BLOCK_RATIO > 0:
        eligible = [k for k, blk in enumerate(blocks) if headline is None or blk[1] > headline] or range(len(blocks))
        main = max(eligible, key=lambda k: sum(scores[blocks[k][0] : blocks[k][1] + 1]))
        floor = LATER_BLOCK_RATIO * _mean(scores, blocks[main], rows)
        blocks = [blk for k, blk in enumerate(blocks) if k <= main or _mean(scores, blk, rows) >= floor]
    for first, last in blocks:
        inside[first : last + 1] = [True] * (last + 1 - first)
    return inside


# Teaser headlines listed under a related-content heading are short: news headlines run to
# about 8-14 words and rarely pass 20. A longer line without a stop after such a heading is a
# reference, a credit or a paragraph that lost its stop, and ends the list.
TEASER_MAX_WORDS = 20
# Teasers with a summary each alternate headline and one-sentence summary. One such pair
# could be the article resuming after its own subheading; two in a row are a list.
TEASER_MIN_PAIRS = 2


def listed_teasers(terminal: Sequence[bool], words: Sequence[int]) -> int:
    """How many of the lines right after a related-content heading ('Related stories',
    'Most read') are the list it announces: the short headlines under it that end no
    sentence, or alternating headline and summary pairs. The article resumes at the first
    line that is neither (a heading inside an article is followed by prose)."""
    n = len(terminal)

    def headline(k: int) -> bool:
        return not terminal[k] and words[k] <= TEASER_MAX_WORDS

    heads = 0
    while heads < n and headline(heads):
        heads += 1
    pairs = 0
    while 2 * pairs + 1 < n and headline(2 * pairs) and terminal[2 * pairs + 1] and words[2 * pairs + 1] < LONG_LINE:
        pairs += 1
    return max(heads, 2 * pairs if pairs >= TEASER_MIN_PAIRS else 0)


# The search for the site's boilerplate at the end of the article passes over short lines
# (a newsletter prompt, a contact line) and stops at the first longer one that is not
# boilerplate: the article's last paragraph.
SELF_DESCRIPTION_SKIP_WORDS = 8


# A dateline alone on a line: a place in capitals, then a region or a news agency in
# brackets or both ('PORTLAND, Maine (AP)', 'WASHINGTON (Reuters) -').
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3}\.?)"
    r"(?:, (?P<region>[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}))?"
    r"(?: \((?P<agency>[^\W\d_][\w.’' -]{1,24})\))?"
    r"(?: ?[—–-])?"
)


def dateline(line: str) -> bool:
    """Whether ``line`` is a dateline alone: the place is written in capitals and a
    region or an agency follows (a menu item 'WORLD' is not one). Without an agency the
    region is not in capitals: 'ITV, ASSOCIATED PRESS' is a photo credit."""
    m = _DATELINE.fullmatch(line)
    if not m or not m["place"].isupper() or not (m["agency"] or (m["region"] and not m["region"].isupper())):
        return False
    return all(w[0].isupper() for w in (m["region"] or "X").split() + (m["agency"] or "X").split())


# An author box: a heading "About <Name>" (also Sobre, Über, À propos de, Acerca de)
# followed by a bio that names the same person ("About Jane Roe" / "Jane Roe is a
# reporter at ..."). The name must come back in the bio, so "About Night Work" over
# a paragraph about night work stays.
_AUTHOR_HEADING = re.compile(
    r"^(?:about|sobre|über|à propos de|a propos de|acerca de) \**((?:[^\W\d_][\w.'’-]*)(?: [^\W\d_][\w.'’-]*){1,2})\**:?$",
    re.IGNORECASE,
)
_HEADING_FIRST = frozenset("aAsSüÜàÀ")  # first letters of the heading words above
_NOT_A_NAME = frozenset("the this these those our us your my a an o os as el la los las der die das le les".split())


def author_boxes(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(heading, bio) index pairs of author boxes among ``lines`` (canonical, non-empty):
    the heading's words are capitalised and the next line, a sentence, contains the
    heading's last word (the surname)."""
    boxes = []
    for i, line in enumerate(lines[:-1]):
        match = _AUTHOR_HEADING.match(line) if line[:1] in _HEADING_FIRST else None
        if match is None:
            continue
        words = match.group(1).split()
        if words[0].lower() in _NOT_A_NAME or not all(w[0].isupper() for w in words):
            continue
        bio = lines[i + 1]
        surname = words[-1].strip(".'’-")
        if len(surname) >= 3 and surname in bio and _closed_sentence(bio):
            boxes.append((i, i + 1))
    return boxes


# Second-level labels under which sites register their names ('example.co.uk', 'example.com.br').
_SECOND_LEVEL = frozenset("ac co com edu gov go ne net or org".split())


def site_name(host: str | None) -> str | None:
    """The name a site is registered under ('ascom' for www.ascom.com, 'example' for
    news.example.co.uk): the label before the public suffix, when it is a word of three
    letters or more. Subdomains ('news', 'detroit') are words an article uses too."""
    labels = (host or "").lower().split(".")
    if len(labels) < 2:
        return None
    name = labels[-3] if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else labels[-2]
    return name if len(name) >= 3 and name.isalpha() else None


# A site describing itself by its own name ('Ascom is a global solutions provider ... The
# vision of Ascom is ...', 'Space is part of Future US Inc, an international media group and
# leading digital publisher', 'Slate is published by The Slate Group, a Graham Holdings
# Company'): the company's or publisher's boilerplate. The line states what the site is, then
# gives at least `SELF_DESCRIPTION_EVIDENCE` more signs of a company profile: company words,
# or the name again. 'Space is a harsh place for the human body.' on space.com, or
# 'Acme is the first company to offer the service.' on acme.com, is the article's.
_SELF_DESCRIPTION = re.compile(
    r"(?:'s|’s)?\s+(?:(?:is|are)\s+(?:a|an|the|one of|part of|headquartered|based|published by|owned by|operated by)"
    r"|has\s+affiliate)\b"
)
_COMPANY_WORDS = re.compile(
    r"\b(?:company|companies|corporation|provider|publisher|group|subsidiar(?:y|ies)|headquartered|employs|"
    r"employees|shareholders|shares|brand|media|supplier|manufacturer|affiliate|firm|organi[sz]ation)\b",
    re.IGNORECASE,
)
SELF_DESCRIPTION_EVIDENCE = 2


def self_description(line: str, name: str) -> bool:
    """Whether ``line`` (canonical) opens with the site's ``name`` (any case) stating what
    the site is, as company or publisher boilerplate does."""
    if line[: len(name)].lower() != name or _SELF_DESCRIPTION.match(line, len(name)) is None:
        return False
    again = line.lower().count(name, len(name))
    return again + len(_COMPANY_WORDS.findall(line)) >= SELF_DESCRIPTION_EVIDENCE
