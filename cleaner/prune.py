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

_COOKIE_PARTS = "banner bar notice consent law policy popup message warning notification box overlay alert info disclaimer wrapper container modal"
_AUTHOR_PARTS = "box bio info card profile details description about block"
_LISTING_PARTS = "news posts articles stories videos"

# Words and dash-joined phrases of class and id values; a trailing * matches any word with that prefix.
_FURNITURE: dict[str, str] = {
    "share": "share shares sharing sharebar sharethis sharedaddy shareaholic addthis addtoany a2a social socials "
    "sociable shariff ssba essb heateor follow-us followus",
    "newsletter": "newsletter newsletters subscribe subscribe-box subscription signup sign-up optin opt-in mailchimp "
    "mc4wp mailing-list email-capture email-signup",
    "related": "related* recirc* more-stories more-articles more-news more-from more-like-this read-next readnext "
    "up-next also-read read-also you-may-like you-might-like may-also-like might-also-like also-like recommended "
    "recommendation recommendations most-popular popular-posts most-read mostread most-viewed trending outbrain "
    "taboola zergnet revcontent mgid yarpp crp",
    "consent": " ".join(f"cookie-{p} cookie{p}" for p in _COOKIE_PARTS.split())
    + " consent gdpr onetrust cmp cc-window cc-banner truste didomi usercentrics cookiebot",
    "author-box": " ".join(f"author-{p} author{p}" for p in _AUTHOR_PARTS.split())
    + " about-author about-the-author bio-box biobox",
    "comments": "comments comment-list commentlist comment-form comment-respond respond disqus dsq",
    "promo": "promo promos promotion promoted cta call-to-action sponsored sponsor advert advertisement adverts ads "
    "ad-slot adslot ad-container ad-wrapper dfp gpt-ad disclosure",
    "meta": "read-time reading-time post-meta entry-meta article-meta byline dateline",
    "print": "noprint no-print print-none hidden-print hide-print print-hidden print-only print-header visible-print",
    "player": "video-player videoplayer audio-player audioplayer media-player mediaplayer jwplayer jw-player "
    "brightcove player-container player-wrapper player-wrap",
    "navigation": "tags tag-list post-tags entry-tags tagcloud tag-cloud tags-links cat-links post-categories "
    "breadcrumb breadcrumbs pagination pager post-navigation nav-links prev-next",
    "recent": " ".join(
        f"{a}-{b}" for a in ("recent", "latest", "more", "other", "similar") for b in _LISTING_PARTS.split()
    )
    + " similar* around-the-web from-the-web partner-content",
}
_PHRASES = {p: kind for kind, words in _FURNITURE.items() for p in words.split() if not p.endswith("*")}
_PREFIXES = tuple((p[:-1], kind) for kind, words in _FURNITURE.items() for p in words.split() if p.endswith("*"))
_PREFIX_WORDS = tuple(prefix for prefix, _ in _PREFIXES)
_PHRASE_STARTS = {p.split("-")[0] for p in _PHRASES if "-" in p}
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menubar"}
_ARIA = re.compile(
    r"\b(?:share|sharing|social|related|newsletter|subscribe|breadcrumbs?|cookies?|consent|comments)\b", re.I
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")

_PROSE_MIN = 40
_GUARD_SHARE = 0.3


def _words(cls: str | None, ident: str | None) -> list[str]:
    text = f"{cls or ''} {ident or ''}"
    if not text.islower():
        text = _CAMEL.sub("-", text).lower()
    return [w for w in _NON_WORD.split(text) if w]


def _phrase_kind(words: list[str]) -> str | None:
    """The furniture kind of the first word or phrase (up to three words) in the vocabulary."""
    for i, word in enumerate(words):
        kind = _PHRASES.get(word)
        if kind is None and word in _PHRASE_STARTS:
            kind = _PHRASES.get("-".join(words[i : i + 2])) or _PHRASES.get("-".join(words[i : i + 3]))
        if kind is None and word.startswith(_PREFIX_WORDS):
            kind = next(k for prefix, k in _PREFIXES if word.startswith(prefix))
        if kind and (kind != "share" or "embed" not in words):
            return kind
    return None


def furniture_kind(el: HtmlElement) -> str | None:
    """Which kind of furniture an element's own attributes name, if any."""
    attrib = el.attrib
    if not attrib:
        return None
    role = attrib.get("role")
    if role and (role := role.strip().lower()) in _ROLES:
        return "role:" + role
    label = attrib.get("aria-label")
    if label and _ARIA.search(label):
        return "aria"
    cls, ident = attrib.get("class"), attrib.get("id")
    if not cls and not ident:
        return None
    return _phrase_kind(_words(cls, ident))


def _elements(root: HtmlElement) -> list[HtmlElement]:
    """All elements, listed once: keeping the proxies alive makes later passes cheap in lxml."""
    return [el for el in root.iter() if isinstance(el.tag, str)]


def _prose_by_element(elements: list[HtmlElement]) -> dict[HtmlElement, int]:
    """Characters of paragraph text under each element (paragraphs of 40+ characters)."""
    prose: dict[HtmlElement, int] = {}
    for p in elements:
        if p.tag != "p":
            continue
        n = len(p.text_content().strip())
        if n < _PROSE_MIN:
            continue
        el: HtmlElement | None = p
        while el is not None:
            prose[el] = prose.get(el, 0) + n
            el = el.getparent()
    return prose


_RELATED_HEADING = re.compile(
    r"(?:related(?: posts| articles| stories| content| coverage| reading| links| news| videos?)?|see also|"
    r"(?:also|further) read(?:ing)?|read (?:also|more|next)|more|more (?:on|from|about|in) .{1,40}|"
    r"more (?:stories|news|articles|reading)|you (?:may|might) (?:also )?(?:like|enjoy)|recommended(?: for you| reading)?|"
    r"popular(?: posts| stories| now)?|most (?:read|popular|viewed)|trending(?: now)?|explore further|"
    r"editor'?s picks|don'?t miss|in case you missed it|keep reading|up next|what to read next|related post)"
    r"\s*[:.…]*",
    re.I,
)
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "p", "strong", "b", "div", "span")
_HEADING_MAX = 60
_LINKISH = 0.8
_LIST_ITEM_MAX = 150


def _text_len(el: HtmlElement) -> int:
    return len("".join(el.itertext()).strip())


def _link_share(el: HtmlElement) -> float:
    total = _text_len(el)
    if not total:
        return 0.0
    return sum(_text_len(a) for a in el.iter("a")) / total


def _links_only(el: HtmlElement) -> bool:
    """A block whose text is all link text, e.g. a teaser list or a "read more" paragraph."""
    return el.tag in ("ul", "ol", "p", "div", "li", "h3", "h4", "h5", "h6", "table", "section") and (
        0 < _text_len(el) <= 2000 and _link_share(el) >= _LINKISH
    )


def related_link_blocks(root: HtmlElement, elements: list[HtmlElement] | None = None) -> list[HtmlElement]:
    """Related-link furniture inside the article that carries no telling class names.

    Two shapes: a short heading such as "You may also like:" followed by blocks of
    links, and a list whose every item is one short link (headline teasers).
    """
    elements = _elements(root) if elements is None else elements
    found: list[HtmlElement] = []
    for el in elements:
        tag = el.tag
        if tag not in _HEADING_TAGS or len(el) > (0 if tag in ("div", "span") else 3) or not _is_related_heading(el):
            continue
        block = el
        while (
            (parent := block.getparent()) is not None
            and parent.tag in ("p", "strong", "b", "span")
            and (_text_len(parent) == _text_len(el))
        ):
            block = parent
        teasers = []
        for sib in block.itersiblings():
            if not _links_only(sib):
                break
            teasers.append(sib)
        if teasers:
            found += [block, *teasers]
    for lst in elements:
        if lst.tag not in ("ul", "ol"):
            continue
        items = [li for li in lst if li.tag == "li"]
        if len(items) >= 2 and all(_is_teaser_item(li) for li in items):
            found.append(lst)
    return found


def _is_related_heading(el: HtmlElement) -> bool:
    text = el.text or ""
    if len(el):
        if len(text) > _HEADING_MAX:
            return False
        text = _bounded_text(el, 4 * _HEADING_MAX)
    return (
        text is not None and len(text) <= 4 * _HEADING_MAX and bool(_RELATED_HEADING.fullmatch(" ".join(text.split())))
    )


def _bounded_text(el: HtmlElement, limit: int) -> str | None:
    """The element's text, or None as soon as it exceeds `limit` characters (big containers)."""
    parts, n = [], 0
    for piece in el.itertext():
        n += len(piece)
        if n > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def _is_teaser_item(li: HtmlElement) -> bool:
    if li.find(".//a") is None:
        return False
    total = _text_len(li)
    return 0 < total <= _LIST_ITEM_MAX and sum(_text_len(a) for a in li.iter("a")) >= 0.95 * total


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    return any(a is root for a in el.iterancestors())


def prune(root: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """Remove furniture elements from the tree in place; return what was removed and why."""
    elements = _elements(root)
    candidates = [("related-links", el) for el in related_link_blocks(root, elements)] + [
        (kind, el) for el in elements if (kind := furniture_kind(el)) and el.tag not in ("html", "body")
    ]
    if not candidates:
        return []
    prose = _prose_by_element(elements)
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
