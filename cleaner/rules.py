"""Loading rule data from TOML files into small, picklable rule objects.

Rules are data: ``rules/generic.toml`` holds rules for every site, and
``rules/sites/*.toml`` one file per site. A malformed file or a regex that does
not compile raises `RuleError` naming the file and the rule id.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

BUNDLED_RULES = Path(__file__).resolve().parent.parent / "rules"
PACKAGED_RULES = Path(__file__).resolve().parent / "rules"

KINDS = {
    "drop_line": "drop lines equal to one of `lines`",
    "drop_regex": "drop lines matching `pattern`",
    "drop_block": "drop from a line matching `start` to one matching `end` (or the end)",
    "keep_between": "keep only the lines after `start` and before `end`",
    "replace": "replace `pattern` with `replacement` inside lines",
}


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file and rule."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One rule from a rule file. Rules compare and hash by identity (each is loaded
    once), so caches keyed by a rule tuple stay cheap."""

    id: str
    kind: str
    file: str
    description: str = ""
    lines: frozenset[str] = frozenset()
    pattern: regex.Pattern | None = None
    start: regex.Pattern | None = None
    end: regex.Pattern | None = None
    replacement: str = ""
    max_lines: int | None = None
    min_matches: int = 1
    contains: tuple[str, ...] = ()
    max_chars: int | None = None
    min_chars: int = 0
    max_lowercase: int | None = None
    starts_with: tuple[str, ...] = ()
    ignore_case: bool = False
    trusted: bool = True


@dataclass(frozen=True)
class HtmlRules:
    remove: tuple[str, ...] = ()
    article: str | None = None


@dataclass(frozen=True)
class Site:
    name: str
    file: str
    hosts: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    min_fingerprints: int = 1
    rules: tuple[Rule, ...] = ()
    html: HtmlRules = field(default_factory=HtmlRules)

    def matches_host(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def fingerprint_hits(self, text: str) -> int:
        return sum(1 for f in self.fingerprints if f in text)


@dataclass(frozen=True)
class RuleSet:
    generic: tuple[Rule, ...] = ()
    sites: tuple[Site, ...] = ()

    def site_named(self, name: str) -> Site | None:
        return next((s for s in self.sites if s.name == name or s.matches_host(name)), None)

    def recognise(self, url: str | None, site_hint: str | None, text: str) -> tuple[Site | None, str | None]:
        """The site a document belongs to, and how it was recognised.

        Order: the URL's host, then a host-named folder, then content fingerprints.
        """
        site, how = self.by_address(url, site_hint)
        return (site, how) if site else self.by_fingerprints(text)

    def by_address(self, url: str | None, site_hint: str | None) -> tuple[Site | None, str | None]:
        """The site the URL's host, else the host-named folder, names: ('url' or 'folder')."""
        host = urlsplit(url).hostname if url else None
        if host:
            site = next((s for s in self.sites if s.matches_host(host)), None)
            if site:
                return site, "url"
        if site_hint:
            site = next((s for s in self.sites if s.matches_host(site_hint)), None)
            if site:
                return site, "folder"
        return None, None

    @functools.cached_property
    def fingerprinted(self) -> bool:
        """Whether any site can be recognised by its content (`by_fingerprints`)."""
        return any(site.fingerprints for site in self.sites)

    def by_fingerprints(self, text: str) -> tuple[Site | None, str | None]:
        """The site whose fingerprints the head and tail of ``text`` hold most of, if any."""
        head_and_tail = text[:3000] + "\n" + text[-3000:]
        best, hits = None, 0
        for site in self.sites:
            n = site.fingerprint_hits(head_and_tail)
            if n >= site.min_fingerprints and n > hits:
                best, hits = site, n
        return (best, "fingerprint") if best else (None, None)


# The letter classes bundled rules use; the last letter of Unicode 15 is below 0x32400.
_LETTER_CATEGORIES = {"L": ("Lu", "Ll", "Lt", "Lm", "Lo"), "Lu": ("Lu",), "Ll": ("Ll",)}
_LAST_LETTER = 0x32400
_PROPERTY = re.compile(r"\\(?:[pP]\{(\w+)\}|.)", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _category_runs() -> tuple[tuple[str, int, int], ...]:
    """(category, first, last) runs of code points, from this Python's Unicode data."""
    runs, first = [], 0
    for category, group in itertools.groupby(map(unicodedata.category, map(chr, range(_LAST_LETTER)))):
        size = sum(1 for _ in group)
        runs.append((category, first, first + size - 1))
        first += size
    return tuple(runs)


@functools.lru_cache(maxsize=8)
def _class_body(name: str) -> str:
    """The code points of a Unicode letter category as the inside of an `re` character
    class (``\\Uxxxxxxxx-\\Uxxxxxxxx`` ranges)."""
    ranges: list[list[int]] = []
    for category, first, last in _category_runs():
        if category in _LETTER_CATEGORIES[name]:
            if ranges and ranges[-1][1] == first - 1:
                ranges[-1][1] = last
            else:
                ranges.append([first, last])
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


def _re_source(source: str) -> str | None:
    """``source`` with the ``\\p{L}``, ``\\p{Lu}`` and ``\\p{Ll}`` classes (and ``\\P{..}``,
    their complements, outside brackets) spelt out for `re`, which lacks them; None when
    it uses another property (it stays on `regex`)."""
    pieces: list[str] = []
    pos, in_class = 0, False
    for k, char in enumerate(source):
        if k < pos:
            continue
        if char == "\\":
            match = _PROPERTY.match(source, k)
            assert match is not None
            if match.group(1) is not None:
                negated = match.group(0)[1] == "P"
                if match.group(1) not in _LETTER_CATEGORIES or (negated and in_class):
                    return None
                body = _class_body(match.group(1))
                pieces.append(body if in_class else f"[^{body}]" if negated else f"[{body}]")
            else:
                pieces.append(match.group(0))
            pos = match.end()
            continue
        if char == "[" and not in_class:
            in_class = True
            # A ']' right after '[' or '[^' is a literal, not the end of the class.
            lead = 2 if source.startswith("^", k + 1) else 1
            if source.startswith("]", k + lead):
                lead += 1
            pieces.append(source[k : k + lead])
            pos = k + lead
            continue
        if char == "]" and in_class:
            in_class = False
        pieces.append(char)
    return "".join(pieces)


def _compile(source: str, rule_id: str, file: Path, key: str, flags: int, trusted: bool) -> regex.Pattern | re.Pattern:
    """Rules are written for the `regex` module (its V0 mode is `re`-compatible and adds
    ``\\p{..}``). User rules stay on it for its timeouts; a bundled pattern that the
    standard `re` also compiles (letter classes spelt out) runs on `re`, which is
    several times faster for these patterns."""
    if not isinstance(source, str) or not source:
        raise RuleError(f"{file}: rule {rule_id!r}: `{key}` must be a non-empty string")
    try:
        compiled = regex.compile(source, flags | regex.V0)
    except regex.error as exc:
        raise RuleError(f"{file}: rule {rule_id!r}: `{key}` is not a valid regex: {exc}") from exc
    if trusted and (spelt := _re_source(source)) is not None:
        with contextlib.suppress(re.error):
            return re.compile(spelt, flags)
    return compiled


def parse_rule(raw: Any, file: Path, prefix: str, trusted: bool) -> Rule:
    """Validate one ``[[rule]]`` table and compile its patterns."""
    if not isinstance(raw, dict):
        raise RuleError(f"{file}: each [[rule]] must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError(f"{file}: a rule has no `id` (every rule needs a unique id)")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{file}: rule {rule_id!r}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    known = {
        "id",
        "kind",
        "description",
        "lines",
        "pattern",
        "start",
        "end",
        "replacement",
        "ignore_case",
        "max_lines",
        "min_matches",
        "contains",
        "max_chars",
        "min_chars",
        "max_lowercase",
        "starts_with",
    }
    unknown = set(raw) - known
    if unknown:
        raise RuleError(f"{file}: rule {rule_id!r}: unknown key(s) {', '.join(sorted(unknown))}")
    ignore_case = raw.get("ignore_case", kind == "drop_line")
    flags = regex.IGNORECASE if ignore_case else 0
    full_id = rule_id if "." in rule_id else f"{prefix}.{rule_id}"
    fields: dict[str, Any] = {
        "id": full_id,
        "kind": kind,
        "file": str(file),
        "trusted": trusted,
        "ignore_case": bool(ignore_case),
    }
    fields["description"] = str(raw.get("description", ""))
    if kind == "drop_line":
        lines = raw.get("lines")
        if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
            raise RuleError(f"{file}: rule {rule_id!r}: `lines` must be a non-empty list of strings")
        norm = (lambda s: " ".join(s.split()).casefold()) if ignore_case else (lambda s: " ".join(s.split()))
        fields["lines"] = frozenset(norm(x) for x in lines)
    if kind in {"drop_regex", "replace"}:
        fields["pattern"] = _compile(raw.get("pattern"), rule_id, file, "pattern", flags, trusted)
    if kind == "replace":
        replacement = raw.get("replacement")
        if not isinstance(replacement, str):
            raise RuleError(f"{file}: rule {rule_id!r}: `replacement` must be a string")
        try:
            fields["pattern"].sub(replacement, "")
        except (regex.error, re.error, IndexError) as exc:
            raise RuleError(f"{file}: rule {rule_id!r}: bad `replacement`: {exc}") from exc
        fields["replacement"] = replacement
    if kind in {"drop_block", "keep_between"}:
        fields["start"] = _compile(raw.get("start"), rule_id, file, "start", flags, trusted)
        if raw.get("end") is not None:
            fields["end"] = _compile(raw.get("end"), rule_id, file, "end", flags, trusted)
    if "contains" in raw:
        contains = raw["contains"]
        if (
            kind not in {"drop_regex", "drop_block", "replace"}
            or not isinstance(contains, list)
            or not all(isinstance(x, str) and x for x in contains)
        ):
            raise RuleError(
                f"{file}: rule {rule_id!r}: `contains` is a list of strings, for drop_regex, drop_block and replace only"
            )
        if any("\n" in x or "\r" in x for x in contains):  # literals are matched within one line
            raise RuleError(f"{file}: rule {rule_id!r}: a `contains` literal cannot hold a line break")
        fields["contains"] = tuple(x.casefold() for x in contains)
    for key in ("max_chars", "min_chars"):
        if key in raw:
            if kind != "drop_regex" or not isinstance(raw[key], int) or raw[key] < 1:
                raise RuleError(f"{file}: rule {rule_id!r}: `{key}` is a positive integer, for drop_regex only")
            fields[key] = raw[key]
    if "min_chars" in fields and "max_chars" in fields and fields["min_chars"] > fields["max_chars"]:
        raise RuleError(f"{file}: rule {rule_id!r}: `min_chars` is above `max_chars`: the rule could never act")
    if "starts_with" in raw:
        starts = raw["starts_with"]
        if (
            kind != "drop_regex"
            or not isinstance(starts, list)
            or not starts
            or not all(isinstance(x, str) and x for x in starts)
        ):
            raise RuleError(f"{file}: rule {rule_id!r}: `starts_with` is a list of strings, for drop_regex only")
        fields["starts_with"] = tuple(x.casefold() for x in starts)
    if "max_lowercase" in raw:
        value = raw["max_lowercase"]
        if kind != "drop_regex" or not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RuleError(
                f"{file}: rule {rule_id!r}: `max_lowercase` is an integer of 0 or more, for drop_regex only"
            )
        fields["max_lowercase"] = value
    if "min_matches" in raw:
        if kind != "drop_block" or not isinstance(raw["min_matches"], int) or raw["min_matches"] < 1:
            raise RuleError(f"{file}: rule {rule_id!r}: `min_matches` is a positive integer, for drop_block only")
        fields["min_matches"] = raw["min_matches"]
    if "max_lines" in raw:
        if not isinstance(raw["max_lines"], int) or raw["max_lines"] < 1:
            raise RuleError(f"{file}: rule {rule_id!r}: `max_lines` must be a positive integer")
        fields["max_lines"] = raw["max_lines"]
    return Rule(**fields)


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with file.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{file}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{file}: cannot read: {exc}") from exc


def _parse_rules(data: dict[str, Any], file: Path, prefix: str, trusted: bool) -> tuple[Rule, ...]:
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RuleError(f"{file}: `rule` must be an array of tables ([[rule]])")
    rules = tuple(parse_rule(r, file, prefix, trusted) for r in raw_rules)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{file}: rule {rule.id!r} is defined twice")
        seen.add(rule.id)
    return rules


def load_site(file: Path, trusted: bool = True) -> Site:
    data = _read_toml(file)
    meta = data.get("site", {})
    if not isinstance(meta, dict):
        raise RuleError(f"{file}: [site] must be a table")
    name = meta.get("name", file.stem)
    hosts = meta.get("hosts", [name] if "." in name else [])
    fingerprints = meta.get("fingerprints", [])
    for key, value in (("hosts", hosts), ("fingerprints", fingerprints)):
        if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
            raise RuleError(f"{file}: [site] `{key}` must be a list of non-empty strings")
    html = data.get("html", {})
    if not isinstance(html, dict):
        raise RuleError(f"{file}: [html] must be a table")
    remove = html.get("remove", [])
    if not isinstance(remove, list) or not all(isinstance(x, str) and x for x in remove):
        raise RuleError(f"{file}: [html] `remove` must be a list of CSS selectors")
    article = html.get("article")
    if article is not None and not isinstance(article, str):
        raise RuleError(f"{file}: [html] `article` must be a CSS selector string")
    from cleaner.selectors import SelectorError, compile_selector

    for selector in [*remove, *([article] if article else [])]:
        try:
            compile_selector(selector)
        except SelectorError as exc:
            raise RuleError(f"{file}: [html] {exc}") from exc
    return Site(
        name=name,
        file=str(file),
        hosts=tuple(h.lower().removeprefix("www.") for h in hosts),
        fingerprints=tuple(fingerprints),
        min_fingerprints=int(meta.get("min_fingerprints", 1)),
        rules=_parse_rules(data, file, f"site.{name}", trusted),
        html=HtmlRules(remove=tuple(remove), article=article),
    )


def load_rules(extra_dirs: tuple[Path, ...] = (), bundled: bool = True) -> RuleSet:
    """Load the bundled rules plus user rule folders (later folders add to earlier ones).

    A folder holds ``*.toml`` generic rule files and a ``sites/`` folder of site files.
    """
    dirs: list[tuple[Path, bool]] = []
    if bundled:
        dirs.append((bundled_rules_dir(), True))
    dirs += [(Path(d), False) for d in extra_dirs]
    generic: list[Rule] = []
    sites: dict[str, Site] = {}
    for folder, trusted in dirs:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rules folder does not exist")
        for file in sorted(folder.glob("*.toml")):
            generic += _parse_rules(_read_toml(file), file, "generic", trusted)
        for file in sorted((folder / "sites").glob("*.toml")):
            site = load_site(file, trusted)
            sites[site.name] = site
    ids = [r.id for r in generic]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuleError(f"generic rule id(s) defined in more than one file: {', '.join(duplicates)}")
    return RuleSet(generic=tuple(generic), sites=tuple(sites.values()))


def bundled_rules_dir() -> Path:
    """The project's `rules/` in a checkout, or the copy installed inside the package."""
    return BUNDLED_RULES if BUNDLED_RULES.is_dir() else PACKAGED_RULES
