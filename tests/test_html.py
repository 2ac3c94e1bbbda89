"""The HTML path: pruning, site rules, metadata, and pages that are broken, empty or huge."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from lxml.html import document_fromstring

import cleaner
from cleaner import html, prune
from cleaner.rules import HtmlRules, Site, load_site
from cleaner.sources import read_dump

PROJECT = Path(__file__).resolve().parents[1]
GOLDEN = PROJECT / "golden" / "html"

PARAGRAPHS = [
    "The river authority finished the new flood barrier on Tuesday, two years after the worst floods the valley had seen in a century.",
    "Engineers say the barrier can hold back water almost a metre higher than the 2022 peak, and its gates close automatically when sensors upstream detect a surge.",
    "Residents who were evacuated in 2022 welcomed the work but asked for the warning sirens to be tested more often, and for clearer advice on where to go.",
]


def page(body: str, head: str = "<title>Flood barrier finished</title>", body_attrs: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body {body_attrs}>{body}</body></html>"


def article(extra: str = "", cls: str = "entry-content") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<article><div class='{cls}'>{paragraphs}{extra}</div></article>"


def test_blog_furniture_that_trafilatura_keeps_is_gone():
    source = (GOLDEN / "blog_furniture" / "input.html").read_text(encoding="utf-8")
    plain = trafilatura.extract(source) or ""
    text = html.extract(source).text
    assert "Can I use a plastic container" in plain
    for furniture in ("newsletter", "About Maria", "plastic container", "cookies", "Share this", "No-Knead Bread"):
        assert furniture not in text
    assert "- A glass jar of at least one litre with a loose lid" in text
    assert text.count("\n") >= 8


def test_table_list_and_pull_quote_survive():
    source = (GOLDEN / "news_table_quote" / "input.html").read_text(encoding="utf-8")
    text = html.extract(source).text
    assert '"We are not taking the road away from anyone.' in text
    assert "| Station Road | 1.3 km | £0.8 million |" in text
    assert "Most read" not in text and "Bus fares" not in text and "Traffic survey" not in text


@pytest.mark.parametrize(
    ("attrs", "cls"),
    [
        ("class='single single-post share-enabled'", "entry-content"),
        ("", "post-content related-wrap"),
        ("", "article-body social-issues"),
    ],
)
def test_furniture_words_on_the_article_container_do_not_remove_it(attrs, cls):
    text = html.extract(page(article(cls=cls), body_attrs=attrs)).text
    assert all(p in text for p in PARAGRAPHS)


@pytest.mark.parametrize(
    ("cls", "kind"),
    [
        ("NewsletterSignUp", "newsletter"),
        ("jp-relatedposts", "related"),
        ("cookie-notice-container", "consent"),
        ("authorBox", "author-box"),
        ("sd-sharing-enabled", "share"),
        ("article-main__explore d-print-none", "print"),
        ("comments-area", "comments"),
        ("col-md-8", None),
        ("social-media-embed", None),
        ("player-2020-580", None),
    ],
)
def test_furniture_kind_from_class_words(cls, kind):
    el = document_fromstring(f"<html><body><div class='{cls}'>x</div></body></html>").find(".//div")
    assert prune.furniture_kind(el) == kind


def test_role_and_aria_label():
    tree = document_fromstring(
        "<html><body><div role='navigation'>a</div><section aria-label='Share this story'>b</section></body></html>"
    )
    kinds = [prune.furniture_kind(el) for el in tree.iter("div", "section")]
    assert kinds == ["role:navigation", "aria"]


def test_related_heading_with_links_and_teaser_list_are_removed():
    teasers = (
        "<h3>You may also like:</h3><p><a href='/a'>Dam repairs start in spring</a></p>"
        "<ul><li><a href='/b'>Ten rivers to walk this summer</a></li><li><a href='/c'>The valley's lost mills</a></li></ul>"
    )
    text = html.extract(page(article(extra=teasers))).text
    assert "You may also like" not in text and "Dam repairs" not in text and "lost mills" not in text
    assert all(p in text for p in PARAGRAPHS)


def test_list_of_items_with_prose_is_kept():
    items = "<ul><li>Sandbags are free at the town hall; bring your own car.</li><li>The sirens are tested on the first Monday of each month.</li></ul>"
    text = html.extract(page(article(extra=items))).text
    assert "- Sandbags are free at the town hall; bring your own car." in text


def test_site_rules_remove_and_narrow():
    site = load_site(PROJECT / "rules" / "sites" / "harbourtimes.example.toml")
    source = (GOLDEN / "site_rule" / "input.html").read_text(encoding="utf-8")
    with_rules = html.extract(source, site=site).text
    without = html.extract(source).text
    for furniture in ("High tide today", "Planning a trip?", "independent voice"):
        assert furniture not in with_rules
    assert "independent voice" in without or "High tide today" in without
    assert "north pier" in with_rules


def test_article_selector_that_matches_nothing_keeps_the_page():
    site = Site(name="x", file="x.toml", html=HtmlRules(remove=(".nothing",), article="div.no-such-container"))
    text = html.extract(page(article()), site=site).text
    assert all(p in text for p in PARAGRAPHS)


def test_invalid_selector_is_a_clear_error():
    from cleaner.selectors import SelectorError, compile_selector

    with pytest.raises(SelectorError, match="invalid CSS selector"):
        compile_selector("div[[")


def test_loading_the_rules_does_not_import_the_html_stack():
    """A process that cleans text dumps only does not pay for trafilatura's import."""
    import subprocess
    import sys

    code = (
        "import sys; from cleaner.pipeline import Config, clean_text, rules_for; rules_for(Config()); "
        "clean_text('A line of text that is long enough to be prose in an article.'); "
        "print('trafilatura' in sys.modules, 'cleaner.html' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_metadata_from_meta_tags_and_json_ld():
    source = (GOLDEN / "news_table_quote" / "input.html").read_text(encoding="utf-8")
    meta = html.extract(source, url="https://northfieldcourier.example/a").meta
    assert meta == {
        "title": "City council approves new cycling lanes after heated debate",
        "author": "Daniel Okafor",
        "date": "2024-05-02",
        "sitename": "The Northfield Courier",
        "url": "https://northfieldcourier.example/a",
    }


def test_title_goes_to_metadata_not_the_body():
    head = (
        "<title>Flood barrier finished | Valley News</title><meta property='og:title' content='Flood barrier finished'>"
    )
    result = cleaner.clean_html(page("<h1>Flood barrier finished</h1>" + article(), head=head))
    assert result.title == "Flood barrier finished"
    assert "Flood barrier finished" not in result.text
    assert result.text.startswith(PARAGRAPHS[0])


@pytest.mark.parametrize(
    "source",
    ["", "   ", "<html></html>", "<html><body></body></html>", "not html at all", "<<<>>>", "\x00\x01", "<p>"],
)
def test_pages_without_an_article_give_empty_text(source):
    result = html.extract(source)
    assert result.text == ""
    assert set(result.meta) == set(html.META_KEYS)


def test_broken_and_truncated_html():
    source = page(article())[:-60].replace("</p>", "", 2) + "<div><span><b>unclosed"
    text = html.extract(source).text
    assert PARAGRAPHS[0] in text


def test_legacy_encoding_bytes_in_text_out():
    case = GOLDEN / "truncated_cp1252"
    data = (case / "input.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = cleaner.clean_html(data, url="http://petitjournal.example/a")
    assert "Café du Château" in result.text
    assert result.title == "Café owners fight rent rise"
    assert read_dump(case / "input.html").meta["encoding"] == "cp1252"


def test_huge_page_does_not_blow_up():
    filler = "".join(
        f"<div class='teaser'><a href='/t{i}'>Teaser headline number {i}</a><p>Short blurb {i}.</p></div>"
        for i in range(40_000)
    )
    source = page(article() + f"<aside class='related-posts'>{filler}</aside>")
    assert len(source) > 4_000_000
    text = html.extract(source).text
    assert PARAGRAPHS[1] in text
    assert "Teaser headline number" not in text
