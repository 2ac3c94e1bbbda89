"""Hard-wrapped dumps (lynx, w3m, fmt) get one paragraph per line back."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.layout import bullet_lines, grid_rows, rejoin_fragments, unwrap, wrap_width
from cleaner.repair import repair_lines

PARAGRAPHS = [
    "The city council voted 7 to 2 on Tuesday to approve a budget that increases funding for public "
    "libraries by 12 percent, the largest rise in more than a decade.",
    "Council member Dana Ortiz, who sponsored the measure, said the money would extend opening hours at "
    "six branches and pay for a new mobile library that will visit schools on the east side.",
    "Opponents argued that the increase should wait until the city finishes a review of its pension "
    "obligations, which are expected to grow sharply over the next five years.",
]


def _wrapped(width: int) -> str:
    return "\n\n".join(textwrap.fill(p, width=width) for p in PARAGRAPHS)


def test_wrapped_paragraphs_are_joined_and_kept():
    for width in (60, 72, 80):
        result = clean_text(_wrapped(width))
        assert result.text.splitlines() == PARAGRAPHS, width
        assert "layout.unwrap" in result.rules_fired()
        assert result.report_row()["lines_removed"] == 0


def test_list_items_and_short_lines_are_not_joined():
    raw = (_wrapped(72) + "\n\n* first item of a list inside the article\n* second item\n").split("\n")
    lines, joined = unwrap(raw, repair_lines(raw)[0])
    assert "* first item of a list inside the article" in lines and "* second item" in lines
    assert all(lines[head] for head in joined.values())


def test_unwrapped_text_is_left_alone():
    text = "\n".join(PARAGRAPHS + ["Short line.", "Another short line that ends early."] * 3)
    assert wrap_width([len(line) for line in text.split("\n")]) is None
    assert clean_text(text).text.splitlines()[:3] == PARAGRAPHS


SHORT_ARTICLE = [
    "The Island Star carried its first passengers since 2022 on Monday, to applause from both piers.",
    "Repairs to the hull and a new engine cost the county 4.2 million dollars, twice the first estimate.",
    "Commuters had spent two winters on a bus route that added forty minutes to the trip each way.",
    "Captain Ruth Moyo said the crossing was smooth and that her crew had missed its regular riders.",
    "WHAT CHANGES FOR RIDERS",
    "Sailings run every half hour from six in the morning until ten at night, seven days a week.",
    "A single ticket costs three dollars, and monthly passes bought before April keep their old price.",
    "Bicycles ride free, but the county asks cyclists to board last and leave the ramp clear.",
    "The old timetable will stay posted at both terminals until the end of the month.",
]


def test_short_paragraph_per_line_text_is_not_unwrapped():
    # Its lines end near one width (wrap_width finds 99), as the cleaner's own output of a short
    # article often does in the settling pass; but every one ends a sentence, none is cut mid-sentence.
    assert wrap_width([len(line) for line in SHORT_ARTICLE]) == 99
    assert unwrap(SHORT_ARTICLE, SHORT_ARTICLE) == (SHORT_ARTICLE, {})
    result = clean_text("\n".join(SHORT_ARTICLE))
    assert result.text.splitlines() == SHORT_ARTICLE
    assert "layout.unwrap" not in result.rules_fired()


def test_a_short_lynx_dump_is_unwrapped():
    # Eight to twelve lines, indented by three as lynx -dump does.
    for width in (60, 72, 80):
        text = "\n\n".join(
            textwrap.fill(p, width=width, initial_indent="   ", subsequent_indent="   ") for p in PARAGRAPHS
        )
        assert 8 <= sum(1 for line in text.split("\n") if line) <= 12, width
        assert clean_text(text).text.splitlines() == PARAGRAPHS, width


def test_a_list_without_stops_is_not_unwrapped():
    items = [
        "June 29 -- PNC Bank Arts Center, Holmdel, NJ",
        "June 30 -- Northwell Health at Jones Beach Theater, Wantagh, NY",
        "July 2 -- Mohegan Sun Arena, Uncasville, CT",
        "July 3 -- Xfinity Center, Mansfield, MA",
        "July 19 -- Budweiser Stage, Toronto, ON",
        "July 22 -- Blossom Music Center, Cuyahoga Falls, OH",
        "July 26 -- Saratoga Performing Arts Center, Saratoga Springs, NY",
        "July 30 -- Ruoff Home Mortgage Music Center, Noblesville, IN",
    ]
    assert wrap_width([len(line) for line in items]) is not None
    assert unwrap(items, items) == (items, {})


FRAGMENTED = """Drinking plenty of
water
throughout the day is a simple yet effective way to curb cravings and stop overeating.
One study in 24 older adults found that drinking water before eating cut the calories they ate (
8
).
Fruits and whole grains are just a few
fiber-rich foods
that can keep you feeling full.
"""


def test_inline_fragments_are_joined():
    # BeautifulSoup get_text("\\n") and XPath //text() put every link and emphasis on its own line.
    result = clean_text(FRAGMENTED)
    assert result.text.splitlines() == [
        "Drinking plenty of water throughout the day is a simple yet effective way to curb cravings and stop overeating.",
        "One study in 24 older adults found that drinking water before eating cut the calories they ate (8).",
        "Fruits and whole grains are just a few fiber-rich foods that can keep you feeling full.",
    ]
    assert "layout.fragment" in result.rules_fired()
    assert result.report_row()["lines_removed"] == 0
    assert clean_text(result.text).text == result.text


def test_a_single_lowercase_start_is_not_a_fragmented_page():
    lines = ["Heading without a stop", "and a line that starts in lower case.", "Another paragraph."]
    assert rejoin_fragments(lines, {}) == (lines, {})


def test_spaces_at_text_node_edges_join_fragments():
    # get_text("\\n") keeps the space around an inline tag: 'for the ' / 'Cleveland Browns'.
    raw = [
        "Below, we analyze the snap counts for the ",
        "Cleveland Browns",
        "’ Week 11 game against the ",
        "Pittsburgh Steelers",
        ".",
        "",
        "Palm Bay (1-0):",
        " Tolivert 25 points. Davis 17 points.",
        "",
        "Drinking plenty of",
        "water",
        "helps.",
    ]
    canon = [" ".join(line.split()) for line in raw]
    lines, joined = rejoin_fragments(canon, {}, raw)
    assert (
        lines[0]
        == "Below, we analyze the snap counts for the Cleveland Browns’ Week 11 game against the Pittsburgh Steelers."
    )
    assert lines[6] == "Palm Bay (1-0): Tolivert 25 points. Davis 17 points."
    assert set(joined) == {1, 2, 3, 4, 7, 10, 11}


def test_spaces_do_not_join_blocks_items_or_indented_lines():
    raw = [
        "Drinking plenty of",
        "water",
        "throughout the day helps.",
        "",
        "A heading with a space ",  # a blank line follows: the next block is not joined
        "",
        "The paragraph under it.",
        "Refitted with: ",
        "- heated cabins",  # a list item is not joined
        "A quote.",
        "    Indented block",  # indentation, not the space before an inline tag
        "Short line.",
        "",
        "Read the",
        "report.",
    ]
    canon = [" ".join(line.split()) for line in raw]
    lines, joined = rejoin_fragments(canon, {}, raw)
    assert set(joined) == {1, 2, 14}
    assert lines[4:12] == canon[4:12]


def test_markdown_breaks_and_layout_padding_are_not_text_node_spaces():
    # Markdown's hard line break is two trailing spaces.
    raw = ["Roses are red,  ", "Violets are blue.  ", "Sugar is sweet  ", "And so are you.", "", "Fin"]
    canon = [" ".join(line.split()) for line in raw]
    assert rejoin_fragments(canon, {}, raw) == (canon, {})
    # A layout renderer (inscriptis) indents and pads its lines: spaces say nothing there.
    raw = ["  Top stories ", "  Loading... ", "  Partner news ", " Articles", "  The Queen of Thieves", "Fin"]
    canon = [" ".join(line.split()) for line in raw]
    assert rejoin_fragments(canon, {}, raw) == (canon, {})


def test_spaces_alone_can_show_a_fragmented_page():
    raw = [
        "Palm Bay (1-0):",
        " Tolivert 25 points.",
        "",
        "Rockledge (0-1): ",
        "Blakely 15 points.",
        "",
        "Viera (4-0): ",
        "K. Hupfer 1 goal.",
        "",
        "GIRLS SOCCER",
        "",
        "Viera d. Melbourne 1-0",
    ]
    canon = [" ".join(line.split()) for line in raw]
    lines, joined = rejoin_fragments(canon, {}, raw)
    assert set(joined) == {1, 4, 7}
    assert lines[9:] == canon[9:]


def test_nested_o_bullets_are_items_not_fragments():
    # inscriptis and lynx mark a nested list's items with 'o'.
    lines = ["* A Cidade", "o Conselhos Municipais", "o CMAS", "o Cmcont", "+ Galeria dos Prefeitos", "o Mapas"]
    assert rejoin_fragments(lines, {}) == (lines, {})
    # The Portuguese article after a line without a stop still continues the sentence.
    lines = ["O ministro disse que", "o Brasil", "vai crescer, e", "o Governo", "concorda."]
    out, joined = rejoin_fragments(lines, {})
    assert out[0] == "O ministro disse que o Brasil vai crescer, e o Governo concorda."
    assert set(joined) == {1, 2, 3, 4}


def test_spaces_do_not_join_kickers_counts_or_caps_headings():
    # A minified teaser box: no blank lines between blocks, link texts padded with spaces.
    raw = [
        "RANDY ANDY",
        " Andrew parties in unearthed pics despite claiming he avoids PDAs ",
        "DRIVEN TO SUICIDE",
        "Comments 6 ",
        "Read the full story",
        "",
        "Drinking plenty of",
        "water",
        "helps, as",
        "studies",
        "show.",
    ]
    canon = [" ".join(line.split()) for line in raw]
    lines, joined = rejoin_fragments(canon, {}, raw)
    assert set(joined) == {7, 8, 9, 10}
    assert lines[:5] == canon[:5]


def test_markdown_table_rows_lose_their_cell_borders():
    from cleaner.layout import markdown_tables

    lines = [
        "Route | Crossings | Passengers",
        "---|---|---",
        "North pier | 1,240 | 96,300",
        "| East shore | 610 |",
        "",
        "Home | News | Sport | Weather",
    ]
    out, what = markdown_tables(lines)
    assert out[:4] == ["Route Crossings Passengers", "---|---|---", "North pier 1,240 96,300", "East shore 610"]
    assert what == {0: "row", 1: "delimiter", 2: "row", 3: "row"}
    assert markdown_tables(["Pier|Crossings", "---|---", "North|1,240"]) == (
        ["Pier Crossings", "---|---", "North 1,240"],
        {0: "row", 1: "delimiter", 2: "row"},
    )  # written without spaces
    # hard negatives: pipes with no delimiter row next to them, a rule line, dashes in prose
    for page in (
        ["Home | News | Sport | Weather", "", "----------", "Scores | were 3---1 | at half time"],
        ["Contact | Advertise", "--- | a note | ---"],
        # a table with outer pipes, as the HTML path writes it into its output, stays as it is
        ["| Route | Length |", "|---|---|", "| Market Street | 2.1 km |"],
    ):
        assert markdown_tables(page) == (page, {})


def _cells(groups: list[list[str]], cell_gap: int = 2, row_gap: int = 6) -> list[str]:
    """A bs4-like rendering: the lines of each group ``cell_gap`` blank lines apart, groups ``row_gap`` apart."""
    out: list[str] = []
    for g, group in enumerate(groups):
        if g:
            out += [""] * row_gap
        for c, cell in enumerate(group):
            if c:
                out += [""] * cell_gap
            out.append(cell)
    return out


def test_grid_rows_joins_table_cells_written_one_a_line():
    lines = [
        "Standings after 19 rounds:",
        "",
        "",
        "",
        *_cells(
            [
                ["Pos.", "Driver", "Points"],
                ["1", "Lewis Hamilton", "381"],
                ["2", "Valtteri Bottas", "314"],
                ["3", "Charles Leclerc", "249"],
            ]
        ),
    ]
    out, joined, grids = grid_rows(lines, {})
    assert [line for line in out if line] == [
        "Standings after 19 rounds:",
        "Pos. Driver Points",
        "1 Lewis Hamilton 381",
        "2 Valtteri Bottas 314",
        "3 Charles Leclerc 249",
    ]
    assert len(grids) == 1 and all(out[i] == "" for i in joined)


def test_grid_rows_leaves_pairs_lists_prose_and_uneven_menus_alone():
    qa = _cells([["Q: Can he still win the title?", "A: No, the lead is too large."]] * 4)
    evenly = _cells([["Valtteri Bottas"], ["Charles Leclerc"], ["Max Verstappen"], ["Sebastian Vettel"]], row_gap=2)
    prose = _cells(
        [["6", "The city was closed earlier this year due to an outbreak of plague", "Credit: The Siberian Times"]] * 3
    )
    menu = _cells([["News", "World", "Politics"], ["Sport", "Football"], ["Life", "Food", "Travel", "Money"]])
    for lines in (qa, evenly, prose, menu):
        assert grid_rows(lines, {}) == (lines, {}, [])


@pytest.mark.parametrize("wordy_every", [1, 2, 7])
def test_grid_rows_checks_each_row_of_a_long_table_once(monkeypatch, wordy_every):
    """A table of thousands of rows whose cells do not all fit: each row's words are
    checked once, however many rows the search tries to start a grid from (the work grows
    with the page, not with its square). The rows from a start make a grid only if no
    wordy row comes between them: here only those after the last wordy row."""
    from cleaner import layout

    rows = [["1", "a b c d e f g h" if k % wordy_every == 0 else "Kyle Busch", "5040"] for k in range(3000)]
    checked = []
    real = layout._cell_words_fit
    monkeypatch.setattr(layout, "_cell_words_fit", lambda *args: checked.append(args[2]) or real(*args))
    out, _, grids = grid_rows(_cells(rows, cell_gap=0, row_gap=1), {})
    assert len(checked) <= 2 * len(rows)
    assert len(grids) == (wordy_every == 7)
    assert out.count("1 Kyle Busch 5040") == (3 if wordy_every == 7 else 0)  # rows 2997 to 2999


def test_bullet_lines_puts_a_glyph_alone_in_front_of_its_item():
    lines = ["Notes:", "*", "Only the top 12 drivers race for the title.", "About", "|", "Contact"]
    out, joined = bullet_lines(lines, {}, lines)
    assert [line for line in out if line] == [
        "Notes:",
        "* Only the top 12 drivers race for the title.",
        "About",
        "| Contact",
    ]
    assert joined == {2: 1, 5: 4}


def test_bullet_lines_leaves_indented_bullets_runs_breaks_and_blank_gaps_alone():
    indented = ["Menu", "*", "*", "Live TV"]  # inscriptis: '  * ' for each empty list item
    raw = ["Menu", "  * ", "  * ", "Live TV"]
    assert bullet_lines(indented, {}, raw) == (indented, {})
    run = ["*", "*", "The oxygen bar consists of a concentrator."]  # the glyph before a glyph stays
    assert bullet_lines(run, {}, run)[0][0] == "*"
    for lines in (
        ["* * *", "The next section starts here."],
        ["*", "", "A paragraph after a blank line."],
        ["Last line", "*"],
    ):
        assert bullet_lines(lines, {}, lines) == (lines, {})


def test_notes_after_a_bs4_table_stay_with_the_article():
    """bs4 rendering of a standings page (cells one a line, '<b>*</b>Note' as '*' / 'Note'):
    the lone glyphs cut the notes off and the teasers below won the region search."""
    text = (Path(__file__).parent / "data" / "renders" / "bs4_standings_notes.txt").read_text(encoding="utf-8")
    out = clean_text(text).text
    assert "1 Kyle Busch 5040 5\n" in out
    assert "* Only the top 12 drivers race for the title in the last 10 races.\n* The Cup calendar has 36 races." in out


@settings(max_examples=500, deadline=None)
@given(
    st.integers(min_value=30, max_value=130).flatmap(
        lambda width: st.lists(
            st.one_of(
                st.just(0),
                st.integers(min_value=1, max_value=400),
                st.integers(min_value=max(1, width - 12), max_value=width),
            ),
            max_size=60,
        )
    )
)
def test_wrap_width_is_the_widest_band_few_lines_overflow(lengths):
    """Against the definition: of the widths from MIN_WIDTH to MAX_WIDTH that at most
    MAX_OVER_SHARE of the lines exceed, the first with the largest share of lines in
    its band (BAND characters up to it), if that share reaches MIN_BAND_SHARE and
    enough lines are long enough to be wrapped at all."""
    from cleaner import layout

    lines = [n for n in lengths if n]
    expected = None
    total = len(lines)
    if total >= layout.MIN_LINES and sum(n >= layout.MIN_WIDTH - layout.BAND for n in lines) / total >= (
        layout.MIN_BAND_SHARE
    ):
        best_share = 0.0
        for width in range(layout.MIN_WIDTH, layout.MAX_WIDTH + 1):
            if sum(n > width for n in lines) / total > layout.MAX_OVER_SHARE:
                continue
            share = sum(width - layout.BAND <= n <= width for n in lines) / total
            if share > best_share:
                expected, best_share = width, share
        expected = expected if best_share >= layout.MIN_BAND_SHARE else None
    assert wrap_width(lengths) == expected
