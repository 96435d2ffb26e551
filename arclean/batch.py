"""Batch cleaning of JSONL records: one record in, one line out (or none), with counts.

This is the engine behind ``arclean clean --jsonl`` and the integrations. It works on the raw
bytes of one input line so that decoding, JSON parsing, cleaning and re-encoding all happen in
the worker process (with ``--jobs N`` the parent only reads and writes bytes). Every failure
becomes a :class:`RecordError` that names the line and what is wrong; the caller's
``on_error`` policy decides whether it stops the run, drops the record or passes it through.

>>> import json
>>> raw = "خبر قصير عن الطقس في المدينة اليوم مع توقعات بارتفاع الحرارة.\\nالمصدر: واس"
>>> line = json.dumps({"id": 7, "raw": raw}).encode()
>>> batch = clean_lines([(1, line)], Pipeline.default(), BatchOptions(field="raw", spans=False))
>>> record = json.loads(batch.lines[0])
>>> record["id"], record["arclean"]["metadata"]["sources"], dict(batch.stats.removed)
(7, ['واس'], {'source': 1})
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from arclean.models import CleanResult
from arclean.pipeline import Pipeline

OnError = Literal["fail", "skip", "keep"]

#: The key under which arclean puts what it learned about a record.
RESULT_KEY = "arclean"


class RecordError(ValueError):
    """A record arclean could not clean; ``str()`` names the file, the line and the problem."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


@dataclass(slots=True, frozen=True)
class BatchOptions:
    """How records are read and written (the ``clean --jsonl`` flags)."""

    field: str = "text"
    output_field: str | None = None  #: where the clean text goes; None replaces ``field``
    metadata: bool = True  #: add ``arclean.metadata``
    spans: bool = True  #: add ``arclean.removed`` (every removed span with offsets into the input)
    on_error: OnError = "fail"
    source: str = "<stdin>"  #: file name used in error messages
    site_field: str | None = None  #: the field naming a record's site (for learned templates)
    url_field: str | None = None  #: the field whose URL's domain is the site (fallback)


@dataclass(slots=True)
class BatchStats:
    """What a run did; ``written + skipped == read`` always holds."""

    read: int = 0
    cleaned: int = 0
    failed: int = 0  #: records that could not be cleaned (skipped or kept unchanged)
    skipped: int = 0
    kept: int = 0  #: failed records passed through unchanged (``on_error="keep"``)
    bytes_in: int = 0
    bytes_out: int = 0
    removed: Counter[str] = field(default_factory=Counter)

    @property
    def written(self) -> int:
        return self.cleaned + self.kept

    def add(self, other: BatchStats) -> None:
        """Fold another chunk's counts into this one."""
        self.read += other.read
        self.cleaned += other.cleaned
        self.failed += other.failed
        self.skipped += other.skipped
        self.kept += other.kept
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        self.removed.update(other.removed)


@dataclass(slots=True)
class Batch:
    """The output lines of a chunk of input lines, in order, and its counts.

    ``error`` is set (and the chunk stops there) when a record fails with ``on_error="fail"``.
    """

    lines: list[bytes] = field(default_factory=list)
    stats: BatchStats = field(default_factory=BatchStats)
    error: RecordError | None = None


def result_payload(result: CleanResult, *, metadata: bool = True, spans: bool = True) -> dict[str, Any]:
    """The JSON-ready record of what cleaning removed and learned (the ``arclean`` key).

    ``removed_by_kind`` is always there; ``metadata`` and ``removed`` (spans with ``start``/``end``
    offsets, in characters, into the original field) are there when asked for.
    """
    payload: dict[str, Any] = {}
    if metadata:
        payload["metadata"] = result.metadata.model_dump(mode="json")
    if spans:
        payload["removed"] = [removal.model_dump() for removal in result.removed]
    payload["removed_by_kind"] = result.removed_by_kind()
    return payload


def parse_record(raw_line: bytes, line: int, options: BatchOptions) -> tuple[dict[str, Any], str]:
    """Decode one JSONL line into its record and the text to clean, or raise :class:`RecordError`."""
    try:
        decoded = raw_line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(options.source, line, f"invalid UTF-8 at byte {error.start} of the line") from None
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        raise RecordError(options.source, line, f"malformed JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise RecordError(options.source, line, "malformed JSON: nested too deeply to parse") from None
    if not isinstance(record, dict):
        raise RecordError(options.source, line, f"expected a JSON object, got {type(record).__name__}")
    if options.field not in record:
        raise RecordError(options.source, line, f"record has no field {options.field!r}")
    text = record[options.field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        raise RecordError(options.source, line, f"field {options.field!r} is {kind}, expected a string")
    return record, text


def clean_record(record: dict[str, Any], text: str, pipeline: Pipeline, options: BatchOptions) -> CleanResult:
    """Clean ``text`` and write the result into ``record`` (in place); return the result."""
    site = record_site(record, options)
    result = pipeline.clean(text) if site is None else pipeline.clean(text, site=site)
    record[options.output_field or options.field] = result.text
    record[RESULT_KEY] = result_payload(result, metadata=options.metadata, spans=options.spans)
    return result


def record_site(record: dict[str, Any], options: BatchOptions) -> str | None:
    """The record's site for learned templates: ``site_field``, else ``url_field``'s value."""
    for name in (options.site_field, options.url_field):
        value = record.get(name) if name else None
        if isinstance(value, str) and value.strip():
            return value
    return None


def kept_line(raw_line: bytes, error: RecordError) -> bytes:
    """A failed record passed through with ``arclean.error`` (``on_error="keep"``).

    A record that is a JSON object is kept as it was plus the error; a line that is not one
    (bad UTF-8, malformed JSON) is kept as ``{"arclean": {"error": ..., "raw_line": ...}}`` so
    that the output stays valid JSONL and the original line can be recovered by hand.
    """
    try:
        record = json.loads(raw_line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        record = None
    if isinstance(record, dict):
        record[RESULT_KEY] = {"error": str(error)}
    else:
        line = raw_line.rstrip(b"\r\n").decode("utf-8", "backslashreplace")
        record = {RESULT_KEY: {"error": str(error), "raw_line": line}}
    return dump_record(record)


def dump_record(record: dict[str, Any]) -> bytes:
    """One JSONL line (UTF-8, no ASCII escaping, trailing newline).

    A string with a lone surrogate (valid in JSON as an escape, impossible in UTF-8) is written
    with ASCII escapes instead, so the record survives exactly as it came in.
    """
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def clean_lines(numbered_lines: Iterable[tuple[int, bytes]], pipeline: Pipeline, options: BatchOptions) -> Batch:
    """Clean a chunk of ``(line number, raw line)`` pairs; blank lines are ignored, not counted."""
    batch = Batch()
    stats = batch.stats
    for number, raw_line in numbered_lines:
        if not raw_line.strip():
            continue
        stats.read += 1
        stats.bytes_in += len(raw_line)
        try:
            record, text = parse_record(raw_line, number, options)
            try:
                clean_record(record, text, pipeline, options)
            except Exception as error:  # a bug in a cleaner must not cost the whole corpus
                raise RecordError(options.source, number, f"cleaning failed: {type(error).__name__}: {error}") from error
        except RecordError as error:
            stats.failed += 1
            if options.on_error == "fail":
                batch.error = error
                return batch
            if options.on_error == "skip":
                stats.skipped += 1
                continue
            stats.kept += 1
            output = kept_line(raw_line, error)
        else:
            stats.cleaned += 1
            stats.removed.update(record[RESULT_KEY]["removed_by_kind"])
            output = dump_record(record)
        stats.bytes_out += len(output)
        batch.lines.append(output)
    return batch


# -- process-pool workers: the pipeline is built once per process, not sent per chunk ----------
_WORKER: tuple[Pipeline, BatchOptions] | None = None


def init_worker(pipeline: Pipeline | str, options: BatchOptions) -> None:
    """Process-pool initializer: this process's pipeline (sent pickled, or as config JSON)."""
    global _WORKER
    _WORKER = (Pipeline.from_config(pipeline) if isinstance(pipeline, str) else pipeline, options)


def clean_chunk(numbered_lines: list[tuple[int, bytes]]) -> Batch:
    """Process-pool task: :func:`clean_lines` with the pipeline built by :func:`init_worker`."""
    if _WORKER is None:
        raise RuntimeError("init_worker() was not called in this process")
    pipeline, options = _WORKER
    return clean_lines(numbered_lines, pipeline, options)
