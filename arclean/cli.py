"""The ``arclean`` command: clean text or JSONL corpora, explain a document's labels, show a demo.

Run ``arclean --help`` or ``arclean COMMAND --help`` for examples. Data goes to stdout or ``-o``;
progress, the summary line and errors go to stderr, so the command composes in shell pipelines.
Exit status: 0 on success, 1 when input is bad (``--on-error fail``) or a file cannot be used,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import io
import itertools
import json
import os
import signal
import stat
import sys
import tempfile
import time
import tomllib
import zlib
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from arclean.batch import (
    UTF8_BOM,
    Batch,
    BatchOptions,
    BatchStats,
    RecordError,
    clean_chunk,
    clean_lines,
    init_worker,
    parse_record,
)
from arclean.find.kinds import kind_table
from arclean.find.labels import Labels
from arclean.models import Removal
from arclean.pipeline import Pipeline

STDIO = "-"
#: Lines per task sent to a worker process: big enough to amortize pickling, small enough to stream.
CHUNK_LINES = 16
#: Chunks in flight per worker: keeps every worker busy while memory stays bounded.
CHUNKS_PER_JOB = 4
#: Lines per chunk for gzip output, where each chunk is one gzip member: larger members lose less
#: ratio to the restart of compression (measured on the crawl sample at level 6: 16 lines 7.1%
#: larger than one stream, 64 lines 1.9%, 256 lines 0.5%).
GZIP_CHUNK_LINES = 64


class CliError(Exception):
    """A problem the user can fix (bad file, bad config); printed without a traceback."""


# -- files ----------------------------------------------------------------------------------
#: Compressed formats by file extension, and their compression levels (default, lowest, highest).
CODECS = {".gz": "gzip", ".zst": "zstd"}
LEVELS = {"gzip": (6, 1, 9), "zstd": (3, 1, 22)}
#: Input faults of a compressed stream: a cut shard or corrupt bytes, never one bad record.
_STREAM_FAULTS: tuple[type[BaseException], ...] = (EOFError, gzip.BadGzipFile, zlib.error)


def codec_of(path: str) -> str | None:
    """``"gzip"``, ``"zstd"`` or None (plain), from the file name's extension."""
    return next((codec for suffix, codec in CODECS.items() if path.endswith(suffix)), None)


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise CliError("reading or writing .zst files needs the 'zstandard' package: pip install zstandard") from None
    return zstandard


class ZstdReader(io.RawIOBase):
    """A zstd stream read frame after frame, that raises ``EOFError`` when the input is cut.

    ``zstandard``'s own stream reader stops quietly after the first frame, or at the cut of a
    truncated file, so a damaged shard would look like a short one.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._zstd = _zstandard()
        self._raw = raw
        self._frame = self._zstd.ZstdDecompressor().decompressobj()
        self._fed = False  #: the current frame has been given input
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            data = self._raw.read(1 << 20)
            if not data:
                if self._fed and not self._frame.eof:
                    raise EOFError("the zstd stream ends inside a frame")
                return 0
            self._pending = self._decompress(data)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _decompress(self, data: bytes) -> bytes:
        try:
            out = [self._frame.decompress(data)]
            self._fed = True
            while self._frame.eof and self._frame.unused_data:  # concatenated frames are one stream
                rest = self._frame.unused_data
                self._frame = self._zstd.ZstdDecompressor().decompressobj()
                out.append(self._frame.decompress(rest))
            self._fed = not self._frame.eof
        except self._zstd.ZstdError as error:
            raise EOFError(f"corrupt zstd data: {error}") from None
        return b"".join(out)


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes] | gzip.GzipFile]:
    """A binary reader for ``path`` (``-`` = stdin), decompressing ``.gz``/``.zst`` by extension."""
    if path == STDIO:
        yield sys.stdin.buffer
        return
    try:
        raw = open(path, "rb")
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror}") from None
    with raw:
        codec = codec_of(path)
        if codec == "gzip":
            with gzip.GzipFile(fileobj=raw, mode="rb") as reader:
                yield reader
        elif codec == "zstd":
            with io.BufferedReader(ZstdReader(raw), buffer_size=1 << 16) as reader:
                yield reader
        else:
            yield raw


def writes_in_place(path: str) -> bool:
    """True when ``path`` must be opened and written, not replaced: a FIFO, a device, ``/dev/fd/N``.

    Replacing by rename is for regular files only: renamed over ``/dev/null`` it would turn the
    device into a file, and over a FIFO the reader would wait forever.
    """
    real = os.path.realpath(path)
    if real.startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(real).st_mode)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None


@contextmanager
def open_output(path: str) -> Iterator[IO[bytes]]:
    """A binary writer for ``path`` (``-`` = stdout); a regular file appears only when complete.

    A regular file (or a new one) is written to a temporary file beside it, renamed over it
    once everything is written: an interrupted or failed run never leaves a truncated file,
    and a previous output stays intact. A symlink is followed (the link stays, its target is
    replaced); the new file gets the old file's permissions, or those of a plain ``open()``.
    FIFOs, devices and ``/dev/fd/N`` are opened and written directly. Nothing is compressed
    here: see :func:`compressing`.
    """
    if path == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if writes_in_place(path):
        try:
            direct = open(path, "wb")
        except OSError as error:
            raise CliError(f"cannot write {path}: {error.strerror}") from None
        with direct:
            yield direct
        return
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = _umask_mode()
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as raw:
            yield raw
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _umask_mode() -> int:
    """The permissions a plain ``open()`` gives a new file (mkstemp makes it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def compressing(writer: IO[bytes], codec: str | None, level: int | None) -> Iterator[IO[bytes]]:
    """Wrap ``writer`` in a zstd compressor (``codec="zstd"``); other codecs pass through.

    gzip is not compressed here: the chunks arrive as gzip members already compressed by the
    workers (:attr:`arclean.batch.BatchOptions.compression`).
    """
    if codec != "zstd":
        yield writer
        return
    compressor = _zstandard().ZstdCompressor(level=level or LEVELS["zstd"][0])
    with compressor.stream_writer(writer, closefd=False) as stream:
        yield stream


def read_document(path: str) -> tuple[bytes, str]:
    """A whole plain-text document: its bytes and its text; bad UTF-8 names the line."""
    with open_input(path) as reader:
        data = reader.read()
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        source = "<stdin>" if path == STDIO else path
        raise CliError(f"{source}:{line}: invalid UTF-8 (byte {error.start} of the file)") from None


def load_pipeline(config_path: str | None) -> Pipeline:
    """The default pipeline, or the one a JSON or TOML ``PipelineConfig`` file describes."""
    if config_path is None:
        return Pipeline.default()
    try:
        data = Path(config_path).read_bytes()
    except OSError as error:
        raise CliError(f"cannot read config {config_path}: {error.strerror}") from None
    try:
        config = tomllib.loads(data.decode("utf-8")) if config_path.endswith(".toml") else json.loads(data)
        return Pipeline.from_config(config)
    except (ValueError, ValidationError) as error:  # JSON, TOML, UTF-8 and pydantic errors
        raise CliError(f"invalid config {config_path}: {error}") from None


# -- progress and summary -------------------------------------------------------------------
class Progress:
    """A one-line progress display on stderr (docs/s, MB/s), drawn only on a terminal."""

    def __init__(self, enabled: bool, stream: IO[str] | None = None, interval: float = 0.25) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.started = time.monotonic()
        self._drawn = 0.0

    def update(self, stats: BatchStats, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._drawn < self.interval:
            return
        self._drawn = now
        elapsed = max(now - self.started, 1e-9)
        line = (
            f"arclean: {stats.read:,} docs  {stats.read / elapsed:,.1f} docs/s  "
            f"{stats.bytes_in / elapsed / 1e6:,.2f} MB/s  {stats.failed:,} failed  {elapsed:,.0f}s"
        )
        self.stream.write("\r" + line + "\033[K")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the line, so that a message can be printed in its place."""
        if self.enabled:
            self.stream.write("\r\033[K")
            self._drawn = 0.0

    def close(self, stats: BatchStats) -> None:
        if self.enabled:
            self.update(stats, force=True)
            self.stream.write("\n")


def summary_line(stats: BatchStats, elapsed: float | None = None, prefix: str = "") -> str:
    """The final one-line report: records, outcomes, bytes, removed spans per kind (and speed)."""
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in stats.removed.most_common()) or "none"
    failed = f"{stats.failed:,} failed ({stats.skipped:,} skipped, {stats.kept:,} kept unchanged)"
    line = (
        f"arclean: {prefix}{stats.read:,} records read, {stats.cleaned:,} cleaned, {failed}; "
        f"{stats.bytes_in:,} bytes in, {stats.bytes_out:,} bytes out; removed spans: {kinds}"
    )
    if elapsed is not None:
        line += f"; {elapsed:.2f}s, {stats.read / max(elapsed, 1e-9):,.1f} docs/s"
    return line


# -- clean ------------------------------------------------------------------------------------
#: Bad records printed on stderr one by one under ``--on-error skip|keep`` before only counting.
SHOWN_FAILURES = 10


def run_clean(args: argparse.Namespace, pairs: list[tuple[str, str]] | None = None) -> int:
    """``arclean clean``; ``pairs`` are the ``(input, output)`` files of ``--jsonl`` (:func:`plan_jobs`)."""
    pipeline = with_templates(load_pipeline(args.config), args)
    if args.jsonl is None:
        return clean_text(args.input, args.output, pipeline, quiet=args.quiet, level=args.compression_level)
    options = BatchOptions(
        field=args.field,
        output_field=args.output_field,
        metadata=not args.no_metadata,
        spans=not args.no_spans,
        on_error=args.on_error,
        replace_surrogates=args.replace_surrogates,
        site_field=args.site_field,
        url_field=args.url_field,
    )
    return clean_jsonl_files(
        pairs if pairs is not None else plan_jobs(args.jsonl, args.output),
        pipeline,
        options,
        jobs=args.jobs,
        quiet=args.quiet,
        level=args.compression_level,
        max_errors=args.max_errors,
        error_log=args.error_log,
    )


def clean_text(input_path: str, output_path: str, pipeline: Pipeline, *, quiet: bool = False, level: int | None = None) -> int:
    """Plain text in (one document), clean text out."""
    data, text = read_document(input_path)
    result = pipeline.clean(text)
    cleaned = (result.text + "\n").encode("utf-8") if result.text else b""
    codec = codec_of(output_path)
    with open_output(output_path) as raw, compressing(raw, codec, level) as writer:
        writer.write(gzip.compress(cleaned, level or LEVELS["gzip"][0], mtime=0) if codec == "gzip" else cleaned)
    stats = BatchStats(read=1, cleaned=1, bytes_in=len(data), bytes_out=len(cleaned))
    stats.removed.update(result.removed_by_kind())
    if not quiet:
        print(summary_line(stats), file=sys.stderr)
    return 0


# -- many files -------------------------------------------------------------------------------
_GLOB_CHARS = frozenset("*?[")
#: What a directory given to ``--jsonl`` contributes: its JSONL files, compressed or not, at any depth.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst")


def plan_jobs(inputs: list[str], output: str) -> list[tuple[str, str]]:
    """``(input, output)`` pairs for ``--jsonl IN... -o OUT``.

    One input file and an ``OUT`` that is not a directory: that pair. Otherwise (several
    inputs, a glob pattern, a directory, or an ``OUT`` that ends in ``/`` or is a directory)
    ``OUT`` is a directory and every input gets its own output there under the same name (its
    path below the directory or the pattern's fixed part), so a sharded corpus stays sharded.
    """
    sources: list[tuple[str, str]] = []  # (path, name kept under OUT)
    many = len(inputs) > 1
    for item in inputs:
        if item == STDIO:
            if len(inputs) > 1:
                raise CliError("stdin (-) cannot be one of several --jsonl inputs")
            sources.append((item, ""))
        elif os.path.isdir(item):
            many = True
            found = sorted(str(path) for path in Path(item).rglob("*") if path.is_file() and path.name.endswith(JSONL_SUFFIXES))
            if not found:
                raise CliError(f"no JSONL files in directory {item} (looked for {', '.join(JSONL_SUFFIXES)})")
            sources.extend((path, os.path.relpath(path, item)) for path in found)
        elif not os.path.exists(item) and _GLOB_CHARS & set(item):
            many = True
            found = sorted(path for path in glob.glob(item, recursive=True) if os.path.isfile(path))
            if not found:
                raise CliError(f"no file matches {item!r}")
            root = _fixed_prefix(item)
            sources.extend((path, os.path.relpath(path, root)) for path in found)
        else:
            sources.append((item, os.path.basename(item)))
    to_directory = many or output.endswith(os.sep) or os.path.isdir(output)
    if not to_directory:
        return [(sources[0][0], output)]
    if output == STDIO:
        raise CliError("several inputs need -o DIRECTORY (one output per input)")
    if sources[0][0] == STDIO:
        raise CliError(f"-o {output} is a directory: name the output file for stdin input")
    pairs: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for path, name in sources:
        target = os.path.join(output, name)
        if os.path.realpath(target) == os.path.realpath(path):
            raise CliError(f"{path} would be overwritten by its own output: choose another -o directory")
        if target in seen:
            raise CliError(f"{seen[target]} and {path} would both write {target}")
        seen[target] = path
        pairs.append((path, target))
    return pairs


def _fixed_prefix(pattern: str) -> str:
    """The directory part of a glob pattern before its first wildcard (``shards/*/x`` -> ``shards``)."""
    parts = Path(pattern).parts
    fixed = list(itertools.takewhile(lambda part: not (_GLOB_CHARS & set(part)), parts[:-1]))
    return str(Path(*fixed)) if fixed else "."


# -- JSONL ---------------------------------------------------------------------------------
class _LineCount:
    """How many records (non-blank lines) a reader has yielded: named when a stream breaks."""

    records = 0


def numbered_chunks(
    reader: Iterable[bytes], size: int = CHUNK_LINES, count: _LineCount | None = None, name: str = "input"
) -> Iterator[list[tuple[int, bytes]]]:
    """Lines of ``reader`` with 1-based numbers, ``size`` at a time (streams; nothing else is held).

    A compressed stream that is cut or corrupt raises :class:`CliError` naming the file and how
    many records were read before the fault, whatever ``--on-error`` says: a damaged shard is
    a storage fault, and its lost tail must not pass for a complete file.
    """
    count = count or _LineCount()
    chunk: list[tuple[int, bytes]] = []
    lines = enumerate(reader, start=1)
    while True:
        try:
            number, line = next(lines)
        except StopIteration:
            break
        except _STREAM_FAULTS as error:
            raise CliError(
                f"{name}: truncated or corrupt compressed input after {count.records:,} records ({error}); nothing was written"
            ) from None
        if line.strip():
            count.records += 1
        chunk.append((number, line))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Workers:
    """Where chunks are cleaned: in this process (``jobs=1``) or a pool of ``jobs`` processes.

    One pool serves every file of a run. Leaving the context (the end, an error, Ctrl-C,
    SIGTERM) cancels queued work and waits for the running chunks, so no worker outlives it.
    """

    def __init__(self, pipeline: Pipeline, options: BatchOptions, jobs: int) -> None:
        self.pipeline = pipeline
        self.options = options
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            # the pipeline pickles as its config (and its templates, if any): each worker builds its own
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=init_worker, initargs=(self.pipeline, self.options)
            )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def ordered_batches(self, chunks: Iterator[list[tuple[int, bytes]]], source: str) -> Generator[Batch, None, None]:
        """Clean chunks in input order.

        With workers, at most ``jobs * CHUNKS_PER_JOB`` chunks are in flight and results are
        yielded strictly in submission order, so output equals the ``jobs=1`` output byte for byte.
        """
        if self.pool is None:
            options = replace(self.options, source=source)
            for chunk in chunks:
                yield clean_lines(chunk, self.pipeline, options)
            return
        pending: deque[Future[Batch]] = deque()
        try:
            for chunk in chunks:
                pending.append(self.pool.submit(clean_chunk, source, chunk))
                if len(pending) >= self.jobs * CHUNKS_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:  # stop early (an error, Ctrl-C): drop queued work
                future.cancel()


class FailureReport:
    """What ``--on-error skip|keep`` dropped or passed through: shown, logged, counted, capped."""

    def __init__(self, policy: str, error_log: IO[str] | None, max_errors: int | None, quiet: bool) -> None:
        self.verb = "skipped" if policy == "skip" else "kept unchanged"
        self.error_log = error_log
        self.max_errors = max_errors
        self.quiet = quiet
        self.shown = 0

    def add(self, failures: list[RecordError], failed_so_far: int) -> None:
        for failure in failures:
            if self.error_log is not None:
                self.error_log.write(f"{failure}\n")
            if not self.quiet and self.shown < SHOWN_FAILURES:
                self.shown += 1
                print(f"arclean: {self.verb}: {failure}", file=sys.stderr)
        if self.max_errors is not None and failed_so_far > self.max_errors:
            raise CliError(f"more than --max-errors {self.max_errors} bad records (the last: {failures[-1]}); stopped")

    def lines(self, stats: BatchStats) -> list[str]:
        """Closing lines: how many were not shown, then the count per reason."""
        if not stats.failed:
            return []
        out = []
        if stats.failed > self.shown and self.error_log is None:
            out.append(f"arclean: ... {stats.failed - self.shown:,} more not shown (--error-log FILE lists them all)")
        reasons = ", ".join(f"{reason} {count:,}" for reason, count in stats.reasons.most_common())
        out.append(f"arclean: {self.verb} by reason: {reasons}")
        return out


def clean_jsonl(
    input_path: str,
    output_path: str,
    pipeline: Pipeline,
    options: BatchOptions,
    *,
    jobs: int = 1,
    quiet: bool = False,
    level: int | None = None,
) -> int:
    """Clean every record of one JSONL file; see ``arclean clean --help``."""
    return clean_jsonl_files([(input_path, output_path)], pipeline, options, jobs=jobs, quiet=quiet, level=level)


def clean_jsonl_files(
    pairs: list[tuple[str, str]],
    pipeline: Pipeline,
    options: BatchOptions,
    *,
    jobs: int = 1,
    quiet: bool = False,
    level: int | None = None,
    max_errors: int | None = None,
    error_log: str | None = None,
) -> int:
    """Clean every record of each ``(input, output)`` pair; one summary over all of them.

    The exit status is 1 when records were read but none could be cleaned (a mistyped
    ``--field``, the wrong file): an output of nothing must not look like success.
    """
    total = BatchStats()
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    log = open_error_log(error_log)
    report = FailureReport(options.on_error, log, max_errors, quiet)
    try:
        with Workers(pipeline, _with_output_codec(options, pairs, level), jobs) as workers:
            for input_path, output_path in pairs:
                stats = clean_one_file(input_path, output_path, workers, total, progress, report, level)
                if len(pairs) > 1 and not quiet:
                    progress.clear()
                    print(f"arclean: {input_path} -> {output_path}: {file_line(stats)}", file=sys.stderr)
    finally:
        progress.close(total)
        if log is not None:
            log.close()
    if not quiet:  # only for a run that completed: a failed run wrote no output to summarize
        files = f"{len(pairs):,} files, " if len(pairs) > 1 else ""
        print(summary_line(total, time.monotonic() - progress.started, prefix=files), file=sys.stderr)
        for line in report.lines(total):
            print(line, file=sys.stderr)
    if total.read and not total.cleaned:
        reasons = ", ".join(f"{reason} {count:,}" for reason, count in total.reasons.most_common())
        hint = f"; check --field (now {options.field!r})" if any(r.startswith("no field") for r in total.reasons) else ""
        print(f"arclean: error: no record was cleaned: all {total.read:,} failed ({reasons}){hint}", file=sys.stderr)
        return 1
    return 0


def _with_output_codec(options: BatchOptions, pairs: list[tuple[str, str]], level: int | None) -> BatchOptions:
    """The options with gzip compression in the workers when the outputs are ``.gz``."""
    codecs = {codec_of(output) for _, output in pairs}
    if codecs == {"gzip"}:
        return replace(options, compression="gzip", compression_level=level or LEVELS["gzip"][0])
    if "gzip" in codecs:  # mixed outputs (a directory of .jsonl and .jsonl.gz): compress per file
        return replace(options, compression=None)
    return options


def clean_one_file(
    input_path: str,
    output_path: str,
    workers: Workers,
    total: BatchStats,
    progress: Progress,
    report: FailureReport,
    level: int | None,
) -> BatchStats:
    """Clean one JSONL file into one output; the stats of that file (also folded into ``total``)."""
    source = input_path if input_path != STDIO else "<stdin>"
    stats = BatchStats()
    codec = codec_of(output_path)
    in_workers = workers.options.compression == "gzip"
    if output_path != STDIO:
        Path(output_path).parent.mkdir(parents=True, exist_ok=True)
    with open_input(input_path) as reader, open_output(output_path) as raw, compressing(raw, codec, level) as writer:
        gzip_here = codec == "gzip" and not in_workers
        size = GZIP_CHUNK_LINES if codec == "gzip" else CHUNK_LINES
        chunks = numbered_chunks(reader, size, name=source)
        with closing(workers.ordered_batches(chunks, source)) as batches:
            for batch in batches:
                data = batch.output()
                if gzip_here and data:
                    data = gzip.compress(data, level or LEVELS["gzip"][0], mtime=0)
                writer.write(data)  # one write per chunk; zstd writers lack writelines()
                stats.add(batch.stats)
                total.add(batch.stats)
                progress.update(total)
                if batch.error is not None:
                    raise batch.error
                if batch.failures:
                    report.add(batch.failures, total.failed)
    return stats


def open_error_log(path: str | None) -> IO[str] | None:
    """The ``--error-log`` file (one ``file:line: problem`` per bad record), or None."""
    if path is None:
        return None
    try:
        return open(path, "w", encoding="utf-8", errors="backslashreplace")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None


def file_line(stats: BatchStats) -> str:
    """One file's counts, for the per-file lines of a many-file run."""
    return f"{stats.read:,} read, {stats.cleaned:,} cleaned, {stats.failed:,} failed"


# -- explain -------------------------------------------------------------------------------------
#: ANSI colours per removal kind (``colour`` in kinds.toml); story lines stay uncoloured.
KIND_COLOURS = {kind.name: kind.colour for kind in kind_table().kinds}
STORY = "story"


def explain_lines(labels: Labels, removals: Iterable[Removal] = (), *, colour: bool = False) -> Iterator[str]:
    """One row per input line: number, final kind, final rule, first label where it differs, text.

    A line's first label is what the cleaners said of it on its own (the propose pass); when a
    neighbour rule changed it (a block header taking the line, the headline rule, a gap after
    the story), the row shows ``was FIRST`` and the rule column names the rule that changed it.
    ``removals`` (``Pipeline.find`` of the same text) adds a ``part:`` row under a line for each
    span that is not the whole line: boilerplate cut from inside a story line, or a removed line
    split in two kinds (a source line with tags glued on).
    """
    starts = [line.start for line in labels.doc.lines]
    parts: dict[int, list[Removal]] = {}
    for removal in removals:
        line = labels.doc.lines[bisect_right(starts, removal.start) - 1]
        if (removal.start, removal.end) != (line.start, line.end):
            parts.setdefault(line.index, []).append(removal)
    for line in labels.doc.lines:
        mark = labels.marks[line.index]
        kind, rule = ("", "") if line.blank else (STORY, "-") if mark is None else (mark.kind, mark.rule)
        first = labels.first_mark(line.index)
        was = f"was {first.rule if first is not None else STORY}" if labels.changed(line.index) else ""
        yield _paint(f"{line.index + 1:>4}  {kind:<10} {rule:<26} {was:<28} | {line.text}", kind, colour)
        for part in parts.get(line.index, ()):
            yield _paint(f"{'':>4}  {part.kind:<10} {part.rule:<26} {'':<28} |   part: {part.text!r}", part.kind, colour)


def _paint(row: str, kind: str, colour: bool) -> str:
    code = "" if kind in ("", STORY) else KIND_COLOURS.get(kind, "2")  # a custom cleaner's kind: dim
    return f"\033[{code}m{row}\033[0m" if colour and code else row


def run_explain(args: argparse.Namespace) -> int:
    pipeline = with_templates(load_pipeline(args.config), args)
    text = explain_input(args)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    removals = pipeline.find(text, args.site)
    for row in explain_lines(pipeline.label(text, args.site), removals, colour=colour):
        print(row)
    if pipeline.templates is not None:
        from arclean.templates.command import explain_entries

        for row in explain_entries(pipeline.templates, removals):
            print(row)
    return 0


def explain_input(args: argparse.Namespace) -> str:
    """The text ``explain`` labels: the whole FILE (or stdin), or one JSONL record's ``--field``."""
    if args.line is None and args.id is None:
        if codec_of(args.input) or args.input.endswith(JSONL_SUFFIXES):
            raise CliError(f"{args.input} looks like JSONL: pick a record with --line N or --id ID")
        return read_document(args.input)[1]
    return find_record(args.input, args.field, line=args.line, record_id=args.id, id_field=args.id_field)


def find_record(path: str, field: str, *, line: int | None, record_id: str | None, id_field: str = "id") -> str:
    """The ``field`` of one JSONL record: the one on ``line``, or the first whose ``id_field`` is ``record_id``."""
    source = "<stdin>" if path == STDIO else path
    options = BatchOptions(field=field, source=source)
    with open_input(path) as reader:
        for chunk in numbered_chunks(reader, name=source):
            for number, raw_line in chunk:
                if line is not None and number != line:
                    continue
                if line is None and (not raw_line.strip() or not _has_id(raw_line, id_field, record_id)):
                    continue
                return parse_record(raw_line, number, options)[1]
            if line is not None and chunk[-1][0] >= line:
                break
    wanted = f"on line {line}" if line is not None else f"with {id_field!r} = {record_id!r}"
    raise CliError(f"{source}: no record {wanted}")


def _has_id(raw_line: bytes, id_field: str, record_id: str | None) -> bool:
    """Whether a JSONL line is the record with this id (numbers match their decimal text)."""
    if record_id is None:
        return False
    if b"\\" not in raw_line and record_id.encode() not in raw_line:  # cheap pre-check (no escapes to decode)
        return False
    try:
        record = json.loads(raw_line.removeprefix(UTF8_BOM))
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and id_field in record and str(record[id_field]) == record_id


# -- corpus mode (arclean.templates) -----------------------------------------------------------
def with_templates(pipeline: Pipeline, args: argparse.Namespace) -> Pipeline:
    """``pipeline`` with the ``--templates`` file of ``args`` (unchanged without one)."""
    path = getattr(args, "templates", None)
    if path is None:
        return pipeline
    try:
        return pipeline.with_templates(path)
    except OSError as error:
        raise CliError(f"cannot read templates {path}: {error.strerror}") from None
    except ValueError as error:
        raise CliError(str(error)) from None


def _add_template_flags(parser: argparse.ArgumentParser, *, jsonl: bool) -> None:
    parser.add_argument("--templates", metavar="SITES.json", help="learned site templates ('arclean learn')")
    if jsonl:
        parser.add_argument("--site-field", metavar="F", help="with --templates: the record field naming its site")
        parser.add_argument("--url-field", metavar="F", help="with --templates: the record field whose domain is its site")
    else:
        parser.add_argument("--site", metavar="SITE", help="with --templates: the document's site (a domain or URL)")


# -- demo and config -------------------------------------------------------------------------
def sample_text() -> str:
    """The Arabic news-style sample shipped with the package (an original composition)."""
    return resources.files("arclean").joinpath("data", "sample.txt").read_text(encoding="utf-8")


def run_demo(args: argparse.Namespace) -> int:
    raw = sample_text()
    result = load_pipeline(args.config).clean(raw)
    print("=== before (raw) ===", raw.rstrip("\n"), "", "=== after (arclean.clean(raw).text) ===", result.text, sep="\n")
    print("", "=== metadata ===", sep="\n")
    for name, value in result.metadata.model_dump().items():
        if value:
            print(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    print("", "=== removed spans by kind ===", sep="\n")
    for kind, count in sorted(result.removed_by_kind().items()):
        print(f"{kind}: {count}")
    return 0


def run_config(args: argparse.Namespace) -> int:
    pipeline = load_pipeline(args.check)
    print(pipeline.to_config().model_dump_json(indent=2))
    return 0


# -- argument parsing ----------------------------------------------------------------------------
def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


CLEAN_EXAMPLES = """\
examples:
  arclean clean article.txt -o article.clean.txt
  cat article.txt | arclean clean > article.clean.txt
  arclean clean --jsonl crawl.jsonl.gz -o clean.jsonl.gz --field text --jobs 8
  arclean clean --jsonl 'shards/*.jsonl.gz' -o clean/ --jobs 8     # one output per shard, same names
  arclean clean --jsonl shards/ -o clean/                          # every *.jsonl[.gz|.zst] below shards/
  arclean clean --jsonl dev.jsonl -o out.jsonl --field raw --output-field text --no-spans
  arclean clean --jsonl crawl.jsonl -o out.jsonl --on-error skip --max-errors 100 --error-log bad.txt
  arclean clean --jsonl crawl.jsonl -o out.jsonl.gz --compression-level 9 --config my-pipeline.toml

JSONL output keeps every field of a record; the clean text replaces --field (or goes to
--output-field) and an "arclean" key holds metadata, removed spans and removed_by_kind.
A summary line (records read/cleaned/failed, bytes in/out, spans removed by kind) ends on stderr.
Exit status 1 when a record is bad under --on-error fail, a compressed input is cut or corrupt,
--max-errors is passed, or records were read and none was cleaned (a mistyped --field).
"""

EXPLAIN_EXAMPLES = """\
examples:
  arclean explain article.txt
  cat article.txt | arclean explain
  arclean explain crawl.jsonl.gz --line 42                # the record on line 42
  arclean explain dev.jsonl --id snn/0001 --field raw     # the record whose "id" is snn/0001
  arclean explain article.txt --color always | less -R

Columns: line number, label (story or the kind removed), rule id, the line as written.
Rows with "part:" are spans of the line above removed on their own: boilerplate glued
inside a story line, or a removed line split between two kinds.
"""

CONFIG_EXAMPLES = """\
examples:
  arclean config --default > pipeline.json      # edit, then: arclean clean --config pipeline.json ...
  arclean config --check pipeline.toml          # validate a JSON/TOML config, print it as JSON
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="arclean",
        description="Clean scraped Arabic news text: the story, its metadata, and every removed span.",
        epilog="examples:\n  arclean demo\n  arclean clean --jsonl in.jsonl -o out.jsonl --field text\n"
        "  arclean explain article.txt\n\nRun 'arclean COMMAND --help' for a command's options.",
        formatter_class=_formatter,
    )
    from arclean import __version__

    parser.add_argument("--version", action="version", version=f"arclean {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_clean(subparsers)
    _add_explain(subparsers)
    _add_demo(subparsers)
    _add_config(subparsers)
    _add_eval(subparsers)
    from arclean.templates.command import add_parser as add_learn

    add_learn(subparsers, _formatter)
    return parser


def _add_config_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="pipeline config, JSON or TOML (see 'arclean config')")


def _add_clean(subparsers: Any) -> None:
    clean = subparsers.add_parser(
        "clean",
        help="clean a text file or a JSONL corpus",
        description="Clean one plain-text document, or every record of JSONL files (--jsonl).",
        epilog=CLEAN_EXAMPLES,
        formatter_class=_formatter,
    )
    clean.add_argument("input", nargs="?", default=STDIO, metavar="FILE", help="plain text input (default: stdin)")
    clean.add_argument(
        "--jsonl",
        nargs="+",
        metavar="IN",
        help="JSONL input instead: files, directories or quoted glob patterns (.gz/.zst by extension; - = stdin)",
    )
    clean.add_argument(
        "-o", "--output", default=STDIO, metavar="OUT", help="output (default: stdout; .gz/.zst; a directory for many)"
    )
    clean.add_argument("--field", default="text", help="JSONL field holding the raw text (default: text)")
    clean.add_argument("--output-field", metavar="F", help="write the clean text here instead of replacing --field")
    clean.add_argument("--no-metadata", action="store_true", help="leave metadata out of the arclean key")
    clean.add_argument("--no-spans", action="store_true", help="leave the removed spans out of the arclean key")
    clean.add_argument(
        "--on-error",
        choices=("fail", "skip", "keep"),
        default="fail",
        help="a bad record: stop with an error (default), drop it, or keep it unchanged with arclean.error",
    )
    clean.add_argument(
        "--max-errors", type=_non_negative_int, metavar="N", help="with skip/keep: stop (exit 1) after N bad records"
    )
    clean.add_argument("--error-log", metavar="FILE", help="with skip/keep: write every bad record's file:line: reason")
    clean.add_argument(
        "--replace-surrogates",
        action="store_true",
        help="replace lone surrogates (\\ud800 escapes) with U+FFFD instead of writing them escaped",
    )
    clean.add_argument(
        "--compression-level",
        type=int,
        metavar="N",
        help="gzip 1-9 (default 6) or zstd 1-22 (default 3), for .gz/.zst output",
    )
    clean.add_argument("-j", "--jobs", type=_positive_int, default=1, metavar="N", help="worker processes (default 1)")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    _add_config_flag(clean)
    _add_template_flags(clean, jsonl=True)
    clean.set_defaults(func=_check_clean_args(clean))


def _check_clean_args(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        if args.jsonl is not None and args.input != STDIO:
            parser.error("give either a plain-text FILE or --jsonl IN, not both")
        jsonl_only = (args.output_field, args.no_metadata, args.no_spans, args.on_error != "fail", args.max_errors)
        if args.jsonl is None and (any(jsonl_only) or args.error_log or args.replace_surrogates):
            parser.error(
                "--output-field, --no-metadata, --no-spans, --on-error, --max-errors, --error-log and "
                "--replace-surrogates apply to --jsonl input"
            )
        if args.on_error == "fail" and (args.max_errors is not None or args.error_log):
            parser.error("--max-errors and --error-log apply to --on-error skip or keep (fail stops at the first)")
        if args.templates and args.jsonl is None:
            parser.error("--templates applies to --jsonl input (records name their site)")
        if args.templates and args.site_field is None and args.url_field is None:
            parser.error("--templates needs --site-field and/or --url-field: which field names each record's site")
        pairs = plan_jobs(args.jsonl, args.output) if args.jsonl is not None else [(args.input, args.output)]
        if args.compression_level is not None:
            for _, output in pairs:
                _check_level(parser, output, args.compression_level)
        return run_clean(args, pairs if args.jsonl is not None else None)

    return run


def _check_level(parser: argparse.ArgumentParser, output: str, level: int) -> None:
    """``--compression-level`` must suit the output's codec (gzip 1-9, zstd 1-22)."""
    codec = codec_of(output)
    if codec is None:
        parser.error(f"--compression-level applies to .gz or .zst output, not {output}")
    _, lowest, highest = LEVELS[codec]
    if not lowest <= level <= highest:
        parser.error(f"--compression-level for {codec} ({output}) is {lowest} to {highest}, got {level}")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {number}")
    return number


def _add_explain(subparsers: Any) -> None:
    explain = subparsers.add_parser(
        "explain",
        help="show each line's label and the rule that decided it",
        description=(
            "Label every line of a document (story or a removed kind) and name the rule; where a neighbour"
            " rule changed a line's first label, show that label ('was …') beside the rule that changed it."
        ),
        epilog=EXPLAIN_EXAMPLES,
        formatter_class=_formatter,
    )
    explain.add_argument("input", nargs="?", default=STDIO, metavar="FILE", help="plain text document (default: stdin)")
    pick = explain.add_mutually_exclusive_group()
    pick.add_argument("--line", type=_positive_int, metavar="N", help="FILE is JSONL: explain the record on line N")
    pick.add_argument("--id", metavar="ID", help="FILE is JSONL: explain the record whose --id-field is ID")
    explain.add_argument("--field", default="text", help="with --line/--id: the field holding the raw text")
    explain.add_argument("--id-field", default="id", metavar="F", help="with --id: the field holding the id")
    explain.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="ANSI colours (auto: on a terminal)"
    )
    _add_config_flag(explain)
    _add_template_flags(explain, jsonl=False)
    explain.set_defaults(func=run_explain)


def _add_demo(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="clean a shipped sample and show before/after",
        description="Clean the Arabic sample shipped with arclean; print it before and after, plus metadata.",
        epilog="examples:\n  arclean demo\n  arclean demo --config pipeline.json",
        formatter_class=_formatter,
    )
    _add_config_flag(demo)
    demo.set_defaults(func=run_demo)


def _add_config(subparsers: Any) -> None:
    config = subparsers.add_parser(
        "config",
        help="print the default pipeline config, or check one",
        description="Pipeline configs are JSON or TOML forms of arclean.PipelineConfig.",
        epilog=CONFIG_EXAMPLES,
        formatter_class=_formatter,
    )
    group = config.add_mutually_exclusive_group(required=True)
    group.add_argument("--default", action="store_true", help="print the default config as JSON")
    group.add_argument("--check", metavar="FILE", help="validate a JSON/TOML config and print it as JSON")
    config.set_defaults(func=run_config)


def _add_eval(subparsers: Any) -> None:
    """Register ``arclean eval`` from :mod:`arclean.evaluate` when that module is present."""
    try:
        from arclean import evaluate
    except ImportError:
        return
    evaluate.add_parser(subparsers)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so the same clean-up runs: temp files removed, workers stopped."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the command runs, SIGTERM unwinds the stack (``finally`` and ``with`` blocks run).

    Python's default for SIGTERM is to die at once, leaving ``.OUT.*.tmp`` files and worker
    processes behind. Only the main thread can set a handler; elsewhere nothing changes.
    """
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``arclean`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        with sigterm_as_interrupt():
            return args.func(args)
    except (CliError, RecordError) as error:
        print(f"arclean: error: {error}", file=sys.stderr)
        return 1
    except BrokenProcessPool:
        print("arclean: error: a worker process died (killed, or out of memory); nothing was written", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `arclean ... | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except Terminated:
        print("arclean: terminated; an output file (-o) is left as it was", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("arclean: interrupted; an output file (-o) is left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
