"""Clean a Hugging Face ``datasets.Dataset`` with ``map(batched=True, num_proc=N)``.

>>> cleaner = batch_cleaner(text_column="raw", output_column="text")
>>> raw = "خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.\\nالمصدر: واس"
>>> columns = cleaner({"raw": [raw]})
>>> columns["text"], columns["arclean_metadata"][0]["sources"]
(['خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.'], ['واس'])

The function is a picklable object (its pipeline pickles as its config), so ``num_proc`` workers
and ``datasets``' fingerprinting both work. Pass ``features=cleaner.features(dataset.features)``
to ``map`` (or call :func:`clean_dataset`, which does) to fix the column types up front: without
it a batch whose metadata lists are all empty is inferred as lists of nulls, and the next batch
fails with "Couldn't cast array of type string to null". This module does not import
``datasets`` until :meth:`BatchCleaner.features` is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arclean.models import PipelineConfig
from arclean.pipeline import Pipeline

__all__ = ["BatchCleaner", "batch_cleaner", "clean_dataset"]

METADATA_FIELDS = ("title", "date", "authors", "sources", "tags", "read_also", "related")
SPAN_FIELDS = ("start", "end", "kind", "rule", "text")


class BatchCleaner:
    """A ``Dataset.map(batched=True)`` function: a batch (dict of columns) in, new columns out.

    Columns written: ``output_column`` (the clean text; replaces ``text_column`` when they are the
    same), ``{prefix}metadata`` (a struct of the metadata fields), ``{prefix}removed_chars``
    (characters removed) and, with ``spans=True``, ``{prefix}removed`` (a list of span structs).
    """

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        text_column: str = "text",
        output_column: str | None = None,
        metadata: bool = True,
        spans: bool = False,
        prefix: str = "arclean_",
        site_column: str | None = None,
        url_column: str | None = None,
    ) -> None:
        self.pipeline = pipeline
        #: corpus mode: the columns naming each row's site or URL (for ``pipeline.with_templates``)
        self.site_column, self.url_column = site_column, url_column
        self.text_column = text_column
        self.output_column = output_column or text_column
        self.metadata = metadata
        self.spans = spans
        self.prefix = prefix

    def __call__(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        texts = batch[self.text_column]
        columns: dict[str, list[Any]] = {self.output_column: [], f"{self.prefix}removed_chars": []}
        if self.metadata:
            columns[f"{self.prefix}metadata"] = []
        if self.spans:
            columns[f"{self.prefix}removed"] = []
        sites = _sites(batch, self.site_column, self.url_column, len(texts))
        for text, site in zip(texts, sites, strict=True):
            result = self.pipeline.clean(text, site=site)
            columns[self.output_column].append(result.text)
            columns[f"{self.prefix}removed_chars"].append(sum(r.end - r.start for r in result.removed))
            if self.metadata:
                columns[f"{self.prefix}metadata"].append(result.metadata.model_dump(mode="json"))
            if self.spans:
                columns[f"{self.prefix}removed"].append([removal.model_dump() for removal in result.removed])
        return columns

    def features(self, input_features: Any) -> Any:
        """``datasets.Features`` of the mapped dataset: ``input_features`` plus the new columns."""
        from datasets import Features, List, Value

        text = Value("string")
        added: dict[str, Any] = {self.output_column: text, f"{self.prefix}removed_chars": Value("int64")}
        if self.metadata:
            added[f"{self.prefix}metadata"] = {
                name: text if name in ("title", "date") else List(text) for name in METADATA_FIELDS
            }
        if self.spans:
            span = {name: Value("int64") if name in ("start", "end") else text for name in SPAN_FIELDS}
            added[f"{self.prefix}removed"] = List(span)
        return Features({**input_features, **added})


def _sites(batch: Mapping[str, list[Any]], site_column: str | None, url_column: str | None, rows: int) -> list[str | None]:
    """Each row's site: its ``site_column`` value, else its ``url_column`` value (None: no template)."""
    sites: list[str | None] = [None] * rows
    for name in (url_column, site_column):  # the site column, read last, wins
        if name:
            for row, value in enumerate(batch[name]):
                if isinstance(value, str) and value.strip():
                    sites[row] = value
    return sites


def batch_cleaner(
    config: PipelineConfig | Mapping[str, Any] | str | None = None,
    *,
    text_column: str = "text",
    output_column: str | None = None,
    metadata: bool = True,
    spans: bool = False,
    prefix: str = "arclean_",
    templates: Any = None,
    site_column: str | None = None,
    url_column: str | None = None,
) -> BatchCleaner:
    """A :class:`BatchCleaner` for the given pipeline config (None = the default pipeline).

    Corpus mode: ``templates`` (``SiteTemplates`` or a template file's path) with ``site_column``
    and/or ``url_column`` naming each row's site.
    """
    pipeline = Pipeline.default() if config is None else Pipeline.from_config(config)
    if templates is not None:
        pipeline = pipeline.with_templates(templates)
    return BatchCleaner(
        pipeline,
        text_column=text_column,
        output_column=output_column,
        metadata=metadata,
        spans=spans,
        prefix=prefix,
        site_column=site_column,
        url_column=url_column,
    )


def clean_dataset(dataset: Any, cleaner: BatchCleaner | None = None, **map_kwargs: Any) -> Any:
    """``dataset.map`` with ``cleaner`` (default: :func:`batch_cleaner`), batched and typed.

    Extra keyword arguments go to ``Dataset.map`` (``num_proc``, ``batch_size``, ``desc``, ...).
    """
    cleaner = cleaner or batch_cleaner()
    map_kwargs.setdefault("features", cleaner.features(dataset.features))
    return dataset.map(cleaner, batched=True, **map_kwargs)
