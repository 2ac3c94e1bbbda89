"""The cleaning of one document: raw text or HTML in, a `Result` out.

Steps, in order: split and repair lines, recognise the site, apply site and
generic rules, judge the remaining lines heuristically, take the title out,
then assemble the canonical text.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, compress, filterfalse, islice, repeat
from operator import not_
from pathlib import Path

from cleaner import lines as heuristics
from cleaner.apply import apply_rules
from cleaner.layout import bullet_lines, grid_rows, markdown_tables, rejoin_fragments, unwrap
from cleaner.model import CHANGED, KEPT, REMOVED, Change, Document, LineVerdict, Result
from cleaner.repair import repair_lines, split_lines
from cleaner.rules import RuleSet, Site, load_rules
from cleaner.sources import DEFAULT_MAX_BYTES
from cleaner.stats import learnable, line_key, site_key
from cleaner.title import find_title, headline_index, markdown_h1, slug_key, title_keys


@dataclass(frozen=True)
class Config:
    """Everything that changes how documents are cleaned. Picklable, so a process
    pool can ship it to workers; rule files are loaded once per process."""

    rule_dirs: tuple[str, ...] = ()
    bundled_rules: bool = True
    heuristics: bool = True
    line_model: bool = False
    despin: bool = True
    despin_threshold: float | None = None
    regex_timeout: float = 0.05
    max_bytes: int = DEFAULT_MAX_BYTES
    # Per-line features and scores in each verdict, for `explain`; batch runs skip them.
    evidence: bool = False


@functools.lru_cache(maxsize=8)
def _rules_for(rule_dirs: tuple[str, ...], bundled: bool) -> RuleSet:
    return load_rules(tuple(Path(d) for d in rule_dirs), bundled=bundled)


def rules_for(config: Config) -> RuleSet:
    """The rule set a config names (loaded once per process; raises RuleError)."""
    return _rules_for(config.rule_dirs, config.bundled_rules)


def clean_text(
    text: str,
    url: str | None = None,
    config: Config | None = None,
    *,
    doc_id: str = "-",
    site_hint: str | None = None,
    furniture: Collection[int] = frozenset(),
    scores: dict[str, heuristics.Scored] | None = None,
) -> Result:
    """Clean one whole-page text dump.

    ``furniture`` holds keys (`cleaner.stats.line_key`) of lines that batch
    statistics found on many of this site's pages; they are dropped like rule hits.
    ``scores`` is the memo of line scores to use (see `clean_document`).
    """
    return clean_document(Document(id=doc_id, text=text, url=url, site_hint=site_hint), config, furniture, scores)


def clean_html(html: str | bytes, url: str | None = None, config: Config | None = None, *, doc_id: str = "-") -> Result:
    """Clean one HTML page: extract the main text, then the same rules and canonical form."""
    if isinstance(html, bytes):
        from cleaner.sources import decode_bytes

        html, _ = decode_bytes(html, html=True)
    return clean_document(Document(id=doc_id, html=html, url=url), config)


def clean_document(
    doc: Document,
    config: Config | None = None,
    furniture: Collection[int] = frozenset(),
    scores: dict[str, heuristics.Scored] | None = None,
) -> Result:
    """Clean one document. Line scores depend on the line alone, so they are kept in a
    memo: ``scores`` when given (the caller owns its size), else the process's own,
    bounded one (`SCORE_MEMO_LINES`). Without the compiled helper it holds every line
    scored, across documents; with it, the lines the region search kept, for the pass over
    our own output (the helper scores a page faster than it could look up lines that are
    not there, `lines.line_scores`). The output never depends on it."""
    config = config or Config()
    memo = _Memo() if scores is None else _Memo(scored=scores)
    result = _clean_once(doc, config, furniture, memo)
    if doc.html is None:
        _settle(result, doc, config, furniture, memo)
    return result


# Line scores depend on the line alone, and a site repeats its furniture lines on every
# page: the documents a process cleans share one memo of them (with the compiled helper,
# of the lines each page's region search kept), emptied when it holds this many lines so
# that memory stays flat however long the batch.
SCORE_MEMO_LINES = 20_000
_SCORE_MEMO: dict[str, heuristics.Scored] = {}


def _score_memo() -> dict[str, heuristics.Scored]:
    if len(_SCORE_MEMO) >= SCORE_MEMO_LINES:
        _SCORE_MEMO.clear()
    return _SCORE_MEMO


@dataclass(frozen=True)
class _Address:
    """What a document's URL and folder say, the same in every pass over it."""

    site: Site | None  # the site whose rules apply, when the URL or the folder names one
    how: str | None  # 'url' or 'folder'
    host: str | None  # `stats.site_key`
    slug: str | None  # `title.slug_key`
    name: str | None  # `lines.site_name`

    @classmethod
    def of(cls, ruleset: RuleSet, url: str | None, site_hint: str | None) -> _Address:
        host = site_key(url, site_hint)
        return cls(*ruleset.by_address(url, site_hint), host, slug_key(url), heuristics.site_name(host))


@dataclass
class _Memo:
    """What the passes over one document share: line scores (features depend on the
    line alone; shared with earlier documents, `SCORE_MEMO_LINES`), the lines that
    already passed the line-local rules (those depend on the site's rules) and what
    the URL says."""

    scored: dict[str, heuristics.Scored] = field(default_factory=_score_memo)
    ruled: set[str] = field(default_factory=set)
    # Block rules whose start matched no line in any pass that ran every rule: on lines
    # that all passed such a pass (a later pass over our own output) they cannot act.
    unstarted: set[str] | None = None
    addresses: dict[tuple[str | None, str | None], _Address] = field(default_factory=dict)

    def address(self, ruleset: RuleSet, url: str | None, site_hint: str | None) -> _Address:
        key = (url, site_hint)
        if key not in self.addresses:
            self.addresses[key] = _Address.of(ruleset, url, site_hint)
        return self.addresses[key]


SETTLE_ROUNDS = 3
LINE_LOCAL_RULES = frozenset({"drop_line", "drop_regex"})


@functools.lru_cache(maxsize=8)
def _settle_config(config: Config) -> Config:
    return replace(config, despin=False)  # restored wording is not spun again


def _settle(result: Result, doc: Document, config: Config, furniture: Collection[int], memo: _Memo) -> None:
    """Clean the output again until it no longer changes, so that cleaning is idempotent.

    Decisions depend on context (the first line, the title, what surrounds a
    block), and the output is a different context from the dump: a line can be
    kept among its neighbours yet dropped once they are gone. Each later pass
    maps its verdicts back onto the kept input lines (output line k is the k-th
    kept line), so `explain` shows the pass that dropped a line.
    """
    settle_config = _settle_config(config)
    for round_ in range(2, SETTLE_ROUNDS + 2):
        if not result.text:
            return
        again = _clean_once(replace(doc, text=result.text, meta={}), settle_config, furniture, memo, canonical=True)
        if again.text == result.text:
            return
        kept = [v for v in result.lines if v.action != REMOVED]
        for k, v in enumerate(again.lines[: len(kept)]):
            target = kept[k]
            if v.action == REMOVED:
                _remove(target, v.rule or "", f"{v.reason} (pass {round_}: the output cleaned again)")
            elif v.new_text is not None:
                target.action, target.rule, target.new_text = CHANGED, target.rule or v.rule, v.new_text
        result.changes += [replace(c, line=kept[c.line].index) for c in again.changes if c.line < len(kept)]
        result.text = again.text
        result.title = result.title or again.title


def _clean_once(
    doc: Document,
    config: Config,
    furniture: Collection[int],
    memo: _Memo,
    canonical: bool = False,
) -> Result:
    """One pass over a document; ``canonical`` text (our own output) needs no repair."""
    ruleset = rules_for(config)
    meta = dict(doc.meta)
    text = doc.text
    from_html = doc.html is not None
    site, how = None, None
    if from_html:
        from cleaner import html as html_path

        site, how = ruleset.recognise(doc.url, doc.site_hint, doc.html)
        extraction = html_path.extract(doc.html, url=doc.url, site=site)
        text = extraction.text
        meta.update({k: v for k, v in extraction.meta.items() if v and not meta.get(k)})
    result = Result(id=doc.id, text="", url=doc.url or meta.get("url"), source=doc.source, meta=meta)

    raw = split_lines(text)
    verdicts = list(map(LineVerdict, range(len(raw)), raw))  # a third faster than a comprehension
    for i in compress(range(len(raw)), map(not_, raw)):  # the blank lines alone
        _remove(verdicts[i], "layout.blank", "blank line")
    canon, line_repairs = (list(raw), {}) if canonical else repair_lines(raw)
    canon, joined = unwrap(raw, canon)
    wrapped = set(joined)
    canon, joined = rejoin_fragments(canon, joined, None if from_html else raw)  # our extraction joins inline text
    grids: list[tuple[int, int]] = []
    cells: set[int] = set()
    if not from_html:
        if not canonical:  # our output has no blank lines, so no grid: every gap is 0
            earlier = set(joined)
            canon, joined, grids = grid_rows(canon, joined)
            cells = set(joined) - earlier
        canon, joined = bullet_lines(canon, joined, raw)
    for i, steps in line_repairs.items():
        result.changes.append(Change(i, 0, len(raw[i]), raw[i].strip(), canon[i], "repair." + "+".join(steps)))
    for i, head in joined.items():
        if i in wrapped:
            rule, what = "layout.unwrap", "wrapped line"
        else:
            rule, what = ("layout.table-cell", "table cell") if i in cells else ("layout.fragment", "inline fragment")
        _remove(verdicts[i], rule, f"{what}, joined to line {head + 1}")
    if not from_html:
        before = canon
        canon, table = markdown_tables(canon)
        for i, what in table.items():
            if what == "delimiter":
                _remove(verdicts[i], "layout.markdown-table", "Markdown table delimiter row")
            elif canon[i] != before[i]:
                result.changes.append(Change(i, 0, len(raw[i]), before[i], canon[i], "layout.markdown-table"))
                _change(verdicts[i], "layout.markdown-table", canon[i])
    for i in compress(range(len(canon)), map(not_, canon)):  # emptied by repair or layout
        if i not in joined and raw[i]:
            _remove(verdicts[i], "layout.blank", "blank line")
    result.repairs = sorted({step for steps in line_repairs.values() for step in steps})

    address = memo.address(ruleset, result.url, doc.site_hint)
    if not from_html:
        site, how = address.site, address.how
        if site is None and ruleset.fingerprinted:
            site, how = ruleset.by_fingerprints("\n".join(canon))
    result.site = site.name if site else address.host
    if site:
        meta["site_recognised_by"] = how
    rules = (site.rules if site else ()) + ruleset.generic
    every_rule = not (canonical and memo.ruled.issuperset(filter(None, canon)))
    if not every_rule:
        # Our own output, every line of which already passed the rules that judge a
        # line alone (a line joined or de-spun after the rules ran has not), and the
        # block rules whose start no such line matched.
        rules = tuple(r for r in rules if r.kind not in LINE_LOCAL_RULES and r.id not in (memo.unstarted or ()))
    canon, outcome = apply_rules(canon, rules, timeout=config.regex_timeout)
    if every_rule:
        memo.unstarted = outcome.unstarted if memo.unstarted is None else memo.unstarted & outcome.unstarted
    for change in outcome.changes:
        _change(verdicts[change.line], change.rule, canon[change.line])
    result.changes += outcome.changes
    if outcome.errors:
        meta["rule_errors"] = outcome.errors
    for i, rule_id in outcome.dropped.items():
        _remove(verdicts[i], rule_id, "rule")
    for change in outcome.changes:
        if not canon[change.line] and verdicts[change.line].action != REMOVED:
            _remove(verdicts[change.line], change.rule, "emptied by a replacement")

    live = [i for i, line in enumerate(canon) if line and verdicts[i].action != REMOVED]
    if every_rule:
        memo.ruled.update([canon[i] for i in live])
    if furniture:
        for i in live:
            if learnable(canon[i]) and line_key(canon[i]) in furniture:
                _remove(verdicts[i], "batch.repeated", "recurs across many of this site's pages in the batch")
    _drop_edge_repeats(canon, verdicts)
    live = [i for i in live if verdicts[i].action != REMOVED]
    for box in heuristics.author_boxes([canon[i] for i in live]) if config.heuristics and not from_html else ():
        for k in box:
            _remove(
                verdicts[live[k]],
                "heuristic.author-box",
                f"author box (heading 'About <name>' at line {live[box[0]] + 1})",
            )
    live = [i for i in live if verdicts[i].action != REMOVED]

    hints = title_keys(canon, markdown_h1(raw)) if not from_html else set()
    if config.heuristics and not from_html:
        headline = headline_index(canon, len(canon), hints, address.slug)
        _judge_until_stable(canon, live, verdicts, config.line_model, config.evidence, memo.scored, headline, grids)
        _drop_before_headline(
            canon, [i for i in live if verdicts[i].action != REMOVED], verdicts, headline, memo.scored
        )
        _keep_dateline(canon, live, verdicts)
        _drop_listed_teasers(canon, verdicts, outcome.dropped, memo.scored)
        _drop_self_description(canon, verdicts, address.name)
    kept = [i for i in live if verdicts[i].action != REMOVED]

    title = meta.get("title")
    body_start = kept[0] if kept else len(canon)
    title_index = find_title(canon, body_start, hints) if not from_html else None
    if title_index is not None:
        title = title or canon[title_index]
        if verdicts[title_index].action != REMOVED:
            _remove(verdicts[title_index], "title", "page title (moved to metadata)")
    if title:
        for i in kept:
            if canon[i] == title and verdicts[i].action != REMOVED:
                _remove(verdicts[i], "title", "repeats the page title (moved to metadata)")
    result.title = title or None
    kept = [i for i in kept if verdicts[i].action != REMOVED]
    kept = _join_kept_fragments(canon, kept, verdicts)
    if config.despin and kept:
        _despin(canon, kept, verdicts, result, config)
    for i in kept:
        if verdicts[i].action == KEPT and canon[i] != raw[i]:
            verdicts[i].new_text = canon[i]

    result.lines = verdicts
    body = "\n".join(canon[i] for i in kept)
    result.text = body + "\n" if body else ""
    return result


@functools.lru_cache(maxsize=1)
def _line_model():
    from cleaner.linemodel import LineModel

    return LineModel.load()


def _judge_until_stable(
    canon: list[str],
    live: list[int],
    verdicts: list[LineVerdict],
    learned: bool,
    evidence: bool,
    scored: dict[str, heuristics.Scored],
    headline: int | None = None,
    grids: Sequence[tuple[int, int]] = (),
) -> None:
    """Judge the lines no rule decided, re-judging survivors until stable (idempotency).
    ``headline`` is the index (in ``canon``) of the line repeating the page title, if any;
    ``grids`` the (first, last) lines of tables written one cell a line (`layout.grid_rows`)."""
    if learned:
        from cleaner.linemodel import keep_mask

        lines = [canon[i] for i in live]
        keep, own, prob = keep_mask(_line_model(), lines)
        page = heuristics.page_features(lines)
        for k, i in enumerate(live):
            verdicts[i].evidence = {
                "score": round(float(own[k]), 2),
                "p_keep": round(float(prob[k]), 3),
                "region": keep[k],
                "words": int(page.words[k]),
                "terminal": bool(page.terminal[k]),
            }
            if not keep[k]:
                reason = f"line model: p(article) {prob[k]:.2f} below {_line_model().threshold}"
                if prob[k] >= _line_model().threshold:
                    reason = "line model: dropped when the survivors were judged again"
                _remove(verdicts[i], "heuristic.line-model", reason)
        return
    # Lines a rule dropped still separate blocks: they count as furniture in the
    # region search, so removing a share bar does not glue two blocks together. They are
    # the lines with text that are not live (a joined or emptied line has none).
    barriers = set(compress(range(len(canon)), canon)).difference(live)
    # A dropped line separates as its own score says, between BARRIER_FLOOR and BARRIER_SCORE.
    # One scoring call for both kinds of line: each call has a fixed cost.
    order = sorted(barriers)
    texts = [canon[i] for i in (*live, *order)]
    all_scores, all_terminal, rows = heuristics.line_scores(texts, scored)
    judged = live
    live_scores, live_terminal, own = all_scores[: len(live)], all_terminal[: len(live)], all_scores[len(live) :]
    positions = _table_positions(canon, live, grids) if grids else live
    table = _announced_table_rows(canon, live, live_scores, live_terminal, rows[: len(live)], positions)
    for k, i in enumerate(live) if table else ():  # an announced table's rows no longer cut the article
        if i in table:
            live_scores[k] = heuristics.TABLE_ROW_SCORE
    floor, ceiling = heuristics.BARRIER_FLOOR, heuristics.BARRIER_SCORE
    # Per line: whether it ends a sentence, and its score (a barrier's between the bounds).
    value = dict(zip(live, zip(live_terminal, live_scores, strict=True), strict=True))
    value.update(zip(order, zip(repeat(False), [min(ceiling, max(s, floor)) for s in own]), strict=False))
    if evidence:
        page = heuristics.page_features([canon[i] for i in live])
        for k, i in enumerate(live):
            verdicts[i].evidence = {"score": live_scores[k], **page.row(k)._asdict()}
            if i in table:  # the score is the floor of an announced table's rows
                verdicts[i].evidence["table_row"] = True
    for round_ in range(4):
        seq = sorted(
            [*live, *(b for b in barriers if live and live[0] < b < live[-1])] if round_ else [*live, *barriers]
        )
        at = None if headline is None else bisect.bisect_left(seq, headline)
        ends, seq_scores = zip(*map(value.__getitem__, seq), strict=True) if seq else ((), ())
        keep = heuristics.judge(ends, seq_scores, at, [i in table for i in seq] if table else ())
        if evidence:
            for i, inside in zip(seq, keep, strict=True):
                if i not in barriers:
                    verdicts[i].evidence["region"] = inside
        gone = set(compress(seq, map(not_, keep))).difference(barriers)
        if not gone:
            break
        reason = "outside the article blocks" + (f" (pass {round_ + 1})" if round_ else "")
        for v in map(verdicts.__getitem__, gone):
            v.action, v.rule, v.reason = REMOVED, "heuristic.region", reason  # `_remove`, inline: many lines
        live = list(filterfalse(gone.__contains__, live))
    # The lines a later pass over our own output scores again: what survived, mostly.
    for k in map(bisect.bisect_left, repeat(judged), live):  # few lines: find each in the judged
        scored[texts[k]] = (all_scores[k], all_terminal[k], rows[k])


def _table_positions(canon: list[str], live: list[int], grids: Sequence[tuple[int, int]]) -> list[int]:
    """Positions of the ``live`` lines with the lines of each grid that are not a row's
    text (its joined cells, the blank lines between its rows) left out: a grid's rows are
    then consecutive, as a renderer keeping rows writes them, and make a `table_runs` run."""
    filler = [0] * (len(canon) + 1)
    for first, last in grids:
        for i in range(first + 1, last + 1):
            filler[i] = not canon[i]
    before = list(accumulate(filler))
    return [i - before[i] for i in live]


def _announced_table_rows(
    canon: list[str],
    live: list[int],
    scores: list[float],
    terminal: list[bool],
    rows: list[bool],
    positions: list[int],
) -> set[int]:
    """Indexes (in ``canon``) of the rows scoring under `TABLE_ROW_SCORE` in the tables
    (`lines.table_runs`) that a sentence announces: the live line right above the table,
    or above its header row (a line without a stop right above the rows; a dropped
    Markdown delimiter row may come between), ends in one of `INTRODUCERS` and scores
    as prose, with only blank lines between (see `lines.TABLE_ROW_SCORE`). ``positions``
    (``live``, or `_table_positions`) say which lines are consecutive."""
    table: set[int] = set()
    for first, last in heuristics.table_runs(rows, positions):
        header = first > 0 and not terminal[first - 1]
        header = header and (
            positions[first] - positions[first - 1] == 1 or all(canon[live[first - 1] + 1 : live[first]])
        )
        intro = first - 1 - header
        if intro < 0 or scores[intro] <= 0 or canon[live[intro]][-1] not in heuristics.INTRODUCERS:
            continue
        if any(canon[live[intro] + 1 : live[intro + 1]]):  # a dropped line between
            continue
        table.update(live[k] for k in range(first, last + 1) if scores[k] < heuristics.TABLE_ROW_SCORE)
    return table


@functools.lru_cache(maxsize=1)
def _despin_resources():  # the phrase automata and language-model counts, once per process
    from cleaner.despin import load_despin_resources

    return load_despin_resources()


@functools.lru_cache(maxsize=1)
def _despin_detector():  # the signatures alone: the rest loads at the first spun page
    from cleaner.despin import load_despin_resources

    return load_despin_resources(restoration=False)


def _despin(canon: list[str], kept: list[int], verdicts: list[LineVerdict], result: Result, config: Config) -> None:
    """Detect machine-spun text and, above the threshold, restore the original wording."""
    from cleaner.despin import despin

    outcome = despin([canon[i] for i in kept], _despin_detector(), config.despin_threshold, _despin_resources)
    result.spin = {"score": round(outcome.score, 3), "spun": outcome.spun, "evidence": outcome.evidence}
    for change in outcome.changes:
        i = kept[change.line]
        result.changes.append(Change(i, change.start, change.end, change.old, change.new, change.rule))
        verdicts[i].action = CHANGED
        verdicts[i].rule = verdicts[i].rule or change.rule
    for k, i in enumerate(kept):
        if outcome.lines[k] != canon[i]:
            canon[i] = outcome.lines[k]
            verdicts[i].new_text = canon[i]


def _join_kept_fragments(canon: list[str], kept: list[int], verdicts: list[LineVerdict]) -> list[int]:
    """Join kept lines that continue the kept line before them, when a blank line or a
    dropped line stood between the two pieces of one sentence in the dump.

    `rejoin_fragments` on the output's lines: the output then holds no such pair, so
    cleaning it again joins nothing (idempotency).
    """
    lines, joined = rejoin_fragments([canon[i] for i in kept], {})
    if not joined:
        return kept
    for k, head in joined.items():
        _remove(verdicts[kept[k]], "layout.fragment", f"inline fragment, joined to line {kept[head] + 1}")
    for k, line in enumerate(lines):
        if line and line != canon[kept[k]]:
            canon[kept[k]] = verdicts[kept[k]].new_text = line
    return [i for k, i in enumerate(kept) if k not in joined]


EDGE_LOOKAHEAD = 20  # heading-like lines trimmed from the article's new top, at most


def _drop_before_headline(
    canon: list[str], kept: list[int], verdicts: list[LineVerdict], t: int | None, scored: dict[str, heuristics.Scored]
) -> None:
    """The article starts at its headline ``t``, the first line that repeats the page
    title (`headline_index`): kept lines above it (teasers, trending lists) are furniture."""
    if len(kept) < 2 or t is None or t >= kept[-1]:
        return
    rest = [i for i in kept if i > t]
    if not rest or len(rest) == len(kept):
        return
    for i in kept:
        if i >= t:
            break
        _remove(verdicts[i], "heuristic.before-headline", f"above the article's headline (line {t + 1})")
    # The article now starts below the headline: trim heading-like lines from that edge,
    # as the region search trims every block's edges.
    edge = rest[:-1][:EDGE_LOOKAHEAD]
    scores, terminals, _ = heuristics.line_scores([canon[i] for i in edge], scored)
    for i, terminal, score in zip(edge, terminals, scores, strict=True):
        if not heuristics.weak_edge(terminal, score):
            break
        _remove(verdicts[i], "heuristic.region", "heading-like line at the edge of the article block")


# Rules whose lines head a list of links to other pages ('Related stories', 'Most read').
LIST_HEADING_RULES = frozenset({"generic.list-heading"})


def _drop_listed_teasers(
    canon: list[str], verdicts: list[LineVerdict], dropped: dict[int, str], scored: dict[str, heuristics.Scored]
) -> None:
    """Drop the teasers listed under a related-content heading that the region search kept:
    a rule drops the heading (``dropped``: the lines each rule dropped), but one dropped
    line does not cut the article block, and the headlines after it score like short
    article lines (`heuristics.listed_teasers`)."""
    for i in sorted(i for i, rule_id in dropped.items() if rule_id in LIST_HEADING_RULES):
        run = []
        for j in range(i + 1, len(canon)):
            v = verdicts[j]
            if not canon[j] or (v.action == REMOVED and (v.rule or "").startswith("layout.")):
                continue  # blank, or joined to the line above
            if v.action == REMOVED:
                break
            run.append(j)
        if not run:
            continue
        lines = [canon[j] for j in run]
        _, terminal, _ = heuristics.line_scores(lines, scored)
        words = [heuristics.word_count(line, line.split()) for line in lines]
        for j in run[: heuristics.listed_teasers(terminal, words)]:
            _remove(verdicts[j], "heuristic.related-list", f"listed under the heading at line {i + 1}")


def _drop_self_description(canon: list[str], verdicts: list[LineVerdict], name: str | None) -> None:
    """Drop the site's description of itself after the article ('Ascom is a global
    solutions provider ... Ascom is headquartered in Baar'): a press release's company
    boilerplate without an 'About' heading, which reads as prose (`heuristics.self_description`).
    Only the article's closing lines are searched: inside the article such a sentence is news.
    ``name`` is the site's (`heuristics.site_name`)."""
    if name is None:
        return
    skip = heuristics.SELF_DESCRIPTION_SKIP_WORDS
    for i in range(len(canon) - 1, -1, -1):
        line = canon[i]
        if not line or verdicts[i].action == REMOVED:
            continue
        if heuristics.self_description(line, name):
            _remove(verdicts[i], "heuristic.self-description", f"the site ({name}) describing itself after the article")
            continue
        tokens = line.split()  # enough of them settles it: only a line without spaces needs counting
        if len(tokens) >= skip or heuristics.word_count(line, tokens) >= skip:
            return


def _keep_dateline(canon: list[str], live: list[int], verdicts: list[LineVerdict]) -> None:
    """A dateline on its own line ('PORTLAND, Maine (AP)') right above the article's first
    kept line opens the article; the region search, scoring lines alone, drops it."""
    first = next((k for k, i in enumerate(live) if verdicts[i].action != REMOVED), None)
    if not first:
        return
    i = live[first - 1]
    if verdicts[i].rule == "heuristic.region" and not any(canon[i + 1 : live[first]]) and heuristics.dateline(canon[i]):
        v = verdicts[i]
        v.action, v.rule, v.reason = KEPT, None, "dateline of the article's first paragraph"


def _remove(verdict: LineVerdict, rule: str, reason: str) -> None:
    verdict.action, verdict.rule, verdict.reason = REMOVED, rule, reason


def _change(verdict: LineVerdict, rule: str, new_text: str) -> None:
    verdict.action, verdict.rule, verdict.new_text = CHANGED, rule, new_text


def _drop_edge_repeats(canon: list[str], verdicts: list[LineVerdict], edge: int = 3) -> None:
    """Spam lines pasted at both the top and the bottom of a page ("X is the best solution for Y")."""
    if edge < 1:
        return
    head = list(islice((i for i, line in enumerate(canon) if line), edge))
    tail = list(islice((i for i in range(len(canon) - 1, -1, -1) if canon[i]), edge))
    # At least 2 * edge + 1 lines with text: both edges full, a line between them.
    if len(tail) < edge or head[-1] >= tail[-1] or not any(canon[head[-1] + 1 : tail[-1]]):
        return
    tail_text = {canon[i] for i in tail}
    for i in head:
        line = canon[i]
        if line in tail_text and len(line.split()) <= 25:
            for j, other in enumerate(canon):
                if other == line and verdicts[j].action != REMOVED:
                    _remove(verdicts[j], "heuristic.edge-repeat", "same line at the top and the bottom of the page")
