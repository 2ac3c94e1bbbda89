"""Extracting the main text and metadata from an HTML page (trafilatura for now)."""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura

from cleaner.rules import Site


@dataclass
class Extraction:
    text: str
    meta: dict = field(default_factory=dict)


def extract(html: str, url: str | None = None, site: Site | None = None) -> Extraction:
    """Main text of the page, one paragraph per line, and its metadata."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return Extraction(text="")
    text = doc.text or ""
    meta = {"title": doc.title, "author": doc.author, "date": doc.date, "sitename": doc.sitename, "url": doc.url}
    return Extraction(text=text, meta=meta)
