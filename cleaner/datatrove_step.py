"""A datatrove pipeline step that runs `cleaner` on every document (``pip install cleaner[datatrove]``).

Executors pickle the pipeline (dill for Slurm, cloudpickle for Ray, forkserver
for local workers), so ``__init__`` keeps only plain settings and a frozen
`Config`. Rules are loaded in ``run()``, once per worker process, through the
pipeline's per-process cache.

Example::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove_step import CleanerStep

    LocalPipelineExecutor(
        pipeline=[JsonlReader("raw/"), CleanerStep(keep_empty=False), JsonlWriter("clean/")],
        tasks=4,
        logging_dir="logs/",
    ).run()
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

try:
    from datatrove.data import Document as DatatroveDocument
    from datatrove.data import DocumentsPipeline
    from datatrove.io import get_datafolder
    from datatrove.pipeline.base import PipelineStep
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("cleaner.datatrove_step needs datatrove: pip install 'cleaner[datatrove]'") from exc

from cleaner.model import Document, Result
from cleaner.pipeline import Config, clean_document, rules_for
from cleaner.stats import BatchStats, site_key

HtmlMode = Literal["auto", "always", "never"]

# A document "looks like HTML" when it opens with a tag that only markup starts with.
_LOOKS_HTML = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]",
    re.I | re.S,
)

REPORT_FIELDS = ("title", "site", "lines_removed", "rules", "spin")


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page or fragment (checks the first 4 KB only)."""
    return bool(_LOOKS_HTML.match(text[:4096]))


class CleanerStep(PipelineStep):
    """Replace ``doc.text`` with cleaner's canonical article text and add the report fields to metadata.

    Args:
        config: cleaning settings (rules folders, heuristics, de-spinning); picklable.
        keep_empty: keep documents whose clean text is empty (with ``text == ""``)
            instead of dropping them.
        html: ``"auto"`` treats the text as HTML when ``metadata[html_key]`` says so
            or, without that key, when it looks like HTML; ``"always"``/``"never"`` force it.
        url_key / html_key: metadata keys for the page URL and the is-HTML flag.
        metadata_prefix: prefix for the report keys (``title``, ``site``, ``lines_removed``,
            ``rules``, ``spin``), to avoid clashing with the reader's metadata.
        stats_folder: where a `FurnitureStatsStep` stage wrote its per-site line counts;
            lines recurring on a site's pages are then dropped as ``batch.repeated``.
    """

    name = "🧹 cleaner"
    type = "✂️ - EXTRAC"

    def __init__(
        self,
        config: Config | None = None,
        *,
        keep_empty: bool = False,
        html: HtmlMode = "auto",
        url_key: str = "url",
        html_key: str = "is_html",
        metadata_prefix: str = "",
        stats_folder: str | None = None,
    ) -> None:
        super().__init__()
        if html not in ("auto", "always", "never"):
            raise ValueError(f"html must be 'auto', 'always' or 'never', not {html!r}")
        self.config = config or Config()
        self.keep_empty = keep_empty
        self.html = html
        self.url_key = url_key
        self.html_key = html_key
        self.metadata_prefix = metadata_prefix
        self.stats_folder = stats_folder
        self._stats: BatchStats | None = None
        self._furniture: dict[str | None, frozenset[int]] | None = None

    def is_html(self, doc: DatatroveDocument) -> bool:
        if self.html != "auto":
            return self.html == "always"
        flag = doc.metadata.get(self.html_key)
        if flag is not None:
            return bool(flag)
        return looks_like_html(doc.text)

    def furniture_for(self, doc: DatatroveDocument) -> frozenset[int]:
        """Keys of the lines that recur on this document's site, from the statistics stage."""
        if self._furniture is None:
            return frozenset()
        url = doc.metadata.get(self.url_key)
        site = site_key(str(url) if url else None, None)
        if site not in self._furniture:
            self._furniture[site] = self._stats.furniture(site) if self._stats else frozenset()
        return self._furniture[site]

    def _load_stats(self) -> None:
        """Merge every worker's counts from the statistics stage (once per process)."""
        if self.stats_folder is None or self._furniture is not None:
            return
        folder = get_datafolder(self.stats_folder)
        stats = BatchStats()
        for path in folder.list_files(glob_pattern="*.json.gz"):
            with folder.open(path, "rt", compression="gzip") as handle:
                stats.merge_json(json.load(handle))
        self._stats, self._furniture = stats, {}

    def clean(self, doc: DatatroveDocument) -> Result:
        """Clean one datatrove document (text or HTML) into a cleaner Result."""
        url = doc.metadata.get(self.url_key)
        url = str(url) if url else None
        source = doc.metadata.get("file_path")
        if self.is_html(doc):
            ours = Document(id=str(doc.id), html=doc.text, url=url, source=source)
        else:
            ours = Document(id=str(doc.id), text=doc.text, url=url, source=source)
        return clean_document(ours, self.config, self.furniture_for(doc))

    def report(self, result: Result) -> dict[str, Any]:
        row = result.report_row()
        return {self.metadata_prefix + key: row[key] for key in REPORT_FIELDS}

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        rules_for(self.config)  # load (and validate) rules in this worker, not at construction
        self._load_stats()
        for doc in data or ():
            self.stat_update("total")
            with self.track_time():
                try:
                    result = self.clean(doc)
                except Exception as exc:  # one bad page must not kill a cluster task
                    self.stat_update("errors")
                    doc.metadata[self.metadata_prefix + "cleaner_error"] = f"{type(exc).__name__}: {exc}"
                    if self.keep_empty:
                        doc.text = ""
                        yield doc
                    continue
            doc.text = result.text
            doc.metadata.update(self.report(result))
            if not result.text:
                self.stat_update("empty")
                if not self.keep_empty:
                    self.stat_update("dropped")
                    continue
            self.stat_update("forwarded")
            self.update_doc_stats(doc)
            yield doc


class FurnitureStatsStep(PipelineStep):
    """First stage of batch statistics: count, per site, on how many pages each short
    line occurs, and write one gzipped JSON file of counts per task to ``output_folder``.

    A second stage passes the same folder as ``CleanerStep(stats_folder=...)``; with
    datatrove's executors, make it depend on this one (``depends=``).
    """

    name = "🧹 cleaner line statistics"
    type = "📊 - STATS"

    def __init__(self, output_folder: str, url_key: str = "url", html_key: str = "is_html") -> None:
        super().__init__()
        self.output_folder = output_folder
        self.url_key = url_key
        self.html_key = html_key

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        stats = BatchStats()
        for doc in data or ():
            self.stat_update("total")
            if doc.metadata.get(self.html_key) or looks_like_html(doc.text):
                continue
            url = doc.metadata.get(self.url_key)
            stats.add(site_key(str(url) if url else None, None), doc.text)
        folder = get_datafolder(self.output_folder)
        with folder.open(f"{rank:05d}.json.gz", "wt", compression="gzip") as handle:
            json.dump(stats.to_json(), handle)
        yield from ()
