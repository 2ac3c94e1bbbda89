"""The `cleaner` command line: clean folders, explain one file, check golden files.

Exit codes: 0 all good, 1 some files failed (each reported, the rest written),
2 usage error (missing input, bad option, malformed rules).
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from contextlib import ExitStack, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cleaner import golden as golden_cases
from cleaner.batch import Outcome, Summary, UsageError, check_paths, learn_furniture, plan, run
from cleaner.containers import JsonlFields
from cleaner.model import REMOVED
from cleaner.output import atomic_writer, json_line
from cleaner.pipeline import Config, clean_document, rules_for
from cleaner.rules import RuleError
from cleaner.sources import DEFAULT_MAX_BYTES, SourceError, read_dump
from cleaner.stream import StreamJob, clean_stream

app = typer.Typer(
    help="Turn raw scraped web pages (HTML or text dumps) into clean, canonical article text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
golden_app = typer.Typer(help="Check golden input/expected pairs, or update the expectations.", no_args_is_help=True)
app.add_typer(golden_app, name="golden")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class Format(StrEnum):
    text = "text"
    jsonl = "jsonl"


RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="Extra rules folder (generic *.toml and sites/*.toml) on top of the bundled rules."),
]


def _config(
    rules: list[Path] | None, no_despin: bool, no_heuristics: bool, max_bytes: int, line_model: bool = False
) -> Config:
    config = Config(
        rule_dirs=tuple(str(p) for p in rules or ()),
        despin=not no_despin,
        heuristics=not no_heuristics,
        line_model=line_model,
        max_bytes=max_bytes,
    )
    try:
        rules_for(config)
    except RuleError as exc:
        _usage(f"malformed rules: {exc}")
    return config


def _usage(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(2)


@app.command()
def clean(
    input_dir: Annotated[Path, typer.Argument(help="Folder of raw dumps (.txt, .html, .htm), walked recursively.")],
    output: Annotated[
        Path, typer.Argument(help="Output folder (mirrored tree of .txt) or, with --format jsonl, a .jsonl file.")
    ],
    rules: RulesOpt = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="text: one .txt per input; jsonl: one object per document.")
    ] = Format.text,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write a JSONL row per file: lines kept/removed, rules fired, repairs, errors."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    no_despin: Annotated[bool, typer.Option("--no-despin", help="Do not detect or reverse machine-spun text.")] = False,
    no_heuristics: Annotated[
        bool, typer.Option("--no-heuristics", help="Apply rule files only, no generic line scoring.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this.")
    ] = DEFAULT_MAX_BYTES,
    line_model: Annotated[
        bool, typer.Option("--line-model", help="Judge lines with the trained classifier (needs numpy; experimental).")
    ] = False,
    no_batch_stats: Annotated[
        bool,
        typer.Option("--no-batch-stats", help="Do not learn lines that recur across a site's pages in this batch."),
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run: skip outputs that are already complete.")
    ] = False,
    text_field: Annotated[str, typer.Option("--text-field", help="JSONL input: key of the text.")] = "text",
    html_field: Annotated[str, typer.Option("--html-field", help="JSONL input: key of the HTML.")] = "html",
    url_field: Annotated[
        str, typer.Option("--url-field", help="JSONL input: key of the URL (dots reach inside).")
    ] = "url",
    id_field: Annotated[str, typer.Option("--id-field", help="JSONL input: key of the document id.")] = "id",
    shard_size: Annotated[
        str, typer.Option("--shard-size", help="Container input: close a JSONL shard at this size (e.g. 256MB).")
    ] = "256MB",
    shard_docs: Annotated[
        int | None, typer.Option("--shard-docs", min=1, help="Container input: at most this many documents per shard.")
    ] = None,
    keep_empty: Annotated[
        bool, typer.Option("--keep-empty", help="Container input: also write documents that come out empty.")
    ] = False,
) -> None:
    """Clean every dump under INPUT_DIR (a folder, or a JSONL/WARC/WET container) into OUTPUT."""
    if input_dir.is_file():
        config = _config(rules, no_despin, no_heuristics, max_bytes, line_model)
        job = StreamJob(
            source=input_dir,
            out=output,
            fields=JsonlFields(text=text_field, html=html_field, url=url_field, id=id_field),
            shard_bytes=_parse_size(shard_size),
            shard_docs=shard_docs,
            resume=resume,
            keep_empty=keep_empty,
            batch_stats=not no_batch_stats,
            jobs=jobs,
        )
        _clean_container(job, config, report, quiet)
    try:
        check_paths(input_dir, output, (report,) if report else ())
    except UsageError as exc:
        _usage(str(exc))
    if fmt is Format.jsonl and output.is_dir():
        _usage(f"--format jsonl writes one file, but {output} is a folder; give a file name such as out.jsonl")
    if fmt is Format.text and output.exists() and not output.is_dir():
        _usage(f"output {output} exists and is not a folder")
    config = _config(rules, no_despin, no_heuristics, max_bytes, line_model)
    tasks, skipped = plan(input_dir, output if fmt is Format.text else None)
    summary = Summary(skipped=len(skipped))
    if resume and fmt is Format.text:
        summary.already_done = sum(1 for t in tasks if t.out is not None and t.out.exists())
        tasks = [t for t in tasks if t.out is None or not t.out.exists()]
    show_progress = not quiet and err.is_terminal
    if not no_batch_stats:
        with err.status("learning recurring lines per site", spinner="dots") if show_progress else nullcontext():
            learn_furniture(tasks, config)

    progress = Progress(
        TextColumn("[bold]cleaning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not show_progress,
    )
    try:
        with progress, ExitStack() as outputs:
            bar = progress.add_task("clean", total=len(tasks))
            jsonl = outputs.enter_context(atomic_writer(output)) if fmt is Format.jsonl else None
            report_file = outputs.enter_context(atomic_writer(report)) if report else None
            for outcome in run(tasks, config, jobs=jobs, want_row=jsonl is not None):
                summary.add(outcome)
                if outcome.error:
                    progress.console.print(f"[red]failed:[/] {escape(outcome.path)}: {escape(outcome.error)}")
                if jsonl is not None and outcome.row is not None:
                    jsonl.write(json_line(outcome.row))
                if report_file is not None:
                    report_file.write(json_line(outcome.report))
                progress.advance(bar)
    except KeyboardInterrupt:
        if not quiet:
            _print_summary(summary, output, None)
        err.print(
            f"[yellow]interrupted[/] after {summary.files} of {len(tasks)} files; every output written "
            "is complete, rerun with --resume to do the rest"
        )
        raise typer.Exit(130) from None
    if not quiet:
        _print_summary(summary, output, report)
    raise typer.Exit(1 if summary.failed else 0)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.I)


def _parse_size(text: str) -> int:
    match = _SIZE.match(text)
    if not match or float(match.group(1)) <= 0:
        _usage(f"--shard-size {text!r} is not a size such as 500KB, 256MB or 1GB")
    return int(float(match.group(1)) * 1024 ** " kmg".index(match.group(2).lower() or " "))


def _clean_container(job: StreamJob, config: Config, report: Path | None, quiet: bool) -> None:
    """Stream a container into shards; exits like `clean` (0, 1, 2, 130)."""
    summary = Summary()
    show_progress = not quiet and err.is_terminal
    progress = Progress(
        TextColumn("[bold]cleaning"),
        TextColumn("{task.completed} documents"),
        console=err,
        transient=True,
        disable=not show_progress,
    )
    try:
        with ExitStack() as outputs:
            report_file = outputs.enter_context(atomic_writer(report)) if report else None

            def on_outcome(outcome: Outcome) -> None:
                summary.add(outcome)
                if outcome.error:
                    progress.console.print(f"[red]failed:[/] {escape(outcome.path)}: {escape(outcome.error)}")
                if report_file is not None:
                    report_file.write(json_line(outcome.report))
                progress.advance(bar)

            with progress:
                bar = progress.add_task("clean", total=None)
                summary.already_done = clean_stream(job, config, on_outcome)
    except UsageError as exc:
        _usage(str(exc))
    except KeyboardInterrupt:
        if not quiet:
            _print_summary(summary, job.out, None)
        err.print(
            f"[yellow]interrupted[/] after {summary.files} documents; complete shards are kept, rerun with --resume"
        )
        raise typer.Exit(130) from None
    if not quiet:
        _print_summary(summary, job.out, report)
    raise typer.Exit(1 if summary.failed else 0)


def _print_summary(summary: Summary, output: Path, report: Path | None) -> None:
    table = Table(title="cleaner: summary", show_header=False, box=None, pad_edge=False)
    table.add_row("files cleaned", f"{summary.cleaned}")
    if summary.already_done:
        table.add_row("already done (--resume)", f"{summary.already_done}")
    table.add_row("files failed", f"{summary.failed}")
    table.add_row("files skipped (not .txt/.html/.htm)", f"{summary.skipped}")
    table.add_row("empty after cleaning", f"{summary.empty}")
    table.add_row("machine-spun, wording restored", f"{summary.spun}")
    share = summary.lines_removed / summary.lines_in if summary.lines_in else 0.0
    table.add_row("lines removed", f"{summary.lines_removed} of {summary.lines_in} ({share:.0%})")
    top = ", ".join(f"{rule} {n}" for rule, n in summary.rules.most_common(6))
    if top:
        table.add_row("top rules", top)
    table.add_row("output", str(output))
    if report:
        table.add_row("report", str(report))
    err.print(table)
    for path, error in summary.errors[:20]:
        err.print(f"  [red]✗[/] {escape(path)}: {escape(error)}")
    if len(summary.errors) > 20:
        err.print(f"  … and {len(summary.errors) - 20} more (see --report)")


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="One dump (.txt or .html).")],
    url: Annotated[str | None, typer.Option("--url", help="The page's URL, if the file does not carry it.")] = None,
    rules: RulesOpt = None,
    show_blank: Annotated[bool, typer.Option("--blank", help="Also list blank lines.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable verdicts.")] = False,
    no_despin: Annotated[bool, typer.Option("--no-despin", help="Explain without de-spinning.")] = False,
) -> None:
    """Show every input line with its verdict (kept, removed, changed) and the rule or evidence."""
    if not file.is_file():
        _usage(f"{file} is not a file")
    config = dataclasses.replace(_config(rules, no_despin, False, DEFAULT_MAX_BYTES), evidence=True)
    try:
        doc = read_dump(file.resolve(), file.resolve().parent, max_bytes=config.max_bytes)
    except SourceError as exc:
        err.print(f"[bold red]error:[/] {escape(str(file))}: {escape(str(exc))}")
        raise typer.Exit(1) from None
    if url:
        doc.url = url
    result = clean_document(doc, config)
    if as_json:
        rows = [
            {
                "line": v.index + 1,
                "action": v.action,
                "rule": v.rule,
                "reason": v.reason,
                "text": v.text,
                "new_text": v.new_text,
                "evidence": v.evidence,
            }
            for v in result.lines
            if show_blank or v.text.strip()
        ]
        payload = {
            "id": result.id,
            "site": result.site,
            "title": result.title,
            "url": result.url,
            "spin": result.spin,
            "lines": rows,
            "changes": [c.__dict__ for c in result.changes],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    out.print(f"[bold]{escape(str(file))}[/]  site={escape(result.site or '-')}  title={escape(result.title or '-')}")
    if result.spin:
        out.print(f"spin: {result.spin}", markup=False)
    changes_by_line: dict[int, list] = {}
    for change in result.changes:
        changes_by_line.setdefault(change.line, []).append(change)
    style = {"kept": "green", "removed": "red", "changed": "yellow"}
    for v in result.lines:
        if not v.text.strip() and not show_blank:
            continue
        mark = {"kept": "+", "removed": "-", "changed": "~"}[v.action]
        why = v.rule or ""
        if v.reason and v.reason != why:
            why = f"{why}: {v.reason}" if why else v.reason
        ev = ""
        if v.evidence:
            e = v.evidence
            row = ", announced table row" if e.get("table_row") else ""
            ev = f" [dim](score {e.get('score')}{row}, words {e.get('words')}, {'in' if e.get('region') else 'out of'} region)[/]"
        out.print(f"[{style[v.action]}]{mark} {v.index + 1:>4}[/] [dim]{escape(why)}[/]{ev}")
        out.print(f"       {v.text.strip()}", markup=False, highlight=False)
        for change in changes_by_line.get(v.index, []):
            out.print(
                f"       [yellow]{escape(change.rule)}[/]: {escape(repr(change.old))} → {escape(repr(change.new))}"
            )
    kept = sum(1 for v in result.lines if v.action != REMOVED and v.text.strip())
    out.print(f"[bold]{kept}[/] lines kept of {sum(1 for v in result.lines if v.text.strip())}")


@app.command("rules")
def list_rules(
    rules: RulesOpt = None,
    site: Annotated[str | None, typer.Option("--site", help="Only this site's rules (name or host).")] = None,
) -> None:
    """List the rules in force (bundled plus --rules folders): id, kind, file and purpose."""
    ruleset = rules_for(_config(rules, False, False, DEFAULT_MAX_BYTES))
    table = Table(title="rules", show_lines=False)
    for column in ("id", "kind", "file", "description"):
        table.add_column(column, overflow="fold")

    def add(*cells: str) -> None:
        table.add_row(*(escape(str(c)) for c in cells))

    if site is None:
        for rule in ruleset.generic:
            add(rule.id, rule.kind, Path(rule.file).name, rule.description)
    sites = ruleset.sites if site is None else [s for s in ruleset.sites if s.name == site or s.matches_host(site)]
    if site is not None and not sites:
        _usage(f"no site rules for {site!r}; known sites: {', '.join(s.name for s in ruleset.sites) or 'none'}")
    for entry in sites:
        hosts = ", ".join(entry.hosts) or "-"
        add(f"site {entry.name}", "site", Path(entry.file).name, f"hosts: {hosts}")
        for rule in entry.rules:
            add(rule.id, rule.kind, Path(rule.file).name, rule.description)
        if entry.html.remove or entry.html.article:
            html = f"remove {list(entry.html.remove)}; article {entry.html.article!r}"
            add(f"site.{entry.name}.html", "html", Path(entry.file).name, html)
    out.print(table)


@golden_app.command("check")
def golden_check(
    directory: Annotated[Path, typer.Argument(help="Folder of golden cases.")] = Path("golden"),
    update: Annotated[
        bool, typer.Option("--update", help="Rewrite expected outputs from the current behaviour.")
    ] = False,
) -> None:
    """Clean every case's input and diff it against its expected output."""
    if not directory.is_dir():
        _usage(f"golden folder {directory} does not exist")
    cases = golden_cases.discover(directory)
    if not cases:
        _usage(f"no golden cases under {directory}")
    failed = 0
    for case in cases:
        try:
            problems = golden_cases.check(case, update=update)
        except (RuleError, SourceError, golden_cases.GoldenError) as exc:
            problems = [str(exc)]
        if problems:
            failed += 1
            out.print(f"[red]FAIL[/] {escape(case.name)}")
            for problem in problems:
                out.print(problem, markup=False, highlight=False, soft_wrap=True)
        else:
            out.print(f"[green]ok[/]   {escape(case.name)}" + ("  (updated)" if update else ""))
    out.print(f"{len(cases) - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()
