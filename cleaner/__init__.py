"""cleaner: raw scraped web pages in, clean canonical article text out."""

from cleaner.model import Change, Document, LineVerdict, Result
from cleaner.pipeline import Config, clean_document, clean_html, clean_text

__all__ = ["Change", "Config", "Document", "LineVerdict", "Result", "clean_document", "clean_html", "clean_text"]
__version__ = "0.1.0"
