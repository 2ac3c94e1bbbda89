"""Finding the page title in a text dump, so it goes to metadata and not twice into the body."""

from __future__ import annotations

import functools
import re

from cleaner.lines import UNSPACED

_BREADCRUMB = re.compile(
    r"^(?:home|start|startseite|accueil|inicio)\s*[»›>/|→]\s*(?:.*[»›>/|→]\s*)?(?P<tail>\S.*)$", re.I
)
_BREADCRUMB_FIRST = frozenset("hHsSaAiI")  # what every breadcrumb's first word starts with
_BREADCRUMB_HEADS = frozenset({"home", "star", "accu", "inic"})  # and its first four letters, in ASCII
_SITE_SUFFIX = re.compile(r"\s+[-|–—:»·]\s+[^-|–—:»·]{2,60}$")
_HEADING_END = re.compile(r"[.,;:]$")


_WORD = re.compile(r"\w+")


# A line's key and whether it reads as a heading depend on the line alone, and both are
# asked of the same lines again by the settling pass and of a site's repeated lines.
@functools.lru_cache(maxsize=8192)
def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


@functools.lru_cache(maxsize=8192)
def heading_like(line: str) -> bool:
    words = len(line.split())
    if words < 3 and not line.isascii():  # scripts written without spaces: two characters a word
        words = max(words, len(UNSPACED.findall(line)) // 2)
    return 3 <= words <= 30 and not _HEADING_END.search(line) and len(line) <= 250


def title_hints(lines: list[str]) -> list[str]:
    """Strings the title is likely to equal: the first line (often the HTML <title>,
    with or without its ' - Site Name' suffix) and breadcrumb tails."""
    hints = []
    first = next((line for line in lines if line), "")
    if first:
        hints.append(first)
        stripped = _SITE_SUFFIX.sub("", first)
        if stripped != first:
            hints.append(stripped)
    hints += [
        match.group("tail")
        for line in lines[:200]
        if line
        and line[0] in _BREADCRUMB_FIRST
        and (line[:4].lower() in _BREADCRUMB_HEADS or not line[:4].isascii())
        and (match := _BREADCRUMB.match(line))
    ]
    return [h for h in hints if heading_like(h)]


def markdown_h1(raw: list[str]) -> list[str]:
    """Level-one Markdown headings (``# Title``) near the top of a raw dump: title hints."""
    head = raw[:300]
    # One C-level scan settles the common case (one character is found many times faster
    # than a string of them).
    if "#" not in "\n".join(head):
        return []
    return [" ".join(line.split()[1:]) for line in head if line.lstrip().startswith("# ")]


def title_keys(lines: list[str], extra_hints: list[str] = ()) -> set[str]:
    """Normalised title hints (the dump's first line, breadcrumb tails, ``extra_hints``)."""
    return {_key(h) for h in [*title_hints(lines), *extra_hints]} - {""}


def find_title(lines: list[str], body_start: int, hints: set[str], window: int = 25) -> int | None:
    """Index of the line that is the article's title, or None.

    Looks at heading-like lines shortly before the body (and its first line) for one
    that matches a title hint exactly, then for one that a hint starts with. The
    dump's first line is never the answer: it is itself a hint (often the HTML
    <title>), and a dump whose only headline is its first line keeps it.
    """
    lo = max(0, body_start - window)
    candidates = [i for i in range(min(body_start, len(lines) - 1), lo - 1, -1) if lines[i] and heading_like(lines[i])]
    first_nonblank = next((i for i, line in enumerate(lines) if line), None)
    for i in candidates:
        if i != first_nonblank and _key(lines[i]) in hints:
            return i
    for i in candidates:
        key = _key(lines[i])
        if i != first_nonblank and any(h.startswith(key) and len(key) >= 0.6 * len(h) for h in hints):
            return i
    return None


_SLUG_EXT = re.compile(r"\.(?:s?html?|php|aspx?)$", re.I)
SLUG_MIN_WORDS = 4  # fewer hyphenated words: a section name ('world-news'), not a headline


@functools.lru_cache(maxsize=64)  # once per document, not once per cleaning pass
def slug_key(url: str | None) -> str | None:
    """The headline a URL's slug spells ('.../2019/11/18/browns-defensive-snap-counts-week-11'),
    lower case without spaces or punctuation, or None. The path segment with the most
    hyphenated words, at least `SLUG_MIN_WORDS`; a trailing ID ('-n1085406',
    '-idUSKBN1XT00W', a number) is not part of the headline."""
    if not url or "-" not in url:
        return None
    path = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    segment = max(path.split("/")[1:] or [""], key=lambda part: part.count("-"))
    words = _SLUG_EXT.sub("", segment).split("-")
    if words and any(ch.isdigit() for ch in words[-1]) and len(words[-1]) >= 4:
        words.pop()
    words = [w for w in words if w]
    return "".join(words).casefold() if len(words) >= SLUG_MIN_WORDS else None


def headline_index(lines: list[str], before: int, hints: set[str], slug: str | None = None) -> int | None:
    """First line, other than the dump's first line, that repeats a title hint exactly
    (the article's headline), if it comes before line ``before``. Else, as when a
    renderer drops <title> (inscriptis) and the first line is a menu, the first
    heading-like line that spells the URL's ``slug`` (`slug_key`); else None."""
    found = _hint_headline(lines, before, hints) if hints else None
    return found if found is not None or not slug else _slug_headline(lines, before, slug)


def _hint_headline(lines: list[str], before: int, hints: set[str]) -> int | None:
    # A line's key drops only punctuation and spaces: lines far from every hint's
    # length cannot match, and most lines are skipped on their length alone.
    shortest, longest = min(map(len, hints)), 2 * max(map(len, hints)) + 10
    first_nonblank = next((i for i, line in enumerate(lines) if line), None)
    for i in range(min(before, len(lines))):
        line = lines[i]
        if shortest <= len(line) <= longest and i != first_nonblank and heading_like(line) and _key(line) in hints:
            return i
    return None


def _slug_headline(lines: list[str], before: int, slug: str) -> int | None:
    """First heading-like line whose letters and digits are the ``slug``'s."""
    lo, hi, first = len(slug), 2 * len(slug) + 10, slug[0]
    for i, line in enumerate(lines[:before]):
        # the slug's first letter opens the line (after a quote or bracket at most): a cheap
        # filter before the word split
        if (
            lo <= len(line) <= hi
            and first in line[:3].casefold()
            and heading_like(line)
            and _key(line).replace(" ", "") == slug
        ):
            return i
    return None
