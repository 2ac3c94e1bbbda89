"""Site rules' CSS selectors, compiled to XPath.

Its own module, apart from `cleaner.html`, so that loading the rules (which checks every
selector, so a bad one fails at load) does not import the HTML extraction stack
(trafilatura and its dependencies) in a process that only cleans text dumps.
"""

from __future__ import annotations

import functools

from lxml import etree


class SelectorError(ValueError):
    """A site rule's CSS selector that cannot be used."""


@functools.lru_cache(maxsize=256)
def compile_selector(selector: str) -> etree.XPath:
    """A CSS selector as a compiled XPath (cached: site rules repeat on every page)."""
    from cssselect import GenericTranslator
    from cssselect import SelectorError as CssError

    try:
        return etree.XPath(GenericTranslator().css_to_xpath(selector))
    except (CssError, etree.XPathSyntaxError) as exc:
        raise SelectorError(f"invalid CSS selector {selector!r}: {exc}") from exc
