"""Batch statistics: lines that recur across many pages of one site are furniture.

A first pass over the batch counts, per site, in how many documents each
canonical line occurs (as an 8-byte hash, so memory stays bounded: at most
``cap`` distinct hashes per site, pruning lines seen once when full). Lines on
at least ``min_share`` of a site's pages, and on at least ``min_docs`` pages,
are furniture for that site. Long lines are never learned: the same paragraph on
several pages is more likely a duplicated article than furniture.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cleaner.repair import canonical_lines

MAX_WORDS = 40


def learnable(line: str) -> bool:
    """Whether batch statistics count a canonical ``line`` (single spaces: its words are
    its spaces plus one): long lines are never furniture. The same test picks the lines
    whose key is looked up, so a line that could not be learned is never hashed."""
    return line.count(" ") < MAX_WORDS


def line_key(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(line.casefold().encode("utf-8"), digest_size=8).digest(), "big")


def site_key(url: str | None, site_hint: str | None) -> str | None:
    """The host a document belongs to (URL first, then a host-named folder), or None."""
    host = urlsplit(url).hostname if url else None
    host = host or site_hint
    return host.lower().removeprefix("www.") if host else None


@dataclass
class SiteCounts:
    docs: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    fingerprints: set[int] = field(default_factory=set)

    def add(self, keys: set[int], cap: int) -> None:
        """Count one document's lines; an exact duplicate of a document already
        counted is ignored, or a page crawled twice would turn its own article
        into "furniture"."""
        fingerprint = hash(frozenset(keys))
        if fingerprint in self.fingerprints:
            return
        if len(self.fingerprints) < cap:
            self.fingerprints.add(fingerprint)
        self.docs += 1
        for key in keys:
            if key in self.counts:
                self.counts[key] += 1
            elif len(self.counts) < cap:
                self.counts[key] = 1
            else:
                self.counts = {k: n for k, n in self.counts.items() if n > 1}
                if len(self.counts) < cap:
                    self.counts[key] = 1


@dataclass
class BatchStats:
    """Per-site line counts for one batch; `furniture(site)` after the first pass."""

    min_docs: int = 3
    min_share: float = 0.4
    min_site_docs: int = 4
    cap: int = 200_000
    sites: dict[str, SiteCounts] = field(default_factory=dict)

    def add(self, site: str | None, text: str) -> None:
        if not site:
            return
        keys = {line_key(line) for line in canonical_lines(text) if learnable(line)}
        self.sites.setdefault(site, SiteCounts()).add(keys, self.cap)

    def to_json(self) -> dict:
        """The counts as plain JSON (hash keys as strings), to merge across workers."""
        return {
            site: {"docs": c.docs, "counts": {str(k): n for k, n in c.counts.items()}} for site, c in self.sites.items()
        }

    def merge_json(self, data: dict) -> None:
        """Add counts written by another worker's `to_json` (each worker saw other documents)."""
        for site, part in data.items():
            counts = self.sites.setdefault(site, SiteCounts())
            counts.docs += int(part["docs"])
            for key, n in part["counts"].items():
                k = int(key)
                counts.counts[k] = counts.counts.get(k, 0) + int(n)

    def furniture(self, site: str | None) -> frozenset[int]:
        counts = self.sites.get(site or "")
        if counts is None or counts.docs < self.min_site_docs:
            return frozenset()
        need = max(self.min_docs, self.min_share * counts.docs)
        return frozenset(k for k, n in counts.counts.items() if n >= need)


def furniture_stats(texts: Iterable[str], urls: Iterable[str | None]) -> list[frozenset[int]]:
    """For a list of documents, the furniture keys of each one's site (two passes)."""
    texts, urls = list(texts), list(urls)
    stats = BatchStats()
    for text, url in zip(texts, urls, strict=True):
        stats.add(site_key(url, None), text)
    return [stats.furniture(site_key(url, None)) for url in urls]
