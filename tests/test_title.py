"""The dump's first line is never taken for the title, even when it is the page's only headline."""

from __future__ import annotations

from cleaner import clean_text
from cleaner.title import find_title, title_keys

ARTICLE = [
    "Economists agree that most of the cost of the new tariffs has been passed on to importers and to shoppers.",
    "A study by the central bank found that prices of the goods hit by tariffs rose by about 3 percent within a year.",
]


def test_first_line_is_not_the_title_even_when_it_is_the_only_headline():
    lines = ["Fact check: do tariffs raise prices for shoppers?", *ARTICLE]
    assert find_title(lines, 1, title_keys(lines)) is None


def test_a_heading_like_first_line_of_an_output_survives_cleaning_again():
    """Why: an output is cleaned again until it settles, and a user may clean it once more.
    If a heading-like first line went to metadata, each pass would take the next one (a
    dateline, a subheading, a CJK sentence, which has no Latin stop): tried, it broke 5
    golden cases and idempotency on 10 of 905 benchmark pages, and cost dump R 0.005."""
    for first in ("PORTLAND, Maine (AP)", "Fact check: do tariffs raise prices for shoppers?"):
        text = "\n".join([first, *ARTICLE]) + "\n"
        assert clean_text(text).text == text
