"""Score a cleaner against line-labelled gold documents (the evaluation format, docs/evaluation.md).

The figures are defined exactly as in the project's reference scorer (``score.py``): text is
compared as *canonical tokens*, so every normalization a cleaner applies is neutral and only what
it keeps or drops counts. On top of the reference figures this module explains them:

- per gold label: for each boilerplate label, how many junk lines there were and how many leaked;
- per rule: which arclean rule ids removed gold story lines, and how often;
- worst documents: each with its lost lines (and the rule that removed them) and leaked lines
  (with their gold label).

>>> tokens("الخبرُ: ٣ أشخاص")
['الخبر', '3', 'اشخاص']
>>> gold = {"id": "x/1", "raw": "نص الخبر هنا كاملا\\nالمصدر: وكالات", "labels": ["body", "source"],
...         "main": "نص الخبر هنا كاملا", "meta": {"sources": ["وكالات"]}}
>>> row = score_document(gold, {"text": "نص الخبر هنا كاملا", "meta": {"sources": ["وكالات"]}})
>>> (row.body_lost, row.junk_kept, row.exact, row.meta)
(0, 0, True, {'sources': 1.0})
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from arclean.models import PipelineConfig, Removal
from arclean.pipeline import Pipeline

__all__ = [
    "DocumentScore",
    "LeakedLine",
    "LostLine",
    "Report",
    "add_parser",
    "aggregate",
    "evaluate",
    "load_gold",
    "load_jsonl",
    "load_pipeline",
    "load_predictions",
    "main",
    "predict",
    "run",
    "score_document",
    "score_meta",
    "tokens",
]

BODY = "body"
BLANK = "blank"
INLINE = "inline_junk"  #: the label given to a gold ``inline_junk`` span in breakdowns

# Canonical-token tables: the same definitions as score.py (kept in step by tests/test_evaluate.py).
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_FOLD = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06a9": "\u0643",  # Farsi kaf -> kaf
        "\u0623": "\u0627",  # hamza/madda/wasla alef forms -> alef
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0671": "\u0627",
        "\u0629": "\u0647",  # teh marbuta -> heh
    }
)
_WORD = re.compile(r"\w+")


# -- canonical tokens ------------------------------------------------------------------
def tokens(text: str) -> list[str]:
    """Canonical tokens of ``text``: NFKC, no diacritics/tatweel/invisibles, folded digits and letters, casefolded.

    Insensitive to every normalization arclean may apply, so a score measures only what was kept.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", _DIACRITICS.sub("", text)).translate(_FOLD).casefold()
    return _WORD.findall(text)


def _haystack(token_list: Sequence[str]) -> str:
    return f" {' '.join(token_list)} "


def _contains(haystack: str, needle: Sequence[str]) -> bool:
    """True if the token sequence ``needle`` occurs contiguously in ``haystack`` (from ``_haystack``)."""
    return f" {' '.join(needle)} " in haystack


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


# -- one document ----------------------------------------------------------------------
@dataclass(slots=True)
class LostLine:
    """A gold story line missing from the output, and (for arclean) the rule that removed most of it."""

    text: str
    rule: str | None = None


@dataclass(slots=True)
class LeakedLine:
    """A gold boilerplate line whose tokens survived into the output."""

    text: str
    label: str


@dataclass(slots=True)
class DocumentScore:
    """The counts score.py keeps per document, plus the lines behind them."""

    id: str
    site: str
    gold_n: int
    pred_n: int
    overlap: int
    body_lines: int
    body_lost: int
    junk_lines: int
    junk_kept: int
    exact: bool
    meta: dict[str, float]
    junk_by_label: dict[str, list[int]] = field(default_factory=dict)  #: label -> [junk lines, leaked]
    lost: list[LostLine] = field(default_factory=list)
    leaked: list[LeakedLine] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The reference scorer's row (same keys), with the explanations added."""
        return {
            "id": self.id,
            "site": self.site,
            "gold_n": self.gold_n,
            "pred_n": self.pred_n,
            "overlap": self.overlap,
            "body_lines": self.body_lines,
            "body_lost": self.body_lost,
            "junk_lines": self.junk_lines,
            "junk_kept": self.junk_kept,
            "exact": self.exact,
            "meta": self.meta,
            "junk_by_label": self.junk_by_label,
            "lost": [{"text": line.text, "rule": line.rule} for line in self.lost],
            "leaked": [{"text": line.text, "label": line.label} for line in self.leaked],
        }


def _line_spans(raw: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in raw.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _removing_rule(span: tuple[int, int], removals: Sequence[Removal]) -> str | None:
    """The rule of the removal covering most of ``span`` (None if nothing removed any of it)."""
    start, end = span
    covered: Counter[str] = Counter()
    for removal in removals:
        overlap = min(end, removal.end) - max(start, removal.start)
        if overlap > 0:
            covered[removal.rule] += overlap
    return covered.most_common(1)[0][0] if covered else None


def score_document(gold: Mapping[str, Any], pred: Mapping[str, Any], removals: Sequence[Removal] | None = None) -> DocumentScore:
    """Score one prediction (``{"text": ..., "meta": {...}}``) against its gold record.

    ``removals`` (arclean's ``CleanResult.removed``) lets a lost story line name the rule that
    removed it; without them ``LostLine.rule`` is None.
    """
    gold_tokens = tokens(gold["main"])
    pred_tokens = tokens(pred.get("text") or "")
    overlap = sum((Counter(gold_tokens) & Counter(pred_tokens)).values())
    pred_hay, gold_hay = _haystack(pred_tokens), _haystack(gold_tokens)

    raw_lines = gold["raw"].split("\n")
    labels = list(gold["labels"])
    main_lines = gold["main"].split("\n")
    # main is the body lines in order; pair them with their raw spans to find who removed them
    body_spans = [span for span, label in zip(_line_spans(gold["raw"]), labels, strict=False) if label == BODY]
    spans: list[tuple[int, int] | None] = list(body_spans) if len(body_spans) == len(main_lines) else []
    spans += [None] * (len(main_lines) - len(spans))

    lost: list[LostLine] = []
    body_count = 0
    for line, span in zip(main_lines, spans, strict=True):
        line_tokens = tokens(line)
        if len(line_tokens) < 3:
            continue
        body_count += 1
        if not _contains(pred_hay, line_tokens):
            rule = _removing_rule(span, removals) if removals is not None and span is not None else None
            lost.append(LostLine(line, rule))

    junk = [(line, label) for line, label in zip(raw_lines, labels, strict=False) if label not in (BODY, BLANK)]
    junk += [(span_text, INLINE) for span_text in gold.get("inline_junk", [])]
    junk_by_label: dict[str, list[int]] = {}
    leaked: list[LeakedLine] = []
    junk_count = 0
    for line, label in junk:
        line_tokens = tokens(line)
        if len(line_tokens) < 2 or _contains(gold_hay, line_tokens):
            continue
        junk_count += 1
        counts = junk_by_label.setdefault(label, [0, 0])
        counts[0] += 1
        if _contains(pred_hay, line_tokens):
            counts[1] += 1
            leaked.append(LeakedLine(line, label))

    return DocumentScore(
        id=gold["id"],
        site=gold.get("site", "?"),
        gold_n=len(gold_tokens),
        pred_n=len(pred_tokens),
        overlap=overlap,
        body_lines=body_count,
        body_lost=len(lost),
        junk_lines=junk_count,
        junk_kept=len(leaked),
        exact=gold_tokens == pred_tokens,
        meta=score_meta(gold.get("meta") or {}, pred.get("meta") or {}),
        junk_by_label=junk_by_label,
        lost=lost,
        leaked=leaked,
    )


def score_meta(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, float]:
    """Token-set F1 per metadata field that the gold record fills.

    >>> score_meta({"tags": ["اقتصاد", "نفط"], "title": ""}, {"tags": ["نفط"]})
    {'tags': 0.6666666666666666}
    """
    scores: dict[str, float] = {}
    for name, want in gold.items():
        if want in (None, "", []):
            continue
        got = pred.get(name)
        wanted = set(tokens(" ".join(want) if isinstance(want, list) else str(want)))
        found = set(tokens(" ".join(map(str, got)) if isinstance(got, list | tuple) else str(got or "")))
        common = len(wanted & found)
        scores[name] = _f1(common / len(found) if found else 0.0, common / len(wanted) if wanted else 0.0)
    return scores


# -- many documents --------------------------------------------------------------------
def aggregate(rows: Sequence[DocumentScore]) -> dict[str, Any]:
    """The reference scorer's aggregate (same keys and definitions), micro-averaged over ``rows``."""
    gold_n = sum(row.gold_n for row in rows)
    pred_n = sum(row.pred_n for row in rows)
    overlap = sum(row.overlap for row in rows)
    precision = overlap / pred_n if pred_n else 1.0
    recall = overlap / gold_n if gold_n else 1.0
    meta: defaultdict[str, list[float]] = defaultdict(list)
    for row in rows:
        for name, value in row.meta.items():
            meta[name].append(value)
    body = sum(row.body_lines for row in rows)
    junk = sum(row.junk_lines for row in rows)
    lost = sum(row.body_lost for row in rows)
    kept = sum(row.junk_kept for row in rows)
    junk_removed = junk - kept
    removal_precision = junk_removed / (junk_removed + lost) if junk_removed + lost else 1.0
    removal_recall = junk_removed / junk if junk else 1.0
    return {
        "docs": len(rows),
        "removal_precision": removal_precision,
        "removal_recall": removal_recall,
        "removal_f1": _f1(removal_precision, removal_recall),
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "body_line_loss": lost / body if body else 0.0,
        "junk_line_leak": kept / junk if junk else 0.0,
        "docs_losing_body": sum(row.body_lost > 0 for row in rows) / len(rows) if rows else 0.0,
        "exact": sum(row.exact for row in rows) / len(rows) if rows else 0.0,
        "meta_f1": {name: sum(values) / len(values) for name, values in sorted(meta.items())},
    }


def by_label(rows: Iterable[DocumentScore]) -> dict[str, dict[str, float]]:
    """Per gold boilerplate label: junk lines, how many leaked, and the leak rate."""
    totals: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for label, (count, leaked) in row.junk_by_label.items():
            totals[label][0] += count
            totals[label][1] += leaked
    return {
        label: {"junk_lines": count, "leaked": leaked, "leak": leaked / count if count else 0.0}
        for label, (count, leaked) in sorted(totals.items(), key=lambda item: (-item[1][1], item[0]))
    }


def by_rule(rows: Iterable[DocumentScore]) -> dict[str, int]:
    """Per arclean rule id: how many gold story lines it removed (``"?"`` when unattributed)."""
    counts: Counter[str] = Counter()
    for row in rows:
        for line in row.lost:
            counts[line.rule or "?"] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def worst(rows: Sequence[DocumentScore], count: int) -> list[DocumentScore]:
    """The ``count`` worst documents: lost story lines weigh three times a leaked junk line (as in score.py)."""
    return sorted(rows, key=lambda row: (-(3 * row.body_lost + row.junk_kept), row.id))[:count]


@dataclass(slots=True)
class Report:
    """The result of an evaluation run: per-document rows and the figures derived from them."""

    rows: list[DocumentScore]
    predictions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, Any]:
        """The reference aggregate over all documents."""
        return aggregate(self.rows)

    def by_site(self) -> dict[str, dict[str, Any]]:
        sites: defaultdict[str, list[DocumentScore]] = defaultdict(list)
        for row in self.rows:
            sites[row.site].append(row)
        return {site: aggregate(rows) for site, rows in sorted(sites.items())}

    def by_label(self) -> dict[str, dict[str, float]]:
        return by_label(self.rows)

    def by_rule(self) -> dict[str, int]:
        return by_rule(self.rows)

    def worst(self, count: int) -> list[DocumentScore]:
        return worst(self.rows, count)

    def to_dict(self, *, sites: bool = False, worst_count: int = 0) -> dict[str, Any]:
        """JSON-ready: the aggregate plus breakdowns (and per-site / worst documents on request)."""
        out = self.summary
        out["by_label"] = self.by_label()
        out["by_rule"] = self.by_rule()
        if sites:
            out["by_site"] = self.by_site()
        if worst_count:
            out["worst"] = [row.to_dict() for row in self.worst(worst_count)]
        return out

    def format(self, *, sites: bool = False, worst_count: int = 0) -> str:
        """A human-readable report."""
        agg = self.summary
        lines = [
            f"docs {agg['docs']}  removal P {agg['removal_precision']:.4f} R {agg['removal_recall']:.4f} "
            f"F1 {agg['removal_f1']:.4f}  |  token P {agg['precision']:.4f}  R {agg['recall']:.4f}  "
            f"F1 {agg['f1']:.4f}  body-line loss {agg['body_line_loss']:.4f}  "
            f"junk-line leak {agg['junk_line_leak']:.4f}  docs losing body {agg['docs_losing_body']:.3f}  "
            f"exact {agg['exact']:.3f}",
            "meta F1: " + "  ".join(f"{name} {value:.3f}" for name, value in agg["meta_f1"].items()),
            "junk lines by gold label (leaked / total):",
        ]
        for label, counts in self.by_label().items():
            lines.append(f"  {label:12} {counts['leaked']:5} / {counts['junk_lines']:<5} leak {counts['leak']:.3f}")
        rules = self.by_rule()
        lines.append("story lines removed, by rule:" + ("" if rules else " none"))
        lines.extend(f"  {rule:30} {count}" for rule, count in rules.items())
        if sites:
            lines.append("by site:")
            for site, a in self.by_site().items():
                lines.append(
                    f"  {site:30} docs {a['docs']:3}  removal F1 {a['removal_f1']:.4f}  token F1 {a['f1']:.4f}  "
                    f"loss {a['body_line_loss']:.3f}  leak {a['junk_line_leak']:.3f}"
                )
        if worst_count:
            lines.append(f"worst {worst_count} documents:")
            for row in self.worst(worst_count):
                lines.append(
                    f"  {row.id}: gold {row.gold_n} pred {row.pred_n} overlap {row.overlap} "
                    f"lost {row.body_lost} leaked {row.junk_kept}"
                )
                lines.extend(f"    lost   [{line.rule or '?'}] {_clip(line.text)}" for line in row.lost)
                lines.extend(f"    leaked [{line.label}] {_clip(line.text)}" for line in row.leaked)
        return "\n".join(lines)


def _clip(text: str, width: int = 90) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


#: The fields every gold record has (the evaluation format, docs/evaluation.md).
GOLD_FIELDS = ("id", "raw", "labels")


def _open_text(path: str | Path) -> IO[str]:
    """A text reader for ``path``, decompressing ``.gz`` (and ``.zst`` with zstandard) by extension."""
    name = str(path)
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".zst"):
        import zstandard

        raw = open(path, "rb")  # closed with the stream reader (closefd)
        return io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True), "utf-8")
    return open(path, encoding="utf-8")


def _json_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed value)`` for each non-blank line of a JSONL file (a BOM on line 1 is
    accepted); a line that is not JSON raises ``ValueError`` naming the file and the line."""
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line.removeprefix("\ufeff"))
            except ValueError as error:
                raise ValueError(f"{path}:{number}: malformed JSON: {error}") from None


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL file (``.gz``/``.zst`` by extension; blank lines skipped).

    A line that is not a JSON object raises ``ValueError`` naming the file and the line.
    """
    records = []
    for number, record in _json_lines(path):
        if not isinstance(record, dict):
            raise ValueError(f"{path}:{number}: expected a JSON object")
        records.append(record)
    return records


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records of ``path``; a file in another format is a ``ValueError`` that says what it is missing."""
    records = []
    for number, record in _json_lines(path):
        missing = [name for name in GOLD_FIELDS if not isinstance(record, dict) or name not in record]
        if missing:
            present = ", ".join(repr(key) for key in record) if isinstance(record, dict) else "not an object"
            raise ValueError(
                f"{path}:{number}: not a gold record: no {', '.join(map(repr, missing))} (it has: {present}). "
                "eval needs line-labelled gold documents (docs/evaluation.md); "
                "to clean a corpus, use 'arclean clean --jsonl'"
            )
        records.append(record)
    return records


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """Another system's predictions, by id: one ``{"id", "text", "meta"?}`` per line (score.py's format)."""
    predictions: dict[str, dict[str, Any]] = {}
    for number, record in _json_lines(path):
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
            raise ValueError(f'{path}:{number}: a prediction is {{"id": ..., "text": "...", "meta": {{...}}}}')
        if record["id"] in predictions:
            raise ValueError(f"{path}:{number}: a second prediction for id {record['id']!r}")
        predictions[record["id"]] = record
    return predictions


def predict(pipeline: Pipeline, raw: str, site: str | None = None) -> tuple[dict[str, Any], tuple[Removal, ...]]:
    """arclean's prediction record for one raw text (``{"text", "meta"}``) and its removals.

    ``site`` picks the learned template to apply when the pipeline has templates.
    """
    result = pipeline.clean(raw, site=site)
    meta = {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in result.metadata.model_dump().items()
        if value not in (None, (), [])
    }
    return {"text": result.text, "meta": meta}, result.removed


def evaluate(
    gold: str | Path | Sequence[Mapping[str, Any]],
    pipeline: Pipeline | None = None,
    predictions: Mapping[str, Mapping[str, Any]] | None = None,
) -> Report:
    """Clean every gold document with ``pipeline`` (default pipeline if None) and score it.

    Pass ``predictions`` (id -> ``{"text", "meta"}``) to score another system's output instead;
    a document without a prediction is scored as empty, as score.py does.
    """
    records = load_gold(gold) if isinstance(gold, str | Path) else list(gold)
    rows: list[DocumentScore] = []
    written: list[dict[str, Any]] = []
    if predictions is None:
        pipeline = pipeline or Pipeline.default()
        for record in records:
            pred, removals = predict(pipeline, record["raw"], record.get("site"))
            rows.append(score_document(record, pred, removals))
            written.append({"id": record["id"], **pred})
    else:
        for record in records:
            rows.append(score_document(record, predictions.get(record["id"], {})))
    return Report(rows, written)


# -- command line ----------------------------------------------------------------------
def load_pipeline(path: str | Path | None) -> Pipeline:
    """A pipeline from a JSON or TOML ``PipelineConfig`` file (the default pipeline if ``path`` is None)."""
    if path is None:
        return Pipeline.default()
    text = Path(path).read_text(encoding="utf-8")
    data = tomllib.loads(text) if str(path).endswith(".toml") else json.loads(text)
    return Pipeline.from_config(PipelineConfig.model_validate(data))


def _configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("gold", help="gold JSONL in the evaluation format (docs/evaluation.md)")
    parser.add_argument("--config", help="pipeline config file (JSON or TOML PipelineConfig); default pipeline if absent")
    parser.add_argument(
        "--templates", metavar="SITES.json", help="learned site templates ('arclean learn'); each record's site picks one"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--by-site", action="store_true", help="add a per-site breakdown")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst documents and why")
    parser.add_argument("--write-predictions", metavar="PRED.jsonl", help="write arclean's predictions (score.py format)")
    parser.add_argument(
        "--predictions",
        metavar="PRED.jsonl",
        help='score these predictions (another system\'s, one {"id", "text", "meta"} per line) instead of arclean',
    )
    parser.set_defaults(func=run)
    return parser


EVAL_EXAMPLES = """\
examples:
  arclean eval dev.jsonl                          # arclean's figures on a gold set (.gz/.zst too)
  arclean eval dev.jsonl --by-site --worst 10 --json
  arclean eval dev.jsonl --write-predictions mine.jsonl
  arclean eval dev.jsonl --predictions other-tool.jsonl   # score another system's output the same way
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``eval`` on an ``argparse`` subparsers object (used by ``arclean.cli``)."""
    parser = subparsers.add_parser(
        "eval",
        help="score arclean on gold documents",
        description="Score arclean (or another system's predictions) on line-labelled gold documents.",
        epilog=EVAL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return _configure(parser)


def run(args: argparse.Namespace) -> int:
    """Run an ``eval`` command from parsed arguments; the exit status."""
    try:
        if args.predictions is not None:
            if args.config or args.write_predictions or getattr(args, "templates", None):
                raise ValueError(
                    "--predictions scores a file as it is: --config, --templates and --write-predictions do not apply"
                )
            predictions = load_predictions(args.predictions)
            golds = load_gold(args.gold)
            _warn_unmatched(golds, predictions, args.predictions)
            report = evaluate(golds, predictions=predictions)
        else:
            pipeline = load_pipeline(args.config)
            if getattr(args, "templates", None):
                pipeline = pipeline.with_templates(args.templates)
            report = evaluate(args.gold, pipeline)
    except (OSError, ValueError, KeyError, EOFError) as error:
        message = f"cannot read {error.filename}: {error.strerror}" if isinstance(error, OSError) else error
        print(f"arclean eval: {message}", file=sys.stderr)
        return 2
    if args.write_predictions:
        with open(args.write_predictions, "w", encoding="utf-8") as handle:
            for record in report.predictions:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(report.to_dict(sites=args.by_site, worst_count=args.worst), ensure_ascii=False, indent=1))
    else:
        print(report.format(sites=args.by_site, worst_count=args.worst))
    return 0


def _warn_unmatched(golds: Sequence[Mapping[str, Any]], predictions: Mapping[str, Any], path: str) -> None:
    """Say on stderr how many gold documents have no prediction (scored as empty) and how many predictions match none."""
    ids = {gold["id"] for gold in golds}
    missing = sum(1 for gold in golds if gold["id"] not in predictions)
    extra = sum(1 for key in predictions if key not in ids)
    if missing:
        print(
            f"arclean eval: {missing} of {len(golds)} gold documents have no prediction in {path} (scored as empty)",
            file=sys.stderr,
        )
    if extra:
        print(f"arclean eval: {extra} predictions in {path} match no gold document (ignored)", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m arclean.evaluate GOLD.jsonl [...]``."""
    parser = _configure(argparse.ArgumentParser(prog="python -m arclean.evaluate", description=__doc__.split("\n")[0]))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
