"""Plain data passed between the cleaning steps: a document in, a result out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KEPT = "kept"
REMOVED = "removed"
CHANGED = "changed"


@dataclass
class Document:
    """One raw dump as read from disk or a container, before any cleaning."""

    id: str
    text: str = ""
    html: str | None = None
    url: str | None = None
    source: str | None = None
    site_hint: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class LineVerdict:
    """What happened to one input line, and which rule or evidence decided it."""

    index: int
    text: str
    action: str = KEPT
    rule: str | None = None
    reason: str | None = None
    new_text: str | None = None
    evidence: dict[str, Any] | None = None


@dataclass
class Change:
    """A span-level edit inside a kept line (repair, replacement or de-spinning)."""

    line: int
    start: int
    end: int
    old: str
    new: str
    rule: str


@dataclass
class Result:
    """The clean text of one document plus everything needed to explain it."""

    id: str
    text: str
    title: str | None = None
    site: str | None = None
    url: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    lines: list[LineVerdict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    spin: dict[str, Any] | None = None
    error: str | None = None

    @property
    def removed(self) -> list[LineVerdict]:
        """Lines dropped as furniture (not blank lines, nor wrapped lines joined to the one above)."""
        return [
            v for v in self.lines if v.action == REMOVED and v.text.strip() and not (v.rule or "").startswith("layout.")
        ]

    def rules_fired(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for v in self.lines:
            if v.action != KEPT and v.rule and v.rule != "layout.blank":
                counts[v.rule] = counts.get(v.rule, 0) + 1
        for c in self.changes:
            counts[c.rule] = counts.get(c.rule, 0) + 1
        return counts

    def report_row(self) -> dict[str, Any]:
        """One JSON-ready row for `--report`: counts and ids, not the text itself."""
        return {
            "id": self.id,
            "source": self.source,
            "site": self.site,
            "url": self.url,
            "title": self.title,
            **{key: self.meta[key] for key in ("author", "date", "sitename") if self.meta.get(key)},
            "lines_in": sum(1 for v in self.lines if v.text.strip()),
            "lines_kept": sum(1 for v in self.lines if v.action != REMOVED and v.text.strip()),
            "lines_removed": len(self.removed),
            "rules": self.rules_fired(),
            "repairs": self.repairs,
            "changes": len(self.changes),
            "spin": self.spin,
            "error": self.error,
        }

    def json_row(self) -> dict[str, Any]:
        """One JSONL output object: the clean text with its metadata and edits."""
        row: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "site": self.site,
            "url": self.url,
            "title": self.title,
            "text": self.text,
        }
        row.update({k: v for k, v in self.meta.items() if k not in row})
        row["removed"] = [{"line": v.index, "text": v.text, "rule": v.rule, "reason": v.reason} for v in self.removed]
        row["changes"] = [asdict(c) for c in self.changes]
        row["repairs"] = self.repairs
        if self.spin is not None:
            row["spin"] = self.spin
        return row
