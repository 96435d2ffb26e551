"""A datatrove pipeline step that cleans ``doc.text`` with arclean.

>>> import pytest; _ = pytest.importorskip("datatrove")  # the suite runs without the extra installed
>>> from datatrove.data import Document
>>> step = ArcleanCleaner()
>>> raw = "خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.\\nالمصدر: واس"
>>> [doc] = step.run([Document(text=raw, id="1")])
>>> doc.text, doc.metadata["arclean"]["metadata"]["sources"]
('خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.', ['واس'])
>>> {name: step.stats[name].total for name in ("total", "forwarded", "removed_source")}
{'total': 1, 'forwarded': 1, 'removed_source': 1}

The step keeps datatrove's habits: it streams (a generator); it counts documents under datatrove's
own names (``StatHints``: ``total``, ``forwarded``, ``dropped``, and ``dropped_<reason>`` as its
filters do), plus what it removed (``removed_<kind>`` spans, ``removed_chars``, ``emptied``); and a
dropped document can go to an ``exclusion_writer`` with ``doc.metadata["filter_reason"]``. Unlike
datatrove's own formatters it can keep every removed span (``store_spans=True``), not only counters.

One bad document does not fail the task unless asked to: ``on_error`` is the CLI's policy
(``fail`` raises :class:`DocumentError` naming the document, ``skip`` drops it as
``dropped_error``, ``keep`` passes it on unchanged); every failure is counted as ``errors``,
logged with the document's id, and recorded in ``doc.metadata[metadata_key]["error"]``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from arclean.batch import RESULT_KEY, result_payload
from arclean.integrations import check_on_error, json_type_name
from arclean.models import CleanResult, PipelineConfig
from arclean.pipeline import Pipeline

try:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # keep this module importable (docs, doctest collection) without datatrove
    _IMPORT_ERROR: ImportError | None = error
    PipelineStep = object
    Document = Any
else:
    _IMPORT_ERROR = None

__all__ = ["ArcleanCleaner", "DocumentError"]

#: ``dropped_<reason>`` / ``doc.metadata["filter_reason"]`` for the two ways a document is dropped
EMPTY, ERROR = "empty", "error"


class DocumentError(ValueError):
    """A document arclean could not clean; ``str()`` names the document (id and file) and the problem."""

    def __init__(self, document: str, problem: str) -> None:
        super().__init__(f"{document}: {problem}")
        self.document = document
        self.problem = problem

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt from both arguments, so it crosses process boundaries
        return (DocumentError, (self.document, self.problem))


class ArcleanCleaner(PipelineStep):
    """Clean each document's text; put metadata and a removal summary in ``doc.metadata``.

    Args:
        config: the pipeline (a ``PipelineConfig``, its dict or JSON); None = the default pipeline.
        store_metadata: add ``doc.metadata[metadata_key]["metadata"]`` (title, date, authors, ...).
        store_spans: also add every removed span (``start``/``end`` into the original text, kind,
            rule, text). Off by default: it roughly doubles the size of what a writer stores.
        metadata_key: the ``doc.metadata`` key for all of the above (plus ``removed_by_kind``).
        raw_text_key: if set, keep the original text in ``doc.metadata[raw_text_key]``.
        drop_empty: drop documents whose clean text is empty (``dropped_empty``), instead of
            passing them on with ``text == ""`` (counted as ``emptied``).
        on_error: what a document that cannot be cleaned (text not a string, a cleaner raising)
            does: ``"fail"`` stops the task with :class:`DocumentError`, ``"skip"`` drops it,
            ``"keep"`` passes it on unchanged.
        exclusion_writer: a datatrove writer for dropped documents (empty or failed), as datatrove's
            filters take. They are written with their original text, ``filter_reason`` (``empty`` or
            ``error``) and what arclean found under ``metadata_key``.
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
        on_error: str = "fail",
        exclusion_writer: Any = None,
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
        self.on_error = check_on_error(on_error)
        self.exclusion_writer = exclusion_writer
        self.templates, self.site_key, self.url_key = templates, site_key, url_key

    def clean_document(self, doc: Document) -> Document:
        """Clean one document in place and count what was removed; returns it.

        Raises :class:`DocumentError` (and leaves the document untouched) if it cannot be cleaned.
        """
        result = self._clean(doc)
        raw = doc.text
        if self.raw_text_key:
            doc.metadata[self.raw_text_key] = raw
        payload = result_payload(result, metadata=self.store_metadata, spans=self.store_spans)
        doc.metadata[self.metadata_key] = payload
        for kind, count in payload["removed_by_kind"].items():
            self.stat_update(f"removed_{kind}", value=count)
        self.stat_update("removed_chars", value=sum(r.end - r.start for r in result.removed))
        doc.text = result.text
        return doc

    def _clean(self, doc: Document) -> CleanResult:
        if not isinstance(doc.text, str):
            raise DocumentError(self._name(doc), f"text is {json_type_name(doc.text)}, expected a string")
        try:
            site = self._site(doc)  # first: it may load the templates into self.pipeline
            return self.pipeline.clean(doc.text) if site is None else self.pipeline.clean(doc.text, site=site)
        except Exception as error:  # a bug in a cleaner must not cost the whole shard
            raise DocumentError(self._name(doc), f"cleaning failed: {type(error).__name__}: {error}") from error

    def _site(self, doc: Document) -> str | None:
        """Corpus mode: the document's site (None without templates), the templates loaded once
        per worker (after the learn step ran, not when the pipeline was built)."""
        if self.templates is None:
            return None
        from arclean.integrations.datatrove_templates import document_site, load_templates

        if self.pipeline.templates is None:
            loaded = self.templates if hasattr(self.templates, "mark") else load_templates(self.templates)
            self.pipeline = self.pipeline.with_templates(loaded)
        return document_site(doc, self.site_key, self.url_key)

    @staticmethod
    def _name(doc: Document) -> str:
        source = doc.metadata.get("file_path")
        return f"document {doc.id!r}" + (f" ({source})" if source else "")

    def run(self, data: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """Stream documents through arclean (datatrove calls this once per task)."""
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for doc in data:
                self.stat_update(StatHints.total)
                raw = doc.text
                try:
                    with self.track_time():
                        doc = self.clean_document(doc)
                except DocumentError as error:
                    self.stat_update("errors")
                    doc.metadata[self.metadata_key] = {"error": str(error)}
                    if self.on_error == "fail":
                        raise
                    logger.warning(f"arclean: {error}; {'skipped' if self.on_error == 'skip' else 'kept unchanged'}")
                    if self.on_error == "skip":
                        self._drop(doc, ERROR, writer, rank)
                        continue
                else:
                    if not doc.text:
                        if self.drop_empty:
                            doc.text = raw  # the exclusion writer keeps what was dropped, not an empty string
                            self._drop(doc, EMPTY, writer, rank)
                            continue
                        self.stat_update("emptied")
                self.stat_update(StatHints.forwarded)
                if isinstance(doc.text, str):  # a document kept unchanged after an error may not have text
                    self.update_doc_stats(doc)
                yield doc

    def _drop(self, doc: Document, reason: str, writer: Any, rank: int) -> None:
        self.stat_update(StatHints.dropped, f"dropped_{reason}")
        if writer is not None:
            doc.metadata["filter_reason"] = reason
            writer.write(doc, rank)
