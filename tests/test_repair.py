"""Canonical text: ftfy repair, NFC, one paragraph per line, one final newline."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.repair import _suspect, canonical, repair_line


def test_mojibake_and_entities_are_repaired():
    assert repair_line("Russiaâ€™s invasion")[0] == "Russia’s invasion"
    assert repair_line("AT&amp;T and caf&eacute;")[0] == "AT&T and café"


def test_curly_quotes_are_kept():
    assert repair_line("“Hello,” she said.")[0] == "“Hello,” she said."


def test_nfc_and_whitespace():
    text = "Cafe\u0301  au\u00a0lait\u200b\r\n\r\n\tsecond   line  \n\n\n"
    assert canonical(text) == "Café au lait\nsecond line\n"
    assert unicodedata.is_normalized("NFC", canonical(text))


def test_line_break_conventions_and_empty():
    assert canonical("a\rb\u2028c\r\nd") == "a\nb\nc\nd\n"
    assert canonical("") == "" and canonical(" \n\t\n") == ""


def test_canonical_is_idempotent_on_damaged_text():
    text = "  Ã©tÃ© &amp; more\r\n\u00a0\n x\u0301 "
    once = canonical(text)
    assert canonical(once) == once


def test_clean_text_reports_repairs():
    result = clean_text("The president of Russiaâ€™s neighbour said on Tuesday that talks would continue next week.")
    assert "Russia’s" in result.text
    assert result.repairs and any(c.rule.startswith("repair.") for c in result.changes)


@pytest.mark.parametrize("codepage", ["cp1251", "cp437", "latin-1"])
@pytest.mark.parametrize(
    "text", ["Привет, как дела? Всё хорошо, её «дом» рядом…", "Український текст: лінія, її, всієї."]
)
def test_cyrillic_mojibake_is_undone_whatever_code_page_misread_it(text: str, codepage: str) -> None:
    assert repair_line(text.encode("utf-8").decode(codepage))[0] == text


def test_ordinary_russian_prose_is_not_sent_to_the_mojibake_fixer() -> None:
    # ftfy's own detector matches this ("к —"), which cost ~50 ms per Russian page.
    line = "— Я знаю, что многие хотят расширить свой рацион рыбными блюдами, — говорит он. «Всё просто»."
    assert not _suspect(line)
    assert repair_line(line) == (line, [])


@pytest.mark.parametrize("codepage", ["cp1253", "latin-1", "cp1252"])  # ftfy itself cannot undo it via cp1251
def test_latin_words_misread_through_a_greek_or_cyrillic_code_page_are_repaired(codepage: str) -> None:
    text = "L'élève a réussi l'examen avec mention très bien."
    assert repair_line(text.encode("utf-8").decode(codepage))[0] == text


def _shown_as(codepage: str) -> str:
    """The screen's definition as a regular expression (too slow for whole pages)."""

    def shown(first: int, last: int) -> str:
        return (
            "[" + "".join(re.escape(c) for c in bytes(range(first, last + 1)).decode(codepage, errors="ignore")) + "]"
        )

    cont, lead2 = shown(0x80, 0xBF), shown(0xC2, 0xDF)
    return (
        f"(?:{lead2}{cont}){{2}}|(?<=[A-Za-z]){lead2}{cont}|{lead2}{cont}(?=[A-Za-z])"
        f"|{shown(0xE0, 0xEF)}{cont}{{2}}|{shown(0xF0, 0xF4)}{cont}{{3}}"
    )


_CODEPAGE_ALPHABET = (
    "".join(
        sorted(
            {c for cp in ("cp1251", "cp1253", "cp437") for c in bytes(range(0x80, 0xF5)).decode(cp, errors="ignore")}
        )
    )
    + "aZ é\n😀"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_CODEPAGE_ALPHABET, max_size=12))
def test_codepage_screen_matches_its_definition(text):
    from cleaner.repair import _codepage_mojibake

    reference = re.compile("|".join(_shown_as(cp) for cp in ("cp1251", "cp1253", "cp437")))
    assert _codepage_mojibake(text) == (reference.search(text) is not None)


def test_russian_and_greek_prose_is_not_codepage_mojibake():
    from cleaner.repair import _codepage_mojibake

    for text in ["Москва, 5 ноября — «Известия» сообщили о решении.", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."]:
        assert not _codepage_mojibake(text)
        assert _codepage_mojibake(text.encode("utf-8").decode("cp1251" if "М" in text else "cp1253", "ignore"))
