"""``arclean learn``: learn site templates from JSONL crawls (one streaming pass, ``--jobs N``).

Records are read as bytes by this process and parsed and learned from in ``N`` worker
processes, each with its own :class:`TemplateLearner`; their states merge exactly at the end,
so ``--jobs 2`` writes the same file as ``--jobs 1``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from arclean.batch import BatchStats, RecordError
from arclean.templates import SiteTemplates
from arclean.templates.learn import TemplateLearner
from arclean.templates.model import LearnOptions, site_key

#: Lines per chunk handed to a worker: enough to amortize the queue, small enough to stream.
CHUNK_LINES = 256
#: Chunks waiting per worker: keeps workers busy while memory stays bounded.
QUEUED_CHUNKS = 4

LEARN_EXAMPLES = """\
examples:
  arclean learn crawl/*.jsonl.gz --site-field site -o sites.json
  arclean learn crawl.jsonl.zst --url-field url -o sites.json --jobs 4
  arclean clean --jsonl crawl.jsonl.gz --templates sites.json --site-field site -o clean.jsonl.gz
  arclean eval gold.jsonl --templates sites.json

Each record names its site in --site-field (a domain or a name) or --url-field (the domain is
taken from the URL); with both, the site field wins and the URL is the fallback. The output is
versioned JSON, one entry per template line (docs/templates.md); edit it freely.
"""


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Where a record keeps its text and its site."""

    text: str = "text"
    site: str | None = None
    url: str | None = None
    skip_bad: bool = False

    def read(self, raw_line: bytes, source: str, number: int) -> tuple[str, str]:
        """``(site, text)`` of one JSONL line, or :class:`RecordError` naming what is wrong."""
        try:
            record = json.loads(raw_line)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise RecordError(source, number, f"not a JSON record: {error}") from None
        if not isinstance(record, dict):
            raise RecordError(source, number, f"expected a JSON object, got {type(record).__name__}")
        text = record.get(self.text)
        if not isinstance(text, str):
            raise RecordError(source, number, f"field {self.text!r} is missing or not a string")
        return record_site(record, self.site, self.url, source, number), text


def record_site(record: dict[str, Any], site_field: str | None, url_field: str | None, source: str, number: int) -> str:
    """The site of a record: its ``site_field``, else the domain of its ``url_field``."""
    for name in (site_field, url_field):
        if name is None:
            continue
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return site_key(value)
    wanted = " or ".join(repr(name) for name in (site_field, url_field) if name)
    raise RecordError(source, number, f"record has no site: field {wanted} is missing, empty or not a string")


def _learn_chunks(
    fields: RecordFields, options: LearnOptions, chunks: Iterator[tuple[str, list[tuple[int, bytes]]]]
) -> tuple[TemplateLearner, int]:
    learner = TemplateLearner(options)
    skipped = 0
    for source, chunk in chunks:
        for number, raw_line in chunk:
            try:
                site, text = fields.read(raw_line, source, number)
            except RecordError:
                if not fields.skip_bad:
                    raise
                skipped += 1
                continue
            learner.add(site, text)
    return learner, skipped


def _worker(fields: RecordFields, options: LearnOptions, tasks: Any, results: Any) -> None:
    try:
        learner, skipped = _learn_chunks(fields, options, iter(tasks.get, None))
        results.put(("ok", learner.to_state(), skipped))
    except BaseException as error:  # report, never hang the parent
        while tasks.get() is not None:  # drain so the parent's puts do not block
            pass
        if isinstance(error, RecordError):
            results.put(("record", (error.source, error.line, error.problem), 0))
        else:
            results.put(("error", f"{type(error).__name__}: {error}", 0))


def read_chunks(paths: list[str], stats: BatchStats, progress: Any) -> Iterator[tuple[str, list[tuple[int, bytes]]]]:
    """Non-blank lines of every input, numbered per file, ``CHUNK_LINES`` at a time."""
    from arclean.cli import STDIO, open_input

    for path in paths:
        source = "<stdin>" if path == STDIO else path
        chunk: list[tuple[int, bytes]] = []
        with open_input(path) as reader:
            for number, raw_line in enumerate(reader, start=1):
                if not raw_line.strip():
                    continue
                stats.read += 1
                stats.bytes_in += len(raw_line)
                chunk.append((number, raw_line))
                if len(chunk) == CHUNK_LINES:
                    yield source, chunk
                    chunk = []
                    progress.update(stats)
        if chunk:
            yield source, chunk


def learn_files(
    paths: list[str], fields: RecordFields, options: LearnOptions, *, jobs: int = 1, quiet: bool = False
) -> tuple[TemplateLearner, BatchStats]:
    """Learn from JSONL files (``-`` = stdin) on ``jobs`` processes; the merged learner and counts."""
    from arclean.cli import Progress

    stats = BatchStats()
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        if jobs <= 1:
            learner, skipped = _learn_chunks(fields, options, read_chunks(paths, stats, progress))
        else:
            learner, skipped = _learn_parallel(paths, fields, options, jobs, stats, progress)
    finally:
        progress.close(stats)
    stats.failed = stats.skipped = skipped
    stats.cleaned = stats.read - skipped
    return learner, stats


def _learn_parallel(
    paths: list[str], fields: RecordFields, options: LearnOptions, jobs: int, stats: BatchStats, progress: Any
) -> tuple[TemplateLearner, int]:
    context = multiprocessing.get_context("spawn")
    queues = [context.Queue(maxsize=QUEUED_CHUNKS) for _ in range(jobs)]
    results = context.Queue()
    workers = [context.Process(target=_worker, args=(fields, options, queue, results), daemon=True) for queue in queues]
    for worker in workers:
        worker.start()
    try:
        for position, chunk in enumerate(read_chunks(paths, stats, progress)):
            queues[position % jobs].put(chunk)
        for queue in queues:
            queue.put(None)
        outcomes = [results.get() for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
    for status, payload, _ in outcomes:
        if status == "record":
            raise RecordError(*payload)
        if status == "error":
            raise RuntimeError(f"a learn worker failed: {payload}")
    learner = TemplateLearner(options)
    for _, state, _ in outcomes:  # merging is exact: the order of workers does not matter
        learner.merge(TemplateLearner.from_state(state))
    return learner, sum(skipped for _, _, skipped in outcomes)


def run_learn(args: argparse.Namespace) -> int:
    from arclean.cli import CliError, open_output

    if args.site_field is None and args.url_field is None:
        raise CliError("say where each record's site is: --site-field NAME and/or --url-field NAME")
    overrides = {name: getattr(args, name) for name in ("min_pages", "min_share", "max_words") if getattr(args, name) is not None}
    try:
        options = LearnOptions(**overrides)
    except ValidationError as error:
        problems = "; ".join(f"--{'-'.join(map(str, e['loc'])).replace('_', '-')}: {e['msg']}" for e in error.errors())
        raise CliError(f"invalid learning option: {problems}") from None
    fields = RecordFields(text=args.field, site=args.site_field, url=args.url_field, skip_bad=args.on_error == "skip")
    started = time.monotonic()
    learner, stats = learn_files(args.files, fields, options, jobs=args.jobs, quiet=args.quiet)
    templates = SiteTemplates(learner.result())
    with open_output(args.output) as writer:
        writer.write(templates.to_json().encode("utf-8"))
    if not args.quiet:
        entries = sum(len(site.entries) for site in templates.data.sites.values())
        elapsed = time.monotonic() - started
        print(
            f"arclean learn: {stats.read:,} records read, {stats.skipped:,} skipped; {len(templates.data.sites):,} sites, "
            f"{entries:,} template entries; {elapsed:.2f}s, {stats.read / max(elapsed, 1e-9):,.1f} docs/s",
            file=sys.stderr,
        )
    return 0


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def add_parser(subparsers: Any, formatter: Any = None) -> argparse.ArgumentParser:
    """Register ``arclean learn``."""
    parser = subparsers.add_parser(
        "learn",
        help="learn each site's template from a crawl (corpus mode)",
        description="Learn each site's template (the lines it repeats on its pages) from JSONL crawls.",
        epilog=LEARN_EXAMPLES,
        formatter_class=formatter or argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL input (.gz/.zst by extension; - = stdin)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the template file to write (JSON)")
    parser.add_argument("--field", default="text", help="field holding the raw text (default: text)")
    parser.add_argument("--site-field", metavar="F", help="field naming the record's site (a domain or a name)")
    parser.add_argument("--url-field", metavar="F", help="field holding the record's URL (its domain is the site)")
    parser.add_argument("--on-error", choices=("fail", "skip"), default="fail", help="a bad record: stop (default) or skip it")
    parser.add_argument("--min-pages", type=int, metavar="N", help="a template line recurs on at least N pages (default 5)")
    parser.add_argument("--min-share", type=float, metavar="S", help="... and on this share of its site's pages (default 0.05)")
    parser.add_argument("--max-words", type=int, metavar="N", help="longer lines are never template lines (default 30)")
    parser.add_argument("-j", "--jobs", type=_positive_int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    parser.set_defaults(func=run_learn)
    return parser


def explain_entries(templates: SiteTemplates, removals: Any) -> Iterator[str]:
    """Rows naming the template entries behind the removals ``template.<id>`` (for ``explain``)."""
    used = sorted({removal.rule for removal in removals if removal.rule.startswith("template.")})
    if not used:
        return
    yield ""
    yield "template entries used:"
    for rule in used:
        entry = templates.entry(rule)
        if entry is not None:
            share = f"{entry.pages:,} pages ({entry.share:.0%})"
            yield f"  {rule:<26} {entry.kind:<10} zone {entry.zone:<8} {share} | {entry.skeleton}"
