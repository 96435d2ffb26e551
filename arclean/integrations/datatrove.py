"""A datatrove pipeline step that cleans ``doc.text`` with arclean.

>>> import pytest; _ = pytest.importorskip("datatrove")  # the suite runs without the extra installed
>>> from datatrove.data import Document
>>> step = ArcleanCleaner()
>>> raw = "خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.\\nالمصدر: واس"
>>> [doc] = step.run([Document(text=raw, id="1")])
>>> doc.text, doc.metadata["arclean"]["metadata"]["sources"]
('خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.', ['واس'])

The step keeps datatrove's habits: it streams (a generator), and counts what it did per reason
with ``stat_update`` (``removed_<kind>`` spans, ``removed_chars``, ``emptied``). Unlike datatrove's
own formatters it can keep every removed span (``store_spans=True``) rather than only counters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from arclean.batch import RESULT_KEY, result_payload
from arclean.models import PipelineConfig
from arclean.pipeline import Pipeline

try:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
except ImportError as error:  # keep this module importable (docs, doctest collection) without datatrove
    _IMPORT_ERROR: ImportError | None = error
    PipelineStep = object  # type: ignore[assignment,misc]
    Document = Any  # type: ignore[assignment,misc]
else:
    _IMPORT_ERROR = None

__all__ = ["ArcleanCleaner"]


class ArcleanCleaner(PipelineStep):
    """Clean each document's text; put metadata and a removal summary in ``doc.metadata``.

    Args:
        config: the pipeline (a ``PipelineConfig``, its dict or JSON); None = the default pipeline.
        store_metadata: add ``doc.metadata[metadata_key]["metadata"]`` (title, date, authors, ...).
        store_spans: also add every removed span (``start``/``end`` into the original text, kind,
            rule, text). Off by default: it roughly doubles the size of what a writer stores.
        metadata_key: the ``doc.metadata`` key for all of the above (plus ``removed_by_kind``).
        raw_text_key: if set, keep the original text in ``doc.metadata[raw_text_key]``.
        drop_empty: drop documents whose clean text is empty (counted as ``emptied``), instead of
            passing them on with ``text == ""``.
        templates / site_key / url_key: corpus mode: learned site templates (a template file, or
            the folder an ``ArcleanTemplateLearner`` step wrote, read when the step starts) and the
            ``doc.metadata`` fields naming a document's site or URL (see ``datatrove_templates``).
    """

    name = "🧹 arclean"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        config: PipelineConfig | Mapping[str, Any] | str | None = None,
        *,
        store_metadata: bool = True,
        store_spans: bool = False,
        metadata_key: str = RESULT_KEY,
        raw_text_key: str | None = None,
        drop_empty: bool = False,
        templates: Any = None,
        site_key: str | None = "site",
        url_key: str | None = None,
    ) -> None:
        if _IMPORT_ERROR is not None:
            raise ImportError("ArcleanCleaner needs datatrove: pip install 'arclean[datatrove]'") from _IMPORT_ERROR
        super().__init__()
        self.pipeline = Pipeline.default() if config is None else Pipeline.from_config(config)
        self.store_metadata = store_metadata
        self.store_spans = store_spans
        self.metadata_key = metadata_key
        self.raw_text_key = raw_text_key
        self.drop_empty = drop_empty
        self.templates, self.site_key, self.url_key = templates, site_key, url_key

    def clean_document(self, doc: Document) -> Document:
        """Clean one document in place and count what was removed; returns it."""
        site = None
        if self.templates is not None:
            from arclean.integrations.datatrove_templates import document_site, load_templates

            if self.pipeline.templates is None:  # loaded in the worker, after the learn step ran
                loaded = self.templates if hasattr(self.templates, "mark") else load_templates(self.templates)
                self.pipeline = self.pipeline.with_templates(loaded)
            site = document_site(doc, self.site_key, self.url_key)
        result = self.pipeline.clean(doc.text, site=site)
        if self.raw_text_key:
            doc.metadata[self.raw_text_key] = doc.text
        payload = result_payload(result, metadata=self.store_metadata, spans=self.store_spans)
        doc.metadata[self.metadata_key] = payload
        for kind, count in payload["removed_by_kind"].items():
            self.stat_update(f"removed_{kind}", value=count)
        self.stat_update("removed_chars", value=sum(r.end - r.start for r in result.removed))
        doc.text = result.text
        return doc

    def run(self, data: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """Stream documents through arclean (datatrove calls this once per task)."""
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                doc = self.clean_document(doc)
            if not doc.text:
                self.stat_update("emptied")
                if self.drop_empty:
                    continue
            yield doc
