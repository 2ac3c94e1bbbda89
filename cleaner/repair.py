"""Unicode repair and the canonical text form every output is written in.

Canonical text: ftfy-repaired, NFC, one paragraph per line, lines joined by a
single ``\\n``, runs of inner whitespace collapsed to one space, no blank lines,
and exactly one final newline (empty text stays empty).
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
import numpy as np
from ftfy.chardata import HTML_ENTITY_RE

from cleaner.compiled import speedups as _speedups

# Curly quotes and fullwidth letters are the author's, not damage: keep them.
_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=True,
    normalization="NFC",
    explain=True,
)

_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_SUSPECT_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ufb00-\ufb06\ud800-\udfff]")
# UTF-8 read as Latin-1 or Windows-1252 (by far the commonest mojibake): a lead
# byte shown as Â..ô followed by a continuation byte shown as one of these.
_LATIN_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# Scripts whose legacy code pages ftfy also undoes (Cyrillic, Greek, DOS box drawing).
_OTHER_CODEPAGE_SCRIPTS = re.compile("[\u0370-\u04ff\u2500-\u259f]")


_CODEPAGES = ("cp1251", "cp1253", "cp437")
_LEAD2, _LEAD3, _LEAD4, _CONT, _LATIN = 1, 2, 4, 8, 16


def _codepage_table(codepage: str) -> np.ndarray:
    """Bits per BMP code point: which UTF-8 byte role (2/3/4-byte lead, continuation)
    the character stands for when UTF-8 is decoded with ``codepage``; ASCII letters."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for first, last, bit in ((0xC2, 0xDF, _LEAD2), (0xE0, 0xEF, _LEAD3), (0xF0, 0xF4, _LEAD4), (0x80, 0xBF, _CONT)):
        chars = bytes(range(first, last + 1)).decode(codepage, errors="ignore")
        table[[ord(c) for c in chars]] |= bit
    table[[ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"]] |= _LATIN
    table[0xFFFF] = 0  # astral characters are looked up here: none plays a role
    return table


_CODEPAGE_TABLES = tuple(_codepage_table(codepage) for codepage in _CODEPAGES)


def _codes(text: str) -> np.ndarray:
    """The code points of ``text``. The lookup tables here cover the BMP and are read
    with ``take(codes, mode="clip")``: an astral character reads the 0xFFFF entry,
    which is empty, as no astral character plays a role in them."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _codepage_mojibake(text: str) -> bool:
    """Whether ``text`` holds UTF-8 decoded with Windows-1251, Windows-1253 or DOS 437:
    two 2-byte characters in a row, one inside a Latin word ("Γ©lΓ¨ve" for "élève"),
    or one 3- or 4-byte character. In these code pages one stray pair among letters
    of their own script is ordinary text (a Cyrillic letter before "ё" or "»"), so
    unlike Latin-1 a single pair alone is not evidence enough. (ftfy's own detector,
    UTF8_DETECTOR_RE, also matches ordinary Russian or Greek prose, which would send
    every such page through ftfy's slow full pass.)

    Array operations over the code points: a regular expression for these sequences
    tries a dozen branches at every character of a Cyrillic or Greek page (milliseconds
    per page)."""
    codes = _codes(text)
    n = len(codes)
    if n < 2:  # every sequence is at least two characters long
        return False
    found = np.zeros(n, dtype=bool)
    for table in _CODEPAGE_TABLES:
        bits = np.concatenate(
            (table.take(codes, mode="clip"), np.zeros(4, dtype=np.uint8))
        )  # padded: i + 3 is always in range
        lead2, lead3, lead4 = (bits & _LEAD2) != 0, (bits & _LEAD3) != 0, (bits & _LEAD4) != 0
        cont, latin = (bits & _CONT) != 0, (bits & _LATIN) != 0
        pair = np.concatenate((lead2[:-1] & cont[1:], [False]))  # a 2-byte character starting at i
        found |= pair[:n] & pair[2 : n + 2]
        found[1:] |= latin[: n - 1] & pair[1:n]
        found |= pair[:n] & latin[2 : n + 2]
        found |= lead3[:n] & cont[1 : n + 1] & cont[2 : n + 2]
        found |= lead4[:n] & cont[1 : n + 1] & cont[2 : n + 2] & cont[3 : n + 3]
    return bool(found.any())


# Every character any of the screens above starts from, in one pass: most pages hold none.
_SCREENED_RANGES = (
    ("&", "&"), ("\u00c2", "\u00f4"), ("\x00", "\x08"), ("\x0e", "\x1f"), ("\x7f", "\x9f"), ("\ufffd", "\ufffd"),
    ("\ufb00", "\ufb06"), ("\ud800", "\udfff"), ("\u0370", "\u04ff"), ("\u2500", "\u259f"), ("\u200b", "\u200b"),
    ("\u2060", "\u2060"), ("\ufeff", "\ufeff"), ("\u00ad", "\u00ad"),
)  # fmt: skip
_ANY_SCREENED = re.compile("[" + "".join(f"{re.escape(a)}-{re.escape(b)}" for a, b in _SCREENED_RANGES) + "]")
_SCREENED_TABLE = np.zeros(0x10000, dtype=bool)  # astral characters are looked up at 0xFFFF: not screened
for _first, _last in _SCREENED_RANGES:
    _SCREENED_TABLE[ord(_first) : ord(_last) + 1] = True
_SCREENED_BYTES = _SCREENED_TABLE.tobytes()
_LONG_TEXT = 1000
_LATIN_LEAD = re.compile("[\u00c2-\u00f4]")
# Whitespace other than the space and the line break (what str.split() also splits on).
_ODD_SPACE = re.compile("[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _screened(text: str) -> str:
    """The distinct screened characters in ``text`` (the compiled helper's scan finds
    them in one pass)."""
    if _speedups is not None:
        return _speedups.screened(text, _SCREENED_BYTES)
    return _screened_python(text)


def _screened_python(text: str) -> str:
    """`_screened` without the helper (the twin of the compiled
    `cleaner._speedups.screened`, in another order)."""
    if len(text) < _LONG_TEXT:
        return "".join(set(_ANY_SCREENED.findall(text)))
    # On a long Cyrillic or Greek page nearly every character is screened, and a list
    # of them all costs milliseconds: look the code points up in a table instead.
    codes = _codes(text)
    seen = np.zeros(0x10000, dtype=bool)  # a mark per code point: cheaper than sorting them
    seen[codes[_SCREENED_TABLE.take(codes, mode="clip")]] = True
    return "".join(map(chr, np.flatnonzero(seen).tolist()))


def _suspect(text: str) -> bool:
    """Cheap screen so that clean text skips ftfy's much slower full pass.

    One scan collects the screened characters the text holds (usually none or a
    few); only the checks those characters can start run over the whole text.
    """
    if text.isascii():
        return "&" in text and HTML_ENTITY_RE.search(text) is not None
    return _suspect_screened(text, _screened(text))


def _suspect_screened(text: str, found: str) -> bool:
    """`_suspect` of a non-ASCII ``text`` whose screened characters are ``found``."""
    return bool(
        _SUSPECT_CHARS.search(found)
        or (_LATIN_LEAD.search(found) and _LATIN_MOJIBAKE.search(text))
        or ("&" in found and HTML_ENTITY_RE.search(text))
        or (_OTHER_CODEPAGE_SCRIPTS.search(found) and _codepage_mojibake(text))
    )


_BREAK_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def split_lines(text: str) -> list[str]:
    """Split on every line-break convention a dump may use (CRLF, CR, U+2028...).

    `str.splitlines` knows exactly these breaks; unlike ``split("\\n")`` it drops
    the empty line after a final break, which is put back so that line numbers
    and counts match the file.
    """
    lines = text.splitlines()
    if not text or text[-1] in _BREAK_CHARS:
        lines.append("")
    return lines


def squash_whitespace(line: str) -> str:
    """Collapse inner whitespace runs and drop invisible characters."""
    return " ".join(_INVISIBLE.sub("", line).split())


def repair_line(line: str) -> tuple[str, list[str]]:
    """Fix mojibake, stray HTML entities and bad Unicode in one line.

    Returns the canonical line and the names of the repairs that changed it
    (ftfy steps, ``nfc``, ``whitespace``); an empty list means nothing changed.
    Repeats until nothing changes, because NFC or dropping an invisible character
    can reveal mojibake that the first pass could not see.
    """
    steps: list[str] = []
    fixed = line
    for _ in range(4):
        before = fixed
        if _suspect(fixed):
            repaired, explanation = ftfy.fix_and_explain(fixed, config=_FTFY)
            if repaired != fixed:
                steps += [
                    s.parameter if s.action == "apply" else f"{s.action}:{s.parameter}" for s in explanation or []
                ]
                fixed = repaired
        if not unicodedata.is_normalized("NFC", fixed):
            fixed = unicodedata.normalize("NFC", fixed)
            steps.append("nfc")
        squashed = squash_whitespace(fixed)
        if squashed != fixed:
            if squashed != fixed.strip():
                steps.append("whitespace")
            fixed = squashed
        if fixed == before:
            break
    return fixed, list(dict.fromkeys(steps))


def repair_lines(lines: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """`repair_line` over a whole document, with a fast path for the common case:
    when the text holds nothing ftfy could fix and is already NFC, each line only
    needs its whitespace squashed. Returns the lines and, per changed line index,
    the names of its repairs (whitespace-only changes are not listed)."""
    whole = "\n".join(lines)
    if whole.isascii():
        clean = not ("&" in whole and HTML_ENTITY_RE.search(whole))
    else:
        found = _screened(whole)
        clean = not (_suspect_screened(whole, found) or _INVISIBLE.search(found)) and unicodedata.is_normalized(
            "NFC", whole
        )
    if clean:
        return _squashed(lines, whole), {}
    fixed: list[str] = []
    repairs: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        new, steps = repair_line(line)
        fixed.append(new)
        real = [step for step in steps if step != "whitespace"]
        if real:
            repairs[i] = real
    return fixed, repairs


def _squashed(lines: list[str], whole: str) -> list[str]:
    """Lines with inner whitespace runs collapsed and ends stripped; one scan of the
    whole text usually shows there is nothing to do."""
    if _needs_squash(whole):
        return [" ".join(line.split()) for line in lines]
    return list(lines)


def _needs_squash_python(whole: str) -> bool:
    """Whether a line of ``whole`` (lines joined by newlines) has two spaces in a row, a
    space at an end, or whitespace other than the space (the twin of the compiled
    `cleaner._speedups.needs_squash`)."""
    return bool(
        "  " in whole
        or "\n " in whole
        or " \n" in whole
        or whole[:1] == " "
        or whole[-1:] == " "
        or _ODD_SPACE.search(whole)
    )


_needs_squash = _speedups.needs_squash if _speedups is not None else _needs_squash_python


def canonical_lines(text: str) -> list[str]:
    """The non-empty canonical lines of ``text``."""
    return [line for line in repair_lines(split_lines(text))[0] if line]


def canonical(text: str) -> str:
    """Put arbitrary text into canonical form (idempotent)."""
    body = "\n".join(canonical_lines(text))
    return body + "\n" if body else ""
