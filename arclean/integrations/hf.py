"""Clean a Hugging Face ``datasets.Dataset`` with ``map(batched=True, num_proc=N)``.

>>> cleaner = batch_cleaner(text_column="raw", output_column="text")
>>> raw = "خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.\\nالمصدر: واس"
>>> columns = cleaner({"raw": [raw]})
>>> columns["text"], columns["arclean_metadata"][0]["sources"], columns["arclean_removed_by_kind"]
(['خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع درجات الحرارة.'], ['واس'], [[{'kind': 'source', 'count': 1}]])

The function is a picklable object (its pipeline pickles as its config), so ``num_proc`` workers
and ``datasets``' fingerprinting both work; the fingerprint also covers arclean's version and its
data files, so a cached result is never reused across an upgrade or an edited cue list. Pass
``features=cleaner.features(dataset.features)`` to ``map`` (or call :func:`clean_dataset`, which
does) to fix the column types up front: without it a batch whose metadata lists are all empty is
inferred as lists of nulls, and the next batch fails with "Couldn't cast array of type string to
null". This module does not import ``datasets`` until it is given a dataset or asked for features.

A row whose text is not a string (a null, a number) or whose cleaning fails is handled by
``on_error``, as in ``arclean clean --on-error``: ``fail`` raises :class:`RowError` naming the row,
``skip`` drops the row and logs its index and reason (logger ``arclean``), ``keep`` passes the row
through unchanged with the reason in the ``{prefix}error`` column.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from arclean.integrations import check_on_error, fingerprint, json_type_name
from arclean.models import CleanResult, Metadata, PipelineConfig
from arclean.pipeline import Pipeline

__all__ = ["BatchCleaner", "RowError", "batch_cleaner", "clean_dataset"]

logger = logging.getLogger("arclean")

METADATA_FIELDS = tuple(Metadata.model_fields)
SPAN_FIELDS = ("start", "end", "kind", "rule", "text")
_EMPTY_METADATA = Metadata().model_dump(mode="json")


class RowError(ValueError):
    """A row arclean could not clean; ``str()`` names the row and the problem."""

    def __init__(self, row: str, problem: str) -> None:
        super().__init__(f"{row}: {problem}")
        self.row = row
        self.problem = problem

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt from both arguments, so it crosses num_proc workers
        return (RowError, (self.row, self.problem))


class BatchCleaner:
    """A ``Dataset.map(batched=True)`` function: a batch (dict of columns) in, new columns out.

    Columns written: ``output_column`` (the clean text; replaces ``text_column`` when they are the
    same), ``{prefix}metadata`` (a struct of the metadata fields), ``{prefix}removed_chars``
    (characters removed), ``{prefix}removed_by_kind`` (a list of ``{kind, count}``, one per kind
    removed), with ``spans=True`` ``{prefix}removed`` (a list of span structs) and, with
    ``on_error="keep"``, ``{prefix}error`` (null, or why the row was passed through unchanged).

    Called with ``with_indices=True`` (as :func:`clean_dataset` does) errors name the dataset row;
    otherwise they name the row within its batch. With ``on_error="skip"`` every input column is
    returned too, since ``datasets`` accepts a batch that shrinks only when it gets all columns back.
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
        on_error: str = "fail",
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
        self.on_error = check_on_error(on_error)
        #: arclean's version and data digest: part of the pickled state, hence of ``datasets``' cache key
        self.fingerprint = fingerprint()

    def __call__(self, batch: Mapping[str, list[Any]], indices: Sequence[int] | None = None) -> dict[str, list[Any]]:
        if self.text_column not in batch:
            raise RowError("batch", f"no column {self.text_column!r} (columns: {', '.join(map(repr, batch))})")
        texts = batch[self.text_column]
        columns: dict[str, list[Any]] = {name: [] for name in self._column_names()}
        kept_rows: list[int] = []
        sites = _sites(batch, self.site_column, self.url_column, len(texts))
        for position, text in enumerate(texts):
            try:
                result = self._clean(text, position, indices, sites[position])
            except RowError as error:
                if self.on_error == "fail":
                    raise
                if self.on_error == "skip":
                    logger.warning("%s; skipped", error)
                    continue
                self._append_kept(columns, text, str(error))
            else:
                self._append(columns, result)
            kept_rows.append(position)
        if self.on_error == "skip":
            passed = {name: [values[row] for row in kept_rows] for name, values in batch.items()}
            return {**passed, **columns}
        return columns

    def _clean(self, text: Any, position: int, indices: Sequence[int] | None, site: str | None = None) -> CleanResult:
        """Clean one row's text (with its site's template, if any), or raise :class:`RowError` naming the row."""
        if not isinstance(text, str):
            problem = f"column {self.text_column!r} is {json_type_name(text)}, expected a string"
            raise RowError(self._row_name(position, indices), problem)
        try:
            return self.pipeline.clean(text) if site is None else self.pipeline.clean(text, site=site)
        except Exception as error:  # a bug in a cleaner must not cost the whole dataset
            problem = f"cleaning failed: {type(error).__name__}: {error}"
            raise RowError(self._row_name(position, indices), problem) from error

    @staticmethod
    def _row_name(position: int, indices: Sequence[int] | None) -> str:
        return f"row {indices[position]}" if indices is not None else f"row {position} of its batch"

    def _column_names(self) -> list[str]:
        names = [self.output_column, f"{self.prefix}removed_chars", f"{self.prefix}removed_by_kind"]
        if self.metadata:
            names.append(f"{self.prefix}metadata")
        if self.spans:
            names.append(f"{self.prefix}removed")
        if self.on_error == "keep":
            names.append(f"{self.prefix}error")
        return names

    def _append(self, columns: dict[str, list[Any]], result: CleanResult) -> None:
        columns[self.output_column].append(result.text)
        columns[f"{self.prefix}removed_chars"].append(sum(r.end - r.start for r in result.removed))
        columns[f"{self.prefix}removed_by_kind"].append(
            [{"kind": kind, "count": count} for kind, count in result.removed_by_kind().items()]
        )
        if self.metadata:
            columns[f"{self.prefix}metadata"].append(result.metadata.model_dump(mode="json"))
        if self.spans:
            columns[f"{self.prefix}removed"].append([removal.model_dump() for removal in result.removed])
        if self.on_error == "keep":
            columns[f"{self.prefix}error"].append(None)

    def _append_kept(self, columns: dict[str, list[Any]], text: Any, error: str) -> None:
        """A failed row passed through: its text as it was, nothing removed, and why."""
        columns[self.output_column].append(text)
        columns[f"{self.prefix}removed_chars"].append(0)
        columns[f"{self.prefix}removed_by_kind"].append([])
        if self.metadata:
            columns[f"{self.prefix}metadata"].append(dict(_EMPTY_METADATA))
        if self.spans:
            columns[f"{self.prefix}removed"].append([])
        columns[f"{self.prefix}error"].append(error)

    def features(self, input_features: Any) -> Any:
        """``datasets.Features`` of the mapped dataset: ``input_features`` plus the new columns."""
        from datasets import Features, List, Value

        text = Value("string")
        added: dict[str, Any] = {
            self.output_column: text,
            f"{self.prefix}removed_chars": Value("int64"),
            f"{self.prefix}removed_by_kind": List({"kind": text, "count": Value("int64")}),
        }
        if self.metadata:
            added[f"{self.prefix}metadata"] = _model_features(Metadata, Value, List)
        if self.spans:
            span = {name: Value("int64") if name in ("start", "end") else text for name in SPAN_FIELDS}
            added[f"{self.prefix}removed"] = List(span)
        if self.on_error == "keep":
            added[f"{self.prefix}error"] = text
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
    on_error: str = "fail",
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
        on_error=on_error,
        site_column=site_column,
        url_column=url_column,
    )


def clean_dataset(
    dataset: Any,
    cleaner: BatchCleaner | None = None,
    *,
    config: PipelineConfig | Mapping[str, Any] | str | None = None,
    text_column: str | None = None,
    output_column: str | None = None,
    metadata: bool | None = None,
    spans: bool | None = None,
    prefix: str | None = None,
    on_error: str | None = None,
    **map_kwargs: Any,
) -> Any:
    """``dataset.map`` with ``cleaner``, batched, typed and with row indices; a ``DatasetDict`` split by split.

    Works alike on ``IterableDataset`` / ``IterableDatasetDict`` (``load_dataset(..., streaming=True)``):
    the map is then lazy, and row indices count from the start of the stream.

    Either pass a ``cleaner`` or the options of :func:`batch_cleaner` (``config``, ``text_column``,
    ``on_error``, ...), not both. Extra keyword arguments go to ``Dataset.map`` (``num_proc``,
    ``batch_size``, ``desc``, ...). A missing text column is reported before any work starts.
    """
    options = {
        "config": config,
        "text_column": text_column,
        "output_column": output_column,
        "metadata": metadata,
        "spans": spans,
        "prefix": prefix,
        "on_error": on_error,
    }
    given = [name for name, value in options.items() if value is not None]
    if cleaner is not None and given:
        raise TypeError(f"pass either a cleaner or batch_cleaner options ({', '.join(given)}), not both")
    if cleaner is None:
        cleaner = batch_cleaner(
            config,
            text_column=text_column or "text",
            output_column=output_column,
            metadata=True if metadata is None else metadata,
            spans=bool(spans),
            prefix="arclean_" if prefix is None else prefix,
            on_error=on_error or "fail",
        )

    from datasets import DatasetDict, IterableDatasetDict

    if isinstance(dataset, DatasetDict | IterableDatasetDict):
        return type(dataset)({name: _map(split, cleaner, dict(map_kwargs), name) for name, split in dataset.items()})
    return _map(dataset, cleaner, map_kwargs, None)


def _map(dataset: Any, cleaner: BatchCleaner, map_kwargs: dict[str, Any], split: str | None) -> Any:
    columns = dataset.column_names  # None for a streamed dataset whose columns are not known yet
    if columns is not None and cleaner.text_column not in columns:
        where = f"split {split!r}" if split else "dataset"
        raise ValueError(
            f"{where} has no column {cleaner.text_column!r} (columns: {', '.join(map(repr, columns))}); pass text_column="
        )
    if dataset.features is not None:
        map_kwargs.setdefault("features", cleaner.features(dataset.features))
    map_kwargs.setdefault("with_indices", True)
    return dataset.map(cleaner, batched=True, **map_kwargs)
