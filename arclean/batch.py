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

import gzip
import json
import math
import signal
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import regex

from arclean.models import CleanResult
from arclean.pipeline import Pipeline

OnError = Literal["fail", "skip", "keep"]

#: The key under which arclean puts what it learned about a record.
RESULT_KEY = "arclean"


#: The byte-order mark some tools put at the start of a UTF-8 file.
UTF8_BOM = b"\xef\xbb\xbf"
#: A lone surrogate code point: JSON allows it as an escape (``"\\ud800"``), UTF-8 cannot encode it.
_LONE_SURROGATE = regex.compile("[\ud800-\udfff]")
#: The cheap pre-check for it: a ``\\uD800``-``\\uDFFF`` escape somewhere in the line.
_SURROGATE_ESCAPE = regex.compile(r"\\u[dD][89a-fA-F]")
#: Python type -> the name JSON gives it, for messages (``null``, not ``NoneType``).
_JSON_TYPE_NAMES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number"}


def json_type_name(value: object) -> str:
    """The JSON name of a parsed value's type, with its article: ``"null"``, ``"an array"``, ``"a number"``."""
    if value is None:
        return "null"
    if isinstance(value, float):
        return "a number"
    return _JSON_TYPE_NAMES.get(type(value), "a value")


class RecordError(ValueError):
    """A record arclean could not clean; ``str()`` names the file, the line and the problem.

    ``reason`` is the problem's category (``"malformed JSON"``, ``"missing field"``, ...), the key
    under which ``--on-error skip`` counts what it dropped.
    """

    def __init__(self, source: str, line: int, problem: str, reason: str = "") -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem
        self.reason = reason or problem

    def __reduce__(self) -> tuple[Any, ...]:
        # An exception pickles as ``cls(*args)`` by default, and ``args`` is the one message
        # string: a worker's error would not unpickle in the parent (a BrokenProcessPool).
        return (type(self), (self.source, self.line, self.problem, self.reason))


@dataclass(slots=True, frozen=True)
class BatchOptions:
    """How records are read and written (the ``clean --jsonl`` flags)."""

    field: str = "text"
    output_field: str | None = None  #: where the clean text goes; None replaces ``field``
    metadata: bool = True  #: add ``arclean.metadata``
    spans: bool = True  #: add ``arclean.removed`` (every removed span with offsets into the input)
    on_error: OnError = "fail"
    source: str = "<stdin>"  #: file name used in error messages
    replace_surrogates: bool = False  #: lone surrogates in any string of a record become U+FFFD
    compression: Literal["gzip"] | None = None  #: compress each chunk's output (a gzip member)
    compression_level: int = 6
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
    reasons: Counter[str] = field(default_factory=Counter)  #: failed records per reason

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
        self.reasons.update(other.reasons)


@dataclass(slots=True)
class Batch:
    """The output lines of a chunk of input lines, in order, and its counts.

    ``error`` is set (and the chunk stops there) when a record fails with ``on_error="fail"``;
    ``failures`` lists the records that failed under ``skip`` or ``keep``. With
    ``BatchOptions.compression`` the lines are replaced by ``compressed``, one gzip member.
    """

    lines: list[bytes] = field(default_factory=list)
    stats: BatchStats = field(default_factory=BatchStats)
    error: RecordError | None = None
    failures: list[RecordError] = field(default_factory=list)
    compressed: bytes | None = None

    def output(self) -> bytes:
        """The bytes to write for this chunk: the JSONL lines, or their gzip member."""
        return self.compressed if self.compressed is not None else b"".join(self.lines)


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


class _NotStrictJSON(ValueError):
    """``NaN``, ``Infinity`` or a number too large for a double: Python reads them, JSON has none."""


def _reject_constant(name: str) -> float:
    raise _NotStrictJSON(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NotStrictJSON(f"number {text[:20]} is too large for a JSON double")
    return number


def loads_strict(text: str) -> Any:
    """``json.loads`` without Python's extensions: ``NaN``/``Infinity`` and overflowing numbers raise.

    Whatever arclean reads it can write back as strict JSON, so its output never holds
    ``NaN`` (which ``json.dumps`` would write and most JSON readers reject).
    """
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)


def replace_lone_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {replace_lone_surrogates(key): replace_lone_surrogates(item) for key, item in value.items()}
    return value


def parse_record(raw_line: bytes, line: int, options: BatchOptions) -> tuple[dict[str, Any], str]:
    """Decode one JSONL line into its record and the text to clean, or raise :class:`RecordError`."""
    source = options.source
    if line == 1 and raw_line.startswith(UTF8_BOM):  # a BOM opens the file, not the record
        raw_line = raw_line[len(UTF8_BOM) :]
    try:
        decoded = raw_line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(source, line, f"invalid UTF-8 at byte {error.start} of the line", "invalid UTF-8") from None
    try:
        record = loads_strict(decoded)
    except json.JSONDecodeError as error:
        # json's own messages can end in "at" ("Invalid control character at"): no "at at column".
        problem = f"malformed JSON: {error.msg.removesuffix(' at')} at column {error.colno}"
        raise RecordError(source, line, problem, "malformed JSON") from None
    except _NotStrictJSON as error:
        raise RecordError(source, line, f"malformed JSON: {error}", "malformed JSON") from None
    except RecursionError:
        raise RecordError(source, line, "malformed JSON: nested too deeply to parse", "malformed JSON") from None
    if not isinstance(record, dict):
        raise RecordError(source, line, f"expected a JSON object, got {json_type_name(record)}", "not an object")
    if options.replace_surrogates and _SURROGATE_ESCAPE.search(decoded):
        record = replace_lone_surrogates(record)
    if options.field not in record:
        present = ", ".join(repr(key) for key in list(record)[:8]) or "none"
        problem = f"record has no field {options.field!r} (its fields: {present})"
        raise RecordError(source, line, problem, f"no field {options.field!r}")
    text = record[options.field]
    if not isinstance(text, str):
        kind = json_type_name(text)
        problem = f"field {options.field!r} is {kind}, expected a string"
        raise RecordError(source, line, problem, f"field {options.field!r} is {kind}")
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
        record = loads_strict(raw_line.removeprefix(UTF8_BOM).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # JSONDecodeError and NaN are ValueErrors
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
    with ASCII escapes instead, so the record survives exactly as it came in (or use
    ``BatchOptions.replace_surrogates``). ``NaN`` and ``Infinity`` are never written: they are
    not JSON, and :func:`loads_strict` keeps them out of every record.
    """
    try:
        return (json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True, allow_nan=False) + "\n").encode("ascii")


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
                problem = f"cleaning failed (a bug in arclean, please report it): {error or type(error).__name__}"
                raise RecordError(options.source, number, problem, "cleaning failed") from error
        except RecordError as error:
            stats.failed += 1
            stats.reasons[error.reason] += 1
            if options.on_error == "fail":
                batch.error = error
                return _finish(batch, options)
            batch.failures.append(error)
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
    return _finish(batch, options)


def _finish(batch: Batch, options: BatchOptions) -> Batch:
    """Compress the chunk's lines into one gzip member when asked (in the worker, so ``--jobs`` scales).

    Concatenated gzip members are one valid gzip file (RFC 1952, section 2.2) that every reader
    (``gzip``, ``zcat``, Python, Hugging Face) reads as one stream. ``mtime=0`` and no file name
    in the header make the bytes reproducible, and chunk boundaries do not depend on ``--jobs``,
    so the output is byte-identical for any number of workers.
    """
    if options.compression == "gzip" and batch.lines:
        batch.compressed = gzip.compress(b"".join(batch.lines), compresslevel=options.compression_level, mtime=0)
        batch.lines = []
    return batch


# -- process-pool workers: the pipeline is built once per process, not sent per chunk ----------
_WORKER: tuple[Pipeline, BatchOptions] | None = None


def init_worker(pipeline: Pipeline | str, options: BatchOptions) -> None:
    """Process-pool initializer: this process's pipeline (sent pickled, with any learned
    templates, or as config JSON).

    Ctrl-C reaches every process of the terminal's process group: the workers ignore it and
    the parent, which catches it, stops them in order (no traceback per worker). SIGTERM gets
    its default action back (a forked worker inherits the parent's handler). On Linux a worker
    also asks to be killed when its parent dies, so even a SIGKILLed run leaves no orphans.
    """
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _die_with_parent()
    _WORKER = (Pipeline.from_config(pipeline) if isinstance(pipeline, str) else pipeline, options)


def _die_with_parent() -> None:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)`` where available (Linux); elsewhere nothing."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def clean_chunk(source: str, numbered_lines: list[tuple[int, bytes]]) -> Batch:
    """Process-pool task: :func:`clean_lines` with the pipeline built by :func:`init_worker`.

    ``source`` (the input's name, for messages) travels with the chunk, so one pool serves
    every file of a many-file run.
    """
    if _WORKER is None:
        raise RuntimeError("init_worker() was not called in this process")
    pipeline, options = _WORKER
    return clean_lines(numbered_lines, pipeline, replace(options, source=source))
