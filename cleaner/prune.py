"""Generic pruning of page furniture that trafilatura lets through.

Share bars, newsletter boxes, related-post lists, cookie banners, author boxes and
comment sections are recognised by the words in their class, id, role and aria-label,
case-insensitively and with camelCase split (``NewsletterSignUp`` is a newsletter box).
Trafilatura has a similar list, but it is case-sensitive, only looks at a few tag
names, and misses many common names (``recirc``, ``author-bio``, ``cookie-notice``).

Pruning is conservative: an element that holds a large share of the page's prose is
never removed, whatever its name, because themes put tokens such as ``share-enabled``
or ``related-wrap`` on the article's own container.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

# Each pattern is matched against "-word-word-...-" built from class and id.
_FURNITURE = {
    "share": r"share|shares|sharing|sharebar|sharethis|sharedaddy|shareaholic|addthis|addtoany|a2a|"
    r"social|socials|sociable|shariff|ssba|essb|heateor|follow-us|followus",
    "newsletter": r"newsletters?|subscribe|subscribe-box|subscription|signup|sign-up|optin|opt-in|"
    r"mailchimp|mc4wp|mailing-list|email-capture|email-signup",
    "related": r"related[a-z]*|recirc[a-z]*|more-stories|more-articles|more-news|more-from|more-like-this|"
    r"read-next|readnext|up-next|also-read|read-also|you-may-like|you-might-like|may-also-like|"
    r"might-also-like|also-like|recommended|recommendations?|most-popular|popular-posts|most-read|"
    r"mostread|most-viewed|trending|outbrain|taboola|zergnet|revcontent|mgid|yarpp|crp",
    "consent": r"cookie-?(?:banner|bar|notice|consent|law|policy|popup|message|warning|notification|box|"
    r"overlay|alert|info|disclaimer|wrapper|container|modal)|cookiebanner|cookiebar|cookienotice|"
    r"cookieconsent|cookielaw|consent|gdpr|onetrust|cmp|cc-window|cc-banner|truste|didomi|usercentrics|cookiebot",
    "author-box": r"author-?(?:box|bio|info|card|profile|details|description|about|block)|about-(?:the-)?author|"
    r"bio-?box",
    "comments": r"comments|comment-list|commentlist|comment-form|comment-respond|respond|disqus|dsq",
}
_TOKENS = re.compile("|".join(f"(?P<{name.replace('-', '_')}>-(?:{words})-)" for name, words in _FURNITURE.items()))
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menubar"}
_ARIA = re.compile(
    r"\b(?:share|sharing|social|related|newsletter|subscribe|breadcrumbs?|cookies?|consent|comments)\b", re.I
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")

_PROSE_MIN = 40
_GUARD_SHARE = 0.3


def _words(*values: str | None) -> str:
    text = " ".join(v for v in values if v)
    return "-" + _NON_WORD.sub("-", _CAMEL.sub("-", text).lower()).strip("-") + "-"


def furniture_kind(el: HtmlElement) -> str | None:
    """Which kind of furniture an element's own attributes name, if any."""
    role = (el.get("role") or "").strip().lower()
    if role in _ROLES:
        return "role:" + role
    label = el.get("aria-label")
    if label and _ARIA.search(label):
        return "aria"
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return None
    match = _TOKENS.search(_words(cls, ident))
    return match.lastgroup.replace("_", "-") if match else None


def _prose_by_element(root: HtmlElement) -> dict[HtmlElement, int]:
    """Characters of paragraph text under each element (paragraphs of 40+ characters)."""
    prose: dict[HtmlElement, int] = {}
    for p in root.iter("p"):
        n = len(p.text_content().strip())
        if n < _PROSE_MIN:
            continue
        el: HtmlElement | None = p
        while el is not None:
            prose[el] = prose.get(el, 0) + n
            el = el.getparent()
    return prose


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    return any(a is root for a in el.iterancestors())


def prune(root: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """Remove furniture elements from the tree in place; return what was removed and why."""
    candidates = [
        (kind, el)
        for el in root.xpath("//*[@class or @id or @role or @aria-label]")
        if el.tag not in ("html", "body") and (kind := furniture_kind(el))
    ]
    if not candidates:
        return []
    prose = _prose_by_element(root)
    total = prose.get(root, 0)
    body_text = 0 if total >= 200 else len(root.text_content())
    removed = []
    for kind, el in candidates:
        if not _attached(el, root) or _holds_article(el, prose, total, body_text):
            continue
        el.drop_tree()
        removed.append((kind, el))
    return removed


def _holds_article(el: HtmlElement, prose: dict[HtmlElement, int], total: int, body_text: int) -> bool:
    if total >= 200:
        return prose.get(el, 0) > _GUARD_SHARE * total
    return len(el.text_content()) > _GUARD_SHARE * body_text


def remove_all(elements: Iterable[HtmlElement]) -> int:
    """Drop the given elements (keeping their tail text); return how many were dropped."""
    n = 0
    for el in elements:
        if el.getparent() is not None:
            el.drop_tree()
            n += 1
    return n
