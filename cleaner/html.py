"""Extracting the main text and metadata from an HTML page.

The page is parsed once. Metadata is read from the untouched tree; then site rules
(``[html] remove`` and ``article``) and the generic furniture pruning in
`cleaner.prune` edit the tree, and trafilatura extracts the text from what is left.
Trafilatura options were chosen on the shared benchmark (see `TRAFILATURA_OPTIONS`).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, document_fromstring
from trafilatura.utils import load_html

from cleaner.prune import prune, remove_all
from cleaner.rules import Site
from cleaner.selectors import compile_selector

# Measured on shared/bench/aeb/html through the whole pipeline (F1; trafilatura alone 0.953):
# fast + no comments 0.969, + favor_recall 0.970 (chosen), + favor_precision 0.951, no tables 0.966,
# not fast 0.966; not fast + favor_precision 0.972 but 1.7x trafilatura's time, over the speed budget.
# fast skips the readability/jusText fallbacks, which mostly add furniture back; comments are not the article.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "fast": True,
    "favor_recall": True,
    "include_comments": False,
    "include_tables": True,
}

META_KEYS = ("title", "author", "date", "sitename", "url")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass
class Extraction:
    text: str
    meta: dict = field(default_factory=dict)


def extract(html: str, url: str | None = None, site: Site | None = None) -> Extraction:
    """Main text of the page, one paragraph per line, and its metadata.

    A page that does not parse or has no article gives empty text, never an exception.
    """
    tree = parse(html)
    if tree is None:
        return Extraction(text="", meta=dict.fromkeys(META_KEYS) | {"url": url})
    meta = metadata(tree, url)
    if site is not None:
        tree = apply_site_rules(tree, site)
    prune(tree)
    text = _trafilatura_text(tree, url)
    return Extraction(text=_drop_leading_title(text, meta.get("title")), meta=meta)


def parse(html: str | bytes) -> HtmlElement | None:
    """The page as an lxml tree, or None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    try:
        tree = load_html(html)
    except (ValueError, TypeError, etree.ParserError):
        return None
    return tree if tree is not None and len(tree) else None


def _trafilatura_text(tree: HtmlElement, url: str | None) -> str:
    try:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError):
        return ""
    return (doc.text or "") if doc is not None else ""


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    return [el for el in compile_selector(selector)(tree) if isinstance(el, HtmlElement)]


def apply_site_rules(tree: HtmlElement, site: Site) -> HtmlElement:
    """Remove the site's furniture selectors, then narrow to its article container.

    When the article selector matches nothing (a page of another layout), the whole
    page is kept, so a stale rule costs precision, not the article.
    """
    for selector in site.html.remove:
        remove_all(select(tree, selector))
    if not site.html.article:
        return tree
    found = select(tree, site.html.article)
    outermost = [el for el in found if not any(a in found for a in el.iterancestors())]
    if not outermost:
        return tree
    return _wrap(tree, outermost)


def _wrap(tree: HtmlElement, containers: list[HtmlElement]) -> HtmlElement:
    """A new page whose body holds only the given containers (the head is kept for context)."""
    page = document_fromstring("<html><head></head><body></body></html>")
    head = tree.find("head")
    if head is not None:
        page.replace(page.find("head"), head)
    body = page.find("body")
    for el in containers:
        el.tail = None
        body.append(el)
    return page


def metadata(tree: HtmlElement, url: str | None = None) -> dict[str, str | None]:
    """Title, author, date, site name and URL from meta tags, JSON-LD and the page.

    Uses trafilatura's metadata helpers without its costliest steps (the author search
    copies the whole tree; the extensive date search scans all text), which together
    took longer than the text extraction itself.
    """
    from htmldate import find_date
    from trafilatura import metadata as tm

    try:
        doc = tm.examine_meta(tree)
        if doc.author and " " not in doc.author:
            doc.author = None
        with contextlib.suppress(Exception):  # trafilatura's JSON-LD parsing has its own bugs
            doc = tm.extract_meta_json(tree, doc)
        doc.title = doc.title or tm.extract_title(tree)
        doc.author = doc.author or _author(tree, tm)
        doc.url = doc.url or tm.extract_url(tree, url)
        doc.sitename = doc.sitename or tm.extract_sitename(tree)
        if doc.sitename:
            doc.sitename = doc.sitename.lstrip("@")
        doc.date = find_date(tree, url=doc.url or url, original_date=True, extensive_search=False)
        doc.clean_and_trim()
    except (ValueError, TypeError, AttributeError, etree.LxmlError):
        return dict.fromkeys(META_KEYS) | {"url": url}
    meta = {key: getattr(doc, key, None) or None for key in META_KEYS}
    meta["url"] = url or meta["url"]
    return meta


def _author(tree: HtmlElement, tm: Any) -> str | None:
    """The author from explicit markup only (rel=author, itemprop, class="author")."""
    found = tm.extract_metainfo(tree, tm.AUTHOR_XPATHS[:1], len_limit=120)
    return tm.normalize_authors(None, found) if found else None


def _drop_leading_title(text: str, title: str | None) -> str:
    """Trafilatura sometimes keeps the headline as the first line; it belongs in metadata."""
    if not title or not text:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text
