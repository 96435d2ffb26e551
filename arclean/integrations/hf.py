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

from arclean.models import Metadata, PipelineConfig
from arclean.pipeline import Pipeline

__all__ = ["BatchCleaner", "batch_cleaner", "clean_dataset"]

METADATA_FIELDS = tuple(Metadata.model_fields)
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
    ) -> None:
        self.pipeline = pipeline
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
        for text in texts:
            result = self.pipeline.clean(text)
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
            added[f"{self.prefix}metadata"] = _model_features(Metadata, Value, List)
        if self.spans:
            span = {name: Value("int64") if name in ("start", "end") else text for name in SPAN_FIELDS}
            added[f"{self.prefix}removed"] = List(span)
        return Features({**input_features, **added})


def _model_features(model: Any, value: Any, sequence: Any) -> dict[str, Any]:
    """``datasets`` feature types of a frozen pydantic model, read from its field annotations:
    strings, tuples of strings, tuples of nested models (so new metadata fields need no edit here)."""
    import typing

    features: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) is tuple:
            item = typing.get_args(annotation)[0]
            is_model = isinstance(item, type) and hasattr(item, "model_fields")
            features[name] = sequence(_model_features(item, value, sequence) if is_model else value("string"))
        else:
            features[name] = value("string")
    return features


def batch_cleaner(
    config: PipelineConfig | Mapping[str, Any] | str | None = None,
    *,
    text_column: str = "text",
    output_column: str | None = None,
    metadata: bool = True,
    spans: bool = False,
    prefix: str = "arclean_",
) -> BatchCleaner:
    """A :class:`BatchCleaner` for the given pipeline config (None = the default pipeline)."""
    pipeline = Pipeline.default() if config is None else Pipeline.from_config(config)
    return BatchCleaner(
        pipeline, text_column=text_column, output_column=output_column, metadata=metadata, spans=spans, prefix=prefix
    )


def clean_dataset(dataset: Any, cleaner: BatchCleaner | None = None, **map_kwargs: Any) -> Any:
    """``dataset.map`` with ``cleaner`` (default: :func:`batch_cleaner`), batched and typed.

    Extra keyword arguments go to ``Dataset.map`` (``num_proc``, ``batch_size``, ``desc``, ...).
    """
    cleaner = cleaner or batch_cleaner()
    map_kwargs.setdefault("features", cleaner.features(dataset.features))
    return dataset.map(cleaner, batched=True, **map_kwargs)
