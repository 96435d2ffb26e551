"""The ``arclean`` command: clean text or JSONL corpora, explain a document's labels, show a demo.

Run ``arclean --help`` or ``arclean COMMAND --help`` for examples. Data goes to stdout or ``-o``;
progress, the summary line and errors go to stderr, so the command composes in shell pipelines.
Exit status: 0 on success, 1 when input is bad (``--on-error fail``) or a file cannot be used,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import tempfile
import time
import tomllib
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from arclean.batch import Batch, BatchOptions, BatchStats, RecordError, clean_chunk, clean_lines, init_worker
from arclean.labels import Labels
from arclean.models import Removal
from arclean.pipeline import Pipeline

STDIO = "-"
#: Lines per task sent to a worker process: big enough to amortize pickling, small enough to stream.
CHUNK_LINES = 16
#: Chunks in flight per worker: keeps every worker busy while memory stays bounded.
CHUNKS_PER_JOB = 4


class CliError(Exception):
    """A problem the user can fix (bad file, bad config); printed without a traceback."""


# -- files ----------------------------------------------------------------------------------
def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise CliError("reading or writing .zst files needs the 'zstandard' package: pip install zstandard") from None
    return zstandard


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
        if path.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="rb") as reader:
                yield reader
        elif path.endswith(".zst"):
            with _zstandard().ZstdDecompressor().stream_reader(raw) as stream:
                yield io.BufferedReader(stream)
        else:
            yield raw


@contextmanager
def open_output(path: str) -> Iterator[IO[bytes] | gzip.GzipFile]:
    """A binary writer for ``path`` (``-`` = stdout) that appears only when complete.

    Output goes to a temporary file in the target's directory, renamed over ``path`` once
    everything is written: an interrupted or failed run never leaves a truncated file, and
    a previous output stays intact. ``.gz``/``.zst`` are compressed by extension.
    """
    if path == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as raw:
            if path.endswith(".gz"):
                with gzip.GzipFile(filename=target.name, fileobj=raw, mode="wb") as writer:
                    yield writer
            elif path.endswith(".zst"):
                with _zstandard().ZstdCompressor().stream_writer(raw, closefd=False) as writer:
                    yield writer
            else:
                yield raw
        _umask_permissions(temp_name)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _umask_permissions(path: str) -> None:
    """Give the temp file the permissions a plain ``open()`` would have (mkstemp makes it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


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

    def close(self, stats: BatchStats) -> None:
        if self.enabled:
            self.update(stats, force=True)
            self.stream.write("\n")


def summary_line(stats: BatchStats, elapsed: float | None = None) -> str:
    """The final one-line report: records, outcomes, bytes, removed spans per kind (and speed)."""
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in stats.removed.most_common()) or "none"
    failed = f"{stats.failed:,} failed ({stats.skipped:,} skipped, {stats.kept:,} kept unchanged)"
    line = (
        f"arclean: {stats.read:,} records read, {stats.cleaned:,} cleaned, {failed}; "
        f"{stats.bytes_in:,} bytes in, {stats.bytes_out:,} bytes out; removed spans: {kinds}"
    )
    if elapsed is not None:
        line += f"; {elapsed:.2f}s, {stats.read / max(elapsed, 1e-9):,.1f} docs/s"
    return line


# -- clean ------------------------------------------------------------------------------------
def run_clean(args: argparse.Namespace) -> int:
    pipeline = load_pipeline(args.config)
    if args.jsonl is not None:
        options = BatchOptions(
            field=args.field,
            output_field=args.output_field,
            metadata=not args.no_metadata,
            spans=not args.no_spans,
            on_error=args.on_error,
            source=args.jsonl if args.jsonl != STDIO else "<stdin>",
        )
        return clean_jsonl(args.jsonl, args.output, pipeline, options, jobs=args.jobs, quiet=args.quiet)
    return clean_text(args.input, args.output, pipeline, quiet=args.quiet)


def clean_text(input_path: str, output_path: str, pipeline: Pipeline, *, quiet: bool = False) -> int:
    """Plain text in (one document), clean text out."""
    data, text = read_document(input_path)
    result = pipeline.clean(text)
    cleaned = (result.text + "\n").encode("utf-8") if result.text else b""
    with open_output(output_path) as writer:
        writer.write(cleaned)
    stats = BatchStats(read=1, cleaned=1, bytes_in=len(data), bytes_out=len(cleaned))
    stats.removed.update(result.removed_by_kind())
    if not quiet:
        print(summary_line(stats), file=sys.stderr)
    return 0


def numbered_chunks(reader: Iterable[bytes], size: int = CHUNK_LINES) -> Iterator[list[tuple[int, bytes]]]:
    """Lines of ``reader`` with 1-based numbers, ``size`` at a time (streams; nothing else is held)."""
    chunk: list[tuple[int, bytes]] = []
    for number, line in enumerate(reader, start=1):
        chunk.append((number, line))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_batches(
    chunks: Iterator[list[tuple[int, bytes]]], pipeline: Pipeline, options: BatchOptions, jobs: int
) -> Iterator[Batch]:
    """Clean chunks in input order: in this process, or on ``jobs`` worker processes.

    With workers, at most ``jobs * CHUNKS_PER_JOB`` chunks are in flight and results are
    yielded strictly in submission order, so output equals the ``jobs=1`` output byte for byte.
    """
    if jobs <= 1:
        for chunk in chunks:
            yield clean_lines(chunk, pipeline, options)
        return
    config_json = pipeline.to_config().model_dump_json()
    with ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(config_json, options)) as pool:
        pending: deque[Future[Batch]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(clean_chunk, chunk))
                if len(pending) >= jobs * CHUNKS_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:  # stop early (an error, Ctrl-C): drop queued work
                future.cancel()


def clean_jsonl(
    input_path: str, output_path: str, pipeline: Pipeline, options: BatchOptions, *, jobs: int = 1, quiet: bool = False
) -> int:
    """Clean every record of a JSONL file; see ``arclean clean --help``."""
    stats = BatchStats()
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        with open_input(input_path) as reader, open_output(output_path) as writer:
            for batch in ordered_batches(numbered_chunks(reader), pipeline, options, jobs):
                writer.write(b"".join(batch.lines))  # one write per chunk; zstd writers lack writelines()
                stats.add(batch.stats)
                progress.update(stats)
                if batch.error is not None:
                    raise batch.error
    finally:
        progress.close(stats)
    if not quiet:  # only for a run that completed: a failed run wrote no output to summarize
        print(summary_line(stats, time.monotonic() - progress.started), file=sys.stderr)
    return 0


# -- explain -------------------------------------------------------------------------------------
#: ANSI colours per removal kind; story lines stay uncoloured.
KIND_COLOURS = {
    "title": "1;35",
    "date": "35",
    "byline": "36",
    "source": "33",
    "tags": "32",
    "read_also": "34",
    "related": "94",
    "disclaimer": "90",
    "social": "31",
    "copyright": "91",
    "caption": "96",
    "nav": "37",
    "ad": "1;31",
    "comments": "93",
    "other": "2",
}
STORY = "story"


def explain_lines(labels: Labels, removals: Iterable[Removal] = (), *, colour: bool = False) -> Iterator[str]:
    """One row per input line: number, kind, rule and text.

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
        yield _paint(f"{line.index + 1:>4}  {kind:<10} {rule:<26} | {line.text}", kind, colour)
        for part in parts.get(line.index, ()):
            yield _paint(f"{'':>4}  {part.kind:<10} {part.rule:<26} |   part: {part.text!r}", part.kind, colour)


def _paint(row: str, kind: str, colour: bool) -> str:
    code = "" if kind in ("", STORY) else KIND_COLOURS.get(kind, "2")  # a custom cleaner's kind: dim
    return f"\033[{code}m{row}\033[0m" if colour and code else row


def run_explain(args: argparse.Namespace) -> int:
    pipeline = load_pipeline(args.config)
    _, text = read_document(args.input)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    for row in explain_lines(pipeline.label(text), pipeline.find(text), colour=colour):
        print(row)
    return 0


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
  arclean clean --jsonl dev.jsonl -o out.jsonl --field raw --output-field text --no-spans
  arclean clean --jsonl crawl.jsonl -o out.jsonl --on-error keep --config my-pipeline.toml

JSONL output keeps every field of a record; the clean text replaces --field (or goes to
--output-field) and an "arclean" key holds metadata, removed spans and removed_by_kind.
A summary line (records read/cleaned/failed, bytes in/out, spans removed by kind) ends on stderr.
"""

EXPLAIN_EXAMPLES = """\
examples:
  arclean explain article.txt
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
    from arclean import __version__, backend

    parser.add_argument("--version", action="version", version=f"arclean {__version__} (backend: {backend})")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_clean(subparsers)
    _add_explain(subparsers)
    _add_demo(subparsers)
    _add_config(subparsers)
    _add_eval(subparsers)
    return parser


def _add_config_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="pipeline config, JSON or TOML (see 'arclean config')")


def _add_clean(subparsers: Any) -> None:
    clean = subparsers.add_parser(
        "clean",
        help="clean a text file or a JSONL corpus",
        description="Clean one plain-text document, or every record of a JSONL file (--jsonl).",
        epilog=CLEAN_EXAMPLES,
        formatter_class=_formatter,
    )
    clean.add_argument("input", nargs="?", default=STDIO, metavar="FILE", help="plain text input (default: stdin)")
    clean.add_argument("--jsonl", metavar="IN", help="JSONL input instead (.gz/.zst by extension; - = stdin)")
    clean.add_argument("-o", "--output", default=STDIO, metavar="OUT", help="output (default: stdout; .gz/.zst)")
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
    clean.add_argument("-j", "--jobs", type=_positive_int, default=1, metavar="N", help="worker processes (default 1)")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    _add_config_flag(clean)
    clean.set_defaults(func=_check_clean_args(clean))


def _check_clean_args(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        if args.jsonl is not None and args.input != STDIO:
            parser.error("give either a plain-text FILE or --jsonl IN, not both")
        if args.jsonl is None and (args.output_field or args.no_metadata or args.no_spans or args.on_error != "fail"):
            parser.error("--output-field, --no-metadata, --no-spans and --on-error apply to --jsonl input")
        return run_clean(args)

    return run


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _add_explain(subparsers: Any) -> None:
    explain = subparsers.add_parser(
        "explain",
        help="show each line's label and the rule that decided it",
        description="Label every line of a document (story or a removed kind) and name the rule.",
        epilog=EXPLAIN_EXAMPLES,
        formatter_class=_formatter,
    )
    explain.add_argument("input", metavar="FILE", help="plain text document (- = stdin)")
    explain.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="ANSI colours (auto: on a terminal)"
    )
    _add_config_flag(explain)
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``arclean`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CliError, RecordError) as error:
        print(f"arclean: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `arclean ... | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("arclean: interrupted; an output file (-o) is left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
