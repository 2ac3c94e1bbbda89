"""Render the AEB HTML pages into whole-page text dumps with other renderers.

The shared benchmark's dumps (``aeb/dump``) were all made with one renderer (the
``html-text`` library). Scrapers in the wild use others, and each lays out menus,
lists, tables and inline links differently. This script renders the same HTML pages
with several renderers, so that a change to the dump cleaner can be checked for
generalisation across renderers, not only on the one it was tuned on:

* ``html-text``: the ``html-text`` library, the renderer of ``aeb/dump`` (for new page sets);
* ``bs4``: BeautifulSoup ``get_text("\\n")`` on the whole page with script, style,
  noscript and template removed (every text node on its own line);
* ``trafilatura``: trafilatura's ``html2txt`` (whole-page text, its basic cleaning);
* ``inscriptis``: inscriptis ``get_text`` (a layout-aware text rendering);
* ``html2text``: html2text (Markdown, links and images inline, no hard wrapping).

A renderer whose library is not installed is skipped with a warning. These
libraries are for benchmarking only, not runtime dependencies of the cleaner.

Usage::

    python benchmarks/render_dumps.py [OUT] [--html DIR] [--renderers bs4 trafilatura ...]

writes ``OUT/<renderer>/ID.txt`` (default ``/tmp/aeb-renders``). The html-text,
trafilatura and html2text dumps start with the page title (``<title>``), as ``aeb/dump``
does; bs4 writes the title where the page has it (after blank lines) and inscriptis leaves
it out, as those renderers do in the wild. Then e.g.::

    python -m cleaner.bench --input /tmp/aeb-renders/bs4 --gold ../shared/bench/aeb/gold \\
        --urls ../shared/bench/aeb/urls.json --methods raw c4 cleaner-nobatch
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Callable
from pathlib import Path

DEFAULT_HTML = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "aeb" / "html"
DEFAULT_OUT = Path("/tmp/aeb-renders")


def _title(html: str) -> str:
    from lxml import html as lh

    try:
        tree = lh.fromstring(html)
    except Exception:
        return ""
    found = tree.find(".//title")
    return " ".join((found.text_content() if found is not None else "").split())


def render_html_text(html: str) -> str:
    import html_text

    return _title(html) + "\n" + html_text.extract_text(html)


def render_bs4(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return soup.get_text("\n")


def render_trafilatura(html: str) -> str:
    from trafilatura import html2txt

    return _title(html) + "\n" + html2txt(html)


def render_inscriptis(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


def render_html2text(html: str) -> str:
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0  # no hard wrapping
    return _title(html) + "\n\n" + h.handle(html)


RENDERERS: dict[str, Callable[[str], str]] = {
    "html-text": render_html_text,
    "bs4": render_bs4,
    "trafilatura": render_trafilatura,
    "inscriptis": render_inscriptis,
    "html2text": render_html2text,
}
MODULES = {
    "html-text": "html_text",
    "bs4": "bs4",
    "trafilatura": "trafilatura",
    "inscriptis": "inscriptis",
    "html2text": "html2text",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--html", type=Path, default=DEFAULT_HTML, help="folder of ID.html.gz pages")
    ap.add_argument(
        "--renderers", nargs="+", choices=list(RENDERERS), default=[r for r in RENDERERS if r != "html-text"]
    )
    args = ap.parse_args(argv)
    pages = sorted(args.html.glob("*.html*"))
    if not pages:
        print(f"no HTML pages in {args.html}", file=sys.stderr)
        return 2
    for name in args.renderers:
        try:
            __import__(MODULES[name])
        except ImportError:
            print(f"warning: {name} is not installed, skipped", file=sys.stderr)
            continue
        folder = args.out / name
        folder.mkdir(parents=True, exist_ok=True)
        failed = 0
        for path in pages:
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            html = data.decode("utf-8", errors="replace")
            try:
                text = RENDERERS[name](html)
            except Exception as exc:  # a renderer failing on one page leaves it out, reported
                failed += 1
                print(f"warning: {name} failed on {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            (folder / (path.name.split(".", 1)[0] + ".txt")).write_text(text, encoding="utf-8")
        print(f"{name}: {len(pages) - failed} pages -> {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
